"""The demo seeding of evaluation: pool, conflicts, assignment and reviews, and nothing more a second time."""

from __future__ import annotations

import random

import pytest

from hetao.evaluation.demo import seed_evaluation
from hetao.evaluation.models import Assignment, AssignmentRun, CallReviewer, Review
from tests.evaluation.factories import make_call, make_expert, simple_proposal
from tests.factories.people import make_user_with_role

pytestmark = pytest.mark.django_db


def test_seed_evaluation_is_idempotent(sz_park, hk_park):
    manager = make_user_with_role("programme_manager")
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=2, reviewer_load_max=3)
    for _ in range(4):
        simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    experts = [make_expert(park=park) for park in (sz_park, hk_park, None, None)]

    first = seed_evaluation(actor=manager, call=call, experts=experts, rng=random.Random(7), review_share=1.0)  # noqa: S311 - demo data
    second = seed_evaluation(actor=manager, call=call, experts=experts, rng=random.Random(7), review_share=1.0)  # noqa: S311 - demo data

    assert (first["pool_added"], first["runs"], first["reviews"]) == (4, 1, 8)
    assert (second["pool_added"], second["runs"], second["reviews"]) == (0, 0, 0)
    assert (CallReviewer.objects.count(), AssignmentRun.objects.count()) == (4, 1)
    assert Assignment.objects.filter(status="active").count() == 8
    reviews = Review.objects.all()
    assert all(r.status == "submitted" and 1 <= r.overall <= 5 for r in reviews)
