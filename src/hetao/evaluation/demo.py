"""Demo data for evaluation: a call's pool, its conflicts, an assignment and plausible reviews. Idempotent: a
second call adds nothing that is already there."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from hetao.core.errors import DomainError
from hetao.evaluation.domain import selectors, services
from hetao.evaluation.enums import AssignmentStatus, ReviewStatus, RunStatus
from hetao.evaluation.models import Assignment, CallReviewer
from hetao.experts.models import Expert
from hetao.programmes.models import Call, RubricCriterion

_COMMENTS = (
    "A clear plan with a credible team on both sides; the milestones for year two need more detail.",
    "Strong preliminary results. The budget for equipment looks high for the work described.",
    "An important question, but the methods section does not say how the data will be shared across the parks.",
    "Well written and feasible. The dissemination plan could reach industry partners earlier.",
)


def seed_evaluation(
    *, actor: Any, call: Call, experts: Sequence[Expert], rng: random.Random, review_share: float = 0.8
) -> dict[str, int]:
    """Put ``experts`` in the call's pool, detect conflicts, run the assignment (stage 1) when none is in force,
    and submit reviews, with scores drawn from ``rng``, for about ``review_share`` of the assignments whose
    reviewer has a user account. Returns counts of what was added."""
    added = 0
    in_pool = set(CallReviewer.objects.filter(call=call).values_list("expert_id", flat=True))
    for expert in experts:
        if expert.pk in in_pool or not expert.is_active:
            continue
        services.callreviewer_add(actor=actor, call=call, expert=expert)
        added += 1
    detected = services.conflicts_detect(actor=actor, call=call)
    ran = 0
    if not Assignment.objects.filter(proposal__call=call, stage=1, status=AssignmentStatus.ACTIVE).exists():
        try:
            run = services.assignment_run(actor=actor, call=call, stage=1)
        except DomainError:
            run = None
        ran = int(run is not None and run.status == RunStatus.SOLVED)
    reviews = 0
    deadline_open = call.review_deadline is None or timezone.now() < call.review_deadline
    criteria = list(RubricCriterion.objects.filter(call=call, stage=1).order_by("order", "pk"))
    if deadline_open and criteria:
        for assignment in selectors.active_assignments(call, 1).select_related("expert__person__user"):
            user = assignment.expert.person.user
            review = selectors.review_of(assignment)
            if user is None or (review is not None and review.status == ReviewStatus.SUBMITTED):
                continue
            # Drawn for every pair in a fixed order, so a re-run makes the same choices.
            chance, quality = rng.random(), rng.random()
            if chance > review_share:
                continue
            scores: dict[int, tuple[int | None, str]] = {}
            for criterion in criteria:
                span = criterion.scale_max - criterion.scale_min
                centre = criterion.scale_min + quality * span
                value = round(min(max(rng.gauss(centre, span / 6), criterion.scale_min), criterion.scale_max))
                scores[criterion.pk] = (int(value), "")
            services.review_save(
                actor=user,
                assignment=assignment,
                version=review.version if review is not None else None,
                scores=scores,
                comments=rng.choice(_COMMENTS),
                submit=True,
            )
            reviews += 1
    return {"pool_added": added, "conflicts": detected.total, "runs": ran, "reviews": reviews}
