"""Template tags of screening: where the main navigation's screening link goes, if anywhere."""

from __future__ import annotations

from typing import Any

from django import template

from hetao.screening.domain.selectors import may_read_screening, may_screen

register = template.Library()


@register.simple_tag
def screening_nav(user: Any) -> str:
    """``screen`` for those who may screen, ``history`` for those who may only read, else "".

    Asked of the role assignments directly (read once per request), not through ``has_perm``: Django's model
    backend would load the user's model permissions on every page for nothing."""
    if may_screen(user):
        return "screen"
    if may_read_screening(user):
        return "history"
    return ""
