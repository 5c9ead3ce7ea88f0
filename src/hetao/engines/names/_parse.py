"""Reading a person's name given in any form into every plausible variant (see :func:`parse_person_name`)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from hetao.engines.names._model import NameVariant, ParsedName
from hetao.engines.names._readings import (
    cantonese,
    hk_spellings,
    hk_surname_spellings,
    is_cjk,
    mandarin,
    split_hanzi,
    strip_tone_marks,
    surname_traditional,
    to_simplified,
    to_traditional,
)
from hetao.engines.names._tables import (
    COMPOUND_SURNAMES,
    ENGLISH_GIVEN_NAMES,
    HK_SYLLABLES,
    JYUTPING_SYLLABLES,
    PINYIN_SYLLABLES,
    SURNAMES,
    SurnameEntry,
)

#: At most this many Hong Kong spelling variants are produced per reading (usual spellings first).
MAX_HK_VARIANTS: Final = 8

# Spelling keys: Hong Kong spellings that are the same syllable written two ways get one key (Tsz = Chi,
# Chow = Chau, Lee = Li, Sze = Si), so comparisons and index keys need not list every combination.
_WHOLE_KEYS: Final[dict[str, str]] = {
    "tsz": "chi",
    "tsze": "chi",
    "tze": "chi",
    "sze": "si",
    "see": "si",
    "szeto": "sito",
}


@lru_cache(maxsize=16384)
def syllable_key(syllable: str) -> str:
    """The spelling key of one romanised syllable (or joined family name), lower case ASCII."""
    s = syllable.lower()
    whole = _WHOLE_KEYS.get(s)
    if whole is not None:
        return whole
    if s in ("lv", "nv", "lve", "nve"):
        return s[0] + "yu" + s[2:]
    if s.startswith("ts"):
        s = "ch" + s[2:]
    s = s.replace("sze", "si")
    if s.endswith("ow"):
        s = s[:-2] + "au"
    if s.endswith("ee"):
        s = s[:-2] + "i"
    return s.replace("oo", "u")


def family_key(tokens: tuple[str, ...]) -> str:
    """One key for a family name however it is split or hyphenated: ("au", "yeung") and ("auyeung",) agree."""
    if len(tokens) == 1:
        return syllable_key(tokens[0])
    return "".join(syllable_key(t) for t in tokens)


def _all_hk_spellings() -> frozenset[str]:
    spellings: set[str] = set()
    for syllable in JYUTPING_SYLLABLES:
        spellings.update(hk_spellings(syllable))
    for listed in HK_SYLLABLES.values():
        spellings.update(listed)
    for entry in (*SURNAMES, *COMPOUND_SURNAMES):
        for tokens in hk_surname_spellings(entry):
            spellings.update(tokens)
    return frozenset(spellings)


HK_SPELLINGS: Final[frozenset[str]] = _all_hk_spellings()
LATIN_SYLLABLES: Final[frozenset[str]] = PINYIN_SYLLABLES | HK_SPELLINGS
_LONGEST_SYLLABLE: Final = max(len(s) for s in LATIN_SYLLABLES)


def _known_family_keys() -> frozenset[str]:
    keys: set[str] = set()
    for entry in (*SURNAMES, *COMPOUND_SURNAMES):
        keys.add(syllable_key(entry.pinyin))
        for tokens in hk_surname_spellings(entry):
            keys.add(family_key(tokens))
    return frozenset(keys)


KNOWN_FAMILY_KEYS: Final[frozenset[str]] = _known_family_keys()


def _surname_classes() -> dict[str, frozenset[int]]:
    classes: dict[str, set[int]] = {}
    for number, entry in enumerate((*SURNAMES, *COMPOUND_SURNAMES)):
        keys = {syllable_key(entry.pinyin), *(family_key(tokens) for tokens in hk_surname_spellings(entry))}
        for key in keys:
            classes.setdefault(key, set()).add(number)
    return {key: frozenset(numbers) for key, numbers in classes.items()}


#: Surnames each family key can spell, so that "Au-Yeung" and "Ouyang" (歐陽) are known to be one surname.
SURNAME_CLASSES: Final[dict[str, frozenset[int]]] = _surname_classes()


def _surname_partner_table() -> dict[str, tuple[str, ...]]:
    members: dict[int, set[str]] = {}
    for key, numbers in SURNAME_CLASSES.items():
        for number in numbers:
            members.setdefault(number, set()).add(key)
    return {key: tuple(sorted({key}.union(*(members[n] for n in numbers)))) for key, numbers in SURNAME_CLASSES.items()}


_SURNAME_PARTNERS: Final[dict[str, tuple[str, ...]]] = _surname_partner_table()


def surname_partners(key: str) -> tuple[str, ...]:
    """A family key and every other spelling of the surnames it can spell (wong: wong, huang, wang...)."""
    return _SURNAME_PARTNERS.get(key, (key,))


def same_surname(a: str, b: str) -> bool:
    """True when two family keys are spellings (Mandarin or Cantonese) of one surname in the tables."""
    return bool(SURNAME_CLASSES.get(a, frozenset()) & SURNAME_CLASSES.get(b, frozenset()))


def _segmentation_rank(syllables: tuple[str, ...]) -> tuple[int, int]:
    """Fewest syllables first; among equals, fewest later syllables opening with a vowel or "ng", as pinyin
    spelling rules want ("jingui" is jin-gui, not ji-ngui; "bingang" bin-gang)."""
    awkward = sum(1 for s in syllables[1:] if s[0] in "aeiouv" or s.startswith("ng"))
    # "wenyu" is wen-yu, not we-nyu: an "n" goes with the syllable before when that makes a syllable too.
    awkward += sum(
        1
        for before, after in itertools.pairwise(syllables)
        if after.startswith("n") and before[-1] in "aeiouv" and before + "n" in LATIN_SYLLABLES
    )
    return len(syllables), awkward


@lru_cache(maxsize=16384)
def segment(word: str) -> tuple[str, ...]:
    """Split a run of letters into the fewest Mandarin or Hong Kong syllables ("zhangwei" -> zhang, wei).

    A word that cannot be split is returned whole (an English or unknown name).
    """
    n = len(word)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for end in range(1, n + 1):
        for start in range(max(0, end - _LONGEST_SYLLABLE), end):
            head = best[start]
            if head is None or word[start:end] not in LATIN_SYLLABLES:
                continue
            candidate = (*head, word[start:end])
            current = best[end]
            if current is None or _segmentation_rank(candidate) < _segmentation_rank(current):
                best[end] = candidate
    found = best[n]
    return found if found is not None else (word,)


def display_name(family: tuple[str, ...], given: tuple[str, ...], system: str) -> str:
    """How a variant is written in explanations: "CHEUNG Wai", "CHAN Tai-man", "ZHANG Xiaoming", "CHAN T. M."."""
    family_text = "-".join(t.upper() for t in family)
    if not given:
        return family_text
    if system == "hanzi":
        return "".join(family) + "".join(given)
    if all(len(g) == 1 for g in given) and system == "latin":
        given_text = " ".join(g.upper() + "." for g in given)
    elif system == "pinyin":
        given_text = "".join(given).capitalize()
    else:
        given_text = "-".join(given).capitalize()
    return f"{family_text} {given_text}"


@dataclass(frozen=True, eq=False)
class _Unit:
    """One word of a romanised name: its syllables and what kind of word it is."""

    raw: str
    syllables: tuple[str, ...]
    kind: str  # "syllables", "initial", "english", "word"
    caps: bool
    tones: bool


_TOKEN_SPLIT: Final = re.compile(r"[\s,;/]+")
_INITIALS_RUN: Final = re.compile(r"^(?:[A-Za-z]\.){2,}$|^(?:[A-Za-z]\.-?){2,}$")
_TONED: Final = re.compile(r"([a-z]+)([1-6])")


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    for token in _TOKEN_SPLIT.split(text):
        if not token:
            continue
        if _INITIALS_RUN.match(token):
            units.extend(_Unit(c, (c.lower(),), "initial", False, False) for c in token if c.isalpha())
            continue
        letters = re.sub(r"[^A-Za-z0-9'’\-]", "", token)
        if not letters:
            continue
        if len(letters.replace("-", "").replace("'", "")) == 1 and not letters[0].isdigit():
            units.append(_Unit(token, (letters[0].lower(),), "initial", False, False))
            continue
        caps = sum(c.isupper() for c in letters) > 1 and letters.upper() == letters
        lower = letters.lower()
        if any(c.isdigit() for c in lower):
            syllables = tuple(m.group(1) for m in _TONED.finditer(lower))
            tones = tuple(m.group(0) for m in _TONED.finditer(lower))
            units.append(_Unit(" ".join(tones), syllables, "syllables", caps, True))
            continue
        if lower in ENGLISH_GIVEN_NAMES:
            units.append(_Unit(token, (lower,), "english", caps, False))
            continue
        syllables = tuple(s for part in re.split(r"[-'’]+", lower) if part for s in segment(part))
        kind = "syllables" if all(s in LATIN_SYLLABLES for s in syllables) else "word"
        units.append(_Unit(token, syllables, kind, caps, False))
    return units


def _family_tokens(units: list[_Unit]) -> tuple[str, ...]:
    """Family-name tokens as written: "Ouyang" stays one token, "Au-Yeung" and "Au Yeung" are two."""
    if len(units) == 1 and "-" not in units[0].raw:
        return ("".join(units[0].syllables),)
    return tuple(s for u in units for s in u.syllables)


def _split_run_together(unit: _Unit) -> list[NameVariant]:
    """A single word of several syllables ("zhangwei", "Chantaiman"): a known surname at either end splits it."""
    syllables = unit.syllables
    variants: list[NameVariant] = []
    for count in (1, 2):
        if len(syllables) <= count:
            break
        for family, given, why in (
            (syllables[:count], syllables[count:], "run together, family name first"),
            (syllables[-count:], syllables[:-count], "run together, family name last"),
        ):
            if family_key(family) in KNOWN_FAMILY_KEYS:
                joined = ("".join(family),)
                system = _latin_system(syllables)
                path = f"'{unit.raw}' ({why}) -> {display_name(joined, given, system)}"
                variants.append(NameVariant(joined, given, system, path, given_one_word=len(given) > 1))
    return variants


def _latin_system(syllables: tuple[str, ...]) -> str:
    in_pinyin = all(s in PINYIN_SYLLABLES for s in syllables)
    in_hk = all(s in HK_SPELLINGS for s in syllables)
    if in_pinyin and not in_hk:
        return "pinyin"
    if in_hk and not in_pinyin:
        return "hk"
    return "latin"


def _is_known_family(units: list[_Unit]) -> bool:
    return family_key(tuple(s for u in units for s in u.syllables)) in KNOWN_FAMILY_KEYS


def _family_splits(names: list[_Unit]) -> list[tuple[list[_Unit], list[_Unit], str]]:
    """Plausible (family, given, why) splits of the name words when nothing marks the family name."""
    if len(names) == 1:
        return [(names, [], "family name only")]
    splits: list[tuple[list[_Unit], list[_Unit], str]] = [
        (names[:1], names[1:], "family name first"),
        (names[-1:], names[:-1], "family name last"),
    ]
    if len(names) >= 3:
        splits.append((names[:2], names[2:], "two-word family name first"))
        splits.append((names[-2:], names[:-2], "two-word family name last"))
    known = [split for split in splits if _is_known_family(split[0])]
    if known:
        # Two-word family names only when they are a known compound surname (Au Yeung, Sze To).
        return known
    return splits[:2]


def _tones_are_jyutping(units: list[_Unit]) -> bool:
    syllables = [s for u in units if u.tones for s in u.syllables]
    return (
        bool(syllables)
        and all(s in JYUTPING_SYLLABLES for s in syllables)
        and any(s not in PINYIN_SYLLABLES for s in syllables)
    )


def _hk_variants(
    family_readings: tuple[tuple[str, ...], ...],
    given_jyutping: tuple[str, ...],
    prefix: str,
) -> list[NameVariant]:
    """Hong Kong spellings of a Cantonese reading; the family name spelt as the surname table says."""
    variants: list[NameVariant] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    given_options = [hk_spellings(j) for j in given_jyutping]
    for family in family_readings:
        for given in itertools.product(*given_options):
            key = (family_key(family), tuple(syllable_key(g) for g in given))
            if key in seen:
                continue
            seen.add(key)
            variants.append(NameVariant(family, given, "hk", f"{prefix} -> {display_name(family, given, 'hk')}"))
            if len(variants) >= MAX_HK_VARIANTS:
                return variants
    return variants


def _parse_hanzi(characters: str) -> tuple[str, str, str, str, list[NameVariant]]:
    simplified = to_simplified(characters)
    traditional_given = simplified != characters
    family_s, given_s, entry = split_hanzi(simplified)
    if traditional_given:
        traditional = characters
    else:
        traditional = surname_traditional(family_s) + (to_traditional(given_s) if given_s else "")
    family_t, given_t = traditional[: len(family_s)], traditional[len(family_s) :]
    if traditional_given:
        origin_s = f"Traditional {traditional} -> Simplified {simplified}"
        origin_t = f"Traditional {traditional}"
        hanzi_path = origin_s
    else:
        origin_s = f"Simplified {simplified}"
        origin_t = f"Simplified {simplified} -> Traditional {traditional}"
        hanzi_path = origin_s
    variants = [NameVariant((family_s,), tuple(given_s), "hanzi", hanzi_path)]
    # Mandarin: the surname's own reading, the given name read in context by pypinyin.
    family_py = (entry.pinyin,) if entry is not None else ("".join(mandarin(family_s)),)
    given_py = mandarin(given_s) if given_s else ()
    if family_py[0]:
        reading = " ".join((*family_py, *given_py))
        variants.append(
            NameVariant(
                family_py,
                given_py,
                "pinyin",
                f"{origin_s} -> Mandarin {reading} -> {display_name(family_py, given_py, 'pinyin')}",
                given_one_word=len(given_py) > 1,
            )
        )
    # Cantonese: PyCantonese on Traditional characters, the surname from the table.
    family_jp = entry.jyutping if entry is not None else cantonese(family_t)
    given_jp = cantonese(given_t) if given_t else ()
    if family_jp and len(given_jp) == len(given_t):
        toneless_family = ("".join(j.rstrip("0123456789") for j in family_jp),)
        toneless_given = tuple(j.rstrip("0123456789") for j in given_jp)
        prefix = f"{origin_t} -> Cantonese {' '.join((*family_jp, *given_jp))}"
        if entry is not None:
            family_hk = hk_surname_spellings(entry)
        else:
            family_hk = tuple(
                tuple(spelling) for spelling in itertools.product(*(hk_spellings(j)[:2] for j in family_jp))
            )
        variants.extend(_hk_variants(family_hk, given_jp, prefix))
        variants.append(NameVariant(toneless_family, toneless_given, "jyutping", prefix))
    return simplified, traditional, family_s, given_s, variants


def _parse_latin(text: str) -> tuple[list[NameVariant], tuple[str, ...]]:
    comma = "," in text
    head, _, tail = text.partition(",")
    tail_units = _units(tail) if comma else []
    if tail_units and all(u.kind == "english" for u in tail_units) and len(_units(head)) > 1:
        # "CHAN On-shun, Jacky" (the Hong Kong gazette form): a comma before Western given names only sets off
        # the English name; the words before it are a whole name, not a family name.
        comma = False
    units = _units(head) + tail_units if comma or tail_units else _units(text)
    english = tuple(u.syllables[0] for u in units if u.kind == "english")
    names = [u for u in units if u.kind in ("syllables", "word")]
    initials = [u for u in units if u.kind == "initial"]
    quoted = " ".join(text.split())
    if not names:
        if not english:
            return [], english
        # Only Western names: the last one is taken as the family name ("John Peter" is rare; "Peter" alone has none).
        family: tuple[str, ...] = (english[-1],) if len(english) > 1 else ()
        given = english[:-1] if len(english) > 1 else english
        path = f"'{quoted}' (English names only)"
        return [NameVariant(family, given, "english", path)], english[:-1] if len(english) > 1 else english

    if _tones_are_jyutping(names):
        return _jyutping_variants(names, quoted), english
    if _tones_may_be_jyutping(names):
        # Tone digits that read as Jyutping and as numbered pinyin ("can4 ting4"): both are written in Chinese
        # order, so the family name comes first either way.
        return _jyutping_variants(names, quoted) + _toned_pinyin_variants(names, quoted), english

    splits: list[tuple[list[_Unit], list[_Unit], str]]
    caps = [u for u in names if u.caps]
    head_names = [u for u in _units(head) if u.kind in ("syllables", "word")] if comma else []
    if head_names:
        family_units = [u for u in names if any(u.raw == h.raw for h in head_names)][: len(head_names)]
        splits = [(family_units, [], "family name before the comma")]
    elif caps and len(caps) < len(names):
        splits = [(caps, [], "family name in capitals")]
    elif initials and len(names) == 1:
        splits = [(names, [], "initials for the given name")]
    else:
        splits = _family_splits(names)

    variants: list[NameVariant] = []
    if len(units) == 1 and len(names) == 1 and len(names[0].syllables) > 1 and not initials:
        variants.extend(_split_run_together(names[0]))
    for family_units, _, why in splits:
        family = _family_tokens(family_units)
        given_units = [
            u for u in units if u.kind in ("syllables", "word", "initial") and all(u is not f for f in family_units)
        ]
        given = tuple(s for u in given_units for s in u.syllables)
        system = "latin" if initials else _latin_system((*family, *given))
        path = f"'{quoted}' ({why}) -> {display_name(family, given, system)}"
        one_word = (
            len(given_units) == 1
            and given_units[0].kind == "syllables"
            and len(given) > 1
            and not given_units[0].tones
            and "-" not in given_units[0].raw  # "Qi'an" is one word; "Wai-man" is two
        )
        variants.append(NameVariant(family, given, system, path, given_one_word=one_word))
    return variants, english


def _surnames_by_jyutping() -> dict[tuple[str, ...], tuple[SurnameEntry, ...]]:
    table: dict[tuple[str, ...], list[SurnameEntry]] = {}
    for entry in (*SURNAMES, *COMPOUND_SURNAMES):
        toneless = tuple(j.rstrip("0123456789") for j in entry.jyutping)
        table.setdefault(toneless, []).append(entry)
    return {key: tuple(entries) for key, entries in table.items()}


#: Surnames by their toneless Jyutping syllables: ("si", "tou") is 司徒, ("au", "joeng") 歐陽.
SURNAMES_BY_JYUTPING: Final[dict[tuple[str, ...], tuple[SurnameEntry, ...]]] = _surnames_by_jyutping()


def _tones_may_be_jyutping(units: list[_Unit]) -> bool:
    syllables = [s for u in units if u.tones for s in u.syllables]
    return bool(syllables) and all(u.tones for u in units) and all(s in JYUTPING_SYLLABLES for s in syllables)


def _jyutping_family_counts(syllables: tuple[str, ...]) -> tuple[int, ...]:
    """Syllables of the family name at the front of a Jyutping name: two for a compound surname (si1 tou4),
    and one as well, since the same syllables may be a single surname and a given name (wong4 fu3: 黃富, 皇甫)."""
    if len(syllables) >= 3 and (
        syllables[:2] in SURNAMES_BY_JYUTPING or family_key(syllables[:2]) in KNOWN_FAMILY_KEYS
    ):
        return (2, 1)
    return (1,)


def _jyutping_variants(names: list[_Unit], quoted: str) -> list[NameVariant]:
    syllables = tuple(s for u in names for s in u.syllables)
    toned = tuple(t for u in names for t in u.raw.split())
    variants: list[NameVariant] = []
    for family_count in _jyutping_family_counts(syllables):
        family_jp, given_jp = toned[:family_count], toned[family_count:]
        family = ("".join(syllables[:family_count]),)
        given = syllables[family_count:]
        variants.append(NameVariant(family, given, "jyutping", f"'{quoted}' Jyutping"))
        # The surname table's spellings first (司徒 is Szeto, not Sze-To), then the syllables spelt one by one.
        family_hk: list[tuple[str, ...]] = [
            tokens
            for entry in SURNAMES_BY_JYUTPING.get(syllables[:family_count], ())
            for tokens in hk_surname_spellings(entry)
        ]
        family_hk.extend(itertools.product(*(hk_spellings(j)[:2] for j in family_jp)))
        variants.extend(_hk_variants(tuple(dict.fromkeys(family_hk)), given_jp, f"'{quoted}' Jyutping"))
    return variants


def _toned_pinyin_variants(names: list[_Unit], quoted: str) -> list[NameVariant]:
    """Numbered pinyin ("zhang1 wei3"), family name first; nothing when a syllable is not pinyin."""
    syllables = tuple(s for u in names for s in u.syllables)
    if not all(s in PINYIN_SYLLABLES for s in syllables) or any(c == "6" for u in names for c in u.raw):
        return []
    family_count = 2 if len(syllables) >= 3 and family_key(syllables[:2]) in KNOWN_FAMILY_KEYS else 1
    family = ("".join(syllables[:family_count]),)
    given = syllables[family_count:]
    path = f"'{quoted}' (numbered pinyin, family name first) -> {display_name(family, given, 'pinyin')}"
    return [NameVariant(family, given, "pinyin", path)]


def _split_scripts(text: str) -> tuple[str, str]:
    characters = "".join(c for c in text if is_cjk(c))
    rest = "".join(" " if is_cjk(c) else c for c in text)
    return characters, rest


@lru_cache(maxsize=65536)
def parse_person_name(text: str) -> ParsedName:
    """Read a person's name in any form and return every plausible variant, each with the path that produced it.

    Characters (Simplified or Traditional; the surname split off with the surname tables, compound surnames
    first), pinyin with or without tones, spaces, hyphens or capitals, Hong Kong romanisation in either order,
    Jyutping with tone digits, a Western first name, initials, an ALL-CAPS family name and "Family, Given".
    When nothing says which word is the family name, both orders are produced.

    Raises ``ValueError`` for text with no letters or characters.
    """
    if not isinstance(text, str):
        raise TypeError(f"a name is a str, not {type(text).__name__}")
    normalised = strip_tone_marks(unicodedata.normalize("NFKC", text)).strip()
    characters, rest = _split_scripts(normalised)
    variants: list[NameVariant] = []
    simplified = traditional = family_hanzi = given_hanzi = ""
    if characters:
        simplified, traditional, family_hanzi, given_hanzi, hanzi_variants = _parse_hanzi(characters)
        variants.extend(hanzi_variants)
    latin_variants, english = _parse_latin(rest)
    variants.extend(latin_variants)
    if not variants:
        raise ValueError(f"no name found in {text!r}")
    return ParsedName(
        raw=text,
        hanzi_simplified=simplified,
        hanzi_traditional=traditional,
        family_hanzi=family_hanzi,
        given_hanzi=given_hanzi,
        english_names=english,
        variants=tuple(dict.fromkeys(variants)),
    )
