"""Who may do what with a project. Managers are the programme managers and park administrators of the zone
or of a park that funds the project's call (funding's rule); auditors of the zone read every project; the
project's active investigators and finance officers (members with an account) work on it; the lead is the
principal investigator who holds the award."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from hetao.accounts.domain.selectors import has_zone_role
from hetao.accounts.enums import Role
from hetao.funding.domain.selectors import calls_managed_by, may_manage_call
from hetao.projects.enums import MemberRole
from hetao.projects.models import Project

# Members who may record expenditure and submit reports: investigators and finance officers.
WORKING_ROLES = (MemberRole.PRINCIPAL_INVESTIGATOR, MemberRole.CO_INVESTIGATOR, MemberRole.FINANCE_OFFICER)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_auditor(user: Any) -> bool:
    return _authenticated(user) and has_zone_role(user, Role.AUDITOR)


def may_manage_project(user: Any, project: Project) -> bool:
    return _authenticated(user) and may_manage_call(user, project.call)


def member_roles(user: Any, project: Project) -> set[str]:
    """The active roles the user holds on the project's team (the lead counts as principal investigator)."""
    if not _authenticated(user):
        return set()
    roles = {
        str(role) for role in project.members.filter(active=True, person__user=user).values_list("role", flat=True)
    }
    if project.lead_id == user.pk:
        roles.add(str(MemberRole.PRINCIPAL_INVESTIGATOR))
    return roles


def may_work_on_project(user: Any, project: Project) -> bool:
    """Record expenditure, request virements and amendments, submit reports: the investigators and finance
    officers of the project."""
    return bool(member_roles(user, project) & {str(r) for r in WORKING_ROLES})


def may_view_project(user: Any, project: Project) -> bool:
    return may_manage_project(user, project) or is_auditor(user) or bool(member_roles(user, project))


def projects_visible_to(user: Any) -> QuerySet[Project]:
    """Every project the user may read: all of them for auditors and zone-wide managers, those of the calls
    they manage, and those they are on the team of."""
    if not _authenticated(user):
        return Project.objects.none()
    if is_auditor(user):
        return Project.objects.all()
    managed = calls_managed_by(user).values("pk")
    return Project.objects.filter(
        Q(call__in=managed) | Q(lead=user) | Q(members__active=True, members__person__user=user)
    ).distinct()
