"""Small hand-checked instances, solved by both the flow and the HiGHS reference."""

from __future__ import annotations

import numpy as np
import pytest

from hetao.engines.assignment import SOLVERS, solve_assignment
from tests.engines.assignment._helpers import assert_valid, problem

AFFINITY = [[0.9, 0.8, 0.1], [0.85, 0.2, 0.3]]
SOLVER_NAMES = sorted(SOLVERS)


def expected(pairs: list[tuple[int, int]]) -> np.ndarray:
    matrix = np.zeros((2, 3), dtype=bool)
    for p, r in pairs:
        matrix[p, r] = True
    return matrix


@pytest.mark.parametrize("solver", SOLVER_NAMES)
@pytest.mark.parametrize(
    ("kwargs", "pairs", "objective"),
    [
        # Greedy would give p0 its best reviewer r0 (0.9 + 0.3); swapping is better (0.8 + 0.85).
        ({}, [(0, 1), (1, 0)], 1.65),
        ({"pinned": [(0, 2)]}, [(0, 2), (1, 0)], 0.95),
        ({"forbidden": [(1, 0)]}, [(0, 0), (1, 2)], 1.2),
        ({"conflicts": [[False, True, False], [False, False, False]]}, [(0, 0), (1, 2)], 1.2),
        ({"load_min": [0, 0, 1]}, [(0, 0), (1, 2)], 1.2),
        ({"coverage": [2, 1]}, [(0, 0), (0, 1), (1, 2)], 2.0),
        ({"coverage": [0, 0], "load_min": [0, 0, 0]}, [], 0.0),
    ],
)
def test_hand_checked(solver: str, kwargs: dict[str, object], pairs: list[tuple[int, int]], objective: float) -> None:
    arguments: dict[str, object] = {"coverage": [1, 1], "load_min": [0, 0, 0], "load_max": [1, 1, 1]}
    arguments.update(kwargs)
    case = problem(AFFINITY, **arguments)  # type: ignore[arg-type]
    result = solve_assignment(case, solver=solver)
    np.testing.assert_array_equal(result.assignment, expected(pairs))
    assert result.objective == pytest.approx(objective, abs=1e-12)
    assert result.solver == solver
    assert_valid(case, result)


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_conflicts_never_used_even_when_best(solver: str) -> None:
    affinity = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.9, 0.1, 0.2]])
    conflicts = np.array([[True, False, False], [True, False, False], [False, False, False]])
    case = problem(affinity, [2, 2, 1], [0, 0, 0], [3, 3, 3], conflicts)
    result = solve_assignment(case, solver=solver)
    assert_valid(case, result)
    assert not result.assignment[:2, 0].any()
    assert result.assignment[2, 0]


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_negative_affinities_and_loads(solver: str) -> None:
    rng = np.random.default_rng(7)
    affinity = rng.normal(size=(12, 6))
    conflicts = rng.random((12, 6)) < 0.15
    conflicts[0, 0] = conflicts[3, 5] = False
    case = problem(affinity, [2] * 12, [3] * 6, [5] * 6, conflicts, pinned=[(0, 0), (3, 5)])
    result = solve_assignment(case, solver=solver)
    assert_valid(case, result)


def test_flow_matches_highs_on_a_medium_instance() -> None:
    rng = np.random.default_rng(3)
    case = problem(rng.random((60, 30)), [3] * 60, [2] * 30, [8] * 30, rng.random((60, 30)) < 0.05)
    flow = solve_assignment(case)
    exact = solve_assignment(case, solver="highs")
    assert_valid(case, flow)
    assert flow.solver == "min_cost_flow"
    assert abs(flow.objective - exact.objective) <= 1e-6 * abs(exact.objective)


def test_unknown_solver_raises() -> None:
    case = problem(AFFINITY, [1, 1], [0, 0, 0], [1, 1, 1])
    with pytest.raises(ValueError, match=r"unknown solver 'gurobi'; choose one of highs, min_cost_flow"):
        solve_assignment(case, solver="gurobi")
