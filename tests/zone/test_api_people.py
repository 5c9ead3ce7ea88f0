"""The people endpoints: search in any script, visibility, private fields, identity documents, affiliations,
export."""

from __future__ import annotations

from datetime import date

import pytest

from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from hetao.zone.domain.services import identity_document_add, person_link_user, person_update
from hetao.zone.models import Affiliation, IdentityDocument, Person
from tests.factories.api import bearer, iso, json_patch, json_post, make_token, queries_for_get
from tests.factories.people import make_affiliation, make_organisation, make_person, make_user, make_user_with_role

pytestmark = pytest.mark.django_db

URL = "/api/people"
HKID = "A123456(3)"
HKID_WRONG_CHECK = "A123456(4)"


def _make_li_wei(**extra):
    return make_person(
        family_name_hans="李",
        given_name_hans="伟",
        family_name_hant="李",
        given_name_hant="偉",
        family_name_latin="Li",
        given_name_latin="Wei",
        romanisation="pinyin",
        home_region="CN",
        **extra,
    )


def _ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("query", ["Chan Tai Man", "陈大文", "陳大文", "CHAN Tai-man", "chantaiman"])
def test_person_search_any_script_finds_the_person(client, query) -> None:
    chan = make_person()
    _make_li_wei()
    client.force_login(make_user())

    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert _ids(response) == [chan.pk]


def test_person_list_item_shape(client, sz_park) -> None:
    org = make_organisation(park=sz_park, name_en="Shenzhen Lab", name_hans="深圳实验室")
    chan = make_person(birth_date=date(1980, 5, 17), email="chan@example.org")
    affiliation = make_affiliation(chan, org, start=date(2021, 3, 1), title="Engineer", is_primary=True)
    make_affiliation(chan, org, start=date(2015, 1, 1), end=date(2019, 12, 31))  # over: not current
    chan.refresh_from_db()
    client.force_login(make_user())

    response = client.get(URL, headers={"Accept-Language": "zh-Hans"})

    assert response.json() == {
        "count": 1,
        "page": 1,
        "page_size": 25,
        "pages": 1,
        "items": [
            {
                "id": chan.pk,
                "name": "陈大文",
                "family_name_latin": "Chan",
                "given_name_latin": "Tai-man",
                "family_name_hans": "陈",
                "given_name_hans": "大文",
                "family_name_hant": "陳",
                "given_name_hant": "大文",
                "romanisation": "hk_gov",
                "english_name": "",
                "other_names": [],
                "home_region": "HK",
                "birth_date": None,
                "email": None,
                "affiliations": [
                    {
                        "id": affiliation.pk,
                        "organisation": {"id": org.pk, "name": "深圳实验室"},
                        "title": "Engineer",
                        "from": "2021-03-01",
                        "until": None,
                        "is_primary": True,
                    }
                ],
                "listed_in_directory": True,
                "version": 1,
                "created_at": iso(chan.created_at),
                "updated_at": iso(chan.updated_at),
            }
        ],
    }


def test_person_list_filters_by_organisation(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    chan = make_person()
    make_affiliation(chan, org)
    _make_li_wei()
    client.force_login(make_user())

    response = client.get(URL, {"organisation": org.pk})

    assert _ids(response) == [chan.pk]


def test_person_list_page_two(client) -> None:
    people = sorted(
        [
            _make_li_wei(),
            make_person(),
            make_person(family_name_latin="Wong", family_name_hant="黃", family_name_hans="黄"),
        ],
        key=lambda p: (p.family_name_latin, p.given_name_latin, p.pk),
    )
    client.force_login(make_user())

    response = client.get(URL, {"page": 2, "page_size": 2})

    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (3, 2, 2)
    assert _ids(response) == [people[2].pk]


def test_person_unlisted_hidden_from_ordinary_user(client) -> None:
    hidden = make_person(listed_in_directory=False)
    client.force_login(make_user())

    listed = client.get(URL)
    detail = client.get(f"{URL}/{hidden.pk}")

    assert _ids(listed) == []
    assert detail.status_code == 404
    assert detail.json()["code"] == "not_found"


def test_person_unlisted_visible_to_zone_park_admin(client) -> None:
    hidden = make_person(listed_in_directory=False)
    client.force_login(make_user_with_role("park_admin"))

    listed = client.get(URL)
    detail = client.get(f"{URL}/{hidden.pk}")

    assert _ids(listed) == [hidden.pk]
    assert detail.status_code == 200


def test_person_unlisted_write_by_ordinary_user_is_not_found(client) -> None:
    hidden = make_person(listed_in_directory=False)

    response = json_patch(
        client, f"{URL}/{hidden.pk}", {"version": 1, "english_name": "Peter"}, headers=bearer(make_token(make_user()))
    )

    assert response.status_code == 404


def test_person_detail_private_fields_for_the_person(client) -> None:
    user = make_user()
    chan = person_link_user(
        actor=None, person=make_person(birth_date=date(1980, 5, 17), email="chan@example.org"), user=user
    )
    client.force_login(user)

    body = client.get(f"{URL}/{chan.pk}").json()

    assert (body["birth_date"], body["email"]) == ("1980-05-17", "chan@example.org")


def test_person_detail_private_fields_hidden_from_others(client) -> None:
    chan = make_person(birth_date=date(1980, 5, 17), email="chan@example.org")
    client.force_login(make_user())

    body = client.get(f"{URL}/{chan.pk}").json()

    assert (body["birth_date"], body["email"]) == (None, None)


def test_person_detail_private_fields_for_organisation_admin(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    chan = make_person(birth_date=date(1980, 5, 17), email="chan@example.org")
    make_affiliation(chan, org)
    client.force_login(make_user_with_role("organisation_admin", scope="organisation", organisation=org))

    body = client.get(f"{URL}/{chan.pk}").json()

    assert (body["birth_date"], body["email"]) == ("1980-05-17", "chan@example.org")


def test_person_create_appends_audit_event(client) -> None:
    raw = make_token(make_user_with_role("park_admin"))
    events_before = AuditEvent.objects.count()

    response = json_post(
        client,
        URL,
        {
            "family_name_latin": "Chan",
            "given_name_latin": "Tai-man",
            "family_name_hant": "陳",
            "given_name_hant": "大文",
            "romanisation": "hk_gov",
            "home_region": "HK",
            "birth_date": "1980-05-17",
        },
        headers=bearer(raw),
    )

    assert response.status_code == 201
    person = Person.objects.get()
    assert response.json()["id"] == person.pk
    assert response.json()["name"] == "CHAN Tai-man"
    assert response.json()["birth_date"] == "1980-05-17"  # a zone park admin administers everyone
    assert AuditEvent.objects.count() == events_before + 1
    assert AuditEvent.objects.order_by("-sequence").first().action == "person.create"
    assert ledger_verify().ok is True


def test_person_create_idempotent_with_key(client) -> None:
    headers = {**bearer(make_token(make_user_with_role("park_admin"))), "Idempotency-Key": "person-1"}
    body = {"family_name_latin": "Smith", "given_name_latin": "Anna", "romanisation": "other", "home_region": "GB"}

    first = json_post(client, URL, body, headers=headers)
    second = json_post(client, URL, body, headers=headers)

    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert Person.objects.count() == 1


def test_person_create_domain_rule_refused(client) -> None:
    raw = make_token(make_user_with_role("park_admin"))

    response = json_post(client, URL, {"family_name_latin": "Chen", "romanisation": "pinyin"}, headers=bearer(raw))

    assert response.status_code == 400
    assert response.json()["code"] == "chinese_name_required"
    assert response.json()["field"] == "family_name_hant"
    assert Person.objects.count() == 0


def test_person_create_ordinary_user_is_forbidden(client) -> None:
    response = json_post(
        client, URL, {"family_name_latin": "Smith", "romanisation": "other"}, headers=bearer(make_token(make_user()))
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_person_update_by_the_person(client) -> None:
    user = make_user()
    chan = person_link_user(actor=None, person=make_person(), user=user)
    headers = bearer(make_token(user))
    events_before = AuditEvent.objects.count()

    response = json_patch(client, f"{URL}/{chan.pk}", {"version": 1, "english_name": "Peter"}, headers=headers)

    assert response.status_code == 200
    assert response.json()["name"] == "Peter CHAN Tai-man"
    assert response.json()["version"] == 2
    assert AuditEvent.objects.count() == events_before + 1


def test_person_update_stale_version_is_conflict(client) -> None:
    chan = make_person()
    person_update(actor=None, person=chan, expected_version=1, english_name="Peter")

    response = json_patch(
        client,
        f"{URL}/{chan.pk}",
        {"version": 1, "english_name": "Paul"},
        headers=bearer(make_token(make_user_with_role("park_admin"))),
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    chan.refresh_from_db()
    assert chan.english_name == "Peter"


def test_person_update_by_another_user_is_forbidden(client) -> None:
    chan = make_person()

    response = json_patch(
        client, f"{URL}/{chan.pk}", {"version": 1, "english_name": "Peter"}, headers=bearer(make_token(make_user()))
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_identity_document_add_answers_masked_never_the_number(client) -> None:
    chan = make_person()
    headers = bearer(make_token(make_user_with_role("park_admin")))
    events_before = AuditEvent.objects.count()

    response = json_post(
        client, f"{URL}/{chan.pk}/identity-documents", {"kind": "hkid", "number": HKID}, headers=headers
    )

    assert response.status_code == 201
    document = IdentityDocument.objects.get()
    assert response.json() == {
        "id": document.pk,
        "kind": "hkid",
        "issuing_country": "HKG",
        "number_masked": "A123***(3)",
        "expiry_date": None,
        "created_at": iso(document.created_at),
    }
    assert "A1234563" not in response.content.decode()
    assert "123456" not in response.content.decode()
    assert AuditEvent.objects.count() == events_before + 1
    assert "123456" not in str(AuditEvent.objects.order_by("-sequence").first().payload)
    assert ledger_verify().ok is True


def test_identity_document_add_wrong_check_character_names_it(client) -> None:
    chan = make_person()

    response = json_post(
        client,
        f"{URL}/{chan.pk}/identity-documents",
        {"kind": "hkid", "number": HKID_WRONG_CHECK},
        headers=bearer(make_token(make_user_with_role("park_admin"))),
    )

    assert response.status_code == 400
    message = "Character 8 should be the check character '3', but it is '4'. A character has probably been mistyped."
    assert response.json() == {
        "code": "identifier_check_character",
        "message": message,
        "field": "number",
        "errors": [{"field": "number", "code": "identifier_check_character", "message": message}],
    }
    assert IdentityDocument.objects.count() == 0


def test_identity_document_list_masked_for_the_person(client) -> None:
    user = make_user()
    chan = person_link_user(actor=None, person=make_person(), user=user)
    identity_document_add(actor=None, person=chan, kind="hkid", number=HKID)
    client.force_login(user)

    response = client.get(f"{URL}/{chan.pk}/identity-documents")

    assert response.status_code == 200
    assert [(d["kind"], d["number_masked"]) for d in response.json()] == [("hkid", "A123***(3)")]
    assert "123456" not in response.content.decode()


def test_identity_document_list_forbidden_to_other_users(client) -> None:
    chan = make_person()
    identity_document_add(actor=None, person=chan, kind="hkid", number=HKID)
    client.force_login(make_user())

    response = client.get(f"{URL}/{chan.pk}/identity-documents")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_identity_document_list_query_count_independent_of_rows(client) -> None:
    user = make_user()
    chan = person_link_user(actor=None, person=make_person(), user=user)
    identity_document_add(actor=None, person=chan, kind="hkid", number=HKID)
    client.force_login(user)
    url = f"{URL}/{chan.pk}/identity-documents"
    client.get(url)
    one = queries_for_get(client, url)

    identity_document_add(actor=None, person=chan, kind="cn_ric", number="11010519491231002X")
    identity_document_add(actor=None, person=chan, kind="passport", number="K12345678", issuing_country="GBR")

    three = queries_for_get(client, url)
    assert len(client.get(url).json()) == 3
    assert three == one


def test_affiliation_add_by_park_admin(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    chan = make_person()
    raw = make_token(make_user_with_role("park_admin", scope="park", park=sz_park))

    response = json_post(
        client,
        f"{URL}/{chan.pk}/affiliations",
        {"organisation": org.pk, "title": "Professor", "start_date": "2022-09-01"},
        headers=bearer(raw),
    )

    assert response.status_code == 201
    affiliation = Affiliation.objects.get()
    assert response.json() == {
        "id": affiliation.pk,
        "organisation": {"id": org.pk, "name": org.name_en},
        "title": "Professor",
        "from": "2022-09-01",
        "until": None,
        "is_primary": False,
    }
    assert [a["id"] for a in client.get(f"{URL}/{chan.pk}", headers=bearer(raw)).json()["affiliations"]] == [
        affiliation.pk
    ]


def test_affiliation_add_without_right_over_the_organisation_is_forbidden(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    user = make_user()
    chan = person_link_user(actor=None, person=make_person(), user=user)

    response = json_post(
        client,
        f"{URL}/{chan.pk}/affiliations",
        {"organisation": org.pk, "start_date": "2022-09-01"},
        headers=bearer(make_token(user)),
    )

    assert response.status_code == 403
    assert Affiliation.objects.count() == 0


def test_affiliation_add_unknown_organisation_is_refused(client) -> None:
    chan = make_person()

    response = json_post(
        client,
        f"{URL}/{chan.pk}/affiliations",
        {"organisation": 999999, "start_date": "2022-09-01"},
        headers=bearer(make_token(make_user_with_role("park_admin"))),
    )

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_organisation"
    assert response.json()["field"] == "organisation"


def test_person_export_by_the_person_holds_full_numbers(client) -> None:
    user = make_user()
    chan = person_link_user(actor=None, person=make_person(), user=user)
    identity_document_add(actor=None, person=chan, kind="hkid", number=HKID)
    client.force_login(user)
    events_before = AuditEvent.objects.count()

    response = client.get(f"{URL}/{chan.pk}/export")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.json()["person"]["id"] == chan.pk
    assert [d["number"] for d in response.json()["identity_documents"]] == ["A1234563"]
    assert AuditEvent.objects.count() == events_before + 1
    assert AuditEvent.objects.order_by("-sequence").first().action == "person.export"


def test_person_export_by_another_user_is_forbidden(client) -> None:
    chan = make_person()
    client.force_login(make_user())

    response = client.get(f"{URL}/{chan.pk}/export")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_person_list_query_count_independent_of_rows(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    make_affiliation(make_person(), org)
    client.force_login(make_user())
    client.get(URL)
    one = queries_for_get(client, URL)

    make_affiliation(_make_li_wei(), org)
    make_affiliation(make_person(family_name_latin="Wong", family_name_hant="黃", family_name_hans="黄"), org)

    three = queries_for_get(client, URL)
    assert client.get(URL).json()["count"] == 3
    assert three == one


def test_person_list_query_count_independent_of_rows_for_organisation_admin(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    make_affiliation(make_person(listed_in_directory=False), org)
    client.force_login(make_user_with_role("organisation_admin", scope="organisation", organisation=org))
    client.get(URL)
    one = queries_for_get(client, URL)

    make_affiliation(_make_li_wei(listed_in_directory=False), org)
    make_affiliation(make_person(family_name_latin="Wong", family_name_hant="黃", family_name_hans="黄"), org)

    three = queries_for_get(client, URL)
    assert client.get(URL).json()["count"] == 3
    assert three == one
