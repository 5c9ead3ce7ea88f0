"""Mainland resident identity card numbers (GB 11643-1999)."""

import datetime as dt

import pytest

from hetao.engines.identifiers import IdentifierKind, IdentifierProblem, check_character, make_valid, validate

TODAY = dt.date(2025, 1, 1)

# Hand check of the textbook example 11010519491231002X:
# digits   1 1  0 1 0 5 1 9 4 9 1 2  3 1 0 0 2
# weights  7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
# products 7 9  0 5 0 20 2 9 24 27 7 18 30 5 0 0 4 -> sum 167; 167 mod 11 = 2 -> map 1,0,X,... gives 'X'.
VALID = [
    "11010519491231002X",  # textbook example (Beijing, 1949-12-31, female)
    "44030519900101123X",
    "310115198512310045",
    "650102200002290036",  # born on a leap day
    "510108190001010005",  # born on the earliest accepted day
    "330106198706152353",
]


@pytest.mark.parametrize("number", VALID)
def test_ric_valid_examples_accepted(number: str) -> None:
    result = validate(IdentifierKind.CN_RIC, number, today=TODAY)
    assert result.problems == ()
    assert result.normalised == number


def test_ric_details_read_out() -> None:
    result = validate("cn_ric", "11010519491231002X", today=TODAY)
    assert result.details == {
        "region_code": "110105",
        "birth_date": "1949-12-31",
        "sex": "female",
        "sequence": "002",
        "document": "resident_identity_card",
        "province_code": "11",
        "province": "Beijing",
    }


def test_ric_odd_17th_digit_is_male() -> None:
    assert validate("cn_ric", "330106198706152353", today=TODAY).details["sex"] == "male"


def test_ric_lower_case_x_normalised() -> None:
    result = validate("cn_ric", "110105 19491231 002x", today=TODAY)
    assert result.normalised == "11010519491231002X"


def test_ric_residence_permit_accepted() -> None:
    result = validate("cn_ric", "810000199507150019", today=TODAY)
    assert result.valid is True
    assert result.details["document"] == "hk_macao_taiwan_residence_permit"
    assert result.details["region"] == "Hong Kong"


def test_ric_wrong_check_character_reported_at_18() -> None:
    result = validate("cn_ric", "110105194912310021", today=TODAY)
    assert result.problems == (
        IdentifierProblem(
            code="check_character",
            message="Character 18 should be the check character 'X' but is '1'.",
            position=18,
            params={"position": "18", "expected": "X", "found": "1"},
        ),
    )


def test_ric_impossible_date_and_check_both_reported() -> None:
    result = validate("cn_ric", "11010519490231002X", today=TODAY)
    assert result.problems == (
        IdentifierProblem(
            code="birth_date",
            message="Characters 7 to 14 '19490231' are not a real calendar date (YYYYMMDD).",
            position=7,
            params={"position": "7", "found": "19490231", "reason": "not_a_date"},
        ),
        IdentifierProblem(
            code="check_character",
            message="Character 18 should be the check character '6' but is 'X'.",
            position=18,
            params={"position": "18", "expected": "6", "found": "X"},
        ),
    )


def test_ric_future_birth_date_rejected() -> None:
    result = validate("cn_ric", "110105209901010020", today=TODAY)
    assert [(p.code, p.position, p.params.get("reason")) for p in result.problems] == [("birth_date", 7, "in_future")]
    assert result.problems[0].message == "The birth date 2099-01-01 in characters 7 to 14 is in the future."


def test_ric_birth_before_1900_rejected() -> None:
    result = validate("cn_ric", "110105189912310023", today=TODAY)
    assert [(p.code, p.position, p.params.get("reason")) for p in result.problems] == [("birth_date", 7, "too_early")]


def test_ric_unknown_province_rejected() -> None:
    result = validate("cn_ric", "990105194912310023", today=TODAY)
    assert result.problems == (
        IdentifierProblem(
            code="region",
            message="Characters 1 to 2 '99' are not a province-level region code.",
            position=1,
            params={"position": "1", "found": "99"},
        ),
    )


def test_ric_taiwan_gb2260_code_rejected() -> None:
    # 71 is Taiwan in GB/T 2260 but no identity card carries it (permits use 830000).
    result = validate("cn_ric", "710105194912310021", today=TODAY)
    assert [(p.code, p.position) for p in result.problems] == [("region", 1)]


def test_ric_residence_permit_needs_whole_region_code() -> None:
    result = validate("cn_ric", "810100199507150014", today=TODAY)
    assert [(p.code, p.position, p.params.get("expected")) for p in result.problems] == [("region", 1, "810000")]


def test_ric_first_generation_number_refused() -> None:
    result = validate("cn_ric", "110105491231002", today=TODAY)
    assert result.problems == (
        IdentifierProblem(
            code="length",
            message=(
                "A resident identity card number has 18 characters, but this one has 15 "
                "(15-digit first-generation numbers are no longer valid)."
            ),
            position=None,
            params={
                "name": "resident identity card number",
                "expected": "18",
                "found": "15",
                "hint": "first_generation",
            },
        ),
    )


def test_ric_x_in_middle_reported_as_format() -> None:
    result = validate("cn_ric", "110105194X1231002X", today=TODAY)
    assert result.problems == (
        IdentifierProblem(
            code="format",
            message="Character 10 'X' should be a digit (17 digits and a check digit or 'X').",
            position=10,
            params={"position": "10", "found": "X", "expected": "digit", "form": "ric"},
        ),
    )


def test_ric_letter_reported_as_charset() -> None:
    result = validate("cn_ric", "1101051949123100A2", today=TODAY)
    assert [(p.code, p.position) for p in result.problems] == [("charset", 17)]


def test_ric_check_character_computed() -> None:
    assert check_character("cn_ric", "11010519491231002") == "X"


def test_ric_make_valid_appends_check() -> None:
    assert make_valid("cn_ric", "44030519900101123") == "44030519900101123X"


def test_ric_make_valid_refuses_impossible_date() -> None:
    with pytest.raises(ValueError, match="not a real calendar date"):
        make_valid("cn_ric", "11010519490231002", today=TODAY)


def test_ric_birth_date_today_accepted() -> None:
    number = make_valid("cn_ric", "44030520250101123", today=TODAY)
    assert validate("cn_ric", number, today=TODAY).valid is True
