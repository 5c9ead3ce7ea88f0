"""Pages of calls: the list (open calls first, with their times in zone time and the time left), a call's
page, and the form on which managers prepare a call with its parks, cost categories and rubric."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hetao.core.errors import Conflict, DomainError, FieldProblem
from hetao.core.views.helpers import paginate, render_list, require_perm
from hetao.programmes.domain import selectors
from hetao.programmes.domain.services import (
    CategoryTerms,
    CriterionTerms,
    ParkTerms,
    call_create,
    call_publication_problems,
    call_publish,
    call_start_review,
    call_update,
    proposal_create,
)
from hetao.programmes.enums import CallStatus
from hetao.programmes.forms import CallForm, CallParkFormSet, CostCategoryFormSet, CriterionFormSet
from hetao.programmes.models import Call, CallPark


def call_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.calls_for_listing(request.user))
    for call in page.object_list:
        call.is_open = selectors.call_is_open(call)
    context = {"page": page, "can_manage": request.user.has_perm("programmes.manage_calls")}
    return render_list(request, "programmes/call_list.html", "programmes/_call_rows.html", context)


def _visible_call(request: HttpRequest, pk: int) -> Call:
    qs = selectors.calls_visible_to(request.user).prefetch_related(
        Prefetch("parks", queryset=CallPark.objects.select_related("park")), "cost_categories", "criteria"
    )
    return get_object_or_404(qs, pk=pk)


def _render_detail(request: HttpRequest, call: Call, *, problems: list[FieldProblem] | None = None) -> HttpResponse:
    can_manage = request.user.has_perm("programmes.manage_calls")
    context: dict[str, Any] = {
        "call": call,
        "is_open": selectors.call_is_open(call),
        "review_started": selectors.call_review_started(call),
        "can_manage": can_manage,
        "can_apply": request.user.has_perm("programmes.apply"),
        "problems": problems or [],
        "missing": call_publication_problems(call) if can_manage and call.status == CallStatus.DRAFT else [],
    }
    if can_manage:
        context["proposal_count"] = selectors.proposals_for_review(call).count()
    return render(request, "programmes/call_detail.html", context)


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_call(request, pk))


def _formsets(request: HttpRequest, call: Call | None) -> tuple[BaseFormSet[Any], BaseFormSet[Any], BaseFormSet[Any]]:
    data = request.POST if request.method == "POST" else None
    if call is None:
        initial_parks: list[dict[str, Any]] = []
        initial_categories: list[dict[str, Any]] = []
        initial_criteria: list[dict[str, Any]] = []
    else:
        initial_parks = [
            {
                "park": cp.park_id,
                "share_percent": cp.share_percent,
                "budget": cp.budget,
                "max_per_project": cp.max_per_project,
                "lead_required": cp.lead_required,
            }
            for cp in call.parks.all()
        ]
        initial_categories = [
            {f: getattr(c, f) for f in ("code", "name_en", "name_hans", "name_hant", "cap_percent")}
            for c in call.cost_categories.all()
        ]
        initial_criteria = [
            {
                f: getattr(c, f)
                for f in ("code", "name_en", "name_hans", "name_hant", "weight", "scale_min", "scale_max", "stage")
            }
            for c in call.criteria.all()
        ]
    return (
        CallParkFormSet(data, prefix="parks", initial=initial_parks),
        CostCategoryFormSet(data, prefix="categories", initial=initial_categories),
        CriterionFormSet(data, prefix="criteria", initial=initial_criteria),
    )


def _filled(formset: BaseFormSet[Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The rows a person filled in (their index in the formset and their values); empty rows are ignored."""
    return [(i, f.cleaned_data) for i, f in enumerate(formset.forms) if f.cleaned_data.get(key)]


def _terms(
    parks: BaseFormSet[Any], categories: BaseFormSet[Any], criteria: BaseFormSet[Any]
) -> tuple[list[Any], list[Any], list[Any], dict[str, dict[int, int]]]:
    """Terms for the services, and for each section which formset row each term came from."""
    rows: dict[str, dict[int, int]] = {"parks": {}, "categories": {}, "criteria": {}}
    park_terms = []
    for n, (i, d) in enumerate(_filled(parks, "park")):
        rows["parks"][n] = i
        park_terms.append(
            ParkTerms(
                park=d["park"],
                share_percent=d.get("share_percent"),
                budget=d.get("budget"),
                max_per_project=d.get("max_per_project"),
                lead_required=bool(d.get("lead_required")),
            )
        )
    category_terms = []
    for n, (i, d) in enumerate(_filled(categories, "code")):
        rows["categories"][n] = i
        category_terms.append(
            CategoryTerms(
                code=d["code"],
                name_en=d.get("name_en") or "",
                name_hans=d.get("name_hans") or "",
                name_hant=d.get("name_hant") or "",
                cap_percent=d.get("cap_percent"),
            )
        )
    criterion_terms = []
    for n, (i, d) in enumerate(_filled(criteria, "code")):
        rows["criteria"][n] = i
        criterion_terms.append(
            CriterionTerms(
                code=d["code"],
                name_en=d.get("name_en") or "",
                name_hans=d.get("name_hans") or "",
                name_hant=d.get("name_hant") or "",
                weight=d.get("weight"),
                scale_min=d.get("scale_min") or 1,
                scale_max=d.get("scale_max") or 5,
                stage=d.get("stage") or 1,
            )
        )
    return park_terms, category_terms, criterion_terms, rows


def _place_problems(
    exc: DomainError,
    form: CallForm,
    formsets: dict[str, BaseFormSet[Any]],
    rows: dict[str, dict[int, int]],
) -> dict[str, list[str]]:
    """Put each problem next to its field: a call field, a row of a section, or the section itself."""
    section_errors: dict[str, list[str]] = {"parks": [], "categories": [], "criteria": []}
    for problem in exc.problems:
        name = problem.field or ""
        section, _dot, rest = name.partition(".")
        if section in formsets:
            index, _dot, field = rest.partition(".")
            row = rows[section].get(int(index)) if index.isdigit() else None
            target = formsets[section].forms[row] if row is not None else None
            if target is not None and field in target.fields:
                target.add_error(field, problem.message)
            else:
                section_errors[section].append(problem.message)
        elif name in form.fields and not form.fields[name].widget.is_hidden:
            form.add_error(name, problem.message)
        else:
            form.add_error(None, problem.message)
    return section_errors


def _call_form_page(request: HttpRequest, call: Call | None) -> HttpResponse:
    if request.method == "POST":
        form = CallForm(request.POST)
    else:
        form = CallForm(initial=CallForm.initial_for(call) if call else {"reference_currency": "CNY"})
    parks, categories, criteria = _formsets(request, call)
    section_errors: dict[str, list[str]] = {}
    if request.method == "POST":
        valid = all([form.is_valid(), parks.is_valid(), categories.is_valid(), criteria.is_valid()])
        if valid:
            park_terms, category_terms, criterion_terms, rows = _terms(parks, categories, criteria)
            try:
                if call is None:
                    saved = call_create(
                        actor=request.user,
                        parks=park_terms,
                        categories=category_terms,
                        criteria=criterion_terms,
                        **form.service_arguments(),
                    )
                else:
                    saved = call_update(
                        actor=request.user,
                        call=call,
                        expected_version=form.cleaned_data.get("version"),
                        parks=park_terms,
                        categories=category_terms,
                        criteria=criterion_terms,
                        **form.service_arguments(),
                    )
            except DomainError as exc:
                formsets = {"parks": parks, "categories": categories, "criteria": criteria}
                section_errors = _place_problems(exc, form, formsets, rows)
                if isinstance(exc, Conflict) and exc.code == "stale_version":
                    form.add_error(None, exc.message)
            else:
                messages.success(request, _("The call was saved."))
                return redirect("programmes:call_detail", pk=saved.pk)
    context = {
        "form": form,
        "call": call,
        "parks": parks,
        "categories": categories,
        "criteria": criteria,
        "section_errors": section_errors,
    }
    return render(request, "programmes/call_form.html", context)


@login_required
def call_create_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "programmes.manage_calls")
    return _call_form_page(request, None)


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "programmes.manage_calls")
    return _call_form_page(request, _visible_call(request, pk))


@require_POST
@login_required
def call_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "programmes.manage_calls")
    call = _visible_call(request, pk)
    try:
        call_publish(actor=request.user, call=call)
    except DomainError as exc:
        return _render_detail(request, call, problems=exc.problems)
    messages.success(request, _("The call is published."))
    return redirect("programmes:call_detail", pk=pk)


@require_POST
@login_required
def call_start_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "programmes.manage_calls")
    call = _visible_call(request, pk)
    try:
        call_start_review(actor=request.user, call=call)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The review has started; submitted proposals can no longer be withdrawn."))
    return redirect("programmes:call_detail", pk=pk)


@require_POST
@login_required
def proposal_start(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "programmes.apply")
    call = _visible_call(request, pk)
    try:
        proposal = proposal_create(actor=request.user, call=call)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("programmes:call_detail", pk=pk)
    messages.success(request, _("Proposal %(reference)s was started as a draft.") % {"reference": proposal.reference})
    return redirect("programmes:proposal_detail", pk=proposal.pk)
