"""Boundary checks: each bad argument is named, with the offending index."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hetao.engines.assignment import AssignmentProblem, InfeasibleAssignment


def arguments(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "affinity": np.ones((3, 2)),
        "coverage": np.array([1, 1, 1]),
        "load_min": np.array([0, 0]),
        "load_max": np.array([2, 2]),
        "conflicts": np.zeros((3, 2), dtype=bool),
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"affinity": [[1.0, 2.0]]}, r"affinity must be a numpy array, got list"),
        ({"affinity": np.ones(3)}, r"affinity must be two-dimensional \(proposals x reviewers\), got shape \(3,\)"),
        ({"affinity": np.ones((3, 2), dtype=np.int64)}, r"affinity must have a floating dtype, got int64"),
        ({"affinity": np.array([[1.0, 1.0], [1.0, np.nan], [1.0, 1.0]])}, r"affinity\[1, 1\] is nan"),
        ({"conflicts": np.zeros((3, 2))}, r"conflicts must have dtype bool, got float64"),
        ({"conflicts": np.zeros((2, 3), dtype=bool)}, r"conflicts has shape \(2, 3\), expected \(3, 2\)"),
        ({"coverage": np.array([1.0, 1.0, 1.0])}, r"coverage must have an integer dtype, got float64"),
        ({"coverage": np.array([1, 1])}, r"coverage has length 2, expected 3 \(one per proposal\)"),
        ({"coverage": np.array([[1, 1, 1]])}, r"coverage must be one-dimensional, got shape \(1, 3\)"),
        ({"coverage": np.array([1, -1, 1])}, r"coverage\[1\] is -1; it must not be negative"),
        ({"load_min": np.array([0, -2])}, r"load_min\[1\] is -2; it must not be negative"),
        ({"load_max": np.array([2, 2, 2])}, r"load_max has length 3, expected 2 \(one per reviewer\)"),
        ({"load_min": np.array([0, 3])}, r"load_min\[1\] = 3 exceeds load_max\[1\] = 2"),
        ({"pinned": [(0, 2)]}, r"pinned\[0\] has reviewer index 2, outside 0..1"),
        ({"forbidden": [(0, 0), (-1, 0)]}, r"forbidden\[1\] has proposal index -1, outside 0..2"),
        ({"forbidden": [(0, 1.0)]}, r"forbidden\[0\] has a non-integer reviewer index 1.0"),
        ({"pinned": [(0, 1, 2)]}, r"pinned\[0\] must be a \(proposal, reviewer\) pair"),
        ({"proposal_ids": ["a", "b"]}, r"proposal_ids has 2 entries, expected 3"),
        ({"reviewer_ids": ["a", 2]}, r"reviewer_ids\[1\] must be a str, got int"),
    ],
)
def test_bad_arguments(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AssignmentProblem(**arguments(**changes))


def test_arrays_are_normalised_and_pairs_deduplicated() -> None:
    problem = AssignmentProblem(
        **arguments(
            affinity=np.ones((3, 2), dtype=np.float32),
            coverage=np.array([1, 1, 1], dtype=np.int8),
            pinned=[(0, 1), (np.int64(0), 1)],
        )
    )
    assert problem.affinity.dtype == np.float64
    assert problem.coverage.dtype == np.int64
    assert problem.pinned == ((0, 1),)


def test_infeasible_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="at least one reason"):
        InfeasibleAssignment([])
