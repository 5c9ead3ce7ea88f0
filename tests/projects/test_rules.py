"""A programme's rules for its projects: set by the call's managers, every problem listed field by field and
nothing changed, audited; the page and the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict, PermissionDenied, ValidationFailed
from hetao.projects.domain.rules import programme_rules_set
from hetao.projects.models import ProgrammeRules
from tests.factories.api import bearer, make_token
from tests.factories.pages import texts
from tests.factories.people import make_extra_park, make_user, make_user_with_role
from tests.funding.factories import make_funding_call
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

VALID = {
    "report_interval_months": 6,
    "final_report_months": 3,
    "virement_limit_percent": Decimal("15"),
    "lump_sum_categories": ["staff"],
    "overspend_with_approval": True,
    "overdue_blocks_proposals": False,
    "instalment_percents": [Decimal(40), Decimal(30), Decimal(30)],
}


@pytest.fixture
def call(sz_park, hk_park):
    return make_funding_call(sz_park, hk_park, code="rules-call")


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


def _problems(caught) -> list[tuple[str | None, str]]:
    return [(p.field, p.code) for p in caught.value.problems]


# --- Service ----------------------------------------------------------------------------------------------


def test_manager_sets_every_rule_and_it_is_audited(call, manager):
    rules = programme_rules_set(actor=manager, call=call, **VALID)

    rules.refresh_from_db()
    assert (rules.report_interval_months, rules.final_report_months) == (6, 3)
    assert rules.virement_limit_percent == Decimal("15.00")
    assert [c.code for c in rules.lump_sum_categories.all()] == ["staff"]
    assert (rules.overspend_with_approval, rules.overdue_blocks_proposals) == (True, False)
    assert rules.instalment_percents == [40, 30, 30]
    [event] = events_for_object(object_type="projects.programmerules", object_id=str(rules.pk))
    assert event.action == "project.rules_set"
    assert event.payload["before"] is None
    assert event.payload["after"]["instalment_percents"] == ["40.00", "30.00", "30.00"]


def test_instalments_not_adding_up_to_100_are_refused_with_a_field_error(call, manager):
    with pytest.raises(ValidationFailed) as caught:
        programme_rules_set(actor=manager, call=call, **{**VALID, "instalment_percents": [40, 30, 20]})

    assert _problems(caught) == [("instalment_percents", "not_hundred")]
    assert "90" in caught.value.problems[0].message
    assert not ProgrammeRules.objects.filter(call=call).exists()


def test_a_virement_limit_of_101_percent_is_refused(call, manager):
    with pytest.raises(ValidationFailed) as caught:
        programme_rules_set(actor=manager, call=call, **{**VALID, "virement_limit_percent": 101})

    assert _problems(caught) == [("virement_limit_percent", "out_of_range")]


def test_virement_limits_of_0_and_100_percent_are_allowed(call, manager):
    assert programme_rules_set(actor=manager, call=call, **{**VALID, "virement_limit_percent": 0}).pk
    rules = programme_rules_set(actor=manager, call=call, **{**VALID, "virement_limit_percent": 100})
    assert rules.virement_limit_percent == Decimal("100.00")


def test_every_problem_is_listed_field_by_field_and_nothing_changes(call, manager):
    programme_rules_set(actor=manager, call=call, **VALID)
    bad = {
        "report_interval_months": 0,
        "final_report_months": 25,
        "virement_limit_percent": Decimal("-1"),
        "lump_sum_categories": ["staff", "travel"],
        "overspend_with_approval": False,
        "overdue_blocks_proposals": True,
        "instalment_percents": [Decimal(50), Decimal(0), Decimal(50)],
    }

    with pytest.raises(ValidationFailed) as caught:
        programme_rules_set(actor=manager, call=call, **bad)

    assert _problems(caught) == [
        ("report_interval_months", "out_of_range"),
        ("final_report_months", "out_of_range"),
        ("virement_limit_percent", "out_of_range"),
        ("lump_sum_categories", "unknown_category"),
        ("instalment_percents", "not_positive"),
    ]
    rules = ProgrammeRules.objects.get(call=call)
    assert (rules.report_interval_months, rules.version) == (6, 1)


def test_a_stale_version_is_refused(call, manager):
    programme_rules_set(actor=manager, call=call, **VALID)
    programme_rules_set(actor=manager, call=call, **VALID, version=1)

    with pytest.raises(Conflict) as caught:
        programme_rules_set(actor=manager, call=call, **VALID, version=1)

    assert caught.value.code == "stale_version"
    assert ProgrammeRules.objects.get(call=call).version == 2


def test_only_managers_of_the_call_set_its_rules(zone, call):
    other_park = make_extra_park(zone)
    for outsider in (make_user(), make_user_with_role("programme_manager", scope="park", park=other_park)):
        with pytest.raises(PermissionDenied):
            programme_rules_set(actor=outsider, call=call, **VALID)
    assert not ProgrammeRules.objects.filter(call=call).exists()


def test_new_projects_take_their_instalments_from_the_rules(sz_park, hk_park, call, manager):
    programme_rules_set(
        actor=manager, call=call, **{**VALID, "instalment_percents": [Decimal("33.34"), "33.33", 33.33]}
    )

    project = make_project(sz_park, hk_park, call=call, manager=manager)

    amounts = list(project.disbursements.filter(currency="HKD").order_by("number").values_list("amount", flat=True))
    assert amounts == [Decimal("33340.00"), Decimal("33330.00"), Decimal("33330.00")]


# --- Page -------------------------------------------------------------------------------------------------


def _form(**changes):
    data = {
        "report_interval_months": "6",
        "final_report_months": "3",
        "virement_limit_percent": "15",
        "lump_sum_categories": ["staff"],
        "overspend_with_approval": "on",
        "instalment_percents": "40, 30, 30",
        "version": "1",
    }
    data.update(changes)
    return data


def test_rules_page_saves_the_rules(client, call, manager):
    client.force_login(manager)

    shown = client.get(f"/projects/rules/{call.pk}/")
    response = client.post(f"/projects/rules/{call.pk}/", _form())

    assert texts(shown.content, "defaults-notice") != []
    assert response.status_code == 302
    rules = ProgrammeRules.objects.get(call=call)
    assert (rules.report_interval_months, rules.instalment_percents, rules.overdue_blocks_proposals) == (
        6,
        [40, 30, 30],
        False,
    )


def test_rules_page_shows_each_problem_on_its_field(client, call, manager):
    client.force_login(manager)

    response = client.post(
        f"/projects/rules/{call.pk}/", _form(virement_limit_percent="101", instalment_percents="50, 40")
    )

    html = response.content.decode()
    assert response.status_code == 200
    summary = texts(html, "error-summary")[0]
    assert "Enter a percentage from 0 to 100." in summary
    assert "they must add up to 100%" in summary
    assert '<ul class="errorlist" id="id_virement_limit_percent_error">' in html
    assert '<ul class="errorlist" id="id_instalment_percents_error">' in html
    assert not ProgrammeRules.objects.filter(call=call).exists()


def test_rules_page_is_404_for_anyone_but_the_calls_managers(client, call):
    client.force_login(make_user())

    assert client.get(f"/projects/rules/{call.pk}/").status_code == 404
    assert client.post(f"/projects/rules/{call.pk}/", _form()).status_code == 404


# --- API --------------------------------------------------------------------------------------------------


def _body(**changes):
    body = {
        "report_interval_months": 6,
        "final_report_months": 3,
        "virement_limit_percent": "15",
        "lump_sum_categories": ["staff"],
        "overspend_with_approval": True,
        "overdue_blocks_proposals": False,
        "instalment_percents": ["40", "30", "30"],
    }
    body.update(changes)
    return body


def test_rules_endpoint_reads_the_defaults_then_sets_the_rules(client, call, manager):
    headers = bearer(make_token(manager))
    url = f"/api/projects/calls/{call.pk}/rules"

    defaults = client.get(url, headers=headers).json()
    saved = client.put(url, _body(), content_type="application/json", headers=headers)

    assert (defaults["report_interval_months"], defaults["instalment_percents"], defaults["updated_at"]) == (
        12,
        ["100"],
        None,
    )
    assert saved.status_code == 200
    assert saved.json()["lump_sum_categories"] == ["staff"]
    assert saved.json()["instalment_percents"] == ["40", "30", "30"]
    assert client.get(url, headers=headers).json()["virement_limit_percent"] == "15.00"


def test_rules_endpoint_lists_every_problem(client, call, manager):
    response = client.put(
        f"/api/projects/calls/{call.pk}/rules",
        _body(virement_limit_percent="101", instalment_percents=["60", "60"]),
        content_type="application/json",
        headers=bearer(make_token(manager)),
    )

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("virement_limit_percent", "out_of_range"),
        ("instalment_percents", "not_hundred"),
    ]


def test_rules_endpoint_is_404_for_strangers(client, call):
    headers = bearer(make_token(make_user()))
    url = f"/api/projects/calls/{call.pk}/rules"

    assert client.get(url, headers=headers).status_code == 404
    assert client.put(url, _body(), content_type="application/json", headers=headers).status_code == 404
