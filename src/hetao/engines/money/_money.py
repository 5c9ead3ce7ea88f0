"""Money values and the arithmetic the zone's ledgers need."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

CENT = Decimal("0.01")
CURRENCY_LENGTH = 3


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were added, compared or subtracted."""


def to_cents(value: Decimal | int | str) -> Decimal:
    """``value`` rounded half up to the cent (0.005 -> 0.01, -0.005 -> -0.01)."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not a finite amount: {value!r}")
    with localcontext() as context:
        # Enough digits for the whole amount in cents, whatever its size: quantize must never round twice.
        context.prec = max(context.prec, amount.adjusted() + 4)
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _exact_product(left: Decimal, right: Decimal) -> Decimal:
    """``left * right`` with every digit kept (the default 28-digit context would round it once already,
    half to even, before the rounding to the cent)."""
    with localcontext() as context:
        context.prec = max(context.prec, len(left.as_tuple().digits) + len(right.as_tuple().digits))
        return left * right


def _currency(code: str) -> str:
    if len(code) != CURRENCY_LENGTH or not code.isalpha() or not code.isupper():
        raise ValueError(f"a currency is three capital letters (ISO 4217), got {code!r}")
    return code


@dataclass(frozen=True, order=False)
class Money:
    """An amount to the cent in one currency. Built from a Decimal, int or str (never a float); the amount is
    rounded half up to the cent on construction."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, float):
            raise TypeError("money is never a float: pass a Decimal, int or str")
        object.__setattr__(self, "amount", to_cents(self.amount))
        object.__setattr__(self, "currency", _currency(self.currency))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


@dataclass(frozen=True)
class Rate:
    """``rate`` units of ``quote`` for one unit of ``base``, published by ``source`` for ``on``."""

    base: str
    quote: str
    rate: Decimal
    on: date
    source: str

    def __post_init__(self) -> None:
        if isinstance(self.rate, float):
            raise TypeError("a rate is never a float: pass a Decimal or str")
        rate = self.rate if isinstance(self.rate, Decimal) else Decimal(str(self.rate))
        if not rate.is_finite() or rate <= 0:
            raise ValueError(f"a rate must be positive, got {self.rate!r}")
        object.__setattr__(self, "rate", rate)
        object.__setattr__(self, "base", _currency(self.base))
        object.__setattr__(self, "quote", _currency(self.quote))
        if self.base == self.quote:
            raise ValueError(f"a rate converts between two currencies, got {self.base} to {self.quote}")

    def inverse(self) -> Rate:
        """The same rate read the other way (quote to base), to 8 decimal places as rates are stored."""
        inverted = (Decimal(1) / self.rate).quantize(Decimal("0.00000001"), rounding=ROUND_HALF_UP)
        return Rate(self.quote, self.base, inverted, self.on, self.source)


def convert(money: Money, rate: Rate) -> Money:
    """``money`` in the rate's quote currency: the exact product, then rounded half up to the cent once."""
    if money.currency != rate.base:
        raise CurrencyMismatch(f"a {rate.base}->{rate.quote} rate cannot convert {money.currency}")
    return Money(_exact_product(money.amount, rate.rate), rate.quote)


def sum_by_currency(amounts: Iterable[Money]) -> dict[str, Money]:
    """Totals per currency, by currency code. Sums of cents are exact, so they reconcile to the cent."""
    totals: dict[str, Decimal] = {}
    for money in amounts:
        totals[money.currency] = totals.get(money.currency, Decimal(0)) + money.amount
    return {code: Money(totals[code], code) for code in sorted(totals)}


def percent_of(money: Money, percent: Decimal | int | str) -> Money:
    """``percent`` % of ``money``, rounded half up to the cent."""
    if isinstance(percent, float):
        raise TypeError("a percentage is never a float: pass a Decimal, int or str")
    return Money(_exact_product(money.amount, Decimal(str(percent))).scaleb(-2), money.currency)


def allocate(money: Money, weights: Sequence[Decimal | int | str]) -> list[Money]:
    """Split ``money`` in proportion to ``weights`` into parts that add up to it exactly, to the cent.

    Each part is first rounded down to the cent; the cents left over go one each to the parts with the largest
    remainders (ties: earlier parts first). Negative amounts split like their absolute value, negated.
    """
    if not weights:
        raise ValueError("allocate needs at least one weight")
    parsed = []
    for weight in weights:
        if isinstance(weight, float):
            raise TypeError("a weight is never a float: pass a Decimal, int or str")
        value = weight if isinstance(weight, Decimal) else Decimal(str(weight))
        if not value.is_finite() or value < 0:
            raise ValueError(f"weights must be finite and not negative, got {weight!r}")
        parsed.append(value)
    total_weight = sum(parsed, Decimal(0))
    if total_weight == 0:
        raise ValueError("the weights add up to zero")
    sign = -1 if money.amount < 0 else 1
    whole = abs(money.amount)
    exact = [whole * w / total_weight for w in parsed]
    parts = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    left = int((whole - sum(parts, Decimal(0))) / CENT)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += CENT
    return [Money(sign * part, money.currency) for part in parts]
