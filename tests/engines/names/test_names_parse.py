"""parse_person_name: every input form."""

import pytest

from hetao.engines.names import NameVariant, parse_person_name


def _forms(text: str) -> set[tuple[tuple[str, ...], tuple[str, ...], str]]:
    return {(v.family, v.given, v.system) for v in parse_person_name(text).variants}


def test_parse_simplified_splits_family_and_keeps_both_scripts() -> None:
    parsed = parse_person_name("张伟")
    assert (parsed.hanzi_simplified, parsed.hanzi_traditional) == ("张伟", "張偉")
    assert (parsed.family_hanzi, parsed.given_hanzi) == ("张", "伟")
    assert _forms("张伟") == {
        (("张",), ("伟",), "hanzi"),
        (("zhang",), ("wei",), "pinyin"),
        (("zoeng",), ("wai",), "jyutping"),
        (("cheung",), ("wai",), "hk"),
    }


def test_parse_traditional_path_shows_cantonese_reading() -> None:
    paths = [v.path for v in parse_person_name("張偉").variants]
    assert "Traditional 張偉 -> Cantonese zoeng1 wai5 -> CHEUNG Wai" in paths


def test_parse_compound_surname_first() -> None:
    parsed = parse_person_name("歐陽修")
    assert (parsed.family_hanzi, parsed.given_hanzi) == ("欧阳", "修")
    assert (("au", "yeung"), ("sau",), "hk") in _forms("歐陽修")


def test_parse_pinyin_with_tones_and_no_order_hint_gives_both_orders() -> None:
    assert _forms("zhāng wěi") == {(("zhang",), ("wei",), "pinyin"), (("wei",), ("zhang",), "pinyin")}


def test_parse_run_together_pinyin_is_segmented() -> None:
    assert (("zhang",), ("wei",), "pinyin") in _forms("zhangwei")
    assert (("wang",), ("xiao", "ming"), "pinyin") in _forms("Xiaoming Wang")


def test_parse_caps_family_hint() -> None:
    assert _forms("Tai Man CHAN") == {(("chan",), ("tai", "man"), "latin")}


def test_parse_english_first_name_is_set_aside() -> None:
    parsed = parse_person_name("Peter CHAN Tai-man")
    assert parsed.english_names == ("peter",)
    assert _forms("Peter CHAN Tai-man") == {(("chan",), ("tai", "man"), "latin")}


@pytest.mark.parametrize("text", ["T. M. Chan", "Chan T M", "T.M. Chan"])
def test_parse_initials(text: str) -> None:
    assert _forms(text) == {(("chan",), ("t", "m"), "latin")}


def test_parse_comma_puts_family_first() -> None:
    assert _forms("Chan, Tai Man") == {(("chan",), ("tai", "man"), "latin")}


def test_parse_jyutping_with_tones() -> None:
    assert _forms("zoeng1 wai5") == {(("zoeng",), ("wai",), "jyutping"), (("cheung",), ("wai",), "hk")}


def test_parse_hyphenated_compound_surname_spelling() -> None:
    assert (("au", "yeung"), ("tai", "man"), "hk") in _forms("Au-Yeung Tai Man")
    assert (("au", "yeung"), ("tai", "man"), "hk") in _forms("Au Yeung Tai Man")


def test_parse_variants_carry_paths() -> None:
    variant = parse_person_name("Wai Cheung").variants[1]
    assert variant == NameVariant(("cheung",), ("wai",), "hk", "'Wai Cheung' (family name last) -> CHEUNG Wai")


def test_parse_empty_raises() -> None:
    with pytest.raises(ValueError, match="no name found"):
        parse_person_name(" ,. ")


def test_variant_unknown_system_raises() -> None:
    with pytest.raises(ValueError, match="unknown name system"):
        NameVariant(("chan",), (), "klingon", "")
