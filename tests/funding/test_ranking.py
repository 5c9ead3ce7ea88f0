"""The ranking of a call: raw and calibrated scores, reviewer offsets, ranks with intervals."""

from __future__ import annotations

import pytest

from hetao.funding.domain.selectors import ranking_compute
from tests.funding.factories import add_review, make_expert, make_proposal

pytestmark = pytest.mark.django_db


def test_ranking_calibrates_a_lenient_reviewer(call, reviewed):
    _proposals, experts = reviewed

    ranking = ranking_compute(call)

    assert [row.proposal.reference for row in ranking.ranked] == ["P-0001", "P-0002", "P-0003", "P-0004"]
    by_ref = {row.proposal.reference: row for row in ranking.ranked}
    assert by_ref["P-0002"].raw_mean == pytest.approx(4.5)
    assert by_ref["P-0003"].raw_mean == pytest.approx(3.5)
    offsets = {row.expert.pk: row.offset for row in ranking.reviewers}
    assert offsets[experts[2].pk] > 0.3
    assert sum(offsets.values()) == pytest.approx(0.0, abs=1e-9)
    # The lenient reviewer's scores are lowered: P-0002 (reviewed by them) falls below its raw mean.
    assert by_ref["P-0002"].calibrated_mean < by_ref["P-0002"].raw_mean
    assert [row.rank for row in ranking.ranked] == [1, 2, 3, 4]
    assert all(row.low <= row.rank <= row.high for row in ranking.ranked)
    assert ranking.groups == 1
    assert len(ranking.reviews) == 9
    assert ranking.unranked == []


def test_ranking_is_deterministic(call, reviewed):
    first = ranking_compute(call)
    again = ranking_compute(call)

    assert [(r.rank, r.low, r.high) for r in first.ranked] == [(r.rank, r.low, r.high) for r in again.ranked]


def test_ranking_lists_proposals_without_reviews_as_unranked(call, reviewed, applicant):
    extra = make_proposal(call, applicant, reference="P-0099")
    make_proposal(call, applicant, reference="P-0100", status="draft")

    ranking = ranking_compute(call)

    assert [p.reference for p in ranking.unranked] == [extra.reference]


def test_ranking_ignores_draft_reviews_and_released_assignments(call, applicant):
    proposal = make_proposal(call, applicant)
    expert, other = make_expert(), make_expert()
    add_review(proposal, expert, 4.0)
    released = add_review(proposal, other, 1.0)
    released.assignment.status = "released"
    released.assignment.save()

    ranking = ranking_compute(call)

    assert [(row.reviews, row.raw_mean) for row in ranking.ranked] == [(1, 4.0)]


def test_ranking_of_a_call_without_reviews_is_empty(call, applicant):
    make_proposal(call, applicant)

    ranking = ranking_compute(call)

    assert (ranking.ranked, len(ranking.unranked), ranking.groups) == ([], 1, 0)
