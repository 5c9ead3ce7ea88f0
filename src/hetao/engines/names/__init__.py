"""Names engine: one person or organisation across scripts, romanisations and lists.

Framework-free. A person's name in any form (Simplified or Traditional characters, pinyin, Hong Kong
romanisation, Jyutping, Western order, initials) is parsed into variants, each with the path that produced it:

>>> parse_person_name("張偉").variants[2].path
'Traditional 張偉 -> Cantonese zoeng1 wai5 -> CHEUNG Wai'
>>> compare_person_names("张伟", "W. Cheung").score >= DEFAULT_THRESHOLD
True
>>> compare_person_names("张伟", "章伟").score < DEFAULT_THRESHOLD
True

:class:`NameIndex` finds candidates among many records by blocking keys (see :mod:`._index` for the design and
the saved-file format); organisation names are normalised and compared with :func:`compare_organisation_names`.
"""

from hetao.engines.names._compare import compare_person_names
from hetao.engines.names._index import NameIndex
from hetao.engines.names._model import DEFAULT_THRESHOLD, Candidate, Match, NameRecord, NameVariant, ParsedName
from hetao.engines.names._organisations import (
    OrganisationName,
    compare_organisation_names,
    normalise_organisation_name,
)
from hetao.engines.names._parse import parse_person_name

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "Match",
    "NameIndex",
    "NameRecord",
    "NameVariant",
    "OrganisationName",
    "ParsedName",
    "compare_organisation_names",
    "compare_person_names",
    "normalise_organisation_name",
    "parse_person_name",
]
