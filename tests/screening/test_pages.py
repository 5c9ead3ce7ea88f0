"""The screening pages: screening with htmx results, decisions, lists and imports, permissions, CSP."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hetao.screening.models import ScreeningDecision, ScreeningListVersion, ScreeningResult, ScreeningRun
from tests.factories.pages import inline_code, text, texts
from tests.factories.people import make_user_with_role
from tests.screening.factories import csv_bytes, import_csv, make_list, make_list_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return make_user_with_role("park_admin")


def test_screen_page_shows_matches_with_score_explanation_list_and_version(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)

    response = client.post("/screening/", {"kind": "person", "name": "陳大文"}, HTTP_HX_REQUEST="true")

    run = ScreeningRun.objects.get()
    assert response.status_code == 200
    assert response["HX-Push-Url"] == f"/screening/runs/{run.pk}/"
    assert texts(response.content, "result-name") == ["Chan Tai Man"]
    assert text(response.content, "result-list") == "Test sanctions v1 · HK-001"
    assert text(response.content, "result-decision") == "Open"
    score = ScreeningResult.objects.get().score
    assert text(response.content, "result-score") == f"{score:.2f}"
    assert text(response.content, "result-explanation") == ScreeningResult.objects.get().explanation


def test_screen_page_without_htmx_redirects_to_the_run(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)

    response = client.post("/screening/", {"kind": "person", "name": "陳大文"})

    assert response["Location"] == f"/screening/runs/{ScreeningRun.objects.get().pk}/"


def test_decision_from_the_page_is_shown_and_applied_next_time(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)
    client.post("/screening/", {"kind": "person", "name": "陳大文"})
    result = ScreeningResult.objects.get()
    prefix = f"decide-{result.pk}"

    response = client.post(
        f"/screening/results/{result.pk}/decide/",
        {f"{prefix}-decision": "false_positive", f"{prefix}-reason": "Different person."},
        HTTP_HX_REQUEST="true",
    )
    later = client.post("/screening/", {"kind": "person", "name": "陳大文"}, HTTP_HX_REQUEST="true")

    assert text(response.content, "result-decision") == "False positive"
    assert text(later.content, "result-decision") == "False positive (decided earlier)"
    assert ScreeningDecision.objects.get().decided_by == officer


def test_decision_without_reason_shows_the_error(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)
    client.post("/screening/", {"kind": "person", "name": "陳大文"})
    result = ScreeningResult.objects.get()

    response = client.post(
        f"/screening/results/{result.pk}/decide/",
        {f"decide-{result.pk}-decision": "true_match"},
        HTTP_HX_REQUEST="true",
    )

    assert response.context["decision_form"].errors == {"reason": ["This field is required."]}
    assert ScreeningDecision.objects.count() == 0


def test_researcher_cannot_screen_or_see_runs(client):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    run = ScreeningRun.objects.create(entity_kind="person", name="x", subject_key="name:x|")
    client.force_login(make_user_with_role("researcher"))

    pages = [client.get(url).status_code for url in ("/screening/", "/screening/runs/", "/screening/lists/")]
    posted = client.post("/screening/", {"kind": "person", "name": "陳大文"})
    detail = client.get(f"/screening/runs/{run.pk}/")

    assert (pages, posted.status_code, detail.status_code) == ([403, 403, 403], 403, 404)
    assert ScreeningRun.objects.count() == 1


def test_nav_link_only_for_those_allowed(client, officer):
    client.force_login(make_user_with_role("researcher"))
    researcher_nav = texts(client.get("/").content, "nav-screening")
    client.force_login(officer)

    officer_nav = texts(client.get("/").content, "nav-screening")

    assert (researcher_nav, officer_nav) == ([], ["Screening"])


def test_import_page_with_a_bad_row_names_the_line(client, officer):
    screening_list = make_list()
    client.force_login(officer)
    upload = SimpleUploadedFile("bad.csv", csv_bytes("Chan Tai Man,,person,,,X1,", ",,person,,,X2,"))

    response = client.post(
        f"/screening/lists/{screening_list.pk}/import/", {"import-file": upload, "import-file_format": "csv"}
    )

    assert response.context["form"].errors == {"file": ["Line 3: the name is empty."]}
    assert ScreeningListVersion.objects.count() == 0


def test_import_page_creates_an_active_version(client, officer):
    screening_list = make_list()
    client.force_login(officer)
    upload = SimpleUploadedFile("ok.csv", csv_bytes("Chan Tai Man,,person,,,X1,"))

    response = client.post(
        f"/screening/lists/{screening_list.pk}/import/",
        {"import-file": upload, "import-file_format": "csv", "import-label": "2025-06"},
    )
    detail = client.get(f"/screening/lists/{screening_list.pk}/")

    assert response["Location"] == f"/screening/lists/{screening_list.pk}/"
    assert texts(detail.content, "active-version") == ["Active"]
    assert ScreeningListVersion.objects.get().source_file_name == "ok.csv"


def test_create_list_page(client, officer):
    client.force_login(officer)

    response = client.post("/screening/lists/", {"list-name": "Watch", "list-kind": "internal_watch"})

    assert response.status_code == 302
    assert response["Location"].startswith("/screening/lists/")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_list_page_query_count_does_not_grow_with_rows(client, officer):
    import_csv(make_list(name="A"), "Chan Tai Man,,person,,,X1,")
    client.force_login(officer)
    one = _queries(client, "/screening/lists/")
    for name in ("B", "C"):
        import_csv(make_list(name=name), "Chan Tai Man,,person,,,X1,")

    three = _queries(client, "/screening/lists/")

    assert len(texts(client.get("/screening/lists/").content, "list-row")) == 3
    assert three == one


def test_run_list_page_query_count_does_not_grow_with_rows(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)
    client.post("/screening/", {"kind": "person", "name": "陳大文"})
    one = _queries(client, "/screening/runs/")
    for name in ("Chan Tai Man", "Lee Ka Fai"):
        client.post("/screening/", {"kind": "person", "name": name})

    three = _queries(client, "/screening/runs/")

    assert len(texts(client.get("/screening/runs/").content, "run-row")) == 3
    assert three == one


def test_run_detail_page_query_count_does_not_grow_with_results(client, officer):
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)
    client.post("/screening/", {"kind": "person", "name": "陳大文"})
    one = _queries(client, f"/screening/runs/{ScreeningRun.objects.get().pk}/")
    make_list_with("Chan Tai Man,,person,,HK,Y-1,", "Chan Tai-man,,person,,HK,Y-2,", name="Second")
    client.post("/screening/", {"kind": "person", "name": "陳大文"})
    latest = ScreeningRun.objects.order_by("-pk").first()

    three = _queries(client, f"/screening/runs/{latest.pk}/")

    assert ScreeningResult.objects.filter(run=latest).count() == 3
    assert three == one


def test_screening_pages_without_inline_code(client, officer):
    report = make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    client.force_login(officer)
    client.post("/screening/", {"kind": "person", "name": "陳大文"})
    run = ScreeningRun.objects.get()

    urls = ["/screening/", "/screening/runs/", f"/screening/runs/{run.pk}/", "/screening/lists/"]
    urls.append(f"/screening/lists/{report.version.screening_list_id}/")

    assert {url: inline_code(client.get(url).content) for url in urls} == {url: [] for url in urls}
