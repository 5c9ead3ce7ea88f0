"""compare_person_names: the examples of issue 3."""

import itertools

import pytest

from hetao.engines.names import DEFAULT_THRESHOLD, compare_person_names, parse_person_name

ZHANG_WEI = ["张伟", "張偉", "Zhang Wei", "CHEUNG Wai", "Wai Cheung", "W. Cheung"]
CHAN_TAI_MAN = ["Peter CHAN Tai-man", "陳大文", "Tai Man Chan", "T. M. Chan"]


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(ZHANG_WEI, 2)))
def test_compare_zhang_wei_forms_match(a: str, b: str) -> None:
    assert compare_person_names(a, b).score >= DEFAULT_THRESHOLD


def test_compare_pinyin_and_hk_spellings_meet_through_surname_and_character_readings() -> None:
    match = compare_person_names("Zhang Wei", "CHEUNG Wai")
    assert match.score == 0.874
    assert match.explanation.endswith(
        "(one surname in two romanisations, given name read in Mandarin on one side, Cantonese on the other)"
    )


def test_compare_homophone_characters_do_not_match() -> None:
    match = compare_person_names("张伟", "章伟")
    assert match.score == 0.25
    assert match.explanation == "Simplified 张伟 = Simplified 章伟 (different characters)"


def test_compare_simplified_and_traditional_score_one() -> None:
    assert compare_person_names("陳大文", "陈大文").score == 1.0


def test_compare_characters_and_pinyin_score_one() -> None:
    match = compare_person_names("习近平", "Xi Jinping")
    assert match.score == 1.0
    assert match.explanation == (
        "Simplified 习近平 -> Mandarin xi jin ping -> XI Jinping = "
        "'Xi Jinping' (family name first) -> XI Jinping (exact)"
    )


@pytest.mark.parametrize(
    ("a", "b"), [("欧阳", "歐陽"), ("欧阳", "Au-Yeung"), ("歐陽", "Ouyang"), ("Au-Yeung", "Ouyang")]
)
def test_compare_ouyang_forms_match(a: str, b: str) -> None:
    assert compare_person_names(a, b).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(CHAN_TAI_MAN, 2)))
def test_compare_chan_tai_man_forms_match(a: str, b: str) -> None:
    assert compare_person_names(a, b).score >= DEFAULT_THRESHOLD


def test_compare_initials_score_below_exact() -> None:
    assert compare_person_names("陳大文", "T. M. Chan").score == 0.9
    assert compare_person_names("陳大文", "Chan Tai Man").score == 1.0


def test_compare_english_name_on_one_side_costs_a_little() -> None:
    assert compare_person_names("Peter CHAN Tai-man", "陳大文").score == 0.97


def test_compare_different_given_name_same_family_below_threshold() -> None:
    match = compare_person_names("Chan Tai-man", "Chan Siu-ming")
    assert match.score < DEFAULT_THRESHOLD
    assert match.explanation.endswith("(different given names)")


def test_compare_joined_and_hyphenated_given_names_equal() -> None:
    assert compare_person_names("Chan Taiman", "Chan Tai-man").score == 1.0
    assert compare_person_names("Chan Tai Man", "Chan Tai-man").score == 1.0


def test_compare_hk_spelling_alternatives_equal() -> None:
    assert compare_person_names("Chow Tai Man", "Chau Tai-man").score == 1.0
    assert compare_person_names("陳子明", "Chan Chi Ming").score == 1.0
    assert compare_person_names("陳子明", "Chan Tsz Ming").score == 1.0


def test_compare_explanation_contains_both_paths() -> None:
    match = compare_person_names("張偉", "CHEUNG Wai")
    assert match.explanation == (
        "Traditional 張偉 -> Cantonese zoeng1 wai5 -> CHEUNG Wai = 'CHEUNG Wai' (family name in capitals) -> "
        "CHEUNG Wai (exact)"
    )
    assert match.left is not None
    assert match.left.system == "hk"


def test_compare_different_english_names_below_threshold() -> None:
    assert compare_person_names("Peter Chan", "David Chan").score == 0.8


def test_compare_rejects_other_types() -> None:
    with pytest.raises(TypeError):
        compare_person_names(42, "Chan")  # type: ignore[arg-type]


# Regression tests for the misses measured by benchmarks/bench_names_quality.py (issue 3).


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("司徒華潔", "si1 tou4 waa4 git3"),
        ("欧阳东德", "au1 joeng4 dung1 dak1"),
        ("上官文斌", "Soeng6 Gun1 Man4 Ban1"),
        ("黃富波", "wong4 fu3 bo1"),  # wong4 fu3 looks like 皇甫 but is 黃 + 富
    ],
)
def test_compare_jyutping_compound_surnames(a: str, b: str) -> None:
    assert compare_person_names(a, b).score >= DEFAULT_THRESHOLD


def test_parse_jyutping_compound_surname_uses_table_spelling() -> None:
    forms = {(v.family, v.given, v.system) for v in parse_person_name("si1 tou4 waa4 git3").variants}
    assert (("szeto",), ("wah", "kit"), "hk") in forms


@pytest.mark.parametrize(
    ("a", "b"),
    [("陈婷", "can4 ting4"), ("曾敏", "Zang1 Man5"), ("陳紫麗", "can4 zi2 lai6"), ("鄧子禮", "Dang6 Zi2 Lai5")],
)
def test_compare_jyutping_is_read_family_first(a: str, b: str) -> None:
    match = compare_person_names(a, b)
    assert match.score >= DEFAULT_THRESHOLD, match.explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("陳安信", "CHAN On-shun, Jacky"),
        ("曹梓恩", "TSO Tsz-yan, Terence"),
        ("Jacky CHAN On-shun", "CHAN On-shun, Jacky"),
    ],
)
def test_compare_gazette_form_with_english_name_after_comma(a: str, b: str) -> None:
    assert compare_person_names(a, b).score >= DEFAULT_THRESHOLD


def test_parse_gazette_form_sets_english_name_aside() -> None:
    parsed = parse_person_name("CHAN On-shun, Jacky")
    assert parsed.english_names == ("jacky",)
    assert {(v.family, v.given) for v in parsed.variants} == {(("chan",), ("on", "shun"))}
    # "Family, Given" with one word before the comma keeps its meaning.
    assert {(v.family, v.given) for v in parse_person_name("Chan, Tai Man").variants} == {(("chan",), ("tai", "man"))}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zhang Yimin", "Zhang Y."),
        ("Xu Dawen", "D. Xu"),
        ("Luo Jiahua", "Luo, J."),
        ("Cai Qi'an", "Q. Cai"),
        ("张欣英", "X. Zhang"),
    ],
)
def test_compare_single_initial_of_one_word_pinyin_given_name(a: str, b: str) -> None:
    assert compare_person_names(a, b).score == pytest.approx(0.9)


def test_compare_single_initial_of_two_syllable_given_name_stays_partial() -> None:
    assert compare_person_names("Cheung Wai-man", "W. Cheung").score == pytest.approx(0.8)
    assert compare_person_names("Zhang Yi Min", "Zhang Y.").score == pytest.approx(0.8)
    # The one-word reading is Mandarin; a Cantonese family name with it is not the same writer.
    assert compare_person_names("张伟民", "W. Cheung").score < DEFAULT_THRESHOLD


def test_compare_cross_reading_of_given_name_needs_no_characters() -> None:
    # 蔚 is wei in Mandarin, wai in Cantonese; "mei" is the Cantonese of 微, not of 蔚.
    assert compare_person_names("邵蔚", "Mei Shao").score < DEFAULT_THRESHOLD
    assert compare_person_names("邵蔚", "Shao Wei").score == 1.0
    assert compare_person_names("Wong Ka Wah", "Huang Jiahua").score >= DEFAULT_THRESHOLD


def test_segmentation_keeps_final_n_with_its_syllable() -> None:
    assert compare_person_names("Hé Jǐnguì", "HO, Kam Kwai").score >= DEFAULT_THRESHOLD
    assert compare_person_names("Ma Wenyu", "Ma Man-yuk").score >= DEFAULT_THRESHOLD


def test_compare_two_lone_words_are_not_fuzzy_family_names() -> None:
    assert compare_person_names("Zhangxiaoxiu", "Zhangxiaoyi").score < DEFAULT_THRESHOLD
