"""Unified Social Credit Code (GB 32100-2015)."""

import pytest

from hetao.engines.identifiers import IdentifierKind, IdentifierProblem, check_character, make_valid, validate

# Hand check of 91350100M000100Y43 (the sample code widely used to illustrate GB 32100):
# values   9 1 3  5 0  1 0  0  M=21  0  0  0 1  0  0 Y=30  4
# weights  1 3 9 27 19 26 16 17  20 29 25 13 8 24 10  30 28
# products 9 3 27 135 0 26 0 0 420 0 0 0 8 0 0 900 112 -> sum 1640; 1640 mod 31 = 28; 31 - 28 = 3 -> '3'.
# (GB 32100 values skip I, O, S, V, Z, hence M=21 and Y=30.)
# Organisation code M000100Y4 (GB 11714 values A=10 .. Z=35, so M=22 and Y=34; weights 3 7 9 10 5 8 4 2):
# 22*3 + 0*7 + 0*9 + 0*10 + 1*5 + 0*8 + 0*4 + 34*2 = 139; 139 mod 11 = 7; 11 - 7 = 4 -> '4'.
VALID = [
    "91350100M000100Y43",  # GB 32100 sample
    "91110000600037341L",
    "914403001922038216",
    "9144030071526726XG",
    "91330100716105852F",
    "91440300192317458F",
    "91440300MA5H8REU3K",
    "91440300MA5DLQQW0F",
]


@pytest.mark.parametrize("code", VALID)
def test_uscc_valid_examples_accepted(code: str) -> None:
    result = validate(IdentifierKind.USCC, code)
    assert result.problems == ()
    assert result.valid is True
    assert result.normalised == code


def test_uscc_details_split_the_code() -> None:
    result = validate("cn_uscc", "91350100M000100Y43")
    assert result.details == {
        "registration_authority": "9",
        "organisation_type": "1",
        "region_code": "350100",
        "organisation_code": "M000100Y4",
        "check_character": "3",
    }


def test_uscc_lower_case_and_spaces_normalised() -> None:
    result = validate("cn_uscc", " 9135 0100 m000 100y 43 ")
    assert result.valid is True
    assert result.normalised == "91350100M000100Y43"


def test_uscc_full_width_input_normalised() -> None:
    result = validate("cn_uscc", "９１３５０１００Ｍ０００１００Ｙ４３")
    assert result.normalised == "91350100M000100Y43"


def test_uscc_wrong_check_character_reported_at_18() -> None:
    result = validate("cn_uscc", "91350100M000100Y44")
    assert result.valid is False
    assert result.normalised is None
    assert result.details == {}
    assert result.problems == (
        IdentifierProblem(
            code="check_character",
            message="Character 18 should be the check character '3' but is '4'.",
            position=18,
            params={"position": "18", "expected": "3", "found": "4"},
        ),
    )


def test_uscc_forbidden_letter_reported_as_charset() -> None:
    result = validate("cn_uscc", "91350100I000100Y43")
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.code == "charset"
    assert problem.position == 9
    assert problem.message == (
        "Character 9 'I' is not allowed in a Unified Social Credit Code (letters I, O, Z, S and V are never used)."
    )
    assert problem.params["found"] == "I"


def test_uscc_each_forbidden_character_listed() -> None:
    result = validate("cn_uscc", "9135O100M000100Y4#")
    assert [(p.code, p.position) for p in result.problems] == [("charset", 5), ("charset", 18)]


def test_uscc_short_code_reports_length_only() -> None:
    result = validate("cn_uscc", "9135010M000100Y43")
    assert result.problems == (
        IdentifierProblem(
            code="length",
            message="A Unified Social Credit Code has 18 characters, but this one has 17.",
            position=None,
            params={"name": "Unified Social Credit Code", "expected": "18", "found": "17"},
        ),
    )


def test_uscc_letter_in_region_and_check_both_reported() -> None:
    # Character 6 'A' breaks the region code; the check character of the altered code is 'H'.
    result = validate("cn_uscc", "91350A00M000100Y43")
    assert [(p.code, p.position) for p in result.problems] == [("format", 6), ("check_character", 18)]
    assert result.problems[1].params == {"position": "18", "expected": "H", "found": "3"}


def test_uscc_unknown_province_reported_as_region() -> None:
    result = validate("cn_uscc", "91990100M000100Y4U")
    assert result.problems == (
        IdentifierProblem(
            code="region",
            message=(
                "Characters 3 to 4 '99' are not a province-level region code "
                "(characters 3 to 8 are the administrative-division code of the registration authority)."
            ),
            position=3,
            params={"position": "3", "found": "99"},
        ),
    )


def test_uscc_central_region_code_accepted() -> None:
    assert validate("cn_uscc", make_valid("cn_uscc", "12100000" + "40000107" + "X")).valid is True


def test_uscc_wrong_organisation_code_check_reported_at_17() -> None:
    # Character 17 changed from '4' to '5' and character 18 recomputed, so only GB 11714 fails.
    result = validate("cn_uscc", "91350100M000100Y56")
    assert result.problems == (
        IdentifierProblem(
            code="organisation_code_check",
            message=(
                "Character 17 should be '4', the GB 11714 check character of the organisation code "
                "in characters 9 to 17, but is '5'."
            ),
            position=17,
            params={"position": "17", "expected": "4", "found": "5"},
        ),
    )


def test_uscc_transposed_last_two_both_checks_fail() -> None:
    result = validate("cn_uscc", "91350100M000100Y34")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [
        ("organisation_code_check", 17, "4"),
        ("check_character", 18, "0"),
    ]


def test_uscc_all_zero_sample_rejected() -> None:
    # 91110000100000000X is often quoted as a sample; its check characters are in fact 8 and R.
    result = validate("cn_uscc", "91110000100000000X")
    assert [(p.code, p.position, p.params["expected"]) for p in result.problems] == [
        ("organisation_code_check", 17, "8"),
        ("check_character", 18, "R"),
    ]


def test_uscc_check_character_computed() -> None:
    assert check_character(IdentifierKind.USCC, "91350100M000100Y4") == "3"


def test_uscc_check_character_rejects_forbidden_letter() -> None:
    with pytest.raises(ValueError, match="expected 17 characters"):
        check_character("cn_uscc", "91350100I000100Y4")


def test_uscc_make_valid_refuses_bad_region() -> None:
    with pytest.raises(ValueError, match="not a province-level region code"):
        make_valid("cn_uscc", "91990100M000100Y4")


def test_uscc_empty_value_reported() -> None:
    result = validate("cn_uscc", "  - ")
    assert [(p.code, p.position) for p in result.problems] == [("empty", None)]
