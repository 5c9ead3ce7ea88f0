"""Calls and proposals through the domain services: validation, publication, time windows, versions,
withdrawal, attachments, references."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hetao.audit.models import AuditEvent
from hetao.core.errors import Conflict, DomainError, ValidationFailed
from hetao.core.files import NotAPdf, check_pdf
from hetao.programmes.domain.selectors import (
    budget_by_category,
    call_review_started,
    lead_park_id,
    proposal_total_in_reference,
    proposals_for_review,
)
from hetao.programmes.domain.services import (
    ParkTerms,
    attachment_add,
    budget_line_add,
    call_create,
    call_publish,
    call_start_review,
    call_update,
    proposal_create,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
    team_member_add,
)
from hetao.programmes.models import Attachment, Call, Proposal
from tests.factories.people import make_affiliation, make_organisation, make_person, make_user
from tests.programmes.factories import PNG_BYTES, make_call, make_eligible_proposal, minimal_pdf

pytestmark = pytest.mark.django_db
HK = ZoneInfo("Asia/Hong_Kong")


@pytest.fixture
def call(sz_park, hk_park):
    return make_call(sz_park=sz_park, hk_park=hk_park)


@pytest.fixture
def applicant():
    return make_user()


# --- Calls ----------------------------------------------------------------------------------------------


def test_call_times_without_offset_are_zone_time(sz_park, hk_park):
    call = make_call(
        sz_park=sz_park,
        hk_park=hk_park,
        publish=False,
        # Naive on purpose: a time typed without an offset is zone time.
        opens_at=datetime(2030, 3, 1, 9, 0),  # noqa: DTZ001
        closes_at=datetime(2030, 4, 30, 17, 0),  # noqa: DTZ001
    )

    assert call.opens_at == datetime(2030, 3, 1, 1, 0, tzinfo=ZoneInfo("UTC"))
    assert timezone.localtime(call.closes_at, HK).strftime("%Y-%m-%d %H:%M") == "2030-04-30 17:00"


def test_call_shares_must_add_up_to_100(sz_park, hk_park):
    parks = [
        ParkTerms(park=sz_park, share_percent=Decimal("60"), budget=Decimal("1")),
        ParkTerms(park=hk_park, share_percent=Decimal("30"), budget=Decimal("1")),
    ]

    with pytest.raises(ValidationFailed) as caught:
        make_call(sz_park=sz_park, hk_park=hk_park, parks=parks, publish=False)

    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("parks", "The parks' shares add up to 90%; they must add up to 100%.")
    ]
    assert Call.objects.count() == 0


def test_call_needs_a_rate_for_every_park_currency(sz_park, hk_park):
    with pytest.raises(ValidationFailed) as caught:
        make_call(sz_park=sz_park, hk_park=hk_park, exchange_rates={}, publish=False)

    assert [(p.field, p.code) for p in caught.value.problems] == [("exchange_rates", "rate_missing")]


def test_publish_lists_everything_missing(sz_park, hk_park):
    call = call_create(
        actor=None,
        code="bare",
        title_en="Bare call",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=5),
        review_stages=2,
    )

    with pytest.raises(ValidationFailed) as caught:
        call_publish(actor=None, call=call)

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("parks", "parks_required"),
        ("categories", "categories_required"),
        ("criteria", "rubric_required"),
        ("criteria", "rubric_required"),
        ("description_en", "required"),
    ]
    assert Call.objects.get(pk=call.pk).status == "draft"


def test_call_update_with_a_stale_version_is_refused(call):
    call_update(actor=None, call=call, expected_version=call.version, title_en="First editor")

    with pytest.raises(Conflict) as caught:
        call_update(actor=None, call=call, expected_version=call.version, title_en="Second editor")

    assert caught.value.code == "stale_version"
    assert Call.objects.get(pk=call.pk).title_en == "First editor"


def test_start_review_moves_submitted_proposals(call, applicant, sz_park, hk_park):
    submitted = proposal_submit(
        actor=applicant, proposal=make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    )
    draft = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)

    call_start_review(actor=None, call=call)

    call.refresh_from_db()
    assert (call.status, call_review_started(call)) == ("in_review", True)
    assert Proposal.objects.get(pk=submitted.pk).status == "in_review"
    assert Proposal.objects.get(pk=draft.pk).status == "draft"
    assert [p.pk for p in proposals_for_review(call)] == [submitted.pk]
    assert AuditEvent.objects.filter(action="call.start_review").count() == 1


# --- Time window ----------------------------------------------------------------------------------------


def test_late_submission_is_refused_with_call_closed(call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    late = call.closes_at + timedelta(seconds=1)

    with mock.patch("django.utils.timezone.now", return_value=late), pytest.raises(DomainError) as caught:
        proposal_submit(actor=applicant, proposal=proposal)

    assert caught.value.code == "call_closed"
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_submission_one_second_before_closing_is_accepted(call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)

    with mock.patch("django.utils.timezone.now", return_value=call.closes_at - timedelta(seconds=1)):
        submitted = proposal_submit(actor=applicant, proposal=proposal)

    assert submitted.status == "submitted"


def test_early_submission_is_refused_with_call_not_open(call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    call_update(actor=None, call=call, opens_at=timezone.now() + timedelta(days=1))

    with pytest.raises(DomainError) as caught:
        proposal_submit(actor=applicant, proposal=proposal)

    assert caught.value.code == "call_not_open"


def test_closed_call_takes_no_new_draft(call, applicant):
    call_update(actor=None, call=call, opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now())

    with pytest.raises(DomainError) as caught:
        proposal_create(actor=applicant, call=call)

    assert caught.value.code == "call_closed"


# --- Drafts ---------------------------------------------------------------------------------------------


def test_two_editors_the_stale_one_gets_a_conflict_and_nothing_is_overwritten(call, applicant):
    proposal = proposal_create(actor=applicant, call=call, title_en="Draft")
    first_read = Proposal.objects.get(pk=proposal.pk)
    second_read = Proposal.objects.get(pk=proposal.pk)
    proposal_update(actor=applicant, proposal=first_read, expected_version=first_read.version, title_en="Mine")

    with pytest.raises(Conflict) as caught:
        proposal_update(actor=applicant, proposal=second_read, expected_version=second_read.version, title_en="Theirs")

    assert (caught.value.code, caught.value.field) == ("stale_version", "version")
    assert Proposal.objects.get(pk=proposal.pk).title_en == "Mine"


def test_team_member_must_be_affiliated_with_the_organisation(call, applicant, hk_park):
    proposal = proposal_create(actor=applicant, call=call)
    person = make_person()
    organisation = make_organisation(park=hk_park)

    with pytest.raises(ValidationFailed) as caught:
        team_member_add(actor=applicant, proposal=proposal, person=person, organisation=organisation, role="pi")

    assert [(p.field, p.code) for p in caught.value.problems] == [("organisation", "not_affiliated")]


def test_a_past_affiliation_does_not_count(call, applicant, hk_park):
    from datetime import date

    proposal = proposal_create(actor=applicant, call=call)
    person = make_person()
    organisation = make_organisation(park=hk_park)
    make_affiliation(person, organisation, start=date(2010, 1, 1), end=date(2015, 1, 1))

    with pytest.raises(ValidationFailed):
        team_member_add(actor=applicant, proposal=proposal, person=person, organisation=organisation, role="pi")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"currency": "USD"}, "currency"),
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-5")}, "amount"),
        ({"amount": Decimal("10.005")}, "amount"),
        ({"year": 4}, "year"),
    ],
)
def test_budget_line_checks(call, applicant, changes, field):
    proposal = proposal_create(actor=applicant, call=call, duration_months=36)
    values = {"category": call.cost_categories.get(code="staff"), "year": 1, "currency": "CNY", "amount": Decimal("1")}

    with pytest.raises(ValidationFailed) as caught:
        budget_line_add(actor=applicant, proposal=proposal, **{**values, **changes})

    assert [p.field for p in caught.value.problems] == [field]


def test_budget_line_category_of_another_call_is_refused(call, applicant, sz_park, hk_park):
    other = make_call(sz_park=sz_park, hk_park=hk_park, code="other")
    proposal = proposal_create(actor=applicant, call=call)

    with pytest.raises(ValidationFailed) as caught:
        budget_line_add(
            actor=applicant,
            proposal=proposal,
            category=other.cost_categories.get(code="staff"),
            year=1,
            currency="CNY",
            amount=Decimal("10"),
        )

    assert [p.field for p in caught.value.problems] == ["category"]


def test_budget_totals_in_the_reference_currency(call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)

    rows = {row.category.code: row for row in budget_by_category(proposal)}

    assert proposal_total_in_reference(proposal) == Decimal("676000.00")
    assert (rows["staff"].by_currency, rows["staff"].in_reference) == (
        {"CNY": Decimal("300000"), "HKD": Decimal("300000")},
        Decimal("576000.00"),
    )
    assert (rows["equipment"].percent, rows["travel"].percent) == (Decimal("14.8"), Decimal("0.0"))


def test_lead_park_is_the_first_pis(call, applicant, sz_park, hk_park):
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)

    assert lead_park_id(proposal) == sz_park.pk
    assert lead_park_id(proposal_create(actor=applicant, call=call)) is None


def test_submitted_proposal_cannot_be_edited(call, applicant, sz_park, hk_park):
    proposal = proposal_submit(
        actor=applicant, proposal=make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    )

    with pytest.raises(Conflict) as caught:
        proposal_update(actor=applicant, proposal=proposal, title_en="Later")

    assert caught.value.code == "not_draft"


# --- Withdrawal -----------------------------------------------------------------------------------------


def test_withdraw_before_the_review(call, applicant, sz_park, hk_park):
    proposal = proposal_submit(
        actor=applicant, proposal=make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    )

    withdrawn = proposal_withdraw(actor=applicant, proposal=proposal)

    assert (withdrawn.status, withdrawn.withdrawn_at is not None) == ("withdrawn", True)


def test_withdrawal_after_the_review_started_is_refused(call, applicant, sz_park, hk_park):
    proposal = proposal_submit(
        actor=applicant, proposal=make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    )
    call_start_review(actor=None, call=call)

    with pytest.raises(Conflict) as caught:
        proposal_withdraw(actor=applicant, proposal=proposal)

    assert caught.value.code == "review_started"
    assert Proposal.objects.get(pk=proposal.pk).status == "in_review"


# --- Attachments ----------------------------------------------------------------------------------------


def test_a_real_pdf_is_stored_with_its_sha256(call, applicant):
    import hashlib

    proposal = proposal_create(actor=applicant, call=call)
    data = minimal_pdf()

    attachment = attachment_add(actor=applicant, proposal=proposal, kind="narrative", data=data, file_name="n.pdf")

    assert (attachment.sha256, attachment.size) == (hashlib.sha256(data).hexdigest(), len(data))
    with attachment.file.open("rb") as handle:
        assert handle.read() == data


def test_a_png_renamed_pdf_is_refused(call, applicant):
    proposal = proposal_create(actor=applicant, call=call)

    with pytest.raises(ValidationFailed) as caught:
        attachment_add(actor=applicant, proposal=proposal, kind="narrative", data=PNG_BYTES, file_name="scan.pdf")

    assert [(p.field, p.code) for p in caught.value.problems] == [("file", "not_pdf")]
    assert Attachment.objects.count() == 0


def test_an_oversize_file_is_refused(call, applicant, settings):
    settings.PROGRAMMES_MAX_ATTACHMENT_MB = 1
    proposal = proposal_create(actor=applicant, call=call)
    data = minimal_pdf().replace(b"%%EOF", b"%" + b"x" * (1024 * 1024) + b"\n%%EOF")

    with pytest.raises(ValidationFailed) as caught:
        attachment_add(actor=applicant, proposal=proposal, kind="narrative", data=data, file_name="big.pdf")

    assert [(p.field, p.code, p.message) for p in caught.value.problems] == [
        ("file", "file_too_large", "The file is larger than 1 MB.")
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Hello, not a PDF", "header"),
        (minimal_pdf()[:-20], "eof"),
        (b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n", "startxref"),
        (minimal_pdf().replace(b"startxref\n", b"startxref\n1"), "xref"),
    ],
)
def test_pdf_checker_names_what_is_missing(data, reason):
    with pytest.raises(NotAPdf) as caught:
        check_pdf(data)

    assert caught.value.reason == reason


def test_pdf_checker_accepts_a_cross_reference_stream():
    body = b"%PDF-1.5\n"
    offset = len(body)
    body += b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 2 1] >>\nstream\nxx\nendstream\nendobj\n"
    body += f"startxref\n{offset}\n%%EOF\n".encode()

    check_pdf(body)


# --- References -----------------------------------------------------------------------------------------


def test_references_count_up_across_calls(call, applicant, sz_park, hk_park):
    other = make_call(sz_park=sz_park, hk_park=hk_park, code="second")

    references = [
        proposal_create(actor=applicant, call=call).reference,
        proposal_create(actor=applicant, call=other).reference,
        proposal_create(actor=applicant, call=call).reference,
    ]

    assert references == ["P-0001", "P-0002", "P-0003"]
