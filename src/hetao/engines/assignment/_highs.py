"""Reference solver: the same problem as a 0-1 integer programme solved exactly by HiGHS (``scipy.optimize.milp``).

One variable per eligible pair (pinned pairs have lower bound 1); one equality row per proposal (its coverage)
and one ranged row per reviewer (its loads). Slower than the flow, but independent of it.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from hetao.engines.assignment._model import AssignmentProblem, BoolMatrix


def solve_highs(problem: AssignmentProblem) -> BoolMatrix | None:
    """The optimal assignment, or None when HiGHS proves the problem infeasible."""
    n_p, n_r = problem.n_proposals, problem.n_reviewers
    pinned = problem.pinned_mask()
    rows, cols = np.nonzero(problem.eligible())
    n_vars = rows.size
    lower = pinned[rows, cols].astype(np.float64)
    variables = np.arange(n_vars)
    matrix = coo_matrix(
        (np.ones(2 * n_vars), (np.concatenate([rows, n_p + cols]), np.concatenate([variables, variables]))),
        shape=(n_p + n_r, n_vars),
    ).tocsr()
    row_lower = np.concatenate([problem.coverage, problem.load_min]).astype(np.float64)
    row_upper = np.concatenate([problem.coverage, problem.load_max]).astype(np.float64)
    if n_vars == 0:
        feasible = bool(np.all(row_lower <= 0))
        return np.zeros((n_p, n_r), dtype=np.bool_) if feasible else None
    result = milp(
        -problem.affinity[rows, cols],
        constraints=LinearConstraint(matrix, row_lower, row_upper),
        integrality=np.ones(n_vars),
        bounds=Bounds(lower, np.ones(n_vars)),
    )
    if result.status == 2:
        return None
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"HiGHS did not solve the assignment: {result.message}")
    chosen = np.asarray(result.x) > 0.5
    assignment = np.zeros((n_p, n_r), dtype=np.bool_)
    assignment[rows[chosen], cols[chosen]] = True
    return assignment
