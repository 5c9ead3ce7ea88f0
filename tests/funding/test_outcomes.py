"""The programmes app's one way to record a funding outcome on a proposal."""

from __future__ import annotations

import pytest

from hetao.audit.models import AuditEvent
from hetao.core.errors import Conflict, DomainError
from hetao.programmes.domain.outcomes import proposal_record_outcome
from tests.funding.factories import make_proposal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "funded", "expected"), [("in_review", True, "funded"), ("submitted", False, "not_funded")]
)
def test_record_outcome_from_review(call, applicant, status, funded, expected):
    proposal = make_proposal(call, applicant, status=status)

    result = proposal_record_outcome(actor=None, proposal=proposal, funded=funded)

    assert (result.status, result.version, proposal.status) == (expected, 2, expected)
    event = AuditEvent.objects.get(action="proposal.record_outcome")
    assert event.payload == {"reference": proposal.reference, "from": status, "to": expected}


def test_record_outcome_twice_is_a_conflict(call, applicant):
    proposal = make_proposal(call, applicant)
    proposal_record_outcome(actor=None, proposal=proposal, funded=True)

    with pytest.raises(Conflict) as raised:
        proposal_record_outcome(actor=None, proposal=proposal, funded=False)

    assert raised.value.code == "already_decided"


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_record_outcome_of_a_draft_or_withdrawn_is_refused(call, applicant, status):
    proposal = make_proposal(call, applicant, status=status)

    with pytest.raises(DomainError) as raised:
        proposal_record_outcome(actor=None, proposal=proposal, funded=True)

    assert raised.value.code == "not_decidable"
    proposal.refresh_from_db()
    assert proposal.status == status
