"""Value types of the names engine: variants of a parsed name, a match, records and search candidates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

#: Score at or above which two names are taken to be the same name.
DEFAULT_THRESHOLD: Final[float] = 0.85

#: The writing systems a :class:`NameVariant` can be in.
SYSTEMS: Final[tuple[str, ...]] = ("hanzi", "pinyin", "hk", "jyutping", "latin", "english")


@dataclass(frozen=True)
class NameVariant:
    """One reading or spelling of a name, split into family and given parts.

    ``family`` and ``given`` hold lower-case ASCII tokens (``("au", "yeung")``, ``("tai", "man")``; initials as
    single letters), except in the ``hanzi`` system, where they hold the Simplified characters (``("张",)``,
    ``("伟",)``). ``path`` says how the variant was obtained, for explanations. ``given_one_word`` marks a
    given name of several syllables written as one word (pinyin: "Yimin").
    """

    family: tuple[str, ...]
    given: tuple[str, ...]
    system: str
    path: str
    #: True when the given name is written as one word ("Yimin", the pinyin convention), so a single initial
    #: ("Y.") is all its initials; False for syllables written apart ("Yi Min", "Wai-man").
    given_one_word: bool = False

    def __post_init__(self) -> None:
        if self.system not in SYSTEMS:
            raise ValueError(f"unknown name system {self.system!r}; expected one of {', '.join(SYSTEMS)}")


@dataclass(frozen=True)
class ParsedName:
    """A person's name read in every way the engine knows.

    ``hanzi_traditional`` keeps the characters as given when the input was Traditional; it is derived (with the
    Hong Kong forms of surnames) only when the input was Simplified.
    """

    raw: str
    hanzi_simplified: str
    hanzi_traditional: str
    family_hanzi: str
    given_hanzi: str
    english_names: tuple[str, ...]
    variants: tuple[NameVariant, ...]


@dataclass(frozen=True)
class Match:
    """The result of comparing two names: a symmetric score in [0, 1] and how it was reached."""

    score: float
    explanation: str
    left: NameVariant | None
    right: NameVariant | None


@dataclass(frozen=True)
class NameRecord:
    """A person as the index knows them: every known form of the name and a few facts that tell people apart."""

    id: str
    names: tuple[str, ...]
    birth_date: date | None = None
    nationality: str | None = None
    organisation: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a name record needs a non-empty id")
        if isinstance(self.names, str):
            raise TypeError("NameRecord.names is a tuple of names, not one string")


@dataclass(frozen=True)
class Candidate:
    """One search result: the record, its score against the query, the explanation and the name that matched."""

    record_id: str
    score: float
    explanation: str
    matched_name: str
