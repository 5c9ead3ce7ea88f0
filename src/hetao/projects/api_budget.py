"""Projects over HTTP: expenditure (with receipts), virements, instalments and remittances. A project the
user may not read answers 404; writes need the ``write`` scope and the role the service asks for (403
otherwise). Mounted on the projects router (api.py)."""

from __future__ import annotations

import hashlib
import json
from typing import Any, cast

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile

from hetao.core.api import PageIn, error_responses, idempotent_create, paginate, require_scope
from hetao.core.errors import DomainError, NotFound
from hetao.core.files import CONTENT_TYPES
from hetao.projects.domain import money
from hetao.projects.enums import ExpenditureStatus, VirementStatus
from hetao.projects.models import BudgetLine, Disbursement, Expenditure, Project, Virement
from hetao.projects.schemas_money import (
    DecisionIn,
    DisbursementOut,
    DisbursementPage,
    ExpenditureIn,
    ExpenditureOut,
    ExpenditurePage,
    RemittanceIn,
    RemittanceOut,
    VirementIn,
    VirementOut,
    VirementPage,
)

router = Router()

_READ_ERRORS = error_responses(401, 404, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _not_found() -> NotFound:
    return NotFound("not_found", _("There is no such record."))


def _visible_project(request: HttpRequest, project_id: int) -> Project:
    project = Project.objects.select_related("call").filter(pk=project_id).first()
    if project is None or not request.user.has_perm("projects.view_project", project):
        raise _not_found()
    return project


def _line(project: Project, line_id: int) -> BudgetLine:
    """A line of the project, or an empty unsaved line that the service refuses field by field (``unknown_line``)."""
    found = project.lines.select_related("category").filter(pk=line_id).first()
    return found if found is not None else BudgetLine()


class StatusFilter(Schema):
    status: str | None = None


# --- Expenditure ----------------------------------------------------------------------------------------


class _FingerprintedRequest:
    """The request as ``idempotent_create`` sees it, with the multipart body replaced by its fields and the
    receipt's SHA-256: Django cannot give the raw body back once it has parsed the files."""

    def __init__(self, request: HttpRequest, body: bytes) -> None:
        self._request = request
        self.body = body

    def __getattr__(self, name: str) -> Any:
        return getattr(self._request, name)


@router.get("/projects/{project_id}/expenditures", response={200: ExpenditurePage, **_READ_ERRORS})
def list_expenditures(
    request: HttpRequest, project_id: int, filters: Query[StatusFilter], page: Query[PageIn]
) -> dict[str, Any]:
    """The project's expenditure, newest first; ``status`` filters (recorded, awaiting_approval, rejected)."""
    items = money.expenditures_of(_visible_project(request, project_id))
    if filters.status in ExpenditureStatus.values:
        items = items.filter(status=filters.status)
    return paginate(items, page, ExpenditureOut.of)


@router.post("/projects/{project_id}/expenditures", response={201: ExpenditureOut, **_WRITE_ERRORS})
def create_expenditure(
    request: HttpRequest, project_id: int, payload: Form[ExpenditureIn], receipt: File[UploadedFile]
) -> Status[Any]:
    """Record an expenditure (multipart: the fields and the file part ``receipt``, a PDF, PNG or JPEG checked
    by its content). ``status`` answers ``recorded`` or, beyond the line's budget where the programme allows
    it, ``awaiting_approval``; otherwise 400 ``line_overspent``. Accepts an ``Idempotency-Key``."""
    require_scope(request, "write")
    project = _visible_project(request, project_id)
    limit = money.max_receipt_bytes()
    if (receipt.size or 0) > limit:
        raise DomainError(
            "file_too_large",
            _("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)},
            field="receipt",
        )
    data = receipt.read()

    def create() -> tuple[int, Any]:
        recorded = money.expenditure_record(
            actor=request.user,
            project=project,
            line=_line(project, payload.line),
            spent_on=payload.spent_on,
            amount=payload.amount,
            currency=payload.currency,
            payee=payload.payee,
            description=payload.description,
            receipt=data,
            receipt_name=receipt.name or "",
        )
        return 201, ExpenditureOut.of(recorded).model_dump(mode="json")

    fields = {**payload.model_dump(mode="json"), "receipt_sha256": hashlib.sha256(data).hexdigest()}
    fingerprinted = _FingerprintedRequest(request, json.dumps(fields, sort_keys=True).encode())
    return Status(*idempotent_create(cast(HttpRequest, fingerprinted), create))


def _expenditure(project: Project, expenditure_id: int) -> Expenditure:
    found = money.expenditures_of(project).select_related("project").filter(pk=expenditure_id).first()
    if found is None:
        raise _not_found()
    return found


@router.get("/projects/{project_id}/expenditures/{expenditure_id}", response={200: ExpenditureOut, **_READ_ERRORS})
def get_expenditure(request: HttpRequest, project_id: int, expenditure_id: int) -> ExpenditureOut:
    return ExpenditureOut.of(_expenditure(_visible_project(request, project_id), expenditure_id))


@router.get("/projects/{project_id}/expenditures/{expenditure_id}/receipt", response={200: None, **_READ_ERRORS})
def download_receipt(request: HttpRequest, project_id: int, expenditure_id: int) -> FileResponse:
    """The receipt itself, for those who may read the project."""
    found = _expenditure(_visible_project(request, project_id), expenditure_id)
    return FileResponse(
        found.receipt.open("rb"),
        as_attachment=True,
        filename=found.receipt_name,
        content_type=CONTENT_TYPES.get(found.receipt_kind, "application/octet-stream"),
    )


@router.post(
    "/projects/{project_id}/expenditures/{expenditure_id}/decision", response={200: ExpenditureOut, **_WRITE_ERRORS}
)
def decide_expenditure(
    request: HttpRequest, project_id: int, expenditure_id: int, payload: DecisionIn
) -> ExpenditureOut:
    """A manager approves (the line's overspend is recorded) or rejects (with a note) an expenditure awaiting
    approval; 409 ``already_decided`` once decided."""
    require_scope(request, "write")
    found = _expenditure(_visible_project(request, project_id), expenditure_id)
    decided = money.expenditure_decide(
        actor=request.user, expenditure=found, approve=payload.approve, note=payload.note
    )
    return ExpenditureOut.of(_expenditure(found.project, decided.pk))


# --- Virements ------------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/virements", response={200: VirementPage, **_READ_ERRORS})
def list_virements(
    request: HttpRequest, project_id: int, filters: Query[StatusFilter], page: Query[PageIn]
) -> dict[str, Any]:
    items = money.virements_of(_visible_project(request, project_id))
    if filters.status in VirementStatus.values:
        items = items.filter(status=filters.status)
    return paginate(items, page, VirementOut.of)


@router.post("/projects/{project_id}/virements", response={201: VirementOut, **_WRITE_ERRORS})
def create_virement(request: HttpRequest, project_id: int, payload: VirementIn) -> Status[Any]:
    """Move money between two lines of the same currency: ``status`` answers ``applied`` (within the limit, or
    between lump-sum categories) or ``awaiting_approval``. Accepts an ``Idempotency-Key``."""
    require_scope(request, "write")
    project = _visible_project(request, project_id)

    def create() -> tuple[int, Any]:
        virement = money.virement_request(
            actor=request.user,
            project=project,
            from_line=_line(project, payload.from_line),
            to_line=_line(project, payload.to_line),
            amount=payload.amount,
            reason=payload.reason,
        )
        return 201, VirementOut.of(virement).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.post("/projects/{project_id}/virements/{virement_id}/decision", response={200: VirementOut, **_WRITE_ERRORS})
def decide_virement(request: HttpRequest, project_id: int, virement_id: int, payload: DecisionIn) -> VirementOut:
    """A manager approves (funds checked again) or rejects (with a note) a virement awaiting approval."""
    require_scope(request, "write")
    project = _visible_project(request, project_id)
    found = money.virements_of(project).select_related("project").filter(pk=virement_id).first()
    if found is None:
        raise _not_found()
    decided: Virement = money.virement_decide(
        actor=request.user, virement=found, approve=payload.approve, note=payload.note
    )
    decided.from_line = found.from_line
    return VirementOut.of(decided)


# --- Disbursements --------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/disbursements", response={200: DisbursementPage, **_READ_ERRORS})
def list_disbursements(request: HttpRequest, project_id: int, page: Query[PageIn]) -> dict[str, Any]:
    """The instalments of each funding source, with their conditions, status and remittances."""
    return paginate(money.disbursements_of(_visible_project(request, project_id)), page, DisbursementOut.of)


def _disbursement(project: Project, disbursement_id: int) -> Disbursement:
    found = Disbursement.objects.select_related("project").filter(pk=disbursement_id, project=project).first()
    if found is None:
        raise _not_found()
    return found


def _disbursement_out(project: Project, disbursement_id: int) -> DisbursementOut:
    return DisbursementOut.of(money.disbursements_of(project).get(pk=disbursement_id))


@router.post(
    "/projects/{project_id}/disbursements/{disbursement_id}/release", response={200: DisbursementOut, **_WRITE_ERRORS}
)
def release_disbursement(request: HttpRequest, project_id: int, disbursement_id: int) -> DisbursementOut:
    """A manager releases a scheduled instalment whose condition is met (400 ``condition_not_met``)."""
    require_scope(request, "write")
    project = _visible_project(request, project_id)
    money.disbursement_release(actor=request.user, disbursement=_disbursement(project, disbursement_id))
    return _disbursement_out(project, disbursement_id)


@router.post(
    "/projects/{project_id}/disbursements/{disbursement_id}/remittances", response={201: RemittanceOut, **_WRITE_ERRORS}
)
def record_remittance(
    request: HttpRequest, project_id: int, disbursement_id: int, payload: RemittanceIn
) -> Status[Any]:
    """A manager records the cross-boundary remittance of a released instalment: the amount received is the
    amount sent converted at the rate of ``remitted_on``; both amounts and the rate are stored."""
    require_scope(request, "write")
    project = _visible_project(request, project_id)
    disbursement = _disbursement(project, disbursement_id)

    def create() -> tuple[int, Any]:
        remittance = money.remittance_record(
            actor=request.user,
            disbursement=disbursement,
            received_currency=payload.received_currency,
            remitted_on=payload.remitted_on,
            bank_reference=payload.bank_reference,
        )
        return 201, RemittanceOut.of(remittance).model_dump(mode="json")

    return Status(*idempotent_create(request, create))
