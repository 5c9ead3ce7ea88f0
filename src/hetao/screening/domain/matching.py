"""The adapter between the database and the names engine: ORM rows become engine records here, in one place,
and the indexes built from them are kept in the process until what they were built from changes.

Two kinds of index:

* over the entries of the active list versions, keyed on those versions (ids, file hashes, import times):
  entries of a version never change, so the key changes exactly when the content screened against does;
* over the zone directory, keyed on (count, latest update, highest id) of its table: one cheap aggregate
  query per use tells whether a record was added, changed or removed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django.db.models import Count, Max

from hetao.engines.names import (
    DEFAULT_THRESHOLD,
    NameIndex,
    NameRecord,
    compare_organisation_names,
    compare_person_names,
)
from hetao.screening.enums import EntityKind
from hetao.screening.models import ScreeningEntry, ScreeningListVersion
from hetao.zone.models import Organisation, Person

# Screening favours recall a little more than "the same name" does: a possible match goes to a person who
# decides, while a missed one goes nowhere.
SCREENING_THRESHOLD = 0.80
SCREENING_LIMIT = 25
_HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

T = TypeVar("T")


def has_hanzi(text: str) -> bool:
    return bool(_HANZI.search(text))


@dataclass(frozen=True)
class NameHit:
    """One record the engine matched: its id (an entry's or a directory record's pk), how well and why."""

    record_id: int
    score: float
    explanation: str
    matched_name: str


class _Cache(Generic[T]):
    """One value per process, rebuilt when its key changes. The lock keeps two threads from building it
    twice; readers of a built value need no lock (the value is replaced, never changed in place)."""

    def __init__(self) -> None:
        self._key: Hashable | None = None
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        value = self._value
        if value is not None and self._key == key:
            return value
        with self._lock:
            if self._value is None or self._key != key:
                self._value = build()
                self._key = key
            return self._value

    def clear(self) -> None:
        with self._lock:
            self._key = None
            self._value = None


def _full_date(values: Sequence[str]) -> date | None:
    """The date of birth for the engine: only when the entry gives exactly one full date."""
    full = [v for v in values if len(v) == 10]
    if len(full) != 1 or len(values) != 1:
        return None
    try:
        return date.fromisoformat(full[0])
    except ValueError:
        return None


def _best(hits: Iterable[NameHit]) -> list[NameHit]:
    best: dict[int, NameHit] = {}
    for hit in hits:
        if hit.record_id not in best or hit.score > best[hit.record_id].score:
            best[hit.record_id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.record_id))


# --- The active lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _OrganisationRow:
    pk: int
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ListIndex:
    """What screening searches: an engine index over listed persons, the listed organisations."""

    version_ids: tuple[int, ...]
    people: NameIndex
    organisations: tuple[_OrganisationRow, ...]


_list_index: _Cache[ListIndex] = _Cache()


def active_versions_key() -> tuple[tuple[int, str, str], ...]:
    rows = ScreeningListVersion.objects.filter(is_active=True, screening_list__is_active=True).order_by("pk")
    return tuple((pk, sha, str(at)) for pk, sha, at in rows.values_list("pk", "source_sha256", "imported_at"))


def list_index() -> ListIndex:
    key = active_versions_key()
    return _list_index.get(key, lambda: _build_list_index(tuple(pk for pk, _sha, _at in key)))


def _build_list_index(version_ids: tuple[int, ...]) -> ListIndex:
    rows = ScreeningEntry.objects.filter(version_id__in=version_ids).values_list(
        "pk", "entity_kind", "name", "aliases", "birth_dates", "countries"
    )
    people: list[NameRecord] = []
    organisations: list[_OrganisationRow] = []
    for pk, kind, name, aliases, birth_dates, countries in rows.iterator(chunk_size=5000):
        if kind == EntityKind.PERSON:
            people.append(
                NameRecord(
                    id=str(pk),
                    names=(name, *aliases),
                    birth_date=_full_date(birth_dates),
                    nationality=countries[0] if countries else None,
                )
            )
        else:
            organisations.append(_OrganisationRow(pk=pk, name=name, aliases=tuple(aliases)))
    return ListIndex(version_ids=version_ids, people=NameIndex.build(people), organisations=tuple(organisations))


def search_listed_people(
    names: Sequence[str], *, birth_date: date | None = None, threshold: float = SCREENING_THRESHOLD
) -> tuple[tuple[int, ...], list[NameHit]]:
    """(the version ids searched, the entries matching any of ``names``, best first)."""
    index = list_index()
    hits = [
        NameHit(int(c.record_id), c.score, c.explanation, c.matched_name)
        for name in names
        for c in index.people.search(name, k=SCREENING_LIMIT, threshold=threshold, birth_date=birth_date)
    ]
    return index.version_ids, _best(hits)[:SCREENING_LIMIT]


def search_listed_organisations(
    names: Sequence[str], *, threshold: float = SCREENING_THRESHOLD
) -> tuple[tuple[int, ...], list[NameHit]]:
    index = list_index()
    hits = _organisation_hits(names, index.organisations, threshold)
    return index.version_ids, hits[:SCREENING_LIMIT]


def _organisation_hits(names: Sequence[str], rows: Iterable[_OrganisationRow], threshold: float) -> list[NameHit]:
    if not names:
        return []
    primary, aliases = names[0], list(names[1:])
    hits = []
    for row in rows:
        match = compare_organisation_names(primary, row.name, aliases_a=aliases, aliases_b=row.aliases)
        if match.score >= threshold:
            hits.append(NameHit(row.pk, match.score, match.explanation, row.name))
    return _best(hits)


# --- The directory --------------------------------------------------------------------------------------


def person_name_forms(person: Any) -> list[str]:
    """Every stored form of a person's name, as the engine reads them: each script, the romanised name with
    the family name in capitals (so its order is known), with any English name, and every other form."""
    get: Callable[[str], str]
    if isinstance(person, Mapping):
        get = lambda key: str(person.get(key) or "").strip()  # noqa: E731
        other_names = list(person.get("other_names") or [])
    else:
        get = lambda key: str(getattr(person, key, "") or "").strip()  # noqa: E731
        other_names = list(getattr(person, "other_names", []) or [])
    family, given = get("family_name_latin"), get("given_name_latin")
    forms = [get("family_name_hans") + get("given_name_hans"), get("family_name_hant") + get("given_name_hant")]
    if get("romanisation") == "other":
        forms.append(f"{given} {family}")
    else:
        forms.append(f"{family.upper()} {given}")
        if get("english_name"):
            forms.append(f"{get('english_name')} {family.upper()} {given}")
    forms += [str(n) for n in other_names]
    out: dict[str, None] = {}
    for form in forms:
        text = " ".join(form.split())
        if text:
            out.setdefault(text, None)
    return list(out)


@dataclass(frozen=True)
class DirectoryIndex:
    people: NameIndex
    hanzi: Mapping[int, tuple[str, ...]]


_directory_index: _Cache[DirectoryIndex] = _Cache()
_organisation_rows: _Cache[tuple[_OrganisationRow, ...]] = _Cache()


def _table_key(model: type[Person] | type[Organisation]) -> tuple[Any, ...]:
    found = model.objects.aggregate(n=Count("pk"), latest=Max("updated_at"), top=Max("pk"))
    return (found["n"], str(found["latest"]), found["top"])


def directory_index() -> DirectoryIndex:
    return _directory_index.get(_table_key(Person), _build_directory_index)


def _build_directory_index() -> DirectoryIndex:
    fields = (
        "pk",
        "family_name_hans",
        "given_name_hans",
        "family_name_hant",
        "given_name_hant",
        "family_name_latin",
        "given_name_latin",
        "romanisation",
        "english_name",
        "other_names",
        "birth_date",
    )
    records: list[NameRecord] = []
    hanzi: dict[int, tuple[str, ...]] = {}
    for row in Person.objects.values(*fields).iterator(chunk_size=5000):
        forms = person_name_forms(row)
        records.append(NameRecord(id=str(row["pk"]), names=tuple(forms), birth_date=row["birth_date"]))
        hanzi[row["pk"]] = tuple(f for f in forms if has_hanzi(f))
    return DirectoryIndex(people=NameIndex.build(records), hanzi=hanzi)


def search_directory_people(
    names: Sequence[str], *, birth_date: date | None = None, threshold: float = DEFAULT_THRESHOLD, k: int = 20
) -> list[NameHit]:
    """Directory records whose name matches any of ``names``.

    When both sides have the name in Chinese characters, the characters decide: 张伟 and 章伟 share every
    reading (Zhang Wei, Cheung Wai) but are two names, so a match through readings alone is not kept.
    """
    index = directory_index()
    query_hanzi = [n for n in names if has_hanzi(n)]
    hits: list[NameHit] = []
    for name in names:
        for candidate in index.people.search(name, k=k, threshold=threshold, birth_date=birth_date):
            record_id = int(candidate.record_id)
            record_hanzi = index.hanzi.get(record_id, ())
            if query_hanzi and record_hanzi:
                best = max(
                    (compare_person_names(a, b) for a in query_hanzi for b in record_hanzi), key=lambda m: m.score
                )
                if best.score < threshold:
                    continue
            hits.append(NameHit(record_id, candidate.score, candidate.explanation, candidate.matched_name))
    return _best(hits)[:k]


def directory_organisation_rows() -> tuple[_OrganisationRow, ...]:
    return _organisation_rows.get(_table_key(Organisation), _build_organisation_rows)


def _build_organisation_rows() -> tuple[_OrganisationRow, ...]:
    rows = Organisation.objects.values_list("pk", "name_en", "name_hans", "name_hant", "aliases")
    return tuple(
        _OrganisationRow(pk=pk, name=name_en, aliases=tuple(a for a in (name_hans, name_hant, *aliases) if a))
        for pk, name_en, name_hans, name_hant, aliases in rows
    )


def search_directory_organisations(names: Sequence[str], *, threshold: float = DEFAULT_THRESHOLD) -> list[NameHit]:
    return _organisation_hits(names, directory_organisation_rows(), threshold)
