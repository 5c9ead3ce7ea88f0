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


def test_call_is_decided_once_no_proposal_awaits_a_decision(call, applicant):
    from hetao.programmes.domain.outcomes import call_close_if_decided
    from hetao.programmes.enums import CallStatus

    call.status = CallStatus.IN_REVIEW
    call.save()
    first = make_proposal(call, applicant)
    second = make_proposal(call, applicant)
    proposal_record_outcome(actor=None, proposal=first, funded=True)
    assert call_close_if_decided(actor=None, call_id=call.pk) is False
    call.refresh_from_db()
    assert call.status == CallStatus.IN_REVIEW
    proposal_record_outcome(actor=None, proposal=second, funded=False)
    assert call_close_if_decided(actor=None, call_id=call.pk) is True
    call.refresh_from_db()
    assert call.status == CallStatus.DECIDED
    assert AuditEvent.objects.filter(action="call.decided").count() == 1
    assert call_close_if_decided(actor=None, call_id=call.pk) is False
