"""Which proposals to fund from budget pools (one per paying park, each in its own currency).

Amounts are integers in minor units (cents), so that no budget check depends on float rounding. Three ways:

* :func:`fund_rank_order` walks down the ranking and funds each proposal that every pool can still pay for.
  The *funding line* is the position of the first proposal that does not fit: the number of proposals above
  it. At that proposal ``on_misfit="stop"`` (the default) stops, so nobody below the line is funded;
  ``on_misfit="skip"`` passes over it (and any later one that does not fit) and carries on down the list.
* :func:`fund_optimal` maximises the total score within every pool's budget as a 0-1 integer programme
  (HiGHS through ``scipy.optimize.milp``, solved to a zero gap), optionally keeping each pool's share of the
  total spend (valued at ``rates``) between ``share_min`` and ``share_max``. Its funding line is the
  position of the first proposal in the ranking that it does not fund.
* :func:`fund_lottery` draws lots around the line, as the Swiss National Science Foundation does: with the
  line ``L`` placed by the rank-order walk (or by the optimum: the number it funds), a proposal whose rank
  interval lies wholly above it (``high <= L``) is funded; one whose interval crosses it (``low <= L <
  high``) goes into the draw; the rest are not funded. The draw shuffles the lottery (in index order) with a
  numpy PCG64 generator seeded with ``seed`` and funds in the drawn order while the budgets allow (the same
  ``on_misfit`` rule). The same seed replays the same draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from hetao.engines.scoring._checks import (
    BoolVector,
    FloatVector,
    IntMatrix,
    IntVector,
    float_vector,
    index_vector,
    money_array,
    seed_value,
)

OnMisfit = Literal["stop", "skip"]
ON_MISFIT: tuple[str, ...] = ("stop", "skip")
BASES: tuple[str, ...] = ("rank_order", "optimise")


@dataclass(frozen=True)
class FundingProblem:
    """``scores[p]`` (higher is better), ``costs[p, k]`` what proposal ``p`` asks of pool ``k``,
    ``budgets[k]`` what pool ``k`` can pay, both in the pool's minor units. ``rates[k]`` values one minor
    unit of pool ``k`` in a common unit; only share constraints use it (default: all 1)."""

    scores: FloatVector
    costs: IntMatrix
    budgets: IntVector
    rates: FloatVector = field(default_factory=lambda: np.ones(0))

    def __post_init__(self) -> None:
        scores = float_vector("scores", self.scores)
        budgets_in = np.asarray(self.budgets)
        if budgets_in.ndim != 1 or budgets_in.shape[0] == 0:
            raise ValueError(f"budgets must be a non-empty one-dimensional array, got shape {budgets_in.shape}")
        n_pools = budgets_in.shape[0]
        budgets = money_array("budgets", budgets_in, (n_pools,))
        costs = money_array("costs", self.costs, (scores.shape[0], n_pools))
        rates_in = np.asarray(self.rates)
        rates = np.ones(n_pools) if rates_in.size == 0 else float_vector("rates", rates_in, n_pools)
        if np.any(rates <= 0):
            raise ValueError("rates must all be positive")
        object.__setattr__(self, "scores", scores)
        object.__setattr__(self, "budgets", budgets)
        object.__setattr__(self, "costs", costs)
        object.__setattr__(self, "rates", rates)

    @property
    def n_proposals(self) -> int:
        return int(self.scores.shape[0])

    @property
    def n_pools(self) -> int:
        return int(self.budgets.shape[0])


@dataclass(frozen=True)
class FundingResult:
    """``funded[p]``; ``order``, the ranking used (best first); ``funding_line``, how many proposals of
    ``order`` lie above the line; ``lottery`` (ascending indices) and ``draw_order`` (as drawn), empty
    without a lottery; ``drawn``, the lottery's winners; ``skipped``, proposals whose turn came but did not
    fit; ``spend[k]`` per pool; ``total_score`` of the funded."""

    method: str
    funded: BoolVector
    order: IntVector
    funding_line: int
    spend: IntVector
    total_score: float
    lottery: IntVector = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    draw_order: IntVector = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    drawn: IntVector = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    skipped: IntVector = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    seed: int | None = None

    @property
    def funded_indices(self) -> list[int]:
        return [int(i) for i in np.flatnonzero(self.funded)]


def default_order(scores: FloatVector) -> IntVector:
    """Best first; equal scores by index."""
    return np.lexsort((np.arange(scores.shape[0]), -scores)).astype(np.int64)


def _order(problem: FundingProblem, order: Any) -> IntVector:
    if order is None:
        return default_order(problem.scores)
    ranked = index_vector("order", order, problem.n_proposals, "proposals")
    if ranked.shape[0] != problem.n_proposals or np.unique(ranked).size != ranked.shape[0]:
        raise ValueError(f"order must list each of the {problem.n_proposals} proposals exactly once")
    return ranked


def _on_misfit(value: str) -> str:
    if value not in ON_MISFIT:
        raise ValueError(f"unknown on_misfit {value!r}; use one of {', '.join(ON_MISFIT)}")
    return value


class _Purse:
    """What is left in each pool, spent proposal by proposal."""

    def __init__(self, problem: FundingProblem) -> None:
        self.problem = problem
        self.left = problem.budgets.copy()
        self.funded = np.zeros(problem.n_proposals, dtype=np.bool_)
        self.skipped: list[int] = []
        self.stopped = False

    def offer(self, proposal: int, on_misfit: str) -> bool:
        """Fund ``proposal`` if every pool can pay; otherwise record it and, under "stop", stop."""
        if self.stopped:
            return False
        cost = self.problem.costs[proposal]
        if np.all(cost <= self.left):
            self.left -= cost
            self.funded[proposal] = True
            return True
        self.skipped.append(proposal)
        if on_misfit == "stop":
            self.stopped = True
        return False

    def spend(self) -> IntVector:
        return self.problem.budgets - self.left


def _line(order: IntVector, funded: BoolVector) -> int:
    unfunded = np.flatnonzero(~funded[order])
    return int(unfunded[0]) if unfunded.size else int(order.shape[0])


def _result(problem: FundingProblem, method: str, order: IntVector, funded: BoolVector, **extra: Any) -> FundingResult:
    spend = problem.costs[funded].sum(axis=0).astype(np.int64) if problem.n_proposals else problem.budgets * 0
    return FundingResult(
        method=method,
        funded=funded,
        order=order,
        spend=spend,
        total_score=float(problem.scores[funded].sum()),
        **extra,
    )


def fund_rank_order(problem: FundingProblem, *, order: Any = None, on_misfit: str = "stop") -> FundingResult:
    """Fund down the ranking (``order``, best first; default by score) while every pool can pay."""
    ranked = _order(problem, order)
    rule = _on_misfit(on_misfit)
    purse = _Purse(problem)
    line: int | None = None
    for position, proposal in enumerate(ranked):
        if not purse.offer(int(proposal), rule) and line is None:
            line = position
        if purse.stopped:
            break
    return _result(
        problem,
        "rank_order",
        ranked,
        purse.funded,
        funding_line=ranked.shape[0] if line is None else line,
        skipped=np.asarray(purse.skipped, dtype=np.int64),
    )


def _share_bounds(name: str, value: Any, n_pools: int) -> FloatVector | None:
    if value is None:
        return None
    shares = float_vector(name, value, n_pools)
    if np.any((shares < 0) | (shares > 1)):
        raise ValueError(f"{name} must hold fractions between 0 and 1")
    return shares


def fund_optimal(
    problem: FundingProblem, *, order: Any = None, share_min: Any = None, share_max: Any = None
) -> FundingResult:
    """Fund the set with the greatest total score that every pool can pay for (and that keeps the shares)."""
    ranked = _order(problem, order)
    n_p, n_k = problem.n_proposals, problem.n_pools
    low = _share_bounds("share_min", share_min, n_k)
    high = _share_bounds("share_max", share_max, n_k)
    if low is not None and high is not None and np.any(low > high):
        raise ValueError("share_min must not exceed share_max for any pool")
    if low is not None and float(low.sum()) > 1 + 1e-12:
        raise ValueError("share_min adds up to more than 1")
    if n_p == 0:
        return _result(problem, "optimise", ranked, np.zeros(0, dtype=np.bool_), funding_line=0)

    costs = problem.costs.astype(np.float64)
    rows = [costs.T]
    lower = [np.full(n_k, -np.inf)]
    upper = [problem.budgets.astype(np.float64)]
    valued = costs * problem.rates  # (P, K): each pool's cost in the common unit
    total = valued.sum(axis=1)
    for bounds, sign in ((low, 1.0), (high, -1.0)):
        if bounds is None:
            continue
        # sign * (valued_k - share_k * total) >= 0 for every pool k, scaled so that HiGHS sees unit-sized rows.
        block = sign * (valued.T - bounds[:, None] * total[None, :])
        scale = np.maximum(np.abs(block).max(axis=1, initial=0.0), 1.0)
        rows.append(block / scale[:, None])
        lower.append(np.zeros(n_k))
        upper.append(np.full(n_k, np.inf))
    result = milp(
        -problem.scores,
        constraints=LinearConstraint(np.vstack(rows), np.concatenate(lower), np.concatenate(upper)),
        integrality=np.ones(n_p),
        bounds=Bounds(np.zeros(n_p), np.ones(n_p)),
        options={"mip_rel_gap": 0.0, "presolve": True},
    )
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"HiGHS did not solve the funding programme: {result.message}")
    funded = np.asarray(result.x) > 0.5
    spend = problem.costs[funded].sum(axis=0)
    if np.any(spend > problem.budgets):
        raise RuntimeError("HiGHS returned a selection over budget; this is a solver tolerance fault")
    return _result(problem, "optimise", ranked, funded, funding_line=_line(ranked, funded))


def fund_lottery(
    problem: FundingProblem,
    *,
    low: Any,
    high: Any,
    seed: int,
    order: Any = None,
    base: str = "rank_order",
    on_misfit: str = "stop",
    share_min: Any = None,
    share_max: Any = None,
) -> FundingResult:
    """Fund those clearly above the line, then draw lots among those whose rank interval ``[low, high]``
    (1 = best) crosses it. ``base`` places the line: "rank_order" (first that does not fit) or "optimise"
    (the number the optimum funds)."""
    ranked = _order(problem, order)
    rule = _on_misfit(on_misfit)
    seed = seed_value(seed)
    n_p = problem.n_proposals
    lows = index_vector("low", low, None)
    highs = index_vector("high", high, None)
    for name, values in (("low", lows), ("high", highs)):
        if values.shape[0] != n_p:
            raise ValueError(f"{name} has length {values.shape[0]}, expected {n_p}")
        if n_p and (int(values.min()) < 1 or int(values.max()) > n_p):
            raise ValueError(f"{name} must hold ranks between 1 and {n_p}")
    if np.any(lows > highs):
        raise ValueError(f"low exceeds high for proposal {int(np.flatnonzero(lows > highs)[0])}")
    if base == "rank_order":
        line = fund_rank_order(problem, order=ranked, on_misfit=rule).funding_line
    elif base == "optimise":
        line = int(fund_optimal(problem, order=ranked, share_min=share_min, share_max=share_max).funded.sum())
    else:
        raise ValueError(f"unknown base {base!r}; use one of {', '.join(BASES)}")

    above = highs <= line
    crossing = (lows <= line) & (highs > line)
    purse = _Purse(problem)
    for proposal in ranked:
        if above[proposal]:
            purse.offer(int(proposal), rule)
    lottery = np.flatnonzero(crossing).astype(np.int64)
    rng = np.random.Generator(np.random.PCG64(seed))
    draw_order = lottery[rng.permutation(lottery.shape[0])] if lottery.size else lottery
    drawn = [int(p) for p in draw_order if purse.offer(int(p), rule)]
    return _result(
        problem,
        "lottery",
        ranked,
        purse.funded,
        funding_line=line,
        lottery=lottery,
        draw_order=draw_order.astype(np.int64),
        drawn=np.asarray(drawn, dtype=np.int64),
        skipped=np.asarray(purse.skipped, dtype=np.int64),
        seed=seed,
    )
