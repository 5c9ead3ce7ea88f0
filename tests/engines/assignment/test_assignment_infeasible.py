"""Infeasible instances: each gets its own, specific explanation, from both solvers."""

from __future__ import annotations

import numpy as np
import pytest

from hetao.engines.assignment import SOLVERS, InfeasibleAssignment, solve_assignment
from tests.engines.assignment._helpers import problem

SOLVER_NAMES = sorted(SOLVERS)


def reasons_for(case: object, solver: str) -> list[str]:
    with pytest.raises(InfeasibleAssignment) as caught:
        solve_assignment(case, solver=solver)  # type: ignore[arg-type]
    assert str(caught.value).startswith("no assignment exists: ")
    return caught.value.reasons


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_too_few_eligible_reviewers(solver: str) -> None:
    conflicts = np.zeros((43, 5), dtype=bool)
    conflicts[42, 1:] = True
    case = problem(
        np.ones((43, 5)),
        [3] * 43,
        [0] * 5,
        [100] * 5,
        conflicts,
        proposal_ids=[f"P-{i:04d}" for i in range(43)],
    )
    assert reasons_for(case, solver) == ["proposal P-0042 has 1 eligible reviewer; it needs 3"]


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_forbidden_pairs_count_against_eligibility(solver: str) -> None:
    case = problem(np.ones((2, 2)), [2, 1], [0, 0], [2, 2], forbidden=[(0, 0), (0, 1)])
    assert reasons_for(case, solver) == ["proposal #0 has 0 eligible reviewers; it needs 2"]


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_total_capacity(solver: str) -> None:
    case = problem(np.ones((50, 20)), [3] * 50, [0] * 20, [6] * 20)
    assert reasons_for(case, solver) == ["total reviewer capacity 120 is less than the 150 reviews required"]


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_minimum_loads_exceed_reviews(solver: str) -> None:
    case = problem(np.ones((50, 20)), [3] * 50, [10] * 20, [10] * 20)
    assert reasons_for(case, solver) == ["reviewers' minimum loads add up to 200 but only 150 reviews are required"]


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_reviewer_below_minimum_load(solver: str) -> None:
    conflicts = np.array([[True, False], [True, False], [False, False]])
    case = problem(np.ones((3, 2)), [1, 1, 1], [2, 0], [3, 3], conflicts, reviewer_ids=["R-1", "R-2"])
    assert reasons_for(case, solver) == ["reviewer R-1 has 1 eligible proposal; their minimum load is 2"]


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_pinned_pairs_that_cannot_hold(solver: str) -> None:
    conflicts = np.array([[True, False, False], [False, False, False]])
    case = problem(
        np.ones((2, 3)),
        [1, 1],
        [0, 0, 0],
        [1, 1, 1],
        conflicts,
        pinned=[(0, 0), (1, 1), (1, 2), (0, 1)],
        forbidden=[(1, 2)],
    )
    assert reasons_for(case, solver) == [
        "proposal #0 and reviewer #0 are pinned together but have a conflict of interest",
        "proposal #1 and reviewer #2 are both pinned and forbidden",
        "proposal #0 has 2 pinned reviewers but needs only 1",
        "proposal #1 has 2 pinned reviewers but needs only 1",
        "reviewer #1 is pinned to 2 proposals but takes at most 1",
    ]


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_group_of_proposals_sharing_too_few_reviewers(solver: str) -> None:
    conflicts = np.array([[False, False, True], [False, False, True], [False, False, False]])
    case = problem(np.ones((3, 3)), [2, 2, 1], [0, 0, 0], [1, 1, 5], conflicts)
    assert reasons_for(case, solver) == [
        "proposals #0, #1 together still need 4 reviews, but their eligible reviewers (#0, #1) can take at most 2"
        " of them"
    ]


@pytest.mark.parametrize("solver", SOLVER_NAMES)
def test_group_of_reviewers_below_minimum_loads(solver: str) -> None:
    conflicts = np.zeros((3, 5), dtype=bool)
    conflicts[2, :2] = True
    case = problem(np.ones((3, 5)), [1, 1, 3], [2, 2, 0, 0, 0], [2, 2, 5, 5, 5], conflicts)
    assert reasons_for(case, solver) == [
        "reviewers #0, #1 together need 4 more proposals to reach their minimum loads, but their eligible"
        " proposals (#0, #1) can give them at most 2"
    ]
