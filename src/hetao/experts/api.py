"""The pool of experts over HTTP: experts, their publications (with BibTeX and CSV import) and declarations.

Each endpoint parses, authorises and calls one domain function. Programme managers and park administrators
manage the pool; zone auditors read it; an expert reads their own record and changes their statements,
keywords, publications and declarations (not their load or availability). An expert the caller may not see
answers 404; the list holds only what the caller may see. Writes by API token need the ``write`` scope.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from hetao.core.api import PageIn, error_responses, idempotent_create, paginate, require_scope
from hetao.core.errors import DomainError, NotFound, PermissionDenied
from hetao.experts.domain import selectors, services
from hetao.experts.enums import PublicationSource
from hetao.experts.models import Declaration, Expert, Publication
from hetao.experts.schemas import (
    DeclarationIn,
    DeclarationOut,
    ExpertCreateIn,
    ExpertDetailOut,
    ExpertOut,
    ExpertPage,
    ExpertQuery,
    ExpertUpdateIn,
    PublicationImportOut,
    PublicationIn,
    PublicationOut,
    PublicationPage,
    PublicationUpdateIn,
)
from hetao.zone.domain.selectors import organisations_visible_to, people_visible_to

router = Router(tags=["experts"])

_READ_ERRORS = error_responses(401, 403, 404, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _not_found() -> NotFound:
    return NotFound("not_found", _("There is no such record."))


def _forbid_unless(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied("forbidden", _("You may not do this."))


def _visible_expert(request: HttpRequest, expert_id: int) -> Expert:
    found = selectors.experts_visible_to(request.user).filter(pk=expert_id).first()
    if found is None:
        raise _not_found()
    return found


def _changeable_expert(request: HttpRequest, expert_id: int) -> Expert:
    require_scope(request, "write")
    expert = _visible_expert(request, expert_id)
    _forbid_unless(request, "experts.change_expert", expert)
    return expert


def _detail_out(request: HttpRequest, expert_id: int) -> ExpertDetailOut:
    expert = selectors.expert_detail(expert_id, request.user)
    if expert is None:
        raise _not_found()
    base = ExpertOut.of(expert)
    return ExpertDetailOut(
        **base.model_dump(),
        publications=[PublicationOut.of(p) for p in expert.publications.all()],
        declarations=[DeclarationOut.of(d) for d in expert.declarations.all()],
    )


@router.get("", response={200: ExpertPage, **_READ_ERRORS})
def list_experts(request: HttpRequest, filters: Query[ExpertQuery]) -> dict[str, Any]:
    """The pool of experts, searched by name (any script or romanisation) or by words of the statements and
    keywords. Those who do not manage or audit the pool see only their own expert record."""
    return paginate(selectors.expert_search(request.user, filters.q), filters, ExpertOut.of)


@router.post("", response={201: ExpertDetailOut, **_WRITE_ERRORS})
def create_expert(request: HttpRequest, payload: ExpertCreateIn) -> Status[Any]:
    require_scope(request, "write")
    _forbid_unless(request, "experts.add_expert")

    def create() -> tuple[int, Any]:
        person = people_visible_to(request.user).filter(pk=payload.person).first()
        if person is None:
            raise DomainError("unknown_person", _("There is no such person."), field="person")
        expert = services.expert_create(
            actor=request.user,
            person=person,
            statement_en=payload.statement_en,
            statement_zh=payload.statement_zh,
            keywords=payload.keywords,
            load_max=payload.load_max,
            is_active=payload.is_active,
        )
        return 201, _detail_out(request, expert.pk).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/me", response={200: ExpertDetailOut, **_READ_ERRORS})
def my_expert(request: HttpRequest) -> ExpertDetailOut:
    """The caller's own expert record, when they are in the pool."""
    own = selectors.own_expert(request.user)
    if own is None:
        raise NotFound("not_an_expert", _("You are not in the pool of experts."))
    return _detail_out(request, own.pk)


@router.get("/{expert_id}", response={200: ExpertDetailOut, **_READ_ERRORS})
def get_expert(request: HttpRequest, expert_id: int) -> ExpertDetailOut:
    return _detail_out(request, expert_id)


@router.patch("/{expert_id}", response={200: ExpertDetailOut, **_WRITE_ERRORS})
def update_expert(request: HttpRequest, expert_id: int, payload: ExpertUpdateIn) -> ExpertDetailOut:
    """Change the fields sent, with the ``version`` last read (409 ``stale_version`` when changed since).
    ``load_max`` and ``is_active`` are for programme managers and park administrators."""
    expert = _changeable_expert(request, expert_id)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    version = changes.pop("version")
    for managed in ("load_max", "is_active"):
        if managed in changes and not request.user.has_perm("experts.manage_expert", expert):
            raise PermissionDenied(
                "forbidden_field",
                _("Only programme managers and park administrators change the load and availability."),
                field=managed,
            )
    services.expert_update(actor=request.user, expert=expert, version=version, **changes)
    return _detail_out(request, expert_id)


# --- Publications ---------------------------------------------------------------------------------------


def _publication(expert: Expert, publication_id: int) -> Publication:
    found = Publication.objects.filter(expert=expert, pk=publication_id).first()
    if found is None:
        raise _not_found()
    return found


@router.get("/{expert_id}/publications", response={200: PublicationPage, **_READ_ERRORS})
def list_publications(request: HttpRequest, expert_id: int, page: Query[PageIn]) -> dict[str, Any]:
    """The expert's publications, newest first."""
    expert = _visible_expert(request, expert_id)
    return paginate(selectors.publications_of(expert), page, PublicationOut.of)


@router.post("/{expert_id}/publications", response={201: PublicationOut, **_WRITE_ERRORS})
def add_publication(request: HttpRequest, expert_id: int, payload: PublicationIn) -> Status[Any]:
    """Add a publication; a DOI, or a title and year, already listed answers 409 ``duplicate_publication``."""
    expert = _changeable_expert(request, expert_id)

    def create() -> tuple[int, Any]:
        made = services.publication_add(actor=request.user, expert=expert, **payload.model_dump())
        return 201, PublicationOut.of(made).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.patch("/{expert_id}/publications/{publication_id}", response={200: PublicationOut, **_WRITE_ERRORS})
def update_publication(
    request: HttpRequest, expert_id: int, publication_id: int, payload: PublicationUpdateIn
) -> PublicationOut:
    expert = _changeable_expert(request, expert_id)
    publication = _publication(expert, publication_id)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    version = changes.pop("version")
    updated = services.publication_update(actor=request.user, publication=publication, version=version, **changes)
    return PublicationOut.of(updated)


@router.delete("/{expert_id}/publications/{publication_id}", response={204: None, **_WRITE_ERRORS})
def delete_publication(request: HttpRequest, expert_id: int, publication_id: int) -> Status[None]:
    expert = _changeable_expert(request, expert_id)
    services.publication_delete(actor=request.user, publication=_publication(expert, publication_id))
    return Status(204, None)


@router.post("/{expert_id}/import", response={200: PublicationImportOut, **_WRITE_ERRORS})
def import_publications(
    request: HttpRequest,
    expert_id: int,
    file: File[UploadedFile],
    file_format: Form[PublicationSource],
) -> PublicationImportOut:
    """Import publications (multipart: ``file`` and ``file_format`` bibtex or csv). Valid records are
    imported; duplicates (same DOI, or same title and year) are skipped and invalid records listed with their
    line and entry numbers, in one transaction. A file that cannot be read at all answers 400 and imports
    nothing. CSV: a header row with title, abstract, year, venue, doi, authors (separated by ';'), UTF-8."""
    expert = _changeable_expert(request, expert_id)
    if file_format == PublicationSource.MANUAL:
        raise DomainError("unknown_format", _("Use bibtex or csv."), field="file_format")
    report = services.publications_import(
        actor=request.user,
        expert=expert,
        data=file.read(),
        file_format=file_format.value,
        file_name=file.name or "",
    )
    return PublicationImportOut.of(report)


# --- Declarations ---------------------------------------------------------------------------------------


@router.post("/{expert_id}/declarations", response={201: DeclarationOut, **_WRITE_ERRORS})
def add_declaration(request: HttpRequest, expert_id: int, payload: DeclarationIn) -> Status[Any]:
    """Declare a relationship with a person or an organisation (from the directory by id, or by name)."""
    expert = _changeable_expert(request, expert_id)

    def create() -> tuple[int, Any]:
        person = None
        if payload.person is not None:
            person = people_visible_to(request.user).filter(pk=payload.person).first()
            if person is None:
                raise DomainError("unknown_person", _("There is no such person."), field="person")
        organisation = None
        if payload.organisation is not None:
            organisation = organisations_visible_to(request.user).filter(pk=payload.organisation).first()
            if organisation is None:
                raise DomainError("unknown_organisation", _("There is no such organisation."), field="organisation")
        made = services.declaration_add(
            actor=request.user,
            expert=expert,
            kind=payload.kind.value,
            relationship=payload.relationship,
            person=person,
            organisation=organisation,
            name=payload.name,
            since_year=payload.since_year,
            until_year=payload.until_year,
        )
        return 201, DeclarationOut.of(made).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.delete("/{expert_id}/declarations/{declaration_id}", response={204: None, **_WRITE_ERRORS})
def delete_declaration(request: HttpRequest, expert_id: int, declaration_id: int) -> Status[None]:
    expert = _changeable_expert(request, expert_id)
    declaration = Declaration.objects.filter(expert=expert, pk=declaration_id).first()
    if declaration is None:
        raise _not_found()
    services.declaration_delete(actor=request.user, declaration=declaration)
    return Status(204, None)
