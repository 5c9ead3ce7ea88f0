"""One programme from the call to the award, through the domain services of every app, as users would drive it.

A joint Shenzhen-Hong Kong call; four proposals, each with a principal investigator on both sides; six experts
(two per park, two from outside both parks); a conflict that only a romanised co-author name reveals; an
assignment with group limits; reviews; calibrated ranking; a funding round; decisions, letters and awards.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.utils import timezone

from hetao.audit.domain.selectors import ledger_verify
from hetao.evaluation.domain.services import assignment_run, callreviewer_add, conflicts_detect, review_save
from hetao.evaluation.enums import ConflictKind
from hetao.evaluation.models import Assignment, Conflict
from hetao.experts.domain.services import expert_create, publication_add
from hetao.funding.domain.selectors import ranking_compute
from hetao.funding.domain.services import funding_round_confirm, funding_round_propose
from hetao.funding.models import Award, Decision
from hetao.programmes.domain.services import call_start_review, proposal_submit
from hetao.programmes.enums import CallStatus, ProposalStatus
from hetao.programmes.models import BudgetLine, Call, Proposal
from hetao.zone.domain.services import person_link_user
from tests.factories.people import make_affiliation, make_organisation, make_person, make_user, make_user_with_role
from tests.programmes.factories import make_call, make_eligible_proposal

pytestmark = pytest.mark.django_db

TOPICS = [
    ("Federated learning for hospital imaging", "面向医院影像的联邦学习", ["federated learning", "imaging"]),
    ("Solid-state lithium batteries", "固态锂电池", ["lithium battery", "solid electrolyte"]),
    ("Quantum sensing with diamond defects", "金刚石色心量子传感", ["quantum sensing", "diamond"]),
    ("Soft robots for rehabilitation", "用于康复的软体机器人", ["soft robotics", "rehabilitation"]),
]


def _expert(park, topic: int, *, given: str, coauthors: list[str] = ()):
    organisation = make_organisation(park=park)
    person = make_person(
        family_name_latin="Expert",
        given_name_latin=given,
        family_name_hans="",
        given_name_hans="",
        family_name_hant="",
        given_name_hant="",
        romanisation="other",
        home_region="GB" if park is None else park.jurisdiction,
    )
    make_affiliation(person, organisation)
    user = make_user(username=f"expert-{given.lower()}")
    person_link_user(actor=None, person=person, user=user)
    title_en, title_zh, keywords = TOPICS[topic]
    expert = expert_create(actor=None, person=person, statement_en=f"I work on {title_en.lower()}.", keywords=keywords)
    publication_add(
        actor=None,
        expert=expert,
        title=f"Advances in {title_en.lower()}",
        abstract=f"{title_zh}. We study {' and '.join(keywords)}.",
        year=timezone.now().year - 1,
        authors=[f"{given} Expert", *coauthors],
    )
    return expert, user


def test_from_call_to_award(sz_park, hk_park):
    manager = make_user_with_role("programme_manager")
    call = make_call(
        sz_park=sz_park,
        hk_park=hk_park,
        reviewers_per_proposal=2,
        reviewer_load_max=3,
        min_reviewers_outside_parks=1,
        max_reviewers_from_lead_park=1,
        review_deadline=timezone.now() + timedelta(days=40),
    )
    proposals = []
    for number, (title_en, title_zh, keywords) in enumerate(TOPICS):
        applicant = make_user(username=f"applicant{number}")
        draft = make_eligible_proposal(
            call,
            applicant,
            sz_park=sz_park,
            hk_park=hk_park,
            title_en=title_en,
            title_zh=title_zh,
            keywords_en=keywords,
            language=["en", "zh-hans", "zh-hant", "en"][number],
        )
        proposals.append(proposal_submit(actor=applicant, proposal=draft))
    call = call_start_review(actor=manager, call=call)
    assert {p.status for p in Proposal.objects.filter(call=call)} == {ProposalStatus.IN_REVIEW}

    # Every proposal's Hong Kong PI is 陳大文; one expert co-authored with "Tai-man Chan", printed in English only.
    experts = [
        _expert(sz_park, 0, given="Anna"),
        _expert(sz_park, 1, given="Bella"),
        _expert(hk_park, 2, given="Carl", coauthors=["Tai-man Chan"]),
        _expert(hk_park, 3, given="Dora"),
        _expert(None, 0, given="Emil"),
        _expert(None, 2, given="Fay"),
    ]
    for expert, _user in experts:
        callreviewer_add(actor=manager, call=call, expert=expert)
    conflicts_detect(actor=manager, call=call)
    carl = experts[2][0]
    coauthored = Conflict.objects.filter(expert=carl, kind=ConflictKind.CO_AUTHOR)
    assert {c.proposal_id for c in coauthored} == {p.pk for p in proposals}
    assert "Tai-man Chan" in coauthored.first().detail

    run = assignment_run(actor=manager, call=call)
    assert run.status == "solved"
    active = Assignment.objects.filter(proposal__call=call, status="active").select_related("expert__person")
    assert active.count() == 2 * len(proposals)
    assert not active.filter(expert=carl).exists()
    outside = {experts[4][0].pk, experts[5][0].pk}
    for proposal in proposals:
        reviewers = {a.expert_id for a in active if a.proposal_id == proposal.pk}
        assert len(reviewers) == 2
        assert reviewers & outside  # at least one reviewer from outside both parks

    # Every reviewer scores; Fay is harsh by two points, which calibration takes out.
    users = {expert.pk: user for expert, user in experts}
    for assignment in active:
        criteria = assignment.proposal.call.criteria.filter(stage=1)
        base = 5 - [p.pk for p in proposals].index(assignment.proposal_id) % 3
        harsh = 2 if assignment.expert_id == experts[5][0].pk else 0
        scores = {c.pk: (max(c.scale_min, min(c.scale_max, base - harsh)), "") for c in criteria}
        review_save(
            actor=users[assignment.expert_id],
            assignment=assignment,
            version=None,
            scores=scores,
            comments="Clear aims; the budget is justified.",
            submit=True,
        )

    ranking = ranking_compute(call)
    assert len(ranking.ranked) == len(proposals)
    offsets = {row.expert.pk: row.offset for row in ranking.reviewers}
    assert offsets[experts[5][0].pk] < min(v for k, v in offsets.items() if k != experts[5][0].pk)
    for row in ranking.ranked:
        assert row.low <= row.rank <= row.high

    funding_round = funding_round_propose(actor=manager, call=call, method="rank_order", lottery=False, seed=7)
    funding_round = funding_round_confirm(actor=manager, funding_round=funding_round, version=funding_round.version)

    decisions = Decision.objects.filter(proposal__call=call).select_related("proposal")
    assert decisions.count() == len(proposals)
    for decision in decisions:
        letter = decision.letters.get()
        assert letter.language == decision.proposal.language
        if decision.outcome == "funded":
            award = Award.objects.get(proposal=decision.proposal)
            lines = {(line.category_id, line.year, line.currency): line.amount for line in award.lines.all()}
            asked = {
                (line.category_id, line.year, line.currency): line.amount
                for line in BudgetLine.objects.filter(proposal=decision.proposal)
            }
            assert lines == asked
            assert sum(lines.values(), Decimal(0)) > 0
    funded = np.array([d.outcome == "funded" for d in decisions])
    assert funded.any()
    assert Call.objects.get(pk=call.pk).status == CallStatus.DECIDED
    assert ledger_verify().ok
