"""The Chinese catalogues are complete, keep every placeholder, and are real translations."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "hetao" / "locale"
LANGUAGES = ["zh_Hans", "zh_Hant"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Proper names and codes that stay as they are in every language.
KEPT = {"English", "简体中文", "繁體中文", "API", "JSON", "CSV", "HTTP", "OpenAPI", "ID", "DOI", "HKD", "CNY", "MOP"}
# Characters that exist only in Simplified Chinese: none may appear in the Traditional catalogue.
SIMPLIFIED_ONLY = set("这们个说时发为对会从关机构园区码证请输号错务权审计资网页户录选项数据库删设")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        return [(entry.msgid_plural, entry.msgstr_plural.get(0, ""))]
    return [(entry.msgid, entry.msgstr)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_complete_and_not_fuzzy(language):
    catalogue = _catalogue(language)
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert len(catalogue) > 300


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_keeps_every_placeholder(language):
    broken = [
        source
        for entry in _catalogue(language)
        for source, text in _translations(entry)
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert broken == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_chinese_not_english_copies(language):
    copies = [
        source
        for entry in _catalogue(language)
        for source, text in _translations(entry)
        if source not in KEPT and not CJK.search(text)
    ]
    assert copies == []


def test_traditional_catalogue_has_no_simplified_characters():
    leaks = [
        (entry.msgid, text)
        for entry in _catalogue("zh_Hant")
        for _source, text in _translations(entry)
        if SIMPLIFIED_ONLY & set(text) and entry.msgid not in KEPT
    ]
    assert leaks == []


def test_catalogues_compile(tmp_path):
    from hetao.core.compilemessages import compile_all

    for language in LANGUAGES:
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "django.po").write_bytes((LOCALE / language / "LC_MESSAGES" / "django.po").read_bytes())
    written = compile_all(tmp_path)
    assert sorted(p.parent.parent.name for p in written) == LANGUAGES
    assert all(p.stat().st_size > 1000 for p in written)
