"""The public API: kinds, errors, masking."""

import dataclasses

import pytest

from hetao.engines.identifiers import (
    IdentifierKind,
    IdentifierProblem,
    IdentifierResult,
    check_character,
    make_valid,
    mask,
    validate,
)


def test_kind_values_are_stable() -> None:
    assert [k.value for k in IdentifierKind] == [
        "cn_uscc",
        "hk_br",
        "hk_cr",
        "cn_ric",
        "hkid",
        "hk_mtp",
        "cn_eep",
        "passport",
    ]


def test_validate_accepts_member_name() -> None:
    assert validate("HKID", "A123456(3)").kind is IdentifierKind.HKID


def test_validate_unknown_kind_names_allowed_kinds() -> None:
    with pytest.raises(ValueError, match=r"unknown identifier kind 'ssn'; allowed kinds: 'cn_uscc', 'hk_br'"):
        validate("ssn", "123")


def test_validate_non_string_value_raises() -> None:
    with pytest.raises(TypeError, match="value must be a str"):
        validate("hkid", 1234563)  # type: ignore[arg-type]


def test_validate_keeps_raw_value() -> None:
    result = validate("hkid", " a123456(3) ")
    assert result == IdentifierResult(
        kind=IdentifierKind.HKID,
        raw=" a123456(3) ",
        normalised="A1234563",
        problems=(),
        details={"prefix": "A", "check_character": "3", "display": "A123456(3)"},
    )


def test_country_ignored_for_other_kinds() -> None:
    assert validate("hkid", "A123456(3)", country="FRA").valid is True


def test_results_are_frozen() -> None:
    result = validate("hkid", "A123456(3)")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.normalised = "X"  # type: ignore[misc]


def test_problem_defaults() -> None:
    assert IdentifierProblem(code="x", message="y") == IdentifierProblem("x", "y", None, {})


def test_check_character_unknown_kind_raises() -> None:
    with pytest.raises(ValueError, match="unknown identifier kind"):
        check_character("nope", "123")


def test_check_character_for_passport_raises() -> None:
    with pytest.raises(ValueError, match=r"'passport' has no check character; kinds with one: 'cn_uscc'"):
        check_character(IdentifierKind.PASSPORT, "E1234567")


def test_make_valid_for_permit_raises() -> None:
    with pytest.raises(ValueError, match="has no check character"):
        make_valid("cn_eep", "C1234567")


def test_too_long_value_reported_once() -> None:
    result = validate("passport", "A" * 100)
    assert [(p.code, p.params["found"]) for p in result.problems] == [("length", "100")]


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        (IdentifierKind.USCC, "91350100M000100Y43", "91350100******0Y43"),
        (IdentifierKind.CN_RIC, "440305199001011234", "440305********1234"),
        (IdentifierKind.HKID, "A1234563", "A123***(3)"),
        (IdentifierKind.HKID, "A123456(3)", "A123***(3)"),
        (IdentifierKind.HKID, "AB9876543", "AB98****(3)"),
        (IdentifierKind.HK_BR, "12345678", "12****78"),
        (IdentifierKind.HK_CR, "0000263", "00***63"),
        (IdentifierKind.CN_HKM_PERMIT_HK_RESIDENT, "H12345678", "H1*****78"),
        (IdentifierKind.CN_EEP_HKM, "CA1234567", "CA*****67"),
        (IdentifierKind.PASSPORT, "E12345678", "E1*****78"),
        (IdentifierKind.PASSPORT, "AB12", "****"),
    ],
)
def test_mask_hides_the_middle(kind: IdentifierKind, value: str, masked: str) -> None:
    assert mask(kind, value) == masked


def test_mask_accepts_kind_code() -> None:
    assert mask("cn_ric", "11010519491231002X") == "110105********002X"
