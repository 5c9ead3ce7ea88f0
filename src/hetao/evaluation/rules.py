"""Who may do what in evaluation. Programme managers of the whole zone, or of a park funding the call,
manage its pool, conflicts and assignment (object: the call). A reviewer reviews only the proposals assigned
to them (object: the proposal); everyone else is answered 404, so a proposal's existence does not leak."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def manages_call(user: Any, call: Any = None) -> bool:
    from hetao.evaluation.domain.selectors import may_manage_call

    return may_manage_call(user, call)


@rules.predicate
def is_assigned_reviewer(user: Any, proposal: Any = None) -> bool:
    from hetao.evaluation.domain.selectors import reviewer_assignment

    if proposal is None:
        return False
    return reviewer_assignment(user, proposal.pk) is not None


rules.add_perm("evaluation.manage_call", rules.is_authenticated & manages_call)
rules.add_perm("evaluation.review_proposal", rules.is_authenticated & is_assigned_reviewer)
