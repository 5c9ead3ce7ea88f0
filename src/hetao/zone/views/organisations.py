"""Pages of the organisation directory: public search and detail; create and edit for administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hetao.core.errors import Conflict, DomainError, PermissionDenied
from hetao.core.views.helpers import paginate, render_list, require_perm
from hetao.screening.duplicates import LikelyDuplicate, organisation_duplicate_warning
from hetao.screening.forms import DuplicateConfirmForm
from hetao.zone.domain.selectors import (
    organisation_search,
    organisations_visible_to,
    parks,
    people_visible_to,
    with_current_affiliations,
)
from hetao.zone.domain.services import organisation_create, organisation_update
from hetao.zone.forms import OrganisationForm, OrganisationSearchForm
from hetao.zone.models import Affiliation, Organisation, Park, Person


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationSearchForm(request.GET or None, parks=parks())
    criteria = form.criteria()
    page = paginate(request, organisation_search(user=request.user, **criteria))
    context = {"form": form, "page": page, "searching": any(criteria.values())}
    return render_list(request, "zone/organisation_list.html", "zone/_organisation_results.html", context)


def _current_members(user: Any, organisation: Organisation) -> list[tuple[Person, list[Affiliation]]]:
    """People the user may see who hold a position at the organisation today, with those positions."""
    today = timezone.localdate()
    current_here = Affiliation.objects.filter(
        Q(organisation=organisation, start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    )
    people = with_current_affiliations(
        people_visible_to(user).filter(pk__in=current_here.values("person_id"))
    ).order_by("family_name_latin", "given_name_latin", "pk")
    return [
        (person, [a for a in person.current_affiliations if a.organisation_id == organisation.pk])  # type: ignore[attr-defined]
        for person in people
    ]


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    context = {
        "organisation": organisation,
        "identifiers": list(organisation.identifiers.all()),
        "members": _current_members(request.user, organisation) if request.user.is_authenticated else None,
    }
    return render(request, "zone/organisation_detail.html", context)


def _require_placement(request: HttpRequest, park: Park | None) -> None:
    if not request.user.has_perm("zone.place_organisation", park):
        raise PermissionDenied(
            "park_not_administered",
            _("You may place organisations only in the parks you administer."),
            field="park",
        )


@login_required
def organisation_create_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "zone.add_organisation")
    form = OrganisationForm(request.POST or None, parks=parks())
    confirm_form = DuplicateConfirmForm(request.POST or None, organisation=True)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            _require_placement(request, arguments["park"])
            # Likely duplicates are shown before saving; saving then needs the "different organisation" box.
            if not confirm_form.confirmed():
                duplicates = organisation_duplicate_warning(request.user, arguments)
            if duplicates:
                raise LikelyDuplicate(duplicates)
            organisation = organisation_create(actor=request.user, **arguments)
        except LikelyDuplicate:
            pass
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The organisation %(name)s was added.") % {"name": organisation.name})
            return redirect("zone:organisation_detail", pk=organisation.pk)
    context = {"form": form, "organisation": None, "duplicates": duplicates, "confirm_form": confirm_form}
    return render(request, "zone/organisation_form.html", context)


@login_required
def organisation_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    require_perm(request, "zone.change_organisation", organisation)
    stale = False
    if request.method == "POST":
        form = OrganisationForm(request.POST, parks=parks())
        form.fields["version"].required = True
        if form.is_valid():
            arguments = form.service_arguments()
            try:
                if arguments["park"] != organisation.park:
                    _require_placement(request, arguments["park"])
                organisation = organisation_update(
                    actor=request.user,
                    organisation=organisation,
                    expected_version=form.cleaned_data["version"],
                    **arguments,
                )
            except DomainError as exc:
                form.add_domain_error(exc)
                stale = isinstance(exc, Conflict) and exc.code == "stale_version"
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("zone:organisation_detail", pk=organisation.pk)
    else:
        form = OrganisationForm(initial=OrganisationForm.initial_for(organisation), parks=parks())
    context = {"form": form, "organisation": organisation, "stale": stale}
    return render(request, "zone/organisation_form.html", context)
