"""Calls and proposals over HTTP.

Each endpoint parses, authorises and calls one domain function. Calls are created and run by zone-wide
programme managers and park administrators (403 for anyone else); published calls are listed for everyone
signed in. A proposal the caller may not see answers 404; one they may see but not change answers 403.
Writes by API token need the ``write`` scope; creates accept an ``Idempotency-Key``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile

from hetao.core.api import PageIn, error_responses, idempotent_create, paginate, require_scope
from hetao.core.errors import DomainError, NotFound, PermissionDenied
from hetao.programmes.domain import selectors, services
from hetao.programmes.domain.eligibility import eligibility_problems
from hetao.programmes.enums import AttachmentKind
from hetao.programmes.models import Attachment, BudgetLine, Call, CallPark, CostCategory, Proposal, TeamMember
from hetao.programmes.schemas import (
    AttachmentOut,
    BudgetLineIn,
    BudgetLineOut,
    BudgetLineUpdateIn,
    CallCreateIn,
    CallDetailOut,
    CallOut,
    CallPage,
    CallParkIn,
    CallUpdateIn,
    CostCategoryIn,
    CriterionIn,
    EligibilityOut,
    ProblemOut,
    ProposalCreateIn,
    ProposalOut,
    ProposalPage,
    ProposalSummaryOut,
    ProposalUpdateIn,
    TeamMemberIn,
    TeamMemberOut,
    VersionIn,
)
from hetao.zone.domain.selectors import organisations_visible_to, people_visible_to
from hetao.zone.models import Park

router = Router(tags=["programmes"])

_READ_ERRORS = error_responses(401, 403, 404, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _forbidden() -> PermissionDenied:
    return PermissionDenied("forbidden", _("You may not do this."))


def _not_found() -> NotFound:
    return NotFound("not_found", _("There is no such record."))


# --- Calls ----------------------------------------------------------------------------------------------


def _calls(request: HttpRequest) -> QuerySet[Call]:
    return selectors.calls_visible_to(request.user).prefetch_related(
        Prefetch("parks", queryset=CallPark.objects.select_related("park"))
    )


def _visible_call(request: HttpRequest, call_id: int) -> Call:
    found: Call | None = _calls(request).prefetch_related("cost_categories", "criteria").filter(pk=call_id).first()
    if found is None:
        raise _not_found()
    return found


def _call_detail(request: HttpRequest, call_id: int) -> CallDetailOut:
    call = _visible_call(request, call_id)
    return CallDetailOut.detail(call, is_open=selectors.call_is_open(call))


def _require_manager(request: HttpRequest) -> None:
    require_scope(request, "write")
    if not request.user.has_perm("programmes.manage_calls"):
        raise _forbidden()


def _park_terms(rows: list[CallParkIn]) -> list[services.ParkTerms]:
    parks = {p.code: p for p in Park.objects.all()}
    terms = []
    for index, row in enumerate(rows):
        park = parks.get(row.park.upper())
        if park is None:
            raise DomainError(
                "unknown_park", _("There is no park %(code)s.") % {"code": row.park}, field=f"parks.{index}.park"
            )
        terms.append(
            services.ParkTerms(
                park=park,
                share_percent=row.share_percent,
                budget=row.budget,
                max_per_project=row.max_per_project,
                lead_required=row.lead_required,
            )
        )
    return terms


def _category_terms(rows: list[CostCategoryIn]) -> list[services.CategoryTerms]:
    return [services.CategoryTerms(**row.model_dump()) for row in rows]


def _criterion_terms(rows: list[CriterionIn]) -> list[services.CriterionTerms]:
    return [services.CriterionTerms(**row.model_dump()) for row in rows]


@router.get("/calls", response={200: CallPage, **_READ_ERRORS})
def list_calls(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Calls: open ones first (closing soonest first), then upcoming, then the rest. Calls being prepared are
    listed for managers only."""
    calls = selectors.calls_for_listing(request.user)
    return paginate(calls, page, lambda c: CallOut.of(c, is_open=selectors.call_is_open(c)))


@router.post("/calls", response={201: CallDetailOut, **_WRITE_ERRORS})
def create_call(request: HttpRequest, payload: CallCreateIn) -> Status[Any]:
    """Create a call (status draft) with its parks, cost categories and rubric; publish it when complete."""
    _require_manager(request)
    fields = payload.model_dump(exclude={"parks", "categories", "criteria"})

    def create() -> tuple[int, Any]:
        call = services.call_create(
            actor=request.user,
            parks=_park_terms(payload.parks),
            categories=_category_terms(payload.categories),
            criteria=_criterion_terms(payload.criteria),
            **fields,
        )
        return 201, _call_detail(request, call.pk).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/calls/{call_id}", response={200: CallDetailOut, **_READ_ERRORS})
def get_call(request: HttpRequest, call_id: int) -> CallDetailOut:
    return _call_detail(request, call_id)


@router.patch("/calls/{call_id}", response={200: CallDetailOut, **_WRITE_ERRORS})
def update_call(request: HttpRequest, call_id: int, payload: CallUpdateIn) -> CallDetailOut:
    """Change the fields sent; ``parks``, ``categories`` and ``criteria``, when sent, replace the call's."""
    _require_manager(request)
    call = _visible_call(request, call_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version", "parks", "categories", "criteria"})
    services.call_update(
        actor=request.user,
        call=call,
        expected_version=payload.version,
        parks=_park_terms(payload.parks) if payload.parks is not None else None,
        categories=_category_terms(payload.categories) if payload.categories is not None else None,
        criteria=_criterion_terms(payload.criteria) if payload.criteria is not None else None,
        **changes,
    )
    return _call_detail(request, call_id)


@router.post("/calls/{call_id}/publish", response={200: CallDetailOut, **_WRITE_ERRORS})
def publish_call(request: HttpRequest, call_id: int, payload: VersionIn) -> CallDetailOut:
    """Publish a complete call; everything it still lacks is listed at once."""
    _require_manager(request)
    services.call_publish(actor=request.user, call=_visible_call(request, call_id), expected_version=payload.version)
    return _call_detail(request, call_id)


@router.post("/calls/{call_id}/start-review", response={200: CallDetailOut, **_WRITE_ERRORS})
def start_review(request: HttpRequest, call_id: int) -> CallDetailOut:
    """Start the review: every submitted proposal goes to review and can no longer be withdrawn."""
    _require_manager(request)
    services.call_start_review(actor=request.user, call=_visible_call(request, call_id))
    return _call_detail(request, call_id)


# --- Proposals ------------------------------------------------------------------------------------------


def _visible_proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    found = selectors.proposal_with_details(selectors.proposals_visible_to(request.user)).filter(pk=proposal_id).first()
    if found is None:
        raise _not_found()
    return found


def _proposal_out(request: HttpRequest, proposal_id: int) -> ProposalOut:
    return ProposalOut.detail(_visible_proposal(request, proposal_id))


def _applicant_proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    """The proposal, for a change by one of its applicants (creator or team member with an account)."""
    require_scope(request, "write")
    proposal = _visible_proposal(request, proposal_id)
    if not request.user.has_perm("programmes.submit_proposal", proposal):
        raise _forbidden()
    return proposal


def _fields(payload: Schema, *exclude: str) -> dict[str, Any]:
    return payload.model_dump(exclude_unset=True, exclude=set(exclude))


@router.get("/proposals", response={200: ProposalPage, **_READ_ERRORS})
def list_proposals(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The caller's proposals: those they created or are on the team of, newest first."""
    return paginate(selectors.my_proposals(request.user), page, ProposalSummaryOut.of)


@router.post("/proposals", response={201: ProposalOut, **_WRITE_ERRORS})
def create_proposal(request: HttpRequest, payload: ProposalCreateIn) -> Status[Any]:
    """Start a draft for an open call. It gets its reference (P-0042) at once."""
    require_scope(request, "write")
    if not request.user.has_perm("programmes.apply"):
        raise _forbidden()
    call = selectors.calls_visible_to(request.user).filter(pk=payload.call).first()
    if call is None:
        raise DomainError("unknown_call", _("There is no such call."), field="call")
    fields = {k: v for k, v in _fields(payload, "call").items() if v is not None}

    def create() -> tuple[int, Any]:
        proposal = services.proposal_create(actor=request.user, call=call, **fields)
        return 201, _proposal_out(request, proposal.pk).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **_READ_ERRORS})
def get_proposal(request: HttpRequest, proposal_id: int) -> ProposalOut:
    return _proposal_out(request, proposal_id)


@router.patch("/proposals/{proposal_id}", response={200: ProposalOut, **_WRITE_ERRORS})
def update_proposal(request: HttpRequest, proposal_id: int, payload: ProposalUpdateIn) -> ProposalOut:
    """Change a draft's fields sent. ``version`` is the one last read: if someone else saved since, the
    answer is 409 ``stale_version`` and nothing is changed."""
    proposal = _applicant_proposal(request, proposal_id)
    services.proposal_update(
        actor=request.user, proposal=proposal, expected_version=payload.version, **_fields(payload, "version")
    )
    return _proposal_out(request, proposal_id)


@router.get("/proposals/{proposal_id}/eligibility", response={200: EligibilityOut, **_READ_ERRORS})
def check_eligibility(request: HttpRequest, proposal_id: int) -> EligibilityOut:
    """Every eligibility rule the proposal fails now, field by field (what a submission would answer)."""
    problems = eligibility_problems(_visible_proposal(request, proposal_id), submitter=request.user)
    return EligibilityOut(eligible=not problems, problems=[ProblemOut.of(p) for p in problems])


@router.post("/proposals/{proposal_id}/submit", response={200: ProposalOut, **_WRITE_ERRORS})
def submit_proposal(request: HttpRequest, proposal_id: int, payload: VersionIn) -> ProposalOut:
    """Submit a draft. 400 ``call_closed`` after the call's close time (``call_not_open`` before it opens);
    otherwise every eligibility failure is listed in ``errors``, each with its field."""
    proposal = _applicant_proposal(request, proposal_id)
    services.proposal_submit(actor=request.user, proposal=proposal, expected_version=payload.version)
    return _proposal_out(request, proposal_id)


@router.post("/proposals/{proposal_id}/withdraw", response={200: ProposalOut, **_WRITE_ERRORS})
def withdraw_proposal(request: HttpRequest, proposal_id: int) -> ProposalOut:
    """Withdraw a submitted proposal; 409 ``review_started`` once the call's review has begun."""
    proposal = _applicant_proposal(request, proposal_id)
    services.proposal_withdraw(actor=request.user, proposal=proposal)
    return _proposal_out(request, proposal_id)


def _editable_proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return _applicant_proposal(request, proposal_id)


@router.post("/proposals/{proposal_id}/team", response={201: TeamMemberOut, **_WRITE_ERRORS})
def add_team_member(request: HttpRequest, proposal_id: int, payload: TeamMemberIn) -> Status[Any]:
    """Put a person on the team at an organisation where they hold a position today."""
    proposal = _editable_proposal(request, proposal_id)
    person = people_visible_to(request.user).filter(pk=payload.person).first()
    if person is None:
        raise DomainError("unknown_person", _("There is no such person."), field="person")
    organisation = organisations_visible_to(request.user).filter(pk=payload.organisation).first()
    if organisation is None:
        raise DomainError("unknown_organisation", _("There is no such organisation."), field="organisation")

    def create() -> tuple[int, Any]:
        member = services.team_member_add(
            actor=request.user, proposal=proposal, person=person, organisation=organisation, role=payload.role.value
        )
        found = TeamMember.objects.select_related("person", "organisation", "organisation__park").get(pk=member.pk)
        return 201, TeamMemberOut.of(found).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.delete("/proposals/{proposal_id}/team/{member_id}", response={204: None, **_WRITE_ERRORS})
def remove_team_member(request: HttpRequest, proposal_id: int, member_id: int) -> Status[None]:
    proposal = _editable_proposal(request, proposal_id)
    member = TeamMember.objects.filter(pk=member_id, proposal=proposal).select_related("proposal").first()
    if member is None:
        raise _not_found()
    services.team_member_remove(actor=request.user, member=member)
    return Status(204, None)


def _category(proposal: Proposal, code: str) -> CostCategory:
    found = CostCategory.objects.filter(call_id=proposal.call_id, code=code).first()
    if found is None:
        raise DomainError("invalid", _("Choose one of the call's cost categories."), field="category")
    return found


@router.post("/proposals/{proposal_id}/budget-lines", response={201: BudgetLineOut, **_WRITE_ERRORS})
def add_budget_line(request: HttpRequest, proposal_id: int, payload: BudgetLineIn) -> Status[Any]:
    """Add a budget line: a category of the call, a project year within the duration, a currency the call
    funds (a funding park's or the reference currency), an amount above zero with at most two decimals."""
    proposal = _editable_proposal(request, proposal_id)
    category = _category(proposal, payload.category)

    def create() -> tuple[int, Any]:
        line = services.budget_line_add(
            actor=request.user,
            proposal=proposal,
            category=category,
            year=payload.year,
            currency=payload.currency,
            amount=payload.amount,
            justification=payload.justification,
        )
        return 201, BudgetLineOut.of(line).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


def _line(proposal: Proposal, line_id: int) -> BudgetLine:
    found = BudgetLine.objects.filter(pk=line_id, proposal=proposal).select_related("proposal", "category").first()
    if found is None:
        raise _not_found()
    return found


@router.patch("/proposals/{proposal_id}/budget-lines/{line_id}", response={200: BudgetLineOut, **_WRITE_ERRORS})
def update_budget_line(
    request: HttpRequest, proposal_id: int, line_id: int, payload: BudgetLineUpdateIn
) -> BudgetLineOut:
    proposal = _editable_proposal(request, proposal_id)
    line = _line(proposal, line_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    if "category" in changes:
        changes["category"] = _category(proposal, changes["category"])
    return BudgetLineOut.of(services.budget_line_update(actor=request.user, line=line, **changes))


@router.delete("/proposals/{proposal_id}/budget-lines/{line_id}", response={204: None, **_WRITE_ERRORS})
def remove_budget_line(request: HttpRequest, proposal_id: int, line_id: int) -> Status[None]:
    proposal = _editable_proposal(request, proposal_id)
    services.budget_line_remove(actor=request.user, line=_line(proposal, line_id))
    return Status(204, None)


@router.post("/proposals/{proposal_id}/attachments", response={201: AttachmentOut, **_WRITE_ERRORS})
def upload_attachment(
    request: HttpRequest, proposal_id: int, file: File[UploadedFile], kind: Form[AttachmentKind]
) -> Status[AttachmentOut]:
    """Attach a PDF (multipart: ``file``, ``kind``). The content is checked, not the name: anything that is not
    a PDF inside is refused (``not_pdf``), and so is a file over the size limit (``file_too_large``)."""
    proposal = _editable_proposal(request, proposal_id)
    limit = services.max_attachment_bytes()
    if (file.size or 0) > limit:
        raise DomainError(
            "file_too_large",
            _("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)},
            field="file",
        )
    attachment = services.attachment_add(
        actor=request.user, proposal=proposal, kind=kind.value, data=file.read(), file_name=file.name or ""
    )
    return Status(201, AttachmentOut.of(attachment))


def _attachment(proposal: Proposal, attachment_id: int) -> Attachment:
    found = Attachment.objects.filter(pk=attachment_id, proposal=proposal).select_related("proposal").first()
    if found is None:
        raise _not_found()
    return found


@router.get("/proposals/{proposal_id}/attachments/{attachment_id}", response={200: None, **_READ_ERRORS})
def download_attachment(request: HttpRequest, proposal_id: int, attachment_id: int) -> FileResponse:
    """The PDF itself, for those who may read the proposal."""
    attachment = _attachment(_visible_proposal(request, proposal_id), attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/pdf",
    )


@router.delete("/proposals/{proposal_id}/attachments/{attachment_id}", response={204: None, **_WRITE_ERRORS})
def remove_attachment(request: HttpRequest, proposal_id: int, attachment_id: int) -> Status[None]:
    proposal = _editable_proposal(request, proposal_id)
    services.attachment_remove(actor=request.user, attachment=_attachment(proposal, attachment_id))
    return Status(204, None)
