"""Cleaning input and the checks every rule shares: empty, alphabet, length, positional shape."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hetao.engines.identifiers._model import IdentifierProblem

DIGITS = frozenset("0123456789")
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
ALPHANUMERIC = DIGITS | LETTERS
LETTERS_EXCEPT_I_O = LETTERS - {"I", "O"}

# Separators people type inside identifiers: ASCII space and hyphen after NFKC folding, plus
# the Unicode dashes NFKC leaves alone. Whitespace of every kind is removed as well.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_SEPARATORS = re.compile(rf"[\s\-{_DASHES}]+")
_MAX_LENGTH = 64


@dataclass(frozen=True)
class Outcome:
    """What a rule module hands back to the public API."""

    problems: tuple[IdentifierProblem, ...]
    normalised: str | None = None
    details: dict[str, str] = field(default_factory=dict)


def clean(raw: str) -> str:
    """Fold full-width forms to ASCII (NFKC), drop spaces and hyphens, and upper-case."""
    folded = unicodedata.normalize("NFKC", raw)
    return _SEPARATORS.sub("", folded).upper()


def empty_problem(name: str) -> IdentifierProblem:
    """The value held nothing but separators."""
    return IdentifierProblem(code="empty", message=f"The {name} is empty.", params={"name": name})


def length_problem(name: str, expected: str, found: int, note: str = "") -> IdentifierProblem:
    """The value has a length no rule of its kind allows; ``expected`` reads e.g. "18" or "8 or 9".

    ``note`` is an explanation inserted after the expected length, e.g. " (11 on old cards)".
    """
    unit = "character" if expected == "1" else "characters"
    return IdentifierProblem(
        code="length",
        message=f"A {name} has {expected} {unit}{note}, but this one has {found}.",
        params={"name": name, "expected": expected, "found": str(found)},
    )


def too_long_problem(name: str, found: int) -> IdentifierProblem:
    """Guard against pasting a whole document into one field."""
    return IdentifierProblem(
        code="length",
        message=f"This is far too long to be a {name} ({found} characters).",
        params={"name": name, "expected": f"at most {_MAX_LENGTH}", "found": str(found)},
    )


def alphabet_problems(
    cleaned: str, alphabet: frozenset[str], name: str, allowed: str, *, special: dict[str, str] | None = None
) -> list[IdentifierProblem]:
    """One ``charset`` problem per character that may never appear in this kind of identifier.

    ``allowed`` completes the sentence "only ... can appear in a <name>"; ``special`` maps a
    character to a sentence that replaces that generic explanation (e.g. why 'I' is refused).
    """
    problems: list[IdentifierProblem] = []
    for index, char in enumerate(cleaned):
        if char in alphabet:
            continue
        position = index + 1
        shown = _show(char)
        reason = (special or {}).get(char, f"only {allowed} can appear in a {name}")
        problems.append(
            IdentifierProblem(
                code="charset",
                message=f"Character {position} {shown} is not allowed in a {name} ({reason}).",
                position=position,
                params={"position": str(position), "found": char, "name": name, "allowed": allowed},
            )
        )
    return problems


def basic_problems(
    cleaned: str,
    *,
    name: str,
    alphabet: frozenset[str],
    allowed: str,
    lengths: Iterable[int],
    expected_length: str,
    length_note: str = "",
    special: dict[str, str] | None = None,
) -> list[IdentifierProblem]:
    """The checks after which nothing else is worth saying: empty, too long, alphabet, length."""
    if not cleaned:
        return [empty_problem(name)]
    if len(cleaned) > _MAX_LENGTH:
        return [too_long_problem(name, len(cleaned))]
    problems = alphabet_problems(cleaned, alphabet, name, allowed, special=special)
    if len(cleaned) not in set(lengths):
        problems.insert(0, length_problem(name, expected_length, len(cleaned), length_note))
    return problems


def _show(char: str) -> str:
    """Quote a character for a message, naming the invisible ones."""
    if char.isprintable():
        return f"'{char}'"
    return f"U+{ord(char):04X}"


@dataclass(frozen=True)
class Slot:
    """The characters allowed at one position; ``code`` is a stable name for ``description``."""

    allowed: frozenset[str]
    code: str
    description: str


DIGIT = Slot(DIGITS, "digit", "a digit")
LETTER = Slot(LETTERS, "letter", "a letter")
LETTER_NOT_I_O = Slot(LETTERS_EXCEPT_I_O, "letter_except_i_o", "a letter other than I and O")


def literal(chars: str) -> Slot:
    """A slot allowing only the given letters (e.g. ``literal("HM")``)."""
    quoted = [f"'{c}'" for c in chars]
    description = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return Slot(frozenset(chars), "|".join(chars), description)


@dataclass(frozen=True)
class Pattern:
    """One accepted shape of an identifier, slot by slot."""

    form: str
    description: str
    slots: tuple[Slot, ...]

    @classmethod
    def of(cls, form: str, description: str, *parts: Slot | tuple[Slot, int]) -> Pattern:
        """Build from slots, where ``(slot, n)`` repeats a slot n times."""
        slots: list[Slot] = []
        for part in parts:
            if isinstance(part, Slot):
                slots.append(part)
            else:
                slots.extend([part[0]] * part[1])
        return cls(form, description, tuple(slots))

    def mismatches(self, cleaned: str) -> list[int]:
        """0-based indexes where the value does not fit; the lengths must be equal."""
        return [i for i, (char, slot) in enumerate(zip(cleaned, self.slots, strict=True)) if char not in slot.allowed]


def match_patterns(
    cleaned: str, patterns: Sequence[Pattern], name: str
) -> tuple[Pattern | None, list[IdentifierProblem]]:
    """Find the pattern the value fits, or explain its misfits against the closest pattern.

    Only patterns of the value's length are considered (the caller has checked the length).
    The closest pattern is the one with the fewest misfitting characters, the first listed on
    a tie; every misfit becomes a ``format`` problem at its position.
    """
    candidates = [p for p in patterns if len(p.slots) == len(cleaned)]
    best: tuple[tuple[int, int], Pattern, list[int]] | None = None
    for pattern in candidates:
        misses = pattern.mismatches(cleaned)
        if not misses:
            return pattern, []
        # Fewest misfits first; on a tie, prefer the pattern that wanted the same sort of
        # character (letter or digit) where it misfits, so 'CI1234567' is told about letters.
        other_sort = sum(1 for i in misses if not _same_sort(cleaned[i], pattern.slots[i]))
        score = (len(misses), other_sort)
        if best is None or score < best[0]:
            best = (score, pattern, misses)
    if best is None:  # pragma: no cover - callers check lengths first
        return None, [length_problem(name, "another number of", len(cleaned))]
    _, pattern, misses = best
    if misses[0] == 0:
        wrong_length = _length_for_prefix(cleaned, patterns, name)
        if wrong_length is not None:
            return None, [wrong_length]
    problems = []
    for index in misses:
        slot = pattern.slots[index]
        position = index + 1
        problems.append(
            IdentifierProblem(
                code="format",
                message=(
                    f"Character {position} {_show(cleaned[index])} should be {slot.description} "
                    f"({pattern.description})."
                ),
                position=position,
                params={
                    "position": str(position),
                    "found": cleaned[index],
                    "expected": slot.code,
                    "form": pattern.form,
                },
            )
        )
    return None, problems


def _length_for_prefix(cleaned: str, patterns: Sequence[Pattern], name: str) -> IdentifierProblem | None:
    """When only patterns of other lengths start with the value's first character, the likelier
    mistake is a missing or extra character: say so instead of blaming the first character."""
    lengths = sorted({len(p.slots) for p in patterns if cleaned[0] in p.slots[0].allowed})
    if not lengths:
        return None
    expected = " or ".join(str(n) for n in lengths)
    prefix = cleaned[0]
    return IdentifierProblem(
        code="length",
        message=(f"A {name} starting with '{prefix}' has {expected} characters, but this one has {len(cleaned)}."),
        params={"name": name, "expected": expected, "found": str(len(cleaned)), "prefix": prefix},
    )


def _same_sort(char: str, slot: Slot) -> bool:
    """Whether the slot expects the same sort of character (digit or letter) as ``char`` is."""
    if slot.allowed <= DIGITS:
        return char in DIGITS
    if slot.allowed <= LETTERS:
        return char in LETTERS
    return True


def check_problem(position: int, expected: str, found: str) -> IdentifierProblem:
    """The character at ``position`` is not the one the check algorithm computes."""
    return IdentifierProblem(
        code="check_character",
        message=f"Character {position} should be the check character '{expected}' but is '{found}'.",
        position=position,
        params={"position": str(position), "expected": expected, "found": found},
    )


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    """Replace all but the first ``keep_start`` and last ``keep_end`` characters with '*'.

    A value too short to keep both ends is masked entirely (its length stays visible).
    """
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]
