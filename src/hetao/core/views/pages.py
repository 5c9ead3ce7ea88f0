"""The public pages of the site: the zone at a glance, and the register of personal data held."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hetao.zone.domain.selectors import park_counts, parks, people_visible_to, zone_counts
from hetao.zone.models import Park, Person, PersonalDataPurpose


@dataclass(frozen=True)
class ParkRow:
    park: Park
    organisations: int


def home(request: HttpRequest) -> HttpResponse:
    counts = zone_counts()
    per_park = park_counts()
    rows = [ParkRow(park=park, organisations=per_park.get(park.pk, {}).get("organisations", 0)) for park in parks()]
    context = {
        "counts": counts,
        "outside_organisations": counts["organisations"] - counts["in_zone_organisations"],
        "park_rows": rows,
    }
    return render(request, "core/home.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    own_person: Person | None = None
    if request.user.is_authenticated:
        own_person = people_visible_to(request.user).filter(user_id=request.user.pk).first()
    context = {
        "purposes": PersonalDataPurpose.objects.order_by("category"),
        "own_person": own_person,
        "can_export": own_person is not None and request.user.has_perm("zone.export_person", own_person),
    }
    return render(request, "core/privacy.html", context)
