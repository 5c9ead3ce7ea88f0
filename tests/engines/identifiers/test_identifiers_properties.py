"""Property tests against small, independent re-implementations of the published check algorithms."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from hetao.engines.identifiers import IdentifierKind, check_character, make_valid, validate

TODAY = dt.date(2025, 1, 1)
PROPERTY_SETTINGS = settings(database=None, deadline=None, max_examples=300)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
PROVINCES = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
]  # fmt: skip
DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


# --- reference implementations, written from the standards' text --------------------------------


def reference_uscc_check(body: str) -> str:
    # GB 32100-2015: weights are 3**(i-1) mod 31, listed in the standard.
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    remainder = 31 - total % 31
    return "0" if remainder == 31 else USCC_ALPHABET[remainder]


def reference_gb11714_check(body: str) -> str:
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum((int(c) if c.isdigit() else LETTERS.index(c) + 10) * w for c, w in zip(body, weights, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def reference_ric_check(body: str) -> str:
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(body))
    return "10X98765432"[total % 11]


def hkid_value(char: str) -> int:
    if char == " ":
        return 36
    return int(char) if char.isdigit() else LETTERS.index(char) + 10


def reference_hkid_check(body: str) -> str:
    padded = body.rjust(8)
    total = sum(hkid_value(c) * w for c, w in zip(padded, [9, 8, 7, 6, 5, 4, 3, 2], strict=True))
    value = 11 - total % 11
    return {10: "A", 11: "0"}.get(value, str(value))


# --- strategies ------------------------------------------------------------------------------------


def text_of(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=size, max_size=size)


@st.composite
def uscc_bodies(draw: st.DrawFn) -> str:
    head = draw(text_of(USCC_ALPHABET, 2)) + draw(st.sampled_from(PROVINCES)) + draw(text_of(DIGITS, 4))
    organisation = draw(text_of(USCC_ALPHABET, 8))
    return head + organisation + reference_gb11714_check(organisation)


@st.composite
def ric_bodies(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
    region = draw(st.sampled_from(PROVINCES)) + draw(text_of(DIGITS, 4))
    return region + born.strftime("%Y%m%d") + draw(text_of(DIGITS, 3))


hkid_bodies = st.builds(
    lambda letters, digits: letters + digits,
    st.text(alphabet=LETTERS, min_size=1, max_size=2),
    text_of(DIGITS, 6),
)


# --- the engine agrees with the references --------------------------------------------------------


@PROPERTY_SETTINGS
@given(text_of(USCC_ALPHABET, 17))
def test_uscc_check_character_matches_reference(body: str) -> None:
    assert check_character(IdentifierKind.USCC, body) == reference_uscc_check(body)


@PROPERTY_SETTINGS
@given(text_of(DIGITS, 17))
def test_ric_check_character_matches_reference(body: str) -> None:
    assert check_character(IdentifierKind.CN_RIC, body) == reference_ric_check(body)


@PROPERTY_SETTINGS
@given(hkid_bodies)
def test_hkid_check_character_matches_reference(body: str) -> None:
    assert check_character(IdentifierKind.HKID, body) == reference_hkid_check(body)


# --- make_valid always validates --------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(uscc_bodies())
def test_uscc_make_valid_always_validates(body: str) -> None:
    code = make_valid(IdentifierKind.USCC, body)
    assert code == body + reference_uscc_check(body)
    assert validate(IdentifierKind.USCC, code).problems == ()


@PROPERTY_SETTINGS
@given(ric_bodies())
def test_ric_make_valid_always_validates(body: str) -> None:
    number = make_valid(IdentifierKind.CN_RIC, body, today=TODAY)
    assert number == body + reference_ric_check(body)
    assert validate(IdentifierKind.CN_RIC, number, today=TODAY).problems == ()


@PROPERTY_SETTINGS
@given(hkid_bodies)
def test_hkid_make_valid_always_validates(body: str) -> None:
    number = make_valid(IdentifierKind.HKID, body)
    assert number == body + reference_hkid_check(body)
    assert validate(IdentifierKind.HKID, number).problems == ()


# --- single substitutions ---------------------------------------------------------------------------
# Mod 31 over a 31-character alphabet with non-zero weights, and mod 11 over digits with weights
# coprime to 11, catch every single substitution. The HKID letters span 26 values, so a letter
# swapped for one 11 or 22 values away (A/L/W, B/M/X, ...) is NOT caught: asserted as such.


def substitute(value: str, index: int, char: str) -> str:
    return value[:index] + char + value[index + 1 :]


@PROPERTY_SETTINGS
@given(uscc_bodies(), st.integers(min_value=0, max_value=17), st.sampled_from(USCC_ALPHABET))
def test_uscc_single_substitution_detected(body: str, index: int, char: str) -> None:
    code = make_valid(IdentifierKind.USCC, body)
    if code[index] == char:
        return
    result = validate(IdentifierKind.USCC, substitute(code, index, char))
    assert result.valid is False
    assert "check_character" in [p.code for p in result.problems]


@PROPERTY_SETTINGS
@given(ric_bodies(), st.integers(min_value=0, max_value=17), st.sampled_from(DIGITS + "X"))
def test_ric_single_substitution_detected(body: str, index: int, char: str) -> None:
    number = make_valid(IdentifierKind.CN_RIC, body, today=TODAY)
    if number[index] == char or (char == "X" and index < 17):
        return  # 'X' is allowed only as the check character
    result = validate(IdentifierKind.CN_RIC, substitute(number, index, char), today=TODAY)
    assert result.valid is False
    assert "check_character" in [p.code for p in result.problems]


@PROPERTY_SETTINGS
@given(hkid_bodies, st.data())
def test_hkid_single_substitution_detected_except_letters_11_apart(body: str, data: st.DataObject) -> None:
    number = make_valid(IdentifierKind.HKID, body)
    index = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    prefix_length = len(number) - 7
    if index < prefix_length:
        allowed = LETTERS
    elif index < len(number) - 1:
        allowed = DIGITS
    else:
        allowed = DIGITS + "A"
    char = data.draw(st.sampled_from(allowed))
    if number[index] == char:
        return
    result = validate(IdentifierKind.HKID, substitute(number, index, char))
    undetectable = index < prefix_length and (hkid_value(char) - hkid_value(number[index])) % 11 == 0
    assert result.valid is undetectable


def test_hkid_letters_eleven_apart_collide() -> None:
    # A=10 and L=21 differ by 11: the same check digit, so A123456(3) and L123456(3) both pass.
    assert validate(IdentifierKind.HKID, "L123456(3)").valid is True


# --- robustness: any text gets a result, never an exception ----------------------------------------


@PROPERTY_SETTINGS
@given(st.sampled_from(list(IdentifierKind)), st.text(max_size=30))
def test_validate_never_raises_on_any_text(kind: IdentifierKind, value: str) -> None:
    result = validate(kind, value, today=TODAY)
    assert result.valid is (result.normalised is not None)
    assert all(p.position is None or p.position >= 1 for p in result.problems)
