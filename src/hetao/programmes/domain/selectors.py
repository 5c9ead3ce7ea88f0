"""Reads of calls and proposals that more than one view, endpoint or app needs: who may see and change what,
the call's state, and a proposal's budget in the call's reference currency."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hetao.accounts.domain.selectors import has_zone_role, scoped_ids
from hetao.accounts.enums import Role
from hetao.programmes.enums import CallStatus, ProposalStatus, TeamRole
from hetao.programmes.models import Attachment, BudgetLine, Call, CallPark, CostCategory, Proposal, TeamMember
from hetao.zone.models import Affiliation

MANAGER_ROLES = (Role.PROGRAMME_MANAGER, Role.PARK_ADMIN)
# Proposals a call's managers see: everything that has been sent in, never an applicant's draft.
SENT_IN = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.WITHDRAWN,
    ProposalStatus.IN_REVIEW,
    ProposalStatus.FUNDED,
    ProposalStatus.NOT_FUNDED,
)
CENT = Decimal("0.01")


# --- Who may do what ------------------------------------------------------------------------------------


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def may_manage_calls(user: Any) -> bool:
    """Programme managers and park administrators of the whole zone prepare and run calls."""
    return _signed_in(user) and any(has_zone_role(user, role) for role in MANAGER_ROLES)


def may_apply(user: Any) -> bool:
    """Any signed-in person may start a proposal; the call's rules decide at submission whether it is eligible."""
    return _signed_in(user)


def calls_visible_to(user: Any) -> QuerySet[Call]:
    """Calls that have been published (to everyone, signed in or not); calls being prepared to managers only."""
    qs = Call.objects.all()
    if may_manage_calls(user):
        return qs
    return qs.exclude(status=CallStatus.DRAFT)


def calls_for_listing(user: Any) -> QuerySet[Call]:
    """Calls with their parks, for list pages: open calls first (closing soonest first), then upcoming, then
    the rest, newest first."""
    from django.db.models import Case, IntegerField, Value, When

    now = timezone.now()
    open_now = Q(status=CallStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now)
    upcoming = Q(status=CallStatus.PUBLISHED, opens_at__gt=now)
    return (
        calls_visible_to(user)
        .prefetch_related(Prefetch("parks", queryset=CallPark.objects.select_related("park")))
        .annotate(
            listing_group=Case(
                When(open_now, then=Value(0)),
                When(upcoming, then=Value(1)),
                When(status=CallStatus.DRAFT, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("listing_group", "closes_at", "code")
    )


def call_is_open(call: Call, *, now: Any = None) -> bool:
    """Whether proposals may be started and submitted now: published, and between its open and close times
    (by the server's clock)."""
    moment = now or timezone.now()
    return call.status == CallStatus.PUBLISHED and call.opens_at <= moment < call.closes_at


def call_review_started(call: Call) -> bool:
    """Whether the call's review has begun; from then on proposals can no longer be withdrawn."""
    return call.status in (CallStatus.IN_REVIEW, CallStatus.DECIDED)


def proposals_for_review(call: Call) -> QuerySet[Proposal]:
    """The proposals a call's review covers: submitted ones and those already in review, by reference."""
    return (
        Proposal.objects.filter(call=call, status__in=(ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW))
        .select_related("call")
        .order_by("reference")
    )


def _team_user_ids(proposal: Proposal) -> set[int]:
    members = getattr(proposal, "_prefetched_objects_cache", {}).get("team")
    if members is None:
        members = proposal.team.select_related("person")
    return {m.person.user_id for m in members if m.person.user_id is not None}


def may_edit_proposal(user: Any, proposal: Proposal) -> bool:
    """Its creator and the team members who have an account change a proposal, while it is a draft."""
    if not _signed_in(user) or proposal.status != ProposalStatus.DRAFT:
        return False
    return proposal.created_by_id == user.pk or user.pk in _team_user_ids(proposal)


def is_applicant(user: Any, proposal: Proposal) -> bool:
    """The creator or a team member with an account: they may submit and withdraw it."""
    if not _signed_in(user):
        return False
    return proposal.created_by_id == user.pk or user.pk in _team_user_ids(proposal)


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    """Proposals the user may read: those they created or are on the team of; those with a team member at an
    organisation they administer; and, for call managers, every proposal that has been sent in."""
    if not _signed_in(user):
        return Proposal.objects.none()
    visible = Q(created_by_id=user.pk) | Q(team__person__user_id=user.pk)
    zone_admin, admin_parks, admin_orgs = scoped_ids(user, Role.ORGANISATION_ADMIN)
    if zone_admin:
        visible |= Q(team__isnull=False)
    if admin_parks:
        visible |= Q(team__organisation__park_id__in=admin_parks)
    if admin_orgs:
        visible |= Q(team__organisation_id__in=admin_orgs)
    if may_manage_calls(user):
        visible |= Q(status__in=SENT_IN)
    return Proposal.objects.filter(pk__in=Proposal.objects.filter(visible).values("pk"))


def my_proposals(user: Any) -> QuerySet[Proposal]:
    """The proposals the user created or is on the team of, newest first."""
    if not _signed_in(user):
        return Proposal.objects.none()
    mine = Proposal.objects.filter(Q(created_by_id=user.pk) | Q(team__person__user_id=user.pk)).values("pk")
    return Proposal.objects.filter(pk__in=mine).select_related("call").order_by("-created_at", "-pk")


def proposal_with_details(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The queryset with what a proposal's page or API body shows: its call, team, budget and attachments."""
    return qs.select_related("call", "created_by").prefetch_related(
        Prefetch(
            "team",
            queryset=TeamMember.objects.select_related("person", "organisation", "organisation__park").order_by(
                "order", "pk"
            ),
        ),
        Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("category").order_by("year", "pk")),
        Prefetch("attachments", queryset=Attachment.objects.order_by("kind", "pk")),
    )


# --- Organisations and people ---------------------------------------------------------------------------


def is_affiliated(person_id: int, organisation_id: int, *, on: Any = None) -> bool:
    """Whether the person holds a position at the organisation on the given day (today, in zone time)."""
    day = on or timezone.localdate()
    return (
        Affiliation.objects.filter(person_id=person_id, organisation_id=organisation_id, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .exists()
    )


def current_affiliations_visible_to(user: Any) -> QuerySet[Affiliation]:
    """Current affiliations of the people the user may see at active organisations: the choices for a team."""
    from hetao.zone.domain.selectors import people_visible_to

    day = timezone.localdate()
    return (
        Affiliation.objects.filter(
            person__in=people_visible_to(user), organisation__is_active=True, start_date__lte=day
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("person", "organisation", "organisation__park")
        .order_by("person__family_name_latin", "person__given_name_latin", "person_id", "organisation__name_en")
    )


def lead_park_id(proposal: Proposal) -> int | None:
    """The park of the lead applicant: that of the first principal investigator's organisation (None when
    there is no PI, or the lead organisation is outside every park)."""
    members = getattr(proposal, "_prefetched_objects_cache", {}).get("team")
    if members is None:
        members = proposal.team.select_related("organisation").order_by("order", "pk")
    for member in sorted(members, key=lambda m: (m.order, m.pk)):
        if member.role == TeamRole.PRINCIPAL_INVESTIGATOR:
            park_id: int | None = member.organisation.park_id
            return park_id
    return None


# --- Money ----------------------------------------------------------------------------------------------


def exchange_rate(call: Call, currency: str) -> Decimal | None:
    """Units of the call's reference currency per unit of ``currency``, fixed for the call; None if unknown."""
    if currency == call.reference_currency:
        return Decimal(1)
    raw = (call.exchange_rates or {}).get(currency)
    if raw is None:
        return None
    try:
        rate = Decimal(str(raw))
    except InvalidOperation:
        return None
    return rate if rate.is_finite() and rate > 0 else None


def in_reference(call: Call, amount: Decimal, currency: str) -> Decimal:
    """``amount`` of ``currency`` in the call's reference currency, at the call's fixed rate (unrounded).

    A currency without a rate cannot be converted: the call's publication requires every rate it needs, and
    budget lines only take the currencies of the funding parks or the reference currency."""
    rate = exchange_rate(call, currency)
    if rate is None:
        raise ValueError(f"call {call.code} has no exchange rate for {currency}")
    return amount * rate


def allowed_currencies(call: Call) -> list[str]:
    """The currencies a budget line may be in: each funding park's, and the reference currency."""
    parks = getattr(call, "_prefetched_objects_cache", {}).get("parks")
    currencies = [p.currency for p in (parks if parks is not None else call.parks.all())]
    out: list[str] = []
    for currency in [*currencies, call.reference_currency]:
        if currency not in out:
            out.append(currency)
    return out


def _lines(proposal: Proposal) -> list[BudgetLine]:
    lines = getattr(proposal, "_prefetched_objects_cache", {}).get("budget_lines")
    if lines is None:
        lines = proposal.budget_lines.select_related("category")
    return list(lines)


def proposal_total_in_reference(proposal: Proposal) -> Decimal:
    """The whole budget in the call's reference currency, converted with the call's fixed rates, to the cent."""
    call = proposal.call
    total = sum((in_reference(call, line.amount, line.currency) for line in _lines(proposal)), Decimal(0))
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def budget_by_currency(proposal: Proposal) -> dict[str, Decimal]:
    """The budget's total in each currency it uses, as entered."""
    totals: dict[str, Decimal] = {}
    for line in _lines(proposal):
        totals[line.currency] = totals.get(line.currency, Decimal(0)) + line.amount
    return totals


@dataclass
class CategoryTotal:
    """One cost category of a proposal's budget: its amounts as entered in each currency, their sum in the
    call's reference currency, and its percentage of the whole budget (None when the budget is empty)."""

    category: CostCategory
    by_currency: dict[str, Decimal] = field(default_factory=dict)
    in_reference: Decimal = Decimal(0)
    percent: Decimal | None = None


def budget_by_category(proposal: Proposal) -> list[CategoryTotal]:
    """Every cost category of the call, in the call's order, with the proposal's amounts in it."""
    call = proposal.call
    categories = getattr(call, "_prefetched_objects_cache", {}).get("cost_categories")
    if categories is None:
        categories = call.cost_categories.all()
    rows = {c.pk: CategoryTotal(category=c) for c in sorted(categories, key=lambda c: (c.order, c.code))}
    for line in _lines(proposal):
        row = rows.get(line.category_id)
        if row is None:  # a category of another call: never written by the services
            continue
        row.by_currency[line.currency] = row.by_currency.get(line.currency, Decimal(0)) + line.amount
        row.in_reference += in_reference(call, line.amount, line.currency)
    total = sum((r.in_reference for r in rows.values()), Decimal(0))
    for row in rows.values():
        row.in_reference = row.in_reference.quantize(CENT, rounding=ROUND_HALF_UP)
        if total > 0:
            row.percent = (row.in_reference * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return list(rows.values())


def project_years(duration_months: int | None) -> int | None:
    """How many project years a duration spans (13 months: 2 years)."""
    if not duration_months:
        return None
    return (duration_months + 11) // 12
