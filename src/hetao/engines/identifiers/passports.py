"""Passport numbers. None of the rules here has a check character inside the number.

(The ICAO 9303 machine-readable zone adds a check digit *after* the number; that digit is not
part of the passport number and is not expected here.)

The rule is picked by the issuing country, given as an ISO 3166-1 alpha-3 code. The Hong Kong
and Macao SAR passports carry "CHN" as issuing state in their machine-readable zone, but they
are issued by the SAR governments under their own numbering, so they are chosen with "HKG"
and "MAC"; a SAR passport number given with "CHN" is refused with a hint naming the right code.

CHN - passports of the People's Republic of China issued by the mainland authorities
    * Ordinary e-passport, since May 2012: 'E' + 8 digits.
    * Once those ran out (from April 2017): 'E' + a letter other than I and O + 7 digits
      (National Immigration Administration, "请问中国护照号码按照什么规则编制", republished
      by the Guangzhou exit-entry office on 19 February 2024: the prefix letter changed from
      'G' to 'E' with the e-passport, then became 'E' + a letter from A to Z without I, O).
    * Ordinary passport before 2012: 'G' + 8 digits (all now expired; kept for old records).
    * Diplomatic, service and public-affairs passports: 'DE', 'SE' or 'PE' + 7 digits
      (electronic), or 'D', 'S' or 'P' + 7 or 8 digits (older). These formats are widely
      recorded but were not found in an official notice.
HKG - Hong Kong SAR passport
    * Electronic, since February 2007: 'K' + 8 digits; numbers of the form 'K' + letter +
      7 digits are also seen and accepted.
    * 1997-2007 passports: 'H' + 8 digits (all now expired).
MAC - Macao SAR passport: 'M' + a letter + 7 digits (e.g. 'MA1234567').
Any other country, or no country: 5 to 20 letters and digits, the only common ground of the
world's passport numbers.
"""

from __future__ import annotations

import dataclasses

from hetao.engines.identifiers._model import IdentifierProblem
from hetao.engines.identifiers._text import (
    ALPHANUMERIC,
    DIGIT,
    LETTER,
    LETTER_NOT_I_O,
    Outcome,
    Pattern,
    basic_problems,
    literal,
    mask_middle,
    match_patterns,
)

NAME = "passport number"
GENERIC_LENGTHS = range(5, 21)
_NAMES = {
    "CHN": "mainland Chinese passport number",
    "HKG": "Hong Kong SAR passport number",
    "MAC": "Macao SAR passport number",
}
_OFFICIAL = literal("DSP")
_PATTERNS: dict[str, tuple[Pattern, ...]] = {
    "CHN": (
        Pattern.of("ordinary_electronic", "ordinary passport: 'E' followed by 8 digits", literal("E"), (DIGIT, 8)),
        Pattern.of(
            "ordinary_electronic_2017",
            "ordinary passport: 'E', a letter other than I and O, and 7 digits",
            literal("E"),
            LETTER_NOT_I_O,
            (DIGIT, 7),
        ),
        Pattern.of(
            "ordinary_legacy",
            "ordinary passport before 2012: 'G' followed by 8 digits",
            literal("G"),
            (DIGIT, 8),
        ),
        Pattern.of(
            "official_electronic",
            "diplomatic, service or public-affairs passport: 'DE', 'SE' or 'PE' and 7 digits",
            _OFFICIAL,
            literal("E"),
            (DIGIT, 7),
        ),
        Pattern.of(
            "official_legacy",
            "older diplomatic, service or public-affairs passport: 'D', 'S' or 'P' and 8 digits",
            _OFFICIAL,
            (DIGIT, 8),
        ),
        Pattern.of(
            "official_legacy",
            "older diplomatic, service or public-affairs passport: 'D', 'S' or 'P' and 7 digits",
            _OFFICIAL,
            (DIGIT, 7),
        ),
    ),
    "HKG": (
        Pattern.of("electronic", "'K' followed by 8 digits", literal("K"), (DIGIT, 8)),
        Pattern.of("letter_series", "'K', a letter and 7 digits", literal("K"), LETTER, (DIGIT, 7)),
        Pattern.of("pre_2007", "'H' followed by 8 digits, the 1997-2007 passport", literal("H"), (DIGIT, 8)),
    ),
    "MAC": (Pattern.of("electronic", "'M', a letter and 7 digits", literal("M"), LETTER, (DIGIT, 7)),),
}
_EXPECTED_LENGTHS = {"CHN": "8 or 9", "HKG": "9", "MAC": "9"}


def validate(cleaned: str, country: str | None) -> Outcome:
    """Check a cleaned passport number; ``country`` is an upper-case alpha-3 code or None."""
    patterns = _PATTERNS.get(country or "")
    if country is None or patterns is None:
        return _validate_generic(cleaned, country)
    name = _NAMES[country]
    lengths = {len(p.slots) for p in patterns}
    stop = basic_problems(
        cleaned,
        name=name,
        alphabet=ALPHANUMERIC,
        allowed="letters and digits",
        lengths=lengths,
        expected_length=_EXPECTED_LENGTHS[country],
    )
    if stop:
        return Outcome(_with_hint(tuple(stop), cleaned, country))
    pattern, shape = match_patterns(cleaned, patterns, name)
    if pattern is None:
        return Outcome(_with_hint(tuple(shape), cleaned, country))
    return Outcome((), cleaned, {"country": country, "form": pattern.form})


def _validate_generic(cleaned: str, country: str | None) -> Outcome:
    stop = basic_problems(
        cleaned,
        name=NAME,
        alphabet=ALPHANUMERIC,
        allowed="letters and digits",
        lengths=GENERIC_LENGTHS,
        expected_length=f"{GENERIC_LENGTHS.start} to {GENERIC_LENGTHS.stop - 1}",
    )
    if stop:
        return Outcome(tuple(stop))
    return Outcome((), cleaned, {"country": country or "", "form": "generic"})


def _with_hint(problems: tuple[IdentifierProblem, ...], cleaned: str, country: str) -> tuple[IdentifierProblem, ...]:
    """Append "it looks like a <other> passport" to the first problem when another rule fits."""
    for other, patterns in _PATTERNS.items():
        if other == country:
            continue
        if any(len(p.slots) == len(cleaned) and not p.mismatches(cleaned) for p in patterns):
            first = problems[0]
            hinted = dataclasses.replace(
                first,
                message=f"{first.message} It looks like a {_NAMES[other]}: choose issuing country {other}.",
                params={**first.params, "hint_country": other},
            )
            return (hinted, *problems[1:])
    return problems


def mask(normalised: str) -> str:
    """Keep the first 2 and the last 2 characters: ``E1*****78``."""
    return mask_middle(normalised, 2, 2)
