"""The public functions: one entry point per operation, dispatching on the identifier kind."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from hetao.engines.identifiers import hk_business, hkid, passports, ric, travel_permits, uscc
from hetao.engines.identifiers._model import IdentifierKind, IdentifierResult
from hetao.engines.identifiers._text import Outcome, clean

# Mainland China and Hong Kong share UTC+8 and neither has daylight saving time.
_CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "UTC+08:00")
_COUNTRY = re.compile(r"[A-Z]{3}")
_CHECKED_KINDS = (IdentifierKind.USCC, IdentifierKind.CN_RIC, IdentifierKind.HKID)


def parse_kind(kind: IdentifierKind | str) -> IdentifierKind:
    """Accept a kind, its machine code (``"cn_ric"``) or its member name (``"CN_RIC"``)."""
    if isinstance(kind, IdentifierKind):
        return kind
    try:
        return IdentifierKind(kind)
    except ValueError:
        pass
    by_name = IdentifierKind.__members__.get(kind.upper()) if isinstance(kind, str) else None
    if by_name is not None:
        return by_name
    allowed = ", ".join(repr(k.value) for k in IdentifierKind)
    msg = f"unknown identifier kind {kind!r}; allowed kinds: {allowed}"
    raise ValueError(msg)


def validate(
    kind: IdentifierKind | str,
    value: str,
    *,
    country: str | None = None,
    today: dt.date | None = None,
) -> IdentifierResult:
    """Check ``value`` as an identifier of ``kind`` and explain everything found wrong.

    ``country`` (ISO 3166-1 alpha-3, any case) picks the passport rule and is ignored for the
    other kinds. ``today`` bounds birth dates (default: the current date in China, UTC+8).
    When the length or the characters are wrong nothing else is checked; otherwise every
    independent problem is listed (e.g. an impossible birth date *and* a wrong check digit).

    Raises ``ValueError`` for an unknown kind or a malformed country code, ``TypeError`` when
    ``value`` is not a string.
    """
    parsed = parse_kind(kind)
    if not isinstance(value, str):
        msg = f"value must be a str, not {type(value).__name__}"
        raise TypeError(msg)
    outcome = _outcome(parsed, value, _country(country), today or dt.datetime.now(_CHINA_TIME).date())
    return IdentifierResult(
        kind=parsed,
        raw=value,
        normalised=outcome.normalised if not outcome.problems else None,
        problems=outcome.problems,
        details=dict(outcome.details) if not outcome.problems else {},
    )


def _country(country: str | None) -> str | None:
    if country is None:
        return None
    code = country.strip().upper()
    if not _COUNTRY.fullmatch(code):
        msg = f"country must be an ISO 3166-1 alpha-3 code such as 'CHN' or 'HKG', got {country!r}"
        raise ValueError(msg)
    return code


_Rule = Callable[[str, str | None, dt.date], Outcome]
_RULES: dict[IdentifierKind, _Rule] = {
    IdentifierKind.USCC: lambda cleaned, _country, _today: uscc.validate(cleaned),
    IdentifierKind.CN_RIC: lambda cleaned, _country, today: ric.validate(cleaned, today),
    IdentifierKind.HKID: lambda cleaned, _country, _today: hkid.validate(hkid.strip_brackets(cleaned)),
    IdentifierKind.HK_BR: lambda cleaned, _country, _today: hk_business.validate_br(cleaned),
    IdentifierKind.HK_CR: lambda cleaned, _country, _today: hk_business.validate_cr(cleaned),
    IdentifierKind.CN_HKM_PERMIT_HK_RESIDENT: lambda cleaned, _country, _today: travel_permits.validate_mtp(cleaned),
    IdentifierKind.CN_EEP_HKM: lambda cleaned, _country, _today: travel_permits.validate_eep(cleaned),
    IdentifierKind.PASSPORT: lambda cleaned, country, _today: passports.validate(cleaned, country),
}


def _outcome(kind: IdentifierKind, value: str, country: str | None, today: dt.date) -> Outcome:
    return _RULES[kind](clean(value), country, today)


def check_character(kind: IdentifierKind | str, body: str) -> str:
    """The check character for ``body``, the identifier without its last character.

    Defined for USCC (17 characters), CN_RIC (17 digits) and HKID (one or two letters and six
    digits). The body is cleaned like an input value first (spaces removed, upper-cased).
    Raises ``ValueError`` for other kinds, which have no check character, or a malformed body.
    """
    parsed = parse_kind(kind)
    cleaned = clean(body)
    match parsed:
        case IdentifierKind.USCC:
            return uscc.check_character(cleaned)
        case IdentifierKind.CN_RIC:
            return ric.check_character(cleaned)
        case IdentifierKind.HKID:
            return hkid.check_character(cleaned)
        case _:
            allowed = ", ".join(repr(k.value) for k in _CHECKED_KINDS)
            msg = f"{parsed.value!r} has no check character; kinds with one: {allowed}"
            raise ValueError(msg)


def make_valid(kind: IdentifierKind | str, body: str, *, today: dt.date | None = None) -> str:
    """``body`` with its check character appended, in canonical form, for USCC, CN_RIC and HKID.

    The result is guaranteed to validate: a body that breaks another rule (a USCC region or
    organisation-code check, a RIC region or birth date) raises ``ValueError`` naming it.
    """
    parsed = parse_kind(kind)
    cleaned = clean(body)
    candidate = cleaned + check_character(parsed, cleaned)
    result = validate(parsed, candidate, today=today)
    if result.problems or result.normalised is None:
        reasons = " ".join(problem.message for problem in result.problems)
        msg = f"{body!r} cannot be completed into a valid {parsed.value}: {reasons}"
        raise ValueError(msg)
    return result.normalised


def mask(kind: IdentifierKind | str, normalised: str) -> str:
    """A form safe to display, hiding the middle of the identifier.

    ============= ============================================ =====================
    kind          kept                                         example
    ============= ============================================ =====================
    USCC          first 8 (authority, type, region), last 4    ``91350100******0Y43``
    CN_RIC        first 6 (address code), last 4              ``110105********002X``
    HKID          first 4 and the check character             ``A123***(3)``
    others        first 2 and last 2                          ``E1*****78``
    ============= ============================================ =====================

    The value is cleaned first; anything too short to keep both ends is masked entirely.
    """
    parsed = parse_kind(kind)
    cleaned = clean(normalised)
    match parsed:
        case IdentifierKind.USCC:
            return uscc.mask(cleaned)
        case IdentifierKind.CN_RIC:
            return ric.mask(cleaned)
        case IdentifierKind.HKID:
            return hkid.mask(hkid.strip_brackets(cleaned))
        case IdentifierKind.HK_BR | IdentifierKind.HK_CR:
            return hk_business.mask(cleaned)
        case IdentifierKind.CN_HKM_PERMIT_HK_RESIDENT | IdentifierKind.CN_EEP_HKM:
            return travel_permits.mask(cleaned)
        case IdentifierKind.PASSPORT:
            return passports.mask(cleaned)
