"""Permits for travel between the mainland and Hong Kong / Macao. Neither has a check character.

Mainland Travel Permit for Hong Kong and Macao Residents (港澳居民来往内地通行证, "回乡证")
    Issued to Chinese citizens resident in Hong Kong ('H') or Macao ('M').

    * Cards issued 1999-2012: 11 characters, 'H'/'M' + 10 digits; the first 8 digits are the
      holder's lifetime number and the last 2 count the renewals (00 on first issue). Source:
      Ministry of Public Security, "港澳居民来往内地通行证号码规则", 10 March 2010.
    * Cards issued since 2013: 'H'/'M' + the 8-digit lifetime number (9 characters); the
      renewal count is printed apart from the number. The redesign was announced in 2010
      because banks and airlines rejected renewed cards whose number had changed (SCMP,
      "Number's up for permit confusion", 10 March 2010).
    * Permits for non-Chinese-citizen permanent residents (since July 2024): 'HA' (Hong Kong)
      or 'MA' (Macao) + 7 digits, a lifetime number (sample and description published by
      China Travel Service (Hong Kong) and mainland exit-entry offices).

    The canonical form keeps the renewal digits of the old 11-character numbers, since that is
    the number printed on the card; ``details["lifetime_number"]`` holds the stable part.

Exit-Entry Permit for Travelling to and from Hong Kong and Macao (往来港澳通行证, "双程证")
    Issued to mainland residents.

    * Electronic card, since May 2014: 'C' + 8 digits.
    * Once those numbers ran out (announced by the National Immigration Administration on
      10 December 2018, "电子往来港澳通行证号码编制规则调整"): 'C' + a letter other than I and O
      + 7 digits, starting at CA0000001. Still 9 characters.
    * The earlier booklet (本式, until 2014, valid at most 5 years so none is current) is
      widely recorded as 'W' + 8 digits; no official numbering notice was found for it, and it
      is accepted on that weaker evidence.
"""

from __future__ import annotations

from hetao.engines.identifiers._text import (
    ALPHANUMERIC,
    DIGIT,
    LETTER_NOT_I_O,
    Outcome,
    Pattern,
    basic_problems,
    literal,
    mask_middle,
    match_patterns,
)

MTP_NAME = "Mainland Travel Permit for Hong Kong and Macao Residents number"
EEP_NAME = "Exit-Entry Permit for Travelling to and from Hong Kong and Macao number"

_H_OR_M = literal("HM")
_MTP_PATTERNS = (
    Pattern.of("card_2013", "'H' or 'M' followed by 8 digits", _H_OR_M, (DIGIT, 8)),
    Pattern.of(
        "non_chinese_citizen",
        "'HA' or 'MA' followed by 7 digits, the permit for non-Chinese-citizen residents",
        _H_OR_M,
        literal("A"),
        (DIGIT, 7),
    ),
    Pattern.of(
        "card_1999",
        "'H' or 'M' followed by 10 digits, the 1999-2012 card with the renewal count at the end",
        _H_OR_M,
        (DIGIT, 10),
    ),
)
_EEP_PATTERNS = (
    Pattern.of("card_2014", "'C' followed by 8 digits", literal("C"), (DIGIT, 8)),
    Pattern.of(
        "card_2018",
        "'C', a letter other than I and O, and 7 digits",
        literal("C"),
        LETTER_NOT_I_O,
        (DIGIT, 7),
    ),
    Pattern.of("booklet", "'W' followed by 8 digits, the booklet before 2014", literal("W"), (DIGIT, 8)),
)


def validate_mtp(cleaned: str) -> Outcome:
    """Check a cleaned Mainland Travel Permit for Hong Kong and Macao Residents number."""
    stop = basic_problems(
        cleaned,
        name=MTP_NAME,
        alphabet=ALPHANUMERIC,
        allowed="digits and letters",
        lengths=(9, 11),
        expected_length="9 or 11",
        length_note=" (11 on cards issued before 2013)",
    )
    if stop:
        return Outcome(tuple(stop))
    pattern, shape = match_patterns(cleaned, _MTP_PATTERNS, MTP_NAME)
    if pattern is None:
        return Outcome(tuple(shape))
    details = {
        "form": pattern.form,
        "region": "hong_kong" if cleaned[0] == "H" else "macao",
        "holder": "non_chinese_citizen" if pattern.form == "non_chinese_citizen" else "chinese_citizen",
        "lifetime_number": cleaned[:9],
    }
    if pattern.form == "card_1999":
        details["renewal_count"] = cleaned[9:]
    return Outcome((), cleaned, details)


def validate_eep(cleaned: str) -> Outcome:
    """Check a cleaned Exit-Entry Permit for Travelling to and from Hong Kong and Macao number."""
    stop = basic_problems(
        cleaned,
        name=EEP_NAME,
        alphabet=ALPHANUMERIC,
        allowed="digits and letters",
        lengths=(9,),
        expected_length="9",
    )
    if stop:
        return Outcome(tuple(stop))
    pattern, shape = match_patterns(cleaned, _EEP_PATTERNS, EEP_NAME)
    if pattern is None:
        return Outcome(tuple(shape))
    return Outcome((), cleaned, {"form": pattern.form})


def mask(normalised: str) -> str:
    """Keep the first 2 and the last 2 characters: ``C1*****78``."""
    return mask_middle(normalised, 2, 2)
