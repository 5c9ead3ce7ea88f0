"""Pages: rates (see urls.py). The exchange rates the zone converts with, filtered by currency pair, and the
CSV upload for the zone's park administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hetao.core.errors import DomainError
from hetao.core.views.helpers import paginate, render_list
from hetao.projects.domain.rates import MAX_FILE_BYTES, may_manage_rates, rates_filter, rates_import, rates_visible
from hetao.projects.forms_money import RateFilterForm, RateImportForm
from hetao.projects.models import RateImport


def _page(request: HttpRequest, *, upload: RateImportForm | None = None, status: int = 200) -> HttpResponse:
    filters = RateFilterForm(request.GET or None)
    base = quote = ""
    if filters.is_valid():
        base, quote = filters.cleaned_data["base"], filters.cleaned_data["quote"]
    can_import = may_manage_rates(request.user)
    context: dict[str, Any] = {
        "filters": filters,
        "page": paginate(request, rates_filter(rates_visible(), base=base, quote=quote).select_related("batch")),
        "can_import": can_import,
        "upload": upload if upload is not None else (RateImportForm() if can_import else None),
        "imports": list(RateImport.objects.select_related("imported_by")[:5]) if can_import else [],
    }
    response = render_list(request, "projects/rates_list.html", "projects/rates_rows.html", context)
    response.status_code = status
    return response


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    """Every exchange rate, newest first within each pair (anyone signed in may read them)."""
    return _page(request)


@require_POST
@login_required
def rates_upload(request: HttpRequest) -> HttpResponse:
    if not may_manage_rates(request.user):
        raise PermissionDenied
    form = RateImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_FILE_BYTES:
                raise DomainError(
                    "file_too_large",
                    _("The file is larger than %(limit)d MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)},
                    field="file",
                )
            batch = rates_import(actor=request.user, data=upload.read(), file_name=upload.name or "")
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("%(count)d exchange rates were imported from %(name)s.")
                % {"count": batch.rows, "name": batch.file_name},
            )
            return redirect("projects:rates")
    return _page(request, upload=form, status=400)


urlpatterns: list[URLPattern] = [
    path("rates/", rates, name="rates"),
    path("rates/import/", rates_upload, name="rates_import"),
]
