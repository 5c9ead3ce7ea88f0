"""One error body for every failure: {code, message, field, errors[]}, in the caller's language."""

from __future__ import annotations

import pytest

from tests.factories.api import bearer, json_patch, json_post, make_token
from tests.factories.people import make_organisation, make_user, make_user_with_role

pytestmark = pytest.mark.django_db


def test_error_body_missing_field_is_invalid_with_the_field(client, sz_park) -> None:
    raw = make_token(make_user_with_role("park_admin"))

    response = json_post(client, "/api/organisations", {"kind": "university", "park": "SZ"}, headers=bearer(raw))

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "This field is required.",
        "field": "name_en",
        "errors": [{"field": "name_en", "code": "missing", "message": "This field is required."}],
    }


def test_error_body_every_invalid_field_is_listed(client, sz_park) -> None:
    raw = make_token(make_user_with_role("park_admin"))

    response = json_post(client, "/api/organisations", {"kind": "castle", "aliases": "X"}, headers=bearer(raw))

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("kind", "enum"),
        ("name_en", "missing"),
        ("aliases", "list_type"),
    ]


def test_error_body_invalid_query_parameter_names_it(client) -> None:
    client.force_login(make_user())

    response = client.get("/api/organisations?page=0")

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "Enter a value of at least 1.",
        "field": "page",
        "errors": [{"field": "page", "code": "greater_than_equal", "message": "Enter a value of at least 1."}],
    }


def test_error_body_unknown_record_is_not_found(client) -> None:
    client.force_login(make_user())

    response = client.get("/api/organisations/999999")

    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "There is no such record.",
        "field": None,
        "errors": [{"field": None, "code": "not_found", "message": "There is no such record."}],
    }


def test_error_body_null_for_a_required_field_is_invalid(client, sz_park) -> None:
    user = make_user_with_role("park_admin")
    org = make_organisation(park=sz_park)
    client.force_login(user)

    response = json_patch(client, f"/api/organisations/{org.pk}", {"version": 1, "name_en": None})

    assert response.status_code == 422
    assert response.json()["field"] == "name_en"
    assert response.json()["errors"][0]["code"] == "value_error"


def test_error_language_chinese_when_asked(client, sz_park) -> None:
    # Messages become Chinese once the catalogues are translated; the code and the language chosen are
    # fixed now.
    raw = make_token(make_user_with_role("park_admin"))

    response = json_post(
        client,
        "/api/organisations",
        {"kind": "university", "park": "SZ"},
        headers={**bearer(raw), "Accept-Language": "zh-CN"},
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == "name_en"
    assert response["Content-Language"] == "zh-hans"


def test_error_language_chinese_for_domain_errors(client, sz_park) -> None:
    raw = make_token(make_user_with_role("park_admin"))
    org = make_organisation(park=sz_park)

    json_patch(
        client, f"/api/organisations/{org.pk}", {"version": 1, "website": "https://a.example"}, headers=bearer(raw)
    )
    response = json_patch(
        client,
        f"/api/organisations/{org.pk}",
        {"version": 1, "website": "https://b.example"},
        headers={**bearer(raw), "Accept-Language": "zh-HK"},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert response["Content-Language"] == "zh-hant"


def test_api_identifier_error_in_callers_language(client, zone, sz_park):
    from tests.factories.people import PASSWORD, make_user_with_role

    admin = make_user_with_role("park_admin")
    client.login(username=admin.username, password=PASSWORD)
    body = {
        "kind": "enterprise",
        "park": "SZ",
        "country": "CN",
        "name_en": "Checksum Ltd",
        "identifiers": {"cn_uscc": "91350100M000100Y44"},
    }
    zh = client.post("/api/organisations", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-CN")
    hk = client.post("/api/organisations", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-HK")
    en = client.post("/api/organisations", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert [r.status_code for r in (zh, hk, en)] == [400, 400, 400]
    assert {r.json()["code"] for r in (zh, hk, en)} == {"identifier_check_character"}
    assert "第18" in zh.json()["message"] or "第 18" in zh.json()["message"]
    assert "'3'" in zh.json()["message"]
    assert zh.json()["message"] != hk.json()["message"]
    assert en.json()["message"].startswith("Character 18 should be the check character '3'")
