"""Script conversion and readings: Simplified/Traditional, Mandarin pinyin, Cantonese Jyutping, Hong Kong spellings.

OpenCC's Traditional-to-Simplified conversion is lossy (鍾 and 鐘 both become 钟), so callers keep the original
characters beside every conversion. PyCantonese reads Traditional characters only and is slow to load, so it is
loaded on first use and its readings are cached per character.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache
from typing import Any, Final

from hetao.engines.names._tables import (
    COMPOUND_BY_HANZI,
    HK_FINALS,
    HK_INITIALS,
    HK_SYLLABLES,
    JYUTPING_FINALS,
    JYUTPING_INITIALS,
    SURNAME_BY_HANZI,
    SurnameEntry,
)

_MAX_SPELLINGS: Final = 4


def is_cjk(character: str) -> bool:
    """True for a CJK unified ideograph (the basic block and extensions A to F, and compatibility ideographs)."""
    code = ord(character)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2EBEF
        or 0xF900 <= code <= 0xFAFF
        or 0x30000 <= code <= 0x3134F
    )


@lru_cache(maxsize=1)
def _converters() -> tuple[Any, Any]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2hk")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    return str(_converters()[0].convert(text))


@lru_cache(maxsize=65536)
def to_traditional(text: str) -> str:
    """Hong Kong Traditional forms. Surnames are converted through the surname table first (余 stays 余)."""
    return str(_converters()[1].convert(text))


def surname_traditional(simplified: str) -> str:
    entry = COMPOUND_BY_HANZI.get(simplified) or SURNAME_BY_HANZI.get(simplified)
    return entry.traditional if entry is not None else to_traditional(simplified)


def split_hanzi(simplified: str) -> tuple[str, str, SurnameEntry | None]:
    """Split characters into family and given name: a compound surname first, then a single one."""
    if len(simplified) >= 3 or (len(simplified) == 2 and simplified in COMPOUND_BY_HANZI):
        compound = COMPOUND_BY_HANZI.get(simplified[:2])
        if compound is not None:
            return simplified[:2], simplified[2:], compound
    if len(simplified) == 1:
        return simplified, "", SURNAME_BY_HANZI.get(simplified)
    return simplified[:1], simplified[1:], SURNAME_BY_HANZI.get(simplified[:1])


def strip_tone_marks(text: str) -> str:
    """Pinyin with tone marks to plain letters; ü becomes v, as pypinyin writes it."""
    text = text.replace("ü", "v").replace("Ü", "V")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("u\u0308", "v")


@lru_cache(maxsize=65536)
def mandarin(simplified: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of characters, read in context by pypinyin (ü as v)."""
    from pypinyin import Style, lazy_pinyin

    return tuple(s.lower() for s in lazy_pinyin(simplified, style=Style.NORMAL, errors="ignore"))


@lru_cache(maxsize=1)
def _jyutping_reader() -> Any:
    import pycantonese

    return pycantonese.characters_to_jyutping


@lru_cache(maxsize=65536)
def jyutping_of_character(traditional: str) -> str:
    """Jyutping with tone of one Traditional character, or "" when PyCantonese does not know it."""
    for _, reading in _jyutping_reader()(traditional):
        if reading:
            # A character PyCantonese read as several syllables is not a name character; keep the first.
            first = str(reading).split()[0]
            return first if len(first) <= 7 else ""
    return ""


def cantonese(traditional: str) -> tuple[str, ...]:
    """Jyutping with tones, one per character; characters without a reading are left out."""
    readings = (jyutping_of_character(c) for c in traditional)
    return tuple(r for r in readings if r)


def split_jyutping(syllable: str) -> tuple[str, str] | None:
    """A toneless Jyutping syllable as (initial, final), or None when it is not one."""
    if syllable in ("m", "ng"):
        return "", syllable
    for initial in JYUTPING_INITIALS:
        if syllable.startswith(initial) and syllable[len(initial) :] in JYUTPING_FINALS:
            return initial, syllable[len(initial) :]
    return None


@lru_cache(maxsize=4096)
def hk_spellings(jyutping: str) -> tuple[str, ...]:
    """Hong Kong government spellings of one Jyutping syllable (tone digit optional), the usual one first.

    A table of the usual spellings comes first; otherwise initial and final are mapped by rule
    (z/c -> ch/ts, j -> y, oe -> eu, eoi -> ui, aa -> a, ...).
    """
    toneless = jyutping.rstrip("0123456789").lower()
    listed = HK_SYLLABLES.get(toneless)
    if listed is not None:
        return tuple(dict.fromkeys(listed))
    parts = split_jyutping(toneless)
    if parts is None:
        return (toneless,)
    initial, final = parts
    if initial == "j" and final.startswith("yu"):
        initial = ""
        finals: tuple[str, ...] = tuple("y" + spelling for spelling in HK_FINALS[final])
    elif final in ("m", "ng"):
        finals = (final,)
    else:
        finals = HK_FINALS[final]
    if initial in ("gw", "kw") and final.startswith("u"):
        finals = tuple(spelling[1:] if spelling.startswith("u") else spelling for spelling in finals)
        finals = tuple("u" + spelling for spelling in finals)
    spellings = [i + f for i, f in itertools.product(HK_INITIALS[initial], finals)]
    return tuple(dict.fromkeys(spellings))[:_MAX_SPELLINGS]


def hk_surname_spellings(entry: SurnameEntry) -> tuple[tuple[str, ...], ...]:
    """Family-name token tuples of a surname's Hong Kong spellings: ("au", "yeung"), ("auyeung",)."""
    result: list[tuple[str, ...]] = []
    for spelling in entry.hk:
        tokens = tuple(t.lower() for t in spelling.replace("-", " ").split())
        if tokens not in result:
            result.append(tokens)
    return tuple(result)
