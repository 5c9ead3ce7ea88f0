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


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    approved: Decimal
    budget: Decimal
    spent: Decimal
    available: Decimal


@dataclass(frozen=True)
class Statement:
    """A project's financial statement: every line, and totals per currency (never added across currencies)."""

    project: Project
    lines: list[StatementLine]
    totals: list[CurrencyTotal] = field(default_factory=list)

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
    return Statement(project=project, lines=lines, totals=totals)
