"""Expenditure: recorded against a budget line with its receipt (checked by content), converted to the line's
currency at the rate of its day (half up to the cent, once, with the rate recorded), refused beyond the line's
budget or waiting for a manager's approval when the programme allows it; every error changes nothing; pages
and API answer 404 to strangers and 403 to members without a working role."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from hetao.projects.domain.money import expenditure_decide
from hetao.projects.domain.selectors import financial_statement
from hetao.projects.models import Expenditure, Project
from tests.factories.api import bearer, make_token, queries_for_get
from tests.factories.pages import inline_code, texts
from tests.factories.people import make_user, make_user_with_role
from tests.projects.factories import line, make_project
from tests.projects.money_factories import (
    JPEG_BYTES,
    PNG_BYTES,
    add_member,
    import_rates,
    receipt_pdf,
    record,
    stored_files,
)

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
    return make_project(sz_park, hk_park, pi=pi, manager=manager)


def _events(project: Project) -> list[str]:
    return [e.action for e in events_for_object(object_type="projects.project", object_id=str(project.pk))]


def _state(project: Project) -> list[tuple[object, ...]]:
    """Everything an expenditure could change: the lines' figures and the expenditure rows."""
    lines = [(ln.pk, ln.amount, ln.spent, ln.overdraft) for ln in project.lines.order_by("pk")]
    rows = [(e.pk, e.status) for e in Expenditure.objects.order_by("pk")]
    return [*lines, *rows, len(_events(project))]


# --- Recording ------------------------------------------------------------------------------------------


def test_an_investigator_records_expenditure_in_the_lines_currency(project, pi, media):
    staff = line(project, "staff", 1, "CNY")

    expenditure = record(project, pi, staff, "1250.50")

    staff.refresh_from_db()
    assert (expenditure.status, expenditure.line_amount, expenditure.rate, expenditure.rate_source) == (
        "recorded",
        Decimal("1250.50"),
        None,
        "",
    )
    assert staff.spent == Decimal("1250.50")
    assert (expenditure.receipt_kind, expenditure.receipt_name, expenditure.recorded_by) == ("pdf", "receipt.pdf", pi)
    with expenditure.receipt.open("rb") as handle:
        assert handle.read() == receipt_pdf()
    assert _events(project) == ["project.start", "project.expenditure_record"]


def test_a_finance_officer_records_expenditure_with_an_image_receipt(project):
    officer = add_member(project, "finance")
    staff = line(project, "staff", 1, "CNY")

    png = record(project, officer, staff, "10", receipt=PNG_BYTES, receipt_name="scan.png")
    jpeg = record(project, officer, staff, "20", receipt=JPEG_BYTES, receipt_name="photo.jpg")

    assert [(png.receipt_kind, png.receipt.name[-4:]), (jpeg.receipt_kind, jpeg.receipt.name[-4:])] == [
        ("png", ".png"),
        ("jpeg", ".jpg"),
    ]


def test_a_conversion_rounds_half_up_to_the_cent_and_records_the_rate(project, pi):
    import_rates("2026-03-01,HKD,CNY,0.9125,PBOC")
    staff = line(project, "staff", 1, "CNY")

    expenditure = record(project, pi, staff, "10.00", currency="HKD", spent_on=date(2026, 3, 2))

    # 10.00 x 0.9125 = 9.125: half up gives 9.13 (half to even would give 9.12).
    assert (expenditure.amount, expenditure.currency, expenditure.line_amount) == (
        Decimal("10.00"),
        "HKD",
        Decimal("9.13"),
    )
    assert (expenditure.rate, expenditure.rate_date, expenditure.rate_source) == (
        Decimal("0.91250000"),
        date(2026, 3, 1),
        "PBOC",
    )
    staff.refresh_from_db()
    assert staff.spent == Decimal("9.13")


def test_without_a_direct_rate_the_reverse_rate_is_read_the_other_way(project, pi):
    import_rates("2026-03-01,CNY,HKD,1.25,HKMA")
    staff = line(project, "staff", 1, "CNY")

    expenditure = record(project, pi, staff, "100.01", currency="HKD")

    # HKD -> CNY from the CNY -> HKD rate: 1 / 1.25 = 0.8; 100.01 x 0.8 = 80.008 -> 80.01.
    assert (expenditure.rate, expenditure.line_amount, expenditure.rate_source) == (
        Decimal("0.80000000"),
        Decimal("80.01"),
        "HKMA",
    )


def test_many_small_converted_expenditures_reconcile_to_the_cent(project, pi):
    import_rates("2026-03-01,HKD,CNY,0.91234567,PBOC", "2026-03-10,HKD,CNY,0.90876543,PBOC")
    staff = line(project, "staff", 1, "CNY")
    amounts = ["0.01", "0.05", "1.11", "33.33", "0.55", "12.35", "99.99", "0.07", "5.50", "7.77"]

    rows = [
        record(project, pi, staff, amount, currency="HKD", spent_on=date(2026, 3, 1 + 2 * i))
        for i, amount in enumerate(amounts)
    ]

    staff.refresh_from_db()
    line_amounts = [row.line_amount for row in rows]
    assert line_amounts == [
        Decimal("0.01"),
        Decimal("0.05"),
        Decimal("1.01"),
        Decimal("30.41"),
        Decimal("0.50"),
        Decimal("11.22"),
        Decimal("90.87"),
        Decimal("0.06"),
        Decimal("5.00"),
        Decimal("7.06"),
    ]
    assert staff.spent == sum(line_amounts, Decimal(0)) == Decimal("146.19")
    statement = financial_statement(project)
    assert [t.spent for t in statement.totals if t.currency == "CNY"] == [Decimal("146.19")]
    assert staff.available == Decimal("100000.00") - Decimal("146.19")


def test_an_amount_below_a_cent_after_conversion_is_refused(project, pi):
    import_rates("2026-03-01,HKD,CNY,0.4,PBOC")
    staff = line(project, "staff", 1, "CNY")

    with pytest.raises(ValidationFailed) as caught:
        record(project, pi, staff, "0.01", currency="HKD")

    assert [(p.field, p.code) for p in caught.value.problems] == [("amount", "too_small")]


def test_without_a_rate_nothing_is_recorded(project, pi, media):
    staff = line(project, "staff", 1, "CNY")
    before = _state(project)

    with pytest.raises(ValidationFailed) as caught:
        record(project, pi, staff, "10", currency="HKD", spent_on=date(2026, 3, 2))

    assert [(p.field, p.code, p.message) for p in caught.value.problems] == [
        ("currency", "no_rate", "There is no exchange rate from HKD to CNY on or before 2026-03-02.")
    ]
    assert _state(project) == before
    assert stored_files(media) == []


def test_every_problem_is_listed_at_once_and_nothing_changes(project, pi, media):
    staff = line(project, "staff", 1, "CNY")
    before = _state(project)

    with pytest.raises(ValidationFailed) as caught:
        record(
            project,
            pi,
            staff,
            "12.345",
            currency="XYZ",
            spent_on=timezone.localdate() + timedelta(days=1),
            payee=" ",
            description="",
            receipt=b"Receipt: 12.35 CNY\n",
        )

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("amount", "invalid_amount"),
        ("currency", "invalid_currency"),
        ("spent_on", "future_date"),
        ("payee", "required"),
        ("description", "required"),
        ("receipt", "not_receipt"),
    ]
    assert _state(project) == before
    assert stored_files(media) == []


@pytest.mark.parametrize(("amount", "code"), [("0", "not_positive"), ("-5", "not_positive"), ("1e20", "too_large")])
def test_an_amount_must_be_positive_and_fit(project, pi, amount, code):
    with pytest.raises(ValidationFailed) as caught:
        record(project, pi, line(project, "staff", 1, "CNY"), amount)

    assert [(p.field, p.code) for p in caught.value.problems] == [("amount", code)]


def test_a_date_before_the_project_started_is_refused(project, pi):
    with pytest.raises(ValidationFailed) as caught:
        record(project, pi, line(project, "staff", 1, "CNY"), "10", spent_on=date(2025, 12, 31))

    assert [(p.field, p.code, p.message) for p in caught.value.problems] == [
        ("spent_on", "before_start", "The date is before the project started (2026-01-01).")
    ]


def test_a_line_of_another_project_is_refused(sz_park, hk_park, project, pi):
    other = make_project(sz_park, hk_park)

    with pytest.raises(ValidationFailed) as caught:
        record(project, pi, line(other, "staff", 1, "CNY"), "10")

    assert [(p.field, p.code) for p in caught.value.problems] == [("line", "unknown_line")]


# --- Receipts by content --------------------------------------------------------------------------------


def test_a_text_file_named_receipt_pdf_is_refused(project, pi, media):
    with pytest.raises(ValidationFailed) as caught:
        record(
            project, pi, line(project, "staff", 1, "CNY"), "10", receipt=b"Paid 10 CNY\n", receipt_name="receipt.pdf"
        )

    assert [(p.field, p.code, p.message) for p in caught.value.problems] == [
        ("receipt", "not_receipt", "This file is not a PDF, PNG or JPEG. Attach the receipt as a PDF or an image.")
    ]
    assert Expenditure.objects.count() == 0
    assert stored_files(media) == []


def test_an_image_named_pdf_is_refused(project, pi):
    with pytest.raises(ValidationFailed) as caught:
        record(project, pi, line(project, "staff", 1, "CNY"), "10", receipt=PNG_BYTES, receipt_name="receipt.pdf")

    assert [(p.field, p.code) for p in caught.value.problems] == [("receipt", "receipt_name_mismatch")]


def test_a_receipt_over_the_size_limit_is_refused(project, pi, settings):
    settings.PROJECTS_MAX_RECEIPT_MB = 1
    data = receipt_pdf().replace(b"%%EOF", b"%" + b"x" * (1024 * 1024) + b"\n%%EOF")

    with pytest.raises(ValidationFailed) as caught:
        record(project, pi, line(project, "staff", 1, "CNY"), "10", receipt=data)

    assert [(p.field, p.code, p.message) for p in caught.value.problems] == [
        ("receipt", "file_too_large", "The file is larger than 1 MB.")
    ]


# --- Beyond the line's budget ---------------------------------------------------------------------------


def test_overspending_a_line_is_refused_saying_what_is_available(project, pi, media):
    equipment = line(project, "equipment", 1, "CNY")
    record(project, pi, equipment, "49000")
    before = _state(project)
    files_before = stored_files(media)

    with pytest.raises(DomainError) as caught:
        record(project, pi, equipment, "1000.01")

    assert (caught.value.code, caught.value.field) == ("line_overspent", "amount")
    assert caught.value.message == (
        "This expenditure needs CN¥1,000.01 on the line Equipment, year 1, CNY, but only CN¥1,000.00 is available."
    )
    assert _state(project) == before
    assert stored_files(media) == files_before


def test_spending_exactly_what_is_available_is_recorded(project, pi):
    equipment = line(project, "equipment", 1, "CNY")

    record(project, pi, equipment, "50000.00")

    equipment.refresh_from_db()
    assert (equipment.spent, equipment.available) == (Decimal("50000.00"), Decimal("0.00"))


def test_overspend_waits_for_approval_then_counts_with_the_overdraft(sz_park, hk_park, pi, manager):
    project = make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"overspend_with_approval": True})
    equipment = line(project, "equipment", 1, "CNY")
    record(project, pi, equipment, "49000")

    waiting = record(project, pi, equipment, "1500")

    equipment.refresh_from_db()
    assert waiting.status == "awaiting_approval"
    assert (equipment.spent, equipment.overdraft) == (Decimal("49000.00"), Decimal("0.00"))

    approved = expenditure_decide(actor=manager, expenditure=waiting, approve=True, note="Price rise; accepted.")

    equipment.refresh_from_db()
    assert (approved.status, approved.decided_by, approved.decision_note) == (
        "recorded",
        manager,
        "Price rise; accepted.",
    )
    assert (equipment.spent, equipment.overdraft, equipment.available) == (
        Decimal("50500.00"),
        Decimal("500.00"),
        Decimal("0.00"),
    )
    assert _events(project)[-2:] == ["project.expenditure_record", "project.expenditure_decide"]
    with pytest.raises(Conflict) as caught:
        expenditure_decide(actor=manager, expenditure=waiting, approve=False, note="No.")
    assert caught.value.code == "already_decided"


def test_a_rejected_expenditure_never_counts(sz_park, hk_park, pi, manager):
    project = make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"overspend_with_approval": True})
    equipment = line(project, "equipment", 1, "CNY")
    waiting = record(project, pi, equipment, "60000")

    with pytest.raises(ValidationFailed) as caught:
        expenditure_decide(actor=manager, expenditure=waiting, approve=False, note="  ")
    rejected = expenditure_decide(actor=manager, expenditure=waiting, approve=False, note="Not eligible.")

    assert [(p.field, p.code) for p in caught.value.problems] == [("note", "required")]
    equipment.refresh_from_db()
    assert (rejected.status, equipment.spent, equipment.overdraft) == ("rejected", Decimal("0.00"), Decimal("0.00"))


def test_only_managers_decide_on_expenditure(sz_park, hk_park, pi, manager):
    project = make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"overspend_with_approval": True})
    waiting = record(project, pi, line(project, "equipment", 1, "CNY"), "60000")

    with pytest.raises(PermissionDenied):
        expenditure_decide(actor=pi, expenditure=waiting, approve=True, note="")

    waiting.refresh_from_db()
    assert waiting.status == "awaiting_approval"


# --- Who may ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["stranger", "member", "auditor", "manager"])
def test_only_investigators_and_finance_officers_record_expenditure(project, manager, who):
    user = {
        "stranger": make_user,
        "member": lambda: add_member(project, "member"),
        "auditor": lambda: make_user_with_role("auditor"),
        "manager": lambda: manager,
    }[who]()

    with pytest.raises(PermissionDenied):
        record(project, user, line(project, "staff", 1, "CNY"), "10")

    assert Expenditure.objects.count() == 0


def test_a_closed_project_refuses_expenditure(project, pi, media):
    Project.objects.filter(pk=project.pk).update(status="closed", closed_at=timezone.now())
    project.refresh_from_db()

    with pytest.raises(Conflict) as caught:
        record(project, pi, line(project, "staff", 1, "CNY"), "10")

    assert caught.value.code == "project_closed"
    assert (Expenditure.objects.count(), stored_files(media)) == (0, [])


# --- Pages ----------------------------------------------------------------------------------------------


def _form(project: Project, **fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "line": line(project, "staff", 1, "CNY").pk,
        "spent_on": "2026-03-02",
        "amount": "1250.50",
        "currency": "CNY",
        "payee": "Shenzhen Lab Supplies Ltd",
        "description": "Reagents",
        "receipt": SimpleUploadedFile("receipt.pdf", receipt_pdf(), "application/pdf"),
    }
    data.update(fields)
    return data


def test_the_expenditure_page_records_with_a_receipt_upload(client, project, pi):
    client.force_login(pi)
    url = f"/projects/{project.pk}/expenditure/"

    empty = client.get(url)
    response = client.post(url, _form(project))
    page = client.get(url)

    assert len(texts(empty.content, "expenditure-form")) == 1
    assert inline_code(empty.content) == []
    assert (response.status_code, response["Location"]) == (302, url)
    assert texts(page.content, "expenditure-amount") == ["CN¥1,250.50"]
    assert texts(page.content, "expenditure-status") == ["Recorded"]
    expenditure = Expenditure.objects.get()
    download = client.get(f"/projects/{project.pk}/expenditure/{expenditure.pk}/receipt/")
    assert (download.status_code, download["Content-Type"]) == (200, "application/pdf")
    assert b"".join(download.streaming_content) == receipt_pdf()


def test_the_expenditure_page_shows_every_error(client, project, pi):
    client.force_login(pi)

    response = client.post(
        f"/projects/{project.pk}/expenditure/",
        _form(
            project,
            amount="10",
            payee="Someone",
            receipt=SimpleUploadedFile("receipt.pdf", b"Not a PDF at all", "application/pdf"),
            spent_on="2025-06-01",
        ),
    )

    assert response.status_code == 400
    summary = texts(response.content, "error-summary")[0]
    assert "Date: The date is before the project started (2026-01-01)." in summary
    assert "Receipt: This file is not a PDF, PNG or JPEG." in summary
    assert Expenditure.objects.count() == 0


def test_the_expenditure_page_reports_an_overspend(client, project, pi):
    client.force_login(pi)

    response = client.post(
        f"/projects/{project.pk}/expenditure/",
        _form(project, line=line(project, "equipment", 1, "CNY").pk, amount="50000.01"),
    )

    assert response.status_code == 400
    assert "only CN¥50,000.00 is available" in texts(response.content, "error-summary")[0]


def test_a_stranger_gets_404_and_a_member_without_a_working_role_403(client, project):
    url = f"/projects/{project.pk}/expenditure/"
    expenditure = record(project, project.lead, line(project, "staff", 1, "CNY"), "10")
    receipt_url = f"{url}{expenditure.pk}/receipt/"
    client.force_login(make_user())
    stranger = (client.get(url).status_code, client.post(url, _form(project)).status_code)
    stranger_receipt = client.get(receipt_url).status_code
    member = add_member(project, "member")
    client.force_login(member)

    page = client.get(url)
    posted = client.post(url, _form(project))

    assert (stranger, stranger_receipt) == ((404, 404), 404)
    assert (page.status_code, texts(page.content, "expenditure-form")) == (200, [])
    assert texts(page.content, "expenditure-row") != []
    assert posted.status_code == 403
    download = client.get(receipt_url)
    assert (download.status_code, b"".join(download.streaming_content)) == (200, receipt_pdf())
    assert Expenditure.objects.count() == 1


def test_the_expenditure_page_query_count_does_not_grow_with_rows(client, project, pi):
    client.force_login(pi)
    url = f"/projects/{project.pk}/expenditure/"
    staff = line(project, "staff", 1, "CNY")
    record(project, pi, staff, "10")
    one = queries_for_get(client, url)
    record(project, pi, line(project, "equipment", 1, "CNY"), "20")
    record(project, pi, staff, "30")

    three = queries_for_get(client, url)

    assert len(texts(client.get(url).content, "expenditure-row")) == 3
    assert three == one


# --- API ------------------------------------------------------------------------------------------------


def _multipart(project: Project, **fields: object) -> dict[str, object]:
    return _form(project, **fields)


def test_api_records_lists_and_downloads_expenditure(client, project, pi):
    import_rates("2026-03-01,HKD,CNY,0.9125,PBOC")
    token = make_token(pi)

    created = client.post(
        f"{API}/projects/{project.pk}/expenditures",
        _multipart(project, amount="10.00", currency="HKD"),
        headers=bearer(token),
    )
    listed = client.get(f"{API}/projects/{project.pk}/expenditures", headers=bearer(token))

    assert created.status_code == 201
    body = created.json()
    assert {k: body[k] for k in ("amount", "currency", "line_amount", "line_currency", "rate", "rate_date")} == {
        "amount": "10.00",
        "currency": "HKD",
        "line_amount": "9.13",
        "line_currency": "CNY",
        "rate": "0.91250000",
        "rate_date": "2026-03-01",
    }
    assert (body["status"], body["receipt_kind"]) == ("recorded", "pdf")
    assert [item["id"] for item in listed.json()["items"]] == [body["id"]]
    receipt = client.get(f"{API}/projects/{project.pk}/expenditures/{body['id']}/receipt", headers=bearer(token))
    assert (receipt.status_code, b"".join(receipt.streaming_content)) == (200, receipt_pdf())


def test_api_create_is_idempotent_with_a_key(client, project, pi):
    token = make_token(pi)
    headers = {**bearer(token), "Idempotency-Key": "exp-1"}

    first = client.post(f"{API}/projects/{project.pk}/expenditures", _multipart(project), headers=headers)
    again = client.post(f"{API}/projects/{project.pk}/expenditures", _multipart(project), headers=headers)
    other = client.post(
        f"{API}/projects/{project.pk}/expenditures", _multipart(project, amount="99.00"), headers=headers
    )

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert (other.status_code, other.json()["code"]) == (400, "idempotency_key_reused")
    assert Expenditure.objects.count() == 1
    assert line(project, "staff", 1, "CNY").spent == Decimal("1250.50")


def test_api_errors_list_every_problem_with_codes(client, project, pi):
    token = make_token(pi)

    response = client.post(
        f"{API}/projects/{project.pk}/expenditures",
        _multipart(project, payee=" ", receipt=SimpleUploadedFile("receipt.pdf", b"text", "application/pdf")),
        headers=bearer(token),
    )

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("payee", "required"),
        ("receipt", "not_receipt"),
    ]


def test_api_refuses_overspend_and_a_manager_decides(client, sz_park, hk_park, pi, manager):
    project = make_project(sz_park, hk_park, pi=pi, manager=manager, rules={"overspend_with_approval": True})
    equipment = line(project, "equipment", 1, "CNY")
    token = make_token(pi)

    waiting = client.post(
        f"{API}/projects/{project.pk}/expenditures",
        _multipart(project, line=equipment.pk, amount="50010"),
        headers=bearer(token),
    )
    by_pi = client.post(
        f"{API}/projects/{project.pk}/expenditures/{waiting.json()['id']}/decision",
        {"approve": True},
        content_type="application/json",
        headers=bearer(token),
    )
    decided = client.post(
        f"{API}/projects/{project.pk}/expenditures/{waiting.json()['id']}/decision",
        {"approve": True, "note": "Fine."},
        content_type="application/json",
        headers=bearer(make_token(manager)),
    )
    twice = client.post(
        f"{API}/projects/{project.pk}/expenditures/{waiting.json()['id']}/decision",
        {"approve": False, "note": "No."},
        content_type="application/json",
        headers=bearer(make_token(manager)),
    )

    assert waiting.json()["status"] == "awaiting_approval"
    assert (by_pi.status_code, by_pi.json()["code"]) == (403, "forbidden")
    assert (decided.status_code, decided.json()["status"]) == (200, "recorded")
    assert (twice.status_code, twice.json()["code"]) == (409, "already_decided")
    equipment.refresh_from_db()
    assert (equipment.spent, equipment.overdraft) == (Decimal("50010.00"), Decimal("10.00"))


def test_api_overspend_without_approval_answers_line_overspent(client, project, pi):
    response = client.post(
        f"{API}/projects/{project.pk}/expenditures",
        _multipart(project, line=line(project, "equipment", 1, "CNY").pk, amount="50000.01"),
        headers=bearer(make_token(pi)),
    )

    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        "line_overspent",
        "amount",
    )


def test_api_answers_404_to_strangers_and_403_to_members_and_read_only_tokens(client, project, pi):
    stranger = make_token(make_user())
    member = make_token(add_member(project, "member"))
    read_only = make_token(pi, scopes=["read"])
    url = f"{API}/projects/{project.pk}/expenditures"

    answers = {
        "stranger list": client.get(url, headers=bearer(stranger)).status_code,
        "stranger create": client.post(url, _multipart(project), headers=bearer(stranger)).status_code,
        "member list": client.get(url, headers=bearer(member)).status_code,
        "member create": client.post(url, _multipart(project), headers=bearer(member)).status_code,
        "read-only create": client.post(url, _multipart(project), headers=bearer(read_only)).json()["code"],
    }

    assert answers == {
        "stranger list": 404,
        "stranger create": 404,
        "member list": 200,
        "member create": 403,
        "read-only create": "token_scope",
    }
    assert Expenditure.objects.count() == 0


def test_api_expenditure_list_query_count_does_not_grow_with_rows(client, project, pi):
    token = make_token(pi)
    url = f"{API}/projects/{project.pk}/expenditures"
    client.get(url, headers=bearer(token))
    staff = line(project, "staff", 1, "CNY")
    record(project, pi, staff, "10")
    one = queries_for_get(client, url, headers=bearer(token))
    record(project, pi, line(project, "equipment", 1, "CNY"), "20")
    record(project, pi, staff, "30")

    three = queries_for_get(client, url, headers=bearer(token))

    assert client.get(url, headers=bearer(token)).json()["count"] == 3
    assert three == one
