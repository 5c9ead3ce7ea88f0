"""Reads of evaluation that more than one view or endpoint needs: who manages a call, what a reviewer may see,
the pool, conflicts, runs and assignments of a call, and the facts the assignment needs (lead park, group)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hetao.accounts.domain.selectors import has_role, scoped_ids
from hetao.accounts.enums import Role
from hetao.evaluation.enums import AssignmentStatus, ReviewStatus
from hetao.evaluation.models import (
    Assignment,
    AssignmentRun,
    CallReviewer,
    Conflict,
    PairRule,
    Review,
    StageEntry,
)
from hetao.experts.models import Expert
from hetao.programmes.domain import selectors as programme_selectors
from hetao.programmes.models import Call, Proposal
from hetao.zone.models import Affiliation, Park


def zone_today() -> date:
    """Today in zone time (settings.TIME_ZONE is the zone's)."""
    return timezone.localdate()


# --- Who may do what -------------------------------------------------------------------------------------


def call_park_ids(call: Call) -> set[int]:
    cached: set[int] | None = getattr(call, "_evaluation_park_ids", None)
    if cached is None:
        cached = set(call.parks.values_list("park_id", flat=True))
        call._evaluation_park_ids = cached  # type: ignore[attr-defined]
    return cached


def may_manage_call(user: Any, call: Call | None) -> bool:
    """Programme managers of the whole zone, or of a park that funds the call."""
    if not getattr(user, "is_authenticated", False):
        return False
    if call is None:
        return has_role(user, Role.PROGRAMME_MANAGER, anywhere=True)
    if has_role(user, Role.PROGRAMME_MANAGER):
        return True
    return any(has_role(user, Role.PROGRAMME_MANAGER, park_id=park_id) for park_id in call_park_ids(call))


def calls_managed_by(user: Any) -> QuerySet[Call]:
    if not getattr(user, "is_authenticated", False):
        return Call.objects.none()
    zone_wide, parks, _organisations = scoped_ids(user, Role.PROGRAMME_MANAGER)
    if zone_wide:
        return Call.objects.all()
    if not parks:
        return Call.objects.none()
    return Call.objects.filter(parks__park_id__in=parks).distinct()


def expert_for_user(user: Any) -> Expert | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.filter(person__user_id=user.pk).select_related("person").first()


# --- A reviewer's view -----------------------------------------------------------------------------------


def assignments_for_reviewer(user: Any) -> QuerySet[Assignment]:
    """The reviewer's active assignments (their "my reviews" list), with proposal, call and review."""
    if not getattr(user, "is_authenticated", False):
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(expert__person__user_id=user.pk, status=AssignmentStatus.ACTIVE)
        .select_related("proposal", "proposal__call", "review")
        .order_by("proposal__call__review_deadline", "proposal__reference", "stage")
    )


def reviewer_assignment(user: Any, proposal_id: int, stage: int | None = None) -> Assignment | None:
    """The reviewer's active assignment to a proposal, or None: anything else is not theirs to see."""
    found = assignments_for_reviewer(user).filter(proposal_id=proposal_id)
    if stage is not None:
        found = found.filter(stage=stage)
    return found.first()


def review_of(assignment: Assignment) -> Review | None:
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


def review_scores(review: Review | None) -> dict[int, tuple[int, str]]:
    if review is None:
        return {}
    return {s.criterion_id: (s.score, s.comment) for s in review.scores.all()}


# --- A call's evaluation ---------------------------------------------------------------------------------


def proposals_for_review(call: Call) -> QuerySet[Proposal]:
    """The proposals the call's review covers (the programmes app decides which)."""
    return programme_selectors.proposals_for_review(call)


def has_shortlist(call: Call, stage: int) -> bool:
    """Whether ``stage`` is a later review stage of the call, which covers a shortlist (stage 1 covers all)."""
    return 2 <= stage <= call.review_stages


def proposals_for_stage(call: Call, stage: int) -> QuerySet[Proposal]:
    """The proposals a review stage covers: in stage 1 every proposal in review; in a later stage those of
    them shortlisted for it."""
    proposals = proposals_for_review(call)
    if stage <= 1:
        return proposals
    return proposals.filter(stage_entries__call=call, stage_entries__stage=stage)


def shortlist(call: Call, stage: int) -> QuerySet[StageEntry]:
    """The entries of a stage's shortlist as stored, by proposal reference."""
    return (
        StageEntry.objects.filter(call=call, stage=stage)
        .select_related("proposal", "created_by")
        .order_by("proposal__reference", "pk")
    )


def proposals_with_started_review(call: Call, stage: int) -> set[int]:
    """Ids of the call's proposals whose review in ``stage`` has started: an active assignment has a review."""
    return set(
        Review.objects.filter(
            assignment__proposal__call=call, assignment__stage=stage, assignment__status=AssignmentStatus.ACTIVE
        ).values_list("assignment__proposal_id", flat=True)
    )


def current_affiliations(person_ids: set[int], today: date) -> QuerySet[Affiliation]:
    return (
        Affiliation.objects.filter(person_id__in=person_ids, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("organisation")
    )


def reviewer_parks(experts: list[Expert], today: date) -> dict[int, int | None]:
    """Expert id -> the park of the organisation of their current primary affiliation (None: outside every
    park). Without a current primary affiliation, the latest current one counts; with none, outside."""
    by_person: dict[int, list[Affiliation]] = {}
    for affiliation in current_affiliations({e.person_id for e in experts}, today).order_by("-start_date", "-pk"):
        by_person.setdefault(affiliation.person_id, []).append(affiliation)
    out: dict[int, int | None] = {}
    for expert in experts:
        found = by_person.get(expert.person_id, [])
        primary = [a for a in found if a.is_primary] or found
        out[expert.pk] = primary[0].organisation.park_id if primary else None
    return out


def zone_parks() -> list[Park]:
    return list(Park.objects.order_by("order", "code"))


def pool(call: Call) -> QuerySet[CallReviewer]:
    return CallReviewer.objects.filter(call=call).select_related("expert", "expert__person").order_by("pk")


def conflicts_for_call(call: Call, *, open_only: bool = False) -> QuerySet[Conflict]:
    found = Conflict.objects.filter(proposal__call=call)
    if open_only:
        found = found.filter(overridden_at__isnull=True)
    return found.select_related("proposal", "expert", "expert__person", "overridden_by").order_by(
        "proposal__reference", "expert_id", "kind"
    )


def pair_rules_for_call(call: Call, stage: int) -> QuerySet[PairRule]:
    return (
        PairRule.objects.filter(proposal__call=call, stage=stage)
        .select_related("proposal", "expert", "expert__person", "created_by")
        .order_by("proposal__reference", "expert_id")
    )


def runs_for_call(call: Call) -> QuerySet[AssignmentRun]:
    return AssignmentRun.objects.filter(call=call).select_related("created_by").order_by("-created_at", "-pk")


def active_assignments(call: Call, stage: int) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(proposal__call=call, stage=stage, status=AssignmentStatus.ACTIVE)
        .select_related("proposal", "expert", "expert__person", "review")
        .order_by("proposal__reference", "expert_id")
    )


def released_assignments(call: Call, stage: int) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(proposal__call=call, stage=stage, status=AssignmentStatus.RELEASED)
        .select_related("proposal", "expert", "expert__person")
        .order_by("-released_at", "-pk")
    )


def proposals_needing_reviewers(call: Call, stage: int) -> list[tuple[Proposal, int]]:
    """Proposals of the stage with fewer active reviewers than the call asks for (after a release), with how
    many are missing."""
    proposals = list(
        proposals_for_stage(call, stage).prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(stage=stage, status=AssignmentStatus.ACTIVE),
                to_attr="active_pairs",
            )
        )
    )
    has_run = Assignment.objects.filter(proposal__call=call, stage=stage).exists()
    if not has_run:
        return []
    out: list[tuple[Proposal, int]] = []
    for proposal in proposals:
        missing = call.reviewers_per_proposal - len(proposal.active_pairs)
        if missing > 0:
            out.append((proposal, missing))
    return out


def started_review_ids(assignment_ids: list[int]) -> set[int]:
    return set(Review.objects.filter(assignment_id__in=assignment_ids).values_list("assignment_id", flat=True))


def unsubmitted_assignments(call: Call) -> QuerySet[Assignment]:
    """Active assignments of the call whose review is not submitted yet."""
    return (
        Assignment.objects.filter(proposal__call=call, status=AssignmentStatus.ACTIVE)
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .select_related("proposal", "expert", "expert__person", "expert__person__user")
        .order_by("expert_id", "proposal__reference")
    )


def run_reasons(run: AssignmentRun) -> list[dict[str, Any]]:
    """The stored reasons of an infeasible run, each with ``message`` in the active language."""
    from hetao.evaluation.domain.messages import reason_message

    parks = zone_parks()
    names = {park.code: park.name for park in parks}
    return [
        {**reason, "message": reason_message(reason, group_names=names, n_parks=len(parks))}
        for reason in run.reasons or []
    ]


def conflict_evidence(conflict: Conflict) -> list[str]:
    """The evidence of a conflict, one sentence per item, in the active language."""
    from hetao.evaluation.domain.messages import evidence_message

    if not conflict.evidence:
        return [conflict.detail] if conflict.detail else []
    return [evidence_message(item) for item in conflict.evidence]
