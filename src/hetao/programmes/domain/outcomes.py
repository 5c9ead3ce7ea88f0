"""The funding outcome of a proposal, as the programmes app records it. The funding app decides; this is the
only way a proposal becomes funded or not funded."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError
from hetao.programmes.enums import ProposalStatus
from hetao.programmes.models import Proposal

DECIDABLE = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW)
DECIDED = (ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED)


def proposal_record_outcome(*, actor: object | None, proposal: Proposal, funded: bool) -> Proposal:
    """Mark a submitted or in-review proposal funded or not funded; its version moves on.

    Raises Conflict ``already_decided`` when it already has an outcome, and DomainError ``not_decidable``
    when it is a draft or withdrawn.
    """
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if current.status in DECIDED:
            raise Conflict(
                "already_decided",
                _("Proposal %(reference)s has already been decided.") % {"reference": current.reference},
            )
        if current.status not in DECIDABLE:
            raise DomainError(
                "not_decidable",
                _("Proposal %(reference)s is %(status)s; only a submitted proposal can be decided.")
                % {"reference": current.reference, "status": current.get_status_display()},
            )
        before = current.status
        current.status = ProposalStatus.FUNDED if funded else ProposalStatus.NOT_FUNDED
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        audit_append(
            actor=actor,
            action="proposal.record_outcome",
            obj=current,
            payload={"reference": current.reference, "from": before, "to": current.status},
        )
    proposal.status = current.status
    proposal.version = current.version
    return current


def call_close_if_decided(*, actor: object | None, call_id: int) -> bool:
    """Move a call in review to ``decided`` once none of its proposals awaits a decision; say whether it moved.

    Called by the funding app after each decision, inside its transaction.
    """
    from hetao.programmes.enums import CallStatus
    from hetao.programmes.models import Call

    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        if call.status != CallStatus.IN_REVIEW:
            return False
        if Proposal.objects.filter(call=call, status__in=DECIDABLE).exists():
            return False
        funded = Proposal.objects.filter(call=call, status=ProposalStatus.FUNDED).count()
        call.status = CallStatus.DECIDED
        call.version += 1
        call.save(update_fields=["status", "version", "updated_at"])
        audit_append(actor=actor, action="call.decided", obj=call, payload={"funded": funded})
    return True
