"""What a project owes and when (reads only): overdue reports, what is due next, and the overdue reports that
block an investigator's new proposals when their programme says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from hetao.projects.enums import (
    DisbursementCondition,
    DisbursementStatus,
    MemberRole,
    ProjectStatus,
    ReportKind,
    ReportStatus,
)
from hetao.projects.models import Disbursement, Milestone, Project, Report

# A report the investigators still have to (re)submit.
OPEN_REPORT_STATUSES = (ReportStatus.DUE, ReportStatus.RETURNED)
INVESTIGATOR_ROLES = (MemberRole.PRINCIPAL_INVESTIGATOR, MemberRole.CO_INVESTIGATOR)


def report_label(report: Report) -> str:
    """How a report is named to a person: "progress report 2", "final report"."""
    if report.kind == ReportKind.FINAL:
        return _("final report")
    return _("progress report %(number)d") % {"number": report.number}


@dataclass(frozen=True)
class DueItem:
    """One thing due on a project: a report to submit, a milestone to reach, or an instalment waiting for its
    condition (dated by the report whose approval releases it)."""

    kind: str  # "report", "milestone" or "instalment"
    due_date: date
    overdue: bool
    title: str
    report: Report | None = None
    milestone: Milestone | None = None
    disbursement: Disbursement | None = None


def overdue_reports(project: Project, today: date) -> list[Report]:
    """Reports of the project whose due date has passed and that are still due or returned."""
    return list(
        Report.objects.filter(project=project, status__in=OPEN_REPORT_STATUSES, due_date__lt=today).order_by(
            "due_date", "number"
        )
    )


def _instalment_dates(reports: list[Report]) -> tuple[dict[int, date], date | None]:
    progress = {r.number: r.due_date for r in reports if r.kind == ReportKind.PROGRESS}
    final = next((r.due_date for r in reports if r.kind == ReportKind.FINAL), None)
    return progress, final


def due_next(project: Project, today: date, limit: int = 5) -> list[DueItem]:
    """The project's open reports, milestones not reached and scheduled instalments, soonest first (overdue
    ones first of all), at most ``limit``."""
    reports = list(Report.objects.filter(project=project).order_by("due_date", "number"))
    progress_dates, final_date = _instalment_dates(reports)
    items = [
        DueItem(
            kind="report",
            due_date=r.due_date,
            overdue=r.due_date < today,
            title=report_label(r),
            report=r,
        )
        for r in reports
        if r.status in OPEN_REPORT_STATUSES
    ]
    items += [
        DueItem(kind="milestone", due_date=m.due_date, overdue=m.due_date < today, title=m.title, milestone=m)
        for m in Milestone.objects.filter(project=project, done_on__isnull=True).order_by("due_date", "pk")
    ]
    for d in Disbursement.objects.filter(project=project, status=DisbursementStatus.SCHEDULED).order_by(
        "source__park__order", "number"
    ):
        when = (
            progress_dates.get(d.report_number or 0, final_date)
            if d.condition == DisbursementCondition.REPORT_APPROVED
            else final_date
        )
        if when is None:
            continue
        # An instalment is never "overdue" on the investigators: it waits for a decision.
        items.append(
            DueItem(
                kind="instalment",
                due_date=when,
                overdue=False,
                title=_("Instalment %(number)d (%(currency)s)") % {"number": d.number, "currency": d.currency},
                disbursement=d,
            )
        )
    order = {"report": 0, "milestone": 1, "instalment": 2}
    items.sort(key=lambda item: (item.due_date, order[item.kind]))
    return items[: max(0, limit)]


def blocking_reports_for(user: Any, today: date) -> list[Report]:
    """Overdue reports of the open projects the user leads or is an active investigator on, in programmes whose
    rules let an overdue report block new proposals (the default when a programme has no rules of its own)."""
    if not getattr(user, "is_authenticated", False):
        return []
    mine = Q(project__lead=user) | Q(
        project__members__active=True,
        project__members__person__user=user,
        project__members__role__in=INVESTIGATOR_ROLES,
    )
    blocks = Q(project__call__project_rules__overdue_blocks_proposals=True) | Q(
        project__call__project_rules__isnull=True
    )
    return list(
        Report.objects.filter(mine, blocks, status__in=OPEN_REPORT_STATUSES, due_date__lt=today)
        .exclude(project__status=ProjectStatus.CLOSED)
        .select_related("project")
        .distinct()
        .order_by("due_date", "project__reference", "number")
    )
