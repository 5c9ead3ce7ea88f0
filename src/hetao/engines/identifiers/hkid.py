"""Hong Kong identity card number (香港身份證號碼), e.g. ``A123456(3)``.

One or two letters, six digits and a check character (0-9 or A), printed with the check
character in parentheses. Input is accepted with or without the parentheses, in either case,
with spaces; the canonical form has neither parentheses nor spaces (``A1234563``), which is
also how the Inland Revenue Department asks for it as a tax reference.

Check character: a single-letter number is first padded on the left with a space. Values are
space = 36, A = 10 ... Z = 35, digits as themselves; the nine characters before the check
take weights 9, 8, 7, 6, 5, 4, 3, 2. The check value is ``11 - (sum mod 11)``, where 10 is
written 'A' and 11 is written '0'.

Detection: every weight is coprime to 11 and digits differ by less than 11, so a single
substituted digit or check character is always detected. Letters however span 26 values, so
a letter replaced by one whose value differs by 11 or 22 (A/L/W, B/M/X, C/N/Y, D/O/Z, E/P,
F/Q, G/R, H/S, I/T, J/U, K/V) leaves the sum unchanged mod 11 and is *not* detected.
"""

from __future__ import annotations

import re

from hetao.engines.identifiers._text import (
    DIGIT,
    DIGITS,
    LETTER,
    LETTERS,
    Outcome,
    Pattern,
    Slot,
    basic_problems,
    check_problem,
    match_patterns,
)

NAME = "Hong Kong identity card number"
_CHECK_SLOT = Slot(DIGITS | {"A"}, "digit_or_a", "a digit or 'A'")
_PATTERNS = (
    Pattern.of(
        "single_letter",
        "one letter, six digits and a check character 0-9 or A",
        LETTER,
        (DIGIT, 6),
        _CHECK_SLOT,
    ),
    Pattern.of(
        "double_letter",
        "two letters, six digits and a check character 0-9 or A",
        (LETTER, 2),
        (DIGIT, 6),
        _CHECK_SLOT,
    ),
)
_BRACKETED_CHECK = re.compile(r"\(([0-9A-Z])\)$")
_SPACE_VALUE = 36


def strip_brackets(cleaned: str) -> str:
    """Remove the parentheses around a final check character: ``A123456(3)`` -> ``A1234563``."""
    return _BRACKETED_CHECK.sub(r"\1", cleaned)


def check_character(body: str) -> str:
    """The check character for a body of one or two letters and six digits."""
    if not re.fullmatch(r"[A-Z]{1,2}[0-9]{6}", body):
        msg = f"expected one or two letters and six digits, got {body!r}"
        raise ValueError(msg)
    padded = body if len(body) == 8 else " " + body
    total = 0
    for weight, char in zip(range(9, 1, -1), padded, strict=True):
        total += weight * _value(char)
    value = (11 - total % 11) % 11
    return "A" if value == 10 else str(value)


def _value(char: str) -> int:
    if char == " ":
        return _SPACE_VALUE
    if char in LETTERS:
        return ord(char) - ord("A") + 10
    return int(char)


def validate(cleaned: str) -> Outcome:
    """Check a cleaned value (parentheses around the check character already removed)."""
    stop = basic_problems(
        cleaned,
        name=NAME,
        alphabet=frozenset(DIGITS | LETTERS),
        allowed="letters, digits and parentheses around the check character",
        lengths=(8, 9),
        expected_length="8 or 9",
    )
    if stop:
        return Outcome(tuple(stop))
    pattern, shape = match_patterns(cleaned, _PATTERNS, NAME)
    if pattern is None:
        return Outcome(tuple(shape))
    expected = check_character(cleaned[:-1])
    if cleaned[-1] != expected:
        return Outcome((check_problem(len(cleaned), expected, cleaned[-1]),))
    prefix_length = 1 if pattern.form == "single_letter" else 2
    return Outcome(
        (),
        cleaned,
        {"prefix": cleaned[:prefix_length], "check_character": cleaned[-1], "display": display(cleaned)},
    )


def display(normalised: str) -> str:
    """The printed form with the check character in parentheses: ``A123456(3)``."""
    return f"{normalised[:-1]}({normalised[-1]})"


def mask(normalised: str) -> str:
    """Keep the first 4 characters and the check character: ``A123***(3)``."""
    body = normalised[:-1]
    if len(body) <= 4:
        return "*" * len(normalised)
    return f"{body[:4]}{'*' * (len(body) - 4)}({normalised[-1]})"
