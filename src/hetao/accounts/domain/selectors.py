"""Who holds which role where. Other apps ask these questions; they never read the role tables directly."""

from __future__ import annotations

from typing import Any

from hetao.accounts.enums import Role, Scope
from hetao.accounts.models import RoleAssignment

_CACHE_ATTR = "_hetao_role_assignments"


def role_assignments(user: Any) -> list[RoleAssignment]:
    """The user's role assignments, read once per user object (so once per request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached: list[RoleAssignment] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user_id=user.pk).select_related("organisation"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(
    user: Any,
    role: Role | str,
    *,
    park_id: int | None = None,
    organisation_id: int | None = None,
    anywhere: bool = False,
) -> bool:
    """Whether the user holds ``role`` over the given park or organisation.

    A zone-wide assignment covers everything; a park assignment covers that park and the organisations in
    it; an organisation assignment covers only that organisation. ``anywhere`` asks whether the user holds
    the role over any scope at all.
    """
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    for assignment in role_assignments(user):
        if assignment.role != role:
            continue
        if anywhere or assignment.scope == Scope.ZONE:
            return True
        if assignment.scope == Scope.PARK and park_id is not None and assignment.park_id == park_id:
            return True
        if assignment.scope == Scope.ORGANISATION and assignment.organisation_id == organisation_id is not None:
            return True
    return False


def has_zone_role(user: Any, role: Role | str) -> bool:
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    return any(a.role == role and a.scope == Scope.ZONE for a in role_assignments(user))


def scoped_ids(user: Any, role: Role | str) -> tuple[bool, set[int], set[int]]:
    """(zone-wide?, park ids, organisation ids) over which the user holds ``role``; for list filters."""
    zone_wide = bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))
    parks: set[int] = set()
    organisations: set[int] = set()
    for a in role_assignments(user):
        if a.role != role:
            continue
        if a.scope == Scope.ZONE:
            zone_wide = True
        elif a.scope == Scope.PARK and a.park_id is not None:
            parks.add(a.park_id)
        elif a.scope == Scope.ORGANISATION and a.organisation_id is not None:
            organisations.add(a.organisation_id)
    return zone_wide, parks, organisations
