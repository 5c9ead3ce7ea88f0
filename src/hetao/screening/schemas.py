"""What the screening API reads and writes. Output schemas are built from the models by their ``of``
constructors."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from hetao.core.api import ErrorOut, PageIn, PageOut
from hetao.screening.enums import DecisionKind, EntityKind, ListFormat, ListKind
from hetao.screening.models import (
    ScreeningDecision,
    ScreeningEntry,
    ScreeningList,
    ScreeningListVersion,
    ScreeningResult,
    ScreeningRun,
)

# --- Lists ----------------------------------------------------------------------------------------------


class VersionOut(Schema):
    id: int
    label: str
    is_active: bool
    imported_at: datetime
    imported_by: str | None = Field(description="Username; null when imported by a command")
    file_format: ListFormat
    source_file_name: str
    source_sha256: str
    entry_count: int
    skipped_count: int
    skipped_by_kind: dict[str, int] = Field(description="FollowTheMoney records skipped, by schema")

    @classmethod
    def of(cls, version: ScreeningListVersion) -> VersionOut:
        return cls(
            id=version.pk,
            label=version.label,
            is_active=version.is_active,
            imported_at=version.imported_at,
            imported_by=version.imported_by.get_username() if version.imported_by else None,
            file_format=ListFormat(version.file_format),
            source_file_name=version.source_file_name,
            source_sha256=version.source_sha256,
            entry_count=version.entry_count,
            skipped_count=version.skipped_count,
            skipped_by_kind=dict(version.skipped_by_kind),
        )


class ScreeningListOut(Schema):
    id: int
    name: str
    publisher: str
    kind: ListKind
    description: str
    is_active: bool
    active_version: VersionOut | None
    created_at: datetime

    @classmethod
    def of(cls, screening_list: ScreeningList, active: ScreeningListVersion | None) -> ScreeningListOut:
        return cls(
            id=screening_list.pk,
            name=screening_list.name,
            publisher=screening_list.publisher,
            kind=ListKind(screening_list.kind),
            description=screening_list.description,
            is_active=screening_list.is_active,
            active_version=VersionOut.of(active) if active is not None else None,
            created_at=screening_list.created_at,
        )


class ScreeningListDetailOut(ScreeningListOut):
    versions: list[VersionOut] = Field(description="Every version, newest first")


class ScreeningListPage(PageOut):
    items: list[ScreeningListOut]


class ScreeningListCreateIn(Schema):
    name: str
    kind: ListKind
    publisher: str = ""
    description: str = ""


class ScreeningListUpdateIn(Schema):
    name: str | None = None
    kind: ListKind | None = None
    publisher: str | None = None
    description: str | None = None
    is_active: bool | None = Field(None, description="Whether screening uses this list")


class ImportOut(Schema):
    version: VersionOut
    persons: int
    organisations: int
    replaces: int | None = Field(description="The version that was active before, now kept inactive")


# --- Screening ------------------------------------------------------------------------------------------


class ScreenIn(Schema):
    kind: Literal["person", "organisation"] = "person"
    name: str = Field("", description="The name to screen, in any script or romanisation")
    birth_date: date | None = None
    nationality: str = Field("", description="Nationality (persons) or country (organisations)")
    person: int | None = Field(None, description="A directory person to screen under every form of their name")
    organisation: int | None = Field(None, description="A directory organisation to screen")


class EntryOut(Schema):
    id: int
    source_id: str
    kind: EntityKind
    name: str
    aliases: list[str]
    birth_dates: list[str]
    countries: list[str]
    identifiers: dict[str, Any]
    reason: str

    @classmethod
    def of(cls, entry: ScreeningEntry) -> EntryOut:
        return cls(
            id=entry.pk,
            source_id=entry.source_id,
            kind=EntityKind(entry.entity_kind),
            name=entry.name,
            aliases=list(entry.aliases),
            birth_dates=list(entry.birth_dates),
            countries=list(entry.countries),
            identifiers=dict(entry.identifiers),
            reason=entry.reason,
        )


class DecisionOut(Schema):
    id: int
    decision: DecisionKind
    reason: str
    decided_by: str | None
    decided_at: datetime
    list: int
    source_id: str

    @classmethod
    def of(cls, decision: ScreeningDecision) -> DecisionOut:
        return cls(
            id=decision.pk,
            decision=DecisionKind(decision.decision),
            reason=decision.reason,
            decided_by=decision.decided_by.get_username() if decision.decided_by else None,
            decided_at=decision.decided_at,
            list=decision.screening_list_id,
            source_id=decision.source_id,
        )


class ResultOut(Schema):
    id: int
    score: float
    explanation: str
    matched_name: str
    list: int
    list_name: str
    version: int
    version_label: str
    entry: EntryOut
    status: Literal["open", "true_match", "false_positive"]
    decision: DecisionOut | None

    @classmethod
    def of(cls, result: ScreeningResult) -> ResultOut:
        decision = result.decision
        return cls(
            id=result.pk,
            score=float(result.score),
            explanation=result.explanation,
            matched_name=result.matched_name,
            list=result.version.screening_list_id,
            list_name=result.version.screening_list.name,
            version=result.version_id,
            version_label=result.version.label,
            entry=EntryOut.of(result.entry),
            status="open" if decision is None else decision.decision,  # type: ignore[arg-type]
            decision=DecisionOut.of(decision) if decision is not None else None,
        )


class RunOut(Schema):
    id: int
    kind: EntityKind
    name: str
    birth_date: date | None
    nationality: str
    person: int | None
    organisation: int | None
    screened_by: str | None
    created_at: datetime
    versions: list[int] = Field(description="The list versions screened against")
    results: list[ResultOut]

    @classmethod
    def of(cls, run: ScreeningRun, results: list[ScreeningResult]) -> RunOut:
        return cls(
            id=run.pk,
            kind=EntityKind(run.entity_kind),
            name=run.name,
            birth_date=run.birth_date,
            nationality=run.nationality,
            person=run.person_id,
            organisation=run.organisation_id,
            screened_by=run.screened_by.get_username() if run.screened_by else None,
            created_at=run.created_at,
            versions=list(run.version_ids),
            results=[ResultOut.of(r) for r in results],
        )


class RunSummaryOut(Schema):
    id: int
    kind: EntityKind
    name: str
    screened_by: str | None
    created_at: datetime
    result_count: int
    open_count: int = Field(description="Possible matches without a decision")

    @classmethod
    def of(cls, run: ScreeningRun) -> RunSummaryOut:
        return cls(
            id=run.pk,
            kind=EntityKind(run.entity_kind),
            name=run.name,
            screened_by=run.screened_by.get_username() if run.screened_by else None,
            created_at=run.created_at,
            result_count=run.result_count,  # type: ignore[attr-defined]
            open_count=run.open_count,  # type: ignore[attr-defined]
        )


class RunPage(PageOut):
    items: list[RunSummaryOut]


class RunQuery(PageIn):
    pass


class DecideIn(Schema):
    decision: DecisionKind
    reason: str = Field(description="Why: required, kept with the decision")


# --- Duplicate warnings (zone create endpoints) ---------------------------------------------------------


class DuplicateCandidateOut(Schema):
    id: int
    name: str
    score: float
    explanation: str


class LikelyDuplicateOut(ErrorOut):
    """409 ``likely_duplicate``: records that may be the one being created. Send the request again with
    ``"confirm_not_duplicate": true`` to create it anyway."""

    candidates: list[DuplicateCandidateOut]
    hidden_candidates: int = Field(0, description="Further likely duplicates the caller may not see")
