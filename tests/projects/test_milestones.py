"""Milestones and deliverables: added within the project's dates by its workers or managers, every problem
listed at once, reached once, audited; the page and the API, who may see and do what, query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from hetao.projects.domain.process import milestone_add, milestone_done, milestone_update
from hetao.projects.models import Milestone
from tests.factories.api import bearer, json_patch, json_post, make_token, queries_for_get
from tests.factories.pages import texts
from tests.factories.people import make_user, make_user_with_role
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


@pytest.fixture
def today(monkeypatch):
    """The zone's date, fixed (time is outside the code under test)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def pi():
    return make_user()


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


@pytest.fixture
def project(sz_park, hk_park, pi, manager):
    return make_project(sz_park, hk_park, pi=pi, manager=manager)


def _actions(project):
    return [e.action for e in events_for_object(object_type="projects.project", object_id=str(project.pk))]


def test_investigator_adds_a_milestone_within_the_project(project, pi, today):
    milestone = milestone_add(
        actor=pi, project=project, kind="deliverable", title=" Prototype ", description="", due_date=date(2026, 9, 30)
    )

    assert (milestone.kind, milestone.title, milestone.due_date, milestone.done_on) == (
        "deliverable",
        "Prototype",
        date(2026, 9, 30),
        None,
    )
    assert _actions(project) == ["project.start", "project.milestone_add"]


def test_milestone_problems_are_listed_field_by_field_and_nothing_is_saved(project, pi, today):
    with pytest.raises(ValidationFailed) as caught:
        milestone_add(actor=pi, project=project, kind="party", title="", due_date=date(2028, 1, 1))

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("kind", "invalid"),
        ("title", "required"),
        ("due_date", "outside_project"),
    ]
    assert Milestone.objects.count() == 0


def test_manager_may_add_a_milestone_but_an_auditor_or_outsider_may_not(project, manager, today):
    milestone_add(actor=manager, project=project, title="Review meeting", due_date=date(2026, 6, 30))

    for other in (make_user_with_role("auditor"), make_user()):
        with pytest.raises(PermissionDenied):
            milestone_add(actor=other, project=project, title="Nope", due_date=date(2026, 6, 30))
    assert Milestone.objects.count() == 1


def test_milestone_is_reached_once_and_not_in_the_future(project, pi, today):
    milestone = milestone_add(actor=pi, project=project, title="Kick-off", due_date=date(2026, 2, 1))

    with pytest.raises(DomainError) as future:
        milestone_done(actor=pi, milestone=milestone, done_on=date(2026, 6, 2))
    done = milestone_done(actor=pi, milestone=milestone, done_on=date(2026, 2, 3))
    with pytest.raises(Conflict) as again:
        milestone_done(actor=pi, milestone=milestone, done_on=date(2026, 2, 4))

    assert (future.value.code, future.value.field) == ("invalid_date", "done_on")
    assert done.done_on == date(2026, 2, 3)
    assert again.value.code == "already_done"
    assert _actions(project)[-1] == "project.milestone_done"


def test_milestone_update_keeps_the_due_date_within_the_project(project, pi, today):
    milestone = milestone_add(actor=pi, project=project, title="Kick-off", due_date=date(2026, 2, 1))

    updated = milestone_update(actor=pi, milestone=milestone, title="Kick-off meeting", due_date=date(2026, 3, 1))
    with pytest.raises(ValidationFailed) as caught:
        milestone_update(actor=pi, milestone=milestone, due_date=date(2025, 12, 31))

    assert (updated.title, updated.due_date) == ("Kick-off meeting", date(2026, 3, 1))
    assert caught.value.problems[0].code == "outside_project"
    assert Milestone.objects.get().due_date == date(2026, 3, 1)
    assert _actions(project)[-1] == "project.milestone_update"


# --- Page ------------------------------------------------------------------------------------------------


def test_milestones_page_lists_flags_overdue_and_adds(client, project, pi, today):
    milestone_add(actor=pi, project=project, title="Late one", due_date=date(2026, 3, 1))
    client.force_login(pi)

    response = client.post(
        f"/projects/{project.pk}/milestones/",
        {"milestone-kind": "milestone", "milestone-title": "Workshop", "milestone-due_date": "2026-10-01"},
    )
    page = client.get(f"/projects/{project.pk}/milestones/")

    assert response.status_code == 302
    assert [m.title for m in Milestone.objects.order_by("due_date")] == ["Late one", "Workshop"]
    assert texts(page.content, "milestone-overdue") == ["Overdue"]


def test_milestones_page_shows_problems(client, project, pi, today):
    client.force_login(pi)

    response = client.post(
        f"/projects/{project.pk}/milestones/",
        {"milestone-kind": "milestone", "milestone-title": "Too late", "milestone-due_date": "2029-01-01"},
    )

    assert response.status_code == 400
    assert "The due date must fall within the project" in texts(response.content, "error-summary")[0]
    assert Milestone.objects.count() == 0


def test_milestones_page_is_404_for_an_outsider_and_adding_is_403_for_an_auditor(client, project, today):
    client.force_login(make_user())
    hidden = client.get(f"/projects/{project.pk}/milestones/")
    client.force_login(make_user_with_role("auditor"))
    seen = client.get(f"/projects/{project.pk}/milestones/")
    refused = client.post(
        f"/projects/{project.pk}/milestones/",
        {"milestone-kind": "milestone", "milestone-title": "X", "milestone-due_date": "2026-10-01"},
    )

    assert (hidden.status_code, seen.status_code, refused.status_code) == (404, 200, 403)
    assert Milestone.objects.count() == 0


def test_milestone_done_through_the_page(client, project, pi, today):
    milestone = milestone_add(actor=pi, project=project, title="Kick-off", due_date=date(2026, 2, 1))
    client.force_login(pi)

    response = client.post(f"/projects/milestones/{milestone.pk}/done/", {f"done-{milestone.pk}-done_on": "2026-02-02"})

    assert response.status_code == 302
    assert Milestone.objects.get().done_on == date(2026, 2, 2)


# --- API -------------------------------------------------------------------------------------------------


def test_api_creates_lists_updates_and_marks_done(client, project, pi, today):
    headers = bearer(make_token(pi))
    base = f"/api/projects/projects/{project.pk}/milestones"

    created = json_post(
        client, base, {"title": "Prototype", "kind": "deliverable", "due_date": "2026-09-30"}, headers=headers
    )
    milestone_id = created.json()["id"]
    patched = json_patch(client, f"/api/projects/milestones/{milestone_id}", {"title": "Prototype v1"}, headers=headers)
    done = json_post(
        client, f"/api/projects/milestones/{milestone_id}/done", {"done_on": "2026-05-30"}, headers=headers
    )
    listed = client.get(base, headers=headers)

    assert created.status_code == 201
    assert (patched.status_code, patched.json()["title"]) == (200, "Prototype v1")
    assert (done.status_code, done.json()["done_on"]) == (200, "2026-05-30")
    assert [(m["title"], m["kind"], m["done_on"], m["overdue"]) for m in listed.json()["items"]] == [
        ("Prototype v1", "deliverable", "2026-05-30", False)
    ]


def test_api_lists_every_problem_and_hides_the_project_from_outsiders(client, project, pi, today):
    bad = json_post(
        client,
        f"/api/projects/projects/{project.pk}/milestones",
        {"title": "", "due_date": "2030-01-01"},
        headers=bearer(make_token(pi)),
    )
    hidden = client.get(f"/api/projects/projects/{project.pk}/milestones", headers=bearer(make_token(make_user())))

    assert bad.status_code == 400
    assert [(e["field"], e["code"]) for e in bad.json()["errors"]] == [
        ("title", "required"),
        ("due_date", "outside_project"),
    ]
    assert (hidden.status_code, hidden.json()["code"]) == (404, "not_found")


def test_api_write_needs_the_write_scope(client, project, pi, today):
    response = json_post(
        client,
        f"/api/projects/projects/{project.pk}/milestones",
        {"title": "X", "due_date": "2026-09-30"},
        headers=bearer(make_token(pi, scopes=["read"])),
    )

    assert (response.status_code, response.json()["code"]) == (403, "token_scope")


@pytest.mark.parametrize("url", ["/projects/{pk}/milestones/", "/api/projects/projects/{pk}/milestones"])
def test_milestone_lists_make_the_same_queries_for_one_and_three(client, project, pi, today, url):
    client.force_login(pi)
    path = url.format(pk=project.pk)
    milestone_add(actor=pi, project=project, title="One", due_date=date(2026, 3, 1))
    one = queries_for_get(client, path)
    for title in ("Two", "Three"):
        milestone_add(actor=pi, project=project, title=title, due_date=date(2026, 4, 1))

    assert queries_for_get(client, path) == one


def test_process_pages_carry_no_inline_code(client, project, pi, manager, today):
    from tests.factories.pages import inline_code

    milestone_add(actor=pi, project=project, title="Kick-off", due_date=date(2026, 2, 1))
    report = project.reports.order_by("due_date").first()
    urls = [
        f"/projects/{project.pk}/milestones/",
        f"/projects/{project.pk}/reports/",
        f"/projects/reports/{report.pk}/",
        f"/projects/{project.pk}/amendments/",
        f"/projects/{project.pk}/acceptance/",
    ]

    for user in (pi, manager):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert (url, response.status_code, inline_code(response.content)) == (url, 200, [])
