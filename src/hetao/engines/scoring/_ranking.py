"""Ranks with an uncertainty interval: a bootstrap over each proposal's reviews.

In every round each proposal's scores are resampled with replacement (as many as it has), the means are
taken, and all proposals are ranked on them (1 = best; equal means share the better rank). A proposal's
interval holds the central ``level`` share of its ranks over the rounds. The point rank comes from the
means of the scores themselves, ties broken by the order of the proposals' indices in ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import rankdata

from hetao.engines.scoring._checks import FloatVector, IntVector, float_vector, index_vector, positive_int, seed_value

# Rounds are drawn in blocks so that memory stays near this many resampled scores whatever the sizes.
_BLOCK_CELLS = 2_000_000


@dataclass(frozen=True)
class RankIntervals:
    """Per proposal: ``mean`` (of the scores given), ``rank`` (1 = best, ties share the better rank),
    ``low`` and ``high`` (the interval, ``low <= high``, in ranks), ``median`` rank over the rounds.
    ``order`` lists the proposals best first (ties by index). ``rounds``, ``seed`` and ``level`` are
    what was asked."""

    mean: FloatVector
    rank: IntVector
    low: IntVector
    high: IntVector
    median: FloatVector
    order: IntVector
    rounds: int
    seed: int
    level: float


def competition_ranks(values: FloatVector) -> IntVector:
    """1 for the highest value; equal values share the better rank (1, 2, 2, 4)."""
    return np.asarray(rankdata(-values, method="min"), dtype=np.int64)


def rank_bootstrap(
    proposals: Any,
    scores: Any,
    *,
    n_proposals: int,
    rounds: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> RankIntervals:
    """Rank ``n_proposals`` proposals from their scores (observation ``i`` is a score of ``proposals[i]``).

    Every proposal needs at least one score. Deterministic for a seed (numpy PCG64).
    """
    n_p = positive_int("n_proposals", n_proposals)
    b = positive_int("rounds", rounds)
    seed = seed_value(seed)
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (exclusive), got {level!r}")
    p = index_vector("proposals", proposals, n_p, "n_proposals")
    s = float_vector("scores", scores, p.shape[0])
    counts = np.bincount(p, minlength=n_p)
    missing = np.flatnonzero(counts == 0)
    if missing.size:
        raise ValueError(f"proposal {int(missing[0])} has no scores; every proposal needs at least one to be ranked")

    # Group each proposal's scores together: proposal k owns sorted[start[k] : start[k] + counts[k]].
    by_proposal = np.argsort(p, kind="stable")
    sorted_scores = s[by_proposal]
    start = np.concatenate([[0], np.cumsum(counts)[:-1]])
    owner = p[by_proposal]
    n_obs = p.shape[0]

    mean = np.add.reduceat(sorted_scores, start) / counts
    rank = competition_ranks(mean)
    order = np.lexsort((np.arange(n_p), -mean)).astype(np.int64)

    rng = np.random.Generator(np.random.PCG64(seed))
    ranks = np.empty((b, n_p), dtype=np.int64)
    block = max(1, _BLOCK_CELLS // n_obs)
    for first in range(0, b, block):
        size = min(block, b - first)
        draws = rng.random((size, n_obs))
        # min() guards against a draw just below 1 rounding up to the count itself.
        within = np.minimum(np.floor(draws * counts[owner]).astype(np.int64), counts[owner] - 1)
        picks = start[owner] + within
        resampled = np.add.reduceat(sorted_scores[picks], start, axis=1) / counts
        ranks[first : first + size] = np.asarray(rankdata(-resampled, method="min", axis=1), dtype=np.int64)

    tail = (1.0 - level) / 2.0 * 100.0
    low = np.percentile(ranks, tail, axis=0, method="lower").astype(np.int64)
    high = np.percentile(ranks, 100.0 - tail, axis=0, method="higher").astype(np.int64)
    median = np.median(ranks, axis=0).astype(np.float64)
    return RankIntervals(
        mean=mean,
        rank=rank,
        low=low,
        high=high,
        median=median,
        order=order,
        rounds=b,
        seed=seed,
        level=float(level),
    )
