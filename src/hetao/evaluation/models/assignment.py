from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.evaluation.enums import AssignmentMode, AssignmentStatus, ConflictKind, PairRuleKind, RunStatus
from hetao.experts.models import Expert
from hetao.programmes.models import Call, Proposal
from hetao.zone.models.base import TimeStamped


class CallReviewer(TimeStamped):
    """An expert invited to review for a call, with the loads they take on in it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewers")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="calls", verbose_name=_("expert"))
    load_min = models.PositiveSmallIntegerField(_("minimum proposals"), default=0)
    load_max = models.PositiveSmallIntegerField(_("maximum proposals"), default=6)

    class Meta:
        ordering = ["call", "pk"]
        verbose_name = _("call reviewer")
        verbose_name_plural = _("call reviewers")
        constraints = [
            models.UniqueConstraint(fields=["call", "expert"], name="callreviewer_unique"),
            models.CheckConstraint(condition=models.Q(load_max__gte=models.F("load_min")), name="callreviewer_loads"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.expert_id}"


class Conflict(TimeStamped):
    """A conflict of interest between a proposal and an expert, with its reason and evidence. Found
    automatically or declared; a manager may override it with a written reason (``overridden_at`` set)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="conflicts")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("reason"), max_length=30, choices=ConflictKind.choices)
    detail = models.TextField(_("evidence"), blank=True)
    # What was found, structured, so that pages can say it in the reader's language (see domain.messages).
    evidence = models.JSONField(_("evidence (structured)"), default=list, blank=True)
    # False for a conflict the reviewer declared on an assigned proposal: detection never removes it.
    automatic = models.BooleanField(_("found automatically"), default=True)
    override_reason = models.TextField(_("reason for overriding"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "expert", "kind"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "expert", "kind"], name="conflict_unique"),
            models.CheckConstraint(
                condition=models.Q(overridden_at__isnull=True) | ~models.Q(override_reason=""),
                name="conflict_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} x {self.expert_id}: {self.kind}"

    @property
    def blocks(self) -> bool:
        return self.overridden_at is None


class PairRule(TimeStamped):
    """A manager's instruction for the next assignment runs: use this pair (pin) or never use it (forbid)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="pair_rules")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="pair_rules")
    stage = models.PositiveSmallIntegerField(_("review stage"), default=1)
    kind = models.CharField(_("rule"), max_length=10, choices=PairRuleKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["proposal", "expert"]
        verbose_name = _("pinned or forbidden pair")
        verbose_name_plural = _("pinned or forbidden pairs")
        constraints = [models.UniqueConstraint(fields=["proposal", "expert", "stage"], name="pairrule_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.proposal_id} x {self.expert_id}"


class AssignmentRun(TimeStamped):
    """One run of the assignment engine for a call's stage: inputs summarised, outcome, and (when it failed)
    the reasons. The latest solved run that a manager applied is the one in force."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="assignment_runs")
    stage = models.PositiveSmallIntegerField(_("review stage"), default=1)
    mode = models.CharField(_("mode"), max_length=10, choices=AssignmentMode.choices, default=AssignmentMode.TOTAL)
    status = models.CharField(_("outcome"), max_length=20, choices=RunStatus.choices)
    objective = models.FloatField(_("total affinity"), null=True, blank=True)
    worst_proposal_affinity = models.FloatField(_("lowest affinity of any proposal"), null=True, blank=True)
    # False when the fairness mode's time limit cut the solver short; ``worst_bound`` is then the proven bound.
    proven_optimal = models.BooleanField(_("proven optimal"), default=True)
    worst_bound = models.FloatField(_("bound on the lowest affinity"), null=True, blank=True)
    reasons = models.JSONField(_("why no assignment exists"), default=list, blank=True)
    seconds = models.FloatField(_("solver time (s)"), default=0.0)
    proposals = models.PositiveIntegerField(default=0)
    reviewers = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["call", "-created_at", "-pk"]
        verbose_name = _("assignment run")
        verbose_name_plural = _("assignment runs")

    def __str__(self) -> str:
        return f"{self.call_id} stage {self.stage} run {self.pk}"


class Assignment(TimeStamped):
    """A reviewer assigned to a proposal in one stage, by a run (or by hand, ``run`` empty)."""

    run = models.ForeignKey(AssignmentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="pairs")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    stage = models.PositiveSmallIntegerField(_("review stage"), default=1)
    affinity = models.FloatField(_("affinity"), default=0.0)
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE
    )
    released_reason = models.TextField(_("reason released"), blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "stage", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "expert", "stage"],
                condition=models.Q(status="active"),
                name="assignment_active_pair_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} x {self.expert_id} (stage {self.stage})"


class StageEntry(TimeStamped):
    """A proposal advanced to a later review stage of its call: the stage's shortlist. Stage 1 covers every
    proposal in review and has no entries; a later stage covers only the proposals entered for it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="stage_entries")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="stage_entries")
    stage = models.PositiveSmallIntegerField(_("review stage"), default=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["call", "stage", "proposal"]
        verbose_name = _("shortlisted proposal")
        verbose_name_plural = _("shortlisted proposals")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "stage"], name="stageentry_unique"),
            models.CheckConstraint(condition=models.Q(stage__gte=2), name="stageentry_later_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} in stage {self.stage}"
