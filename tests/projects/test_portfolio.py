"""The manager's portfolio: burn rate against elapsed time (hand-checked figures), overdue items, filters, the
page with its htmx partial update, the API, and who may see it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from hetao.projects.domain.portfolio import (
    PortfolioFilters,
    elapsed_fraction,
    portfolio_rows,
    portfolio_search,
)
from hetao.projects.models import BudgetLine, Milestone, Project, Report
from tests.factories.pages import inline_code, text, texts
from tests.factories.people import make_user, make_user_with_role
from tests.funding.factories import make_funding_call
from tests.projects.factories import line, make_project

pytestmark = pytest.mark.django_db

# A project from 1 January to 31 December 2026: 364 days from start to end, so 2 July is half-way.
START = date(2026, 1, 1)
HALF_WAY = date(2026, 7, 2)


def _spend(project, category: str, year: int, currency: str, amount: str) -> None:
    """Recorded expenditure, simulated: the line's ``spent`` set directly (test setup)."""
    BudgetLine.objects.filter(pk=line(project, category, year, currency).pk).update(spent=Decimal(amount))


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


@pytest.fixture
def half_way(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: HALF_WAY)
    return HALF_WAY


def _one_year_project(sz_park, hk_park, manager, **kwargs):
    return make_project(sz_park, hk_park, manager=manager, start=START, duration_months=12, **kwargs)


# --- Figures ----------------------------------------------------------------------------------------------


def test_burn_rate_against_elapsed_time_half_way_with_a_quarter_spent(sz_park, hk_park, manager):
    project = _one_year_project(sz_park, hk_park, manager)
    _spend(project, "staff", 1, "CNY", "37500")  # of 150,000 CNY: 25%
    _spend(project, "staff", 1, "HKD", "65000")  # of 100,000 HKD: 65%

    [row] = portfolio_rows(portfolio_search(manager, today=HALF_WAY), today=HALF_WAY)

    assert (project.start_date, project.end_date) == (date(2026, 1, 1), date(2026, 12, 31))
    assert row.elapsed == Decimal("0.5")
    assert row.elapsed_percent == Decimal("50.0")
    figures = [(c.currency, c.budget, c.spent, c.burn, c.burn_percent, c.pace) for c in row.currencies]
    assert figures == [
        ("CNY", Decimal("150000.00"), Decimal("37500.00"), Decimal("0.25"), Decimal("25.0"), "behind"),
        ("HKD", Decimal("100000.00"), Decimal("65000.00"), Decimal("0.65"), Decimal("65.0"), "ahead"),
    ]


def test_pace_is_on_track_within_ten_points_of_elapsed_time(sz_park, hk_park, manager):
    project = _one_year_project(sz_park, hk_park, manager)
    _spend(project, "staff", 1, "CNY", "60000")  # 40%: 10 points behind 50%, still on track
    _spend(project, "staff", 1, "HKD", "60000")  # 60%: 10 points ahead, still on track

    [row] = portfolio_rows(portfolio_search(manager, today=HALF_WAY), today=HALF_WAY)

    assert [(c.burn_percent, c.pace) for c in row.currencies] == [
        (Decimal("40.0"), "on_track"),
        (Decimal("60.0"), "on_track"),
    ]


def test_elapsed_time_is_capped_to_zero_and_one(sz_park, hk_park, manager):
    project = _one_year_project(sz_park, hk_park, manager)

    assert elapsed_fraction(project, date(2025, 12, 1)) == Decimal(0)
    assert elapsed_fraction(project, START) == Decimal(0)
    assert elapsed_fraction(project, date(2026, 12, 31)) == Decimal(1)
    assert elapsed_fraction(project, date(2027, 6, 1)) == Decimal(1)


def test_overdue_counts_reports_due_or_returned_and_milestones_not_reached(sz_park, hk_park, manager):
    project = make_project(sz_park, hk_park, manager=manager)  # 2026-01-01 to 2027-12-31
    progress = project.reports.get(kind="progress", number=1)  # due 2027-01-01
    Milestone.objects.create(project=project, title="Late", due_date=date(2027, 2, 1))
    Milestone.objects.create(project=project, title="Reached", due_date=date(2027, 2, 1), done_on=date(2027, 1, 20))
    Milestone.objects.create(project=project, title="Later", due_date=date(2027, 6, 1))
    Milestone.objects.create(project=project, title="Due today", due_date=date(2027, 3, 1))
    day = date(2027, 3, 1)

    def counts():
        found = portfolio_search(manager, today=day).get(pk=project.pk)
        return (found.overdue_reports, found.overdue_milestones)

    assert counts() == (1, 1)
    Report.objects.filter(pk=progress.pk).update(status="returned")
    assert counts() == (1, 1)
    Report.objects.filter(pk=progress.pk).update(status="submitted")
    assert counts() == (0, 1)


# --- Filters ----------------------------------------------------------------------------------------------


def test_portfolio_filters_by_call_status_park_overdue_and_text(sz_park, hk_park, manager):
    other_call = make_funding_call(sz_park, hk_park, code="other-call")
    first = make_project(sz_park, hk_park, manager=manager)
    in_other_call = make_project(sz_park, hk_park, manager=manager, call=other_call)
    shenzhen_only = make_project(sz_park, hk_park, manager=manager, budget=[("staff", 1, "CNY", "100000")])
    Project.objects.filter(pk=in_other_call.pk).update(status="in_acceptance", title="Tidal energy from the bay")
    Milestone.objects.create(project=first, title="Late", due_date=date(2026, 2, 1))
    day = date(2026, 3, 1)

    def refs(**filters):
        return [p.reference for p in portfolio_search(manager, PortfolioFilters(**filters), today=day)]

    everything = sorted([first.reference, in_other_call.reference, shenzhen_only.reference])
    assert refs() == everything
    assert refs(call=other_call.pk) == [in_other_call.reference]
    assert refs(status="in_acceptance") == [in_other_call.reference]
    assert refs(park="HK") == sorted([first.reference, in_other_call.reference])
    assert refs(park="SZ") == everything
    assert refs(overdue_only=True) == [first.reference]
    assert refs(query="tidal") == [in_other_call.reference]
    assert refs(query=shenzhen_only.reference.lower()) == [shenzhen_only.reference]
    assert refs(park="HK", status="active") == [first.reference]


def test_portfolio_of_a_park_manager_holds_the_calls_their_park_funds(zone, sz_park, hk_park, manager):
    from tests.factories.people import make_extra_park

    other_park = make_extra_park(zone)
    funded_by_sz = make_project(sz_park, hk_park, manager=manager)
    park_manager = make_user_with_role("park_admin", scope="park", park=sz_park)
    outsider = make_user_with_role("park_admin", scope="park", park=other_park)

    assert [p.pk for p in portfolio_search(park_manager)] == [funded_by_sz.pk]
    assert list(portfolio_search(outsider)) == []
    assert list(portfolio_search(make_user())) == []
    assert [p.pk for p in portfolio_search(make_user_with_role("auditor"))] == [funded_by_sz.pk]


# --- Page -------------------------------------------------------------------------------------------------


def test_portfolio_page_shows_burn_rate_against_elapsed_time_as_numbers_and_bars(
    client, sz_park, hk_park, manager, half_way
):
    project = _one_year_project(sz_park, hk_park, manager)
    _spend(project, "staff", 1, "CNY", "37500")
    client.force_login(manager)

    response = client.get("/projects/portfolio/")

    html = response.content
    assert response.status_code == 200
    assert texts(html, "portfolio-reference") == [project.reference]
    assert text(html, "elapsed") == "50.0%"
    assert texts(html, "burn-percent") == ["25.0%", "0.0%"]
    assert texts(html, "pace") == ["Behind", "Behind"]
    assert b'<meter class="bar bar--spent" min="0" max="100" value="25.0">' in html
    assert b'<progress class="bar bar--time" max="100" value="50.0">' in html
    assert inline_code(html) == []


def test_portfolio_page_filters_with_an_htmx_partial_update(client, sz_park, hk_park, manager, half_way):
    late = _one_year_project(sz_park, hk_park, manager)
    _one_year_project(sz_park, hk_park, manager)
    Milestone.objects.create(project=late, title="Late", due_date=date(2026, 6, 1))
    client.force_login(manager)

    response = client.get("/projects/portfolio/?overdue=on", HTTP_HX_REQUEST="true")

    html = response.content
    assert b"<html" not in html
    assert texts(html, "portfolio-reference") == [late.reference]
    assert texts(html, "overdue") == ["1"]
    assert "HX-Request" in response["Vary"]


def test_portfolio_page_ignores_an_unknown_filter_value(client, sz_park, hk_park, manager, half_way):
    project = _one_year_project(sz_park, hk_park, manager)
    client.force_login(manager)

    html = client.get("/projects/portfolio/?park=ZZ&call=abc").content

    assert texts(html, "portfolio-reference") == [project.reference]


def test_portfolio_page_is_404_for_investigators(client, sz_park, hk_park, manager):
    pi = make_user()
    _one_year_project(sz_park, hk_park, manager, pi=pi)
    client.force_login(pi)

    assert client.get("/projects/portfolio/").status_code == 404


# --- API --------------------------------------------------------------------------------------------------


def test_portfolio_endpoint_gives_figures_and_filters(client, sz_park, hk_park, manager, half_way):
    project = _one_year_project(sz_park, hk_park, manager)
    other = _one_year_project(sz_park, hk_park, manager)
    _spend(project, "staff", 1, "CNY", "37500")
    Milestone.objects.create(project=project, title="Late", due_date=date(2026, 6, 1))
    client.force_login(manager)

    everything = client.get("/api/projects/portfolio").json()
    overdue = client.get("/api/projects/portfolio?overdue_only=true").json()

    assert everything["count"] == 2
    assert [item["reference"] for item in everything["items"]] == sorted([project.reference, other.reference])
    assert overdue["count"] == 1
    [item] = overdue["items"]
    assert (item["reference"], item["elapsed_percent"], item["overdue_milestones"]) == (project.reference, "50.0", 1)
    assert item["currencies"][0] == {
        "currency": "CNY",
        "budget": "150000.00",
        "spent": "37500.00",
        "burn_percent": "25.0",
        "pace": "behind",
    }


def test_portfolio_endpoint_is_404_for_investigators(client, sz_park, hk_park, manager):
    pi = make_user()
    _one_year_project(sz_park, hk_park, manager, pi=pi)
    client.force_login(pi)

    assert client.get("/api/projects/portfolio").status_code == 404


def test_every_project_action_in_the_ledger_has_a_readable_label():
    import re
    from pathlib import Path

    from hetao.projects.domain.portfolio import ACTION_LABELS

    domain = Path(__file__).resolve().parents[2] / "src" / "hetao" / "projects" / "domain"
    source = "\n".join(p.read_text() for p in domain.glob("*.py"))
    actions = set(re.findall(r'"(project\.[a-z_]+)"', source)) - {"project.project"}
    assert actions - set(ACTION_LABELS) == set()
