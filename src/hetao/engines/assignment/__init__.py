"""Reviewer assignment: the best assignment under coverage, load bounds, conflicts, pinned and forbidden pairs and
per-proposal group limits (e.g. at least one reviewer from outside both parks).

The framework-free core. :func:`solve_assignment` solves the linear case exactly as a minimum-cost flow with
lower bounds (OR-Tools), or with HiGHS as a reference; the fairness mode (best worst-served proposal, then total)
as two integer programmes. When no assignment exists it raises :class:`InfeasibleAssignment`, whose ``details``
(:class:`Reason`) name the proposals, reviewers, groups or totals at fault.
"""

from hetao.engines.assignment._model import AssignmentProblem, AssignmentResult, InfeasibleAssignment, Reason
from hetao.engines.assignment._solve import MODES, SOLVERS, solve_assignment

__all__ = [
    "MODES",
    "SOLVERS",
    "AssignmentProblem",
    "AssignmentResult",
    "InfeasibleAssignment",
    "Reason",
    "solve_assignment",
]
