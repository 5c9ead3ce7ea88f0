"""Calibration for reviewer leniency: every score is modelled as ``mu[p] + b[r]`` plus noise.

``mu[p]`` is the proposal's calibrated score and ``b[r]`` the reviewer's offset (positive: lenient). Both are
fitted by least squares over every review at once. A constant can be moved between all the proposals and all
the reviewers of one connected group (reviewers linked by proposals they both reviewed) without changing the
fit, so the offsets are pinned down per group: either their sum is zero (``ridge=0``) or a ridge penalty
``ridge * sum(b[r]**2)`` shrinks the offset of a reviewer with few reviews toward zero (``ridge>0``; the
penalty also makes the offsets of each group sum to zero, since any shift of them would only add to it).

Calibrated means of different groups are not anchored to each other: only within a group do the offsets
compare reviewers. A proposal's calibrated mean is the mean of its reviews' calibrated scores (``score -
b[r]``), which is exactly its fitted ``mu[p]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import spsolve

from hetao.engines.scoring._checks import FloatVector, IntVector, float_vector, index_vector, positive_int


@dataclass(frozen=True)
class Calibration:
    """The fit. Per observation: ``calibrated`` (score minus its reviewer's offset). Per reviewer:
    ``offsets`` (0 for a reviewer with no reviews), ``reviewer_counts``, ``reviewer_group``. Per proposal:
    ``raw_mean`` and ``calibrated_mean`` (NaN for a proposal with no reviews), ``proposal_counts``,
    ``proposal_group`` (-1 without reviews). ``groups`` is the number of connected groups; ``residual_sd``
    the standard deviation of what the model leaves unexplained."""

    offsets: FloatVector
    calibrated: FloatVector
    raw_mean: FloatVector
    calibrated_mean: FloatVector
    proposal_counts: IntVector
    reviewer_counts: IntVector
    proposal_group: IntVector
    reviewer_group: IntVector
    groups: int
    residual_sd: float
    ridge: float


def calibrate(
    proposals: Any,
    reviewers: Any,
    scores: Any,
    *,
    n_proposals: int,
    n_reviewers: int,
    ridge: float = 0.0,
) -> Calibration:
    """Fit ``score ~ mu[proposal] + b[reviewer]`` over observations given as three equal-length arrays."""
    n_p = positive_int("n_proposals", n_proposals)
    n_r = positive_int("n_reviewers", n_reviewers)
    p = index_vector("proposals", proposals, n_p, "n_proposals")
    r = index_vector("reviewers", reviewers, n_r, "n_reviewers")
    s = float_vector("scores", scores)
    if not (p.shape[0] == r.shape[0] == s.shape[0]):
        raise ValueError(
            f"proposals, reviewers and scores must have the same length, got {p.shape[0]}, {r.shape[0]}, {s.shape[0]}"
        )
    if p.shape[0] == 0:
        raise ValueError("there are no observations to calibrate")
    if isinstance(ridge, bool) or not isinstance(ridge, int | float) or not np.isfinite(ridge) or ridge < 0:
        raise ValueError(f"ridge must be a finite number >= 0, got {ridge!r}")
    pairs = p * n_r + r
    values, counts = np.unique(pairs, return_counts=True)
    if values.size != pairs.size:
        first = int(values[counts > 1][0])
        raise ValueError(f"reviewer {first % n_r} scored proposal {first // n_r} more than once")

    p_counts = np.bincount(p, minlength=n_p).astype(np.int64)
    r_counts = np.bincount(r, minlength=n_r).astype(np.int64)
    raw_mean = np.full(n_p, np.nan)
    seen_p = p_counts > 0
    raw_mean[seen_p] = np.bincount(p, weights=s, minlength=n_p)[seen_p] / p_counts[seen_p]

    # Connected groups of the bipartite proposal-reviewer graph (nodes: proposals, then reviewers).
    n_obs = p.shape[0]
    graph = coo_matrix((np.ones(n_obs), (p, n_p + r)), shape=(n_p + n_r, n_p + n_r)).tocsr()
    _, labels = connected_components(graph, directed=False)
    labels = labels.astype(np.int64)
    active = np.concatenate([seen_p, r_counts > 0])
    used_labels, dense = np.unique(labels[active], return_inverse=True)
    group = np.full(n_p + n_r, -1, dtype=np.int64)
    group[active] = dense
    groups = int(used_labels.size)

    offsets = _solve_offsets(
        p=p,
        r=r,
        s=s,
        n_p=n_p,
        n_r=n_r,
        p_counts=p_counts,
        r_counts=r_counts,
        reviewer_group=group[n_p:],
        groups=groups,
        ridge=float(ridge),
    )
    calibrated = s - offsets[r]
    calibrated_mean = np.full(n_p, np.nan)
    calibrated_mean[seen_p] = np.bincount(p, weights=calibrated, minlength=n_p)[seen_p] / p_counts[seen_p]
    residuals = calibrated - calibrated_mean[p]
    return Calibration(
        offsets=offsets,
        calibrated=calibrated,
        raw_mean=raw_mean,
        calibrated_mean=calibrated_mean,
        proposal_counts=p_counts,
        reviewer_counts=r_counts,
        proposal_group=group[:n_p],
        reviewer_group=group[n_p:],
        groups=groups,
        residual_sd=float(np.sqrt(np.mean(residuals**2))),
        ridge=float(ridge),
    )


def _solve_offsets(
    *,
    p: IntVector,
    r: IntVector,
    s: FloatVector,
    n_p: int,
    n_r: int,
    p_counts: IntVector,
    r_counts: IntVector,
    reviewer_group: IntVector,
    groups: int,
    ridge: float,
) -> FloatVector:
    """The reviewer offsets from the normal equations, eliminating the proposal means first.

    With ``mu[p] = mean over p of (s - b[r])`` substituted, the offsets solve the reviewers' Schur
    complement ``(D_r + ridge I - N^T D_p^-1 N) b = c``, a sparse symmetric system. Without a ridge it is
    singular along one direction per group; fixing the first reviewer of each group at 0 and re-centring the
    group afterwards gives the sum-to-zero solution exactly.
    """
    seen_r = np.flatnonzero(r_counts > 0)
    if seen_r.size == 0:
        return np.zeros(n_r)
    n_obs = p.shape[0]
    incidence = csr_matrix((np.ones(n_obs), (p, r)), shape=(n_p, n_r))
    inv_p = np.zeros(n_p)
    inv_p[p_counts > 0] = 1.0 / p_counts[p_counts > 0]
    scaled = incidence.multiply(inv_p[:, None]).tocsr()
    diagonal = csr_matrix((r_counts.astype(np.float64) + ridge, (np.arange(n_r), np.arange(n_r))), shape=(n_r, n_r))
    schur = (diagonal - incidence.T @ scaled).tocsr()
    sum_p = np.bincount(p, weights=s, minlength=n_p)
    rhs = np.bincount(r, weights=s, minlength=n_r) - incidence.T @ (sum_p * inv_p)

    keep = seen_r
    if ridge == 0.0:
        # The first reviewer of each group anchors it.
        first_of_group = np.full(groups, -1, dtype=np.int64)
        for reviewer in seen_r[::-1]:
            first_of_group[reviewer_group[reviewer]] = reviewer
        keep = np.setdiff1d(seen_r, first_of_group)
    offsets = np.zeros(n_r)
    if keep.size:
        system = schur[keep][:, keep].tocsc()
        solved = spsolve(system, rhs[keep])
        offsets[keep] = np.atleast_1d(np.asarray(solved, dtype=np.float64))
    # Without a ridge this moves each group to its sum-to-zero solution; with one the solution already sums to
    # zero, and this only removes rounding.
    sums = np.bincount(reviewer_group[seen_r], weights=offsets[seen_r], minlength=groups)
    sizes = np.bincount(reviewer_group[seen_r], minlength=groups)
    offsets[seen_r] -= (sums / sizes)[reviewer_group[seen_r]]
    return offsets
