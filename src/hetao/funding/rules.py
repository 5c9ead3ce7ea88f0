"""Who may rank, propose and confirm funding, and who may read a decision's letter and award. Managers of a
call are programme managers and park administrators of the zone or of a park that funds it; the applicants
of a proposal (its author and team members with an account) may read its letter and award."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def manages_call(user: Any, call: Any) -> bool:
    from hetao.funding.domain.selectors import may_manage_call

    return call is not None and may_manage_call(user, call)


@rules.predicate
def sees_decision(user: Any, proposal: Any) -> bool:
    from hetao.funding.domain.selectors import may_see_decision

    return proposal is not None and may_see_decision(user, proposal)


rules.add_perm("funding.manage_call", rules.is_authenticated & manages_call)
rules.add_perm("funding.view_decision", rules.is_authenticated & sees_decision)
