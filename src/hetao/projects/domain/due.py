"""What a project owes and when (reads only): overdue reports, what is due next, and the overdue reports that
block an investigator's new proposals when their programme says so."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from hetao.projects.enums import (
    MemberRole,
    ProjectStatus,
    ReportKind,
    ReportStatus,
)
from hetao.projects.models import Project, Report

# A report the investigators still have to (re)submit.
OPEN_REPORT_STATUSES = (ReportStatus.DUE, ReportStatus.RETURNED)
INVESTIGATOR_ROLES = (MemberRole.PRINCIPAL_INVESTIGATOR, MemberRole.CO_INVESTIGATOR)


def report_label(report: Report) -> str:
    """How a report is named to a person: "progress report 2", "final report"."""
    if report.kind == ReportKind.FINAL:
        return _("final report")
    return _("progress report %(number)d") % {"number": report.number}


def overdue_reports(project: Project, today: date) -> list[Report]:
    """Reports of the project whose due date has passed and that are still due or returned."""
    return list(
        Report.objects.filter(project=project, status__in=OPEN_REPORT_STATUSES, due_date__lt=today).order_by(
            "due_date", "number"
        )
    )


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
