"""The manager's endpoints and pages: who may reach a call's evaluation, the pool, conflicts and override
form, pair rules, runs; and query counts of the lists."""

from __future__ import annotations

import pytest

from hetao.evaluation.domain.services import assignment_run, callreviewer_add, conflicts_detect
from hetao.evaluation.models import CallReviewer, Conflict, PairRule
from tests.evaluation.factories import make_call, make_expert, simple_proposal
from tests.factories.api import bearer, json_post, make_token, queries_for_get
from tests.factories.people import make_extra_park, make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(sz_park, hk_park):
    return make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=1)


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


def test_only_managers_of_the_call_reach_it(client, call, sz_park, zone):

    park_manager = make_user_with_role("programme_manager", scope="park", park=sz_park)
    outsider_park = make_extra_park(zone)
    elsewhere = make_user_with_role("programme_manager", scope="park", park=outsider_park)
    researcher = make_user_with_role("researcher")

    codes = []
    for user in (park_manager, elsewhere, researcher):
        headers = bearer(make_token(user))
        codes.append(client.get(f"/api/evaluation/calls/{call.pk}/conflicts", headers=headers).status_code)
        client.force_login(user)
        codes.append(client.get(f"/evaluation/calls/{call.pk}/assignment/").status_code)

    assert codes == [200, 200, 404, 404, 404, 404]


def test_pool_through_the_api_with_default_loads(client, call, manager):
    expert = make_expert(park=None, load_max=4)
    headers = bearer(make_token(manager))

    added = json_post(client, f"/api/evaluation/calls/{call.pk}/reviewers", {"expert": expert.pk}, headers=headers)
    again = json_post(client, f"/api/evaluation/calls/{call.pk}/reviewers", {"expert": expert.pk}, headers=headers)
    removed = client.delete(f"/api/evaluation/reviewers/{added.json()['id']}", headers=headers)

    assert added.status_code == 201
    assert (added.json()["load_min"], added.json()["load_max"]) == (0, 4)
    assert (again.status_code, again.json()["code"]) == (409, "already_in_pool")
    assert (removed.status_code, CallReviewer.objects.count()) == (204, 0)


def test_reviewer_with_assignments_cannot_leave_the_pool(client, call, manager, sz_park, hk_park):
    simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    row = callreviewer_add(actor=manager, call=call, expert=make_expert(park=None))
    assignment_run(actor=manager, call=call)
    client.force_login(manager)

    response = client.post(f"/evaluation/reviewers/{row.pk}/remove/", follow=True)

    assert "still has 1 active assignment" in response.content.decode()
    assert CallReviewer.objects.count() == 1


def test_conflicts_page_override_form(client, call, manager, sz_park, hk_park):
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    colleague = make_expert(organisation=proposal.team.get(order=1).organisation)
    callreviewer_add(actor=manager, call=call, expert=colleague)
    conflicts_detect(actor=manager, call=call)
    conflict = Conflict.objects.get()
    client.force_login(manager)

    page = client.get(f"/evaluation/calls/{call.pk}/conflicts/")
    empty = client.post(f"/evaluation/conflicts/{conflict.pk}/override/", {f"override-{conflict.pk}-reason": ""})
    done = client.post(
        f"/evaluation/conflicts/{conflict.pk}/override/", {f"override-{conflict.pk}-reason": "Joined after the work"}
    )

    assert "are both at" in page.content.decode()
    assert empty.status_code == 400
    assert done.status_code == 302
    conflict.refresh_from_db()
    assert (conflict.blocks, conflict.override_reason) == (False, "Joined after the work")


def test_detect_and_override_through_the_api(client, call, manager, sz_park, hk_park):
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    colleague = make_expert(organisation=proposal.team.get(order=0).organisation)
    callreviewer_add(actor=manager, call=call, expert=colleague)
    headers = bearer(make_token(manager))

    detected = json_post(client, f"/api/evaluation/calls/{call.pk}/conflicts/detect", {}, headers=headers)
    conflict_id = client.get(f"/api/evaluation/calls/{call.pk}/conflicts", headers=headers).json()["items"][0]["id"]
    blank = json_post(client, f"/api/evaluation/conflicts/{conflict_id}/override", {"reason": ""}, headers=headers)
    overridden = json_post(
        client, f"/api/evaluation/conflicts/{conflict_id}/override", {"reason": "Other campus"}, headers=headers
    )

    assert detected.json() == {"created": 1, "updated": 0, "removed": 0, "total": 1}
    assert blank.status_code == 422
    body = overridden.json()
    assert (body["kind"], body["blocks"], body["override_reason"]) == ("same_organisation", False, "Other campus")
    assert "are both at" in body["evidence"][0]


def test_pair_rules_through_the_page(client, call, manager, sz_park, hk_park):
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    expert = make_expert(park=None)
    callreviewer_add(actor=manager, call=call, expert=expert)
    client.force_login(manager)

    missing_reason = client.post(
        f"/evaluation/calls/{call.pk}/assignment/rules/",
        {"rule-proposal": proposal.pk, "rule-expert": expert.pk, "rule-kind": "forbid", "rule-stage": 1},
    )
    saved = client.post(
        f"/evaluation/calls/{call.pk}/assignment/rules/",
        {
            "rule-proposal": proposal.pk,
            "rule-expert": expert.pk,
            "rule-kind": "forbid",
            "rule-reason": "Reviewed the pre-proposal",
            "rule-stage": 1,
        },
    )

    assert (missing_reason.status_code, saved.status_code) == (400, 302)
    rule = PairRule.objects.get()
    assert (rule.kind, rule.reason, rule.created_by) == ("forbid", "Reviewed the pre-proposal", manager)


# Session and user, call, permission (call parks), count and page, plus what each row needs prefetched.
EXPECTED_QUERIES = [6, 6, 6, 7]


@pytest.mark.parametrize("rows", [1, 3])
def test_list_endpoints_do_not_grow_queries_with_rows(client, rows, manager, sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=1, reviewer_load_max=3)
    for _ in range(rows):
        proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
        callreviewer_add(
            actor=manager, call=call, expert=make_expert(organisation=proposal.team.get(order=0).organisation)
        )
    callreviewer_add(actor=manager, call=call, expert=make_expert(park=None))
    conflicts_detect(actor=manager, call=call)
    assignment_run(actor=manager, call=call)
    client.force_login(manager)

    counts = [
        queries_for_get(client, f"/api/evaluation/calls/{call.pk}/{what}")
        for what in ("reviewers", "conflicts", "assignments", "runs")
    ]

    assert counts == EXPECTED_QUERIES


def test_manager_pages_show_pool_runs_and_pairs(client, call, manager, sz_park, hk_park):
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    expert = make_expert(park=None)
    callreviewer_add(actor=manager, call=call, expert=expert)
    run = assignment_run(actor=manager, call=call)
    client.force_login(manager)

    calls = client.get("/evaluation/calls/")
    pool = client.get(f"/evaluation/calls/{call.pk}/pool/")
    assignment = client.get(f"/evaluation/calls/{call.pk}/assignment/")
    runs = client.get(f"/evaluation/calls/{call.pk}/runs/")
    detail = client.get(f"/evaluation/runs/{run.pk}/")

    name = str(expert.person)
    assert call.title_en in calls.content.decode()
    assert name in pool.content.decode()
    assert f"{name} · " in assignment.content.decode()
    assert "Assignment found" in assignment.content.decode()
    assert f"/evaluation/runs/{run.pk}/" in runs.content.decode()
    assert f"{proposal.reference} × {name}" in detail.content.decode()
