"""Every change to calls and proposals. Each service validates everything first and reports every problem at
once, then writes in one transaction and appends its event to the audit ledger.

Locks are taken in one order: the call, then the proposal. Submission, withdrawal and the start of the review
all lock the call, so a review cannot start while a proposal is being submitted or withdrawn, and two
submissions led by the same person cannot both slip under the call's limit.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError, FieldProblem, ProblemCollector, ValidationFailed, full_clean
from hetao.core.files import NotAPdf, check_pdf, check_upload_size, upload_name
from hetao.core.i18n import language_key
from hetao.programmes.domain.eligibility import eligibility_problems
from hetao.programmes.domain.selectors import (
    call_review_started,
    is_affiliated,
    lead_park_id,
    project_years,
)
from hetao.programmes.enums import AttachmentKind, CallStatus, ProposalStatus, TeamRole
from hetao.programmes.models import (
    Attachment,
    BudgetLine,
    Call,
    CallPark,
    CostCategory,
    Proposal,
    ReferenceCounter,
    RubricCriterion,
    TeamMember,
)
from hetao.zone.enums import Currency, OrganisationKind
from hetao.zone.models import Organisation, Park, Person

DEFAULT_MAX_ATTACHMENT_MB = 10
HUNDRED = Decimal(100)


def _user(actor: object | None) -> Any:
    """The user behind an actor, for the ``..._by`` columns; commands and tasks act as no user."""
    return actor if getattr(actor, "pk", None) is not None and hasattr(actor, "get_username") else None


def _stale(expected: int, current: int) -> Conflict:
    return Conflict(
        "stale_version",
        _(
            "Someone else changed this record since you opened it (your version %(yours)d, now %(current)d). "
            "Reload it and apply your changes again."
        )
        % {"yours": expected, "current": current},
        field="version",
    )


def _check_version(obj: Call | Proposal, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise _stale(expected_version, obj.version)


def _json(value: Any) -> Any:
    """A value as the audit ledger stores it: decimals and times as text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    return value


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _zone_time(value: datetime | None) -> datetime | None:
    """A time entered without an offset is zone time (settings.TIME_ZONE, Asia/Hong_Kong)."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, timezone.get_default_timezone())


# ---------------------------------------------------------------------------------------------------------
# Calls


@dataclass(frozen=True)
class ParkTerms:
    """A funding park of a call: its share of the awards, its budget and per-project maximum in its currency
    (the park's own when ``currency`` is empty)."""

    park: Park
    share_percent: Decimal | None
    budget: Decimal | None
    max_per_project: Decimal | None = None
    lead_required: bool = True
    currency: str = ""


@dataclass(frozen=True)
class CategoryTerms:
    """A cost category a call allows, with its cap in percent of a proposal's total (None: no cap)."""

    code: str
    name_en: str
    name_hans: str = ""
    name_hant: str = ""
    cap_percent: Decimal | None = None


@dataclass(frozen=True)
class CriterionTerms:
    """A criterion of the call's rubric, scored on ``scale_min``..``scale_max`` at review ``stage``."""

    code: str
    name_en: str
    weight: Decimal | None
    name_hans: str = ""
    name_hant: str = ""
    scale_min: int = 1
    scale_max: int = 5
    stage: int = 1


CALL_FIELDS = (
    "code",
    "title_en",
    "title_hans",
    "title_hant",
    "description_en",
    "description_hans",
    "description_hant",
    "opens_at",
    "closes_at",
    "review_deadline",
    "key_areas",
    "reference_currency",
    "exchange_rates",
    "max_budget",
    "max_duration_months",
    "allowed_organisation_kinds",
    "max_proposals_led_per_person",
    "review_stages",
    "reviewers_per_proposal",
    "reviewer_load_min",
    "reviewer_load_max",
    "min_reviewers_outside_parks",
    "max_reviewers_from_lead_park",
    "coi_window_years",
)


def _call_snapshot(call: Call) -> dict[str, Any]:
    return {name: _json(getattr(call, name)) for name in CALL_FIELDS}


def _clean_rates(raw_rates: Any, collector: ProblemCollector) -> dict[str, str]:
    rates: dict[str, str] = {}
    for currency, raw in dict(raw_rates or {}).items():
        code = str(currency).strip().upper()
        rate = _decimal(raw)
        if code not in Currency.values:
            collector.add("exchange_rates", "unknown_currency", _("Unknown currency %(code)s.") % {"code": code})
        elif rate is None or rate <= 0:
            collector.add(
                "exchange_rates",
                "invalid_rate",
                _("The exchange rate for %(code)s must be a positive number.") % {"code": code},
            )
        else:
            rates[code] = str(rate)
    return rates


def _clean_kinds(raw_kinds: Any, collector: ProblemCollector) -> list[str]:
    kinds: list[str] = []
    for kind in raw_kinds or []:
        if kind not in OrganisationKind.values:
            collector.add(
                "allowed_organisation_kinds",
                "unknown_kind",
                _("Unknown kind of organisation %(kind)s.") % {"kind": kind},
            )
        elif kind not in kinds:
            kinds.append(str(kind))
    return kinds


def _clean_key_areas(raw: Any) -> list[str]:
    areas: list[str] = []
    for area in raw or []:
        text = " ".join(str(area).split())
        if text and text not in areas:
            areas.append(text)
    return areas


def _clean_call_fields(fields: dict[str, Any], collector: ProblemCollector) -> dict[str, Any]:
    cleaners: dict[str, Any] = {
        "code": lambda v: str(v or "").strip().lower(),
        "key_areas": _clean_key_areas,
        "exchange_rates": lambda v: _clean_rates(v, collector),
        "allowed_organisation_kinds": lambda v: _clean_kinds(v, collector),
        "max_budget": lambda v: None if v in (None, "") else _decimal(v),
    }
    for name in ("title_en", "title_hans", "title_hant"):
        cleaners[name] = lambda v: " ".join(str(v or "").split())
    for name in ("description_en", "description_hans", "description_hant"):
        cleaners[name] = lambda v: str(v or "").strip()
    for name in ("opens_at", "closes_at", "review_deadline"):
        cleaners[name] = _zone_time
    return {name: cleaners[name](value) if name in cleaners else value for name, value in fields.items()}


def _check_call_fields(call: Call, collector: ProblemCollector) -> None:
    if call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
        collector.add("closes_at", "times_order", _("The call must close after it opens."))
    if call.review_deadline and call.closes_at and call.review_deadline <= call.closes_at:
        collector.add("review_deadline", "times_order", _("Reviews must be due after the call closes."))
    if call.review_stages not in (1, 2):
        collector.add("review_stages", "invalid", _("A call has one or two review stages."))
    if call.reviewers_per_proposal is not None and call.reviewers_per_proposal < 1:
        collector.add("reviewers_per_proposal", "invalid", _("At least one reviewer per proposal is needed."))
    if (
        call.reviewer_load_min is not None
        and call.reviewer_load_max is not None
        and call.reviewer_load_max < call.reviewer_load_min
    ):
        collector.add("reviewer_load_max", "invalid", _("The maximum load must not be below the minimum."))
    if call.max_budget is not None and call.max_budget <= 0:
        collector.add("max_budget", "invalid", _("The maximum budget must be positive."))
    if call.max_duration_months is not None and call.max_duration_months < 1:
        collector.add("max_duration_months", "invalid", _("The maximum duration must be at least one month."))
    per_proposal = call.reviewers_per_proposal or 0
    if call.min_reviewers_outside_parks and call.min_reviewers_outside_parks > per_proposal:
        collector.add(
            "min_reviewers_outside_parks",
            "invalid",
            _("This cannot exceed the number of reviewers per proposal (%(n)d).") % {"n": per_proposal},
        )
    if call.max_proposals_led_per_person is not None and call.max_proposals_led_per_person < 1:
        collector.add("max_proposals_led_per_person", "invalid", _("Enter at least 1, or leave it empty."))


def _check_parks(call: Call, parks: Sequence[ParkTerms], collector: ProblemCollector) -> list[ParkTerms]:
    cleaned: list[ParkTerms] = []
    seen: set[int] = set()
    total = Decimal(0)
    for index, terms in enumerate(parks):
        prefix = f"parks.{index}"
        currency = terms.currency or terms.park.currency
        share = _decimal(terms.share_percent)
        budget = _decimal(terms.budget)
        maximum = _decimal(terms.max_per_project) if terms.max_per_project not in (None, "") else None
        if terms.park.pk in seen:
            collector.add(
                f"{prefix}.park", "duplicate_park", _("%(park)s is listed twice.") % {"park": terms.park.name}
            )
        seen.add(terms.park.pk)
        if currency not in Currency.values:
            collector.add(
                f"{prefix}.currency", "unknown_currency", _("Unknown currency %(code)s.") % {"code": currency}
            )
        if share is None or share <= 0 or share > HUNDRED:
            collector.add(f"{prefix}.share_percent", "invalid", _("A share is more than 0% and at most 100%."))
        else:
            total += share
        if budget is None or budget < 0:
            collector.add(f"{prefix}.budget", "invalid", _("Enter the park's budget (0 or more)."))
        if terms.max_per_project not in (None, "") and (maximum is None or maximum <= 0):
            collector.add(f"{prefix}.max_per_project", "invalid", _("The maximum per project must be positive."))
        cleaned.append(
            ParkTerms(
                park=terms.park,
                share_percent=share or Decimal(0),
                budget=budget or Decimal(0),
                max_per_project=maximum,
                lead_required=bool(terms.lead_required),
                currency=currency,
            )
        )
    if cleaned:
        # A park with a bad share already has its own problem; the total would only repeat it.
        shares_known = not any(p.field and p.field.startswith("parks.") for p in collector.problems)
        _check_shares_and_rates(collector, call, total if shares_known else HUNDRED, [t.currency for t in cleaned])
    return cleaned


def _check_categories(categories: Sequence[CategoryTerms], collector: ProblemCollector) -> list[CategoryTerms]:
    cleaned: list[CategoryTerms] = []
    seen: set[str] = set()
    for index, terms in enumerate(categories):
        prefix = f"categories.{index}"
        code = terms.code.strip().lower()
        cap = _decimal(terms.cap_percent) if terms.cap_percent not in (None, "") else None
        try:
            validate_slug(code)
        except ValidationError:
            collector.add(f"{prefix}.code", "invalid", _("A code is letters, digits, hyphens and underscores."))
        if code in seen:
            collector.add(f"{prefix}.code", "duplicate_code", _("The code %(code)s is used twice.") % {"code": code})
        seen.add(code)
        if not terms.name_en.strip():
            collector.add(f"{prefix}.name_en", "required", _("An English name is required."))
        if terms.cap_percent not in (None, "") and (cap is None or cap <= 0 or cap > HUNDRED):
            collector.add(f"{prefix}.cap_percent", "invalid", _("A cap is more than 0% and at most 100%."))
        cleaned.append(
            CategoryTerms(
                code=code,
                name_en=" ".join(terms.name_en.split()),
                name_hans=" ".join(terms.name_hans.split()),
                name_hant=" ".join(terms.name_hant.split()),
                cap_percent=cap,
            )
        )
    return cleaned


def _check_criteria(
    call: Call, criteria: Sequence[CriterionTerms], collector: ProblemCollector
) -> list[CriterionTerms]:
    cleaned: list[CriterionTerms] = []
    seen: set[tuple[int, str]] = set()
    for index, terms in enumerate(criteria):
        prefix = f"criteria.{index}"
        code = terms.code.strip().lower()
        weight = _decimal(terms.weight)
        try:
            validate_slug(code)
        except ValidationError:
            collector.add(f"{prefix}.code", "invalid", _("A code is letters, digits, hyphens and underscores."))
        if (terms.stage, code) in seen:
            collector.add(f"{prefix}.code", "duplicate_code", _("The code %(code)s is used twice.") % {"code": code})
        seen.add((terms.stage, code))
        if not terms.name_en.strip():
            collector.add(f"{prefix}.name_en", "required", _("An English name is required."))
        if weight is None or weight <= 0:
            collector.add(f"{prefix}.weight", "invalid", _("A weight must be positive."))
        if terms.scale_max <= terms.scale_min:
            collector.add(f"{prefix}.scale_max", "invalid", _("The highest score must be above the lowest."))
        if terms.stage < 1 or terms.stage > (call.review_stages or 1):
            collector.add(
                f"{prefix}.stage",
                "invalid",
                _("The call has %(n)d review stage(s).") % {"n": call.review_stages or 1},
            )
        cleaned.append(
            CriterionTerms(
                code=code,
                name_en=" ".join(terms.name_en.split()),
                name_hans=" ".join(terms.name_hans.split()),
                name_hant=" ".join(terms.name_hant.split()),
                weight=weight or Decimal(0),
                scale_min=terms.scale_min,
                scale_max=terms.scale_max,
                stage=terms.stage,
            )
        )
    return cleaned


def _merge_model_problems(obj: Any, collector: ProblemCollector, exclude: Sequence[str] = ()) -> None:
    taken = {p.field for p in collector.problems}
    try:
        full_clean(obj, exclude=[*exclude, *[f for f in taken if f and "." not in f]])
    except ValidationFailed as exc:
        collector.problems.extend(p for p in exc.problems if p.field not in taken)


def _save_parks(call: Call, parks: list[ParkTerms]) -> None:
    keep = {t.park.pk for t in parks}
    CallPark.objects.filter(call=call).exclude(park_id__in=keep).delete()
    existing = {cp.park_id: cp for cp in CallPark.objects.filter(call=call)}
    for terms in parks:
        row = existing.get(terms.park.pk) or CallPark(call=call, park=terms.park)
        row.currency = terms.currency
        row.share_percent = terms.share_percent or Decimal(0)
        row.budget = terms.budget or Decimal(0)
        row.max_per_project = terms.max_per_project
        row.lead_required = terms.lead_required
        row.save()


def _save_categories(call: Call, categories: list[CategoryTerms], collector: ProblemCollector) -> None:
    keep = {t.code for t in categories}
    for gone in CostCategory.objects.filter(call=call).exclude(code__in=keep):
        if BudgetLine.objects.filter(category=gone).exists():
            collector.add(
                "categories",
                "category_in_use",
                _("The cost category %(code)s is used in proposals' budgets and cannot be removed.")
                % {"code": gone.code},
            )
        else:
            gone.delete()
    existing = {c.code: c for c in CostCategory.objects.filter(call=call)}
    for order, terms in enumerate(categories):
        row = existing.get(terms.code) or CostCategory(call=call, code=terms.code)
        row.name_en, row.name_hans, row.name_hant = terms.name_en, terms.name_hans, terms.name_hant
        row.cap_percent = terms.cap_percent
        row.order = order
        row.save()


def _save_criteria(call: Call, criteria: list[CriterionTerms], collector: ProblemCollector) -> None:
    keep = {(t.stage, t.code) for t in criteria}
    for gone in RubricCriterion.objects.filter(call=call):
        if (gone.stage, gone.code) in keep:
            continue
        try:
            with transaction.atomic():
                gone.delete()
        except ProtectedError:
            collector.add(
                "criteria",
                "criterion_in_use",
                _("The criterion %(code)s has scores and cannot be removed.") % {"code": gone.code},
            )
    existing = {(c.stage, c.code): c for c in RubricCriterion.objects.filter(call=call)}
    for order, terms in enumerate(criteria):
        row = existing.get((terms.stage, terms.code)) or RubricCriterion(call=call, code=terms.code, stage=terms.stage)
        row.name_en, row.name_hans, row.name_hant = terms.name_en, terms.name_hans, terms.name_hant
        row.weight = terms.weight or Decimal(0)
        row.scale_min, row.scale_max = terms.scale_min, terms.scale_max
        row.order = order
        row.save()


def _children_payload(
    parks: list[ParkTerms] | None, categories: list[CategoryTerms] | None, criteria: list[CriterionTerms] | None
) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    if parks is not None:
        payload["parks"] = [
            {
                "park": t.park.code,
                "currency": t.currency,
                "share_percent": str(t.share_percent),
                "budget": str(t.budget),
                "max_per_project": _json(t.max_per_project),
                "lead_required": t.lead_required,
            }
            for t in parks
        ]
    if categories is not None:
        payload["categories"] = [{"code": t.code, "cap_percent": _json(t.cap_percent)} for t in categories]
    if criteria is not None:
        payload["criteria"] = [
            {"code": t.code, "stage": t.stage, "weight": str(t.weight), "scale": [t.scale_min, t.scale_max]}
            for t in criteria
        ]
    return payload


def call_create(
    *,
    actor: object | None,
    parks: Sequence[ParkTerms] = (),
    categories: Sequence[CategoryTerms] = (),
    criteria: Sequence[CriterionTerms] = (),
    **fields: Any,
) -> Call:
    """A new call, being prepared (status draft) until it is published. Times without an offset are zone time."""
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"call_create got unknown fields: {sorted(unknown)}")
    collector = ProblemCollector()
    cleaned = _clean_call_fields(fields, collector)
    call = Call(created_by=_user(actor), **cleaned)
    _check_call_fields(call, collector)
    park_terms = _check_parks(call, parks, collector)
    category_terms = _check_categories(categories, collector)
    criterion_terms = _check_criteria(call, criteria, collector)
    _merge_model_problems(call, collector)
    collector.raise_if_any()
    with transaction.atomic():
        call.save()
        _save_parks(call, park_terms)
        _save_categories(call, category_terms, collector)
        _save_criteria(call, criterion_terms, collector)
        collector.raise_if_any()
        audit_append(
            actor=actor,
            action="call.create",
            obj=call,
            payload={**_call_snapshot(call), **_children_payload(park_terms, category_terms, criterion_terms)},
        )
    return call


def call_update(
    *,
    actor: object | None,
    call: Call,
    expected_version: int | None = None,
    parks: Sequence[ParkTerms] | None = None,
    categories: Sequence[CategoryTerms] | None = None,
    criteria: Sequence[CriterionTerms] | None = None,
    **changes: Any,
) -> Call:
    """Change a call being prepared or published; parks, categories and criteria, when given, replace the
    call's (categories used in budgets and criteria with scores cannot go). Refused once the review started."""
    unknown = set(changes) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"call_update got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        _check_version(current, expected_version)
        if call_review_started(current):
            raise Conflict("review_started", _("The review of this call has started; it can no longer be changed."))
        before = _call_snapshot(current)
        collector = ProblemCollector()
        for key, value in _clean_call_fields(changes, collector).items():
            setattr(current, key, value)
        _check_call_fields(current, collector)
        if parks is None and ("exchange_rates" in changes or "reference_currency" in changes):
            existing = [
                ParkTerms(
                    park=cp.park,
                    share_percent=cp.share_percent,
                    budget=cp.budget,
                    max_per_project=cp.max_per_project,
                    lead_required=cp.lead_required,
                    currency=cp.currency,
                )
                for cp in CallPark.objects.filter(call=current).select_related("park")
            ]
            _check_parks(current, existing, collector)
        park_terms = _check_parks(current, parks, collector) if parks is not None else None
        category_terms = _check_categories(categories, collector) if categories is not None else None
        criterion_terms = _check_criteria(current, criteria, collector) if criteria is not None else None
        _merge_model_problems(current, collector)
        collector.raise_if_any()
        if park_terms is not None:
            _save_parks(current, park_terms)
        if category_terms is not None:
            _save_categories(current, category_terms, collector)
        if criterion_terms is not None:
            _save_criteria(current, criterion_terms, collector)
        collector.raise_if_any()
        after = _call_snapshot(current)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        children = _children_payload(park_terms, category_terms, criterion_terms)
        if not changed and not children:
            return current
        current.version += 1
        current.save()
        audit_append(
            actor=actor,
            action="call.update",
            obj=current,
            payload={
                "changed": changed,
                "before": {k: before[k] for k in changed},
                **children,
                "version": current.version,
            },
        )
    return current


def call_publication_problems(call: Call) -> list[FieldProblem]:
    """What a call still lacks before it can be published; empty when it is complete."""
    collector = ProblemCollector()
    parks = list(CallPark.objects.filter(call=call).select_related("park"))
    if not parks:
        collector.add("parks", "parks_required", _("Add at least one funding park."))
    else:
        total = sum((p.share_percent for p in parks), Decimal(0))
        _check_shares_and_rates(collector, call, total, [cp.currency for cp in parks])
    if not CostCategory.objects.filter(call=call).exists():
        collector.add("categories", "categories_required", _("Add at least one cost category."))
    stages = set(RubricCriterion.objects.filter(call=call).values_list("stage", flat=True))
    for stage in range(1, (call.review_stages or 1) + 1):
        if stage not in stages:
            collector.add(
                "criteria",
                "rubric_required",
                _("Add at least one rubric criterion for review stage %(stage)d.") % {"stage": stage},
            )
    if call.closes_at <= timezone.now():
        collector.add("closes_at", "closes_in_past", _("The call closes in the past."))
    if not call.description_en.strip():
        collector.add("description_en", "required", _("An English description is required."))
    return collector.problems


def call_publish(*, actor: object | None, call: Call, expected_version: int | None = None) -> Call:
    """Publish a complete call: applicants see it and, between its open and close times, apply."""
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        _check_version(current, expected_version)
        if current.status != CallStatus.DRAFT:
            raise Conflict("not_draft", _("This call has already been published."))
        problems = call_publication_problems(current)
        if problems:
            raise ValidationFailed(problems)
        current.status = CallStatus.PUBLISHED
        current.published_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "published_at", "version", "updated_at"])
        audit_append(actor=actor, action="call.publish", obj=current, payload={"version": current.version})
    return current


def call_start_review(*, actor: object | None, call: Call) -> Call:
    """Start the review: the call and every submitted proposal go to ``in_review``; from now on nothing can be
    submitted or withdrawn."""
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        if current.status != CallStatus.PUBLISHED:
            raise Conflict(
                "not_published",
                _("Only a published call can go to review (this one is %(status)s).")
                % {"status": current.get_status_display()},
            )
        now = timezone.now()
        submitted = Proposal.objects.select_for_update().filter(call=current, status=ProposalStatus.SUBMITTED)
        references = sorted(submitted.values_list("reference", flat=True))
        for proposal in submitted:
            proposal.status = ProposalStatus.IN_REVIEW
            proposal.version += 1
            proposal.save(update_fields=["status", "version", "updated_at"])
        current.status = CallStatus.IN_REVIEW
        current.review_started_at = now
        current.version += 1
        current.save(update_fields=["status", "review_started_at", "version", "updated_at"])
        audit_append(
            actor=actor,
            action="call.start_review",
            obj=current,
            payload={"proposals": references, "count": len(references)},
        )
    return current


# ---------------------------------------------------------------------------------------------------------
# Proposals

PROPOSAL_FIELDS = (
    "title_en",
    "title_zh",
    "abstract_en",
    "abstract_zh",
    "keywords_en",
    "keywords_zh",
    "key_area",
    "duration_months",
    "language",
)
REFERENCE_SERIES = "proposal"


def _next_reference() -> str:
    """The next proposal reference, P-0001 onwards, from a counter row locked for the transaction."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(series=REFERENCE_SERIES)
    counter.value += 1
    counter.save(update_fields=["value", "updated_at"])
    return f"P-{counter.value:04d}"


def _keywords(values: Iterable[Any] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        import re

        values = re.split(r"[,;，；、\n]", values)
    out: list[str] = []
    for value in values:
        text = " ".join(str(value).split())
        if text and text.casefold() not in {k.casefold() for k in out}:
            out.append(text[:100])
    return out


def _clean_proposal_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    for name in ("title_en", "title_zh", "key_area"):
        if name in out:
            out[name] = " ".join(str(out[name] or "").split())
    for name in ("abstract_en", "abstract_zh"):
        if name in out:
            out[name] = str(out[name] or "").strip()
    for name in ("keywords_en", "keywords_zh"):
        if name in out:
            out[name] = _keywords(out[name])
    if "language" in out:
        out["language"] = language_key(out["language"] or None)
    if out.get("duration_months") in ("", 0):
        out["duration_months"] = None
    return out


def _check_proposal_fields(proposal: Proposal, collector: ProblemCollector) -> None:
    areas = list(proposal.call.key_areas or [])
    if proposal.key_area and areas and proposal.key_area not in areas:
        collector.add("key_area", "key_area", _("Choose one of the call's key areas."))
    if proposal.duration_months is not None and proposal.duration_months < 1:
        collector.add("duration_months", "invalid", _("The duration is at least one month."))


def _proposal_snapshot(proposal: Proposal) -> dict[str, Any]:
    return {name: _json(getattr(proposal, name)) for name in PROPOSAL_FIELDS}


def _window_error(call: Call) -> DomainError | None:
    """Why proposals cannot be started or submitted now, by the server's clock; None while the call is open."""
    now = timezone.now()
    if call.status == CallStatus.DRAFT or (call.status == CallStatus.PUBLISHED and now < call.opens_at):
        return DomainError(
            "call_not_open",
            _("This call opens at %(when)s; proposals cannot be submitted before then.")
            % {"when": _zone_display(call.opens_at)},
        )
    if call.status != CallStatus.PUBLISHED or now >= call.closes_at:
        return DomainError(
            "call_closed",
            _("This call closed at %(when)s; proposals can no longer be submitted.")
            % {"when": _zone_display(call.closes_at)},
        )
    return None


def _zone_display(moment: datetime) -> str:
    from django.utils import formats

    return str(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")) + " (UTC+8)"


def proposal_create(*, actor: object | None, call: Call, **fields: Any) -> Proposal:
    """A new draft for an open call, created by ``actor``; it gets its reference (P-0042) at once."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"proposal_create got unknown fields: {sorted(unknown)}")
    creator = _user(actor)
    if creator is None:
        raise DomainError("sign_in_required", _("Sign in to start a proposal."))
    call = Call.objects.get(pk=call.pk)  # the window as it stands now, not as the caller last read it
    error = _window_error(call)
    if error is not None:
        raise error
    cleaned = _clean_proposal_fields({"language": get_language(), **fields})
    proposal = Proposal(call=call, created_by=creator, reference="P-0000", **cleaned)
    collector = ProblemCollector()
    _check_proposal_fields(proposal, collector)
    _merge_model_problems(proposal, collector, exclude=["reference"])
    collector.raise_if_any()
    with transaction.atomic():
        proposal.reference = _next_reference()
        proposal.save()
        audit_append(
            actor=actor,
            action="proposal.create",
            obj=proposal,
            payload={"reference": proposal.reference, "call": call.code, **_proposal_snapshot(proposal)},
        )
    return proposal


def _lock_draft(proposal: Proposal) -> Proposal:
    current = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if current.status != ProposalStatus.DRAFT:
        raise Conflict(
            "not_draft",
            _("Proposal %(reference)s is %(status)s; only a draft can be changed.")
            % {"reference": current.reference, "status": current.get_status_display().lower()},
        )
    return current


def proposal_update(
    *, actor: object | None, proposal: Proposal, expected_version: int | None = None, **changes: Any
) -> Proposal:
    """Change a draft's title, abstract, keywords, key area, duration or letter language. With
    ``expected_version`` (the version the editor read), a draft changed by someone else since is refused."""
    unknown = set(changes) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"proposal_update got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        current = _lock_draft(proposal)
        _check_version(current, expected_version)
        before = _proposal_snapshot(current)
        for key, value in _clean_proposal_fields(changes).items():
            setattr(current, key, value)
        collector = ProblemCollector()
        _check_proposal_fields(current, collector)
        _merge_model_problems(current, collector)
        collector.raise_if_any()
        after = _proposal_snapshot(current)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        if not changed:
            return current
        current.version += 1
        current.save()
        audit_append(
            actor=actor,
            action="proposal.update",
            obj=current,
            payload={"changed": changed, "before": {k: before[k] for k in changed}, "version": current.version},
        )
    return current


def team_member_add(
    *, actor: object | None, proposal: Proposal, person: Person, organisation: Organisation, role: str
) -> TeamMember:
    """Put a person on a draft's team, at an organisation where they hold a position today."""
    collector = ProblemCollector()
    if role not in TeamRole.values:
        collector.add("role", "invalid", _("Choose a role."))
    if not is_affiliated(person.pk, organisation.pk):
        collector.add(
            "organisation",
            "not_affiliated",
            _("%(person)s is not affiliated with %(organisation)s.")
            % {"person": person.name, "organisation": organisation.name},
        )
    if not organisation.is_active:
        collector.add("organisation", "inactive", _("This organisation is no longer active."))
    with transaction.atomic():
        current = _lock_draft(proposal)
        if TeamMember.objects.filter(proposal=current, person=person).exists():
            collector.add(
                "person", "already_on_team", _("%(person)s is already on the team.") % {"person": person.name}
            )
        collector.raise_if_any()
        order = (TeamMember.objects.filter(proposal=current).aggregate(m=Max("order"))["m"] or 0) + 1
        member = TeamMember(proposal=current, person=person, organisation=organisation, role=role, order=order)
        full_clean(member, exclude=["proposal", "person"])
        member.save()
        audit_append(
            actor=actor,
            action="proposal.team_add",
            obj=current,
            payload={"person": person.pk, "organisation": organisation.pk, "role": role},
        )
    return member


def team_member_remove(*, actor: object | None, member: TeamMember) -> None:
    with transaction.atomic():
        current = _lock_draft(member.proposal)
        found = TeamMember.objects.filter(pk=member.pk, proposal=current).first()
        if found is None:
            return
        payload = {"person": found.person_id, "organisation": found.organisation_id, "role": found.role}
        found.delete()
        audit_append(actor=actor, action="proposal.team_remove", obj=current, payload=payload)


_LINE_FIELDS = ("category", "year", "currency", "amount", "justification")


def _check_line(proposal: Proposal, line: BudgetLine, collector: ProblemCollector) -> None:
    from hetao.programmes.domain.selectors import allowed_currencies

    call = proposal.call
    if line.category_id is None or line.category.call_id != call.pk:
        collector.add("category", "invalid", _("Choose one of the call's cost categories."))
    allowed = allowed_currencies(call)
    if line.currency not in allowed:
        collector.add(
            "currency",
            "currency_not_allowed",
            _("This call funds amounts in %(currencies)s only.") % {"currencies": ", ".join(allowed)},
        )
    amount = _decimal(line.amount)
    if amount is None or amount <= 0:
        collector.add("amount", "invalid", _("Enter an amount above zero."))
    elif amount != amount.quantize(Decimal("0.01")):
        collector.add("amount", "invalid", _("Enter the amount to the cent at most (two decimals)."))
    else:
        line.amount = amount
    years = project_years(proposal.duration_months) or project_years(call.max_duration_months) or 1
    if not isinstance(line.year, int) or line.year < 1 or line.year > years:
        collector.add(
            "year",
            "year_beyond_duration",
            _("Choose a project year from 1 to %(years)d.") % {"years": years},
        )


def _line_payload(line: BudgetLine) -> dict[str, Any]:
    return {
        "line": line.pk,
        "category": line.category.code,
        "year": line.year,
        "currency": line.currency,
        "amount": str(line.amount),
    }


def budget_line_add(
    *,
    actor: object | None,
    proposal: Proposal,
    category: CostCategory,
    year: int,
    currency: str,
    amount: Decimal | str,
    justification: str = "",
) -> BudgetLine:
    """Add a line to a draft's budget: a category of its call, a project year within the duration, a currency
    the call funds, an amount above zero to the cent."""
    with transaction.atomic():
        current = _lock_draft(proposal)
        line = BudgetLine(
            proposal=current,
            category=category,
            year=year,
            currency=str(currency or "").upper(),
            amount=amount,
            justification=str(justification or "").strip(),
        )
        collector = ProblemCollector()
        _check_line(current, line, collector)
        collector.raise_if_any()
        full_clean(line, exclude=["proposal", "category"])
        line.save()
        audit_append(actor=actor, action="proposal.budget_add", obj=current, payload=_line_payload(line))
    return line


def budget_line_update(*, actor: object | None, line: BudgetLine, **changes: Any) -> BudgetLine:
    unknown = set(changes) - set(_LINE_FIELDS)
    if unknown:
        raise TypeError(f"budget_line_update got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        current = _lock_draft(line.proposal)
        found = BudgetLine.objects.select_related("category").filter(pk=line.pk, proposal=current).first()
        if found is None:
            raise Conflict("line_gone", _("This budget line was removed in the meantime."))
        before = _line_payload(found)
        for key, value in changes.items():
            setattr(found, key, str(value or "").upper() if key == "currency" else value)
        collector = ProblemCollector()
        _check_line(current, found, collector)
        collector.raise_if_any()
        full_clean(found, exclude=["proposal", "category"])
        found.save()
        audit_append(
            actor=actor,
            action="proposal.budget_update",
            obj=current,
            payload={"before": before, "after": _line_payload(found)},
        )
    return found


def budget_line_remove(*, actor: object | None, line: BudgetLine) -> None:
    with transaction.atomic():
        current = _lock_draft(line.proposal)
        found = BudgetLine.objects.select_related("category").filter(pk=line.pk, proposal=current).first()
        if found is None:
            return
        payload = _line_payload(found)
        found.delete()
        audit_append(actor=actor, action="proposal.budget_remove", obj=current, payload=payload)


def max_attachment_bytes() -> int:
    megabytes = int(getattr(settings, "PROGRAMMES_MAX_ATTACHMENT_MB", DEFAULT_MAX_ATTACHMENT_MB))
    return megabytes * 1024 * 1024


def attachment_add(*, actor: object | None, proposal: Proposal, kind: str, data: bytes, file_name: str) -> Attachment:
    """Attach a PDF to a draft. The content decides: a file that is not a PDF inside is refused whatever its
    name, and so is one over PROGRAMMES_MAX_ATTACHMENT_MB. The file's SHA-256 is recorded."""
    collector = ProblemCollector()
    if kind not in AttachmentKind.values:
        collector.add("kind", "invalid", _("Choose what the file is."))
    if check_upload_size(collector, "file", data, limit_bytes=max_attachment_bytes()):
        try:
            check_pdf(data)
        except NotAPdf:
            collector.add("file", "not_pdf", _("This file is not a PDF. Attach PDF files only."))
    collector.raise_if_any()
    name = upload_name(file_name, "document.pdf")
    attachment = Attachment(
        kind=kind,
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=_user(actor),
    )
    attachment.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(data), save=False)
    stored = attachment.file.name
    try:
        with transaction.atomic():
            current = _lock_draft(proposal)
            attachment.proposal = current
            attachment.save()
            audit_append(
                actor=actor,
                action="proposal.attachment_add",
                obj=current,
                payload={"attachment": attachment.pk, "kind": kind, "name": name, "sha256": attachment.sha256},
            )
    except BaseException:
        # Nothing was recorded, so the stored file goes too.
        attachment.file.storage.delete(stored)
        raise
    return attachment


def attachment_remove(*, actor: object | None, attachment: Attachment) -> None:
    with transaction.atomic():
        current = _lock_draft(attachment.proposal)
        found = Attachment.objects.filter(pk=attachment.pk, proposal=current).first()
        if found is None:
            return
        storage, stored = found.file.storage, found.file.name
        payload = {"attachment": found.pk, "kind": found.kind, "name": found.original_name, "sha256": found.sha256}
        found.delete()
        audit_append(actor=actor, action="proposal.attachment_remove", obj=current, payload=payload)
        transaction.on_commit(partial(storage.delete, stored))


def proposal_submit(*, actor: object | None, proposal: Proposal, expected_version: int | None = None) -> Proposal:
    """Submit a draft. The call must be open by the server's clock (``call_not_open`` before, ``call_closed``
    after); then every eligibility rule runs and every failure is reported at once, field by field."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=proposal.call_id)
        current = _lock_draft(proposal)
        current.call = call
        _check_version(current, expected_version)
        error = _window_error(call)
        if error is not None:
            raise error
        problems = eligibility_problems(current, submitter=actor)
        if problems:
            raise ValidationFailed(problems)
        current.status = ProposalStatus.SUBMITTED
        current.submitted_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "submitted_at", "version", "updated_at"])
        audit_append(
            actor=actor,
            action="proposal.submit",
            obj=current,
            payload={"reference": current.reference, "lead_park": lead_park_id(current), "version": current.version},
        )
    return current


def proposal_withdraw(*, actor: object | None, proposal: Proposal) -> Proposal:
    """Withdraw a submitted proposal; refused once the call's review has started."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=proposal.call_id)
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        current.call = call
        if call_review_started(call) or current.status == ProposalStatus.IN_REVIEW:
            raise Conflict(
                "review_started",
                _("The review of this call has started; proposals can no longer be withdrawn."),
            )
        if current.status != ProposalStatus.SUBMITTED:
            raise Conflict(
                "not_submitted",
                _("Only a submitted proposal can be withdrawn (%(reference)s is %(status)s).")
                % {"reference": current.reference, "status": current.get_status_display().lower()},
            )
        current.status = ProposalStatus.WITHDRAWN
        current.withdrawn_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "withdrawn_at", "version", "updated_at"])
        audit_append(actor=actor, action="proposal.withdraw", obj=current, payload={"reference": current.reference})
    return current


def _check_shares_and_rates(collector: ProblemCollector, call: Call, total: Decimal, currencies: list[str]) -> None:
    """The parks' shares add up to 100%, and every park currency has a rate to the call's reference currency."""
    if total != HUNDRED:
        collector.add(
            "parks",
            "shares_total",
            _("The parks' shares add up to %(total)s%%; they must add up to 100%%.")
            % {"total": f"{total.normalize():f}"},
        )
    rates = call.exchange_rates or {}
    for currency in currencies:
        if currency != call.reference_currency and currency not in rates:
            collector.add(
                "exchange_rates",
                "rate_missing",
                _("Give the exchange rate from %(currency)s to %(reference)s.")
                % {"currency": currency, "reference": call.reference_currency},
            )
