"""The funding endpoints: ranking, rounds (propose, confirm, replay), decisions, letters, awards; who may see
what; query counts."""

from __future__ import annotations

import pytest

from hetao.funding.models import Decision
from tests.factories.api import bearer, json_post, make_token, queries_for_get
from tests.factories.people import make_user, make_user_with_role
from tests.funding.factories import add_review, make_expert, make_proposal

pytestmark = pytest.mark.django_db

BASE = "/api/funding"


def test_ranking_endpoint_gives_raw_calibrated_offsets_and_intervals(client, call, reviewed, manager):
    client.force_login(manager)

    response = client.get(f"{BASE}/calls/{call.pk}/ranking")

    assert response.status_code == 200
    body = response.json()
    assert [row["reference"] for row in body["ranked"]] == ["P-0001", "P-0002", "P-0003", "P-0004"]
    assert body["ranked"][1]["raw_mean"] == pytest.approx(4.5)
    assert body["ranked"][1]["calibrated_mean"] < 4.5
    assert all(row["rank_low"] <= row["rank"] <= row["rank_high"] for row in body["ranked"])
    assert len(body["reviewers"]) == 3
    assert len(body["reviews"]) == 9
    assert (body["bootstrap_rounds"], body["interval_level"]) == (1000, 0.95)


def test_ranking_is_hidden_from_anyone_but_managers(client, call, reviewed, applicant):
    client.force_login(applicant)

    assert client.get(f"{BASE}/calls/{call.pk}/ranking").status_code == 404


def test_park_manager_of_a_funding_park_may_rank(client, call, reviewed, sz_park):
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))

    assert client.get(f"{BASE}/calls/{call.pk}/ranking").status_code == 200


def test_propose_confirm_and_replay_through_the_api(client, call, reviewed, manager):
    headers = bearer(make_token(manager))

    proposed = json_post(
        client, f"{BASE}/calls/{call.pk}/rounds", {"method": "rank_order", "lottery": True, "seed": 99}, headers=headers
    )
    round_id = proposed.json()["id"]
    confirmed = json_post(client, f"{BASE}/rounds/{round_id}/confirm", {"version": 1}, headers=headers)
    again = json_post(client, f"{BASE}/rounds/{round_id}/confirm", {"version": 2}, headers=headers)
    replay = client.get(f"{BASE}/rounds/{round_id}/replay", headers=headers)

    assert proposed.status_code == 201
    assert (proposed.json()["seed"], proposed.json()["status"]) == (99, "draft")
    assert proposed.json()["funded"] == ["P-0001", "P-0002", "P-0003", "P-0004"]
    assert (confirmed.status_code, confirmed.json()["status"], confirmed.json()["version"]) == (200, "confirmed", 2)
    assert (again.status_code, again.json()["code"]) == (409, "already_confirmed")
    assert replay.json() == {"round": round_id, "replayed": True}
    assert Decision.objects.count() == 4


def test_propose_with_a_read_token_is_refused(client, call, reviewed, manager):
    headers = bearer(make_token(manager, scopes=["read"]))

    response = json_post(client, f"{BASE}/calls/{call.pk}/rounds", {"method": "rank_order"}, headers=headers)

    assert response.status_code == 403


def test_propose_with_an_unknown_method_is_422(client, call, reviewed, manager):
    client.force_login(manager)

    response = json_post(client, f"{BASE}/calls/{call.pk}/rounds", {"method": "greedy"})

    assert response.status_code == 422


def test_single_decision_through_the_api_and_the_stale_second(client, call, reviewed, manager):
    proposals, _ = reviewed
    client.force_login(manager)
    url = f"{BASE}/proposals/{proposals[2].pk}/decision"
    payload = {"outcome": "funded", "version": proposals[2].version, "reason": "Priority area."}

    first = json_post(client, url, payload)
    second = json_post(client, url, payload)

    assert first.status_code == 201
    assert (first.json()["outcome"], first.json()["reference"], first.json()["rank"]) == ("funded", "P-0003", 3)
    assert (second.status_code, second.json()["code"]) == (409, "already_decided")


def test_applicant_reads_own_letter_and_award_but_not_anothers(client, call, reviewed, manager, applicant):
    proposals, _ = reviewed
    other_user = make_user()
    other = make_proposal(call, other_user, reference="P-0050")
    add_review(other, make_expert(), 1.0)
    client.force_login(manager)
    json_post(client, f"{BASE}/calls/{call.pk}/rounds", {"method": "rank_order", "seed": 1})
    round_id = client.get(f"{BASE}/calls/{call.pk}/decisions").json()  # nothing decided yet
    assert round_id["count"] == 0
    from hetao.funding.models import FundingRound

    json_post(client, f"{BASE}/rounds/{FundingRound.objects.get().pk}/confirm", {"version": 1})
    own = Decision.objects.get(proposal=proposals[0])
    foreign = Decision.objects.get(proposal=other)
    client.force_login(applicant)

    letter = client.get(f"{BASE}/decisions/{own.pk}/letter")
    award = client.get(f"{BASE}/awards/{own.award.pk}")
    hidden = client.get(f"{BASE}/decisions/{foreign.pk}/letter")

    assert letter.status_code == 200
    assert letter.json()["subject"] == "Proposal P-0001 to call joint-2026: funded"
    assert (award.status_code, award.json()["totals"]) == (200, {"CNY": "100000.00", "HKD": "100000.00"})
    assert hidden.status_code == 404


def test_decisions_list_query_count_does_not_grow(client, call, reviewed, manager):
    proposals, _ = reviewed
    client.force_login(manager)
    json_post(
        client,
        f"{BASE}/proposals/{proposals[0].pk}/decision",
        {"outcome": "funded", "version": 1, "reason": "Priority."},
    )
    one = queries_for_get(client, f"{BASE}/calls/{call.pk}/decisions")
    for proposal in proposals[1:]:
        json_post(
            client,
            f"{BASE}/proposals/{proposal.pk}/decision",
            {"outcome": "not_funded", "version": 1, "reason": "Lower priority."},
        )

    three = queries_for_get(client, f"{BASE}/calls/{call.pk}/decisions")

    assert one == three
