"""Pages of the people directory. Signed-in users only; a person the user may not see does not exist for them
(404, never 403), so the directory does not reveal who is unlisted."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hetao.core.errors import Conflict, DomainError
from hetao.core.views.helpers import paginate, render_list, require_perm
from hetao.screening.duplicates import LikelyDuplicate, person_duplicate_warning
from hetao.screening.forms import DuplicateConfirmForm
from hetao.zone.domain.selectors import organisations_visible_to, people_visible_to, person_search
from hetao.zone.domain.services import (
    affiliation_add,
    identity_document_add,
    person_create,
    person_export,
    person_update,
)
from hetao.zone.forms import AffiliationForm, IdentityDocumentForm, PersonForm, PersonSearchForm
from hetao.zone.models import Person


def _visible_person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(people_visible_to(request.user), pk=pk)


def _organisation_choices(request: HttpRequest) -> Any:
    return organisations_visible_to(request.user).filter(is_active=True).order_by("name_en", "pk")


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    query = form.query()
    page = paginate(request, person_search(user=request.user, query=query))
    context = {"form": form, "page": page, "searching": bool(query)}
    return render_list(request, "zone/person_list.html", "zone/_person_results.html", context)


def _render_detail(
    request: HttpRequest,
    person: Person,
    *,
    affiliation_form: AffiliationForm | None = None,
    document_form: IdentityDocumentForm | None = None,
) -> HttpResponse:
    user = request.user
    can_change = user.has_perm("zone.change_person", person)
    can_view_documents = user.has_perm("zone.view_identity_documents", person)
    can_add_documents = can_change and can_view_documents
    if can_change and affiliation_form is None:
        affiliation_form = AffiliationForm(organisations=_organisation_choices(request))
    if can_add_documents and document_form is None:
        document_form = IdentityDocumentForm()
    context = {
        "person": person,
        "is_self": person.user_id is not None and person.user_id == user.pk,
        "affiliations": list(person.affiliations.select_related("organisation").order_by("-start_date", "pk")),
        "can_change": can_change,
        # Date of birth and e-mail are shown only to those who may correct them: the person and administrators.
        "show_private": can_change,
        "can_view_documents": can_view_documents,
        "documents": list(person.identity_documents.order_by("kind", "pk")) if can_view_documents else [],
        "can_export": user.has_perm("zone.export_person", person),
        "affiliation_form": affiliation_form if can_change else None,
        "document_form": document_form if can_add_documents else None,
    }
    return render(request, "zone/person_detail.html", context)


@never_cache
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_person(request, pk))


@login_required
def person_create_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "zone.add_person")
    form = PersonForm(request.POST or None, initial={"home_region": "CN", "listed_in_directory": True})
    confirm_form = DuplicateConfirmForm(request.POST or None)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        # Likely duplicates are shown before saving, and saving then needs the "different person" box ticked.
        duplicates = None if confirm_form.confirmed() else person_duplicate_warning(request.user, arguments)
        try:
            if duplicates:
                raise LikelyDuplicate(duplicates)
            person = person_create(actor=request.user, **arguments)
        except LikelyDuplicate:
            pass
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s was added to the directory.") % {"name": person.name})
            if people_visible_to(request.user).filter(pk=person.pk).exists():
                return redirect("zone:person_detail", pk=person.pk)
            # An unlisted person becomes visible to an organisation administrator once affiliated.
            messages.info(request, _("The entry is unlisted, so you will see it once its affiliation is recorded."))
            return redirect("zone:person_list")
    context = {"form": form, "person": None, "duplicates": duplicates, "confirm_form": confirm_form}
    return render(request, "zone/person_form.html", context)


@login_required
def person_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    require_perm(request, "zone.change_person", person)
    stale = False
    if request.method == "POST":
        form = PersonForm(request.POST)
        form.fields["version"].required = True
        if form.is_valid():
            try:
                person = person_update(
                    actor=request.user,
                    person=person,
                    expected_version=form.cleaned_data["version"],
                    **form.service_arguments(),
                )
            except DomainError as exc:
                form.add_domain_error(exc)
                stale = isinstance(exc, Conflict) and exc.code == "stale_version"
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("zone:person_detail", pk=person.pk)
    else:
        form = PersonForm(initial=PersonForm.initial_for(person))
    return render(request, "zone/person_form.html", {"form": form, "person": person, "stale": stale})


def _detail_url(person: Person, section: str) -> str:
    return reverse("zone:person_detail", kwargs={"pk": person.pk}) + f"#{section}"


@login_required
def person_affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    if request.method != "POST":
        # The form lives on the detail page; this address is reached by GET after a language switch or reload.
        return redirect(_detail_url(person, "affiliations"))
    require_perm(request, "zone.change_person", person)
    form = AffiliationForm(request.POST, organisations=_organisation_choices(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            affiliation_add(
                actor=request.user,
                person=person,
                organisation=data["organisation"],
                title=data["title"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                is_primary=data["is_primary"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            name = data["organisation"].name
            messages.success(request, _("The affiliation with %(organisation)s was added.") % {"organisation": name})
            return redirect(_detail_url(person, "affiliations"))
    return _render_detail(request, person, affiliation_form=form)


@login_required
def person_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    if request.method != "POST":
        return redirect(_detail_url(person, "documents"))
    require_perm(request, "zone.change_person", person)
    require_perm(request, "zone.view_identity_documents", person)
    form = IdentityDocumentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = identity_document_add(
                actor=request.user,
                person=person,
                kind=data["kind"],
                number=data["number"],
                issuing_country=data["issuing_country"],
                expiry_date=data["expiry_date"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The %(kind)s %(number)s was recorded.")
                % {"kind": document.get_kind_display(), "number": document.number_masked},
            )
            return redirect(_detail_url(person, "documents"))
    return _render_detail(request, person, document_form=form)


@never_cache
@require_POST
@login_required
def person_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about the person, as a JSON download (a subject access request)."""
    person = _visible_person(request, pk)
    require_perm(request, "zone.export_person", person)
    data = person_export(actor=request.user, person=person)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="hetao-person-{person.pk}.json"'
    return response
