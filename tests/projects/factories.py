"""Projects for the tests: a funded proposal (built with the ORM, as the funding tests do), decided funded
through funding's service so that its award exists, then started through ``project_start``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hetao.funding.domain.services import decision_set
from hetao.programmes.models import Call, TeamMember
from hetao.projects.domain.projects import project_start
from hetao.projects.models import ProgrammeRules, Project
from hetao.zone.domain.services import person_link_user
from tests.factories.people import make_organisation, make_person, make_user, make_user_with_role
from tests.funding.factories import make_funding_call, make_proposal

DEFAULT_BUDGET = [
    ("staff", 1, "CNY", "100000"),
    ("equipment", 1, "CNY", "50000"),
    ("staff", 1, "HKD", "80000"),
    ("equipment", 2, "HKD", "20000"),
]


def make_rules(call: Call, **fields: Any) -> ProgrammeRules:
    lump_sum = fields.pop("lump_sum", ())
    rules, _created = ProgrammeRules.objects.update_or_create(call=call, defaults=fields)
    if lump_sum:
        rules.lump_sum_categories.set(call.cost_categories.filter(code__in=lump_sum))
    return rules


def make_project(
    sz_park: Any,
    hk_park: Any,
    *,
    call: Call | None = None,
    manager: Any = None,
    pi: Any = None,
    budget: list[tuple[str, int, str, str]] | None = None,
    start: date = date(2026, 1, 1),
    duration_months: int = 24,
    language: str = "en",
    rules: dict[str, Any] | None = None,
) -> Project:
    """A started project. ``pi`` (a user; one is made when None) is the principal investigator on the team,
    with a person record linked to the account; ``manager`` (a zone programme manager by default) starts it.
    The call is funded by both parks (CNY and HKD, 50% each) and has the cost categories staff and equipment.
    """
    call = call or make_funding_call(sz_park, hk_park, code=f"call-{Call.objects.count() + 1}")
    if rules is not None:
        make_rules(call, **rules)
    manager = manager or make_user_with_role("programme_manager")
    pi = pi or make_user()
    proposal = make_proposal(call, pi, budget=budget or DEFAULT_BUDGET, language=language)
    proposal.duration_months = duration_months
    proposal.save(update_fields=["duration_months"])
    person = getattr(pi, "person", None) or person_link_user(actor=None, person=make_person(), user=pi)
    organisation = make_organisation(park=sz_park)
    TeamMember.objects.create(proposal=proposal, person=person, organisation=organisation, role="pi", order=0)
    decision_set(actor=manager, proposal=proposal, outcome="funded", version=proposal.version, reason="Funded.")
    proposal.refresh_from_db()
    return project_start(actor=manager, award=proposal.award, start_date=start)


def line(project: Project, category: str, year: int, currency: str) -> Any:
    return project.lines.get(category__code=category, year=year, currency=currency)


def amount(value: str) -> Decimal:
    return Decimal(value)
