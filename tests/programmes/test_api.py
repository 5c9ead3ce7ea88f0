"""The programmes endpoints: calls for managers, proposals for applicants, errors with codes and fields,
permissions, idempotent creates and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hetao.programmes.domain.services import proposal_create
from hetao.programmes.models import Call, Proposal
from tests.factories.api import bearer, json_patch, json_post, make_token, queries_for_get
from tests.factories.people import make_user, make_user_with_role
from tests.programmes.factories import PNG_BYTES, make_call, make_eligible_proposal, minimal_pdf

pytestmark = pytest.mark.django_db
BASE = "/api/programmes"


@pytest.fixture
def call(sz_park, hk_park):
    return make_call(sz_park=sz_park, hk_park=hk_park)


@pytest.fixture
def applicant():
    return make_user()


def _call_body(**extra):
    now = timezone.now()
    body = {
        "code": "api-call",
        "title_en": "API call",
        "description_en": "Through the API.",
        "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": "2099-06-30T17:00:00",
        "exchange_rates": {"HKD": "0.92"},
        "parks": [
            {"park": "SZ", "share_percent": "50", "budget": "1000000"},
            {"park": "HK", "share_percent": "50", "budget": "1100000", "max_per_project": "500000"},
        ],
        "categories": [
            {"code": "staff", "name_en": "Staff"},
            {"code": "equipment", "name_en": "Equipment", "cap_percent": "30"},
        ],
        "criteria": [{"code": "merit", "name_en": "Merit", "weight": "1"}],
    }
    body.update(extra)
    return body


def test_manager_creates_publishes_and_starts_review_of_a_call(client, zone):
    manager = make_user_with_role("programme_manager")
    headers = {**bearer(make_token(manager)), "Idempotency-Key": "call-1"}

    body = _call_body()
    created = json_post(client, f"{BASE}/calls", body, headers=headers)
    again = json_post(client, f"{BASE}/calls", body, headers=headers)
    assert created.status_code == 201, created.content
    call_id = created.json()["id"]
    published = json_post(
        client, f"{BASE}/calls/{call_id}/publish", {"version": 1}, headers=bearer(make_token(manager))
    )
    started = json_post(client, f"{BASE}/calls/{call_id}/start-review", {}, headers=bearer(make_token(manager)))

    assert (created.status_code, again.status_code, again.json()["id"]) == (201, 201, call_id)
    assert Call.objects.count() == 1
    body = created.json()
    assert body["closes_at"] == "2099-06-30T09:00:00Z"  # entered in zone time, UTC+8
    assert [(p["park"], p["currency"]) for p in body["parks"]] == [("SZ", "CNY"), ("HK", "HKD")]
    assert (published.status_code, published.json()["status"]) == (200, "published")
    assert (started.status_code, started.json()["status"]) == (200, "in_review")


def test_call_create_errors_name_their_fields(client, zone):
    manager = make_user_with_role("park_admin")
    client.force_login(manager)
    body = _call_body(parks=[{"park": "SZ", "share_percent": "70", "budget": "1"}], closes_at="2000-01-01T00:00:00")

    response = json_post(client, f"{BASE}/calls", body)

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("closes_at", "times_order"),
        ("parks", "shares_total"),
    ]


def test_researcher_may_not_create_a_call(client, zone):
    client.force_login(make_user())

    response = json_post(client, f"{BASE}/calls", _call_body())

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_call_update_with_a_stale_version_is_409(client, call):
    client.force_login(make_user_with_role("programme_manager"))
    json_patch(client, f"{BASE}/calls/{call.pk}", {"version": call.version, "title_en": "One"})

    response = json_patch(client, f"{BASE}/calls/{call.pk}", {"version": call.version, "title_en": "Two"})

    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        409,
        "stale_version",
        "version",
    )


def test_applicant_builds_and_submits_a_proposal(client, call, applicant, sz_park, hk_park):
    from tests.factories.people import make_affiliation, make_organisation, make_person

    headers = bearer(make_token(applicant))
    created = json_post(
        client,
        f"{BASE}/proposals",
        {
            "call": call.pk,
            "title_en": "Soft robots",
            "title_zh": "软体机器人",
            "abstract_en": "Soft robots for surgery.",
            "abstract_zh": "用于手术的软体机器人。",
            "keywords_en": ["soft robotics"],
            "keywords_zh": ["软体机器人"],
            "key_area": "Biomedicine",
            "duration_months": 24,
        },
        headers={**headers, "Idempotency-Key": "p-1"},
    )
    assert created.status_code == 201, created.content
    proposal_id = created.json()["id"]
    for park in (sz_park, hk_park):
        person, organisation = make_person(), make_organisation(park=park)
        make_affiliation(person, organisation)
        member = json_post(
            client,
            f"{BASE}/proposals/{proposal_id}/team",
            {"person": person.pk, "organisation": organisation.pk, "role": "pi"},
            headers=headers,
        )
        assert member.status_code == 201, member.content
    line = json_post(
        client,
        f"{BASE}/proposals/{proposal_id}/budget-lines",
        {"category": "staff", "year": 1, "currency": "HKD", "amount": "250000.50"},
        headers=headers,
    )
    upload = client.post(
        f"{BASE}/proposals/{proposal_id}/attachments",
        {
            "file": SimpleUploadedFile("narrative.pdf", minimal_pdf(), content_type="application/pdf"),
            "kind": "narrative",
        },
        headers=headers,
    )
    submitted = json_post(client, f"{BASE}/proposals/{proposal_id}/submit", {}, headers=headers)

    assert (created.status_code, created.json()["reference"], created.json()["status"]) == (201, "P-0001", "draft")
    assert (line.status_code, line.json()["amount"]) == (201, "250000.50")
    assert upload.status_code == 201, upload.content
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert (body["status"], body["total_in_reference"], body["allowed_currencies"]) == (
        "submitted",
        "230000.46",
        ["CNY", "HKD"],
    )


def test_submit_answers_every_eligibility_failure(client, call, applicant):
    proposal = proposal_create(actor=applicant, call=call, title_en="Only a title", key_area="Biomedicine")
    client.force_login(applicant)

    response = json_post(client, f"{BASE}/proposals/{proposal.pk}/submit", {})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert [e["field"] for e in body["errors"]] == [
        "title_zh",
        "abstract_en",
        "abstract_zh",
        "keywords_en",
        "keywords_zh",
        "duration_months",
        "team",
        "team",
        "budget",
        "attachments",
    ]


def test_late_submission_answers_call_closed(client, call, applicant, sz_park, hk_park):
    from hetao.programmes.domain.services import call_update

    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    call_update(actor=None, call=call, closes_at=timezone.now() - timedelta(seconds=1))
    client.force_login(applicant)

    response = json_post(client, f"{BASE}/proposals/{proposal.pk}/submit", {})

    assert (response.status_code, response.json()["code"]) == (400, "call_closed")


def test_stale_proposal_update_is_409(client, call, applicant):
    proposal = proposal_create(actor=applicant, call=call)
    client.force_login(applicant)
    first = json_patch(client, f"{BASE}/proposals/{proposal.pk}", {"version": 1, "title_en": "A"})

    second = json_patch(client, f"{BASE}/proposals/{proposal.pk}", {"version": 1, "title_en": "B"})

    assert (first.status_code, second.status_code, second.json()["code"]) == (200, 409, "stale_version")
    assert Proposal.objects.get(pk=proposal.pk).title_en == "A"


def test_png_renamed_pdf_answers_not_pdf(client, call, applicant):
    proposal = proposal_create(actor=applicant, call=call)
    client.force_login(applicant)

    response = client.post(
        f"{BASE}/proposals/{proposal.pk}/attachments",
        {"file": SimpleUploadedFile("scan.pdf", PNG_BYTES, content_type="application/pdf"), "kind": "narrative"},
    )

    assert (response.status_code, response.json()["code"], response.json()["field"]) == (400, "not_pdf", "file")


def test_outsider_gets_404_for_a_draft_and_its_attachment(client, call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    attachment = proposal.attachments.get()
    client.force_login(make_user())

    responses = [
        client.get(f"{BASE}/proposals/{proposal.pk}"),
        client.get(f"{BASE}/proposals/{proposal.pk}/attachments/{attachment.pk}"),
        json_patch(client, f"{BASE}/proposals/{proposal.pk}", {"version": 1, "title_en": "Hijack"}),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]


def test_team_member_with_an_account_may_download(client, call, applicant, sz_park, hk_park):
    from hetao.zone.domain.services import person_link_user

    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    colleague = make_user()
    person_link_user(actor=None, person=proposal.team.first().person, user=colleague)
    client.force_login(colleague)

    response = client.get(f"{BASE}/proposals/{proposal.pk}/attachments/{proposal.attachments.get().pk}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == minimal_pdf()


def test_organisation_admin_reads_but_may_not_change(client, call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    organisation = proposal.team.first().organisation
    admin = make_user_with_role("organisation_admin", scope="organisation", organisation=organisation)
    client.force_login(admin)

    read = client.get(f"{BASE}/proposals/{proposal.pk}")
    change = json_patch(client, f"{BASE}/proposals/{proposal.pk}", {"version": proposal.version, "title_en": "X"})

    assert (read.status_code, change.status_code) == (200, 403)


def test_manager_sees_submitted_proposals_but_not_drafts(client, call, applicant, sz_park, hk_park):
    from hetao.programmes.domain.services import proposal_submit

    draft = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    sent = proposal_submit(
        actor=applicant, proposal=make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    )
    client.force_login(make_user_with_role("programme_manager"))

    assert client.get(f"{BASE}/proposals/{draft.pk}").status_code == 404
    assert client.get(f"{BASE}/proposals/{sent.pk}").status_code == 200


def test_withdraw_after_review_start_is_409(client, call, applicant, sz_park, hk_park):
    from hetao.programmes.domain.services import call_start_review, proposal_submit

    proposal = proposal_submit(
        actor=applicant, proposal=make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    )
    call_start_review(actor=None, call=call)
    client.force_login(applicant)

    response = json_post(client, f"{BASE}/proposals/{proposal.pk}/withdraw", {})

    assert (response.status_code, response.json()["code"]) == (409, "review_started")


@pytest.mark.parametrize("rows", [1, 3])
def test_list_queries_do_not_grow_with_rows(client, sz_park, hk_park, applicant, rows):
    calls = [make_call(sz_park=sz_park, hk_park=hk_park, code=f"c{n}") for n in range(rows)]
    for c in calls:
        proposal_create(actor=applicant, call=c)
    client.force_login(applicant)

    counts = (queries_for_get(client, f"{BASE}/calls"), queries_for_get(client, f"{BASE}/proposals"))

    assert counts == (6, 4)
