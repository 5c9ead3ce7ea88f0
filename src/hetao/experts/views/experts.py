"""Pages of the pool of experts: the pool with search, an expert's record with publications and declarations,
create and edit forms, publication import with its report, and the signed-in expert's own record.

An expert the user may not see does not exist for them (404); one they may see but not change answers 403 to a
change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hetao.core.errors import Conflict, DomainError
from hetao.core.views.helpers import is_fragment_request, paginate, render_list, require_perm
from hetao.experts.domain import selectors
from hetao.experts.domain.services import (
    declaration_add,
    declaration_delete,
    expert_create,
    expert_update,
    publication_add,
    publication_delete,
    publication_update,
    publications_import,
)
from hetao.experts.forms import DeclarationForm, ExpertForm, ExpertSearchForm, ImportForm, PublicationForm
from hetao.experts.models import Declaration, Expert, Publication
from hetao.zone.domain.selectors import organisations_visible_to, people_visible_to


def _visible_expert(request: HttpRequest, pk: int) -> Expert:
    return get_object_or_404(selectors.experts_visible_to(request.user), pk=pk)


def _changeable_expert(request: HttpRequest, pk: int) -> Expert:
    expert = _visible_expert(request, pk)
    require_perm(request, "experts.change_expert", expert)
    return expert


def _declaration_form(request: HttpRequest, data: Any = None) -> DeclarationForm:
    return DeclarationForm(
        data,
        people=people_visible_to(request.user).order_by("family_name_latin", "given_name_latin", "pk"),
        organisations=organisations_visible_to(request.user).filter(is_active=True).order_by("name_en", "pk"),
    )


@login_required
def expert_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("experts.view_pool"):
        own = selectors.own_expert(request.user)
        if own is None:
            raise PermissionDenied
        return redirect("experts:expert_detail", pk=own.pk)
    form = ExpertSearchForm(request.GET or None)
    query = form.query()
    page = paginate(request, selectors.expert_search(request.user, query))
    context = {
        "form": form,
        "page": page,
        "searching": bool(query),
        "can_add": request.user.has_perm("experts.add_expert"),
    }
    return render_list(request, "experts/expert_list.html", "experts/_expert_results.html", context)


@login_required
def expert_mine(request: HttpRequest) -> HttpResponse:
    own = selectors.own_expert(request.user)
    if own is not None:
        return redirect("experts:expert_detail", pk=own.pk)
    return render(request, "experts/not_an_expert.html", {})


@login_required
def expert_create_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "experts.add_expert")
    people = (
        people_visible_to(request.user)
        .filter(expert__isnull=True)
        .order_by("family_name_latin", "given_name_latin", "pk")
    )
    initial = {"load_max": 6, "is_active": True, "person": request.GET.get("person")}
    form = ExpertForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            expert = expert_create(actor=request.user, person=form.cleaned_data["person"], **form.service_arguments())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s was added to the pool of experts.") % {"name": expert.person.name})
            return redirect("experts:expert_detail", pk=expert.pk)
    return render(request, "experts/expert_form.html", {"form": form, "expert": None})


def _detail_context(request: HttpRequest, expert: Expert, **extra: Any) -> dict[str, Any]:
    can_change = request.user.has_perm("experts.change_expert", expert)
    context: dict[str, Any] = {
        "expert": expert,
        "is_self": selectors.is_own(request.user, expert),
        "can_change": can_change,
        "can_manage": request.user.has_perm("experts.manage_expert", expert),
        "publications": list(selectors.publications_of(expert)),
        "declarations": list(selectors.declarations_of(expert)),
    }
    if can_change and "declaration_form" not in extra:
        context["declaration_form"] = _declaration_form(request)
    context.update(extra)
    return context


@login_required
def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _visible_expert(request, pk)
    return render(request, "experts/expert_detail.html", _detail_context(request, expert))


@login_required
def expert_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _changeable_expert(request, pk)
    can_manage = request.user.has_perm("experts.manage_expert", expert)
    stale = False
    if request.method == "POST":
        form = ExpertForm(request.POST, can_manage=can_manage, editing=True)
        if form.is_valid():
            try:
                expert_update(
                    actor=request.user,
                    expert=expert,
                    version=form.cleaned_data["version"],
                    **form.service_arguments(),
                )
            except DomainError as exc:
                form.add_domain_error(exc)
                stale = isinstance(exc, Conflict) and exc.code == "stale_version"
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("experts:expert_detail", pk=expert.pk)
    else:
        form = ExpertForm(initial=ExpertForm.initial_for(expert), can_manage=can_manage, editing=True)
    return render(request, "experts/expert_form.html", {"form": form, "expert": expert, "stale": stale})


# --- Publications ---------------------------------------------------------------------------------------


def _render_publications(request: HttpRequest, expert: Expert) -> HttpResponse:
    context = {"expert": expert, "publications": list(selectors.publications_of(expert)), "can_change": True}
    return render(request, "experts/_publications.html", context)


@login_required
def publication_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _changeable_expert(request, pk)
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publication_add(actor=request.user, expert=expert, **form.service_arguments())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The publication was added."))
            return redirect("experts:expert_detail", pk=expert.pk)
    return render(request, "experts/publication_form.html", {"form": form, "expert": expert, "publication": None})


@login_required
def publication_update_view(request: HttpRequest, pk: int, publication_pk: int) -> HttpResponse:
    expert = _changeable_expert(request, pk)
    publication = get_object_or_404(Publication, expert=expert, pk=publication_pk)
    stale = False
    if request.method == "POST":
        form = PublicationForm(request.POST)
        form.fields["version"].required = True
        if form.is_valid():
            try:
                publication_update(
                    actor=request.user,
                    publication=publication,
                    version=form.cleaned_data["version"],
                    **form.service_arguments(),
                )
            except DomainError as exc:
                form.add_domain_error(exc)
                stale = isinstance(exc, Conflict) and exc.code == "stale_version"
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("experts:expert_detail", pk=expert.pk)
    else:
        form = PublicationForm(initial=PublicationForm.initial_for(publication))
    context = {"form": form, "expert": expert, "publication": publication, "stale": stale}
    return render(request, "experts/publication_form.html", context)


@require_POST
@login_required
def publication_delete_view(request: HttpRequest, pk: int, publication_pk: int) -> HttpResponse:
    expert = _changeable_expert(request, pk)
    publication = get_object_or_404(Publication, expert=expert, pk=publication_pk)
    publication_delete(actor=request.user, publication=publication)
    if is_fragment_request(request):
        return _render_publications(request, expert)
    messages.success(request, _("The publication was removed."))
    return redirect("experts:expert_detail", pk=expert.pk)


@login_required
def publications_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _changeable_expert(request, pk)
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = publications_import(
                actor=request.user,
                expert=expert,
                data=upload.read(),
                file_format=form.cleaned_data["file_format"],
                file_name=upload.name or "",
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            form = ImportForm()
    return render(request, "experts/import.html", {"form": form, "expert": expert, "report": report})


# --- Declarations ---------------------------------------------------------------------------------------


def _render_declarations(request: HttpRequest, expert: Expert, form: DeclarationForm | None = None) -> HttpResponse:
    context = {
        "expert": expert,
        "declarations": list(selectors.declarations_of(expert)),
        "can_change": True,
        "declaration_form": form or _declaration_form(request),
    }
    return render(request, "experts/_declarations.html", context)


@require_POST
@login_required
def declaration_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _changeable_expert(request, pk)
    form = _declaration_form(request, request.POST)
    if form.is_valid():
        try:
            declaration_add(actor=request.user, expert=expert, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if is_fragment_request(request):
                return _render_declarations(request, expert)
            messages.success(request, _("The declaration was recorded."))
            return redirect("experts:expert_detail", pk=expert.pk)
    if is_fragment_request(request):
        return _render_declarations(request, expert, form)
    return render(request, "experts/expert_detail.html", _detail_context(request, expert, declaration_form=form))


@require_POST
@login_required
def declaration_delete_view(request: HttpRequest, pk: int, declaration_pk: int) -> HttpResponse:
    expert = _changeable_expert(request, pk)
    declaration = get_object_or_404(Declaration, expert=expert, pk=declaration_pk)
    declaration_delete(actor=request.user, declaration=declaration)
    if is_fragment_request(request):
        return _render_declarations(request, expert)
    messages.success(request, _("The declaration was removed."))
    return redirect("experts:expert_detail", pk=expert.pk)
