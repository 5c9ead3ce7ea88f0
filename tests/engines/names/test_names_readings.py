"""Readings: surname tables, pypinyin and PyCantonese readings, Hong Kong spellings."""

import pytest

from hetao.engines.names import parse_person_name
from hetao.engines.names._readings import cantonese, hk_spellings, mandarin, to_simplified
from hetao.zone.demo.namegen import GIVEN_CHARACTERS, SURNAMES


def _pinyin_family(name: str) -> tuple[str, ...]:
    return next(v.family for v in parse_person_name(name).variants if v.system == "pinyin")


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("单伟", "shan"),
        ("曾伟", "zeng"),
        ("区伟", "ou"),
        ("仇伟", "qiu"),
        ("解伟", "xie"),
        ("查伟", "zha"),
        ("朴伟", "piao"),
    ],
)
def test_surname_reading_polyphonic_uses_surname_table(name: str, family: str) -> None:
    assert _pinyin_family(name) == (family,)


def test_surname_reading_compound_is_one_pinyin_word() -> None:
    assert _pinyin_family("欧阳修") == ("ouyang",)
    assert _pinyin_family("歐陽修") == ("ouyang",)


def test_to_simplified_is_lossy_so_original_is_kept() -> None:
    assert to_simplified("鍾") == to_simplified("鐘") == "钟"
    assert parse_person_name("鍾偉").hanzi_traditional == "鍾偉"


def test_cantonese_reads_traditional_converted_from_simplified() -> None:
    assert parse_person_name("张伟").hanzi_traditional == "張偉"
    assert cantonese("張偉") == ("zoeng1", "wai5")


def test_hk_spellings_ambiguous_syllables_give_alternatives() -> None:
    assert hk_spellings("zi2") == ("chi", "tsz", "tsze")
    assert hk_spellings("zau1") == ("chau", "chow")
    assert hk_spellings("zoeng1") == ("cheung",)


def test_hk_spellings_rule_for_unlisted_syllables() -> None:
    assert hk_spellings("gwok3") == ("kwok",)
    assert hk_spellings("hoeng1") == ("heung", "heong")
    assert hk_spellings("heoi2") == ("hui",)


def test_demo_given_characters_readings_agree_with_curated_tables() -> None:
    disagreements = [
        g.hans
        for g in GIVEN_CHARACTERS
        if mandarin(g.hans) != (g.pinyin,) or g.hk.lower() not in hk_spellings(cantonese(g.hant)[0])
    ]
    assert disagreements == []


def test_demo_surnames_readings_agree_with_curated_tables() -> None:
    disagreements = []
    for surname in SURNAMES:
        parsed = parse_person_name(surname.hans + "伟")
        pinyin = {v.family for v in parsed.variants if v.system == "pinyin"}
        hk = {"".join(v.family) for v in parsed.variants if v.system == "hk"}
        if pinyin != {(surname.pinyin.lower(),)} or surname.hk.lower().replace("-", "") not in hk:
            disagreements.append(surname.hans)
        if parsed.hanzi_traditional != surname.hant + "偉":
            disagreements.append(surname.hans)
    assert disagreements == []
