"""Shared builders and checks for the assignment tests."""

from __future__ import annotations

import numpy as np

from hetao.engines.assignment import AssignmentProblem, AssignmentResult


def problem(
    affinity: list[list[float]] | np.ndarray,
    coverage: list[int] | np.ndarray,
    load_min: list[int] | np.ndarray,
    load_max: list[int] | np.ndarray,
    conflicts: list[list[bool]] | np.ndarray | None = None,
    **kwargs: object,
) -> AssignmentProblem:
    matrix = np.asarray(affinity, dtype=np.float64)
    blocked = np.zeros(matrix.shape, dtype=bool) if conflicts is None else np.asarray(conflicts, dtype=bool)
    return AssignmentProblem(
        affinity=matrix,
        coverage=np.asarray(coverage, dtype=np.int64),
        load_min=np.asarray(load_min, dtype=np.int64),
        load_max=np.asarray(load_max, dtype=np.int64),
        conflicts=blocked,
        **kwargs,  # type: ignore[arg-type]
    )


def assert_valid(case: AssignmentProblem, result: AssignmentResult) -> None:
    chosen = result.assignment
    assert chosen.dtype == np.bool_
    assert chosen.shape == case.affinity.shape
    np.testing.assert_array_equal(chosen.sum(axis=1), case.coverage)
    loads = chosen.sum(axis=0)
    assert np.all(loads >= case.load_min)
    assert np.all(loads <= case.load_max)
    assert not np.any(chosen & case.conflicts)
    for p, r in case.pinned:
        assert chosen[p, r]
    for p, r in case.forbidden:
        assert not chosen[p, r]
    assert result.objective == float(case.affinity[chosen].sum())
    assert result.seconds >= 0
