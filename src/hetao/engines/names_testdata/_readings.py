"""Turn rows of a curated name table into :class:`NameTables`, filling in the readings a table lacks.

The rows are anything with the attributes below (the demo tables of the platform have them); nothing is
imported from where they live. Pinyin with tone marks comes from pypinyin, choosing among a character's
readings the one that spells the table's pinyin (pypinyin has no surname mode: 曾 alone is céng, the
surname is Zēng). Jyutping comes from pycantonese, which reads Traditional characters only and also
misses surname readings, so a few surnames are set here from their Hong Kong spelling.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Final, Protocol

from hetao.engines.names_testdata._model import GivenReadings, NameTables, SurnameReadings

# The surname reading where pycantonese gives the everyday one (曾 cang4 "once", 區 keoi1 "district"...).
SURNAME_JYUTPING: Final[dict[str, str]] = {
    "曾": "zang1",  # Tsang
    "區": "au1",  # Au
    "單": "sin6",  # Shin
    "仇": "kau4",  # Kau
    "解": "haai6",  # Hai
}


class SurnameRow(Protocol):
    """A surname as curated tables write it: "Ouyang" / "Au-Yeung", weights per origin."""

    @property
    def hans(self) -> str: ...
    @property
    def hant(self) -> str: ...
    @property
    def pinyin(self) -> str: ...
    @property
    def hk(self) -> str: ...
    @property
    def mainland_weight(self) -> int: ...
    @property
    def hong_kong_weight(self) -> int: ...


class GivenRow(Protocol):
    """A given-name character as curated tables write it."""

    @property
    def hans(self) -> str: ...
    @property
    def hant(self) -> str: ...
    @property
    def pinyin(self) -> str: ...
    @property
    def hk(self) -> str: ...
    @property
    def usage(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def first_only(self) -> bool: ...


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch == "\u0308")
    return unicodedata.normalize("NFC", kept)


def _has_tone(syllable: str) -> bool:
    return _toneless(syllable) != syllable


def _readings(characters: str) -> list[list[str]]:
    from pypinyin import Style, pinyin

    return [list(readings) for readings in pinyin(characters, style=Style.TONE, heteronym=True)]


def pinyin_with_tones(characters: str, toneless: str) -> str:
    """``toneless`` ("zeng", "ouyang") with its tone marks, read from ``characters`` ("曾" -> "zēng").

    Among each character's readings, the first that spells the table's pinyin wins (toned before neutral).
    """
    options = [sorted(readings, key=lambda r: not _has_tone(r)) for readings in _readings(characters)]
    target = toneless.lower()
    for combination in itertools.product(*options):
        if "".join(_toneless(s) for s in combination) == target:
            return "".join(combination)
    raise ValueError(f"no reading of {characters!r} spells {toneless!r}")


def everyday_pinyin(characters: str) -> str:
    """The reading pypinyin gives outside surnames (曾 -> "ceng")."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(characters))


def jyutping(traditional: str) -> tuple[str, ...]:
    """One Jyutping syllable per character of ``traditional``, surname readings from ``SURNAME_JYUTPING``."""
    import pycantonese

    syllables: list[str] = []
    for word, reading in pycantonese.characters_to_jyutping(traditional):
        if reading is None:
            raise ValueError(f"pycantonese has no reading for {word!r}")
        parsed = [str(s) for s in pycantonese.parse_jyutping(reading)]
        if len(parsed) != len(word):
            raise ValueError(f"pycantonese read {word!r} as {reading!r}, not one syllable per character")
        syllables.extend(parsed)
    if len(traditional) == 1 and traditional in SURNAME_JYUTPING:
        return (SURNAME_JYUTPING[traditional],)
    return tuple(syllables)


def _zipf(rank: int) -> float:
    # Rows are taken in descending order of frequency; this keeps the commonest characters about
    # twenty times as frequent as the rarest ones, so that common names repeat as they do in life.
    return 1.0 / (rank + 8)


def tables_from_rows(
    surnames: Iterable[SurnameRow],
    given_characters: Iterable[GivenRow],
    *,
    english_names_female: Sequence[str] = (),
    english_names_male: Sequence[str] = (),
) -> NameTables:
    """:class:`NameTables` from curated rows; given characters are weighted by their order (commonest first)."""
    surname_readings: list[SurnameReadings] = []
    for row in surnames:
        reading = jyutping(row.hant)
        surname_readings.append(
            SurnameReadings(
                hans=row.hans,
                hant=row.hant,
                pinyin=row.pinyin.lower(),
                pinyin_tones=pinyin_with_tones(row.hans, row.pinyin),
                hk=row.hk.lower(),
                jyutping=reading,
                mainland_weight=row.mainland_weight,
                hong_kong_weight=row.hong_kong_weight,
                polyphonic=everyday_pinyin(row.hans) != row.pinyin.lower() or row.hant in SURNAME_JYUTPING,
            )
        )
    given_readings = [
        GivenReadings(
            hans=row.hans,
            hant=row.hant,
            pinyin=row.pinyin.lower(),
            pinyin_tones=pinyin_with_tones(row.hans, row.pinyin),
            hk=row.hk.lower(),
            jyutping=jyutping(row.hant)[0],
            usage=row.usage,
            region=row.region,
            first_only=row.first_only,
            weight=_zipf(rank),
        )
        for rank, row in enumerate(given_characters)
    ]
    return NameTables(
        surnames=tuple(surname_readings),
        given_characters=tuple(given_readings),
        english_names_female=tuple(english_names_female),
        english_names_male=tuple(english_names_male),
    )
