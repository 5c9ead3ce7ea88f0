"""A composed name and the ways people write it: pinyin, Hong Kong spelling, Jyutping, initials, English name.

Every style is named, so a failing pair says how it was written ("pinyin:joined" for "Zhangxiaoming").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from hetao.engines.names_testdata._model import GivenReadings, Hanzi, SurnameReadings

PINYIN_STYLES: Final[tuple[str, ...]] = (
    "standard",  # Zhang Xiaoming
    "passport",  # ZHANG Xiaoming
    "lower",  # zhang xiaoming
    "upper",  # ZHANG XIAOMING
    "tones",  # Zhāng Xiǎomíng
    "western",  # Xiaoming Zhang
    "western_upper",  # Xiaoming ZHANG
    "joined",  # Zhangxiaoming
    "spaced",  # Zhang Xiao Ming
    "hyphenated",  # Xiao-Ming Zhang
)
HK_STYLES: Final[tuple[str, ...]] = (
    "standard",  # Chan Tai-man
    "upper_family",  # CHAN Tai-man
    "id_card",  # CHAN Tai Man
    "comma",  # CHAN, Tai Man
    "upper",  # CHAN TAI MAN
    "western",  # Tai Man Chan
    "western_upper",  # Tai Man CHAN
    "western_hyphen",  # Tai-man Chan
)
JYUTPING_STYLES: Final[tuple[str, ...]] = (
    "spaced",  # can4 daai6 man4
    "capitalised",  # Can4 Daai6 Man4
)
INITIALS_STYLES: Final[tuple[str, ...]] = (
    "western",  # T. M. Chan
    "western_compact",  # T.M. Chan
    "family_first",  # Chan T M
    "family_first_dotted",  # Chan T.M.
    "comma",  # Chan, T. M.
)
ENGLISH_STYLES: Final[tuple[str, ...]] = (
    "english_first",  # Peter CHAN Tai-man
    "english_first_spaced",  # Peter Chan Tai Man
    "english_last",  # CHAN Tai-man, Peter
    "comma_family",  # CHAN, Peter Tai Man
)
SYSTEMS: Final[tuple[str, ...]] = ("pinyin", "hk")

_APOSTROPHE_BEFORE: Final = frozenset("aoe")


def _check(style: str, known: tuple[str, ...], what: str) -> None:
    if style not in known:
        raise ValueError(f"unknown {what} style {style!r}; expected one of {', '.join(known)}")


def _title_parts(word: str) -> str:
    """ "au-yeung" -> "Au-Yeung"."""
    return "-".join(part.capitalize() for part in word.split("-"))


def join_pinyin(syllables: list[str], toneless: list[str] | None = None) -> str:
    """Syllables as one word, with an apostrophe before a later syllable starting with a, o or e ("jia'an").

    ``toneless`` decides the apostrophes when ``syllables`` carry tone marks.
    """
    plain = toneless if toneless is not None else syllables
    word = ""
    for index, syllable in enumerate(syllables):
        if index and plain[index][:1] in _APOSTROPHE_BEFORE:
            word += "'"
        word += syllable
    return word


@dataclass(frozen=True)
class ComposedName:
    """A person's name drawn from the tables: a surname, one or two given characters, maybe an English name."""

    surname: SurnameReadings
    given: tuple[GivenReadings, ...]
    english: str = ""

    def __post_init__(self) -> None:
        if not 1 <= len(self.given) <= 3:
            raise ValueError("a given name has one to three characters")

    @property
    def hans(self) -> str:
        return self.surname.hans + "".join(g.hans for g in self.given)

    @property
    def hant(self) -> str:
        return self.surname.hant + "".join(g.hant for g in self.given)

    @property
    def hanzi(self) -> Hanzi:
        return Hanzi(self.hans, self.hant)

    # -- readings, lower case ------------------------------------------------------------------------

    def given_syllables(self, system: str) -> list[str]:
        """The given name's syllables in ``system`` ("pinyin" or "hk"), lower case."""
        if system == "pinyin":
            return [g.pinyin for g in self.given]
        if system == "hk":
            return [g.hk for g in self.given]
        raise ValueError(f"unknown system {system!r}; expected one of {', '.join(SYSTEMS)}")

    def family_word(self, system: str) -> str:
        """The surname in ``system``, capitalised ("Zhang", "Au-Yeung")."""
        if system == "pinyin":
            return self.surname.pinyin.capitalize()
        if system == "hk":
            return _title_parts(self.surname.hk)
        raise ValueError(f"unknown system {system!r}; expected one of {', '.join(SYSTEMS)}")

    # -- written forms -------------------------------------------------------------------------------

    def pinyin(self, style: str = "standard") -> str:
        """The name in Hanyu Pinyin, written in ``style`` (one of ``PINYIN_STYLES``)."""
        _check(style, PINYIN_STYLES, "pinyin")
        syllables = self.given_syllables("pinyin")
        family = self.surname.pinyin.capitalize()
        given = join_pinyin(syllables).capitalize()
        forms: dict[str, str] = {
            "standard": f"{family} {given}",
            "passport": f"{family.upper()} {given}",
            "lower": f"{family} {given}".lower(),
            "upper": f"{family} {given}".upper(),
            "tones": (
                f"{self.surname.pinyin_tones.capitalize()} "
                f"{join_pinyin([g.pinyin_tones for g in self.given], syllables).capitalize()}"
            ),
            "western": f"{given} {family}",
            "western_upper": f"{given} {family.upper()}",
            "joined": join_pinyin([self.surname.pinyin, join_pinyin(syllables)]).capitalize(),
            "spaced": " ".join([family, *(s.capitalize() for s in syllables)]),
            "hyphenated": "-".join(s.capitalize() for s in syllables) + f" {family}",
        }
        return forms[style]

    def hk(self, style: str = "standard") -> str:
        """The name in the Hong Kong government's Cantonese spelling, in ``style`` (one of ``HK_STYLES``)."""
        _check(style, HK_STYLES, "Hong Kong")
        syllables = self.given_syllables("hk")
        family = _title_parts(self.surname.hk)
        hyphened = "-".join([syllables[0].capitalize(), *syllables[1:]])
        spaced = " ".join(s.capitalize() for s in syllables)
        forms: dict[str, str] = {
            "standard": f"{family} {hyphened}",
            "upper_family": f"{family.upper()} {hyphened}",
            "id_card": f"{family.upper()} {spaced}",
            "comma": f"{family.upper()}, {spaced}",
            "upper": f"{family} {spaced}".upper(),
            "western": f"{spaced} {family}",
            "western_upper": f"{spaced} {family.upper()}",
            "western_hyphen": f"{hyphened} {family}",
        }
        return forms[style]

    def jyutping(self, style: str = "spaced") -> str:
        """The name in Jyutping with tone numbers, in ``style`` (one of ``JYUTPING_STYLES``)."""
        _check(style, JYUTPING_STYLES, "Jyutping")
        family = list(self.surname.jyutping)
        given = [g.jyutping for g in self.given]
        if style == "capitalised":
            return " ".join(s.capitalize() for s in family + given)
        return " ".join(family + given)

    def initials(self, style: str = "western", *, system: str = "hk", per_syllable: bool = True) -> str:
        """The given name as initials and the surname in full ("T. M. Chan"), in ``style``.

        In pinyin a given name is one word, so ``per_syllable=False`` gives one initial ("X. Zhang").
        """
        _check(style, INITIALS_STYLES, "initials")
        syllables = self.given_syllables(system)
        letters = [s[0].upper() for s in syllables] if per_syllable else [syllables[0][0].upper()]
        family = self.family_word(system)
        forms: dict[str, str] = {
            "western": " ".join(f"{letter}." for letter in letters) + f" {family}",
            "western_compact": "".join(f"{letter}." for letter in letters) + f" {family}",
            "family_first": f"{family} " + " ".join(letters),
            "family_first_dotted": f"{family} " + "".join(f"{letter}." for letter in letters),
            "comma": f"{family}, " + " ".join(f"{letter}." for letter in letters),
        }
        return forms[style]

    def with_english(self, style: str = "english_first", *, system: str = "hk") -> str:
        """The English given name with the romanised Chinese name ("Peter CHAN Tai-man"), in ``style``."""
        _check(style, ENGLISH_STYLES, "English-name")
        if not self.english:
            raise ValueError(f"{self.hans} has no English name")
        if system == "hk":
            syllables = self.given_syllables("hk")
            hyphened = "-".join([syllables[0].capitalize(), *syllables[1:]])
            spaced = " ".join(s.capitalize() for s in syllables)
        else:
            hyphened = spaced = join_pinyin(self.given_syllables(system)).capitalize()
        family = self.family_word(system)
        forms: dict[str, str] = {
            "english_first": f"{self.english} {family.upper()} {hyphened}",
            "english_first_spaced": f"{self.english} {family} {spaced}",
            "english_last": f"{family.upper()} {hyphened}, {self.english}",
            "comma_family": f"{family.upper()}, {self.english} {spaced}",
        }
        return forms[style]
