"""Demo data for funding: one confirmed funding round (rank order with a lottery) for a call whose reviews are
in. Idempotent: a call that already has a confirmed round is left as it is."""

from __future__ import annotations

import random

from hetao.core.errors import DomainError
from hetao.funding.domain.services import SEED_BITS, funding_round_confirm, funding_round_propose
from hetao.funding.enums import FundingMethod, RoundStatus
from hetao.funding.models import FundingRound
from hetao.programmes.models import Call


def seed_funding(*, actor: object | None, call: Call, rng: random.Random) -> FundingRound | None:
    """Propose and confirm a round for ``call`` with a seed from ``rng``; None when nothing can be decided."""
    existing = FundingRound.objects.filter(call=call, status=RoundStatus.CONFIRMED).order_by("pk").first()
    if existing is not None:
        return existing
    try:
        proposed = funding_round_propose(
            actor=actor, call=call, method=FundingMethod.RANK_ORDER, lottery=True, seed=rng.getrandbits(SEED_BITS)
        )
    except DomainError as exc:
        if exc.code == "nothing_to_decide":
            return None
        raise
    return funding_round_confirm(actor=actor, funding_round=proposed, version=proposed.version)
