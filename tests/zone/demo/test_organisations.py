"""Tests for the demo organisations."""

from __future__ import annotations

import itertools
import re

import pytest

from hetao.zone.demo.organisations import (
    KINDS,
    ORGANISATIONS,
    ORGANISATIONS_BY_KEY,
    PARKS,
    DemoOrganisation,
    organisations_of,
)

KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_organisations_count_at_least_48() -> None:
    assert len(ORGANISATIONS) >= 48


def test_organisations_keys_unique_slugs() -> None:
    keys = [org.key for org in ORGANISATIONS]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert KEY.match(key), key
    assert set(ORGANISATIONS_BY_KEY) == set(keys)


def test_organisations_every_kind_on_every_side() -> None:
    covered = {(org.kind, org.park) for org in ORGANISATIONS}
    assert covered == set(itertools.product(KINDS, (*PARKS, None)))


def test_organisations_kinds_and_parks_known() -> None:
    for org in ORGANISATIONS:
        assert org.kind in KINDS
        assert org.park in (*PARKS, None)


def test_organisations_names_non_empty_in_three_scripts() -> None:
    for org in ORGANISATIONS:
        for name in (org.name_en, org.name_hans, org.name_hant):
            assert name.strip() == name
            assert name != ""
        assert HAN.search(org.name_hans), org.key
        assert HAN.search(org.name_hant), org.key
        assert not HAN.search(org.name_en), org.key


def test_organisations_chinese_names_convert_character_by_character() -> None:
    for org in ORGANISATIONS:
        assert len(org.name_hans) == len(org.name_hant), org.key


def test_organisations_country_codes_match_side() -> None:
    for org in ORGANISATIONS:
        assert COUNTRY.match(org.country), org.key
        if org.park == "HK":
            assert org.country == "HK", org.key
        if org.park == "SZ":
            assert org.country == "CN", org.key


def test_organisations_aliases_distinct_and_non_empty() -> None:
    for org in ORGANISATIONS:
        assert len(org.aliases) == len(set(org.aliases)), org.key
        for alias in org.aliases:
            assert alias.strip() == alias
            assert alias != ""
            assert alias not in (org.name_en, org.name_hans, org.name_hant), org.key


def test_organisations_fictional_ones_marked_in_key() -> None:
    fictional = {org.key for org in ORGANISATIONS if org.fictional}
    assert fictional == {
        "fictional-hetao-quantum-devices",
        "fictional-futian-photonics",
        "fictional-loop-biomedical",
        "fictional-harbourside-robotics",
        "fictional-sham-chun-river-materials",
        "fictional-cambridge-lattice",
    }
    assert {ORGANISATIONS_BY_KEY[key].kind for key in fictional} == {"enterprise"}


@pytest.mark.parametrize(
    ("key", "park", "name_en", "name_hans", "name_hant"),
    [
        ("hku", "HK", "The University of Hong Kong", "香港大学", "香港大學"),
        ("hkust", "HK", "The Hong Kong University of Science and Technology", "香港科技大学", "香港科技大學"),
        ("sustech", "SZ", "Southern University of Science and Technology", "南方科技大学", "南方科技大學"),
        ("siat", "SZ", "Shenzhen Institutes of Advanced Technology, Chinese Academy of Sciences",
         "中国科学院深圳先进技术研究院", "中國科學院深圳先進技術研究院"),
        ("astri", "HK", "Hong Kong Applied Science and Technology Research Institute",
         "香港应用科技研究院", "香港應用科技研究院"),
        ("pengcheng-lab", "SZ", "Peng Cheng Laboratory", "鹏城实验室", "鵬城實驗室"),
        ("scgc", "SZ", "Shenzhen Capital Group Co., Ltd.",
         "深圳市创新投资集团有限公司", "深圳市創新投資集團有限公司"),
        ("stc", "HK", "The Hong Kong Standards and Testing Centre",
         "香港标准及检定中心", "香港標準及檢定中心"),
        ("itib", "HK", "Innovation, Technology and Industry Bureau", "创新科技及工业局", "創新科技及工業局"),
        ("futian-customs", "SZ", "Futian Customs", "福田海关", "福田海關"),
        ("hk-customs", "HK", "Customs and Excise Department", "香港海关", "香港海關"),
        ("cambridge", None, "University of Cambridge", "剑桥大学", "劍橋大學"),
    ],
)  # fmt: skip
def test_organisation_spot_check(key: str, park: str | None, name_en: str, name_hans: str, name_hant: str) -> None:
    org = ORGANISATIONS_BY_KEY[key]
    assert (org.park, org.name_en, org.name_hans, org.name_hant) == (park, name_en, name_hans, name_hant)


def test_organisation_hkust_aliases() -> None:
    assert ORGANISATIONS_BY_KEY["hkust"].aliases == ("HKUST", "港科大", "科大")


def test_organisations_of_filters_kind_and_side() -> None:
    assert [org.key for org in organisations_of("customs", park="HK")] == ["hk-customs"]
    assert [org.key for org in organisations_of("customs", park="outside")] == ["gacc", "macao-customs"]
    assert organisations_of() == list(ORGANISATIONS)
    assert all(org.park == "SZ" for org in organisations_of(park="SZ"))


def test_organisations_of_unknown_kind_raises() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        organisations_of("museum")


def test_organisations_of_unknown_park_raises() -> None:
    with pytest.raises(ValueError, match="unknown park"):
        organisations_of(park="MO")


def test_demo_organisation_frozen() -> None:
    org: DemoOrganisation = ORGANISATIONS[0]
    with pytest.raises(AttributeError):
        org.key = "other"  # type: ignore[misc]
