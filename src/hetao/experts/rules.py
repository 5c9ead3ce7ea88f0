"""Who may do what with the pool of experts. Programme managers and park administrators (any scope) manage
the pool; auditors of the zone read it; an expert (their directory record linked to the user account) reads
their own record and edits their statements, keywords, publications and declarations, but not their load or
availability. Anyone else does not see an expert at all (404)."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def manages_pool(user: Any) -> bool:
    from hetao.experts.domain.selectors import may_manage_pool

    return may_manage_pool(user)


@rules.predicate
def views_pool(user: Any) -> bool:
    from hetao.experts.domain.selectors import may_view_pool

    return may_view_pool(user)


@rules.predicate
def is_the_expert(user: Any, expert: Any) -> bool:
    from hetao.experts.domain.selectors import is_own

    return expert is not None and is_own(user, expert)


rules.add_perm("experts.view_pool", rules.is_authenticated & views_pool)
rules.add_perm("experts.add_expert", rules.is_authenticated & manages_pool)
rules.add_perm("experts.view_expert", rules.is_authenticated & (views_pool | is_the_expert))
# Statements, keywords, publications and declarations.
rules.add_perm("experts.change_expert", rules.is_authenticated & (manages_pool | is_the_expert))
# Load and availability: what the programme managers plan with.
rules.add_perm("experts.manage_expert", rules.is_authenticated & manages_pool)
