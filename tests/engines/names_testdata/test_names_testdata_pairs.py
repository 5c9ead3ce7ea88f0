"""Labelled pairs: determinism, every class with its count, true pairs that differ, negatives that are negatives."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetao.engines.names_testdata import (
    ALL_CLASSES,
    HK_STYLES,
    NEGATIVE_CLASSES,
    PINYIN_STYLES,
    TRUE_CLASSES,
    LabelledPair,
    NameTables,
    pairs_from_tables,
)
from tests.engines.names_testdata.demo_tables import demo_tables, split_name


def _all_han(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in text)


def _given_readings(tables: NameTables, hanzi: str, system: str) -> list[str]:
    _, given = split_name(tables, hanzi)
    return [getattr(tables.given_character(ch), system) for ch in given]


@pytest.fixture(scope="module")
def pairs() -> list[LabelledPair]:
    return pairs_from_tables(demo_tables(), 300, 20261125)


def test_pairs_from_tables_is_deterministic_for_a_seed() -> None:
    first = pairs_from_tables(demo_tables(), 20, 7)
    assert first == pairs_from_tables(demo_tables(), 20, 7)
    assert first != pairs_from_tables(demo_tables(), 20, 8)


def test_pairs_of_a_class_do_not_depend_on_the_other_classes() -> None:
    alone = pairs_from_tables(demo_tables(), 20, 7, classes=["pinyin"])
    assert alone == [p for p in pairs_from_tables(demo_tables(), 20, 7) if p.kind == "pinyin"]


def test_every_class_is_present_with_the_requested_count(pairs: list[LabelledPair]) -> None:
    assert Counter(p.kind for p in pairs) == dict.fromkeys(ALL_CLASSES, 300)
    assert len({(p.kind, p.left, p.right) for p in pairs}) == len(pairs)


def test_true_pairs_are_one_person_written_two_different_ways(pairs: list[LabelledPair]) -> None:
    true_pairs = [p for p in pairs if p.kind in TRUE_CLASSES]
    assert all(p.same_person for p in true_pairs)
    assert [p for p in true_pairs if p.left == p.right] == []
    assert [p for p in true_pairs if p.left_hanzi != p.right_hanzi] == []


def test_negative_pairs_are_labelled_different_people(pairs: list[LabelledPair]) -> None:
    assert {p.kind for p in pairs if not p.same_person} == set(NEGATIVE_CLASSES)


def test_same_surname_pairs_share_the_surname_and_differ_in_characters(pairs: list[LabelledPair]) -> None:
    tables = demo_tables()
    for p in (p for p in pairs if p.kind == "same_surname"):
        left_family, left_given = split_name(tables, p.left_hanzi.simplified)
        right_family, right_given = split_name(tables, p.right_hanzi.simplified)
        assert left_family == right_family
        assert left_given != right_given
        assert p.left_hanzi.traditional != p.right_hanzi.traditional


def test_same_surname_pairs_differ_in_reading_when_a_side_is_romanised(pairs: list[LabelledPair]) -> None:
    tables = demo_tables()
    romanised = [p for p in pairs if p.kind == "same_surname" and ("pinyin:" in p.style or "hk:" in p.style)]
    assert len(romanised) > 50
    for p in romanised:
        system = "pinyin" if "pinyin:" in p.style else "hk"
        left = _given_readings(tables, p.left_hanzi.simplified, system)
        assert left != _given_readings(tables, p.right_hanzi.simplified, system)


def test_homophone_pairs_differ_in_one_character_of_the_same_reading(pairs: list[LabelledPair]) -> None:
    tables = demo_tables()
    for p in (p for p in pairs if p.kind == "homophone_characters"):
        assert _all_han(p.left)
        assert _all_han(p.right)
        a, b = p.left_hanzi, p.right_hanzi
        assert {a.simplified, a.traditional}.isdisjoint({b.simplified, b.traditional})
        assert len(a.simplified) == len(b.simplified)
        a_family, a_given = split_name(tables, a.simplified)
        b_family, b_given = split_name(tables, b.simplified)
        if a_family != b_family:
            assert a_given == b_given
            readings = [(s.pinyin, s.hk) for s in (tables.surname(a_family), tables.surname(b_family))]
        else:
            differing = [(u, v) for u, v in zip(a_given, b_given, strict=True) if u != v]
            assert len(differing) == 1
            readings = [(g.pinyin, g.hk) for g in map(tables.given_character, differing[0])]
        (x_pinyin, x_hk), (y_pinyin, y_hk) = readings
        assert x_pinyin == y_pinyin or x_hk == y_hk


def test_homophone_pairs_include_zhang_and_jiang_read_cheung(pairs: list[LabelledPair]) -> None:
    # 张 and 蒋 are both Cheung in Hong Kong spelling: only the characters tell them apart.
    surnames = {
        frozenset((p.left_hanzi.simplified[0], p.right_hanzi.simplified[0]))
        for p in pairs
        if p.kind == "homophone_characters"
    }
    assert frozenset(("张", "蒋")) in surnames
    assert frozenset(("许", "徐")) in surnames


def test_common_name_pairs_are_one_name_with_two_birth_dates(pairs: list[LabelledPair]) -> None:
    common = [p for p in pairs if p.kind == "common_name_other_person"]
    assert all(p.left_hanzi == p.right_hanzi for p in common)
    assert all(p.left_birth_date is not None and p.right_birth_date is not None for p in common)
    assert [p for p in common if p.left_birth_date == p.right_birth_date] == []
    others = [p for p in pairs if p.kind != "common_name_other_person"]
    assert {(p.left_birth_date, p.right_birth_date) for p in others} == {(None, None)}
    assert min(p.left_birth_date or date.max for p in common) >= date(1950, 1, 1)


def test_classes_keep_to_their_surnames(pairs: list[LabelledPair]) -> None:
    tables = demo_tables()
    compound = {split_name(tables, p.left_hanzi.simplified)[0] for p in pairs if p.kind == "compound_surname"}
    assert compound == {"欧阳", "司徒", "上官", "诸葛", "司马"}
    polyphonic = {split_name(tables, p.left_hanzi.simplified)[0] for p in pairs if p.kind == "polyphonic_surname"}
    assert polyphonic == {"曾", "区", "单", "仇", "解", "查", "朴"}


def test_classes_cover_every_writing_style(pairs: list[LabelledPair]) -> None:
    pinyin = {p.style.split("pinyin:")[1] for p in pairs if p.kind == "pinyin"}
    hk = {p.style.split("hk:")[1] for p in pairs if p.kind == "hk_romanisation"}
    assert (pinyin, hk) == (set(PINYIN_STYLES), set(HK_STYLES))


def test_cross_romanisation_pairs_have_no_characters(pairs: list[LabelledPair]) -> None:
    cross = [p for p in pairs if p.kind == "cross_romanisation"]
    assert [p for p in cross if not (p.left + p.right).isascii()] == [p for p in cross if "tones" in p.style]


def test_pairs_from_a_one_name_table_are_hand_checkable() -> None:
    tables = demo_tables()
    tiny = NameTables((tables.surname("张"),), (tables.given_character("伟"),))
    script = pairs_from_tables(tiny, 1, 1, classes=["script"])
    assert [(p.left, p.right, p.style) for p in script] == [("张伟", "張偉", "simplified/traditional")]
    pinyin = pairs_from_tables(tiny, 16, 1, classes=["pinyin"])
    forms = {"Zhang Wei", "ZHANG Wei", "zhang wei", "ZHANG WEI", "Zhāng Wěi", "Wei Zhang", "Wei ZHANG", "Zhangwei"}
    assert {(p.left, p.right) for p in pinyin} == {(left, right) for left in ("张伟", "張偉") for right in forms}


def test_pairs_from_tables_says_when_the_tables_are_too_small() -> None:
    tables = demo_tables()
    tiny = NameTables((tables.surname("张"),), (tables.given_character("伟"),))
    with pytest.raises(RuntimeError, match=r"^could only make 1 distinct 'script' pairs from these tables$"):
        pairs_from_tables(tiny, 2, 1, classes=["script"])
    with pytest.raises(ValueError, match=r"^class 'compound_surname' needs a compound surname in the tables$"):
        pairs_from_tables(tiny, 1, 1, classes=["compound_surname"])


def test_pairs_from_tables_refuses_an_unknown_class() -> None:
    with pytest.raises(ValueError, match=r"^unknown class 'nicknames'; expected some of script, pinyin"):
        pairs_from_tables(demo_tables(), 1, 1, classes=["pinyin", "nicknames"])


def test_pairs_from_tables_refuses_a_negative_count_and_a_class_twice() -> None:
    with pytest.raises(ValueError, match=r"^n must not be negative$"):
        pairs_from_tables(demo_tables(), -1, 1)
    with pytest.raises(ValueError, match=r"^a class is asked for twice$"):
        pairs_from_tables(demo_tables(), 1, 1, classes=["pinyin", "pinyin"])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), n=st.integers(min_value=0, max_value=8))
def test_pairs_keep_their_invariants_for_any_seed(seed: int, n: int) -> None:
    pairs = pairs_from_tables(demo_tables(), n, seed)
    assert Counter(p.kind for p in pairs) == (dict.fromkeys(ALL_CLASSES, n) if n else {})
    for p in pairs:
        assert p.same_person == (p.kind in TRUE_CLASSES)
        if p.same_person:
            assert p.left != p.right
            assert p.left_hanzi == p.right_hanzi
        elif p.kind != "common_name_other_person":
            assert p.left_hanzi.simplified != p.right_hanzi.simplified
            assert p.left_hanzi.traditional != p.right_hanzi.traditional
