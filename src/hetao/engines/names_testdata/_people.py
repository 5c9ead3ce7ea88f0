"""Many person records, fast, for index benchmarks; and queries written as another form of a record's name.

Records are composed from readings computed once per table entry, so a million take seconds: no
library is called per record. Names repeat as in life (surnames by their real weights, given
characters by frequency), so a common name such as 张伟 is shared by hundreds of records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Final

from hetao.engines.names_testdata._compose import (
    ENGLISH_NAME_SHARE,
    REGION_WEIGHT,
    SEXES,
    SINGLE_GIVEN_SHARE,
    WeightedChoice,
    surname_weight,
)
from hetao.engines.names_testdata._model import ORIGINS, GeneratedPerson, NameTables
from hetao.engines.names_testdata._pairs import BIRTH_DATES_DAYS, BIRTH_DATES_FROM
from hetao.engines.names_testdata._render import ENGLISH_STYLES, HK_STYLES, INITIALS_STYLES, PINYIN_STYLES, ComposedName

QUERY_KINDS: Final[tuple[str, ...]] = ("pinyin", "hk", "initials", "english")
_APOSTROPHE_BEFORE: Final = frozenset("aoe")


@dataclass(frozen=True)
class Query:
    """A name to search for, written differently from the record's own forms."""

    text: str
    kind: str
    style: str
    person_id: str


def person_name(tables: NameTables, person: GeneratedPerson) -> ComposedName:
    """The composed name behind a generated record, to write it in other forms."""
    return ComposedName(
        tables.surnames[person.surname],
        tuple(tables.given_characters[i] for i in person.given),
        person.english_name,
    )


def people_from_tables(
    tables: NameTables,
    n: int,
    seed: int,
    *,
    mainland_share: float = 0.6,
) -> list[GeneratedPerson]:
    """``n`` person records: mainland people (Simplified, pinyin) and Hong Kong people (Traditional, HK spelling).

    The same arguments give the same list; ids are "p0000000", "p0000001"...
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if not 0.0 <= mainland_share <= 1.0:
        raise ValueError("mainland_share must be between 0 and 1")
    rng = random.Random(f"names_testdata:people:{seed}")  # noqa: S311 - test data
    surnames = tables.surnames
    given_chars = tables.given_characters
    surname_index = {
        origin: WeightedChoice(range(len(surnames)), [surname_weight(s, origin) for s in surnames])
        for origin in ORIGINS
    }
    given_index = {
        (origin, sex): WeightedChoice(
            [i for i, g in enumerate(given_chars) if g.usage in (sex, "any")],
            [g.weight * REGION_WEIGHT[origin][g.region] for g in given_chars if g.usage in (sex, "any")],
        )
        for origin in ORIGINS
        for sex in SEXES
    }
    surname_pinyin = [s.pinyin.capitalize() for s in surnames]
    surname_hk = [s.hk.upper() for s in surnames]
    given_pinyin = [g.pinyin for g in given_chars]
    given_hk = [g.hk for g in given_chars]
    first_only = [g.first_only for g in given_chars]
    english = {"F": tables.english_names_female, "M": tables.english_names_male}
    first_day = BIRTH_DATES_FROM.toordinal()

    people: list[GeneratedPerson] = []
    for index in range(n):
        origin = "mainland" if rng.random() < mainland_share else "hong_kong"
        sex = "F" if rng.random() < 0.5 else "M"
        s = surname_index[origin].draw(rng)
        length = 1 if rng.random() < SINGLE_GIVEN_SHARE[origin] else 2
        choice = given_index[origin, sex]
        surname_chars = surnames[s].hans
        while True:
            given = tuple(choice.draw(rng) for _ in range(length))
            if (length == 1 and first_only[given[0]]) or (
                length == 2 and (given[0] == given[1] or first_only[given[1]])
            ):
                continue
            if any(given_chars[g].hans in surname_chars for g in given):
                continue
            break
        english_name = ""
        if origin == "hong_kong" and english[sex] and rng.random() < ENGLISH_NAME_SHARE[origin]:
            english_name = rng.choice(english[sex])
        if origin == "mainland":
            hanzi = surnames[s].hans + "".join(given_chars[g].hans for g in given)
            word = given_pinyin[given[0]]
            for g in given[1:]:
                word += ("'" if given_pinyin[g][0] in _APOSTROPHE_BEFORE else "") + given_pinyin[g]
            romanised = f"{surname_pinyin[s]} {word.capitalize()}"
        else:
            hanzi = surnames[s].hant + "".join(given_chars[g].hant for g in given)
            romanised = f"{surname_hk[s]} " + "-".join(
                [given_hk[given[0]].capitalize(), *(given_hk[g] for g in given[1:])]
            )
            if english_name:
                romanised = f"{english_name} {romanised}"
        people.append(
            GeneratedPerson(
                id=f"p{index:07d}",
                origin=origin,
                hanzi=hanzi,
                romanised=romanised,
                birth_date=date.fromordinal(first_day + rng.randrange(BIRTH_DATES_DAYS)),
                surname=s,
                given=given,
                english_name=english_name,
                sex=sex,
            )
        )
    return people


def query_for(tables: NameTables, person: GeneratedPerson, rng: random.Random) -> Query:
    """Another written form of the person's name, as someone searching would type it.

    Mainland people: pinyin in a style other than the record's. Hong Kong people: the Hong Kong spelling in
    another style (75%), the English name with it in another order (15% of those who have one), initials (10%).
    """
    name = person_name(tables, person)
    if person.origin == "mainland":
        options = [(name.pinyin(style), "pinyin", style) for style in PINYIN_STYLES]
    else:
        roll = rng.random()
        if roll < 0.10:
            style = rng.choice(INITIALS_STYLES)
            options = [(name.initials(style, system="hk"), "initials", style)]
        elif roll < 0.25 and person.english_name:
            options = [(name.with_english(style), "english", style) for style in ENGLISH_STYLES]
        else:
            options = [(name.hk(style), "hk", style) for style in HK_STYLES]
    fresh = [option for option in options if option[0] != person.romanised] or options
    text, kind, style = rng.choice(fresh)
    return Query(text=text, kind=kind, style=style, person_id=person.id)
