"""Who may do what with calls and proposals. Calls are prepared and run by zone-wide programme managers and
park administrators; anyone signed in may apply; a proposal is changed by its creator and the team members
who have an account, and read also by the administrators of a team organisation and, once sent in, by the
call's managers."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def manages_calls(user: Any) -> bool:
    from hetao.programmes.domain.selectors import may_manage_calls

    return may_manage_calls(user)


@rules.predicate
def may_apply(user: Any) -> bool:
    from hetao.programmes.domain.selectors import may_apply as check

    return check(user)


@rules.predicate
def sees_call(user: Any, call: Any) -> bool:
    from hetao.programmes.domain.selectors import calls_visible_to

    return call is not None and calls_visible_to(user).filter(pk=call.pk).exists()


@rules.predicate
def sees_proposal(user: Any, proposal: Any) -> bool:
    from hetao.programmes.domain.selectors import proposals_visible_to

    return proposal is not None and proposals_visible_to(user).filter(pk=proposal.pk).exists()


@rules.predicate
def edits_proposal(user: Any, proposal: Any) -> bool:
    from hetao.programmes.domain.selectors import may_edit_proposal

    return proposal is not None and may_edit_proposal(user, proposal)


@rules.predicate
def applies_with_proposal(user: Any, proposal: Any) -> bool:
    from hetao.programmes.domain.selectors import is_applicant

    return proposal is not None and is_applicant(user, proposal)


rules.add_perm("programmes.manage_calls", rules.is_authenticated & manages_calls)
rules.add_perm("programmes.view_call", sees_call)
rules.add_perm("programmes.apply", rules.is_authenticated & may_apply)
rules.add_perm("programmes.view_proposal", rules.is_authenticated & sees_proposal)
rules.add_perm("programmes.change_proposal", rules.is_authenticated & edits_proposal)
rules.add_perm("programmes.submit_proposal", rules.is_authenticated & applies_with_proposal)
