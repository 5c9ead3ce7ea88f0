"""Pages of proposals: the applicant's own list, and a proposal's page, where its applicants edit the draft
(sections for the team, the budget and the attachments are updated in place with htmx), submit it (every
eligibility failure is shown next to its field), and withdraw it. Anyone who may not see a proposal gets 404."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hetao.core.errors import DomainError, FieldProblem, ValidationFailed
from hetao.core.views.helpers import is_fragment_request, paginate, render_list, require_perm
from hetao.programmes.domain import selectors
from hetao.programmes.domain.services import (
    attachment_add,
    attachment_remove,
    budget_line_add,
    budget_line_remove,
    max_attachment_bytes,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
    team_member_add,
    team_member_remove,
)
from hetao.programmes.forms import AttachmentForm, BudgetLineForm, ProposalForm, TeamMemberForm
from hetao.programmes.models import Attachment, BudgetLine, Proposal, TeamMember
from hetao.zone.models import Organisation, Person

SECTIONS = ("team", "budget", "attachments")


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.my_proposals(request.user))
    return render_list(request, "programmes/proposal_list.html", "programmes/_proposal_rows.html", {"page": page})


def _visible(request: HttpRequest, pk: int) -> Proposal:
    qs = selectors.proposal_with_details(selectors.proposals_visible_to(request.user))
    return get_object_or_404(qs.prefetch_related("call__parks__park", "call__cost_categories"), pk=pk)


def _section_of(field: str | None) -> str:
    name = field or ""
    return name.split(".", 1)[0] if name.split(".", 1)[0] in SECTIONS else ""


def _context(
    request: HttpRequest,
    proposal: Proposal,
    *,
    form: ProposalForm | None = None,
    team_form: TeamMemberForm | None = None,
    budget_form: BudgetLineForm | None = None,
    attachment_form: AttachmentForm | None = None,
    problems: list[FieldProblem] | None = None,
) -> dict[str, Any]:
    user = request.user
    call = proposal.call
    can_edit = user.has_perm("programmes.change_proposal", proposal)
    is_applicant = user.has_perm("programmes.submit_proposal", proposal)
    years = selectors.project_years(proposal.duration_months) or selectors.project_years(call.max_duration_months) or 1
    by_section: dict[str, list[str]] = defaultdict(list)
    for problem in problems or []:
        section = _section_of(problem.field)
        if section:
            by_section[section].append(problem.message)
    if can_edit:
        form = form or ProposalForm(initial=ProposalForm.initial_for(proposal), call=call)
        team_form = team_form or TeamMemberForm(affiliations=selectors.current_affiliations_visible_to(user))
        budget_form = budget_form or BudgetLineForm(
            call=call, years=years, currencies=selectors.allowed_currencies(call)
        )
        attachment_form = attachment_form or AttachmentForm(max_mb=max_attachment_bytes() // (1024 * 1024))
    return {
        "proposal": proposal,
        "call": call,
        "can_edit": can_edit,
        "can_submit": can_edit and selectors.call_is_open(call),
        "can_withdraw": is_applicant and proposal.status == "submitted" and not selectors.call_review_started(call),
        "form": form if can_edit else None,
        "team_form": team_form if can_edit else None,
        "budget_form": budget_form if can_edit else None,
        "attachment_form": attachment_form if can_edit else None,
        "categories": selectors.budget_by_category(proposal),
        "by_currency": selectors.budget_by_currency(proposal),
        "total": selectors.proposal_total_in_reference(proposal),
        "problems": problems or [],
        "section_problems": dict(by_section),
    }


def _page(request: HttpRequest, proposal: Proposal, **kwargs: Any) -> HttpResponse:
    return render(request, "programmes/proposal_detail.html", _context(request, proposal, **kwargs))


def _section(request: HttpRequest, proposal: Proposal, name: str, **kwargs: Any) -> HttpResponse:
    """After a change in one section: that section alone for htmx, else the page it belongs to."""
    if is_fragment_request(request):
        fresh = _visible(request, proposal.pk)
        return render(request, f"programmes/_proposal_{name}.html", _context(request, fresh, **kwargs))
    if kwargs:
        return _page(request, _visible(request, proposal.pk), **kwargs)
    return redirect(f"{proposal_url(proposal)}#{name}")


def proposal_url(proposal: Proposal) -> str:
    from django.urls import reverse

    return reverse("programmes:proposal_detail", args=[proposal.pk])


@never_cache
@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible(request, pk)
    if request.method != "POST":
        return _page(request, proposal)
    require_perm(request, "programmes.change_proposal", proposal)
    form = ProposalForm(request.POST, call=proposal.call)
    if form.is_valid():
        try:
            proposal_update(
                actor=request.user,
                proposal=proposal,
                expected_version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("programmes:proposal_detail", pk=pk)
    return _page(request, proposal, form=form)


def _editable(request: HttpRequest, pk: int) -> Proposal:
    proposal = _visible(request, pk)
    require_perm(request, "programmes.change_proposal", proposal)
    return proposal


@require_POST
@login_required
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    form = TeamMemberForm(request.POST, affiliations=selectors.current_affiliations_visible_to(request.user))
    if form.is_valid():
        person_id, organisation_id = form.pair()
        try:
            team_member_add(
                actor=request.user,
                proposal=proposal,
                person=get_object_or_404(Person, pk=person_id),
                organisation=get_object_or_404(Organisation, pk=organisation_id),
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _section(request, proposal, "team")
    return _section(request, proposal, "team", team_form=form)


@require_POST
@login_required
def team_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    member = get_object_or_404(TeamMember.objects.select_related("proposal"), pk=member_pk, proposal=proposal)
    try:
        team_member_remove(actor=request.user, member=member)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _section(request, proposal, "team")


@require_POST
@login_required
def budget_add(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    call = proposal.call
    years = selectors.project_years(proposal.duration_months) or selectors.project_years(call.max_duration_months) or 1
    form = BudgetLineForm(request.POST, call=call, years=years, currencies=selectors.allowed_currencies(call))
    if form.is_valid():
        try:
            budget_line_add(actor=request.user, proposal=proposal, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _section(request, proposal, "budget")
    return _section(request, proposal, "budget", budget_form=form)


@require_POST
@login_required
def budget_remove(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    line = get_object_or_404(BudgetLine.objects.select_related("proposal", "category"), pk=line_pk, proposal=proposal)
    try:
        budget_line_remove(actor=request.user, line=line)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _section(request, proposal, "budget")


@require_POST
@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    form = AttachmentForm(request.POST, request.FILES, max_mb=max_attachment_bytes() // (1024 * 1024))
    limit = max_attachment_bytes()
    upload = form.cleaned_data.get("file") if form.is_valid() else None
    if upload is not None and upload.size > limit:
        form.add_error("file", _("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)})
    elif upload is not None:
        try:
            attachment_add(
                actor=request.user,
                proposal=proposal,
                kind=form.cleaned_data["kind"],
                data=upload.read(),
                file_name=upload.name or "",
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _section(request, proposal, "attachments")
    return _section(request, proposal, "attachments", attachment_form=form)


@require_POST
@login_required
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    attachment = get_object_or_404(Attachment.objects.select_related("proposal"), pk=attachment_pk, proposal=proposal)
    try:
        attachment_remove(actor=request.user, attachment=attachment)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _section(request, proposal, "attachments")


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    proposal = _visible(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, proposal=proposal)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/pdf",
    )


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible(request, pk)
    require_perm(request, "programmes.submit_proposal", proposal)
    try:
        proposal_submit(actor=request.user, proposal=proposal)
    except ValidationFailed as exc:
        # A bound copy of what is saved, so the problems can be put on its fields.
        saved = {f"proposal-{k}": v for k, v in ProposalForm.initial_for(proposal).items() if v is not None}
        form = ProposalForm(saved, call=proposal.call)
        form.is_valid()
        for problem in exc.problems:
            if problem.field in form.fields:
                form.add_error(problem.field, problem.message)
        return _page(request, proposal, form=form, problems=exc.problems)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("programmes:proposal_detail", pk=pk)
    messages.success(request, _("Proposal %(reference)s was submitted.") % {"reference": proposal.reference})
    return redirect("programmes:proposal_detail", pk=pk)


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible(request, pk)
    require_perm(request, "programmes.submit_proposal", proposal)
    try:
        proposal_withdraw(actor=request.user, proposal=proposal)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Proposal %(reference)s was withdrawn.") % {"reference": proposal.reference})
    return redirect("programmes:proposal_detail", pk=pk)
