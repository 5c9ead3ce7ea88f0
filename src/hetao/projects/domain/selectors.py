"""Reads of projects that more than one page, endpoint, export or service needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from hetao.projects.models import BudgetLine, Project


@dataclass(frozen=True)
class StatementLine:
    """Budget against actual for one line: ``available`` = budget + approved overspend - spent."""

    line_id: int
    category_id: int
    category_code: str
    category_name: str
    year: int
    currency: str
    approved: Decimal
    budget: Decimal
    spent: Decimal
    overdraft: Decimal
    available: Decimal
    category_order: int = 0


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    approved: Decimal
    budget: Decimal
    spent: Decimal
    available: Decimal


@dataclass(frozen=True)
class CategoryTotal:
    """Budget against actual of one cost category in one currency, over all project years."""

    category_code: str
    category_name: str
    currency: str
    approved: Decimal
    budget: Decimal
    overdraft: Decimal
    spent: Decimal
    available: Decimal


@dataclass(frozen=True)
class Statement:
    """A project's financial statement: every line, subtotals per cost category and currency, and totals per
    currency (never added across currencies)."""

    project: Project
    lines: list[StatementLine]
    totals: list[CurrencyTotal] = field(default_factory=list)
    categories: list[CategoryTotal] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The statement as stored in a submitted report: amounts as strings, to the cent."""
        return {
            "lines": [
                {
                    "category": line.category_code,
                    "year": line.year,
                    "currency": line.currency,
                    "approved": str(line.approved),
                    "budget": str(line.budget),
                    "spent": str(line.spent),
                    "available": str(line.available),
                }
                for line in self.lines
            ],
            "categories": [
                {
                    "category": c.category_code,
                    "currency": c.currency,
                    "approved": str(c.approved),
                    "budget": str(c.budget),
                    "spent": str(c.spent),
                    "available": str(c.available),
                }
                for c in self.categories
            ],
            "totals": [
                {
                    "currency": t.currency,
                    "approved": str(t.approved),
                    "budget": str(t.budget),
                    "spent": str(t.spent),
                    "available": str(t.available),
                }
                for t in self.totals
            ],
        }


def budget_lines(project: Project) -> list[BudgetLine]:
    return list(
        BudgetLine.objects.filter(project=project)
        .select_related("category")
        .order_by("year", "category__order", "category__code", "currency")
    )


def financial_statement(project: Project) -> Statement:
    """Budget against actual per line and per currency, from the recorded expenditure (the lines' ``spent``)."""
    lines = [
        StatementLine(
            line_id=line.pk,
            category_id=line.category_id,
            category_code=line.category.code,
            category_name=line.category.name,
            year=line.year,
            currency=line.currency,
            approved=line.approved,
            budget=line.amount,
            spent=line.spent,
            overdraft=line.overdraft,
            available=line.available,
            category_order=line.category.order,
        )
        for line in budget_lines(project)
    ]
    totals = []
    for currency in sorted({line.currency for line in lines}):
        mine = [line for line in lines if line.currency == currency]
        totals.append(
            CurrencyTotal(
                currency=currency,
                approved=sum((line.approved for line in mine), Decimal(0)),
                budget=sum((line.budget for line in mine), Decimal(0)),
                spent=sum((line.spent for line in mine), Decimal(0)),
                available=sum((line.available for line in mine), Decimal(0)),
            )
        )
    return Statement(project=project, lines=lines, totals=totals, categories=category_totals(lines))


def category_totals(lines: list[StatementLine]) -> list[CategoryTotal]:
    """Per cost category and currency, over the years, in the lines' category order."""
    keys: dict[tuple[int, str, int, str], list[StatementLine]] = {}
    for line in lines:
        keys.setdefault((line.category_order, line.category_code, line.category_id, line.currency), []).append(line)
    result = []
    for (_order, _code, _category_id, currency), mine in sorted(keys.items()):
        result.append(
            CategoryTotal(
                category_code=mine[0].category_code,
                category_name=mine[0].category_name,
                currency=currency,
                approved=sum((ln.approved for ln in mine), Decimal(0)),
                budget=sum((ln.budget for ln in mine), Decimal(0)),
                overdraft=sum((ln.overdraft for ln in mine), Decimal(0)),
                spent=sum((ln.spent for ln in mine), Decimal(0)),
                available=sum((ln.available for ln in mine), Decimal(0)),
            )
        )
    return result
