"""Entry point: pick a solver by name, check the simple necessary conditions, explain any infeasibility."""

from __future__ import annotations

import time
from collections.abc import Callable

from hetao.engines.assignment._diagnose import explain, necessary_condition_failures
from hetao.engines.assignment._flow import solve_min_cost_flow
from hetao.engines.assignment._highs import solve_highs
from hetao.engines.assignment._model import AssignmentProblem, AssignmentResult, BoolMatrix, InfeasibleAssignment

SOLVERS: dict[str, Callable[[AssignmentProblem], BoolMatrix | None]] = {
    "min_cost_flow": solve_min_cost_flow,
    "highs": solve_highs,
}


def solve_assignment(problem: AssignmentProblem, *, solver: str = "min_cost_flow") -> AssignmentResult:
    """Maximise total affinity subject to coverage, loads, conflicts, pinned and forbidden pairs.

    ``solver`` is ``"min_cost_flow"`` (OR-Tools, the default) or ``"highs"`` (an exact integer programme, the
    reference). Raises :class:`InfeasibleAssignment` with the reasons when no assignment exists, and ValueError
    for an unknown solver name.
    """
    try:
        run = SOLVERS[solver]
    except KeyError:
        raise ValueError(f"unknown solver {solver!r}; choose one of {', '.join(sorted(SOLVERS))}") from None
    started = time.perf_counter()
    reasons = necessary_condition_failures(problem)
    if reasons:
        raise InfeasibleAssignment(reasons)
    assignment = run(problem)
    if assignment is None:
        raise InfeasibleAssignment(explain(problem))
    seconds = time.perf_counter() - started
    objective = float(problem.affinity[assignment].sum())
    return AssignmentResult(assignment=assignment, objective=objective, solver=solver, seconds=seconds)
