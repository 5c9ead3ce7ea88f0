"""Readings filled in from the curated rows, validation of the tables, and the written forms of a name."""

from __future__ import annotations

import dataclasses
import re

import pytest

from hetao.engines.names_testdata import (
    HK_STYLES,
    PINYIN_STYLES,
    ComposedName,
    GivenReadings,
    NameTables,
    SurnameReadings,
)
from tests.engines.names_testdata.demo_tables import demo_tables


def _name(family: str, given: str, english: str = "") -> ComposedName:
    tables = demo_tables()
    return ComposedName(tables.surname(family), tuple(tables.given_character(ch) for ch in given), english)


def test_tables_from_rows_fills_surname_readings() -> None:
    zhang = demo_tables().surname("张")
    assert (zhang.hant, zhang.pinyin, zhang.pinyin_tones, zhang.hk, zhang.jyutping, zhang.polyphonic) == (
        "張",
        "zhang",
        "zhāng",
        "cheung",
        ("zoeng1",),
        False,
    )


def test_tables_from_rows_uses_surname_readings_of_polyphonic_characters() -> None:
    tables = demo_tables()
    zeng, ou, shan = tables.surname("曾"), tables.surname("區"), tables.surname("单")
    assert (zeng.pinyin_tones, zeng.hk, zeng.jyutping) == ("zēng", "tsang", ("zang1",))
    assert (ou.pinyin_tones, ou.hk, ou.jyutping) == ("ōu", "au", ("au1",))
    assert (shan.pinyin_tones, shan.hk, shan.jyutping) == ("shàn", "shin", ("sin6",))
    assert {s.hans for s in tables.surnames if s.polyphonic} == {"曾", "区", "单", "仇", "解", "查", "朴"}


def test_tables_from_rows_reads_compound_surnames_per_character() -> None:
    ouyang = demo_tables().surname("歐陽")
    assert (ouyang.hans, ouyang.pinyin_tones, ouyang.hk, ouyang.jyutping) == (
        "欧阳",
        "ōuyáng",
        "au-yeung",
        ("au1", "joeng4"),
    )
    assert demo_tables().surname("司徒").hk == "szeto"


def test_tables_from_rows_weights_given_characters_by_order() -> None:
    given = demo_tables().given_characters
    wei = demo_tables().given_character("偉")
    assert (wei.hans, wei.pinyin_tones, wei.hk, wei.jyutping) == ("伟", "wěi", "wai", "wai5")
    assert [g.weight for g in given] == sorted((g.weight for g in given), reverse=True)
    assert given[0].weight > 20 * given[-1].weight


def test_every_jyutping_syllable_has_a_tone() -> None:
    tables = demo_tables()
    syllables = [s for surname in tables.surnames for s in surname.jyutping]
    syllables += [g.jyutping for g in tables.given_characters]
    assert [s for s in syllables if not re.fullmatch(r"[a-z]+[1-6]", s)] == []


def test_surname_readings_refuses_pinyin_with_tones_that_spell_another_syllable() -> None:
    with pytest.raises(ValueError, match=r"^surname '张': pinyin with tones 'zhēng' does not spell 'zhang'$"):
        SurnameReadings("张", "張", "zhang", "zhēng", "cheung", ("zoeng1",), 1, 1)


def test_surname_readings_refuses_a_jyutping_syllable_count_unlike_the_characters() -> None:
    with pytest.raises(ValueError, match=r"^surname '欧阳': one Jyutping syllable with its tone per character$"):
        SurnameReadings("欧阳", "歐陽", "ouyang", "ōuyáng", "au-yeung", ("au1",), 1, 1)


def test_given_readings_refuses_an_unknown_usage() -> None:
    with pytest.raises(ValueError, match=r"^given character '伟': usage 'X' is not one of"):
        GivenReadings("伟", "偉", "wei", "wěi", "wai", "wai5", "X", "both")


def test_name_tables_refuse_a_surname_listed_twice() -> None:
    zhang = demo_tables().surname("张")
    with pytest.raises(ValueError, match=r"^'张' appears twice in one table$"):
        NameTables((zhang, zhang), demo_tables().given_characters)


def test_name_tables_look_up_both_scripts_and_refuse_unknown_characters() -> None:
    tables = demo_tables()
    assert tables.surname("陳") is tables.surname("陈")
    assert tables.given_character("華") is tables.given_character("华")
    with pytest.raises(ValueError, match=r"^surname '章' is not in the tables$"):
        tables.surname("章")


def test_composed_name_writes_zhang_wei_in_every_pinyin_style() -> None:
    name = _name("张", "伟")
    assert (name.hans, name.hant) == ("张伟", "張偉")
    assert {style: name.pinyin(style) for style in PINYIN_STYLES} == {
        "standard": "Zhang Wei",
        "passport": "ZHANG Wei",
        "lower": "zhang wei",
        "upper": "ZHANG WEI",
        "tones": "Zhāng Wěi",
        "western": "Wei Zhang",
        "western_upper": "Wei ZHANG",
        "joined": "Zhangwei",
        "spaced": "Zhang Wei",
        "hyphenated": "Wei Zhang",
    }


def test_composed_name_writes_cheung_wai_and_zoeng1_wai5() -> None:
    name = _name("張", "偉")
    assert (name.hk("upper_family"), name.hk("western"), name.hk("comma")) == (
        "CHEUNG Wai",
        "Wai Cheung",
        "CHEUNG, Wai",
    )
    assert name.jyutping() == "zoeng1 wai5"
    assert name.initials("western") == "W. Cheung"


def test_composed_name_writes_chan_tai_man_in_every_hong_kong_style() -> None:
    name = _name("陳", "大文", "Peter")
    assert {style: name.hk(style) for style in HK_STYLES} == {
        "standard": "Chan Tai-man",
        "upper_family": "CHAN Tai-man",
        "id_card": "CHAN Tai Man",
        "comma": "CHAN, Tai Man",
        "upper": "CHAN TAI MAN",
        "western": "Tai Man Chan",
        "western_upper": "Tai Man CHAN",
        "western_hyphen": "Tai-man Chan",
    }
    assert (name.jyutping("spaced"), name.jyutping("capitalised")) == ("can4 daai6 man4", "Can4 Daai6 Man4")


def test_composed_name_writes_initials_and_english_names() -> None:
    name = _name("陳", "大文", "Peter")
    assert name.initials("western") == "T. M. Chan"
    assert name.initials("western_compact") == "T.M. Chan"
    assert name.initials("family_first") == "Chan T M"
    assert name.initials("comma") == "Chan, T. M."
    assert name.initials("western", system="pinyin", per_syllable=False) == "D. Chen"
    assert name.with_english("english_first") == "Peter CHAN Tai-man"
    assert name.with_english("english_last") == "CHAN Tai-man, Peter"
    assert name.with_english("english_first", system="pinyin") == "Peter CHEN Dawen"


def test_composed_name_writes_compound_surnames_and_apostrophes() -> None:
    name = _name("欧阳", "嘉安")
    assert name.pinyin("standard") == "Ouyang Jia'an"
    assert name.pinyin("tones") == "Ōuyáng Jiā'ān"
    assert name.pinyin("joined") == "Ouyangjia'an"
    assert name.hk("upper_family") == "AU-YEUNG Ka-on"
    assert name.jyutping() == "au1 joeng4 gaa1 on1"
    assert name.initials("western", system="pinyin") == "J. A. Ouyang"


def test_composed_name_refuses_an_unknown_style() -> None:
    with pytest.raises(ValueError, match=r"^unknown pinyin style 'fancy'; expected one of standard, passport"):
        _name("张", "伟").pinyin("fancy")


def test_composed_name_refuses_an_english_form_without_an_english_name() -> None:
    with pytest.raises(ValueError, match=r"^张伟 has no English name$"):
        _name("张", "伟").with_english()


def test_composed_name_is_a_value() -> None:
    name = _name("张", "伟")
    assert dataclasses.replace(name) == name
