"""Starting a project from its award, and the report schedule that follows its dates."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError
from hetao.engines.money import Money, allocate
from hetao.funding.models import Award
from hetao.programmes.enums import ProposalStatus, TeamRole
from hetao.projects.domain.common import actor_user, require_manager, rules_for
from hetao.projects.domain.dates import add_months
from hetao.projects.enums import (
    DisbursementCondition,
    DisbursementStatus,
    MemberRole,
    ReportKind,
    ReportStatus,
)
from hetao.projects.models import BudgetLine, Disbursement, FundingSource, Project, ProjectMember, Report

DEFAULT_DURATION_MONTHS = 24
_ROLES: dict[str, MemberRole] = {
    TeamRole.PRINCIPAL_INVESTIGATOR: MemberRole.PRINCIPAL_INVESTIGATOR,
    TeamRole.CO_INVESTIGATOR: MemberRole.CO_INVESTIGATOR,
    TeamRole.MEMBER: MemberRole.MEMBER,
}


def _lead_user(award: Award) -> Any:
    """The principal investigator who holds the award: the first PI with an account, else the applicant."""
    for member in award.proposal.team.select_related("person__user").order_by("order", "pk"):
        if member.role == TeamRole.PRINCIPAL_INVESTIGATOR and member.person.user_id is not None:
            return member.person.user
    return award.proposal.created_by


def _sources(project: Project, award: Award) -> list[FundingSource]:
    """One source per funding park and currency: each award currency goes to the parks paying in it (split by
    their shares, to the cent, when several parks pay in one currency)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in award.lines.all():
        totals[line.currency] += line.amount
    parks = list(project.call.parks.select_related("park").order_by("park__order"))
    sources = []
    for currency, total in sorted(totals.items()):
        payers = [cp for cp in parks if cp.currency == currency]
        if not payers:
            raise DomainError(
                "no_payer",
                _("No park of the call pays in %(currency)s, yet the award has lines in it.") % {"currency": currency},
            )
        shares = allocate(Money(total, currency), [cp.share_percent for cp in payers])
        sources += [
            FundingSource(project=project, park=cp.park, currency=currency, amount=share.amount)
            for cp, share in zip(payers, shares, strict=True)
            if share.amount > 0
        ]
    return FundingSource.objects.bulk_create(sources)


def _disbursements(project: Project, sources: list[FundingSource], percents: list[Decimal]) -> list[Disbursement]:
    """Each source in instalments: the first released at the start, instalment k after progress report k-1 is
    approved; instalments beyond the progress reports wait for the final acceptance."""
    progress = Report.objects.filter(project=project, kind=ReportKind.PROGRESS).count()
    now = timezone.now()
    rows = []
    for source in sources:
        parts = allocate(Money(source.amount, source.currency), percents)
        for number, part in enumerate(parts, start=1):
            if part.amount <= 0:
                continue
            if number == 1:
                condition, report_number = DisbursementCondition.PROJECT_START, None
            elif number - 1 <= progress:
                condition, report_number = DisbursementCondition.REPORT_APPROVED, number - 1
            else:
                condition, report_number = DisbursementCondition.ACCEPTANCE, None
            released = condition == DisbursementCondition.PROJECT_START
            rows.append(
                Disbursement(
                    project=project,
                    source=source,
                    number=number,
                    amount=part.amount,
                    currency=source.currency,
                    condition=condition,
                    report_number=report_number,
                    status=DisbursementStatus.RELEASED if released else DisbursementStatus.SCHEDULED,
                    released_at=now if released else None,
                )
            )
    return Disbursement.objects.bulk_create(rows)


def schedule_reports(project: Project) -> list[Report]:
    """Bring the report schedule in line with the project's dates and its programme's rules: a progress report
    for every full interval that ends before the end date (due on the interval's last day + 1), and a final
    report covering the rest, due ``final_report_months`` after the end. Reports already submitted or approved
    keep their dates; due ones move. Returns the reports created."""
    rules = rules_for(project)
    existing = {(r.kind, r.number): r for r in project.reports.all()}
    created: list[Report] = []
    number = 1
    period_start = project.start_date
    while True:
        boundary = add_months(project.start_date, rules.report_interval_months * number)
        if boundary >= project.end_date:
            break
        period_end = boundary - timedelta(days=1)
        report = existing.get((ReportKind.PROGRESS, number))
        if report is None:
            created.append(
                Report(
                    project=project,
                    kind=ReportKind.PROGRESS,
                    number=number,
                    period_start=period_start,
                    period_end=period_end,
                    due_date=boundary,
                )
            )
        period_start = boundary
        number += 1
    final_due = add_months(project.end_date, rules.final_report_months)
    final = existing.get((ReportKind.FINAL, 1))
    if final is None:
        created.append(
            Report(
                project=project,
                kind=ReportKind.FINAL,
                number=1,
                period_start=project.start_date,
                period_end=project.end_date,
                due_date=final_due,
            )
        )
    elif final.status in (ReportStatus.DUE, ReportStatus.RETURNED):
        final.period_end = project.end_date
        final.due_date = final_due
        final.save(update_fields=["period_end", "due_date", "updated_at"])
    return Report.objects.bulk_create(created)


def project_start(*, actor: object | None, award: Award, start_date: date) -> Project:
    """Turn an award into a project starting on ``start_date``: its team, budget lines (the award's, by
    category, year and currency), funding sources per park and currency, the report schedule and the
    instalments (the first released at once). Only the programme's managers may; an award starts once."""
    user = actor_user(actor)
    proposal = award.proposal
    if proposal.status != ProposalStatus.FUNDED:
        raise DomainError("not_funded", _("Only a funded proposal becomes a project."))
    with transaction.atomic():
        locked = Award.objects.select_for_update().select_related("proposal", "proposal__call").get(pk=award.pk)
        stub = Project(call=locked.proposal.call)
        require_manager(user, stub)
        if Project.objects.filter(award=locked).exists():
            raise Conflict("already_started", _("This award has already become a project."))
        months = proposal.duration_months or DEFAULT_DURATION_MONTHS
        end_date = add_months(start_date, months) - timedelta(days=1)
        project = Project.objects.create(
            reference=f"PRJ-{proposal.reference.removeprefix('P-')}",
            award=locked,
            proposal=proposal,
            call=proposal.call,
            title=proposal.title_en or proposal.title_zh,
            lead=_lead_user(locked),
            language=proposal.language,
            start_date=start_date,
            end_date=end_date,
            original_end_date=end_date,
        )
        ProjectMember.objects.bulk_create(
            ProjectMember(project=project, person=m.person, organisation=m.organisation, role=_ROLES[m.role])
            for m in proposal.team.select_related("person", "organisation").order_by("order", "pk")
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                project=project,
                category=line.category,
                year=line.year,
                currency=line.currency,
                approved=line.amount,
                amount=line.amount,
            )
            for line in locked.lines.select_related("category").order_by("year", "category__order", "currency")
        )
        reports = schedule_reports(project)
        sources = _sources(project, locked)
        percents = [Decimal(str(p)) for p in (rules_for(project).instalment_percents or [100])]
        disbursements = _disbursements(project, sources, percents)
        audit_append(
            actor=actor,
            action="project.start",
            obj=project,
            payload={
                "reference": project.reference,
                "award": locked.pk,
                "start": start_date.isoformat(),
                "end": end_date.isoformat(),
                "lines": [
                    [line.category.code, line.year, line.currency, str(line.amount)]
                    for line in locked.lines.select_related("category").order_by("year", "category__order")
                ],
                "sources": [[s.park.code, s.currency, str(s.amount)] for s in sources],
                "reports": [[r.kind, r.number, r.due_date.isoformat()] for r in reports],
                "released": [
                    [d.source.park.code, d.number, str(d.amount), d.currency]
                    for d in disbursements
                    if d.status == DisbursementStatus.RELEASED
                ],
            },
        )
    return project
