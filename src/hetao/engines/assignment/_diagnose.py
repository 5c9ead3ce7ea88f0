"""Why no assignment exists: simple necessary conditions first, then Hall-type cuts found by max flow."""

from __future__ import annotations

import numpy as np
from ortools.graph.python.max_flow import SimpleMaxFlow

from hetao.engines.assignment._model import AssignmentProblem, BoolMatrix, IntVector, Reason

_MAX_NAMED = 10


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _names(names: list[str]) -> str:
    if len(names) <= _MAX_NAMED:
        return ", ".join(names)
    return ", ".join(names[:_MAX_NAMED]) + f" and {len(names) - _MAX_NAMED} more"


def necessary_condition_failures(problem: AssignmentProblem) -> list[Reason]:
    """Every simple necessary condition that fails, one reason each (empty when all hold)."""
    reasons: list[Reason] = []
    eligible = problem.eligible()
    forbidden = set(problem.forbidden)
    pinned_p = np.array([p for p, _ in problem.pinned], dtype=np.int64)
    pinned_r = np.array([r for _, r in problem.pinned], dtype=np.int64)
    for pin_p, pin_r in problem.pinned:
        pair = f"proposal {problem.proposal_name(pin_p)} and reviewer {problem.reviewer_name(pin_r)}"
        if problem.conflicts[pin_p, pin_r]:
            message = f"{pair} are pinned together but have a conflict of interest"
            reasons.append(Reason("pinned_conflict", message, (pin_p,), (pin_r,)))
        if (pin_p, pin_r) in forbidden:
            reasons.append(Reason("pinned_forbidden", f"{pair} are both pinned and forbidden", (pin_p,), (pin_r,)))
    pinned_per_proposal = np.bincount(pinned_p, minlength=problem.n_proposals)
    pinned_per_reviewer = np.bincount(pinned_r, minlength=problem.n_reviewers)
    for p in np.flatnonzero(pinned_per_proposal > problem.coverage):
        have, need = int(pinned_per_proposal[p]), int(problem.coverage[p])
        message = (
            f"proposal {problem.proposal_name(int(p))} has {_plural(have, 'pinned reviewer')} but needs only {need}"
        )
        reasons.append(Reason("proposal_pinned_over", message, (int(p),), have=have, need=need))
    for r in np.flatnonzero(pinned_per_reviewer > problem.load_max):
        have, need = int(pinned_per_reviewer[r]), int(problem.load_max[r])
        message = (
            f"reviewer {problem.reviewer_name(int(r))} is pinned to {_plural(have, 'proposal')}"
            f" but takes at most {need}"
        )
        reasons.append(Reason("reviewer_pinned_over", message, reviewers=(int(r),), have=have, need=need))
    # count_nonzero along an axis is several times faster than sum() on a large boolean matrix.
    per_proposal = np.count_nonzero(eligible, axis=1)
    for p in np.flatnonzero(per_proposal < problem.coverage):
        have, need = int(per_proposal[p]), int(problem.coverage[p])
        message = f"proposal {problem.proposal_name(int(p))} has {_plural(have, 'eligible reviewer')}; it needs {need}"
        reasons.append(Reason("proposal_short", message, (int(p),), have=have, need=need))
    per_reviewer = np.count_nonzero(eligible, axis=0)
    for r in np.flatnonzero(per_reviewer < problem.load_min):
        have, need = int(per_reviewer[r]), int(problem.load_min[r])
        message = (
            f"reviewer {problem.reviewer_name(int(r))} has {_plural(have, 'eligible proposal')};"
            f" their minimum load is {need}"
        )
        reasons.append(Reason("reviewer_short_min", message, reviewers=(int(r),), have=have, need=need))
    required = int(problem.coverage.sum())
    capacity = int(problem.load_max.sum())
    minimum = int(problem.load_min.sum())
    if capacity < required:
        message = f"total reviewer capacity {capacity} is less than the {required} reviews required"
        reasons.append(Reason("capacity_short", message, have=capacity, need=required))
    if minimum > required:
        message = f"reviewers' minimum loads add up to {minimum} but only {required} reviews are required"
        reasons.append(Reason("minimum_excess", message, have=required, need=minimum))
    reasons.extend(group_failures(problem, eligible, per_proposal, pinned_p, pinned_r))
    return reasons


def group_failures(
    problem: AssignmentProblem, eligible: BoolMatrix, per_proposal: IntVector, pinned_p: IntVector, pinned_r: IntVector
) -> list[Reason]:
    """Per proposal: groups with too few eligible reviewers, limits that cap coverage, minimums over coverage.

    ``per_proposal`` counts each proposal's eligible reviewers; ``pinned_p`` and ``pinned_r`` are the pinned pairs.
    """
    if problem.reviewer_groups is None or problem.group_min is None or problem.group_max is None:
        return []
    reasons: list[Reason] = []
    n_g = problem.n_groups
    per_group = np.zeros((problem.n_proposals, n_g), dtype=np.int64)
    for g in range(n_g):
        per_group[:, g] = np.count_nonzero(eligible[:, problem.reviewer_groups == g], axis=1)
    pinned_per_group = np.zeros((problem.n_proposals, n_g), dtype=np.int64)
    np.add.at(pinned_per_group, (pinned_p, problem.reviewer_groups[pinned_r]), 1)
    for p, g in ((int(a), int(b)) for a, b in np.argwhere(per_group < problem.group_min)):
        have, need = int(per_group[p, g]), int(problem.group_min[p, g])
        message = (
            f"proposal {problem.proposal_name(p)} has {_plural(have, 'eligible reviewer')}"
            f" {problem.group_name(g)}; it needs {need}"
        )
        reasons.append(Reason("group_short", message, (p,), group=g, have=have, need=need))
    for p, g in ((int(a), int(b)) for a, b in np.argwhere(pinned_per_group > problem.group_max)):
        have, need = int(pinned_per_group[p, g]), int(problem.group_max[p, g])
        message = (
            f"proposal {problem.proposal_name(p)} has {_plural(have, 'pinned reviewer')} {problem.group_name(g)}"
            f" but may have at most {need}"
        )
        reasons.append(Reason("group_pinned_over", message, (p,), group=g, have=have, need=need))
    reachable = np.minimum(per_group, problem.group_max).sum(axis=1)
    coverage_ok = per_proposal >= problem.coverage
    for q in np.flatnonzero((reachable < problem.coverage) & coverage_ok):
        p = int(q)
        have, need = int(reachable[p]), int(problem.coverage[p])
        message = (
            f"proposal {problem.proposal_name(int(p))} can get at most {_plural(have, 'reviewer')} within its group"
            f" limits; it needs {need}"
        )
        reasons.append(Reason("group_cap_short", message, (int(p),), have=have, need=need))
    minimums = problem.group_min.sum(axis=1)
    for q in np.flatnonzero(minimums > problem.coverage):
        p = int(q)
        have, need = int(problem.coverage[p]), int(minimums[p])
        message = (
            f"proposal {problem.proposal_name(int(p))} must have {need} reviewers by its group minimums"
            f" but takes only {have}"
        )
        reasons.append(Reason("group_min_over", message, (int(p),), have=have, need=need))
    return reasons


def _hall_cut(demand: IntVector, room: IntVector, edges: BoolMatrix) -> tuple[list[int], list[int], int, int] | None:
    """Max flow from left nodes (each wanting ``demand``) to right nodes (each offering ``room``) over ``edges``.

    When not all demand can be met, return (left nodes, their neighbours, demand of those left nodes, the most
    they can receive) for the source side of a minimum cut; otherwise None.
    """
    n_left, n_right = edges.shape
    source, sink = n_left + n_right, n_left + n_right + 1
    flow = SimpleMaxFlow()
    left = np.arange(n_left, dtype=np.int32)
    right = np.arange(n_right, dtype=np.int32)
    tails, heads = np.nonzero(edges)
    flow.add_arcs_with_capacity(np.full(n_left, source, dtype=np.int32), left, demand.astype(np.int64))
    flow.add_arcs_with_capacity(
        tails.astype(np.int32), (heads + n_left).astype(np.int32), np.ones(tails.size, dtype=np.int64)
    )
    flow.add_arcs_with_capacity(right + n_left, np.full(n_right, sink, dtype=np.int32), room.astype(np.int64))
    if flow.solve(source, sink) != SimpleMaxFlow.OPTIMAL:
        raise RuntimeError("max flow failed while explaining an infeasible assignment")
    wanted = int(demand.sum())
    if flow.optimal_flow() >= wanted:
        return None
    side = np.zeros(n_left + n_right + 2, dtype=np.bool_)
    side[np.asarray(flow.get_source_side_min_cut(), dtype=np.int64)] = True
    cut_left = np.flatnonzero(side[:n_left] & (demand > 0))
    cut_right = side[n_left : n_left + n_right]
    sub = edges[cut_left]
    reachable = cut_right & sub.any(axis=0)
    most = int(room[reachable].sum()) + int(sub[:, ~cut_right].sum())
    neighbours = np.flatnonzero(sub.any(axis=0))
    return [int(i) for i in cut_left], [int(j) for j in neighbours], int(demand[cut_left].sum()), most


def cut_failures(problem: AssignmentProblem) -> list[Reason]:
    """Sets of proposals (or reviewers) whose eligible partners cannot meet their needs together."""
    reasons: list[Reason] = []
    pinned = problem.pinned_mask()
    free = problem.eligible() & ~pinned
    coverage_left = problem.coverage - pinned.sum(axis=1)
    room = problem.load_max - pinned.sum(axis=0)
    cut = _hall_cut(coverage_left, room, free)
    if cut is not None:
        proposals, reviewers, need, most = cut
        message = (
            f"proposals {_names([problem.proposal_name(p) for p in proposals])} together still need {need} reviews,"
            f" but their eligible reviewers ({_names([problem.reviewer_name(r) for r in reviewers])}) can take at"
            f" most {most} of them"
        )
        reasons.append(Reason("proposals_cut", message, tuple(proposals), tuple(reviewers), have=most, need=need))
    min_left = np.maximum(problem.load_min - pinned.sum(axis=0), 0)
    cut = _hall_cut(min_left, coverage_left, free.T)
    if cut is not None:
        reviewers, proposals, need, most = cut
        message = (
            f"reviewers {_names([problem.reviewer_name(r) for r in reviewers])} together need {need} more proposals"
            f" to reach their minimum loads, but their eligible proposals"
            f" ({_names([problem.proposal_name(p) for p in proposals])}) can give them at most {most}"
        )
        reasons.append(Reason("reviewers_cut", message, tuple(proposals), tuple(reviewers), have=most, need=need))
    reasons.extend(group_cut_failures(problem, free, pinned))
    return reasons


def group_cut_failures(problem: AssignmentProblem, free: BoolMatrix, pinned: BoolMatrix) -> list[Reason]:
    """Per group: proposals whose group minimums, together, exceed what that group's eligible reviewers can
    take (a minimum cut between the proposals' group demands and the group's reviewers)."""
    if problem.reviewer_groups is None or problem.group_min is None:
        return []
    reasons: list[Reason] = []
    room = problem.load_max - pinned.sum(axis=0)
    for g in range(problem.n_groups):
        columns = np.flatnonzero(problem.reviewer_groups == g)
        pinned_here = pinned[:, columns].sum(axis=1)
        demand = np.maximum(problem.group_min[:, g] - pinned_here, 0)
        if not demand.any():
            continue
        cut = _hall_cut(demand, room[columns], free[:, columns])
        if cut is None:
            continue
        proposals, local, need, most = cut
        reviewers = [int(columns[j]) for j in local]
        message = (
            f"proposals {_names([problem.proposal_name(p) for p in proposals])} together need {need} reviewers"
            f" {problem.group_name(g)}, but the eligible ones"
            f" ({_names([problem.reviewer_name(r) for r in reviewers])}) can take at most {most}"
        )
        reasons.append(Reason("groups_cut", message, tuple(proposals), tuple(reviewers), g, have=most, need=need))
    return reasons


def explain(problem: AssignmentProblem) -> list[Reason]:
    """All reasons found; a last, general one if the constraints only conflict in combination."""
    reasons = necessary_condition_failures(problem) or cut_failures(problem)
    if not reasons:
        message = (
            "every proposal's coverage, group limits and every reviewer's minimum load can each be met on its own,"
            " but not all at once within the reviewers' maximum loads"
        )
        reasons = [Reason("combination", message)]
    return reasons
