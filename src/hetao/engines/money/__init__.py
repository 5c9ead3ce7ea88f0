"""Money: ``Decimal`` amounts with a currency, rounded half up to the cent, never floats.

The framework-free core of every sum in the zone's ledgers: conversions at a recorded rate, sums per currency
that reconcile to the cent, percentages, and splitting an amount into parts (instalments) that add up exactly.
"""

from hetao.engines.money._money import (
    CENT,
    CurrencyMismatch,
    Money,
    Rate,
    allocate,
    convert,
    percent_of,
    sum_by_currency,
    to_cents,
)

__all__ = [
    "CENT",
    "CurrencyMismatch",
    "Money",
    "Rate",
    "allocate",
    "convert",
    "percent_of",
    "sum_by_currency",
    "to_cents",
]
