"""The shortlist of a two-stage call's second stage: set and replaced by the call's managers (service, page,
API), refused where it cannot be, and what it changes: stage-2 runs, manual assignments and pair rules cover
only shortlisted proposals, and the funding ranking of the call ranks them alone."""

from __future__ import annotations

import pytest

from hetao.audit.models import AuditEvent
from hetao.core.errors import DomainError
from hetao.evaluation.domain.selectors import proposals_for_stage
from hetao.evaluation.domain.services import (
    assignment_add,
    assignment_run,
    callreviewer_add,
    pair_rule_set,
    shortlist_set,
)
from hetao.evaluation.models import Assignment, AssignmentRun, StageEntry
from hetao.funding.domain.selectors import ranking_compute
from tests.evaluation.factories import make_call, make_expert, simple_proposal
from tests.factories.api import bearer, make_token, queries_for_get
from tests.factories.people import make_extra_park, make_user_with_role
from tests.funding.factories import add_review
from tests.funding.factories import make_expert as make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


def _two_stage_call(sz_park, hk_park, **fields):
    return make_call(sz_park=sz_park, hk_park=hk_park, review_stages=2, reviewers_per_proposal=1, **fields)


def _proposals(call, sz_park, hk_park, count):
    return [simple_proposal(call, sz_park=sz_park, hk_park=hk_park) for _ in range(count)]


def _reviewed_in_stage_one(proposals, scores):
    """Each proposal reviewed in stage 1 by the same three reviewers, all giving it its score."""
    reviewers = [make_reviewer() for _ in range(3)]
    for proposal, score in zip(proposals, scores, strict=True):
        for reviewer in reviewers:
            add_review(proposal, reviewer, score, stage=1)


def _shortlisted(call, stage=2):
    return sorted(StageEntry.objects.filter(call=call, stage=stage).values_list("proposal__reference", flat=True))


def _references(proposals):
    return sorted(p.reference for p in proposals)


# --- The service -----------------------------------------------------------------------------------------


def test_shortlist_set_then_replaced(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    first, second, third = _proposals(call, sz_park, hk_park, 3)

    made = shortlist_set(actor=manager, call=call, proposals=[first, second])
    replaced = shortlist_set(actor=manager, call=call, stage=2, proposals=[second, third, third])

    assert [e.proposal.reference for e in made] == _references([first, second])
    assert [e.proposal.reference for e in replaced] == _references([second, third])
    assert _shortlisted(call) == _references([second, third])
    assert list(proposals_for_stage(call, 2)) == [second, third]
    assert list(proposals_for_stage(call, 1)) == [first, second, third]
    entry = StageEntry.objects.get(proposal=third)
    assert (entry.call, entry.stage, entry.created_by) == (call, 2, manager)


def test_shortlist_set_is_audited(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    first, second, third = _proposals(call, sz_park, hk_park, 3)
    shortlist_set(actor=manager, call=call, proposals=[first, second])

    shortlist_set(actor=manager, call=call, proposals=[second, third])

    events = AuditEvent.objects.filter(action="evaluation.shortlist_set").order_by("sequence")
    assert [(e.object_type, e.object_id) for e in events] == [("programmes.call", str(call.pk))] * 2
    assert events.last().payload == {
        "call": call.code,
        "stage": 2,
        "added": [third.reference],
        "removed": [first.reference],
        "count": 2,
        "replaced": 0,
    }


def test_shortlist_refused_for_a_single_stage_call(manager, sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)

    with pytest.raises(DomainError) as refused:
        shortlist_set(actor=manager, call=call, proposals=[proposal])

    assert (refused.value.code, refused.value.field, StageEntry.objects.count()) == ("invalid_stage", "stage", 0)
    assert refused.value.message == "This call has 1 review stage(s); stage 2 does not exist."


def test_shortlist_refused_for_stage_one(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)

    with pytest.raises(DomainError) as refused:
        shortlist_set(actor=manager, call=call, stage=1, proposals=[proposal])

    assert (refused.value.code, refused.value.field, StageEntry.objects.count()) == ("invalid_stage", "stage", 0)


def test_shortlist_refuses_a_proposal_not_in_review(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    in_review = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    withdrawn = simple_proposal(call, sz_park=sz_park, hk_park=hk_park, status="withdrawn")
    elsewhere = simple_proposal(_two_stage_call(sz_park, hk_park), sz_park=sz_park, hk_park=hk_park)

    with pytest.raises(DomainError) as refused:
        shortlist_set(actor=manager, call=call, proposals=[in_review, withdrawn])
    with pytest.raises(DomainError) as other_call:
        shortlist_set(actor=manager, call=call, proposals=[elsewhere])

    assert (refused.value.code, refused.value.field) == ("not_in_review", "proposals")
    assert refused.value.message == f"Proposal {withdrawn.reference} is not in review in this call."
    assert other_call.value.code == "not_in_review"
    assert StageEntry.objects.count() == 0


def test_shortlist_keeps_a_proposal_whose_stage_two_review_started(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    started, waiting, newcomer = _proposals(call, sz_park, hk_park, 3)
    shortlist_set(actor=manager, call=call, proposals=[started, waiting])
    add_review(started, make_reviewer(), 4.0, stage=2)

    with pytest.raises(DomainError) as refused:
        shortlist_set(actor=manager, call=call, proposals=[newcomer])

    assert (refused.value.code, refused.value.field) == ("review_started", "proposals")
    assert refused.value.message == (
        f"The stage 2 review of {started.reference} has started; it stays on the shortlist."
    )
    assert _shortlisted(call) == _references([started, waiting])


def test_leaving_the_shortlist_replaces_assignments_not_started(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    kept, dropped = _proposals(call, sz_park, hk_park, 2)
    callreviewer_add(actor=manager, call=call, expert=make_expert(park=None))
    callreviewer_add(actor=manager, call=call, expert=make_expert(park=None))
    shortlist_set(actor=manager, call=call, proposals=[kept, dropped])
    assignment_run(actor=manager, call=call, stage=2)

    shortlist_set(actor=manager, call=call, proposals=[kept])

    statuses = sorted((a.proposal.reference, a.status) for a in Assignment.objects.filter(proposal__call=call, stage=2))
    assert statuses == sorted([(kept.reference, "active"), (dropped.reference, "replaced")])
    event = AuditEvent.objects.filter(action="evaluation.shortlist_set").order_by("sequence").last()
    assert (event.payload["removed"], event.payload["replaced"]) == ([dropped.reference], 1)


def test_shortlist_refused_to_whoever_does_not_manage_the_call(manager, sz_park, hk_park, zone):
    from hetao.core.errors import PermissionDenied

    call = _two_stage_call(sz_park, hk_park)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    other_park = make_extra_park(zone)
    refused_codes = []
    for user in (
        make_user_with_role("researcher"),
        make_user_with_role("programme_manager", scope="park", park=other_park),
        None,
    ):
        with pytest.raises(PermissionDenied) as refused:
            shortlist_set(actor=user, call=call, proposals=[proposal])
        refused_codes.append(refused.value.code)
    park_manager = make_user_with_role("programme_manager", scope="park", park=hk_park)

    entries = shortlist_set(actor=park_manager, call=call, proposals=[proposal])

    assert refused_codes == ["forbidden", "forbidden", "forbidden"]
    assert [e.proposal for e in entries] == [proposal]


# --- What the shortlist changes --------------------------------------------------------------------------


def test_stage_two_run_assigns_only_shortlisted_proposals(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park, reviewer_load_max=3)
    first, second, third = _proposals(call, sz_park, hk_park, 3)
    for _ in range(2):
        callreviewer_add(actor=manager, call=call, expert=make_expert(park=None))
    shortlist_set(actor=manager, call=call, proposals=[first, third])

    run = assignment_run(actor=manager, call=call, stage=2)

    assert (run.status, run.stage, run.proposals) == ("solved", 2, 2)
    assigned = sorted(a.proposal.reference for a in Assignment.objects.filter(proposal__call=call, stage=2))
    assert assigned == _references([first, third])
    assert Assignment.objects.filter(proposal=second).count() == 0


def test_stage_two_run_with_an_empty_shortlist_is_refused(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    callreviewer_add(actor=manager, call=call, expert=make_expert(park=None))

    with pytest.raises(DomainError) as refused:
        assignment_run(actor=manager, call=call, stage=2)
    stage_one = assignment_run(actor=manager, call=call, stage=1)

    assert (refused.value.code, refused.value.field) == ("empty_shortlist", "stage")
    assert refused.value.message == "No proposal is shortlisted for stage 2 yet: shortlist proposals for it first."
    assert list(AssignmentRun.objects.values_list("stage", "status")) == [(1, stage_one.status)]


def test_manual_assignment_and_pair_rules_need_a_shortlisted_proposal(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    shortlisted, left_out = _proposals(call, sz_park, hk_park, 2)
    expert = make_expert(park=None)
    callreviewer_add(actor=manager, call=call, expert=expert)
    shortlist_set(actor=manager, call=call, proposals=[shortlisted])

    with pytest.raises(DomainError) as by_hand:
        assignment_add(actor=manager, proposal=left_out, expert=expert, stage=2)
    with pytest.raises(DomainError) as rule:
        pair_rule_set(actor=manager, proposal=left_out, expert=expert, kind="pin", reason="Panel chair", stage=2)
    assigned = assignment_add(actor=manager, proposal=shortlisted, expert=expert, stage=2)

    assert (by_hand.value.code, by_hand.value.field, rule.value.code) == ("not_in_stage", "proposal", "not_in_stage")
    assert by_hand.value.message == (
        f"Proposal {left_out.reference} is not shortlisted for stage 2 of this call; shortlist it first."
    )
    assert (assigned.proposal, assigned.stage) == (shortlisted, 2)


def test_funding_ranking_of_a_two_stage_call_ranks_the_shortlist(manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    first, second, third = _proposals(call, sz_park, hk_park, 3)
    _reviewed_in_stage_one([first, second, third], [5.0, 3.0, 4.0])
    shortlist_set(actor=manager, call=call, proposals=[first, third])
    panel = [make_reviewer() for _ in range(2)]
    for proposal, score in ((first, 3.0), (third, 5.0)):
        for reviewer in panel:
            add_review(proposal, reviewer, score, stage=2)

    final = ranking_compute(call)
    stage_one = ranking_compute(call, stage=1)

    assert (final.stage, [r.proposal.reference for r in final.ranked]) == (2, [third.reference, first.reference])
    assert [p.reference for p in final.unranked] == [second.reference]
    assert (stage_one.stage, [r.proposal.reference for r in stage_one.ranked]) == (
        1,
        [first.reference, third.reference, second.reference],
    )


# --- The page --------------------------------------------------------------------------------------------


def test_shortlist_page_lists_proposals_with_their_stage_one_rank(client, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    first, second, third = _proposals(call, sz_park, hk_park, 3)
    _reviewed_in_stage_one([first, second], [3.0, 5.0])
    shortlist_set(actor=manager, call=call, proposals=[first])
    client.force_login(manager)

    page = client.get(f"/evaluation/calls/{call.pk}/shortlist/")

    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/evaluation/calls/{call.pk}/shortlist/"' in html
    assert html.count('data-testid="shortlist-row"') == 3
    # Best stage-1 rank first; the proposal without stage-1 reviews last.
    assert html.index(second.reference) < html.index(first.reference) < html.index(third.reference)
    assert html.count(" checked>") == 1
    assert f'value="{first.pk}" id="shortlist-{first.pk}" checked>' in html
    assert html.count('data-testid="rank">1<') == 1
    assert html.count('data-testid="rank">2<') == 1
    assert "No submitted stage-1 reviews" in html


def test_shortlist_page_only_for_two_stage_calls(client, manager, sz_park, hk_park):
    single = make_call(sz_park=sz_park, hk_park=hk_park)
    client.force_login(manager)

    page = client.get(f"/evaluation/calls/{single.pk}/shortlist/")
    nav = client.get(f"/evaluation/calls/{single.pk}/pool/")

    assert page.status_code == 404
    assert "/shortlist/" not in nav.content.decode()


def test_shortlist_page_saves_the_ticked_proposals(client, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    first, _second, third = _proposals(call, sz_park, hk_park, 3)
    client.force_login(manager)

    saved = client.post(
        f"/evaluation/calls/{call.pk}/shortlist/", {"shortlist-proposals": [first.pk, third.pk]}, follow=True
    )

    assert saved.redirect_chain == [(f"/evaluation/calls/{call.pk}/shortlist/", 302)]
    assert "The shortlist is saved: 2 proposals." in saved.content.decode()
    assert _shortlisted(call) == _references([first, third])


def test_shortlist_page_shows_why_a_change_is_refused(client, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    started, other = _proposals(call, sz_park, hk_park, 2)
    shortlist_set(actor=manager, call=call, proposals=[started])
    add_review(started, make_reviewer(), 4.0, stage=2)
    client.force_login(manager)

    refused = client.post(f"/evaluation/calls/{call.pk}/shortlist/", {"shortlist-proposals": [other.pk]})

    html = refused.content.decode()
    assert refused.status_code == 400
    assert f"The stage 2 review of {started.reference} has started; it stays on the shortlist." in html
    assert f'value="{other.pk}" id="shortlist-{other.pk}" checked>' in html
    assert 'data-testid="review-started"' in html
    assert _shortlisted(call) == [started.reference]


def test_shortlist_page_takes_the_best_ranked(client, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    first, second, third, unranked = _proposals(call, sz_park, hk_park, 4)
    _reviewed_in_stage_one([first, second, third], [3.0, 5.0, 4.0])
    client.force_login(manager)

    top = client.post(f"/evaluation/calls/{call.pk}/shortlist/top/", {"top-count": 2})
    too_few = client.post(f"/evaluation/calls/{call.pk}/shortlist/top/", {"top-count": 0})

    assert (top.status_code, too_few.status_code) == (302, 400)
    assert _shortlisted(call) == _references([second, third])
    assert unranked.reference not in _shortlisted(call)


def test_shortlist_page_best_ranked_needs_stage_one_reviews(client, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    client.force_login(manager)

    refused = client.post(f"/evaluation/calls/{call.pk}/shortlist/top/", {"top-count": 3})

    assert refused.status_code == 400
    assert "No proposal has a stage-1 rank yet: ranks need submitted stage-1 reviews." in refused.content.decode()
    assert StageEntry.objects.count() == 0


def test_shortlist_page_refused_to_others(client, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    client.force_login(make_user_with_role("researcher"))

    page = client.get(f"/evaluation/calls/{call.pk}/shortlist/")
    post = client.post(f"/evaluation/calls/{call.pk}/shortlist/", {"shortlist-proposals": [proposal.pk]})

    assert (page.status_code, post.status_code, StageEntry.objects.count()) == (404, 404, 0)


def test_assignment_page_of_stage_two_points_to_the_shortlist(client, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    first, second = _proposals(call, sz_park, hk_park, 2)
    client.force_login(manager)

    empty = client.get(f"/evaluation/calls/{call.pk}/assignment/?stage=2")
    shortlist_set(actor=manager, call=call, proposals=[second])
    listed = client.get(f"/evaluation/calls/{call.pk}/assignment/?stage=2")

    assert 'data-testid="empty-shortlist"' in empty.content.decode()
    html = listed.content.decode()
    assert html.count('data-testid="matrix-row"') == 1
    assert f"{second.reference} <span" in html
    assert f"{first.reference} <span" not in html


# Session and user, call, permission (role assignments), proposals in review, the stage-1 ranking (its
# proposals, reviews and reviewers), shortlist entries, stage-2 reviews started; then the base template (zone,
# parks, and the reviewer behind the "My reviews" link with their person).
EXPECTED_PAGE_QUERIES = 14


@pytest.mark.parametrize("rows", [1, 3])
def test_shortlist_page_does_not_grow_queries_with_rows(client, rows, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    proposals = _proposals(call, sz_park, hk_park, rows)
    _reviewed_in_stage_one(proposals, [4.0] * rows)
    shortlist_set(actor=manager, call=call, proposals=proposals)
    client.force_login(manager)

    assert queries_for_get(client, f"/evaluation/calls/{call.pk}/shortlist/") == EXPECTED_PAGE_QUERIES


# --- The API ---------------------------------------------------------------------------------------------


def test_shortlist_through_the_api(client, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    first, second, third = _proposals(call, sz_park, hk_park, 3)
    headers = bearer(make_token(manager))
    url = f"/api/evaluation/calls/{call.pk}/stages/2/shortlist"

    before = client.get(url, headers=headers)
    put = client.put(url, {"proposals": [third.pk, first.pk]}, content_type="application/json", headers=headers)
    after = client.get(url, headers=headers)

    assert before.json() == {"call": call.pk, "stage": 2, "count": 0, "proposals": []}
    expected = {
        "call": call.pk,
        "stage": 2,
        "count": 2,
        "proposals": [{"id": p.pk, "reference": p.reference, "title": p.title} for p in (first, third)],
    }
    assert (put.status_code, put.json()) == (200, expected)
    assert (after.status_code, after.json()) == (200, expected)
    assert _shortlisted(call) == _references([first, third])
    assert second.reference not in _shortlisted(call)


def test_shortlist_api_errors(client, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    draft = simple_proposal(call, sz_park=sz_park, hk_park=hk_park, status="draft")
    elsewhere = simple_proposal(_two_stage_call(sz_park, hk_park), sz_park=sz_park, hk_park=hk_park)
    headers = bearer(make_token(manager))
    url = f"/api/evaluation/calls/{call.pk}/stages/2/shortlist"

    def put(path, ids):
        return client.put(path, {"proposals": ids}, content_type="application/json", headers=headers)

    unknown = put(url, [proposal.pk, 999999])
    other_call = put(url, [elsewhere.pk])
    not_in_review = put(url, [draft.pk])
    stage_one = put(f"/api/evaluation/calls/{call.pk}/stages/1/shortlist", [proposal.pk])
    malformed = put(url, ["not a number"])

    assert (unknown.status_code, unknown.json()["code"], unknown.json()["field"]) == (
        404,
        "unknown_proposal",
        "proposals",
    )
    assert unknown.json()["message"] == "There is no such proposal in this call: 999999."
    assert (other_call.status_code, other_call.json()["code"]) == (404, "unknown_proposal")
    assert (not_in_review.status_code, not_in_review.json()["code"]) == (400, "not_in_review")
    assert not_in_review.json()["message"] == f"Proposal {draft.reference} is not in review in this call."
    assert (stage_one.status_code, stage_one.json()["code"]) == (404, "unknown_stage")
    assert malformed.status_code == 422
    assert StageEntry.objects.count() == 0


def test_shortlist_api_refused_to_others_and_read_only_tokens(client, manager, sz_park, hk_park):
    call = _two_stage_call(sz_park, hk_park)
    proposal = simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    url = f"/api/evaluation/calls/{call.pk}/stages/2/shortlist"
    outsider = bearer(make_token(make_user_with_role("researcher")))
    read_only = bearer(make_token(manager, scopes=("read",)))
    body = {"proposals": [proposal.pk]}

    get = client.get(url, headers=outsider)
    put = client.put(url, body, content_type="application/json", headers=outsider)
    scoped = client.put(url, body, content_type="application/json", headers=read_only)

    assert (get.status_code, get.json()["code"]) == (404, "not_found")
    assert (put.status_code, put.json()["code"]) == (404, "not_found")
    assert scoped.status_code == 403
    assert StageEntry.objects.count() == 0
