"""Inputs, results and errors of the assignment engine, with the checks made at the boundary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float64]
IntVector = npt.NDArray[np.int64]
IntMatrix = npt.NDArray[np.int64]
BoolMatrix = npt.NDArray[np.bool_]
Pair = tuple[int, int]


@dataclass(frozen=True)
class Reason:
    """One reason why no assignment exists, structured so that a caller can say it in any language.

    ``code`` names the kind of reason; ``proposals``, ``reviewers`` and ``group`` are indices into the problem;
    ``have`` and ``need`` are the counts compared; ``message`` says it all in English.

    Codes: ``pinned_conflict``, ``pinned_forbidden``, ``proposal_pinned_over``, ``reviewer_pinned_over``,
    ``proposal_short`` (a proposal has ``have`` eligible reviewers, needs ``need``), ``reviewer_short_min``,
    ``capacity_short``, ``minimum_excess``, ``group_short`` (a proposal has ``have`` eligible reviewers in
    ``group``, needs ``need``), ``group_cap_short`` (within its group limits a proposal can get at most ``have``
    reviewers, needs ``need``), ``group_min_over`` (a proposal's group minimums add up to ``need`` but it takes
    only ``have``), ``group_pinned_over`` (more pinned reviewers of ``group`` than the proposal may have),
    ``proposals_cut``, ``reviewers_cut``, ``groups_cut`` (minimum cuts) and ``combination`` (none of the above).
    """

    code: str
    message: str
    proposals: tuple[int, ...] = ()
    reviewers: tuple[int, ...] = ()
    group: int | None = None
    have: int = 0
    need: int = 0

    def __str__(self) -> str:
        return self.message


class InfeasibleAssignment(Exception):
    """No assignment meets the constraints; ``details`` says why (structured), ``reasons`` the same in English."""

    def __init__(self, details: Sequence[Reason]) -> None:
        if not details:
            raise ValueError("InfeasibleAssignment needs at least one reason")
        self.details = list(details)
        self.reasons = [reason.message for reason in self.details]
        super().__init__("no assignment exists: " + "; ".join(self.reasons))


def _int_vector(name: str, value: Any, length: int, length_name: str) -> IntVector:
    if not isinstance(value, np.ndarray):
        raise ValueError(f"{name} must be a numpy array, got {type(value).__name__}")
    if value.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {value.shape}")
    if value.dtype.kind not in "iu":
        raise ValueError(f"{name} must have an integer dtype, got {value.dtype}")
    if value.shape[0] != length:
        raise ValueError(f"{name} has length {value.shape[0]}, expected {length} ({length_name})")
    negative = np.flatnonzero(value < 0)
    if negative.size:
        index = int(negative[0])
        raise ValueError(f"{name}[{index}] is {int(value[index])}; it must not be negative")
    return np.ascontiguousarray(value, dtype=np.int64)


def _pairs(name: str, value: Sequence[Pair], shape: tuple[int, int]) -> tuple[Pair, ...]:
    pairs: dict[Pair, None] = {}
    for position, pair in enumerate(value):
        if len(pair) != 2:
            raise ValueError(f"{name}[{position}] must be a (proposal, reviewer) pair, got {pair!r}")
        proposal, reviewer = pair
        for what, index, size in (("proposal", proposal, shape[0]), ("reviewer", reviewer, shape[1])):
            if isinstance(index, bool) or not isinstance(index, int | np.integer):
                raise ValueError(f"{name}[{position}] has a non-integer {what} index {index!r}")
            if not 0 <= int(index) < size:
                raise ValueError(f"{name}[{position}] has {what} index {int(index)}, outside 0..{size - 1}")
        pairs[(int(proposal), int(reviewer))] = None
    return tuple(pairs)


def _int_matrix(name: str, value: Any, shape: tuple[int, int]) -> IntMatrix:
    if not isinstance(value, np.ndarray):
        raise ValueError(f"{name} must be a numpy array, got {type(value).__name__}")
    if value.dtype.kind not in "iu":
        raise ValueError(f"{name} must have an integer dtype, got {value.dtype}")
    if value.shape != shape:
        raise ValueError(f"{name} has shape {value.shape}, expected {shape} (proposals x groups)")
    negative = np.argwhere(value < 0)
    if negative.size:
        p, g = (int(i) for i in negative[0])
        raise ValueError(f"{name}[{p}, {g}] is {int(value[p, g])}; it must not be negative")
    return np.ascontiguousarray(value, dtype=np.int64)


def _ids(name: str, value: Sequence[str] | None, length: int) -> tuple[str, ...] | None:
    if value is None:
        return None
    ids = tuple(value)
    if len(ids) != length:
        raise ValueError(f"{name} has {len(ids)} entries, expected {length}")
    for index, item in enumerate(ids):
        if not isinstance(item, str):
            raise ValueError(f"{name}[{index}] must be a str, got {type(item).__name__}")
    return ids


@dataclass(frozen=True)
class AssignmentProblem:
    """Reviewer assignment: which reviewers review which proposals.

    ``affinity[p, r]`` is how well reviewer ``r`` suits proposal ``p`` (higher is better); proposal ``p`` needs
    exactly ``coverage[p]`` reviewers; reviewer ``r`` takes between ``load_min[r]`` and ``load_max[r]``
    proposals; ``conflicts[p, r]`` True forbids the pair. ``pinned`` pairs must be used and ``forbidden`` pairs
    must not be. ``proposal_ids`` and ``reviewer_ids`` only name rows and columns in messages.

    The arrays are checked and copied on construction (affinity to float64, counts to int64).
    """

    affinity: FloatMatrix
    coverage: IntVector
    load_min: IntVector
    load_max: IntVector
    conflicts: BoolMatrix
    pinned: Sequence[Pair] = field(default=())
    forbidden: Sequence[Pair] = field(default=())
    proposal_ids: Sequence[str] | None = None
    reviewer_ids: Sequence[str] | None = None
    reviewer_groups: IntVector | None = None
    group_min: IntMatrix | None = None
    group_max: IntMatrix | None = None
    group_names: Sequence[str] | None = None

    def __post_init__(self) -> None:
        affinity: Any = self.affinity
        if not isinstance(affinity, np.ndarray):
            raise ValueError(f"affinity must be a numpy array, got {type(affinity).__name__}")
        if affinity.ndim != 2:
            raise ValueError(f"affinity must be two-dimensional (proposals x reviewers), got shape {affinity.shape}")
        if affinity.dtype.kind != "f":
            raise ValueError(f"affinity must have a floating dtype, got {affinity.dtype}")
        bad = np.argwhere(~np.isfinite(affinity))
        if bad.size:
            p, r = (int(i) for i in bad[0])
            raise ValueError(f"affinity[{p}, {r}] is {affinity[p, r]}; affinities must be finite")
        n_proposals, n_reviewers = affinity.shape
        conflicts: Any = self.conflicts
        if not isinstance(conflicts, np.ndarray):
            raise ValueError(f"conflicts must be a numpy array, got {type(conflicts).__name__}")
        if conflicts.dtype != np.bool_:
            raise ValueError(f"conflicts must have dtype bool, got {conflicts.dtype}")
        if conflicts.shape != affinity.shape:
            raise ValueError(f"conflicts has shape {conflicts.shape}, expected {affinity.shape} like affinity")
        coverage = _int_vector("coverage", self.coverage, n_proposals, "one per proposal")
        load_min = _int_vector("load_min", self.load_min, n_reviewers, "one per reviewer")
        load_max = _int_vector("load_max", self.load_max, n_reviewers, "one per reviewer")
        inverted = np.flatnonzero(load_min > load_max)
        if inverted.size:
            r = int(inverted[0])
            raise ValueError(f"load_min[{r}] = {int(load_min[r])} exceeds load_max[{r}] = {int(load_max[r])}")
        shape = (n_proposals, n_reviewers)
        object.__setattr__(self, "affinity", np.ascontiguousarray(affinity, dtype=np.float64))
        object.__setattr__(self, "conflicts", np.ascontiguousarray(conflicts, dtype=np.bool_))
        object.__setattr__(self, "coverage", coverage)
        object.__setattr__(self, "load_min", load_min)
        object.__setattr__(self, "load_max", load_max)
        object.__setattr__(self, "pinned", _pairs("pinned", self.pinned, shape))
        object.__setattr__(self, "forbidden", _pairs("forbidden", self.forbidden, shape))
        object.__setattr__(self, "proposal_ids", _ids("proposal_ids", self.proposal_ids, n_proposals))
        object.__setattr__(self, "reviewer_ids", _ids("reviewer_ids", self.reviewer_ids, n_reviewers))
        self._check_groups(n_proposals, n_reviewers, coverage)

    def _check_groups(self, n_proposals: int, n_reviewers: int, coverage: IntVector) -> None:
        if self.reviewer_groups is None:
            if self.group_min is not None or self.group_max is not None or self.group_names is not None:
                raise ValueError("group_min, group_max and group_names need reviewer_groups")
            return
        groups = _int_vector("reviewer_groups", self.reviewer_groups, n_reviewers, "one per reviewer")
        sizes = [len(self.group_names)] if self.group_names is not None else []
        sizes += [m.shape[1] for m in (self.group_min, self.group_max) if isinstance(m, np.ndarray) and m.ndim == 2]
        n_groups = max(sizes) if sizes else int(groups.max(initial=-1)) + 1
        n_groups = max(n_groups, 1)
        beyond = np.flatnonzero(groups >= n_groups)
        if beyond.size:
            r = int(beyond[0])
            raise ValueError(f"reviewer_groups[{r}] is {int(groups[r])}, outside 0..{n_groups - 1}")
        shape = (n_proposals, n_groups)
        if self.group_min is None:
            group_min = np.zeros(shape, dtype=np.int64)
        else:
            group_min = _int_matrix("group_min", self.group_min, shape)
        if self.group_max is None:
            group_max = np.repeat(coverage[:, None], n_groups, axis=1)
        else:
            group_max = _int_matrix("group_max", self.group_max, shape)
        inverted = np.argwhere(group_min > group_max)
        if inverted.size:
            p, g = (int(i) for i in inverted[0])
            raise ValueError(
                f"group_min[{p}, {g}] = {int(group_min[p, g])} exceeds group_max[{p}, {g}] = {int(group_max[p, g])}"
            )
        object.__setattr__(self, "reviewer_groups", groups)
        object.__setattr__(self, "group_min", group_min)
        object.__setattr__(self, "group_max", group_max)
        object.__setattr__(self, "group_names", _ids("group_names", self.group_names, n_groups))

    @property
    def has_groups(self) -> bool:
        return self.reviewer_groups is not None

    @property
    def n_groups(self) -> int:
        return 0 if self.group_min is None else int(self.group_min.shape[1])

    def group_name(self, index: int) -> str:
        return self.group_names[index] if self.group_names is not None else f"group {index}"

    @property
    def n_proposals(self) -> int:
        return int(self.affinity.shape[0])

    @property
    def n_reviewers(self) -> int:
        return int(self.affinity.shape[1])

    def proposal_name(self, index: int) -> str:
        return self.proposal_ids[index] if self.proposal_ids is not None else f"#{index}"

    def reviewer_name(self, index: int) -> str:
        return self.reviewer_ids[index] if self.reviewer_ids is not None else f"#{index}"

    def eligible(self) -> BoolMatrix:
        """Pairs that may be used: not conflicted and not forbidden (pinned pairs included)."""
        allowed = ~self.conflicts
        for p, r in self.forbidden:
            allowed[p, r] = False
        return allowed

    def pinned_mask(self) -> BoolMatrix:
        mask = np.zeros(self.affinity.shape, dtype=np.bool_)
        for p, r in self.pinned:
            mask[p, r] = True
        return mask


@dataclass(frozen=True)
class AssignmentResult:
    """``assignment[p, r]`` True when reviewer ``r`` reviews proposal ``p``; ``objective`` is the total affinity
    of the assigned pairs computed from the float matrix; ``worst_proposal_affinity`` the lowest total any one
    proposal gets; ``mode`` is "total" or "fair"; ``seconds`` is the wall time of the solve.
    ``proven_optimal`` is False only when a time limit cut the fairness mode short; ``worst_bound`` is then the
    proven upper bound on ``worst_proposal_affinity``."""

    assignment: BoolMatrix
    objective: float
    worst_proposal_affinity: float
    solver: str
    mode: str
    seconds: float
    proven_optimal: bool = True
    worst_bound: float | None = None
