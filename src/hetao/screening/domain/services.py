"""Every change to screening: lists and their versions, screening runs and decisions. Each service validates,
writes in one transaction and appends its event to the audit ledger."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError, ProblemCollector, ValidationFailed, full_clean
from hetao.screening.domain import matching
from hetao.screening.domain.importers import ParsedList, parse_list_file
from hetao.screening.enums import DecisionKind, EntityKind, ListFormat, ListKind
from hetao.screening.models import (
    ScreeningDecision,
    ScreeningEntry,
    ScreeningList,
    ScreeningListVersion,
    ScreeningResult,
    ScreeningRun,
)
from hetao.zone.domain.names import normalise
from hetao.zone.models import Organisation, Person

MAX_FILE_BYTES = 512 * 1024 * 1024


def _user(actor: object | None) -> Any:
    """The user behind an actor, for the ``..._by`` columns; commands and tasks act as no user."""
    return actor if getattr(actor, "pk", None) is not None and hasattr(actor, "get_username") else None


# ---------------------------------------------------------------------------------------------------------
# Lists

_LIST_FIELDS = ("name", "publisher", "kind", "description", "is_active")


def _list_snapshot(screening_list: ScreeningList) -> dict[str, Any]:
    return {name: getattr(screening_list, name) for name in _LIST_FIELDS}


def _check_list(screening_list: ScreeningList, collector: ProblemCollector) -> None:
    if screening_list.kind not in ListKind.values:
        collector.add("kind", "unknown_kind", _("Unknown kind of list %(kind)s.") % {"kind": screening_list.kind})
    taken = ScreeningList.objects.filter(name=screening_list.name)
    if screening_list.pk:
        taken = taken.exclude(pk=screening_list.pk)
    if screening_list.name and taken.exists():
        collector.add(
            "name", "name_taken", _("There is already a list named %(name)s.") % {"name": screening_list.name}
        )


def screening_list_create(
    *, actor: object | None, name: str, kind: str, publisher: str = "", description: str = ""
) -> ScreeningList:
    screening_list = ScreeningList(
        name=" ".join(name.split()), kind=kind, publisher=publisher.strip(), description=description.strip()
    )
    collector = ProblemCollector()
    _check_list(screening_list, collector)
    try:
        full_clean(screening_list, exclude=["name"] if collector.problems else ())
    except ValidationFailed as exc:
        collector.problems.extend(p for p in exc.problems if p.field not in {q.field for q in collector.problems})
    collector.raise_if_any()
    with transaction.atomic():
        screening_list.save()
        audit_append(
            actor=actor, action="screening_list.create", obj=screening_list, payload=_list_snapshot(screening_list)
        )
    return screening_list


def screening_list_update(*, actor: object | None, screening_list: ScreeningList, **changes: Any) -> ScreeningList:
    unknown = set(changes) - set(_LIST_FIELDS)
    if unknown:
        raise TypeError(f"screening_list_update got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        current = ScreeningList.objects.select_for_update().get(pk=screening_list.pk)
        before = _list_snapshot(current)
        for key, value in changes.items():
            setattr(current, key, " ".join(value.split()) if key == "name" else value)
        collector = ProblemCollector()
        _check_list(current, collector)
        try:
            full_clean(current)
        except ValidationFailed as exc:
            collector.problems.extend(exc.problems)
        collector.raise_if_any()
        after = _list_snapshot(current)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        if not changed:
            return current
        current.save()
        audit_append(
            actor=actor,
            action="screening_list.update",
            obj=current,
            payload={"changed": changed, "before": {k: before[k] for k in changed}},
        )
    return current


@dataclass(frozen=True)
class ImportReport:
    version: ScreeningListVersion
    persons: int
    organisations: int
    skipped_by_kind: dict[str, int]
    previous: ScreeningListVersion | None


def _default_label(screening_list: ScreeningList) -> str:
    taken = set(ScreeningListVersion.objects.filter(screening_list=screening_list).values_list("label", flat=True))
    number = len(taken) + 1
    while f"v{number}" in taken:
        number += 1
    return f"v{number}"


def screening_list_import(
    *,
    actor: object | None,
    screening_list: ScreeningList,
    data: bytes,
    file_format: str,
    file_name: str = "",
    label: str = "",
) -> ImportReport:
    """Import a list file as a new version and make it the active one; older versions are kept.

    The whole file is checked first: any bad row is reported with its line number and nothing is imported.
    """
    if len(data) > MAX_FILE_BYTES:
        raise DomainError(
            "file_too_large",
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)},
            field="file",
        )
    if file_format not in ListFormat.values:
        raise DomainError(
            "unknown_format",
            _("Unknown list format %(format)s; use csv or ftm.") % {"format": file_format},
            field="file_format",
        )
    parsed: ParsedList = parse_list_file(data, file_format)
    label = " ".join(label.split())
    if label and ScreeningListVersion.objects.filter(screening_list=screening_list, label=label).exists():
        raise DomainError(
            "label_taken",
            _("This list already has a version labelled %(label)s.") % {"label": label},
            field="label",
        )
    kinds = Counter(entry.entity_kind for entry in parsed.entries)
    with transaction.atomic():
        ScreeningList.objects.select_for_update().filter(pk=screening_list.pk).first()
        previous = ScreeningListVersion.objects.filter(screening_list=screening_list, is_active=True).first()
        version = ScreeningListVersion(
            screening_list=screening_list,
            label=label or _default_label(screening_list),
            is_active=True,
            imported_at=timezone.now(),
            imported_by=_user(actor),
            file_format=file_format,
            source_file_name=file_name[:255],
            source_sha256=parsed.sha256,
            entry_count=len(parsed.entries),
            skipped_count=parsed.skipped_count,
            skipped_by_kind=parsed.skipped_by_kind,
        )
        full_clean(version, exclude=["screening_list", "is_active"])
        if previous is not None:
            previous.is_active = False
            previous.save(update_fields=["is_active", "updated_at"])
        version.save()
        ScreeningEntry.objects.bulk_create(
            (
                ScreeningEntry(
                    version=version,
                    source_id=entry.source_id[:200],
                    entity_kind=entry.entity_kind,
                    name=entry.name[:500],
                    aliases=entry.aliases,
                    birth_dates=entry.birth_dates,
                    countries=entry.countries,
                    identifiers=entry.identifiers,
                    reason=entry.reason,
                )
                for entry in parsed.entries
            ),
            batch_size=2000,
        )
        audit_append(
            actor=actor,
            action="screening_list.import",
            obj=version,
            payload={
                "list": screening_list.pk,
                "label": version.label,
                "format": file_format,
                "file_name": version.source_file_name,
                "sha256": parsed.sha256,
                "entries": len(parsed.entries),
                "persons": kinds[EntityKind.PERSON],
                "organisations": kinds[EntityKind.ORGANISATION],
                "skipped": parsed.skipped_by_kind,
                "replaces": previous.pk if previous is not None else None,
            },
        )
    return ImportReport(
        version=version,
        persons=kinds[EntityKind.PERSON],
        organisations=kinds[EntityKind.ORGANISATION],
        skipped_by_kind=parsed.skipped_by_kind,
        previous=previous,
    )


def screening_version_activate(*, actor: object | None, version: ScreeningListVersion) -> ScreeningListVersion:
    """Make an earlier version the active one again (a newer import turned out to be wrong)."""
    with transaction.atomic():
        ScreeningList.objects.select_for_update().filter(pk=version.screening_list_id).first()
        current = ScreeningListVersion.objects.get(pk=version.pk)
        if current.is_active:
            return current
        previous = ScreeningListVersion.objects.filter(
            screening_list_id=current.screening_list_id, is_active=True
        ).first()
        if previous is not None:
            previous.is_active = False
            previous.save(update_fields=["is_active", "updated_at"])
        current.is_active = True
        current.save(update_fields=["is_active", "updated_at"])
        audit_append(
            actor=actor,
            action="screening_list.activate_version",
            obj=current,
            payload={
                "list": current.screening_list_id,
                "label": current.label,
                "replaces": previous.pk if previous else None,
            },
        )
    return current


# ---------------------------------------------------------------------------------------------------------
# Screening


def subject_key(
    *, name: str, birth_date: date | None = None, person: Person | None = None, organisation: Organisation | None = None
) -> str:
    """Who was screened, for carrying decisions over: the directory record, or else the normalised name and
    date of birth (so 'CHAN Tai-man' and 'Chan Tai Man' born the same day are one subject)."""
    if person is not None:
        return f"person:{person.pk}"
    if organisation is not None:
        return f"organisation:{organisation.pk}"
    return f"name:{normalise(name)}|{birth_date.isoformat() if birth_date else ''}"


def screen_person(
    *,
    actor: object | None,
    name: str = "",
    birth_date: date | None = None,
    nationality: str = "",
    subject: Person | None = None,
) -> ScreeningRun:
    """Screen a person against the active versions of the active lists and store every possible match.

    With ``subject`` (a directory record), every stored form of its name is screened, and its date of birth
    unless another is given."""
    names = matching.person_name_forms(subject) if subject is not None else []
    name = " ".join(name.split())
    if name and name not in names:
        names.insert(0, name)
    if not names:
        raise DomainError("name_required", _("Give the name to screen."), field="name")
    if subject is not None and birth_date is None:
        birth_date = subject.birth_date
    if birth_date is not None and birth_date > timezone.localdate():
        raise DomainError("birth_date_future", _("The date of birth cannot be in the future."), field="birth_date")
    version_ids, hits = matching.search_listed_people(names, birth_date=birth_date)
    key = subject_key(name=names[0], birth_date=birth_date, person=subject)
    return _store_run(
        actor=actor,
        kind=EntityKind.PERSON,
        name=names[0],
        birth_date=birth_date,
        nationality=nationality.strip(),
        person=subject,
        key=key,
        version_ids=version_ids,
        hits=hits,
    )


def screen_organisation(
    *, actor: object | None, name: str = "", country: str = "", subject: Organisation | None = None
) -> ScreeningRun:
    """Screen an organisation (its every name and alias, for a directory record) against the active lists."""
    names: list[str] = []
    if subject is not None:
        names = [n for n in (subject.name_en, subject.name_hans, subject.name_hant, *subject.aliases) if n]
        country = country or subject.country
    name = " ".join(name.split())
    if name and name not in names:
        names.insert(0, name)
    if not names:
        raise DomainError("name_required", _("Give the name to screen."), field="name")
    version_ids, hits = matching.search_listed_organisations(names)
    key = subject_key(name=names[0], organisation=subject)
    return _store_run(
        actor=actor,
        kind=EntityKind.ORGANISATION,
        name=names[0],
        birth_date=None,
        nationality=country.strip(),
        organisation=subject,
        key=key,
        version_ids=version_ids,
        hits=hits,
    )


def _store_run(
    *,
    actor: object | None,
    kind: str,
    name: str,
    birth_date: date | None,
    nationality: str,
    key: str,
    version_ids: tuple[int, ...],
    hits: list[matching.NameHit],
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> ScreeningRun:
    entries = ScreeningEntry.objects.select_related("version").in_bulk([hit.record_id for hit in hits])
    # An index built a moment ago may hold entries of a version deactivated since: those are not reported.
    live = [hit for hit in hits if hit.record_id in entries and entries[hit.record_id].version_id in version_ids]
    decisions = _latest_decisions(key, [entries[hit.record_id] for hit in live])
    run = ScreeningRun(
        entity_kind=kind,
        name=name[:500],
        birth_date=birth_date,
        nationality=nationality[:100],
        person=person,
        organisation=organisation,
        subject_key=key[:600],
        screened_by=_user(actor),
        version_ids=list(version_ids),
    )
    full_clean(run, exclude=["person", "organisation", "screened_by"])
    with transaction.atomic():
        run.save()
        results = ScreeningResult.objects.bulk_create(
            ScreeningResult(
                run=run,
                version_id=entries[hit.record_id].version_id,
                entry=entries[hit.record_id],
                score=_score(hit.score),
                matched_name=hit.matched_name[:500],
                explanation=hit.explanation,
                decision=decisions.get(_decision_key(entries[hit.record_id])),
            )
            for hit in live
        )
        audit_append(
            actor=actor,
            action="screening.run",
            obj=run,
            payload={
                "kind": kind,
                "name": run.name,
                "birth_date": birth_date,
                "nationality": run.nationality,
                "person": person.pk if person else None,
                "organisation": organisation.pk if organisation else None,
                "versions": list(version_ids),
                "results": [
                    {
                        "entry": r.entry_id,
                        "list": entries[r.entry_id].version.screening_list_id,
                        "source_id": entries[r.entry_id].source_id,
                        "score": r.score,
                        "decision": r.decision_id,
                    }
                    for r in results
                ],
            },
        )
    return run


def _score(value: float) -> Decimal:
    # Decimal, as the audit ledger refuses floats; four places are more than a score means.
    return Decimal(str(min(max(value, 0.0), 1.0))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)


def _decision_key(entry: ScreeningEntry) -> tuple[int, str]:
    return (entry.version.screening_list_id, entry.source_id)


def _latest_decisions(key: str, entries: Sequence[ScreeningEntry]) -> dict[tuple[int, str], ScreeningDecision]:
    if not entries:
        return {}
    found = ScreeningDecision.objects.filter(
        subject_key=key,
        screening_list_id__in={e.version.screening_list_id for e in entries},
        source_id__in={e.source_id for e in entries},
    ).order_by("decided_at", "pk")
    # Later decisions override earlier ones.
    return {(d.screening_list_id, d.source_id): d for d in found}


def screening_decide(*, actor: object | None, result: ScreeningResult, decision: str, reason: str) -> ScreeningDecision:
    """Decide whether a possible match is the subject. The decision is kept for the subject and the entry (by
    its list and source id) and applied to later screenings; a new decision replaces it for those."""
    collector = ProblemCollector()
    if decision not in DecisionKind.values:
        collector.add(
            "decision",
            "unknown_decision",
            _("Unknown decision %(decision)s; use true_match or false_positive.") % {"decision": decision},
        )
    reason = reason.strip()
    if not reason:
        collector.add("reason", "reason_required", _("Give the reason for the decision."))
    collector.raise_if_any()
    with transaction.atomic():
        current = (
            ScreeningResult.objects.select_for_update(of=("self",))
            .select_related("run", "entry", "version", "decision")
            .get(pk=result.pk)
        )
        if current.decision is not None and current.decision.decision == decision and current.decision.reason == reason:
            raise Conflict("already_decided", _("This decision was already recorded."), field="decision")
        made = ScreeningDecision(
            subject_key=current.run.subject_key,
            subject_name=current.run.name,
            screening_list_id=current.version.screening_list_id,
            source_id=current.entry.source_id,
            entry=current.entry,
            decision=decision,
            reason=reason,
            decided_by=_user(actor),
            decided_at=timezone.now(),
        )
        full_clean(made, exclude=["screening_list", "entry", "decided_by"])
        made.save()
        replaces = current.decision_id
        current.decision = made
        current.save(update_fields=["decision", "updated_at"])
        audit_append(
            actor=actor,
            action="screening.decide",
            obj=made,
            payload={
                "result": current.pk,
                "run": current.run_id,
                "subject": current.run.subject_key,
                "list": made.screening_list_id,
                "source_id": made.source_id,
                "entry": current.entry_id,
                "decision": decision,
                "reason": reason,
                "replaces": replaces,
            },
        )
    return made
