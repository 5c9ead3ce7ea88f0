"""Person records for an index, and queries written as another form of a record's name."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from hetao.engines.names_testdata import QUERY_KINDS, GeneratedPerson, people_from_tables, person_name, query_for
from tests.engines.names_testdata.demo_tables import demo_tables


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - seeded test data, nothing secret


@pytest.fixture(scope="module")
def people() -> list[GeneratedPerson]:
    return people_from_tables(demo_tables(), 20_000, 3)


def test_people_from_tables_is_deterministic_for_a_seed() -> None:
    assert people_from_tables(demo_tables(), 200, 5) == people_from_tables(demo_tables(), 200, 5)
    assert people_from_tables(demo_tables(), 200, 5) != people_from_tables(demo_tables(), 200, 6)


def test_people_have_the_requested_count_and_unique_ids(people: list[GeneratedPerson]) -> None:
    assert len(people) == 20_000
    assert len({p.id for p in people}) == 20_000
    assert (people[0].id, people[-1].id) == ("p0000000", "p0019999")


def test_people_mix_mainland_and_hong_kong_names(people: list[GeneratedPerson]) -> None:
    origins = Counter(p.origin for p in people)
    assert set(origins) == {"mainland", "hong_kong"}
    assert 0.57 < origins["mainland"] / len(people) < 0.63


def test_people_are_written_in_the_script_and_spelling_of_their_origin(people: list[GeneratedPerson]) -> None:
    tables = demo_tables()
    for person in people[:2000]:
        name = person_name(tables, person)
        if person.origin == "mainland":
            assert (person.hanzi, person.romanised, person.english_name) == (name.hans, name.pinyin(), "")
        else:
            assert person.hanzi == name.hant
            assert person.romanised == (name.with_english() if person.english_name else name.hk("upper_family"))


def test_common_names_repeat(people: list[GeneratedPerson]) -> None:
    counts = Counter(p.hanzi for p in people)
    assert counts.most_common(1)[0][1] >= 10
    assert len(counts) > 10_000


def test_birth_dates_span_working_ages(people: list[GeneratedPerson]) -> None:
    born = [p.birth_date for p in people]
    assert date(1950, 1, 1) <= min(born) < date(1952, 1, 1)
    assert date(2003, 1, 1) < max(born) < date(2006, 1, 1)


def test_query_for_writes_the_name_differently_from_the_record(people: list[GeneratedPerson]) -> None:
    tables = demo_tables()
    rng = _rng(9)
    queries = [query_for(tables, person, rng) for person in people[:3000]]
    assert {q.kind for q in queries} == set(QUERY_KINDS)
    assert [q for q, p in zip(queries, people, strict=False) if q.text in (p.romanised, p.hanzi)] == []
    assert [q for q, p in zip(queries, people, strict=False) if q.person_id != p.id] == []
    mainland = {q.kind for q, p in zip(queries, people, strict=False) if p.origin == "mainland"}
    assert mainland == {"pinyin"}


def test_query_for_is_deterministic_for_a_generator(people: list[GeneratedPerson]) -> None:
    tables = demo_tables()
    first = [query_for(tables, p, _rng(1)) for p in people[:50]]
    assert first == [query_for(tables, p, _rng(1)) for p in people[:50]]


def test_people_from_tables_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match=r"^n must not be negative$"):
        people_from_tables(demo_tables(), -1, 1)
    with pytest.raises(ValueError, match=r"^mainland_share must be between 0 and 1$"):
        people_from_tables(demo_tables(), 1, 1, mainland_share=1.5)
