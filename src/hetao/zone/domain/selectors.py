"""Reads of the zone directory that more than one view or endpoint needs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hetao.accounts.domain.selectors import has_zone_role, scoped_ids
from hetao.accounts.enums import Role
from hetao.zone.domain.names import normalise
from hetao.zone.models import Affiliation, Organisation, Park, Person, Zone


def current_zone() -> Zone | None:
    return Zone.objects.prefetch_related("parks").order_by("pk").first()


def zone_code() -> str:
    zone = Zone.objects.order_by("pk").values_list("code", flat=True).first()
    return zone or "UNCONFIGURED"


def parks() -> QuerySet[Park]:
    return Park.objects.all()


def zone_counts() -> dict[str, int]:
    """Live figures for the home page."""
    return {
        "parks": Park.objects.count(),
        "organisations": Organisation.objects.filter(is_active=True).count(),
        "people": Person.objects.count(),
        "in_zone_organisations": Organisation.objects.filter(is_active=True, park__isnull=False).count(),
    }


def park_counts() -> dict[int, dict[str, int]]:
    from django.db.models import Count

    rows = Organisation.objects.filter(is_active=True, park__isnull=False).values("park_id").annotate(n=Count("pk"))
    return {row["park_id"]: {"organisations": row["n"]} for row in rows}


def _query_key(query: str) -> str:
    return normalise(query).replace("|", "")


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisations are public: the directory of institutions of the zone. Inactive ones are shown only to
    those who administer them."""
    qs = Organisation.objects.select_related("park")
    zone_wide, parks_, orgs = scoped_ids(user, Role.PARK_ADMIN)
    if zone_wide or has_zone_role(user, Role.DATA_REGULATOR) or has_zone_role(user, Role.AUDITOR):
        return qs
    _, _, admin_orgs = scoped_ids(user, Role.ORGANISATION_ADMIN)
    return qs.filter(Q(is_active=True) | Q(park_id__in=parks_) | Q(pk__in=orgs | admin_orgs))


def organisation_search(*, user: Any, query: str = "", kind: str = "", park: str = "") -> QuerySet[Organisation]:
    qs = organisations_visible_to(user)
    key = _query_key(query)
    if key:
        qs = qs.filter(search_text__contains=key)
    if kind:
        qs = qs.filter(kind=kind)
    if park == "outside":
        qs = qs.filter(park__isnull=True)
    elif park:
        qs = qs.filter(park__code=park)
    return qs.order_by("name_en", "pk")


def people_visible_to(user: Any) -> QuerySet[Person]:
    """People listed in the directory, plus the user themselves, plus whoever the user administers."""
    qs = Person.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if any(has_zone_role(user, r) for r in (Role.PARK_ADMIN, Role.DATA_REGULATOR, Role.AUDITOR)):
        return qs
    _, park_ids, _ = scoped_ids(user, Role.PARK_ADMIN)
    _, _, org_ids = scoped_ids(user, Role.ORGANISATION_ADMIN)
    today = timezone.localdate()
    current = Q(affiliations__start_date__lte=today) & (
        Q(affiliations__end_date__isnull=True) | Q(affiliations__end_date__gte=today)
    )
    administered = Q(pk__in=[])
    if park_ids:
        administered |= Q(current & Q(affiliations__organisation__park_id__in=park_ids))
    if org_ids:
        administered |= Q(current & Q(affiliations__organisation_id__in=org_ids))
    visible = Q(listed_in_directory=True) | Q(user_id=user.pk) | administered
    return qs.filter(pk__in=Person.objects.filter(visible).values("pk"))


def with_current_affiliations(qs: QuerySet[Person]) -> QuerySet[Person]:
    today = timezone.localdate()
    current = Affiliation.objects.filter(
        Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    ).select_related("organisation", "organisation__park")
    return qs.prefetch_related(Prefetch("affiliations", queryset=current, to_attr="current_affiliations"))


def person_search(*, user: Any, query: str = "", organisation_id: int | None = None) -> QuerySet[Person]:
    qs = people_visible_to(user)
    key = _query_key(query)
    if key:
        qs = qs.filter(Q(search_text__contains=key) | Q(pk__in=_names_engine_matches(query)))
    if organisation_id:
        qs = qs.filter(affiliations__organisation_id=organisation_id).distinct()
    return with_current_affiliations(qs.order_by("family_name_latin", "given_name_latin", "pk"))


def _names_engine_matches(query: str) -> list[int]:
    """People the names engine matches to the query across scripts and romanisations, beyond the stored keys
    ("Cheung Wai" finds 张伟 stored as 张伟 / 張偉 / Zhang Wei)."""
    from hetao.screening.domain.selectors import people_matching_name

    return people_matching_name(query)


def current_affiliations(person: Person, on: date | None = None) -> QuerySet[Affiliation]:
    day = on or timezone.localdate()
    return person.affiliations.filter(
        Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))
    ).select_related("organisation")


def current_organisation_ids(person: Person) -> set[int]:
    return set(current_affiliations(person).values_list("organisation_id", flat=True))


def current_park_ids(person: Person) -> set[int]:
    return {pk for pk in current_affiliations(person).values_list("organisation__park_id", flat=True) if pk is not None}
