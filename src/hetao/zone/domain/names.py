"""How people's names are displayed in each language, and the normalised keys directory search matches."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol

from hetao.core.i18n import language_key


class _PersonNames(Protocol):
    family_name_hans: str
    given_name_hans: str
    family_name_hant: str
    given_name_hant: str
    family_name_latin: str
    given_name_latin: str
    romanisation: str
    english_name: str
    other_names: list[str]


_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`.,·・_/()（）]+")


def normalise(text: str) -> str:
    """Fold width and case, drop spaces, hyphens, apostrophes and dots: 'CHAN Tai-man' -> 'chantaiman'."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SEPARATORS.sub("", folded)


def latin_display(person: _PersonNames) -> str:
    family, given = person.family_name_latin.strip(), person.given_name_latin.strip()
    if person.romanisation == "other":
        # A Western name: given name first, as its holder writes it.
        return " ".join(part for part in (given, family) if part)
    chinese_style = " ".join(part for part in (family.upper(), given) if part)
    if person.english_name:
        return f"{person.english_name} {chinese_style}"
    return chinese_style


def display_name(person: _PersonNames, language: str) -> str:
    lang = language_key(language)
    hans = f"{person.family_name_hans}{person.given_name_hans}"
    hant = f"{person.family_name_hant}{person.given_name_hant}"
    if lang == "zh-hans" and (hans or hant):
        return hans or hant
    if lang == "zh-hant" and (hant or hans):
        return hant or hans
    return latin_display(person)


def person_search_keys(person: _PersonNames) -> list[str]:
    """Every order and script a person's name may be typed in, normalised."""
    family, given = person.family_name_latin, person.given_name_latin
    english = person.english_name
    forms: list[str] = [
        person.family_name_hans + person.given_name_hans,
        person.family_name_hant + person.given_name_hant,
        family + given,
        given + family,
    ]
    if english:
        forms += [english + family, family + english, english + family + given, family + given + english]
    for other in person.other_names:
        forms.append(other)
        parts = other.split()
        if len(parts) > 1:
            forms.append("".join(parts[1:]) + parts[0])
            forms.append(parts[-1] + "".join(parts[:-1]))
    return _unique(normalise(f) for f in forms if f.strip())


def organisation_search_keys(names: Iterable[str]) -> list[str]:
    return _unique(normalise(n) for n in names if n and n.strip())


def _unique(keys: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for key in keys:
        if key:
            seen.setdefault(key, None)
    return list(seen)


def search_text(keys: list[str]) -> str:
    # '|' cannot occur in a normalised key, so a query never matches across two keys.
    return "|" + "|".join(keys) + "|"
