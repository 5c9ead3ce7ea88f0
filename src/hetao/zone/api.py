"""The zone directory over HTTP: organisations, people, their affiliations and identity documents.

Each endpoint parses, authorises and calls one domain function. Lists hold only what the caller may see; a
record the caller may not see answers 404 (never 403, so that its existence does not leak); a visible
record the caller may not change answers 403 ``forbidden``. Writes by API token need the ``write`` scope.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hetao.core.api import error_responses, idempotent_create, paginate, require_scope
from hetao.core.errors import DomainError, NotFound, PermissionDenied
from hetao.screening.duplicates import LikelyDuplicate, organisation_duplicate_warning, person_duplicate_warning
from hetao.screening.schemas import LikelyDuplicateOut
from hetao.zone.domain import selectors, services
from hetao.zone.models import Organisation, Park, Person
from hetao.zone.schemas import (
    AffiliationCreateIn,
    AffiliationOut,
    IdentityDocumentCreateIn,
    IdentityDocumentOut,
    OrganisationCreateIn,
    OrganisationOut,
    OrganisationPage,
    OrganisationQuery,
    OrganisationUpdateIn,
    PersonCreateIn,
    PersonExportOut,
    PersonOut,
    PersonPage,
    PersonQuery,
    PersonUpdateIn,
)

router = Router(tags=["zone"])

_READ_ERRORS = error_responses(401, 404, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Choice enums as their plain values, so that services and the audit ledger see strings."""
    return {key: value.value if isinstance(value, Enum) else value for key, value in values.items()}


def _forbid_unless(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied("forbidden", _("You may not do this."))


def _check_placement(request: HttpRequest, park_code: str | None) -> None:
    """Only administrators of a park may place an organisation there (zone-wide ones: also outside the zone).
    An unknown park code is left for the service to report as a field error."""
    park = Park.objects.filter(code=park_code).first() if park_code else None
    if park_code and park is None:
        return
    if not request.user.has_perm("zone.place_organisation", park):
        raise PermissionDenied(
            "park_not_administered", _("You may place organisations only in the parks you administer."), field="park"
        )


def _not_found() -> NotFound:
    return NotFound("not_found", _("There is no such record."))


# --- Organisations --------------------------------------------------------------------------------------


def _visible_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    org = (
        selectors.organisations_visible_to(request.user)
        .prefetch_related("identifiers")
        .filter(pk=organisation_id)
        .first()
    )
    if org is None:
        raise _not_found()
    return org


@router.get("/organisations", response={200: OrganisationPage, **_READ_ERRORS})
def list_organisations(request: HttpRequest, filters: Query[OrganisationQuery]) -> dict[str, Any]:
    """The organisations the caller may see: active ones, plus inactive ones the caller administers."""
    found = selectors.organisation_search(
        user=request.user, query=filters.q, kind=filters.kind.value if filters.kind else "", park=filters.park
    )
    return paginate(found.prefetch_related("identifiers"), filters, OrganisationOut.of)


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **_READ_ERRORS})
def get_organisation(request: HttpRequest, organisation_id: int) -> OrganisationOut:
    return OrganisationOut.of(_visible_organisation(request, organisation_id))


@router.post("/organisations", response={201: OrganisationOut, **_WRITE_ERRORS, 409: LikelyDuplicateOut})
def create_organisation(request: HttpRequest, payload: OrganisationCreateIn) -> Status[Any]:
    """Register an organisation (park administrators). Identifiers are checked with their check characters.
    A name matching an organisation on file answers 409 ``likely_duplicate`` with the candidates, unless
    ``confirm_not_duplicate`` is true. Send an ``Idempotency-Key`` header to make a retry safe."""
    require_scope(request, "write")
    _forbid_unless(request, "zone.add_organisation")
    _check_placement(request, payload.park)
    fields = _plain(payload.model_dump(exclude={"identifiers", "confirm_not_duplicate"}))
    numbers = payload.identifiers.model_dump() if payload.identifiers is not None else {}
    identifiers = {kind: value for kind, value in numbers.items() if value}

    def create() -> tuple[int, Any]:
        if not payload.confirm_not_duplicate:
            duplicates = organisation_duplicate_warning(request.user, fields)
            if duplicates:
                raise LikelyDuplicate(duplicates)
        org = services.organisation_create(actor=request.user, identifiers=identifiers, **fields)
        return 201, OrganisationOut.of(org).model_dump(mode="json")

    try:
        return Status(*idempotent_create(request, create))
    except LikelyDuplicate as exc:
        return Status(409, exc.body())


@router.patch("/organisations/{organisation_id}", response={200: OrganisationOut, **_WRITE_ERRORS})
def update_organisation(request: HttpRequest, organisation_id: int, payload: OrganisationUpdateIn) -> OrganisationOut:
    """Change the fields sent. An identifier sent as an empty string is removed."""
    require_scope(request, "write")
    org = _visible_organisation(request, organisation_id)
    _forbid_unless(request, "zone.change_organisation", org)
    changes = _plain(payload.model_dump(exclude_unset=True, exclude={"version", "identifiers"}))
    if "park" in changes and changes["park"] != (org.park.code if org.park else None):
        _check_placement(request, changes["park"])
    identifiers = None
    if payload.identifiers is not None:
        identifiers = {k: v or "" for k, v in payload.identifiers.model_dump(exclude_unset=True).items()}
    updated = services.organisation_update(
        actor=request.user,
        organisation=org,
        expected_version=payload.version,
        identifiers=identifiers,
        **changes,
    )
    return OrganisationOut.of(updated)


# --- People ---------------------------------------------------------------------------------------------


def _visible_person(request: HttpRequest, person_id: int) -> Person:
    person = selectors.person_search(user=request.user).filter(pk=person_id).first()
    if person is None:
        raise _not_found()
    return person


def _person_out(request: HttpRequest, person: Person) -> PersonOut:
    """One person as the caller may see them: birth date and e-mail only for whoever may change the record."""
    affiliations = getattr(person, "current_affiliations", None)
    if affiliations is None:
        affiliations = list(selectors.current_affiliations(person))
    private = request.user.has_perm("zone.change_person", person)
    return PersonOut.of(person, private=private, affiliations=affiliations)


def _listed_person_out(person: Person) -> PersonOut:
    # Lists never carry birth dates or e-mail addresses: personal data is handed out one record at a time,
    # after a check on that record (and a per-row check would cost a query per row).
    return PersonOut.of(person, private=False, affiliations=person.current_affiliations)  # type: ignore[attr-defined]


@router.get("/people", response={200: PersonPage, **_READ_ERRORS}, by_alias=True)
def list_people(request: HttpRequest, filters: Query[PersonQuery]) -> dict[str, Any]:
    """The people the caller may see: those listed in the directory, the caller, and those the caller
    administers. Birth date and e-mail are null here; read one person to see them where allowed."""
    found = selectors.person_search(user=request.user, query=filters.q, organisation_id=filters.organisation)
    return paginate(found, filters, _listed_person_out)


@router.get("/people/{person_id}", response={200: PersonOut, **_READ_ERRORS}, by_alias=True)
def get_person(request: HttpRequest, person_id: int) -> PersonOut:
    return _person_out(request, _visible_person(request, person_id))


@router.post("/people", response={201: PersonOut, **_WRITE_ERRORS, 409: LikelyDuplicateOut}, by_alias=True)
def create_person(request: HttpRequest, payload: PersonCreateIn) -> Status[Any]:
    """Add a person (park and organisation administrators). A name matching someone on file in any script or
    romanisation answers 409 ``likely_duplicate`` with the candidates and how they matched, unless
    ``confirm_not_duplicate`` is true. Send an ``Idempotency-Key`` header to make a retry safe."""
    require_scope(request, "write")
    _forbid_unless(request, "zone.add_person")
    fields = _plain(payload.model_dump(exclude={"confirm_not_duplicate"}))

    def create() -> tuple[int, Any]:
        if not payload.confirm_not_duplicate:
            duplicates = person_duplicate_warning(request.user, fields)
            if duplicates:
                raise LikelyDuplicate(duplicates)
        person = services.person_create(actor=request.user, **fields)
        return 201, _person_out(request, person).model_dump(mode="json", by_alias=True)

    try:
        return Status(*idempotent_create(request, create))
    except LikelyDuplicate as exc:
        return Status(409, exc.body())


@router.patch("/people/{person_id}", response={200: PersonOut, **_WRITE_ERRORS}, by_alias=True)
def update_person(request: HttpRequest, person_id: int, payload: PersonUpdateIn) -> PersonOut:
    require_scope(request, "write")
    person = _visible_person(request, person_id)
    _forbid_unless(request, "zone.change_person", person)
    changes = _plain(payload.model_dump(exclude_unset=True, exclude={"version"}))
    updated = services.person_update(actor=request.user, person=person, expected_version=payload.version, **changes)
    return _person_out(request, updated)


@router.post("/people/{person_id}/affiliations", response={201: AffiliationOut, **_WRITE_ERRORS}, by_alias=True)
def add_affiliation(request: HttpRequest, person_id: int, payload: AffiliationCreateIn) -> Status[Any]:
    """Record that the person holds a position at an organisation. The organisation vouches for it, so this
    needs the right to change the organisation (its administrators, the park's administrators)."""
    require_scope(request, "write")
    person = _visible_person(request, person_id)
    organisation = selectors.organisations_visible_to(request.user).filter(pk=payload.organisation).first()
    if organisation is None:
        raise DomainError("unknown_organisation", _("There is no such organisation."), field="organisation")
    _forbid_unless(request, "zone.change_organisation", organisation)
    fields = payload.model_dump(exclude={"organisation"})

    def create() -> tuple[int, Any]:
        affiliation = services.affiliation_add(actor=request.user, person=person, organisation=organisation, **fields)
        return 201, AffiliationOut.of(affiliation).model_dump(mode="json", by_alias=True)

    return Status(*idempotent_create(request, create))


@router.get(
    "/people/{person_id}/identity-documents",
    response={200: list[IdentityDocumentOut], **error_responses(401, 403, 404)},
)
def list_identity_documents(request: HttpRequest, person_id: int) -> list[IdentityDocumentOut]:
    """The person's identity documents, numbers masked (the person, their administrators, data regulators).
    Not paginated: a person holds a handful at most."""
    person = _visible_person(request, person_id)
    _forbid_unless(request, "zone.view_identity_documents", person)
    return [IdentityDocumentOut.of(document) for document in person.identity_documents.order_by("kind", "pk")]


@router.post("/people/{person_id}/identity-documents", response={201: IdentityDocumentOut, **_WRITE_ERRORS})
def add_identity_document(request: HttpRequest, person_id: int, payload: IdentityDocumentCreateIn) -> Status[Any]:
    """Record an identity document. The number is checked (check character, dates, region), stored
    encrypted and answered masked; a number on file for another person is a 409."""
    require_scope(request, "write")
    person = _visible_person(request, person_id)
    _forbid_unless(request, "zone.change_person", person)
    fields = _plain(payload.model_dump())

    def create() -> tuple[int, Any]:
        document = services.identity_document_add(actor=request.user, person=person, **fields)
        return 201, IdentityDocumentOut.of(document).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/people/{person_id}/export", response={200: PersonExportOut, **error_responses(401, 403, 404)})
def export_person(request: HttpRequest, person_id: int, response: HttpResponse) -> dict[str, Any]:
    """Everything held about the person, document numbers in full (the person and data regulators only).
    The export is recorded in the audit ledger."""
    person = _visible_person(request, person_id)
    _forbid_unless(request, "zone.export_person", person)
    response["Cache-Control"] = "no-store"
    return services.person_export(actor=request.user, person=person)
