"""An award becomes a project: team, budget lines, funding sources per park and currency, the report schedule,
instalments (the first released at the start), audited; only managers may, and only once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict, PermissionDenied
from hetao.projects.domain.projects import project_start
from hetao.projects.models import Disbursement, Project
from tests.factories.people import make_user, make_user_with_role
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db


def test_award_becomes_a_project_with_its_lines_sources_and_schedule(sz_park, hk_park):
    project = make_project(sz_park, hk_park, rules={"instalment_percents": [40, 30, 30]})

    assert project.reference.startswith("PRJ-")
    assert (project.start_date, project.end_date) == (date(2026, 1, 1), date(2027, 12, 31))
    lines = sorted((ln.category.code, ln.year, ln.currency, ln.amount) for ln in project.lines.all())
    assert lines == [
        ("equipment", 1, "CNY", Decimal("50000.00")),
        ("equipment", 2, "HKD", Decimal("20000.00")),
        ("staff", 1, "CNY", Decimal("100000.00")),
        ("staff", 1, "HKD", Decimal("80000.00")),
    ]
    sources = sorted((s.park.code, s.currency, s.amount) for s in project.sources.all())
    assert sources == [("HK", "HKD", Decimal("100000.00")), ("SZ", "CNY", Decimal("150000.00"))]
    reports = [(r.kind, r.number, r.due_date) for r in project.reports.order_by("due_date")]
    assert reports == [("progress", 1, date(2027, 1, 1)), ("final", 1, date(2028, 2, 29))]
    instalments = [
        (d.source.currency, d.number, d.amount, d.condition, d.status)
        for d in Disbursement.objects.filter(project=project).order_by("currency", "number")
    ]
    assert instalments == [
        ("CNY", 1, Decimal("60000.00"), "start", "released"),
        ("CNY", 2, Decimal("45000.00"), "report", "scheduled"),
        ("CNY", 3, Decimal("45000.00"), "acceptance", "scheduled"),
        ("HKD", 1, Decimal("40000.00"), "start", "released"),
        ("HKD", 2, Decimal("30000.00"), "report", "scheduled"),
        ("HKD", 3, Decimal("30000.00"), "acceptance", "scheduled"),
    ]
    events = events_for_object(object_type="projects.project", object_id=str(project.pk))
    assert [e.action for e in events] == ["project.start"]


def test_an_award_starts_once(sz_park, hk_park):
    project = make_project(sz_park, hk_park)
    with pytest.raises(Conflict) as caught:
        project_start(actor=make_user_with_role("programme_manager"), award=project.award, start_date=date(2026, 2, 1))
    assert caught.value.code == "already_started"


def test_only_a_manager_starts_a_project(sz_park, hk_park):
    from hetao.funding.domain.services import decision_set
    from tests.funding.factories import make_funding_call, make_proposal

    call = make_funding_call(sz_park, hk_park, code="solo")
    proposal = make_proposal(call, make_user())
    decision_set(
        actor=make_user_with_role("programme_manager"),
        proposal=proposal,
        outcome="funded",
        version=proposal.version,
        reason="Funded.",
    )
    proposal.refresh_from_db()

    with pytest.raises(PermissionDenied):
        project_start(actor=make_user(), award=proposal.award, start_date=date(2026, 2, 1))
    assert not Project.objects.filter(proposal=proposal).exists()
