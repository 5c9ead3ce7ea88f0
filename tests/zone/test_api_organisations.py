"""The organisations endpoints: list, read, create (idempotent), update (optimistic concurrency)."""

from __future__ import annotations

import pytest

from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from hetao.core.models import IdempotencyRecord
from hetao.zone.domain.services import organisation_update
from hetao.zone.models import Organisation, OrganisationIdentifier
from tests.factories.api import bearer, iso, json_patch, json_post, make_token, queries_for_get
from tests.factories.people import make_organisation, make_user, make_user_with_role

pytestmark = pytest.mark.django_db

URL = "/api/organisations"
VALID_USCC = "91350100M000100Y43"
WRONG_CHECK_USCC = "91350100M000100Y44"  # the check character of the one above is 3


def _new(**extra):
    return {
        "kind": "university",
        "name_en": "Shenzhen Test University",
        "name_hans": "深圳测试大学",
        "name_hant": "深圳測試大學",
        "park": "SZ",
        "aliases": ["SZTU"],
        "website": "https://sztu.example",
        **extra,
    }


@pytest.fixture
def admin_token(sz_park):
    return bearer(make_token(make_user_with_role("park_admin")))


def test_organisation_create_valid_uscc_returns_the_object(client, admin_token) -> None:
    events_before = AuditEvent.objects.count()

    response = json_post(client, URL, _new(identifiers={"cn_uscc": VALID_USCC}), headers=admin_token)

    assert response.status_code == 201
    org = Organisation.objects.get()
    assert response.json() == {
        "id": org.pk,
        "kind": "university",
        "park": "SZ",
        "country": "CN",
        "name": "Shenzhen Test University",
        "name_en": "Shenzhen Test University",
        "name_hans": "深圳测试大学",
        "name_hant": "深圳測試大學",
        "aliases": ["SZTU"],
        "identifiers": {"cn_uscc": VALID_USCC, "hk_br": None, "hk_cr": None},
        "website": "https://sztu.example",
        "is_active": True,
        "version": 1,
        "created_at": iso(org.created_at),
        "updated_at": iso(org.updated_at),
    }
    assert AuditEvent.objects.count() == events_before + 1
    assert AuditEvent.objects.order_by("-sequence").first().action == "organisation.create"
    assert ledger_verify().ok is True


def test_organisation_create_name_follows_request_language(client, admin_token) -> None:
    response = json_post(client, URL, _new(), headers={**admin_token, "Accept-Language": "zh-Hant"})

    assert response.status_code == 201
    assert response.json()["name"] == "深圳測試大學"


def test_organisation_create_wrong_check_character_creates_nothing(client, admin_token) -> None:
    events_before = AuditEvent.objects.count()

    response = json_post(client, URL, _new(identifiers={"cn_uscc": WRONG_CHECK_USCC}), headers=admin_token)

    assert response.status_code == 400
    message = "Character 18 should be the check character '3', but it is '4'. A character has probably been mistyped."
    assert response.json() == {
        "code": "identifier_check_character",
        "message": message,
        "field": "identifiers.cn_uscc",
        "errors": [{"field": "identifiers.cn_uscc", "code": "identifier_check_character", "message": message}],
    }
    assert Organisation.objects.count() == 0
    assert OrganisationIdentifier.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_organisation_create_missing_name_is_invalid(client, admin_token) -> None:
    body = _new()
    del body["name_en"]

    response = json_post(client, URL, body, headers=admin_token)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == "name_en"
    assert Organisation.objects.count() == 0


def test_organisation_create_ordinary_user_is_forbidden(client, sz_park) -> None:
    response = json_post(client, URL, _new(), headers=bearer(make_token(make_user())))

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Organisation.objects.count() == 0


def test_organisation_create_same_idempotency_key_twice_creates_once(client, admin_token) -> None:
    headers = {**admin_token, "Idempotency-Key": "create-sztu-1"}
    events_before = AuditEvent.objects.count()

    first = json_post(client, URL, _new(), headers=headers)
    second = json_post(client, URL, _new(), headers=headers)

    assert first.status_code == 201
    assert second.status_code == 201
    assert second.json() == first.json()
    assert Organisation.objects.count() == 1
    assert AuditEvent.objects.count() == events_before + 1


def test_organisation_create_same_key_other_body_is_refused(client, admin_token) -> None:
    headers = {**admin_token, "Idempotency-Key": "create-sztu-2"}
    json_post(client, URL, _new(), headers=headers)

    response = json_post(client, URL, _new(name_en="Another University"), headers=headers)

    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_reused"
    assert response.json()["field"] == "Idempotency-Key"
    assert Organisation.objects.count() == 1


def test_organisation_create_failed_attempt_leaves_key_free_for_retry(client, admin_token) -> None:
    headers = {**admin_token, "Idempotency-Key": "create-sztu-3"}
    refused = json_post(client, URL, _new(identifiers={"cn_uscc": WRONG_CHECK_USCC}), headers=headers)

    corrected = json_post(client, URL, _new(identifiers={"cn_uscc": VALID_USCC}), headers=headers)

    assert refused.status_code == 400
    assert corrected.status_code == 201
    assert Organisation.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_organisation_update_changes_fields_and_version(client, admin_token, sz_park) -> None:
    org = make_organisation(park=sz_park, identifiers={"cn_uscc": VALID_USCC})
    events_before = AuditEvent.objects.count()

    response = json_patch(
        client,
        f"{URL}/{org.pk}",
        {"version": 1, "website": "https://new.example", "identifiers": {"cn_uscc": ""}},
        headers=admin_token,
    )

    assert response.status_code == 200
    assert response.json()["website"] == "https://new.example"
    assert response.json()["identifiers"] == {"cn_uscc": None, "hk_br": None, "hk_cr": None}
    assert response.json()["version"] == 2
    assert response.json()["name_en"] == org.name_en
    assert AuditEvent.objects.count() == events_before + 1
    assert ledger_verify().ok is True


def test_organisation_update_stale_version_is_conflict(client, admin_token, sz_park) -> None:
    org = make_organisation(park=sz_park)
    organisation_update(actor=None, organisation=org, expected_version=1, website="https://other.example")

    response = json_patch(
        client, f"{URL}/{org.pk}", {"version": 1, "website": "https://mine.example"}, headers=admin_token
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert response.json()["field"] == "version"
    org.refresh_from_db()
    assert org.website == "https://other.example"
    assert org.version == 2


def test_organisation_update_without_version_is_invalid(client, admin_token, sz_park) -> None:
    org = make_organisation(park=sz_park)

    response = json_patch(client, f"{URL}/{org.pk}", {"website": "https://mine.example"}, headers=admin_token)

    assert response.status_code == 422
    assert response.json()["field"] == "version"


def test_organisation_update_admin_of_another_organisation_is_forbidden(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    other = make_organisation(park=sz_park)
    raw = make_token(make_user_with_role("organisation_admin", scope="organisation", organisation=other))

    response = json_patch(
        client, f"{URL}/{org.pk}", {"version": 1, "website": "https://x.example"}, headers=bearer(raw)
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_organisation_update_own_organisation_admin_may(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    raw = make_token(make_user_with_role("organisation_admin", scope="organisation", organisation=org))

    response = json_patch(client, f"{URL}/{org.pk}", {"version": 1, "name_hans": "新名"}, headers=bearer(raw))

    assert response.status_code == 200
    assert response.json()["name_hans"] == "新名"


def test_organisation_list_page_two(client, sz_park) -> None:
    for name in ("Alpha Institute", "Beta Institute", "Gamma Institute"):
        make_organisation(park=sz_park, name_en=name)
    client.force_login(make_user())

    response = client.get(f"{URL}?page=2&page_size=2")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"], body["pages"]) == (3, 2, 2, 2)
    assert [item["name_en"] for item in body["items"]] == ["Gamma Institute"]


def test_organisation_list_filters_by_park_kind_and_alias(client, sz_park, hk_park) -> None:
    make_organisation(park=sz_park, name_en="Shenzhen Lab", kind="laboratory", aliases=["SZL"])
    make_organisation(park=hk_park, name_en="Hong Kong Lab", kind="laboratory")
    make_organisation(park=None, name_en="Oxford Lab", kind="laboratory", country="GB")
    make_organisation(park=sz_park, name_en="Shenzhen Fund", kind="investor")
    client.force_login(make_user())

    def names(query: str) -> list[str]:
        return [item["name_en"] for item in client.get(f"{URL}?{query}").json()["items"]]

    assert names("park=outside") == ["Oxford Lab"]
    assert names("park=HK") == ["Hong Kong Lab"]
    assert names("kind=investor") == ["Shenzhen Fund"]
    assert names("q=s-z-l") == ["Shenzhen Lab"]


def test_organisation_inactive_hidden_from_ordinary_user(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    organisation_update(actor=None, organisation=org, expected_version=1, is_active=False)
    client.force_login(make_user())

    listed = client.get(URL).json()
    detail = client.get(f"{URL}/{org.pk}")

    assert listed["count"] == 0
    assert detail.status_code == 404
    assert detail.json()["code"] == "not_found"


def test_organisation_inactive_visible_to_park_admin(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    organisation_update(actor=None, organisation=org, expected_version=1, is_active=False)
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))

    detail = client.get(f"{URL}/{org.pk}")

    assert detail.status_code == 200
    assert detail.json()["is_active"] is False


def test_organisation_list_query_count_independent_of_rows(client, sz_park) -> None:
    client.force_login(make_user())
    make_organisation(park=sz_park, identifiers={"cn_uscc": VALID_USCC})
    client.get(URL)  # warm: the first request may load things once per process
    one = queries_for_get(client, URL)

    make_organisation(park=sz_park)
    make_organisation(park=None, country="GB")

    three = queries_for_get(client, URL)
    assert client.get(URL).json()["count"] == 3
    assert three == one


def test_api_organisation_create_outside_zone_needs_zone_wide_admin(client, zone, sz_park):
    from hetao.zone.models import Organisation
    from tests.factories.people import PASSWORD, make_user_with_role

    admin = make_user_with_role("park_admin", scope="park", park=sz_park)
    client.login(username=admin.username, password=PASSWORD)
    response = client.post(
        "/api/organisations",
        {"kind": "university", "park": None, "country": "GB", "name_en": "Far Away University"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "park_not_administered"
    assert Organisation.objects.filter(name_en="Far Away University").exists() is False
