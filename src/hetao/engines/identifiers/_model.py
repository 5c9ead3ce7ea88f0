"""Value types shared by every identifier rule: the kinds, a problem, a result."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class IdentifierKind(StrEnum):
    """The identifiers this engine knows. The values are stable machine codes (stored, sent over APIs)."""

    USCC = "cn_uscc"
    """Mainland Unified Social Credit Code (统一社会信用代码), GB 32100-2015."""
    HK_BR = "hk_br"
    """Hong Kong Business Registration number (商業登記號碼), Inland Revenue Department."""
    HK_CR = "hk_cr"
    """Hong Kong company number (公司編號 / CR No.), Companies Registry."""
    CN_RIC = "cn_ric"
    """Mainland resident identity card number (居民身份证号码), GB 11643-1999."""
    HKID = "hkid"
    """Hong Kong identity card number (香港身份證號碼)."""
    CN_HKM_PERMIT_HK_RESIDENT = "hk_mtp"
    """Mainland Travel Permit for Hong Kong and Macao Residents (港澳居民来往内地通行证, 回乡证)."""
    CN_EEP_HKM = "cn_eep"
    """Exit-Entry Permit for Travelling to and from Hong Kong and Macao (往来港澳通行证)."""
    PASSPORT = "passport"
    """Passport number; the rule depends on the issuing country."""


@dataclass(frozen=True)
class IdentifierProblem:
    """One thing wrong with a value.

    ``position`` is 1-based and counts characters of the value *after* the separators the rule
    allows (spaces, hyphens, the parentheses around a HKID check digit) have been removed and
    full-width characters folded to ASCII, that is of the string a user sees once it is cleaned.
    ``params`` holds every value used in ``message`` as strings, keyed by name, so that a caller
    can render the same sentence in another language from ``code`` and ``params`` alone.
    """

    code: str
    message: str
    position: int | None = None
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IdentifierResult:
    """The outcome of :func:`validate`.

    ``normalised`` is the canonical form and ``details`` the facts read out of the identifier
    (e.g. birth date, region code); both are filled only when the value is valid.
    """

    kind: IdentifierKind
    raw: str
    normalised: str | None
    problems: tuple[IdentifierProblem, ...]
    details: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """True when no problem was found."""
        return not self.problems
