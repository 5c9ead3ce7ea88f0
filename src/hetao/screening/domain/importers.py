"""Readers of list files: CSV with documented columns, and FollowTheMoney entities as OpenSanctions publishes
them (one JSON entity per line). They only parse and check; :func:`screening_list_import` writes.

Every bad row is reported with its line number, and a file with any bad row imports nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from hetao.core.errors import FieldProblem, ValidationFailed
from hetao.screening.enums import EntityKind, ListFormat

# The CSV columns, in the documented order. ``name`` is required; the others may be left out.
CSV_COLUMNS = ("name", "aliases", "kind", "birth_date", "country", "source_id", "reason")
_CSV_KINDS = {
    "person": EntityKind.PERSON,
    "individual": EntityKind.PERSON,
    "organisation": EntityKind.ORGANISATION,
    "organization": EntityKind.ORGANISATION,
    "entity": EntityKind.ORGANISATION,
    "company": EntityKind.ORGANISATION,
}
# FollowTheMoney schemata screened as persons or organisations; every other schema (addresses, sanctions,
# vessels, ownerships...) is skipped and counted.
FTM_PERSON_SCHEMATA = frozenset({"Person"})
FTM_ORGANISATION_SCHEMATA = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
_FTM_ALIAS_PROPERTIES = ("alias", "weakAlias", "previousName")
_FTM_COUNTRY_PROPERTIES = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry")
_FTM_IDENTIFIER_PROPERTIES = (
    "idNumber",
    "passportNumber",
    "taxNumber",
    "registrationNumber",
    "innCode",
    "ogrnCode",
    "swiftBic",
    "leiCode",
    "imoNumber",
)
_FTM_REASON_PROPERTIES = ("topics", "program", "programId")
# A full date, or a year, or a year and month: lists often know no more than that.
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_ERRORS = 200


@dataclass(frozen=True)
class ParsedEntry:
    source_id: str
    entity_kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    reason: str = ""


@dataclass(frozen=True)
class ParsedList:
    entries: list[ParsedEntry]
    sha256: str
    skipped_by_kind: dict[str, int]

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped_by_kind.values())


class _Problems:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def add(self, line: int, message: str) -> None:
        if len(self.problems) < MAX_ERRORS:
            text = _("Line %(line)d: %(problem)s") % {"line": line, "problem": message}
            self.problems.append(FieldProblem(field="file", code="bad_row", message=text))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)


def _unique(values: Iterable[str]) -> list[str]:
    out: dict[str, None] = {}
    for value in values:
        text = " ".join(str(value).split())
        if text:
            out.setdefault(text, None)
    return list(out)


def check_partial_date(value: str) -> bool:
    if not _PARTIAL_DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _text(data: bytes, problems: _Problems) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(line, _("the file is not UTF-8 text."))
        return None


def parse_list_file(data: bytes, file_format: str) -> ParsedList:
    if file_format == ListFormat.CSV:
        return parse_csv(data)
    if file_format == ListFormat.FTM:
        return parse_ftm(data)
    raise ValidationFailed(
        [
            FieldProblem(
                field="file_format",
                code="unknown_format",
                message=_("Unknown list format %(format)s; use csv or ftm.") % {"format": file_format},
            )
        ]
    )


def _check_unique_ids(entries: list[tuple[int, ParsedEntry]], problems: _Problems) -> None:
    first_line: dict[str, int] = {}
    for line, entry in entries:
        if entry.source_id in first_line:
            problems.add(
                line,
                _("the id %(id)s is already used on line %(first)d.")
                % {"id": entry.source_id, "first": first_line[entry.source_id]},
            )
        else:
            first_line[entry.source_id] = line


def _derived_source_id(kind: str, name: str, birth_date: str) -> str:
    # A list without its own ids still needs a stable one, so that decisions follow the entry to new versions.
    digest = hashlib.sha256(f"{kind}|{name.casefold()}|{birth_date}".encode()).hexdigest()
    return f"auto-{digest[:16]}"


def parse_csv(data: bytes) -> ParsedList:
    """Columns (header row required, in any order): name, aliases (separated by ';'), kind (person or
    organisation; default person), birth_date (YYYY-MM-DD, YYYY-MM or YYYY), country (ISO codes separated by
    ';'), source_id (the list's own id; derived from the name when empty), reason."""
    problems = _Problems()
    text = _text(data, problems)
    problems.raise_if_any()
    assert text is not None  # noqa: S101 - the problems raised otherwise
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    if "name" not in header:
        problems.add(
            1,
            _("the header row needs a 'name' column (columns: %(columns)s).") % {"columns": ", ".join(CSV_COLUMNS)},
        )
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        problems.add(
            1,
            _("unknown columns %(unknown)s (columns: %(columns)s).")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(CSV_COLUMNS)},
        )
    problems.raise_if_any()
    entries: list[tuple[int, ParsedEntry]] = []
    line = reader.line_num
    try:
        for row in reader:
            # A quoted field may span lines: the row starts just after the previous one ended.
            start, line = line + 1, reader.line_num
            if not any(value.strip() for value in row):
                continue
            if len(row) > len(header):
                problems.add(start, _("the row has more fields than the header."))
                continue
            values = {key: value.strip() for key, value in zip(header, row, strict=False)}
            entry = _csv_entry(values, start, problems)
            if entry is not None:
                entries.append((start, entry))
    except csv.Error as exc:
        problems.add(reader.line_num, _("the CSV is malformed (%(error)s).") % {"error": exc})
    _check_unique_ids(entries, problems)
    if not entries and not problems.problems:
        problems.add(1, _("the file has no entries."))
    problems.raise_if_any()
    return ParsedList(entries=[e for _line, e in entries], sha256=hashlib.sha256(data).hexdigest(), skipped_by_kind={})


def _csv_entry(values: dict[str, str], line: int, problems: _Problems) -> ParsedEntry | None:
    before = len(problems.problems)
    name = " ".join(values.get("name", "").split())
    if not name:
        problems.add(line, _("the name is empty."))
    kind_text = values.get("kind", "").lower() or "person"
    kind = _CSV_KINDS.get(kind_text)
    if kind is None:
        problems.add(line, _("unknown kind %(kind)s; use person or organisation.") % {"kind": values.get("kind", "")})
    birth_date = values.get("birth_date", "")
    if birth_date and not check_partial_date(birth_date):
        problems.add(
            line, _("the date of birth %(value)s is not a date (YYYY-MM-DD, YYYY-MM or YYYY).") % {"value": birth_date}
        )
    countries = _unique(c.strip().upper() for c in values.get("country", "").split(";"))
    bad_countries = [c for c in countries if not re.fullmatch(r"[A-Z]{2,3}", c)]
    if bad_countries:
        problems.add(
            line,
            _("%(value)s is not an ISO 3166-1 country code.") % {"value": ", ".join(bad_countries)},
        )
    if len(problems.problems) > before or kind is None:
        return None
    source_id = values.get("source_id", "") or _derived_source_id(kind, name, birth_date)
    return ParsedEntry(
        source_id=source_id,
        entity_kind=kind,
        name=name,
        aliases=[a for a in _unique(values.get("aliases", "").split(";")) if a != name],
        birth_dates=[birth_date] if birth_date else [],
        countries=countries,
        reason=values.get("reason", ""),
    )


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


def _strings(properties: dict[str, Any], key: str) -> list[str]:
    values = properties.get(key) or []
    if isinstance(values, str):
        values = [values]
    # Nested entities (OpenSanctions' nested export) are objects, not strings: only strings are names.
    return _unique(v for v in values if isinstance(v, str))


def parse_ftm(data: bytes) -> ParsedList:
    """FollowTheMoney entities, one JSON object per line: ``{"id", "schema", "properties": {"name": [...],
    "alias": [...], "birthDate": [...], "nationality": [...], "country": [...], "topics": [...]}}``.
    Persons and organisations (Organization, Company, LegalEntity, PublicBody) are kept; other schemata are
    skipped and counted."""
    problems = _Problems()
    text = _text(data, problems)
    problems.raise_if_any()
    assert text is not None  # noqa: S101 - the problems raised otherwise
    entries: list[tuple[int, ParsedEntry]] = []
    skipped: Counter[str] = Counter()
    for line, raw in _lines(text):
        try:
            entity = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.add(line, _("not valid JSON (%(error)s).") % {"error": exc.msg})
            continue
        if not isinstance(entity, dict):
            problems.add(line, _("not a JSON object."))
            continue
        schema = entity.get("schema")
        if not isinstance(schema, str) or not schema:
            problems.add(line, _("the entity has no schema."))
            continue
        if schema in FTM_PERSON_SCHEMATA:
            kind = EntityKind.PERSON
        elif schema in FTM_ORGANISATION_SCHEMATA:
            kind = EntityKind.ORGANISATION
        else:
            skipped[schema] += 1
            continue
        entry = _ftm_entry(entity, kind, line, problems)
        if entry is not None:
            entries.append((line, entry))
    _check_unique_ids(entries, problems)
    if not entries and not problems.problems:
        problems.add(1, _("the file has no persons or organisations."))
    problems.raise_if_any()
    return ParsedList(
        entries=[e for _line, e in entries],
        sha256=hashlib.sha256(data).hexdigest(),
        skipped_by_kind=dict(sorted(skipped.items())),
    )


def _ftm_entry(entity: dict[str, Any], kind: str, line: int, problems: _Problems) -> ParsedEntry | None:
    source_id = entity.get("id")
    properties = entity.get("properties")
    if not isinstance(source_id, str) or not source_id.strip():
        problems.add(line, _("the entity has no id."))
        return None
    if not isinstance(properties, dict):
        problems.add(line, _("the entity has no properties."))
        return None
    names = _strings(properties, "name")
    if not names:
        caption = entity.get("caption")
        names = [caption] if isinstance(caption, str) and caption.strip() else []
    if not names:
        problems.add(line, _("the entity %(id)s has no name.") % {"id": source_id})
        return None
    birth_dates = [d for d in _strings(properties, "birthDate") if check_partial_date(d[:10])]
    aliases = _unique([*names[1:], *(a for key in _FTM_ALIAS_PROPERTIES for a in _strings(properties, key))])
    identifiers = {key: _strings(properties, key) for key in _FTM_IDENTIFIER_PROPERTIES if _strings(properties, key)}
    reason = "; ".join(_unique(v for key in _FTM_REASON_PROPERTIES for v in _strings(properties, key)))
    return ParsedEntry(
        source_id=source_id.strip(),
        entity_kind=kind,
        name=names[0],
        aliases=[a for a in aliases if a != names[0]],
        birth_dates=_unique(d[:10] for d in birth_dates),
        countries=_unique(c.upper() for key in _FTM_COUNTRY_PROPERTIES for c in _strings(properties, key)),
        identifiers=identifiers,
        reason=reason,
    )
