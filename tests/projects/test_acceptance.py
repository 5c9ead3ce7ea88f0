"""Final acceptance: the auditor's statement (a PDF by content, within the size limit) uploaded by the
investigators or an auditor; the manager's decision needs the final report approved and the statement; it
records the unspent balance per currency, releases or cancels the last instalments and closes the project;
pages, API, permissions, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict, PermissionDenied, ValidationFailed
from hetao.projects.domain.process import acceptance_decide, acceptance_submit, report_decide, report_submit
from hetao.projects.models import Acceptance, BudgetLine, Disbursement, Project, Report
from tests.factories.api import bearer, json_post, make_token
from tests.factories.pages import texts
from tests.factories.people import make_user, make_user_with_role
from tests.programmes.factories import PNG_BYTES, minimal_pdf
from tests.projects.factories import line, make_project

pytestmark = pytest.mark.django_db

AFTER_END = date(2028, 1, 10)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Statements are written under a temporary directory, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The zone's date, fixed after the project's end (time is outside the code under test)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AFTER_END)
    return AFTER_END


@pytest.fixture
def pi():
    return make_user()


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


@pytest.fixture
def project(sz_park, hk_park, pi, manager):
    return make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"instalment_percents": [40, 30, 30]})


def _final_approved(project, pi, manager) -> Project:
    final = Report.objects.get(project=project, kind="final")
    report_submit(actor=pi, report=final, narrative="All done.", expected_version=1)
    report_decide(actor=manager, report=final, approve=True, comments="", expected_version=2)
    return Project.objects.get(pk=project.pk)


def _spend(project, category, year, currency, amount) -> None:
    """Recorded expenditure, simulated: the line's ``spent`` set directly (test setup)."""
    BudgetLine.objects.filter(pk=line(project, category, year, currency).pk).update(spent=Decimal(amount))


def _last_instalments(project):
    return sorted(
        (d.currency, d.status, d.released_at is not None)
        for d in Disbursement.objects.filter(project=project, condition="acceptance")
    )


# --- The auditor's statement -----------------------------------------------------------------------------


def test_investigator_or_auditor_uploads_the_statement_and_a_new_upload_replaces_it(project, pi):
    first = acceptance_submit(actor=pi, project=project, statement=minimal_pdf("Audit v1"), file_name="audit.pdf")
    auditor = make_user_with_role("auditor")
    second = acceptance_submit(
        actor=auditor, project=project, statement=minimal_pdf("Audit v2"), file_name="C:\\scans\\audit-2.pdf"
    )

    stored = Acceptance.objects.get()
    assert (first.pk, stored.auditor_statement_name, stored.uploaded_by) == (second.pk, "audit-2.pdf", auditor)
    with stored.auditor_statement.open("rb") as handle:
        assert handle.read() == minimal_pdf("Audit v2")
    assert stored.outcome == ""
    actions = [e.action for e in events_for_object(object_type="projects.project", object_id=str(project.pk))]
    assert actions.count("project.acceptance_submit") == 2


def test_a_png_named_pdf_and_an_oversized_file_are_refused(project, pi, settings):
    settings.PROGRAMMES_MAX_ATTACHMENT_MB = 1

    with pytest.raises(ValidationFailed) as png:
        acceptance_submit(actor=pi, project=project, statement=PNG_BYTES, file_name="audit.pdf")
    with pytest.raises(ValidationFailed) as big:
        acceptance_submit(actor=pi, project=project, statement=b"%PDF-1.4" + b" " * 1024 * 1024, file_name="a.pdf")

    assert [(p.field, p.code) for p in png.value.problems] == [("statement", "not_pdf")]
    assert [(p.field, p.code) for p in big.value.problems] == [("statement", "file_too_large")]
    assert Acceptance.objects.count() == 0


def test_a_manager_or_outsider_may_not_upload(project, manager):
    for other in (manager, make_user()):
        with pytest.raises(PermissionDenied):
            acceptance_submit(actor=other, project=project, statement=minimal_pdf(), file_name="a.pdf")
    assert Acceptance.objects.count() == 0


# --- The decision ----------------------------------------------------------------------------------------


def test_deciding_needs_the_final_report_approved_and_the_statement(project, manager):
    with pytest.raises(ValidationFailed) as caught:
        acceptance_decide(
            actor=manager, project=project, outcome="accepted_with_conditions", conditions="", expected_version=None
        )

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("conditions", "required"),
        (None, "final_report_not_approved"),
        (None, "no_auditor_statement"),
    ]
    assert Project.objects.get(pk=project.pk).status == "active"


def test_accepting_records_the_unspent_balance_releases_the_last_instalments_and_closes(project, pi, manager):
    _spend(project, "staff", 1, "CNY", "12345.67")
    _spend(project, "staff", 1, "HKD", "80000")
    _spend(project, "equipment", 2, "HKD", "500.50")
    project = _final_approved(project, pi, manager)
    acceptance_submit(actor=pi, project=project, statement=minimal_pdf(), file_name="audit.pdf")
    project.refresh_from_db()

    decided = acceptance_decide(
        actor=manager, project=project, outcome="accepted", conditions="", expected_version=project.version
    )

    closed = Project.objects.get(pk=project.pk)
    assert (decided.outcome, decided.decided_by, decided.unspent) == (
        "accepted",
        manager,
        {"CNY": "137654.33", "HKD": "19499.50"},
    )
    assert (closed.status, closed.closed_at is not None) == ("closed", True)
    assert _last_instalments(project) == [("CNY", "released", True), ("HKD", "released", True)]
    event = events_for_object(object_type="projects.project", object_id=str(project.pk)).last()
    assert (event.action, event.payload["outcome"], event.payload["unspent"]) == (
        "project.acceptance_decide",
        "accepted",
        {"CNY": "137654.33", "HKD": "19499.50"},
    )


def test_accepted_with_conditions_keeps_the_conditions(project, pi, manager):
    project = _final_approved(project, pi, manager)
    acceptance_submit(actor=pi, project=project, statement=minimal_pdf(), file_name="audit.pdf")
    project.refresh_from_db()

    decided = acceptance_decide(
        actor=manager,
        project=project,
        outcome="accepted_with_conditions",
        conditions="Publish the data set within 6 months.",
        expected_version=project.version,
    )

    assert (decided.outcome, decided.conditions) == (
        "accepted_with_conditions",
        "Publish the data set within 6 months.",
    )
    assert _last_instalments(project) == [("CNY", "released", True), ("HKD", "released", True)]


def test_a_failed_acceptance_cancels_the_last_instalments_and_closes(project, pi, manager):
    project = _final_approved(project, pi, manager)
    acceptance_submit(actor=pi, project=project, statement=minimal_pdf(), file_name="audit.pdf")
    project.refresh_from_db()

    decided = acceptance_decide(
        actor=manager, project=project, outcome="failed", conditions="", expected_version=project.version
    )

    assert (decided.outcome, decided.unspent) == ("failed", {"CNY": "150000.00", "HKD": "100000.00"})
    assert _last_instalments(project) == [("CNY", "cancelled", False), ("HKD", "cancelled", False)]
    assert Project.objects.get(pk=project.pk).status == "closed"


def test_a_stale_version_and_a_second_decision_are_refused(project, pi, manager):
    project = _final_approved(project, pi, manager)
    acceptance_submit(actor=pi, project=project, statement=minimal_pdf(), file_name="audit.pdf")
    read = project.version  # before the statement was uploaded

    with pytest.raises(Conflict) as stale:
        acceptance_decide(actor=manager, project=project, outcome="accepted", conditions="", expected_version=read)
    project.refresh_from_db()
    acceptance_decide(actor=manager, project=project, outcome="accepted", conditions="", expected_version=None)
    with pytest.raises(Conflict) as again:
        acceptance_decide(actor=manager, project=project, outcome="failed", conditions="", expected_version=None)

    assert stale.value.code == "stale_version"
    assert again.value.code == "project_closed"
    assert Acceptance.objects.get().outcome == "accepted"


def test_only_managers_decide(project, pi):
    project = _final_approved(project, pi, make_user_with_role("programme_manager"))
    acceptance_submit(actor=pi, project=project, statement=minimal_pdf(), file_name="audit.pdf")

    for other in (pi, make_user_with_role("auditor")):
        with pytest.raises(PermissionDenied):
            acceptance_decide(actor=other, project=project, outcome="accepted", conditions="", expected_version=None)
    assert Project.objects.get(pk=project.pk).status == "in_acceptance"


# --- Page and API ----------------------------------------------------------------------------------------


def test_acceptance_page_uploads_decides_and_shows_the_unspent_balance(client, project, pi, manager):
    project = _final_approved(project, pi, manager)
    client.force_login(pi)
    uploaded = client.post(
        f"/projects/{project.pk}/acceptance/statement/",
        {"statement": SimpleUploadedFile("audit.pdf", minimal_pdf(), content_type="application/pdf")},
    )
    download = client.get(f"/projects/{project.pk}/acceptance/statement/")
    client.force_login(manager)
    project.refresh_from_db()
    decided = client.post(
        f"/projects/{project.pk}/acceptance/decide/",
        {"outcome": "accepted", "conditions": "", "version": str(project.version)},
    )
    page = client.get(f"/projects/{project.pk}/acceptance/")

    assert uploaded.status_code == 302
    assert (download.status_code, b"".join(download.streaming_content)) == (200, minimal_pdf())
    assert decided.status_code == 302
    assert texts(page.content, "acceptance-outcome") == ["Accepted"]
    assert texts(page.content, "unspent-amount") == ["CN¥150,000.00", "HK$100,000.00"]
    assert texts(page.content, "acceptance-decide-form") == []


def test_acceptance_page_shows_a_not_pdf_error_and_404s_outsiders(client, project, pi):
    client.force_login(pi)
    refused = client.post(
        f"/projects/{project.pk}/acceptance/statement/",
        {"statement": SimpleUploadedFile("audit.pdf", PNG_BYTES, content_type="application/pdf")},
    )
    client.force_login(make_user())
    hidden = client.get(f"/projects/{project.pk}/acceptance/")

    assert refused.status_code == 400
    assert "This file is not a PDF" in texts(refused.content, "error-summary")[0]
    assert hidden.status_code == 404


def test_api_uploads_and_decides(client, project, pi, manager):
    project = _final_approved(project, pi, manager)
    base = f"/api/projects/projects/{project.pk}/acceptance"

    uploaded = client.post(
        f"{base}/statement",
        {"statement": SimpleUploadedFile("audit.pdf", minimal_pdf(), content_type="application/pdf")},
        headers=bearer(make_token(pi)),
    )
    version = uploaded.json()["project_version"]
    missing = json_post(
        client,
        f"{base}/decide",
        {"outcome": "accepted_with_conditions", "version": version},
        headers=bearer(make_token(manager)),
    )
    decided = json_post(
        client,
        f"{base}/decide",
        {"outcome": "accepted_with_conditions", "conditions": "Return the balance.", "version": version},
        headers=bearer(make_token(manager)),
    )
    detail = client.get(base, headers=bearer(make_token(pi)))

    assert (uploaded.status_code, uploaded.json()["statement_name"]) == (200, "audit.pdf")
    assert (missing.status_code, missing.json()["field"], missing.json()["code"]) == (400, "conditions", "required")
    assert decided.status_code == 200
    body = detail.json()
    assert (body["project_status"], body["outcome"], body["conditions"], body["unspent"]) == (
        "closed",
        "accepted_with_conditions",
        "Return the balance.",
        {"CNY": "150000.00", "HKD": "100000.00"},
    )


def test_api_refuses_a_png_named_pdf(client, project, pi):
    response = client.post(
        f"/api/projects/projects/{project.pk}/acceptance/statement",
        {"statement": SimpleUploadedFile("audit.pdf", PNG_BYTES, content_type="application/pdf")},
        headers=bearer(make_token(pi)),
    )

    assert (response.status_code, response.json()["code"], response.json()["field"]) == (400, "not_pdf", "statement")
