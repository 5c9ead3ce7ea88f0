"""Amendments: a no-cost extension, a budget revision and a team change take effect only when a manager
approves them (checked again then); before approval and after rejection nothing has changed. A revision keeps
each currency's total and no line goes below its spending; the principal investigator stays. Decided once;
withdrawn by the requester; pages, API, permissions, audit, query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from hetao.projects.domain.process import amendment_decide, amendment_request, amendment_withdraw
from hetao.projects.models import Amendment, BudgetLine, Project, ProjectMember, Report
from tests.factories.api import bearer, json_post, make_token, queries_for_get
from tests.factories.pages import texts
from tests.factories.people import make_organisation, make_person, make_user, make_user_with_role
from tests.projects.factories import line, make_project

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
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


def _lines(project):
    return sorted(
        (ln.category.code, ln.year, ln.currency, ln.amount, ln.approved)
        for ln in BudgetLine.objects.filter(project=project)
    )


def _totals(project):
    totals: dict[str, Decimal] = {}
    for ln in BudgetLine.objects.filter(project=project):
        totals[ln.currency] = totals.get(ln.currency, Decimal(0)) + ln.amount
    return totals


def _team(project):
    return sorted((m.person_id, m.role, m.active) for m in ProjectMember.objects.filter(project=project).order_by("pk"))


def _final_due(project):
    return Report.objects.get(project=project, kind="final").due_date


def _decide(manager, amendment, approve=True, note=""):
    return amendment_decide(
        actor=manager, amendment=amendment, approve=approve, note=note, expected_version=amendment.version
    )


# --- Extension -------------------------------------------------------------------------------------------


def test_extension_takes_effect_only_on_approval(project, pi, manager):
    amendment = amendment_request(
        actor=pi, project=project, kind="extension", reason="Supplier delay.", new_end_date=date(2028, 6, 30)
    )

    before = Project.objects.get(pk=project.pk)
    assert (amendment.status, amendment.payload) == (
        "pending",
        {"new_end_date": "2028-06-30", "end_date": "2027-12-31"},
    )
    assert (before.end_date, _final_due(project)) == (date(2027, 12, 31), date(2028, 2, 29))

    _decide(manager, amendment)

    after = Project.objects.get(pk=project.pk)
    assert (after.end_date, after.original_end_date, _final_due(project)) == (
        date(2028, 6, 30),
        date(2027, 12, 31),
        date(2028, 8, 30),
    )
    assert _lines(project) == _lines(before)
    events = events_for_object(object_type="projects.amendment", object_id=str(amendment.pk))
    assert [e.action for e in events] == ["project.amendment_request", "project.amendment_approve"]
    assert events.last().payload["applied"]["end_date"] == ["2027-12-31", "2028-06-30"]


def test_a_rejected_extension_changes_nothing(project, pi, manager):
    amendment = amendment_request(
        actor=pi, project=project, kind="extension", reason="Delay.", new_end_date=date(2028, 6, 30)
    )

    rejected = _decide(manager, amendment, approve=False, note="Not justified.")

    assert (rejected.status, rejected.decision_note) == ("rejected", "Not justified.")
    assert (Project.objects.get(pk=project.pk).end_date, _final_due(project)) == (date(2027, 12, 31), date(2028, 2, 29))


def test_extension_must_move_the_end_later_and_into_the_future(project, pi):
    with pytest.raises(ValidationFailed) as earlier:
        amendment_request(actor=pi, project=project, kind="extension", reason="", new_end_date=date(2027, 12, 31))

    assert [(p.field, p.code) for p in earlier.value.problems] == [
        ("reason", "required"),
        ("new_end_date", "not_later"),
    ]
    assert Amendment.objects.count() == 0


def test_rejecting_needs_a_note_and_a_decided_amendment_cannot_be_decided_again(project, pi, manager):
    amendment = amendment_request(
        actor=pi, project=project, kind="extension", reason="Delay.", new_end_date=date(2028, 6, 30)
    )

    with pytest.raises(DomainError) as no_note:
        _decide(manager, amendment, approve=False)
    approved = _decide(manager, amendment)
    with pytest.raises(Conflict) as again:
        _decide(manager, approved, approve=False, note="Changed my mind.")

    assert (no_note.value.code, no_note.value.field) == ("required", "note")
    assert again.value.code == "already_decided"
    assert Amendment.objects.get().status == "approved"


# --- Budget revision -------------------------------------------------------------------------------------


def test_budget_revision_reallocates_only_on_approval_and_keeps_totals(project, pi, manager):
    staff, equipment = line(project, "staff", 1, "CNY"), line(project, "equipment", 1, "CNY")
    before = _lines(project)
    amendment = amendment_request(
        actor=pi,
        project=project,
        kind="budget_revision",
        reason="More staff, less equipment, some travel.",
        lines=[
            {"line": staff.pk, "amount": "120000.00"},
            {"line": equipment.pk, "amount": "25000"},
            {"category": "staff", "year": 2, "currency": "CNY", "amount": "5000"},
        ],
    )

    assert _lines(project) == before
    _decide(manager, amendment)

    assert _lines(project) == [
        ("equipment", 1, "CNY", Decimal("25000.00"), Decimal("50000.00")),
        ("equipment", 2, "HKD", Decimal("20000.00"), Decimal("20000.00")),
        ("staff", 1, "CNY", Decimal("120000.00"), Decimal("100000.00")),
        ("staff", 1, "HKD", Decimal("80000.00"), Decimal("80000.00")),
        ("staff", 2, "CNY", Decimal("5000.00"), Decimal("0.00")),
    ]
    assert _totals(project) == {"CNY": Decimal("150000.00"), "HKD": Decimal("100000.00")}


def test_budget_revision_may_not_change_a_currency_total(project, pi):
    staff = line(project, "staff", 1, "HKD")

    with pytest.raises(ValidationFailed) as caught:
        amendment_request(
            actor=pi,
            project=project,
            kind="budget_revision",
            reason="More.",
            lines=[{"line": staff.pk, "amount": "90000"}],
        )

    assert [(p.field, p.code) for p in caught.value.problems] == [("lines", "total_changed")]
    assert "HK$100,000.00 to HK$110,000.00" in caught.value.problems[0].message


def test_budget_revision_refuses_an_amount_below_spent(project, pi):
    staff, equipment = line(project, "staff", 1, "CNY"), line(project, "equipment", 1, "CNY")
    BudgetLine.objects.filter(pk=equipment.pk).update(spent=Decimal("30000"))

    with pytest.raises(ValidationFailed) as caught:
        amendment_request(
            actor=pi,
            project=project,
            kind="budget_revision",
            reason="Move.",
            lines=[{"line": staff.pk, "amount": "125000"}, {"line": equipment.pk, "amount": "25000"}],
        )

    assert [(p.field, p.code) for p in caught.value.problems] == [("lines.1.amount", "below_spent")]


def test_budget_revision_is_checked_again_at_approval(project, pi, manager):
    staff, equipment = line(project, "staff", 1, "CNY"), line(project, "equipment", 1, "CNY")
    amendment = amendment_request(
        actor=pi,
        project=project,
        kind="budget_revision",
        reason="Move.",
        lines=[{"line": staff.pk, "amount": "125000"}, {"line": equipment.pk, "amount": "25000"}],
    )
    BudgetLine.objects.filter(pk=equipment.pk).update(spent=Decimal("30000"))  # spent meanwhile

    with pytest.raises(ValidationFailed) as caught:
        _decide(manager, amendment)

    assert caught.value.problems[0].code == "below_spent"
    assert Amendment.objects.get().status == "pending"
    assert line(project, "staff", 1, "CNY").amount == Decimal("100000.00")


def test_budget_revision_lists_every_bad_entry(project, pi):
    with pytest.raises(ValidationFailed) as caught:
        amendment_request(
            actor=pi,
            project=project,
            kind="budget_revision",
            reason="Move.",
            lines=[
                {"line": 999999, "amount": "1"},
                {"category": "catering", "year": 9, "currency": "USD", "amount": "1.001"},
            ],
        )

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("lines.0.line", "unknown_line"),
        ("lines.1.amount", "invalid"),
        ("lines.1.category", "unknown_category"),
        ("lines.1.year", "invalid_year"),
        ("lines.1.currency", "invalid_currency"),
    ]


# --- Team change -----------------------------------------------------------------------------------------


def test_team_change_applies_only_on_approval(project, pi, manager, sz_park):
    newcomer = make_person()
    organisation = make_organisation(park=sz_park)
    before = _team(project)
    amendment = amendment_request(
        actor=pi,
        project=project,
        kind="team_change",
        reason="A co-investigator joins.",
        add=[{"person": newcomer.pk, "organisation": organisation.pk, "role": "co_i"}],
    )

    assert _team(project) == before
    _decide(manager, amendment)

    assert _team(project) == sorted([*before, (newcomer.pk, "co_i", True)])


def test_the_principal_investigator_stays_unless_another_is_added(project, pi, manager):
    pi_member = ProjectMember.objects.get(project=project, role="pi")

    with pytest.raises(ValidationFailed) as caught:
        amendment_request(actor=pi, project=project, kind="team_change", reason="Leaving.", remove=[pi_member.pk])

    assert [(p.field, p.code) for p in caught.value.problems] == [("remove", "pi_required")]


def test_replacing_the_lead_moves_the_lead_to_the_new_principal_investigator(project, pi, manager):
    from hetao.zone.domain.services import person_link_user

    successor_user = make_user()
    successor = person_link_user(actor=None, person=make_person(), user=successor_user)
    pi_member = ProjectMember.objects.get(project=project, role="pi")
    amendment = amendment_request(
        actor=pi,
        project=project,
        kind="team_change",
        reason="The PI moves abroad.",
        add=[{"person": successor.pk, "organisation": None, "role": "pi"}],
        remove=[pi_member.pk],
    )

    _decide(manager, amendment)

    current = Project.objects.get(pk=project.pk)
    assert current.lead == successor_user
    assert ProjectMember.objects.get(pk=pi_member.pk).active is False


# --- Who may, withdrawing --------------------------------------------------------------------------------


def test_only_workers_request_and_only_managers_decide(project, pi, manager):
    with pytest.raises(PermissionDenied):
        amendment_request(actor=manager, project=project, kind="extension", reason="X", new_end_date=date(2028, 1, 1))
    amendment = amendment_request(
        actor=pi, project=project, kind="extension", reason="X", new_end_date=date(2028, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        _decide(pi, amendment)

    assert Amendment.objects.get().status == "pending"


def test_the_requester_withdraws_a_pending_amendment_which_then_cannot_be_decided(project, pi, manager):
    amendment = amendment_request(
        actor=pi, project=project, kind="extension", reason="X", new_end_date=date(2028, 1, 1)
    )

    with pytest.raises(PermissionDenied):
        amendment_withdraw(actor=manager, amendment=amendment)
    withdrawn = amendment_withdraw(actor=pi, amendment=amendment, expected_version=1)
    with pytest.raises(Conflict) as caught:
        _decide(manager, withdrawn)

    assert withdrawn.status == "withdrawn"
    assert caught.value.code == "withdrawn"
    assert Project.objects.get(pk=project.pk).end_date == date(2027, 12, 31)


# --- Pages -----------------------------------------------------------------------------------------------


def test_amendment_pages_request_and_approve_an_extension(client, project, pi, manager):
    client.force_login(pi)
    requested = client.post(
        f"/projects/{project.pk}/amendments/extension/",
        {"extension-new_end_date": "2028-03-31", "extension-reason": "Delay."},
    )
    amendment = Amendment.objects.get()
    page = client.get(f"/projects/{project.pk}/amendments/")
    client.force_login(manager)
    decided = client.post(
        f"/projects/amendments/{amendment.pk}/decide/",
        {f"decide-{amendment.pk}-decision": "approve", f"decide-{amendment.pk}-version": "1"},
    )

    assert requested.status_code == 302
    assert texts(page.content, "amendment-status") == ["Awaiting approval"]
    assert decided.status_code == 302
    assert Project.objects.get(pk=project.pk).end_date == date(2028, 3, 31)


def test_revision_page_sends_changed_lines_only_and_shows_problems_on_them(client, project, pi):
    staff = line(project, "staff", 1, "CNY")
    client.force_login(pi)
    data = {f"revision-line_{ln.pk}": str(ln.amount) for ln in project.lines.all()}
    data.update({f"revision-line_{staff.pk}": "110000", "revision-reason": "More staff."})

    response = client.post(f"/projects/{project.pk}/amendments/budget_revision/", data)

    assert response.status_code == 400
    summary = texts(response.content, "error-summary")[0]
    assert "CN¥150,000.00 to CN¥160,000.00" in summary
    assert Amendment.objects.count() == 0


def test_amendment_page_is_404_for_outsiders_and_decide_is_403_for_workers(client, project, pi):
    amendment = amendment_request(
        actor=pi, project=project, kind="extension", reason="X", new_end_date=date(2028, 1, 1)
    )
    client.force_login(make_user())
    hidden = client.get(f"/projects/{project.pk}/amendments/")
    client.force_login(pi)
    refused = client.post(
        f"/projects/amendments/{amendment.pk}/decide/",
        {f"decide-{amendment.pk}-decision": "approve", f"decide-{amendment.pk}-version": "1"},
    )

    assert (hidden.status_code, refused.status_code) == (404, 403)
    assert Amendment.objects.get().status == "pending"


# --- API -------------------------------------------------------------------------------------------------


def test_api_requests_a_revision_and_a_team_change_then_decides(client, project, pi, manager, sz_park):
    staff, equipment = line(project, "staff", 1, "HKD"), line(project, "equipment", 2, "HKD")
    worker, boss = bearer(make_token(pi)), bearer(make_token(manager))
    base = f"/api/projects/projects/{project.pk}/amendments"

    revision = json_post(
        client,
        base,
        {
            "kind": "budget_revision",
            "reason": "Move.",
            "lines": [{"line": staff.pk, "amount": "70000"}, {"line": equipment.pk, "amount": "30000.00"}],
        },
        headers=worker,
    )
    team = json_post(
        client,
        base,
        {"kind": "team_change", "reason": "Join.", "add": [{"person": make_person().pk, "role": "member"}]},
        headers=worker,
    )
    approved = json_post(
        client,
        f"/api/projects/amendments/{revision.json()['id']}/decide",
        {"approve": True, "version": 1},
        headers=boss,
    )
    again = json_post(
        client,
        f"/api/projects/amendments/{revision.json()['id']}/decide",
        {"approve": True, "version": 2},
        headers=boss,
    )
    withdrawn = json_post(client, f"/api/projects/amendments/{team.json()['id']}/withdraw", {}, headers=worker)
    listed = client.get(base, headers=worker)

    assert (revision.status_code, team.status_code) == (201, 201)
    assert revision.json()["change"]["lines"][0] == {
        "line": staff.pk,
        "category": "staff",
        "year": 1,
        "currency": "HKD",
        "amount": "70000.00",
        "was": "80000.00",
    }
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    assert (again.status_code, again.json()["code"]) == (409, "already_decided")
    assert withdrawn.json()["status"] == "withdrawn"
    assert [(a["kind"], a["status"]) for a in listed.json()["items"]] == [
        ("team_change", "withdrawn"),
        ("budget_revision", "approved"),
    ]
    assert line(project, "staff", 1, "HKD").amount == Decimal("70000.00")


def test_api_lists_the_problems_of_a_revision(client, project, pi):
    staff = line(project, "staff", 1, "CNY")

    response = json_post(
        client,
        f"/api/projects/projects/{project.pk}/amendments",
        {"kind": "budget_revision", "reason": "", "lines": [{"line": staff.pk, "amount": "1"}]},
        headers=bearer(make_token(pi)),
    )

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("reason", "required"),
        ("lines", "total_changed"),
    ]


@pytest.mark.parametrize("url", ["/projects/{pk}/amendments/", "/api/projects/projects/{pk}/amendments"])
def test_amendment_lists_make_the_same_queries_for_one_and_three(client, project, pi, url, sz_park):
    client.force_login(pi)
    path = url.format(pk=project.pk)
    staff, equipment = line(project, "staff", 1, "CNY"), line(project, "equipment", 1, "CNY")
    amendment_request(
        actor=pi,
        project=project,
        kind="team_change",
        reason="Z",
        add=[{"person": make_person().pk, "organisation": make_organisation(park=sz_park).pk, "role": "member"}],
    )
    one = queries_for_get(client, path)
    amendment_request(actor=pi, project=project, kind="extension", reason="X", new_end_date=date(2028, 1, 1))
    amendment_request(
        actor=pi,
        project=project,
        kind="budget_revision",
        reason="W",
        lines=[{"line": staff.pk, "amount": "90000"}, {"line": equipment.pk, "amount": "60000"}],
    )

    assert queries_for_get(client, path) == one
