"""What the money API reads and writes: exchange rates and their imports, expenditure, virements,
instalments and remittances. Amounts are decimal strings to the cent with their currency, never floats."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from hetao.core.api import PageOut
from hetao.projects.enums import DisbursementCondition, DisbursementStatus, ExpenditureStatus, VirementStatus
from hetao.projects.models import Disbursement, ExchangeRate, Expenditure, RateImport, Remittance, Virement
from hetao.zone.enums import Currency

# --- Exchange rates -------------------------------------------------------------------------------------


class RateOut(Schema):
    id: int
    base: str
    quote: str
    rate: Decimal = Field(description="Units of quote for one unit of base")
    date: dt.date
    source: str
    batch: int

    @classmethod
    def of(cls, rate: ExchangeRate) -> RateOut:
        return cls(
            id=rate.pk,
            base=rate.base,
            quote=rate.quote,
            rate=rate.rate,
            date=rate.date,
            source=rate.source,
            batch=rate.batch_id,
        )


class RatePage(PageOut):
    items: list[RateOut]


class RateFilterIn(Schema):
    base: Currency | None = Field(None, description="Only rates from this currency")
    quote: Currency | None = Field(None, description="Only rates to this currency")


class RateImportOut(Schema):
    id: int
    file_name: str
    sha256: str
    rows: int = Field(description="Rates imported")
    imported_by: int
    created_at: datetime

    @classmethod
    def of(cls, batch: RateImport) -> RateImportOut:
        return cls(
            id=batch.pk,
            file_name=batch.file_name,
            sha256=batch.sha256,
            rows=batch.rows,
            imported_by=batch.imported_by_id,
            created_at=batch.created_at,
        )


# --- Expenditure ----------------------------------------------------------------------------------------


class ExpenditureIn(Schema):
    """The fields of a multipart expenditure; the receipt travels as the file part ``receipt``."""

    line: int = Field(description="The budget line's id")
    spent_on: date
    amount: Decimal = Field(description="To the cent, in ``currency``")
    currency: str
    payee: str
    description: str


class ExpenditureOut(Schema):
    id: int
    project: int
    line: int
    spent_on: date
    amount: Decimal
    currency: str
    line_amount: Decimal = Field(description="The amount in the line's currency, rounded half up to the cent")
    line_currency: str
    rate: Decimal | None = Field(description="The rate used, when the currencies differ")
    rate_date: date | None
    rate_source: str
    payee: str
    description: str
    receipt_name: str
    receipt_kind: str = Field(description="pdf, png or jpeg, from the file's content")
    receipt_sha256: str
    status: ExpenditureStatus
    recorded_by: int
    decided_by: int | None
    decided_at: datetime | None
    decision_note: str
    created_at: datetime

    @classmethod
    def of(cls, item: Expenditure) -> ExpenditureOut:
        return cls(
            id=item.pk,
            project=item.project_id,
            line=item.line_id,
            spent_on=item.spent_on,
            amount=item.amount,
            currency=item.currency,
            line_amount=item.line_amount,
            line_currency=item.line.currency,
            rate=item.rate,
            rate_date=item.rate_date,
            rate_source=item.rate_source,
            payee=item.payee,
            description=item.description,
            receipt_name=item.receipt_name,
            receipt_kind=item.receipt_kind,
            receipt_sha256=item.receipt_sha256,
            status=ExpenditureStatus(item.status),
            recorded_by=item.recorded_by_id,
            decided_by=item.decided_by_id,
            decided_at=item.decided_at,
            decision_note=item.decision_note,
            created_at=item.created_at,
        )


class ExpenditurePage(PageOut):
    items: list[ExpenditureOut]


class DecisionIn(Schema):
    approve: bool
    note: str = Field("", description="Required when rejecting")


# --- Virements ------------------------------------------------------------------------------------------


class VirementIn(Schema):
    from_line: int
    to_line: int
    amount: Decimal = Field(description="To the cent, in the lines' currency")
    reason: str


class VirementOut(Schema):
    id: int
    project: int
    from_line: int
    to_line: int
    amount: Decimal
    currency: str
    reason: str
    status: VirementStatus
    requested_by: int
    decided_by: int | None
    decided_at: datetime | None
    decision_note: str
    created_at: datetime

    @classmethod
    def of(cls, item: Virement) -> VirementOut:
        return cls(
            id=item.pk,
            project=item.project_id,
            from_line=item.from_line_id,
            to_line=item.to_line_id,
            amount=item.amount,
            currency=item.from_line.currency,
            reason=item.reason,
            status=VirementStatus(item.status),
            requested_by=item.requested_by_id,
            decided_by=item.decided_by_id,
            decided_at=item.decided_at,
            decision_note=item.decision_note,
            created_at=item.created_at,
        )


class VirementPage(PageOut):
    items: list[VirementOut]


# --- Disbursements and remittances ----------------------------------------------------------------------


class RemittanceIn(Schema):
    received_currency: str
    remitted_on: date
    bank_reference: str = ""


class RemittanceOut(Schema):
    id: int
    disbursement: int
    sent_amount: Decimal
    sent_currency: str
    received_amount: Decimal
    received_currency: str
    rate: Decimal
    rate_date: date
    rate_source: str
    remitted_on: date
    bank_reference: str
    recorded_by: int

    @classmethod
    def of(cls, item: Remittance) -> RemittanceOut:
        return cls(
            id=item.pk,
            disbursement=item.disbursement_id,
            sent_amount=item.sent_amount,
            sent_currency=item.sent_currency,
            received_amount=item.received_amount,
            received_currency=item.received_currency,
            rate=item.rate,
            rate_date=item.rate_date,
            rate_source=item.rate_source,
            remitted_on=item.remitted_on,
            bank_reference=item.bank_reference,
            recorded_by=item.recorded_by_id,
        )


class DisbursementOut(Schema):
    id: int
    project: int
    source: int
    park: str = Field(description="The paying park's code")
    number: int
    amount: Decimal
    currency: str
    condition: DisbursementCondition
    report_number: int | None
    status: DisbursementStatus
    released_at: datetime | None
    remittances: list[RemittanceOut]

    @classmethod
    def of(cls, item: Disbursement) -> DisbursementOut:
        return cls(
            id=item.pk,
            project=item.project_id,
            source=item.source_id,
            park=item.source.park.code,
            number=item.number,
            amount=item.amount,
            currency=item.currency,
            condition=DisbursementCondition(item.condition),
            report_number=item.report_number,
            status=DisbursementStatus(item.status),
            released_at=item.released_at,
            remittances=[RemittanceOut.of(r) for r in item.remittances.all()],
        )


class DisbursementPage(PageOut):
    items: list[DisbursementOut]
