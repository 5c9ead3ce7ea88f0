"""Pages of funding: a call's ranking (sortable with htmx), the funding round form, the proposed round with its
funding line, lottery and pool spend, confirmation, decisions, single decisions, letters and awards."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers

from hetao.core.errors import DomainError
from hetao.core.views.helpers import is_fragment_request
from hetao.funding.domain import selectors, services
from hetao.funding.forms import ConfirmForm, DecisionForm, RoundForm
from hetao.funding.models import Award, Decision, FundingRound
from hetao.programmes.models import Call, Proposal

SORTS = {
    "rank": lambda row: (row.rank, row.proposal.reference),
    "raw": lambda row: (-row.raw_mean, row.proposal.reference),
    "calibrated": lambda row: (-row.calibrated_mean, row.proposal.reference),
    "reference": lambda row: row.proposal.reference,
}


def _managed_call(request: HttpRequest, pk: int) -> Call:
    call = get_object_or_404(Call, pk=pk)
    if not request.user.has_perm("funding.manage_call", call):
        raise Http404
    return call


def _managed_round(request: HttpRequest, pk: int) -> FundingRound:
    funding_round = get_object_or_404(FundingRound.objects.select_related("call", "created_by"), pk=pk)
    if not request.user.has_perm("funding.manage_call", funding_round.call):
        raise Http404
    return funding_round


@login_required
def index(request: HttpRequest) -> HttpResponse:
    calls = selectors.calls_managed_by(request.user).order_by("-opens_at", "code")
    decisions = selectors.decisions_visible_to(request.user).filter(
        proposal__in=selectors.proposals_of_applicant(request.user)
    )
    return render(request, "funding/index.html", {"calls": calls, "own_decisions": decisions})


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    result = selectors.ranking_compute(call)
    sort = request.GET.get("sort", "rank")
    if sort not in SORTS:
        sort = "rank"
    rows = sorted(result.ranked, key=SORTS[sort])
    context: dict[str, Any] = {"call": call, "ranking": result, "rows": rows, "sort": sort}
    template = "funding/_ranking_rows.html" if is_fragment_request(request) else "funding/ranking.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def round_new(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    form = RoundForm(request.POST or None, initial={"method": "rank_order", "on_misfit": "stop"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            funding_round = services.funding_round_propose(
                actor=request.user,
                call=call,
                method=data["method"],
                lottery=data["lottery"],
                seed=data["seed"],
                on_misfit=data["on_misfit"],
                share_tolerance=data["share_tolerance"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect("funding:round_detail", pk=funding_round.pk)
    return render(request, "funding/round_form.html", {"call": call, "form": form})


def _round_context(funding_round: FundingRound, confirm_form: ConfirmForm | None = None) -> dict[str, Any]:
    result = funding_round.result
    line = result["funding_line"]
    return {
        "round": funding_round,
        "call": funding_round.call,
        "result": result,
        "rows": result["proposals"],
        "line_after": result["proposals"][line - 1]["reference"] if 0 < line <= len(result["proposals"]) else None,
        "confirm_form": confirm_form or ConfirmForm(initial={"version": funding_round.version}),
    }


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    funding_round = _managed_round(request, pk)
    return render(request, "funding/round_detail.html", _round_context(funding_round))


@login_required
def round_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    funding_round = _managed_round(request, pk)
    if request.method != "POST":
        return redirect("funding:round_detail", pk=pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.funding_round_confirm(
                actor=request.user, funding_round=funding_round, version=form.cleaned_data["version"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect("funding:decisions", pk=funding_round.call_id)
    funding_round.refresh_from_db()
    return render(request, "funding/round_detail.html", _round_context(funding_round, form), status=409)


@login_required
def decisions(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    rows = list(selectors.call_decisions(call).select_related("award"))
    undecided = Proposal.objects.filter(call=call, status__in=selectors.UNDECIDED, decision__isnull=True).order_by(
        "reference"
    )
    rounds = selectors.rounds_of(call)
    return render(
        request,
        "funding/decisions.html",
        {"call": call, "decisions": rows, "undecided": undecided, "rounds": rounds},
    )


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("call"), pk=pk)
    if not request.user.has_perm("funding.manage_call", proposal.call):
        raise Http404
    form = DecisionForm(request.POST or None, initial={"version": proposal.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_set(
                actor=request.user,
                proposal=proposal,
                outcome=data["outcome"],
                version=data["version"],
                reason=data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect("funding:decisions", pk=proposal.call_id)
    return render(request, "funding/decide.html", {"proposal": proposal, "call": proposal.call, "form": form})


def _visible_decision(request: HttpRequest, pk: int) -> Decision:
    decision = selectors.decisions_visible_to(request.user).filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _visible_decision(request, pk)
    found = selectors.latest_letter(decision)
    if found is None:
        raise Http404
    return render(request, "funding/letter.html", {"decision": decision, "letter": found})


@login_required
def award(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Award.objects.select_related("proposal", "proposal__call", "decision"), pk=pk)
    _visible_decision(request, found.decision_id)
    lines = list(selectors.award_lines(found))
    return render(
        request,
        "funding/award.html",
        {"award": found, "lines": lines, "totals": selectors.award_totals(lines)},
    )
