"""Calibration for reviewer leniency: planted offsets are recovered; edge cases behave as documented."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetao.engines.scoring import calibrate


def _planted(seed: int, n_p: int, n_r: int, per: int, noise: float = 0.0):
    rng = np.random.default_rng(seed)
    mu = rng.uniform(1, 5, n_p)
    offsets = rng.uniform(-1, 1, n_r)
    offsets -= offsets.mean()
    proposals, reviewers = [], []
    for p in range(n_p):
        # Reviewers p, p+1, ... (mod n_r): every reviewer is linked to the next, so there is one group.
        for k in range(per):
            proposals.append(p)
            reviewers.append((p + k) % n_r)
    proposals_a, reviewers_a = np.array(proposals), np.array(reviewers)
    scores = mu[proposals_a] + offsets[reviewers_a] + rng.normal(0, noise, proposals_a.size)
    return mu, offsets, proposals_a, reviewers_a, scores


def test_calibrate_hand_checked_two_reviewers():
    # Reviewer 1 gives every proposal one point more than reviewer 0.
    result = calibrate([0, 0, 1, 1], [0, 1, 0, 1], [2.0, 3.0, 4.0, 5.0], n_proposals=2, n_reviewers=2)

    assert result.offsets.tolist() == pytest.approx([-0.5, 0.5])
    assert result.calibrated.tolist() == pytest.approx([2.5, 2.5, 4.5, 4.5])
    assert result.raw_mean.tolist() == pytest.approx([2.5, 4.5])
    assert result.calibrated_mean.tolist() == pytest.approx([2.5, 4.5])
    assert result.groups == 1
    assert result.residual_sd == pytest.approx(0.0, abs=1e-12)


def test_calibrate_lenient_reviewer_no_longer_lifts_their_proposal():
    # Proposal 0 is reviewed by the lenient reviewer 2, proposal 1 by the strict reviewer 0.
    proposals = [0, 0, 1, 1, 2, 2, 2]
    reviewers = [1, 2, 0, 1, 0, 1, 2]
    scores = [3.0, 5.0, 2.0, 3.0, 2.0, 3.0, 5.0]
    result = calibrate(proposals, reviewers, scores, n_proposals=3, n_reviewers=3)

    # Every review fits strict reviewer 0 = lenient reviewer 2 - 3 = reviewer 1 - 1 exactly: once the
    # offsets are taken out, all three proposals are worth the same.
    assert result.raw_mean.tolist() == pytest.approx([4.0, 2.5, 10 / 3])
    assert result.offsets.tolist() == pytest.approx([-4 / 3, -1 / 3, 5 / 3])
    assert result.calibrated_mean.tolist() == pytest.approx([10 / 3, 10 / 3, 10 / 3])


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n_p=st.integers(3, 30), n_r=st.integers(2, 12), per=st.integers(2, 4))
def test_calibrate_recovers_planted_offsets_without_noise(seed, n_p, n_r, per):
    per = min(per, n_r)
    mu, offsets, proposals, reviewers, scores = _planted(seed, n_p, n_r, per)
    used = np.unique(reviewers)
    result = calibrate(proposals, reviewers, scores, n_proposals=n_p, n_reviewers=n_r)

    assert result.groups == 1
    shift = offsets[used].mean()  # the fit centres the offsets of the reviewers that reviewed
    assert np.allclose(result.offsets[used], offsets[used] - shift, atol=1e-8)
    assert np.allclose(result.calibrated_mean, mu + shift, atol=1e-8)
    assert np.allclose(result.calibrated, scores - result.offsets[reviewers])


def test_calibrate_recovers_offsets_with_noise_closely():
    _mu, offsets, proposals, reviewers, scores = _planted(7, 400, 40, 4, noise=0.1)
    result = calibrate(proposals, reviewers, scores, n_proposals=400, n_reviewers=40)

    assert np.abs(result.offsets - offsets).max() < 0.1


def test_calibrate_ridge_shrinks_a_reviewer_with_one_review():
    proposals = [0, 0, 0, 1, 1, 1, 2]
    reviewers = [0, 1, 2, 0, 1, 2, 3]
    scores = [3.0, 3.0, 3.0, 4.0, 4.0, 4.0, 5.0]
    # Reviewer 3 reviews once (proposal 2, with reviewer 0): without a ridge that one review sets its offset.
    plain = calibrate([*proposals, 2], [*reviewers, 0], [*scores, 3.0], n_proposals=3, n_reviewers=4)
    shrunk = calibrate([*proposals, 2], [*reviewers, 0], [*scores, 3.0], n_proposals=3, n_reviewers=4, ridge=2.0)

    assert plain.groups == 1
    assert abs(shrunk.offsets[3]) < abs(plain.offsets[3])
    assert shrunk.offsets.sum() == pytest.approx(0.0, abs=1e-12)


def test_calibrate_disconnected_groups_each_sum_to_zero():
    # Proposals 0-1 with reviewers 0-1; proposals 2-3 with reviewers 2-3; reviewer 4 never reviews.
    proposals = [0, 0, 1, 1, 2, 2, 3, 3]
    reviewers = [0, 1, 0, 1, 2, 3, 2, 3]
    scores = [1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 5.0, 3.0]
    result = calibrate(proposals, reviewers, scores, n_proposals=5, n_reviewers=5)

    assert result.groups == 2
    assert result.proposal_group.tolist() == [0, 0, 1, 1, -1]
    assert result.reviewer_group.tolist() == [0, 0, 1, 1, -1]
    assert result.offsets[:2].sum() == pytest.approx(0.0, abs=1e-12)
    assert result.offsets[2:4].sum() == pytest.approx(0.0, abs=1e-12)
    assert result.offsets[4] == 0.0
    assert np.isnan(result.raw_mean[4])
    assert np.isnan(result.calibrated_mean[4])
    assert result.proposal_counts.tolist() == [2, 2, 2, 2, 0]


def test_calibrate_all_equal_scores_give_zero_offsets():
    result = calibrate([0, 0, 1, 1, 2], [0, 1, 1, 2, 0], [4.0] * 5, n_proposals=3, n_reviewers=3)

    assert np.allclose(result.offsets, 0.0)
    assert np.allclose(result.calibrated_mean, 4.0)


def test_calibrate_single_review():
    result = calibrate([0], [0], [3.5], n_proposals=1, n_reviewers=1)

    assert result.offsets.tolist() == [0.0]
    assert result.calibrated_mean.tolist() == [3.5]


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([0], [0], [1.0, 2.0]), {}, "same length"),
        (([], [], []), {}, "no observations"),
        (([0, 0], [0, 0], [1.0, 2.0]), {}, "reviewer 0 scored proposal 0 more than once"),
        (([2], [0], [1.0]), {}, r"proposals\[0\] is 2, outside 0..1"),
        (([0], [-1], [1.0]), {}, "must not be negative"),
        (([0], [0], [float("nan")]), {}, "must be finite"),
        (([0.5], [0], [1.0]), {}, "must hold integers"),
        (([0], [0], [1.0]), {"ridge": -1.0}, "ridge must be"),
        (([0], [0], [1.0]), {"n_proposals": 0}, "n_proposals must be a positive integer"),
    ],
)
def test_calibrate_bad_input_raises_value_error(args, kwargs, message):
    options = {"n_proposals": 2, "n_reviewers": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        calibrate(*args, **options)
