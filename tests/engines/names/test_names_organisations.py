"""Organisation names: legal forms, concepts across languages, acronyms and aliases."""

import pytest

from hetao.engines.names import DEFAULT_THRESHOLD, compare_organisation_names, normalise_organisation_name

HKUST_EN = "The Hong Kong University of Science and Technology"


def test_normalise_english_drops_generic_words_and_maps_concepts() -> None:
    name = normalise_organisation_name(HKUST_EN)
    assert name.core_tokens == ("hong_kong", "university", "science_technology")
    assert name.acronym == "hkust"


def test_normalise_chinese_unifies_scripts() -> None:
    assert normalise_organisation_name("香港科技大學").core_tokens == ("hong_kong", "science_technology", "university")
    assert normalise_organisation_name("华为技术有限公司").core_tokens == ("huawei", "technology")


@pytest.mark.parametrize("alias", ["HKUST", "港科大", "香港科技大學"])
def test_compare_hkust_aliases_match(alias: str) -> None:
    assert compare_organisation_names(alias, HKUST_EN).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"), [("Acme Limited", "Acme Ltd."), ("Acme Limited", "Acme有限公司"), ("Acme Co., Inc.", "ACME")]
)
def test_compare_legal_forms_are_ignored(a: str, b: str) -> None:
    assert compare_organisation_names(a, b).score == 1.0


def test_compare_different_universities_do_not_match() -> None:
    assert compare_organisation_names("香港大学", HKUST_EN).score < DEFAULT_THRESHOLD


def test_compare_aliases_are_used() -> None:
    match = compare_organisation_names(
        "Hetao Lab",
        "深港科技创新合作区",
        aliases_a=["Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone"],
    )
    assert match.score == 1.0


def test_compare_is_symmetric() -> None:
    assert (
        compare_organisation_names("HKUST", "香港科技大學").score
        == compare_organisation_names("香港科技大學", "HKUST").score
    )
