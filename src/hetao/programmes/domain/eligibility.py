"""The call's eligibility rules, run on a proposal at submission. Every rule runs, so the applicant sees every
failure at once, each on the field it concerns (``team``, ``budget``, ``budget.<category code>``,
``attachments``, or a proposal field such as ``title_zh``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hetao.core.errors import FieldProblem, ProblemCollector
from hetao.core.i18n import format_money
from hetao.programmes.domain.selectors import exchange_rate, in_reference, is_affiliated, project_years
from hetao.programmes.enums import AttachmentKind, ProposalStatus, TeamRole
from hetao.programmes.models import BudgetLine, CallPark, CostCategory, Proposal, TeamMember
from hetao.zone.enums import OrganisationKind


def _percent(value: Decimal) -> str:
    """41.2 -> "41.2", 30.00 -> "30"."""
    return f"{value.normalize():f}"


def _text_rules(proposal: Proposal, collector: ProblemCollector) -> None:
    required = (
        ("title_en", _("An English title is required.")),
        ("title_zh", _("A Chinese title is required.")),
        ("abstract_en", _("An English abstract is required.")),
        ("abstract_zh", _("A Chinese abstract is required.")),
    )
    for name, message in required:
        if not str(getattr(proposal, name) or "").strip():
            collector.add(name, "required", message)
    if not proposal.keywords_en:
        collector.add("keywords_en", "required", _("At least one English keyword is required."))
    if not proposal.keywords_zh:
        collector.add("keywords_zh", "required", _("At least one Chinese keyword is required."))
    areas = list(proposal.call.key_areas or [])
    if areas and proposal.key_area not in areas:
        collector.add("key_area", "key_area", _("Choose one of the call's key areas."))
    call = proposal.call
    if not proposal.duration_months:
        collector.add("duration_months", "required", _("The duration is required."))
    elif proposal.duration_months > call.max_duration_months:
        collector.add(
            "duration_months",
            "duration_too_long",
            _("The duration is %(months)d months; the call allows at most %(max)d.")
            % {"months": proposal.duration_months, "max": call.max_duration_months},
        )


def _team_rules(proposal: Proposal, team: list[TeamMember], parks: list[CallPark], collector: ProblemCollector) -> None:
    call = proposal.call
    pis = [m for m in team if m.role == TeamRole.PRINCIPAL_INVESTIGATOR]
    required_parks = [p for p in parks if p.lead_required]
    if not pis and not required_parks:
        collector.add("team", "pi_required", _("A principal investigator is required."))
    for call_park in required_parks:
        if not any(m.organisation.park_id == call_park.park_id for m in pis):
            collector.add(
                "team",
                "pi_required_in_park",
                _("A principal investigator at an organisation in %(park)s is required.")
                % {"park": call_park.park.name},
            )
    allowed = list(call.allowed_organisation_kinds or [])
    seen_organisations: set[int] = set()
    for member in team:
        organisation = member.organisation
        if allowed and organisation.kind not in allowed and organisation.pk not in seen_organisations:
            seen_organisations.add(organisation.pk)
            collector.add(
                "team",
                "organisation_kind",
                _("%(organisation)s is of a kind the call does not accept (%(kind)s); it accepts: %(allowed)s.")
                % {
                    "organisation": organisation.name,
                    "kind": str(OrganisationKind(organisation.kind).label).lower(),
                    "allowed": ", ".join(str(OrganisationKind(k).label).lower() for k in allowed),
                },
            )
        if not is_affiliated(member.person_id, organisation.pk):
            collector.add(
                "team",
                "not_affiliated",
                _("%(person)s is no longer affiliated with %(organisation)s.")
                % {"person": member.person.name, "organisation": organisation.name},
            )
    limit = call.max_proposals_led_per_person
    if limit is not None and pis:
        led = dict(
            TeamMember.objects.filter(
                proposal__call=call,
                proposal__status__in=(ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW),
                role=TeamRole.PRINCIPAL_INVESTIGATOR,
                person_id__in=[m.person_id for m in pis],
            )
            .exclude(proposal=proposal)
            .values("person_id")
            .annotate(n=Count("proposal_id", distinct=True))
            .values_list("person_id", "n")
        )
        for member in pis:
            already = led.get(member.person_id, 0)
            if already + 1 > limit:
                collector.add(
                    "team",
                    "lead_limit",
                    _("%(person)s already leads %(count)d proposals in this call; the limit is %(limit)d.")
                    % {"person": member.person.name, "count": already, "limit": limit},
                )


def _budget_rules(
    proposal: Proposal,
    lines: list[BudgetLine],
    parks: list[CallPark],
    categories: list[CostCategory],
    collector: ProblemCollector,
) -> None:
    call = proposal.call
    if not lines:
        collector.add("budget", "budget_empty", _("The budget is empty."))
        return
    currencies = {p.currency for p in parks} | {call.reference_currency}
    years = project_years(proposal.duration_months) or project_years(call.max_duration_months) or 1
    convertible: list[BudgetLine] = []
    for index, line in enumerate(lines, start=1):
        if line.currency not in currencies or exchange_rate(call, line.currency) is None:
            collector.add(
                "budget",
                "currency_not_allowed",
                _("Line %(n)d is in %(currency)s, which this call does not fund.")
                % {"n": index, "currency": line.currency},
            )
            continue
        convertible.append(line)
        if line.year > years:
            collector.add(
                "budget",
                "year_beyond_duration",
                _("Line %(n)d is for year %(year)d, beyond the project's %(years)d years.")
                % {"n": index, "year": line.year, "years": years},
            )
    total = sum((in_reference(call, line.amount, line.currency) for line in convertible), Decimal(0))
    if call.max_budget is not None and total > call.max_budget:
        collector.add(
            "budget",
            "over_max_budget",
            _("The total, %(total)s, is over the call's maximum of %(max)s per project.")
            % {
                "total": format_money(total, call.reference_currency),
                "max": format_money(call.max_budget, call.reference_currency),
            },
        )
    for call_park in parks:
        if call_park.max_per_project is None:
            continue
        amount = sum((line.amount for line in convertible if line.currency == call_park.currency), Decimal(0))
        if amount > call_park.max_per_project:
            collector.add(
                "budget",
                "over_park_max",
                _("The amount requested from %(park)s, %(amount)s, is over its maximum of %(max)s per project.")
                % {
                    "park": call_park.park.name,
                    "amount": format_money(amount, call_park.currency),
                    "max": format_money(call_park.max_per_project, call_park.currency),
                },
            )
    if total <= 0:
        return
    for category in categories:
        if category.cap_percent is None:
            continue
        in_category = sum(
            (in_reference(call, line.amount, line.currency) for line in convertible if line.category_id == category.pk),
            Decimal(0),
        )
        share = in_category * 100 / total
        if share > category.cap_percent:
            collector.add(
                f"budget.{category.code}",
                "over_category_cap",
                _("%(category)s is %(share)s%% of the total; the call allows at most %(cap)s%%.")
                % {
                    "category": category.name,
                    "share": _percent(share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
                    "cap": _percent(category.cap_percent),
                },
            )


def _overdue_rules(submitter: Any, collector: ProblemCollector) -> None:
    """An investigator with an overdue project report may not submit a new proposal, where the report's
    programme says so."""
    # Imported here: the projects app builds on programmes, so a module-level import would be a cycle.
    from hetao.projects.domain.due import blocking_reports_for, report_label

    for report in blocking_reports_for(submitter, timezone.localdate()):
        collector.add(
            None,
            "overdue_report",
            _(
                "%(report)s of project %(reference)s was due on %(day)s and has not been submitted: submit it "
                "before a new proposal."
            )
            % {
                "report": capfirst(report_label(report)),
                "reference": report.project.reference,
                "day": formats.date_format(report.due_date, "DATE_FORMAT"),
            },
        )


def eligibility_problems(proposal: Proposal, *, submitter: Any = None) -> list[FieldProblem]:
    """Every way the proposal fails its call's rules, in the order of the form; empty when it is eligible.
    With ``submitter`` (the user submitting), their overdue project reports count too."""
    call = proposal.call
    parks = list(CallPark.objects.filter(call=call).select_related("park"))
    categories = list(CostCategory.objects.filter(call=call).order_by("order", "code"))
    team = list(
        TeamMember.objects.filter(proposal=proposal).select_related("person", "organisation").order_by("order", "pk")
    )
    lines = list(BudgetLine.objects.filter(proposal=proposal).order_by("year", "category__order", "pk"))
    collector = ProblemCollector()
    _text_rules(proposal, collector)
    _team_rules(proposal, team, parks, collector)
    _budget_rules(proposal, lines, parks, categories, collector)
    if not proposal.attachments.filter(kind=AttachmentKind.NARRATIVE).exists():
        collector.add("attachments", "narrative_required", _("A project narrative (PDF) is required."))
    if submitter is not None:
        _overdue_rules(submitter, collector)
    return collector.problems
