"""Money moving in a project: expenditure recorded against budget lines (converted to the line's currency at
the rate of its day), virements between lines, the release of instalments and their remittance across the
boundary.

Every service here locks the open project first (``lock_open_project``), then the budget lines it touches in
id order (``lock_lines``), then the row it changes; so two writers on one project take turns, a closed
project refuses every change, and two expenditures recorded at the same moment can never overspend a line
together (the database's check on the line refuses it too, whatever the code above does). Bad input lists
every problem, field by field, and changes nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError, NotFound, ProblemCollector, full_clean
from hetao.core.files import EXTENSIONS, NotAReceipt, check_upload_size, receipt_kind
from hetao.core.i18n import format_money
from hetao.engines.money import CENT, Money, Rate, convert, percent_of
from hetao.projects.domain.common import (
    actor_user,
    lock_lines,
    lock_open_project,
    lock_project,
    require_manager,
    require_worker,
    rules_for,
)
from hetao.projects.domain.rates import rate_for
from hetao.projects.enums import (
    AcceptanceOutcome,
    DisbursementCondition,
    DisbursementStatus,
    ExpenditureStatus,
    ReportKind,
    ReportStatus,
    VirementStatus,
)
from hetao.projects.models import (
    Acceptance,
    BudgetLine,
    Disbursement,
    Expenditure,
    ProgrammeRules,
    Project,
    Remittance,
    Report,
    Virement,
)
from hetao.zone.enums import Currency

DEFAULT_MAX_RECEIPT_MB = 10
# As the money columns store amounts: 16 digits, 2 of them after the point.
MONEY_INTEGER_DIGITS = 14
PAYEE_LENGTH = 200
BANK_REFERENCE_LENGTH = 100


def max_receipt_bytes() -> int:
    megabytes = int(getattr(settings, "PROJECTS_MAX_RECEIPT_MB", DEFAULT_MAX_RECEIPT_MB))
    return megabytes * 1024 * 1024


def line_label(line: BudgetLine) -> str:
    """How a budget line is named to a person: "Staff, year 1, CNY"."""
    return _("%(category)s, year %(year)d, %(currency)s") % {
        "category": line.category.name,
        "year": line.year,
        "currency": line.currency,
    }


def _money_text(amount: Decimal, currency: str) -> str:
    return format_money(amount, currency)


# --- Checks shared by the services ----------------------------------------------------------------------


def _parse_amount(value: object) -> Decimal | None:
    if isinstance(value, float) or not isinstance(value, Decimal | int | str):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _check_amount(collector: ProblemCollector, field: str, value: object) -> Decimal | None:
    """A positive amount to the cent that fits the money columns; every problem goes to ``collector``."""
    amount = _parse_amount(value)
    if amount is None:
        collector.add(field, "invalid_amount", _("Enter an amount, such as 1250.50."))
    elif amount <= 0:
        collector.add(field, "not_positive", _("Enter an amount of more than zero."))
    elif amount != amount.quantize(CENT):
        collector.add(field, "invalid_amount", _("Enter the amount to the cent (at most two decimal places)."))
    elif amount.adjusted() >= MONEY_INTEGER_DIGITS:
        collector.add(field, "too_large", _("This amount is too large."))
    else:
        return amount.quantize(CENT)
    return None


def _check_currency(collector: ProblemCollector, field: str, value: str) -> str | None:
    code = (value or "").strip().upper()
    if code not in Currency.values:
        collector.add(field, "invalid_currency", _("Choose a currency the zone uses."))
        return None
    return code


def _check_text(collector: ProblemCollector, field: str, value: str, *, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        collector.add(field, "required", _("This field is required."))
    elif max_length is not None and len(text) > max_length:
        collector.add(field, "too_long", _("Enter at most %(length)d characters.") % {"length": max_length})
    return text


def _check_line_of(collector: ProblemCollector, field: str, project: Project, line: BudgetLine | None) -> bool:
    if line is None or line.project_id != project.pk:
        collector.add(field, "unknown_line", _("Choose a budget line of this project."))
        return False
    return True


_RECEIPT_MESSAGES = {
    "unknown": lambda: _("This file is not a PDF, PNG or JPEG. Attach the receipt as a PDF or an image."),
    "pdf": lambda: _("This PDF is damaged or incomplete. Attach the receipt again."),
    "png_header": lambda: _("This PNG image is damaged. Attach the receipt again."),
    "png_end": lambda: _("This PNG image is incomplete. Attach the receipt again."),
    "jpeg_end": lambda: _("This JPEG image is incomplete. Attach the receipt again."),
}


def _check_receipt(collector: ProblemCollector, data: bytes, name: str) -> str | None:
    if not check_upload_size(collector, "receipt", data, limit_bytes=max_receipt_bytes()):
        return None
    try:
        return receipt_kind(data, file_name=name)
    except NotAReceipt as exc:
        if exc.reason == "name_mismatch":
            message = _("This file's name says it is one kind of file, but inside it is a %(kind)s. Rename it.") % {
                "kind": (exc.kind or "").upper()
            }
            collector.add("receipt", "receipt_name_mismatch", message)
        else:
            collector.add("receipt", "not_receipt", _RECEIPT_MESSAGES[exc.reason]())
        return None


def _lump_sum_ids(rules: ProgrammeRules) -> set[int]:
    if rules.pk is None:
        return set()
    return set(rules.lump_sum_categories.values_list("pk", flat=True))


def _locked_row(model: type[Any], pk: int, project: Project) -> Any:
    found = model.objects.select_for_update().filter(pk=pk, project=project).first()
    if found is None:
        raise NotFound("not_found", _("There is no such record."))
    return found


def _clean_name(name: str, default: str) -> str:
    return (name or default).replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or default


# --- Expenditure ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conversion:
    """An amount in the line's currency and the rate that made it (``rate`` None: no conversion needed)."""

    line_amount: Decimal
    rate: Rate | None


def expenditure_conversion(*, amount: Decimal, currency: str, line: BudgetLine, on: date) -> Conversion:
    """``amount`` in ``currency`` expressed in the line's currency on day ``on`` (``rate_for``; the exact
    product rounded half up to the cent once)."""
    if currency == line.currency:
        return Conversion(line_amount=Money(amount, currency).amount, rate=None)
    rate = rate_for(base=currency, quote=line.currency, on=on)
    return Conversion(line_amount=convert(Money(amount, currency), rate).amount, rate=rate)


@dataclass(frozen=True)
class _ExpenditureInput:
    amount: Decimal
    currency: str
    conversion: Conversion
    payee: str
    description: str
    receipt_name: str
    receipt_kind: str


def _check_spent_on(collector: ProblemCollector, project: Project, spent_on: object) -> bool:
    if not isinstance(spent_on, date):
        collector.add("spent_on", "invalid_date", _("Enter the date the money was spent."))
    elif spent_on < project.start_date:
        collector.add(
            "spent_on",
            "before_start",
            _("The date is before the project started (%(start)s).") % {"start": project.start_date.isoformat()},
        )
    elif spent_on > timezone.localdate():
        collector.add("spent_on", "future_date", _("The date is in the future."))
    else:
        return True
    return False


def _expenditure_checked(
    *,
    project: Project,
    line: BudgetLine,
    spent_on: date,
    amount: Decimal,
    currency: str,
    payee: str,
    description: str,
    receipt: bytes,
    receipt_name: str,
) -> _ExpenditureInput:
    """Every field of an expenditure checked, and its amount converted to the line's currency; every problem
    is raised at once."""
    collector = ProblemCollector()
    line_ok = _check_line_of(collector, "line", project, line)
    value = _check_amount(collector, "amount", amount)
    code = _check_currency(collector, "currency", currency)
    day_ok = _check_spent_on(collector, project, spent_on)
    payee_text = _check_text(collector, "payee", payee, max_length=PAYEE_LENGTH)
    description_text = _check_text(collector, "description", description)
    name = _clean_name(receipt_name, "receipt")
    kind = _check_receipt(collector, receipt, name)
    conversion: Conversion | None = None
    if line_ok and value is not None and code is not None and day_ok:
        try:
            conversion = expenditure_conversion(amount=value, currency=code, line=line, on=spent_on)
        except DomainError as exc:
            collector.add("currency", exc.code, exc.message)
        else:
            if conversion.line_amount <= 0:
                collector.add("amount", "too_small", _("This amount is less than a cent in the line's currency."))
    collector.raise_if_any()
    if value is None or code is None or kind is None or conversion is None:  # pragma: no cover - raised above
        raise RuntimeError("an expenditure without problems has every value")
    return _ExpenditureInput(
        amount=value,
        currency=code,
        conversion=conversion,
        payee=payee_text,
        description=description_text,
        receipt_name=name,
        receipt_kind=kind,
    )


def expenditure_record(
    *,
    actor: object | None,
    project: Project,
    line: BudgetLine,
    spent_on: date,
    amount: Decimal,
    currency: str,
    payee: str,
    description: str,
    receipt: bytes,
    receipt_name: str,
) -> Expenditure:
    """Record money spent on a budget line, with its receipt (a PDF, PNG or JPEG, checked by its content, at
    most PROJECTS_MAX_RECEIPT_MB). The date is between the project's start and today; an amount in another
    currency than the line's is converted at the rate of its date, and the rate, its date and source are
    recorded. Within what the line has available it counts at once (``recorded``); beyond, it waits for a
    manager's approval when the programme allows overspending with approval (``awaiting_approval``) and is
    refused otherwise (``line_overspent``, saying what is available). Only the project's investigators and
    finance officers may record expenditure."""
    user = actor_user(actor)
    require_worker(user, project)
    checked = _expenditure_checked(
        project=project,
        line=line,
        spent_on=spent_on,
        amount=amount,
        currency=currency,
        payee=payee,
        description=description,
        receipt=receipt,
        receipt_name=receipt_name,
    )
    value, code, conversion = checked.amount, checked.currency, checked.conversion

    expenditure = Expenditure(
        spent_on=spent_on,
        amount=value,
        currency=code,
        line_amount=conversion.line_amount,
        rate=conversion.rate.rate if conversion.rate else None,
        rate_date=conversion.rate.on if conversion.rate else None,
        rate_source=conversion.rate.source if conversion.rate else "",
        payee=checked.payee,
        description=checked.description,
        receipt_name=checked.receipt_name,
        receipt_kind=checked.receipt_kind,
        receipt_sha256=hashlib.sha256(receipt).hexdigest(),
        recorded_by=user,
    )
    expenditure.receipt.save(f"{uuid.uuid4().hex}.{EXTENSIONS[checked.receipt_kind]}", ContentFile(receipt), save=False)
    storage, stored = expenditure.receipt.storage, expenditure.receipt.name
    try:
        with transaction.atomic():
            current = lock_open_project(project)
            locked = lock_lines(current, [line.pk])[line.pk]
            available = locked.available
            if conversion.line_amount <= available:
                expenditure.status = ExpenditureStatus.RECORDED
            elif rules_for(current).overspend_with_approval:
                expenditure.status = ExpenditureStatus.AWAITING_APPROVAL
            else:
                raise DomainError(
                    "line_overspent",
                    _("This expenditure needs %(needed)s on the line %(line)s, but only %(available)s is available.")
                    % {
                        "needed": _money_text(conversion.line_amount, locked.currency),
                        "line": line_label(line),
                        "available": _money_text(max(available, Decimal(0)), locked.currency),
                    },
                    field="amount",
                )
            expenditure.project = current
            expenditure.line = locked
            full_clean(expenditure, exclude=["project", "line", "recorded_by", "receipt"])
            expenditure.save()
            if expenditure.status == ExpenditureStatus.RECORDED:
                locked.spent += conversion.line_amount
                locked.save(update_fields=["spent", "updated_at"])
            audit_append(
                actor=user,
                action="project.expenditure_record",
                obj=current,
                payload={
                    "expenditure": expenditure.pk,
                    "line": locked.pk,
                    "spent_on": spent_on.isoformat(),
                    "amount": str(value),
                    "currency": code,
                    "line_amount": str(conversion.line_amount),
                    "line_currency": locked.currency,
                    "rate": str(expenditure.rate) if expenditure.rate is not None else None,
                    "rate_date": expenditure.rate_date.isoformat() if expenditure.rate_date else None,
                    "rate_source": expenditure.rate_source,
                    "status": expenditure.status,
                    "receipt_sha256": expenditure.receipt_sha256,
                    "line_spent": str(locked.spent),
                },
            )
    except BaseException:
        # Nothing was recorded, so the stored receipt goes too.
        storage.delete(stored)
        raise
    return expenditure


def expenditure_decide(*, actor: object | None, expenditure: Expenditure, approve: bool, note: str) -> Expenditure:
    """A manager's decision on an expenditure awaiting approval. Approved, it counts on its line at once and
    whatever the line lacks is recorded as the line's approved overspend (``overdraft``); rejected, it never
    counts (a note saying why is required). A decided expenditure cannot be decided again
    (``already_decided``)."""
    user = actor_user(actor)
    require_manager(user, expenditure.project)
    note_text = (note or "").strip()
    if not approve and not note_text:
        collector = ProblemCollector()
        collector.add("note", "required", _("Say why the expenditure is rejected."))
        collector.raise_if_any()
    with transaction.atomic():
        current = lock_open_project(expenditure.project)
        locked = lock_lines(current, [expenditure.line_id])[expenditure.line_id]
        found: Expenditure = _locked_row(Expenditure, expenditure.pk, current)
        if found.status != ExpenditureStatus.AWAITING_APPROVAL:
            raise Conflict("already_decided", _("This expenditure has already been decided."))
        lacking = Decimal(0)
        if approve:
            lacking = max(found.line_amount - locked.available, Decimal(0))
            locked.overdraft += lacking
            locked.spent += found.line_amount
            locked.save(update_fields=["overdraft", "spent", "updated_at"])
            found.status = ExpenditureStatus.RECORDED
        else:
            found.status = ExpenditureStatus.REJECTED
        found.decided_by = user
        found.decided_at = timezone.now()
        found.decision_note = note_text
        found.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
        audit_append(
            actor=user,
            action="project.expenditure_decide",
            obj=current,
            payload={
                "expenditure": found.pk,
                "line": locked.pk,
                "approved": approve,
                "line_amount": str(found.line_amount),
                "line_currency": locked.currency,
                "overdraft_added": str(lacking),
                "line_spent": str(locked.spent),
                "line_overdraft": str(locked.overdraft),
                "note": note_text,
            },
        )
    return found


# --- Virements ------------------------------------------------------------------------------------------


def movable(line: BudgetLine) -> Decimal:
    """What a virement may take from a line: its available budget, never its approved overspend."""
    return max(min(line.available, line.amount - line.spent), Decimal(0))


def virement_limit(rules: ProgrammeRules, to_line: BudgetLine) -> Money:
    """How much may move into ``to_line`` without approval, in all: the programme's percentage of the line's
    approved budget, rounded half up to the cent."""
    return percent_of(Money(to_line.approved, to_line.currency), rules.virement_limit_percent)


def applied_into(to_line: BudgetLine) -> Decimal:
    """The virements already applied into ``to_line`` (those awaiting approval or rejected do not count)."""
    total = Virement.objects.filter(to_line=to_line, status=VirementStatus.APPLIED).aggregate(total=Sum("amount"))
    return Decimal(total["total"] or 0)


def _insufficient(line: BudgetLine, amount: Decimal) -> DomainError:
    return DomainError(
        "insufficient_funds",
        _("The line %(line)s has only %(available)s to move; %(amount)s were asked for.")
        % {
            "line": line_label(line),
            "available": _money_text(movable(line), line.currency),
            "amount": _money_text(amount, line.currency),
        },
        field="amount",
    )


def _apply_virement(from_line: BudgetLine, to_line: BudgetLine, amount: Decimal) -> None:
    from_line.amount -= amount
    to_line.amount += amount
    from_line.save(update_fields=["amount", "updated_at"])
    to_line.save(update_fields=["amount", "updated_at"])


def virement_request(
    *,
    actor: object | None,
    project: Project,
    from_line: BudgetLine,
    to_line: BudgetLine,
    amount: Decimal,
    reason: str,
) -> Virement:
    """Move ``amount`` from one budget line to another of the same currency (``currency_mismatch``
    otherwise), at most what the giving line has available (``insufficient_funds``). It applies at once when
    both lines' categories are lump-sum, or when all the virements applied into the receiving line, this one
    included, stay within the programme's limit (a percentage of the receiving line's approved budget; exactly
    at the limit is within). Otherwise it waits for a manager's approval. Only the project's investigators
    and finance officers may ask."""
    user = actor_user(actor)
    require_worker(user, project)
    collector = ProblemCollector()
    from_ok = _check_line_of(collector, "from_line", project, from_line)
    to_ok = _check_line_of(collector, "to_line", project, to_line)
    value = _check_amount(collector, "amount", amount)
    reason_text = _check_text(collector, "reason", reason)
    if from_ok and to_ok:
        if from_line.pk == to_line.pk:
            collector.add("to_line", "same_line", _("Choose another line to move the money to."))
        elif from_line.currency != to_line.currency:
            collector.add(
                "to_line",
                "currency_mismatch",
                _("Money moves only between lines of the same currency (%(from)s and %(to)s differ).")
                % {"from": from_line.currency, "to": to_line.currency},
            )
    collector.raise_if_any()
    if value is None:  # pragma: no cover - raised above
        raise RuntimeError("a virement without problems has an amount")
    with transaction.atomic():
        current = lock_open_project(project)
        lines = lock_lines(current, [from_line.pk, to_line.pk])
        giving, receiving = lines[from_line.pk], lines[to_line.pk]
        if value > movable(giving):
            raise _insufficient(giving, value)
        rules = rules_for(current)
        lump_sum = _lump_sum_ids(rules)
        both_lump_sum = giving.category_id in lump_sum and receiving.category_id in lump_sum
        limit = virement_limit(rules, receiving)
        already = applied_into(receiving)
        within = already + value <= limit.amount
        status = VirementStatus.APPLIED if both_lump_sum or within else VirementStatus.AWAITING_APPROVAL
        virement = Virement(
            project=current,
            from_line=giving,
            to_line=receiving,
            amount=value,
            reason=reason_text,
            status=status,
            requested_by=user,
        )
        full_clean(virement, exclude=["project", "from_line", "to_line", "requested_by"])
        virement.save()
        if status == VirementStatus.APPLIED:
            _apply_virement(giving, receiving, value)
        audit_append(
            actor=user,
            action="project.virement_request",
            obj=current,
            payload={
                "virement": virement.pk,
                "from_line": giving.pk,
                "to_line": receiving.pk,
                "amount": str(value),
                "currency": giving.currency,
                "status": status,
                "lump_sum": both_lump_sum,
                "limit": str(limit.amount),
                "applied_before": str(already),
                "reason": reason_text,
            },
        )
    return virement


def virement_decide(*, actor: object | None, virement: Virement, approve: bool, note: str) -> Virement:
    """A manager's decision on a virement awaiting approval. Approving checks again that the giving line
    still has the money (``insufficient_funds``, and nothing changes) and moves it; rejecting needs a note. A
    decided virement cannot be decided again (``already_decided``)."""
    user = actor_user(actor)
    require_manager(user, virement.project)
    note_text = (note or "").strip()
    if not approve and not note_text:
        collector = ProblemCollector()
        collector.add("note", "required", _("Say why the virement is rejected."))
        collector.raise_if_any()
    with transaction.atomic():
        current = lock_open_project(virement.project)
        lines = lock_lines(current, [virement.from_line_id, virement.to_line_id])
        giving, receiving = lines[virement.from_line_id], lines[virement.to_line_id]
        found: Virement = _locked_row(Virement, virement.pk, current)
        if found.status != VirementStatus.AWAITING_APPROVAL:
            raise Conflict("already_decided", _("This virement has already been decided."))
        if approve:
            if found.amount > movable(giving):
                raise _insufficient(giving, found.amount)
            _apply_virement(giving, receiving, found.amount)
            found.status = VirementStatus.APPLIED
        else:
            found.status = VirementStatus.REJECTED
        found.decided_by = user
        found.decided_at = timezone.now()
        found.decision_note = note_text
        found.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
        audit_append(
            actor=user,
            action="project.virement_decide",
            obj=current,
            payload={
                "virement": found.pk,
                "approved": approve,
                "amount": str(found.amount),
                "from_line": giving.pk,
                "to_line": receiving.pk,
                "note": note_text,
            },
        )
    return found


# --- Disbursements and remittances ----------------------------------------------------------------------


def condition_met(disbursement: Disbursement) -> bool:
    """Whether the condition that releases an instalment holds: the project's start (always), the approval
    of progress report ``report_number``, or the project's final acceptance (accepted, with or without
    conditions)."""
    if disbursement.condition == DisbursementCondition.PROJECT_START:
        return True
    if disbursement.condition == DisbursementCondition.REPORT_APPROVED:
        if disbursement.report_number is None:
            return False
        return Report.objects.filter(
            project_id=disbursement.project_id,
            kind=ReportKind.PROGRESS,
            number=disbursement.report_number,
            status=ReportStatus.APPROVED,
        ).exists()
    return Acceptance.objects.filter(
        project_id=disbursement.project_id,
        outcome__in=[AcceptanceOutcome.ACCEPTED, AcceptanceOutcome.ACCEPTED_WITH_CONDITIONS],
    ).exists()


def _release(user: Any, project: Project, found: Disbursement, *, by_hand: bool) -> None:
    found.status = DisbursementStatus.RELEASED
    found.released_at = timezone.now()
    found.released_by = user
    found.save(update_fields=["status", "released_at", "released_by", "updated_at"])
    audit_append(
        actor=user,
        action="project.disbursement_release",
        obj=project,
        payload={
            "disbursement": found.pk,
            "source": found.source_id,
            "number": found.number,
            "amount": str(found.amount),
            "currency": found.currency,
            "condition": found.condition,
            "report_number": found.report_number,
            "by_hand": by_hand,
        },
    )


def disbursement_release(*, actor: object | None, disbursement: Disbursement) -> Disbursement:
    """A manager releases a scheduled instalment by hand once its condition is met (``condition_not_met``
    otherwise); a released or cancelled one cannot be released (``already_released``, ``cancelled``)."""
    user = actor_user(actor)
    require_manager(user, disbursement.project)
    with transaction.atomic():
        current = lock_open_project(disbursement.project)
        found: Disbursement = _locked_row(Disbursement, disbursement.pk, current)
        if found.status == DisbursementStatus.RELEASED:
            raise Conflict("already_released", _("This instalment has already been released."))
        if found.status == DisbursementStatus.CANCELLED:
            raise Conflict("cancelled", _("This instalment was cancelled."))
        if not condition_met(found):
            raise DomainError("condition_not_met", _condition_message(found))
        _release(user, current, found, by_hand=True)
    return found


def _condition_message(disbursement: Disbursement) -> str:
    if disbursement.condition == DisbursementCondition.REPORT_APPROVED:
        return _("This instalment is released once progress report %(number)d is approved.") % {
            "number": disbursement.report_number or 0
        }
    return _("This instalment is released once the project is accepted.")


def remittance_record(
    *,
    actor: object | None,
    disbursement: Disbursement,
    received_currency: str,
    remitted_on: date,
    bank_reference: str = "",
) -> Remittance:
    """Record that a released instalment was sent across the boundary and arrived in ``received_currency``:
    the amount received is the amount sent converted at the rate of ``remitted_on`` (``rate_for``, rounded
    half up to the cent once), and both amounts, the rate, its date and source are stored. An instalment is
    remitted once (``already_remitted``); it must be released (``not_released``), in another currency than
    the one it arrives in (``same_currency``), on a day from its release to today. Managers only."""
    user = actor_user(actor)
    require_manager(user, disbursement.project)
    collector = ProblemCollector()
    code = _check_currency(collector, "received_currency", received_currency)
    if code is not None and code == disbursement.currency:
        collector.add(
            "received_currency",
            "same_currency",
            _("The instalment is in %(currency)s already: nothing to convert.") % {"currency": code},
        )
        code = None
    day_ok = False
    today = timezone.localdate()
    released_on = timezone.localdate(disbursement.released_at) if disbursement.released_at else None
    if not isinstance(remitted_on, date):
        collector.add("remitted_on", "invalid_date", _("Enter the date the funds were sent."))
    elif remitted_on > today:
        collector.add("remitted_on", "future_date", _("The date is in the future."))
    elif released_on is not None and remitted_on < released_on:
        collector.add(
            "remitted_on",
            "before_release",
            _("The date is before the instalment was released (%(date)s).") % {"date": released_on.isoformat()},
        )
    else:
        day_ok = True
    reference = (bank_reference or "").strip()
    if len(reference) > BANK_REFERENCE_LENGTH:
        collector.add(
            "bank_reference",
            "too_long",
            _("Enter at most %(length)d characters.") % {"length": BANK_REFERENCE_LENGTH},
        )
    rate: Rate | None = None
    if code is not None and day_ok:
        try:
            rate = rate_for(base=disbursement.currency, quote=code, on=remitted_on)
        except DomainError as exc:
            collector.add("received_currency", exc.code, exc.message)
    collector.raise_if_any()
    if rate is None or code is None:  # pragma: no cover - raised above
        raise RuntimeError("a remittance without problems has a rate")
    with transaction.atomic():
        # A closed project still records the remittance of an instalment it released (the last one is released
        # by the acceptance that closes it): paying out what was released is not a change to the project.
        current = lock_project(disbursement.project)
        found: Disbursement = _locked_row(Disbursement, disbursement.pk, current)
        if found.status != DisbursementStatus.RELEASED:
            raise Conflict("not_released", _("Only a released instalment can be remitted."))
        if found.remittances.exists():
            raise Conflict("already_remitted", _("This instalment has already been remitted."))
        received = convert(Money(found.amount, found.currency), rate)
        remittance = Remittance(
            disbursement=found,
            sent_amount=found.amount,
            sent_currency=found.currency,
            received_amount=received.amount,
            received_currency=code,
            rate=rate.rate,
            rate_date=rate.on,
            rate_source=rate.source,
            remitted_on=remitted_on,
            bank_reference=reference,
            recorded_by=user,
        )
        full_clean(remittance, exclude=["disbursement", "recorded_by"])
        remittance.save()
        audit_append(
            actor=user,
            action="project.remittance_record",
            obj=current,
            payload={
                "remittance": remittance.pk,
                "disbursement": found.pk,
                "sent": [str(found.amount), found.currency],
                "received": [str(received.amount), code],
                "rate": str(rate.rate),
                "rate_date": rate.on.isoformat(),
                "rate_source": rate.source,
                "remitted_on": remitted_on.isoformat(),
                "bank_reference": reference,
            },
        )
    return remittance


# --- Reads ----------------------------------------------------------------------------------------------


def expenditures_of(project: Project) -> QuerySet[Expenditure]:
    return Expenditure.objects.filter(project=project).select_related("line__category", "recorded_by", "decided_by")


def virements_of(project: Project) -> QuerySet[Virement]:
    return Virement.objects.filter(project=project).select_related(
        "from_line__category", "to_line__category", "requested_by", "decided_by"
    )


def disbursements_of(project: Project) -> QuerySet[Disbursement]:
    return (
        Disbursement.objects.filter(project=project)
        .select_related("source__park", "released_by")
        .prefetch_related(Prefetch("remittances", queryset=Remittance.objects.order_by("remitted_on", "pk")))
    )
