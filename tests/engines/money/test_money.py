"""Money: amounts to the cent in one currency, conversions rounded half up once, sums per currency that
reconcile to the cent, and splits whose parts add up exactly. Hand-checkable cases, then properties."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hetao.engines.money import (
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

DAY = date(2026, 3, 1)


def cny(value: str) -> Money:
    return Money(Decimal(value), "CNY")


def rate(value: str, base: str = "CNY", quote: str = "HKD") -> Rate:
    return Rate(base, quote, Decimal(value), DAY, "test")


# --- Hand-checkable cases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.125", "0.13"),
        ("-0.125", "-0.13"),
        ("0.124999", "0.12"),
        ("0.005", "0.01"),
        ("-0.005", "-0.01"),
        ("0.0049", "0.00"),
        ("2.675", "2.68"),
        ("10", "10.00"),
    ],
)
def test_money_rounds_half_up_to_the_cent(value, expected):
    assert Money(Decimal(value), "CNY").amount == Decimal(expected)
    assert to_cents(value) == Decimal(expected)


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        Money(0.1, "CNY")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Rate("CNY", "HKD", 1.1, DAY, "test")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        percent_of(cny("100"), 10.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        allocate(cny("100"), [0.5, 0.5])  # type: ignore[list-item]


@pytest.mark.parametrize("code", ["cny", "RMB1", "HK", "", "€€€"])
def test_money_refuses_a_currency_that_is_not_three_capitals(code):
    with pytest.raises(ValueError, match="three capital letters"):
        Money(Decimal(1), code)


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity"])
def test_money_refuses_what_is_not_a_finite_amount(value):
    with pytest.raises(ValueError, match="amount"):
        Money(value, "CNY")  # type: ignore[arg-type]


def test_arithmetic_in_one_currency():
    assert cny("10.10") + cny("0.05") == cny("10.15")
    assert cny("10.10") - cny("10.15") == cny("-0.05")
    assert (cny("-0.05")).is_negative
    assert -cny("1.50") == cny("-1.50")
    assert cny("1") < cny("1.01") <= cny("1.01")
    assert str(cny("1234.5")) == "1234.50 CNY"
    assert Money.zero("HKD") == Money(Decimal(0), "HKD")


@pytest.mark.parametrize(
    "operation",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
)
def test_amounts_in_two_currencies_never_combine(operation):
    with pytest.raises(CurrencyMismatch):
        operation(cny("1"), Money(Decimal(1), "HKD"))


def test_convert_rounds_half_up_once():
    # 0.25 CNY at 0.5 = 0.125 HKD exactly: half up gives 0.13 (half even would give 0.12).
    assert convert(cny("0.25"), rate("0.5")) == Money(Decimal("0.13"), "HKD")
    assert convert(cny("-0.25"), rate("0.5")) == Money(Decimal("-0.13"), "HKD")
    # 1.15 CNY at 1.09 = 1.2535: rounded once to 1.25, not first to 1.254 and then up.
    assert convert(cny("1.15"), rate("1.09")) == Money(Decimal("1.25"), "HKD")
    assert convert(cny("100000.00"), rate("1.08695652")) == Money(Decimal("108695.65"), "HKD")


def test_convert_keeps_every_digit_of_a_large_product_before_rounding():
    # The exact product ends in ...0.4149999999...: a 28-digit context would first round it to ...0.4150 and
    # then up to ...0.42; rounded once it is ...0.41.
    amount = Money(Decimal("65733068581765.61"), "CNY")
    converted = convert(amount, rate("3407489609.00145489"))
    assert converted.amount == Decimal("223984748160146317332695.41")


def test_convert_refuses_money_in_another_currency():
    with pytest.raises(CurrencyMismatch):
        convert(Money(Decimal(1), "HKD"), rate("1.1"))


def test_rate_is_positive_between_two_currencies():
    with pytest.raises(ValueError, match="positive"):
        rate("0")
    with pytest.raises(ValueError, match="positive"):
        rate("-1.2")
    with pytest.raises(ValueError, match="two currencies"):
        rate("1", base="CNY", quote="CNY")


def test_rate_inverse_reads_the_other_way_to_eight_places():
    inverse = rate("1.08695652").inverse()
    assert (inverse.base, inverse.quote, inverse.rate, inverse.on, inverse.source) == (
        "HKD",
        "CNY",
        Decimal("0.92000000"),
        DAY,
        "test",
    )


def test_sum_by_currency_keeps_currencies_apart():
    totals = sum_by_currency(
        [cny("0.10"), Money(Decimal("5"), "HKD"), cny("0.20"), Money(Decimal("0.01"), "HKD"), cny("-0.05")]
    )
    assert totals == {"CNY": cny("0.25"), "HKD": Money(Decimal("5.01"), "HKD")}
    assert list(totals) == ["CNY", "HKD"]
    assert sum_by_currency([]) == {}


def test_percent_of_rounds_half_up():
    assert percent_of(cny("100000"), 10) == cny("10000.00")
    assert percent_of(cny("0.05"), "50") == cny("0.03")
    assert percent_of(cny("-0.05"), Decimal(50)) == cny("-0.03")
    assert percent_of(cny("333.33"), "33.33") == cny("111.10")


def test_allocate_gives_the_left_over_cents_to_the_largest_remainders():
    assert allocate(cny("100"), [1, 1, 1]) == [cny("33.34"), cny("33.33"), cny("33.33")]
    assert allocate(cny("0.05"), [40, 30, 30]) == [cny("0.02"), cny("0.02"), cny("0.01")]
    assert allocate(cny("-100"), [1, 1, 1]) == [cny("-33.34"), cny("-33.33"), cny("-33.33")]
    assert allocate(cny("10"), [0, 1]) == [cny("0"), cny("10")]


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1], ["NaN"]])
def test_allocate_refuses_weights_that_cannot_split(weights):
    with pytest.raises(ValueError, match="weight"):
        allocate(cny("1"), weights)


# --- Properties -----------------------------------------------------------------------------------------

CURRENCIES = st.sampled_from(["CNY", "HKD", "MOP", "USD", "EUR"])
# Amounts and rates as the database stores them: 16 digits with 2 places, 18 digits with 8 places.
amounts = st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1).map(lambda cents: Decimal(cents).scaleb(-2))
positive_amounts = st.integers(min_value=1, max_value=10**16 - 1).map(lambda cents: Decimal(cents).scaleb(-2))
rates = st.integers(min_value=1, max_value=10**18 - 1).map(lambda units: Decimal(units).scaleb(-8))
weights = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=8).filter(lambda w: sum(w) > 0)


def _half_up_exactly(value: Decimal) -> Decimal:
    """The reference: the exact value, rounded once, with all the precision it needs."""
    with localcontext() as context:
        context.prec = 200
        return value.quantize(CENT, rounding=ROUND_HALF_UP)


@given(amount=amounts, value=rates)
def test_property_convert_is_the_exact_product_rounded_half_up_once(amount, value):
    with localcontext() as context:
        context.prec = 200
        exact = amount * value
    converted = convert(Money(amount, "CNY"), rate(str(value)))
    assert converted.currency == "HKD"
    assert converted.amount == _half_up_exactly(exact)
    # Rounding half up is symmetric: a refund converts to the negated amount.
    assert convert(Money(-amount, "CNY"), rate(str(value))).amount == -converted.amount


@given(money=st.builds(Money, positive_amounts, CURRENCIES), parts=weights)
def test_property_allocate_adds_up_exactly_and_stays_within_a_cent_of_proportional(money, parts):
    shares = allocate(money, parts)
    assert len(shares) == len(parts)
    assert {share.currency for share in shares} == {money.currency}
    assert sum((share.amount for share in shares), Decimal(0)) == money.amount
    total = sum(parts)
    with localcontext() as context:
        context.prec = 200
        for share, weight in zip(shares, parts, strict=True):
            proportional = money.amount * weight / total
            assert abs(share.amount - proportional) < CENT
            assert share.amount >= 0


@given(money=st.builds(Money, amounts, CURRENCIES), parts=weights)
def test_property_allocate_of_a_negative_amount_mirrors_the_positive(money, parts):
    assert allocate(-money, parts) == [-share for share in allocate(money, parts)]


@given(items=st.lists(st.tuples(amounts, CURRENCIES), max_size=30))
def test_property_sum_by_currency_never_mixes_currencies_and_reconciles_to_the_cent(items):
    totals = sum_by_currency(Money(amount, currency) for amount, currency in items)
    assert sorted(totals) == sorted({currency for _amount, currency in items})
    for currency, total in totals.items():
        assert total.currency == currency
        assert total.amount == sum((amount for amount, code in items if code == currency), Decimal(0))


@given(amount=amounts, currency=CURRENCIES)
def test_property_money_is_idempotent_and_to_the_cent(amount, currency):
    money = Money(amount, currency)
    assert Money(money.amount, currency) == money
    assert money.amount.as_tuple().exponent == -2


@given(value=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12))
def test_property_to_cents_rounds_half_up_away_from_zero(value):
    rounded = to_cents(value)
    with localcontext() as context:
        context.prec = 200
        assert abs(rounded - value) <= CENT / 2
    assert to_cents(-value) == -rounded
