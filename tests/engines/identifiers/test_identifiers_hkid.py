"""Hong Kong identity card numbers."""

import pytest

from hetao.engines.identifiers import IdentifierKind, IdentifierProblem, check_character, make_valid, validate

# Hand check of A123456(3): a single letter is padded with a space worth 36.
# values   36 A=10 1 2 3 4 5 6
# weights   9    8 7 6 5 4 3 2
# products 324  80 7 12 15 16 15 12 -> sum 481; 481 mod 11 = 8; 11 - 8 = 3 -> '3'.
VALID = [
    ("A123456(3)", "A1234563"),
    ("a1234563", "A1234563"),
    ("CA182361(1)", "CA1823611"),
    ("P103265(1)", "P1032651"),
    ("G123456(A)", "G123456A"),
    ("AB987654(3)", "AB9876543"),
    ("A 123456 (3)", "A1234563"),
    ("Ａ１２３４５６（３）", "A1234563"),  # full-width, as typed with a Chinese input method
]


@pytest.mark.parametrize(("raw", "normalised"), VALID)
def test_hkid_valid_examples_accepted(raw: str, normalised: str) -> None:
    result = validate(IdentifierKind.HKID, raw)
    assert result.problems == ()
    assert result.normalised == normalised


def test_hkid_details_read_out() -> None:
    result = validate("hkid", "CA182361(1)")
    assert result.details == {"prefix": "CA", "check_character": "1", "display": "CA182361(1)"}


def test_hkid_wrong_check_digit_reported() -> None:
    result = validate("hkid", "A123456(4)")
    assert result.problems == (
        IdentifierProblem(
            code="check_character",
            message="Character 8 should be the check character '3' but is '4'.",
            position=8,
            params={"position": "8", "expected": "3", "found": "4"},
        ),
    )


def test_hkid_published_regex_example_fails_check() -> None:
    # K034178(2) appears as a sample in a regular-expression library; its check digit is 9.
    result = validate("hkid", "K034178(2)")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [("check_character", 8, "9")]


def test_hkid_letter_check_other_than_a_reported_as_format() -> None:
    result = validate("hkid", "C668668(E)")
    assert result.problems == (
        IdentifierProblem(
            code="format",
            message=(
                "Character 8 'E' should be a digit or 'A' (one letter, six digits and a check character 0-9 or A)."
            ),
            position=8,
            params={"position": "8", "found": "E", "expected": "digit_or_a", "form": "single_letter"},
        ),
    )


def test_hkid_two_letter_wrong_check_reported_at_9() -> None:
    result = validate("hkid", "CA182361(2)")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [("check_character", 9, "1")]


def test_hkid_five_digits_reported_as_length() -> None:
    result = validate("hkid", "A12345(3)")
    assert [(p.code, p.params["expected"], p.params["found"]) for p in result.problems] == [("length", "8 or 9", "7")]


def test_hkid_digit_first_reported_as_format() -> None:
    result = validate("hkid", "1234567(8)")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [("format", 1, "letter")]


def test_hkid_unclosed_parenthesis_reported_as_charset() -> None:
    result = validate("hkid", "A123456(3")
    assert [(p.code, p.position) for p in result.problems] == [("charset", 8)]


def test_hkid_check_character_for_single_letter() -> None:
    assert check_character(IdentifierKind.HKID, "A123456") == "3"


def test_hkid_check_character_ten_written_as_a() -> None:
    assert check_character("hkid", "G123456") == "A"


def test_hkid_make_valid_returns_canonical_form() -> None:
    assert make_valid("hkid", "ab987654") == "AB9876543"


def test_hkid_check_character_rejects_bad_body() -> None:
    with pytest.raises(ValueError, match="one or two letters and six digits"):
        check_character("hkid", "A12345")
