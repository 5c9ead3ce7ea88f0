"""The programmes pages: call list and detail, the manager's call form, the applicant's proposal page with its
htmx sections, submission errors shown next to their fields, permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hetao.programmes.domain.services import call_update, proposal_create
from hetao.programmes.models import Call, Proposal, TeamMember
from tests.factories.pages import inline_code, text, texts
from tests.factories.people import make_affiliation, make_organisation, make_person, make_user, make_user_with_role
from tests.programmes.factories import PNG_BYTES, make_call, make_eligible_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(sz_park, hk_park):
    return make_call(sz_park=sz_park, hk_park=hk_park)


@pytest.fixture
def applicant():
    return make_user()


def test_call_list_shows_open_calls_first_with_a_countdown(client, sz_park, hk_park):
    closed = make_call(sz_park=sz_park, hk_park=hk_park, code="closed", title_en="Closed call")
    call_update(actor=None, call=closed, opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now())
    make_call(sz_park=sz_park, hk_park=hk_park, code="open", title_en="Open call")

    response = client.get("/programmes/")

    assert response.status_code == 200
    rows = texts(response.content, "call-row")
    assert [row.split(" ")[0:2] for row in rows] == [["Open", "call"], ["Closed", "call"]]
    assert texts(response.content, "countdown") == ["closes in 4 weeks, 1 day"]
    assert inline_code(response.content) == []


def test_draft_call_is_hidden_from_applicants(client, sz_park, hk_park):
    draft = make_call(sz_park=sz_park, hk_park=hk_park, publish=False)
    client.force_login(make_user())

    assert client.get(f"/programmes/calls/{draft.pk}/").status_code == 404


def test_call_detail_shows_money_in_each_parks_currency(client, call):
    response = client.get(f"/programmes/calls/{call.pk}/")

    assert response.status_code == 200
    assert "HK$11,000,000.00" in text(response.content, "call-parks")
    assert "CN¥10,000,000.00" in text(response.content, "call-parks")


def test_manager_creates_a_call_with_its_parks_categories_and_rubric(client, sz_park, hk_park):
    client.force_login(make_user_with_role("programme_manager"))
    data = {
        "code": "form-call",
        "title_en": "Form call",
        "description_en": "Made on the page.",
        "opens_at": "2030-01-01T09:00",
        "closes_at": "2030-03-31T17:00",
        "reference_currency": "CNY",
        "exchange_rates": "HKD 0.92",
        "max_duration_months": "36",
        "review_stages": "1",
        "reviewers_per_proposal": "3",
        "reviewer_load_min": "0",
        "reviewer_load_max": "6",
        "min_reviewers_outside_parks": "0",
        "coi_window_years": "3",
        "parks-TOTAL_FORMS": "2",
        "parks-INITIAL_FORMS": "0",
        "parks-0-park": str(sz_park.pk),
        "parks-0-share_percent": "50",
        "parks-0-budget": "1000",
        "parks-0-lead_required": "on",
        "parks-1-park": str(hk_park.pk),
        "parks-1-share_percent": "50",
        "parks-1-budget": "1100",
        "categories-TOTAL_FORMS": "2",
        "categories-INITIAL_FORMS": "0",
        "categories-0-code": "staff",
        "categories-0-name_en": "Staff",
        "categories-1-code": "",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-code": "merit",
        "criteria-0-name_en": "Merit",
        "criteria-0-weight": "1",
        "criteria-0-scale_min": "1",
        "criteria-0-scale_max": "5",
        "criteria-0-stage": "1",
    }

    response = client.post("/programmes/calls/new/", data)

    call = Call.objects.get(code="form-call")
    assert response.status_code == 302
    assert timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M %z") == "2030-03-31 17:00 +0800"
    assert [(p.park.code, p.currency, p.lead_required) for p in call.parks.all()] == [
        ("SZ", "CNY", True),
        ("HK", "HKD", False),
    ]
    assert [c.code for c in call.cost_categories.all()] == ["staff"]


def test_call_form_shows_the_shares_error(client, sz_park):
    client.force_login(make_user_with_role("programme_manager"))
    data = {
        "code": "bad",
        "title_en": "Bad",
        "description_en": "x",
        "opens_at": "2030-01-01T09:00",
        "closes_at": "2030-03-31T17:00",
        "reference_currency": "CNY",
        "max_duration_months": "36",
        "review_stages": "1",
        "reviewers_per_proposal": "3",
        "reviewer_load_min": "0",
        "reviewer_load_max": "6",
        "min_reviewers_outside_parks": "0",
        "coi_window_years": "3",
        "parks-TOTAL_FORMS": "1",
        "parks-INITIAL_FORMS": "0",
        "parks-0-park": str(sz_park.pk),
        "parks-0-share_percent": "40",
        "parks-0-budget": "1",
        "categories-TOTAL_FORMS": "0",
        "categories-INITIAL_FORMS": "0",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }

    response = client.post("/programmes/calls/new/", data)

    assert response.status_code == 200
    assert texts(response.content, "parks-errors") == ["The parks' shares add up to 40%; they must add up to 100%."]
    assert Call.objects.count() == 0


def test_submit_shows_every_failure_next_to_its_field(client, call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park, title_zh="")
    TeamMember.objects.filter(proposal=proposal, organisation__park=hk_park).delete()
    client.force_login(applicant)

    response = client.post(f"/programmes/proposals/{proposal.pk}/submit/")

    assert response.status_code == 200
    assert texts(response.content, "problem-team") == [
        "A principal investigator at an organisation in Hong Kong Park is required."
    ]
    assert "A Chinese title is required." in response.content.decode()
    assert len(texts(response.content, "submit-problem")) == 2
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_submit_in_chinese_says_it_in_chinese(client, call, applicant, sz_park, hk_park):
    from django.conf import settings

    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    TeamMember.objects.filter(proposal=proposal, organisation__park=hk_park).delete()
    client.force_login(applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"

    response = client.post(f"/programmes/proposals/{proposal.pk}/submit/")

    assert response.status_code == 200
    assert "香港園區" in texts(response.content, "problem-team")[0]


def test_team_section_is_updated_in_place_with_htmx(client, call, applicant, hk_park):
    proposal = proposal_create(actor=applicant, call=call)
    person, organisation = make_person(), make_organisation(park=hk_park)
    make_affiliation(person, organisation)
    client.force_login(applicant)

    response = client.post(
        f"/programmes/proposals/{proposal.pk}/team/",
        {"team-affiliation": f"{person.pk}:{organisation.pk}", "team-role": "pi"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert len(texts(response.content, "team-row")) == 1
    assert "<html" not in response.content.decode()
    assert TeamMember.objects.get(proposal=proposal).role == "pi"


def test_attachment_upload_refuses_a_png_named_pdf(client, call, applicant):
    proposal = proposal_create(actor=applicant, call=call)
    client.force_login(applicant)

    response = client.post(
        f"/programmes/proposals/{proposal.pk}/attachments/",
        {"attachment-kind": "narrative", "attachment-file": SimpleUploadedFile("x.pdf", PNG_BYTES)},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "This file is not a PDF. Attach PDF files only." in response.content.decode()
    assert proposal.attachments.count() == 0


def test_outsider_gets_404_for_a_draft_page_and_its_file(client, call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    client.force_login(make_user())

    pages = [
        client.get(f"/programmes/proposals/{proposal.pk}/"),
        client.get(f"/programmes/proposals/{proposal.pk}/attachments/{proposal.attachments.get().pk}/"),
        client.post(f"/programmes/proposals/{proposal.pk}/submit/"),
    ]

    assert [p.status_code for p in pages] == [404, 404, 404]


def test_proposal_page_has_no_inline_code(client, call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    client.force_login(applicant)

    response = client.get(f"/programmes/proposals/{proposal.pk}/")

    assert response.status_code == 200
    assert inline_code(response.content) == []
    assert text(response.content, "budget-total") == "CN¥676,000.00"


@pytest.mark.parametrize("rows", [1, 3])
def test_my_proposals_queries_do_not_grow(client, call, applicant, rows):
    from tests.factories.api import queries_for_get

    for _ in range(rows):
        proposal_create(actor=applicant, call=call)
    client.force_login(applicant)

    assert queries_for_get(client, "/programmes/proposals/") == 9  # 1 of them: the "My reviews" nav link
