"""Pages of a call's evaluation for its programme managers: the pool, conflicts with their override form, the
assignment (run it, see its outcome or why none exists, the assigned pairs with their affinity, pinned and
forbidden pairs, reassignment after a release), the shortlist of a two-stage call's second stage (beside the
stage-1 ranking) and the history of runs. A call the user does not manage answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hetao.core.errors import DomainError
from hetao.core.views.helpers import paginate, render_list, require_perm
from hetao.evaluation.domain import selectors, services
from hetao.evaluation.enums import RunStatus
from hetao.evaluation.forms import (
    ManualAssignForm,
    OverrideForm,
    PairRuleForm,
    PoolAddForm,
    RunForm,
    ShortlistForm,
    ShortlistTopForm,
)
from hetao.evaluation.models import AssignmentRun, CallReviewer, Conflict, PairRule
from hetao.experts.models import Expert
from hetao.funding.domain import selectors as funding_selectors
from hetao.programmes.models import Call, Proposal

# The stage a two-stage call's shortlist is for (calls have one or two review stages).
SHORTLIST_STAGE = 2


def _call(request: HttpRequest, pk: int) -> Call:
    call = get_object_or_404(Call, pk=pk)
    if not request.user.has_perm("evaluation.manage_call", call):
        raise Http404
    return call


def _stage(request: HttpRequest, call: Call, name: str = "stage") -> int:
    """The stage the page is about (``name``: the field that carries it in a prefixed form); 1 if unknown."""
    try:
        stage = int(request.GET.get("stage") or request.POST.get(name) or 1)
    except ValueError:
        stage = 1
    return stage if 1 <= stage <= call.review_stages else 1


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "evaluation.manage_call")
    page = paginate(request, selectors.calls_managed_by(request.user).order_by("-opens_at", "code"))
    return render_list(request, "evaluation/call_list.html", "evaluation/_call_rows.html", {"page": page})


# --- Pool ------------------------------------------------------------------------------------------------


def _pool_form(call: Call, data: Any = None) -> PoolAddForm:
    taken = CallReviewer.objects.filter(call=call).values_list("expert_id", flat=True)
    experts = Expert.objects.filter(is_active=True).exclude(pk__in=taken).select_related("person")
    return PoolAddForm(data, experts=[(e.pk, str(e.person.name)) for e in experts])


@login_required
def pool(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    form = _pool_form(call, request.POST or None)
    if request.method == "POST" and form.is_valid():
        expert = get_object_or_404(Expert, pk=form.cleaned_data["expert"])
        try:
            services.callreviewer_add(
                actor=request.user,
                call=call,
                expert=expert,
                load_min=form.cleaned_data["load_min"],
                load_max=form.cleaned_data["load_max"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s is in the pool.") % {"name": expert.person.name})
            return redirect("evaluation:pool", pk=call.pk)
    rows = list(selectors.pool(call))
    return render(request, "evaluation/pool.html", {"call": call, "rows": rows, "form": form})


@login_required
@require_POST
def pool_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(CallReviewer.objects.select_related("call", "expert__person"), pk=pk)
    _call(request, row.call_id)
    try:
        services.callreviewer_remove(actor=request.user, call_reviewer=row)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s left the pool.") % {"name": row.expert.person.name})
    return redirect("evaluation:pool", pk=row.call_id)


# --- Conflicts -------------------------------------------------------------------------------------------


def _conflict_rows(call: Call, bound: OverrideForm | None = None) -> list[tuple[Conflict, list[str], Any]]:
    rows = []
    for conflict in selectors.conflicts_for_call(call):
        form = None
        if conflict.overridden_at is None:
            form = bound if bound is not None and bound.prefix == f"override-{conflict.pk}" else None
            form = form or OverrideForm(conflict_id=conflict.pk)
        rows.append((conflict, selectors.conflict_evidence(conflict), form))
    return rows


@login_required
def conflicts(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    return render(request, "evaluation/conflicts.html", {"call": call, "rows": _conflict_rows(call)})


@login_required
@require_POST
def conflicts_detect(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    report = services.conflicts_detect(actor=request.user, call=call)
    messages.success(
        request,
        _("Conflicts checked: %(created)d new, %(updated)d updated, %(removed)d no longer hold; %(total)d in all.")
        % {"created": report.created, "updated": report.updated, "removed": report.removed, "total": report.total},
    )
    return redirect("evaluation:conflicts", pk=call.pk)


@login_required
@require_POST
def conflict_override(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = get_object_or_404(Conflict.objects.select_related("proposal__call"), pk=pk)
    call = _call(request, conflict.proposal.call_id)
    form = OverrideForm(request.POST, conflict_id=conflict.pk)
    if form.is_valid():
        try:
            services.conflict_override(actor=request.user, conflict=conflict, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The conflict is overridden; it no longer blocks the pair."))
            return redirect(reverse("evaluation:conflicts", kwargs={"pk": call.pk}) + f"#conflict-{conflict.pk}")
    context = {"call": call, "rows": _conflict_rows(call, form)}
    return render(request, "evaluation/conflicts.html", context, status=400)


# --- Assignment ------------------------------------------------------------------------------------------


def _choices(call: Call, stage: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    proposals = [(p.pk, p.reference) for p in selectors.proposals_for_stage(call, stage)]
    experts = [(row.expert_id, str(row.expert.person.name)) for row in selectors.pool(call)]
    return proposals, experts


def _assignment_context(call: Call, stage: int, **forms: Any) -> dict[str, Any]:
    proposals, experts = _choices(call, stage)
    pairs = list(selectors.active_assignments(call, stage))
    by_proposal: dict[int, list[Any]] = {}
    for pair in pairs:
        by_proposal.setdefault(pair.proposal_id, []).append(pair)
    matrix = [(proposal, by_proposal.get(proposal.pk, [])) for proposal in selectors.proposals_for_stage(call, stage)]
    latest = selectors.runs_for_call(call).filter(stage=stage).first()
    return {
        "call": call,
        "stage": stage,
        "stages": list(range(1, call.review_stages + 1)),
        "has_shortlist": selectors.has_shortlist(call, stage),
        "latest": latest,
        "reasons": selectors.run_reasons(latest) if latest and latest.status == RunStatus.INFEASIBLE else [],
        "matrix": matrix,
        "rules": list(selectors.pair_rules_for_call(call, stage)),
        "released": list(selectors.released_assignments(call, stage)[:20]),
        "short": selectors.proposals_needing_reviewers(call, stage),
        "run_form": forms.get("run_form") or RunForm(initial={"stage": stage}),
        "rule_form": forms.get("rule_form")
        or PairRuleForm(proposals=proposals, experts=experts, initial={"stage": stage}),
        "manual_form": forms.get("manual_form")
        or ManualAssignForm(proposals=proposals, experts=experts, initial={"stage": stage}),
    }


@login_required
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    return render(request, "evaluation/assignment.html", _assignment_context(call, _stage(request, call)))


def _back(call: Call, stage: int) -> HttpResponse:
    return redirect(reverse("evaluation:assignment", kwargs={"pk": call.pk}) + f"?stage={stage}")


@login_required
@require_POST
def assignment_run(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    form = RunForm(request.POST)
    stage = _stage(request, call)
    if form.is_valid():
        try:
            run = services.assignment_run(
                actor=request.user, call=call, stage=form.cleaned_data["stage"], mode=form.cleaned_data["mode"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if run.status == RunStatus.SOLVED:
                messages.success(request, _("Assignment found and applied."))
            else:
                messages.warning(request, _("No assignment exists; the reasons are below."))
            return _back(call, run.stage)
    context = _assignment_context(call, stage, run_form=form)
    return render(request, "evaluation/assignment.html", context, status=400)


@login_required
@require_POST
def pair_rule_set(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    stage = _stage(request, call, "rule-stage")
    proposals, experts = _choices(call, stage)
    form = PairRuleForm(request.POST, proposals=proposals, experts=experts)
    if form.is_valid():
        data = form.cleaned_data
        proposal = selectors.proposals_for_review(call).get(pk=data["proposal"])
        expert = get_object_or_404(Expert, pk=data["expert"])
        try:
            services.pair_rule_set(
                actor=request.user,
                proposal=proposal,
                expert=expert,
                kind=data["kind"],
                reason=data["reason"],
                stage=data["stage"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The rule is saved; it applies from the next run."))
            return _back(call, data["stage"])
    return render(request, "evaluation/assignment.html", _assignment_context(call, stage, rule_form=form), status=400)


@login_required
@require_POST
def pair_rule_clear(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(PairRule.objects.select_related("proposal__call"), pk=pk)
    call = _call(request, rule.proposal.call_id)
    services.pair_rule_clear(actor=request.user, rule=rule)
    messages.success(request, _("The rule is removed."))
    return _back(call, rule.stage)


@login_required
@require_POST
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    stage = _stage(request, call, "manual-stage")
    proposals, experts = _choices(call, stage)
    form = ManualAssignForm(request.POST, proposals=proposals, experts=experts)
    if form.is_valid():
        data = form.cleaned_data
        proposal = selectors.proposals_for_review(call).get(pk=data["proposal"])
        expert = get_object_or_404(Expert, pk=data["expert"])
        try:
            services.assignment_add(actor=request.user, proposal=proposal, expert=expert, stage=data["stage"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The reviewer is assigned."))
            return _back(call, data["stage"])
    context = _assignment_context(call, stage, manual_form=form)
    return render(request, "evaluation/assignment.html", context, status=400)


# --- Shortlist -------------------------------------------------------------------------------------------


def _shortlist_call(request: HttpRequest, pk: int) -> Call:
    call = _call(request, pk)
    if not selectors.has_shortlist(call, SHORTLIST_STAGE):
        raise Http404
    return call


def _ranked_proposals(call: Call) -> tuple[list[Proposal], funding_selectors.Ranking]:
    """The proposals in review, best stage-1 rank first (those without one after, by reference), and the
    stage-1 ranking."""
    proposals = list(selectors.proposals_for_review(call))
    ranking = funding_selectors.ranking_compute(call, only=[p.pk for p in proposals], stage=1)
    order = {row.proposal.pk: n for n, row in enumerate(ranking.ranked)}
    proposals.sort(key=lambda p: (order.get(p.pk, len(order)), p.reference))
    return proposals, ranking


def _shortlist_context(
    call: Call,
    *,
    form: ShortlistForm | None = None,
    top_form: ShortlistTopForm | None = None,
    checked: set[int] | None = None,
) -> dict[str, Any]:
    """``checked``: the proposals to show ticked (what was posted); by default those on the shortlist."""
    proposals, ranking = _ranked_proposals(call)
    if checked is None:
        checked = {entry.proposal_id for entry in selectors.shortlist(call, SHORTLIST_STAGE)}
    started = selectors.proposals_with_started_review(call, SHORTLIST_STAGE)
    rows = [(p, ranking.by_proposal.get(p.pk), p.pk in checked, p.pk in started) for p in proposals]
    return {
        "call": call,
        "stage": SHORTLIST_STAGE,
        "rows": rows,
        "shortlisted": sum(1 for row in rows if row[2]),
        "form": form or ShortlistForm(),
        "top_form": top_form or ShortlistTopForm(),
    }


def _shortlist_saved(request: HttpRequest, call: Call, count: int) -> HttpResponse:
    message = ngettext(
        "The shortlist is saved: %(count)d proposal.", "The shortlist is saved: %(count)d proposals.", count
    )
    messages.success(request, message % {"count": count})
    return redirect("evaluation:shortlist", pk=call.pk)


@login_required
def shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposals in review beside their stage-1 rank, ticked when shortlisted for stage 2."""
    call = _shortlist_call(request, pk)
    if request.method != "POST":
        return render(request, "evaluation/shortlist.html", _shortlist_context(call))
    in_review = list(selectors.proposals_for_review(call))
    form = ShortlistForm(request.POST, proposals=[(p.pk, p.reference) for p in in_review])
    if form.is_valid():
        chosen = set(form.cleaned_data["proposals"])
        try:
            entries = services.shortlist_set(
                actor=request.user,
                call=call,
                stage=SHORTLIST_STAGE,
                proposals=[p for p in in_review if p.pk in chosen],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _shortlist_saved(request, call, len(entries))
    posted = {int(value) for value in request.POST.getlist("shortlist-proposals") if value.isdigit()}
    context = _shortlist_context(call, form=form, checked=posted)
    return render(request, "evaluation/shortlist.html", context, status=400)


@login_required
@require_POST
def shortlist_top(request: HttpRequest, pk: int) -> HttpResponse:
    """Shortlist the proposals ranked best in stage 1, as many as asked."""
    call = _shortlist_call(request, pk)
    form = ShortlistTopForm(request.POST)
    if form.is_valid():
        _proposals, ranking = _ranked_proposals(call)
        best = [row.proposal for row in ranking.ranked[: form.cleaned_data["count"]]]
        if not best:
            form.add_error(None, _("No proposal has a stage-1 rank yet: ranks need submitted stage-1 reviews."))
        else:
            try:
                entries = services.shortlist_set(actor=request.user, call=call, stage=SHORTLIST_STAGE, proposals=best)
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                return _shortlist_saved(request, call, len(entries))
    return render(request, "evaluation/shortlist.html", _shortlist_context(call, top_form=form), status=400)


# --- Runs ------------------------------------------------------------------------------------------------


@login_required
def run_list(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    page = paginate(request, selectors.runs_for_call(call))
    return render_list(request, "evaluation/run_list.html", "evaluation/_run_rows.html", {"call": call, "page": page})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(AssignmentRun.objects.select_related("call", "created_by"), pk=pk)
    call = _call(request, run.call_id)
    pairs = run.pairs.select_related("proposal", "expert__person").order_by("proposal__reference", "expert_id")
    context = {"call": call, "run": run, "reasons": selectors.run_reasons(run), "pairs": pairs}
    return render(request, "evaluation/run_detail.html", context)
