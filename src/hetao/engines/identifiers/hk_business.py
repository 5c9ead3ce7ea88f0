"""Hong Kong business identifiers: the Business Registration number and the company number.

Business Registration number (BRN, 商業登記號碼)
    Eight digits, assigned by the Business Registration Office of the Inland Revenue
    Department; they are the first eight digits of the Business Registration Certificate
    number, which is printed as ``12345678-000-08-21-5`` (BRN, three-digit branch number,
    then further digits of the certificate). The BRN is Hong Kong's tax identifier for
    entities (OECD "Hong Kong, China - Information on Tax Identification Numbers": "8
    numerals at the front of business registration certificate number, e.g.
    99999999-&&&-&&-&&-&"). No check-digit rule has been published for the BRN, so only the
    format is checked: a valid-looking number may still not exist.
    Accepted: the 8-digit BRN, BRN + branch (11 digits, ``12345678-000``) and the whole
    certificate number (16 digits). The canonical form is the 8-digit BRN; the branch number
    and the whole certificate number are kept in ``details``.

Company number (CR No., 公司編號)
    Assigned by the Companies Registry. Companies incorporated or registered up to 22
    December 2023 have a 7-digit number, written with leading zeros (``0000263``).
    Since 27 December 2023 (phase 2 of the Unique Business Identifier, Companies Registry
    External Circular No. 3/2023) the BRN is the company's number: new certificates of
    incorporation show 8 digits, and entities without a BRN get a dummy one made of 'C'
    (local companies) or 'F' (registered non-Hong Kong companies) and 7 digits.
    No check rule has been published: the format alone is checked.
"""

from __future__ import annotations

from hetao.engines.identifiers._text import (
    ALPHANUMERIC,
    DIGIT,
    DIGITS,
    Outcome,
    Pattern,
    basic_problems,
    literal,
    mask_middle,
    match_patterns,
)

BR_NAME = "Hong Kong Business Registration number"
CR_NAME = "Hong Kong company number"

_CR_PATTERNS = (
    Pattern.of("cr_no", "a company number of 7 digits", (DIGIT, 7)),
    Pattern.of("ubi_brn", "a Business Registration number of 8 digits", (DIGIT, 8)),
    Pattern.of(
        "ubi_dummy",
        "'C' or 'F' followed by 7 digits, the number of an entity without a Business Registration number",
        literal("CF"),
        (DIGIT, 7),
    ),
)
_CR_FORMS = {"cr_no": "company_number", "ubi_brn": "business_registration_number", "ubi_dummy": "dummy_ubi"}


def validate_br(cleaned: str) -> Outcome:
    """Check a cleaned BRN or certificate number; the canonical form is the 8-digit BRN."""
    stop = basic_problems(
        cleaned,
        name=BR_NAME,
        alphabet=DIGITS,
        allowed="digits",
        lengths=(8, 11, 16),
        expected_length="8, 11 or 16",
        length_note=" (the number alone, with the branch number, or the whole certificate number)",
    )
    if stop:
        return Outcome(tuple(stop))
    details = {"business_registration_number": cleaned[:8]}
    if len(cleaned) >= 11:
        details["branch_number"] = cleaned[8:11]
    if len(cleaned) == 16:
        details["certificate_number"] = "-".join(
            (cleaned[:8], cleaned[8:11], cleaned[11:13], cleaned[13:15], cleaned[15])
        )
    return Outcome((), cleaned[:8], details)


def validate_cr(cleaned: str) -> Outcome:
    """Check a cleaned company number."""
    stop = basic_problems(
        cleaned,
        name=CR_NAME,
        alphabet=ALPHANUMERIC,
        allowed="digits and letters",
        lengths=(7, 8),
        expected_length="7 or 8",
    )
    if stop:
        return Outcome(tuple(stop))
    pattern, shape = match_patterns(cleaned, _CR_PATTERNS, CR_NAME)
    if pattern is None:
        return Outcome(tuple(shape))
    details = {"form": _CR_FORMS[pattern.form]}
    if pattern.form == "ubi_dummy":
        details["entity"] = "local_company" if cleaned[0] == "C" else "non_hong_kong_company"
    return Outcome((), cleaned, details)


def mask(normalised: str) -> str:
    """Keep the first 2 and the last 2 characters: ``12****78``."""
    return mask_middle(normalised, 2, 2)
