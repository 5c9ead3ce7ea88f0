"""Passport numbers, by issuing country."""

import pytest

from hetao.engines.identifiers import IdentifierKind, IdentifierProblem, validate


@pytest.mark.parametrize(
    ("raw", "country", "form"),
    [
        ("E12345678", "CHN", "ordinary_electronic"),
        ("EA1234567", "chn", "ordinary_electronic_2017"),
        ("G12345678", "CHN", "ordinary_legacy"),
        ("DE1234567", "CHN", "official_electronic"),
        ("S1234567", "CHN", "official_legacy"),
        ("K12345678", "HKG", "electronic"),
        ("H12345678", "HKG", "pre_2007"),
        ("MA1234567", "MAC", "electronic"),
        ("12AB34567", "FRA", "generic"),
        ("X1234", None, "generic"),
    ],
)
def test_passport_valid_examples_accepted(raw: str, country: str | None, form: str) -> None:
    result = validate(IdentifierKind.PASSPORT, raw, country=country)
    assert result.problems == ()
    assert result.normalised == raw.upper()
    assert result.details == {"country": (country or "").upper(), "form": form}


def test_passport_letter_i_in_new_series_reported_as_format() -> None:
    result = validate("passport", "EI1234567", country="CHN")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [("format", 2, "letter_except_i_o")]


def test_passport_missing_digit_reported_as_length() -> None:
    result = validate("passport", "E1234567", country="CHN")
    assert result.problems == (
        IdentifierProblem(
            code="length",
            message=("A mainland Chinese passport number starting with 'E' has 9 characters, but this one has 8."),
            position=None,
            params={
                "name": "mainland Chinese passport number",
                "expected": "9",
                "found": "8",
                "prefix": "E",
            },
        ),
    )


def test_passport_hong_kong_number_under_chn_gets_hint() -> None:
    result = validate("passport", "K12345678", country="CHN")
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.code, problem.position, problem.params["hint_country"]) == ("format", 1, "HKG")
    assert problem.message == (
        "Character 1 'K' should be 'E' (ordinary passport: 'E' followed by 8 digits). "
        "It looks like a Hong Kong SAR passport number: choose issuing country HKG."
    )


def test_passport_mainland_number_under_hkg_gets_hint() -> None:
    result = validate("passport", "E12345678", country="HKG")
    assert [(p.code, p.position, p.params["hint_country"]) for p in result.problems] == [("format", 1, "CHN")]


def test_passport_too_long_for_chn_reported_as_length() -> None:
    result = validate("passport", "E1234567890", country="CHN")
    assert [(p.code, p.params["expected"]) for p in result.problems] == [("length", "8 or 9")]


def test_passport_generic_too_short_reported_as_length() -> None:
    result = validate("passport", "AB1", country="FRA")
    assert result.problems == (
        IdentifierProblem(
            code="length",
            message="A passport number has 5 to 20 characters, but this one has 3.",
            position=None,
            params={"name": "passport number", "expected": "5 to 20", "found": "3"},
        ),
    )


def test_passport_generic_symbol_reported_as_charset() -> None:
    result = validate("passport", "AB12#34", country="USA")
    assert [(p.code, p.position, p.params["found"]) for p in result.problems] == [("charset", 5, "#")]


def test_passport_macao_digit_second_reported_as_format() -> None:
    result = validate("passport", "M12345678", country="MAC")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [("format", 2, "letter")]


def test_passport_malformed_country_raises() -> None:
    with pytest.raises(ValueError, match="ISO 3166-1 alpha-3"):
        validate("passport", "E12345678", country="CN")
