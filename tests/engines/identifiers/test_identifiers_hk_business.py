"""Hong Kong Business Registration numbers and company (CR) numbers: format only."""

import pytest

from hetao.engines.identifiers import IdentifierKind, IdentifierProblem, check_character, validate


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("12345678", "12345678"),
        ("31234567", "31234567"),
        ("12345678-000", "12345678"),
        ("12345678-000-08-21-5", "12345678"),
        (" 6614 2817 ", "66142817"),
    ],
)
def test_br_valid_examples_accepted(raw: str, normalised: str) -> None:
    result = validate(IdentifierKind.HK_BR, raw)
    assert result.problems == ()
    assert result.normalised == normalised


def test_br_certificate_number_kept_in_details() -> None:
    result = validate("hk_br", "12345678-000-08-21-5")
    assert result.details == {
        "business_registration_number": "12345678",
        "branch_number": "000",
        "certificate_number": "12345678-000-08-21-5",
    }


def test_br_seven_digits_reported_as_length() -> None:
    result = validate("hk_br", "1234567")
    assert result.problems == (
        IdentifierProblem(
            code="length",
            message=(
                "A Hong Kong Business Registration number has 8, 11 or 16 characters (the number alone, "
                "with the branch number, or the whole certificate number), but this one has 7."
            ),
            position=None,
            params={
                "name": "Hong Kong Business Registration number",
                "expected": "8, 11 or 16",
                "found": "7",
            },
        ),
    )


def test_br_letter_reported_as_charset() -> None:
    result = validate("hk_br", "1234567A")
    assert [(p.code, p.position, p.params["found"]) for p in result.problems] == [("charset", 8, "A")]


def test_br_nine_digits_reported_as_length() -> None:
    assert [p.code for p in validate("hk_br", "123456789").problems] == ["length"]


def test_br_partial_certificate_reported_as_length() -> None:
    assert [p.code for p in validate("hk_br", "12345678-00").problems] == ["length"]


def test_br_empty_reported() -> None:
    assert [p.code for p in validate("hk_br", "").problems] == ["empty"]


def test_br_has_no_check_character() -> None:
    with pytest.raises(ValueError, match="has no check character"):
        check_character("hk_br", "1234567")


@pytest.mark.parametrize(
    ("raw", "form"),
    [
        ("0000263", "company_number"),
        ("3099631", "company_number"),
        ("74512345", "business_registration_number"),
        ("C1572528", "dummy_ubi"),
        ("f0008739", "dummy_ubi"),
    ],
)
def test_cr_valid_examples_accepted(raw: str, form: str) -> None:
    result = validate(IdentifierKind.HK_CR, raw)
    assert result.problems == ()
    assert result.normalised == raw.upper()
    assert result.details["form"] == form


def test_cr_non_hong_kong_dummy_named() -> None:
    assert validate("hk_cr", "F0008739").details == {"form": "dummy_ubi", "entity": "non_hong_kong_company"}


def test_cr_unknown_prefix_reported_as_format() -> None:
    result = validate("hk_cr", "X1234567")
    assert result.problems == (
        IdentifierProblem(
            code="format",
            message=(
                "Character 1 'X' should be 'C' or 'F' ('C' or 'F' followed by 7 digits, "
                "the number of an entity without a Business Registration number)."
            ),
            position=1,
            params={"position": "1", "found": "X", "expected": "C|F", "form": "ubi_dummy"},
        ),
    )


def test_cr_prefix_with_six_digits_reported_as_length() -> None:
    result = validate("hk_cr", "C123456")
    assert [(p.code, p.params["expected"], p.params["found"], p.params["prefix"]) for p in result.problems] == [
        ("length", "8", "7", "C")
    ]


def test_cr_six_digits_reported_as_length() -> None:
    assert [(p.code, p.params["expected"]) for p in validate("hk_cr", "123456").problems] == [("length", "7 or 8")]


def test_cr_letter_inside_reported_as_format() -> None:
    result = validate("hk_cr", "00002A3")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [("format", 6, "digit")]


def test_cr_nine_characters_reported_as_length() -> None:
    assert [p.code for p in validate("hk_cr", "F12345678").problems] == ["length"]
