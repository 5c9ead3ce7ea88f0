"""The demo programmes: an open joint call and a call in review with submitted bilingual proposals, seeded
once (a second run changes nothing)."""

from __future__ import annotations

import random

import pytest

from hetao.programmes.demo import seed_programmes
from hetao.programmes.domain.selectors import call_is_open
from hetao.programmes.models import Proposal, TeamMember
from tests.factories.people import make_affiliation, make_organisation, make_person

pytestmark = pytest.mark.django_db


def test_seed_programmes_is_idempotent(sz_park, hk_park):
    for park in (sz_park, hk_park):
        university = make_organisation(park=park)
        for n in range(4):
            make_affiliation(make_person(family_name_latin=f"{park.code}{n}"), university)

    first = seed_programmes(actor=None, rng=random.Random(7))  # noqa: S311 - reproducible demo data
    again = seed_programmes(actor=None, rng=random.Random(7))  # noqa: S311 - reproducible demo data

    open_call, review_call = first
    assert [c.pk for c in again] == [open_call.pk, review_call.pk]
    assert (call_is_open(open_call), review_call.status) == (True, "in_review")
    assert [p.share_percent for p in open_call.parks.all()] == [50, 50]
    assert [c.code for c in open_call.cost_categories.all()] == ["staff", "equipment", "consumables", "travel", "other"]
    proposals = Proposal.objects.filter(call=review_call)
    # Four people a side, each leading at most two proposals: eight proposals.
    assert (proposals.count(), set(proposals.values_list("status", flat=True))) == (8, {"in_review"})
    for proposal in proposals:
        parks = set(
            TeamMember.objects.filter(proposal=proposal, role="pi").values_list("organisation__park__code", flat=True)
        )
        assert parks == {"SZ", "HK"}
        assert proposal.title_en != ""
        assert proposal.title_zh != ""
