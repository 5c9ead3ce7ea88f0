"""Conflicts of interest found automatically, each kind, and a manager's override."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hetao.audit.models import AuditEvent
from hetao.core.errors import DomainError
from hetao.evaluation.domain.services import callreviewer_add, conflict_override, conflicts_detect
from hetao.evaluation.models import Conflict
from hetao.experts.models import Declaration
from tests.evaluation.factories import (
    make_call,
    make_expert,
    make_proposal,
    member_at,
    publication,
)
from tests.factories.people import make_affiliation, make_organisation, make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(sz_park, hk_park):
    return make_call(sz_park=sz_park, hk_park=hk_park)


@pytest.fixture
def manager():
    return make_user_with_role("programme_manager")


def _kinds(call):
    return sorted((c.proposal.reference, c.expert_id, c.kind) for c in Conflict.objects.filter(proposal__call=call))


def _team(sz_park, hk_park):
    lead, lead_org = member_at(sz_park)
    co, co_org = member_at(hk_park)
    return lead, lead_org, co, co_org


def test_same_organisation_now(call, manager, sz_park, hk_park):
    lead, lead_org, co, co_org = _team(sz_park, hk_park)
    proposal = make_proposal(call, team=[(lead, lead_org, "pi"), (co, co_org, "pi")])
    colleague = make_expert(organisation=co_org)
    stranger = make_expert(park=None)
    for expert in (colleague, stranger):
        callreviewer_add(actor=manager, call=call, expert=expert)

    report = conflicts_detect(actor=manager, call=call)

    assert _kinds(call) == [(proposal.reference, colleague.pk, "same_organisation")]
    assert (report.created, report.total) == (1, 1)
    conflict = Conflict.objects.get()
    assert co_org.name_en in conflict.detail
    assert "are both at" in conflict.detail


def test_same_organisation_within_window_from_affiliation_history(call, manager, sz_park, hk_park):
    lead, lead_org, co, co_org = _team(sz_park, hk_park)
    proposal = make_proposal(call, team=[(lead, lead_org, "pi"), (co, co_org, "pi")])
    today = timezone.localdate()
    recent = make_expert(park=None)
    make_affiliation(recent.person, lead_org, start=date(2015, 1, 1), end=today - timedelta(days=400))
    long_ago = make_expert(park=None)
    make_affiliation(long_ago.person, lead_org, start=date(2010, 1, 1), end=today - timedelta(days=365 * 5))
    for expert in (recent, long_ago):
        callreviewer_add(actor=manager, call=call, expert=expert)

    conflicts_detect(actor=manager, call=call)

    assert _kinds(call) == [(proposal.reference, recent.pk, "past_organisation")]


def test_conflict_found_only_through_a_romanised_co_author_name(call, manager, sz_park, hk_park):
    """The team member's record holds 陳大文 in characters and the pinyin Chen Dawen; the reviewer's paper
    prints the Hong Kong romanisation "CHAN Tai-man", which only the names engine connects to 陳大文."""
    lead, lead_org = member_at(sz_park)
    hk_member, hk_org = member_at(
        hk_park,
        family_name_hans="陈",
        given_name_hans="大文",
        family_name_hant="陳",
        given_name_hant="大文",
        family_name_latin="Chen",
        given_name_latin="Dawen",
    )
    proposal = make_proposal(call, team=[(lead, lead_org, "pi"), (hk_member, hk_org, "pi")])
    coauthor = make_expert(park=None)
    name = f"{coauthor.person.family_name_latin} {coauthor.person.given_name_latin}"
    publication(coauthor, authors=[name, "CHAN Tai-man", "J. Smith"], title="Privacy in imaging")
    old_paper = make_expert(park=None)
    publication(old_paper, authors=["Chan Tai-man"], year=timezone.localdate().year - 6)
    namesake = make_expert(park=None)
    publication(namesake, authors=["Chan Siu-ming"])
    for expert in (coauthor, old_paper, namesake):
        callreviewer_add(actor=manager, call=call, expert=expert)

    conflicts_detect(actor=manager, call=call)

    assert _kinds(call) == [(proposal.reference, coauthor.pk, "co_author")]
    conflict = Conflict.objects.get()
    assert conflict.evidence[0]["author"] == "CHAN Tai-man"
    assert "“CHAN Tai-man”" in conflict.detail
    assert "陳大文" in conflict.detail


def test_co_investigator_on_another_proposal_within_the_window(call, manager, sz_park, hk_park):
    lead, lead_org, co, co_org = _team(sz_park, hk_park)
    proposal = make_proposal(call, team=[(lead, lead_org, "pi"), (co, co_org, "pi")])
    partner = make_expert(park=None)
    earlier = make_expert(park=None)
    other_call = make_call(sz_park=sz_park, hk_park=hk_park)
    org = make_organisation(park=None)
    make_proposal(
        other_call,
        team=[(co, co_org, "pi"), (partner.person, org, "co_i")],
        status="not_funded",
        submitted_at=timezone.now() - timedelta(days=400),
    )
    make_proposal(
        other_call,
        team=[(lead, lead_org, "pi"), (earlier.person, org, "co_i")],
        status="funded",
        submitted_at=timezone.now() - timedelta(days=365 * 5),
    )
    for expert in (partner, earlier):
        callreviewer_add(actor=manager, call=call, expert=expert)

    conflicts_detect(actor=manager, call=call)

    assert _kinds(call) == [(proposal.reference, partner.pk, "co_investigator")]


def test_reviewer_named_on_the_team(call, manager, sz_park, hk_park):
    lead, lead_org, co, co_org = _team(sz_park, hk_park)
    member = make_expert(park=None)
    proposal = make_proposal(
        call, team=[(lead, lead_org, "pi"), (co, co_org, "pi"), (member.person, make_organisation(), "member")]
    )
    callreviewer_add(actor=manager, call=call, expert=member)

    conflicts_detect(actor=manager, call=call)

    assert _kinds(call) == [(proposal.reference, member.pk, "team_member")]


def test_declared_person_organisation_and_name(call, manager, sz_park, hk_park):
    lead, lead_org, co, co_org = _team(sz_park, hk_park)
    proposal = make_proposal(call, team=[(lead, lead_org, "pi"), (co, co_org, "pi")])
    this_year = timezone.localdate().year
    by_person = make_expert(park=None)
    Declaration.objects.create(expert=by_person, kind="person", person=lead, relationship="former student")
    by_org = make_expert(park=None)
    Declaration.objects.create(expert=by_org, kind="organisation", organisation=co_org, relationship="adviser")
    by_name = make_expert(park=None)
    lead_name = f"{lead.family_name_hans}{lead.given_name_hans}"
    Declaration.objects.create(expert=by_name, kind="person", name=lead_name, relationship="relative")
    lapsed = make_expert(park=None)
    Declaration.objects.create(
        expert=lapsed, kind="person", person=co, relationship="co-supervisor", until_year=this_year - 6
    )
    for expert in (by_person, by_org, by_name, lapsed):
        callreviewer_add(actor=manager, call=call, expert=expert)

    conflicts_detect(actor=manager, call=call)

    assert _kinds(call) == sorted(
        [
            (proposal.reference, by_person.pk, "declared"),
            (proposal.reference, by_org.pk, "declared"),
            (proposal.reference, by_name.pk, "declared"),
        ]
    )
    by_name_conflict = Conflict.objects.get(expert=by_name)
    assert by_name_conflict.evidence[0]["what"] == "declared_name"


def test_detection_again_removes_what_no_longer_holds_and_keeps_overrides(call, manager, sz_park, hk_park):
    lead, lead_org, co, co_org = _team(sz_park, hk_park)
    proposal = make_proposal(call, team=[(lead, lead_org, "pi"), (co, co_org, "pi")])
    colleague = make_expert(organisation=co_org)
    friend = make_expert(park=None)
    declaration = Declaration.objects.create(expert=friend, kind="person", person=lead, relationship="friend")
    for expert in (colleague, friend):
        callreviewer_add(actor=manager, call=call, expert=expert)
    conflicts_detect(actor=manager, call=call)
    conflict_override(
        actor=manager, conflict=Conflict.objects.get(expert=colleague), reason="Different faculty, no contact"
    )
    declaration.delete()

    report = conflicts_detect(actor=manager, call=call)

    assert (report.created, report.removed, report.total) == (0, 1, 1)
    kept = Conflict.objects.get()
    assert (kept.expert_id, kept.overridden_at is not None, kept.proposal_id) == (colleague.pk, True, proposal.pk)


def test_override_needs_a_written_reason_and_is_audited(call, manager, sz_park, hk_park):
    lead, lead_org, co, co_org = _team(sz_park, hk_park)
    make_proposal(call, team=[(lead, lead_org, "pi"), (co, co_org, "pi")])
    colleague = make_expert(organisation=co_org)
    callreviewer_add(actor=manager, call=call, expert=colleague)
    conflicts_detect(actor=manager, call=call)
    conflict = Conflict.objects.get()

    with pytest.raises(DomainError) as refused:
        conflict_override(actor=manager, conflict=conflict, reason="   ")
    conflict_override(actor=manager, conflict=conflict, reason="Left the department in 2019")

    conflict.refresh_from_db()
    assert refused.value.code == "reason_required"
    assert (conflict.blocks, conflict.override_reason, conflict.overridden_by) == (
        False,
        "Left the department in 2019",
        manager,
    )
    event = AuditEvent.objects.filter(action="evaluation.conflict_override").get()
    assert event.payload["reason"] == "Left the department in 2019"
