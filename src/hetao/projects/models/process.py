"""The process of a project: progress and final reports, amendments, and the final acceptance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.projects.enums import AcceptanceOutcome, AmendmentKind, AmendmentStatus, ReportKind, ReportStatus
from hetao.projects.models.projects import Project
from hetao.zone.models.base import TimeStamped


class Report(TimeStamped):
    """A progress or final report, due on the programme's schedule: a narrative and the financial statement
    built from the recorded expenditure when it was submitted (``statement``, frozen)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE)
    narrative = models.TextField(_("narrative"), blank=True)
    statement = models.JSONField(_("financial statement"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    comments = models.TextField(_("comments"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["project", "due_date", "number"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "number"], name="report_once"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="report_period"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind} {self.number}"


class Amendment(TimeStamped):
    """A requested change to a project, applied only when a manager approves it: a no-cost extension
    (``payload``: new end date), a budget revision (new line amounts) or a team change (members added and
    removed)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="amendments")
    kind = models.CharField(_("kind"), max_length=20, choices=AmendmentKind.choices)
    payload = models.JSONField(_("change"), default=dict)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=20, choices=AmendmentStatus.choices, default=AmendmentStatus.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["project", "-created_at", "-pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind} ({self.status})"


class Acceptance(TimeStamped):
    """The final acceptance of a project: the auditor's statement, the decision, the conditions, and the
    unspent balance per currency to return. Deciding it closes the project."""

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="acceptance")
    auditor_statement = models.FileField(_("auditor's statement"), upload_to="audits/%Y/")
    auditor_statement_name = models.CharField(_("file name"), max_length=255)
    auditor_statement_sha256 = models.CharField(max_length=64)
    outcome = models.CharField(_("decision"), max_length=30, choices=AcceptanceOutcome.choices, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    unspent = models.JSONField(_("unspent balance to return"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["project"]
        verbose_name = _("final acceptance")
        verbose_name_plural = _("final acceptances")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="accepted_with_conditions") | ~models.Q(conditions=""),
                name="acceptance_conditions_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.outcome or 'pending'}"
