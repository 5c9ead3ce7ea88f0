"""The programme entries of the main navigation, for the signed-in user's roles."""

from __future__ import annotations

from typing import Any

from django import template

from hetao.accounts.domain.selectors import has_role
from hetao.accounts.enums import Role
from hetao.experts.domain.selectors import may_view_pool, own_expert

register = template.Library()


@register.simple_tag
def programme_nav(user: Any) -> dict[str, bool]:
    """Which programme links to show: calls and proposals to anyone signed in, reviews to experts, the pool,
    evaluation and funding to programme managers and park administrators."""
    if not getattr(user, "is_authenticated", False):
        return {}
    manages = any(has_role(user, role, anywhere=True) for role in (Role.PROGRAMME_MANAGER, Role.PARK_ADMIN))
    return {
        "programmes": True,
        "reviews": own_expert(user) is not None,
        "experts": may_view_pool(user),
        "manage": manages,
    }
