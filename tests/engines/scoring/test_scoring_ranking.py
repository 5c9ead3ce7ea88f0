"""Ranks with bootstrap intervals: deterministic for a seed, covering the true rank on synthetic data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetao.engines.scoring import competition_ranks, rank_bootstrap


def test_competition_ranks_share_the_better_rank():
    assert competition_ranks(np.array([3.0, 5.0, 3.0, 1.0])).tolist() == [2, 1, 2, 4]


def test_rank_bootstrap_clear_order_has_tight_intervals():
    # Three proposals whose scores do not overlap at all: every resample ranks them the same way.
    proposals = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    scores = [1.0, 1.5, 1.2, 5.0, 4.8, 4.9, 3.0, 3.1, 2.9]
    result = rank_bootstrap(proposals, scores, n_proposals=3, rounds=200, seed=1)

    assert result.rank.tolist() == [3, 1, 2]
    assert result.low.tolist() == [3, 1, 2]
    assert result.high.tolist() == [3, 1, 2]
    assert result.order.tolist() == [1, 2, 0]
    assert result.mean.tolist() == pytest.approx([3.7 / 3, 14.7 / 3, 3.0])


def test_rank_bootstrap_overlapping_scores_give_wide_intervals():
    proposals = [0, 0, 0, 1, 1, 1]
    scores = [1.0, 5.0, 3.0, 2.0, 4.0, 3.5]
    result = rank_bootstrap(proposals, scores, n_proposals=2, rounds=500, seed=2)

    assert result.low.tolist() == [1, 1]
    assert result.high.tolist() == [2, 2]


def test_rank_bootstrap_same_seed_same_result_other_seed_differs():
    rng = np.random.default_rng(0)
    proposals = np.repeat(np.arange(30), 3)
    scores = rng.normal(3, 1, proposals.size)
    first = rank_bootstrap(proposals, scores, n_proposals=30, rounds=300, seed=9)
    again = rank_bootstrap(proposals, scores, n_proposals=30, rounds=300, seed=9)
    other = rank_bootstrap(proposals, scores, n_proposals=30, rounds=300, seed=10)

    assert (first.low.tolist(), first.high.tolist(), first.median.tolist()) == (
        again.low.tolist(),
        again.high.tolist(),
        again.median.tolist(),
    )
    assert first.median.tolist() != other.median.tolist()


def test_rank_bootstrap_blocks_do_not_change_the_draw(monkeypatch):
    from hetao.engines.scoring import _ranking

    rng = np.random.default_rng(3)
    proposals = np.repeat(np.arange(10), 4)
    scores = rng.normal(0, 1, proposals.size)
    whole = rank_bootstrap(proposals, scores, n_proposals=10, rounds=100, seed=4)
    monkeypatch.setattr(_ranking, "_BLOCK_CELLS", 45)  # one round per block

    blocked = rank_bootstrap(proposals, scores, n_proposals=10, rounds=100, seed=4)

    assert blocked.median.tolist() == whole.median.tolist()


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_rank_bootstrap_intervals_contain_true_rank_mostly(seed):
    # 25 proposals with well-spread true means and 5 noisy reviews each.
    rng = np.random.default_rng(seed)
    n_p, per = 25, 5
    true_mean = rng.permutation(np.linspace(1, 5, n_p))
    proposals = np.repeat(np.arange(n_p), per)
    scores = true_mean[proposals] + rng.normal(0, 0.4, proposals.size)
    true_rank = competition_ranks(true_mean)
    result = rank_bootstrap(proposals, scores, n_proposals=n_p, rounds=400, seed=seed)

    covered = np.mean((result.low <= true_rank) & (true_rank <= result.high))
    assert covered >= 0.8
    assert np.all(result.low <= result.high)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_proposals": 3}, "proposal 2 has no scores"),
        ({"rounds": 0}, "rounds must be a positive integer"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"level": 1.0}, "level must be between 0 and 1"),
    ],
)
def test_rank_bootstrap_bad_input_raises_value_error(kwargs, message):
    options = {"n_proposals": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        rank_bootstrap([0, 1], [1.0, 2.0], **options)


def test_rank_bootstrap_scores_length_mismatch_raises():
    with pytest.raises(ValueError, match="scores has length 1, expected 2"):
        rank_bootstrap([0, 1], [1.0], n_proposals=2)
