"""Mainland resident identity card number (公民身份号码), GB 11643-1999.

18 characters:

====== ================================================================
 1-6   address code (GB/T 2260 administrative division); the first two
       digits are a province-level code
 7-14  birth date YYYYMMDD
 15-17 sequence code; the 17th digit is odd for men, even for women
 18    check character, ISO 7064 MOD 11-2 (0-9 or X)
====== ================================================================

Check character: position i (1-based) of the first 17 has weight ``2**(18-i) mod 11``
(7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2); ``sum mod 11`` = 0, 1, 2, ... 10 gives
the check character 1, 0, X, 9, 8, 7, 6, 5, 4, 3, 2. Every weight is non-zero mod 11 and
digits differ by less than 11, so any single substituted digit is detected.

The same rule numbers the Residence Permit for Hong Kong, Macao and Taiwan Residents
(港澳台居民居住证, since 2018), whose address code is 810000, 820000 or 830000; those are
accepted and reported as ``document = "hk_macao_taiwan_residence_permit"``.

Only the province-level part of the address code is checked: the full county-level table
changes every year and old numbers keep codes that no longer exist.
The first-generation 15-digit numbers were withdrawn in 2013 and are refused.
"""

from __future__ import annotations

import datetime as dt

from hetao.engines.identifiers._model import IdentifierProblem
from hetao.engines.identifiers._regions import PROVINCES, RESIDENCE_PERMIT_REGIONS
from hetao.engines.identifiers._text import (
    DIGIT,
    DIGITS,
    Outcome,
    Pattern,
    Slot,
    basic_problems,
    check_problem,
    length_problem,
    mask_middle,
    match_patterns,
)

NAME = "resident identity card number"
WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH_YEAR = 1900
_CHECK_SLOT = Slot(DIGITS | {"X"}, "digit_or_x", "a digit or 'X'")
_PATTERN = Pattern.of("ric", "17 digits and a check digit or 'X'", (DIGIT, 17), _CHECK_SLOT)


def check_character(body: str) -> str:
    """The check character (position 18) for the first 17 digits."""
    if len(body) != 17 or not all(char in DIGITS for char in body):
        msg = f"expected 17 digits, got {body!r}"
        raise ValueError(msg)
    total = sum(int(char) * weight for char, weight in zip(body, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def validate(cleaned: str, today: dt.date) -> Outcome:
    """Check a cleaned value; ``today`` bounds the birth date."""
    if len(cleaned) == 15 and cleaned.isdigit():
        old = length_problem(NAME, "18", 15)
        message = old.message[:-1] + " (15-digit first-generation numbers are no longer valid)."
        params = {**old.params, "hint": "first_generation"}
        return Outcome((IdentifierProblem(old.code, message, None, params),))
    stop = basic_problems(
        cleaned,
        name=NAME,
        alphabet=frozenset(DIGITS | {"X"}),
        allowed="digits and a final 'X'",
        lengths=(18,),
        expected_length="18",
    )
    if stop:
        return Outcome(tuple(stop))
    _, shape = match_patterns(cleaned, (_PATTERN,), NAME)
    if shape:
        return Outcome(tuple(shape))

    problems: list[IdentifierProblem] = []
    region = _region_problem(cleaned[:6])
    if region is not None:
        problems.append(region)
    birth, birth_problem = _birth_date(cleaned[6:14], today)
    if birth_problem is not None:
        problems.append(birth_problem)
    expected = check_character(cleaned[:17])
    if cleaned[17] != expected:
        problems.append(check_problem(18, expected, cleaned[17]))
    if problems or birth is None:
        return Outcome(tuple(problems))

    details = {
        "region_code": cleaned[:6],
        "birth_date": birth.isoformat(),
        "sex": "male" if int(cleaned[16]) % 2 else "female",
        "sequence": cleaned[14:17],
    }
    if cleaned[:6] in RESIDENCE_PERMIT_REGIONS:
        details["document"] = "hk_macao_taiwan_residence_permit"
        details["region"] = RESIDENCE_PERMIT_REGIONS[cleaned[:6]]
    else:
        details["document"] = "resident_identity_card"
        details["province_code"] = cleaned[:2]
        details["province"] = PROVINCES[cleaned[:2]]
    return Outcome((), cleaned, details)


def _region_problem(code: str) -> IdentifierProblem | None:
    if code[:2] in PROVINCES or code in RESIDENCE_PERMIT_REGIONS:
        return None
    if code[:2] in {"81", "82", "83"}:
        expected = f"{code[:2]}0000"
        return IdentifierProblem(
            code="region",
            message=(
                f"Characters 1 to 6 '{code}' should be '{expected}': residence permits for Hong Kong, "
                "Macao and Taiwan residents use a whole-region address code."
            ),
            position=1,
            params={"position": "1", "found": code, "expected": expected},
        )
    return IdentifierProblem(
        code="region",
        message=f"Characters 1 to 2 '{code[:2]}' are not a province-level region code.",
        position=1,
        params={"position": "1", "found": code[:2]},
    )


def _birth_date(digits: str, today: dt.date) -> tuple[dt.date | None, IdentifierProblem | None]:
    shown = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    try:
        birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None, _birth_problem(
            f"Characters 7 to 14 '{digits}' are not a real calendar date (YYYYMMDD).", digits, "not_a_date"
        )
    if birth.year < EARLIEST_BIRTH_YEAR:
        message = f"The birth date {shown} in characters 7 to 14 is before {EARLIEST_BIRTH_YEAR}."
        return None, _birth_problem(message, digits, "too_early")
    if birth > today:
        return None, _birth_problem(
            f"The birth date {shown} in characters 7 to 14 is in the future.", digits, "in_future"
        )
    return birth, None


def _birth_problem(message: str, digits: str, reason: str) -> IdentifierProblem:
    return IdentifierProblem(
        code="birth_date",
        message=message,
        position=7,
        params={"position": "7", "found": digits, "reason": reason},
    )


def mask(normalised: str) -> str:
    """Keep the address code (first 6) and the last 4 characters: ``440305********1234``."""
    return mask_middle(normalised, 6, 4)
