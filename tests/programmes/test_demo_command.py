"""``hetao seed_programmes_demo``: the demo's programmes, from the pool of experts to a decided call."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hetao.audit.domain.selectors import ledger_verify
from hetao.evaluation.models import Assignment, AssignmentRun, Review
from hetao.experts.models import Expert
from hetao.funding.models import Decision, FundingRound
from hetao.programmes.enums import CallStatus
from hetao.programmes.models import Call


def _seed() -> str:
    out = StringIO()
    call_command("seed_programmes_demo", stdout=out)
    return out.getvalue()


def test_needs_the_demo_zone_first(db):
    with pytest.raises(CommandError, match="seed_demo"):
        _seed()


def test_builds_an_open_call_and_a_decided_one_and_twice_changes_nothing(db):
    call_command("seed_demo", "--people", "150", stdout=StringIO())
    out = _seed()

    assert "Demo programmes ready" in out
    experts = Expert.objects.count()
    assert experts >= 20
    assert Expert.objects.filter(person__user__username="reviewer").exists()
    calls = {call.code: call for call in Call.objects.all()}
    assert calls["hetao-joint-2026"].status == CallStatus.PUBLISHED
    reviewed = calls["hetao-joint-2025"]
    run = AssignmentRun.objects.get(call=reviewed)
    assert run.status == "solved"
    assert Assignment.objects.filter(proposal__call=reviewed).count() == 3 * reviewed.proposals.count()
    assert Review.objects.filter(status="submitted").exists()
    round_ = FundingRound.objects.get(call=reviewed, status="confirmed")
    outcomes = set(Decision.objects.filter(round=round_).values_list("outcome", flat=True))
    assert outcomes == {"funded", "not_funded"}  # the budget draws a funding line through the ranking
    from hetao.funding.models import Award
    from hetao.projects.models import Expenditure, Project

    assert Project.objects.count() == Award.objects.count() > 0  # every award started as a project
    assert Expenditure.objects.filter(status="recorded").exists()

    def counted() -> tuple[int, ...]:
        models = (Expert, Call, Review, Decision, Project, Expenditure)
        return tuple(model.objects.count() for model in models)

    counts = counted()
    _seed()
    assert counted() == counts
    assert ledger_verify().ok
