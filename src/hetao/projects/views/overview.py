"""Pages: overview (see urls.py). "My projects", the investigator's project page, the manager's portfolio
(filters updated in place with htmx), the financial statement as CSV, XLSX and a print-friendly page, the
start of projects from awards, and a programme's rules. A project the user may not read answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hetao.core.errors import DomainError
from hetao.core.views.helpers import paginate, render_list
from hetao.funding.domain.selectors import award_totals, calls_managed_by, may_manage_call
from hetao.funding.models import Award
from hetao.programmes.enums import CallStatus
from hetao.programmes.models import Call
from hetao.projects.domain import exports
from hetao.projects.domain.access import projects_visible_to
from hetao.projects.domain.portfolio import (
    may_start_projects,
    may_view_portfolio,
    portfolio_rows,
    portfolio_search,
    project_overview,
    with_overdue,
)
from hetao.projects.domain.projects import project_start
from hetao.projects.domain.rules import programme_rules_of, programme_rules_set
from hetao.projects.domain.selectors import financial_statement
from hetao.projects.forms_overview import PortfolioFilterForm, ProgrammeRulesForm, ProjectStartForm
from hetao.projects.models import Project
from hetao.zone.domain.selectors import parks

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", exports.statement_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.statement_xlsx),
}


def visible_project(request: HttpRequest, pk: int) -> Project:
    """The project, if the user may read it; 404 otherwise, so its existence does not leak."""
    project = get_object_or_404(Project.objects.select_related("call", "lead", "lead__person"), pk=pk)
    if not request.user.has_perm("projects.view_project", project):
        raise Http404
    return project


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    projects = with_overdue(projects_visible_to(request.user), timezone.localdate()).order_by("reference")
    context: dict[str, Any] = {
        "page": paginate(request, projects),
        "can_view_portfolio": may_view_portfolio(request.user),
        "can_start": may_start_projects(request.user),
    }
    return render_list(request, "projects/project_list.html", "projects/project_list_rows.html", context)


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk)
    today = timezone.localdate()
    counted = with_overdue(Project.objects.filter(pk=project.pk), today).get()
    overview = project_overview(counted, today=today)
    statement = financial_statement(counted)
    context = {
        "project": counted,
        "overview": overview,
        "statement": statement,
        "totals": exports.statement_totals(statement),
        "today": today,
        "can_manage": request.user.has_perm("projects.manage_project", counted),
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    if not may_view_portfolio(request.user):
        raise Http404
    calls = Call.objects.filter(pk__in=calls_managed_by(request.user).values("pk"), projects__isnull=False)
    form = PortfolioFilterForm(request.GET or None, calls=calls.distinct().order_by("code"), parks=parks())
    filters = form.filters()
    today = timezone.localdate()
    page = paginate(request, portfolio_search(request.user, filters, today=today))
    context = {
        "form": form,
        "page": page,
        "rows": portfolio_rows(page.object_list, today=today),
        "searching": filters.any(),
        "today": today,
    }
    return render_list(request, "projects/portfolio.html", "projects/portfolio_results.html", context)


@login_required
def statement_download(request: HttpRequest, pk: int) -> HttpResponse:
    """``?format=csv`` or ``?format=xlsx``: the statement in the reader's language; without a format, the
    print-friendly page."""
    project = visible_project(request, pk)
    kind = request.GET.get("format", "")
    if not kind:
        return redirect("projects:statement_print", pk=project.pk)
    if kind not in DOWNLOADS:
        raise Http404
    content_type, build = DOWNLOADS[kind]
    today = timezone.localdate()
    response = HttpResponse(build(project, language=get_language() or "en", as_of=today), content_type=content_type)
    name = exports.statement_filename(project, kind, today)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def statement_print(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk)
    today = timezone.localdate()
    export = exports.statement_export(project, language=get_language() or "en", as_of=today)
    context = {
        "project": project,
        "export": export,
        "statement": export.statement,
        "totals": exports.statement_totals(export.statement),
        "today": today,
    }
    return render(request, "projects/statement_print.html", context)


def _awards_to_start(user: Any) -> list[Award]:
    awards = list(
        Award.objects.filter(proposal__call__in=calls_managed_by(user).values("pk"), project__isnull=True)
        .select_related("proposal", "proposal__call")
        .prefetch_related("lines")
        .order_by("proposal__call__code", "proposal__reference")
    )
    for award in awards:
        award.totals = award_totals(award.lines.all())  # type: ignore[attr-defined]
    return awards


def _row_form(award_id: object, data: Any = None) -> ProjectStartForm:
    # One form per award on the page: ids apart, so labels and error links point at the right field.
    initial = {"award": award_id, "start_date": timezone.localdate()}
    return ProjectStartForm(data, initial=initial, auto_id=f"award-{award_id}-%s")


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The awards of the manager's calls that have no project yet, each with a start-date form."""
    if not may_start_projects(request.user):
        raise Http404
    failed: ProjectStartForm | None = None
    if request.method == "POST":
        form = _row_form(request.POST.get("award", ""), request.POST)
        if form.is_valid():
            award = (
                Award.objects.select_related("proposal", "proposal__call").filter(pk=form.cleaned_data["award"]).first()
            )
            if award is None or not may_manage_call(request.user, award.proposal.call):
                raise Http404
            try:
                project = project_start(actor=request.user, award=award, start_date=form.cleaned_data["start_date"])
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Project %(reference)s has started.") % {"reference": project.reference})
                return redirect("projects:project_detail", pk=project.pk)
        failed = form
    failed_award = str(failed.data.get("award", "")) if failed is not None else ""
    rows = [
        (award, failed if failed is not None and failed_award == str(award.pk) else _row_form(award.pk))
        for award in _awards_to_start(request.user)
    ]
    # Every call past its preparation may get rules, before its first award or after.
    calls = (
        Call.objects.filter(pk__in=calls_managed_by(request.user).values("pk"))
        .exclude(status=CallStatus.DRAFT)
        .order_by("code")
    )
    return render(request, "projects/start.html", {"rows": rows, "calls": calls, "failed": failed})


@login_required
def rules(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_pk)
    if not may_manage_call(request.user, call):
        raise Http404
    current = programme_rules_of(call)
    categories = list(call.cost_categories.order_by("order", "code"))
    form = ProgrammeRulesForm(
        request.POST or None, initial=ProgrammeRulesForm.initial_of(current), categories=categories
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme_rules_set(
                actor=request.user,
                call=call,
                report_interval_months=data["report_interval_months"],
                final_report_months=data["final_report_months"],
                virement_limit_percent=data["virement_limit_percent"],
                lump_sum_categories=data["lump_sum_categories"],
                overspend_with_approval=data["overspend_with_approval"],
                overdue_blocks_proposals=data["overdue_blocks_proposals"],
                instalment_percents=data["instalment_percents"],
                version=data["version"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The rules of %(code)s were saved.") % {"code": call.code})
            return redirect("projects:rules", call_pk=call.pk)
    return render(request, "projects/rules.html", {"call": call, "form": form, "rules": current})


urlpatterns: list[URLPattern] = [
    path("", project_list, name="project_list"),
    path("portfolio/", portfolio, name="portfolio"),
    path("start/", start, name="start"),
    path("rules/<int:call_pk>/", rules, name="rules"),
    path("<int:pk>/", project_detail, name="project_detail"),
    path("<int:pk>/statement/", statement_download, name="statement"),
    path("<int:pk>/statement/print/", statement_print, name="statement_print"),
]
