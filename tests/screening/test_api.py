"""The screening endpoints: lists, imports, screening, decisions, permissions and query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hetao.audit.domain.selectors import ledger_verify
from hetao.screening.models import ScreeningDecision, ScreeningListVersion, ScreeningRun
from tests.factories.api import bearer, json_post, make_token, queries_for_get
from tests.factories.people import make_user, make_user_with_role
from tests.screening.factories import csv_bytes, import_csv, make_list, make_list_with

pytestmark = pytest.mark.django_db

BASE = "/api/screening"


@pytest.fixture
def officer():
    return make_user_with_role("customs_officer")


def test_list_lists_shows_the_active_version(client, officer):
    report = make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)

    response = client.get(f"{BASE}/lists")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["items"][0]["name"], body["items"][0]["kind"]) == (1, "Test sanctions", "sanctions")
    version = body["items"][0]["active_version"]
    assert (version["id"], version["label"], version["entry_count"], version["is_active"]) == (
        report.version.pk,
        "v1",
        1,
        True,
    )


def test_create_list_and_import_a_version_through_the_api(client, officer):
    headers = bearer(make_token(officer))
    created = json_post(client, f"{BASE}/lists", {"name": "UN consolidated", "kind": "sanctions"}, headers=headers)
    list_id = created.json()["id"]
    upload = SimpleUploadedFile("un.csv", csv_bytes("Chan Tai Man,,person,,HK,UN-1,"), content_type="text/csv")

    response = client.post(
        f"{BASE}/lists/{list_id}/versions", {"file": upload, "file_format": "csv", "label": "2025-06"}, headers=headers
    )

    assert (created.status_code, response.status_code) == (201, 201)
    body = response.json()
    assert (body["version"]["label"], body["version"]["entry_count"], body["persons"], body["replaces"]) == (
        "2025-06",
        1,
        1,
        None,
    )
    assert ScreeningListVersion.objects.get(pk=body["version"]["id"]).is_active


def test_import_bad_rows_answers_every_line(client, officer):
    screening_list = make_list()
    client.force_login(officer)
    upload = SimpleUploadedFile("bad.csv", csv_bytes(",,person,,,X1,", "Lee,,alien,,,X2,"), content_type="text/csv")

    response = client.post(f"{BASE}/lists/{screening_list.pk}/versions", {"file": upload, "file_format": "csv"})

    assert response.status_code == 400
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [
        ("file", "Line 2: the name is empty."),
        ("file", "Line 3: unknown kind alien; use person or organisation."),
    ]
    assert ScreeningListVersion.objects.count() == 0


def test_screen_and_decide_through_the_api(client, officer):
    report = make_list_with("Chan Tai Man,,person,1970-03-02,HK,HK-001,")
    headers = bearer(make_token(officer))

    screened = json_post(client, f"{BASE}/screen", {"name": "陳大文", "birth_date": "1985-01-01"}, headers=headers)
    result = screened.json()["results"][0]
    decided = json_post(
        client,
        f"{BASE}/results/{result['id']}/decision",
        {"decision": "false_positive", "reason": "Born 1985, not 1970."},
        headers=headers,
    )
    again = json_post(client, f"{BASE}/screen", {"name": "陳大文", "birth_date": "1985-01-01"}, headers=headers)

    assert (screened.status_code, decided.status_code, again.status_code) == (201, 201, 201)
    assert (result["entry"]["source_id"], result["version"], result["list_name"], result["status"]) == (
        "HK-001",
        report.version.pk,
        "Test sanctions",
        "open",
    )
    later = again.json()["results"][0]
    assert (later["status"], later["decision"]["reason"], later["decision"]["decided_by"]) == (
        "false_positive",
        "Born 1985, not 1970.",
        officer.username,
    )
    assert ledger_verify().ok


def test_decision_without_reason_is_a_field_error(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)
    result_id = json_post(client, f"{BASE}/screen", {"name": "陳大文"}).json()["results"][0]["id"]

    response = json_post(client, f"{BASE}/results/{result_id}/decision", {"decision": "true_match", "reason": " "})

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("reason_required", "reason")
    assert ScreeningDecision.objects.count() == 0


def test_researcher_cannot_screen_or_read(client):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    run = ScreeningRun.objects.create(entity_kind="person", name="x", subject_key="name:x|")
    client.force_login(make_user_with_role("researcher"))

    screened = json_post(client, f"{BASE}/screen", {"name": "陳大文"})
    lists = client.get(f"{BASE}/lists")
    one_run = client.get(f"{BASE}/runs/{run.pk}")

    assert (screened.status_code, screened.json()["code"]) == (403, "forbidden")
    assert (lists.status_code, one_run.status_code) == (403, 404)
    assert ScreeningRun.objects.count() == 1


def test_auditor_reads_but_cannot_screen(client):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(make_user_with_role("auditor"))

    lists = client.get(f"{BASE}/lists")
    screened = json_post(client, f"{BASE}/screen", {"name": "陳大文"})

    assert (lists.status_code, screened.status_code) == (200, 403)


def test_read_token_cannot_screen(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")

    response = json_post(
        client, f"{BASE}/screen", {"name": "陳大文"}, headers=bearer(make_token(officer, scopes=["read"]))
    )

    assert (response.status_code, response.json()["code"]) == (403, "token_scope")


def test_list_lists_query_count_does_not_grow_with_rows(client, officer):
    import_csv(make_list(name="A"), "Chan Tai Man,,person,,,X1,")
    client.force_login(officer)
    one = queries_for_get(client, f"{BASE}/lists")
    for name in ("B", "C"):
        import_csv(make_list(name=name), "Chan Tai Man,,person,,,X1,")

    three = queries_for_get(client, f"{BASE}/lists")

    assert client.get(f"{BASE}/lists").json()["count"] == 3
    assert three == one


def test_list_runs_query_count_does_not_grow_with_rows(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)
    json_post(client, f"{BASE}/screen", {"name": "陳大文"})
    one = queries_for_get(client, f"{BASE}/runs")
    for name in ("Chan Tai Man", "Lee Ka Fai"):
        json_post(client, f"{BASE}/screen", {"name": name})

    three = queries_for_get(client, f"{BASE}/runs")

    body = client.get(f"{BASE}/runs").json()
    assert [(i["name"], i["result_count"], i["open_count"]) for i in body["items"]] == [
        ("Lee Ka Fai", 0, 0),
        ("Chan Tai Man", 1, 1),
        ("陳大文", 1, 1),
    ]
    assert three == one


def test_run_detail_query_count_does_not_grow_with_results(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)
    one_id = json_post(client, f"{BASE}/screen", {"name": "陳大文"}).json()["id"]
    one = queries_for_get(client, f"{BASE}/runs/{one_id}")
    make_list_with("Chan Tai Man,,person,,HK,Y-1,", "Chan Tai-man,,person,,HK,Y-2,", name="Second")
    three_id = json_post(client, f"{BASE}/screen", {"name": "陳大文"}).json()["id"]

    three = queries_for_get(client, f"{BASE}/runs/{three_id}")

    assert len(client.get(f"{BASE}/runs/{three_id}").json()["results"]) == 3
    assert three == one


def test_unauthenticated_is_401(client):
    assert client.get(f"{BASE}/lists").status_code == 401
    assert make_user() is not None
