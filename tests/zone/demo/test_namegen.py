"""Tests for the demo person-name generator."""

from __future__ import annotations

import re
from collections import Counter, deque

import pytest

from hetao.zone.demo.namegen import (
    DUPLICATE_WINDOW,
    ENGLISH_NAMES_F,
    ENGLISH_NAMES_M,
    GIVEN_CHARACTERS,
    MAX_DUPLICATES,
    ORIGINS,
    SURNAMES,
    GeneratedName,
    generate_names,
    join_hk,
    join_pinyin,
)

SURNAME_BY_HANS = {s.hans: s for s in SURNAMES}
GIVEN_BY_HANS = {g.hans: g for g in GIVEN_CHARACTERS}

HK_FAMILY = re.compile(r"^[A-Z][a-z]+(-[A-Z][a-z]+)?$")
HK_GIVEN = re.compile(r"^[A-Z][a-z]+(-[a-z]+)?$")
PINYIN_FAMILY = re.compile(r"^[A-Z][a-z]+$")
PINYIN_GIVEN = re.compile(r"^[A-Z][a-z]+('?[a-z]+)?$")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


@pytest.fixture(scope="module")
def samples() -> dict[str, list[GeneratedName]]:
    return {origin: generate_names(2000, origin=origin, seed=7) for origin in ORIGINS}


def test_generate_names_same_seed_same_list() -> None:
    first = generate_names(300, origin="hong_kong", seed=42)
    assert first == generate_names(300, origin="hong_kong", seed=42)


def test_generate_names_prefix_stable_for_longer_run() -> None:
    assert generate_names(50, origin="mainland", seed=3) == generate_names(80, origin="mainland", seed=3)[:50]


def test_generate_names_different_seed_different_list() -> None:
    assert generate_names(50, origin="mainland", seed=1) != generate_names(50, origin="mainland", seed=2)


def test_generate_names_same_seed_other_origin_different_people() -> None:
    hong_kong = [n.full_name_hans for n in generate_names(50, origin="hong_kong", seed=5)]
    macao = [n.full_name_hans for n in generate_names(50, origin="macao", seed=5)]
    assert hong_kong != macao


def test_generate_names_count_exact() -> None:
    assert len(generate_names(123, origin="overseas", seed=0)) == 123
    assert generate_names(0, origin="overseas", seed=0) == []


def test_generate_names_unknown_origin_raises() -> None:
    with pytest.raises(ValueError, match="unknown origin"):
        generate_names(1, origin="taiwan", seed=0)


def test_generate_names_negative_count_raises() -> None:
    with pytest.raises(ValueError, match="negative"):
        generate_names(-1, origin="mainland", seed=0)


def test_generated_names_origin_recorded(samples: dict[str, list[GeneratedName]]) -> None:
    for origin, names in samples.items():
        assert {n.origin for n in names} == {origin}


def test_generated_names_required_fields_non_empty(samples: dict[str, list[GeneratedName]]) -> None:
    for names in samples.values():
        for name in names:
            for field in (
                name.family_hans, name.given_hans, name.family_hant, name.given_hant,
                name.family_pinyin, name.given_pinyin, name.family_hk, name.given_hk,
            ):  # fmt: skip
                assert field.strip() == field
                assert field != ""
            assert name.sex in ("F", "M")


def test_generated_names_characters_are_han(samples: dict[str, list[GeneratedName]]) -> None:
    for names in samples.values():
        for name in names:
            assert HAN.match(name.full_name_hans), name
            assert HAN.match(name.full_name_hant), name


def test_generated_names_hk_romanisation_format(samples: dict[str, list[GeneratedName]]) -> None:
    for names in samples.values():
        for name in names:
            assert HK_FAMILY.match(name.family_hk), name.family_hk
            assert HK_GIVEN.match(name.given_hk), name.given_hk


def test_generated_names_pinyin_format(samples: dict[str, list[GeneratedName]]) -> None:
    for names in samples.values():
        for name in names:
            assert PINYIN_FAMILY.match(name.family_pinyin), name.family_pinyin
            assert PINYIN_GIVEN.match(name.given_pinyin), name.given_pinyin


def test_generated_names_english_name_from_list_by_sex(samples: dict[str, list[GeneratedName]]) -> None:
    for names in samples.values():
        for name in names:
            allowed = ENGLISH_NAMES_F if name.sex == "F" else ENGLISH_NAMES_M
            assert name.english_name == "" or name.english_name in allowed


def test_generated_names_match_tables_in_every_script(samples: dict[str, list[GeneratedName]]) -> None:
    for names in samples.values():
        for name in names:
            surname = SURNAME_BY_HANS[name.family_hans]
            assert (name.family_hant, name.family_pinyin, name.family_hk) == (
                surname.hant,
                surname.pinyin,
                surname.hk,
            )
            given = [GIVEN_BY_HANS[ch] for ch in name.given_hans]
            assert name.given_hant == "".join(g.hant for g in given)
            assert name.given_pinyin == join_pinyin([g.pinyin for g in given])
            assert name.given_hk == join_hk([g.hk for g in given])


def test_generated_names_sex_matches_characters(samples: dict[str, list[GeneratedName]]) -> None:
    for names in samples.values():
        for name in names:
            usages = [GIVEN_BY_HANS[ch].usage for ch in name.given_hans]
            assert all(usage in (name.sex, "any") for usage in usages), name
            assert name.sex in usages, name


def test_generated_names_given_characters_well_placed(samples: dict[str, list[GeneratedName]]) -> None:
    for names in samples.values():
        for name in names:
            chars = list(name.given_hans)
            assert len(set(chars)) == len(chars)
            assert not any(ch in name.family_hans for ch in chars)
            assert not GIVEN_BY_HANS[chars[-1]].first_only, name


def test_generated_names_duplicates_capped_per_window(samples: dict[str, list[GeneratedName]]) -> None:
    for names in samples.values():
        recent: dict[str, deque[int]] = {}
        for index, name in enumerate(names):
            seen = recent.setdefault(name.full_name_hans, deque())
            while seen and seen[0] <= index - DUPLICATE_WINDOW:
                seen.popleft()
            seen.append(index)
            assert len(seen) <= MAX_DUPLICATES, name.full_name_hans


def test_generated_names_first_500_at_most_three_of_a_name() -> None:
    for origin in ORIGINS:
        counts = Counter(n.full_name_hans for n in generate_names(500, origin=origin, seed=11))
        assert max(counts.values()) <= 3


def test_given_length_mainland_one_or_two(samples: dict[str, list[GeneratedName]]) -> None:
    lengths = Counter(len(n.given_hans) for n in samples["mainland"])
    assert set(lengths) == {1, 2}
    assert 0.2 < lengths[1] / 2000 < 0.4


def test_given_length_hong_kong_mostly_two(samples: dict[str, list[GeneratedName]]) -> None:
    lengths = Counter(len(n.given_hans) for n in samples["hong_kong"])
    assert lengths[2] / 2000 > 0.9


def test_english_name_share_by_origin(samples: dict[str, list[GeneratedName]]) -> None:
    share = {o: sum(1 for n in names if n.english_name) / len(names) for o, names in samples.items()}
    assert 0.30 < share["hong_kong"] < 0.40
    assert 0.0 < share["mainland"] < 0.15


def test_most_common_surname_by_origin(samples: dict[str, list[GeneratedName]]) -> None:
    hong_kong = Counter(n.family_hant for n in samples["hong_kong"]).most_common(1)[0][0]
    mainland = Counter(n.family_hans for n in samples["mainland"]).most_common(1)[0][0]
    assert hong_kong == "陳"
    assert mainland in {"王", "李", "张"}


def test_full_name_properties_join_parts() -> None:
    name = GeneratedName(
        origin="hong_kong",
        family_hans="陈",
        given_hans="大文",
        family_hant="陳",
        given_hant="大文",
        family_pinyin="Chen",
        given_pinyin="Dawen",
        family_hk="Chan",
        given_hk="Tai-man",
        english_name="Peter",
        sex="M",
    )
    assert name.full_name_hans == "陈大文"
    assert name.full_name_hant == "陳大文"
    assert name.full_name_pinyin == "Chen Dawen"
    assert name.full_name_hk == "Peter Chan Tai-man"


def test_join_pinyin_apostrophe_only_before_a_o_e() -> None:
    assert join_pinyin(["xi", "an"]) == "Xi'an"
    assert join_pinyin(["jia", "en"]) == "Jia'en"
    assert join_pinyin(["wen", "ou"]) == "Wen'ou"
    assert join_pinyin(["xiao", "ming"]) == "Xiaoming"
    assert join_pinyin(["an"]) == "An"


def test_join_hk_hyphen_and_lower_case() -> None:
    assert join_hk(["Tai", "Man"]) == "Tai-man"
    assert join_hk(["Wing"]) == "Wing"
    assert join_hk([]) == ""


def test_surname_table_size_and_unique() -> None:
    assert len(SURNAMES) >= 60
    assert len(SURNAME_BY_HANS) == len(SURNAMES)
    assert all(s.mainland_weight > 0 and s.hong_kong_weight > 0 for s in SURNAMES)


def test_given_table_size_and_unique() -> None:
    assert len(GIVEN_CHARACTERS) >= 120
    assert len(GIVEN_BY_HANS) == len(GIVEN_CHARACTERS)
    assert all(len(g.hans) == len(g.hant) == 1 for g in GIVEN_CHARACTERS)


def test_given_table_formats() -> None:
    for g in GIVEN_CHARACTERS:
        assert re.match(r"^[a-z]+$", g.pinyin), g
        assert re.match(r"^[A-Z][a-z]+$", g.hk), g


def test_surname_table_formats() -> None:
    for s in SURNAMES:
        assert PINYIN_FAMILY.match(s.pinyin), s
        assert HK_FAMILY.match(s.hk), s
        assert len(s.hans) == len(s.hant)


def test_english_name_lists_thirty_each_unique() -> None:
    assert len(ENGLISH_NAMES_M) == len(set(ENGLISH_NAMES_M)) == 30
    assert len(ENGLISH_NAMES_F) == len(set(ENGLISH_NAMES_F)) == 30
    assert not set(ENGLISH_NAMES_M) & set(ENGLISH_NAMES_F)


def test_surname_scripts_differ_exactly_where_table_says() -> None:
    differing = {(s.hans, s.hant) for s in SURNAMES if s.hans != s.hant}
    assert differing == {
        ("陈", "陳"), ("黄", "黃"), ("张", "張"), ("刘", "劉"), ("吴", "吳"), ("叶", "葉"),
        ("罗", "羅"), ("郑", "鄭"), ("杨", "楊"), ("谢", "謝"), ("许", "許"), ("邓", "鄧"),
        ("冯", "馮"), ("钟", "鍾"), ("麦", "麥"), ("欧阳", "歐陽"), ("区", "區"), ("单", "單"),
        ("诸葛", "諸葛"), ("司马", "司馬"), ("孙", "孫"), ("马", "馬"), ("赵", "趙"), ("苏", "蘇"),
        ("卢", "盧"), ("蒋", "蔣"), ("韩", "韓"), ("温", "溫"), ("邝", "鄺"), ("龚", "龔"),
        ("严", "嚴"), ("钱", "錢"), ("汤", "湯"), ("萧", "蕭"), ("谭", "譚"), ("关", "關"),
        ("韦", "韋"), ("简", "簡"), ("颜", "顏"), ("庄", "莊"), ("陆", "陸"), ("龙", "龍"),
        ("邹", "鄒"), ("贺", "賀"), ("万", "萬"), ("贾", "賈"), ("车", "車"), ("聂", "聶"),
        ("鲁", "魯"), ("连", "連"), ("顾", "顧"), ("欧", "歐"),
    }  # fmt: skip


def test_surname_same_in_both_scripts_where_conversion_would_be_wrong() -> None:
    # A blind converter turns these into 於, 餘, 範, 薑, 瀋, 穀 and 樸: wrong for surnames.
    for hans in ("于", "余", "范", "姜", "沈", "谷", "朴"):
        assert SURNAME_BY_HANS[hans].hant == hans


def test_given_scripts_differ_exactly_where_table_says() -> None:
    differing = {g.hans + g.hant for g in GIVEN_CHARACTERS if g.hans != g.hant}
    assert differing == {
        "伟偉", "华華", "国國", "颖穎", "丽麗", "静靜", "强強", "辉輝", "杰傑", "晓曉", "诗詩",
        "轩軒", "泽澤", "涛濤", "鹏鵬", "飞飛", "军軍", "刚剛", "东東", "荣榮", "龙龍", "爱愛",
        "兰蘭", "红紅", "莹瑩", "洁潔", "宝寶", "凤鳳", "云雲", "悦悅", "凯凱", "宁寧", "诚誠",
        "义義", "礼禮", "乐樂", "达達", "发發", "贵貴", "兴興", "锦錦", "坚堅", "启啟", "铭銘",
        "灵靈", "阳陽", "贤賢", "骏駿", "晖暉", "伦倫", "咏詠", "颂頌", "恒恆", "鸿鴻", "晋晉",
        "欢歡", "翘翹", "瑶瑤", "韵韻", "艺藝", "梦夢",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("hans", "hant", "pinyin", "hk"),
    [
        ("张", "張", "Zhang", "Cheung"),
        ("曾", "曾", "Zeng", "Tsang"),
        ("欧阳", "歐陽", "Ouyang", "Au-Yeung"),
        ("陈", "陳", "Chen", "Chan"),
        ("黄", "黃", "Huang", "Wong"),
        ("王", "王", "Wang", "Wong"),
        ("吴", "吳", "Wu", "Ng"),
        ("钟", "鍾", "Zhong", "Chung"),
        ("于", "于", "Yu", "Yu"),
        ("区", "區", "Ou", "Au"),
        ("单", "單", "Shan", "Shin"),
        ("仇", "仇", "Qiu", "Kau"),
        ("解", "解", "Xie", "Hai"),
        ("查", "查", "Zha", "Cha"),
        ("朴", "朴", "Piao", "Pok"),
        ("司徒", "司徒", "Situ", "Szeto"),
        ("上官", "上官", "Shangguan", "Sheung-Kwun"),
        ("诸葛", "諸葛", "Zhuge", "Chu-Kot"),
    ],
)
def test_surname_spot_check(hans: str, hant: str, pinyin: str, hk: str) -> None:
    surname = SURNAME_BY_HANS[hans]
    assert (surname.hant, surname.pinyin, surname.hk) == (hant, pinyin, hk)


@pytest.mark.parametrize(
    ("hans", "hant", "pinyin", "hk"),
    [
        ("伟", "偉", "wei", "Wai"),
        ("大", "大", "da", "Tai"),
        ("文", "文", "wen", "Man"),
        ("颖", "穎", "ying", "Wing"),
        ("晓", "曉", "xiao", "Hiu"),
        ("子", "子", "zi", "Tsz"),
        ("诗", "詩", "shi", "Sze"),
        ("雅", "雅", "ya", "Nga"),
        ("欣", "欣", "xin", "Yan"),
        ("杰", "傑", "jie", "Kit"),
    ],
)
def test_given_character_spot_check(hans: str, hant: str, pinyin: str, hk: str) -> None:
    given = GIVEN_BY_HANS[hans]
    assert (given.hant, given.pinyin, given.hk) == (hant, pinyin, hk)
