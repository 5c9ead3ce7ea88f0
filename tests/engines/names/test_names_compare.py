"""compare_person_names: the examples of issue 3."""

import itertools

import pytest

from hetao.engines.names import DEFAULT_THRESHOLD, compare_person_names

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
