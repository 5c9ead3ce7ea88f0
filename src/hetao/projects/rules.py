"""Who may read, work on and manage a project (the same predicates the pages, API and templates use)."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def views_project(user: Any, project: Any) -> bool:
    from hetao.projects.domain.access import may_view_project

    return project is not None and may_view_project(user, project)


@rules.predicate
def works_on_project(user: Any, project: Any) -> bool:
    from hetao.projects.domain.access import may_work_on_project

    return project is not None and may_work_on_project(user, project)


@rules.predicate
def manages_project(user: Any, project: Any) -> bool:
    from hetao.projects.domain.access import may_manage_project

    return project is not None and may_manage_project(user, project)


@rules.predicate
def manages_rates(user: Any) -> bool:
    from hetao.accounts.domain.selectors import has_zone_role
    from hetao.accounts.enums import Role

    return has_zone_role(user, Role.PARK_ADMIN)


rules.add_perm("projects.view_project", rules.is_authenticated & views_project)
rules.add_perm("projects.work_on_project", rules.is_authenticated & works_on_project)
rules.add_perm("projects.manage_project", rules.is_authenticated & manages_project)
rules.add_perm("projects.manage_rates", rules.is_authenticated & manages_rates)
