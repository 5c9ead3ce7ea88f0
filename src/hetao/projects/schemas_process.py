"""What the process API (milestones, reports, amendments, acceptance) reads and writes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from hetao.core.api import PageOut
from hetao.projects.domain.process import report_opens_on
from hetao.projects.enums import (
    AcceptanceOutcome,
    AmendmentKind,
    AmendmentStatus,
    MemberRole,
    MilestoneKind,
    ReportKind,
    ReportStatus,
)
from hetao.projects.models import Acceptance, Amendment, Milestone, Project, Report

# --- Milestones ------------------------------------------------------------------------------------------


class MilestoneIn(Schema):
    kind: MilestoneKind = MilestoneKind.MILESTONE
    title: str
    description: str = ""
    due_date: date = Field(description="Within the project's start and end dates")


class MilestoneUpdateIn(Schema):
    """Only the fields sent are changed."""

    kind: MilestoneKind | None = None
    title: str | None = None
    description: str | None = None
    due_date: date | None = None


class MilestoneDoneIn(Schema):
    done_on: date = Field(description="Not before the project's start, not after today (zone time)")


class MilestoneOut(Schema):
    id: int
    project: int
    kind: MilestoneKind
    title: str
    description: str
    due_date: date
    done_on: date | None
    overdue: bool = Field(description="Not reached and its due date has passed")

    @classmethod
    def of(cls, milestone: Milestone, today: date) -> MilestoneOut:
        return cls(
            id=milestone.pk,
            project=milestone.project_id,
            kind=MilestoneKind(milestone.kind),
            title=milestone.title,
            description=milestone.description,
            due_date=milestone.due_date,
            done_on=milestone.done_on,
            overdue=milestone.done_on is None and milestone.due_date < today,
        )


class MilestonePage(PageOut):
    items: list[MilestoneOut]


# --- Reports ---------------------------------------------------------------------------------------------


class ReportSummaryOut(Schema):
    id: int
    project: int
    kind: ReportKind
    number: int
    period_start: date
    period_end: date
    due_date: date
    status: ReportStatus
    overdue: bool = Field(description="Due or returned, and its due date has passed")
    submitted_at: datetime | None
    decided_at: datetime | None
    version: int

    @classmethod
    def fields_of(cls, report: Report, today: date) -> dict[str, Any]:
        return {
            "id": report.pk,
            "project": report.project_id,
            "kind": ReportKind(report.kind),
            "number": report.number,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "due_date": report.due_date,
            "status": ReportStatus(report.status),
            "overdue": report.status in (ReportStatus.DUE, ReportStatus.RETURNED) and report.due_date < today,
            "submitted_at": report.submitted_at,
            "decided_at": report.decided_at,
            "version": report.version,
        }

    @classmethod
    def of(cls, report: Report, today: date) -> ReportSummaryOut:
        return cls(**cls.fields_of(report, today))


class ReportPage(PageOut):
    items: list[ReportSummaryOut]


class ReportOut(ReportSummaryOut):
    opens_on: date = Field(description="The first day it may be submitted")
    narrative: str
    statement: dict[str, Any] = Field(description="The financial statement frozen at submission (empty before)")
    comments: str

    @classmethod
    def of(cls, report: Report, today: date) -> ReportOut:
        return cls(
            **cls.fields_of(report, today),
            opens_on=report_opens_on(report, report.project),
            narrative=report.narrative,
            statement=report.statement,
            comments=report.comments,
        )


class ReportSubmitIn(Schema):
    narrative: str
    version: int = Field(description="The report's version as last read")


class ReportDecideIn(Schema):
    approve: bool = Field(description="True approves; false returns the report for changes")
    comments: str = Field("", description="Required to return a report")
    version: int = Field(description="The report's version as last read")


# --- Amendments ------------------------------------------------------------------------------------------


class LineChangeIn(Schema):
    """An existing line by ``line`` id, or a new line by ``category`` code, ``year`` and ``currency``."""

    line: int | None = None
    category: str | None = None
    year: int | None = None
    currency: str | None = None
    amount: Decimal


class MemberAddIn(Schema):
    person: int
    organisation: int | None = None
    role: MemberRole


class AmendmentIn(Schema):
    kind: AmendmentKind
    reason: str
    new_end_date: date | None = Field(None, description="extension: after the current end date and today")
    lines: list[LineChangeIn] | None = Field(
        None, description="budget_revision: new amounts; each currency's total must stay the same"
    )
    add: list[MemberAddIn] | None = Field(None, description="team_change: people to add")
    remove: list[int] | None = Field(None, description="team_change: ids of members to remove")

    def change(self) -> dict[str, Any]:
        """The service's keyword arguments for this kind (other fields are ignored)."""
        if self.kind == AmendmentKind.EXTENSION:
            return {"new_end_date": self.new_end_date}
        if self.kind == AmendmentKind.BUDGET_REVISION:
            return {"lines": [entry.model_dump(exclude_none=True) for entry in self.lines or []]}
        return {
            "add": [{**entry.model_dump(), "role": entry.role.value} for entry in self.add or []],
            "remove": list(self.remove or []),
        }


class AmendmentOut(Schema):
    id: int
    project: int
    kind: AmendmentKind
    status: AmendmentStatus
    reason: str
    change: dict[str, Any] = Field(description="What was asked for, with the values it replaces")
    requested_by: int
    requested_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    decision_note: str
    version: int

    @classmethod
    def of(cls, amendment: Amendment) -> AmendmentOut:
        return cls(
            id=amendment.pk,
            project=amendment.project_id,
            kind=AmendmentKind(amendment.kind),
            status=AmendmentStatus(amendment.status),
            reason=amendment.reason,
            change=amendment.payload,
            requested_by=amendment.requested_by_id,
            requested_at=amendment.created_at,
            decided_by=amendment.decided_by_id,
            decided_at=amendment.decided_at,
            decision_note=amendment.decision_note,
            version=amendment.version,
        )


class AmendmentPage(PageOut):
    items: list[AmendmentOut]


class AmendmentDecideIn(Schema):
    approve: bool
    note: str = Field("", description="Required to reject")
    version: int = Field(description="The amendment's version as last read")


class VersionIn(Schema):
    version: int | None = Field(None, description="The version as last read; omitted: not checked")


# --- Final acceptance ------------------------------------------------------------------------------------


class AcceptanceOut(Schema):
    project: int
    project_status: str
    project_version: int = Field(description="Send it back to decide")
    final_report_status: ReportStatus | None
    statement_uploaded: bool
    statement_name: str | None
    statement_sha256: str | None
    outcome: AcceptanceOutcome | None
    conditions: str
    unspent: dict[str, str] = Field(description="Per currency, to the cent: recorded at the decision")
    decided_at: datetime | None

    @classmethod
    def of(cls, project: Project, acceptance: Acceptance | None, final: Report | None) -> AcceptanceOut:
        decided = acceptance is not None and bool(acceptance.outcome)
        return cls(
            project=project.pk,
            project_status=project.status,
            project_version=project.version,
            final_report_status=ReportStatus(final.status) if final is not None else None,
            statement_uploaded=acceptance is not None,
            statement_name=acceptance.auditor_statement_name if acceptance is not None else None,
            statement_sha256=acceptance.auditor_statement_sha256 if acceptance is not None else None,
            outcome=AcceptanceOutcome(acceptance.outcome) if acceptance is not None and decided else None,
            conditions=acceptance.conditions if acceptance is not None else "",
            unspent=acceptance.unspent if acceptance is not None and decided else {},
            decided_at=acceptance.decided_at if acceptance is not None else None,
        )


class AcceptanceDecideIn(Schema):
    outcome: AcceptanceOutcome
    conditions: str = Field("", description="Required when accepted with conditions")
    version: int = Field(description="The project's version as last read (project_version)")
