"""The core pages and what every page shares: language, the language switcher, the security policy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from hetao.core.middleware import POLICY
from tests.factories.pages import elements, inline_code, make_person_with_account, text, texts
from tests.factories.people import make_affiliation, make_organisation, make_person, make_user, make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_urls(zone, sz_park):
    """One of each kind of page, with the user who may see it."""
    organisation = make_organisation(park=sz_park, name_en="Shenzhen Institute of Testing")
    person = make_person()
    make_affiliation(person, organisation)
    admin = make_user_with_role("park_admin", scope="zone")
    return {
        "home": ("/", None),
        "privacy": ("/privacy/", None),
        "organisation list": ("/organisations/", None),
        "organisation detail": (f"/organisations/{organisation.pk}/", admin),
        "organisation create": ("/organisations/new/", admin),
        "organisation edit": (f"/organisations/{organisation.pk}/edit/", admin),
        "person list": ("/people/", admin),
        "person detail": (f"/people/{person.pk}/", admin),
        "person create": ("/people/new/", admin),
        "person edit": (f"/people/{person.pk}/edit/", admin),
        "not found": ("/no-such-page/", None),
    }


PAGES = [
    "home",
    "privacy",
    "organisation list",
    "organisation detail",
    "organisation create",
    "organisation edit",
    "person list",
    "person detail",
    "person create",
    "person edit",
    "not found",
]


def _get(client: Client, page_urls: dict, page: str):
    url, user = page_urls[page]
    if user is not None:
        client.force_login(user)
    return client.get(url)


# --- Home ------------------------------------------------------------------------------------------


def test_home_shows_both_parks_with_their_facts(client, zone):
    response = client.get("/")

    assert response.status_code == 200
    assert text(response.content, "park-SZ") == (
        "Shenzhen Park 深圳园区 深圳園區 Jurisdiction Mainland China Currency Renminbi (CNY) "
        "Area 302 hectares Organisations 0"
    )
    assert text(response.content, "park-HK") == (
        "Hong Kong Park 香港园区 香港園區 Jurisdiction Hong Kong Currency Hong Kong dollar (HKD) "
        "Area 87 hectares Organisations 0"
    )


def test_home_counts_organisations_per_park_outside_and_people(client, sz_park, hk_park):
    make_organisation(park=sz_park)
    make_organisation(park=sz_park)
    make_organisation(park=hk_park)
    make_organisation(park=None, country="GB")
    make_person()
    make_person(listed_in_directory=False)

    response = client.get("/")

    assert [
        text(response.content, "count-in-zone"),
        text(response.content, "count-outside"),
        text(response.content, "count-people"),
        text(response.content, "park-SZ-organisations"),
        text(response.content, "park-HK-organisations"),
    ] == ["3", "1", "2", "2", "1"]


def test_home_zone_name_in_traditional_chinese_for_zh_hk(client, zone):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-HK")

    assert elements(response.content, "h1") == [{"id": "zone-name", "lang": "zh-Hant"}]
    assert '<h1 id="zone-name" lang="zh-Hant">河套深港科技創新合作區</h1>' in response.content.decode()


def test_home_area_grouped_for_locale(client, zone, sz_park):
    sz_park.area_ha = Decimal("1302.50")
    sz_park.save(update_fields=["area_ha"])

    response = client.get("/")

    assert "1,302.50 hectares" in text(response.content, "park-SZ")


# --- Language --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("zh-HK", "zh-Hant"), ("zh-TW", "zh-Hant"), ("zh-CN", "zh-Hans"), ("zh", "zh-Hans"), ("en-GB", "en")],
)
def test_html_lang_follows_accept_language(client, zone, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert elements(response.content, "html")[0]["lang"] == expected


@pytest.mark.parametrize("page", PAGES)
def test_language_switcher_on_every_page(client, page_urls, page):
    response = _get(client, page_urls, page)

    forms = [f for f in elements(response.content, "form") if f.get("data-testid") == "language-switcher"]
    buttons = [b for b in elements(response.content, "button") if b.get("name") == "language"]
    nexts = [i["value"] for i in elements(response.content, "input") if i.get("name") == "next"]
    assert [f["action"] for f in forms] == ["/i18n/setlang/"]
    assert [(b["value"], b["lang"]) for b in buttons] == [("en", "en"), ("zh-hans", "zh-Hans"), ("zh-hant", "zh-Hant")]
    assert texts(response.content, "language-zh-hans") == ["简体中文"]
    assert texts(response.content, "language-zh-hant") == ["繁體中文"]
    assert nexts == [page_urls[page][0]]


def test_language_switcher_sets_the_language_for_later_pages(client, zone):
    response = client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/organisations/?q=hku"})
    page = client.get("/organisations/")

    assert response.status_code == 302
    assert response["Location"] == "/organisations/?q=hku"
    assert elements(page.content, "html")[0]["lang"] == "zh-Hant"
    assert [b["value"] for b in elements(page.content, "button") if b.get("aria-current") == "true"] == ["zh-hant"]


def test_language_switcher_next_keeps_the_query_string(client, zone):
    response = client.get("/organisations/?q=hku&kind=university")

    nexts = [i["value"] for i in elements(response.content, "input") if i.get("name") == "next"]
    assert nexts == ["/organisations/?q=hku&kind=university"]


# --- Security policy ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_pages_carry_csp_and_no_inline_code(client, page_urls, page):
    response = _get(client, page_urls, page)

    assert response["Content-Security-Policy"] == POLICY
    assert inline_code(response.content) == []


def test_pages_load_htmx_from_this_site_and_disable_its_injected_style(client, zone):
    response = client.get("/")

    scripts = elements(response.content, "script")
    config = [m["content"] for m in elements(response.content, "meta") if m.get("name") == "htmx-config"]
    assert [s["src"] for s in scripts] == ["/static/django_htmx/htmx-2.min.js"]
    assert '"includeIndicatorStyles":false' in config[0]


def test_forbidden_page_is_rendered_with_the_site_template(client, zone):
    client.force_login(make_user())

    response = client.get("/organisations/new/")

    assert response.status_code == 403
    assert texts(response.content, "language-switcher") != []
    assert inline_code(response.content) == []


def test_server_error_page_renders_without_request_or_database():
    with translation.override("zh-hant"):
        html = render_to_string("500.html")

    assert elements(html, "html")[0]["lang"] == "zh-Hant"
    assert inline_code(html) == []


# --- Header ------------------------------------------------------------------------------------------


def test_header_names_the_signed_in_person_in_the_active_language(client, zone):
    _person, user = make_person_with_account()
    client.force_login(user)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert texts(response.content, "account-name") == ["陈大文"]


def test_header_marks_the_current_section(client, zone):
    response = client.get("/organisations/")

    current = [a["href"] for a in elements(response.content, "a") if a.get("aria-current") == "page"]
    assert current == ["/organisations/"]


# --- Privacy ----------------------------------------------------------------------------------------


def test_privacy_lists_the_register_in_the_active_language(client, zone):
    response = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="zh-HK")

    assert text(response.content, "purpose-identity_document").startswith(
        "身份證明文件 敏感 用於跨境便利、白名單及篩查中的身份核實，並避免重複記錄。加密儲存，遮蔽顯示。 "
        "內地《個人信息保護法》下的法律依據 內地《個人信息保護法》第二十八條"
    )
    assert len(texts(response.content, "purpose-account")) == 1


def test_privacy_offers_export_to_a_person_with_an_account(client, zone):
    person, user = make_person_with_account()
    client.force_login(user)

    response = client.get("/privacy/")

    forms = [f["action"] for f in elements(response.content, "form") if f.get("method") == "post"]
    assert f"/people/{person.pk}/export/" in forms
    assert texts(response.content, "export-own-data") == ["Export my data"]


# --- Template filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "currency", "expected"),
    [("en", "HKD", "HK$1,234.50"), ("en", "CNY", "CN¥1,234.50"), ("zh-hans", "CNY", "¥1,234.50")],
)
def test_money_filter_formats_for_the_active_language(language, currency, expected):
    template = Template("{% load hetao %}{{ amount|money:currency }}")

    with translation.override(language):
        rendered = template.render(Context({"amount": Decimal("1234.495"), "currency": currency}))

    assert rendered == expected


def test_name_forms_put_the_active_script_first(zone):
    template = Template(
        "{% load hetao %}{% name_forms park as names %}{% for n in names %}{{ n.lang }}:{{ n.text }};{% endfor %}"
    )
    park = zone.parks.get(code="HK")

    with translation.override("zh-hant"):
        rendered = template.render(Context({"park": park}))

    assert rendered == "zh-Hant:香港園區;zh-Hans:香港园区;en:Hong Kong Park;"


@pytest.mark.parametrize("template", ["400.html", "500.html", "403_csrf.html"])
def test_error_pages_rendered_without_request_carry_no_inline_code(template):
    html = render_to_string(template)

    assert inline_code(html) == []
    assert [link["href"] for link in elements(html, "link")] == ["/static/hetao/favicon.svg", "/static/hetao/site.css"]


def test_csrf_failure_uses_the_site_page(zone):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})

    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert inline_code(response.content) == []


def test_favicon_ico_redirects_to_the_served_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/hetao/favicon.svg"
    served = client.get(response["Location"])
    served.close()  # a streamed file response: close it, or its file handle outlives the test
    assert served.status_code == 200
