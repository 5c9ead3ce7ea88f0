"""Screening over HTTP: lists and their versions, imports, screening runs and decisions.

Each endpoint parses, authorises and calls one domain function. Screening, deciding and importing is for
zone-wide park administrators, customs officers and data regulators; reading also for auditors. Anyone else
gets 403 on the lists and 404 on a record. Writes by API token need the ``write`` scope.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from hetao.core.api import PageIn, error_responses, idempotent_create, paginate, require_scope
from hetao.core.errors import DomainError, NotFound, PermissionDenied
from hetao.screening.domain import selectors, services
from hetao.screening.enums import ListFormat
from hetao.screening.models import ScreeningList, ScreeningListVersion, ScreeningRun
from hetao.screening.schemas import (
    DecideIn,
    DecisionOut,
    ImportOut,
    RunOut,
    RunPage,
    RunQuery,
    RunSummaryOut,
    ScreenIn,
    ScreeningListCreateIn,
    ScreeningListDetailOut,
    ScreeningListOut,
    ScreeningListPage,
    ScreeningListUpdateIn,
    VersionOut,
)
from hetao.zone.domain.selectors import organisations_visible_to, people_visible_to

router = Router(tags=["screening"])

_READ_ERRORS = error_responses(401, 403, 404, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _forbid_unless(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied("forbidden", _("You may not do this."))


def _not_found() -> NotFound:
    return NotFound("not_found", _("There is no such record."))


def _list_out(screening_list: ScreeningList) -> ScreeningListOut:
    active = screening_list.active_versions  # type: ignore[attr-defined]
    return ScreeningListOut.of(screening_list, active[0] if active else None)


def _visible_list(request: HttpRequest, list_id: int) -> ScreeningList:
    found = selectors.lists_visible_to(request.user).filter(pk=list_id).first()
    if found is None:
        raise _not_found()
    return found


def _detail_out(screening_list: ScreeningList) -> ScreeningListDetailOut:
    active = screening_list.active_versions  # type: ignore[attr-defined]
    base = ScreeningListOut.of(screening_list, active[0] if active else None)
    versions = [VersionOut.of(v) for v in selectors.list_versions(screening_list)]
    return ScreeningListDetailOut(**base.model_dump(), versions=versions)


@router.get("/lists", response={200: ScreeningListPage, **_READ_ERRORS})
def list_lists(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The screening lists, each with its active version."""
    _forbid_unless(request, "screening.view")
    return paginate(selectors.lists_visible_to(request.user), page, _list_out)


@router.post("/lists", response={201: ScreeningListOut, **_WRITE_ERRORS})
def create_list(request: HttpRequest, payload: ScreeningListCreateIn) -> Status[Any]:
    require_scope(request, "write")
    _forbid_unless(request, "screening.manage_lists")
    fields = {**payload.model_dump(), "kind": payload.kind.value}

    def create() -> tuple[int, Any]:
        created = services.screening_list_create(actor=request.user, **fields)
        return 201, ScreeningListOut.of(created, None).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/lists/{list_id}", response={200: ScreeningListDetailOut, **_READ_ERRORS})
def get_list(request: HttpRequest, list_id: int) -> ScreeningListDetailOut:
    _forbid_unless(request, "screening.view")
    return _detail_out(_visible_list(request, list_id))


@router.patch("/lists/{list_id}", response={200: ScreeningListDetailOut, **_WRITE_ERRORS})
def update_list(request: HttpRequest, list_id: int, payload: ScreeningListUpdateIn) -> ScreeningListDetailOut:
    """Change the fields sent; ``is_active: false`` stops screening against the list."""
    require_scope(request, "write")
    _forbid_unless(request, "screening.manage_lists")
    screening_list = _visible_list(request, list_id)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    if "kind" in changes:
        changes["kind"] = changes["kind"].value
    services.screening_list_update(actor=request.user, screening_list=screening_list, **changes)
    return _detail_out(_visible_list(request, list_id))


@router.post("/lists/{list_id}/versions", response={201: ImportOut, **_WRITE_ERRORS})
def import_version(
    request: HttpRequest,
    list_id: int,
    file: File[UploadedFile],
    file_format: Form[ListFormat],
    label: Form[str] = "",
) -> Status[ImportOut]:
    """Import a list file (multipart: ``file``, ``file_format`` csv or ftm, optional ``label``) as a new
    version, which becomes the active one. A file with any bad row imports nothing: every bad row is listed
    in ``errors`` with its line number."""
    require_scope(request, "write")
    _forbid_unless(request, "screening.manage_lists")
    screening_list = _visible_list(request, list_id)
    report = services.screening_list_import(
        actor=request.user,
        screening_list=screening_list,
        data=file.read(),
        file_name=file.name or "",
        file_format=file_format.value,
        label=label,
    )
    return Status(
        201,
        ImportOut(
            version=VersionOut.of(report.version),
            persons=report.persons,
            organisations=report.organisations,
            replaces=report.previous.pk if report.previous else None,
        ),
    )


@router.post("/versions/{version_id}/activate", response={200: VersionOut, **_WRITE_ERRORS})
def activate_version(request: HttpRequest, version_id: int) -> VersionOut:
    """Make an earlier version of its list the active one again."""
    require_scope(request, "write")
    _forbid_unless(request, "screening.manage_lists")
    version = ScreeningListVersion.objects.filter(pk=version_id).select_related("imported_by").first()
    if version is None:
        raise _not_found()
    return VersionOut.of(services.screening_version_activate(actor=request.user, version=version))


def _run_out(run: ScreeningRun) -> RunOut:
    return RunOut.of(run, list(selectors.run_results(run)))


@router.post("/screen", response={201: RunOut, **_WRITE_ERRORS})
def screen(request: HttpRequest, payload: ScreenIn) -> Status[Any]:
    """Screen a person or organisation against the active lists. The run and every possible match are
    stored; a match decided earlier for the same subject and entry comes with that decision."""
    require_scope(request, "write")
    _forbid_unless(request, "screening.screen")

    def create() -> tuple[int, Any]:
        if payload.kind == "person":
            if payload.organisation is not None:
                raise DomainError("wrong_subject", _("A person is screened with 'person'."), field="organisation")
            subject = None
            if payload.person is not None:
                subject = people_visible_to(request.user).filter(pk=payload.person).first()
                if subject is None:
                    raise DomainError("unknown_person", _("There is no such person."), field="person")
            run = services.screen_person(
                actor=request.user,
                name=payload.name,
                birth_date=payload.birth_date,
                nationality=payload.nationality,
                subject=subject,
            )
        else:
            if payload.person is not None:
                raise DomainError(
                    "wrong_subject", _("An organisation is screened with 'organisation'."), field="person"
                )
            organisation = None
            if payload.organisation is not None:
                organisation = organisations_visible_to(request.user).filter(pk=payload.organisation).first()
                if organisation is None:
                    raise DomainError("unknown_organisation", _("There is no such organisation."), field="organisation")
            run = services.screen_organisation(
                actor=request.user, name=payload.name, country=payload.nationality, subject=organisation
            )
        return 201, _run_out(run).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/runs", response={200: RunPage, **_READ_ERRORS})
def list_runs(request: HttpRequest, filters: Query[RunQuery]) -> dict[str, Any]:
    """Screening runs, newest first, with how many possible matches are still open."""
    _forbid_unless(request, "screening.view")
    return paginate(selectors.runs_visible_to(request.user), filters, RunSummaryOut.of)


@router.get("/runs/{run_id}", response={200: RunOut, **_READ_ERRORS})
def get_run(request: HttpRequest, run_id: int) -> RunOut:
    run = selectors.runs_visible_to(request.user).filter(pk=run_id).first()
    if run is None:
        raise _not_found()
    return _run_out(run)


@router.post("/results/{result_id}/decision", response={201: DecisionOut, **_WRITE_ERRORS})
def decide(request: HttpRequest, result_id: int, payload: DecideIn) -> Status[Any]:
    """Decide a possible match: ``true_match`` or ``false_positive``, with the reason. The decision is applied
    to later screenings of the same subject against the same entry, in later list versions too."""
    require_scope(request, "write")
    result = selectors.results_visible_to(request.user).filter(pk=result_id).first()
    if result is None:
        raise _not_found()
    _forbid_unless(request, "screening.decide")

    def create() -> tuple[int, Any]:
        made = services.screening_decide(
            actor=request.user, result=result, decision=payload.decision.value, reason=payload.reason
        )
        return 201, DecisionOut.of(made).model_dump(mode="json")

    return Status(*idempotent_create(request, create))
