"""Mainland Travel Permits for HK/Macao residents and Exit-Entry Permits to HK/Macao: format only."""

import pytest

from hetao.engines.identifiers import IdentifierKind, IdentifierProblem, validate


@pytest.mark.parametrize(
    ("raw", "form"),
    [
        ("H12345678", "card_2013"),
        ("m87654321", "card_2013"),
        ("H1234567801", "card_1999"),
        ("HA1234567", "non_chinese_citizen"),
        ("MA7654321", "non_chinese_citizen"),
    ],
)
def test_mtp_valid_examples_accepted(raw: str, form: str) -> None:
    result = validate(IdentifierKind.CN_HKM_PERMIT_HK_RESIDENT, raw)
    assert result.problems == ()
    assert result.normalised == raw.upper()
    assert result.details["form"] == form


def test_mtp_old_card_renewal_count_split_out() -> None:
    result = validate("hk_mtp", "M1234567802")
    assert result.details == {
        "form": "card_1999",
        "region": "macao",
        "holder": "chinese_citizen",
        "lifetime_number": "M12345678",
        "renewal_count": "02",
    }


def test_mtp_unknown_prefix_reported_as_format() -> None:
    result = validate("hk_mtp", "X12345678")
    assert result.problems == (
        IdentifierProblem(
            code="format",
            message="Character 1 'X' should be 'H' or 'M' ('H' or 'M' followed by 8 digits).",
            position=1,
            params={"position": "1", "found": "X", "expected": "H|M", "form": "card_2013"},
        ),
    )


def test_mtp_eight_characters_reported_as_length() -> None:
    result = validate("hk_mtp", "H1234567")
    assert [(p.code, p.params["expected"]) for p in result.problems] == [("length", "9 or 11")]
    assert result.problems[0].message == (
        "A Mainland Travel Permit for Hong Kong and Macao Residents number has 9 or 11 characters "
        "(11 on cards issued before 2013), but this one has 8."
    )


def test_mtp_wrong_second_letter_reported_as_format() -> None:
    result = validate("hk_mtp", "HB1234567")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [("format", 2, "A")]


def test_mtp_letter_at_end_reported_as_format() -> None:
    result = validate("hk_mtp", "H1234567A")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [("format", 9, "digit")]


def test_mtp_twelve_characters_reported_as_length() -> None:
    assert [p.code for p in validate("hk_mtp", "H12345678901").problems] == ["length"]


@pytest.mark.parametrize(
    ("raw", "form"),
    [
        ("C12345678", "card_2014"),
        ("CA1234567", "card_2018"),
        ("CZ7654321", "card_2018"),
        ("c 1234 5678", "card_2014"),
        ("W12345678", "booklet"),
    ],
)
def test_eep_valid_examples_accepted(raw: str, form: str) -> None:
    result = validate(IdentifierKind.CN_EEP_HKM, raw)
    assert result.problems == ()
    assert result.details == {"form": form}


def test_eep_letter_i_after_c_reported_as_format() -> None:
    result = validate("cn_eep", "CI1234567")
    assert result.problems == (
        IdentifierProblem(
            code="format",
            message=(
                "Character 2 'I' should be a letter other than I and O "
                "('C', a letter other than I and O, and 7 digits)."
            ),
            position=2,
            params={"position": "2", "found": "I", "expected": "letter_except_i_o", "form": "card_2018"},
        ),
    )


def test_eep_letter_o_after_c_reported_as_format() -> None:
    result = validate("cn_eep", "CO1234567")
    assert [(p.code, p.position) for p in result.problems] == [("format", 2)]


def test_eep_eight_characters_reported_as_length() -> None:
    assert [(p.code, p.params["found"]) for p in validate("cn_eep", "C1234567").problems] == [("length", "8")]


def test_eep_passport_prefix_reported_as_format() -> None:
    result = validate("cn_eep", "G12345678")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [("format", 1, "C")]


def test_eep_letter_at_end_reported_as_format() -> None:
    result = validate("cn_eep", "C1234567X")
    assert [(p.code, p.position) for p in result.problems] == [("format", 9)]
