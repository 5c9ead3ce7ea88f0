"""Money moving in a project: disbursements in instalments (and their cross-boundary remittance), recorded
expenditure against budget lines, and virements between lines."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.projects.enums import DisbursementCondition, DisbursementStatus, ExpenditureStatus, VirementStatus
from hetao.projects.models.projects import MONEY, BudgetLine, FundingSource, Project
from hetao.zone.enums import Currency
from hetao.zone.models.base import TimeStamped

RATE: dict[str, Any] = {"max_digits": 18, "decimal_places": 8}


class Disbursement(TimeStamped):
    """One instalment of a funding source, released when its condition is met: the project's start, the
    approval of progress report ``report_number``, or final acceptance."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="disbursements")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="disbursements")
    number = models.PositiveSmallIntegerField(_("instalment"))
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    condition = models.CharField(_("released on"), max_length=20, choices=DisbursementCondition.choices)
    report_number = models.PositiveSmallIntegerField(_("report"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DisbursementStatus.choices, default=DisbursementStatus.SCHEDULED
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["project", "source", "number"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="disbursement_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="disbursement_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="released") | models.Q(released_at__isnull=False),
                name="disbursement_released_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} #{self.number}"


class Remittance(TimeStamped):
    """A released disbursement sent across the boundary: what was sent, what arrived, at which rate."""

    disbursement = models.ForeignKey(Disbursement, on_delete=models.PROTECT, related_name="remittances")
    sent_amount = models.DecimalField(_("amount sent"), **MONEY)
    sent_currency = models.CharField(_("currency sent"), max_length=3, choices=Currency.choices)
    received_amount = models.DecimalField(_("amount received"), **MONEY)
    received_currency = models.CharField(_("currency received"), max_length=3, choices=Currency.choices)
    rate = models.DecimalField(_("rate"), **RATE)
    rate_date = models.DateField(_("rate date"))
    rate_source = models.CharField(_("rate source"), max_length=100)
    remitted_on = models.DateField(_("remitted on"))
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["disbursement", "remitted_on", "pk"]
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent_amount__gt=0, received_amount__gt=0, rate__gt=0), name="remittance_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sent_amount} {self.sent_currency} -> {self.received_amount} {self.received_currency}"


class Expenditure(TimeStamped):
    """Money spent on a budget line: in its own currency, converted to the line's at the rate it records.
    ``recorded`` expenditure counts in the line's ``spent``; one that would overspend the line waits for the
    manager's approval when the programme allows it (``awaiting_approval``, not counted until approved)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="expenditures")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="expenditures")
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    line_amount = models.DecimalField(_("amount in the line's currency"), **MONEY)
    rate = models.DecimalField(_("rate"), **RATE, null=True, blank=True)
    rate_date = models.DateField(_("rate date"), null=True, blank=True)
    rate_source = models.CharField(_("rate source"), max_length=100, blank=True)
    payee = models.CharField(_("payee"), max_length=200)
    description = models.TextField(_("description"))
    receipt = models.FileField(_("receipt"), upload_to="receipts/%Y/")
    receipt_name = models.CharField(_("receipt file name"), max_length=255)
    receipt_kind = models.CharField(_("receipt type"), max_length=10)
    receipt_sha256 = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=ExpenditureStatus.choices, default=ExpenditureStatus.RECORDED
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["project", "-spent_on", "-pk"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0, line_amount__gt=0), name="expenditure_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} to {self.payee}"


class Virement(TimeStamped):
    """Money moved from one budget line to another of the same currency. Within the programme's limit (or
    between lump-sum categories) it applies at once; above it, it waits for the manager."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="virements")
    from_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="virements_out")
    to_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="virements_in")
    amount = models.DecimalField(_("amount"), **MONEY)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=VirementStatus.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["project", "-created_at", "-pk"]
        verbose_name = _("virement")
        verbose_name_plural = _("virements")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="virement_positive"),
            models.CheckConstraint(condition=~models.Q(from_line=models.F("to_line")), name="virement_two_lines"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.from_line_id} -> {self.to_line_id}"
