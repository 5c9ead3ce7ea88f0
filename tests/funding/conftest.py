from __future__ import annotations

import pytest

from tests.factories.people import make_user, make_user_with_role
from tests.funding.factories import make_expert, make_funding_call, make_proposal, review_all


@pytest.fixture
def manager(zone):
    return make_user_with_role("programme_manager")


@pytest.fixture
def applicant(db):
    return make_user()


@pytest.fixture
def call(sz_park, hk_park):
    return make_funding_call(sz_park, hk_park)


@pytest.fixture
def reviewed(call, applicant):
    """Four proposals, each asking 100,000 CNY + 100,000 HKD; three reviewers, reviewer 2 lenient by one point.

    Calibrated order: P0 > P1 > P2 > P3.
    """
    proposals = [
        make_proposal(
            call, applicant, budget=[("staff", 1, "CNY", "100000"), ("equipment", 1, "HKD", "100000")], reference=ref
        )
        for ref in ("P-0001", "P-0002", "P-0003", "P-0004")
    ]
    experts = [make_expert() for _ in range(3)]
    review_all(
        proposals,
        experts,
        [
            [5.0, 4.8, None],
            [4.0, None, 5.0],
            [None, 3.0, 4.0],
            [2.0, 2.1, 3.0],
        ],
    )
    return proposals, experts
