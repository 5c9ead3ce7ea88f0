"""Projects over HTTP: process (milestones, reports, amendments, final acceptance). Mounted on the projects
router (api.py). A project the user may not read answers 404; an action they may not take, 403; a closed
project refuses every change with 409 ``project_closed``. Writes by API token need the ``write`` scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from hetao.core.api import PageIn, error_responses, idempotent_create, paginate, require_scope
from hetao.core.errors import DomainError, NotFound
from hetao.projects.domain import process
from hetao.projects.enums import ReportKind
from hetao.projects.models import Acceptance, Amendment, Milestone, Project, Report
from hetao.projects.schemas_process import (
    AcceptanceDecideIn,
    AcceptanceOut,
    AmendmentDecideIn,
    AmendmentIn,
    AmendmentOut,
    AmendmentPage,
    MilestoneDoneIn,
    MilestoneIn,
    MilestoneOut,
    MilestonePage,
    MilestoneUpdateIn,
    ReportDecideIn,
    ReportOut,
    ReportPage,
    ReportSubmitIn,
    ReportSummaryOut,
    VersionIn,
)

router = Router()

_READ_ERRORS = error_responses(401, 403, 404, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _not_found() -> NotFound:
    return NotFound("not_found", _("There is no such record."))


def _visible(request: HttpRequest, project: Project) -> Project:
    if not request.user.has_perm("projects.view_project", project):
        raise _not_found()
    return project


def _project(request: HttpRequest, project_id: int) -> Project:
    project = Project.objects.select_related("call").filter(pk=project_id).first()
    if project is None:
        raise _not_found()
    return _visible(request, project)


def _milestone(request: HttpRequest, milestone_id: int) -> Milestone:
    found = Milestone.objects.select_related("project").filter(pk=milestone_id).first()
    if found is None:
        raise _not_found()
    _visible(request, found.project)
    return found


def _report(request: HttpRequest, report_id: int) -> Report:
    found = Report.objects.select_related("project").filter(pk=report_id).first()
    if found is None:
        raise _not_found()
    _visible(request, found.project)
    return found


def _amendment(request: HttpRequest, amendment_id: int) -> Amendment:
    found = Amendment.objects.select_related("project").filter(pk=amendment_id).first()
    if found is None:
        raise _not_found()
    _visible(request, found.project)
    return found


# --- Milestones ------------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/milestones", response={200: MilestonePage, **_READ_ERRORS})
def list_milestones(request: HttpRequest, project_id: int, page: Query[PageIn]) -> dict[str, Any]:
    """The project's milestones and deliverables, by due date."""
    project = _project(request, project_id)
    today = timezone.localdate()
    rows = Milestone.objects.filter(project=project).order_by("due_date", "pk")
    return paginate(rows, page, lambda m: MilestoneOut.of(m, today))


@router.post("/projects/{project_id}/milestones", response={201: MilestoneOut, **_WRITE_ERRORS})
def create_milestone(request: HttpRequest, project_id: int, payload: MilestoneIn) -> Status[Any]:
    """Add a milestone or deliverable due within the project's dates (investigators, finance officers and
    managers)."""
    require_scope(request, "write")
    project = _project(request, project_id)

    def create() -> tuple[int, Any]:
        milestone = process.milestone_add(
            actor=request.user,
            project=project,
            kind=payload.kind.value,
            title=payload.title,
            description=payload.description,
            due_date=payload.due_date,
        )
        return 201, MilestoneOut.of(milestone, timezone.localdate()).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.patch("/milestones/{milestone_id}", response={200: MilestoneOut, **_WRITE_ERRORS})
def update_milestone(request: HttpRequest, milestone_id: int, payload: MilestoneUpdateIn) -> MilestoneOut:
    require_scope(request, "write")
    milestone = _milestone(request, milestone_id)
    changes = payload.model_dump(exclude_unset=True)
    updated = process.milestone_update(actor=request.user, milestone=milestone, **changes)
    return MilestoneOut.of(updated, timezone.localdate())


@router.post("/milestones/{milestone_id}/done", response={200: MilestoneOut, **_WRITE_ERRORS})
def mark_milestone_done(request: HttpRequest, milestone_id: int, payload: MilestoneDoneIn) -> MilestoneOut:
    """Record the day the milestone was reached (once)."""
    require_scope(request, "write")
    milestone = _milestone(request, milestone_id)
    done = process.milestone_done(actor=request.user, milestone=milestone, done_on=payload.done_on)
    return MilestoneOut.of(done, timezone.localdate())


# --- Reports ---------------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/reports", response={200: ReportPage, **_READ_ERRORS})
def list_reports(request: HttpRequest, project_id: int, page: Query[PageIn]) -> dict[str, Any]:
    """The project's progress and final reports, by due date, with whether each is overdue."""
    project = _project(request, project_id)
    today = timezone.localdate()
    rows = Report.objects.filter(project=project).order_by("due_date", "number")
    return paginate(rows, page, lambda r: ReportSummaryOut.of(r, today))


@router.get("/reports/{report_id}", response={200: ReportOut, **_READ_ERRORS})
def get_report(request: HttpRequest, report_id: int) -> ReportOut:
    """A report with its narrative and, once submitted, the financial statement frozen with it."""
    return ReportOut.of(_report(request, report_id), timezone.localdate())


@router.post("/reports/{report_id}/submit", response={200: ReportOut, **_WRITE_ERRORS})
def submit_report(request: HttpRequest, report_id: int, payload: ReportSubmitIn) -> ReportOut:
    """Submit a due or returned report (investigators and finance officers), from the end of its period (the
    final report: from the project's end date). The financial statement is frozen into it."""
    require_scope(request, "write")
    report = process.report_submit(
        actor=request.user,
        report=_report(request, report_id),
        narrative=payload.narrative,
        expected_version=payload.version,
    )
    return ReportOut.of(report, timezone.localdate())


@router.post("/reports/{report_id}/decide", response={200: ReportOut, **_WRITE_ERRORS})
def decide_report(request: HttpRequest, report_id: int, payload: ReportDecideIn) -> ReportOut:
    """Approve a submitted report or return it with comments (managers). 409 ``already_decided`` when it is
    approved already. Approving a progress report releases the instalments waiting for it; approving the final
    report moves the project to final acceptance."""
    require_scope(request, "write")
    report = process.report_decide(
        actor=request.user,
        report=_report(request, report_id),
        approve=payload.approve,
        comments=payload.comments,
        expected_version=payload.version,
    )
    return ReportOut.of(report, timezone.localdate())


# --- Amendments ------------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/amendments", response={200: AmendmentPage, **_READ_ERRORS})
def list_amendments(request: HttpRequest, project_id: int, page: Query[PageIn]) -> dict[str, Any]:
    project = _project(request, project_id)
    return paginate(Amendment.objects.filter(project=project).order_by("-created_at", "-pk"), page, AmendmentOut.of)


@router.post("/projects/{project_id}/amendments", response={201: AmendmentOut, **_WRITE_ERRORS})
def create_amendment(request: HttpRequest, project_id: int, payload: AmendmentIn) -> Status[Any]:
    """Ask for a no-cost extension (``new_end_date``), a budget revision (``lines``) or a team change (``add``,
    ``remove``). Nothing changes until a manager approves it."""
    require_scope(request, "write")
    project = _project(request, project_id)

    def create() -> tuple[int, Any]:
        amendment = process.amendment_request(
            actor=request.user, project=project, kind=payload.kind.value, reason=payload.reason, **payload.change()
        )
        return 201, AmendmentOut.of(amendment).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/amendments/{amendment_id}", response={200: AmendmentOut, **_READ_ERRORS})
def get_amendment(request: HttpRequest, amendment_id: int) -> AmendmentOut:
    return AmendmentOut.of(_amendment(request, amendment_id))


@router.post("/amendments/{amendment_id}/decide", response={200: AmendmentOut, **_WRITE_ERRORS})
def decide_amendment(request: HttpRequest, amendment_id: int, payload: AmendmentDecideIn) -> AmendmentOut:
    """Approve (checked again and applied at once) or reject (with a note) a pending amendment (managers). 409
    ``already_decided`` when it was decided before."""
    require_scope(request, "write")
    amendment = process.amendment_decide(
        actor=request.user,
        amendment=_amendment(request, amendment_id),
        approve=payload.approve,
        note=payload.note,
        expected_version=payload.version,
    )
    return AmendmentOut.of(amendment)


@router.post("/amendments/{amendment_id}/withdraw", response={200: AmendmentOut, **_WRITE_ERRORS})
def withdraw_amendment(request: HttpRequest, amendment_id: int, payload: VersionIn) -> AmendmentOut:
    """The requester takes back a pending amendment."""
    require_scope(request, "write")
    amendment = process.amendment_withdraw(
        actor=request.user, amendment=_amendment(request, amendment_id), expected_version=payload.version
    )
    return AmendmentOut.of(amendment)


# --- Final acceptance ------------------------------------------------------------------------------------


def _acceptance_out(project: Project) -> AcceptanceOut:
    acceptance = Acceptance.objects.filter(project=project).first()
    final = Report.objects.filter(project=project, kind=ReportKind.FINAL).first()
    return AcceptanceOut.of(project, acceptance, final)


@router.get("/projects/{project_id}/acceptance", response={200: AcceptanceOut, **_READ_ERRORS})
def get_acceptance(request: HttpRequest, project_id: int) -> AcceptanceOut:
    """Where the final acceptance stands: the final report, the auditor's statement, the decision and the
    unspent balance to return."""
    return _acceptance_out(_project(request, project_id))


@router.post("/projects/{project_id}/acceptance/statement", response={200: AcceptanceOut, **_WRITE_ERRORS})
def upload_statement(request: HttpRequest, project_id: int, statement: File[UploadedFile]) -> AcceptanceOut:
    """Upload the auditor's statement (multipart: ``statement``), by investigators, finance officers or an
    auditor. The content is checked, not the name: anything that is not a PDF inside is refused (``not_pdf``),
    and so is a file over the size limit (``file_too_large``)."""
    require_scope(request, "write")
    project = _project(request, project_id)
    limit = process.max_statement_bytes()
    if (statement.size or 0) > limit:
        raise DomainError(
            "file_too_large",
            _("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)},
            field="statement",
        )
    process.acceptance_submit(
        actor=request.user, project=project, statement=statement.read(), file_name=statement.name or ""
    )
    project.refresh_from_db()
    return _acceptance_out(project)


@router.post("/projects/{project_id}/acceptance/decide", response={200: AcceptanceOut, **_WRITE_ERRORS})
def decide_acceptance(request: HttpRequest, project_id: int, payload: AcceptanceDecideIn) -> AcceptanceOut:
    """Decide the final acceptance (managers): needs the final report approved and the auditor's statement.
    Records the unspent balance per currency, releases (or, when failed, cancels) the instalments waiting for
    it, and closes the project. ``version`` is the project's."""
    require_scope(request, "write")
    project = _project(request, project_id)
    process.acceptance_decide(
        actor=request.user,
        project=project,
        outcome=payload.outcome.value,
        conditions=payload.conditions,
        expected_version=payload.version,
    )
    project.refresh_from_db()
    return _acceptance_out(project)
