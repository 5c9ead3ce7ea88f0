"""Projects over HTTP: exchange rates. Anyone signed in reads them; the zone's park administrators import
them from CSV. Mounted on the projects router (api.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from hetao.core.api import PageIn, error_responses, paginate, require_scope
from hetao.core.errors import DomainError
from hetao.projects.domain.rates import MAX_FILE_BYTES, rates_filter, rates_import, rates_visible
from hetao.projects.schemas_money import RateFilterIn, RateImportOut, RateOut, RatePage

router = Router()

_READ_ERRORS = error_responses(401, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 409, 422)


@router.get("/rates", response={200: RatePage, **_READ_ERRORS})
def list_rates(request: HttpRequest, filters: Query[RateFilterIn], page: Query[PageIn]) -> dict[str, Any]:
    """Exchange rates, by pair and newest first; ``base`` and ``quote`` filter by currency."""
    rates = rates_filter(
        rates_visible(),
        base=filters.base.value if filters.base else "",
        quote=filters.quote.value if filters.quote else "",
    )
    return paginate(rates, page, RateOut.of)


@router.post("/rates/import", response={201: RateImportOut, **_WRITE_ERRORS})
def import_rates(request: HttpRequest, file: File[UploadedFile]) -> Status[RateImportOut]:
    """Import a CSV file (multipart: ``file``) with the header ``date,base,quote,rate,source``. Every bad line
    is reported at once (``errors[]``, ``field`` = ``lines.<line>.<column>``) and then nothing is imported;
    rates already imported answer ``duplicate_rate``. Zone park administrators only."""
    require_scope(request, "write")
    if (file.size or 0) > MAX_FILE_BYTES:
        raise DomainError(
            "file_too_large",
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)},
            field="file",
        )
    batch = rates_import(actor=request.user, data=file.read(), file_name=file.name or "")
    return Status(201, RateImportOut.of(batch))
