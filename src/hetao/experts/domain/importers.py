"""Publication lists read from BibTeX or CSV into plain records, each with where it came from (line and entry
or row number), before the services check and store them."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hetao.experts.domain import bibtex
from hetao.experts.enums import PublicationSource

CSV_COLUMNS = ("title", "abstract", "year", "venue", "doi", "authors")
CSV_REQUIRED = ("title", "year")

# Where the venue of a BibTeX entry is, most specific first.
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "series", "publisher", "school", "institution", "howpublished")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


class Unreadable(Exception):
    """The file cannot be read as a publication list at all."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PublicationRecord:
    """One publication read from a file. ``year`` is None when missing or not a year; the services say so."""

    line: int
    number: int
    key: str
    title: str
    year: int | None
    year_text: str
    abstract: str = ""
    venue: str = ""
    doi: str = ""
    authors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RecordProblem:
    """A record that could not be read or imported: where it is, a stable code and a message."""

    line: int
    number: int | None
    key: str
    code: str
    message: str


@dataclass
class ParsedPublications:
    source: str
    records: list[PublicationRecord] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)
    warnings: list[RecordProblem] = field(default_factory=list)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            "not_utf8",
            _("The file is not UTF-8 text (a byte at position %(position)d cannot be read). Save it as UTF-8.")
            % {"position": exc.start},
        ) from exc


def _year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


# --- BibTeX ---------------------------------------------------------------------------------------------


def _bibtex_message(problem: bibtex.BibProblem) -> str:
    params = problem.params
    found = params.get("found", "")
    messages = {
        "unbalanced_braces": _("a brace is never closed"),
        "unterminated_quote": _("a quoted value is never closed"),
        "unclosed_entry": _("the entry is not closed before the next one begins"),
        "body_expected": _("'{' expected after the entry type, found %(found)s") % {"found": found},
        "comma_expected": _("',' expected after the key or a field, found %(found)s") % {"found": found},
        "field_expected": _("a field name expected, found %(found)s") % {"found": found},
        "equals_expected": _("'=' expected after the field name, found %(found)s") % {"found": found},
        "value_expected": _("a value expected, found %(found)s") % {"found": found},
        "closing_expected": _("the entry is not closed where expected, found %(found)s") % {"found": found},
        "macro_name_expected": _("a macro name expected"),
        "bad_string": _("this @string definition cannot be read"),
        "undefined_macro": _("the macro %(macro)s is not defined; the value is left empty")
        % {"macro": params.get("macro", "")},
        "repeated_field": _("the field %(field)s is repeated; the first value is used")
        % {"field": params.get("field", "")},
    }
    return messages.get(problem.code, problem.code)


def where(line: int, number: int | None, key: str, *, file_format: str) -> str:
    """'Entry 3 (smith2020), line 12' or 'Line 12'."""
    if file_format == PublicationSource.BIBTEX and number is not None:
        if key:
            return _("Entry %(number)d (%(key)s), line %(line)d") % {"number": number, "key": key, "line": line}
        return _("Entry %(number)d, line %(line)d") % {"number": number, "line": line}
    return _("Line %(line)d") % {"line": line}


def _bib_problem(problem: bibtex.BibProblem) -> RecordProblem:
    place = where(problem.line, problem.number, problem.key, file_format=PublicationSource.BIBTEX)
    return RecordProblem(
        line=problem.line,
        number=problem.number,
        key=problem.key,
        code=problem.code,
        message=f"{place}: {_bibtex_message(problem)}.",
    )


def _bibtex_venue(entry: bibtex.BibEntry) -> str:
    for name in _VENUE_FIELDS:
        value = entry.text(name)
        if value:
            return value
    return ""


def _bibtex_doi(entry: bibtex.BibEntry) -> str:
    doi = entry.text("doi")
    if not doi:
        url = entry.text("url")
        if "doi.org/" in url.lower():
            doi = url
    return bibtex.normalise_doi(doi)


def parse_bibtex(text: str) -> ParsedPublications:
    result = bibtex.parse(text)
    parsed = ParsedPublications(source=PublicationSource.BIBTEX)
    parsed.problems = [_bib_problem(p) for p in result.errors]
    parsed.warnings = [_bib_problem(p) for p in result.warnings]
    if not result.entries and not result.errors:
        raise Unreadable("no_entries", _("No BibTeX entry (@article{…}, @inproceedings{…}…) was found in the file."))
    for entry in result.entries:
        year_text = entry.text("year") or entry.text("date")
        parsed.records.append(
            PublicationRecord(
                line=entry.line,
                number=entry.number,
                key=entry.key,
                title=entry.text("title"),
                year=_year(year_text),
                year_text=year_text,
                abstract=entry.text("abstract"),
                venue=_bibtex_venue(entry),
                doi=_bibtex_doi(entry),
                authors=entry.authors(),
            )
        )
    return parsed


# --- CSV ------------------------------------------------------------------------------------------------


def split_authors(text: str) -> list[str]:
    """Authors separated by ';' (or the full-width '；'), each with its white space collapsed."""
    return [" ".join(name.split()) for name in re.split(r"[;；]", text) if name.strip()]


def parse_csv(text: str) -> ParsedPublications:
    parsed = ParsedPublications(source=PublicationSource.CSV)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise Unreadable("empty_file", _("The file is empty.")) from exc
    except csv.Error as exc:
        raise Unreadable("bad_csv", _("The file cannot be read as CSV: %(error)s") % {"error": exc}) from exc
    columns = [name.strip().lower() for name in header]
    missing = [name for name in CSV_REQUIRED if name not in columns]
    if missing:
        raise Unreadable(
            "missing_columns",
            _("The header row lacks the column(s) %(missing)s; expected %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(CSV_COLUMNS)},
        )
    unknown = [name for name in columns if name and name not in CSV_COLUMNS]
    if unknown:
        parsed.warnings.append(
            RecordProblem(
                line=1,
                number=None,
                key="",
                code="unknown_columns",
                message=_("Line 1: the column(s) %(unknown)s are not used.") % {"unknown": ", ".join(unknown)},
            )
        )
    index = {name: columns.index(name) for name in CSV_COLUMNS if name in columns}
    number = 0
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            parsed.problems.append(
                RecordProblem(
                    line=line,
                    number=None,
                    key="",
                    code="bad_csv",
                    message=_("Line %(line)d: %(error)s") % {"line": line, "error": exc},
                )
            )
            break
        row_line, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        if len(row) > len(columns):
            parsed.problems.append(
                RecordProblem(
                    line=row_line,
                    number=number,
                    key="",
                    code="too_many_values",
                    message=_("Line %(line)d: %(found)d values, but the header has %(expected)d columns.")
                    % {"line": row_line, "found": len(row), "expected": len(columns)},
                )
            )
            continue

        def cell(name: str, row: list[str] = row) -> str:
            position = index.get(name)
            return row[position].strip() if position is not None and position < len(row) else ""

        year_text = cell("year")
        parsed.records.append(
            PublicationRecord(
                line=row_line,
                number=number,
                key="",
                title=" ".join(cell("title").split()),
                year=int(year_text) if re.fullmatch(r"\d{4}", year_text) else None,
                year_text=year_text,
                abstract=cell("abstract"),
                venue=" ".join(cell("venue").split()),
                doi=bibtex.normalise_doi(cell("doi")),
                authors=split_authors(cell("authors")),
            )
        )
    if not parsed.records and not parsed.problems:
        raise Unreadable("no_rows", _("The file has a header row but no publications."))
    return parsed


def parse_publications(data: bytes, file_format: str) -> ParsedPublications:
    text = decode(data)
    if file_format == PublicationSource.BIBTEX:
        return parse_bibtex(text)
    if file_format == PublicationSource.CSV:
        return parse_csv(text)
    raise Unreadable(
        "unknown_format", _("Unknown file format %(format)s; use bibtex or csv.") % {"format": file_format}
    )
