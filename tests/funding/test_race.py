"""Concurrent deciders on PostgreSQL: the call row is locked while deciding, so two managers deciding the same
proposal get one decision and one clear error, and two fundings that together overdraw a budget cannot both
pass."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hetao.audit.domain.selectors import ledger_verify
from hetao.core.errors import DomainError
from hetao.funding.domain.selectors import pools_for
from hetao.funding.domain.services import decision_set
from hetao.funding.models import Decision
from tests.factories.people import make_user, make_user_with_role
from tests.factories.race import race
from tests.funding.factories import make_funding_call, make_proposal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_managers_deciding_one_proposal_one_wins(zone, sz_park, hk_park):
    call = make_funding_call(sz_park, hk_park, code="race")
    proposal = make_proposal(call, make_user())
    first, second = make_user_with_role("programme_manager"), make_user_with_role("park_admin")
    version = proposal.version

    outcomes = race(
        [
            lambda: decision_set(actor=first, proposal=proposal, outcome="funded", version=version, reason="A."),
            lambda: decision_set(actor=second, proposal=proposal, outcome="not_funded", version=version, reason="B."),
        ]
    )

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    wins = [o for o in outcomes if isinstance(o, Decision)]
    assert (len(wins), len(errors)) == (1, 1)
    assert isinstance(errors[0], DomainError)
    assert errors[0].code in {"already_decided", "stale_version"}
    assert Decision.objects.get().outcome == wins[0].outcome
    proposal.refresh_from_db()
    assert proposal.status == wins[0].outcome
    assert ledger_verify().ok


def test_two_fundings_that_together_overdraw_a_budget_cannot_both_pass(zone, sz_park, hk_park):
    call = make_funding_call(sz_park, hk_park, code="race-budget", sz_budget="150000")
    applicant = make_user()
    proposals = [make_proposal(call, applicant) for _ in range(2)]
    managers = [make_user_with_role("programme_manager") for _ in range(2)]

    outcomes = race(
        [
            (lambda p=p, m=m: decision_set(actor=m, proposal=p, outcome="funded", version=p.version, reason="Go."))
            for p, m in zip(proposals, managers, strict=True)
        ]
    )

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 1
    assert getattr(errors[0], "code", None) == "over_budget"
    assert Decision.objects.filter(outcome="funded").count() == 1
    assert pools_for(call)[0].available == Decimal("50000.00")
