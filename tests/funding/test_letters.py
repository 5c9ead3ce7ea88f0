"""Decision letters: in the applicant's language, with amounts per currency, the rank, and the reviewers'
comments without their names."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hetao.core.i18n import format_money
from hetao.funding.domain.services import decision_set, funding_round_confirm, funding_round_propose
from hetao.funding.models import DecisionLetter
from tests.funding.factories import add_review, make_expert, make_proposal

pytestmark = pytest.mark.django_db


def _decided(call, applicant, manager, language, *, outcome="funded"):
    proposal = make_proposal(
        call,
        applicant,
        language=language,
        budget=[("staff", 1, "CNY", "123456.50"), ("equipment", 2, "HKD", "80000")],
    )
    add_review(proposal, make_expert("Wong"), 4.0, comments="Strong methods; the data plan is thin.")
    add_review(proposal, make_expert("Smith"), 3.0, comments="Convincing team.")
    add_review(proposal, make_expert("Chen"), 3.5, comments="   ")
    decision_set(actor=manager, proposal=proposal, outcome=outcome, version=proposal.version, reason="Priority area.")
    return DecisionLetter.objects.get(decision__proposal=proposal)


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_letter_is_in_the_applicants_language_with_money_per_currency(call, applicant, manager, language):
    letter = _decided(call, applicant, manager, language)

    staff = {"en": "Staff: ", "zh-hans": "人员：", "zh-hant": "人員："}[language]
    reference = letter.decision.proposal.reference
    subject = {
        "en": f"Proposal {reference} to call joint-2026: funded",
        "zh-hans": f"征集 joint-2026 申请书 {reference}：获资助",
        "zh-hant": f"徵集 joint-2026 申請書 {reference}：獲資助",
    }[language]
    assert letter.language == language
    assert f"{staff}{format_money(Decimal('123456.50'), 'CNY', language)}" in letter.body
    assert format_money(Decimal("80000"), "HKD", language) in letter.body
    assert letter.subject == subject


def test_letter_money_symbols_differ_by_language(call, applicant, manager):
    english = _decided(call, applicant, manager, "en")
    traditional = _decided(call, applicant, manager, "zh-hant")

    assert "CN¥123,456.50" in english.body
    assert "人民幣¥123,456.50" in traditional.body


def test_letter_carries_rank_and_anonymous_comments(call, applicant, manager):
    letter = _decided(call, applicant, manager, "en")

    assert "ranked 1 of 1" in letter.body
    assert "Reviewer 1:\nStrong methods; the data plan is thin." in letter.body
    assert "Reviewer 2:\nConvincing team." in letter.body
    assert "Reviewer 3" not in letter.body
    for name in ("Wong", "Smith", "Chen"):
        assert name not in letter.body
    assert "Reason: Priority area." in letter.body


def test_not_funded_letter_has_no_budget(call, applicant, manager):
    letter = _decided(call, applicant, manager, "en", outcome="not_funded")

    assert letter.subject.endswith(": not funded")
    assert "will not be funded" in letter.body
    assert "Approved budget" not in letter.body


def test_lottery_letters_say_whether_drawn(sz_park, hk_park, applicant, manager):
    from tests.funding.factories import make_funding_call, review_all

    call = make_funding_call(sz_park, hk_park, code="lots", sz_budget="250000")
    proposals = [
        make_proposal(call, applicant, budget=[("staff", 1, "CNY", "100000")], reference=f"L-{n}") for n in range(5)
    ]
    experts = [make_expert() for _ in range(3)]
    review_all(
        proposals,
        experts,
        [[5.0, 5.0, 5.0], [4.0, 1.0, 3.0], [1.0, 4.0, 3.0], [3.0, 3.0, 2.0], [0.5, 0.5, 0.5]],
    )
    funding_round = funding_round_propose(actor=manager, call=call, method="rank_order", lottery=True, seed=3)
    funding_round_confirm(actor=manager, funding_round=funding_round, version=1)

    bodies = {
        letter.decision.proposal.reference: letter.body
        for letter in DecisionLetter.objects.select_related("decision__proposal")
    }
    drawn = [ref for ref, body in bodies.items() if "selected by lot" in body]
    not_drawn = [ref for ref, body in bodies.items() if "was not drawn" in body]
    assert len(drawn) >= 1
    assert sorted(drawn + not_drawn) == sorted(funding_round.result["lottery"])
