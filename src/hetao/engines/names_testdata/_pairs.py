"""Labelled pairs of person names, in classes: variants of one person's name, and hard negatives.

True classes (both sides are the same person, written differently)::

    script              张伟 / 張偉
    pinyin              张伟 / "Zhang Wei", "ZHANG Wei", "zhang wei", "Zhāng Wěi", "Wei Zhang", "Zhangwei"...
    hk_romanisation     張偉 / "CHEUNG Wai", "Wai Cheung", "Chan Tai-man", "Tai Man CHAN"...
    jyutping            張偉 / "zoeng1 wai5"
    english_name        陳大文 / "Peter CHAN Tai-man"
    initials            陳大文 or "CHAN Tai-man" / "T. M. Chan", "Chan T M"; 张晓明 / "X. Zhang"
    compound_surname    歐陽 欧阳 Au-Yeung Ouyang, 司徒 Szeto Situ... in any of the forms above
    cross_romanisation  "Zhang Wei" / "Cheung Wai" (no characters on either side)
    polyphonic_surname  曾伟 / "Zeng Wei" or "Tsang Wai" (曾 alone reads ceng)

Hard negatives (different people)::

    same_surname              same family name, different given name; when a side is romanised, its
                              reading differs from the other side's (else they could not be told apart)
    homophone_characters      张伟 / 章伟: one character swapped for another with the same pinyin or the
                              same Hong Kong spelling, both sides in characters
    common_name_other_person  the same common name, different birth dates: only an index search with
                              the birth date can tell them apart

Each class draws from its own random generator seeded with (class, seed), so a class's pairs do not
depend on which other classes are asked for.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from hetao.engines.names_testdata._compose import Composer, surname_weight
from hetao.engines.names_testdata._model import GivenReadings, LabelledPair, NameTables, SurnameReadings
from hetao.engines.names_testdata._render import (
    ENGLISH_STYLES,
    HK_STYLES,
    INITIALS_STYLES,
    JYUTPING_STYLES,
    PINYIN_STYLES,
    ComposedName,
)

TRUE_CLASSES: Final[tuple[str, ...]] = (
    "script",
    "pinyin",
    "hk_romanisation",
    "jyutping",
    "english_name",
    "initials",
    "compound_surname",
    "cross_romanisation",
    "polyphonic_surname",
)
NEGATIVE_CLASSES: Final[tuple[str, ...]] = ("same_surname", "homophone_characters", "common_name_other_person")
ALL_CLASSES: Final[tuple[str, ...]] = TRUE_CLASSES + NEGATIVE_CLASSES

BIRTH_DATES_FROM: Final = date(1950, 1, 1)
BIRTH_DATES_DAYS: Final = 56 * 365

_ATTEMPTS_PER_PAIR: Final = 200


def _characters(c: Composer, origin: str, name: ComposedName, *, native: float = 0.8) -> tuple[str, str]:
    """The name in characters: usually the script of the person's origin."""
    simplified = (origin == "mainland") == (c.rng.random() < native)
    return (name.hans, "simplified") if simplified else (name.hant, "traditional")


def _romanised(c: Composer, name: ComposedName, system: str) -> tuple[str, str]:
    """The name romanised in ``system`` ("pinyin" or "hk") in a random style."""
    if system == "pinyin":
        style = c.rng.choice(PINYIN_STYLES)
        return name.pinyin(style), f"pinyin:{style}"
    style = c.rng.choice(HK_STYLES)
    return name.hk(style), f"hk:{style}"


def _system_for(c: Composer, origin: str) -> str:
    """Mainland people are mostly written in pinyin, Hong Kong people in the Hong Kong spelling."""
    native = "pinyin" if origin == "mainland" else "hk"
    other = "hk" if native == "pinyin" else "pinyin"
    return native if c.rng.random() < 0.8 else other


def _pair(kind: str, left: tuple[str, str], right: tuple[str, str], a: ComposedName, b: ComposedName) -> LabelledPair:
    return LabelledPair(
        kind=kind,
        left=left[0],
        right=right[0],
        same_person=kind in TRUE_CLASSES,
        style=f"{left[1]}/{right[1]}",
        left_hanzi=a.hanzi,
        right_hanzi=b.hanzi,
    )


# -- true pairs --------------------------------------------------------------------------------------


def _script(c: Composer) -> LabelledPair | None:
    _, _, name = c.person()
    if name.hans == name.hant:
        return None
    return _pair("script", (name.hans, "simplified"), (name.hant, "traditional"), name, name)


def _pinyin(c: Composer) -> LabelledPair | None:
    origin, _, name = c.person("mainland" if c.rng.random() < 0.8 else "hong_kong")
    style = c.rng.choice(PINYIN_STYLES)
    return _pair("pinyin", _characters(c, origin, name), (name.pinyin(style), f"pinyin:{style}"), name, name)


def _hk_romanisation(c: Composer) -> LabelledPair | None:
    origin, _, name = c.person("hong_kong" if c.rng.random() < 0.8 else "mainland")
    style = c.rng.choice(HK_STYLES)
    return _pair("hk_romanisation", _characters(c, origin, name), (name.hk(style), f"hk:{style}"), name, name)


def _jyutping(c: Composer) -> LabelledPair | None:
    origin, _, name = c.person("hong_kong" if c.rng.random() < 0.8 else "mainland")
    style = c.rng.choice(JYUTPING_STYLES)
    written = (name.jyutping(style), f"jyutping:{style}")
    return _pair("jyutping", _characters(c, origin, name), written, name, name)


def _english_name(c: Composer) -> LabelledPair | None:
    origin, _, name = c.person("hong_kong" if c.rng.random() < 0.8 else "mainland", with_english=True)
    system = "hk" if origin == "hong_kong" else "pinyin"
    style = c.rng.choice(ENGLISH_STYLES)
    written = (name.with_english(style, system=system), f"english:{system}:{style}")
    return _pair("english_name", _characters(c, origin, name), written, name, name)


def _initials(c: Composer) -> LabelledPair | None:
    origin, _, name = c.person()
    system = _system_for(c, origin)
    per_syllable = system == "hk" or c.rng.random() < 0.3
    style = c.rng.choice(INITIALS_STYLES)
    written = (name.initials(style, system=system, per_syllable=per_syllable), f"initials:{system}:{style}")
    if c.rng.random() < 0.5:
        full = _characters(c, origin, name)
    elif system == "pinyin":
        full = (name.pinyin("standard"), "pinyin:standard")
    else:
        full = (name.hk("upper_family"), "hk:upper_family")
    return _pair("initials", full, written, name, name)


def _other_form(c: Composer, origin: str, name: ComposedName) -> tuple[str, str]:
    """Any written form of the name other than the characters of the person's own script."""
    roll = c.rng.random()
    if roll < 0.15 and name.hans != name.hant:
        return (name.hant, "traditional") if origin == "mainland" else (name.hans, "simplified")
    if roll < 0.3:
        style = c.rng.choice(JYUTPING_STYLES)
        return name.jyutping(style), f"jyutping:{style}"
    return _romanised(c, name, "pinyin" if roll < 0.65 else "hk")


def _compound_surname(c: Composer) -> LabelledPair | None:
    origin = c.origin()
    surname = c.surname(origin, among=lambda s: len(s.hans) > 1)
    origin, _, name = c.person(origin, surname=surname)
    return _pair("compound_surname", _characters(c, origin, name), _other_form(c, origin, name), name, name)


def _cross_romanisation(c: Composer) -> LabelledPair | None:
    _, _, name = c.person()
    return _pair("cross_romanisation", _romanised(c, name, "pinyin"), _romanised(c, name, "hk"), name, name)


def _polyphonic_surname(c: Composer) -> LabelledPair | None:
    origin = c.origin()
    surname = c.surname(origin, among=lambda s: s.polyphonic)
    origin, _, name = c.person(origin, surname=surname)
    system = "pinyin" if c.rng.random() < 0.5 else "hk"
    return _pair("polyphonic_surname", _characters(c, origin, name), _romanised(c, name, system), name, name)


# -- hard negatives ----------------------------------------------------------------------------------


def _same_surname(c: Composer) -> LabelledPair | None:
    origin, sex, a = c.person()
    length = len(a.given) if c.rng.random() < 0.7 else 3 - len(a.given)
    given = c.given(origin, sex, length, a.surname)
    if length == 2 and len(a.given) == 2 and c.rng.random() < 1 / 3:
        # Share one character in the same place (张晓明 / 张晓东): harder, and common in life.
        keep = c.rng.randrange(2)
        if a.given[keep].hans not in {g.hans for g in given}:
            given = tuple(a.given[keep] if i == keep else g for i, g in enumerate(given))
    b = ComposedName(a.surname, given, a.english)
    if [g.hans for g in a.given] == [g.hans for g in b.given]:
        return None
    roll = c.rng.random()
    if roll < 0.5:
        return _pair("same_surname", _characters(c, origin, a), _characters(c, origin, b), a, b)
    system = _system_for(c, origin)
    if a.given_syllables(system) == b.given_syllables(system):
        return None  # written in this system the two names are the same: not a negative a matcher could see
    if roll < 0.8:
        left, right = (_characters(c, origin, a), _romanised(c, b, system))
        return (
            _pair("same_surname", left, right, a, b)
            if c.rng.random() < 0.5
            else _pair("same_surname", right, left, b, a)
        )
    return _pair("same_surname", _romanised(c, a, system), _romanised(c, b, system), a, b)


def _homophones_of_surname(tables: NameTables, s: SurnameReadings) -> list[SurnameReadings]:
    return [
        other
        for other in tables.surnames
        if other.hans != s.hans
        and other.hant != s.hant
        and len(other.hans) == len(s.hans)
        and (other.pinyin == s.pinyin or other.hk == s.hk)
    ]


def _homophones_of_given(tables: NameTables, g: GivenReadings) -> list[GivenReadings]:
    return [
        other
        for other in tables.given_characters
        if other.hans != g.hans and other.hant != g.hant and (other.pinyin == g.pinyin or other.hk == g.hk)
    ]


def _homophone_characters(c: Composer) -> LabelledPair | None:
    origin, _, a = c.person()
    position = c.rng.randrange(-1, len(a.given)) if c.rng.random() < 0.6 else -1
    if position < 0:
        options = [s for s in _homophones_of_surname(c.tables, a.surname) if not any(g.hans in s.hans for g in a.given)]
        if not options:
            return None
        surname = c.rng.choice(options)
        b = replace(a, surname=surname)
        same = "pinyin" if surname.pinyin == a.surname.pinyin else "hk"
        where = "surname"
    else:
        others = {g.hans for i, g in enumerate(a.given) if i != position}
        first_only_ok = position == 0 and len(a.given) > 1
        given_options = [
            g
            for g in _homophones_of_given(c.tables, a.given[position])
            if g.hans not in others and g.hans not in a.surname.hans and (first_only_ok or not g.first_only)
        ]
        if not given_options:
            return None
        chosen = c.rng.choice(given_options)
        b = replace(a, given=tuple(chosen if i == position else g for i, g in enumerate(a.given)))
        same = "pinyin" if chosen.pinyin == a.given[position].pinyin else "hk"
        where = f"given{position + 1}"
    if {a.hans, a.hant} & {b.hans, b.hant}:
        return None
    left, right = _characters(c, origin, a, native=0.6), _characters(c, origin, b, native=0.6)
    pair = _pair("homophone_characters", left, right, a, b)
    return replace(pair, style=f"{pair.style}:same {same} at {where}")


def _common_name_other_person(c: Composer) -> LabelledPair | None:
    origin = c.origin()
    ranked = sorted(c.tables.surnames, key=lambda s: -surname_weight(s, origin))[:8]
    surname = c.rng.choice(ranked)
    common = sorted(c.tables.given_characters, key=lambda g: -g.weight)[:12]
    length = 1 if c.rng.random() < 0.6 else 2
    given = tuple(c.rng.sample([g for g in common if g.hans not in surname.hans and not g.first_only], length))
    name = ComposedName(surname, given)

    def written() -> tuple[str, str]:
        roll = c.rng.random()
        if roll < 0.4:
            return _characters(c, origin, name)
        return _romanised(c, name, _system_for(c, origin))

    born = BIRTH_DATES_FROM + timedelta(days=c.rng.randrange(BIRTH_DATES_DAYS))
    other = born
    while other == born:
        other = BIRTH_DATES_FROM + timedelta(days=c.rng.randrange(BIRTH_DATES_DAYS))
    pair = _pair("common_name_other_person", written(), written(), name, name)
    return replace(pair, left_birth_date=born, right_birth_date=other)


_BUILDERS: Final[dict[str, Callable[[Composer], LabelledPair | None]]] = {
    "script": _script,
    "pinyin": _pinyin,
    "hk_romanisation": _hk_romanisation,
    "jyutping": _jyutping,
    "english_name": _english_name,
    "initials": _initials,
    "compound_surname": _compound_surname,
    "cross_romanisation": _cross_romanisation,
    "polyphonic_surname": _polyphonic_surname,
    "same_surname": _same_surname,
    "homophone_characters": _homophone_characters,
    "common_name_other_person": _common_name_other_person,
}


def _check_tables(tables: NameTables, kinds: Sequence[str]) -> None:
    needs: dict[str, tuple[bool, str]] = {
        "english_name": (bool(tables.english_names_female or tables.english_names_male), "English given names"),
        "compound_surname": (any(len(s.hans) > 1 for s in tables.surnames), "a compound surname"),
        "polyphonic_surname": (any(s.polyphonic for s in tables.surnames), "a polyphonic surname"),
    }
    for kind in kinds:
        present, what = needs.get(kind, (True, ""))
        if not present:
            raise ValueError(f"class {kind!r} needs {what} in the tables")


def pairs_from_tables(
    tables: NameTables,
    n: int,
    seed: int,
    *,
    classes: Sequence[str] | None = None,
) -> list[LabelledPair]:
    """``n`` distinct labelled pairs of each class (all of ``ALL_CLASSES`` by default), in class order.

    The same arguments give the same list. An unknown class name raises ``ValueError``.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    kinds = tuple(ALL_CLASSES if classes is None else classes)
    unknown = [kind for kind in kinds if kind not in _BUILDERS]
    if unknown:
        raise ValueError(f"unknown class {unknown[0]!r}; expected some of {', '.join(ALL_CLASSES)}")
    if len(set(kinds)) != len(kinds):
        raise ValueError("a class is asked for twice")
    _check_tables(tables, kinds)
    pairs: list[LabelledPair] = []
    for kind in kinds:
        # A str seed is hashed with SHA-512 by random.Random: the same in every run and interpreter.
        composer = Composer(tables, random.Random(f"names_testdata:{kind}:{seed}"))  # noqa: S311 - test data
        build = _BUILDERS[kind]
        seen: set[tuple[str, str]] = set()
        produced = 0
        for _ in range(_ATTEMPTS_PER_PAIR * n):
            if produced == n:
                break
            pair = build(composer)
            if pair is None or (pair.left, pair.right) in seen:
                continue
            if pair.same_person and pair.left == pair.right:
                continue
            seen.add((pair.left, pair.right))
            pairs.append(pair)
            produced += 1
        if produced < n:
            raise RuntimeError(f"could only make {produced} distinct {kind!r} pairs from these tables")
    return pairs
