"""On PostgreSQL, with real concurrent transactions: two reviewers declaring conflicts on one proposal at once,
and two managers running the assignment at once, leave one consistent state."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from hetao.audit.domain.selectors import ledger_verify
from hetao.evaluation.domain.services import assignment_run, callreviewer_add, conflict_declare
from hetao.evaluation.models import Assignment, AssignmentRun, Conflict
from tests.evaluation.factories import make_call, make_expert, simple_proposal, user_of
from tests.factories.people import make_user_with_role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _together(*jobs: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_reviewers_declare_conflicts_on_one_proposal_at_once(sz_park, hk_park):
    manager = make_user_with_role("programme_manager")
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=2, reviewer_load_max=1)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    experts = [make_expert(park=None) for _ in range(2)]
    for expert in experts:
        callreviewer_add(actor=manager, call=call, expert=expert)
    assignment_run(actor=manager, call=call)
    pairs = [Assignment.objects.select_related("proposal__call").get(expert=e, status="active") for e in experts]

    results = _together(
        *(
            (lambda a=a, e=e: conflict_declare(actor=user_of(e), assignment=a, reason=f"declared by {e.pk}"))
            for a, e in zip(pairs, experts, strict=True)
        )
    )

    assert all(isinstance(r, Conflict) for r in results), results
    assert Assignment.objects.filter(proposal=proposal, status="active").count() == 0
    assert sorted(Conflict.objects.filter(proposal=proposal).values_list("expert_id", flat=True)) == sorted(
        e.pk for e in experts
    )
    assert ledger_verify().ok


def test_two_managers_run_the_assignment_at_once(sz_park, hk_park):
    managers = [make_user_with_role("programme_manager") for _ in range(2)]
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=2, reviewer_load_max=2)
    proposals = [simple_proposal(call, sz_park=sz_park, hk_park=hk_park) for _ in range(3)]
    for _ in range(3):
        callreviewer_add(actor=managers[0], call=call, expert=make_expert(park=None))

    results = _together(*((lambda m=m: assignment_run(actor=m, call=call)) for m in managers))

    assert all(isinstance(r, AssignmentRun) and r.status == "solved" for r in results), results
    assert AssignmentRun.objects.filter(call=call).count() == 2
    latest = AssignmentRun.objects.filter(call=call).order_by("-pk").first()
    active = Assignment.objects.filter(proposal__call=call, status="active")
    # Exactly one run's pairs are in force: the later one's, every proposal covered once per reviewer.
    assert set(active.values_list("run_id", flat=True)) == {latest.pk}
    assert sorted(active.values_list("proposal_id", flat=True)) == sorted([p.pk for p in proposals] * 2)
    assert ledger_verify().ok
