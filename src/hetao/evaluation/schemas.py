"""What the evaluation API reads and writes. Output schemas are built from the models by their ``of``
constructors; messages (reasons, evidence) come in the caller's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from hetao.core.api import PageOut
from hetao.evaluation.domain.selectors import conflict_evidence, review_of, run_reasons
from hetao.evaluation.models import Assignment, AssignmentRun, CallReviewer, Conflict, PairRule, Review
from hetao.programmes.models import Attachment, Call, Proposal, RubricCriterion

# --- Pool ------------------------------------------------------------------------------------------------


class CallReviewerIn(Schema):
    expert: int
    load_min: int | None = Field(None, ge=0, description="Default: the call's minimum load")
    load_max: int | None = Field(None, ge=0, description="Default: the smaller of the call's and the expert's maximum")


class CallReviewerOut(Schema):
    id: int
    expert: int
    name: str
    load_min: int
    load_max: int
    is_active: bool

    @classmethod
    def of(cls, row: CallReviewer) -> CallReviewerOut:
        return cls(
            id=row.pk,
            expert=row.expert_id,
            name=str(row.expert.person.name),
            load_min=row.load_min,
            load_max=row.load_max,
            is_active=row.expert.is_active,
        )


class CallReviewerPage(PageOut):
    items: list[CallReviewerOut]


# --- Conflicts -------------------------------------------------------------------------------------------


class ConflictOfInterestOut(Schema):
    id: int
    proposal: int
    proposal_reference: str
    expert: int
    reviewer: str
    kind: str
    kind_label: str
    automatic: bool
    evidence: list[str] = Field(description="What was found, one sentence each, in the caller's language")
    blocks: bool
    override_reason: str
    overridden_by: str | None
    overridden_at: datetime | None

    @classmethod
    def of(cls, conflict: Conflict) -> ConflictOfInterestOut:
        return cls(
            id=conflict.pk,
            proposal=conflict.proposal_id,
            proposal_reference=conflict.proposal.reference,
            expert=conflict.expert_id,
            reviewer=str(conflict.expert.person.name),
            kind=conflict.kind,
            kind_label=str(conflict.get_kind_display()),
            automatic=conflict.automatic,
            evidence=conflict_evidence(conflict),
            blocks=conflict.blocks,
            override_reason=conflict.override_reason,
            overridden_by=conflict.overridden_by.get_username() if conflict.overridden_by else None,
            overridden_at=conflict.overridden_at,
        )


class ConflictOfInterestPage(PageOut):
    items: list[ConflictOfInterestOut]


class ConflictDetectionOut(Schema):
    created: int
    updated: int
    removed: int
    total: int


class ConflictOverrideIn(Schema):
    reason: str = Field(..., min_length=1, max_length=4000)


# --- Pairs and runs --------------------------------------------------------------------------------------


class PairRuleIn(Schema):
    proposal: int
    expert: int
    kind: Literal["pin", "forbid"]
    reason: str = Field(..., max_length=4000)
    stage: int = Field(1, ge=1, le=2)


class PairRuleOut(Schema):
    id: int
    proposal: int
    proposal_reference: str
    expert: int
    stage: int
    kind: str
    reason: str

    @classmethod
    def of(cls, rule: PairRule) -> PairRuleOut:
        return cls(
            id=rule.pk,
            proposal=rule.proposal_id,
            proposal_reference=rule.proposal.reference,
            expert=rule.expert_id,
            stage=rule.stage,
            kind=rule.kind,
            reason=rule.reason,
        )


class PairRulePage(PageOut):
    items: list[PairRuleOut]


class AssignmentRunIn(Schema):
    stage: int = Field(1, ge=1, le=2)
    mode: Literal["total", "fair"] = "total"


class RunReasonOut(Schema):
    code: str
    message: str = Field(description="The reason in the caller's language")
    proposals: list[str] = Field(description="Proposal references")
    proposal_ids: list[int] = []
    reviewers: list[int] = Field(description="Expert ids")
    reviewer_names: list[str] = []
    group: str | None = Field(description="Park code, or 'outside' for reviewers from outside every park")
    have: int
    need: int


class AssignmentRunOut(Schema):
    id: int
    call: int
    stage: int
    mode: str
    status: Literal["solved", "infeasible"]
    objective: float | None
    worst_proposal_affinity: float | None
    seconds: float
    proposals: int
    reviewers: int
    reasons: list[RunReasonOut]
    created_at: datetime
    created_by: str

    @classmethod
    def of(cls, run: AssignmentRun) -> AssignmentRunOut:
        return cls(
            id=run.pk,
            call=run.call_id,
            stage=run.stage,
            mode=run.mode,
            status=run.status,  # type: ignore[arg-type]
            objective=run.objective,
            worst_proposal_affinity=run.worst_proposal_affinity,
            seconds=run.seconds,
            proposals=run.proposals,
            reviewers=run.reviewers,
            reasons=[RunReasonOut(**r) for r in run_reasons(run)],
            created_at=run.created_at,
            created_by=run.created_by.get_username(),
        )


class AssignmentRunPage(PageOut):
    items: list[AssignmentRunOut]


class AssignmentIn(Schema):
    proposal: int
    expert: int
    stage: int = Field(1, ge=1, le=2)


class AssignmentOut(Schema):
    id: int
    run: int | None
    proposal: int
    proposal_reference: str
    expert: int
    reviewer: str
    stage: int
    affinity: float
    status: str
    released_reason: str
    review_status: str | None

    @classmethod
    def of(cls, assignment: Assignment) -> AssignmentOut:
        review = review_of(assignment)
        return cls(
            id=assignment.pk,
            run=assignment.run_id,
            proposal=assignment.proposal_id,
            proposal_reference=assignment.proposal.reference,
            expert=assignment.expert_id,
            reviewer=str(assignment.expert.person.name),
            stage=assignment.stage,
            affinity=assignment.affinity,
            status=assignment.status,
            released_reason=assignment.released_reason,
            review_status=review.status if review is not None else None,
        )


class AssignmentPage(PageOut):
    items: list[AssignmentOut]


# --- Shortlist -------------------------------------------------------------------------------------------


class ShortlistIn(Schema):
    proposals: list[int] = Field(
        ..., max_length=5000, description="Ids of the proposals to shortlist; the list replaces the stage's shortlist"
    )


class ShortlistedProposalOut(Schema):
    id: int
    reference: str
    title: str

    @classmethod
    def of(cls, proposal: Proposal) -> ShortlistedProposalOut:
        return cls(id=proposal.pk, reference=proposal.reference, title=proposal.title)


class ShortlistOut(Schema):
    call: int
    stage: int
    count: int
    proposals: list[ShortlistedProposalOut] = Field(description="The shortlisted proposals in review, by reference")

    @classmethod
    def of(cls, call: Call, stage: int, proposals: Sequence[Proposal]) -> ShortlistOut:
        return cls(
            call=call.pk,
            stage=stage,
            count=len(proposals),
            proposals=[ShortlistedProposalOut.of(p) for p in proposals],
        )


# --- Reviews ---------------------------------------------------------------------------------------------


class MyReviewOut(Schema):
    proposal: int
    reference: str
    title: str
    call: str
    stage: int
    deadline: datetime | None
    status: str = Field(description="not_started, draft or submitted")

    @classmethod
    def of(cls, assignment: Assignment) -> MyReviewOut:
        review = review_of(assignment)
        call = assignment.proposal.call
        return cls(
            proposal=assignment.proposal_id,
            reference=assignment.proposal.reference,
            title=assignment.proposal.title,
            call=call.code,
            stage=assignment.stage,
            deadline=call.review_deadline,
            status=review.status if review is not None else "not_started",
        )


class MyReviewPage(PageOut):
    items: list[MyReviewOut]


class ReviewCriterionOut(Schema):
    id: int
    code: str
    name: str
    weight: Decimal
    scale_min: int
    scale_max: int

    @classmethod
    def of(cls, criterion: RubricCriterion) -> ReviewCriterionOut:
        return cls(
            id=criterion.pk,
            code=criterion.code,
            name=criterion.name,
            weight=criterion.weight,
            scale_min=criterion.scale_min,
            scale_max=criterion.scale_max,
        )


class CriterionScoreOut(Schema):
    criterion: int
    score: int
    comment: str


class ReviewOut(Schema):
    id: int
    status: str
    version: int
    comments: str
    confidential_comments: str
    overall: Decimal | None
    submitted_at: datetime | None
    scores: list[CriterionScoreOut]

    @classmethod
    def of(cls, review: Review) -> ReviewOut:
        return cls(
            id=review.pk,
            status=review.status,
            version=review.version,
            comments=review.comments,
            confidential_comments=review.confidential_comments,
            overall=review.overall,
            submitted_at=review.submitted_at,
            scores=[
                CriterionScoreOut(criterion=s.criterion_id, score=s.score, comment=s.comment)
                for s in review.scores.all()
            ],
        )


class ReviewAttachmentOut(Schema):
    id: int
    kind: str
    name: str
    size: int
    url: str


class ProposalForReviewOut(Schema):
    id: int
    reference: str
    call: str
    title_en: str
    title_zh: str
    abstract_en: str
    abstract_zh: str
    keywords_en: list[str]
    keywords_zh: list[str]
    key_area: str
    attachments: list[ReviewAttachmentOut]

    @classmethod
    def of(cls, proposal: Proposal, attachments: list[Attachment], url_for: object) -> ProposalForReviewOut:
        return cls(
            id=proposal.pk,
            reference=proposal.reference,
            call=proposal.call.code,
            title_en=proposal.title_en,
            title_zh=proposal.title_zh,
            abstract_en=proposal.abstract_en,
            abstract_zh=proposal.abstract_zh,
            keywords_en=[str(k) for k in proposal.keywords_en or []],
            keywords_zh=[str(k) for k in proposal.keywords_zh or []],
            key_area=proposal.key_area,
            attachments=[
                ReviewAttachmentOut(id=a.pk, kind=a.kind, name=a.original_name, size=a.size, url=url_for(a))  # type: ignore[operator]
                for a in attachments
            ],
        )


class ReviewDetailOut(Schema):
    proposal: ProposalForReviewOut
    stage: int
    deadline: datetime | None
    criteria: list[ReviewCriterionOut]
    review: ReviewOut | None


class CriterionScoreIn(Schema):
    criterion: int
    score: int | None = None
    comment: str = Field("", max_length=10000)


class ReviewIn(Schema):
    version: int | None = Field(None, description="The review's version last read; null before the first save")
    scores: list[CriterionScoreIn] = []
    comments: str = Field("", max_length=20000)
    confidential_comments: str = Field("", max_length=20000)
    submit: bool = Field(False, description="Submit the review (every criterion scored); otherwise save a draft")


class ConflictDeclareIn(Schema):
    reason: str = Field(..., min_length=1, max_length=4000)
