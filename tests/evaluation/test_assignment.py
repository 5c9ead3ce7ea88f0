"""Assignment runs: the problem built from the call, stored runs and assignments, infeasibility explained in
the page and the API, pinned and forbidden pairs, re-runs that keep reviews under way, manual reassignment."""

from __future__ import annotations

import pytest

from hetao.audit.domain.selectors import ledger_verify
from hetao.core.errors import DomainError
from hetao.evaluation.domain.services import (
    assignment_add,
    assignment_run,
    callreviewer_add,
    conflict_declare,
    conflict_override,
    conflicts_detect,
    pair_rule_clear,
    pair_rule_set,
    review_save,
)
from hetao.evaluation.models import Assignment, AssignmentRun, Conflict, PairRule
from tests.evaluation.factories import make_call, make_expert, simple_proposal, user_of
from tests.factories.people import make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


def _pool(call, manager, experts):
    for expert in experts:
        callreviewer_add(actor=manager, call=call, expert=expert)


def _active(call):
    return sorted(
        (a.proposal.reference, a.expert_id) for a in Assignment.objects.filter(proposal__call=call, status="active")
    )


def test_run_assigns_each_proposal_its_reviewers_and_is_audited(manager, sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=2, reviewer_load_max=2)
    proposals = [simple_proposal(call, sz_park=sz_park, hk_park=hk_park) for _ in range(3)]
    experts = [make_expert(park=park) for park in (sz_park, hk_park, None)]
    _pool(call, manager, experts)

    run = assignment_run(actor=manager, call=call)

    assert (run.status, run.proposals, run.reviewers, run.reasons) == ("solved", 3, 3, [])
    pairs = Assignment.objects.filter(run=run)
    per_proposal = {p.pk: pairs.filter(proposal=p).count() for p in proposals}
    per_expert = {e.pk: pairs.filter(expert=e).count() for e in experts}
    assert per_proposal == {p.pk: 2 for p in proposals}
    assert per_expert == {e.pk: 2 for e in experts}
    assert all(0.0 <= a.affinity <= 1.0 for a in pairs)
    assert ledger_verify().ok


def test_conflicted_pairs_are_never_used_until_overridden(manager, sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=1)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    lead_org = proposal.team.get(order=0).organisation
    colleague = make_expert(organisation=lead_org, statement_en="federated learning medical imaging hospitals")
    other = make_expert(park=None, statement_en="soil chemistry", keywords=["soil"])
    _pool(call, manager, [colleague, other])
    conflicts_detect(actor=manager, call=call)

    first = assignment_run(actor=manager, call=call)
    assert _active(call) == [(proposal.reference, other.pk)]

    conflict_override(actor=manager, conflict=Conflict.objects.get(), reason="Different campus, never met")
    second = assignment_run(actor=manager, call=call)

    assert (first.status, second.status) == ("solved", "solved")
    assert _active(call) == [(proposal.reference, colleague.pk)]


def _infeasible_outside_call(manager, sz_park, hk_park):
    call = make_call(
        sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=3, min_reviewers_outside_parks=2, reviewer_load_max=3
    )
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    _pool(call, manager, [make_expert(park=sz_park), make_expert(park=hk_park), make_expert(park=None)])
    return call, proposal


def test_infeasible_run_is_stored_with_its_reasons(manager, sz_park, hk_park):
    call, proposal = _infeasible_outside_call(manager, sz_park, hk_park)

    run = assignment_run(actor=manager, call=call)

    assert run.status == "infeasible"
    assert Assignment.objects.filter(proposal__call=call).count() == 0
    reason = run.reasons[0]
    assert (reason["code"], reason["proposals"], reason["group"], reason["have"], reason["need"]) == (
        "group_short",
        [proposal.reference],
        "outside",
        1,
        2,
    )


def test_infeasible_explanation_on_the_page_and_in_the_api(client, manager, sz_park, hk_park):
    call, proposal = _infeasible_outside_call(manager, sz_park, hk_park)
    client.force_login(manager)

    page = client.post(f"/evaluation/calls/{call.pk}/assignment/run/", {"mode": "total", "stage": 1}, follow=True)
    api = client.get(f"/api/evaluation/calls/{call.pk}/runs")

    expected = f"Proposal {proposal.reference} has 1 eligible reviewer from outside both parks; it needs 2."
    assert page.status_code == 200
    assert expected in page.content.decode()
    reason = api.json()["items"][0]["reasons"][0]
    assert (reason["code"], reason["message"], reason["group"], reason["have"], reason["need"]) == (
        "group_short",
        expected,
        "outside",
        1,
        2,
    )


def test_api_run_answers_with_the_reasons(client, manager, sz_park, hk_park):
    call, proposal = _infeasible_outside_call(manager, sz_park, hk_park)
    client.force_login(manager)

    response = client.post(
        f"/api/evaluation/calls/{call.pk}/runs", {"mode": "fair", "stage": 1}, content_type="application/json"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["mode"], body["reasons"][0]["proposals"]) == (
        "infeasible",
        "fair",
        [proposal.reference],
    )


def test_lead_park_limit_is_kept(manager, sz_park, hk_park):
    call = make_call(
        sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=2, max_reviewers_from_lead_park=0, reviewer_load_max=1
    )
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)  # led from Shenzhen
    shenzhen = make_expert(park=sz_park, statement_en="federated learning medical imaging hospitals privacy")
    others = [make_expert(park=hk_park, statement_en="rocks"), make_expert(park=None, statement_en="rivers")]
    _pool(call, manager, [shenzhen, *others])

    run = assignment_run(actor=manager, call=call)

    assert run.status == "solved"
    assert _active(call) == sorted((proposal.reference, e.pk) for e in others)


def test_pins_and_forbids_are_honoured_on_rerun(manager, sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=1, reviewer_load_max=1)
    first, second = (simple_proposal(call, sz_park=sz_park, hk_park=hk_park) for _ in range(2))
    a, b, c = (make_expert(park=None) for _ in range(3))
    _pool(call, manager, [a, b, c])
    assignment_run(actor=manager, call=call)

    pin = pair_rule_set(actor=manager, proposal=first, expert=c, kind="pin", reason="Only one who reads Cantonese")
    pair_rule_set(actor=manager, proposal=second, expert=a, kind="forbid", reason="Competitor")
    rerun = assignment_run(actor=manager, call=call, mode="fair")

    assert rerun.status == "solved"
    assert _active(call) == sorted([(first.reference, c.pk), (second.reference, b.pk)])
    assert Assignment.objects.filter(proposal__call=call, status="replaced").count() == 2
    pair_rule_clear(actor=manager, rule=pin)
    assert PairRule.objects.count() == 1


def test_pin_on_a_conflicted_pair_is_refused(manager, sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=1)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    colleague = make_expert(organisation=proposal.team.get(order=0).organisation)
    _pool(call, manager, [colleague])
    conflicts_detect(actor=manager, call=call)

    with pytest.raises(DomainError) as refused:
        pair_rule_set(actor=manager, proposal=proposal, expert=colleague, kind="pin", reason="Wanted")

    assert (refused.value.code, PairRule.objects.count()) == ("pair_conflicted", 0)


def test_rerun_keeps_reviews_under_way_and_replaces_the_rest(manager, sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=1, reviewer_load_max=1)
    first, second = (simple_proposal(call, sz_park=sz_park, hk_park=hk_park) for _ in range(2))
    a, b = make_expert(park=None), make_expert(park=None)
    _pool(call, manager, [a, b])
    assignment_run(actor=manager, call=call)
    started = Assignment.objects.get(proposal=first, status="active")
    review_save(actor=user_of(started.expert), assignment=started, version=None, scores={}, comments="Reading")
    untouched = Assignment.objects.get(proposal=second, status="active")

    assignment_run(actor=manager, call=call)

    started.refresh_from_db()
    untouched.refresh_from_db()
    assert (started.status, untouched.status) == ("active", "replaced")
    assert _active(call) == sorted([(first.reference, started.expert_id), (second.reference, untouched.expert_id)])
    assert AssignmentRun.objects.filter(call=call).count() == 2


def test_released_slot_is_reassigned_by_hand(client, manager, sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=1, reviewer_load_max=1)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    a, b = make_expert(park=None), make_expert(park=None)
    _pool(call, manager, [a, b])
    assignment_run(actor=manager, call=call)
    assigned = Assignment.objects.get(status="active")
    spare = b if assigned.expert_id == a.pk else a
    conflict_declare(actor=user_of(assigned.expert), assignment=assigned, reason="My former student leads it")
    client.force_login(manager)

    page = client.get(f"/evaluation/calls/{call.pk}/assignment/")
    with pytest.raises(DomainError) as refused:
        assignment_add(actor=manager, proposal=proposal, expert=assigned.expert)
    response = client.post(
        f"/evaluation/calls/{call.pk}/assignment/add/",
        {"manual-proposal": proposal.pk, "manual-expert": spare.pk, "manual-stage": 1},
    )

    assert f"{proposal.reference} is missing 1 reviewer." in page.content.decode()
    assert refused.value.code == "pair_conflicted"
    assert response.status_code == 302
    assert _active(call) == [(proposal.reference, spare.pk)]


def test_run_without_pool_is_refused_and_stores_nothing(manager, sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park)
    simple_proposal(call, sz_park=sz_park, hk_park=hk_park)

    with pytest.raises(DomainError) as refused:
        assignment_run(actor=manager, call=call)

    assert (refused.value.code, AssignmentRun.objects.count()) == ("empty_pool", 0)


def test_fair_run_cut_short_by_its_time_limit_says_so(client, manager, sz_park, hk_park, monkeypatch):
    from dataclasses import replace

    from hetao.evaluation.domain import services

    real = services.solve_assignment

    def cut_short(problem, **options):
        assert options["time_limit"] == 60
        return replace(real(problem, **options), proven_optimal=False, worst_bound=0.875)

    monkeypatch.setattr(services, "solve_assignment", cut_short)
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=1, reviewer_load_max=2)
    simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    _pool(call, manager, [make_expert(park=None), make_expert(park=None)])
    client.force_login(manager)

    page = client.post(f"/evaluation/calls/{call.pk}/assignment/run/", {"mode": "fair", "stage": 1}, follow=True)

    run = AssignmentRun.objects.get(call=call)
    assert (run.status, run.mode, run.proven_optimal, run.worst_bound) == ("solved", "fair", False, 0.875)
    assert "not proven the fairest" in page.content.decode()
    assert "more than 0.875" in page.content.decode()
