"""The funding pages: ranking with htmx sort, round form, preview with line, lottery and pool spend, confirm,
decisions, single decision, letter and award views with who may see them; no inline scripts or styles."""

from __future__ import annotations

import pytest

from hetao.funding.models import Decision, FundingRound
from tests.factories.pages import elements, text, texts
from tests.factories.people import make_user
from tests.funding.factories import make_expert, make_funding_call, make_proposal, review_all

pytestmark = pytest.mark.django_db


def _no_inline(html: bytes) -> None:
    assert b"<script>" not in html
    assert b"style=" not in html


def test_ranking_page_shows_raw_calibrated_offsets_and_intervals(client, call, reviewed, manager):
    client.force_login(manager)

    response = client.get(f"/funding/calls/{call.pk}/ranking/")

    assert response.status_code == 200
    assert texts(response.content, "reference")[0].startswith("P-0001")
    assert texts(response.content, "rank") == ["1", "2", "3", "4"]
    assert texts(response.content, "raw")[1] == "4.50"
    assert len(texts(response.content, "offset")) == 3
    assert all("–" in interval for interval in texts(response.content, "interval"))
    _no_inline(response.content)


def test_ranking_sort_by_raw_answers_a_fragment_for_htmx(client, call, reviewed, manager):
    client.force_login(manager)

    response = client.get(f"/funding/calls/{call.pk}/ranking/?sort=raw", HTTP_HX_REQUEST="true")

    assert b"<html" not in response.content
    raws = [float(v) for v in texts(response.content, "raw")]
    assert raws == sorted(raws, reverse=True)
    assert "HX-Request" in response["Vary"]


def test_ranking_page_is_not_found_for_an_applicant(client, call, reviewed, applicant):
    client.force_login(applicant)

    assert client.get(f"/funding/calls/{call.pk}/ranking/").status_code == 404


def test_round_form_preview_and_confirm(client, sz_park, hk_park, applicant, manager):
    call = make_funding_call(sz_park, hk_park, code="page", sz_budget="250000")
    proposals = [
        make_proposal(call, applicant, budget=[("staff", 1, "CNY", "100000")], reference=f"PG-{n}") for n in range(5)
    ]
    review_all(
        proposals,
        [make_expert() for _ in range(3)],
        [[5.0, 5.0, 5.0], [4.0, 1.0, 3.0], [1.0, 4.0, 3.0], [3.0, 3.0, 2.0], [0.5, 0.5, 0.5]],
    )
    client.force_login(manager)

    form = client.get(f"/funding/calls/{call.pk}/rounds/new/")
    posted = client.post(
        f"/funding/calls/{call.pk}/rounds/new/",
        {"method": "rank_order", "lottery": "on", "on_misfit": "stop", "seed": "5"},
    )
    funding_round = FundingRound.objects.get()
    preview = client.get(f"/funding/rounds/{funding_round.pk}/")
    confirmed = client.post(f"/funding/rounds/{funding_round.pk}/confirm/", {"version": "1"})

    assert form.status_code == 200
    assert posted["Location"] == f"/funding/rounds/{funding_round.pk}/"
    assert text(preview.content, "funding-line").startswith("Below ")
    assert text(preview.content, "round-seed") == "5"
    assert text(preview.content, "lottery").startswith("In the draw:")
    assert texts(preview.content, "pool-spend") == ["CN¥200,000.00", "HK$0.00"]
    assert len(elements(preview.content, "form")) >= 1
    _no_inline(preview.content)
    assert confirmed["Location"] == f"/funding/calls/{call.pk}/decisions/"
    decisions = client.get(f"/funding/calls/{call.pk}/decisions/")
    assert len(texts(decisions.content, "decision-row")) == 5
    outcomes = texts(decisions.content, "decision-outcome")
    assert sum(o.startswith("Funded") for o in outcomes) == Decision.objects.filter(outcome="funded").count() == 2


def test_confirm_page_with_stale_version_shows_the_error(client, call, reviewed, manager):
    client.force_login(manager)
    client.post(f"/funding/calls/{call.pk}/rounds/new/", {"method": "optimise", "on_misfit": "stop", "seed": "1"})
    funding_round = FundingRound.objects.get()

    response = client.post(f"/funding/rounds/{funding_round.pk}/confirm/", {"version": "9"})

    assert response.status_code == 409
    assert b"changed since you read it" in response.content
    assert Decision.objects.count() == 0


def test_round_form_errors_are_shown_on_the_form(client, call, manager):
    client.force_login(manager)

    response = client.post(f"/funding/calls/{call.pk}/rounds/new/", {"method": "rank_order", "on_misfit": "stop"})

    assert response.status_code == 200
    assert b"No proposal of this call has reviews" in response.content


def test_single_decision_page(client, call, reviewed, manager):
    proposal = reviewed[0][3]
    client.force_login(manager)

    missing = client.post(f"/funding/proposals/{proposal.pk}/decide/", {"outcome": "funded", "version": "1"})
    done = client.post(
        f"/funding/proposals/{proposal.pk}/decide/", {"outcome": "not_funded", "version": "1", "reason": "Scope."}
    )

    assert missing.status_code == 200
    assert done["Location"] == f"/funding/calls/{call.pk}/decisions/"
    assert Decision.objects.get().outcome == "not_funded"


def test_letter_and_award_pages_for_the_applicant_only(client, call, reviewed, manager, applicant):
    proposal = reviewed[0][0]
    client.force_login(manager)
    client.post(
        f"/funding/proposals/{proposal.pk}/decide/", {"outcome": "funded", "version": "1", "reason": "Priority."}
    )
    decision = Decision.objects.get()
    client.force_login(applicant)

    letter = client.get(f"/funding/decisions/{decision.pk}/letter/")
    award = client.get(f"/funding/awards/{decision.award.pk}/")
    index = client.get("/funding/")

    assert text(letter.content, "letter-subject") == "Proposal P-0001 to call joint-2026: funded"
    assert "CN¥100,000.00" in text(letter.content, "letter-body")
    assert text(award.content, "award-totals") == "Total: CN¥100,000.00 + HK$100,000.00"
    assert len(texts(award.content, "award-line")) == 2
    assert texts(index.content, "own-decision")[0].startswith("P-0001: Funded")
    _no_inline(letter.content)
    client.force_login(make_user())
    assert client.get(f"/funding/decisions/{decision.pk}/letter/").status_code == 404
    assert client.get(f"/funding/awards/{decision.award.pk}/").status_code == 404


def test_pages_need_sign_in(client, call):
    response = client.get(f"/funding/calls/{call.pk}/ranking/")

    assert response.status_code == 302
    assert "login" in response["Location"]
