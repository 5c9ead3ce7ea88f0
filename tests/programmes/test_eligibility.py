"""Submission runs every eligibility rule and reports every failure at once, each on its field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hetao.core.errors import ValidationFailed
from hetao.programmes.domain.eligibility import eligibility_problems
from hetao.programmes.domain.services import (
    budget_line_add,
    call_update,
    proposal_create,
    proposal_submit,
    proposal_update,
    team_member_remove,
)
from hetao.programmes.models import Attachment, BudgetLine, Proposal, TeamMember
from tests.factories.people import make_user
from tests.programmes.factories import joint_parks, make_call, make_eligible_proposal, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(sz_park, hk_park):
    return make_call(sz_park=sz_park, hk_park=hk_park)


@pytest.fixture
def applicant():
    return make_user()


@pytest.fixture
def proposal(call, applicant, sz_park, hk_park):
    return make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)


def _problems(proposal):
    return [(p.field, p.code, p.message) for p in eligibility_problems(Proposal.objects.get(pk=proposal.pk))]


def _category(call, code):
    return call.cost_categories.get(code=code)


def test_eligible_proposal_has_no_problem_and_submits(proposal, applicant):
    submitted = proposal_submit(actor=applicant, proposal=proposal)

    assert (_problems(proposal), submitted.status, submitted.submitted_at is not None) == ([], "submitted", True)


def test_missing_pi_in_a_required_park(proposal):
    TeamMember.objects.filter(proposal=proposal, organisation__park__code="HK").delete()

    assert _problems(proposal) == [
        ("team", "pi_required_in_park", "A principal investigator at an organisation in Hong Kong Park is required.")
    ]


def test_a_co_investigator_does_not_count_as_lead(proposal, hk_park):
    TeamMember.objects.filter(proposal=proposal, organisation__park__code="HK").update(role="co_i")

    assert [p[1] for p in _problems(proposal)] == ["pi_required_in_park"]


def test_no_pi_at_all_when_no_park_requires_one(sz_park, hk_park, applicant):
    parks = [
        type(p)(**{**p.__dict__, "lead_required": False})  # same terms, no lead needed
        for p in joint_parks(sz_park, hk_park)
    ]
    call = make_call(sz_park=sz_park, hk_park=hk_park, parks=parks, code="no-lead")
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    TeamMember.objects.filter(proposal=proposal).update(role="member")

    assert _problems(proposal) == [("team", "pi_required", "A principal investigator is required.")]


def test_equipment_over_its_cap(proposal):
    equipment = _category(proposal.call, "equipment")
    BudgetLine.objects.filter(proposal=proposal, category=equipment).update(amount=Decimal("400000"))

    # 400,000 of 300,000 + 276,000 + 400,000 = 976,000 CNY is 41.0%.
    assert _problems(proposal) == [
        ("budget.equipment", "over_category_cap", "Equipment is 41% of the total; the call allows at most 30%.")
    ]


def test_cap_uses_the_calls_fixed_rate(proposal, applicant):
    equipment = _category(proposal.call, "equipment")
    BudgetLine.objects.filter(proposal=proposal, category=equipment).delete()
    # 280,000 HKD at 0.92 = 257,600 CNY of 576,000 + 257,600 = 833,600: 30.9%, over 30%.
    budget_line_add(
        actor=applicant, proposal=proposal, category=equipment, year=1, currency="HKD", amount=Decimal("280000")
    )

    assert _problems(proposal) == [
        ("budget.equipment", "over_category_cap", "Equipment is 30.9% of the total; the call allows at most 30%.")
    ]


def test_title_zh_required(proposal, applicant):
    proposal_update(actor=applicant, proposal=proposal, title_zh="  ")

    assert _problems(proposal) == [("title_zh", "required", "A Chinese title is required.")]


def test_abstracts_required(proposal, applicant):
    proposal_update(actor=applicant, proposal=proposal, abstract_en="", abstract_zh="")

    assert [p[0] for p in _problems(proposal)] == ["abstract_en", "abstract_zh"]


def test_keywords_required(proposal, applicant):
    proposal_update(actor=applicant, proposal=proposal, keywords_zh=[])

    assert _problems(proposal) == [("keywords_zh", "required", "At least one Chinese keyword is required.")]


def test_key_area_must_be_one_of_the_calls(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(key_area="")

    assert _problems(proposal) == [("key_area", "key_area", "Choose one of the call's key areas.")]


def test_narrative_required(proposal):
    Attachment.objects.filter(proposal=proposal).delete()

    assert _problems(proposal) == [("attachments", "narrative_required", "A project narrative (PDF) is required.")]


def test_duration_over_max(proposal, applicant):
    proposal_update(actor=applicant, proposal=proposal, duration_months=48)

    assert _problems(proposal) == [
        ("duration_months", "duration_too_long", "The duration is 48 months; the call allows at most 36.")
    ]


def test_total_over_max_budget_in_reference_currency(proposal, applicant):
    staff = _category(proposal.call, "staff")
    # 676,000 CNY + 1,500,000 HKD x 0.92 = 2,056,000 CNY, over 2,000,000.
    budget_line_add(
        actor=applicant, proposal=proposal, category=staff, year=2, currency="HKD", amount=Decimal("1500000")
    )

    assert _problems(proposal) == [
        (
            "budget",
            "over_max_budget",
            "The total, CN¥2,056,000.00, is over the call's maximum of CN¥2,000,000.00 per project.",
        )
    ]


def test_amount_over_a_parks_max_per_project(sz_park, hk_park, applicant):
    parks = joint_parks(sz_park, hk_park, max_per_project=Decimal("250000"))
    call = make_call(sz_park=sz_park, hk_park=hk_park, parks=parks, code="hk-max")
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)

    assert _problems(proposal) == [
        (
            "budget",
            "over_park_max",
            "The amount requested from Hong Kong Park, HK$300,000.00, is over its maximum of HK$250,000.00 "
            "per project.",
        )
    ]


def test_budget_line_beyond_the_duration(proposal, applicant):
    proposal_update(actor=applicant, proposal=proposal, duration_months=12)

    assert _problems(proposal) == [
        ("budget", "year_beyond_duration", "Line 3 is for year 2, beyond the project's 1 years.")
    ]


def test_empty_budget(proposal):
    BudgetLine.objects.filter(proposal=proposal).delete()

    assert _problems(proposal) == [("budget", "budget_empty", "The budget is empty.")]


def test_organisation_kind_not_allowed(proposal, call, sz_park):
    call_update(actor=None, call=call, allowed_organisation_kinds=["university", "research_institute"])
    make_member(proposal, sz_park, role="member", kind="enterprise", family_name_latin="Wong")
    name = TeamMember.objects.get(proposal=proposal, role="member").organisation.name

    assert _problems(proposal) == [
        (
            "team",
            "organisation_kind",
            f"{name} is of a kind the call does not accept (enterprise); it accepts: university, research institute.",
        )
    ]


def test_person_leading_more_than_the_limit(call, applicant, sz_park, hk_park):
    call_update(actor=None, call=call, max_proposals_led_per_person=1)
    first = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    proposal_submit(actor=applicant, proposal=first)
    second = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    lead = TeamMember.objects.filter(proposal=first, organisation__park=hk_park).get()
    TeamMember.objects.filter(proposal=second, organisation__park=hk_park).update(
        person=lead.person, organisation=lead.organisation
    )

    assert _problems(second) == [
        ("team", "lead_limit", f"{lead.person.name} already leads 1 proposals in this call; the limit is 1.")
    ]


def test_withdrawn_proposals_do_not_count_towards_the_limit(call, applicant, sz_park, hk_park):
    from hetao.programmes.domain.services import proposal_withdraw

    call_update(actor=None, call=call, max_proposals_led_per_person=1)
    first = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    proposal_withdraw(actor=applicant, proposal=proposal_submit(actor=applicant, proposal=first))
    second = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    lead = TeamMember.objects.filter(proposal=first, organisation__park=hk_park).get()
    TeamMember.objects.filter(proposal=second, organisation__park=hk_park).update(
        person=lead.person, organisation=lead.organisation
    )

    assert _problems(second) == []


def test_every_failure_at_once_and_nothing_changes(call, applicant, hk_park):
    proposal = proposal_create(actor=applicant, call=call, title_en="Only a title", duration_months=60)
    member = make_member(proposal, hk_park)
    team_member_remove(actor=applicant, member=member)
    before = Proposal.objects.get(pk=proposal.pk)

    with pytest.raises(ValidationFailed) as caught:
        proposal_submit(actor=applicant, proposal=proposal)

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("title_zh", "required"),
        ("abstract_en", "required"),
        ("abstract_zh", "required"),
        ("keywords_en", "required"),
        ("keywords_zh", "required"),
        ("key_area", "key_area"),
        ("duration_months", "duration_too_long"),
        ("team", "pi_required_in_park"),
        ("team", "pi_required_in_park"),
        ("budget", "budget_empty"),
        ("attachments", "narrative_required"),
    ]
    after = Proposal.objects.get(pk=proposal.pk)
    assert (after.status, after.version, after.submitted_at) == ("draft", before.version, None)


# --- An overdue project report blocks new proposals, where its programme says so ------------------------


def _project_with_overdue_final_report(sz_park, hk_park, applicant, *, blocks):
    from datetime import date

    from tests.projects.factories import make_project

    # Ran 2024; its final report was due on 2025-02-28 and was never submitted.
    project = make_project(
        sz_park,
        hk_park,
        pi=applicant,
        start=date(2024, 1, 1),
        duration_months=12,
        rules={"overdue_blocks_proposals": blocks},
    )
    # The funding factory numbers its proposals on its own; keep clear of the references submission assigns.
    Proposal.objects.filter(pk=project.proposal_id).update(reference="P-9001")
    return project


def test_an_overdue_project_report_blocks_the_investigators_new_proposal(call, applicant, sz_park, hk_park):
    project = _project_with_overdue_final_report(sz_park, hk_park, applicant, blocks=True)
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)

    with pytest.raises(ValidationFailed) as caught:
        proposal_submit(actor=applicant, proposal=proposal)

    assert [(p.field, p.code) for p in caught.value.problems] == [(None, "overdue_report")]
    message = caught.value.problems[0].message
    assert project.reference in message
    assert message.startswith("Final report of project ")
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_an_overdue_report_does_not_block_when_the_programme_says_so(call, applicant, sz_park, hk_park):
    _project_with_overdue_final_report(sz_park, hk_park, applicant, blocks=False)
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)

    submitted = proposal_submit(actor=applicant, proposal=proposal)

    assert submitted.status == "submitted"
