"""Reports: submitted by the investigators from the end of their period with the financial statement frozen
into them, approved or returned by managers, never approved twice; approving progress report k releases the
instalments that wait for it, approving the final report moves the project to final acceptance; pages, API,
permissions, audit, query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from hetao.projects.domain.process import report_decide, report_submit
from hetao.projects.domain.selectors import financial_statement
from hetao.projects.models import BudgetLine, Disbursement, Project, Report
from tests.factories.api import bearer, json_post, make_token, queries_for_get
from tests.factories.pages import texts
from tests.factories.people import make_user, make_user_with_role
from tests.projects.factories import line, make_project

pytestmark = pytest.mark.django_db

AFTER_PERIOD_1 = date(2027, 1, 5)  # progress report 1 covers 2026; the project ends on 2027-12-31
AFTER_END = date(2028, 1, 10)


@pytest.fixture
def set_today(monkeypatch):
    """Fix the zone's date (time is outside the code under test)."""

    def fix(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return fix


@pytest.fixture
def pi():
    return make_user()


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


@pytest.fixture
def project(sz_park, hk_park, pi, manager):
    return make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"instalment_percents": [40, 30, 30]})


def _report(project, kind="progress", number=1) -> Report:
    return Report.objects.get(project=project, kind=kind, number=number)


def _spend(project, category, year, currency, amount) -> None:
    """Recorded expenditure, simulated: the line's ``spent`` set directly (test setup)."""
    BudgetLine.objects.filter(pk=line(project, category, year, currency).pk).update(spent=Decimal(amount))


def _submit(actor, report, narrative="We built it."):
    return report_submit(actor=actor, report=report, narrative=narrative, expected_version=report.version)


def _instalments(project):
    return [
        (d.currency, d.number, d.condition, d.status)
        for d in Disbursement.objects.filter(project=project).order_by("currency", "number")
    ]


# --- Submitting ------------------------------------------------------------------------------------------


def test_submission_freezes_the_financial_statement(project, pi, set_today):
    set_today(AFTER_PERIOD_1)
    _spend(project, "staff", 1, "CNY", "12345.67")
    expected = financial_statement(project).as_json()

    submitted = _submit(pi, _report(project))
    _spend(project, "staff", 1, "CNY", "20000")

    stored = Report.objects.get(pk=submitted.pk)
    assert (stored.status, stored.narrative, stored.submitted_by, stored.version) == (
        "submitted",
        "We built it.",
        pi,
        2,
    )
    assert stored.statement == expected
    assert stored.statement["totals"][0] == {
        "currency": "CNY",
        "approved": "150000.00",
        "budget": "150000.00",
        "spent": "12345.67",
        "available": "137654.33",
    }
    events = events_for_object(object_type="projects.report", object_id=str(stored.pk))
    assert [e.action for e in events] == ["project.report_submit"]


def test_too_early_and_empty_narrative_are_listed_together(project, pi, set_today):
    set_today(date(2026, 12, 30))

    with pytest.raises(ValidationFailed) as caught:
        report_submit(actor=pi, report=_report(project), narrative="  ", expected_version=1)

    assert [(p.field, p.code) for p in caught.value.problems] == [("narrative", "required"), (None, "too_early")]
    assert _report(project).status == "due"


def test_progress_report_opens_on_its_period_end_and_the_final_on_the_project_end(project, pi, set_today):
    set_today(date(2026, 12, 31))
    _submit(pi, _report(project))

    set_today(date(2027, 12, 30))
    with pytest.raises(ValidationFailed) as early:
        _submit(pi, _report(project, "final"))
    set_today(date(2027, 12, 31))
    final = _submit(pi, _report(project, "final"))

    assert early.value.problems[0].code == "too_early"
    assert final.status == "submitted"


def test_only_workers_submit(project, manager, set_today):
    set_today(AFTER_PERIOD_1)

    for other in (manager, make_user_with_role("auditor"), make_user()):
        with pytest.raises(PermissionDenied):
            _submit(other, _report(project))
    assert _report(project).status == "due"


def test_a_submitted_report_cannot_be_submitted_again_nor_on_a_stale_version(project, pi, set_today):
    set_today(AFTER_PERIOD_1)
    report = _report(project)
    _submit(pi, report)

    with pytest.raises(Conflict) as again:
        report_submit(actor=pi, report=report, narrative="Again", expected_version=2)

    assert again.value.code == "already_submitted"


# --- Deciding --------------------------------------------------------------------------------------------


def test_approving_progress_report_1_releases_its_instalments_only(project, pi, manager, set_today):
    set_today(AFTER_PERIOD_1)
    submitted = _submit(pi, _report(project))

    approved = report_decide(actor=manager, report=submitted, approve=True, comments="", expected_version=2)

    assert (approved.status, approved.decided_by, approved.version) == ("approved", manager, 3)
    assert _instalments(project) == [
        ("CNY", 1, "start", "released"),
        ("CNY", 2, "report", "released"),
        ("CNY", 3, "acceptance", "scheduled"),
        ("HKD", 1, "start", "released"),
        ("HKD", 2, "report", "released"),
        ("HKD", 3, "acceptance", "scheduled"),
    ]
    released = Disbursement.objects.filter(project=project, number=2)
    assert {(d.released_by, d.released_at is not None) for d in released} == {(manager, True)}
    event = events_for_object(object_type="projects.report", object_id=str(approved.pk)).last()
    assert event.action == "project.report_approve"
    assert sorted(row[1:] for row in event.payload["released"]) == [[2, "30000.00", "HKD"], [2, "45000.00", "CNY"]]


def test_a_report_cannot_be_approved_twice(project, pi, manager, set_today):
    set_today(AFTER_PERIOD_1)
    submitted = _submit(pi, _report(project))
    report_decide(actor=manager, report=submitted, approve=True, comments="", expected_version=2)
    other = make_user_with_role("park_admin")

    with pytest.raises(Conflict) as caught:
        report_decide(actor=other, report=submitted, approve=True, comments="", expected_version=3)

    assert caught.value.code == "already_decided"
    assert _report(project).decided_by == manager
    events = events_for_object(object_type="projects.report", object_id=str(submitted.pk))
    assert [e.action for e in events] == ["project.report_submit", "project.report_approve"]


def test_returning_needs_comments_and_the_report_can_be_resubmitted(project, pi, manager, set_today):
    set_today(AFTER_PERIOD_1)
    submitted = _submit(pi, _report(project))

    with pytest.raises(DomainError) as no_comments:
        report_decide(actor=manager, report=submitted, approve=False, comments=" ", expected_version=2)
    returned = report_decide(
        actor=manager, report=submitted, approve=False, comments="Add the patents.", expected_version=2
    )
    resubmitted = report_submit(actor=pi, report=returned, narrative="With patents.", expected_version=3)

    assert (no_comments.value.code, no_comments.value.field) == ("required", "comments")
    assert returned.status == "returned"
    assert _instalments(project)[1] == ("CNY", 2, "report", "scheduled")
    assert (resubmitted.status, resubmitted.narrative, resubmitted.version) == ("submitted", "With patents.", 4)


def test_a_stale_decision_is_refused(project, pi, manager, set_today):
    set_today(AFTER_PERIOD_1)
    submitted = _submit(pi, _report(project))

    with pytest.raises(Conflict) as caught:
        report_decide(actor=manager, report=submitted, approve=True, comments="", expected_version=1)

    assert caught.value.code == "stale_version"


def test_only_managers_decide(project, pi, set_today):
    set_today(AFTER_PERIOD_1)
    submitted = _submit(pi, _report(project))

    for other in (pi, make_user_with_role("auditor")):
        with pytest.raises(PermissionDenied):
            report_decide(actor=other, report=submitted, approve=True, comments="", expected_version=2)
    assert _report(project).status == "submitted"


def test_approving_the_final_report_moves_the_project_to_acceptance(project, pi, manager, set_today):
    set_today(AFTER_END)
    submitted = _submit(pi, _report(project, "final"))

    report_decide(actor=manager, report=submitted, approve=True, comments="Good.", expected_version=2)

    assert Project.objects.get(pk=project.pk).status == "in_acceptance"
    assert _instalments(project)[2] == ("CNY", 3, "acceptance", "scheduled")


# --- Pages -----------------------------------------------------------------------------------------------


def test_report_page_shows_the_statement_to_be_frozen_and_submits(client, project, pi, set_today):
    set_today(AFTER_PERIOD_1)
    _spend(project, "staff", 1, "HKD", "500.50")
    report = _report(project)
    client.force_login(pi)

    page = client.get(f"/projects/reports/{report.pk}/")
    response = client.post(
        f"/projects/reports/{report.pk}/submit/", {"submit-narrative": "Done.", "submit-version": "1"}
    )
    after = client.get(f"/projects/reports/{report.pk}/")

    assert page.status_code == 200
    assert "HK$500.50" in texts(page.content, "report-statement-spent")
    assert texts(page.content, "report-submit-form") != []
    assert response.status_code == 302
    assert texts(after.content, "report-status") == ["Submitted"]
    assert texts(after.content, "report-narrative") == ["Done."]
    assert "HK$500.50" in texts(after.content, "report-statement-spent")
    assert texts(after.content, "report-submit-form") == []


def test_report_page_approves_once_and_shows_the_error_the_second_time(client, project, pi, manager, set_today):
    set_today(AFTER_PERIOD_1)
    report = _submit(pi, _report(project))
    client.force_login(manager)
    form = {"decide-decision": "approve", "decide-comments": "", "decide-version": "2"}

    first = client.post(f"/projects/reports/{report.pk}/decide/", form)
    second = client.post(f"/projects/reports/{report.pk}/decide/", form)

    assert first.status_code == 302
    assert second.status_code == 409
    assert "has already been approved" in texts(second.content, "error-summary")[0]


def test_report_pages_are_404_for_outsiders_and_403_for_actions_not_theirs(client, project, pi, set_today):
    set_today(AFTER_PERIOD_1)
    report = _report(project)
    client.force_login(make_user())
    hidden = [client.get(f"/projects/{project.pk}/reports/"), client.get(f"/projects/reports/{report.pk}/")]
    client.force_login(pi)
    decide = client.post(
        f"/projects/reports/{report.pk}/decide/", {"decide-decision": "approve", "decide-version": "1"}
    )

    assert [r.status_code for r in hidden] == [404, 404]
    assert decide.status_code == 403


def test_reports_page_flags_an_overdue_report(client, project, pi, set_today):
    set_today(date(2027, 1, 2))
    client.force_login(pi)

    page = client.get(f"/projects/{project.pk}/reports/")

    assert texts(page.content, "report-status") == ["Due", "Due"]
    assert texts(page.content, "report-overdue") == ["Overdue"]


# --- API -------------------------------------------------------------------------------------------------


def test_api_submit_and_decide_twice(client, project, pi, manager, set_today):
    set_today(AFTER_PERIOD_1)
    report = _report(project)
    worker, boss = bearer(make_token(pi)), bearer(make_token(manager))

    listed = client.get(f"/api/projects/projects/{project.pk}/reports", headers=worker)
    submitted = json_post(
        client, f"/api/projects/reports/{report.pk}/submit", {"narrative": "Done.", "version": 1}, headers=worker
    )
    approved = json_post(
        client, f"/api/projects/reports/{report.pk}/decide", {"approve": True, "version": 2}, headers=boss
    )
    again = json_post(
        client, f"/api/projects/reports/{report.pk}/decide", {"approve": True, "version": 3}, headers=boss
    )
    detail = client.get(f"/api/projects/reports/{report.pk}", headers=worker)

    assert [(r["kind"], r["number"], r["status"]) for r in listed.json()["items"]] == [
        ("progress", 1, "due"),
        ("final", 1, "due"),
    ]
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    assert submitted.json()["statement"]["totals"][1]["currency"] == "HKD"
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    assert (again.status_code, again.json()["code"]) == (409, "already_decided")
    assert (detail.json()["status"], detail.json()["narrative"], detail.json()["opens_on"]) == (
        "approved",
        "Done.",
        "2026-12-31",
    )


def test_api_refuses_a_worker_deciding_and_hides_reports_from_outsiders(client, project, pi, set_today):
    set_today(AFTER_PERIOD_1)
    report = _submit(pi, _report(project))

    refused = json_post(
        client,
        f"/api/projects/reports/{report.pk}/decide",
        {"approve": True, "version": 2},
        headers=bearer(make_token(pi)),
    )
    hidden = client.get(f"/api/projects/reports/{report.pk}", headers=bearer(make_token(make_user())))

    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert hidden.status_code == 404


@pytest.mark.parametrize("url", ["/projects/{pk}/reports/", "/api/projects/projects/{pk}/reports"])
def test_report_lists_make_the_same_queries_for_one_and_three(client, sz_park, hk_park, url, set_today):
    set_today(AFTER_PERIOD_1)
    pi = make_user()
    manager = make_user_with_role("programme_manager")
    short = make_project(sz_park, hk_park, pi=pi, manager=manager, duration_months=12)
    long = make_project(sz_park, hk_park, pi=pi, manager=manager, duration_months=36)
    client.force_login(pi)

    assert (short.reports.count(), long.reports.count()) == (1, 3)
    assert queries_for_get(client, url.format(pk=short.pk)) == queries_for_get(client, url.format(pk=long.pk))
