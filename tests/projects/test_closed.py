"""A closed project refuses every change, through the services, the pages (the error shown on the page) and the
API (409 ``project_closed``), and nothing changes: a milestone, a report submission, an amendment, the
auditor's statement and a second acceptance decision."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict
from hetao.projects.domain.process import (
    acceptance_decide,
    acceptance_submit,
    amendment_request,
    milestone_add,
    report_decide,
    report_submit,
)
from hetao.projects.models import Amendment, Milestone, Project, Report
from tests.factories.api import bearer, json_post, make_token
from tests.factories.pages import texts
from tests.factories.people import make_user, make_user_with_role
from tests.programmes.factories import minimal_pdf
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

AFTER_END = date(2028, 1, 10)
CLOSED_MESSAGE = "is closed: it cannot be changed."


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AFTER_END)
    return AFTER_END


@pytest.fixture
def pi():
    return make_user()


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


@pytest.fixture
def closed(sz_park, hk_park, pi, manager):
    """A project taken through its final report and acceptance to closed; its progress report 1 was never
    submitted."""
    project = make_project(sz_park, hk_park, pi=pi, manager=manager)
    final = Report.objects.get(project=project, kind="final")
    report_submit(actor=pi, report=final, narrative="Done.", expected_version=1)
    report_decide(actor=manager, report=final, approve=True, comments="", expected_version=2)
    acceptance_submit(actor=pi, project=project, statement=minimal_pdf(), file_name="audit.pdf")
    acceptance_decide(actor=manager, project=project, outcome="accepted", conditions="", expected_version=None)
    return Project.objects.get(pk=project.pk)


def _progress(project) -> Report:
    return Report.objects.get(project=project, kind="progress", number=1)


def _snapshot(project):
    current = Project.objects.get(pk=project.pk)
    return (
        current.status,
        current.end_date,
        current.version,
        Milestone.objects.filter(project=project).count(),
        Amendment.objects.filter(project=project).count(),
        _progress(project).status,
        events_for_object(object_type="projects.project", object_id=str(project.pk)).count(),
    )


def test_services_refuse_every_change_to_a_closed_project(closed, pi, manager):
    before = _snapshot(closed)
    attempts = [
        lambda: milestone_add(actor=pi, project=closed, title="Late", due_date=date(2027, 6, 1)),
        lambda: report_submit(actor=pi, report=_progress(closed), narrative="Late.", expected_version=1),
        lambda: amendment_request(
            actor=pi, project=closed, kind="extension", reason="More time.", new_end_date=date(2028, 6, 30)
        ),
        lambda: acceptance_submit(actor=pi, project=closed, statement=minimal_pdf(), file_name="again.pdf"),
        lambda: acceptance_decide(
            actor=manager, project=closed, outcome="failed", conditions="", expected_version=None
        ),
    ]

    codes = []
    for attempt in attempts:
        with pytest.raises(Conflict) as caught:
            attempt()
        codes.append(caught.value.code)

    assert codes == ["project_closed"] * 5
    assert _snapshot(closed) == before


def test_pages_show_the_closed_error_and_change_nothing(client, closed, pi):
    before = _snapshot(closed)
    report = _progress(closed)
    client.force_login(pi)

    responses = [
        client.post(
            f"/projects/{closed.pk}/milestones/",
            {"milestone-kind": "milestone", "milestone-title": "Late", "milestone-due_date": "2027-06-01"},
        ),
        client.post(f"/projects/reports/{report.pk}/submit/", {"submit-narrative": "Late.", "submit-version": "1"}),
        client.post(
            f"/projects/{closed.pk}/amendments/extension/",
            {"extension-new_end_date": "2028-06-30", "extension-reason": "More time."},
        ),
        client.post(
            f"/projects/{closed.pk}/acceptance/statement/",
            {"statement": SimpleUploadedFile("again.pdf", minimal_pdf(), content_type="application/pdf")},
        ),
    ]

    assert [r.status_code for r in responses] == [409, 409, 409, 409]
    for response in responses:
        summary = texts(response.content, "error-summary")
        assert len(summary) == 1
        assert f"Project {closed.reference} {CLOSED_MESSAGE}" in summary[0]
        assert texts(response.content, "project-closed") == ["This project is closed: it can no longer be changed."]
    assert _snapshot(closed) == before


def test_closed_pages_offer_no_forms(client, closed, pi):
    client.force_login(pi)

    milestones = client.get(f"/projects/{closed.pk}/milestones/")
    report = client.get(f"/projects/reports/{_progress(closed).pk}/")
    amendments = client.get(f"/projects/{closed.pk}/amendments/")

    assert texts(milestones.content, "milestone-form") == []
    assert texts(report.content, "report-submit-form") == []
    assert texts(amendments.content, "extension-form") == []


def test_the_api_answers_409_project_closed_and_changes_nothing(client, closed, pi, manager):
    before = _snapshot(closed)
    worker = bearer(make_token(pi))
    report = _progress(closed)

    responses = [
        json_post(
            client,
            f"/api/projects/projects/{closed.pk}/milestones",
            {"title": "Late", "due_date": "2027-06-01"},
            headers=worker,
        ),
        json_post(
            client, f"/api/projects/reports/{report.pk}/submit", {"narrative": "Late.", "version": 1}, headers=worker
        ),
        json_post(
            client,
            f"/api/projects/projects/{closed.pk}/amendments",
            {"kind": "extension", "reason": "More time.", "new_end_date": "2028-06-30"},
            headers=worker,
        ),
        json_post(
            client,
            f"/api/projects/projects/{closed.pk}/acceptance/decide",
            {"outcome": "failed", "version": before[2]},
            headers=bearer(make_token(manager)),
        ),
    ]

    assert [(r.status_code, r.json()["code"]) for r in responses] == [(409, "project_closed")] * 4
    assert f"Project {closed.reference} {CLOSED_MESSAGE}" == responses[0].json()["message"]
    assert _snapshot(closed) == before


def test_the_final_instalment_released_by_acceptance_is_remitted_after_the_close(sz_park, hk_park, pi, manager):
    from decimal import Decimal

    from hetao.projects.domain.money import remittance_record
    from hetao.projects.models import Disbursement
    from tests.projects.money_factories import import_rates

    project = make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"instalment_percents": [40, 30, 30]})
    final_report = Report.objects.get(project=project, kind="final")
    report_submit(actor=pi, report=final_report, narrative="Done.", expected_version=1)
    report_decide(actor=manager, report=final_report, approve=True, comments="", expected_version=2)
    acceptance_submit(actor=pi, project=project, statement=minimal_pdf(), file_name="audit.pdf")
    acceptance_decide(actor=manager, project=project, outcome="accepted", conditions="", expected_version=None)
    import_rates("2028-01-09,HKD,CNY,0.92,PBOC central parity")
    last = Disbursement.objects.get(project=project, currency="HKD", condition="acceptance")
    assert (last.status, Project.objects.get(pk=project.pk).status) == ("released", "closed")

    remittance = remittance_record(
        actor=manager, disbursement=last, received_currency="CNY", remitted_on=AFTER_END, bank_reference="T-1"
    )

    assert (remittance.sent_amount, remittance.received_amount, remittance.rate) == (
        Decimal("30000.00"),
        Decimal("27600.00"),
        Decimal("0.92"),
    )
    assert Project.objects.get(pk=project.pk).status == "closed"
