"""The financial statement for download and print: CSV (UTF-8 with a byte-order mark, in the reader's
language), XLSX (numeric cells), the print-friendly page, the JSON endpoint, and who may have them."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hetao.projects.domain.exports import statement_csv, statement_xlsx
from hetao.projects.models import BudgetLine
from tests.factories.pages import inline_code, text, texts
from tests.factories.people import make_user
from tests.projects.factories import line, make_project

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 7, 1)
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AS_OF)
    return AS_OF


@pytest.fixture
def pi():
    return make_user()


@pytest.fixture
def project(sz_park, hk_park, pi):
    project = make_project(sz_park, hk_park, pi=pi)
    # Recorded expenditure, simulated: the lines' ``spent`` set directly (test setup).
    BudgetLine.objects.filter(pk=line(project, "staff", 1, "CNY").pk).update(spent=Decimal("25000.10"))
    BudgetLine.objects.filter(pk=line(project, "equipment", 2, "HKD").pk).update(
        spent=Decimal("20500"), overdraft=Decimal("1000")
    )
    return project


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- CSV --------------------------------------------------------------------------------------------------


def test_csv_holds_the_heading_lines_and_totals_per_currency(project):
    rows = _rows(statement_csv(project, language="en", as_of=AS_OF))

    assert rows[:4] == [
        ["Project", project.reference],
        ["Title", "Federated learning for hospital imaging"],
        ["Period", "Jan. 1, 2026 – Dec. 31, 2027"],
        ["As of", "July 1, 2026"],
    ]
    assert rows[4] == []
    assert rows[5] == [
        "Year",
        "Cost category",
        "Currency",
        "Approved",
        "Budget",
        "Approved overspend",
        "Spent",
        "Available",
    ]
    assert rows[6:] == [
        ["1", "Staff", "CNY", "100000.00", "100000.00", "0.00", "25000.10", "74999.90"],
        ["1", "Staff", "HKD", "80000.00", "80000.00", "0.00", "0.00", "80000.00"],
        ["1", "Equipment", "CNY", "50000.00", "50000.00", "0.00", "0.00", "50000.00"],
        ["2", "Equipment", "HKD", "20000.00", "20000.00", "1000.00", "20500.00", "500.00"],
        ["", "Staff, all years", "CNY", "100000.00", "100000.00", "0.00", "25000.10", "74999.90"],
        ["", "Staff, all years", "HKD", "80000.00", "80000.00", "0.00", "0.00", "80000.00"],
        ["", "Equipment, all years", "CNY", "50000.00", "50000.00", "0.00", "0.00", "50000.00"],
        ["", "Equipment, all years", "HKD", "20000.00", "20000.00", "1000.00", "20500.00", "500.00"],
        ["", "Total", "CNY", "150000.00", "150000.00", "0.00", "25000.10", "124999.90"],
        ["", "Total", "HKD", "100000.00", "100000.00", "1000.00", "20500.00", "80500.00"],
    ]


def test_csv_in_simplified_chinese_has_chinese_headers_and_category_names(project):
    rows = _rows(statement_csv(project, language="zh-hans", as_of=AS_OF))

    assert rows[5][:3] == ["年份", "费用类别", "货币"]
    assert rows[5][4] == "预算"
    assert [row[1] for row in rows[6:10]] == ["人员", "人员", "设备", "设备"]
    assert rows[10][1] == "人员（各年度合计）"
    assert rows[14][1] == "合计"


def test_csv_download_follows_the_readers_language(client, project, pi, today):
    client.force_login(pi)

    response = client.get(f"/projects/{project.pk}/statement/?format=csv", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{project.reference}-statement-2026-07-01.csv"'
    rows = _rows(response.content)
    assert rows[5][:3] == ["年份", "费用类别", "货币"]
    assert rows[6][1] == "人员"


# --- XLSX -------------------------------------------------------------------------------------------------


def test_xlsx_holds_numeric_cells_with_the_currency_shown(project):
    book = load_workbook(io.BytesIO(statement_xlsx(project, language="en", as_of=AS_OF)))
    sheet = book.active

    assert sheet.title == "Statement"
    assert (sheet["A1"].value, sheet["B1"].value) == ("Project", project.reference)
    assert (sheet["A4"].value, sheet["B4"].value) == ("As of", "July 1, 2026")
    assert [cell.value for cell in sheet[6]] == [
        "Year",
        "Cost category",
        "Currency",
        "Approved",
        "Budget",
        "Approved overspend",
        "Spent",
        "Available",
    ]
    assert [cell.value for cell in sheet[7]] == [1, "Staff", "CNY", 100000, 100000, 0, 25000.1, 74999.9]
    assert [cell.value for cell in sheet[16]] == [None, "Total", "HKD", 100000, 100000, 1000, 20500, 80500]
    assert sheet["G7"].number_format == '"CN¥"#,##0.00'
    assert sheet["G16"].number_format == '"HK$"#,##0.00'
    assert sheet.max_row == 16


def test_xlsx_in_simplified_chinese(project):
    sheet = load_workbook(io.BytesIO(statement_xlsx(project, language="zh-hans", as_of=AS_OF))).active

    assert [cell.value for cell in sheet[6]][:3] == ["年份", "费用类别", "货币"]
    assert sheet["B7"].value == "人员"
    assert sheet["G7"].number_format == '"¥"#,##0.00'


def test_xlsx_download(client, project, pi, today):
    client.force_login(pi)

    response = client.get(f"/projects/{project.pk}/statement/?format=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B1"].value == project.reference


def test_download_with_an_unknown_format_is_404_and_without_one_goes_to_print(client, project, pi, today):
    client.force_login(pi)

    assert client.get(f"/projects/{project.pk}/statement/?format=pdf").status_code == 404
    response = client.get(f"/projects/{project.pk}/statement/")
    assert (response.status_code, response["Location"]) == (302, f"/projects/{project.pk}/statement/print/")


# --- Print ------------------------------------------------------------------------------------------------


def test_print_page_renders_the_statement_with_print_styles(client, project, pi, today):
    client.force_login(pi)

    response = client.get(f"/projects/{project.pk}/statement/print/")

    html = response.content
    assert response.status_code == 200
    assert project.reference in text(html, "statement-heading")
    assert "As of July 1, 2026" in text(html, "statement-heading")
    assert texts(html, "line-spent") == ["CN¥25,000.10", "HK$0.00", "CN¥0.00", "HK$20,500.00"]
    assert texts(html, "total-available") == ["CN¥124,999.90", "HK$80,500.00"]
    assert b'href="/static/hetao/projects.css"' in html
    assert inline_code(html) == []


def test_print_page_in_traditional_chinese(client, project, pi, today):
    client.force_login(pi)

    html = client.get(f"/projects/{project.pk}/statement/print/", HTTP_ACCEPT_LANGUAGE="zh-hant").content

    assert texts(html, "line-category") == ["人員", "人員", "設備", "設備"]
    assert texts(html, "total-budget") == ["人民幣¥150,000.00", "HK$100,000.00"]


def test_print_stylesheet_hides_navigation_and_keeps_table_rows_whole():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("hetao/projects.css")).read_text(encoding="utf-8")
    printing = css[css.index("@media print {") :]
    assert ".site-header" in printing
    assert ".project-nav" in printing
    assert "break-inside: avoid" in printing
    assert "text-align: right" in printing


# --- JSON and permissions ---------------------------------------------------------------------------------


def test_statement_endpoint(client, project, pi, today):
    client.force_login(pi)

    body = client.get(f"/api/projects/projects/{project.pk}/statement").json()

    assert (body["reference"], body["as_of"]) == (project.reference, "2026-07-01")
    assert body["lines"][0] | {"line": 0} == {
        "line": 0,
        "category": "staff",
        "category_name": "Staff",
        "year": 1,
        "currency": "CNY",
        "approved": "100000.00",
        "budget": "100000.00",
        "overdraft": "0.00",
        "spent": "25000.10",
        "available": "74999.90",
    }
    assert [t["currency"] for t in body["totals"]] == ["CNY", "HKD"]


def test_statement_downloads_are_404_for_strangers(client, project, today):
    client.force_login(make_user())

    for url in (
        f"/projects/{project.pk}/statement/?format=csv",
        f"/projects/{project.pk}/statement/?format=xlsx",
        f"/projects/{project.pk}/statement/print/",
    ):
        assert client.get(url).status_code == 404, url
