"""Duplicate warnings when creating people and organisations, and directory search through the engine."""

from __future__ import annotations

from datetime import date

import pytest

from hetao.screening.domain.selectors import likely_duplicate_organisations, likely_duplicate_people
from hetao.zone.models import Organisation, Person
from tests.factories.api import bearer, json_post, make_token
from tests.factories.pages import texts
from tests.factories.people import make_organisation, make_person, make_user, make_user_with_role

pytestmark = pytest.mark.django_db


def _make_zhang_wei(**extra):
    return make_person(
        family_name_hans="张",
        given_name_hans="伟",
        family_name_hant="張",
        given_name_hant="偉",
        family_name_latin="Zhang",
        given_name_latin="Wei",
        romanisation="pinyin",
        home_region="CN",
        **extra,
    )


_CHEUNG_WAI_FORM = {
    "family_name_hans": "",
    "given_name_hans": "",
    "family_name_hant": "張",
    "given_name_hant": "偉",
    "family_name_latin": "Cheung",
    "given_name_latin": "Wai",
    "romanisation": "hk_gov",
    "english_name": "",
    "other_names": "",
    "home_region": "HK",
    "birth_date": "",
    "email": "",
    "listed_in_directory": "on",
}


def test_likely_duplicate_people_across_romanisations():
    zhang = _make_zhang_wei()
    _other = make_person()

    found = likely_duplicate_people(name_forms=["CHEUNG Wai"])

    assert [(person, score >= 0.85) for person, score, _explanation in found] == [(zhang, True)]
    assert found[0][2] != ""


def test_likely_duplicate_people_different_characters_are_not_duplicates():
    _make_zhang_wei()

    found = likely_duplicate_people(name_forms=["章伟", "ZHANG Wei"])

    assert found == []


def test_likely_duplicate_people_excludes_the_record_itself():
    zhang = _make_zhang_wei()

    assert likely_duplicate_people(name_forms=["张伟"], exclude_id=zhang.pk) == []


def test_person_create_page_warns_of_a_likely_duplicate_and_saves_once_confirmed(client, zone):
    zhang = _make_zhang_wei()
    client.force_login(make_user_with_role("park_admin", scope="zone"))

    warned = client.post("/people/new/", _CHEUNG_WAI_FORM)
    confirmed = client.post("/people/new/", {**_CHEUNG_WAI_FORM, "confirm_not_duplicate": "on"})

    assert warned.status_code == 200
    assert texts(warned.content, "duplicate-candidate")[0].startswith(zhang.name)
    assert texts(warned.content, "duplicate-explanation") != [""]
    assert "This is a different person, create it anyway" in warned.content.decode()
    created = Person.objects.get(family_name_latin="Cheung")
    assert confirmed["Location"] == f"/people/{created.pk}/"
    assert Person.objects.count() == 2


def test_person_create_page_without_duplicate_saves_at_once(client, zone):
    make_person()
    client.force_login(make_user_with_role("park_admin", scope="zone"))

    response = client.post("/people/new/", _CHEUNG_WAI_FORM)

    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_person_create_api_answers_409_with_the_candidates(client, zone):
    zhang = _make_zhang_wei()
    admin = make_user_with_role("park_admin", scope="zone")
    headers = bearer(make_token(admin))
    body = {
        "family_name_latin": "Cheung",
        "given_name_latin": "Wai",
        "family_name_hant": "張",
        "given_name_hant": "偉",
        "romanisation": "hk_gov",
        "home_region": "HK",
    }

    refused = json_post(client, "/api/people", body, headers=headers)
    created = json_post(client, "/api/people", {**body, "confirm_not_duplicate": True}, headers=headers)

    assert refused.status_code == 409
    data = refused.json()
    assert (data["code"], data["field"], data["hidden_candidates"]) == ("likely_duplicate", "confirm_not_duplicate", 0)
    assert [(c["id"], c["name"]) for c in data["candidates"]] == [(zhang.pk, zhang.name)]
    assert data["candidates"][0]["score"] >= 0.85
    assert data["candidates"][0]["explanation"] != ""
    assert created.status_code == 201
    assert Person.objects.count() == 2


def test_person_create_api_hides_unlisted_candidates_from_an_organisation_admin(client, zone, sz_park):
    _make_zhang_wei(listed_in_directory=False)
    org = make_organisation(park=sz_park)
    admin = make_user_with_role("organisation_admin", scope="organisation", organisation=org)
    body = {"family_name_latin": "Zhang", "given_name_latin": "Wei", "family_name_hans": "张", "given_name_hans": "伟"}

    refused = json_post(client, "/api/people", body, headers=bearer(make_token(admin)))

    assert (refused.status_code, refused.json()["candidates"], refused.json()["hidden_candidates"]) == (409, [], 1)


def test_organisation_create_warns_of_a_likely_duplicate(client, zone, hk_park):
    hkust = make_organisation(
        park=hk_park,
        name_en="The Hong Kong University of Science and Technology",
        name_hant="香港科技大學",
        aliases=["HKUST"],
    )
    admin = make_user_with_role("park_admin", scope="zone")
    client.force_login(admin)
    body = {"kind": "university", "name_en": "Hong Kong University of Science & Technology", "park": "HK"}

    refused = json_post(client, "/api/organisations", body)
    created = json_post(client, "/api/organisations", {**body, "confirm_not_duplicate": True})

    assert refused.status_code == 409
    assert [c["id"] for c in refused.json()["candidates"]] == [hkust.pk]
    assert created.status_code == 201
    assert Organisation.objects.count() == 2


def test_likely_duplicate_organisations_by_chinese_name():
    hkust = make_organisation(name_en="The Hong Kong University of Science and Technology", country="HK")

    found = likely_duplicate_organisations(names=["香港科技大學"])

    assert [org for org, _score, _explanation in found] == [hkust]


def test_organisation_create_page_warns_and_saves_once_confirmed(client, zone, hk_park):
    make_organisation(park=hk_park, name_en="Acme Robotics Limited")
    client.force_login(make_user_with_role("park_admin", scope="zone"))
    form = {"kind": "enterprise", "park": "HK", "country": "", "name_en": "Acme Robotics Ltd."}

    warned = client.post("/organisations/new/", form)
    confirmed = client.post("/organisations/new/", {**form, "confirm_not_duplicate": "on"})

    assert len(texts(warned.content, "duplicate-candidate")) == 1
    assert confirmed.status_code == 302
    assert Organisation.objects.count() == 2


# --- Directory search -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Cheung Wai", "CHEUNG Wai", "W. Cheung", "zoeng1 wai5"])
def test_directory_search_finds_zhang_wei_by_cantonese_romanisation(client, query):
    zhang = _make_zhang_wei()
    make_person()
    client.force_login(make_user())

    response = client.get("/api/people", {"q": query})

    assert [item["id"] for item in response.json()["items"]] == [zhang.pk]


def test_directory_search_page_finds_zhang_wei_by_cheung_wai(client):
    _make_zhang_wei()
    client.force_login(make_user())

    response = client.get("/people/", {"q": "Cheung Wai"})

    assert len(texts(response.content, "person-row")) == 1


def test_directory_search_does_not_mix_up_different_characters(client):
    _make_zhang_wei()
    zhang_other = make_person(
        family_name_hans="章",
        given_name_hans="伟",
        family_name_hant="章",
        given_name_hant="偉",
        family_name_latin="Zhang",
        given_name_latin="Wei",
        romanisation="pinyin",
        home_region="CN",
        birth_date=date(1990, 1, 1),
    )
    client.force_login(make_user())

    response = client.get("/api/people", {"q": "章伟"})

    assert [item["id"] for item in response.json()["items"]] == [zhang_other.pk]


def test_directory_search_engine_respects_visibility(client):
    _make_zhang_wei(listed_in_directory=False)
    client.force_login(make_user())

    response = client.get("/api/people", {"q": "Cheung Wai"})

    assert response.json()["items"] == []
