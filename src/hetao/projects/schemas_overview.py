"""What the projects API reads and writes for the overview: projects, their detail and statement, the
portfolio, starting a project, and the programme's rules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from hetao.core.api import PageOut
from hetao.projects.domain.portfolio import CurrencyBurn, DueItem, PortfolioRow, ProjectOverview
from hetao.projects.domain.rules import lump_sum_codes
from hetao.projects.domain.selectors import Statement
from hetao.projects.enums import ProjectStatus
from hetao.projects.models import ProgrammeRules, Project


def lead_name(project: Project) -> str:
    lead: Any = project.lead
    person = getattr(lead, "person", None)
    return str(person.name) if person is not None else str(lead.get_full_name() or lead.get_username())


class ProjectOut(Schema):
    id: int
    reference: str
    title: str
    call: str = Field(description="The code of the call (programme) that funds the project")
    status: ProjectStatus
    lead: str = Field(description="The principal investigator who holds the award")
    start_date: date
    end_date: date
    overdue_reports: int
    overdue_milestones: int

    @classmethod
    def fields_of(cls, project: Project) -> dict[str, Any]:
        return {
            "id": project.pk,
            "reference": project.reference,
            "title": project.title,
            "call": project.call.code,
            "status": ProjectStatus(project.status),
            "lead": lead_name(project),
            "start_date": project.start_date,
            "end_date": project.end_date,
            "overdue_reports": int(getattr(project, "overdue_reports", 0)),
            "overdue_milestones": int(getattr(project, "overdue_milestones", 0)),
        }

    @classmethod
    def of(cls, project: Project) -> ProjectOut:
        return cls(**cls.fields_of(project))


class ProjectPage(PageOut):
    items: list[ProjectOut]


class CurrencyBurnOut(Schema):
    currency: str
    budget: Decimal
    spent: Decimal
    burn_percent: Decimal | None = Field(description="Spent of the current budget, in percent (none: no budget)")
    pace: str = Field(description="behind, on_track or ahead: spending against elapsed time")

    @classmethod
    def of(cls, burn: CurrencyBurn) -> CurrencyBurnOut:
        return cls(
            currency=burn.currency,
            budget=burn.budget,
            spent=burn.spent,
            burn_percent=burn.burn_percent,
            pace=burn.pace,
        )


class PortfolioRowOut(ProjectOut):
    elapsed_percent: Decimal = Field(description="(today - start) / (end - start), in percent, 0 to 100")
    currencies: list[CurrencyBurnOut]

    @classmethod
    def of_row(cls, row: PortfolioRow) -> PortfolioRowOut:
        return cls(
            **cls.fields_of(row.project),
            elapsed_percent=row.elapsed_percent,
            currencies=[CurrencyBurnOut.of(c) for c in row.currencies],
        )


class PortfolioPage(PageOut):
    items: list[PortfolioRowOut]


class StatementLineOut(Schema):
    line: int
    category: str
    category_name: str
    year: int
    currency: str
    approved: Decimal
    budget: Decimal
    overdraft: Decimal = Field(description="Overspending a manager approved")
    spent: Decimal
    available: Decimal


class CurrencyTotalOut(Schema):
    currency: str
    approved: Decimal
    budget: Decimal
    spent: Decimal
    available: Decimal


class StatementOut(Schema):
    project: int
    reference: str
    as_of: date
    lines: list[StatementLineOut]
    totals: list[CurrencyTotalOut] = Field(description="Per currency; amounts are never added across currencies")

    @classmethod
    def of(cls, statement: Statement, as_of: date) -> StatementOut:
        return cls(
            project=statement.project.pk,
            reference=statement.project.reference,
            as_of=as_of,
            lines=[
                StatementLineOut(
                    line=line.line_id,
                    category=line.category_code,
                    category_name=line.category_name,
                    year=line.year,
                    currency=line.currency,
                    approved=line.approved,
                    budget=line.budget,
                    overdraft=line.overdraft,
                    spent=line.spent,
                    available=line.available,
                )
                for line in statement.lines
            ],
            totals=[
                CurrencyTotalOut(
                    currency=t.currency, approved=t.approved, budget=t.budget, spent=t.spent, available=t.available
                )
                for t in statement.totals
            ],
        )


class SourceOut(Schema):
    park: str
    currency: str
    amount: Decimal
    released: Decimal


class MemberOut(Schema):
    person: int
    name: str
    role: str
    organisation: str | None


class DueOut(Schema):
    kind: str = Field(description="report, milestone or instalment")
    title: str
    due_date: date = Field(description="For an instalment: when the report it waits for is due")
    overdue: bool
    status: str
    amount: Decimal | None
    currency: str | None

    @classmethod
    def of(cls, item: DueItem) -> DueOut:
        return cls(
            kind=item.kind,
            title=item.title,
            due_date=item.due_date,
            overdue=item.overdue,
            status=item.status,
            amount=item.amount,
            currency=item.currency or None,
        )


class ProjectDetailOut(ProjectOut):
    elapsed_percent: Decimal
    currencies: list[CurrencyBurnOut]
    statement: StatementOut
    sources: list[SourceOut]
    members: list[MemberOut]
    due_next: list[DueOut]
    version: int

    @classmethod
    def of_overview(cls, overview: ProjectOverview, statement: Statement, as_of: date) -> ProjectDetailOut:
        project = overview.project
        return cls(
            **cls.fields_of(project),
            elapsed_percent=overview.elapsed_percent,
            currencies=[CurrencyBurnOut.of(c) for c in overview.currencies],
            statement=StatementOut.of(statement, as_of),
            sources=[
                SourceOut(
                    park=row.source.park.code,
                    currency=row.source.currency,
                    amount=row.source.amount,
                    released=row.released,
                )
                for row in overview.sources
            ],
            members=[
                MemberOut(
                    person=m.person_id,
                    name=str(m.person.name),
                    role=m.role,
                    organisation=m.organisation.name if m.organisation is not None else None,
                )
                for m in overview.members
            ],
            due_next=[DueOut.of(item) for item in overview.due],
            version=project.version,
        )


class ProjectStartIn(Schema):
    award: int = Field(description="The award (of a funded proposal) to turn into a project")
    start_date: date


class RulesIn(Schema):
    """Every rule at once (a full replacement); the service checks the values and lists every problem."""

    report_interval_months: int = 12
    final_report_months: int = 2
    virement_limit_percent: Decimal = Field(Decimal(10), description="0 to 100: % of the receiving line")
    lump_sum_categories: list[str] = Field(default_factory=list, description="Codes of the call's categories")
    overspend_with_approval: bool = False
    overdue_blocks_proposals: bool = True
    instalment_percents: list[Decimal] = Field(
        default_factory=lambda: [Decimal(100)], description="Positive numbers adding up to 100"
    )
    version: int | None = Field(None, description="The rules' version as last read; 409 when they changed since")


class RulesOut(Schema):
    call: int
    call_code: str
    report_interval_months: int
    final_report_months: int
    virement_limit_percent: Decimal
    lump_sum_categories: list[str]
    overspend_with_approval: bool
    overdue_blocks_proposals: bool
    instalment_percents: list[Decimal]
    version: int
    updated_at: datetime | None = Field(description="None while the call uses the defaults")

    @classmethod
    def of(cls, rules: ProgrammeRules) -> RulesOut:
        return cls(
            call=rules.call_id,
            call_code=rules.call.code,
            report_interval_months=rules.report_interval_months,
            final_report_months=rules.final_report_months,
            virement_limit_percent=Decimal(rules.virement_limit_percent),
            lump_sum_categories=lump_sum_codes(rules),
            overspend_with_approval=rules.overspend_with_approval,
            overdue_blocks_proposals=rules.overdue_blocks_proposals,
            instalment_percents=[Decimal(str(p)) for p in rules.instalment_percents or [100]],
            version=rules.version,
            updated_at=rules.updated_at if rules.pk is not None else None,
        )
