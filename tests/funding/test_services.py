"""Funding rounds and single decisions: propose, confirm into decisions, awards and letters, budgets that never
go negative, version checks, and the lottery replayed from the seed in the audit ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hetao.audit.domain.selectors import events_for_object, ledger_verify
from hetao.audit.models import AuditEvent
from hetao.core.errors import Conflict, DomainError, ValidationFailed
from hetao.funding.domain.selectors import pools_for
from hetao.funding.domain.services import (
    decision_set,
    funding_round_confirm,
    funding_round_propose,
    funding_round_replay,
)
from hetao.funding.models import Award, AwardLine, Decision, DecisionLetter, FundingRound
from hetao.programmes.models import Proposal
from tests.funding.factories import add_review, make_expert, make_funding_call, make_proposal, review_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_call(sz_park, hk_park):
    """Room for two proposals of 100,000 CNY + 100,000 HKD in Shenzhen's budget, plenty in Hong Kong's."""
    return make_funding_call(sz_park, hk_park, code="tight", sz_budget="250000", hk_budget="1000000")


def _reviewed(call, applicant, table, *, budget=None):
    proposals = [
        make_proposal(
            call,
            applicant,
            budget=budget or [("staff", 1, "CNY", "100000"), ("equipment", 1, "HKD", "100000")],
            reference=f"{call.code.upper()}-{n}",
        )
        for n in range(len(table))
    ]
    experts = [make_expert() for _ in range(len(table[0]))]
    review_all(proposals, experts, table)
    return proposals, experts


CLEAR = [[5.0, 5.0, 5.0], [4.0, 4.0, 4.0], [3.0, 3.0, 3.0], [2.0, 2.0, 2.0]]


def test_propose_rank_order_funds_down_to_the_budget_line(tight_call, applicant, manager):
    _reviewed(tight_call, applicant, CLEAR)

    funding_round = funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=False, seed=1)

    result = funding_round.result
    assert result["funded"] == ["TIGHT-0", "TIGHT-1"]
    assert result["funding_line"] == 2
    assert result["lottery"] == []
    assert [(p["currency"], p["spend"], p["left"]) for p in result["pools"]] == [
        ("CNY", "200000.00", "50000.00"),
        ("HKD", "200000.00", "800000.00"),
    ]
    assert (funding_round.status, funding_round.seed, funding_round.created_by) == ("draft", 1, manager)
    assert Decision.objects.count() == 0
    event = events_for_object(object_type="funding.fundinground", object_id=str(funding_round.pk)).get()
    assert (event.action, event.payload["seed"], event.payload["funded"]) == (
        "funding_round.propose",
        1,
        ["TIGHT-0", "TIGHT-1"],
    )


def test_propose_without_seed_draws_one_and_records_it(call, reviewed, manager):
    funding_round = funding_round_propose(actor=manager, call=call, method="rank_order", lottery=True)

    event = AuditEvent.objects.filter(action="funding_round.propose").get()
    assert 0 <= funding_round.seed < 2**63
    assert event.payload["seed"] == funding_round.seed


def test_optimise_beats_rank_order_when_a_large_proposal_blocks(sz_park, hk_park, applicant, manager):
    call = make_funding_call(sz_park, hk_park, code="blocky", sz_budget="200000", hk_budget="1000000")
    big = make_proposal(call, applicant, budget=[("staff", 1, "CNY", "150000")], reference="B-1")
    small = [make_proposal(call, applicant, budget=[("staff", 1, "CNY", "100000")], reference=f"B-{n}") for n in (2, 3)]
    experts = [make_expert() for _ in range(2)]
    review_all([big, *small], experts, [[5.0, 5.0], [4.0, 4.0], [3.5, 3.5]])

    ranked = funding_round_propose(actor=manager, call=call, method="rank_order", lottery=False, seed=1)
    optimal = funding_round_propose(actor=manager, call=call, method="optimise", lottery=False, seed=1)

    assert ranked.result["funded"] == ["B-1"]
    assert optimal.result["funded"] == ["B-2", "B-3"]
    assert optimal.result["total_score"] > ranked.result["total_score"]


def test_lottery_draws_among_proposals_whose_interval_crosses_the_line(tight_call, applicant, manager):
    # Proposals 1, 2 and 3 have the same spread of scores, so their intervals overlap around the line at 2.
    _reviewed(
        tight_call,
        applicant,
        [[5.0, 5.0, 5.0], [4.0, 1.0, 3.0], [1.0, 4.0, 3.0], [3.0, 3.0, 2.0], [0.5, 0.5, 0.5]],
    )

    funding_round = funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=True, seed=42)
    again = funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=True, seed=42)

    result = funding_round.result
    assert result["funding_line"] == 2
    assert "TIGHT-0" in result["funded"]
    assert set(result["lottery"]) == {"TIGHT-1", "TIGHT-2", "TIGHT-3"}
    assert sorted(result["draw_order"]) == sorted(result["lottery"])
    assert result["funded"] == ["TIGHT-0", result["draw_order"][0]] or set(result["funded"]) == {
        "TIGHT-0",
        result["draw_order"][0],
    }
    assert (again.result["draw_order"], again.result["funded"]) == (result["draw_order"], result["funded"])
    orders = {
        tuple(
            funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=True, seed=s).result[
                "draw_order"
            ]
        )
        for s in range(8)
    }
    assert len(orders) > 1


def test_confirm_writes_decisions_awards_letters_and_statuses(tight_call, applicant, manager):
    proposals, _ = _reviewed(tight_call, applicant, CLEAR)
    funding_round = funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=False, seed=1)

    confirmed = funding_round_confirm(actor=manager, funding_round=funding_round, version=funding_round.version)

    assert (confirmed.status, confirmed.confirmed_by, confirmed.version) == ("confirmed", manager, 2)
    statuses = dict(Proposal.objects.filter(call=tight_call).values_list("reference", "status"))
    assert statuses == {"TIGHT-0": "funded", "TIGHT-1": "funded", "TIGHT-2": "not_funded", "TIGHT-3": "not_funded"}
    decision = Decision.objects.get(proposal=proposals[0])
    assert (decision.outcome, decision.rank, decision.ranked_among, decision.round, decision.decided_by) == (
        "funded",
        1,
        4,
        confirmed,
        manager,
    )
    assert decision.calibrated_score == Decimal("5.0000")
    lines = sorted(AwardLine.objects.filter(award__proposal=proposals[0]).values_list("currency", "year", "amount"))
    assert lines == [("CNY", 1, Decimal("100000.00")), ("HKD", 1, Decimal("100000.00"))]
    assert Award.objects.count() == 2
    assert DecisionLetter.objects.count() == 4
    assert [p.available for p in pools_for(tight_call)] == [Decimal("50000.00"), Decimal("800000.00")]
    assert AuditEvent.objects.filter(action="proposal.record_outcome").count() == 4
    assert ledger_verify().ok


def test_confirm_twice_or_stale_is_refused(tight_call, applicant, manager):
    _reviewed(tight_call, applicant, CLEAR)
    funding_round = funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=False, seed=1)

    with pytest.raises(Conflict) as stale:
        funding_round_confirm(actor=manager, funding_round=funding_round, version=funding_round.version + 5)
    funding_round_confirm(actor=manager, funding_round=funding_round, version=1)
    with pytest.raises(Conflict) as twice:
        funding_round_confirm(actor=manager, funding_round=funding_round, version=2)

    assert (stale.value.code, twice.value.code) == ("stale_version", "already_confirmed")
    assert Decision.objects.count() == 4


def test_confirm_after_reviews_changed_is_refused_and_writes_nothing(tight_call, applicant, manager):
    proposals, _ = _reviewed(tight_call, applicant, CLEAR)
    funding_round = funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=False, seed=1)
    add_review(proposals[3], make_expert(), 5.0)

    with pytest.raises(Conflict) as raised:
        funding_round_confirm(actor=manager, funding_round=funding_round, version=funding_round.version)

    assert raised.value.code == "stale_round"
    assert (Decision.objects.count(), Award.objects.count(), FundingRound.objects.get().status) == (0, 0, "draft")


def test_confirm_after_a_single_decision_is_refused(tight_call, applicant, manager):
    proposals, _ = _reviewed(tight_call, applicant, CLEAR)
    funding_round = funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=False, seed=1)
    decision_set(
        actor=manager, proposal=proposals[3], outcome="not_funded", version=proposals[3].version, reason="Out of scope."
    )

    with pytest.raises(Conflict) as raised:
        funding_round_confirm(actor=manager, funding_round=funding_round, version=funding_round.version)

    assert raised.value.code == "already_decided"
    assert Decision.objects.count() == 1


def test_replay_recomputes_the_lottery_from_the_ledger_seed(tight_call, applicant, manager):
    _reviewed(
        tight_call,
        applicant,
        [[5.0, 5.0, 5.0], [4.0, 1.0, 3.0], [1.0, 4.0, 3.0], [3.0, 3.0, 2.0], [0.5, 0.5, 0.5]],
    )
    funding_round = funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=True, seed=7)
    confirmed = funding_round_confirm(actor=manager, funding_round=funding_round, version=1)

    assert funding_round_replay(confirmed) is True
    event = AuditEvent.objects.get(action="funding_round.confirm")
    assert (event.payload["seed"], event.payload["draw_order"]) == (7, confirmed.result["draw_order"])
    # Stored inputs that the ledger does not vouch for fail the replay.
    tampered = FundingRound.objects.get(pk=confirmed.pk)
    tampered.result["inputs"]["scores"][0] = 0.0
    assert funding_round_replay(tampered) is False
    # So does a different answer for the same inputs.
    other = FundingRound.objects.get(pk=confirmed.pk)
    other.result["inputs"]["budgets"] = [0, 0]
    assert funding_round_replay(other) is False


def test_drawn_decisions_record_the_lottery(tight_call, applicant, manager):
    _reviewed(
        tight_call,
        applicant,
        [[5.0, 5.0, 5.0], [4.0, 1.0, 3.0], [1.0, 4.0, 3.0], [3.0, 3.0, 2.0], [0.5, 0.5, 0.5]],
    )
    funding_round = funding_round_propose(actor=manager, call=tight_call, method="rank_order", lottery=True, seed=7)
    funding_round_confirm(actor=manager, funding_round=funding_round, version=1)

    drawn = Decision.objects.get(proposal__reference=funding_round.result["draw_order"][0])
    in_lottery = set(Decision.objects.filter(in_lottery=True).values_list("proposal__reference", flat=True))
    assert (drawn.outcome, drawn.in_lottery, drawn.lottery_drawn) == ("funded", True, True)
    assert in_lottery == set(funding_round.result["lottery"])


def test_propose_validates_every_option_at_once(call, reviewed, manager):
    with pytest.raises(ValidationFailed) as raised:
        funding_round_propose(actor=manager, call=call, method="greedy", lottery=False, seed=-1, on_misfit="maybe")

    assert sorted((p.field, p.code) for p in raised.value.problems) == [
        ("method", "unknown_method"),
        ("on_misfit", "unknown_rule"),
        ("seed", "invalid_seed"),
    ]
    assert FundingRound.objects.count() == 0


def test_propose_with_nothing_to_decide_is_refused(call, manager):
    with pytest.raises(DomainError) as raised:
        funding_round_propose(actor=manager, call=call, method="rank_order", lottery=False, seed=1)

    assert raised.value.code == "nothing_to_decide"


def test_reference_currency_lines_are_split_by_share(sz_park, hk_park, applicant, manager):
    # Reference currency USD, which is no park's currency: 10,000 USD = 70,000 CNY-worth... split 60/40.
    call = make_funding_call(
        sz_park,
        hk_park,
        code="usd",
        reference_currency="USD",
        exchange_rates={"CNY": "0.14", "HKD": "0.128"},
        shares=("60", "40"),
    )
    proposal = make_proposal(call, applicant, budget=[("staff", 1, "USD", "14000"), ("staff", 2, "CNY", "1000")])
    add_review(proposal, make_expert(), 4.0)

    funding_round = funding_round_propose(actor=manager, call=call, method="rank_order", lottery=False, seed=1)
    funding_round_confirm(actor=manager, funding_round=funding_round, version=1)

    lines = sorted(AwardLine.objects.values_list("year", "currency", "amount"))
    # 60% of 14,000 USD = 8,400 USD = 60,000 CNY; 40% = 5,600 USD = 43,750 HKD.
    assert lines == [(1, "CNY", Decimal("60000.00")), (1, "HKD", Decimal("43750.00")), (2, "CNY", Decimal("1000.00"))]
    assert funding_round.result["proposals"][0]["cost"] == {"CNY": "61000.00", "HKD": "43750.00"}


def test_missing_exchange_rate_is_reported(sz_park, hk_park, applicant, manager):
    call = make_funding_call(sz_park, hk_park, code="norate", reference_currency="USD", exchange_rates={})
    proposal = make_proposal(call, applicant, budget=[("staff", 1, "USD", "1000")])
    add_review(proposal, make_expert(), 4.0)

    with pytest.raises(ValidationFailed) as raised:
        funding_round_propose(actor=manager, call=call, method="rank_order", lottery=False, seed=1)

    assert [(p.field, p.code) for p in raised.value.problems] == [("exchange_rates", "missing_rate")]


def test_decision_set_funds_one_proposal_with_its_award(call, reviewed, manager):
    proposals, _ = reviewed
    proposal = proposals[1]

    decision = decision_set(
        actor=manager, proposal=proposal, outcome="funded", version=proposal.version, reason="Strategic priority."
    )

    proposal.refresh_from_db()
    assert (proposal.status, proposal.version) == ("funded", 2)
    assert (decision.outcome, decision.rank, decision.reason, decision.round) == (
        "funded",
        2,
        "Strategic priority.",
        None,
    )
    assert sorted(decision.award.lines.values_list("currency", "amount")) == [
        ("CNY", Decimal("100000.00")),
        ("HKD", Decimal("100000.00")),
    ]
    assert AuditEvent.objects.filter(action="funding_decision.set").count() == 1


def test_decision_set_twice_or_stale_is_refused(call, reviewed, manager):
    proposals, _ = reviewed
    read_version = proposals[0].version
    decision_set(actor=manager, proposal=proposals[0], outcome="not_funded", version=read_version, reason="Scope.")

    with pytest.raises(Conflict) as twice:
        decision_set(actor=manager, proposal=proposals[0], outcome="funded", version=read_version, reason="Scope.")
    with pytest.raises(Conflict) as stale:
        decision_set(actor=manager, proposal=proposals[1], outcome="funded", version=read_version + 3, reason="x")

    assert (twice.value.code, stale.value.code) == ("already_decided", "stale_version")
    assert Decision.objects.count() == 1


def test_decision_set_never_overdraws_a_budget(sz_park, hk_park, applicant, manager):
    call = make_funding_call(sz_park, hk_park, code="small", sz_budget="150000")
    first = make_proposal(call, applicant)
    second = make_proposal(call, applicant)
    decision_set(actor=manager, proposal=first, outcome="funded", version=first.version, reason="Priority.")

    with pytest.raises(DomainError) as raised:
        decision_set(actor=manager, proposal=second, outcome="funded", version=second.version, reason="Priority.")

    assert (raised.value.code, raised.value.field) == ("over_budget", "outcome")
    assert [p.available for p in pools_for(call)] == [Decimal("50000.00"), Decimal("1000000")]
    second.refresh_from_db()
    assert (second.status, Decision.objects.count()) == ("in_review", 1)


def test_decision_set_requires_a_reason_and_a_known_outcome(call, reviewed, manager):
    proposal = reviewed[0][0]

    with pytest.raises(ValidationFailed) as raised:
        decision_set(actor=manager, proposal=proposal, outcome="maybe", version=proposal.version, reason="  ")

    assert sorted((p.field, p.code) for p in raised.value.problems) == [
        ("outcome", "unknown_outcome"),
        ("reason", "required"),
    ]


def test_decision_set_on_a_draft_is_refused(call, applicant, manager):
    draft = make_proposal(call, applicant, status="draft")

    with pytest.raises(DomainError) as raised:
        decision_set(actor=manager, proposal=draft, outcome="funded", version=draft.version, reason="x")

    assert raised.value.code == "not_decidable"
    assert Decision.objects.count() == 0
