"""Exchange rates: imported from CSV by a zone park administrator (every bad line reported at once, nothing
imported then, duplicates refused, audited), and the rate a conversion on a day uses (the latest on or before
it, the direct pair first, else the reverse pair read the other way)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from hetao.audit.domain.selectors import events_for_object
from hetao.core.errors import DomainError, PermissionDenied, ValidationFailed
from hetao.engines.money import Rate
from hetao.projects.domain.rates import rate_for, rates_import
from hetao.projects.models import ExchangeRate, RateImport
from tests.factories.api import bearer, make_token, queries_for_get
from tests.factories.pages import texts
from tests.factories.people import make_user, make_user_with_role
from tests.projects.money_factories import import_rates, rates_csv

pytestmark = pytest.mark.django_db

API = "/api/projects"


def _problems(caught: pytest.ExceptionInfo[DomainError]) -> list[tuple[str | None, str]]:
    return [(p.field, p.code) for p in caught.value.problems]


# --- Import ---------------------------------------------------------------------------------------------


def test_an_administrator_imports_rates_with_an_audit_event():
    admin = make_user_with_role("park_admin")

    batch = rates_import(
        actor=admin,
        data=rates_csv("2026-03-02,HKD,CNY,0.91234567,PBOC", "2026-03-02,CNY,HKD,1.0961,HKMA"),
        file_name="march.csv",
    )

    assert (batch.file_name, batch.rows, batch.imported_by) == ("march.csv", 2, admin)
    rates = sorted((r.date, r.base, r.quote, r.rate, r.source, r.batch_id) for r in ExchangeRate.objects.all())
    assert rates == [
        (date(2026, 3, 2), "CNY", "HKD", Decimal("1.09610000"), "HKMA", batch.pk),
        (date(2026, 3, 2), "HKD", "CNY", Decimal("0.91234567"), "PBOC", batch.pk),
    ]
    events = events_for_object(object_type="projects.rateimport", object_id=str(batch.pk))
    assert [(e.action, e.payload["rows"], e.payload["pairs"]) for e in events] == [
        ("rates.import", 2, ["CNY/HKD", "HKD/CNY"])
    ]


def test_a_bom_blank_lines_and_spaces_are_accepted():
    batch = rates_import(
        actor=make_user_with_role("park_admin"),
        data="\ufeffDate, Base ,quote,rate,source\r\n2026-03-02, hkd ,CNY, 0.9123 , PBOC \r\n\r\n".encode(),
        file_name="r.csv",
    )

    assert batch.rows == 1
    assert ExchangeRate.objects.get().source == "PBOC"


def test_every_bad_line_is_reported_at_once_and_nothing_is_imported():
    data = rates_csv(
        "2026-03-02,HKD,CNY,0.9123,PBOC",
        "02/03/2026,HKD,CNY,0.9123,PBOC",
        "2026-03-03,XYZ,CNY,-1,",
        "2026-03-04,HKD,HKD,0.123456789,PBOC",
        "2026-03-05,HKD,CNY",
        "2099-01-01,HKD,CNY,abc,PBOC",
    )

    with pytest.raises(ValidationFailed) as caught:
        rates_import(actor=make_user_with_role("park_admin"), data=data, file_name="bad.csv")

    assert _problems(caught) == [
        ("lines.3.date", "invalid_date"),
        ("lines.4.base", "invalid_currency"),
        ("lines.4.rate", "invalid_rate"),
        ("lines.4.source", "required"),
        ("lines.5.rate", "invalid_rate"),
        ("lines.5.quote", "same_currency"),
        ("lines.6", "invalid_columns"),
        ("lines.7.date", "future_date"),
        ("lines.7.rate", "invalid_rate"),
    ]
    assert caught.value.problems[0].message == "Line 3, date: enter the date as YYYY-MM-DD."
    assert (ExchangeRate.objects.count(), RateImport.objects.count()) == (0, 0)


def test_a_duplicate_rate_is_refused_within_a_file_and_across_imports():
    import_rates("2026-03-02,HKD,CNY,0.9123,PBOC")

    with pytest.raises(ValidationFailed) as caught:
        rates_import(
            actor=make_user_with_role("park_admin"),
            data=rates_csv(
                "2026-03-03,HKD,CNY,0.9100,PBOC",
                "2026-03-03,HKD,CNY,0.9101,PBOC",
                "2026-03-02,HKD,CNY,0.9999,PBOC",
                "2026-03-02,HKD,CNY,0.9999,HKMA",
            ),
            file_name="again.csv",
        )

    assert _problems(caught) == [("lines.3.date", "duplicate_rate"), ("lines.4.date", "duplicate_rate")]
    assert "already on line 2" in caught.value.problems[0].message
    assert ExchangeRate.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"day,from,to,rate,source\n2026-03-02,HKD,CNY,0.9,PBOC\n", "invalid_header"),
        (b"date,base,quote,rate,source\n", "no_rates"),
        ("date,base,quote,rate,source\n2026-03-02,HKD,CNY,0.9,\u4eba\u884c\n".encode("gb18030"), "not_utf8"),
    ],
)
def test_a_file_that_is_not_a_rates_csv_is_refused(data, code):
    with pytest.raises(ValidationFailed) as caught:
        rates_import(actor=make_user_with_role("park_admin"), data=data, file_name="x.csv")

    assert _problems(caught) == [("file", code)]
    assert RateImport.objects.count() == 0


@pytest.mark.parametrize("role", [None, "programme_manager", "auditor"])
def test_only_park_administrators_import_rates(role):
    user = make_user_with_role(role) if role else make_user()

    with pytest.raises(PermissionDenied):
        rates_import(actor=user, data=rates_csv("2026-03-02,HKD,CNY,0.9123,PBOC"), file_name="r.csv")

    assert ExchangeRate.objects.count() == 0


# --- The rate of a day ----------------------------------------------------------------------------------


def test_rate_for_takes_the_latest_rate_on_or_before_the_day():
    import_rates(
        "2026-03-01,HKD,CNY,0.9100,PBOC",
        "2026-03-05,HKD,CNY,0.9200,PBOC",
        "2026-03-09,HKD,CNY,0.9300,PBOC",
    )

    assert rate_for(base="HKD", quote="CNY", on=date(2026, 3, 5)) == Rate(
        "HKD", "CNY", Decimal("0.92000000"), date(2026, 3, 5), "PBOC"
    )
    assert rate_for(base="HKD", quote="CNY", on=date(2026, 3, 8)).rate == Decimal("0.92")
    assert rate_for(base="HKD", quote="CNY", on=date(2026, 12, 1)).on == date(2026, 3, 9)


def test_rate_for_prefers_the_direct_pair_and_else_reads_the_reverse_pair():
    import_rates("2026-03-01,CNY,HKD,1.08695652,HKMA", "2026-03-04,CNY,HKD,1.25,HKMA")

    inverse = rate_for(base="HKD", quote="CNY", on=date(2026, 3, 2))
    assert inverse == Rate("HKD", "CNY", Decimal("0.92000000"), date(2026, 3, 1), "HKMA")

    import_rates("2026-02-01,HKD,CNY,0.9000,PBOC")
    assert rate_for(base="HKD", quote="CNY", on=date(2026, 3, 5)).rate == Decimal("0.9")


def test_rate_for_without_a_rate_names_the_pair_and_the_day():
    import_rates("2026-03-05,HKD,CNY,0.92,PBOC")

    with pytest.raises(DomainError) as caught:
        rate_for(base="HKD", quote="CNY", on=date(2026, 3, 4))

    assert caught.value.code == "no_rate"
    assert caught.value.message == "There is no exchange rate from HKD to CNY on or before 2026-03-04."


# --- Page, API and command ------------------------------------------------------------------------------


def test_rates_page_lists_and_filters_rates(client):
    import_rates("2026-03-02,HKD,CNY,0.9123,PBOC", "2026-03-02,CNY,HKD,1.0961,HKMA")
    client.force_login(make_user())

    everything = client.get("/projects/rates/")
    hkd = client.get("/projects/rates/?base=HKD&quote=CNY")

    assert everything.status_code == 200
    assert len(texts(everything.content, "rate-row")) == 2
    assert texts(hkd.content, "rate-row") == ["March 2, 2026 HKD CNY 0.91230000 PBOC"]
    assert texts(everything.content, "rates-import-form") == []


def test_an_administrator_uploads_rates_on_the_page(client):
    admin = make_user_with_role("park_admin")
    client.force_login(admin)

    page = client.get("/projects/rates/")
    response = client.post(
        "/projects/rates/import/",
        {"file": SimpleUploadedFile("rates.csv", rates_csv("2026-03-02,HKD,CNY,0.9123,PBOC"), "text/csv")},
    )

    assert len(texts(page.content, "rates-import-form")) == 1
    assert (response.status_code, response["Location"]) == (302, "/projects/rates/")
    assert ExchangeRate.objects.count() == 1


def test_the_upload_page_lists_every_bad_line(client):
    client.force_login(make_user_with_role("park_admin"))

    response = client.post(
        "/projects/rates/import/",
        {"file": SimpleUploadedFile("rates.csv", rates_csv("2026-13-02,HKD,CNY,0.9,A", "2026-03-02,HKD,CNY,0,A"))},
    )

    assert response.status_code == 400
    summary = texts(response.content, "error-summary")[0]
    assert "Line 2, date: enter the date as YYYY-MM-DD." in summary
    assert "Line 3, rate: a rate must be more than zero." in summary
    assert ExchangeRate.objects.count() == 0


def test_someone_else_cannot_upload_rates_on_the_page(client):
    client.force_login(make_user_with_role("programme_manager"))

    response = client.post(
        "/projects/rates/import/",
        {"file": SimpleUploadedFile("rates.csv", rates_csv("2026-03-02,HKD,CNY,0.9123,PBOC"))},
    )

    assert response.status_code == 403
    assert ExchangeRate.objects.count() == 0


def test_api_lists_rates_paginated_and_filtered(client):
    import_rates("2026-03-02,HKD,CNY,0.9123,PBOC", "2026-03-03,HKD,CNY,0.9124,PBOC", "2026-03-02,CNY,HKD,1.09,HKMA")
    token = make_token(make_user(), scopes=["read"])

    response = client.get(f"{API}/rates?base=HKD&page_size=1", headers=bearer(token))

    body = response.json()
    assert (body["count"], body["pages"], body["page_size"]) == (2, 2, 1)
    assert [(r["date"], r["base"], r["quote"], r["rate"], r["source"]) for r in body["items"]] == [
        ("2026-03-03", "HKD", "CNY", "0.91240000", "PBOC")
    ]


def test_api_imports_rates_and_reports_bad_lines(client):
    token = make_token(make_user_with_role("park_admin"))

    good = client.post(
        f"{API}/rates/import",
        {"file": SimpleUploadedFile("r.csv", rates_csv("2026-03-02,HKD,CNY,0.9123,PBOC"))},
        headers=bearer(token),
    )
    bad = client.post(
        f"{API}/rates/import",
        {"file": SimpleUploadedFile("r.csv", rates_csv("2026-03-02,HKD,CNY,0.9123,PBOC", "2026-03-03,HKD,EUR,x,E"))},
        headers=bearer(token),
    )

    assert good.status_code == 201
    assert (good.json()["rows"], good.json()["file_name"]) == (1, "r.csv")
    assert bad.status_code == 400
    assert [(e["field"], e["code"]) for e in bad.json()["errors"]] == [
        ("lines.2.date", "duplicate_rate"),
        ("lines.3.rate", "invalid_rate"),
    ]
    assert ExchangeRate.objects.count() == 1


def test_api_import_needs_an_administrator_and_the_write_scope(client):
    data = rates_csv("2026-03-02,HKD,CNY,0.9123,PBOC")
    manager = make_token(make_user_with_role("programme_manager"))
    read_only = make_token(make_user_with_role("park_admin"), scopes=["read"])

    refused = client.post(f"{API}/rates/import", {"file": SimpleUploadedFile("r.csv", data)}, headers=bearer(manager))
    scoped = client.post(f"{API}/rates/import", {"file": SimpleUploadedFile("r.csv", data)}, headers=bearer(read_only))

    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert (scoped.status_code, scoped.json()["code"]) == (403, "token_scope")
    assert ExchangeRate.objects.count() == 0


def test_rate_list_queries_do_not_grow_with_rows(client):
    user = make_user()
    token = make_token(user)
    client.force_login(user)
    client.get(f"{API}/rates", headers=bearer(token))  # the token's first use is recorded once
    import_rates("2026-03-01,HKD,CNY,0.9123,PBOC")
    one = (queries_for_get(client, "/projects/rates/"), queries_for_get(client, f"{API}/rates", headers=bearer(token)))
    import_rates("2026-03-02,HKD,CNY,0.9124,PBOC", "2026-03-03,HKD,CNY,0.9125,PBOC")

    three = (
        queries_for_get(client, "/projects/rates/"),
        queries_for_get(client, f"{API}/rates", headers=bearer(token)),
    )

    assert len(texts(client.get("/projects/rates/").content, "rate-row")) == 3
    assert client.get(f"{API}/rates", headers=bearer(token)).json()["count"] == 3
    assert three == one


def test_import_rates_command(tmp_path):
    admin = make_user_with_role("park_admin", username="ratesadmin")
    path = tmp_path / "rates.csv"
    path.write_bytes(rates_csv("2026-03-02,HKD,CNY,0.9123,PBOC", "2026-03-02,CNY,HKD,1.0961,HKMA"))
    out = StringIO()

    call_command("projects", "import-rates", str(path), "--user", admin.username, stdout=out)

    assert out.getvalue().startswith("Imported 2 rate(s) from rates.csv")
    assert ExchangeRate.objects.count() == 2


def test_import_rates_command_reports_every_bad_line(tmp_path):
    make_user_with_role("park_admin", username="ratesadmin")
    path = tmp_path / "rates.csv"
    path.write_bytes(rates_csv("2026-03-02,HKD,CNY,zero,PBOC", "2026-03-02,HKD,RMB,1,PBOC"))

    with pytest.raises(CommandError) as caught:
        call_command("projects", "import-rates", str(path), "--user", "ratesadmin")

    assert str(caught.value) == (
        "Nothing was imported:\n"
        "  Line 2, rate: enter a decimal number, such as 0.9213.\n"
        "  Line 3, quote: RMB is not a currency the zone uses (CNY, HKD, MOP, USD, EUR)."
    )
