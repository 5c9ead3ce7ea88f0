"""Property tests: names match their own variants, scores are symmetric, unrelated records change no top result."""

from hypothesis import given, settings
from hypothesis import strategies as st

from hetao.engines.names import DEFAULT_THRESHOLD, NameIndex, NameRecord, compare_person_names
from hetao.zone.demo.namegen import ENGLISH_NAMES_M, GIVEN_CHARACTERS, SURNAMES, join_hk, join_pinyin

PROPERTY_SETTINGS = settings(database=None, deadline=None, max_examples=60)

surnames = st.sampled_from(SURNAMES)
given_names = st.lists(st.sampled_from(GIVEN_CHARACTERS), min_size=1, max_size=2, unique_by=lambda g: g.hans)


def _variants(surname, given) -> list[str]:  # type: ignore[no-untyped-def]
    hans = surname.hans + "".join(g.hans for g in given)
    hant = surname.hant + "".join(g.hant for g in given)
    pinyin = join_pinyin([g.pinyin for g in given])
    hk = join_hk([g.hk for g in given])
    initials = " ".join(g.hk[0] + "." for g in given)
    return [
        hans,
        hant,
        f"{surname.pinyin} {pinyin}",
        f"{pinyin} {surname.pinyin.upper()}",
        f"{surname.hk.upper()} {hk}",
        f"{hk.replace('-', ' ')} {surname.hk}",
        f"{ENGLISH_NAMES_M[0]} {surname.hk.upper()} {hk}",
        f"{initials} {surname.hk}",
    ]


@PROPERTY_SETTINGS
@given(surnames, given_names)
def test_name_matches_its_own_variants(surname, given) -> None:  # type: ignore[no-untyped-def]
    variants = _variants(surname, given)
    misses = [v for v in variants[1:] if compare_person_names(variants[0], v).score < DEFAULT_THRESHOLD]
    assert misses == []


@PROPERTY_SETTINGS
@given(st.tuples(surnames, given_names, st.integers(0, 7)), st.tuples(surnames, given_names, st.integers(0, 7)))
def test_scores_are_symmetric(left, right) -> None:  # type: ignore[no-untyped-def]
    a, b = _variants(*left[:2])[left[2]], _variants(*right[:2])[right[2]]
    assert compare_person_names(a, b).score == compare_person_names(b, a).score


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(surnames, given_names), min_size=2, max_size=12), st.integers(0, 7))
def test_unrelated_records_never_change_a_unique_top_result(people, form) -> None:  # type: ignore[no-untyped-def]
    first, *others = people
    query = _variants(*first)[form]
    index = NameIndex.build([NameRecord("target", (_variants(*first)[0],))])
    before = index.search(query)
    unrelated = [
        NameRecord(f"other{n}", (_variants(*person)[0],))
        for n, person in enumerate(others)
        if compare_person_names(_variants(*person)[0], query).score < DEFAULT_THRESHOLD
    ]
    index.add(unrelated)
    after = index.search(query)
    assert [c.record_id for c in before] == ["target"]
    assert after[0].record_id == "target"
