"""The linear case as a minimum-cost flow with lower bounds (OR-Tools ``SimpleMinCostFlow``).

Network: proposal nodes, reviewer nodes and a sink. Conceptually a source sends ``coverage[p]`` to each
proposal over an arc whose lower bound equals its capacity; the standard lower-bound transformation turns each
such arc into a supply of ``coverage[p]`` at the proposal (and a zero-capacity arc, dropped). Every eligible,
unpinned pair is a proposal -> reviewer arc of capacity 1 and cost ``-round(affinity * scale)``; a pinned pair
is an arc with lower bound 1 = capacity, i.e. one unit of supply moved from the proposal to the reviewer.
Reviewer -> sink arcs carry lower bound ``load_min`` and capacity ``load_max``: capacity
``load_max - load_min`` plus ``load_min`` of supply moved from the reviewer to the sink, whose own demand is the
total coverage. Conflicted and forbidden pairs have no arc.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from hetao.engines.assignment._model import AssignmentProblem, BoolMatrix

# Largest scaled |cost|: affinities are kept to about 1e-9 of the largest one, well inside the 1e-6 relative
# gap required, and small enough that OR-Tools' cost scaling cannot overflow (checked below as well).
COST_RESOLUTION = 10**9


def cost_scale(max_abs_affinity: float, n_nodes: int, total_flow: int) -> float:
    """Multiplier turning affinities into integer costs without overflowing int64 inside OR-Tools."""
    if max_abs_affinity == 0.0:
        return 1.0
    limit = min(COST_RESOLUTION, 2**62 // ((n_nodes + 1) * (total_flow + 1)))
    return float(limit) / max_abs_affinity


def solve_min_cost_flow(problem: AssignmentProblem) -> BoolMatrix | None:
    """The optimal assignment, or None when the flow problem is infeasible."""
    n_p, n_r = problem.n_proposals, problem.n_reviewers
    pinned = problem.pinned_mask()
    free = problem.eligible() & ~pinned
    tails, heads = np.nonzero(free)
    weights = problem.affinity[tails, heads]
    sink = n_p + n_r
    required = int(problem.coverage.sum())
    scale = cost_scale(float(np.abs(weights).max(initial=0.0)), n_p + n_r + 1, required)
    costs = -np.rint(weights * scale).astype(np.int64)

    flow = SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), (heads + n_p).astype(np.int32), np.ones(tails.size, dtype=np.int64), costs
    )
    reviewers = np.arange(n_p, n_p + n_r, dtype=np.int32)
    flow.add_arcs_with_capacity_and_unit_cost(
        reviewers,
        np.full(n_r, sink, dtype=np.int32),
        problem.load_max - problem.load_min,
        np.zeros(n_r, dtype=np.int64),
    )
    supplies = np.empty(n_p + n_r + 1, dtype=np.int64)
    supplies[:n_p] = problem.coverage - pinned.sum(axis=1)
    supplies[n_p:sink] = pinned.sum(axis=0) - problem.load_min
    supplies[sink] = int(problem.load_min.sum()) - required
    flow.set_nodes_supplies(np.arange(n_p + n_r + 1, dtype=np.int32), supplies)

    status = flow.solve()
    if status == SimpleMinCostFlow.INFEASIBLE:
        return None
    if status != SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min cost flow ended with status {status!r}")
    used = np.asarray(flow.flows(np.asarray(pair_arcs, dtype=np.int32))) > 0
    assignment = pinned.copy()
    assignment[tails[used], heads[used]] = True
    return assignment
