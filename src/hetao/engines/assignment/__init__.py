"""Reviewer assignment: maximise total affinity under coverage, load bounds, conflicts, pinned and forbidden pairs.

The framework-free core. :func:`solve_assignment` solves the linear case exactly as a minimum-cost flow with
lower bounds (OR-Tools), or with HiGHS as a reference; when no assignment exists it raises
:class:`InfeasibleAssignment` whose ``reasons`` name the proposals, reviewers or totals at fault.
"""

from hetao.engines.assignment._model import AssignmentProblem, AssignmentResult, InfeasibleAssignment
from hetao.engines.assignment._solve import SOLVERS, solve_assignment

__all__ = ["SOLVERS", "AssignmentProblem", "AssignmentResult", "InfeasibleAssignment", "solve_assignment"]
