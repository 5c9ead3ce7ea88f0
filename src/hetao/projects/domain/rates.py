"""Exchange rates: imported from CSV by the zone's park administrators, and the rate a conversion on a day
uses. No network call: the zone decides which published rates it trusts and imports them."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError, FieldProblem, PermissionDenied, ValidationFailed
from hetao.core.files import upload_name
from hetao.engines.money import Rate
from hetao.projects.domain.common import actor_user
from hetao.projects.models import ExchangeRate, RateImport
from hetao.zone.enums import Currency

COLUMNS = ("date", "base", "quote", "rate", "source")
MAX_FILE_BYTES = 5 * 1024 * 1024
# As the rate column stores them: 18 digits, 8 of them after the point.
RATE_PLACES = 8
RATE_INTEGER_DIGITS = 10
SOURCE_LENGTH = 100
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def may_manage_rates(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("projects.manage_rates"))


def rates_visible() -> QuerySet[ExchangeRate]:
    """Every rate, newest first within each pair (rates are public figures: anyone signed in may read them)."""
    return ExchangeRate.objects.order_by("base", "quote", "-date", "source", "pk")


@dataclass(frozen=True)
class _Row:
    line: int
    on: date
    base: str
    quote: str
    rate: Decimal
    source: str


def _problem(line: int, column: str, code: str, message: str) -> FieldProblem:
    return FieldProblem(
        field=f"lines.{line}.{column}",
        code=code,
        message=_("Line %(line)d, %(column)s: %(message)s") % {"line": line, "column": column, "message": message},
    )


def _file_problem(code: str, message: str) -> ValidationFailed:
    return ValidationFailed([FieldProblem(field="file", code=code, message=message)])


def _parse_date(line: int, value: str, today: date, problems: list[FieldProblem]) -> date | None:
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        parsed = date.fromisoformat(value)
    except ValueError:
        problems.append(_problem(line, "date", "invalid_date", _("enter the date as YYYY-MM-DD.")))
        return None
    if parsed > today:
        problems.append(_problem(line, "date", "future_date", _("the date is in the future.")))
        return None
    return parsed


def _parse_currency(line: int, column: str, value: str, problems: list[FieldProblem]) -> str | None:
    code = value.upper()
    if code not in Currency.values:
        problems.append(
            _problem(
                line,
                column,
                "invalid_currency",
                _("%(value)s is not a currency the zone uses (%(choices)s).")
                % {"value": value or "''", "choices": ", ".join(Currency.values)},
            )
        )
        return None
    return code


def _parse_rate(line: int, value: str, problems: list[FieldProblem]) -> Decimal | None:
    try:
        rate = Decimal(value)
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite():
        problems.append(_problem(line, "rate", "invalid_rate", _("enter a decimal number, such as 0.9213.")))
        return None
    if rate <= 0:
        problems.append(_problem(line, "rate", "invalid_rate", _("a rate must be more than zero.")))
        return None
    exponent = rate.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > RATE_PLACES:
        problems.append(
            _problem(line, "rate", "invalid_rate", _("at most %(places)d decimal places.") % {"places": RATE_PLACES})
        )
        return None
    if rate.adjusted() >= RATE_INTEGER_DIGITS:
        problems.append(_problem(line, "rate", "invalid_rate", _("the rate is too large.")))
        return None
    return rate


def _decode(data: bytes) -> list[list[str]]:
    if not data:
        raise _file_problem("empty_file", _("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise _file_problem(
            "file_too_large", _("The file is larger than %(limit)d MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_problem("not_utf8", _("Save the file as UTF-8 text (CSV).")) from exc
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise _file_problem("not_csv", _("This file is not CSV: %(error)s") % {"error": str(exc)}) from exc


def _parse(data: bytes) -> list[_Row]:
    """Every row of the file, or every problem with it at once (by line number and column)."""
    records = _decode(data)
    if not records or [cell.strip().lower() for cell in records[0]] != list(COLUMNS):
        raise _file_problem(
            "invalid_header",
            _("The first line must be the header %(header)s.") % {"header": ",".join(COLUMNS)},
        )
    today = timezone.localdate()
    problems: list[FieldProblem] = []
    rows: list[_Row] = []
    seen: dict[tuple[str, str, date, str], int] = {}
    for line, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(COLUMNS):
            problems.append(
                FieldProblem(
                    field=f"lines.{line}",
                    code="invalid_columns",
                    message=_("Line %(line)d: expected %(expected)d values, found %(found)d.")
                    % {"line": line, "expected": len(COLUMNS), "found": len(record)},
                )
            )
            continue
        raw_date, raw_base, raw_quote, raw_rate, raw_source = (cell.strip() for cell in record)
        count = len(problems)
        on = _parse_date(line, raw_date, today, problems)
        base = _parse_currency(line, "base", raw_base, problems)
        quote = _parse_currency(line, "quote", raw_quote, problems)
        rate = _parse_rate(line, raw_rate, problems)
        if not raw_source:
            problems.append(_problem(line, "source", "required", _("name who published the rate.")))
        elif len(raw_source) > SOURCE_LENGTH:
            problems.append(
                _problem(
                    line,
                    "source",
                    "too_long",
                    _("at most %(length)d characters.") % {"length": SOURCE_LENGTH},
                )
            )
        if base is not None and base == quote:
            problems.append(
                _problem(line, "quote", "same_currency", _("a rate converts between two different currencies."))
            )
        if len(problems) > count or on is None or base is None or quote is None or rate is None:
            continue
        key = (base, quote, on, raw_source)
        if key in seen:
            problems.append(
                _problem(
                    line,
                    "date",
                    "duplicate_rate",
                    _("the same rate (pair, date and source) is already on line %(line)d.") % {"line": seen[key]},
                )
            )
            continue
        seen[key] = line
        rows.append(_Row(line=line, on=on, base=base, quote=quote, rate=rate, source=raw_source))
    if not problems and not rows:
        raise _file_problem("no_rates", _("The file has a header but no rates."))
    problems += _already_imported(rows)
    if problems:
        # Line by line, each line's problems in the order of its columns.
        raise ValidationFailed(sorted(problems, key=_line_number))
    return rows


def _line_number(problem: FieldProblem) -> int:
    return int((problem.field or "lines.0").split(".")[1])


def _already_imported(rows: list[_Row]) -> list[FieldProblem]:
    if not rows:
        return []
    existing = set(
        ExchangeRate.objects.filter(
            date__in={row.on for row in rows}, source__in={row.source for row in rows}
        ).values_list("base", "quote", "date", "source")
    )
    return [
        _problem(
            row.line,
            "date",
            "duplicate_rate",
            _("a rate of %(base)s to %(quote)s on %(date)s from %(source)s was already imported.")
            % {"base": row.base, "quote": row.quote, "date": row.on.isoformat(), "source": row.source},
        )
        for row in rows
        if (row.base, row.quote, row.on, row.source) in existing
    ]


def rates_import(*, actor: object | None, data: bytes, file_name: str) -> RateImport:
    """Import a CSV file of exchange rates with the header ``date,base,quote,rate,source``: dates as
    YYYY-MM-DD (not in the future), currencies the zone uses, a positive rate with at most 8 decimal places,
    the publisher. Every bad line is reported at once, by line number and column, and then nothing is
    imported; a rate already imported (same pair, date and source) is refused. Only the zone's park
    administrators may import."""
    user = actor_user(actor)
    if not may_manage_rates(user):
        raise PermissionDenied("forbidden", _("Only the zone's park administrators may import exchange rates."))
    rows = _parse(data)
    name = upload_name(file_name, "rates.csv")
    try:
        with transaction.atomic():
            batch = RateImport.objects.create(
                file_name=name, sha256=hashlib.sha256(data).hexdigest(), rows=len(rows), imported_by=user
            )
            ExchangeRate.objects.bulk_create(
                ExchangeRate(base=r.base, quote=r.quote, rate=r.rate, date=r.on, source=r.source, batch=batch)
                for r in rows
            )
            audit_append(
                actor=user,
                action="rates.import",
                obj=batch,
                payload={
                    "file_name": name,
                    "sha256": batch.sha256,
                    "rows": len(rows),
                    "pairs": sorted({f"{r.base}/{r.quote}" for r in rows}),
                    "from": min(r.on for r in rows).isoformat(),
                    "to": max(r.on for r in rows).isoformat(),
                },
            )
    except IntegrityError as exc:
        # Another import of the same rates committed between our check and our insert.
        raise Conflict(
            "duplicate_rate", _("Some of these rates were imported in the meantime. Nothing was imported.")
        ) from exc
    return batch


def rate_for(*, base: str, quote: str, on: date) -> Rate:
    """The rate converting ``base`` into ``quote`` on day ``on``: the latest rate of the pair dated on or
    before the day (of several sources on that date, the one imported last). When the zone has no rate of
    the pair itself but has the reverse pair, the latest reverse rate is read the other way (to 8 decimal
    places). Raises DomainError ``no_rate`` naming the pair and the day when there is neither."""
    if base == quote:
        raise ValueError(f"no rate is needed from {base} to itself")
    order = ("-date", "-batch__created_at", "-pk")
    direct = ExchangeRate.objects.filter(base=base, quote=quote, date__lte=on).order_by(*order).first()
    if direct is not None:
        return Rate(direct.base, direct.quote, direct.rate, direct.date, direct.source)
    reverse = ExchangeRate.objects.filter(base=quote, quote=base, date__lte=on).order_by(*order).first()
    if reverse is not None:
        return Rate(reverse.base, reverse.quote, reverse.rate, reverse.date, reverse.source).inverse()
    raise DomainError(
        "no_rate",
        _("There is no exchange rate from %(base)s to %(quote)s on or before %(date)s.")
        % {"base": base, "quote": quote, "date": on.isoformat()},
    )


def rates_filter(rates: QuerySet[ExchangeRate], *, base: str = "", quote: str = "") -> QuerySet[ExchangeRate]:
    """Rates from ``base`` and/or to ``quote`` (either may be empty: any)."""
    if base:
        rates = rates.filter(base=base)
    if quote:
        rates = rates.filter(quote=quote)
    return rates
