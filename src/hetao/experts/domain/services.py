"""Every change to the pool of experts: experts, their publications (by hand or imported from BibTeX and CSV)
and the relationships they declare. Each service validates first and reports every problem at once, then
writes in one transaction with its audit event. Rows are locked expert first, then its publications."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError, FieldProblem, ProblemCollector, ValidationFailed
from hetao.experts.domain import bibtex
from hetao.experts.domain.importers import (
    PublicationRecord,
    RecordProblem,
    Unreadable,
    parse_publications,
    where,
)
from hetao.experts.enums import DeclarationKind, PublicationSource
from hetao.experts.models import Declaration, Expert, Publication
from hetao.zone.models import Organisation, Person

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_RECORDS = 5000
MAX_KEYWORDS = 30
MAX_KEYWORD_LENGTH = 60
MAX_STATEMENT_LENGTH = 5000
MAX_AUTHORS = 500
MAX_LOAD = 100
YEAR_MIN, YEAR_MAX = 1900, 2100

_EXPERT_FIELDS = ("statement_en", "statement_zh", "keywords", "load_max", "is_active")
_PUBLICATION_FIELDS = ("title", "abstract", "year", "venue", "doi", "authors")


# --- Normalisation --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Case and width folded, Traditional characters in their Simplified form, white space collapsed: what
    search and duplicate detection compare."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(str(_t2s().convert(folded)).split())


def title_key(title: str) -> str:
    """A title for duplicate detection: folded, with punctuation, braces and spaces dropped."""
    return re.sub(r"[\W_]+", "", fold(title))[:1000]


def _expert_search_text(expert: Expert) -> str:
    parts = [expert.statement_en, expert.statement_zh, *expert.keywords]
    return "|" + "|".join(fold(p) for p in parts if p) + "|"


def _clean_keywords(keywords: Sequence[str] | str, collector: ProblemCollector) -> list[str]:
    if isinstance(keywords, str):
        keywords = split_keywords(keywords)
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in keywords:
        if not isinstance(raw, str):
            collector.add("keywords", "invalid", _("Each keyword must be text."))
            return cleaned
        keyword = " ".join(raw.split())
        if not keyword or fold(keyword) in seen:
            continue
        if len(keyword) > MAX_KEYWORD_LENGTH:
            collector.add(
                "keywords",
                "keyword_too_long",
                _("The keyword “%(keyword)s…” is longer than %(limit)d characters.")
                % {"keyword": keyword[:20], "limit": MAX_KEYWORD_LENGTH},
            )
            continue
        seen.add(fold(keyword))
        cleaned.append(keyword)
    if len(cleaned) > MAX_KEYWORDS:
        collector.add("keywords", "too_many_keywords", _("Give at most %(limit)d keywords.") % {"limit": MAX_KEYWORDS})
    return cleaned


def split_keywords(text: str) -> list[str]:
    """Keywords typed in one box: separated by commas (also the Chinese ，and 、), semicolons or new lines."""
    return [part.strip() for part in re.split(r"[,，、;；\n]", text) if part.strip()]


def _check_version(obj: Expert | Publication, version: int | None) -> None:
    if version is not None and obj.version != version:
        raise Conflict(
            "stale_version",
            _(
                "Someone else changed this record since you opened it (your version %(yours)d, now "
                "%(current)d). Reload it and apply your changes again."
            )
            % {"yours": version, "current": obj.version},
            field="version",
        )


def _snapshot(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


# --- Experts --------------------------------------------------------------------------------------------


def _check_expert(expert: Expert, collector: ProblemCollector) -> None:
    for name in ("statement_en", "statement_zh"):
        if len(getattr(expert, name)) > MAX_STATEMENT_LENGTH:
            collector.add(
                name,
                "too_long",
                _("Keep the statement under %(limit)d characters.") % {"limit": MAX_STATEMENT_LENGTH},
            )
    if not isinstance(expert.load_max, int) or isinstance(expert.load_max, bool):
        collector.add("load_max", "invalid", _("Enter a whole number."))
    elif not 0 <= expert.load_max <= MAX_LOAD:
        collector.add(
            "load_max",
            "load_out_of_range",
            _("The most proposals per call is between 0 and %(limit)d.") % {"limit": MAX_LOAD},
        )


def expert_create(
    *,
    actor: object | None,
    person: Person,
    statement_en: str = "",
    statement_zh: str = "",
    keywords: Sequence[str] | str = (),
    load_max: int = 6,
    is_active: bool = True,
) -> Expert:
    """Add a person of the directory to the pool of experts."""
    collector = ProblemCollector()
    expert = Expert(
        person=person,
        statement_en=statement_en.strip(),
        statement_zh=statement_zh.strip(),
        keywords=_clean_keywords(keywords, collector),
        load_max=load_max,
        is_active=is_active,
    )
    _check_expert(expert, collector)
    collector.raise_if_any()
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if Expert.objects.filter(person=person).exists():
            raise Conflict(
                "expert_exists",
                _("%(name)s is already in the pool of experts.") % {"name": person.name},
                field="person",
            )
        expert.search_text = _expert_search_text(expert)
        expert.save()
        audit_append(
            actor=actor,
            action="expert.create",
            obj=expert,
            payload={"person": person.pk, **_snapshot(expert, _EXPERT_FIELDS)},
        )
    return expert


def expert_update(*, actor: object | None, expert: Expert, version: int | None, **changes: Any) -> Expert:
    """Change an expert's statements, keywords, load or availability. ``version`` is the one last read: a
    change made since by someone else answers ``stale_version`` and changes nothing."""
    unknown = set(changes) - set(_EXPERT_FIELDS)
    if unknown:
        raise TypeError(f"expert_update got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Expert.objects.select_for_update().select_related("person").get(pk=expert.pk)
        _check_version(current, version)
        before = _snapshot(current, _EXPERT_FIELDS)
        collector = ProblemCollector()
        for name, raw in changes.items():
            value = raw
            if name == "keywords":
                value = _clean_keywords(raw, collector)
            elif name in ("statement_en", "statement_zh"):
                value = str(raw).strip()
            setattr(current, name, value)
        _check_expert(current, collector)
        collector.raise_if_any()
        after = _snapshot(current, _EXPERT_FIELDS)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        if not changed:
            return current
        current.version += 1
        current.search_text = _expert_search_text(current)
        current.save()
        audit_append(
            actor=actor,
            action="expert.update",
            obj=current,
            payload={"changed": changed, "before": {k: before[k] for k in changed}, "version": current.version},
        )
    return current


# --- Publications ---------------------------------------------------------------------------------------


def _check_publication(
    *, title: str, year: Any, abstract: str, venue: str, doi: str, authors: Sequence[str]
) -> list[FieldProblem]:
    collector = ProblemCollector()
    if not title:
        collector.add("title", "required", _("Give the title."))
    elif len(title) > 1000:
        collector.add("title", "too_long", _("The title is longer than 1,000 characters."))
    if year is None or year == "":
        collector.add("year", "required", _("Give the year of publication."))
    elif not isinstance(year, int) or isinstance(year, bool) or not YEAR_MIN <= year <= YEAR_MAX:
        collector.add(
            "year",
            "invalid_year",
            _("%(year)s is not a year between %(min)d and %(max)d.") % {"year": year, "min": YEAR_MIN, "max": YEAR_MAX},
        )
    if len(abstract) > 20000:
        collector.add("abstract", "too_long", _("The abstract is longer than 20,000 characters."))
    if len(venue) > 500:
        collector.add("venue", "too_long", _("The journal or venue is longer than 500 characters."))
    if doi and (len(doi) > 200 or not bibtex.is_doi(doi)):
        collector.add("doi", "invalid_doi", _("%(doi)s is not a DOI (10.xxxx/…).") % {"doi": doi[:60]})
    if len(authors) > MAX_AUTHORS:
        collector.add("authors", "too_many_authors", _("Give at most %(limit)d authors.") % {"limit": MAX_AUTHORS})
    elif any(not isinstance(a, str) or len(a) > 300 for a in authors):
        collector.add("authors", "invalid_author", _("Each author is a name of at most 300 characters."))
    return collector.problems


def _clean_authors(authors: Sequence[str] | str) -> list[str]:
    if isinstance(authors, str):
        authors = re.split(r"[;；\n]", authors)
    return [" ".join(a.split()) if isinstance(a, str) else a for a in authors if not isinstance(a, str) or a.strip()]


def _duplicate_of(expert: Expert, *, doi: str, key: str, year: int, exclude: int | None = None) -> Publication | None:
    """An existing publication of the expert with this DOI, or this folded title in this year."""
    existing = Publication.objects.filter(expert=expert)
    if exclude is not None:
        existing = existing.exclude(pk=exclude)
    if doi:
        found = existing.filter(doi=doi).first()
        if found is not None:
            return found
    return existing.filter(title_key=key, year=year).first() if key else None


def _duplicate_conflict(found: Publication) -> Conflict:
    return Conflict(
        "duplicate_publication",
        _("This publication is already listed: %(title)s (%(year)d).")
        % {"title": found.title[:120], "year": found.year},
        field="doi" if found.doi else "title",
    )


def _publication_payload(publication: Publication) -> dict[str, Any]:
    return {
        "expert": publication.expert_id,
        "title": publication.title,
        "year": publication.year,
        "doi": publication.doi,
        "authors": len(publication.authors),
        "source": publication.source,
    }


def publication_add(
    *,
    actor: object | None,
    expert: Expert,
    title: str,
    year: int | None,
    abstract: str = "",
    venue: str = "",
    doi: str = "",
    authors: Sequence[str] | str = (),
    source: str = PublicationSource.MANUAL,
    source_key: str = "",
) -> Publication:
    """Add one publication. A DOI, or a title and year, the expert already has answers ``duplicate_publication``."""
    title = " ".join(title.split())
    venue = " ".join(venue.split())
    doi = bibtex.normalise_doi(doi)
    author_list = _clean_authors(authors)
    problems = _check_publication(
        title=title, year=year, abstract=abstract.strip(), venue=venue, doi=doi, authors=author_list
    )
    if source not in PublicationSource.values:
        problems.append(FieldProblem("source", "invalid", _("Unknown source %(source)s.") % {"source": source}))
    if problems:
        raise ValidationFailed(problems)
    assert isinstance(year, int)  # noqa: S101 - checked above
    with transaction.atomic():
        Expert.objects.select_for_update().filter(pk=expert.pk).first()
        key = title_key(title)
        found = _duplicate_of(expert, doi=doi, key=key, year=year)
        if found is not None:
            raise _duplicate_conflict(found)
        publication = Publication.objects.create(
            expert=expert,
            title=title,
            year=year,
            abstract=abstract.strip(),
            venue=venue,
            doi=doi,
            authors=author_list,
            source=source,
            source_key=source_key.strip()[:200],
            title_key=key,
        )
        audit_append(actor=actor, action="publication.add", obj=publication, payload=_publication_payload(publication))
    return publication


def publication_update(
    *, actor: object | None, publication: Publication, version: int | None, **changes: Any
) -> Publication:
    """Correct a publication; ``version`` is the one last read (``stale_version`` when changed since)."""
    unknown = set(changes) - set(_PUBLICATION_FIELDS)
    if unknown:
        raise TypeError(f"publication_update got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        Expert.objects.select_for_update().filter(pk=publication.expert_id).first()
        current = Publication.objects.select_for_update().get(pk=publication.pk)
        _check_version(current, version)
        before = _snapshot(current, _PUBLICATION_FIELDS)
        for name, raw in changes.items():
            value = raw
            if name in ("title", "venue"):
                value = " ".join(str(raw).split())
            elif name == "abstract":
                value = str(raw).strip()
            elif name == "doi":
                value = bibtex.normalise_doi(str(raw))
            elif name == "authors":
                value = _clean_authors(raw)
            setattr(current, name, value)
        problems = _check_publication(
            title=current.title,
            year=current.year,
            abstract=current.abstract,
            venue=current.venue,
            doi=current.doi,
            authors=current.authors,
        )
        if problems:
            raise ValidationFailed(problems)
        after = _snapshot(current, _PUBLICATION_FIELDS)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        if not changed:
            return current
        current.title_key = title_key(current.title)
        found = _duplicate_of(
            current.expert, doi=current.doi, key=current.title_key, year=current.year, exclude=current.pk
        )
        if found is not None:
            raise _duplicate_conflict(found)
        current.version += 1
        current.save()
        audit_append(
            actor=actor,
            action="publication.update",
            obj=current,
            payload={"changed": changed, "before": {k: before[k] for k in changed}, "version": current.version},
        )
    return current


def publication_delete(*, actor: object | None, publication: Publication) -> None:
    with transaction.atomic():
        Expert.objects.select_for_update().filter(pk=publication.expert_id).first()
        current = Publication.objects.filter(pk=publication.pk).first()
        if current is None:
            return
        payload = _publication_payload(current)
        audit_append(actor=actor, action="publication.delete", obj=current, payload=payload)
        current.delete()


# --- Imports --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkippedRecord:
    """A record not imported because the expert already has it (or the file had it earlier)."""

    line: int
    number: int
    key: str
    title: str
    reason: str  # "doi" or "title_year"
    existing: Publication | None  # None: an earlier record of the same file
    message: str


@dataclass
class ImportReport:
    """What an import did. Valid records were imported, duplicates skipped, invalid records reported; the
    file as a whole is refused (ValidationFailed, nothing written) only when it cannot be read at all."""

    file_format: str
    created: list[Publication] = field(default_factory=list)
    skipped: list[SkippedRecord] = field(default_factory=list)
    errors: list[RecordProblem] = field(default_factory=list)
    warnings: list[RecordProblem] = field(default_factory=list)
    sha256: str = ""

    @property
    def read(self) -> int:
        return len(self.created) + len(self.skipped) + len(self.errors)


def _record_problems(record: PublicationRecord, file_format: str) -> list[RecordProblem]:
    year: Any = record.year if record.year is not None else (record.year_text or None)
    problems = _check_publication(
        title=record.title,
        year=year,
        abstract=record.abstract,
        venue=record.venue,
        doi=record.doi,
        authors=record.authors,
    )
    place = where(record.line, record.number, record.key, file_format=file_format)
    return [
        RecordProblem(
            line=record.line,
            number=record.number,
            key=record.key,
            code=p.code,
            message=f"{place}: {p.message}",
        )
        for p in problems
    ]


def publications_import(  # noqa: PLR0912 - read, check, de-duplicate and store in one reviewable place
    *, actor: object | None, expert: Expert, data: bytes, file_format: str, file_name: str = ""
) -> ImportReport:
    """Import publications from a BibTeX or CSV file.

    Valid records are imported; records the expert already has (same DOI, or same title and year once case,
    width, script and punctuation are folded) are skipped, as is a repeat inside the file; invalid records are
    reported with their line (and, for BibTeX, entry number and key) and not imported. The import is one
    transaction: all the valid records are stored, or, on any failure while storing, none. A file that cannot
    be read at all (not UTF-8, no entry, a CSV without the title and year columns) raises ValidationFailed.
    """
    if file_format not in (PublicationSource.BIBTEX, PublicationSource.CSV):
        raise DomainError(
            "unknown_format",
            _("Unknown file format %(format)s; use bibtex or csv.") % {"format": file_format},
            field="file_format",
        )
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError(
            "file_too_large",
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_IMPORT_BYTES // (1024 * 1024)},
            field="file",
        )
    try:
        parsed = parse_publications(data, file_format)
    except Unreadable as exc:
        raise ValidationFailed([FieldProblem("file", exc.code, exc.message)]) from exc
    if len(parsed.records) > MAX_IMPORT_RECORDS:
        raise ValidationFailed(
            [
                FieldProblem(
                    "file",
                    "too_many_records",
                    _("The file has %(count)d publications; import at most %(limit)d at a time.")
                    % {"count": len(parsed.records), "limit": MAX_IMPORT_RECORDS},
                )
            ]
        )
    report = ImportReport(
        file_format=file_format,
        errors=list(parsed.problems),
        warnings=list(parsed.warnings),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    valid: list[PublicationRecord] = []
    for record in parsed.records:
        problems = _record_problems(record, file_format)
        if problems:
            report.errors.extend(problems)
        else:
            valid.append(record)
    report.errors.sort(key=lambda p: (p.line, p.number or 0))
    with transaction.atomic():
        Expert.objects.select_for_update().filter(pk=expert.pk).first()
        existing = list(Publication.objects.filter(expert=expert).only("pk", "doi", "title_key", "year", "title"))
        by_doi: dict[str, Publication | None] = {p.doi: p for p in existing if p.doi}
        by_title: dict[tuple[str, int], Publication | None] = {
            (p.title_key or title_key(p.title), p.year): p for p in existing
        }
        to_create: list[Publication] = []
        for record in valid:
            assert record.year is not None  # noqa: S101 - checked by _record_problems
            key = title_key(record.title)
            reason = ""
            found: Publication | None = None
            if record.doi and record.doi in by_doi:
                reason, found = "doi", by_doi[record.doi]
            elif (key, record.year) in by_title:
                reason, found = "title_year", by_title[(key, record.year)]
            if reason:
                place = where(record.line, record.number, record.key, file_format=file_format)
                if found is None:
                    message = _("%(place)s: the same publication appears earlier in this file; skipped.") % {
                        "place": place
                    }
                elif reason == "doi":
                    message = _("%(place)s: already listed with the DOI %(doi)s; skipped.") % {
                        "place": place,
                        "doi": record.doi,
                    }
                else:
                    message = _("%(place)s: already listed with the same title and year; skipped.") % {"place": place}
                report.skipped.append(
                    SkippedRecord(record.line, record.number, record.key, record.title, reason, found, message)
                )
                continue
            if record.doi:
                by_doi[record.doi] = None
            by_title[(key, record.year)] = None
            to_create.append(
                Publication(
                    expert=expert,
                    title=record.title,
                    year=record.year,
                    abstract=record.abstract,
                    venue=record.venue,
                    doi=record.doi,
                    authors=record.authors,
                    source=file_format,
                    source_key=record.key[:200],
                    title_key=key,
                )
            )
        # One by one rather than in bulk, so that every database returns the primary keys.
        for publication in to_create:
            publication.save()
        report.created = to_create
        audit_append(
            actor=actor,
            action="publication.import",
            obj=expert,
            payload={
                "format": file_format,
                "file_name": file_name[:255],
                "sha256": report.sha256,
                "created": [p.pk for p in to_create],
                "skipped": len(report.skipped),
                "errors": len(report.errors),
            },
        )
    return report


# --- Declarations ---------------------------------------------------------------------------------------


def declaration_add(  # noqa: PLR0912 - every rule of a declaration, each reported on its field
    *,
    actor: object | None,
    expert: Expert,
    kind: str,
    relationship: str,
    person: Person | None = None,
    organisation: Organisation | None = None,
    name: str = "",
    since_year: int | None = None,
    until_year: int | None = None,
) -> Declaration:
    """Record a relationship the expert declares with a person or an organisation (from the directory, or by
    name when not in it), over the years given (``until_year`` empty: it lasts)."""
    name = " ".join(name.split())
    relationship = " ".join(relationship.split())
    collector = ProblemCollector()
    if kind not in DeclarationKind.values:
        collector.add("kind", "invalid", _("Choose a person or an organisation."))
    elif kind == DeclarationKind.PERSON:
        if organisation is not None:
            collector.add("organisation", "wrong_kind", _("A declared person has no organisation here."))
        if person is None and not name:
            collector.add("person", "required", _("Choose the person, or give their name when not in the directory."))
        if person is not None and person.pk == expert.person_id:
            collector.add("person", "self", _("You cannot declare a relationship with yourself."))
    else:
        if person is not None:
            collector.add("person", "wrong_kind", _("A declared organisation has no person here."))
        if organisation is None and not name:
            collector.add(
                "organisation", "required", _("Choose the organisation, or give its name when not in the directory.")
            )
    if not relationship:
        collector.add("relationship", "required", _("Say what the relationship is."))
    elif len(relationship) > 300:
        collector.add("relationship", "too_long", _("Describe the relationship in at most 300 characters."))
    if len(name) > 300:
        collector.add("name", "too_long", _("The name is longer than 300 characters."))
    for field_name, value in (("since_year", since_year), ("until_year", until_year)):
        if value is not None and not YEAR_MIN <= value <= YEAR_MAX:
            collector.add(
                field_name,
                "invalid_year",
                _("%(year)s is not a year between %(min)d and %(max)d.")
                % {"year": value, "min": YEAR_MIN, "max": YEAR_MAX},
            )
    if since_year is not None and until_year is not None and until_year < since_year:
        collector.add("until_year", "years_reversed", _("The end year is before the start year."))
    collector.raise_if_any()
    with transaction.atomic():
        Expert.objects.select_for_update().filter(pk=expert.pk).first()
        declaration = Declaration.objects.create(
            expert=expert,
            kind=kind,
            person=person,
            organisation=organisation,
            name=name,
            relationship=relationship,
            since_year=since_year,
            until_year=until_year,
        )
        audit_append(
            actor=actor,
            action="declaration.add",
            obj=declaration,
            payload={
                "expert": expert.pk,
                "kind": kind,
                "person": person.pk if person else None,
                "organisation": organisation.pk if organisation else None,
                "name": name,
                "relationship": relationship,
                "since_year": since_year,
                "until_year": until_year,
            },
        )
    return declaration


def declaration_delete(*, actor: object | None, declaration: Declaration) -> None:
    with transaction.atomic():
        Expert.objects.select_for_update().filter(pk=declaration.expert_id).first()
        current = Declaration.objects.filter(pk=declaration.pk).first()
        if current is None:
            return
        audit_append(
            actor=actor,
            action="declaration.delete",
            obj=current,
            payload={"expert": current.expert_id, "relationship": current.relationship},
        )
        current.delete()
