"""Entry point: pick a solver and mode, check the simple necessary conditions, explain any infeasibility."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from hetao.engines.assignment._diagnose import explain, necessary_condition_failures
from hetao.engines.assignment._flow import solve_min_cost_flow
from hetao.engines.assignment._highs import solve_fair, solve_highs
from hetao.engines.assignment._model import AssignmentProblem, AssignmentResult, BoolMatrix, InfeasibleAssignment

SOLVERS: dict[str, Callable[[AssignmentProblem], BoolMatrix | None]] = {
    "min_cost_flow": solve_min_cost_flow,
    "highs": solve_highs,
}
MODES = ("total", "fair")


def solve_assignment(
    problem: AssignmentProblem,
    *,
    solver: str = "min_cost_flow",
    mode: str = "total",
    time_limit: float | None = None,
) -> AssignmentResult:
    """The best assignment subject to coverage, loads, conflicts, pinned and forbidden pairs and group limits.

    ``mode="total"`` maximises total affinity; ``solver`` is ``"min_cost_flow"`` (OR-Tools, the default) or
    ``"highs"`` (an exact integer programme, the reference). ``mode="fair"`` first maximises the lowest total
    affinity any proposal gets, then the total; it is an integer programme, solved by HiGHS whatever ``solver``
    says, and NP-hard in general: ``time_limit`` (seconds per stage) bounds it, and ``proven_optimal`` in the
    result says whether the answer is proven optimal. Raises :class:`InfeasibleAssignment` with the reasons when
    no assignment exists, and ValueError for an unknown solver or mode.
    """
    try:
        run = SOLVERS[solver]
    except KeyError:
        raise ValueError(f"unknown solver {solver!r}; choose one of {', '.join(sorted(SOLVERS))}") from None
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    started = time.perf_counter()
    reasons = necessary_condition_failures(problem)
    if reasons:
        raise InfeasibleAssignment(reasons)
    proven, bound = True, None
    if mode == "fair":
        solver = "highs"
        base = solve_min_cost_flow(problem)
        fair = None if base is None else solve_fair(problem, time_limit=time_limit, total_optimum=base)
        assignment = None if fair is None else fair.assignment
        if fair is not None:
            proven, bound = fair.proven, fair.worst_bound
    else:
        assignment = run(problem)
    if assignment is None:
        raise InfeasibleAssignment(explain(problem))
    seconds = time.perf_counter() - started
    chosen = np.where(assignment, problem.affinity, 0.0)
    per_proposal = chosen.sum(axis=1)
    return AssignmentResult(
        assignment=assignment,
        objective=float(problem.affinity[assignment].sum()),
        worst_proposal_affinity=float(per_proposal.min()) if problem.n_proposals else 0.0,
        solver=solver,
        mode=mode,
        seconds=seconds,
        proven_optimal=proven,
        worst_bound=bound,
    )
