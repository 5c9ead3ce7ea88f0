"""Integer programmes solved exactly by HiGHS (``scipy.optimize.milp``): the reference for the linear case, and
the fairness mode.

One variable per eligible pair (pinned pairs have lower bound 1); one equality row per proposal (its coverage),
one ranged row per reviewer (its loads) and, with group constraints, one ranged row per proposal and group.
The fairness mode adds a variable ``t`` for the lowest total affinity any proposal gets: it first maximises
``t``, then, with every proposal held at or above that value, the total.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp
from scipy.sparse import coo_matrix, csr_matrix, hstack, vstack

from hetao.engines.assignment._model import AssignmentProblem, BoolMatrix

FloatVector = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
# Fairness stage 2 keeps every proposal within this relative distance of the best lowest total found in stage 1,
# so that rounding in the solver cannot make stage 2 infeasible.
FAIRNESS_TOLERANCE = 1e-9


@dataclass
class _Programme:
    rows: IntArray  # proposal of each variable
    cols: IntArray  # reviewer of each variable
    matrix: csr_matrix
    row_lower: FloatVector
    row_upper: FloatVector
    lower: FloatVector  # variable lower bounds

    @property
    def n_vars(self) -> int:
        return int(self.rows.size)


def _programme(problem: AssignmentProblem) -> _Programme:
    n_p, n_r = problem.n_proposals, problem.n_reviewers
    pinned = problem.pinned_mask()
    rows, cols = np.nonzero(problem.eligible())
    n_vars = rows.size
    variables = np.arange(n_vars)
    row_index = [rows, n_p + cols]
    row_lower = [problem.coverage, problem.load_min]
    row_upper = [problem.coverage, problem.load_max]
    n_rows = n_p + n_r
    if problem.reviewer_groups is not None and problem.group_min is not None and problem.group_max is not None:
        n_g = problem.n_groups
        row_index.append(n_rows + rows * n_g + problem.reviewer_groups[cols])
        row_lower.append(problem.group_min.ravel())
        row_upper.append(problem.group_max.ravel())
        n_rows += n_p * n_g
    matrix = coo_matrix(
        (np.ones(len(row_index) * n_vars), (np.concatenate(row_index), np.tile(variables, len(row_index)))),
        shape=(n_rows, n_vars),
    ).tocsr()
    return _Programme(
        rows=rows.astype(np.int64),
        cols=cols.astype(np.int64),
        matrix=matrix,
        row_lower=np.concatenate(row_lower).astype(np.float64),
        row_upper=np.concatenate(row_upper).astype(np.float64),
        lower=pinned[rows, cols].astype(np.float64),
    )


def _chosen(problem: AssignmentProblem, programme: _Programme, x: FloatVector) -> BoolMatrix:
    chosen = np.asarray(x[: programme.n_vars]) > 0.5
    assignment = np.zeros((problem.n_proposals, problem.n_reviewers), dtype=np.bool_)
    assignment[programme.rows[chosen], programme.cols[chosen]] = True
    return assignment


def _run(*args: object, time_limit: float | None = None, **kwargs: object) -> OptimizeResult | None:
    """HiGHS's answer, or None when it proves the programme infeasible. With a time limit, the best solution
    found when time runs out is returned (``result.status == 1``); without one it must be optimal."""
    options: dict[str, float] = {"mip_rel_gap": 0.0}
    if time_limit is not None:
        options["time_limit"] = time_limit
    result = milp(*args, **kwargs, options=options)
    if result.status == 2:
        return None
    if result.x is None or result.status not in {0, 1}:
        raise RuntimeError(f"HiGHS did not solve the assignment: {result.message}")
    return result


def _empty(problem: AssignmentProblem, programme: _Programme) -> BoolMatrix | None:
    feasible = bool(np.all(programme.row_lower <= 0))
    return np.zeros((problem.n_proposals, problem.n_reviewers), dtype=np.bool_) if feasible else None


def solve_highs(problem: AssignmentProblem) -> BoolMatrix | None:
    """The assignment of greatest total affinity, or None when HiGHS proves the problem infeasible."""
    programme = _programme(problem)
    if programme.n_vars == 0:
        return _empty(problem, programme)
    result = _run(
        -problem.affinity[programme.rows, programme.cols],
        constraints=LinearConstraint(programme.matrix, programme.row_lower, programme.row_upper),
        integrality=np.ones(programme.n_vars),
        bounds=Bounds(programme.lower, np.ones(programme.n_vars)),
    )
    return None if result is None else _chosen(problem, programme, result.x)


@dataclass
class FairSolution:
    """The fairness mode's assignment; ``proven`` False when a time limit cut a stage short (the assignment is
    then the best found, and ``worst_bound`` is the proven upper bound on the lowest total)."""

    assignment: BoolMatrix
    proven: bool
    worst_bound: float | None


def solve_fair(
    problem: AssignmentProblem, *, time_limit: float | None = None, total_optimum: BoolMatrix | None = None
) -> FairSolution | None:
    """Lexicographic: the greatest lowest total affinity any proposal gets, then the greatest total.

    Max-min assignment is NP-hard in general; ``time_limit`` (seconds, per stage) bounds the work, and the
    answer then says whether it is proven optimal. ``total_optimum``, an assignment of greatest total affinity
    (from the flow), speeds both stages up: its lowest total is a lower bound for the first, and when it already
    reaches the first stage's value it is the answer of the second.
    """
    programme = _programme(problem)
    if programme.n_vars == 0:
        empty = _empty(problem, programme)
        return None if empty is None else FairSolution(empty, proven=True, worst_bound=None)
    n_p, n_vars = problem.n_proposals, programme.n_vars
    weights = problem.affinity[programme.rows, programme.cols]
    # Row p: sum of its affinities - t >= 0 (stage 1) or >= floor (stage 2).
    per_proposal = coo_matrix((weights, (programme.rows, np.arange(n_vars))), shape=(n_p, n_vars)).tocsr()
    low = float(min(0.0, weights.min(initial=0.0)) * problem.coverage.max(initial=0))
    base_worst: float | None = None
    if total_optimum is not None:
        base_worst = float(np.where(total_optimum, problem.affinity, 0.0).sum(axis=1).min(initial=np.inf))
        low = max(low, base_worst) if np.isfinite(base_worst) else low
    high = float(max(0.0, weights.max(initial=0.0)) * problem.coverage.max(initial=0))
    stage1_matrix = vstack(
        [
            hstack([programme.matrix, csr_matrix((programme.matrix.shape[0], 1))]),
            hstack([per_proposal, csr_matrix(-np.ones((n_p, 1)))]),
        ]
    ).tocsr()
    stage1 = _run(
        np.concatenate([np.zeros(n_vars), [-1.0]]),
        constraints=LinearConstraint(
            stage1_matrix,
            np.concatenate([programme.row_lower, np.zeros(n_p)]),
            np.concatenate([programme.row_upper, np.full(n_p, np.inf)]),
        ),
        integrality=np.concatenate([np.ones(n_vars), [0]]),
        bounds=Bounds(np.concatenate([programme.lower, [low]]), np.concatenate([np.ones(n_vars), [high]])),
        time_limit=time_limit,
    )
    if stage1 is None:
        return None
    proven = stage1.status == 0
    bound = -float(stage1.mip_dual_bound) if getattr(stage1, "mip_dual_bound", None) is not None else None
    floor = float(stage1.x[-1])
    floor -= FAIRNESS_TOLERANCE * max(1.0, abs(floor))
    if total_optimum is not None and base_worst is not None and base_worst >= floor:
        # The greatest total already gives every proposal the best lowest total: nothing to trade.
        return FairSolution(total_optimum, proven=proven, worst_bound=bound)
    stage2 = _run(
        -weights,
        constraints=[
            LinearConstraint(programme.matrix, programme.row_lower, programme.row_upper),
            LinearConstraint(per_proposal, np.full(n_p, floor), np.full(n_p, np.inf)),
        ],
        integrality=np.ones(n_vars),
        bounds=Bounds(programme.lower, np.ones(n_vars)),
        time_limit=time_limit,
    )
    if stage2 is None:
        raise RuntimeError("the fairness mode's second stage lost the first stage's solution")
    return FairSolution(_chosen(problem, programme, stage2.x), proven=proven and stage2.status == 0, worst_bound=bound)
