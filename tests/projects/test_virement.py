"""Virements: money moved between two lines of one currency applies at once within the programme's limit
(all virements into the receiving line, exactly at the limit included) or between lump-sum categories, and
waits for a manager above it; the manager's approval checks the funds again; every error changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from hetao.projects.domain.money import virement_decide, virement_request
from hetao.projects.models import Project, Virement
from tests.factories.api import bearer, json_post, make_token, queries_for_get
from tests.factories.pages import inline_code, texts
from tests.factories.people import make_user, make_user_with_role
from tests.projects.factories import line, make_project
from tests.projects.money_factories import add_member, record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a directory of the test's own, so a test sees what was stored (or left behind)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


API = "/api/projects"


@pytest.fixture
def pi():
    return make_user()


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


@pytest.fixture
def project(sz_park, hk_park, pi, manager):
    # Default rules: 10% of the receiving line's approved budget without approval.
    return make_project(sz_park, hk_park, pi=pi, manager=manager)


def _move(project: Project, user, amount: str, *, source: str = "staff", target: str = "equipment", **kw) -> Virement:
    return virement_request(
        actor=user,
        project=project,
        from_line=kw.get("from_line") or line(project, source, 1, "CNY"),
        to_line=kw.get("to_line") or line(project, target, 1, "CNY"),
        amount=Decimal(amount),
        reason="The microscope costs more than planned.",
    )


def _amounts(project: Project) -> dict[tuple[str, int, str], Decimal]:
    return {(ln.category.code, ln.year, ln.currency): ln.amount for ln in project.lines.select_related("category")}


def _events(project: Project) -> list[str]:
    return [e.action for e in events_for_object(object_type="projects.project", object_id=str(project.pk))]


def test_exactly_the_limit_applies_at_once(project, pi):
    virement = _move(project, pi, "5000.00")

    assert virement.status == "applied"
    amounts = _amounts(project)
    assert (amounts[("staff", 1, "CNY")], amounts[("equipment", 1, "CNY")]) == (
        Decimal("95000.00"),
        Decimal("55000.00"),
    )
    assert _events(project)[-1] == "project.virement_request"


def test_a_cent_above_the_limit_waits_for_approval(project, pi):
    virement = _move(project, pi, "5000.01")

    assert virement.status == "awaiting_approval"
    amounts = _amounts(project)
    assert (amounts[("staff", 1, "CNY")], amounts[("equipment", 1, "CNY")]) == (
        Decimal("100000.00"),
        Decimal("50000.00"),
    )


def test_the_limit_counts_every_virement_applied_into_the_line(project, pi):
    first = _move(project, pi, "3000.00")
    above = _move(project, pi, "2000.01")
    within = _move(project, pi, "2000.00")
    after = _move(project, pi, "0.01")

    assert [first.status, above.status, within.status, after.status] == [
        "applied",
        "awaiting_approval",
        "applied",
        "awaiting_approval",
    ]
    assert _amounts(project)[("equipment", 1, "CNY")] == Decimal("55000.00")


def test_the_limit_is_the_programmes_percentage(sz_park, hk_park, pi):
    project = make_project(sz_park, hk_park, pi=pi, rules={"virement_limit_percent": Decimal("2.5")})

    statuses = [_move(project, pi, "1250.00").status, _move(project, pi, "0.01").status]

    assert statuses == ["applied", "awaiting_approval"]


def test_between_lump_sum_categories_the_investigator_decides_alone(sz_park, hk_park, pi):
    project = make_project(sz_park, hk_park, pi=pi, rules={"lump_sum": ["staff", "equipment"]})

    virement = _move(project, pi, "40000.00")

    assert virement.status == "applied"
    assert _amounts(project)[("equipment", 1, "CNY")] == Decimal("90000.00")


def test_only_one_lump_sum_category_is_not_enough(sz_park, hk_park, pi):
    project = make_project(sz_park, hk_park, pi=pi, rules={"lump_sum": ["staff"]})

    assert _move(project, pi, "40000.00").status == "awaiting_approval"


def test_lines_of_two_currencies_are_refused(project, pi):
    with pytest.raises(ValidationFailed) as caught:
        _move(project, pi, "10", to_line=line(project, "staff", 1, "HKD"))

    assert [(p.field, p.code) for p in caught.value.problems] == [("to_line", "currency_mismatch")]
    assert Virement.objects.count() == 0


def test_every_problem_is_listed_at_once(sz_park, hk_park, project, pi):
    other = make_project(sz_park, hk_park)

    with pytest.raises(ValidationFailed) as caught:
        virement_request(
            actor=pi,
            project=project,
            from_line=line(other, "staff", 1, "CNY"),
            to_line=line(project, "equipment", 1, "CNY"),
            amount=Decimal("-1"),
            reason="",
        )

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("from_line", "unknown_line"),
        ("amount", "not_positive"),
        ("reason", "required"),
    ]


def test_a_line_to_itself_is_refused(project, pi):
    staff = line(project, "staff", 1, "CNY")

    with pytest.raises(ValidationFailed) as caught:
        _move(project, pi, "10", from_line=staff, to_line=staff)

    assert [(p.field, p.code) for p in caught.value.problems] == [("to_line", "same_line")]


def test_more_than_the_giving_line_has_available_is_refused(project, pi):
    equipment = line(project, "equipment", 1, "CNY")
    record(project, pi, equipment, "48000")
    before = (_amounts(project), len(_events(project)))

    with pytest.raises(DomainError) as caught:
        _move(project, pi, "2000.01", source="equipment", target="staff")

    assert (caught.value.code, caught.value.field) == ("insufficient_funds", "amount")
    assert caught.value.message == (
        "The line Equipment, year 1, CNY has only CN¥2,000.00 to move; CN¥2,000.01 were asked for."
    )
    assert (_amounts(project), len(_events(project))) == before
    assert Virement.objects.count() == 0
    assert _move(project, pi, "2000.00", source="equipment", target="staff").status == "applied"


# --- Decisions ------------------------------------------------------------------------------------------


def test_a_manager_approves_and_the_money_moves(project, pi, manager):
    waiting = _move(project, pi, "6000")

    approved = virement_decide(actor=manager, virement=waiting, approve=True, note="")

    assert (approved.status, approved.decided_by) == ("applied", manager)
    assert _amounts(project)[("equipment", 1, "CNY")] == Decimal("56000.00")
    assert _events(project)[-1] == "project.virement_decide"
    with pytest.raises(Conflict) as caught:
        virement_decide(actor=manager, virement=waiting, approve=True, note="")
    assert caught.value.code == "already_decided"


def test_approval_checks_the_funds_again(project, pi, manager):
    waiting = _move(project, pi, "12000", source="equipment", target="staff")
    record(project, pi, line(project, "equipment", 1, "CNY"), "45000")
    before = _amounts(project)

    with pytest.raises(DomainError) as caught:
        virement_decide(actor=manager, virement=waiting, approve=True, note="")

    assert caught.value.code == "insufficient_funds"
    waiting.refresh_from_db()
    assert (waiting.status, _amounts(project)) == ("awaiting_approval", before)


def test_a_rejection_needs_a_note_and_moves_nothing(project, pi, manager):
    waiting = _move(project, pi, "6000")

    with pytest.raises(ValidationFailed):
        virement_decide(actor=manager, virement=waiting, approve=False, note="")
    rejected = virement_decide(actor=manager, virement=waiting, approve=False, note="Ask in the revision.")

    assert (rejected.status, rejected.decision_note) == ("rejected", "Ask in the revision.")
    assert _amounts(project)[("equipment", 1, "CNY")] == Decimal("50000.00")


def test_only_managers_decide_and_only_workers_ask(project, pi):
    waiting = _move(project, pi, "6000")
    member = add_member(project, "member")

    with pytest.raises(PermissionDenied):
        virement_decide(actor=pi, virement=waiting, approve=True, note="")
    with pytest.raises(PermissionDenied):
        _move(project, member, "10")
    with pytest.raises(PermissionDenied):
        _move(project, make_user(), "10")


def test_a_closed_project_refuses_virements(project, pi):
    Project.objects.filter(pk=project.pk).update(status="closed", closed_at=timezone.now())
    project.refresh_from_db()

    with pytest.raises(Conflict) as caught:
        _move(project, pi, "10")

    assert caught.value.code == "project_closed"


# --- Pages ----------------------------------------------------------------------------------------------


def test_the_virements_page_moves_money(client, project, pi):
    client.force_login(pi)
    url = f"/projects/{project.pk}/virements/"
    form = {
        "from_line": line(project, "staff", 1, "CNY").pk,
        "to_line": line(project, "equipment", 1, "CNY").pk,
        "amount": "5000.00",
        "reason": "Microscope",
    }

    empty = client.get(url)
    response = client.post(url, form)
    page = client.get(url)

    assert inline_code(empty.content) == []
    assert (response.status_code, response["Location"]) == (302, url)
    assert texts(page.content, "virement-status") == ["Applied"]
    assert texts(page.content, "virement-amount") == ["CN¥5,000.00"]


def test_the_virements_page_shows_errors(client, project, pi):
    client.force_login(pi)

    response = client.post(
        f"/projects/{project.pk}/virements/",
        {
            "from_line": line(project, "staff", 1, "CNY").pk,
            "to_line": line(project, "staff", 1, "HKD").pk,
            "amount": "10",
            "reason": "Wrong currency",
        },
    )

    assert response.status_code == 400
    assert "Money moves only between lines of the same currency" in texts(response.content, "error-summary")[0]


def test_the_approvals_page_is_for_managers(client, project, pi, manager):
    waiting = _move(project, pi, "6000")
    url = f"/projects/{project.pk}/approvals/"
    client.force_login(make_user())
    stranger = client.get(url).status_code
    client.force_login(pi)
    investigator = client.get(url).status_code
    client.force_login(manager)

    page = client.get(url)
    missing_note = client.post(f"{url}virements/{waiting.pk}/", {f"virement-{waiting.pk}-decision": "reject"})
    approved = client.post(f"{url}virements/{waiting.pk}/", {f"virement-{waiting.pk}-decision": "approve"})

    assert (stranger, investigator) == (404, 403)
    assert len(texts(page.content, "virement-awaiting")) == 1
    assert inline_code(page.content) == []
    assert missing_note.status_code == 400
    assert "Say why the virement is rejected." in texts(missing_note.content, "error-summary")[0]
    assert approved.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "applied"


def test_the_approvals_page_decides_expenditure(client, sz_park, hk_park, pi, manager):
    project = make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"overspend_with_approval": True})
    waiting = record(project, pi, line(project, "equipment", 1, "CNY"), "50100")
    client.force_login(manager)
    url = f"/projects/{project.pk}/approvals/"

    page = client.get(url)
    response = client.post(
        f"{url}expenditure/{waiting.pk}/",
        {f"expenditure-{waiting.pk}-decision": "approve", f"expenditure-{waiting.pk}-note": "Fine"},
    )

    assert len(texts(page.content, "expenditure-awaiting")) == 1
    assert response.status_code == 302
    equipment = line(project, "equipment", 1, "CNY")
    assert (equipment.spent, equipment.overdraft) == (Decimal("50100.00"), Decimal("100.00"))


def test_virements_page_answers_404_to_strangers_and_403_to_members(client, project):
    url = f"/projects/{project.pk}/virements/"
    client.force_login(make_user())
    stranger = client.get(url).status_code
    client.force_login(add_member(project, "member"))

    assert (stranger, client.get(url).status_code, client.post(url, {}).status_code) == (404, 200, 403)


def test_the_virements_page_query_count_does_not_grow_with_rows(client, project, pi):
    client.force_login(pi)
    url = f"/projects/{project.pk}/virements/"
    _move(project, pi, "10")
    one = queries_for_get(client, url)
    _move(project, pi, "6000")
    _move(project, pi, "20", source="equipment", target="staff")

    three = queries_for_get(client, url)

    assert len(texts(client.get(url).content, "virement-row")) == 3
    assert three == one


# --- API ------------------------------------------------------------------------------------------------


def test_api_requests_lists_and_decides_virements(client, project, pi, manager):
    token = make_token(pi)
    payload = {
        "from_line": line(project, "staff", 1, "CNY").pk,
        "to_line": line(project, "equipment", 1, "CNY").pk,
        "amount": "5000.01",
        "reason": "Microscope",
    }

    created = json_post(client, f"{API}/projects/{project.pk}/virements", payload, headers=bearer(token))
    listed = client.get(f"{API}/projects/{project.pk}/virements?status=awaiting_approval", headers=bearer(token))
    decided = json_post(
        client,
        f"{API}/projects/{project.pk}/virements/{created.json()['id']}/decision",
        {"approve": True},
        headers=bearer(make_token(manager)),
    )

    assert created.status_code == 201
    assert (created.json()["status"], created.json()["amount"], created.json()["currency"]) == (
        "awaiting_approval",
        "5000.01",
        "CNY",
    )
    assert [item["id"] for item in listed.json()["items"]] == [created.json()["id"]]
    assert (decided.status_code, decided.json()["status"]) == (200, "applied")


def test_api_virement_errors_and_access(client, project, pi):
    payload = {
        "from_line": line(project, "staff", 1, "CNY").pk,
        "to_line": line(project, "staff", 1, "HKD").pk,
        "amount": "10",
        "reason": "x",
    }
    url = f"{API}/projects/{project.pk}/virements"

    mismatch = json_post(client, url, payload, headers=bearer(make_token(pi)))
    stranger = json_post(client, url, payload, headers=bearer(make_token(make_user())))
    member = json_post(client, url, payload, headers=bearer(make_token(add_member(project, "member"))))

    assert (mismatch.status_code, mismatch.json()["errors"][0]["code"]) == (400, "currency_mismatch")
    assert (stranger.status_code, member.status_code) == (404, 403)


def test_api_virement_list_query_count_does_not_grow_with_rows(client, project, pi):
    token = make_token(pi)
    url = f"{API}/projects/{project.pk}/virements"
    client.get(url, headers=bearer(token))
    _move(project, pi, "10")
    one = queries_for_get(client, url, headers=bearer(token))
    _move(project, pi, "6000")
    _move(project, pi, "20", source="equipment", target="staff")

    three = queries_for_get(client, url, headers=bearer(token))

    assert client.get(url, headers=bearer(token)).json()["count"] == 3
    assert three == one
