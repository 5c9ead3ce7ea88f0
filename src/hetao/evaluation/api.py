"""Evaluation over HTTP: a call's reviewer pool, conflicts, pinned and forbidden pairs, assignment runs,
assignments and the shortlist of its second review stage (programme managers of the call), and reviewers' own
reviews.

Each endpoint parses, authorises and calls one domain function. A call the user does not manage answers 404;
a reviewer sees only the proposals assigned to them, and any other proposal answers 404. Writes by API token
need the ``write`` scope.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hetao.core.api import PageIn, error_responses, idempotent_create, paginate, require_scope
from hetao.core.errors import NotFound
from hetao.evaluation.domain import selectors, services
from hetao.evaluation.models import Assignment, AssignmentRun, CallReviewer, Conflict, PairRule
from hetao.evaluation.schemas import (
    AssignmentIn,
    AssignmentOut,
    AssignmentPage,
    AssignmentRunIn,
    AssignmentRunOut,
    AssignmentRunPage,
    CallReviewerIn,
    CallReviewerOut,
    CallReviewerPage,
    ConflictDeclareIn,
    ConflictDetectionOut,
    ConflictOfInterestOut,
    ConflictOfInterestPage,
    ConflictOverrideIn,
    MyReviewOut,
    MyReviewPage,
    PairRuleIn,
    PairRuleOut,
    PairRulePage,
    ProposalForReviewOut,
    ReviewCriterionOut,
    ReviewDetailOut,
    ReviewIn,
    ReviewOut,
    ShortlistIn,
    ShortlistOut,
)
from hetao.experts.models import Expert
from hetao.programmes.models import Attachment, Call, Proposal, RubricCriterion

router = Router(tags=["evaluation"])

_READ_ERRORS = error_responses(401, 403, 404, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _not_found() -> NotFound:
    return NotFound("not_found", _("There is no such record."))


def _managed_call(request: HttpRequest, call_id: int) -> Call:
    call = Call.objects.filter(pk=call_id).first()
    if call is None or not request.user.has_perm("evaluation.manage_call", call):
        raise _not_found()
    return call


def _call_object(request: HttpRequest, model: Any, pk: int, path: str) -> Any:
    """A row of ``model`` whose call (reached by ``path``) the user manages; 404 otherwise."""
    found = model.objects.filter(pk=pk).select_related(path).first()
    if found is None:
        raise _not_found()
    call = found
    for part in path.split("__"):
        call = getattr(call, part)
    if not request.user.has_perm("evaluation.manage_call", call):
        raise _not_found()
    return found


# --- Pool ------------------------------------------------------------------------------------------------


@router.get("/calls/{call_id}/reviewers", response={200: CallReviewerPage, **_READ_ERRORS})
def list_reviewers(request: HttpRequest, call_id: int, page: Query[PageIn]) -> dict[str, Any]:
    """The call's pool of reviewers with their loads."""
    return paginate(selectors.pool(_managed_call(request, call_id)), page, CallReviewerOut.of)


@router.post("/calls/{call_id}/reviewers", response={201: CallReviewerOut, **_WRITE_ERRORS})
def add_reviewer(request: HttpRequest, call_id: int, payload: CallReviewerIn) -> Status[Any]:
    require_scope(request, "write")
    call = _managed_call(request, call_id)
    expert = Expert.objects.filter(pk=payload.expert).select_related("person").first()
    if expert is None:
        raise NotFound("unknown_expert", _("There is no such expert."), field="expert")

    def create() -> tuple[int, Any]:
        row = services.callreviewer_add(
            actor=request.user, call=call, expert=expert, load_min=payload.load_min, load_max=payload.load_max
        )
        return 201, CallReviewerOut.of(row).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.delete("/reviewers/{reviewer_id}", response={204: None, **_WRITE_ERRORS})
def remove_reviewer(request: HttpRequest, reviewer_id: int) -> Status[None]:
    require_scope(request, "write")
    row = _call_object(request, CallReviewer, reviewer_id, "call")
    services.callreviewer_remove(actor=request.user, call_reviewer=row)
    return Status(204, None)


# --- Conflicts -------------------------------------------------------------------------------------------


@router.post("/calls/{call_id}/conflicts/detect", response={200: ConflictDetectionOut, **_WRITE_ERRORS})
def detect_conflicts(request: HttpRequest, call_id: int) -> ConflictDetectionOut:
    """Find the conflicts of interest between the call's proposals and its pool, and store them."""
    require_scope(request, "write")
    report = services.conflicts_detect(actor=request.user, call=_managed_call(request, call_id))
    return ConflictDetectionOut(
        created=report.created, updated=report.updated, removed=report.removed, total=report.total
    )


@router.get("/calls/{call_id}/conflicts", response={200: ConflictOfInterestPage, **_READ_ERRORS})
def list_conflicts(request: HttpRequest, call_id: int, page: Query[PageIn], open_only: bool = False) -> dict[str, Any]:
    """The call's conflicts with their evidence; ``open_only`` leaves out overridden ones."""
    call = _managed_call(request, call_id)
    return paginate(selectors.conflicts_for_call(call, open_only=open_only), page, ConflictOfInterestOut.of)


@router.post("/conflicts/{conflict_id}/override", response={200: ConflictOfInterestOut, **_WRITE_ERRORS})
def override_conflict(request: HttpRequest, conflict_id: int, payload: ConflictOverrideIn) -> ConflictOfInterestOut:
    """Override a conflict with a written reason (audited); it no longer blocks the pair."""
    require_scope(request, "write")
    conflict = _call_object(request, Conflict, conflict_id, "proposal__call")
    done = services.conflict_override(actor=request.user, conflict=conflict, reason=payload.reason)
    return ConflictOfInterestOut.of(selectors.conflicts_for_call(conflict.proposal.call).get(pk=done.pk))


# --- Pinned and forbidden pairs --------------------------------------------------------------------------


@router.get("/calls/{call_id}/pair-rules", response={200: PairRulePage, **_READ_ERRORS})
def list_pair_rules(request: HttpRequest, call_id: int, page: Query[PageIn], stage: int = 1) -> dict[str, Any]:
    return paginate(selectors.pair_rules_for_call(_managed_call(request, call_id), stage), page, PairRuleOut.of)


@router.post("/calls/{call_id}/pair-rules", response={201: PairRuleOut, **_WRITE_ERRORS})
def set_pair_rule(request: HttpRequest, call_id: int, payload: PairRuleIn) -> Status[Any]:
    """Pin a pair (later runs must use it) or forbid it (they must not), with the reason."""
    require_scope(request, "write")
    call = _managed_call(request, call_id)
    proposal = selectors.proposals_for_review(call).filter(pk=payload.proposal).first()
    if proposal is None:
        raise NotFound("unknown_proposal", _("There is no such proposal in review in this call."), field="proposal")
    expert = Expert.objects.filter(pk=payload.expert).first()
    if expert is None:
        raise NotFound("unknown_expert", _("There is no such expert."), field="expert")
    rule = services.pair_rule_set(
        actor=request.user,
        proposal=proposal,
        expert=expert,
        kind=payload.kind,
        reason=payload.reason,
        stage=payload.stage,
    )
    return Status(201, PairRuleOut.of(rule))


@router.delete("/pair-rules/{rule_id}", response={204: None, **_WRITE_ERRORS})
def clear_pair_rule(request: HttpRequest, rule_id: int) -> Status[None]:
    require_scope(request, "write")
    rule = _call_object(request, PairRule, rule_id, "proposal__call")
    services.pair_rule_clear(actor=request.user, rule=rule)
    return Status(204, None)


# --- Runs and assignments --------------------------------------------------------------------------------


@router.post("/calls/{call_id}/runs", response={201: AssignmentRunOut, **_WRITE_ERRORS})
def run_assignment(request: HttpRequest, call_id: int, payload: AssignmentRunIn) -> Status[Any]:
    """Run the assignment for a stage. The run is stored either way: ``status`` solved (its pairs are now the
    active assignments) or infeasible, with ``reasons`` saying exactly why, each with its ``code``, a
    ``message`` in the caller's language and the structured fields."""
    require_scope(request, "write")
    call = _managed_call(request, call_id)

    def create() -> tuple[int, Any]:
        run = services.assignment_run(actor=request.user, call=call, stage=payload.stage, mode=payload.mode)
        return 201, AssignmentRunOut.of(run).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/calls/{call_id}/runs", response={200: AssignmentRunPage, **_READ_ERRORS})
def list_runs(request: HttpRequest, call_id: int, page: Query[PageIn]) -> dict[str, Any]:
    return paginate(selectors.runs_for_call(_managed_call(request, call_id)), page, AssignmentRunOut.of)


@router.get("/runs/{run_id}", response={200: AssignmentRunOut, **_READ_ERRORS})
def get_run(request: HttpRequest, run_id: int) -> AssignmentRunOut:
    return AssignmentRunOut.of(_call_object(request, AssignmentRun, run_id, "call"))


@router.get("/calls/{call_id}/assignments", response={200: AssignmentPage, **_READ_ERRORS})
def list_assignments(request: HttpRequest, call_id: int, page: Query[PageIn], stage: int = 1) -> dict[str, Any]:
    """The active assignments of a stage, with their affinity and review status."""
    return paginate(selectors.active_assignments(_managed_call(request, call_id), stage), page, AssignmentOut.of)


@router.post("/calls/{call_id}/assignments", response={201: AssignmentOut, **_WRITE_ERRORS})
def add_assignment(request: HttpRequest, call_id: int, payload: AssignmentIn) -> Status[Any]:
    """Assign a reviewer by hand, after a release for instance."""
    require_scope(request, "write")
    call = _managed_call(request, call_id)
    proposal = selectors.proposals_for_review(call).filter(pk=payload.proposal).first()
    if proposal is None:
        raise NotFound("unknown_proposal", _("There is no such proposal in review in this call."), field="proposal")
    expert = Expert.objects.filter(pk=payload.expert).first()
    if expert is None:
        raise NotFound("unknown_expert", _("There is no such expert."), field="expert")

    def create() -> tuple[int, Any]:
        made = services.assignment_add(actor=request.user, proposal=proposal, expert=expert, stage=payload.stage)
        found = Assignment.objects.select_related("proposal", "expert__person").get(pk=made.pk)
        return 201, AssignmentOut.of(found).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


# --- Shortlist of a later stage --------------------------------------------------------------------------


def _shortlist_stage(call: Call, stage: int) -> None:
    if not selectors.has_shortlist(call, stage):
        raise NotFound(
            "unknown_stage", _("Stage %(stage)d of this call has no shortlist.") % {"stage": stage}, field="stage"
        )


def _shortlist_out(call: Call, stage: int) -> ShortlistOut:
    return ShortlistOut.of(call, stage, list(selectors.proposals_for_stage(call, stage)))


@router.get("/calls/{call_id}/stages/{stage}/shortlist", response={200: ShortlistOut, **_READ_ERRORS})
def get_shortlist(request: HttpRequest, call_id: int, stage: int) -> ShortlistOut:
    """The proposals shortlisted for a later review stage (only they are assigned and reviewed in it). Stage 1
    covers every proposal in review and has no shortlist: 404 ``unknown_stage``."""
    call = _managed_call(request, call_id)
    _shortlist_stage(call, stage)
    return _shortlist_out(call, stage)


@router.put("/calls/{call_id}/stages/{stage}/shortlist", response={200: ShortlistOut, **_WRITE_ERRORS})
def set_shortlist(request: HttpRequest, call_id: int, stage: int, payload: ShortlistIn) -> ShortlistOut:
    """Replace the stage's shortlist with ``proposals`` (ids of proposals in review in the call). A proposal whose
    review in the stage has started cannot leave it: 409 ``review_started``; the stage's assignments of the
    proposals that leave it are replaced."""
    require_scope(request, "write")
    call = _managed_call(request, call_id)
    _shortlist_stage(call, stage)
    wanted = list(dict.fromkeys(payload.proposals))
    found = Proposal.objects.filter(call=call).in_bulk(wanted)
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise NotFound(
            "unknown_proposal",
            _("There is no such proposal in this call: %(ids)s.") % {"ids": ", ".join(str(pk) for pk in missing)},
            field="proposals",
        )
    services.shortlist_set(actor=request.user, call=call, stage=stage, proposals=[found[pk] for pk in wanted])
    return _shortlist_out(call, stage)


# --- A reviewer's reviews --------------------------------------------------------------------------------


def _assignment(request: HttpRequest, proposal_id: int) -> Assignment:
    assignment = selectors.reviewer_assignment(request.user, proposal_id)
    if assignment is None:
        raise _not_found()
    return assignment


def _review_detail(request: HttpRequest, assignment: Assignment) -> ReviewDetailOut:
    proposal = assignment.proposal
    criteria = RubricCriterion.objects.filter(call=proposal.call, stage=assignment.stage).order_by("order", "pk")
    attachments = list(Attachment.objects.filter(proposal=proposal).order_by("kind", "pk"))

    def url_for(attachment: Attachment) -> str:
        return request.build_absolute_uri(
            reverse("evaluation:attachment", kwargs={"proposal_id": proposal.pk, "pk": attachment.pk})
        )

    review = selectors.review_of(assignment)
    return ReviewDetailOut(
        proposal=ProposalForReviewOut.of(proposal, attachments, url_for),
        stage=assignment.stage,
        deadline=proposal.call.review_deadline,
        criteria=[ReviewCriterionOut.of(c) for c in criteria],
        review=ReviewOut.of(review) if review is not None else None,
    )


@router.get("/reviews", response={200: MyReviewPage, **_READ_ERRORS})
def my_reviews(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The proposals assigned to me, with the deadline and where each review stands."""
    return paginate(selectors.assignments_for_reviewer(request.user), page, MyReviewOut.of)


@router.get("/reviews/{proposal_id}", response={200: ReviewDetailOut, **_READ_ERRORS})
def get_review(request: HttpRequest, proposal_id: int) -> ReviewDetailOut:
    """A proposal assigned to me, its rubric and my review so far. Any other proposal answers 404."""
    return _review_detail(request, _assignment(request, proposal_id))


@router.put("/reviews/{proposal_id}", response={200: ReviewDetailOut, **_WRITE_ERRORS})
def save_review(request: HttpRequest, proposal_id: int, payload: ReviewIn) -> ReviewDetailOut:
    """Save my review as a draft, or submit it (``submit: true``) before the deadline; send the ``version``
    last read (null the first time). After the deadline: 409 ``review_closed``; an old version: 409
    ``stale_version``."""
    require_scope(request, "write")
    assignment = _assignment(request, proposal_id)
    services.review_save(
        actor=request.user,
        assignment=assignment,
        version=payload.version,
        scores={s.criterion: (s.score, s.comment) for s in payload.scores},
        comments=payload.comments,
        confidential_comments=payload.confidential_comments,
        submit=payload.submit,
    )
    return _review_detail(request, _assignment(request, proposal_id))


@router.post("/reviews/{proposal_id}/conflict", response={200: ConflictOfInterestOut, **_WRITE_ERRORS})
def declare_conflict(request: HttpRequest, proposal_id: int, payload: ConflictDeclareIn) -> ConflictOfInterestOut:
    """Declare a conflict of interest with a proposal assigned to me: the assignment is released and the
    programme manager assigns someone else."""
    require_scope(request, "write")
    assignment = _assignment(request, proposal_id)
    conflict = services.conflict_declare(actor=request.user, assignment=assignment, reason=payload.reason)
    found = Conflict.objects.select_related("proposal", "expert__person", "overridden_by").get(pk=conflict.pk)
    return ConflictOfInterestOut.of(found)
