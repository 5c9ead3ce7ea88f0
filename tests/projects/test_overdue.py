"""What is overdue and due next: reports past their due date while due or returned, milestones, instalments;
and the overdue reports that block an investigator's new proposals, only where the programme says so."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from hetao.projects.domain.due import blocking_reports_for, overdue_reports
from hetao.projects.domain.process import report_decide, report_submit
from hetao.projects.models import Project, ProjectMember, Report
from hetao.zone.domain.services import person_link_user
from tests.factories.people import make_person, make_user, make_user_with_role
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

PROGRESS_DUE = date(2027, 1, 1)  # progress report 1 of a project from 2026-01-01 to 2027-12-31


@pytest.fixture
def pi():
    return make_user()


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


def _project(sz_park, hk_park, pi, manager, **rules):
    return make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"instalment_percents": [40, 30, 30], **rules})


def _progress(project) -> Report:
    return Report.objects.get(project=project, kind="progress", number=1)


def test_a_report_is_overdue_after_its_due_date_while_due_or_returned(sz_park, hk_park, pi, manager, monkeypatch):
    project = _project(sz_park, hk_park, pi, manager)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2027, 1, 5))

    on_the_day = overdue_reports(project, PROGRESS_DUE)
    after = overdue_reports(project, date(2027, 1, 2))
    submitted = report_submit(actor=pi, report=_progress(project), narrative="Done.", expected_version=1)
    while_submitted = overdue_reports(project, date(2027, 1, 5))
    report_decide(actor=manager, report=submitted, approve=False, comments="More.", expected_version=2)
    returned = overdue_reports(project, date(2027, 1, 5))

    assert on_the_day == []
    assert [r.number for r in after] == [1]
    assert while_submitted == []
    assert [(r.number, r.status) for r in returned] == [(1, "returned")]


def test_blocking_reports_are_the_overdue_ones_of_projects_the_user_leads(sz_park, hk_park, pi, manager):
    project = _project(sz_park, hk_park, pi, manager)

    assert blocking_reports_for(pi, PROGRESS_DUE) == []
    assert [(r.project_id, r.number) for r in blocking_reports_for(pi, date(2027, 1, 2))] == [(project.pk, 1)]
    assert blocking_reports_for(make_user(), date(2027, 1, 2)) == []


def test_a_co_investigator_is_blocked_but_a_finance_officer_is_not(sz_park, hk_park, pi, manager):
    project = _project(sz_park, hk_park, pi, manager)
    co_investigator, officer = make_user(), make_user()
    for user, role in ((co_investigator, "co_i"), (officer, "finance")):
        person = person_link_user(actor=None, person=make_person(), user=user)
        ProjectMember.objects.create(project=project, person=person, role=role)

    assert len(blocking_reports_for(co_investigator, date(2027, 1, 2))) == 1
    assert blocking_reports_for(officer, date(2027, 1, 2)) == []


def test_no_block_where_the_programme_says_so_nor_once_the_project_is_closed(sz_park, hk_park, pi, manager):
    lenient = _project(sz_park, hk_park, pi, manager, overdue_blocks_proposals=False)
    strict = _project(sz_park, hk_park, pi, manager)

    assert [r.project_id for r in blocking_reports_for(pi, date(2027, 1, 2))] == [strict.pk]
    Project.objects.filter(pk=strict.pk).update(status="closed", closed_at=timezone.now())
    assert blocking_reports_for(pi, date(2027, 1, 2)) == []
    assert overdue_reports(lenient, date(2027, 1, 2)) != []


def test_a_programme_without_rules_blocks_by_default(sz_park, hk_park, pi, manager):
    project = make_project(sz_park, hk_park, pi=pi, manager=manager)

    assert not hasattr(project.call, "project_rules")
    assert len(blocking_reports_for(pi, date(2027, 1, 2))) == 1
