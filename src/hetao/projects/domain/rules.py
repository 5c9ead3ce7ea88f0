"""A programme's rules for its projects, set by the managers of its call: the report schedule, the virement
limit, lump-sum categories, overspending, what an overdue report blocks, and the instalments.

The rules apply as projects read them: a project started afterwards takes its instalments and report schedule
from them, and every later virement, expenditure or rescheduling of a running project follows the rules of the
moment. Instalments already scheduled for a running project stay as they were."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, PermissionDenied, ProblemCollector, full_clean
from hetao.funding.domain.selectors import may_manage_call
from hetao.programmes.models import Call, CostCategory
from hetao.projects.domain.common import actor_user
from hetao.projects.models import ProgrammeRules

MAX_REPORT_INTERVAL_MONTHS = 60
MAX_FINAL_REPORT_MONTHS = 24
MAX_INSTALMENTS = 12
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
CHANGED = [
    "report_interval_months",
    "final_report_months",
    "virement_limit_percent",
    "overspend_with_approval",
    "overdue_blocks_proposals",
    "instalment_percents",
]


def programme_rules_of(call: Call) -> ProgrammeRules:
    """The call's rules, or the defaults (unsaved) when none were set."""
    found = ProgrammeRules.objects.filter(call=call).prefetch_related("lump_sum_categories").first()
    return found if found is not None else ProgrammeRules(call=call)


def lump_sum_codes(rules: ProgrammeRules) -> list[str]:
    if rules.pk is None:
        return []
    return sorted(category.code for category in rules.lump_sum_categories.all())


def rules_as_json(rules: ProgrammeRules) -> dict[str, Any]:
    return {
        "report_interval_months": rules.report_interval_months,
        "final_report_months": rules.final_report_months,
        "virement_limit_percent": str(Decimal(rules.virement_limit_percent).quantize(CENT)),
        "lump_sum_categories": lump_sum_codes(rules),
        "overspend_with_approval": rules.overspend_with_approval,
        "overdue_blocks_proposals": rules.overdue_blocks_proposals,
        "instalment_percents": [str(Decimal(str(p)).quantize(CENT)) for p in rules.instalment_percents or []],
    }


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        found = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return found if found.is_finite() else None


def _check_months(problems: ProblemCollector, name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.add(
            name,
            "out_of_range",
            _("Enter a whole number of months from %(low)s to %(high)s.") % {"low": low, "high": high},
        )
        return low
    return value


def _check_percent(problems: ProblemCollector, value: object) -> Decimal:
    percent = _decimal(value)
    if percent is None or not Decimal(0) <= percent <= HUNDRED:
        problems.add("virement_limit_percent", "out_of_range", _("Enter a percentage from 0 to 100."))
        return Decimal(0)
    if percent != percent.quantize(CENT):
        problems.add("virement_limit_percent", "too_precise", _("Enter the percentage to at most two decimals."))
    return percent.quantize(CENT)


def _check_instalments(problems: ProblemCollector, values: Sequence[object]) -> list[Decimal]:
    field = "instalment_percents"
    parts = [_decimal(value) for value in values]
    if not parts:
        problems.add(field, "required", _("Enter at least one instalment (100 for a single payment)."))
        return []
    if len(parts) > MAX_INSTALMENTS:
        problems.add(field, "too_many", _("Enter at most %(count)s instalments.") % {"count": MAX_INSTALMENTS})
    if any(part is None or part <= 0 for part in parts):
        problems.add(field, "not_positive", _("Each instalment must be a positive number."))
        return []
    found = [part for part in parts if part is not None]
    if any(part != part.quantize(CENT) for part in found):
        problems.add(field, "too_precise", _("Enter each instalment to at most two decimals."))
    total = sum(found, Decimal(0))
    if total != HUNDRED:
        problems.add(
            field,
            "not_hundred",
            _("The instalments add up to %(total)s%%; they must add up to 100%%.") % {"total": total},
        )
    return [part.quantize(CENT) for part in found]


def _check_categories(problems: ProblemCollector, call: Call, codes: Sequence[str]) -> list[CostCategory]:
    wanted = sorted({str(code).strip() for code in codes if str(code).strip()})
    found = {c.code: c for c in CostCategory.objects.filter(call=call, code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        problems.add(
            "lump_sum_categories",
            "unknown_category",
            _("The call has no cost category %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    return [found[code] for code in wanted if code in found]


def programme_rules_set(
    *,
    actor: object | None,
    call: Call,
    report_interval_months: int,
    final_report_months: int,
    virement_limit_percent: Decimal | int | str,
    lump_sum_categories: Sequence[str],
    overspend_with_approval: bool,
    overdue_blocks_proposals: bool,
    instalment_percents: Sequence[Decimal | int | str],
    version: int | None = None,
) -> ProgrammeRules:
    """Set every rule of the call's programme at once (a full replacement). Only the call's managers may.
    ``lump_sum_categories`` are codes of the call's cost categories; ``instalment_percents`` positive numbers
    adding up to 100, the first paid at the start. Every problem is reported field by field, and nothing is
    changed. ``version``, when given, is the rules' version as last read: a change by someone else since then
    is refused (``stale``)."""
    user = actor_user(actor)
    if not may_manage_call(user, call):
        raise PermissionDenied("forbidden", _("Only the programme's managers may set its rules."))
    problems = ProblemCollector()
    interval = _check_months(problems, "report_interval_months", report_interval_months, 1, MAX_REPORT_INTERVAL_MONTHS)
    final = _check_months(problems, "final_report_months", final_report_months, 0, MAX_FINAL_REPORT_MONTHS)
    limit = _check_percent(problems, virement_limit_percent)
    categories = _check_categories(problems, call, lump_sum_categories)
    percents = _check_instalments(problems, list(instalment_percents))
    problems.raise_if_any()
    with transaction.atomic():
        rules = ProgrammeRules.objects.select_for_update().filter(call=call).first()
        before = rules_as_json(rules) if rules is not None else None
        if rules is None:
            rules = ProgrammeRules(call=call)
        elif version is not None and version != rules.version:
            raise Conflict(
                "stale_version",
                _("Someone else changed these rules since you read them. Reload and try again."),
                field="version",
            )
        rules.report_interval_months = interval
        rules.final_report_months = final
        rules.virement_limit_percent = limit
        rules.overspend_with_approval = bool(overspend_with_approval)
        rules.overdue_blocks_proposals = bool(overdue_blocks_proposals)
        # Whole numbers stay integers in the JSON (as in [40, 30, 30]); two decimals survive a float exactly
        # enough for ``Decimal(str(p))``, which is how every reader takes them.
        rules.instalment_percents = [int(p) if p == p.to_integral_value() else float(p) for p in percents]
        full_clean(rules)
        if rules.pk is None:
            try:
                with transaction.atomic():
                    rules.save()
            except IntegrityError as exc:
                raise Conflict(
                    "stale_version", _("Someone else set these rules at the same moment. Reload and try again.")
                ) from exc
        else:
            rules.version += 1
            rules.save(update_fields=[*CHANGED, "version", "updated_at"])
        rules.lump_sum_categories.set(categories)
        after = rules_as_json(rules)
        audit_append(
            actor=user,
            action="project.rules_set",
            obj=rules,
            payload={"call": call.code, "before": before, "after": after},
        )
    return rules
