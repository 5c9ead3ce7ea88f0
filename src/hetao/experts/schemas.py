"""What the experts API reads and writes. Output schemas are built from the models by their ``of``
constructors."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from hetao.core.api import PageIn, PageOut
from hetao.experts.domain.importers import RecordProblem
from hetao.experts.domain.services import ImportReport, SkippedRecord
from hetao.experts.enums import DeclarationKind, PublicationSource
from hetao.experts.models import Declaration, Expert, Publication

# --- Experts --------------------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    name: str = Field(description="In the caller's language and script")

    @classmethod
    def of(cls, person: object) -> PersonRef:
        return cls(id=person.pk, name=person.name)  # type: ignore[attr-defined]


class ExpertOut(Schema):
    id: int
    person: PersonRef
    statement_en: str
    statement_zh: str
    keywords: list[str]
    load_max: int = Field(description="Most proposals per call")
    is_active: bool = Field(description="Available for review")
    version: int = Field(description="Send it back with an update")
    publication_count: int
    declaration_count: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, expert: Expert) -> ExpertOut:
        return cls(
            id=expert.pk,
            person=PersonRef.of(expert.person),
            statement_en=expert.statement_en,
            statement_zh=expert.statement_zh,
            keywords=list(expert.keywords),
            load_max=expert.load_max,
            is_active=expert.is_active,
            version=expert.version,
            publication_count=getattr(expert, "publication_count", 0),
            declaration_count=getattr(expert, "declaration_count", 0),
            created_at=expert.created_at,
            updated_at=expert.updated_at,
        )


class PublicationOut(Schema):
    id: int
    title: str
    abstract: str
    year: int
    venue: str
    doi: str = Field(description="Without resolver prefix, lower case; empty when unknown")
    authors: list[str] = Field(description="Names as printed, in order")
    source: PublicationSource
    source_key: str = Field(description="The BibTeX citation key, when imported from BibTeX")
    version: int

    @classmethod
    def of(cls, publication: Publication) -> PublicationOut:
        return cls(
            id=publication.pk,
            title=publication.title,
            abstract=publication.abstract,
            year=publication.year,
            venue=publication.venue,
            doi=publication.doi,
            authors=[str(a) for a in publication.authors],
            source=PublicationSource(publication.source),
            source_key=publication.source_key,
            version=publication.version,
        )


class DeclarationOut(Schema):
    id: int
    kind: DeclarationKind
    person: PersonRef | None
    organisation: int | None
    organisation_name: str | None
    name: str = Field(description="The name as declared, for someone not in the directory")
    relationship: str
    since_year: int | None
    until_year: int | None = Field(description="Empty: the relationship lasts")
    created_at: datetime

    @classmethod
    def of(cls, declaration: Declaration) -> DeclarationOut:
        organisation = declaration.organisation
        return cls(
            id=declaration.pk,
            kind=DeclarationKind(declaration.kind),
            person=PersonRef.of(declaration.person) if declaration.person is not None else None,
            organisation=organisation.pk if organisation is not None else None,
            organisation_name=organisation.name if organisation is not None else None,
            name=declaration.name,
            relationship=declaration.relationship,
            since_year=declaration.since_year,
            until_year=declaration.until_year,
            created_at=declaration.created_at,
        )


class ExpertDetailOut(ExpertOut):
    publications: list[PublicationOut] = Field(description="Newest first")
    declarations: list[DeclarationOut] = Field(description="Newest first")


class ExpertPage(PageOut):
    items: list[ExpertOut]


class ExpertQuery(PageIn):
    q: str = Field("", description="A name in any script or romanisation, or words of the statements and keywords")


class ExpertCreateIn(Schema):
    person: int = Field(description="The directory person to add to the pool")
    statement_en: str = ""
    statement_zh: str = ""
    keywords: list[str] = []
    load_max: int = Field(6, description="Most proposals per call")
    is_active: bool = True


class ExpertUpdateIn(Schema):
    version: int = Field(description="The version last read")
    statement_en: str | None = None
    statement_zh: str | None = None
    keywords: list[str] | None = None
    load_max: int | None = Field(None, description="Programme managers and park administrators only")
    is_active: bool | None = Field(None, description="Programme managers and park administrators only")


# --- Publications ---------------------------------------------------------------------------------------


class PublicationPage(PageOut):
    items: list[PublicationOut]


class PublicationIn(Schema):
    title: str
    year: int
    abstract: str = ""
    venue: str = ""
    doi: str = ""
    authors: list[str] = Field([], description="Names as printed, in order, the expert included")


class PublicationUpdateIn(Schema):
    version: int = Field(description="The version last read")
    title: str | None = None
    year: int | None = None
    abstract: str | None = None
    venue: str | None = None
    doi: str | None = None
    authors: list[str] | None = None


class RecordProblemOut(Schema):
    line: int
    number: int | None = Field(description="The entry (BibTeX) or row (CSV) number, counting from 1")
    key: str = Field(description="The BibTeX citation key, when there is one")
    code: str
    message: str

    @classmethod
    def of(cls, problem: RecordProblem) -> RecordProblemOut:
        return cls(
            line=problem.line, number=problem.number, key=problem.key, code=problem.code, message=problem.message
        )


class SkippedOut(Schema):
    line: int
    number: int
    key: str
    title: str
    reason: Literal["doi", "title_year"]
    existing: int | None = Field(description="The publication already listed; null when repeated in the file")
    message: str

    @classmethod
    def of(cls, skipped: SkippedRecord) -> SkippedOut:
        return cls(
            line=skipped.line,
            number=skipped.number,
            key=skipped.key,
            title=skipped.title,
            reason="doi" if skipped.reason == "doi" else "title_year",
            existing=skipped.existing.pk if skipped.existing is not None else None,
            message=skipped.message,
        )


class PublicationImportOut(Schema):
    created: list[PublicationOut]
    skipped: list[SkippedOut]
    errors: list[RecordProblemOut] = Field(description="Records not imported, with line and entry numbers")
    warnings: list[RecordProblemOut]

    @classmethod
    def of(cls, report: ImportReport) -> PublicationImportOut:
        return cls(
            created=[PublicationOut.of(p) for p in report.created],
            skipped=[SkippedOut.of(s) for s in report.skipped],
            errors=[RecordProblemOut.of(e) for e in report.errors],
            warnings=[RecordProblemOut.of(w) for w in report.warnings],
        )


# --- Declarations ---------------------------------------------------------------------------------------


class DeclarationIn(Schema):
    kind: DeclarationKind
    relationship: str = Field(description="e.g. former doctoral student, spouse, adviser to the company")
    person: int | None = Field(None, description="A directory person (kind person)")
    organisation: int | None = Field(None, description="A directory organisation (kind organisation)")
    name: str = Field("", description="The name, for someone not in the directory")
    since_year: int | None = None
    until_year: int | None = Field(None, description="Empty: the relationship lasts")
