"""The investigator's project page (budget against actual per line and currency, what is due next, history),
"My projects", the project's API detail, starting projects from awards (page and API), and who may see what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from hetao.funding.domain.services import decision_set
from hetao.projects.models import BudgetLine, Milestone, Project
from tests.factories.api import bearer, json_post, make_token
from tests.factories.pages import inline_code, text, texts
from tests.factories.people import make_user, make_user_with_role
from tests.funding.factories import make_funding_call, make_proposal
from tests.projects.factories import line, make_project

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 1)


@pytest.fixture
def today(monkeypatch):
    """The zone's date, fixed (time is outside the code under test)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def _spend(project, category: str, year: int, currency: str, amount: str) -> BudgetLine:
    """Recorded expenditure, simulated: the line's ``spent`` set directly (test setup)."""
    found = line(project, category, year, currency)
    BudgetLine.objects.filter(pk=found.pk).update(spent=Decimal(amount))
    return found


# --- The project page -------------------------------------------------------------------------------------


def test_project_page_shows_budget_against_actual_per_line_and_currency(client, sz_park, hk_park, today):
    pi = make_user()
    project = make_project(sz_park, hk_park, pi=pi)
    _spend(project, "staff", 1, "CNY", "25000")
    _spend(project, "staff", 1, "HKD", "10000.50")
    client.force_login(pi)

    response = client.get(f"/projects/{project.pk}/")

    assert response.status_code == 200
    html = response.content
    # By year, then category, then currency.
    assert texts(html, "line-category") == ["Staff", "Staff", "Equipment", "Equipment"]
    assert texts(html, "line-budget") == ["CN¥100,000.00", "HK$80,000.00", "CN¥50,000.00", "HK$20,000.00"]
    assert texts(html, "line-spent") == ["CN¥25,000.00", "HK$10,000.50", "CN¥0.00", "HK$0.00"]
    assert texts(html, "line-available") == ["CN¥75,000.00", "HK$69,999.50", "CN¥50,000.00", "HK$20,000.00"]
    assert texts(html, "total-budget") == ["CN¥150,000.00", "HK$100,000.00"]
    assert texts(html, "total-spent") == ["CN¥25,000.00", "HK$10,000.50"]
    assert texts(html, "total-available") == ["CN¥125,000.00", "HK$89,999.50"]
    assert inline_code(html) == []


def test_project_page_in_chinese_names_categories_and_money_in_chinese(client, sz_park, hk_park, today):
    pi = make_user()
    project = make_project(sz_park, hk_park, pi=pi)
    client.force_login(pi)

    html = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content

    assert texts(html, "line-category") == ["人员", "人员", "设备", "设备"]
    assert texts(html, "total-budget") == ["¥150,000.00", "HK$100,000.00"]


def test_project_page_lists_what_is_due_next_soonest_first(client, sz_park, hk_park, today):
    pi = make_user()
    project = make_project(sz_park, hk_park, pi=pi, rules={"instalment_percents": [50, 50]})
    Milestone.objects.create(project=project, title="Prototype", due_date=date(2026, 6, 1))
    Milestone.objects.create(project=project, title="Pilot", due_date=date(2026, 9, 1))
    Milestone.objects.create(project=project, title="Done early", due_date=date(2026, 3, 1), done_on=date(2026, 2, 1))
    client.force_login(pi)

    html = client.get(f"/projects/{project.pk}/").content

    assert texts(html, "due-title") == [
        "Prototype",
        "Pilot",
        "Progress report 1",
        "Instalment 2 from Shenzhen Park",
        "Instalment 2 from Hong Kong Park",
        "Final report",
    ]
    assert texts(html, "due-item")[0].endswith("Overdue")
    assert text(html, "overdue") == "1"


def test_project_page_shows_the_history_newest_first(client, sz_park, hk_park, today):
    pi = make_user()
    project = make_project(sz_park, hk_park, pi=pi)
    client.force_login(pi)

    html = client.get(f"/projects/{project.pk}/").content

    history = texts(html, "history-item")
    assert len(history) == 1
    assert "Project started" in history[0]


def test_project_page_links_the_project_pages_and_approvals_for_managers_only(client, sz_park, hk_park, today):
    pi = make_user()
    manager = make_user_with_role("programme_manager")
    project = make_project(sz_park, hk_park, pi=pi, manager=manager)

    client.force_login(pi)
    as_pi = client.get(f"/projects/{project.pk}/").content
    client.force_login(manager)
    as_manager = client.get(f"/projects/{project.pk}/").content

    assert f'href="/projects/{project.pk}/expenditure/"'.encode() in as_pi
    assert f'href="/projects/{project.pk}/acceptance/"'.encode() in as_pi
    assert texts(as_pi, "nav-approvals") == []
    assert texts(as_manager, "nav-approvals") == ["Approvals"]
    assert (texts(as_pi, "rules-link"), texts(as_manager, "rules-link")) == ([], ["Programme rules"])


def test_project_page_is_404_for_strangers(client, sz_park, hk_park, today):
    project = make_project(sz_park, hk_park)
    client.force_login(make_user())

    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.get("/projects/999999/").status_code == 404


def test_project_page_asks_anonymous_visitors_to_sign_in(client, sz_park, hk_park):
    project = make_project(sz_park, hk_park)

    response = client.get(f"/projects/{project.pk}/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_auditor_reads_any_project(client, sz_park, hk_park, today):
    project = make_project(sz_park, hk_park)
    client.force_login(make_user_with_role("auditor"))

    assert client.get(f"/projects/{project.pk}/").status_code == 200


# --- My projects ------------------------------------------------------------------------------------------


def test_my_projects_lists_the_projects_of_the_team_only(client, sz_park, hk_park, today):
    pi = make_user()
    mine = make_project(sz_park, hk_park, pi=pi)
    make_project(sz_park, hk_park)
    client.force_login(pi)

    html = client.get("/projects/").content

    assert texts(html, "project-reference") == [mine.reference]
    assert texts(html, "portfolio-link") == []
    assert texts(html, "nav-projects") == ["Projects"]


def test_my_projects_for_a_manager_lists_the_projects_of_their_calls(client, sz_park, hk_park, today):
    manager = make_user_with_role("programme_manager")
    first = make_project(sz_park, hk_park)
    second = make_project(sz_park, hk_park)
    client.force_login(manager)

    html = client.get("/projects/").content

    assert texts(html, "project-reference") == sorted([first.reference, second.reference])
    assert texts(html, "portfolio-link") == ["Portfolio"]


# --- API detail -------------------------------------------------------------------------------------------


def test_project_endpoint_gives_lines_sources_and_due_next(client, sz_park, hk_park, today):
    pi = make_user()
    project = make_project(sz_park, hk_park, pi=pi)
    _spend(project, "staff", 1, "CNY", "15000")
    client.force_login(pi)

    body = client.get(f"/api/projects/projects/{project.pk}").json()

    assert (body["reference"], body["status"], body["call"]) == (project.reference, "active", project.call.code)
    assert [(t["currency"], t["budget"], t["spent"]) for t in body["statement"]["totals"]] == [
        ("CNY", "150000.00", "15000.00"),
        ("HKD", "100000.00", "0.00"),
    ]
    assert len(body["statement"]["lines"]) == 4
    assert sorted((s["park"], s["currency"], s["amount"]) for s in body["sources"]) == [
        ("HK", "HKD", "100000.00"),
        ("SZ", "CNY", "150000.00"),
    ]
    assert [item["title"] for item in body["due_next"]] == ["Progress report 1", "Final report"]
    assert body["members"][0]["role"] == "pi"


def test_project_endpoints_are_404_for_strangers(client, sz_park, hk_park):
    project = make_project(sz_park, hk_park)
    headers = bearer(make_token(make_user()))

    assert client.get(f"/api/projects/projects/{project.pk}", headers=headers).status_code == 404
    assert client.get(f"/api/projects/projects/{project.pk}/statement", headers=headers).status_code == 404
    assert client.get("/api/projects/projects", headers=headers).json()["count"] == 0


# --- Starting projects ------------------------------------------------------------------------------------


def _funded_award(sz_park, hk_park, manager, *, call=None):
    call = call or make_funding_call(sz_park, hk_park, code=f"start-{make_user().pk}")
    proposal = make_proposal(call, make_user())
    decision_set(actor=manager, proposal=proposal, outcome="funded", version=proposal.version, reason="Funded.")
    proposal.refresh_from_db()
    return proposal.award


def test_start_page_lists_awards_without_a_project_and_starts_one(client, sz_park, hk_park):
    manager = make_user_with_role("programme_manager")
    award = _funded_award(sz_park, hk_park, manager)
    client.force_login(manager)

    listed = client.get("/projects/start/").content
    response = client.post("/projects/start/", {"award": award.pk, "start_date": "2026-03-01"})

    assert texts(listed, "award-reference")[0].startswith(award.proposal.reference)
    project = Project.objects.get(award=award)
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/"
    assert project.start_date == date(2026, 3, 1)
    assert texts(client.get("/projects/start/").content, "award-row") == []


def test_start_page_shows_a_second_start_as_an_error(client, sz_park, hk_park):
    manager = make_user_with_role("programme_manager")
    award = _funded_award(sz_park, hk_park, manager)
    client.force_login(manager)
    client.post("/projects/start/", {"award": award.pk, "start_date": "2026-03-01"})

    response = client.post("/projects/start/", {"award": award.pk, "start_date": "2026-04-01"})

    assert response.status_code == 200
    assert "already become a project" in text(response.content, "error-summary")
    assert Project.objects.filter(award=award).count() == 1


def test_start_page_is_404_for_investigators(client, sz_park, hk_park):
    manager = make_user_with_role("programme_manager")
    award = _funded_award(sz_park, hk_park, manager)
    client.force_login(make_user())

    assert client.get("/projects/start/").status_code == 404
    assert client.post("/projects/start/", {"award": award.pk, "start_date": "2026-03-01"}).status_code == 404
    assert not Project.objects.filter(award=award).exists()


def test_start_endpoint_starts_once_then_409(client, sz_park, hk_park):
    manager = make_user_with_role("programme_manager")
    award = _funded_award(sz_park, hk_park, manager)
    headers = bearer(make_token(manager))

    first = json_post(
        client, "/api/projects/projects", {"award": award.pk, "start_date": "2026-03-01"}, headers=headers
    )
    second = json_post(
        client, "/api/projects/projects", {"award": award.pk, "start_date": "2026-03-01"}, headers=headers
    )

    assert first.status_code == 201
    assert (first.json()["start_date"], first.json()["end_date"]) == ("2026-03-01", "2028-02-29")
    assert (second.status_code, second.json()["code"]) == (409, "already_started")


def test_start_endpoint_with_the_same_idempotency_key_answers_the_first_result(client, sz_park, hk_park):
    manager = make_user_with_role("programme_manager")
    award = _funded_award(sz_park, hk_park, manager)
    headers = {**bearer(make_token(manager)), "Idempotency-Key": "start-1"}
    payload = {"award": award.pk, "start_date": "2026-03-01"}

    first = json_post(client, "/api/projects/projects", payload, headers=headers)
    again = json_post(client, "/api/projects/projects", payload, headers=headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert Project.objects.filter(award=award).count() == 1


def test_start_endpoint_is_404_for_strangers_and_403_for_read_tokens(client, sz_park, hk_park):
    manager = make_user_with_role("programme_manager")
    award = _funded_award(sz_park, hk_park, manager)
    payload = {"award": award.pk, "start_date": "2026-03-01"}

    stranger = json_post(client, "/api/projects/projects", payload, headers=bearer(make_token(make_user())))
    read_only = json_post(
        client, "/api/projects/projects", payload, headers=bearer(make_token(manager, scopes=["read"]))
    )

    assert stranger.status_code == 404
    assert read_only.status_code == 403
    assert not Project.objects.filter(award=award).exists()
