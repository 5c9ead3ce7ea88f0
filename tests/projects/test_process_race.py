"""Two managers deciding one report at the same moment on PostgreSQL: the project row is locked while deciding,
so one decision wins, the other gets a clear error, and the instalments are released once."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from hetao.audit.domain.selectors import events_for_object, ledger_verify
from hetao.core.errors import Conflict
from hetao.projects.domain.process import amendment_decide, amendment_request, report_decide, report_submit
from hetao.projects.models import Amendment, Disbursement, Project, Report
from tests.factories.people import make_user, make_user_with_role
from tests.factories.race import race
from tests.projects.factories import make_project

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2027, 1, 5))


def test_two_managers_approving_one_report_one_wins(zone, sz_park, hk_park):
    pi = make_user()
    first, second = make_user_with_role("programme_manager"), make_user_with_role("park_admin")
    project = make_project(sz_park, hk_park, pi=pi, manager=first, rules={"instalment_percents": [40, 30, 30]})
    report = Report.objects.get(project=project, kind="progress", number=1)
    report_submit(actor=pi, report=report, narrative="Done.", expected_version=1)

    outcomes = race(
        [
            lambda: report_decide(actor=first, report=report, approve=True, comments="", expected_version=2),
            lambda: report_decide(actor=second, report=report, approve=True, comments="", expected_version=2),
        ]
    )

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    wins = [o for o in outcomes if isinstance(o, Report)]
    assert (len(wins), len(errors)) == (1, 1)
    assert isinstance(errors[0], Conflict)
    assert errors[0].code == "already_decided"
    stored = Report.objects.get(pk=report.pk)
    assert (stored.status, stored.decided_by_id, stored.version) == ("approved", wins[0].decided_by_id, 3)
    released = Disbursement.objects.filter(project=project, condition="report", status="released")
    assert sorted(d.currency for d in released) == ["CNY", "HKD"]
    events = events_for_object(object_type="projects.report", object_id=str(report.pk))
    assert [e.action for e in events] == ["project.report_submit", "project.report_approve"]
    assert ledger_verify().ok


def test_approve_and_return_at_once_decide_the_report_once(zone, sz_park, hk_park):
    pi = make_user()
    first, second = make_user_with_role("programme_manager"), make_user_with_role("programme_manager")
    project = make_project(sz_park, hk_park, pi=pi, manager=first)
    report = Report.objects.get(project=project, kind="progress", number=1)
    report_submit(actor=pi, report=report, narrative="Done.", expected_version=1)

    outcomes = race(
        [
            lambda: report_decide(actor=first, report=report, approve=True, comments="", expected_version=2),
            lambda: report_decide(actor=second, report=report, approve=False, comments="Redo.", expected_version=2),
        ]
    )

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 1
    assert isinstance(errors[0], Conflict)
    assert errors[0].code in {"already_decided", "not_submitted"}
    events = events_for_object(object_type="projects.report", object_id=str(report.pk))
    assert len(events) == 2


def test_two_managers_approving_one_extension_apply_it_once(zone, sz_park, hk_park):
    pi = make_user()
    first, second = make_user_with_role("programme_manager"), make_user_with_role("park_admin")
    project = make_project(sz_park, hk_park, pi=pi, manager=first)
    amendment = amendment_request(
        actor=pi, project=project, kind="extension", reason="Delay.", new_end_date=date(2028, 6, 30)
    )

    outcomes = race(
        [
            (lambda m=m: amendment_decide(actor=m, amendment=amendment, approve=True, note="", expected_version=1))
            for m in (first, second)
        ]
    )

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 1
    assert getattr(errors[0], "code", None) == "already_decided"
    assert Amendment.objects.get().status == "approved"
    current = Project.objects.get(pk=project.pk)
    assert (current.end_date, current.version) == (date(2028, 6, 30), 2)
