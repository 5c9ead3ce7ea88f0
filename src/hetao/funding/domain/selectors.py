"""Reads of funding: who manages a call, the calibrated ranking of a call's proposals, budget pools and what a
proposal costs each of them, and the decisions, letters and awards a user may see.

Pools and costs. A call has one budget pool per funding park (``CallPark``), in that park's currency; what is
left of it is its budget less every award line already approved in that currency for the call. A proposal's
cost to a pool is the sum of its budget lines in the pool's currency. A line in any other currency (typically
the call's reference currency when that is no park's currency) is shared between the pools by their
``share_percent``: it is valued in the reference currency with the call's ``exchange_rates`` (units of the
reference currency per unit of the line's currency), split by share, converted into each pool's currency at
that pool's rate and rounded half up to the cent. The award keeps the split lines, so what a proposal costs
is exactly what its award approves.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import numpy as np
from django.db.models import Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from hetao.accounts.domain.selectors import has_role, has_zone_role
from hetao.accounts.enums import Role
from hetao.core.errors import FieldProblem, ValidationFailed
from hetao.engines.scoring import calibrate, rank_bootstrap
from hetao.evaluation.enums import AssignmentStatus, ReviewStatus
from hetao.evaluation.models import Review
from hetao.experts.models import Expert
from hetao.funding.models import Award, AwardLine, Decision, DecisionLetter, FundingRound
from hetao.programmes.enums import ProposalStatus
from hetao.programmes.models import BudgetLine, Call, CallPark, Proposal

MANAGER_ROLES = (Role.PROGRAMME_MANAGER, Role.PARK_ADMIN)
# Ridge prior on reviewer offsets: as if each reviewer had one more review exactly at their offset 0, so the
# offset of a reviewer with one or two reviews is shrunk toward zero rather than absorbing their whole score.
RIDGE = 1.0
BOOTSTRAP_ROUNDS = 1000
INTERVAL_LEVEL = 0.95
CENT = Decimal("0.01")
SHOWN = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED)
UNDECIDED = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW)


# --- Who ------------------------------------------------------------------------------------------------


def may_manage_call(user: Any, call: Call) -> bool:
    """Programme managers and park administrators of the zone, or of a park that funds the call."""
    if not getattr(user, "is_authenticated", False):
        return False
    if any(has_zone_role(user, role) for role in MANAGER_ROLES):
        return True
    park_ids = [cp.park_id for cp in call.parks.all()]
    return any(has_role(user, role, park_id=park_id) for role in MANAGER_ROLES for park_id in park_ids)


def calls_managed_by(user: Any) -> QuerySet[Call]:
    if not getattr(user, "is_authenticated", False):
        return Call.objects.none()
    if any(has_zone_role(user, role) for role in MANAGER_ROLES):
        return Call.objects.all()
    from hetao.accounts.domain.selectors import scoped_ids

    parks: set[int] = set()
    for role in MANAGER_ROLES:
        parks |= scoped_ids(user, role)[1]
    return Call.objects.filter(parks__park_id__in=parks).distinct()


def is_applicant(user: Any, proposal: Proposal) -> bool:
    """The proposal's author or a member of its team with an account."""
    if not getattr(user, "is_authenticated", False):
        return False
    if proposal.created_by_id == user.pk:
        return True
    return proposal.team.filter(person__user_id=user.pk).exists()


def proposals_of_applicant(user: Any) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return Proposal.objects.filter(Q(created_by_id=user.pk) | Q(team__person__user_id=user.pk)).distinct()


def may_see_decision(user: Any, proposal: Proposal) -> bool:
    return may_manage_call(user, proposal.call) or is_applicant(user, proposal)


def decisions_visible_to(user: Any) -> QuerySet[Decision]:
    """Decisions on the calls the user manages, and on the user's own proposals."""
    managed = calls_managed_by(user).values("pk")
    own = proposals_of_applicant(user).values("pk")
    return (
        Decision.objects.filter(Q(proposal__call__in=managed) | Q(proposal__in=own))
        .select_related("proposal", "proposal__call", "decided_by", "award")
        .order_by("proposal__call__code", "rank", "proposal__reference")
    )


def call_decisions(call: Call) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(proposal__call=call)
        .select_related("proposal", "decided_by", "round")
        .order_by("rank", "proposal__reference")
    )


def latest_letter(decision: Decision) -> DecisionLetter | None:
    return decision.letters.order_by("-issued_at", "-pk").first()


def award_lines(award: Award) -> QuerySet[AwardLine]:
    return award.lines.select_related("category").order_by("year", "category__order", "category__code", "currency")


def award_totals(lines: Iterable[AwardLine]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        totals[line.currency] += line.amount
    return dict(sorted(totals.items()))


def rounds_of(call: Call) -> QuerySet[FundingRound]:
    return (
        FundingRound.objects.filter(call=call)
        .select_related("created_by", "confirmed_by")
        .order_by("-created_at", "-pk")
    )


# --- Ranking --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewScoreRow:
    review_id: int
    proposal_id: int
    expert_id: int
    raw: float
    calibrated: float


@dataclass(frozen=True)
class ReviewerRow:
    expert: Expert
    reviews: int
    offset: float


@dataclass(frozen=True)
class RankedProposal:
    proposal: Proposal
    reviews: int
    raw_mean: float
    calibrated_mean: float
    rank: int
    low: int
    high: int
    group: int


@dataclass(frozen=True)
class Ranking:
    """A call's proposals ranked on calibrated scores, best first, with what the calibration found."""

    call: Call
    stage: int
    ranked: list[RankedProposal]
    unranked: list[Proposal]
    reviewers: list[ReviewerRow]
    reviews: list[ReviewScoreRow]
    groups: int
    ridge: float = RIDGE
    rounds: int = BOOTSTRAP_ROUNDS
    seed: int = 0
    level: float = INTERVAL_LEVEL
    by_proposal: dict[int, RankedProposal] = field(default_factory=dict)


def _review_stage(call: Call) -> int:
    stage = (
        Review.objects.filter(assignment__proposal__call=call, status=ReviewStatus.SUBMITTED)
        .aggregate(stage=Max("assignment__stage"))
        .get("stage")
    )
    return int(stage or 1)


def ranking_compute(call: Call, *, only: Iterable[int] | None = None, stage: int | None = None) -> Ranking:
    """Calibrate every submitted review of one review stage of the call (``stage``; by default the last stage
    that has any), then rank the proposals that have reviews in it (only those in ``only``, by id, when given)
    with bootstrap intervals.

    Deterministic: the bootstrap is seeded with the call's id, so the same reviews give the same ranking.
    """
    if stage is None:
        stage = _review_stage(call)
    proposals = list(
        Proposal.objects.filter(call=call, status__in=SHOWN).select_related("created_by").order_by("reference")
    )
    rows = list(
        Review.objects.filter(
            assignment__proposal__call=call,
            assignment__proposal__status__in=SHOWN,
            assignment__stage=stage,
            status=ReviewStatus.SUBMITTED,
            overall__isnull=False,
        )
        .exclude(assignment__status=AssignmentStatus.RELEASED)
        .order_by("pk")
        .values_list("pk", "assignment__proposal_id", "assignment__expert_id", "overall")
    )
    if not rows:
        return Ranking(call=call, stage=stage, ranked=[], unranked=proposals, reviewers=[], reviews=[], groups=0)
    proposal_index = {p.pk: i for i, p in enumerate(proposals)}
    expert_ids = sorted({row[2] for row in rows})
    expert_index = {pk: i for i, pk in enumerate(expert_ids)}
    p_idx = np.array([proposal_index[row[1]] for row in rows], dtype=np.int64)
    r_idx = np.array([expert_index[row[2]] for row in rows], dtype=np.int64)
    scores = np.array([float(row[3] or 0) for row in rows])
    fit = calibrate(p_idx, r_idx, scores, n_proposals=len(proposals), n_reviewers=len(expert_ids), ridge=RIDGE)

    wanted = set(only) if only is not None else None
    rankable = [i for i, p in enumerate(proposals) if fit.proposal_counts[i] > 0 and (wanted is None or p.pk in wanted)]
    ranked: list[RankedProposal] = []
    if rankable:
        local = {i: k for k, i in enumerate(rankable)}
        keep = np.isin(p_idx, rankable)
        boot = rank_bootstrap(
            np.array([local[int(i)] for i in p_idx[keep]], dtype=np.int64),
            fit.calibrated[keep],
            n_proposals=len(rankable),
            rounds=BOOTSTRAP_ROUNDS,
            seed=call.pk,
            level=INTERVAL_LEVEL,
        )
        for k in boot.order:
            i = rankable[int(k)]
            ranked.append(
                RankedProposal(
                    proposal=proposals[i],
                    reviews=int(fit.proposal_counts[i]),
                    raw_mean=float(fit.raw_mean[i]),
                    calibrated_mean=float(fit.calibrated_mean[i]),
                    rank=int(boot.rank[k]),
                    low=int(boot.low[k]),
                    high=int(boot.high[k]),
                    group=int(fit.proposal_group[i]),
                )
            )
    ranked_ids = {row.proposal.pk for row in ranked}
    # The ranking page names each reviewer, which reads their directory record.
    experts = Expert.objects.select_related("person").in_bulk(expert_ids)
    reviewers = [
        ReviewerRow(expert=experts[pk], reviews=int(fit.reviewer_counts[i]), offset=float(fit.offsets[i]))
        for i, pk in enumerate(expert_ids)
    ]
    reviewers.sort(key=lambda row: (-row.offset, row.expert.pk))
    reviews = [
        ReviewScoreRow(
            review_id=row[0],
            proposal_id=row[1],
            expert_id=row[2],
            raw=float(row[3] or 0),
            calibrated=float(fit.calibrated[n]),
        )
        for n, row in enumerate(rows)
    ]
    return Ranking(
        call=call,
        stage=stage,
        ranked=ranked,
        unranked=[p for p in proposals if p.pk not in ranked_ids],
        reviewers=reviewers,
        reviews=reviews,
        groups=fit.groups,
        seed=call.pk,
        by_proposal={row.proposal.pk: row for row in ranked},
    )


# --- Pools and costs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    call_park: CallPark
    currency: str
    budget: Decimal
    awarded: Decimal
    share: Decimal  # fraction of the call's awards

    @property
    def available(self) -> Decimal:
        return self.budget - self.awarded


def pools_for(call: Call) -> list[Pool]:
    """One pool per funding park, in park order, with what earlier awards of the call already took."""
    parks = list(call.parks.select_related("park").order_by("park__order", "park__code"))
    awarded = dict(
        AwardLine.objects.filter(award__proposal__call=call)
        .values("currency")
        .annotate(total=Sum("amount"))
        .values_list("currency", "total")
    )
    return [
        Pool(
            call_park=cp,
            currency=cp.currency,
            budget=cp.budget,
            awarded=awarded.get(cp.currency) or Decimal(0),
            share=cp.share_percent / 100,
        )
        for cp in parks
    ]


def rate_of(call: Call, currency: str) -> Decimal:
    """Units of the call's reference currency per unit of ``currency``; raises when the call has none."""
    if currency == call.reference_currency:
        return Decimal(1)
    raw = (call.exchange_rates or {}).get(currency)
    try:
        rate = Decimal(str(raw)) if raw is not None else None
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite() or rate <= 0:
        raise ValidationFailed(
            [
                FieldProblem(
                    field="exchange_rates",
                    code="missing_rate",
                    message=_("Call %(call)s has no exchange rate for %(currency)s into %(reference)s.")
                    % {"call": call.code, "currency": currency, "reference": call.reference_currency},
                )
            ]
        )
    return rate


AwardKey = tuple[int, int, str]  # (cost category id, year, currency)


def award_lines_for(call: Call, pools: Sequence[Pool], lines: Iterable[BudgetLine]) -> dict[AwardKey, Decimal]:
    """The approved budget a proposal's lines would make, per (category, year, currency), split as the module
    documentation says."""
    currencies = {pool.currency for pool in pools}
    approved: dict[AwardKey, Decimal] = defaultdict(Decimal)
    for line in lines:
        if line.currency in currencies:
            approved[(line.category_id, line.year, line.currency)] += line.amount
            continue
        value = line.amount * rate_of(call, line.currency)
        for pool in pools:
            part = (value * pool.share / rate_of(call, pool.currency)).quantize(CENT, rounding=ROUND_HALF_UP)
            if part > 0:
                approved[(line.category_id, line.year, pool.currency)] += part
    return dict(approved)


def costs_by_currency(approved: Mapping[AwardKey, Decimal]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (_category, _year, currency), amount in approved.items():
        totals[currency] += amount
    return dict(totals)


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def budget_lines_of(proposals: Iterable[Proposal]) -> dict[int, list[BudgetLine]]:
    grouped: dict[int, list[BudgetLine]] = defaultdict(list)
    ids = [p.pk for p in proposals]
    for line in BudgetLine.objects.filter(proposal_id__in=ids).order_by("proposal_id", "year", "pk"):
        grouped[line.proposal_id].append(line)
    return grouped


def digest(data: object) -> str:
    """SHA-256 of the canonical JSON of engine inputs (floats written as Python writes them, exactly)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def reviewer_comments(proposal: Proposal) -> list[str]:
    """The comments to the applicants of every submitted review, in a fixed order, without reviewers' names."""
    return [
        text.strip()
        for text in Review.objects.filter(assignment__proposal=proposal, status=ReviewStatus.SUBMITTED)
        .exclude(assignment__status=AssignmentStatus.RELEASED)
        .order_by("assignment__stage", "pk")
        .values_list("comments", flat=True)
        if text and text.strip()
    ]
