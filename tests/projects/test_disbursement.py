"""Instalments: released by hand by a manager once their condition holds (the start, an approved progress
report, the final acceptance); a released instalment's cross-boundary remittance is recorded with both
amounts and the rate of its day."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from hetao.projects.domain.money import disbursement_release, remittance_record
from hetao.projects.models import Acceptance, Disbursement, Project, Remittance, Report
from tests.factories.api import bearer, json_post, make_token, queries_for_get
from tests.factories.pages import inline_code, texts
from tests.factories.people import make_user, make_user_with_role
from tests.projects.factories import make_project
from tests.projects.money_factories import add_member, import_rates

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
    return make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"instalment_percents": [40, 30, 30]})


def _instalment(project: Project, currency: str, number: int) -> Disbursement:
    return Disbursement.objects.get(project=project, currency=currency, number=number)


def _approve_report(project: Project, number: int) -> None:
    Report.objects.filter(project=project, kind="progress", number=number).update(status="approved")


def _accept(project: Project, manager) -> None:
    Acceptance.objects.create(
        project=project,
        auditor_statement="audits/statement.pdf",
        auditor_statement_name="statement.pdf",
        auditor_statement_sha256="0" * 64,
        outcome="accepted",
        uploaded_by=manager,
    )


def _events(project: Project) -> list[str]:
    return [e.action for e in events_for_object(object_type="projects.project", object_id=str(project.pk))]


# --- Release --------------------------------------------------------------------------------------------


def test_an_instalment_waits_for_its_report_then_a_manager_releases_it(project, manager):
    second = _instalment(project, "CNY", 2)

    with pytest.raises(DomainError) as caught:
        disbursement_release(actor=manager, disbursement=second)
    assert (caught.value.code, caught.value.message) == (
        "condition_not_met",
        "This instalment is released once progress report 1 is approved.",
    )
    _approve_report(project, 1)
    released = disbursement_release(actor=manager, disbursement=second)

    assert (released.status, released.released_by) == ("released", manager)
    assert released.released_at is not None
    assert _events(project)[-1] == "project.disbursement_release"
    with pytest.raises(Conflict) as again:
        disbursement_release(actor=manager, disbursement=second)
    assert again.value.code == "already_released"


def test_the_last_instalment_waits_for_the_acceptance(project, manager):
    third = _instalment(project, "HKD", 3)

    with pytest.raises(DomainError):
        disbursement_release(actor=manager, disbursement=third)
    _accept(project, manager)

    assert disbursement_release(actor=manager, disbursement=third).status == "released"


def test_a_start_instalment_is_always_releasable(project, manager):
    first = _instalment(project, "CNY", 1)
    Disbursement.objects.filter(pk=first.pk).update(status="scheduled", released_at=None)

    assert disbursement_release(actor=manager, disbursement=first).status == "released"


def test_a_cancelled_instalment_is_not_released(project, manager):
    second = _instalment(project, "CNY", 2)
    Disbursement.objects.filter(pk=second.pk).update(status="cancelled")
    _approve_report(project, 1)

    with pytest.raises(Conflict) as caught:
        disbursement_release(actor=manager, disbursement=second)

    assert caught.value.code == "cancelled"


def test_only_managers_release(project, pi):
    _approve_report(project, 1)

    with pytest.raises(PermissionDenied):
        disbursement_release(actor=pi, disbursement=_instalment(project, "CNY", 2))

    assert _instalment(project, "CNY", 2).status == "scheduled"


# --- Remittance -----------------------------------------------------------------------------------------


def test_a_remittance_records_both_amounts_and_the_rate(project, manager):
    today = timezone.localdate()
    import_rates(f"{today.isoformat()},HKD,CNY,0.91234567,PBOC")
    first = _instalment(project, "HKD", 1)

    remittance = remittance_record(
        actor=manager, disbursement=first, received_currency="CNY", remitted_on=today, bank_reference="BOC-123"
    )

    # 40,000.00 HKD x 0.91234567 = 36,493.8268 -> 36,493.83 CNY.
    assert (remittance.sent_amount, remittance.sent_currency) == (Decimal("40000.00"), "HKD")
    assert (remittance.received_amount, remittance.received_currency) == (Decimal("36493.83"), "CNY")
    assert (remittance.rate, remittance.rate_date, remittance.rate_source) == (Decimal("0.91234567"), today, "PBOC")
    assert (remittance.bank_reference, remittance.recorded_by) == ("BOC-123", manager)
    assert _events(project)[-1] == "project.remittance_record"
    with pytest.raises(Conflict) as again:
        remittance_record(actor=manager, disbursement=first, received_currency="CNY", remitted_on=today)
    assert again.value.code == "already_remitted"


def test_only_a_released_instalment_is_remitted(project, manager):
    today = timezone.localdate()
    import_rates(f"{today.isoformat()},CNY,HKD,1.0961,HKMA")

    with pytest.raises(Conflict) as caught:
        remittance_record(
            actor=manager, disbursement=_instalment(project, "CNY", 2), received_currency="HKD", remitted_on=today
        )

    assert caught.value.code == "not_released"
    assert Remittance.objects.count() == 0


def test_remittance_problems_are_listed_at_once(project, manager):
    first = _instalment(project, "CNY", 1)
    before_release = timezone.localdate(first.released_at).replace(day=1).replace(year=2025)

    with pytest.raises(ValidationFailed) as caught:
        remittance_record(
            actor=manager,
            disbursement=first,
            received_currency="CNY",
            remitted_on=before_release,
            bank_reference="x" * 101,
        )

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("received_currency", "same_currency"),
        ("remitted_on", "before_release"),
        ("bank_reference", "too_long"),
    ]


def test_a_remittance_without_a_rate_is_refused(project, manager):
    with pytest.raises(ValidationFailed) as caught:
        remittance_record(
            actor=manager,
            disbursement=_instalment(project, "CNY", 1),
            received_currency="HKD",
            remitted_on=timezone.localdate(),
        )

    assert [(p.field, p.code) for p in caught.value.problems] == [("received_currency", "no_rate")]


def test_only_managers_record_remittances(project, pi):
    today = timezone.localdate()
    import_rates(f"{today.isoformat()},CNY,HKD,1.0961,HKMA")

    with pytest.raises(PermissionDenied):
        remittance_record(
            actor=pi, disbursement=_instalment(project, "CNY", 1), received_currency="HKD", remitted_on=today
        )


# --- Pages and API --------------------------------------------------------------------------------------


def test_the_disbursements_page_lists_and_a_manager_records_a_remittance(client, project, manager, pi):
    today = timezone.localdate()
    import_rates(f"{today.isoformat()},CNY,HKD,1.0875,HKMA")
    first = _instalment(project, "CNY", 1)
    url = f"/projects/{project.pk}/disbursements/"
    client.force_login(pi)
    investigator = client.get(url)
    client.force_login(manager)

    page = client.get(url)
    response = client.post(
        f"{url}{first.pk}/remittance/",
        {f"remittance-{first.pk}-received_currency": "HKD", f"remittance-{first.pk}-remitted_on": today.isoformat()},
    )
    after = client.get(url)

    assert len(texts(investigator.content, "disbursement-row")) == 6
    assert (texts(investigator.content, "release-form"), texts(investigator.content, "remittance-form")) == ([], [])
    assert (len(texts(page.content, "release-form")), len(texts(page.content, "remittance-form"))) == (4, 2)
    assert inline_code(page.content) == []
    assert response.status_code == 302
    assert texts(after.content, "remittance")[0].startswith("Sent CN¥60,000.00 on")
    assert "received HK$65,250.00 at 1.08750000 (HKMA," in texts(after.content, "remittance")[0]


def test_the_disbursements_page_reports_an_unmet_condition(client, project, manager):
    second = _instalment(project, "CNY", 2)
    client.force_login(manager)

    response = client.post(f"/projects/{project.pk}/disbursements/{second.pk}/release/", follow=True)

    assert "This instalment is released once progress report 1 is approved." in response.content.decode()
    assert _instalment(project, "CNY", 2).status == "scheduled"


def test_disbursement_pages_answer_404_to_strangers_and_403_to_investigators(client, project, pi):
    second = _instalment(project, "CNY", 2)
    _approve_report(project, 1)
    url = f"/projects/{project.pk}/disbursements/"
    client.force_login(make_user())
    stranger = (client.get(url).status_code, client.post(f"{url}{second.pk}/release/").status_code)
    client.force_login(pi)

    assert stranger == (404, 404)
    assert client.post(f"{url}{second.pk}/release/").status_code == 403
    assert _instalment(project, "CNY", 2).status == "scheduled"


def test_api_lists_releases_and_remits(client, project, manager):
    today = timezone.localdate()
    import_rates(f"{today.isoformat()},CNY,HKD,1.0875,HKMA")
    _approve_report(project, 1)
    token = make_token(manager)
    second = _instalment(project, "CNY", 2)

    listed = client.get(f"{API}/projects/{project.pk}/disbursements", headers=bearer(token))
    released = client.post(f"{API}/projects/{project.pk}/disbursements/{second.pk}/release", headers=bearer(token))
    remitted = json_post(
        client,
        f"{API}/projects/{project.pk}/disbursements/{second.pk}/remittances",
        {"received_currency": "HKD", "remitted_on": today.isoformat()},
        headers=bearer(token),
    )
    again = client.post(f"{API}/projects/{project.pk}/disbursements/{second.pk}/release", headers=bearer(token))

    assert listed.json()["count"] == 6
    assert (released.status_code, released.json()["status"]) == (200, "released")
    assert remitted.status_code == 201
    assert {k: remitted.json()[k] for k in ("sent_amount", "received_amount", "rate")} == {
        "sent_amount": "45000.00",
        "received_amount": "48937.50",
        "rate": "1.08750000",
    }
    assert (again.status_code, again.json()["code"]) == (409, "already_released")


def test_api_disbursements_answer_404_to_strangers_and_403_to_investigators(client, project, pi):
    _approve_report(project, 1)
    second = _instalment(project, "CNY", 2)
    stranger = make_token(make_user())

    answers = (
        client.get(f"{API}/projects/{project.pk}/disbursements", headers=bearer(stranger)).status_code,
        client.post(
            f"{API}/projects/{project.pk}/disbursements/{second.pk}/release", headers=bearer(stranger)
        ).status_code,
        client.post(
            f"{API}/projects/{project.pk}/disbursements/{second.pk}/release", headers=bearer(make_token(pi))
        ).status_code,
        client.get(
            f"{API}/projects/{project.pk}/disbursements", headers=bearer(make_token(add_member(project, "member")))
        ).status_code,
    )

    assert answers == (404, 404, 403, 200)


def test_disbursement_lists_query_count_does_not_grow_with_remittances(client, project, manager):
    today = timezone.localdate()
    import_rates(f"{today.isoformat()},CNY,HKD,1.0875,HKMA", f"{today.isoformat()},HKD,CNY,0.92,PBOC")
    token = make_token(manager)
    client.force_login(manager)
    page, api = f"/projects/{project.pk}/disbursements/", f"{API}/projects/{project.pk}/disbursements"
    client.get(api, headers=bearer(token))
    remittance_record(
        actor=manager, disbursement=_instalment(project, "CNY", 1), received_currency="HKD", remitted_on=today
    )
    one = (queries_for_get(client, page), queries_for_get(client, api, headers=bearer(token)))
    remittance_record(
        actor=manager, disbursement=_instalment(project, "HKD", 1), received_currency="CNY", remitted_on=today
    )

    two = (queries_for_get(client, page), queries_for_get(client, api, headers=bearer(token)))

    assert two == one
