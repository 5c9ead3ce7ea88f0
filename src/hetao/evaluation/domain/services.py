"""Every change to evaluation: the call's reviewer pool, conflicts of interest, pinned and forbidden pairs,
assignment runs, the shortlist of a later review stage, reviews and reminders. Each service validates, writes
in one transaction and appends its event to the audit ledger. Who may call which is checked by the pages and
the API (``rules.py``); services that act for a reviewer check that the assignment is theirs, and the
shortlist checks that its actor manages the call.

Locks, always in this order: the call row, then assignment rows. Runs, releases, manual assignments and
shortlists of a call lock its row first, so two managers running the assignment at once, or a run and a
reviewer declaring a conflict, take turns and each sees what the other committed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict as ConflictError
from hetao.core.errors import DomainError, NotFound, PermissionDenied, ProblemCollector, full_clean
from hetao.engines.assignment import InfeasibleAssignment, solve_assignment
from hetao.evaluation.domain import conflicts as detection
from hetao.evaluation.domain import selectors
from hetao.evaluation.domain.messages import evidence_text
from hetao.evaluation.domain.problem import build_problem, reviewer_label
from hetao.evaluation.enums import (
    AssignmentMode,
    AssignmentStatus,
    ConflictKind,
    PairRuleKind,
    ReviewStatus,
    RunStatus,
)
from hetao.evaluation.models import (
    Assignment,
    AssignmentRun,
    CallReviewer,
    Conflict,
    PairRule,
    Review,
    ReviewScore,
    StageEntry,
)
from hetao.experts.models import Expert
from hetao.programmes.models import Call, Proposal, RubricCriterion

REMINDER_DAYS = 3
_OVERALL = Decimal("0.0001")


def _user(actor: object | None) -> Any:
    """The user behind an actor, for the ``..._by`` columns; commands and tasks act as no user."""
    return actor if getattr(actor, "pk", None) is not None and hasattr(actor, "get_username") else None


def _need_user(actor: object | None) -> Any:
    user = _user(actor)
    if user is None:
        raise PermissionDenied("forbidden", _("Sign in to do this."))
    return user


def _english(items: list[dict[str, Any]]) -> str:
    with translation.override("en"):
        return evidence_text(items)


def _locked_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def _check_stage(call: Call, stage: int) -> None:
    if not 1 <= stage <= call.review_stages:
        raise DomainError(
            "invalid_stage",
            _("This call has %(count)d review stage(s); stage %(stage)d does not exist.")
            % {"count": call.review_stages, "stage": stage},
            field="stage",
        )


def _check_in_stage(call: Call, proposal: Proposal, stage: int) -> None:
    """Refuse a proposal that the stage does not cover (in a later stage: not shortlisted for it)."""
    if selectors.proposals_for_stage(call, stage).filter(pk=proposal.pk).exists():
        return
    if stage <= 1:
        message = _("Proposal %(reference)s is not in review in this call.")
    else:
        message = _("Proposal %(reference)s is not shortlisted for stage %(stage)d of this call; shortlist it first.")
    raise DomainError("not_in_stage", message % {"reference": proposal.reference, "stage": stage}, field="proposal")


# ---------------------------------------------------------------------------------------------------------
# The pool


def callreviewer_add(
    *, actor: object | None, call: Call, expert: Expert, load_min: int | None = None, load_max: int | None = None
) -> CallReviewer:
    """Invite an expert to review for the call. Loads default to the call's, the maximum also capped by the
    expert's own maximum."""
    collector = ProblemCollector()
    if not expert.is_active:
        collector.add("expert", "expert_inactive", _("This expert is not available for review."))
    low = call.reviewer_load_min if load_min is None else load_min
    high = min(call.reviewer_load_max, expert.load_max) if load_max is None else load_max
    if low < 0 or high < 0:
        collector.add("load_min" if low < 0 else "load_max", "negative_load", _("Loads cannot be negative."))
    elif high < low:
        collector.add(
            "load_max",
            "loads_inverted",
            _("The maximum load must be at least the minimum load (%(min)d).") % {"min": low},
        )
    collector.raise_if_any()
    with transaction.atomic():
        _locked_call(call)
        if CallReviewer.objects.filter(call=call, expert=expert).exists():
            raise ConflictError("already_in_pool", _("This expert is already in the call's pool."), field="expert")
        reviewer = CallReviewer(call=call, expert=expert, load_min=low, load_max=high)
        full_clean(reviewer)
        reviewer.save()
        audit_append(
            actor=actor,
            action="evaluation.callreviewer_add",
            obj=reviewer,
            payload={"call": call.code, "expert": expert.pk, "load_min": low, "load_max": high},
        )
    return reviewer


def callreviewer_remove(*, actor: object | None, call_reviewer: CallReviewer) -> None:
    """Take an expert out of the call's pool; refused while they hold an active assignment in the call."""
    with transaction.atomic():
        _locked_call(call_reviewer.call)
        held = Assignment.objects.filter(
            proposal__call_id=call_reviewer.call_id, expert_id=call_reviewer.expert_id, status=AssignmentStatus.ACTIVE
        ).count()
        if held:
            raise ConflictError(
                "reviewer_has_assignments",
                _("This reviewer still has %(count)d active assignment(s) in the call; re-run or release them first.")
                % {"count": held},
            )
        payload = {"call": call_reviewer.call.code, "expert": call_reviewer.expert_id}
        audit_append(actor=actor, action="evaluation.callreviewer_remove", obj=call_reviewer, payload=payload)
        call_reviewer.delete()


# ---------------------------------------------------------------------------------------------------------
# Conflicts


@dataclass(frozen=True)
class DetectionReport:
    created: int
    updated: int
    removed: int
    total: int


def conflicts_detect(*, actor: object | None, call: Call) -> DetectionReport:
    """Find every conflict between the call's proposals under review and its pool, and store them: new ones
    created, changed evidence updated, automatic ones that no longer hold (and were not overridden) removed.
    Overrides and conflicts a reviewer declared are kept."""
    today = selectors.zone_today()
    with transaction.atomic():
        call = _locked_call(call)
        proposals = list(selectors.proposals_for_review(call))
        experts = [cr.expert for cr in selectors.pool(call)]
        found = detection.unique_findings(
            detection.detect(proposals=proposals, experts=experts, window_years=call.coi_window_years, today=today)
        )
        existing = {
            (c.proposal_id, c.expert_id, c.kind): c
            for c in Conflict.objects.filter(proposal__call=call).select_for_update()
        }
        created = updated = removed = 0
        for key, evidence in found.items():
            proposal_id, expert_id, kind = key
            current = existing.get(key)
            if current is None:
                Conflict.objects.create(
                    proposal_id=proposal_id,
                    expert_id=expert_id,
                    kind=kind,
                    evidence=evidence,
                    detail=_english(evidence),
                    automatic=True,
                )
                created += 1
                continue
            if not current.automatic:
                merged = [*current.evidence, *(e for e in evidence if e not in current.evidence)]
            else:
                merged = evidence
            if merged != current.evidence:
                current.evidence = merged
                current.detail = _english(merged)
                current.save(update_fields=["evidence", "detail", "updated_at"])
                updated += 1
        for key, current in existing.items():
            if key not in found and current.automatic and current.overridden_at is None:
                current.delete()
                removed += 1
        total = Conflict.objects.filter(proposal__call=call).count()
        report = DetectionReport(created=created, updated=updated, removed=removed, total=total)
        audit_append(
            actor=actor,
            action="evaluation.conflicts_detect",
            obj=call,
            payload={"created": created, "updated": updated, "removed": removed, "total": total},
        )
    return report


def conflict_override(*, actor: object | None, conflict: Conflict, reason: str) -> Conflict:
    """A manager decides a conflict does not stand, with a written reason; it no longer blocks the pair."""
    reason = reason.strip()
    if not reason:
        raise DomainError("reason_required", _("Write why this conflict does not stand."), field="reason")
    user = _need_user(actor)
    with transaction.atomic():
        current = Conflict.objects.select_for_update().get(pk=conflict.pk)
        if current.overridden_at is not None:
            raise ConflictError("already_overridden", _("This conflict was already overridden."))
        current.override_reason = reason
        current.overridden_by = user
        current.overridden_at = timezone.now()
        full_clean(current)
        current.save(update_fields=["override_reason", "overridden_by", "overridden_at", "updated_at"])
        audit_append(
            actor=actor,
            action="evaluation.conflict_override",
            obj=current,
            payload={
                "proposal": current.proposal_id,
                "expert": current.expert_id,
                "kind": current.kind,
                "reason": reason,
            },
        )
    return current


def conflict_declare(*, actor: object | None, assignment: Assignment, reason: str) -> Conflict:
    """The reviewer declares a conflict with a proposal assigned to them: the assignment is released (the
    manager sees the proposal needs another reviewer) and a declared conflict is recorded, which blocks the
    pair in later runs."""
    reason = reason.strip()
    if not reason:
        raise DomainError("reason_required", _("Say briefly what the conflict of interest is."), field="reason")
    user = _need_user(actor)
    with transaction.atomic():
        _locked_call(assignment.proposal.call)
        current = Assignment.objects.select_for_update().select_related("expert__person").get(pk=assignment.pk)
        if current.expert.person.user_id != user.pk:
            raise NotFound("not_found", _("There is no such record."))
        if current.status != AssignmentStatus.ACTIVE:
            raise ConflictError("assignment_not_active", _("This assignment was already released or replaced."))
        review = selectors.review_of(current)
        if review is not None and review.status == ReviewStatus.SUBMITTED:
            raise ConflictError(
                "review_submitted", _("Your review of this proposal is already submitted; ask the programme manager.")
            )
        now = timezone.now()
        current.status = AssignmentStatus.RELEASED
        current.released_reason = reason
        current.released_at = now
        current.save(update_fields=["status", "released_reason", "released_at", "updated_at"])
        item = {"what": "reviewer_declared", "reason": reason}
        conflict, made = Conflict.objects.select_for_update().get_or_create(
            proposal_id=current.proposal_id,
            expert_id=current.expert_id,
            kind=ConflictKind.DECLARED,
            defaults={"evidence": [item], "detail": _english([item]), "automatic": False},
        )
        if not made:
            conflict.evidence = [*conflict.evidence, item]
            conflict.detail = _english(conflict.evidence)
            conflict.automatic = False
            conflict.override_reason, conflict.overridden_by, conflict.overridden_at = "", None, None
            conflict.save()
        audit_append(
            actor=actor,
            action="evaluation.conflict_declare",
            obj=current,
            payload={
                "proposal": current.proposal_id,
                "expert": current.expert_id,
                "stage": current.stage,
                "reason": reason,
            },
        )
    return conflict


# ---------------------------------------------------------------------------------------------------------
# Pinned and forbidden pairs


def pair_rule_set(
    *, actor: object | None, proposal: Proposal, expert: Expert, kind: str, reason: str = "", stage: int = 1
) -> PairRule:
    """Pin a pair (the next runs must use it) or forbid it (they must not); replaces any rule on the pair."""
    collector = ProblemCollector()
    if kind not in PairRuleKind.values:
        collector.add("kind", "invalid_kind", _("Choose pin or forbid."))
    reason = reason.strip()
    if not reason:
        collector.add("reason", "reason_required", _("Write the reason for this rule."))
    if not CallReviewer.objects.filter(call_id=proposal.call_id, expert=expert).exists():
        collector.add("expert", "not_in_pool", _("This expert is not in the call's pool."))
    collector.raise_if_any()
    _check_stage(proposal.call, stage)
    if (
        kind == PairRuleKind.PIN
        and Conflict.objects.filter(proposal=proposal, expert=expert, overridden_at__isnull=True).exists()
    ):
        raise ConflictError(
            "pair_conflicted",
            _("This reviewer has a conflict of interest with the proposal; override it before pinning the pair."),
            field="expert",
        )
    user = _need_user(actor)
    with transaction.atomic():
        call = _locked_call(proposal.call)
        _check_in_stage(call, proposal, stage)
        rule, _created = PairRule.objects.update_or_create(
            proposal=proposal,
            expert=expert,
            stage=stage,
            defaults={"kind": kind, "reason": reason, "created_by": user},
        )
        audit_append(
            actor=actor,
            action="evaluation.pair_rule_set",
            obj=rule,
            payload={
                "proposal": proposal.reference,
                "expert": expert.pk,
                "stage": stage,
                "kind": kind,
                "reason": reason,
            },
        )
    return rule


def pair_rule_clear(*, actor: object | None, rule: PairRule) -> None:
    with transaction.atomic():
        _locked_call(rule.proposal.call)
        payload = {
            "proposal": rule.proposal.reference,
            "expert": rule.expert_id,
            "stage": rule.stage,
            "kind": rule.kind,
        }
        audit_append(actor=actor, action="evaluation.pair_rule_clear", obj=rule, payload=payload)
        rule.delete()


# ---------------------------------------------------------------------------------------------------------
# Assignment


def _reason_json(detail: Any, built: Any) -> dict[str, Any]:
    experts = [built.reviewers[r].expert for r in detail.reviewers]
    return {
        "code": detail.code,
        "message": detail.message,
        "proposals": [built.proposals[p].reference for p in detail.proposals],
        "proposal_ids": [built.proposals[p].pk for p in detail.proposals],
        "reviewers": [e.pk for e in experts],
        "reviewer_names": [reviewer_label(e) for e in experts],
        "group": built.group_codes[detail.group] if detail.group is not None else None,
        "have": int(detail.have),
        "need": int(detail.need),
    }


def assignment_run(
    *, actor: object | None, call: Call, stage: int = 1, mode: str = AssignmentMode.TOTAL
) -> AssignmentRun:
    """Solve the call's assignment for a stage (its proposals: ``selectors.proposals_for_stage``) and store the
    run; a later stage with an empty shortlist is refused. When solved, its pairs become the active
    assignments: earlier active ones whose review has not started are marked replaced; those with a review
    under way are kept (pinned in the problem). When no assignment exists, the run stores why and nothing else
    changes."""
    if mode not in AssignmentMode.values:
        raise DomainError("invalid_mode", _("Choose the mode total or fair."), field="mode")
    _check_stage(call, stage)
    user = _need_user(actor)
    with transaction.atomic():
        call = _locked_call(call)
        proposals = list(selectors.proposals_for_stage(call, stage).prefetch_related("team__organisation"))
        reviewers = list(selectors.pool(call))
        if not proposals and stage > 1:
            raise DomainError(
                "empty_shortlist",
                _("No proposal is shortlisted for stage %(stage)d yet: shortlist proposals for it first.")
                % {"stage": stage},
                field="stage",
            )
        if not proposals:
            raise DomainError("no_proposals", _("No proposal of this call is waiting for review."))
        if not reviewers:
            raise DomainError("empty_pool", _("The call has no reviewers yet: add experts to its pool first."))
        active = list(
            Assignment.objects.select_for_update().filter(
                proposal__call=call, stage=stage, status=AssignmentStatus.ACTIVE
            )
        )
        started = selectors.started_review_ids([a.pk for a in active])
        built = build_problem(
            call=call,
            stage=stage,
            proposals=proposals,
            reviewers=reviewers,
            active=active,
            started=started,
            today=selectors.zone_today(),
        )
        run = AssignmentRun(
            call=call, stage=stage, mode=mode, proposals=len(proposals), reviewers=len(reviewers), created_by=user
        )
        try:
            result = solve_assignment(built.problem, mode=mode, time_limit=settings.HETAO_FAIR_TIME_LIMIT)
        except InfeasibleAssignment as exc:
            run.status = RunStatus.INFEASIBLE
            run.reasons = [_reason_json(detail, built) for detail in exc.details]
            run.save()
            audit_append(
                actor=actor,
                action="evaluation.assignment_run",
                obj=run,
                payload={
                    "call": call.code,
                    "stage": stage,
                    "mode": str(mode),
                    "status": str(run.status),
                    "reasons": [
                        {k: r[k] for k in ("code", "proposals", "reviewers", "group", "have", "need")}
                        for r in run.reasons
                    ],
                },
            )
            return run
        run.status = RunStatus.SOLVED
        run.objective = result.objective
        run.worst_proposal_affinity = result.worst_proposal_affinity
        run.seconds = result.seconds
        run.proven_optimal = result.proven_optimal
        run.worst_bound = result.worst_bound
        run.save()
        kept_pairs = {(a.proposal_id, a.expert_id) for a in built.kept}
        replaced_ids = [a.pk for a in built.replaceable]
        Assignment.objects.filter(pk__in=replaced_ids).update(
            status=AssignmentStatus.REPLACED, updated_at=timezone.now()
        )
        new_rows = []
        for i, j in zip(*result.assignment.nonzero(), strict=True):
            proposal, reviewer = built.proposals[int(i)], built.reviewers[int(j)]
            if (proposal.pk, reviewer.expert_id) in kept_pairs:
                continue
            new_rows.append(
                Assignment(
                    run=run,
                    proposal=proposal,
                    expert_id=reviewer.expert_id,
                    stage=stage,
                    affinity=float(built.problem.affinity[int(i), int(j)]),
                )
            )
        Assignment.objects.bulk_create(new_rows)
        audit_append(
            actor=actor,
            action="evaluation.assignment_run",
            obj=run,
            payload={
                "call": call.code,
                "stage": stage,
                "mode": str(mode),
                "status": str(run.status),
                "objective": str(round(result.objective, 6)),
                "proven_optimal": result.proven_optimal,
                "pairs": sorted([a.proposal.reference, a.expert_id] for a in new_rows),
                "kept": sorted([a.proposal_id, a.expert_id] for a in built.kept),
                "replaced": len(replaced_ids),
            },
        )
    return run


def assignment_add(*, actor: object | None, proposal: Proposal, expert: Expert, stage: int = 1) -> Assignment:
    """Assign a reviewer by hand (after a release, say): the proposal must be in the stage (shortlisted, in a
    later stage), the expert in the pool, free of conflicts with the proposal, below their maximum load in the
    call, and not already assigned to it."""
    _check_stage(proposal.call, stage)
    with transaction.atomic():
        call = _locked_call(proposal.call)
        _check_in_stage(call, proposal, stage)
        reviewer = CallReviewer.objects.filter(call=call, expert=expert).first()
        if reviewer is None:
            raise DomainError("not_in_pool", _("This expert is not in the call's pool."), field="expert")
        if Conflict.objects.filter(proposal=proposal, expert=expert, overridden_at__isnull=True).exists():
            raise ConflictError(
                "pair_conflicted", _("This reviewer has a conflict of interest with the proposal."), field="expert"
            )
        if Assignment.objects.filter(
            proposal=proposal, expert=expert, stage=stage, status=AssignmentStatus.ACTIVE
        ).exists():
            raise ConflictError("already_assigned", _("This reviewer is already assigned to the proposal."))
        held = Assignment.objects.filter(
            proposal__call=call, expert=expert, stage=stage, status=AssignmentStatus.ACTIVE
        ).count()
        if held >= reviewer.load_max:
            raise ConflictError(
                "load_full",
                _("This reviewer already has %(count)d proposals, their maximum in this call.") % {"count": held},
                field="expert",
            )
        assignment = Assignment.objects.create(proposal=proposal, expert=expert, stage=stage)
        audit_append(
            actor=actor,
            action="evaluation.assignment_add",
            obj=assignment,
            payload={"proposal": proposal.reference, "expert": expert.pk, "stage": stage},
        )
    return assignment


# ---------------------------------------------------------------------------------------------------------
# The shortlist of a later stage


def _references(proposals: Sequence[Proposal]) -> str:
    return ", ".join(sorted(p.reference for p in proposals))


def shortlist_set(
    *, actor: object | None, call: Call, stage: int = 2, proposals: Sequence[Proposal]
) -> list[StageEntry]:
    """Make ``proposals`` the shortlist of a later review stage, replacing the one before: only they are
    assigned reviewers and reviewed in that stage. Each must be in review in the call. A proposal whose review
    in the stage has started cannot leave the shortlist; the stage's active assignments of the proposals that
    leave it are marked replaced. Only the call's programme managers may do it. Returns the new shortlist, by
    proposal reference."""
    user = _need_user(actor)
    if not selectors.may_manage_call(user, call):
        raise PermissionDenied("forbidden", _("You may not do this."))
    _check_stage(call, stage)
    if stage < 2:
        raise DomainError(
            "invalid_stage",
            _("Stage 1 covers every proposal in review; only a later stage has a shortlist."),
            field="stage",
        )
    wanted = list(dict.fromkeys(p.pk for p in proposals))
    with transaction.atomic():
        call = _locked_call(call)
        in_review = {p.pk: p for p in selectors.proposals_for_review(call)}
        outside = [p for p in proposals if p.pk not in in_review]
        if outside:
            unique = list({p.pk: p for p in outside}.values())
            raise DomainError(
                "not_in_review",
                ngettext(
                    "Proposal %(references)s is not in review in this call.",
                    "Proposals %(references)s are not in review in this call.",
                    len(unique),
                )
                % {"references": _references(unique)},
                field="proposals",
            )
        entries = {
            e.proposal_id: e for e in StageEntry.objects.filter(call=call, stage=stage).select_related("proposal")
        }
        keep = set(wanted)
        removed = [entry for pk, entry in entries.items() if pk not in keep]
        added = [in_review[pk] for pk in wanted if pk not in entries]
        leaving = list(
            Assignment.objects.select_for_update().filter(
                proposal_id__in=[e.proposal_id for e in removed], stage=stage, status=AssignmentStatus.ACTIVE
            )
        )
        started = selectors.started_review_ids([a.pk for a in leaving])
        if started:
            kept = list({a.proposal_id: entries[a.proposal_id].proposal for a in leaving if a.pk in started}.values())
            raise ConflictError(
                "review_started",
                ngettext(
                    "The stage %(stage)d review of %(references)s has started; it stays on the shortlist.",
                    "The stage %(stage)d reviews of %(references)s have started; they stay on the shortlist.",
                    len(kept),
                )
                % {"stage": stage, "references": _references(kept)},
                field="proposals",
            )
        replaced = Assignment.objects.filter(pk__in=[a.pk for a in leaving]).update(
            status=AssignmentStatus.REPLACED, updated_at=timezone.now()
        )
        StageEntry.objects.filter(pk__in=[e.pk for e in removed]).delete()
        new_entries = [StageEntry(call=call, proposal=p, stage=stage, created_by=user) for p in added]
        for entry in new_entries:
            full_clean(entry, exclude=["call", "proposal", "created_by"])
        StageEntry.objects.bulk_create(new_entries)
        audit_append(
            actor=actor,
            action="evaluation.shortlist_set",
            obj=call,
            payload={
                "call": call.code,
                "stage": stage,
                "added": sorted(p.reference for p in added),
                "removed": sorted(e.proposal.reference for e in removed),
                "count": len(wanted),
                "replaced": replaced,
            },
        )
    return list(selectors.shortlist(call, stage))


# ---------------------------------------------------------------------------------------------------------
# Reviews


def _deadline_passed(call: Call, now: datetime) -> bool:
    return call.review_deadline is not None and now >= call.review_deadline


def _clean_scores(
    criteria: dict[int, RubricCriterion], scores: Mapping[int, tuple[int | None, str]], *, submit: bool
) -> dict[int, tuple[int | None, str]]:
    """Scores checked against the rubric: known criteria, within their scale, all of them to submit."""
    collector = ProblemCollector()
    clean: dict[int, tuple[int | None, str]] = {}
    for criterion_id, (score, comment) in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            message = _("Criterion %(id)s is not in this call's rubric.") % {"id": criterion_id}
            collector.add("scores", "unknown_criterion", message)
            continue
        if score is not None and not criterion.scale_min <= score <= criterion.scale_max:
            collector.add(
                f"score_{criterion.pk}",
                "score_out_of_scale",
                _("Score %(name)s from %(min)d to %(max)d.")
                % {"name": criterion.name, "min": criterion.scale_min, "max": criterion.scale_max},
            )
        clean[criterion.pk] = (score, (comment or "").strip())
    if submit and not criteria:
        collector.add(None, "no_rubric", _("This call has no scoring rubric for this stage yet."))
    if submit:
        for criterion in criteria.values():
            if clean.get(criterion.pk, (None, ""))[0] is None:
                collector.add(
                    f"score_{criterion.pk}",
                    "score_required",
                    _("Score %(name)s before submitting.") % {"name": criterion.name},
                )
    collector.raise_if_any()
    return clean


def _store_scores(review: Review, clean: dict[int, tuple[int | None, str]]) -> set[int]:
    kept = {cid for cid, (score, _c) in clean.items() if score is not None}
    ReviewScore.objects.filter(review=review).exclude(criterion_id__in=kept).delete()
    existing = {s.criterion_id: s for s in ReviewScore.objects.filter(review=review)}
    for cid in kept:
        score, comment = clean[cid]
        assert score is not None  # noqa: S101 - kept holds scored criteria only
        row = existing.get(cid)
        if row is None:
            ReviewScore.objects.create(review=review, criterion_id=cid, score=score, comment=comment)
        elif (row.score, row.comment) != (score, comment):
            row.score, row.comment = score, comment
            row.save(update_fields=["score", "comment", "updated_at"])
    return kept


def _stale() -> ConflictError:
    return ConflictError(
        "stale_version", _("This review changed since you opened it. Reload it and try again."), field="version"
    )


def review_save(
    *,
    actor: object | None,
    assignment: Assignment,
    version: int | None,
    scores: Mapping[int, tuple[int | None, str]],
    comments: str = "",
    confidential_comments: str = "",
    submit: bool = False,
) -> Review:
    """Save the reviewer's scores (criterion id -> (score or None, comment)) and comments as a draft, or
    submit them (``submit``): every criterion of the stage scored within its scale, before the deadline. The
    overall score is the weighted mean of the criterion scores. ``version`` is the review's version last read
    (None before the first save); an older one is refused, so two tabs cannot overwrite each other."""
    user = _need_user(actor)
    now = timezone.now()
    call = assignment.proposal.call
    criteria = {
        c.pk: c for c in RubricCriterion.objects.filter(call=call, stage=assignment.stage).order_by("order", "pk")
    }
    clean = _clean_scores(criteria, scores, submit=submit)
    with transaction.atomic():
        _locked_call(call)
        current = Assignment.objects.select_for_update().select_related("expert__person").get(pk=assignment.pk)
        if current.expert.person.user_id != user.pk or current.status != AssignmentStatus.ACTIVE:
            raise NotFound("not_found", _("There is no such record."))
        if _deadline_passed(call, now):
            raise ConflictError(
                "review_closed",
                _("Reviews for this call closed at %(deadline)s.")
                % {"deadline": timezone.localtime(call.review_deadline).strftime("%Y-%m-%d %H:%M")},
            )
        review = selectors.review_of(current)
        if review is None:
            if version not in (None, 0):
                raise _stale()
            review = Review(assignment=current)
        else:
            if review.status == ReviewStatus.SUBMITTED:
                raise ConflictError("review_submitted", _("This review is already submitted."))
            if version != review.version:
                raise _stale()
            review.version += 1
        review.comments = comments.strip()
        review.confidential_comments = confidential_comments.strip()
        if submit:
            weights = sum((criteria[cid].weight for cid in criteria), Decimal(0))
            total = sum((criteria[cid].weight * Decimal(clean[cid][0] or 0) for cid in criteria), Decimal(0))
            review.overall = (total / weights).quantize(_OVERALL, rounding=ROUND_HALF_EVEN)
            review.status = ReviewStatus.SUBMITTED
            review.submitted_at = now
        full_clean(review, exclude=["assignment"])
        review.save()
        kept = _store_scores(review, clean)
        audit_append(
            actor=actor,
            action="evaluation.review_submit" if submit else "evaluation.review_save",
            obj=review,
            payload={
                "assignment": current.pk,
                "proposal": current.proposal_id,
                "version": review.version,
                "scores": {str(cid): clean[cid][0] for cid in sorted(kept)},
                "overall": str(review.overall) if review.overall is not None else None,
            },
        )
    return review


# ---------------------------------------------------------------------------------------------------------
# Reminders


@dataclass(frozen=True)
class ReminderReport:
    sent: int
    reviewers: list[int]
    skipped: str = ""


def reminders_send(*, call: Call, days_before: int = REMINDER_DAYS, now: datetime | None = None) -> ReminderReport:
    """E-mail each reviewer who has unsubmitted reviews in the call, once, when the deadline is at most
    ``days_before`` days away and not passed. One message per reviewer lists their proposals."""
    now = now or timezone.now()
    if call.review_deadline is None:
        return ReminderReport(0, [], "no_deadline")
    if now >= call.review_deadline:
        return ReminderReport(0, [], "closed")
    if now < call.review_deadline - timedelta(days=days_before):
        return ReminderReport(0, [], "too_early")
    pending: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in selectors.unsubmitted_assignments(call).filter(reminded_at__isnull=True):
        pending[assignment.expert_id].append(assignment)
    sent: list[int] = []
    for expert_id, assignments in pending.items():
        person = assignments[0].expert.person
        address = person.email or (person.user.email if person.user_id and person.user else "")
        if not address:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            deadline = timezone.localtime(call.review_deadline).strftime("%Y-%m-%d %H:%M")
            subject = _("Reminder: %(count)d review(s) due by %(deadline)s") % {
                "count": len(assignments),
                "deadline": deadline,
            }
            lines = [
                _("Dear %(name)s,") % {"name": str(person)},
                "",
                _("These reviews for the call %(call)s are due by %(deadline)s (zone time) and not submitted yet:")
                % {"call": call.title, "deadline": deadline},
                "",
                *[f"  {a.proposal.reference}  {a.proposal.title}" for a in assignments],
                "",
                _("Sign in and open “My reviews” to finish them."),
            ]
        send_mail(subject, "\n".join(lines), None, [address])
        with transaction.atomic():
            Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(reminded_at=now, updated_at=now)
            audit_append(
                actor=None,
                action="evaluation.reminder_send",
                obj=call,
                payload={"expert": expert_id, "assignments": sorted(a.pk for a in assignments)},
            )
        sent.append(expert_id)
    return ReminderReport(len(sent), sorted(sent))


def reminders_enqueue(*, call: Call, days_before: int = REMINDER_DAYS) -> Any:
    """Queue the reminder task for the call: to run ``days_before`` days before its deadline when the task
    backend can defer work, otherwise now (the task does nothing before its time, so a daily
    ``hetao evaluation remind`` catches it)."""
    from django_tasks import default_task_backend

    from hetao.evaluation.tasks import review_reminders

    if call.review_deadline is None:
        raise DomainError("no_deadline", _("This call has no review deadline."), field="review_deadline")
    task = review_reminders
    when = call.review_deadline - timedelta(days=days_before)
    if default_task_backend.supports_defer and when > timezone.now():
        task = task.using(run_after=when)
    return task.enqueue(call_id=call.pk, days_before=days_before)
