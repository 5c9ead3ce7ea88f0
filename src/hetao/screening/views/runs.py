"""Pages of screening: the screening form with its results, decisions on possible matches, and the history
of runs. Results come back as an htmx fragment; without JavaScript the pages work by redirects."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hetao.core.errors import DomainError
from hetao.core.views.helpers import is_fragment_request, paginate, render_list, require_perm
from hetao.screening.domain.selectors import results_visible_to, run_results, runs_visible_to
from hetao.screening.domain.services import screen_organisation, screen_person, screening_decide
from hetao.screening.enums import EntityKind
from hetao.screening.forms import DecisionForm, ScreenForm
from hetao.screening.models import ScreeningResult, ScreeningRun


def _rows(request: HttpRequest, run: ScreeningRun) -> list[tuple[ScreeningResult, DecisionForm | None]]:
    can_decide = request.user.has_perm("screening.decide")
    return [(r, DecisionForm(result_id=r.pk) if can_decide else None) for r in run_results(run)]


@login_required
def screen(request: HttpRequest) -> HttpResponse:
    require_perm(request, "screening.screen")
    form = ScreenForm(request.POST or None, initial={"kind": EntityKind.PERSON})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == EntityKind.ORGANISATION:
                run = screen_organisation(actor=request.user, name=data["name"], country=data["nationality"])
            else:
                run = screen_person(
                    actor=request.user,
                    name=data["name"],
                    birth_date=data["birth_date"],
                    nationality=data["nationality"],
                )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if is_fragment_request(request):
                response = render(request, "screening/_run_results.html", {"run": run, "rows": _rows(request, run)})
                response["HX-Push-Url"] = reverse("screening:run_detail", kwargs={"pk": run.pk})
                return response
            return redirect("screening:run_detail", pk=run.pk)
    template = "screening/_screen_form.html" if is_fragment_request(request) else "screening/screen.html"
    return render(request, template, {"form": form})


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "screening.view")
    page = paginate(request, runs_visible_to(request.user))
    return render_list(request, "screening/run_list.html", "screening/_run_rows.html", {"page": page})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    return render(request, "screening/run_detail.html", {"run": run, "rows": _rows(request, run)})


@login_required
def result_decide(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(results_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return redirect(reverse("screening:run_detail", kwargs={"pk": result.run_id}) + f"#result-{result.pk}")
    require_perm(request, "screening.decide")
    form = DecisionForm(request.POST, result_id=result.pk)
    if form.is_valid():
        try:
            screening_decide(
                actor=request.user,
                result=result,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if not is_fragment_request(request):
                return redirect(reverse("screening:run_detail", kwargs={"pk": result.run_id}) + f"#result-{result.pk}")
            result = run_results(result.run).get(pk=result.pk)
            form = DecisionForm(result_id=result.pk)
    if is_fragment_request(request):
        return render(request, "screening/_result_row.html", {"result": result, "decision_form": form})
    run = result.run
    rows = [(r, form if r.pk == result.pk else f) for r, f in _rows(request, run)]
    return render(request, "screening/run_detail.html", {"run": run, "rows": rows})
