"""Mainland Unified Social Credit Code (统一社会信用代码), GB 32100-2015.

18 characters drawn from the 31 characters ``0-9`` and ``A-Z`` without I, O, Z, S and V:

====== =====================================================================
 1     registration authority code (登记管理部门代码), e.g. 9 = market regulation
 2     organisation type code (机构类别代码), e.g. 1 = enterprise
 3-8   administrative-division code of the registration authority (GB/T 2260;
       100000 for central-level authorities)
 9-17  body identifier (主体标识码), an organisation code built by GB 11714:
       8 characters and the GB 11714 check character at position 17
 18    check character, computed over positions 1-17
====== =====================================================================

Check character (GB 32100-2015, 5.3): each character has its index in the alphabet as value
(0-9 -> 0-9, A -> 10, ..., Y -> 30); position i (1-based) has weight 3**(i-1) mod 31, i.e.
1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28; the check value is
``31 - (sum mod 31)``, where 31 becomes 0, written with the same alphabet. Because 31 is prime
and every weight is non-zero mod 31, any single substituted character is detected.

Organisation code check (GB 11714-1997): letters count A=10 ... Z=35, weights 3, 7, 9, 10, 5,
8, 4, 2 over positions 9-16, check value ``11 - (sum mod 11)`` where 10 is written 'X' and 11 '0'.

Positions 1 and 2 are reported in ``details`` but not checked against the table of authority
and type codes, which has grown since 2015 (e.g. 'N' for rural collective economic
organisations); only the alphabet applies to them.
"""

from __future__ import annotations

from hetao.engines.identifiers._model import IdentifierProblem
from hetao.engines.identifiers._regions import CENTRAL_REGION_PREFIX, PROVINCES
from hetao.engines.identifiers._text import (
    DIGIT,
    Outcome,
    Pattern,
    Slot,
    basic_problems,
    check_problem,
    mask_middle,
    match_patterns,
)

NAME = "Unified Social Credit Code"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
ORGANISATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_NEVER_USED = "letters I, O, Z, S and V are never used"
_ANY = Slot(frozenset(ALPHABET), "uscc_character", "a digit or a letter other than I, O, Z, S and V")
_PATTERN = Pattern.of(
    "uscc",
    "characters 3 to 8 are the administrative-division code of the registration authority",
    (_ANY, 2),
    (DIGIT, 6),
    (_ANY, 10),
)


def check_character(body: str) -> str:
    """The check character (position 18) for the first 17 characters of a code."""
    _require_body(body, 17)
    total = sum(_VALUES[char] * weight for char, weight in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def organisation_code_check_character(body: str) -> str:
    """The GB 11714 check character (position 17) for positions 9-16 of a code."""
    _require_body(body, 8)
    pairs = zip(body, ORGANISATION_CODE_WEIGHTS, strict=True)
    total = sum(_gb11714_value(char) * weight for char, weight in pairs)
    value = (11 - total % 11) % 11
    return "X" if value == 10 else str(value)


def _gb11714_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def _require_body(body: str, length: int) -> None:
    if len(body) != length or any(char not in _VALUES for char in body):
        msg = f"expected {length} characters from {ALPHABET!r}, got {body!r}"
        raise ValueError(msg)


def validate(cleaned: str) -> Outcome:
    """Check a cleaned (upper-case, separator-free) value."""
    special = dict.fromkeys("IOZSV", _NEVER_USED)
    stop = basic_problems(
        cleaned,
        name=NAME,
        alphabet=frozenset(ALPHABET),
        allowed="digits and the letters A-Z other than I, O, Z, S and V",
        lengths=(18,),
        expected_length="18",
        special=special,
    )
    if stop:
        return Outcome(tuple(stop))
    _, problems = match_patterns(cleaned, (_PATTERN,), NAME)
    province = cleaned[2:4]
    if province.isdigit() and province not in PROVINCES and province != CENTRAL_REGION_PREFIX:
        problems.append(_region_problem(province))
    expected_org = organisation_code_check_character(cleaned[8:16])
    if cleaned[16] != expected_org:
        problems.append(
            IdentifierProblem(
                code="organisation_code_check",
                message=(
                    f"Character 17 should be '{expected_org}', the GB 11714 check character of the "
                    f"organisation code in characters 9 to 17, but is '{cleaned[16]}'."
                ),
                position=17,
                params={"position": "17", "expected": expected_org, "found": cleaned[16]},
            )
        )
    expected = check_character(cleaned[:17])
    if cleaned[17] != expected:
        problems.append(check_problem(18, expected, cleaned[17]))
    if problems:
        return Outcome(tuple(problems))
    return Outcome(
        (),
        cleaned,
        {
            "registration_authority": cleaned[0],
            "organisation_type": cleaned[1],
            "region_code": cleaned[2:8],
            "organisation_code": cleaned[8:17],
            "check_character": cleaned[17],
        },
    )


def _region_problem(province: str) -> IdentifierProblem:
    return IdentifierProblem(
        code="region",
        message=(
            f"Characters 3 to 4 '{province}' are not a province-level region code "
            "(characters 3 to 8 are the administrative-division code of the registration authority)."
        ),
        position=3,
        params={"position": "3", "found": province},
    )


def mask(normalised: str) -> str:
    """Keep the authority, type and region (first 8) and the last 4 characters."""
    return mask_middle(normalised, 8, 4)
