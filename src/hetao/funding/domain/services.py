"""Every change to funding: proposing a funding round with the scoring engine, confirming it into decisions,
awards and letters, and single decisions by a manager. Each service validates first, writes in one
transaction that locks the call row (so that two deciders are serialised and no pool goes below zero) and
appends its event to the audit ledger. A lottery's seed is in the ledger, so :func:`funding_round_replay`
can redo the draw from it."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hetao.audit.domain.selectors import events_for_object
from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError, ProblemCollector
from hetao.core.i18n import format_money, language_key
from hetao.engines.scoring import FundingProblem, FundingResult, fund_lottery, fund_optimal, fund_rank_order
from hetao.funding.domain.selectors import (
    CENT,
    UNDECIDED,
    AwardKey,
    Pool,
    award_lines_for,
    budget_lines_of,
    cents,
    costs_by_currency,
    digest,
    pools_for,
    ranking_compute,
    rate_of,
    reviewer_comments,
)
from hetao.funding.enums import FundingMethod, OnMisfit, Outcome, RoundStatus
from hetao.funding.models import Award, AwardLine, Decision, DecisionLetter, FundingRound
from hetao.programmes.domain.outcomes import call_close_if_decided, proposal_record_outcome
from hetao.programmes.models import Call, Proposal

SEED_BITS = 63
LETTER_LANGUAGES = ("en", "zh-hans", "zh-hant")


def _user(actor: object | None) -> Any:
    return actor if getattr(actor, "pk", None) is not None and hasattr(actor, "get_username") else None


# --- Computing a round ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Computed:
    inputs: dict[str, Any]
    result: dict[str, Any]
    outcome: FundingResult


def _inputs(call: Call, pools: Sequence[Pool]) -> tuple[dict[str, Any], dict[int, dict[AwardKey, Decimal]]]:
    """The engine's inputs for the call now: the undecided proposals with reviews, ranked among themselves
    (so that their intervals refer to the line the budgets draw), their costs and what is left in each pool."""
    undecided = Proposal.objects.filter(call=call, status__in=UNDECIDED, decision__isnull=True).values_list(
        "pk", flat=True
    )
    rows = ranking_compute(call, only=list(undecided)).ranked
    lines = budget_lines_of([row.proposal for row in rows])
    approved = {row.proposal.pk: award_lines_for(call, pools, lines.get(row.proposal.pk, [])) for row in rows}
    costs = []
    for row in rows:
        by_currency = costs_by_currency(approved[row.proposal.pk])
        costs.append([cents(by_currency.get(pool.currency, Decimal(0))) for pool in pools])
    inputs: dict[str, Any] = {
        "proposals": [row.proposal.pk for row in rows],
        "references": [row.proposal.reference for row in rows],
        "scores": [row.calibrated_mean for row in rows],
        "raw": [row.raw_mean for row in rows],
        "low": [row.low for row in rows],
        "high": [row.high for row in rows],
        "rank": [row.rank for row in rows],
        "costs": costs,
        "currencies": [pool.currency for pool in pools],
        "budgets": [cents(pool.available) for pool in pools],
        # Units of the reference currency per unit of each pool's currency, for share constraints.
        "rates": [str(rate_of(call, pool.currency)) for pool in pools],
        "shares": [str(pool.share) for pool in pools],
    }
    return inputs, approved


def _run_engine(inputs: dict[str, Any], parameters: dict[str, Any], seed: int) -> FundingResult:
    n = len(inputs["proposals"])
    n_pools = len(inputs["budgets"])
    problem = FundingProblem(
        scores=np.array(inputs["scores"], dtype=np.float64),
        costs=np.array(inputs["costs"], dtype=np.int64).reshape(n, n_pools),
        budgets=np.array(inputs["budgets"], dtype=np.int64),
        rates=np.array([float(Decimal(r)) for r in inputs["rates"]]),
    )
    order = np.arange(n, dtype=np.int64)  # the inputs are already best first
    share_min = share_max = None
    tolerance = parameters.get("share_tolerance")
    if tolerance is not None:
        shares = np.array([float(Decimal(s)) for s in inputs["shares"]])
        share_min = np.clip(shares - float(Decimal(tolerance)) / 100, 0.0, 1.0)
        share_max = np.clip(shares + float(Decimal(tolerance)) / 100, 0.0, 1.0)
    method = parameters["method"]
    if parameters["lottery"]:
        return fund_lottery(
            problem,
            low=np.array(inputs["low"], dtype=np.int64),
            high=np.array(inputs["high"], dtype=np.int64),
            seed=seed,
            order=order,
            base=method,
            on_misfit=parameters["on_misfit"],
            share_min=share_min,
            share_max=share_max,
        )
    if method == FundingMethod.OPTIMISE:
        return fund_optimal(problem, order=order, share_min=share_min, share_max=share_max)
    return fund_rank_order(problem, order=order, on_misfit=parameters["on_misfit"])


def _outcome_summary(inputs: dict[str, Any], outcome: FundingResult) -> dict[str, Any]:
    """What the ledger keeps of a round's answer: proposals by reference, spend in decimal strings."""
    refs = inputs["references"]
    return {
        "funded": [refs[i] for i in outcome.funded_indices],
        "lottery": [refs[int(i)] for i in outcome.lottery],
        "draw_order": [refs[int(i)] for i in outcome.draw_order],
        "funding_line": outcome.funding_line,
    }


def _compute(call: Call, parameters: dict[str, Any], seed: int) -> _Computed:
    pools = pools_for(call)
    inputs, approved = _inputs(call, pools)
    outcome = _run_engine(inputs, parameters, seed)
    refs = inputs["references"]
    lottery = {int(i) for i in outcome.lottery}
    drawn = {int(i) for i in outcome.drawn}
    proposals = []
    for i, pk in enumerate(inputs["proposals"]):
        by_currency = costs_by_currency(approved[pk])
        proposals.append(
            {
                "id": pk,
                "reference": refs[i],
                "raw": inputs["raw"][i],
                "calibrated": inputs["scores"][i],
                "rank": inputs["rank"][i],
                "low": inputs["low"][i],
                "high": inputs["high"][i],
                "cost": {cur: str(amount) for cur, amount in sorted(by_currency.items())},
                "funded": bool(outcome.funded[i]),
                "in_lottery": i in lottery,
                "drawn": i in drawn,
                "above_line": i < outcome.funding_line,
            }
        )
    spend = [(Decimal(int(c)) / 100).quantize(CENT) for c in outcome.spend]
    result = {
        "inputs": inputs,
        "inputs_digest": digest(inputs),
        "proposals": proposals,
        "pools": [
            {
                "park": pool.call_park.park.code,
                "currency": pool.currency,
                "budget": str(pool.budget.quantize(CENT)),
                "awarded_before": str(pool.awarded.quantize(CENT)),
                "available": str(pool.available.quantize(CENT)),
                "spend": str(spend[k]),
                "left": str((pool.available - spend[k]).quantize(CENT)),
            }
            for k, pool in enumerate(pools)
        ],
        "total_score": outcome.total_score,
        "skipped": [refs[int(i)] for i in outcome.skipped],
        **_outcome_summary(inputs, outcome),
    }
    return _Computed(inputs=inputs, result=result, outcome=outcome)


def _parameters(
    *, method: str, lottery: bool, on_misfit: str, share_tolerance: Decimal | None, collector: ProblemCollector
) -> dict[str, Any]:
    if method not in FundingMethod.values:
        collector.add("method", "unknown_method", _("Unknown funding method %(method)s.") % {"method": method})
    if on_misfit not in OnMisfit.values:
        collector.add("on_misfit", "unknown_rule", _("Unknown rule %(rule)s.") % {"rule": on_misfit})
    if share_tolerance is not None and not (Decimal(0) <= share_tolerance <= Decimal(100)):
        collector.add(
            "share_tolerance", "out_of_range", _("The share tolerance must be between 0 and 100 percentage points.")
        )
    if share_tolerance is not None and method != FundingMethod.OPTIMISE:
        collector.add(
            "share_tolerance",
            "needs_optimise",
            _("Park shares can only be kept by the method that maximises the total score."),
        )
    return {
        "method": method,
        "lottery": bool(lottery),
        "on_misfit": on_misfit,
        "share_tolerance": str(share_tolerance) if share_tolerance is not None else None,
    }


def funding_round_propose(
    *,
    actor: object | None,
    call: Call,
    method: str,
    lottery: bool,
    seed: int | None = None,
    on_misfit: str = OnMisfit.STOP,
    share_tolerance: Decimal | None = None,
) -> FundingRound:
    """Compute a funding round for the call's undecided ranked proposals and keep it as a draft.

    ``seed`` (for the lottery) is drawn with ``secrets`` when not given; either way it is recorded on the
    round and in the ledger. ``share_tolerance`` (percentage points; optimise only) keeps each park's share
    of the value awarded within that distance of its ``share_percent``.
    """
    collector = ProblemCollector()
    parameters = _parameters(
        method=method, lottery=lottery, on_misfit=on_misfit, share_tolerance=share_tolerance, collector=collector
    )
    if seed is None:
        seed = secrets.randbits(SEED_BITS)
    elif isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**SEED_BITS:
        collector.add("seed", "invalid_seed", _("The seed must be a whole number from 0 to 2^63 - 1."))
    if not call.parks.exists():
        collector.add(None, "no_parks", _("The call has no funding parks, so there is no budget to fund from."))
    collector.raise_if_any()
    computed = _compute(call, parameters, seed)
    if not computed.inputs["proposals"]:
        raise DomainError("nothing_to_decide", _("No proposal of this call has reviews and is still undecided."))
    with transaction.atomic():
        funding_round = FundingRound(
            call=call,
            method=method,
            lottery=bool(lottery),
            seed=seed,
            parameters=parameters,
            result=computed.result,
            created_by=_user(actor),
        )
        funding_round.full_clean(exclude=["created_by"])
        funding_round.save()
        audit_append(
            actor=actor,
            action="funding_round.propose",
            obj=funding_round,
            payload={
                "call": call.code,
                "seed": seed,
                "parameters": parameters,
                "inputs_digest": computed.result["inputs_digest"],
                **_outcome_summary(computed.inputs, computed.outcome),
            },
        )
    return funding_round


# --- Confirming -----------------------------------------------------------------------------------------


def _lock_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def _render_letter(decision: Decision, approved: dict[AwardKey, Decimal] | None) -> tuple[str, str, str]:
    proposal = decision.proposal
    language = language_key(proposal.language)
    comments = reviewer_comments(proposal)
    with translation.override(language):
        categories = {c.pk: c for c in proposal.call.cost_categories.all()}
        totals = costs_by_currency(approved or {})
        context = {
            "decision": decision,
            "proposal": proposal,
            "call": proposal.call,
            "funded": decision.outcome == Outcome.FUNDED,
            "totals": [format_money(amount, cur, language) for cur, amount in sorted(totals.items())],
            "lines": [
                {
                    "year": year,
                    "category": categories[category_id].name,
                    "amount": format_money(amount, currency, language),
                }
                for (category_id, year, currency), amount in sorted(
                    (approved or {}).items(), key=lambda item: (item[0][1], categories[item[0][0]].order, item[0][2])
                )
            ],
            "comments": [{"number": n, "text": text} for n, text in enumerate(comments, start=1)],
        }
        subject = " ".join(render_to_string("funding/letters/subject.txt", context).split())
        body = render_to_string("funding/letters/body.txt", context).strip() + "\n"
    return language, subject, body


def _decide(
    *,
    actor: object | None,
    proposal: Proposal,
    outcome: str,
    funding_round: FundingRound | None,
    row: dict[str, Any] | None,
    approved: dict[AwardKey, Decimal] | None,
    ranked_among: int | None,
    reason: str = "",
) -> Decision:
    """Write one decision with its award, letter and the proposal's new status (inside the caller's lock)."""
    now = timezone.now()
    decision = Decision(
        proposal=proposal,
        round=funding_round,
        outcome=outcome,
        rank=row["rank"] if row else None,
        rank_low=row["low"] if row else None,
        rank_high=row["high"] if row else None,
        ranked_among=ranked_among,
        raw_score=Decimal(repr(row["raw"])).quantize(Decimal("0.0001")) if row else None,
        calibrated_score=Decimal(repr(row["calibrated"])).quantize(Decimal("0.0001")) if row else None,
        in_lottery=bool(row and row.get("in_lottery")),
        lottery_drawn=bool(row and row.get("drawn")),
        reason=reason,
        decided_by=_user(actor),
        decided_at=now,
    )
    decision.full_clean(exclude=["decided_by", "proposal", "round"])
    decision.save()
    proposal_record_outcome(actor=actor, proposal=proposal, funded=outcome == Outcome.FUNDED)
    if outcome == Outcome.FUNDED:
        award = Award.objects.create(proposal=proposal, decision=decision, approved_at=now)
        AwardLine.objects.bulk_create(
            AwardLine(award=award, category_id=category_id, year=year, currency=currency, amount=amount)
            for (category_id, year, currency), amount in sorted((approved or {}).items())
        )
    language, subject, body = _render_letter(decision, approved if outcome == Outcome.FUNDED else None)
    DecisionLetter.objects.create(decision=decision, language=language, subject=subject[:300], body=body, issued_at=now)
    return decision


def funding_round_confirm(*, actor: object | None, funding_round: FundingRound, version: int) -> FundingRound:
    """Turn a proposed round into decisions, awards and letters, all at once or not at all.

    Refused with Conflict when the round is confirmed already (``already_confirmed``), was read at another
    version (``stale_version``), a proposal in it was decided meanwhile (``already_decided``), or reviews,
    budgets or costs changed since it was proposed (``stale_round``: propose again).
    """
    with transaction.atomic():
        call = _lock_call(funding_round.call)
        current = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
        if current.status == RoundStatus.CONFIRMED:
            raise Conflict("already_confirmed", _("This funding round has already been confirmed."))
        if current.version != version:
            raise Conflict("stale_version", _("The funding round has changed since you read it; reload it."))
        stored = current.result
        rows = stored["proposals"]
        decided = list(
            Decision.objects.filter(proposal_id__in=[r["id"] for r in rows]).values_list(
                "proposal__reference", flat=True
            )
        )
        if decided:
            raise Conflict(
                "already_decided",
                _("Proposal %(reference)s has been decided since this round was proposed.")
                % {"reference": sorted(decided)[0]},
            )
        pools = pools_for(call)
        inputs, approved = _inputs(call, pools)
        if digest(inputs) != stored["inputs_digest"]:
            raise Conflict(
                "stale_round",
                _("Reviews, budgets or costs have changed since this round was proposed; propose it again."),
            )
        proposals = Proposal.objects.in_bulk([r["id"] for r in rows])
        for row in rows:
            proposal = proposals[row["id"]]
            _decide(
                actor=actor,
                proposal=proposal,
                outcome=Outcome.FUNDED if row["funded"] else Outcome.NOT_FUNDED,
                funding_round=current,
                row=row,
                approved=approved[proposal.pk],
                ranked_among=len(rows),
            )
        _check_pools(call)
        call_close_if_decided(actor=actor, call_id=call.pk)
        current.status = RoundStatus.CONFIRMED
        current.confirmed_by = _user(actor)
        current.confirmed_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "confirmed_by", "confirmed_at", "version", "updated_at"])
        audit_append(
            actor=actor,
            action="funding_round.confirm",
            obj=current,
            payload={
                "call": call.code,
                "seed": current.seed,
                "parameters": current.parameters,
                "inputs_digest": stored["inputs_digest"],
                "spend": {pool["currency"]: Decimal(pool["spend"]) for pool in stored["pools"]},
                **{key: stored[key] for key in ("funded", "lottery", "draw_order", "funding_line")},
            },
        )
    return current


def _check_pools(call: Call) -> None:
    """The last guard: no pool of the call is spent beyond its budget (the transaction rolls back if so)."""
    for pool in pools_for(call):
        if pool.available < 0:
            raise DomainError(
                "over_budget",
                _("The %(currency)s budget of the call would be exceeded.") % {"currency": pool.currency},
            )


def funding_round_replay(funding_round: FundingRound) -> bool:
    """Recompute the round from the seed and answer recorded in the audit ledger: True when the stored inputs
    are the ones the ledger vouches for and, run again with the ledger's seed, give the same answer."""
    event = (
        events_for_object(object_type=FundingRound._meta.label_lower, object_id=str(funding_round.pk))
        .filter(action__in=("funding_round.propose", "funding_round.confirm"))
        .order_by("-sequence")
        .first()
    )
    if event is None:
        return False
    payload = event.payload
    inputs = funding_round.result.get("inputs")
    if not isinstance(inputs, dict) or digest(inputs) != payload.get("inputs_digest"):
        return False
    outcome = _run_engine(inputs, payload["parameters"], int(payload["seed"]))
    replayed = _outcome_summary(inputs, outcome)
    return all(replayed[key] == payload.get(key) for key in ("funded", "lottery", "draw_order", "funding_line"))


# --- Single decisions -----------------------------------------------------------------------------------


def decision_set(*, actor: object | None, proposal: Proposal, outcome: str, version: int, reason: str) -> Decision:
    """A manager's decision on one proposal, taken on its version as last read.

    Conflict ``already_decided`` when it has a decision already; ``stale_version`` when it changed since
    ``version``; DomainError ``over_budget`` when funding it would overdraw a pool.
    """
    collector = ProblemCollector()
    if outcome not in Outcome.values:
        collector.add("outcome", "unknown_outcome", _("Unknown outcome %(outcome)s.") % {"outcome": outcome})
    reason = reason.strip()
    if not reason:
        collector.add("reason", "required", _("Give the reason for deciding this proposal on its own."))
    collector.raise_if_any()
    ranking = ranking_compute(proposal.call)
    ranked = ranking.by_proposal.get(proposal.pk)
    row = (
        {
            "rank": ranked.rank,
            "low": ranked.low,
            "high": ranked.high,
            "raw": ranked.raw_mean,
            "calibrated": ranked.calibrated_mean,
        }
        if ranked
        else None
    )
    with transaction.atomic():
        call = _lock_call(proposal.call)
        current = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
        if Decision.objects.filter(proposal=current).exists():
            raise Conflict(
                "already_decided",
                _("Proposal %(reference)s has already been decided.") % {"reference": current.reference},
            )
        if current.version != version:
            raise Conflict(
                "stale_version",
                _("Proposal %(reference)s has changed since you read it; reload it.")
                % {"reference": current.reference},
            )
        pools = pools_for(call)
        approved = award_lines_for(call, pools, budget_lines_of([current]).get(current.pk, []))
        if outcome == Outcome.FUNDED:
            cost = costs_by_currency(approved)
            for pool in pools:
                if cost.get(pool.currency, Decimal(0)) > pool.available:
                    raise DomainError(
                        "over_budget",
                        _("Funding %(reference)s needs %(cost)s but only %(left)s is left in the %(currency)s budget.")
                        % {
                            "reference": current.reference,
                            "cost": format_money(cost[pool.currency], pool.currency),
                            "left": format_money(pool.available, pool.currency),
                            "currency": pool.currency,
                        },
                        field="outcome",
                    )
        decision = _decide(
            actor=actor,
            proposal=current,
            outcome=outcome,
            funding_round=None,
            row=row,
            approved=approved,
            ranked_among=len(ranking.ranked) if ranked else None,
            reason=reason,
        )
        _check_pools(call)
        call_close_if_decided(actor=actor, call_id=call.pk)
        audit_append(
            actor=actor,
            action="funding_decision.set",
            obj=decision,
            payload={
                "reference": current.reference,
                "outcome": outcome,
                "reason": reason,
                "award": dict(sorted(costs_by_currency(approved).items())) if outcome == Outcome.FUNDED else {},
            },
        )
    return decision
