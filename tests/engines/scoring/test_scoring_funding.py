"""Funding selection: rank order, the integer programme and the lottery never exceed a budget; the programme
is optimal (against brute force); the lottery replays from its seed."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hetao.engines.scoring import FundingProblem, fund_lottery, fund_optimal, fund_rank_order


def _problem(scores, costs, budgets, rates=()):
    return FundingProblem(
        scores=np.array(scores, dtype=float),
        costs=np.array(costs, dtype=np.int64),
        budgets=np.array(budgets, dtype=np.int64),
        rates=np.array(rates, dtype=float),
    )


@st.composite
def problems(draw, max_proposals=9, max_pools=3):
    n_p = draw(st.integers(1, max_proposals))
    n_k = draw(st.integers(1, max_pools))
    scores = draw(st.lists(st.integers(0, 100), min_size=n_p, max_size=n_p))
    costs = [draw(st.lists(st.integers(0, 50), min_size=n_k, max_size=n_k)) for _ in range(n_p)]
    budgets = draw(st.lists(st.integers(0, 150), min_size=n_k, max_size=n_k))
    return _problem(scores, costs, budgets)


def _brute_force(problem: FundingProblem) -> float:
    best = 0.0
    n_p = problem.n_proposals
    for chosen in itertools.product([False, True], repeat=n_p):
        mask = np.array(chosen, dtype=bool)
        if np.all(problem.costs[mask].sum(axis=0) <= problem.budgets):
            best = max(best, float(problem.scores[mask].sum()))
    return best


def test_rank_order_stop_and_skip_rules():
    # 0 and 1 fit (90 of 100); 2 does not (20 more); 3 would (10 more).
    problem = _problem([9, 8, 7, 6], [[40], [50], [20], [10]], [100])

    stop = fund_rank_order(problem)
    skip = fund_rank_order(problem, on_misfit="skip")

    assert (stop.funded.tolist(), stop.funding_line, stop.skipped.tolist(), stop.spend.tolist()) == (
        [True, True, False, False],
        2,
        [2],
        [90],
    )
    assert (skip.funded.tolist(), skip.funding_line, skip.skipped.tolist(), skip.spend.tolist()) == (
        [True, True, False, True],
        2,
        [2],
        [100],
    )
    assert skip.total_score == 23.0


def test_rank_order_follows_the_given_order_and_every_pool():
    # Pool 1 (HKD) runs out first although pool 0 (CNY) has room.
    problem = _problem([1, 1, 1], [[10, 60], [10, 60], [10, 10]], [100, 100])

    result = fund_rank_order(problem, order=[2, 1, 0])

    assert (result.funded.tolist(), result.funding_line, result.order.tolist()) == ([False, True, True], 2, [2, 1, 0])


def test_rank_order_everything_fits_puts_the_line_at_the_end():
    result = fund_rank_order(_problem([3, 2], [[1], [1]], [5]))

    assert (result.funded.tolist(), result.funding_line) == ([True, True], 2)


@settings(max_examples=150, deadline=None)
@given(problem=problems(), skip=st.booleans())
def test_rank_order_never_exceeds_any_budget(problem, skip):
    result = fund_rank_order(problem, on_misfit="skip" if skip else "stop")

    assert np.all(result.spend <= problem.budgets)
    assert result.spend.tolist() == problem.costs[result.funded].sum(axis=0).tolist()
    # Everything above the line is funded.
    assert result.funded[result.order[: result.funding_line]].all()


@settings(max_examples=150, deadline=None)
@given(problem=problems())
def test_optimal_equals_brute_force_and_beats_rank_order(problem):
    optimal = fund_optimal(problem)

    assert np.all(optimal.spend <= problem.budgets)
    assert optimal.total_score == pytest.approx(_brute_force(problem))
    assert optimal.total_score >= fund_rank_order(problem).total_score - 1e-9
    assert optimal.total_score >= fund_rank_order(problem, on_misfit="skip").total_score - 1e-9


def test_optimal_prefers_two_small_over_one_large():
    problem = _problem([10, 7, 7], [[100], [50], [50]], [100])

    result = fund_optimal(problem)

    assert (result.funded.tolist(), result.total_score, result.funding_line) == ([False, True, True], 14.0, 0)


def test_optimal_respects_pool_shares():
    # Pool 0 is worth 1 per unit, pool 1 worth 0.5 (think CNY and HKD cents at a common value).
    problem = _problem([10, 9, 3], [[100, 0], [100, 0], [0, 100]], [200, 100], rates=[1.0, 0.5])

    plain = fund_optimal(problem)
    capped = fund_optimal(problem, share_max=[0.7, 1.0])  # all three: pool 0 pays 200 of 250 = 80%
    floored = fund_optimal(problem, share_min=[0.0, 0.3])  # all three: pool 1 pays 50 of 250 = 20%

    assert plain.funded.tolist() == [True, True, True]
    assert capped.funded.tolist() == [True, False, True]
    assert floored.funded.tolist() == [True, False, True]
    assert floored.total_score == 13.0


@settings(max_examples=60, deadline=None)
@given(problem=problems(max_proposals=7), low=st.floats(0.0, 0.5), high=st.floats(0.5, 1.0))
def test_optimal_with_shares_keeps_them_and_the_budgets(problem, low, high):
    n_k = problem.n_pools
    share_min = np.full(n_k, low / n_k)
    share_max = np.full(n_k, high)
    result = fund_optimal(problem, share_min=share_min, share_max=share_max)

    value = result.spend * problem.rates
    assert np.all(result.spend <= problem.budgets)
    assert np.all(value >= share_min * value.sum() - 1e-6)
    assert np.all(value <= share_max * value.sum() + 1e-6)


def test_lottery_funds_clear_winners_and_draws_among_those_crossing_the_line():
    # Budget for two of five. Ranks: 0 clearly first; 1, 2, 3 overlap around the line; 4 clearly last.
    problem = _problem([9, 7, 6.9, 6.8, 1], [[10], [10], [10], [10], [10]], [20])
    low, high = [1, 2, 2, 2, 5], [1, 4, 4, 4, 5]

    result = fund_lottery(problem, low=low, high=high, seed=12345)

    assert result.funding_line == 2
    assert result.lottery.tolist() == [1, 2, 3]
    assert sorted(result.draw_order.tolist()) == [1, 2, 3]
    assert result.funded[0]
    assert not result.funded[4]
    assert result.drawn.tolist() == [int(result.draw_order[0])]
    assert result.funded_indices == sorted([0, int(result.draw_order[0])])
    assert result.spend.tolist() == [20]
    assert result.seed == 12345


def test_lottery_replays_with_the_same_seed_and_differs_across_seeds():
    n_p = 12
    problem = _problem(np.linspace(10, 1, n_p), [[10]] * n_p, [60])
    low = [1, 1, 1, 2, 3, 4, 4, 5, 6, 9, 10, 11]
    high = [3, 4, 5, 7, 8, 9, 10, 10, 11, 12, 12, 12]

    first = fund_lottery(problem, low=low, high=high, seed=7)
    again = fund_lottery(problem, low=low, high=high, seed=7)
    draws = {tuple(fund_lottery(problem, low=low, high=high, seed=s).draw_order.tolist()) for s in range(20)}

    assert (first.funded.tolist(), first.draw_order.tolist()) == (again.funded.tolist(), again.draw_order.tolist())
    assert len(draws) > 1


@settings(max_examples=100, deadline=None)
@given(
    problem=problems(), seed=st.integers(0, 2**63 - 1), data=st.data(), base=st.sampled_from(["rank_order", "optimise"])
)
def test_lottery_never_exceeds_any_budget(problem, seed, data, base):
    n_p = problem.n_proposals
    low = np.array(data.draw(st.lists(st.integers(1, n_p), min_size=n_p, max_size=n_p)))
    spread = np.array(data.draw(st.lists(st.integers(0, n_p), min_size=n_p, max_size=n_p)))
    high = np.minimum(low + spread, n_p)
    assume(np.all(low <= high))

    result = fund_lottery(problem, low=low, high=high, seed=seed, base=base)

    assert np.all(result.spend <= problem.budgets)
    assert set(result.drawn.tolist()) <= set(result.lottery.tolist())
    funded_outside_draw = set(result.funded_indices) - set(result.drawn.tolist())
    assert all(high[p] <= result.funding_line for p in funded_outside_draw)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: _problem([1.0], [[-1]], [5]), "amounts must not be negative"),
        (lambda: _problem([1.0], [[1, 2]], [5]), r"costs has shape \(1, 2\), expected \(1, 1\)"),
        (lambda: _problem([float("inf")], [[1]], [5]), "must be finite"),
        (lambda: FundingProblem(scores=np.ones(1), costs=np.ones((1, 1)), budgets=np.ones(1, dtype=int)), "integers"),
        (lambda: _problem([1.0], [[1]], []), "budgets must be a non-empty"),
        (lambda: fund_rank_order(_problem([1.0], [[1]], [5]), on_misfit="maybe"), "unknown on_misfit 'maybe'"),
        (lambda: fund_rank_order(_problem([1.0, 2.0], [[1], [1]], [5]), order=[0, 0]), "exactly once"),
        (lambda: fund_optimal(_problem([1.0], [[1]], [5]), share_min=[1.5]), "fractions between 0 and 1"),
        (
            lambda: fund_lottery(_problem([1.0, 2.0], [[1], [1]], [5]), low=[2, 1], high=[1, 2], seed=1),
            "low exceeds high for proposal 0",
        ),
        (lambda: fund_lottery(_problem([1.0], [[1]], [5]), low=[1], high=[1], seed=-3), "seed must be"),
        (lambda: fund_lottery(_problem([1.0], [[1]], [5]), low=[1], high=[2], seed=1), "ranks between 1 and 1"),
        (lambda: fund_lottery(_problem([1.0], [[1]], [5]), low=[1], high=[1], seed=1, base="x"), "unknown base 'x'"),
    ],
)
def test_funding_bad_input_raises_value_error(build, message):
    with pytest.raises(ValueError, match=message):
        build()
