"""Language helpers shared by every app: pick the field for the active language, format money and dates."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import get_language

# Field suffix for each interface language, and the order in which to fall back when a field is empty.
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "en": ("en", "hant", "hans"),
    "zh-hans": ("hans", "hant", "en"),
    "zh-hant": ("hant", "hans", "en"),
}


def language_key(language: str | None = None) -> str:
    lang = (language or get_language() or "en").lower()
    if lang.startswith("zh-hant") or lang in {"zh-hk", "zh-tw", "zh-mo"}:
        return "zh-hant"
    if lang.startswith("zh"):
        return "zh-hans"
    return "en"


def localised(obj: object, stem: str, language: str | None = None) -> str:
    """``obj.<stem>_<suffix>`` for the language, falling back to the other scripts when empty."""
    for suffix in _SUFFIXES[language_key(language)]:
        value = getattr(obj, f"{stem}_{suffix}", "")
        if value:
            return str(value)
    return ""


_CURRENCY_SYMBOLS: dict[str, dict[str, str]] = {
    "en": {"CNY": "CN¥", "HKD": "HK$", "MOP": "MOP$", "USD": "US$", "EUR": "€"},
    "zh-hans": {"CNY": "¥", "HKD": "HK$", "MOP": "MOP$", "USD": "US$", "EUR": "€"},
    "zh-hant": {"CNY": "人民幣¥", "HKD": "HK$", "MOP": "MOP$", "USD": "US$", "EUR": "€"},
}


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """Money with its currency, rounded half up to the cent, grouped for the active language."""
    lang = language_key(language)
    cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    digits = formats.number_format(abs(cents), decimal_pos=2, use_l10n=True, force_grouping=True)
    symbol = _CURRENCY_SYMBOLS[lang].get(currency, currency + " ")
    return f"{sign}{symbol}{digits}"
