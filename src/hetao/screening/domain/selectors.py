"""Reads of screening that more than one view or endpoint needs, and the names engine's reads of the zone
directory: likely duplicates of a new record, and directory search across romanisations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from hetao.accounts.domain.selectors import has_zone_role
from hetao.accounts.enums import Role
from hetao.engines.names import DEFAULT_THRESHOLD
from hetao.screening.domain import matching
from hetao.screening.models import (
    ScreeningDecision,
    ScreeningList,
    ScreeningListVersion,
    ScreeningResult,
    ScreeningRun,
)
from hetao.zone.models import Organisation, Person

SCREENING_ROLES = (Role.PARK_ADMIN, Role.CUSTOMS_OFFICER, Role.DATA_REGULATOR)
READING_ROLES = (*SCREENING_ROLES, Role.AUDITOR)


def may_screen(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and any(has_zone_role(user, r) for r in SCREENING_ROLES)


def may_read_screening(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and any(has_zone_role(user, r) for r in READING_ROLES)


# --- Lists ----------------------------------------------------------------------------------------------


def _active_version_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "versions",
        queryset=ScreeningListVersion.objects.filter(is_active=True).select_related("imported_by"),
        to_attr="active_versions",
    )


def lists_visible_to(user: Any) -> QuerySet[ScreeningList]:
    """Every list, with its active version (``active_versions``, a list of at most one), for those who may
    read screening; nothing for anyone else."""
    if not may_read_screening(user):
        return ScreeningList.objects.none()
    return ScreeningList.objects.prefetch_related(_active_version_prefetch()).order_by("name", "pk")


def list_versions(screening_list: ScreeningList) -> QuerySet[ScreeningListVersion]:
    return screening_list.versions.select_related("imported_by").order_by("-imported_at", "-pk")


# --- Runs -----------------------------------------------------------------------------------------------


def runs_visible_to(user: Any) -> QuerySet[ScreeningRun]:
    """Screening runs, newest first, with how many possible matches each found and how many are still open."""
    if not may_read_screening(user):
        return ScreeningRun.objects.none()
    return (
        ScreeningRun.objects.select_related("screened_by", "person", "organisation")
        .annotate(
            result_count=Count("results"),
            open_count=Count("results", filter=Q(results__decision__isnull=True)),
        )
        .order_by("-created_at", "-pk")
    )


def run_results(run: ScreeningRun) -> QuerySet[ScreeningResult]:
    return (
        ScreeningResult.objects.filter(run=run)
        .select_related("entry", "version", "version__screening_list", "decision", "decision__decided_by")
        .order_by("-score", "pk")
    )


def results_visible_to(user: Any) -> QuerySet[ScreeningResult]:
    if not may_read_screening(user):
        return ScreeningResult.objects.none()
    return ScreeningResult.objects.select_related("run", "entry", "version", "version__screening_list", "decision")


def decisions_for_result(result: ScreeningResult) -> QuerySet[ScreeningDecision]:
    """Every decision on this subject and entry, newest first: the one in force and those it replaced."""
    return ScreeningDecision.objects.filter(
        subject_key=result.run.subject_key,
        screening_list_id=result.version.screening_list_id,
        source_id=result.entry.source_id,
    ).select_related("decided_by")


# --- The directory through the names engine -------------------------------------------------------------


def likely_duplicate_people(
    *,
    name_forms: Sequence[str],
    birth_date: date | None = None,
    exclude_id: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[tuple[Person, float, str]]:
    """Directory records whose name is one of ``name_forms`` in another script, romanisation or order
    (people with another known date of birth score lower), best first, with the engine's explanation."""
    forms = [f for f in (" ".join(n.split()) for n in name_forms) if f]
    if not forms:
        return []
    hits = matching.search_directory_people(forms, birth_date=birth_date, threshold=threshold, k=10)
    hits = [h for h in hits if h.record_id != exclude_id]
    people = Person.objects.in_bulk([h.record_id for h in hits])
    return [(people[h.record_id], h.score, h.explanation) for h in hits if h.record_id in people]


def likely_duplicate_organisations(
    *, names: Sequence[str], exclude_id: int | None = None, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[Organisation, float, str]]:
    """Organisations whose name or alias matches one of ``names`` (legal forms, scripts, abbreviations
    unified: HKUST ~ 香港科技大學), best first, with the explanation."""
    forms = [f for f in (" ".join(n.split()) for n in names) if f]
    if not forms:
        return []
    hits = [h for h in matching.search_directory_organisations(forms, threshold=threshold) if h.record_id != exclude_id]
    found = Organisation.objects.in_bulk([h.record_id for h in hits[:10]])
    return [(found[h.record_id], h.score, h.explanation) for h in hits[:10] if h.record_id in found]


def people_matching_name(query: str, *, threshold: float = DEFAULT_THRESHOLD, k: int = 50) -> list[int]:
    """Ids of directory records the engine matches to ``query`` (any script or romanisation: "Cheung Wai"
    finds 张伟), for directory search. Visibility is the caller's to apply."""
    text = " ".join(query.split())
    if not text:
        return []
    return [hit.record_id for hit in matching.search_directory_people([text], threshold=threshold, k=k)]
