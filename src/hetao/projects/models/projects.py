"""A project: the award of a funded proposal run from its start to its final acceptance, with its team,
funding sources, budget lines and milestones, and the rules its programme (call) sets for it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.funding.models import Award
from hetao.programmes.models import Call, CostCategory, Proposal
from hetao.projects.enums import MemberRole, MilestoneKind, ProjectStatus
from hetao.zone.enums import Currency
from hetao.zone.models import Organisation, Park, Person
from hetao.zone.models.base import TimeStamped

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


class ProgrammeRules(TimeStamped):
    """How a programme (a call) runs its projects: report schedule, virement limit, lump-sum categories,
    overspending, what an overdue report blocks, and the instalments funds are paid in. A call without a row
    uses the defaults of these fields."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="project_rules")
    report_interval_months = models.PositiveSmallIntegerField(_("progress report every (months)"), default=12)
    final_report_months = models.PositiveSmallIntegerField(_("final report within (months after the end)"), default=2)
    virement_limit_percent = models.DecimalField(
        _("virement without approval, up to (% of the receiving line)"), max_digits=5, decimal_places=2, default=10
    )
    lump_sum_categories = models.ManyToManyField(
        CostCategory, blank=True, related_name="+", verbose_name=_("lump-sum categories")
    )
    overspend_with_approval = models.BooleanField(
        _("a line may be overspent with the manager's approval"), default=False
    )
    overdue_blocks_proposals = models.BooleanField(
        _("an overdue report blocks the investigator's new proposals"), default=True
    )
    instalment_percents = models.JSONField(
        _("instalments (% of each source)"),
        default=list,
        blank=True,
        help_text=_("For example [40, 30, 30]: the first at the start, each next on an approved report"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["call"]
        verbose_name = _("programme rules for projects")
        verbose_name_plural = _("programme rules for projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(virement_limit_percent__gte=0, virement_limit_percent__lte=100),
                name="programmerules_virement_range",
            ),
            models.CheckConstraint(condition=models.Q(report_interval_months__gte=1), name="programmerules_interval"),
        ]

    def __str__(self) -> str:
        return f"rules of {self.call_id}"


class Project(TimeStamped):
    """An awarded proposal being carried out. ``end_date`` moves with approved extensions; a closed project
    cannot be changed."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="project")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="project")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(_("title"), max_length=300)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_projects", verbose_name=_("lead")
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    original_end_date = models.DateField(_("original end date"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gt=models.F("start_date")), name="project_dates"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_at__isnull=False), name="project_closed_at"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ProjectMember(TimeStamped):
    """Someone on the project's team: investigators and members from the proposal, and finance officers who
    record expenditure for the investigator. Team changes end a membership (``active`` False) or add one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["project", "role", "pk"]
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person", "role"], condition=models.Q(active=True), name="projectmember_active_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.role})"


class FundingSource(TimeStamped):
    """Who pays how much of the project, in their currency (the Shenzhen park's share in CNY, Hong Kong's in
    HKD)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sources")
    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["project", "park__order"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.UniqueConstraint(fields=["project", "park", "currency"], name="fundingsource_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fundingsource_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.park_id} {self.amount} {self.currency}"


class BudgetLine(TimeStamped):
    """The budget of one cost category, project year and currency. ``approved`` is the award's figure;
    ``amount`` the current budget after virements and revisions; ``spent`` the recorded expenditure converted
    to this currency; ``overdraft`` what a manager allowed beyond the budget. The database refuses a line whose
    spending passes its budget plus overdraft, whatever the code above it does."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="lines")
    category = models.ForeignKey(CostCategory, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("project year"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    approved = models.DecimalField(_("approved"), **MONEY)
    amount = models.DecimalField(_("budget"), **MONEY)
    spent = models.DecimalField(_("spent"), **MONEY, default=0)
    overdraft = models.DecimalField(_("approved overspend"), **MONEY, default=0)

    class Meta:
        ordering = ["project", "year", "category__order", "currency"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["project", "category", "year", "currency"], name="projectline_once"),
            models.CheckConstraint(
                condition=models.Q(approved__gte=0, amount__gte=0, spent__gte=0, overdraft__gte=0),
                name="projectline_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(spent__lte=models.F("amount") + models.F("overdraft")),
                name="projectline_not_overspent",
            ),
            models.CheckConstraint(condition=models.Q(year__gte=1), name="projectline_year_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} y{self.year} {self.currency}"

    @property
    def available(self) -> Decimal:
        """What may still be spent: budget plus approved overspend minus spent."""
        return Decimal(self.amount) + Decimal(self.overdraft) - Decimal(self.spent)


class Milestone(TimeStamped):
    """A milestone or deliverable with its due date; ``done_on`` when reached."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices, default=MilestoneKind.MILESTONE)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title
