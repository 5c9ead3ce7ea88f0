"""A project's financial statement for download, in the reader's language: CSV (UTF-8 with a byte-order mark,
so that Excel reads Chinese correctly) and XLSX. Both hold the project's reference, title, period and the date
the statement is as of, then budget against actual per line, then the totals per currency (never added across
currencies).

Amounts are numbers, not text, so that a spreadsheet can add them: plain decimals to the cent in the CSV next to
their currency's code, numeric cells in the XLSX shown with the currency's symbol for the language."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from hetao.core.i18n import format_money, language_key
from hetao.projects.domain.selectors import Statement, financial_statement
from hetao.projects.models import Project

CENT = Decimal("0.01")
AMOUNT_COLUMNS = 5


@dataclass(frozen=True)
class StatementExport:
    """The statement laid out as a table in one language: heading rows, the column headers, the lines and
    the totals; amounts as Decimals."""

    language: str
    project: Project
    as_of: date
    heading: list[tuple[str, str]]
    columns: list[str]
    lines: list[list[Any]]
    totals: list[list[Any]]
    statement: Statement


def statement_export(project: Project, *, language: str, as_of: date | None = None) -> StatementExport:
    """The statement with its headers translated and its category names localised for ``language``."""
    lang = language_key(language)
    day = as_of or timezone.localdate()
    with translation.override(lang):
        statement = financial_statement(project)
        heading = [
            (_("Project"), project.reference),
            (_("Title"), project.title),
            (
                _("Period"),
                f"{formats.date_format(project.start_date, 'DATE_FORMAT')} – "
                f"{formats.date_format(project.end_date, 'DATE_FORMAT')}",
            ),
            (_("As of"), formats.date_format(day, "DATE_FORMAT")),
        ]
        columns = [
            _("Year"),
            _("Cost category"),
            _("Currency"),
            _("Approved"),
            _("Budget"),
            _("Approved overspend"),
            _("Spent"),
            _("Available"),
        ]
        lines = [
            [
                line.year,
                line.category_name,
                line.currency,
                line.approved,
                line.budget,
                line.overdraft,
                line.spent,
                line.available,
            ]
            for line in statement.lines
        ]
        lines += [
            [
                "",
                _("%(category)s, all years") % {"category": c.category_name},
                c.currency,
                c.approved,
                c.budget,
                c.overdraft,
                c.spent,
                c.available,
            ]
            for c in statement.categories
        ]
        total_label = _("Total")
        totals = [
            ["", total_label, t.currency, t.approved, t.budget, t.overdraft, t.spent, t.available]
            for t in statement_totals(statement)
        ]
    return StatementExport(
        language=lang,
        project=project,
        as_of=day,
        heading=heading,
        columns=columns,
        lines=lines,
        totals=totals,
        statement=statement,
    )


@dataclass(frozen=True)
class TotalRow:
    """The statement's totals in one currency, with the approved overspend of its lines."""

    currency: str
    approved: Decimal
    budget: Decimal
    overdraft: Decimal
    spent: Decimal
    available: Decimal


def statement_totals(statement: Statement) -> list[TotalRow]:
    return [
        TotalRow(
            currency=total.currency,
            approved=total.approved,
            budget=total.budget,
            overdraft=sum((ln.overdraft for ln in statement.lines if ln.currency == total.currency), Decimal(0)),
            spent=total.spent,
            available=total.available,
        )
        for total in statement.totals
    ]


def _cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value.quantize(CENT))
    return str(value)


def statement_csv(project: Project, *, language: str, as_of: date | None = None) -> bytes:
    """The statement as CSV, UTF-8 with a byte-order mark."""
    export = statement_export(project, language=language, as_of=as_of)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for label, value in export.heading:
        writer.writerow([label, value])
    writer.writerow([])
    writer.writerow(export.columns)
    for row in [*export.lines, *export.totals]:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _number_format(currency: str, language: str) -> str:
    """An Excel number format that shows the currency's symbol for the language, e.g. "HK$"#,##0.00."""
    symbol = format_money(Decimal(0), currency, language).removesuffix("0.00")
    escaped = symbol.replace('"', "")
    return f'"{escaped}"#,##0.00' if escaped else "#,##0.00"


def statement_xlsx(project: Project, *, language: str, as_of: date | None = None) -> bytes:
    """The statement as an XLSX workbook of one sheet; amounts are numeric cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    export = statement_export(project, language=language, as_of=as_of)
    book = Workbook()
    sheet = book.active
    with translation.override(export.language):
        sheet.title = _("Statement")[:31]
    bold = Font(bold=True)
    for label, value in export.heading:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append(export.columns)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first_amount = 4
    for index, row in enumerate([*export.lines, *export.totals]):
        sheet.append([v.quantize(CENT) if isinstance(v, Decimal) else v for v in row])
        current = sheet.max_row
        currency = str(row[2])
        for column in range(first_amount, first_amount + AMOUNT_COLUMNS):
            cell = sheet.cell(row=current, column=column)
            cell.number_format = _number_format(currency, export.language)
        if index >= len(export.lines):
            for cell in sheet[current]:
                cell.font = bold
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    widths = [8, 28, 10, 16, 16, 16, 16, 16]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=number).column_letter].width = width
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def statement_filename(project: Project, extension: str, as_of: date | None = None) -> str:
    day = as_of or timezone.localdate()
    return f"{project.reference}-statement-{day.isoformat()}.{extension}"
