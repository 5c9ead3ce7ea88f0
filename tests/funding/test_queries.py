"""Query counts of the funding lists: the funding index (calls managed, decisions on one's own proposals), a
call's ranking, decisions, funding rounds and an award's lines, as pages and over the API, make as many queries
for three rows as for one, so an N+1 query fails here."""

from __future__ import annotations

import pytest

from hetao.funding.domain.services import decision_set, funding_round_propose
from hetao.funding.models import Award, FundingRound
from tests.factories.api import queries_for_get
from tests.factories.pages import texts
from tests.factories.people import make_user_with_role
from tests.funding.factories import add_review, make_expert, make_funding_call, make_proposal

pytestmark = pytest.mark.django_db
API = "/api/funding"


def _reviewed_proposal(call, applicant, reviewers: list, *, reference: str):
    """A proposal reviewed by a new reviewer and by the first one, so the reviewers stay linked."""
    proposal = make_proposal(
        call, applicant, budget=[("staff", 1, "CNY", "100000"), ("equipment", 1, "HKD", "100000")], reference=reference
    )
    reviewers.append(make_expert())
    add_review(proposal, reviewers[-1], 4)
    if len(reviewers) > 1:
        add_review(proposal, reviewers[0], 3)
    return proposal


# --- Index ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["zone", "park"])
def test_index_page_query_count_does_not_grow_with_managed_calls(client, sz_park, hk_park, scope):
    manager = make_user_with_role("park_admin", scope=scope, park=sz_park if scope == "park" else None)
    client.force_login(manager)
    make_funding_call(sz_park, hk_park, code="first")
    one = queries_for_get(client, "/funding/")
    make_funding_call(sz_park, hk_park, code="second")
    make_funding_call(sz_park, hk_park, code="third")

    three = queries_for_get(client, "/funding/")

    assert len(texts(client.get("/funding/").content, "managed-call")) == 3
    assert three == one


def _own_decision(call, applicant, manager, reviewers: list, *, reference: str, outcome: str) -> None:
    proposal = _reviewed_proposal(call, applicant, reviewers, reference=reference)
    decision_set(actor=manager, proposal=proposal, outcome=outcome, version=1, reason="On its own.")


def test_index_page_query_count_does_not_grow_with_own_decisions(client, call, applicant, manager):
    client.force_login(applicant)
    reviewers: list = []
    _own_decision(call, applicant, manager, reviewers, reference="P-0001", outcome="funded")
    # Undecided, so the call stays open for the decisions that follow.
    _reviewed_proposal(call, applicant, reviewers, reference="P-0009")
    one = queries_for_get(client, "/funding/")
    _own_decision(call, applicant, manager, reviewers, reference="P-0002", outcome="not_funded")
    _own_decision(call, applicant, manager, reviewers, reference="P-0003", outcome="funded")

    three = queries_for_get(client, "/funding/")

    assert len(texts(client.get("/funding/").content, "own-decision")) == 3
    assert three == one


# --- Ranking --------------------------------------------------------------------------------------------


def test_ranking_page_and_endpoint_query_counts_do_not_grow_with_rows(client, call, applicant, manager):
    client.force_login(manager)
    reviewers: list = []
    _reviewed_proposal(call, applicant, reviewers, reference="P-0001")
    one = (
        queries_for_get(client, f"/funding/calls/{call.pk}/ranking/"),
        queries_for_get(client, f"{API}/calls/{call.pk}/ranking"),
    )
    _reviewed_proposal(call, applicant, reviewers, reference="P-0002")
    _reviewed_proposal(call, applicant, reviewers, reference="P-0003")

    three = (
        queries_for_get(client, f"/funding/calls/{call.pk}/ranking/"),
        queries_for_get(client, f"{API}/calls/{call.pk}/ranking"),
    )

    page = client.get(f"/funding/calls/{call.pk}/ranking/").content
    body = client.get(f"{API}/calls/{call.pk}/ranking").json()
    assert (len(texts(page, "ranking-row")), len(texts(page, "offset-row"))) == (3, 3)
    assert (len(body["ranked"]), len(body["reviewers"])) == (3, 3)
    assert three == one


# --- Decisions and rounds -------------------------------------------------------------------------------


def _decided_step(call, applicant, manager, reviewers: list, *, n: int, outcome: str) -> None:
    """One more decision (with its award when funded), one more proposal still to decide, one more round."""
    decided = _reviewed_proposal(call, applicant, reviewers, reference=f"P-{n:04d}")
    decision_set(actor=manager, proposal=decided, outcome=outcome, version=1, reason="On its own.")
    _reviewed_proposal(call, applicant, reviewers, reference=f"P-{n + 100:04d}")
    funding_round_propose(actor=manager, call=call, method="rank_order", lottery=False, seed=n)


def test_decisions_page_query_count_does_not_grow_with_rows(client, call, applicant, manager):
    client.force_login(manager)
    reviewers: list = []
    url = f"/funding/calls/{call.pk}/decisions/"
    _decided_step(call, applicant, manager, reviewers, n=1, outcome="funded")
    one = queries_for_get(client, url)
    _decided_step(call, applicant, manager, reviewers, n=2, outcome="not_funded")
    _decided_step(call, applicant, manager, reviewers, n=3, outcome="funded")

    three = queries_for_get(client, url)

    page = client.get(url).content
    assert (len(texts(page, "decision-row")), len(texts(page, "undecided"))) == (3, 3)
    assert FundingRound.objects.filter(call=call).count() == 3
    assert three == one


def test_decision_list_endpoint_query_count_does_not_grow_with_rows(client, call, applicant, manager):
    client.force_login(manager)
    reviewers: list = []
    url = f"{API}/calls/{call.pk}/decisions"
    _decided_step(call, applicant, manager, reviewers, n=1, outcome="funded")
    one = queries_for_get(client, url)
    _decided_step(call, applicant, manager, reviewers, n=2, outcome="not_funded")
    _decided_step(call, applicant, manager, reviewers, n=3, outcome="funded")

    three = queries_for_get(client, url)

    assert client.get(url).json()["count"] == 3
    assert three == one


def test_round_page_and_endpoint_query_counts_do_not_grow_with_rows(client, call, applicant, manager):
    client.force_login(manager)
    reviewers: list = []
    _reviewed_proposal(call, applicant, reviewers, reference="P-0001")
    first = funding_round_propose(actor=manager, call=call, method="rank_order", lottery=False, seed=1)
    one = (
        queries_for_get(client, f"/funding/rounds/{first.pk}/"),
        queries_for_get(client, f"{API}/rounds/{first.pk}"),
    )
    _reviewed_proposal(call, applicant, reviewers, reference="P-0002")
    _reviewed_proposal(call, applicant, reviewers, reference="P-0003")
    second = funding_round_propose(actor=manager, call=call, method="rank_order", lottery=False, seed=1)

    three = (
        queries_for_get(client, f"/funding/rounds/{second.pk}/"),
        queries_for_get(client, f"{API}/rounds/{second.pk}"),
    )

    assert len(texts(client.get(f"/funding/rounds/{second.pk}/").content, "round-row")) == 3
    assert len(client.get(f"{API}/rounds/{second.pk}").json()["proposals"]) == 3
    assert three == one


# --- Awards ---------------------------------------------------------------------------------------------


def _funded_award(call, applicant, manager, budget: list[tuple[str, int, str, str]], reference: str) -> Award:
    proposal = make_proposal(call, applicant, budget=budget, reference=reference)
    add_review(proposal, make_expert(), 4)
    decision = decision_set(actor=manager, proposal=proposal, outcome="funded", version=1, reason="On its own.")
    return Award.objects.get(decision=decision)


def test_award_page_and_endpoint_query_counts_do_not_grow_with_lines(client, call, applicant, manager):
    client.force_login(applicant)
    # Undecided, so the call stays open for the second decision.
    make_proposal(call, applicant, reference="P-0009")
    small = _funded_award(call, applicant, manager, [("staff", 1, "CNY", "100000")], "P-0001")
    one = (queries_for_get(client, f"/funding/awards/{small.pk}/"), queries_for_get(client, f"{API}/awards/{small.pk}"))
    lines = [("staff", 1, "CNY", "100000"), ("equipment", 1, "HKD", "50000"), ("staff", 2, "CNY", "90000")]
    large = _funded_award(call, applicant, manager, lines, "P-0002")

    three = (
        queries_for_get(client, f"/funding/awards/{large.pk}/"),
        queries_for_get(client, f"{API}/awards/{large.pk}"),
    )

    assert len(texts(client.get(f"/funding/awards/{large.pk}/").content, "award-line")) == 3
    assert len(client.get(f"{API}/awards/{large.pk}").json()["lines"]) == 3
    assert three == one
