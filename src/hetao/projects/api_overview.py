"""Projects over HTTP: the overview. The user's projects, a project's detail and financial statement, the
manager's portfolio, starting a project from an award, and a programme's rules. Mounted on the projects
router (api.py). A project the user may not read, or a call or award they do not manage, answers 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from hetao.core.api import PageIn, error_responses, idempotent_create, paginate, require_scope
from hetao.core.errors import NotFound
from hetao.funding.domain.selectors import may_manage_call
from hetao.funding.models import Award
from hetao.programmes.models import Call
from hetao.projects.domain.access import projects_visible_to
from hetao.projects.domain.portfolio import (
    PortfolioFilters,
    may_view_portfolio,
    portfolio_rows,
    portfolio_search,
    project_overview,
    with_overdue,
)
from hetao.projects.domain.projects import project_start
from hetao.projects.domain.rules import programme_rules_of, programme_rules_set
from hetao.projects.domain.selectors import financial_statement
from hetao.projects.enums import ProjectStatus
from hetao.projects.models import Project
from hetao.projects.schemas_overview import (
    PortfolioPage,
    PortfolioRowOut,
    ProjectDetailOut,
    ProjectOut,
    ProjectPage,
    ProjectStartIn,
    RulesIn,
    RulesOut,
    StatementOut,
)

router = Router()

_READ_ERRORS = error_responses(401, 403, 404, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _not_found() -> NotFound:
    return NotFound("not_found", _("There is no such record."))


def visible_project(request: HttpRequest, project_id: int) -> Project:
    project = Project.objects.select_related("call", "lead", "lead__person").filter(pk=project_id).first()
    if project is None or not request.user.has_perm("projects.view_project", project):
        raise _not_found()
    return project


def _managed_call(request: HttpRequest, call_id: int) -> Call:
    call = Call.objects.filter(pk=call_id).first()
    if call is None or not may_manage_call(request.user, call):
        raise _not_found()
    return call


def _detail(project: Project) -> ProjectDetailOut:
    today = timezone.localdate()
    counted = with_overdue(Project.objects.filter(pk=project.pk), today).get()
    return ProjectDetailOut.of_overview(
        project_overview(counted, today=today, history=False), financial_statement(counted), today
    )


@router.get("/projects", response={200: ProjectPage, **_READ_ERRORS})
def list_projects(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The projects the user may read: their own (on the team), those of the calls they manage, or all of
    them for auditors; by reference."""
    projects = with_overdue(projects_visible_to(request.user), timezone.localdate()).order_by("reference")
    return paginate(projects, page, ProjectOut.of)


@router.post("/projects", response={201: ProjectDetailOut, **_WRITE_ERRORS})
def start_project(request: HttpRequest, payload: ProjectStartIn) -> Status[Any]:
    """Start the project of an award on ``start_date`` (managers of the award's call). An award starts once:
    a second start answers 409 ``already_started``. Send an ``Idempotency-Key`` to retry safely."""
    require_scope(request, "write")
    award = Award.objects.select_related("proposal", "proposal__call").filter(pk=payload.award).first()
    if award is None or not may_manage_call(request.user, award.proposal.call):
        raise _not_found()

    def create() -> tuple[int, Any]:
        project = project_start(actor=request.user, award=award, start_date=payload.start_date)
        return 201, _detail(project).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/projects/{project_id}", response={200: ProjectDetailOut, **_READ_ERRORS})
def get_project(request: HttpRequest, project_id: int) -> ProjectDetailOut:
    """A project with its budget per currency, statement lines, funding sources, team and what is due next."""
    return _detail(visible_project(request, project_id))


@router.get("/projects/{project_id}/statement", response={200: StatementOut, **_READ_ERRORS})
def get_statement(request: HttpRequest, project_id: int) -> StatementOut:
    """Budget against actual per line, and totals per currency (never added across currencies). Category
    names follow ``Accept-Language``. CSV and XLSX downloads are on the project's page."""
    project = visible_project(request, project_id)
    return StatementOut.of(financial_statement(project), timezone.localdate())


class PortfolioIn(Schema):
    call: int | None = None
    status: ProjectStatus | None = None
    park: str | None = None
    overdue_only: bool = False
    q: str = ""


@router.get("/portfolio", response={200: PortfolioPage, **_READ_ERRORS})
def get_portfolio(request: HttpRequest, filters: Query[PortfolioIn], page: Query[PageIn]) -> dict[str, Any]:
    """Every project of the calls the user manages (all for auditors) with burn rate against elapsed time and
    overdue items; filter by call, status, park of the funding sources, overdue only, reference or title."""
    if not may_view_portfolio(request.user):
        raise _not_found()
    today = timezone.localdate()
    projects = portfolio_search(
        request.user,
        PortfolioFilters(
            call=filters.call,
            status=filters.status.value if filters.status else "",
            park=(filters.park or "").upper(),
            overdue_only=filters.overdue_only,
            query=filters.q.strip(),
        ),
        today=today,
    )
    result = paginate(projects, page, lambda project: project)
    result["items"] = [PortfolioRowOut.of_row(row) for row in portfolio_rows(result["items"], today=today)]
    return result


@router.get("/calls/{call_id}/rules", response={200: RulesOut, **_READ_ERRORS})
def get_rules(request: HttpRequest, call_id: int) -> RulesOut:
    """The programme's rules for its projects (the defaults while none were set). Managers of the call."""
    return RulesOut.of(programme_rules_of(_managed_call(request, call_id)))


@router.put("/calls/{call_id}/rules", response={200: RulesOut, **_WRITE_ERRORS})
def put_rules(request: HttpRequest, call_id: int, payload: RulesIn) -> RulesOut:
    """Set every rule at once; every problem is listed field by field (400) and nothing changes."""
    require_scope(request, "write")
    call = _managed_call(request, call_id)
    programme_rules_set(
        actor=request.user,
        call=call,
        report_interval_months=payload.report_interval_months,
        final_report_months=payload.final_report_months,
        virement_limit_percent=payload.virement_limit_percent,
        lump_sum_categories=payload.lump_sum_categories,
        overspend_with_approval=payload.overspend_with_approval,
        overdue_blocks_proposals=payload.overdue_blocks_proposals,
        instalment_percents=payload.instalment_percents,
        version=payload.version,
    )
    return RulesOut.of(programme_rules_of(call))
