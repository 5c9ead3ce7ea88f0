"""Comparing two person names: a symmetric score in [0, 1] and the path that matched.

Scores, by design (``DEFAULT_THRESHOLD`` is 0.85):

* both names in characters: the characters decide (Simplified and Traditional unified). Equal is 1.0; a
  different character anywhere, even a homophone (张伟 / 章伟), scores at most 0.5;
* otherwise the best pair of variants (readings and spellings) decides. The family names must agree (or be
  near spellings of five letters or more, or two romanisations of one surname such as Au-Yeung and Ouyang:
  0.95); the given names are compared as a sequence of syllables, so
  "Taiman", "Tai-man" and "Tai Man" are equal (1.0); initials that agree with every syllable score 0.9, and so
  does one initial against a given name written as one word in pinyin ("Y." ~ "Yimin"; "W." ~ "Wai-man" is
  only part of the initials, 0.8); a
  different given name scores at most 0.6; a given name spelt in pinyin on one side and in Hong Kong
  romanisation on the other, syllable by syllable the readings of one common character (wei / wai), 0.92
  when neither name is in characters (characters bring their own readings); a
  given name present on one side only 0.6 (0.9 when both sides
  carry the same English name);
* English first names: the same on both sides or on neither 1.0, on one side only x0.97, different x0.8.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz

from hetao.engines.names._model import Match, NameVariant, ParsedName
from hetao.engines.names._parse import family_key, parse_person_name, same_surname, syllable_key
from hetao.engines.names._readings import cantonese, hk_spellings, mandarin, to_traditional
from hetao.engines.names._tables import COMMON_GIVEN_CHARACTERS

EXACT: Final = 1.0
FUZZY_FAMILY: Final = 0.95
CROSS_ROMANISATION_GIVEN: Final = 0.92
INITIALS: Final = 0.9
PARTIAL_INITIALS: Final = 0.8
GIVEN_ON_ONE_SIDE: Final = 0.6
GIVEN_ON_ONE_SIDE_SAME_ENGLISH: Final = 0.9
DIFFERENT_GIVEN_CEILING: Final = 0.6
FAMILY_MISMATCH_CEILING: Final = 0.4
HANZI_MISMATCH_CEILING: Final = 0.5
HANZI_TRADITIONAL_DIFFERS: Final = 0.9
ENGLISH_ONE_SIDE: Final = 0.97
ENGLISH_DIFFERENT: Final = 0.8
_FUZZY_FAMILY_MIN_LENGTH: Final = 5
_ONE_WORD_INITIAL: Final = "initial of a given name written as one word"
_FUZZY_FAMILY_MIN_RATIO: Final = 80.0


@dataclass(frozen=True, slots=True)
class Form:
    """A variant reduced to what comparison needs: spelling keys, initials marked with a dot ("t.")."""

    family: str
    given: tuple[str, ...]
    joined: str
    has_initials: bool
    one_word: bool = False  # the given name is one word of several syllables ("Yimin"): one initial is all of it


def form_of(variant: NameVariant) -> Form:
    initials_possible = variant.system in ("latin", "english")
    given = tuple(g + "." if initials_possible and len(g) == 1 else syllable_key(g) for g in variant.given)
    has_initials = any(g.endswith(".") for g in given)
    one_word = variant.given_one_word and len(given) > 1 and not has_initials
    return Form(family_key(variant.family) if variant.family else "", given, "".join(given), has_initials, one_word)


@dataclass(frozen=True, slots=True)
class Compact:
    """What scoring needs of one name, small enough to keep for a million records.

    ``traditional`` is kept only when the name was given in Traditional characters, since t2s is lossy.
    """

    hanzi: str
    traditional: str
    english: frozenset[str]
    forms: tuple[Form, ...]

    def encode(self) -> str:
        """One string: fields separated by U+001F, a form written "family|given given" ("family|yi+min" when
        the given name is written as one word)."""
        forms = (f"{f.family}|{('+' if f.one_word else ' ').join(f.given)}" for f in self.forms)
        return "\x1f".join((self.hanzi, self.traditional, " ".join(sorted(self.english)), *forms))

    @classmethod
    def decode(cls, text: str) -> Compact:
        hanzi, traditional, english, *forms = text.split("\x1f")
        return cls(hanzi, traditional, frozenset(english.split()), tuple(_decode_form(f) for f in forms))


def _decode_form(text: str) -> Form:
    family, _, given_text = text.partition("|")
    one_word = "+" in given_text
    given = tuple(given_text.split("+")) if one_word else tuple(given_text.split())
    return Form(family, given, "".join(given), any(g.endswith(".") for g in given), one_word)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A parsed name, its compact form and the variant behind each of its forms."""

    parsed: ParsedName
    compact: Compact
    variants: tuple[NameVariant, ...]
    hanzi: NameVariant | None


def prepare_parsed(parsed: ParsedName) -> Prepared:
    hanzi = next((v for v in parsed.variants if v.system == "hanzi"), None)
    forms: dict[Form, NameVariant] = {}
    for variant in parsed.variants:
        if variant.system != "hanzi":
            forms.setdefault(form_of(variant), variant)
    traditional_input = (
        bool(parsed.hanzi_simplified)
        and parsed.hanzi_simplified != parsed.hanzi_traditional
        and parsed.hanzi_traditional in parsed.raw
    )
    compact = Compact(
        parsed.hanzi_simplified,
        parsed.hanzi_traditional if traditional_input else "",
        frozenset(parsed.english_names),
        tuple(forms),
    )
    return Prepared(parsed, compact, tuple(forms.values()), hanzi)


@lru_cache(maxsize=65536)
def prepare_text(text: str) -> Prepared:
    return prepare_parsed(parse_person_name(text))


def prepare(name: str | ParsedName) -> Prepared:
    if isinstance(name, str):
        return prepare_text(name)
    if isinstance(name, ParsedName):
        return prepare_parsed(name)
    raise TypeError(f"a name is a str or a ParsedName, not {type(name).__name__}")


def english_factor(a: frozenset[str], b: frozenset[str]) -> tuple[float, str]:
    if a and b:
        return (1.0, "same English name") if a & b else (ENGLISH_DIFFERENT, "different English names")
    if a or b:
        return ENGLISH_ONE_SIDE, "English name on one side only"
    return 1.0, ""


@lru_cache(maxsize=1)
def _correspondences() -> frozenset[tuple[str, str]]:
    """Pairs (pinyin key, Hong Kong key) read from one common given-name character, both ways round."""
    pairs: set[tuple[str, str]] = set()
    for character in dict.fromkeys(COMMON_GIVEN_CHARACTERS):
        pinyin = mandarin(character)
        jyutping = cantonese(to_traditional(character))
        if len(pinyin) != 1 or len(jyutping) != 1:
            continue
        for spelling in hk_spellings(jyutping[0]):
            pairs.add((syllable_key(pinyin[0]), syllable_key(spelling)))
    return frozenset(pairs | {(b, a) for a, b in pairs})


@lru_cache(maxsize=1)
def _partner_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = {}
    for x, y in _correspondences():
        table.setdefault(x, {x}).add(y)
    return {key: tuple(sorted(values)) for key, values in table.items()}


def given_partners(syllable: str) -> tuple[str, ...]:
    """A given-name syllable key and the keys it corresponds to in the other romanisation (wei: wei, wai...)."""
    return _partner_table().get(syllable, (syllable,))


def _given_correspond(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when each syllable of one given name is the other's in Mandarin or Cantonese (wei / wai for 伟)."""
    pairs = _correspondences()
    return len(a) == len(b) and all(x == y or (x, y) in pairs for x, y in zip(a, b, strict=True))


def _initial_agrees(initial: str, syllable: str) -> bool:
    letter = initial[0]
    # A Hong Kong "ch" is also written "ts" (Tsz / Chi, Tsang), so T. stands for either.
    return syllable.startswith(letter) or (letter == "t" and syllable.startswith("ch"))


def _given_with_initials(a: Form, b: Form) -> tuple[float, str]:
    short_form, long_form = (a, b) if len(a.given) <= len(b.given) else (b, a)
    shorter, longer = short_form.given, long_form.given
    initial_used = False
    for x, y in zip(shorter, longer, strict=False):
        if x == y:
            continue
        x_initial, y_initial = x.endswith("."), y.endswith(".")
        if (x_initial and not y_initial and _initial_agrees(x, y)) or (
            y_initial and not x_initial and _initial_agrees(y, x)
        ):
            initial_used = True
        else:
            return 0.3, "initials disagree"
    if len(shorter) != len(longer):
        if len(shorter) == 1 and long_form.one_word and shorter[0].endswith("."):
            # A pinyin given name is one word ("Yimin"), so "Y." is all its initials.
            return INITIALS, _ONE_WORD_INITIAL
        if all(g.endswith(".") for g in shorter):
            return PARTIAL_INITIALS, "initials of part of the given name"
        return 0.3, "given names of different length"
    if not initial_used:
        return EXACT, "exact"
    return INITIALS, "initials"


def _family_score(a: Form, b: Form) -> tuple[float, str] | None:
    """How far two forms' family names agree, or None when they differ."""
    if a.family == b.family:
        return EXACT, ""
    if (
        (a.given or b.given)  # two lone words ("Zhangxiaoxiu", "Zhangxiaoyi") are whole names, not surnames
        and min(len(a.family), len(b.family)) >= _FUZZY_FAMILY_MIN_LENGTH
        and fuzz.ratio(a.family, b.family) >= _FUZZY_FAMILY_MIN_RATIO
    ):
        return FUZZY_FAMILY, "family name spelt differently, "
    if same_surname(a.family, b.family):
        return FUZZY_FAMILY, "one surname in two romanisations, "
    return None


def score_forms(a: Form, b: Form, same_english: bool, cross_readings: bool = True) -> tuple[float, str]:
    """Score of two forms before the English-name factor, with a word on how they matched.

    ``cross_readings`` allows a pinyin given name to match a Hong Kong one syllable by syllable through the
    readings of any common character (wei / wai). It is off when either name is in characters: their own
    readings are then among the forms, and the loose correspondence would let 邵蔚 (Shao Wei) match "Mei Shao"
    through 微 (wei / mei).
    """
    family = _family_score(a, b)
    if family is None:
        return FAMILY_MISMATCH_CEILING * fuzz.ratio(a.joined, b.joined) / 100.0, "different family names"
    family_score, family_note = family
    if not a.given or not b.given:
        if not a.given and not b.given:
            given_score, note = EXACT, "family name only"
        elif same_english:
            given_score, note = GIVEN_ON_ONE_SIDE_SAME_ENGLISH, "given name on one side only, same English name"
        else:
            given_score, note = GIVEN_ON_ONE_SIDE, "given name on one side only"
    elif a.has_initials or b.has_initials:
        given_score, note = _given_with_initials(a, b)
        if family_score < EXACT and note == _ONE_WORD_INITIAL:
            # "W. Cheung" against 张伟民: the one-word reading (Weimin) is Mandarin, the family name Cantonese.
            given_score, note = PARTIAL_INITIALS, "initials of part of the given name"
    elif a.joined == b.joined:
        given_score, note = EXACT, "exact"
    elif cross_readings and _given_correspond(a.given, b.given):
        given_score, note = CROSS_ROMANISATION_GIVEN, "given name read in Mandarin on one side, Cantonese on the other"
    else:
        given_score = DIFFERENT_GIVEN_CEILING * fuzz.ratio(a.joined, b.joined) / 100.0
        note = "different given names"
    return family_score * given_score, family_note + note


def _compare_hanzi(a: Compact, b: Compact) -> tuple[float, str]:
    if a.hanzi == b.hanzi:
        if a.traditional and b.traditional and a.traditional != b.traditional:
            return HANZI_TRADITIONAL_DIFFERS, "same Simplified characters, different Traditional ones"
        return EXACT, "same characters"
    same = sum(x == y for x, y in zip(a.hanzi, b.hanzi, strict=False))
    return HANZI_MISMATCH_CEILING * same / max(len(a.hanzi), len(b.hanzi)), "different characters"


def _combine(score: float, factor: float) -> float:
    return round(min(1.0, max(0.0, score * factor)), 6)


def best_pair(a: Compact, b: Compact) -> tuple[float, str, int, int]:
    """The score of two names, how they matched and the indexes of the matching forms (-1: the characters)."""
    factor, english_note = english_factor(a.english, b.english)
    suffix = f"; {english_note}" if english_note else ""
    if a.hanzi and b.hanzi:
        score, note = _compare_hanzi(a, b)
        return _combine(score, factor), note + suffix, -1, -1
    same_english = bool(a.english & b.english)
    cross_readings = not (a.hanzi or b.hanzi)
    best_score, best_note, best_i, best_j = -1.0, "", -1, -1
    for i, form_a in enumerate(a.forms):
        for j, form_b in enumerate(b.forms):
            score, note = score_forms(form_a, form_b, same_english, cross_readings)
            if score > best_score:
                best_score, best_note, best_i, best_j = score, note, i, j
    if best_i < 0:
        return 0.0, "nothing to compare: no reading or spelling on one side", -1, -1
    return _combine(best_score, factor), best_note + suffix, best_i, best_j


def score_compact(a: Compact, b: Compact) -> float:
    return best_pair(a, b)[0]


def compare_prepared(a: Prepared, b: Prepared) -> Match:
    score, note, i, j = best_pair(a.compact, b.compact)
    if a.compact.hanzi and b.compact.hanzi:
        left, right = a.hanzi, b.hanzi
    elif i < 0:
        return Match(score, note, None, None)
    else:
        left, right = a.variants[i], b.variants[j]
    left_path = left.path if left is not None else a.parsed.raw
    right_path = right.path if right is not None else b.parsed.raw
    return Match(score, f"{left_path} = {right_path} ({note})", left, right)


def compare_person_names(a: str | ParsedName, b: str | ParsedName) -> Match:
    """Compare two person names given in any form; symmetric: ``compare(a, b).score == compare(b, a).score``.

    Both in characters: the characters decide (张伟 and 章伟 do not match; 陳大文 and 陈大文 score 1.0).
    Otherwise readings and spellings are compared (张伟 ~ Zhang Wei ~ CHEUNG Wai ~ Wai Cheung ~ W. Cheung,
    the last a little lower). The explanation names both variants and the path that produced each.
    """
    return compare_prepared(prepare(a), prepare(b))
