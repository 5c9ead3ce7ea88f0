"""Pages of a project's process: milestones and deliverables, reports (submit, approve or return, the frozen
statement), amendments (request per kind, decide, withdraw) and the final acceptance (auditor's statement,
decision, unspent balance). A project the user may not read answers 404; an action they may not take, 403.
Problems are shown on the page, field by field, in the reader's language; nothing is saved then."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hetao.core.errors import DomainError
from hetao.core.errors import PermissionDenied as DomainPermissionDenied
from hetao.core.i18n import format_money
from hetao.projects.domain import access, process, selectors
from hetao.projects.domain.dates import project_year
from hetao.projects.domain.due import overdue_reports, report_label
from hetao.projects.enums import AmendmentKind, AmendmentStatus, MemberRole, ProjectStatus, ReportKind, ReportStatus
from hetao.projects.forms_process import (
    AcceptanceDecideForm,
    AmendmentDecideForm,
    BudgetRevisionForm,
    ExtensionForm,
    MilestoneDoneForm,
    MilestoneForm,
    ReportDecideForm,
    ReportSubmitForm,
    StatementUploadForm,
    TeamChangeForm,
    VersionForm,
)
from hetao.projects.models import Acceptance, Amendment, Milestone, Project, ProjectMember, Report
from hetao.zone.models import Person


def _visible(request: HttpRequest, project: Project) -> Project:
    if not request.user.has_perm("projects.view_project", project):
        raise Http404
    return project


def _project(request: HttpRequest, pk: int) -> Project:
    return _visible(request, get_object_or_404(Project.objects.select_related("call"), pk=pk))


def _abilities(request: HttpRequest, project: Project) -> dict[str, bool]:
    open_ = project.status != ProjectStatus.CLOSED
    works = request.user.has_perm("projects.work_on_project", project)
    manages = request.user.has_perm("projects.manage_project", project)
    return {
        "is_open": open_,
        "can_work": works,
        "can_manage": manages,
        "can_upload": works or access.is_auditor(request.user),
    }


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _failed(form: Any, exc: DomainError) -> int:
    """Put the service's problems on the form; the status the page answers with. Refusals of who may act are
    the page's 403, not a form error."""
    if isinstance(exc, DomainPermissionDenied):
        raise PermissionDenied(exc.message) from exc
    form.add_domain_error(exc)
    return exc.status


# --- Milestones ------------------------------------------------------------------------------------------


def _milestones_page(
    request: HttpRequest,
    project: Project,
    *,
    form: MilestoneForm | None = None,
    done: tuple[int, MilestoneDoneForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    milestones = list(Milestone.objects.filter(project=project).order_by("due_date", "pk"))
    rows = [
        {
            "milestone": m,
            "overdue": m.done_on is None and m.due_date < today,
            "done_form": done[1]
            if done is not None and done[0] == m.pk
            else MilestoneDoneForm(prefix=f"done-{m.pk}", initial={"done_on": today}),
        }
        for m in milestones
    ]
    context = {
        "project": project,
        "rows": rows,
        "form": form or MilestoneForm(),
        "failed_form": done[1] if done is not None else None,
        **_abilities(request, project),
    }
    return render(request, "projects/milestones.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def milestones(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    if request.method != "POST":
        return _milestones_page(request, project)
    abilities = _abilities(request, project)
    _require(abilities["can_work"] or abilities["can_manage"])
    form = MilestoneForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            process.milestone_add(
                actor=request.user,
                project=project,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                due_date=data["due_date"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect("projects:milestones", pk=project.pk)
    project.refresh_from_db()
    return _milestones_page(request, project, form=form, status=status)


def _milestone(request: HttpRequest, pk: int) -> Milestone:
    milestone = get_object_or_404(Milestone.objects.select_related("project", "project__call"), pk=pk)
    _visible(request, milestone.project)
    abilities = _abilities(request, milestone.project)
    _require(abilities["can_work"] or abilities["can_manage"])
    return milestone


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    form = MilestoneDoneForm(request.POST, prefix=f"done-{milestone.pk}")
    status = 400
    if form.is_valid():
        try:
            process.milestone_done(actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"])
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("The milestone was marked as reached."))
            return redirect("projects:milestones", pk=milestone.project_id)
    project = Project.objects.select_related("call").get(pk=milestone.project_id)
    return _milestones_page(request, project, done=(milestone.pk, form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    initial = {
        "kind": milestone.kind,
        "title": milestone.title,
        "description": milestone.description,
        "due_date": milestone.due_date,
    }
    form = MilestoneForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                process.milestone_update(actor=request.user, milestone=milestone, **form.cleaned_data)
            except DomainError as exc:
                status = _failed(form, exc)
            else:
                messages.success(request, _("The milestone was saved."))
                return redirect("projects:milestones", pk=milestone.project_id)
    context = {"project": milestone.project, "milestone": milestone, "form": form}
    return render(request, "projects/milestone_edit.html", context, status=status)


# --- Reports ---------------------------------------------------------------------------------------------


@login_required
def reports(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    today = timezone.localdate()
    overdue = {r.pk for r in overdue_reports(project, today)}
    rows = [
        {"report": r, "label": report_label(r), "overdue": r.pk in overdue}
        for r in Report.objects.filter(project=project).order_by("due_date", "number")
    ]
    context = {"project": project, "rows": rows, **_abilities(request, project)}
    return render(request, "projects/reports.html", context)


def _report(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("project", "project__call"), pk=pk)
    _visible(request, report.project)
    return report


def _statement_rows(project: Project, statement: dict[str, Any]) -> dict[str, Any]:
    """A statement (live or frozen, in the JSON of ``Statement.as_json``) with the categories' names."""
    names = {c.code: c.name for c in project.call.cost_categories.all()}
    return {
        "lines": [{**line, "name": names.get(line["category"], line["category"])} for line in statement["lines"]],
        "totals": statement["totals"],
    }


def _report_page(
    request: HttpRequest,
    report: Report,
    *,
    submit_form: ReportSubmitForm | None = None,
    decide_form: ReportDecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    project = report.project
    abilities = _abilities(request, project)
    open_for_submission = report.status in (ReportStatus.DUE, ReportStatus.RETURNED)
    frozen = report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    statement = report.statement if frozen else selectors.financial_statement(project).as_json()
    context = {
        "project": project,
        "report": report,
        "label": report_label(report),
        "opens_on": process.report_opens_on(report, project),
        "overdue": open_for_submission and report.due_date < timezone.localdate(),
        "open_for_submission": open_for_submission,
        "frozen": frozen,
        "statement": _statement_rows(project, statement) if statement else None,
        "submit_form": submit_form
        or ReportSubmitForm(initial={"version": report.version, "narrative": report.narrative}, prefix="submit"),
        "decide_form": decide_form or ReportDecideForm(initial={"version": report.version}, prefix="decide"),
        **abilities,
    }
    return render(request, "projects/report_detail.html", context, status=status)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, _report(request, pk))


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    _require(request.user.has_perm("projects.work_on_project", report.project))
    form = ReportSubmitForm(request.POST, prefix="submit")
    status = 400
    if form.is_valid():
        try:
            process.report_submit(
                actor=request.user,
                report=report,
                narrative=form.cleaned_data["narrative"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("The report was submitted."))
            return redirect("projects:report_detail", pk=report.pk)
    report.refresh_from_db()
    return _report_page(request, report, submit_form=form, status=status)


@login_required
@require_POST
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    _require(request.user.has_perm("projects.manage_project", report.project))
    form = ReportDecideForm(request.POST, prefix="decide")
    status = 400
    if form.is_valid():
        try:
            process.report_decide(
                actor=request.user,
                report=report,
                approve=form.approve(),
                comments=form.cleaned_data["comments"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(
                request, _("The report was approved.") if form.approve() else _("The report was returned.")
            )
            return redirect("projects:report_detail", pk=report.pk)
    report.refresh_from_db()
    return _report_page(request, report, decide_form=form, status=status)


# --- Amendments ------------------------------------------------------------------------------------------


def _request_forms(project: Project, data: Any = None, kind: str | None = None) -> dict[str, Any]:
    lines = selectors.budget_lines(project)
    members = project.members.filter(active=True).select_related("person").order_by("role", "pk")
    return {
        AmendmentKind.EXTENSION: ExtensionForm(data if kind == AmendmentKind.EXTENSION else None),
        AmendmentKind.BUDGET_REVISION: BudgetRevisionForm(
            data if kind == AmendmentKind.BUDGET_REVISION else None,
            lines=lines,
            categories=project.call.cost_categories.order_by("order", "code"),
            years=project_year(project.start_date, project.end_date),
            currencies={line.currency for line in lines},
        ),
        AmendmentKind.TEAM_CHANGE: TeamChangeForm(data if kind == AmendmentKind.TEAM_CHANGE else None, members=members),
    }


def _summaries(project: Project, amendments: list[Amendment]) -> dict[int, list[str]]:
    """What each amendment asks for, in words, read with a fixed number of queries."""
    categories = {c.code: c.name for c in project.call.cost_categories.all()}
    person_ids = {a.get("person") for x in amendments for a in x.payload.get("add", []) if isinstance(a, dict)}
    member_ids = {m for x in amendments for m in x.payload.get("remove", [])}
    people = {p.pk: p for p in Person.objects.filter(pk__in=[i for i in person_ids if isinstance(i, int)])}
    members = {
        m.pk: m
        for m in ProjectMember.objects.filter(
            project=project, pk__in=[i for i in member_ids if isinstance(i, int)]
        ).select_related("person")
    }
    roles = dict(MemberRole.choices)
    result: dict[int, list[str]] = {}
    for amendment in amendments:
        payload = amendment.payload
        lines: list[str] = []
        if amendment.kind == AmendmentKind.EXTENSION:
            lines.append(
                _("End date from %(old)s to %(new)s")
                % {"old": _iso_day(payload.get("end_date")), "new": _iso_day(payload.get("new_end_date"))}
            )
        elif amendment.kind == AmendmentKind.BUDGET_REVISION:
            for entry in payload.get("lines", []):
                what = _("%(category)s, year %(year)s") % {
                    "category": categories.get(entry["category"], entry["category"]),
                    "year": entry["year"],
                }
                new = format_money(Decimal(entry["amount"]), entry["currency"])
                if entry.get("was") is None:
                    lines.append(_("%(line)s: new line of %(new)s") % {"line": what, "new": new})
                else:
                    old = format_money(Decimal(entry["was"]), entry["currency"])
                    lines.append(_("%(line)s: from %(old)s to %(new)s") % {"line": what, "old": old, "new": new})
        else:
            for entry in payload.get("add", []):
                person = people.get(entry.get("person"))
                name = person.name if person is not None else str(entry.get("person"))
                lines.append(_("Add %(name)s as %(role)s") % {"name": name, "role": roles.get(entry["role"], "")})
            for member_id in payload.get("remove", []):
                member = members.get(member_id)
                name = member.person.name if member is not None else str(member_id)
                role = member.get_role_display() if member is not None else ""
                lines.append(_("Remove %(name)s (%(role)s)") % {"name": name, "role": role})
        result[amendment.pk] = lines
    return result


def _iso_day(value: object) -> str:
    try:
        return date_format(date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)


def _amendments_page(
    request: HttpRequest,
    project: Project,
    *,
    forms: dict[str, Any] | None = None,
    failed: tuple[int, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    abilities = _abilities(request, project)
    amendments = list(
        Amendment.objects.filter(project=project).select_related("requested_by__person", "decided_by__person")
    )
    summaries = _summaries(project, amendments)
    rows = []
    for amendment in amendments:
        form = failed[1] if failed is not None and failed[0] == amendment.pk else None
        rows.append(
            {
                "amendment": amendment,
                "summary": summaries[amendment.pk],
                "pending": amendment.status == AmendmentStatus.PENDING,
                "mine": amendment.requested_by_id == request.user.pk,
                "decide_form": form
                if isinstance(form, AmendmentDecideForm)
                else AmendmentDecideForm(prefix=f"decide-{amendment.pk}", initial={"version": amendment.version}),
                "withdraw_form": form
                if isinstance(form, VersionForm)
                else VersionForm(prefix=f"withdraw-{amendment.pk}", initial={"version": amendment.version}),
            }
        )
    forms = forms or _request_forms(project)
    context = {
        "project": project,
        "rows": rows,
        "extension_form": forms[AmendmentKind.EXTENSION],
        "revision_form": forms[AmendmentKind.BUDGET_REVISION],
        "team_form": forms[AmendmentKind.TEAM_CHANGE],
        "failed_form": failed[1] if failed is not None else None,
        **abilities,
    }
    return render(request, "projects/amendments.html", context, status=status)


@login_required
def amendments(request: HttpRequest, pk: int) -> HttpResponse:
    return _amendments_page(request, _project(request, pk))


@login_required
@require_POST
def amendment_request(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    project = _project(request, pk)
    if kind not in AmendmentKind.values:
        raise Http404
    _require(request.user.has_perm("projects.work_on_project", project))
    forms = _request_forms(project, request.POST, kind)
    form = forms[kind]
    status = 400
    if form.is_valid():
        try:
            process.amendment_request(
                actor=request.user, project=project, kind=kind, reason=form.cleaned_data["reason"], **form.change()
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("The amendment was requested. Nothing changes until a manager approves it."))
            return redirect("projects:amendments", pk=project.pk)
    project.refresh_from_db()
    return _amendments_page(request, project, forms=forms, status=status)


def _amendment(request: HttpRequest, pk: int) -> Amendment:
    amendment = get_object_or_404(Amendment.objects.select_related("project", "project__call"), pk=pk)
    _visible(request, amendment.project)
    return amendment


@login_required
@require_POST
def amendment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = _amendment(request, pk)
    _require(request.user.has_perm("projects.manage_project", amendment.project))
    form = AmendmentDecideForm(request.POST, prefix=f"decide-{amendment.pk}")
    status = 400
    if form.is_valid():
        try:
            process.amendment_decide(
                actor=request.user,
                amendment=amendment,
                approve=form.approve(),
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(
                request,
                _("The amendment was approved and applied.") if form.approve() else _("The amendment was rejected."),
            )
            return redirect("projects:amendments", pk=amendment.project_id)
    project = Project.objects.select_related("call").get(pk=amendment.project_id)
    return _amendments_page(request, project, failed=(amendment.pk, form), status=status)


@login_required
@require_POST
def amendment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = _amendment(request, pk)
    _require(amendment.requested_by_id == request.user.pk)
    form = VersionForm(request.POST, prefix=f"withdraw-{amendment.pk}")
    status = 400
    if form.is_valid():
        try:
            process.amendment_withdraw(
                actor=request.user, amendment=amendment, expected_version=form.cleaned_data["version"]
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("The amendment was withdrawn."))
            return redirect("projects:amendments", pk=amendment.project_id)
    project = Project.objects.select_related("call").get(pk=amendment.project_id)
    return _amendments_page(request, project, failed=(amendment.pk, form), status=status)


# --- Final acceptance ------------------------------------------------------------------------------------


def _max_mb() -> int:
    return process.max_statement_bytes() // (1024 * 1024)


def _acceptance_page(
    request: HttpRequest,
    project: Project,
    *,
    upload_form: StatementUploadForm | None = None,
    decide_form: AcceptanceDecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    acceptance = Acceptance.objects.filter(project=project).select_related("uploaded_by", "decided_by").first()
    final = Report.objects.filter(project=project, kind=ReportKind.FINAL).first()
    unspent = sorted((acceptance.unspent if acceptance and acceptance.outcome else {}).items())
    context = {
        "project": project,
        "acceptance": acceptance,
        "final_report": final,
        "final_approved": final is not None and final.status == ReportStatus.APPROVED,
        "unspent": unspent,
        "unspent_now": sorted(process.unspent_balance(project).items()),
        "upload_form": upload_form or StatementUploadForm(max_mb=_max_mb()),
        "decide_form": decide_form or AcceptanceDecideForm(initial={"version": project.version}),
        **_abilities(request, project),
    }
    return render(request, "projects/acceptance.html", context, status=status)


@login_required
def acceptance(request: HttpRequest, pk: int) -> HttpResponse:
    return _acceptance_page(request, _project(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def acceptance_statement(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """GET: the auditor's statement itself, for those who may read the project. POST: upload it."""
    project = _project(request, pk)
    if request.method != "POST":
        found = Acceptance.objects.filter(project=project).first()
        if found is None or not found.auditor_statement:
            raise Http404
        return FileResponse(
            found.auditor_statement.open("rb"),
            as_attachment=True,
            filename=found.auditor_statement_name,
            content_type="application/pdf",
        )
    _require(_abilities(request, project)["can_upload"])
    form = StatementUploadForm(request.POST, request.FILES, max_mb=_max_mb())
    status = 400
    if form.is_valid():
        upload = form.cleaned_data["statement"]
        if upload.size > process.max_statement_bytes():
            form.add_error("statement", _("The file is larger than %(limit)d MB.") % {"limit": _max_mb()})
        else:
            try:
                process.acceptance_submit(
                    actor=request.user, project=project, statement=upload.read(), file_name=upload.name or ""
                )
            except DomainError as exc:
                status = _failed(form, exc)
            else:
                messages.success(request, _("The auditor's statement was uploaded."))
                return redirect("projects:acceptance", pk=project.pk)
    project.refresh_from_db()
    return _acceptance_page(request, project, upload_form=form, status=status)


@login_required
@require_POST
def acceptance_decide(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _require(request.user.has_perm("projects.manage_project", project))
    form = AcceptanceDecideForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            process.acceptance_decide(
                actor=request.user,
                project=project,
                outcome=form.cleaned_data["outcome"],
                conditions=form.cleaned_data["conditions"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("The final acceptance was decided and the project is closed."))
            return redirect("projects:acceptance", pk=project.pk)
    project.refresh_from_db()
    return _acceptance_page(request, project, decide_form=form, status=status)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/milestones/", milestones, name="milestones"),
    path("milestones/<int:pk>/edit/", milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/done/", milestone_done, name="milestone_done"),
    path("<int:pk>/reports/", reports, name="reports"),
    path("reports/<int:pk>/", report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", report_submit, name="report_submit"),
    path("reports/<int:pk>/decide/", report_decide, name="report_decide"),
    path("<int:pk>/amendments/", amendments, name="amendments"),
    path("<int:pk>/amendments/<slug:kind>/", amendment_request, name="amendment_request"),
    path("amendments/<int:pk>/decide/", amendment_decide, name="amendment_decide"),
    path("amendments/<int:pk>/withdraw/", amendment_withdraw, name="amendment_withdraw"),
    path("<int:pk>/acceptance/", acceptance, name="acceptance"),
    path("<int:pk>/acceptance/statement/", acceptance_statement, name="acceptance_statement"),
    path("<int:pk>/acceptance/decide/", acceptance_decide, name="acceptance_decide"),
]
