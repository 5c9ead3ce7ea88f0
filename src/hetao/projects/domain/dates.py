"""Calendar arithmetic for schedules: months added to a date, clamped to the month's last day."""

from __future__ import annotations

import calendar
from datetime import date

MONTHS_PER_YEAR = 12


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months; 31 January + 1 month is 28 (or 29) February."""
    index = day.year * MONTHS_PER_YEAR + (day.month - 1) + months
    year, month = divmod(index, MONTHS_PER_YEAR)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def project_year(start: date, day: date) -> int:
    """The project year ``day`` falls in (1 from the start date to the day before its first anniversary)."""
    year = 1
    while add_months(start, MONTHS_PER_YEAR * year) <= day:
        year += 1
    return year
