"""Pages of the screening lists: the lists with their active versions, a list's versions, and imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hetao.core.errors import DomainError
from hetao.core.views.helpers import paginate, render_list, require_perm
from hetao.screening.domain.selectors import list_versions, lists_visible_to
from hetao.screening.domain.services import (
    screening_list_create,
    screening_list_import,
    screening_list_update,
    screening_version_activate,
)
from hetao.screening.forms import ImportForm, ScreeningListForm
from hetao.screening.models import ScreeningList, ScreeningListVersion


@login_required
def list_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "screening.view")
    can_manage = request.user.has_perm("screening.manage_lists")
    form = ScreeningListForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        require_perm(request, "screening.manage_lists")
        assert form is not None  # noqa: S101 - managers have the form
        if form.is_valid():
            try:
                created = screening_list_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(
                    request, _("The list %(name)s was created. Import its first version.") % {"name": created.name}
                )
                return redirect("screening:list_detail", pk=created.pk)
    page = paginate(request, lists_visible_to(request.user))
    context = {"page": page, "form": form, "can_manage": can_manage}
    return render_list(request, "screening/list_list.html", "screening/_list_rows.html", context)


def _visible_list(request: HttpRequest, pk: int) -> ScreeningList:
    return get_object_or_404(lists_visible_to(request.user), pk=pk)


def _render_detail(request: HttpRequest, screening_list: ScreeningList, form: ImportForm | None = None) -> HttpResponse:
    can_manage = request.user.has_perm("screening.manage_lists")
    if can_manage and form is None:
        form = ImportForm()
    context = {
        "screening_list": screening_list,
        "versions": list(list_versions(screening_list)),
        "form": form if can_manage else None,
        "can_manage": can_manage,
    }
    return render(request, "screening/list_detail.html", context)


@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "screening.view")
    return _render_detail(request, _visible_list(request, pk))


@login_required
def list_import(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "screening.view")
    screening_list = _visible_list(request, pk)
    if request.method != "POST":
        return redirect("screening:list_detail", pk=pk)
    require_perm(request, "screening.manage_lists")
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = screening_list_import(
                actor=request.user,
                screening_list=screening_list,
                data=upload.read(),
                file_name=upload.name or "",
                file_format=form.cleaned_data["file_format"],
                label=form.cleaned_data["label"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("Version %(label)s was imported with %(count)d entries and is now the active one.")
                % {"label": report.version.label, "count": report.version.entry_count},
            )
            return redirect("screening:list_detail", pk=pk)
    return _render_detail(request, screening_list, form)


@require_POST
@login_required
def list_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "screening.manage_lists")
    screening_list = _visible_list(request, pk)
    updated = screening_list_update(
        actor=request.user, screening_list=screening_list, is_active=not screening_list.is_active
    )
    if updated.is_active:
        messages.success(request, _("People and organisations are screened against this list again."))
    else:
        messages.success(request, _("This list is no longer screened against."))
    return redirect("screening:list_detail", pk=pk)


@require_POST
@login_required
def version_activate(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "screening.manage_lists")
    version = get_object_or_404(ScreeningListVersion, pk=pk)
    screening_version_activate(actor=request.user, version=version)
    messages.success(request, _("Version %(label)s is now the active one.") % {"label": version.label})
    return redirect("screening:list_detail", pk=version.screening_list_id)
