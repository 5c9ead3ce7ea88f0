"""What the funding API reads and writes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from hetao.core.api import PageOut
from hetao.funding.domain.selectors import Ranking, award_lines, award_totals, latest_letter
from hetao.funding.enums import FundingMethod, OnMisfit, Outcome
from hetao.funding.models import Award, Decision, DecisionLetter, FundingRound


class RankedOut(Schema):
    proposal: int
    reference: str
    reviews: int
    raw_mean: float
    calibrated_mean: float
    rank: int
    rank_low: int = Field(description="Best rank in the interval (1 = best)")
    rank_high: int = Field(description="Worst rank in the interval")


class ReviewerOffsetOut(Schema):
    expert: int
    reviews: int
    offset: float = Field(description="Positive: scores higher than the others; taken off their scores")


class ReviewScoreOut(Schema):
    review: int
    proposal: int
    expert: int
    raw: float
    calibrated: float


class RankingOut(Schema):
    call: str
    stage: int
    ridge: float
    bootstrap_rounds: int
    interval_level: float
    groups: int = Field(description="Groups of reviewers linked by shared proposals; offsets compare within one")
    ranked: list[RankedOut]
    unranked: list[str] = Field(description="References of proposals without submitted reviews")
    reviewers: list[ReviewerOffsetOut]
    reviews: list[ReviewScoreOut]

    @classmethod
    def of(cls, ranking: Ranking) -> RankingOut:
        return cls(
            call=ranking.call.code,
            stage=ranking.stage,
            ridge=ranking.ridge,
            bootstrap_rounds=ranking.rounds,
            interval_level=ranking.level,
            groups=ranking.groups,
            ranked=[
                RankedOut(
                    proposal=row.proposal.pk,
                    reference=row.proposal.reference,
                    reviews=row.reviews,
                    raw_mean=row.raw_mean,
                    calibrated_mean=row.calibrated_mean,
                    rank=row.rank,
                    rank_low=row.low,
                    rank_high=row.high,
                )
                for row in ranking.ranked
            ],
            unranked=[p.reference for p in ranking.unranked],
            reviewers=[
                ReviewerOffsetOut(expert=row.expert.pk, reviews=row.reviews, offset=row.offset)
                for row in ranking.reviewers
            ],
            reviews=[
                ReviewScoreOut(
                    review=r.review_id, proposal=r.proposal_id, expert=r.expert_id, raw=r.raw, calibrated=r.calibrated
                )
                for r in ranking.reviews
            ],
        )


class RoundIn(Schema):
    method: FundingMethod
    lottery: bool = False
    seed: int | None = Field(None, ge=0, description="For the lottery; drawn at random and recorded when omitted")
    on_misfit: OnMisfit = OnMisfit.STOP
    share_tolerance: Decimal | None = Field(
        None, description="Optimise only: keep each park's share within this many percentage points"
    )


class PoolOut(Schema):
    park: str
    currency: str
    budget: Decimal
    available: Decimal
    spend: Decimal
    left: Decimal


class RoundProposalOut(Schema):
    id: int
    reference: str
    raw: float
    calibrated: float
    rank: int
    low: int
    high: int
    cost: dict[str, Decimal]
    funded: bool
    in_lottery: bool
    drawn: bool


class RoundOut(Schema):
    id: int
    call: str
    method: FundingMethod
    lottery: bool
    seed: int
    parameters: dict[str, Any]
    status: str
    version: int
    funding_line: int = Field(description="How many proposals of the ranking lie above the line")
    funded: list[str]
    lottery_entrants: list[str]
    draw_order: list[str]
    pools: list[PoolOut]
    proposals: list[RoundProposalOut]
    created_at: datetime
    confirmed_at: datetime | None

    @classmethod
    def of(cls, funding_round: FundingRound) -> RoundOut:
        result = funding_round.result
        return cls(
            id=funding_round.pk,
            call=funding_round.call.code,
            method=FundingMethod(funding_round.method),
            lottery=funding_round.lottery,
            seed=funding_round.seed,
            parameters=funding_round.parameters,
            status=funding_round.status,
            version=funding_round.version,
            funding_line=result["funding_line"],
            funded=result["funded"],
            lottery_entrants=result["lottery"],
            draw_order=result["draw_order"],
            pools=[PoolOut(**{k: pool[k] for k in PoolOut.model_fields}) for pool in result["pools"]],
            proposals=[
                RoundProposalOut(**{k: row[k] for k in RoundProposalOut.model_fields}) for row in result["proposals"]
            ],
            created_at=funding_round.created_at,
            confirmed_at=funding_round.confirmed_at,
        )


class ConfirmIn(Schema):
    version: int


class ReplayOut(Schema):
    round: int
    replayed: bool = Field(description="Recomputed from the seed in the audit ledger, with the same result")


class DecisionIn(Schema):
    outcome: Outcome
    version: int = Field(description="The proposal's version as last read")
    reason: str


class FundingDecisionOut(Schema):
    id: int
    proposal: int
    reference: str
    outcome: Outcome
    rank: int | None
    rank_low: int | None
    rank_high: int | None
    raw_score: Decimal | None
    calibrated_score: Decimal | None
    in_lottery: bool
    lottery_drawn: bool
    round: int | None
    decided_at: datetime
    award: int | None
    version: int

    @classmethod
    def of(cls, decision: Decision) -> FundingDecisionOut:
        award = getattr(decision, "award", None)
        return cls(
            id=decision.pk,
            proposal=decision.proposal_id,
            reference=decision.proposal.reference,
            outcome=Outcome(decision.outcome),
            rank=decision.rank,
            rank_low=decision.rank_low,
            rank_high=decision.rank_high,
            raw_score=decision.raw_score,
            calibrated_score=decision.calibrated_score,
            in_lottery=decision.in_lottery,
            lottery_drawn=decision.lottery_drawn,
            round=decision.round_id,
            decided_at=decision.decided_at,
            award=award.pk if award is not None else None,
            version=decision.version,
        )


class DecisionPage(PageOut):
    items: list[FundingDecisionOut]


class LetterOut(Schema):
    decision: int
    language: str
    subject: str
    body: str
    issued_at: datetime

    @classmethod
    def of(cls, letter: DecisionLetter) -> LetterOut:
        return cls(
            decision=letter.decision_id,
            language=letter.language,
            subject=letter.subject,
            body=letter.body,
            issued_at=letter.issued_at,
        )


class AwardLineOut(Schema):
    category: str
    year: int
    currency: str
    amount: Decimal


class AwardOut(Schema):
    id: int
    proposal: int
    reference: str
    approved_at: datetime
    lines: list[AwardLineOut]
    totals: dict[str, Decimal]

    @classmethod
    def of(cls, award: Award) -> AwardOut:
        lines = list(award_lines(award))
        return cls(
            id=award.pk,
            proposal=award.proposal_id,
            reference=award.proposal.reference,
            approved_at=award.approved_at,
            lines=[
                AwardLineOut(category=line.category.code, year=line.year, currency=line.currency, amount=line.amount)
                for line in lines
            ],
            totals=award_totals(lines),
        )


def letter_of(decision: Decision) -> DecisionLetter | None:
    return latest_letter(decision)
