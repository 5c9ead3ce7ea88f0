"""Why no assignment exists: simple necessary conditions first, then Hall-type cuts found by max flow."""

from __future__ import annotations

import numpy as np
from ortools.graph.python.max_flow import SimpleMaxFlow

from hetao.engines.assignment._model import AssignmentProblem, BoolMatrix, IntVector

_MAX_NAMED = 10


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _names(names: list[str]) -> str:
    if len(names) <= _MAX_NAMED:
        return ", ".join(names)
    return ", ".join(names[:_MAX_NAMED]) + f" and {len(names) - _MAX_NAMED} more"


def necessary_condition_failures(problem: AssignmentProblem) -> list[str]:
    """Every simple necessary condition that fails, as one sentence each (empty when all hold)."""
    reasons: list[str] = []
    eligible = problem.eligible()
    forbidden = set(problem.forbidden)
    pinned = problem.pinned_mask()
    for pin_p, pin_r in problem.pinned:
        pair = f"proposal {problem.proposal_name(pin_p)} and reviewer {problem.reviewer_name(pin_r)}"
        if problem.conflicts[pin_p, pin_r]:
            reasons.append(f"{pair} are pinned together but have a conflict of interest")
        if (pin_p, pin_r) in forbidden:
            reasons.append(f"{pair} are both pinned and forbidden")
    pinned_per_proposal = pinned.sum(axis=1)
    pinned_per_reviewer = pinned.sum(axis=0)
    for p in np.flatnonzero(pinned_per_proposal > problem.coverage):
        reasons.append(
            f"proposal {problem.proposal_name(int(p))} has {_plural(int(pinned_per_proposal[p]), 'pinned reviewer')}"
            f" but needs only {int(problem.coverage[p])}"
        )
    for r in np.flatnonzero(pinned_per_reviewer > problem.load_max):
        reasons.append(
            f"reviewer {problem.reviewer_name(int(r))} is pinned to {_plural(int(pinned_per_reviewer[r]), 'proposal')}"
            f" but takes at most {int(problem.load_max[r])}"
        )
    per_proposal = eligible.sum(axis=1)
    for p in np.flatnonzero(per_proposal < problem.coverage):
        reasons.append(
            f"proposal {problem.proposal_name(int(p))} has {_plural(int(per_proposal[p]), 'eligible reviewer')};"
            f" it needs {int(problem.coverage[p])}"
        )
    per_reviewer = eligible.sum(axis=0)
    for r in np.flatnonzero(per_reviewer < problem.load_min):
        reasons.append(
            f"reviewer {problem.reviewer_name(int(r))} has {_plural(int(per_reviewer[r]), 'eligible proposal')};"
            f" their minimum load is {int(problem.load_min[r])}"
        )
    required = int(problem.coverage.sum())
    capacity = int(problem.load_max.sum())
    minimum = int(problem.load_min.sum())
    if capacity < required:
        reasons.append(f"total reviewer capacity {capacity} is less than the {required} reviews required")
    if minimum > required:
        reasons.append(f"reviewers' minimum loads add up to {minimum} but only {required} reviews are required")
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


def cut_failures(problem: AssignmentProblem) -> list[str]:
    """Groups of proposals (or reviewers) whose eligible partners cannot meet their needs together."""
    reasons: list[str] = []
    pinned = problem.pinned_mask()
    free = problem.eligible() & ~pinned
    coverage_left = problem.coverage - pinned.sum(axis=1)
    room = problem.load_max - pinned.sum(axis=0)
    cut = _hall_cut(coverage_left, room, free)
    if cut is not None:
        proposals, reviewers, need, most = cut
        reasons.append(
            f"proposals {_names([problem.proposal_name(p) for p in proposals])} together still need {need} reviews,"
            f" but their eligible reviewers ({_names([problem.reviewer_name(r) for r in reviewers])}) can take at"
            f" most {most} of them"
        )
    min_left = np.maximum(problem.load_min - pinned.sum(axis=0), 0)
    cut = _hall_cut(min_left, coverage_left, free.T)
    if cut is not None:
        reviewers, proposals, need, most = cut
        reasons.append(
            f"reviewers {_names([problem.reviewer_name(r) for r in reviewers])} together need {need} more proposals"
            f" to reach their minimum loads, but their eligible proposals"
            f" ({_names([problem.proposal_name(p) for p in proposals])}) can give them at most {most}"
        )
    return reasons


def explain(problem: AssignmentProblem) -> list[str]:
    """All reasons found; a last, general one if the constraints only conflict in combination."""
    reasons = necessary_condition_failures(problem) or cut_failures(problem)
    if not reasons:
        reasons = [
            "every proposal's coverage and every reviewer's minimum load can each be met on its own, but not all at"
            " once within the reviewers' maximum loads"
        ]
    return reasons
