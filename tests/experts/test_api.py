"""The experts endpoints: permissions (an outsider gets 404), writes, imports, error bodies, query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hetao.experts.domain.services import publication_add
from hetao.experts.models import Declaration, Expert, Publication
from tests.experts.factories import make_expert, make_expert_with_account
from tests.factories.api import bearer, json_patch, json_post, make_token, queries_for_get
from tests.factories.people import make_person, make_user, make_user_with_role

pytestmark = pytest.mark.django_db

BASE = "/api/experts"


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


def test_manager_creates_and_reads_an_expert(client, manager):
    person = make_person()
    headers = bearer(make_token(manager))

    created = json_post(
        client, f"{BASE}/", {"person": person.pk, "keywords": ["AI", "ai", "机器人"], "load_max": 4}, headers=headers
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["person"]["id"], body["keywords"], body["load_max"], body["version"]) == (
        person.pk,
        ["AI", "机器人"],
        4,
        1,
    )
    assert client.get(f"{BASE}/{body['id']}", headers=headers).json()["publications"] == []


def test_create_for_a_person_already_in_the_pool_answers_409(client, manager):
    expert = make_expert()
    client.force_login(manager)

    response = json_post(client, f"{BASE}/", {"person": expert.person_id})

    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("expert_exists", "person")


def test_create_with_invalid_fields_lists_every_problem(client, manager):
    client.force_login(manager)

    response = json_post(client, f"{BASE}/", {"person": make_person().pk, "load_max": 500, "keywords": ["x" * 70]})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert sorted((e["field"], e["code"]) for e in body["errors"]) == [
        ("keywords", "keyword_too_long"),
        ("load_max", "load_out_of_range"),
    ]


def test_outsider_gets_404_on_records_and_an_empty_list(client, manager):
    expert = make_expert()
    publication = publication_add(actor=None, expert=expert, title="One", year=2020)
    outsider = make_user_with_role("researcher")
    client.force_login(outsider)

    assert client.get(f"{BASE}/").json()["count"] == 0
    assert client.get(f"{BASE}/{expert.pk}").status_code == 404
    assert client.get(f"{BASE}/{expert.pk}/publications").status_code == 404
    assert json_patch(client, f"{BASE}/{expert.pk}", {"version": 1, "statement_en": "x"}).status_code == 404
    assert client.delete(f"{BASE}/{expert.pk}/publications/{publication.pk}").status_code == 404
    assert json_post(client, f"{BASE}/", {"person": make_person().pk}).json()["code"] == "forbidden"
    assert client.get(f"{BASE}/{expert.pk}").json() == {
        "code": "not_found",
        "message": "There is no such record.",
        "field": None,
        "errors": [{"field": None, "code": "not_found", "message": "There is no such record."}],
    }
    assert Publication.objects.count() == 1


def test_expert_edits_own_statement_but_not_load(client):
    expert, user = make_expert_with_account()
    client.force_login(user)

    mine = client.get(f"{BASE}/me")
    statement = json_patch(client, f"{BASE}/{expert.pk}", {"version": 1, "statement_en": "Robots."})
    load = json_patch(client, f"{BASE}/{expert.pk}", {"version": 2, "load_max": 20})

    assert (mine.status_code, mine.json()["id"]) == (200, expert.pk)
    assert (statement.status_code, statement.json()["statement_en"], statement.json()["version"]) == (200, "Robots.", 2)
    assert (load.status_code, load.json()["code"], load.json()["field"]) == (403, "forbidden_field", "load_max")
    assert client.get(f"{BASE}/").json()["count"] == 1
    assert Expert.objects.get().load_max == 6


def test_stale_version_answers_409(client, manager):
    expert = make_expert()
    client.force_login(manager)
    json_patch(client, f"{BASE}/{expert.pk}", {"version": 1, "load_max": 3})

    response = json_patch(client, f"{BASE}/{expert.pk}", {"version": 1, "load_max": 9})

    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("stale_version", "version")


def test_auditor_reads_but_may_not_change(client):
    expert = make_expert()
    client.force_login(make_user_with_role("auditor"))

    assert client.get(f"{BASE}/{expert.pk}").status_code == 200
    response = json_post(client, f"{BASE}/{expert.pk}/publications", {"title": "T", "year": 2020})
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_not_an_expert_gets_404_on_me(client):
    client.force_login(make_user())

    response = client.get(f"{BASE}/me")

    assert (response.status_code, response.json()["code"]) == (404, "not_an_expert")


def test_publications_crud(client):
    expert, user = make_expert_with_account()
    client.force_login(user)

    created = json_post(
        client,
        f"{BASE}/{expert.pk}/publications",
        {"title": "Soft grippers", "year": 2021, "authors": ["Tai-man Chan", "李伟"], "doi": "doi:10.1000/X"},
    )
    publication_id = created.json()["id"]
    duplicate = json_post(client, f"{BASE}/{expert.pk}/publications", {"title": "soft  grippers", "year": 2021})
    updated = json_patch(client, f"{BASE}/{expert.pk}/publications/{publication_id}", {"version": 1, "venue": "RSS"})
    stale = json_patch(client, f"{BASE}/{expert.pk}/publications/{publication_id}", {"version": 1, "venue": "ICRA"})
    listed = client.get(f"{BASE}/{expert.pk}/publications")
    deleted = client.delete(f"{BASE}/{expert.pk}/publications/{publication_id}")

    assert (created.status_code, created.json()["doi"], created.json()["source"]) == (201, "10.1000/x", "manual")
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "duplicate_publication")
    assert (updated.json()["venue"], updated.json()["version"]) == ("RSS", 2)
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    assert [item["title"] for item in listed.json()["items"]] == ["Soft grippers"]
    assert deleted.status_code == 204
    assert Publication.objects.count() == 0


def test_publication_with_a_bad_year_answers_422(client, manager):
    expert = make_expert()
    client.force_login(manager)

    response = json_post(client, f"{BASE}/{expert.pk}/publications", {"title": "T", "year": "soon"})

    assert response.status_code == 422
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [("year", "Enter a whole number.")]


def test_import_through_the_api(client, manager):
    expert = make_expert()
    client.force_login(manager)
    upload = SimpleUploadedFile(
        "pubs.bib", b"@article{a, title={One}, year=2020}\n@article{b, title={Two}}\n", content_type="text/plain"
    )

    response = client.post(f"{BASE}/{expert.pk}/import", {"file": upload, "file_format": "bibtex"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert [p["title"] for p in body["created"]] == ["One"]
    assert [(e["line"], e["number"], e["key"], e["code"]) for e in body["errors"]] == [(2, 2, "b", "required")]


def test_import_of_an_unreadable_file_answers_400(client, manager):
    expert = make_expert()
    client.force_login(manager)
    upload = SimpleUploadedFile("pubs.csv", b"name\nx\n", content_type="text/csv")

    response = client.post(f"{BASE}/{expert.pk}/import", {"file": upload, "file_format": "csv"})

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("missing_columns", "file")


def test_declarations_add_and_delete(client):
    expert, user = make_expert_with_account()
    other = make_person(family_name_latin="Li", given_name_latin="Wei")
    client.force_login(user)

    added = json_post(
        client,
        f"{BASE}/{expert.pk}/declarations",
        {"kind": "person", "person": other.pk, "relationship": "former student", "since_year": 2018},
    )
    bad = json_post(client, f"{BASE}/{expert.pk}/declarations", {"kind": "person", "relationship": ""})
    deleted = client.delete(f"{BASE}/{expert.pk}/declarations/{added.json()['id']}")

    assert (added.status_code, added.json()["person"]["id"], added.json()["since_year"]) == (201, other.pk, 2018)
    assert (bad.status_code, sorted(e["field"] for e in bad.json()["errors"])) == (400, ["person", "relationship"])
    assert deleted.status_code == 204
    assert Declaration.objects.count() == 0


def test_read_only_token_may_not_write(client):
    expert, user = make_expert_with_account()

    response = json_patch(
        client,
        f"{BASE}/{expert.pk}",
        {"version": 1, "statement_en": "x"},
        headers=bearer(make_token(user, scopes=["read"])),
    )

    assert (response.status_code, response.json()["code"]) == (403, "token_scope")


def test_list_query_count_does_not_grow_with_rows(client, manager):
    client.force_login(manager)
    make_expert()
    one = queries_for_get(client, f"{BASE}/")
    make_expert(make_person(family_name_latin="Li")), make_expert(make_person(family_name_latin="Ho"))

    assert queries_for_get(client, f"{BASE}/") == one


def test_list_searches_by_keyword(client, manager):
    make_expert(keywords=["robotics"])
    make_expert(make_person(family_name_latin="Li"), keywords=["量子计算"])
    client.force_login(manager)

    body = client.get(f"{BASE}/", {"q": "量子計算"}).json()

    assert [item["keywords"] for item in body["items"]] == [["量子计算"]]
