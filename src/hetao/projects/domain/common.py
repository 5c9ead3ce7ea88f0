"""What every project service shares: the locked, open project; the actor; money values from rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from hetao.core.errors import Conflict, DomainError, PermissionDenied
from hetao.engines.money import Money
from hetao.projects.domain import access
from hetao.projects.enums import ProjectStatus
from hetao.projects.models import BudgetLine, ProgrammeRules, Project


def actor_user(actor: object | None) -> Any:
    """The acting user; services that record who acted need one."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("forbidden", _("Sign in to do this."))
    return actor


def lock_project(project: Project) -> Project:
    """The project's row, locked for the transaction, closed or not: only for recording what a closing itself
    set off (the remittance of the final instalment that acceptance released)."""
    return Project.objects.select_for_update().get(pk=project.pk)


def lock_open_project(project: Project) -> Project:
    """The project's row, locked for the transaction; refused (``project_closed``) once the project is closed.
    Every service that changes a project calls this first, so a closed project refuses every change and two
    changes to one project take turns. Locks, always in this order: the project, then its budget lines by id,
    then the rows of the thing changed."""
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.status == ProjectStatus.CLOSED:
        raise Conflict(
            "project_closed",
            _("Project %(reference)s is closed: it cannot be changed.") % {"reference": current.reference},
        )
    return current


def lock_lines(project: Project, ids: list[int]) -> dict[int, BudgetLine]:
    """Budget lines of the project, locked in id order (so that two services never wait on each other)."""
    lines = BudgetLine.objects.select_for_update().filter(project=project, pk__in=sorted(set(ids))).order_by("pk")
    found = {line.pk: line for line in lines}
    if len(found) != len(set(ids)):
        raise DomainError("unknown_line", _("There is no such budget line in this project."), field="line")
    return found


def require_manager(user: Any, project: Project) -> None:
    if not access.may_manage_project(user, project):
        raise PermissionDenied("forbidden", _("Only the programme's managers may do this."))


def require_worker(user: Any, project: Project) -> None:
    if not access.may_work_on_project(user, project):
        raise PermissionDenied("forbidden", _("Only the project's investigators and finance officers may do this."))


def rules_for(project: Project) -> ProgrammeRules:
    """The programme's rules for projects, or the defaults when the call has none (not saved)."""
    found = ProgrammeRules.objects.filter(call_id=project.call_id).first()
    return found if found is not None else ProgrammeRules(call_id=project.call_id)


def money(amount: Decimal, currency: str) -> Money:
    return Money(Decimal(amount), currency)
