"""Language negotiation and locale-aware money."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from hetao.core.i18n import format_money, language_key


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("zh-CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh-HK", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("en-GB", "en"),
        ("fr-FR", "en"),
    ],
)
def test_browser_language_negotiation(client, zone, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert f'<html lang="{expected}"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "currency", "expected"),
    [
        ("en", "HKD", "HK$1,234.50"),
        ("en", "CNY", "CN¥1,234.50"),
        ("zh-hans", "CNY", "¥1,234.50"),
        ("zh-hant", "HKD", "HK$1,234.50"),
    ],
)
def test_format_money_grouped_for_language(language, currency, expected):
    with translation.override(language):
        assert format_money(Decimal("1234.5"), currency) == expected


def test_format_money_rounds_half_up_to_the_cent():
    with translation.override("en"):
        assert format_money(Decimal("0.005"), "HKD") == "HK$0.01"
        assert format_money(Decimal("-2.345"), "CNY") == "-CN¥2.35"


def test_language_key_maps_regional_codes():
    assert [language_key(code) for code in ("zh-hk", "zh-tw", "zh-cn", "zh-hant", "en-us")] == [
        "zh-hant",
        "zh-hant",
        "zh-hans",
        "zh-hant",
        "en",
    ]


def test_home_shows_river_in_active_language(client, zone):
    assert "深圳河" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-HK").content.decode()
    assert "Shenzhen River" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_home_counts_parks_with_chinese_counting_word(client, zone):
    assert "两个园区" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "一區兩園" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-HK").content.decode()
    assert "One zone, two parks" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
