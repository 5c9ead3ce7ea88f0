"""The demo seeder: one confirmed round, and nothing more when run again."""
# ruff: noqa: S311 - a seeded PRNG stands in for the demo's; nothing secret

from __future__ import annotations

import random

import pytest

from hetao.funding.demo import seed_funding
from hetao.funding.domain.services import funding_round_replay
from hetao.funding.models import Decision, FundingRound

pytestmark = pytest.mark.django_db


def test_seed_funding_confirms_one_round_and_is_idempotent(call, reviewed, manager):
    first = seed_funding(actor=manager, call=call, rng=random.Random(1))
    again = seed_funding(actor=manager, call=call, rng=random.Random(2))

    assert first is not None
    assert (first.status, again.pk, FundingRound.objects.count(), Decision.objects.count()) == (
        "confirmed",
        first.pk,
        1,
        4,
    )
    assert first.seed == random.Random(1).getrandbits(63)
    assert funding_round_replay(first) is True


def test_seed_funding_without_reviews_does_nothing(call, manager):
    assert seed_funding(actor=manager, call=call, rng=random.Random(1)) is None
    assert FundingRound.objects.count() == 0


def test_seed_funding_as_the_system(call, reviewed):
    confirmed = seed_funding(actor=None, call=call, rng=random.Random(5))

    assert (confirmed.created_by, confirmed.confirmed_by) == (None, None)
    assert set(Decision.objects.values_list("decided_by", flat=True)) == {None}
