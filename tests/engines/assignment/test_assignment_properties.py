"""Properties on random small instances: the flow is exact (against brute force and HiGHS) and always valid."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st

from hetao.engines.assignment import AssignmentProblem, InfeasibleAssignment, solve_assignment
from tests.engines.assignment._helpers import assert_valid


@st.composite
def instances(draw: st.DrawFn, max_proposals: int, max_reviewers: int) -> AssignmentProblem:
    n_p = draw(st.integers(1, max_proposals))
    n_r = draw(st.integers(1, max_reviewers))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    affinity = rng.random((n_p, n_r))
    if draw(st.booleans()):
        affinity = np.round(affinity, 1)  # ties
    conflicts = rng.random((n_p, n_r)) < draw(st.sampled_from([0.0, 0.1, 0.3]))
    coverage = rng.integers(0, min(n_r, 3) + 1, size=n_p)
    load_min = rng.integers(0, 2, size=n_r) * draw(st.integers(0, 1))
    load_max = load_min + rng.integers(0, 4, size=n_r)
    pairs = [(int(p), int(r)) for p, r in zip(*np.nonzero(~conflicts), strict=True)]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True)) if pairs else []
    split = draw(st.integers(0, len(chosen)))
    return AssignmentProblem(
        affinity=affinity,
        coverage=coverage,
        load_min=load_min,
        load_max=load_max,
        conflicts=conflicts,
        pinned=chosen[:split],
        forbidden=chosen[split:],
    )


def solve_or_none(problem: AssignmentProblem, solver: str) -> float | None:
    try:
        result = solve_assignment(problem, solver=solver)
    except InfeasibleAssignment as error:
        reasons = error.reasons
    else:
        assert_valid(problem, result)
        return result.objective
    assert reasons
    assert all(isinstance(reason, str) and reason for reason in reasons)
    return None


def brute_force(problem: AssignmentProblem) -> float | None:
    """Best objective over every 0-1 matrix, or None when none is feasible."""
    cells = problem.n_proposals * problem.n_reviewers
    best: float | None = None
    pinned = problem.pinned_mask()
    eligible = problem.eligible()
    for bits in itertools.product((False, True), repeat=cells):
        chosen = np.array(bits, dtype=bool).reshape(problem.affinity.shape)
        if np.any(chosen & ~eligible) or np.any(pinned & ~chosen):
            continue
        loads = chosen.sum(axis=0)
        if not (
            np.array_equal(chosen.sum(axis=1), problem.coverage)
            and np.all(loads >= problem.load_min)
            and np.all(loads <= problem.load_max)
        ):
            continue
        value = float(problem.affinity[chosen].sum())
        best = value if best is None else max(best, value)
    return best


@settings(max_examples=150, deadline=None)
@given(instances(max_proposals=3, max_reviewers=3))
def test_flow_matches_brute_force(problem: AssignmentProblem) -> None:
    expected = brute_force(problem)
    event("infeasible" if expected is None else "feasible")
    for solver in ("min_cost_flow", "highs"):
        got = solve_or_none(problem, solver)
        if expected is None:
            assert got is None
        else:
            assert got is not None
            assert abs(got - expected) <= 1e-9 * max(1.0, abs(expected))


@settings(max_examples=200, deadline=None)
@given(instances(max_proposals=9, max_reviewers=7))
def test_flow_matches_highs(problem: AssignmentProblem) -> None:
    exact = solve_or_none(problem, "highs")
    event("infeasible" if exact is None else "feasible")
    flow = solve_or_none(problem, "min_cost_flow")
    if exact is None:
        assert flow is None
    else:
        assert flow is not None
        assert abs(flow - exact) <= 1e-6 * max(abs(exact), 1e-12)
