"""Validation of the official identifiers of organisations and people in mainland China and Hong Kong.

Framework-free: no Django here, so the rules can run anywhere (forms, APIs, imports, demo data).

>>> validate("cn_ric", "11010519491231002X").valid
True
>>> [p.code for p in validate(IdentifierKind.HKID, "A123456(4)").problems]
['check_character']

Each kind's rules, sources and known limits are documented in its module: :mod:`.uscc`,
:mod:`.ric`, :mod:`.hkid`, :mod:`.hk_business` (HK_BR, HK_CR), :mod:`.travel_permits`
(CN_HKM_PERMIT_HK_RESIDENT, CN_EEP_HKM) and :mod:`.passports`.

Problem codes (``IdentifierProblem.code``), stable for translation:

``empty``                    nothing but separators was given
``length``                   wrong number of characters (nothing else is checked then)
``charset``                  a character that never appears in this kind (nothing else is checked then)
``format``                   a character allowed in the kind but not at its position
``region``                   not a known province-level region code (USCC, CN_RIC)
``birth_date``               not a real date, before 1900 or in the future (CN_RIC); ``params["reason"]``
                             is ``not_a_date``, ``too_early`` or ``in_future``
``organisation_code_check``  USCC character 17 is not the GB 11714 check of characters 9-16
``check_character``          the final check character does not match (USCC, CN_RIC, HKID)
"""

from hetao.engines.identifiers._api import check_character, make_valid, mask, parse_kind, validate
from hetao.engines.identifiers._model import IdentifierKind, IdentifierProblem, IdentifierResult

__all__ = [
    "IdentifierKind",
    "IdentifierProblem",
    "IdentifierResult",
    "check_character",
    "make_valid",
    "mask",
    "parse_kind",
    "validate",
]
