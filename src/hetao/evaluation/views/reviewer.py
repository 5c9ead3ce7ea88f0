"""Pages of the reviewer portal: "my reviews", the review form beside the proposal and its attachments, and
declaring a conflict of interest. A reviewer reaches only the proposals assigned to them: any other proposal
answers 404, whether it exists or not."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hetao.core.errors import DomainError
from hetao.core.views.helpers import paginate, render_list
from hetao.evaluation.domain import selectors, services
from hetao.evaluation.enums import ReviewStatus
from hetao.evaluation.forms import DeclareForm, ReviewForm
from hetao.evaluation.models import Assignment
from hetao.programmes.models import Attachment, RubricCriterion


def _assignment(request: HttpRequest, proposal_id: int) -> Assignment:
    assignment = selectors.reviewer_assignment(request.user, proposal_id)
    if assignment is None:
        raise Http404
    return assignment


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.assignments_for_reviewer(request.user))
    return render_list(request, "evaluation/my_reviews.html", "evaluation/_my_review_rows.html", {"page": page})


def _initial(assignment: Assignment) -> dict[str, object]:
    review = selectors.review_of(assignment)
    if review is None:
        return {"version": None}
    initial: dict[str, object] = {
        "version": review.version,
        "comments": review.comments,
        "confidential_comments": review.confidential_comments,
    }
    for criterion_id, (score, comment) in selectors.review_scores(review).items():
        initial[f"score_{criterion_id}"] = score
        initial[f"comment_{criterion_id}"] = comment
    return initial


@login_required
def review(request: HttpRequest, proposal_id: int) -> HttpResponse:
    assignment = _assignment(request, proposal_id)
    proposal = assignment.proposal
    call = proposal.call
    criteria = list(RubricCriterion.objects.filter(call=call, stage=assignment.stage).order_by("order", "pk"))
    current = selectors.review_of(assignment)
    form = ReviewForm(request.POST or None, criteria=criteria, initial=_initial(assignment))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.review_save(
                    actor=request.user,
                    assignment=assignment,
                    version=form.cleaned_data["version"],
                    scores=form.scores(),
                    comments=form.cleaned_data["comments"],
                    confidential_comments=form.cleaned_data["confidential_comments"],
                    submit=submit,
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Your review is submitted. Thank you.") if submit else _("Draft saved."))
                return redirect("evaluation:review", proposal_id=proposal.pk)
        status = 400
    closed = call.review_deadline is not None and timezone.now() >= call.review_deadline
    context = {
        "assignment": assignment,
        "proposal": proposal,
        "call": call,
        "review": current,
        "submitted": current is not None and current.status == ReviewStatus.SUBMITTED,
        "closed": closed,
        "form": form,
        "attachments": Attachment.objects.filter(proposal=proposal).order_by("kind", "pk"),
        "declare_form": DeclareForm(),
        "scores": selectors.review_scores(current),
        "criteria": criteria,
    }
    return render(request, "evaluation/review.html", context, status=status)


@login_required
def declare_conflict(request: HttpRequest, proposal_id: int) -> HttpResponse:
    assignment = _assignment(request, proposal_id)
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_declare(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("Thank you. %(reference)s is off your list; the programme manager will assign another reviewer.")
                % {"reference": assignment.proposal.reference},
            )
            return redirect("evaluation:my_reviews")
    context = {"assignment": assignment, "proposal": assignment.proposal, "form": form}
    return render(request, "evaluation/declare.html", context, status=400 if request.method == "POST" else 200)


@login_required
def attachment(request: HttpRequest, proposal_id: int, pk: int) -> FileResponse:
    assignment = _assignment(request, proposal_id)
    found = Attachment.objects.filter(proposal_id=assignment.proposal_id, pk=pk).first()
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=False, filename=found.original_name)
