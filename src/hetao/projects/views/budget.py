"""Pages: budget (see urls.py). A project's expenditure with receipts, its virements, the manager's approvals
of expenditure and virements waiting for them, and the instalments with their release and remittance. A
project the user may not read answers 404; a reader who may not do what a form does gets 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hetao.core.errors import DomainError
from hetao.core.files import CONTENT_TYPES
from hetao.core.views.helpers import paginate
from hetao.projects.domain import money
from hetao.projects.domain.selectors import budget_lines
from hetao.projects.enums import DisbursementStatus, ExpenditureStatus, ProjectStatus, VirementStatus
from hetao.projects.forms_money import DecisionForm, ExpenditureForm, RemittanceForm, VirementForm
from hetao.projects.models import Disbursement, Expenditure, Project, Virement
from hetao.zone.enums import Currency


def _visible_project(request: HttpRequest, pk: int) -> Project:
    """The project, if the user may read it; 404 otherwise, so its existence does not leak."""
    project = get_object_or_404(Project.objects.select_related("call"), pk=pk)
    if not request.user.has_perm("projects.view_project", project):
        raise Http404
    return project


def _require(request: HttpRequest, perm: str, project: Project) -> None:
    if not request.user.has_perm(perm, project):
        raise PermissionDenied


def _is_open(project: Project) -> bool:
    return project.status != ProjectStatus.CLOSED


def _max_mb() -> int:
    return money.max_receipt_bytes() // (1024 * 1024)


# --- Expenditure ----------------------------------------------------------------------------------------


@login_required
def expenditure(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's expenditure, newest first, and (for its investigators and finance officers) the form to
    record one with its receipt."""
    project = _visible_project(request, pk)
    can_work = request.user.has_perm("projects.work_on_project", project)
    form: ExpenditureForm | None = None
    if request.method == "POST":
        _require(request, "projects.work_on_project", project)
        form = ExpenditureForm(request.POST, request.FILES, lines=budget_lines(project), max_mb=_max_mb())
        if form.is_valid():
            data = form.cleaned_data
            upload = data["receipt"]
            try:
                if upload.size > money.max_receipt_bytes():
                    raise DomainError(
                        "file_too_large",
                        _("The file is larger than %(limit)d MB.") % {"limit": _max_mb()},
                        field="receipt",
                    )
                line = project.lines.filter(pk=data["line"]).select_related("category").first()
                if line is None:
                    raise DomainError("unknown_line", _("Choose a budget line of this project."), field="line")
                recorded = money.expenditure_record(
                    actor=request.user,
                    project=project,
                    line=line,
                    spent_on=data["spent_on"],
                    amount=data["amount"],
                    currency=data["currency"],
                    payee=data["payee"],
                    description=data["description"],
                    receipt=upload.read(),
                    receipt_name=upload.name or "",
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                if recorded.status == ExpenditureStatus.AWAITING_APPROVAL:
                    messages.warning(
                        request, _("The expenditure goes beyond the line's budget: it waits for a manager's approval.")
                    )
                else:
                    messages.success(request, _("The expenditure was recorded."))
                return redirect("projects:expenditure", pk=project.pk)
    elif can_work and _is_open(project):
        form = ExpenditureForm(lines=budget_lines(project), max_mb=_max_mb())
    context: dict[str, Any] = {
        "project": project,
        "page": paginate(request, money.expenditures_of(project)),
        "form": form,
        "can_work": can_work,
    }
    return render(request, "projects/expenditure_list.html", context, status=400 if form and form.errors else 200)


@login_required
def expenditure_receipt(request: HttpRequest, pk: int, expenditure_pk: int) -> FileResponse:
    """The receipt itself, for those who may read the project."""
    project = _visible_project(request, pk)
    found = get_object_or_404(Expenditure, pk=expenditure_pk, project=project)
    return FileResponse(
        found.receipt.open("rb"),
        as_attachment=True,
        filename=found.receipt_name,
        content_type=CONTENT_TYPES.get(found.receipt_kind, "application/octet-stream"),
    )


# --- Virements ------------------------------------------------------------------------------------------


@login_required
def virements(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's virements and (for its investigators and finance officers) the form to ask for one."""
    project = _visible_project(request, pk)
    can_work = request.user.has_perm("projects.work_on_project", project)
    form: VirementForm | None = None
    if request.method == "POST":
        _require(request, "projects.work_on_project", project)
        lines = budget_lines(project)
        form = VirementForm(request.POST, lines=lines)
        if form.is_valid():
            data = form.cleaned_data
            by_id = {line.pk: line for line in lines}
            try:
                virement = money.virement_request(
                    actor=request.user,
                    project=project,
                    from_line=by_id[data["from_line"]],
                    to_line=by_id[data["to_line"]],
                    amount=data["amount"],
                    reason=data["reason"],
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                if virement.status == VirementStatus.APPLIED:
                    messages.success(request, _("The money was moved."))
                else:
                    messages.warning(request, _("The virement is above the programme's limit: it waits for approval."))
                return redirect("projects:virements", pk=project.pk)
    elif can_work and _is_open(project):
        form = VirementForm(lines=budget_lines(project))
    context: dict[str, Any] = {
        "project": project,
        "page": paginate(request, money.virements_of(project)),
        "form": form,
        "can_work": can_work,
    }
    return render(request, "projects/virement_list.html", context, status=400 if form and form.errors else 200)


# --- Approvals ------------------------------------------------------------------------------------------


def _managed_project(request: HttpRequest, pk: int) -> Project:
    project = _visible_project(request, pk)
    _require(request, "projects.manage_project", project)
    return project


def _approvals(
    request: HttpRequest, project: Project, *, bound: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    """The page, with a fresh decision form per row, or ``bound`` (with its errors) on the row it came from."""

    def form_for(prefix: str) -> DecisionForm:
        if bound is not None and bound.prefix == prefix:
            return bound
        return DecisionForm(prefix=prefix)

    expenditures = [
        (item, form_for(f"expenditure-{item.pk}"))
        for item in money.expenditures_of(project).filter(status=ExpenditureStatus.AWAITING_APPROVAL)
    ]
    virements_waiting = [
        (item, form_for(f"virement-{item.pk}"))
        for item in money.virements_of(project).filter(status=VirementStatus.AWAITING_APPROVAL)
    ]
    context: dict[str, Any] = {
        "project": project,
        "expenditures": expenditures,
        "virements": virements_waiting,
        "is_open": _is_open(project),
    }
    return render(request, "projects/budget_approvals.html", context, status=status)


@login_required
def approvals(request: HttpRequest, pk: int) -> HttpResponse:
    """Expenditure and virements waiting for a manager's decision."""
    return _approvals(request, _managed_project(request, pk))


@require_POST
@login_required
def expenditure_decide(request: HttpRequest, pk: int, expenditure_pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    found = get_object_or_404(Expenditure.objects.select_related("project"), pk=expenditure_pk, project=project)
    form = DecisionForm(request.POST, prefix=f"expenditure-{found.pk}")
    if form.is_valid():
        try:
            money.expenditure_decide(
                actor=request.user, expenditure=found, approve=form.approve, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The expenditure was approved.") if form.approve else _("It was rejected."))
            return redirect("projects:approvals", pk=project.pk)
    return _approvals(request, project, bound=form, status=400)


@require_POST
@login_required
def virement_decide(request: HttpRequest, pk: int, virement_pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    found = get_object_or_404(Virement.objects.select_related("project"), pk=virement_pk, project=project)
    form = DecisionForm(request.POST, prefix=f"virement-{found.pk}")
    if form.is_valid():
        try:
            money.virement_decide(
                actor=request.user, virement=found, approve=form.approve, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The virement was approved.") if form.approve else _("It was rejected."))
            return redirect("projects:approvals", pk=project.pk)
    return _approvals(request, project, bound=form, status=400)


# --- Disbursements --------------------------------------------------------------------------------------


def _disbursements(
    request: HttpRequest, project: Project, *, bound: RemittanceForm | None = None, status: int = 200
) -> HttpResponse:
    can_manage = request.user.has_perm("projects.manage_project", project) and _is_open(project)
    rows = []
    for item in money.disbursements_of(project):
        remittances = list(item.remittances.all())
        form = None
        if can_manage and item.status == DisbursementStatus.RELEASED and not remittances:
            prefix = f"remittance-{item.pk}"
            # Funds cross the boundary: CNY arrives as HKD and HKD as CNY, unless the manager says otherwise.
            other = Currency.HKD if item.currency == Currency.CNY else Currency.CNY
            fresh = RemittanceForm(prefix=prefix, initial={"received_currency": other})
            form = bound if bound is not None and bound.prefix == prefix else fresh
        rows.append({"disbursement": item, "remittances": remittances, "remittance_form": form})
    context: dict[str, Any] = {"project": project, "rows": rows, "can_manage": can_manage}
    return render(request, "projects/disbursement_list.html", context, status=status)


@login_required
def disbursements(request: HttpRequest, pk: int) -> HttpResponse:
    """The instalments of each funding source, their conditions and remittances; managers release them by hand
    and record remittances."""
    return _disbursements(request, _visible_project(request, pk))


@require_POST
@login_required
def disbursement_release(request: HttpRequest, pk: int, disbursement_pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    found = get_object_or_404(Disbursement.objects.select_related("project"), pk=disbursement_pk, project=project)
    try:
        money.disbursement_release(actor=request.user, disbursement=found)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The instalment was released."))
    return redirect("projects:disbursements", pk=project.pk)


@require_POST
@login_required
def remittance_record(request: HttpRequest, pk: int, disbursement_pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    found = get_object_or_404(Disbursement.objects.select_related("project"), pk=disbursement_pk, project=project)
    form = RemittanceForm(request.POST, prefix=f"remittance-{found.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            money.remittance_record(
                actor=request.user,
                disbursement=found,
                received_currency=data["received_currency"],
                remitted_on=data["remitted_on"],
                bank_reference=data["bank_reference"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The remittance was recorded."))
            return redirect("projects:disbursements", pk=project.pk)
    return _disbursements(request, project, bound=form, status=400)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/expenditure/", expenditure, name="expenditure"),
    path("<int:pk>/expenditure/<int:expenditure_pk>/receipt/", expenditure_receipt, name="expenditure_receipt"),
    path("<int:pk>/virements/", virements, name="virements"),
    path("<int:pk>/approvals/", approvals, name="approvals"),
    path("<int:pk>/approvals/expenditure/<int:expenditure_pk>/", expenditure_decide, name="expenditure_decide"),
    path("<int:pk>/approvals/virements/<int:virement_pk>/", virement_decide, name="virement_decide"),
    path("<int:pk>/disbursements/", disbursements, name="disbursements"),
    path("<int:pk>/disbursements/<int:disbursement_pk>/release/", disbursement_release, name="disbursement_release"),
    path("<int:pk>/disbursements/<int:disbursement_pk>/remittance/", remittance_record, name="remittance_record"),
]
