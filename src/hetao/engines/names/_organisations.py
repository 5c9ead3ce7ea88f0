"""Organisation names across Chinese and English: legal forms dropped, shared concepts, acronyms, aliases.

Chinese is unified to Simplified; words with a known counterpart in the other language become one concept
token (大學/大学/University -> ``university``), so "香港科技大學" and "The Hong Kong University of Science and
Technology" both normalise to ``hong_kong``, ``science_technology``, ``university`` (order is ignored when
comparing). Other Chinese is written in pinyin (华为 -> ``huawei``), so it meets the English spelling of a brand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz

from hetao.engines.names._model import Match
from hetao.engines.names._readings import is_cjk, mandarin, to_simplified

# concept token, acronym letters, Simplified Chinese forms, English phrases
_CONCEPTS: Final[tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]] = (
    ("hong_kong", "hk", ("香港",), ("hong kong", "hongkong", "hk")),
    ("shenzhen", "sz", ("深圳",), ("shenzhen",)),
    ("macao", "m", ("澳门",), ("macao", "macau")),
    ("china", "c", ("中国", "中华"), ("china", "prc")),
    ("chinese", "c", ("中文",), ("chinese",)),
    ("university", "u", ("大学",), ("university",)),
    ("institute", "i", ("研究院", "研究所"), ("institute", "institution")),
    ("college", "c", ("学院", "书院"), ("college",)),
    ("science_technology", "st", ("科技", "科学技术"), ("science and technology", "sci tech", "scitech")),
    ("science", "s", ("科学",), ("science", "sciences", "scientific")),
    ("technology", "t", ("技术",), ("technology", "technologies", "technological", "tech")),
    ("research", "r", ("研究",), ("research",)),
    ("polytechnic", "p", ("理工",), ("polytechnic",)),
    ("academy", "a", ("学会", "研究会"), ("academy", "society")),
    ("city", "c", ("城市",), ("city",)),
    ("baptist", "b", ("浸会",), ("baptist",)),
    ("southern", "s", ("南方",), ("southern",)),
    ("international", "i", ("国际",), ("international",)),
    ("innovation", "i", ("创新",), ("innovation", "innovative")),
    ("centre", "c", ("中心",), ("centre", "center")),
    ("laboratory", "l", ("实验室",), ("laboratory", "laboratories", "lab", "labs")),
    ("hospital", "h", ("医院",), ("hospital",)),
    ("bank", "b", ("银行",), ("bank",)),
    ("medical", "m", ("医学", "医疗"), ("medical", "medicine")),
    ("engineering", "e", ("工程",), ("engineering",)),
    ("industrial", "i", ("工业",), ("industrial", "industry")),
    ("park", "p", ("园区", "科学园"), ("park",)),
    ("cooperation_zone", "cz", ("合作区",), ("cooperation zone", "co-operation zone")),
    ("hetao", "ht", ("河套",), ("hetao", "lok ma chau loop")),
)
# A surface form made of several concepts (科学院 = academy of sciences).
_COMPOSITE_CHINESE: Final[dict[str, tuple[str, ...]]] = {
    "科学院": ("academy", "science"),
    "深港": ("shenzhen", "hong_kong"),
    "港深": ("hong_kong", "shenzhen"),
}

_GENERIC_CHINESE: Final[tuple[str, ...]] = tuple(
    sorted(("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "控股"), key=len, reverse=True)
)
_GENERIC_ENGLISH_TEXT: Final = (
    "the of and for limited ltd co company inc incorporated corporation corp llc plc group holdings gmbh ag sa bv"
)
_GENERIC_ENGLISH: Final[frozenset[str]] = frozenset(_GENERIC_ENGLISH_TEXT.split())

# Common Chinese abbreviations, to their full Simplified names.
_CHINESE_ABBREVIATIONS: Final[dict[str, str]] = {
    "港科大": "香港科技大学", "科大": "香港科技大学", "港大": "香港大学", "中大": "香港中文大学",
    "港中大": "香港中文大学", "理大": "香港理工大学", "港理工": "香港理工大学", "城大": "香港城市大学",
    "浸大": "香港浸会大学", "深大": "深圳大学", "南科大": "南方科技大学", "港中深": "香港中文大学深圳",
    "中科院": "中国科学院", "清华": "清华大学", "北大": "北京大学",
}  # fmt: skip

# Well-known English acronyms, to the full Simplified names they stand for.
_KNOWN_ACRONYMS: Final[dict[str, str]] = {
    "HKUST": "香港科技大学", "HKU": "香港大学", "CUHK": "香港中文大学", "POLYU": "香港理工大学",
    "CITYU": "香港城市大学", "HKBU": "香港浸会大学", "SZU": "深圳大学", "SUSTECH": "南方科技大学",
    "CAS": "中国科学院", "CUHK-SZ": "香港中文大学深圳", "CUHKSZ": "香港中文大学深圳",
}  # fmt: skip

_ACRONYM_OF: Final[dict[str, str]] = {concept: letters for concept, letters, _, _ in _CONCEPTS} | {
    "academy": "a",
}
_CHINESE_FORMS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = tuple(
    sorted(
        [(form, (concept,)) for concept, _, forms, _ in _CONCEPTS for form in forms] + list(_COMPOSITE_CHINESE.items()),
        key=lambda item: len(item[0]),
        reverse=True,
    )
)
_ENGLISH_PHRASES: Final[tuple[tuple[tuple[str, ...], str], ...]] = tuple(
    sorted(
        (
            (tuple(phrase.replace("-", " ").split()), concept)
            for concept, _, _, phrases in _CONCEPTS
            for phrase in phrases
        ),
        key=lambda item: len(item[0]),
        reverse=True,
    )
)
_ACRONYM_TOKEN: Final = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")


@dataclass(frozen=True)
class OrganisationName:
    """An organisation name reduced for comparison: concept and word tokens, and an acronym."""

    raw: str
    core_tokens: tuple[str, ...]
    acronym: str


def _chinese_tokens(text: str) -> list[str]:
    simplified = to_simplified(text)
    simplified = _CHINESE_ABBREVIATIONS.get(simplified, simplified)
    for generic in _GENERIC_CHINESE:
        simplified = simplified.replace(generic, " ")
    tokens: list[str] = []
    pending = ""
    position = 0
    while position < len(simplified):
        for form, concepts in _CHINESE_FORMS:
            if simplified.startswith(form, position):
                if pending:
                    tokens.append("".join(mandarin(pending)))
                    pending = ""
                tokens.extend(concepts)
                position += len(form)
                break
        else:
            character = simplified[position]
            if is_cjk(character):
                pending += character
            elif pending:
                tokens.append("".join(mandarin(pending)))
                pending = ""
            position += 1
    if pending:
        tokens.append("".join(mandarin(pending)))
    return tokens


def _english_tokens(text: str) -> list[str]:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split()
    tokens: list[str] = []
    position = 0
    while position < len(words):
        for phrase, concept in _ENGLISH_PHRASES:
            if tuple(words[position : position + len(phrase)]) == phrase:
                tokens.append(concept)
                position += len(phrase)
                break
        else:
            if words[position] not in _GENERIC_ENGLISH:
                tokens.append(words[position])
            position += 1
    return tokens


@lru_cache(maxsize=16384)
def normalise_organisation_name(text: str) -> OrganisationName:
    """Scripts unified, legal forms and generic words dropped, shared concepts across languages, an acronym.

    A name that is itself an acronym ("HKUST") keeps it as its only token and as its acronym.
    """
    if not isinstance(text, str):
        raise TypeError(f"an organisation name is a str, not {type(text).__name__}")
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        raise ValueError("empty organisation name")
    known = _KNOWN_ACRONYMS.get(cleaned.upper())
    if known is not None:
        full = normalise_organisation_name(known)
        return OrganisationName(text, full.core_tokens, cleaned.lower())
    if _ACRONYM_TOKEN.match(cleaned) and cleaned.lower() not in _GENERIC_ENGLISH:
        return OrganisationName(text, (cleaned.lower(),), cleaned.lower())
    chinese = "".join(c if is_cjk(c) else " " for c in cleaned)
    latin = "".join(" " if is_cjk(c) else c for c in cleaned)
    tokens = _chinese_tokens(chinese) if chinese.strip() else []
    tokens += _english_tokens(latin)
    acronym = "".join(_ACRONYM_OF.get(token, token[:1]) for token in tokens if not token.isdigit())
    return OrganisationName(text, tuple(tokens), acronym)


def _is_acronym_only(name: OrganisationName) -> bool:
    return len(name.core_tokens) == 1 and name.core_tokens[0] == name.acronym


def _score_pair(a: OrganisationName, b: OrganisationName) -> tuple[float, str]:
    if a.core_tokens and sorted(a.core_tokens) == sorted(b.core_tokens):
        return 1.0, "same name once legal forms, generic words and scripts are set aside"
    for short, long in ((a, b), (b, a)):
        if _is_acronym_only(short) and not _is_acronym_only(long) and long.acronym:
            if short.acronym == long.acronym:
                return 0.95, f"'{short.raw}' is the acronym of '{long.raw}' ({long.acronym})"
            if sorted(short.acronym) == sorted(long.acronym):
                return 0.9, f"'{short.raw}' has the initials of '{long.raw}' in another order ({long.acronym})"
    ratio = fuzz.token_sort_ratio(" ".join(a.core_tokens), " ".join(b.core_tokens)) / 100.0
    return round(0.9 * ratio, 6), "similar words"


def compare_organisation_names(
    a: str,
    b: str,
    *,
    aliases_a: Sequence[str] = (),
    aliases_b: Sequence[str] = (),
) -> Match:
    """Compare two organisation names, each with optional aliases; the best pair of names decides.

    Symmetric in (a, aliases_a) and (b, aliases_b). ``left`` and ``right`` are None: organisations have no
    person-name variants.
    """
    if isinstance(aliases_a, str) or isinstance(aliases_b, str):
        raise TypeError("aliases are a sequence of names, not one string")
    best_score, best_text = -1.0, ""
    for name_a in (a, *aliases_a):
        for name_b in (b, *aliases_b):
            left, right = normalise_organisation_name(name_a), normalise_organisation_name(name_b)
            score, note = _score_pair(left, right)
            if score > best_score:
                best_score = score
                best_text = f"'{name_a}' {list(left.core_tokens)} = '{name_b}' {list(right.core_tokens)} ({note})"
    return Match(best_score, best_text, None, None)
