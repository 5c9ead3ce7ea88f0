"""Typed input tables (readings per surname and per given-name character) and the generated items.

The generator never carries tables of its own: callers pass the readings in, so the same curated
tables drive the demo data, the tests and the benchmarks, and a mistake is fixed in one place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Final

USAGES: Final[tuple[str, ...]] = ("F", "M", "any")
REGIONS: Final[tuple[str, ...]] = ("mainland", "hong_kong", "both")
ORIGINS: Final[tuple[str, ...]] = ("mainland", "hong_kong")

_PINYIN: Final = re.compile(r"[a-zü]+")
_HK: Final = re.compile(r"[a-z]+(-[a-z]+)*")
_JYUTPING: Final = re.compile(r"[a-z]+[1-6]")
_ENGLISH: Final = re.compile(r"[A-Z][a-z]+")


def _is_han(text: str) -> bool:
    return bool(text) and all("\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f" for ch in text)


def _strip_tones(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    # U+0308 (diaeresis) is kept: it is part of the letter ü, not a tone.
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch == "\u0308")
    return unicodedata.normalize("NFC", kept)


def _check_common(kind: str, *, hans: str, hant: str, pinyin: str, pinyin_tones: str, hk: str) -> None:
    if not _is_han(hans) or not _is_han(hant) or len(hans) != len(hant):
        raise ValueError(f"{kind} {hans!r}/{hant!r}: Simplified and Traditional must be Chinese characters, as many")
    if not _PINYIN.fullmatch(pinyin):
        raise ValueError(f"{kind} {hans!r}: pinyin must be lower-case letters without tones, got {pinyin!r}")
    if _strip_tones(pinyin_tones) != pinyin:
        raise ValueError(f"{kind} {hans!r}: pinyin with tones {pinyin_tones!r} does not spell {pinyin!r}")
    if not _HK.fullmatch(hk):
        raise ValueError(f"{kind} {hans!r}: Hong Kong spelling must be lower-case letters and hyphens, got {hk!r}")


@dataclass(frozen=True)
class Hanzi:
    """A name in characters, in both scripts (each written as used in names, not converted)."""

    simplified: str
    traditional: str


@dataclass(frozen=True)
class SurnameReadings:
    """A family name with its readings.

    ``pinyin`` and ``hk`` are the conventional spellings of the whole surname, lower case ("zhang",
    "ouyang"; "cheung", "au-yeung", "szeto"); ``jyutping`` has one syllable per character.
    ``polyphonic`` marks a surname read differently from the character's everyday reading (曾 is
    Zeng as a surname, ceng otherwise). Weights are relative frequencies per origin.
    """

    hans: str
    hant: str
    pinyin: str
    pinyin_tones: str
    hk: str
    jyutping: tuple[str, ...]
    mainland_weight: float
    hong_kong_weight: float
    polyphonic: bool = False

    def __post_init__(self) -> None:
        _check_common(
            "surname", hans=self.hans, hant=self.hant, pinyin=self.pinyin, pinyin_tones=self.pinyin_tones, hk=self.hk
        )
        if len(self.jyutping) != len(self.hans) or not all(_JYUTPING.fullmatch(s) for s in self.jyutping):
            raise ValueError(f"surname {self.hans!r}: one Jyutping syllable with its tone per character")
        if self.mainland_weight < 0 or self.hong_kong_weight < 0:
            raise ValueError(f"surname {self.hans!r}: weights must not be negative")


@dataclass(frozen=True)
class GivenReadings:
    """One character used in given names, with its readings (one syllable each, lower case).

    ``usage`` is "F", "M" or "any"; ``region`` where it is typical ("mainland", "hong_kong", "both");
    a ``first_only`` character never stands last or alone (晓, 子). ``weight`` is its relative frequency.
    """

    hans: str
    hant: str
    pinyin: str
    pinyin_tones: str
    hk: str
    jyutping: str
    usage: str
    region: str
    first_only: bool = False
    weight: float = 1.0

    def __post_init__(self) -> None:
        _check_common(
            "given character",
            hans=self.hans,
            hant=self.hant,
            pinyin=self.pinyin,
            pinyin_tones=self.pinyin_tones,
            hk=self.hk,
        )
        if len(self.hans) != 1:
            raise ValueError(f"given character {self.hans!r}: exactly one character")
        if "-" in self.hk:
            raise ValueError(f"given character {self.hans!r}: one Hong Kong syllable, got {self.hk!r}")
        if not _JYUTPING.fullmatch(self.jyutping):
            raise ValueError(f"given character {self.hans!r}: Jyutping with its tone, got {self.jyutping!r}")
        if self.usage not in USAGES:
            raise ValueError(f"given character {self.hans!r}: usage {self.usage!r} is not one of {USAGES}")
        if self.region not in REGIONS:
            raise ValueError(f"given character {self.hans!r}: region {self.region!r} is not one of {REGIONS}")
        if self.weight <= 0:
            raise ValueError(f"given character {self.hans!r}: weight must be positive")


@dataclass(frozen=True)
class NameTables:
    """Everything the generator draws from."""

    surnames: tuple[SurnameReadings, ...]
    given_characters: tuple[GivenReadings, ...]
    english_names_female: tuple[str, ...] = ()
    english_names_male: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.surnames or not self.given_characters:
            raise ValueError("tables need at least one surname and one given-name character")
        for names in (self.surnames, self.given_characters):
            seen: set[str] = set()
            for entry in names:
                if entry.hans in seen:
                    raise ValueError(f"{entry.hans!r} appears twice in one table")
                seen.add(entry.hans)
        for english in (*self.english_names_female, *self.english_names_male):
            if not _ENGLISH.fullmatch(english):
                raise ValueError(f"English name {english!r}: one capitalised word of ASCII letters")

    @cached_property
    def _surname_lookup(self) -> dict[str, SurnameReadings]:
        lookup = {s.hant: s for s in self.surnames}
        lookup.update((s.hans, s) for s in self.surnames)  # Simplified wins where a form is shared
        return lookup

    @cached_property
    def _given_lookup(self) -> dict[str, GivenReadings]:
        lookup = {g.hant: g for g in self.given_characters}
        lookup.update((g.hans, g) for g in self.given_characters)
        return lookup

    def surname(self, characters: str) -> SurnameReadings:
        """The surname written ``characters`` (Simplified or Traditional)."""
        try:
            return self._surname_lookup[characters]
        except KeyError:
            raise ValueError(f"surname {characters!r} is not in the tables") from None

    def given_character(self, character: str) -> GivenReadings:
        """The given-name character ``character`` (Simplified or Traditional)."""
        try:
            return self._given_lookup[character]
        except KeyError:
            raise ValueError(f"given-name character {character!r} is not in the tables") from None


@dataclass(frozen=True)
class LabelledPair:
    """Two written forms of a name, and whether they belong to the same person.

    ``kind`` is the class (see ``TRUE_CLASSES`` and ``NEGATIVE_CLASSES``), ``style`` how each side was
    written ("characters/pinyin:passport"), ``left_hanzi``/``right_hanzi`` the names behind each side.
    Birth dates are set only for the ``common_name_other_person`` class.
    """

    kind: str
    left: str
    right: str
    same_person: bool
    style: str
    left_hanzi: Hanzi
    right_hanzi: Hanzi
    left_birth_date: date | None = None
    right_birth_date: date | None = None


@dataclass(frozen=True, slots=True)
class GeneratedPerson:
    """A person record for an index: the name in characters and romanised, and a birth date.

    ``hanzi`` is Simplified for mainland people and Traditional for Hong Kong people; ``romanised`` is
    "Zhang Xiaoming" (pinyin) or "CHAN Tai-man" / "Peter CHAN Tai-man" (Hong Kong spelling).
    ``surname`` and ``given`` index the tables the person was drawn from.
    """

    id: str
    origin: str
    hanzi: str
    romanised: str
    birth_date: date
    surname: int
    given: tuple[int, ...]
    english_name: str = ""
    sex: str = field(default="M")
