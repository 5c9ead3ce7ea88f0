"""The people directory pages: search in any script, detail with what each viewer may see, forms, export."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hetao.engines import identifiers
from hetao.zone.domain.services import person_update
from hetao.zone.models import Affiliation, IdentityDocument, Person
from tests.factories.pages import elements, inline_code, make_identity_document, make_person_with_account, text, texts
from tests.factories.people import (
    make_affiliation,
    make_organisation,
    make_person,
    make_user_with_role,
)

pytestmark = pytest.mark.django_db

VALID_HKID = "A123456(3)"


def _found(response) -> list[str]:
    return texts(response.content, "person-name")


@pytest.fixture
def chan(zone):
    """CHAN Tai-man, who also goes by Peter: a Hong Kong resident with names in both Chinese scripts."""
    return make_person(english_name="Peter")


@pytest.fixture
def researcher(zone):
    return make_user_with_role("researcher", scope="zone")


# --- Search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Chan Tai Man", "tai-man chan", "CHAN Tai-man", "陳大文", "陈大文", "Peter Chan"])
def test_person_search_finds_by_any_script_or_order(client, chan, researcher, query):
    make_person(
        family_name_latin="Lee",
        given_name_latin="Ka-yan",
        family_name_hant="李",
        given_name_hant="嘉欣",
        family_name_hans="李",
        given_name_hans="嘉欣",
    )
    client.force_login(researcher)

    response = client.get("/people/", {"q": query})

    assert _found(response) == ["Peter CHAN Tai-man"]


def test_person_search_shows_the_name_in_the_active_language_and_the_other_forms(client, chan, researcher):
    organisation = make_organisation(park=None, country="HK", name_en="Acme Testing", name_hant="卓越檢測")
    make_affiliation(chan, organisation, title="Engineer")
    client.force_login(researcher)

    response = client.get("/people/", {"q": "chan"}, HTTP_ACCEPT_LANGUAGE="zh-HK")

    assert text(response.content, "person-row") == "陳大文 陈大文 Peter CHAN Tai-man 卓越檢測 · Engineer"
    assert [a.get("lang") for a in elements(response.content, "a") if a.get("data-testid") == "person-name"] == [
        "zh-Hant"
    ]


def test_person_search_unlisted_person_hidden_from_another_researcher(client, researcher):
    make_person(listed_in_directory=False)
    client.force_login(researcher)

    response = client.get("/people/", {"q": "陳大文"})

    assert _found(response) == []


def test_person_search_unlisted_person_found_by_a_zone_park_admin(client, zone):
    make_person(listed_in_directory=False)
    client.force_login(make_user_with_role("park_admin", scope="zone"))

    response = client.get("/people/", {"q": "陳大文"})

    assert _found(response) == ["CHAN Tai-man"]


def test_person_search_unlisted_person_finds_themself(client, zone):
    _person, user = make_person_with_account(listed_in_directory=False)
    client.force_login(user)

    response = client.get("/people/", {"q": "chan tai man"})

    assert _found(response) == ["CHAN Tai-man"]


def test_person_search_htmx_returns_only_the_results_fragment(client, chan, researcher):
    client.force_login(researcher)

    response = client.get("/people/", {"q": "陳大文"}, HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "zone/_person_results.html"
    assert "<html" not in response.content.decode()
    assert _found(response) == ["Peter CHAN Tai-man"]


def test_person_list_asks_anonymous_visitors_to_sign_in(client, chan):
    response = client.get("/people/")

    assert response.status_code == 302
    assert response["Location"].endswith("?next=/people/")


def test_person_list_query_count_does_not_grow_with_rows(client, zone, researcher):
    organisation = make_organisation(park=zone.parks.get(code="SZ"))
    make_affiliation(make_person(family_name_latin="Ang"), organisation)
    client.force_login(researcher)
    with CaptureQueriesContext(connection) as one_row:
        client.get("/people/")
    for name in ("Bo", "Cai"):
        make_affiliation(make_person(family_name_latin=name), organisation)
        make_affiliation(make_person(family_name_latin=name + "x"), make_organisation(), end=date(2021, 1, 1))

    with CaptureQueriesContext(connection) as more_rows:
        response = client.get("/people/")

    assert len(_found(response)) == 5
    assert len(more_rows) == len(one_row), "\n".join(q["sql"] for q in more_rows.captured_queries)


# --- Detail ------------------------------------------------------------------------------------------


def test_person_detail_unlisted_is_404_to_an_ordinary_user(client, researcher):
    person = make_person(listed_in_directory=False)
    client.force_login(researcher)

    response = client.get(f"/people/{person.pk}/")

    assert response.status_code == 404


def test_person_detail_asks_anonymous_visitors_to_sign_in(client, chan):
    response = client.get(f"/people/{chan.pk}/")

    assert response.status_code == 302


def test_person_detail_shows_names_in_every_script(client, chan, researcher):
    person_update(actor=None, person=chan, other_names=["Chen Dawen"])
    client.force_login(researcher)

    response = client.get(f"/people/{chan.pk}/")

    assert text(response.content, "person-names") == (
        "Simplified Chinese 陈大文 Traditional Chinese 陳大文 "
        "Romanised CHAN Tai-man (Hong Kong government Cantonese romanisation) English name Peter "
        "Other forms of the name Chen Dawen"
    )


def test_person_detail_shows_affiliation_history(client, chan, researcher):
    make_affiliation(chan, make_organisation(name_en="Old Lab"), start=date(2015, 9, 1), end=date(2019, 8, 31))
    make_affiliation(
        chan, make_organisation(name_en="New Lab"), start=date(2019, 9, 1), title="Director", is_primary=True
    )
    client.force_login(researcher)

    response = client.get(f"/people/{chan.pk}/")

    assert text(response.content, "person-affiliations") == (
        "Organisation Title or position From Until "
        "New Lab Primary Director Sept. 1, 2019 present "
        "Old Lab — Sept. 1, 2015 Aug. 31, 2019"
    )


def test_person_detail_identity_documents_masked_to_the_person_themself(client, zone):
    person, user = make_person_with_account()
    make_identity_document(person, number="Z987654(6)")
    client.force_login(user)

    response = client.get(f"/people/{person.pk}/")

    assert texts(response.content, "document-number") == ["Z987***(6)"]
    assert "Z987654" not in response.content.decode()


def test_person_detail_identity_documents_hidden_from_others(client, chan, researcher):
    make_identity_document(chan, number="Z987654(6)")
    client.force_login(researcher)

    response = client.get(f"/people/{chan.pk}/")

    assert texts(response.content, "document-number") == []
    assert "Z987" not in response.content.decode()
    assert texts(response.content, "document-form") == []


def test_person_detail_private_details_only_for_those_who_may_change_them(client, zone, researcher):
    person, user = make_person_with_account(email="chan@example.hk", birth_date=date(1990, 5, 17))
    client.force_login(researcher)
    other_view = client.get(f"/people/{person.pk}/").content.decode()
    client.force_login(user)
    own_view = client.get(f"/people/{person.pk}/").content.decode()

    assert ("chan@example.hk" in other_view, "May 17, 1990" in other_view) == (False, False)
    assert ("chan@example.hk" in own_view, "May 17, 1990" in own_view) == (True, True)


def test_person_detail_dates_in_the_active_language(client, zone):
    person, user = make_person_with_account(birth_date=date(1990, 5, 17))
    client.force_login(user)

    response = client.get(f"/people/{person.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert "1990年5月17日" in response.content.decode()


def test_person_detail_export_button_for_the_person_only(client, zone, researcher):
    person, user = make_person_with_account()
    client.force_login(user)
    own = client.get(f"/people/{person.pk}/")
    client.force_login(researcher)
    other = client.get(f"/people/{person.pk}/")

    assert texts(own.content, "export-person") == ["Export my data"]
    assert texts(other.content, "export-person") == []


def test_person_detail_export_button_for_the_data_regulator(client, chan):
    client.force_login(make_user_with_role("data_regulator", scope="zone"))

    response = client.get(f"/people/{chan.pk}/")

    assert texts(response.content, "export-person") == ["Export data"]


# --- Export -------------------------------------------------------------------------------------------


def test_person_export_returns_the_persons_data_as_json(client, zone):
    person, user = make_person_with_account(email="chan@example.hk")
    make_identity_document(person, number=VALID_HKID)
    make_affiliation(person, make_organisation(name_en="Acme Testing"), title="Engineer")
    client.force_login(user)

    response = client.post(f"/people/{person.pk}/export/")

    data = json.loads(response.content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="hetao-person-{person.pk}.json"'
    assert "no-store" in response["Cache-Control"]
    assert (data["person"]["id"], data["person"]["family_name_hant"], data["person"]["email"]) == (
        person.pk,
        "陳",
        "chan@example.hk",
    )
    assert [d["number"] for d in data["identity_documents"]] == ["A1234563"]
    assert [(a["organisation"], a["title"]) for a in data["affiliations"]] == [("Acme Testing", "Engineer")]


def test_person_export_forbidden_to_another_user(client, chan, researcher):
    client.force_login(researcher)

    response = client.post(f"/people/{chan.pk}/export/")

    assert response.status_code == 403


def test_person_export_needs_post(client, zone):
    person, user = make_person_with_account()
    client.force_login(user)

    response = client.get(f"/people/{person.pk}/export/")

    assert response.status_code == 405


# --- Identity documents and affiliations -------------------------------------------------------------------


def test_identity_document_add_wrong_check_character_names_it_on_the_number_field(client, zone):
    person, user = make_person_with_account()
    client.force_login(user)

    response = client.post(
        f"/people/{person.pk}/documents/",
        {"document-kind": "hkid", "document-number": "A123456(4)", "document-issuing_country": ""},
    )

    assert response.status_code == 200
    assert response.context["document_form"].errors == {
        "number": [
            "Character 8 should be the check character '3', but it is '4'. A character has probably been mistyped."
        ]
    }
    assert IdentityDocument.objects.count() == 0
    assert inline_code(response.content) == []


def test_identity_document_add_records_it_masked(client, zone):
    person, user = make_person_with_account()
    client.force_login(user)

    response = client.post(
        f"/people/{person.pk}/documents/",
        {
            "document-kind": "cn_ric",
            "document-number": identifiers.make_valid("cn_ric", "11010519491231002"),
            "document-issuing_country": "",
            "document-expiry_date": "2030-01-31",
        },
    )

    document = IdentityDocument.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/#documents"
    assert (document.number_masked, document.issuing_country, document.expiry_date) == (
        "110105********002X",
        "CHN",
        date(2030, 1, 31),
    )


def test_identity_document_add_passport_needs_its_country(client, zone):
    person, user = make_person_with_account()
    client.force_login(user)

    response = client.post(
        f"/people/{person.pk}/documents/",
        {"document-kind": "passport", "document-number": "E12345678", "document-issuing_country": ""},
    )

    assert response.context["document_form"].errors == {
        "issuing_country": ["Give the country that issued the passport."]
    }


def test_identity_document_add_by_get_returns_to_the_detail_page(client, zone):
    person, user = make_person_with_account()
    client.force_login(user)

    response = client.get(f"/people/{person.pk}/documents/")

    assert (response.status_code, response["Location"]) == (302, f"/people/{person.pk}/#documents")


def test_identity_document_add_forbidden_to_another_user(client, chan, researcher):
    client.force_login(researcher)

    response = client.post(f"/people/{chan.pk}/documents/", {"document-kind": "hkid", "document-number": VALID_HKID})

    assert response.status_code == 403
    assert IdentityDocument.objects.count() == 0


def test_affiliation_add_by_the_organisation_admin(client, zone, sz_park):
    organisation = make_organisation(park=sz_park, name_en="Hetao Lab")
    person = make_person()
    make_affiliation(person, organisation, start=date(2020, 1, 1))
    client.force_login(make_user_with_role("organisation_admin", scope="organisation", organisation=organisation))

    response = client.post(
        f"/people/{person.pk}/affiliations/",
        {
            "affiliation-organisation": organisation.pk,
            "affiliation-title": "Visiting fellow",
            "affiliation-start_date": "2024-03-01",
            "affiliation-end_date": "",
            "affiliation-is_primary": "on",
        },
    )

    assert response.status_code == 302
    assert list(Affiliation.objects.filter(person=person).values_list("title", "start_date", "is_primary")) == [
        ("Visiting fellow", date(2024, 3, 1), True),
        ("", date(2020, 1, 1), False),
    ]


def test_affiliation_add_end_before_start_is_a_field_error(client, zone, sz_park):
    organisation = make_organisation(park=sz_park)
    person, user = make_person_with_account()
    client.force_login(user)

    response = client.post(
        f"/people/{person.pk}/affiliations/",
        {
            "affiliation-organisation": organisation.pk,
            "affiliation-start_date": "2024-03-01",
            "affiliation-end_date": "2023-03-01",
        },
    )

    assert response.context["affiliation_form"].errors == {"end_date": ["The end date is before the start date."]}
    assert Affiliation.objects.filter(person=person).count() == 0


# --- Create and edit --------------------------------------------------------------------------------------


def _person_data(**overrides: str) -> dict[str, str]:
    data = {
        "family_name_hans": "王",
        "given_name_hans": "小明",
        "family_name_hant": "王",
        "given_name_hant": "小明",
        "family_name_latin": "Wang",
        "given_name_latin": "Xiaoming",
        "romanisation": "pinyin",
        "english_name": "",
        "other_names": "Wong Siu Ming\n",
        "home_region": "cn",
        "birth_date": "",
        "email": "",
        "listed_in_directory": "on",
    }
    data.update(overrides)
    return data


def test_person_create_by_a_park_admin(client, zone):
    client.force_login(make_user_with_role("park_admin", scope="zone"))

    response = client.post("/people/new/", _person_data())

    person = Person.objects.get(family_name_latin="Wang")
    assert response["Location"] == f"/people/{person.pk}/"
    assert (person.home_region, person.other_names, person.listed_in_directory) == ("CN", ["Wong Siu Ming"], True)


def test_person_create_pinyin_without_chinese_is_an_error_on_the_chinese_name(client, zone):
    client.force_login(make_user_with_role("park_admin", scope="zone"))

    response = client.post(
        "/people/new/", _person_data(family_name_hans="", given_name_hans="", family_name_hant="", given_name_hant="")
    )

    assert response.context["form"].errors == {
        "family_name_hant": ["A name romanised from Chinese needs its Chinese characters (Simplified or Traditional)."]
    }
    assert Person.objects.count() == 0


def test_person_create_forbidden_to_a_researcher(client, researcher):
    response_get = client.get("/people/new/")
    client.force_login(researcher)

    response = client.get("/people/new/")

    assert (response_get.status_code, response.status_code) == (302, 403)


def test_person_edit_by_the_person_themself(client, zone):
    person, user = make_person_with_account()
    client.force_login(user)
    data = _person_data(
        family_name_hans="陈",
        given_name_hans="大文",
        family_name_hant="陳",
        given_name_hant="大文",
        family_name_latin="Chan",
        given_name_latin="Tai-man",
        romanisation="hk_gov",
        english_name="Peter",
        home_region="HK",
        other_names="",
        version="1",
    )

    response = client.post(f"/people/{person.pk}/edit/", data)

    person.refresh_from_db()
    assert response.status_code == 302
    assert (person.english_name, person.version) == ("Peter", 2)


def test_person_edit_stale_version_shows_the_conflict(client, zone):
    person, user = make_person_with_account()
    person_update(actor=None, person=person, english_name="Pete")
    client.force_login(user)

    response = client.post(f"/people/{person.pk}/edit/", _person_data(version="1"))

    person.refresh_from_db()
    assert response.context["form"].non_field_errors() == [
        "Someone else changed this record since you opened it (your version 1, now 2). "
        "Reload it and apply your changes again."
    ]
    assert person.family_name_latin == "Chan"


def test_person_edit_unlisted_person_is_404_to_others(client, researcher):
    person = make_person(listed_in_directory=False)
    client.force_login(researcher)

    response = client.get(f"/people/{person.pk}/edit/")

    assert response.status_code == 404


def test_person_edit_form_groups_names_by_script(client, zone):
    person, user = make_person_with_account()
    client.force_login(user)

    response = client.get(f"/people/{person.pk}/edit/")

    inputs = {
        i["name"]: i.get("lang")
        for i in elements(response.content, "input")
        if i.get("name", "").startswith(("family_name", "given_name"))
    }
    assert inputs == {
        "family_name_hans": "zh-Hans",
        "given_name_hans": "zh-Hans",
        "family_name_hant": "zh-Hant",
        "given_name_hant": "zh-Hant",
        "family_name_latin": None,
        "given_name_latin": None,
    }
    assert texts(response.content, "fieldset-legend") == [
        "Name in Simplified Chinese",
        "Name in Traditional Chinese",
        "Name in Latin letters",
        "About the person",
    ]


def test_person_pages_without_inline_code(client, zone):
    person, user = make_person_with_account()
    make_identity_document(person, number=VALID_HKID)
    client.force_login(user)

    pages = [client.get(url) for url in ("/people/", f"/people/{person.pk}/", f"/people/{person.pk}/edit/")]

    assert [inline_code(page.content) for page in pages] == [[], [], []]
