"""Template filters and tags shared by every page: language tags, localised names, money, the signed-in user."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.template.context import Context

from hetao.core.i18n import format_money, language_key, localised

register = template.Library()

# BCP 47 tags for the interface languages: Django's codes are lower-case, HTML wants the script subtag cased.
_HTML_LANG = {"en": "en", "zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}
# The script each field suffix is written in, as the BCP 47 tag that picks the right CJK glyphs.
_SUFFIX_LANG = {"en": "en", "hans": "zh-Hans", "hant": "zh-Hant"}
# Regions whose people and organisations write Traditional Chinese first.
_TRADITIONAL_REGIONS = frozenset({"HK", "MO", "TW"})


@dataclass(frozen=True)
class NameForm:
    """One written form of a name and the language tag of its script ("" when it follows the page)."""

    text: str
    lang: str = ""


@register.filter
def html_lang(code: str | None) -> str:
    """``zh-hans`` -> ``zh-Hans``: the value for an HTML ``lang`` attribute."""
    key = (code or "en").lower()
    return _HTML_LANG.get(key, _HTML_LANG[language_key(key)])


@register.filter(name="localised")
def localised_filter(obj: object, stem: str) -> str:
    """``{{ purpose|localised:"title" }}``: the field for the active language, falling back across scripts."""
    return localised(obj, stem)


@register.filter
def money(amount: Decimal | int | str | None, currency: str) -> str:
    """``{{ grant.amount|money:grant.currency }}``, e.g. HK$1,234.50 in the active language."""
    if amount is None or amount == "":
        return ""
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation:
        return ""
    return format_money(value, str(currency))


def _script_order(region: str) -> tuple[str, ...]:
    lang = language_key()
    if lang == "zh-hans":
        return ("hans", "hant", "en")
    if lang == "zh-hant":
        return ("hant", "hans", "en")
    return ("en", "hant", "hans") if region in _TRADITIONAL_REGIONS else ("en", "hans", "hant")


def _distinct(forms: list[NameForm]) -> list[NameForm]:
    seen: set[str] = set()
    out: list[NameForm] = []
    for form in forms:
        if form.text and form.text not in seen:
            seen.add(form.text)
            out.append(form)
    return out


@register.simple_tag
def name_forms(obj: Any, stem: str = "name") -> list[NameForm]:
    """Every distinct written form of a name, the one for the active language first.

    Works for organisations, parks and the zone (``name_en``/``name_hans``/``name_hant``) and for people,
    whose Chinese names and romanisation are kept apart. Each form carries the language tag of its script, so
    a Traditional name is drawn with Traditional glyphs on an English page.
    """
    from hetao.zone.models import Person

    if isinstance(obj, Person):
        return person_name_forms(obj)
    region = str(getattr(obj, "country", "") or "")
    return _distinct(
        [
            NameForm(str(getattr(obj, f"{stem}_{suffix}", "") or ""), _SUFFIX_LANG[suffix])
            for suffix in _script_order(region)
        ]
    )


def person_name_forms(person: Any) -> list[NameForm]:
    from hetao.zone.domain.names import latin_display

    forms = {
        "hans": NameForm(f"{person.family_name_hans}{person.given_name_hans}", "zh-Hans"),
        "hant": NameForm(f"{person.family_name_hant}{person.given_name_hant}", "zh-Hant"),
        # A romanised name is not English: it follows the page, whose Latin font comes first in every stack.
        "en": NameForm(latin_display(person)),
    }
    return _distinct([forms[suffix] for suffix in _script_order(str(person.home_region or ""))])


@register.filter
def user_display(user: Any) -> str:
    """How the signed-in user is named in the header: their directory name, else their account name."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    try:
        person = user.person
    except (ObjectDoesNotExist, AttributeError):
        person = None
    if person is not None:
        return str(person.name)
    return str(user.get_full_name() or user.get_username())


@register.filter
def country_name(code: str | None) -> str:
    """The jurisdictions of the zone by name; any other country by its ISO code."""
    from hetao.zone.enums import Jurisdiction

    value = (code or "").upper()
    if value in Jurisdiction.values:
        return str(Jurisdiction(value).label)
    return value


_SECTIONS = (
    ("zone:organisation", "organisations"),
    ("zone:person", "people"),
    ("core:privacy", "privacy"),
    ("programmes:", "programmes"),
    ("evaluation:my_reviews", "reviews"),
    ("evaluation:review", "reviews"),
    ("evaluation:declare_conflict", "reviews"),
    ("evaluation:", "evaluation"),
    ("experts:", "experts"),
    ("funding:", "funding"),
    ("projects:", "projects"),
    ("core:home", "home"),
)


@register.simple_tag(takes_context=True)
def nav_section(context: Context) -> str:
    """Which item of the main navigation the current page belongs to, for ``aria-current``."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = getattr(match, "view_name", "") or ""
    for prefix, section in _SECTIONS:
        if view_name.startswith(prefix):
            return section
    return ""


# Counting words for small numbers. Chinese counts things with 两, not 二 (两个园区), which Django's apnumber gives.
_COUNT_WORDS = {
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    "zh-hans": ("零", "一", "两", "三", "四", "五", "六", "七", "八", "九"),
    "zh-hant": ("零", "一", "兩", "三", "四", "五", "六", "七", "八", "九"),
}


@register.filter
def count_word(value: int) -> str:
    """A small count as a word in the active language (two / 两 / 兩); larger counts as digits."""
    from django.utils.translation import get_language

    words = _COUNT_WORDS[language_key(get_language())]
    return words[value] if 0 <= value < len(words) else str(value)
