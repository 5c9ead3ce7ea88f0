"""Reads of projects for their pages, the API and the exports: the projects a user may list, the manager's
portfolio (burn rate against elapsed time, overdue items, filters), what is due next on a project, and its
history from the audit ledger.

Burn rate is what was spent of the current budget, per currency (never added across currencies); elapsed time
is ``(today - start) / (end - start)``, capped to 0..1. A currency whose burn rate trails the elapsed time by
more than ``PACE_TOLERANCE`` is *behind* (spending slower than planned), one that leads it by more is *ahead*.
An item is overdue once its due date has passed: a report still due or returned for changes, a milestone not
reached."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hetao.accounts.domain.selectors import has_role
from hetao.audit.models import AuditEvent
from hetao.funding.domain.selectors import MANAGER_ROLES, calls_managed_by
from hetao.projects.domain.access import is_auditor
from hetao.projects.enums import DisbursementCondition, DisbursementStatus, ReportKind, ReportStatus
from hetao.projects.models import (
    Acceptance,
    Amendment,
    BudgetLine,
    Disbursement,
    Expenditure,
    FundingSource,
    Milestone,
    Project,
    ProjectMember,
    Remittance,
    Report,
    Virement,
)

PACE_TOLERANCE = Decimal("0.10")
OPEN_REPORT_STATUSES = (ReportStatus.DUE, ReportStatus.RETURNED)
HISTORY_LIMIT = 50
TENTH = Decimal("0.1")
CENT = Decimal("0.01")


class Pace:
    BEHIND = "behind"
    ON_TRACK = "on_track"
    AHEAD = "ahead"


def percent(fraction: Decimal | None) -> Decimal | None:
    """A fraction as a percentage to one decimal, rounded half up (0.25 -> 25.0)."""
    if fraction is None:
        return None
    return (fraction * 100).quantize(TENTH, rounding=ROUND_HALF_UP)


def elapsed_fraction(project: Project, today: date) -> Decimal:
    """(today - start) / (end - start), capped to 0..1."""
    total = (project.end_date - project.start_date).days
    done = (today - project.start_date).days
    if total <= 0 or done >= total:
        return Decimal(1)
    if done <= 0:
        return Decimal(0)
    return Decimal(done) / Decimal(total)


def pace_of(burn: Decimal | None, elapsed: Decimal) -> str:
    if burn is None:
        return ""
    if burn < elapsed - PACE_TOLERANCE:
        return Pace.BEHIND
    if burn > elapsed + PACE_TOLERANCE:
        return Pace.AHEAD
    return Pace.ON_TRACK


@dataclass(frozen=True)
class CurrencyBurn:
    """Budget and spending of a project in one currency, and how spending compares with elapsed time."""

    currency: str
    budget: Decimal
    spent: Decimal
    burn: Decimal | None
    pace: str

    @property
    def burn_percent(self) -> Decimal | None:
        return percent(self.burn)


@dataclass(frozen=True)
class PortfolioRow:
    project: Project
    elapsed: Decimal
    currencies: list[CurrencyBurn]
    overdue_reports: int
    overdue_milestones: int

    @property
    def elapsed_percent(self) -> Decimal:
        return percent(self.elapsed) or Decimal(0)

    @property
    def overdue(self) -> int:
        return self.overdue_reports + self.overdue_milestones


@dataclass(frozen=True)
class PortfolioFilters:
    """What the portfolio is narrowed to; empty values do not filter."""

    call: int | None = None
    status: str = ""
    park: str = ""
    overdue_only: bool = False
    query: str = ""

    def any(self) -> bool:
        return bool(self.call or self.status or self.park or self.overdue_only or self.query)


# --- Who sees which projects ------------------------------------------------------------------------------


def may_view_portfolio(user: Any) -> bool:
    """Programme managers and park administrators (of the zone or of a park) and the zone's auditors."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_auditor(user) or any(has_role(user, role, anywhere=True) for role in MANAGER_ROLES)


def may_start_projects(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(has_role(user, role, anywhere=True) for role in MANAGER_ROLES)


def portfolio_projects(user: Any) -> QuerySet[Project]:
    """The projects of a manager's portfolio: every project of the calls they manage; every project for
    auditors; none for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    if is_auditor(user):
        return Project.objects.all()
    if not may_view_portfolio(user):
        return Project.objects.none()
    return Project.objects.filter(call__in=calls_managed_by(user).values("pk"))


def _count(queryset: QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values("project").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_overdue(projects: QuerySet[Project], today: date) -> QuerySet[Project]:
    """The projects with ``overdue_reports`` and ``overdue_milestones`` counted, their call and lead."""
    reports = Report.objects.filter(project=OuterRef("pk"), due_date__lt=today, status__in=OPEN_REPORT_STATUSES)
    milestones = Milestone.objects.filter(project=OuterRef("pk"), due_date__lt=today, done_on__isnull=True)
    return projects.select_related("call", "lead", "lead__person").annotate(
        overdue_reports=_count(reports), overdue_milestones=_count(milestones)
    )


def portfolio_search(
    user: Any, filters: PortfolioFilters | None = None, *, today: date | None = None
) -> QuerySet[Project]:
    """The user's portfolio narrowed by ``filters``, by reference, with overdue counts."""
    filters = filters or PortfolioFilters()
    day = today or timezone.localdate()
    projects = with_overdue(portfolio_projects(user), day)
    if filters.call:
        projects = projects.filter(call_id=filters.call)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.park:
        projects = projects.filter(
            Exists(FundingSource.objects.filter(project=OuterRef("pk"), park__code=filters.park))
        )
    if filters.query:
        text = filters.query.strip()
        projects = projects.filter(Q(reference__icontains=text) | Q(title__icontains=text))
    if filters.overdue_only:
        projects = projects.filter(Q(overdue_reports__gt=0) | Q(overdue_milestones__gt=0))
    return projects.order_by("reference")


def budget_by_currency(projects: Iterable[Project]) -> dict[int, list[tuple[str, Decimal, Decimal]]]:
    """(currency, budget, spent) per project, in one query."""
    ids = [project.pk for project in projects]
    sums = (
        BudgetLine.objects.filter(project_id__in=ids)
        .order_by()
        .values("project_id", "currency")
        .annotate(budget=Sum("amount"), spent=Sum("spent"))
        .order_by("project_id", "currency")
    )
    found: dict[int, list[tuple[str, Decimal, Decimal]]] = defaultdict(list)
    for row in sums:
        found[row["project_id"]].append(
            (row["currency"], Decimal(row["budget"]).quantize(CENT), Decimal(row["spent"]).quantize(CENT))
        )
    return found


def burn_of(currency: str, budget: Decimal, spent: Decimal, elapsed: Decimal) -> CurrencyBurn:
    burn = spent / budget if budget > 0 else None
    return CurrencyBurn(currency=currency, budget=budget, spent=spent, burn=burn, pace=pace_of(burn, elapsed))


def portfolio_rows(projects: Iterable[Project], *, today: date | None = None) -> list[PortfolioRow]:
    """A row per project (from ``with_overdue``): elapsed time, budget, spent and burn per currency, overdue
    counts. One query for the money of every project given."""
    day = today or timezone.localdate()
    listed = list(projects)
    money = budget_by_currency(listed)
    rows = []
    for project in listed:
        elapsed = elapsed_fraction(project, day)
        rows.append(
            PortfolioRow(
                project=project,
                elapsed=elapsed,
                currencies=[burn_of(c, b, s, elapsed) for c, b, s in money.get(project.pk, [])],
                overdue_reports=int(getattr(project, "overdue_reports", 0)),
                overdue_milestones=int(getattr(project, "overdue_milestones", 0)),
            )
        )
    return rows


# --- One project ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """Something due on a project: a report, a milestone, or an instalment expected when its condition is
    met (dated by the report it waits for)."""

    kind: str
    title: str
    due_date: date
    overdue: bool
    status: str = ""
    amount: Decimal | None = None
    currency: str = ""
    object_id: int | None = None


def _report_title(report: Report) -> str:
    if report.kind == ReportKind.FINAL:
        return _("Final report")
    return _("Progress report %(number)s") % {"number": report.number}


def due_next(project: Project, *, today: date | None = None, limit: int | None = None) -> list[DueItem]:
    """Reports still to submit (or returned), milestones not reached and scheduled instalments, soonest
    first. Three queries."""
    day = today or timezone.localdate()
    reports = list(project.reports.all())
    items = [
        DueItem(
            kind="report",
            title=_report_title(report),
            due_date=report.due_date,
            overdue=report.due_date < day,
            status=report.get_status_display(),
            object_id=report.pk,
        )
        for report in reports
        if report.status in OPEN_REPORT_STATUSES
    ]
    items += [
        DueItem(
            kind="milestone",
            title=milestone.title,
            due_date=milestone.due_date,
            overdue=milestone.due_date < day,
            status=milestone.get_kind_display(),
            object_id=milestone.pk,
        )
        for milestone in project.milestones.filter(done_on__isnull=True)
    ]
    progress = {r.number: r for r in reports if r.kind == ReportKind.PROGRESS}
    final = next((r for r in reports if r.kind == ReportKind.FINAL), None)
    scheduled = project.disbursements.filter(status=DisbursementStatus.SCHEDULED).select_related("source__park")
    for instalment in scheduled:
        waits_for: Report | None = None
        if instalment.condition == DisbursementCondition.REPORT_APPROVED and instalment.report_number:
            waits_for = progress.get(instalment.report_number)
        elif instalment.condition == DisbursementCondition.ACCEPTANCE:
            waits_for = final
        expected = waits_for.due_date if waits_for is not None else project.start_date
        items.append(
            DueItem(
                kind="instalment",
                title=_("Instalment %(number)s from %(park)s")
                % {"number": instalment.number, "park": instalment.source.park.name},
                due_date=expected,
                overdue=False,
                status=instalment.get_condition_display(),
                amount=instalment.amount,
                currency=instalment.currency,
                object_id=instalment.pk,
            )
        )
    order = {"report": 0, "milestone": 1, "instalment": 2}
    items.sort(key=lambda item: (item.due_date, order[item.kind], item.object_id or 0))
    return items[:limit] if limit is not None else items


# Child records whose audit events belong to a project's history, and the path from each to the project.
_CHILDREN: tuple[tuple[type[Any], str], ...] = (
    (ProjectMember, "project"),
    (FundingSource, "project"),
    (BudgetLine, "project"),
    (Milestone, "project"),
    (Disbursement, "project"),
    (Remittance, "disbursement__project"),
    (Expenditure, "project"),
    (Virement, "project"),
    (Report, "project"),
    (Amendment, "project"),
    (Acceptance, "project"),
)


def project_events(project: Project, *, limit: int = HISTORY_LIMIT) -> list[AuditEvent]:
    """The project's events in the audit ledger and those of its records (expenditure, virements, reports,
    amendments...), newest first. One query."""
    condition = Q(object_type=project._meta.label_lower, object_id=str(project.pk))
    for model, path in _CHILDREN:
        ids = model.objects.filter(**{path: project}).order_by().values_list(Cast("pk", CharField()), flat=True)
        condition |= Q(object_type=model._meta.label_lower, object_id__in=Subquery(ids))
    return list(AuditEvent.objects.filter(condition).order_by("-sequence")[:limit])


# What people read for the actions this module knows; any other action is shown by its code.
ACTION_LABELS: dict[str, Any] = {
    "project.start": gettext_lazy("Project started"),
    "project.rules_set": gettext_lazy("Programme rules changed"),
    "project.expenditure_record": gettext_lazy("Expenditure recorded"),
    "project.expenditure_decide": gettext_lazy("Expenditure decided"),
    "project.virement_request": gettext_lazy("Virement requested"),
    "project.virement_decide": gettext_lazy("Virement decided"),
    "project.disbursement_release": gettext_lazy("Instalment released"),
    "project.remittance_record": gettext_lazy("Remittance recorded"),
    "project.milestone_add": gettext_lazy("Milestone added"),
    "project.milestone_update": gettext_lazy("Milestone changed"),
    "project.milestone_done": gettext_lazy("Milestone reached"),
    "project.report_submit": gettext_lazy("Report submitted"),
    "project.report_approve": gettext_lazy("Report approved"),
    "project.report_return": gettext_lazy("Report returned for changes"),
    "project.amendment_request": gettext_lazy("Amendment requested"),
    "project.amendment_approve": gettext_lazy("Amendment approved and applied"),
    "project.amendment_reject": gettext_lazy("Amendment rejected"),
    "project.amendment_withdraw": gettext_lazy("Amendment withdrawn"),
    "project.acceptance_submit": gettext_lazy("Auditor's statement uploaded"),
    "project.acceptance_decide": gettext_lazy("Final acceptance decided"),
}


@dataclass(frozen=True)
class HistoryItem:
    occurred_at: datetime
    action: str
    label: str
    subject: str
    actor: str


def _actor_names(labels: Iterable[str]) -> dict[str, str]:
    """``user:<id>:<username>`` -> the user's directory name (else the username); one query."""
    from django.contrib.auth import get_user_model

    ids = {
        int(parts[1]) for parts in (label.split(":", 2) for label in labels) if len(parts) == 3 and parts[1].isdigit()
    }
    names: dict[str, str] = {}
    for user in get_user_model().objects.filter(pk__in=ids).select_related("person"):
        person = getattr(user, "person", None)
        name = str(person.name) if person is not None else str(user.get_username())
        names[f"user:{user.pk}:{user.get_username()}"] = name
    return names


def project_history(project: Project, *, limit: int = HISTORY_LIMIT) -> list[HistoryItem]:
    """The project's history for people to read: when, who, what and on which record, newest first."""
    events = project_events(project, limit=limit)
    names = _actor_names(event.actor for event in events)
    subjects = {model._meta.label_lower: model._meta.verbose_name for model, _path in _CHILDREN}
    subjects[project._meta.label_lower] = Project._meta.verbose_name
    return [
        HistoryItem(
            occurred_at=event.occurred_at,
            action=event.action,
            label=str(ACTION_LABELS.get(event.action, event.action)),
            subject=capfirst(str(subjects.get(event.object_type, event.object_type))),
            actor=names.get(event.actor, _("the system") if event.actor == "system" else event.actor),
        )
        for event in events
    ]


@dataclass(frozen=True)
class SourceRow:
    source: FundingSource
    released: Decimal


def sources_with_released(project: Project) -> list[SourceRow]:
    """The funding sources and what each has released so far. Two queries."""
    released: dict[int, Decimal] = {
        row["source_id"]: Decimal(row["total"]).quantize(CENT)
        for row in Disbursement.objects.filter(project=project, status=DisbursementStatus.RELEASED)
        .order_by()
        .values("source_id")
        .annotate(total=Sum("amount"))
    }
    return [
        SourceRow(source=source, released=released.get(source.pk, Decimal(0)))
        for source in project.sources.select_related("park").order_by("park__order", "currency")
    ]


def team(project: Project) -> list[ProjectMember]:
    return list(project.members.filter(active=True).select_related("person", "organisation").order_by("role", "pk"))


@dataclass
class ProjectOverview:
    """Everything the investigator's project page and the API's detail show."""

    project: Project
    elapsed: Decimal
    currencies: list[CurrencyBurn]
    sources: list[SourceRow]
    members: list[ProjectMember]
    due: list[DueItem]
    history: list[HistoryItem] = field(default_factory=list)

    @property
    def elapsed_percent(self) -> Decimal:
        return percent(self.elapsed) or Decimal(0)


def project_overview(project: Project, *, today: date | None = None, history: bool = True) -> ProjectOverview:
    day = today or timezone.localdate()
    elapsed = elapsed_fraction(project, day)
    money = budget_by_currency([project]).get(project.pk, [])
    return ProjectOverview(
        project=project,
        elapsed=elapsed,
        currencies=[burn_of(c, b, s, elapsed) for c, b, s in money],
        sources=sources_with_released(project),
        members=team(project),
        due=due_next(project, today=day),
        history=project_history(project) if history else [],
    )
