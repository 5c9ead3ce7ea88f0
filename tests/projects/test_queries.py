"""Query counts of the projects' lists, as pages and over the API: "My projects", the portfolio, the awards
to start, and a project's own page and detail; three rows take as many queries as one, so an N+1 query fails
here."""

from __future__ import annotations

from datetime import date

import pytest

from hetao.funding.domain.services import decision_set
from hetao.projects.models import Milestone
from tests.factories.api import queries_for_get
from tests.factories.pages import texts
from tests.factories.people import make_user, make_user_with_role
from tests.funding.factories import make_funding_call, make_proposal
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


def _project(sz_park, hk_park, manager, call, pi=None):
    project = make_project(sz_park, hk_park, manager=manager, call=call, pi=pi)
    Milestone.objects.create(project=project, title="Late", due_date=date(2026, 2, 1))
    return project


@pytest.mark.parametrize("who", ["manager", "pi", "auditor"])
def test_my_projects_page_and_endpoint_query_counts_do_not_grow_with_rows(client, sz_park, hk_park, manager, who):
    call = make_funding_call(sz_park, hk_park, code="queries")
    pi = make_user()
    reader = {"manager": manager, "pi": pi, "auditor": make_user_with_role("auditor")}[who]
    client.force_login(reader)
    _project(sz_park, hk_park, manager, call, pi=pi)
    one = (queries_for_get(client, "/projects/"), queries_for_get(client, "/api/projects/projects"))
    _project(sz_park, hk_park, manager, call, pi=pi)
    _project(sz_park, hk_park, manager, call, pi=pi)

    three = (queries_for_get(client, "/projects/"), queries_for_get(client, "/api/projects/projects"))

    assert len(texts(client.get("/projects/").content, "project-row")) == 3
    assert client.get("/api/projects/projects").json()["count"] == 3
    assert three == one


def test_portfolio_page_and_endpoint_query_counts_do_not_grow_with_rows(client, sz_park, hk_park, manager):
    call = make_funding_call(sz_park, hk_park, code="queries")
    client.force_login(manager)
    _project(sz_park, hk_park, manager, call)
    urls = ("/projects/portfolio/", "/projects/portfolio/?overdue=on&park=SZ", "/api/projects/portfolio")
    one = tuple(queries_for_get(client, url) for url in urls)
    _project(sz_park, hk_park, manager, call)
    _project(sz_park, hk_park, manager, call)

    three = tuple(queries_for_get(client, url) for url in urls)

    assert len(texts(client.get("/projects/portfolio/").content, "portfolio-row")) == 3
    assert client.get("/api/projects/portfolio?overdue_only=true").json()["count"] == 3
    assert three == one


def test_portfolio_fragment_query_count_does_not_grow_with_rows(client, sz_park, hk_park, manager):
    call = make_funding_call(sz_park, hk_park, code="queries")
    client.force_login(manager)
    _project(sz_park, hk_park, manager, call)
    one = queries_for_get(client, "/projects/portfolio/?q=PRJ", HTTP_HX_REQUEST="true")
    _project(sz_park, hk_park, manager, call)
    _project(sz_park, hk_park, manager, call)

    three = queries_for_get(client, "/projects/portfolio/?q=PRJ", HTTP_HX_REQUEST="true")

    assert three == one


def _award(call, manager):
    proposal = make_proposal(call, make_user(), budget=[("staff", 1, "CNY", "1000"), ("staff", 1, "HKD", "1000")])
    decision_set(actor=manager, proposal=proposal, outcome="funded", version=proposal.version, reason="Funded.")


def test_start_page_query_count_does_not_grow_with_awards(client, sz_park, hk_park, manager):
    call = make_funding_call(sz_park, hk_park, code="queries")
    client.force_login(manager)
    _award(call, manager)
    one = queries_for_get(client, "/projects/start/")
    _award(call, manager)
    _award(call, manager)

    three = queries_for_get(client, "/projects/start/")

    assert len(texts(client.get("/projects/start/").content, "award-row")) == 3
    assert three == one


def test_project_page_and_endpoint_query_counts_do_not_grow_with_lines(client, sz_park, hk_park, manager):
    pi = make_user()
    client.force_login(pi)
    small = make_project(sz_park, hk_park, manager=manager, pi=pi, budget=[("staff", 1, "CNY", "1000")])
    Milestone.objects.create(project=small, title="Late", due_date=date(2026, 2, 1))
    one = (
        queries_for_get(client, f"/projects/{small.pk}/"),
        queries_for_get(client, f"/api/projects/projects/{small.pk}"),
        queries_for_get(client, f"/projects/{small.pk}/statement/print/"),
    )
    lines = [("staff", 1, "CNY", "1000"), ("equipment", 1, "HKD", "1000"), ("staff", 2, "HKD", "1000")]
    large = make_project(sz_park, hk_park, manager=manager, pi=pi, budget=lines)
    for title in ("Late", "Later", "Latest"):
        Milestone.objects.create(project=large, title=title, due_date=date(2026, 2, 1))

    three = (
        queries_for_get(client, f"/projects/{large.pk}/"),
        queries_for_get(client, f"/api/projects/projects/{large.pk}"),
        queries_for_get(client, f"/projects/{large.pk}/statement/print/"),
    )

    assert len(texts(client.get(f"/projects/{large.pk}/").content, "statement-line")) == 3
    assert three == one
