"""What the money tests share: receipts of each kind, exchange rates imported through the service, team
members with and without a working role, and an expenditure recorded with sensible defaults."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hetao.projects.domain.money import expenditure_record
from hetao.projects.domain.rates import rates_import
from hetao.projects.models import Expenditure, Project, ProjectMember
from tests.factories.pages import make_person_with_account
from tests.factories.people import make_user_with_role
from tests.programmes.factories import PNG_BYTES, minimal_pdf

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
HEADER = "date,base,quote,rate,source"


def receipt_pdf() -> bytes:
    return minimal_pdf("Receipt")


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def rates_csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def import_rates(*rows: str, admin: Any = None) -> Any:
    """Rates imported by a zone park administrator; rows as CSV lines ``date,base,quote,rate,source``."""
    return rates_import(actor=admin or make_user_with_role("park_admin"), data=rates_csv(*rows), file_name="rates.csv")


def add_member(project: Project, role: str) -> Any:
    """A user on the project's team in ``role`` (pi, co_i, member, finance); returns the user."""
    person, user = make_person_with_account()
    ProjectMember.objects.create(project=project, person=person, role=role)
    return user


def record(
    project: Project,
    user: Any,
    line: Any,
    amount: str,
    *,
    currency: str | None = None,
    spent_on: date = date(2026, 3, 2),
    receipt: bytes | None = None,
    receipt_name: str = "receipt.pdf",
    payee: str = "Shenzhen Lab Supplies Ltd",
    description: str = "Reagents",
) -> Expenditure:
    return expenditure_record(
        actor=user,
        project=project,
        line=line,
        spent_on=spent_on,
        amount=Decimal(amount),
        currency=currency or line.currency,
        payee=payee,
        description=description,
        receipt=receipt if receipt is not None else receipt_pdf(),
        receipt_name=receipt_name,
    )


__all__ = ["JPEG_BYTES", "PNG_BYTES"]
