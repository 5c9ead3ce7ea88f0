"""The linear case as a minimum-cost flow with lower bounds (OR-Tools ``SimpleMinCostFlow``).

Network: proposal nodes, (when there are group constraints) one node per proposal and reviewer group whose limits
can bind (a group with no minimum and a maximum the other groups' minimums already imply gets none: its pairs leave
the proposal), reviewer nodes and a sink. Conceptually a source sends ``coverage[p]`` to each proposal over an arc
whose lower bound equals its capacity; the standard lower-bound transformation turns each such arc into a supply of
``coverage[p]`` at the proposal. A proposal -> group arc carries the group's bounds ``[group_min, group_max]``
(lower bound again moved into supplies). Every eligible, unpinned pair is an arc of capacity 1 and cost
``-round(affinity * scale)`` from the proposal (or its group node) to the reviewer; a pinned pair is an arc with
lower bound 1 = capacity, i.e. one unit of supply moved from the proposal (through its group) to the reviewer.
Reviewer -> sink arcs carry lower bound ``load_min`` and capacity ``load_max``. Conflicted and forbidden pairs have
no arc. Proposal -> group and group -> reviewer arcs form two laminar families, so the network is exact: the optimum
flow is the optimum assignment.

Large instances are priced out: the flow is first solved on candidate pairs only (the best few reviewers of
each proposal and group, and the best few proposals of each reviewer). Node potentials (shortest-path distances
in the residual network, which has no negative cycle at an optimum) then give every left-out pair a reduced
cost; if none is negative the candidate optimum is optimal for the whole instance (linear-programming duality),
otherwise the violating pairs join the candidates and the flow is solved again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from hetao.engines.assignment._model import AssignmentProblem, BoolMatrix, IntVector

# Largest scaled |cost|: affinities are kept to about 1e-9 of the largest one, well inside the 1e-6 relative
# gap required, and small enough that OR-Tools' cost scaling cannot overflow (checked below as well).
COST_RESOLUTION = 10**9
# Instances with more eligible pairs than this are priced out from candidate pairs.
PRICING_THRESHOLD = 2_000_000
# Candidates per proposal (and group) as a multiple of what it needs, and per reviewer of their maximum load.
CANDIDATE_FACTOR = 8
MAX_PRICING_ROUNDS = 50
# With negative reduced costs about, pairs within this fraction of the largest affinity of negative join too.
NEAR_MARGIN = 0.02

Int32Vector = npt.NDArray[np.int32]
Int32Matrix = npt.NDArray[np.int32]


def cost_scale(max_abs_affinity: float, n_nodes: int, total_flow: int) -> float:
    """Multiplier turning affinities into integer costs without overflowing int64 inside OR-Tools."""
    if max_abs_affinity == 0.0:
        return 1.0
    limit = min(COST_RESOLUTION, 2**62 // ((n_nodes + 1) * (total_flow + 1)))
    return float(limit) / max_abs_affinity


@dataclass
class _Network:
    """Node numbering and the fixed (non-pair) arcs and supplies of one problem."""

    problem: AssignmentProblem
    pinned: BoolMatrix
    n_nodes: int
    sink: int
    reviewer_base: int
    supplies: IntVector
    fixed_tails: Int32Vector
    fixed_heads: Int32Vector
    fixed_caps: IntVector
    # tail_of[p, g]: the node that pairs of proposal p with reviewers of group g leave (None without groups).
    tail_of: Int32Matrix | None = None

    def pair_tail(self, proposals: IntVector, reviewers: IntVector) -> Int32Vector:
        """The node a pair's arc leaves: the proposal, or its group node for the reviewer's group."""
        if self.tail_of is None or self.problem.reviewer_groups is None:
            return proposals.astype(np.int32)
        return self.tail_of[proposals, self.problem.reviewer_groups[reviewers]]

    def group_tails(self, group: int) -> Int32Vector:
        """For every proposal, the node its pairs with reviewers of ``group`` leave."""
        if self.tail_of is None:
            return np.arange(self.problem.n_proposals, dtype=np.int32)
        return self.tail_of[:, group]


def _network(problem: AssignmentProblem) -> _Network | None:
    """The network without pair arcs; None when pinned pairs already break a group bound."""
    n_p, n_r = problem.n_proposals, problem.n_reviewers
    pinned = problem.pinned_mask()
    pin_p = pinned.sum(axis=1)
    pin_r = pinned.sum(axis=0)
    tails: list[Int32Vector] = []
    heads: list[Int32Vector] = []
    caps: list[IntVector] = []
    tail_of = np.zeros((0, 0), dtype=np.int32)
    if problem.reviewer_groups is None or problem.group_min is None or problem.group_max is None:
        reviewer_base = n_p
        group_lower = np.zeros(n_p, dtype=np.int64)
        group_supply = np.zeros(0, dtype=np.int64)
    else:
        n_g = problem.n_groups
        pin_pg = np.zeros((n_p, n_g), dtype=np.int64)
        pinned_p, pinned_r = np.nonzero(pinned)
        np.add.at(pin_pg, (pinned_p, problem.reviewer_groups[pinned_r]), 1)
        upper = problem.group_max - pin_pg
        if (upper < 0).any():
            return None
        lower = np.maximum(problem.group_min - pin_pg, 0)
        # A group whose bounds cannot bind gets no node: its pairs leave the proposal itself. It has no minimum,
        # and its maximum is at least what the proposal still needs less the other groups' minimums (which
        # their own nodes enforce). Fewer nodes make the flow markedly faster.
        room = (problem.coverage - pin_p)[:, None] - (lower.sum(axis=1)[:, None] - lower)
        binding = (lower > 0) | (upper < room)
        bound_p, bound_g = np.nonzero(binding)
        tail_of = np.repeat(np.arange(n_p, dtype=np.int32)[:, None], n_g, axis=1)
        tail_of[bound_p, bound_g] = np.arange(n_p, n_p + bound_p.size, dtype=np.int32)
        reviewer_base = n_p + bound_p.size
        tails.append(bound_p.astype(np.int32))
        heads.append(tail_of[bound_p, bound_g])
        caps.append((upper - lower)[bound_p, bound_g])
        group_lower = lower.sum(axis=1)
        group_supply = lower[bound_p, bound_g]
    sink = reviewer_base + n_r
    reviewers = np.arange(reviewer_base, sink, dtype=np.int32)
    tails.append(reviewers)
    heads.append(np.full(n_r, sink, dtype=np.int32))
    caps.append(problem.load_max - problem.load_min)
    supplies = np.empty(sink + 1, dtype=np.int64)
    supplies[:n_p] = problem.coverage - pin_p - group_lower
    supplies[n_p:reviewer_base] = group_supply
    supplies[reviewer_base:sink] = pin_r - problem.load_min
    supplies[sink] = int(problem.load_min.sum()) - int(problem.coverage.sum())
    return _Network(
        problem=problem,
        pinned=pinned,
        n_nodes=sink + 1,
        sink=sink,
        reviewer_base=reviewer_base,
        supplies=supplies,
        fixed_tails=np.concatenate(tails),
        fixed_heads=np.concatenate(heads),
        fixed_caps=np.concatenate(caps).astype(np.int64),
        tail_of=None if problem.reviewer_groups is None else tail_of,
    )


@dataclass
class _FlowSolution:
    used: npt.NDArray[np.bool_]  # per candidate pair
    fixed_flows: IntVector  # per fixed arc


def _solve_on(network: _Network, tails: Int32Vector, heads: Int32Vector, costs: IntVector) -> _FlowSolution | None:
    flow = SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, np.ones(tails.size, dtype=np.int64), costs)
    fixed_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        network.fixed_tails, network.fixed_heads, network.fixed_caps, np.zeros(network.fixed_tails.size, np.int64)
    )
    flow.set_nodes_supplies(np.arange(network.n_nodes, dtype=np.int32), network.supplies)
    status = flow.solve()
    if status == SimpleMinCostFlow.INFEASIBLE:
        return None
    if status != SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min cost flow ended with status {status!r}")
    used = np.asarray(flow.flows(np.asarray(pair_arcs, dtype=np.int32))) > 0
    fixed_flows = np.asarray(flow.flows(np.asarray(fixed_arcs, dtype=np.int32)), dtype=np.int64)
    return _FlowSolution(used=used, fixed_flows=fixed_flows)


def _potentials(
    network: _Network,
    tails: Int32Vector,
    heads: Int32Vector,
    costs: IntVector,
    solution: _FlowSolution,
    *,
    start: IntVector | None = None,
) -> IntVector:
    """Node potentials under which no residual arc of an optimal flow has a negative reduced cost.

    Bellman-Ford, vectorised: arcs sorted by head once, each round relaxes them all with one ``reduceat``. It may
    start from any vector (here the previous pricing round's potentials, which are nearly right): without a
    negative cycle, which an optimal flow does not leave, the relaxation ends at a feasible potential.
    """
    fixed_costs = np.zeros(network.fixed_tails.size, dtype=np.int64)
    forward = ~solution.used
    fixed_forward = solution.fixed_flows < network.fixed_caps
    fixed_backward = solution.fixed_flows > 0
    arc_tails = np.concatenate(
        [tails[forward], heads[~forward], network.fixed_tails[fixed_forward], network.fixed_heads[fixed_backward]]
    )
    arc_heads = np.concatenate(
        [heads[forward], tails[~forward], network.fixed_heads[fixed_forward], network.fixed_tails[fixed_backward]]
    )
    arc_costs = np.concatenate(
        [costs[forward], -costs[~forward], fixed_costs[fixed_forward], -fixed_costs[fixed_backward]]
    )
    by_head = np.argsort(arc_heads, kind="stable")
    arc_tails, arc_heads, arc_costs = arc_tails[by_head], arc_heads[by_head], arc_costs[by_head]
    targets, segments = np.unique(arc_heads, return_index=True)
    distance = np.zeros(network.n_nodes, dtype=np.int64) if start is None else start.copy()
    for _ in range(network.n_nodes + 1):
        best = np.minimum.reduceat(distance[arc_tails] + arc_costs, segments)
        improved = best < distance[targets]
        if not improved.any():
            return distance
        distance[targets[improved]] = best[improved]
    raise RuntimeError("negative cycle in the residual network of an optimal flow")


_CHUNK_ROWS = 256


def _row_chunks(n_rows: int) -> list[slice]:
    return [slice(start, min(start + _CHUNK_ROWS, n_rows)) for start in range(0, n_rows, _CHUNK_ROWS)]


def _lowest_per_row(costs: npt.NDArray[np.float64], counts: IntVector) -> BoolMatrix:
    """For each row, its ``counts[row]`` columns of lowest finite cost (``inf`` marks a pair that may not be used)."""
    n_rows, n_cols = costs.shape
    chosen = np.zeros((n_rows, n_cols), dtype=np.bool_)
    k = int(min(counts.max(initial=0), n_cols))
    if k == 0:
        return chosen
    top = np.argpartition(costs, k - 1, axis=1)[:, :k] if k < n_cols else np.tile(np.arange(n_cols), (n_rows, 1))
    values = np.take_along_axis(costs, top, axis=1)
    if counts.min(initial=k) < k:  # rows wanting fewer than k keep their best: order the k by cost
        order = np.argsort(values, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        values = np.take_along_axis(values, order, axis=1)
    keep = (np.arange(k)[None, :] < counts[:, None]) & np.isfinite(values)
    rows = np.broadcast_to(np.arange(n_rows)[:, None], top.shape)
    chosen[rows[keep], top[keep]] = True
    return chosen


@dataclass
class _Pricing:
    """Dense data for pricing, with reviewers reordered so that each group is a contiguous block of columns.

    ``cost`` holds the integer arc costs (as float64, exact below 2**53) in that column order, ``inf`` for pairs
    that may not be used; ``blocks`` are the column ranges of the groups (one block without groups).
    """

    order: IntVector
    blocks: list[tuple[int, int]]
    cost: npt.NDArray[np.float64]
    free: BoolMatrix

    @classmethod
    def build(cls, problem: AssignmentProblem, free: BoolMatrix, scale: float) -> _Pricing:
        n_r = problem.n_reviewers
        if problem.reviewer_groups is None:
            order = np.arange(n_r, dtype=np.int64)
            blocks = [(0, n_r)]
        else:
            order = np.argsort(problem.reviewer_groups, kind="stable").astype(np.int64)
            bounds = np.searchsorted(problem.reviewer_groups[order], np.arange(problem.n_groups + 1))
            blocks = [(int(bounds[g]), int(bounds[g + 1])) for g in range(problem.n_groups)]
        free = free[:, order]
        cost = np.empty(problem.affinity.shape, dtype=np.float64)
        for rows in _row_chunks(problem.n_proposals):
            chunk = cost[rows]
            np.take(problem.affinity[rows], order, axis=1, out=chunk)
            chunk *= -scale
            np.rint(chunk, out=chunk)
            np.copyto(chunk, np.inf, where=~free[rows])
        return cls(order=order, blocks=blocks, cost=cost, free=free)

    def candidates(self, problem: AssignmentProblem, factor: int) -> BoolMatrix:
        """Each proposal's best reviewers in every group, and each reviewer's best proposals (permuted columns):
        ``factor`` times what the proposal needs and the reviewer's maximum load."""
        chosen = np.zeros(self.free.shape, dtype=np.bool_)
        per_proposal = factor * np.maximum(problem.coverage, 1)
        for first, last in self.blocks:
            chosen[:, first:last] = _lowest_per_row(self.cost[:, first:last], per_proposal)
        # Reviewers that few proposals chose get their own best proposals, so that minimum loads can be met.
        load_min = problem.load_min[self.order]
        needy = np.flatnonzero(chosen.sum(axis=0) < factor * np.maximum(load_min, 1))
        if needy.size:
            per_reviewer = factor * np.maximum(problem.load_max[self.order][needy], 1)
            chosen[:, needy] |= _lowest_per_row(np.ascontiguousarray(self.cost[:, needy].T), per_reviewer).T
        return chosen

    def add_violators(
        self,
        problem: AssignmentProblem,
        network: _Network,
        candidates: BoolMatrix,
        distance: IntVector,
        margin: float,
    ) -> bool:
        """Add to ``candidates`` every left-out pair whose arc has a negative reduced cost; say if there was one.

        When there is one, the pairs whose reduced cost is nearly negative (below ``margin``) join as well: they
        are the ones the next potentials are likely to turn negative, and taking them now saves solves.
        """
        n_p = problem.n_proposals
        reviewer_distance = distance[network.reviewer_base + self.order].astype(np.float64)
        found = False
        close = np.zeros(self.cost.shape, dtype=np.bool_)
        for group, (first, last) in enumerate(self.blocks):
            tail_distance = distance[network.group_tails(group)].astype(np.float64)
            # Row chunks keep the temporaries in cache: several times faster than whole-matrix arithmetic.
            buffer = np.empty((_CHUNK_ROWS, last - first), dtype=np.float64)
            for rows in _row_chunks(n_p):
                reduced = buffer[: rows.stop - rows.start]
                np.add(self.cost[rows, first:last], tail_distance[rows, None], out=reduced)
                reduced -= reviewer_distance[None, first:last]
                near = close[rows, first:last]
                np.less(reduced, margin, out=near)  # never where the cost is inf: such pairs may not be used
                near &= ~candidates[rows, first:last]
                if not found and near.any():
                    found = bool((reduced[near] < 0).any())
        if found:
            candidates |= close
        return found


def solve_min_cost_flow(problem: AssignmentProblem) -> BoolMatrix | None:
    """The optimal assignment, or None when the flow problem is infeasible."""
    network = _network(problem)
    if network is None:
        return None
    free = problem.eligible() & ~network.pinned
    required = int(problem.coverage.sum())
    max_affinity = float(np.abs(problem.affinity).max(initial=0.0))
    scale = cost_scale(max_affinity, network.n_nodes, required)

    def arcs(proposals: IntVector, reviewers: IntVector) -> tuple[Int32Vector, Int32Vector, IntVector]:
        costs = -np.rint(problem.affinity[proposals, reviewers] * scale).astype(np.int64)
        heads = (reviewers + network.reviewer_base).astype(np.int32)
        return network.pair_tail(proposals, reviewers), heads, costs

    if np.count_nonzero(free) <= PRICING_THRESHOLD:
        all_tails, all_heads = np.nonzero(free)
        tails, heads, costs = arcs(all_tails, all_heads)
        solution = _solve_on(network, tails, heads, costs)
        if solution is None:
            return None
        return _assignment(network, all_tails[solution.used], all_heads[solution.used])

    pricing = _Pricing.build(problem, free, scale)
    factor = CANDIDATE_FACTOR
    candidates = pricing.candidates(problem, factor)
    distance: IntVector | None = None
    for _ in range(MAX_PRICING_ROUNDS):
        cand_p, cand_columns = np.nonzero(candidates)
        cand_r = pricing.order[cand_columns]
        tails, heads, costs = arcs(cand_p, cand_r)
        solution = _solve_on(network, tails, heads, costs)
        if solution is None:
            # The candidates may be too few to be feasible: widen them, up to every eligible pair, which decides.
            if np.array_equal(candidates, pricing.free):
                return None
            factor *= 2
            candidates |= pricing.candidates(problem, factor)
            distance = None
            continue
        distance = _potentials(network, tails, heads, costs, solution, start=distance)
        if not pricing.add_violators(problem, network, candidates, distance, NEAR_MARGIN * scale * max_affinity):
            return _assignment(network, cand_p[solution.used], cand_r[solution.used])
    raise RuntimeError(f"pricing did not converge in {MAX_PRICING_ROUNDS} rounds")


def _assignment(network: _Network, proposals: IntVector, reviewers: IntVector) -> BoolMatrix:
    assignment = network.pinned.copy()
    assignment[proposals, reviewers] = True
    return assignment
