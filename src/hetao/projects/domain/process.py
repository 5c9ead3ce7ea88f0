"""The process of a project: milestones and deliverables, progress and final reports, amendments (no-cost
extension, budget revision, team change) and the final acceptance that closes it.

Every service locks the open project first (``lock_open_project``: a closed project refuses every change with
``project_closed``, and two changes to one project take turns), checks who may act, lists every problem with
the input field by field before changing anything, and appends its event to the audit ledger in the same
transaction. Records that are decided carry a ``version``: a decision taken on a version that is no longer
current is refused (``stale_version``), and one taken twice answers ``already_decided``."""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError, PermissionDenied, ProblemCollector, full_clean
from hetao.core.files import NotAPdf, check_pdf, check_upload_size, upload_name
from hetao.core.i18n import format_money
from hetao.programmes.models import CostCategory
from hetao.projects.domain import access, selectors
from hetao.projects.domain.common import actor_user, lock_lines, lock_open_project, require_manager, require_worker
from hetao.projects.domain.dates import project_year
from hetao.projects.domain.due import report_label
from hetao.projects.domain.projects import schedule_reports
from hetao.projects.enums import (
    AcceptanceOutcome,
    AmendmentKind,
    AmendmentStatus,
    DisbursementCondition,
    DisbursementStatus,
    MemberRole,
    MilestoneKind,
    ProjectStatus,
    ReportKind,
    ReportStatus,
)
from hetao.projects.models import (
    Acceptance,
    Amendment,
    BudgetLine,
    Disbursement,
    Milestone,
    Project,
    ProjectMember,
    Report,
)
from hetao.zone.models import Organisation, Person

CENT = Decimal("0.01")
DEFAULT_MAX_STATEMENT_MB = 10
TITLE_MAX = 300


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise Conflict("stale_version", _("This has changed since you read it; reload the page and try again."))


def _require_worker_or_manager(user: Any, project: Project) -> None:
    if not (access.may_work_on_project(user, project) or access.may_manage_project(user, project)):
        raise PermissionDenied(
            "forbidden", _("Only the project's investigators and finance officers, or its managers, may do this.")
        )


# --- Milestones and deliverables -------------------------------------------------------------------------


def _milestone_problems(
    project: Project, *, kind: str, title: str, due_date: date | None, collector: ProblemCollector
) -> None:
    if kind not in MilestoneKind.values:
        collector.add("kind", "invalid", _("Choose a milestone or a deliverable."))
    if not title:
        collector.add("title", "required", _("Give the milestone a title."))
    elif len(title) > TITLE_MAX:
        collector.add("title", "too_long", _("The title is longer than %(max)d characters.") % {"max": TITLE_MAX})
    if due_date is None:
        collector.add("due_date", "required", _("Give the due date."))
    elif not project.start_date <= due_date <= project.end_date:
        collector.add(
            "due_date",
            "outside_project",
            _("The due date must fall within the project, from %(start)s to %(end)s.")
            % {"start": _day(project.start_date), "end": _day(project.end_date)},
        )


def milestone_add(
    *,
    actor: object | None,
    project: Project,
    kind: str = MilestoneKind.MILESTONE,
    title: str,
    description: str = "",
    due_date: date | None,
) -> Milestone:
    """A milestone or deliverable of the project, due within its dates. Investigators, finance officers and
    managers may add one."""
    user = actor_user(actor)
    title, description = (title or "").strip(), (description or "").strip()
    with transaction.atomic():
        current = lock_open_project(project)
        _require_worker_or_manager(user, current)
        collector = ProblemCollector()
        _milestone_problems(current, kind=kind, title=title, due_date=due_date, collector=collector)
        collector.raise_if_any()
        assert due_date is not None  # noqa: S101 - the collector raised otherwise
        milestone = Milestone(project=current, kind=kind, title=title, description=description, due_date=due_date)
        full_clean(milestone)
        milestone.save()
        audit_append(
            actor=actor,
            action="project.milestone_add",
            obj=current,
            payload={"milestone": milestone.pk, "kind": kind, "title": title, "due": milestone.due_date.isoformat()},
        )
    return milestone


MILESTONE_FIELDS = ("kind", "title", "description", "due_date")


def milestone_update(*, actor: object | None, milestone: Milestone, **changes: Any) -> Milestone:
    """Change a milestone's kind, title, description or due date (still within the project's dates)."""
    unknown = set(changes) - set(MILESTONE_FIELDS)
    if unknown:
        raise TypeError(f"milestone_update got unknown fields: {sorted(unknown)}")
    user = actor_user(actor)
    with transaction.atomic():
        current_project = lock_open_project(milestone.project)
        _require_worker_or_manager(user, current_project)
        current = Milestone.objects.select_for_update().get(pk=milestone.pk)
        before = {name: getattr(current, name) for name in MILESTONE_FIELDS}
        for name, value in changes.items():
            setattr(current, name, value.strip() if isinstance(value, str) and name != "kind" else value)
        collector = ProblemCollector()
        _milestone_problems(
            current_project, kind=current.kind, title=current.title, due_date=current.due_date, collector=collector
        )
        collector.raise_if_any()
        changed = {name: getattr(current, name) for name in MILESTONE_FIELDS if getattr(current, name) != before[name]}
        if not changed:
            return current
        full_clean(current, exclude=["project"])
        current.save(update_fields=[*changed, "updated_at"])
        audit_append(
            actor=actor,
            action="project.milestone_update",
            obj=current_project,
            payload={
                "milestone": current.pk,
                "changes": {
                    name: [str(before[name]), str(value)] if isinstance(value, date) else [before[name], value]
                    for name, value in changed.items()
                },
            },
        )
    return current


def milestone_done(*, actor: object | None, milestone: Milestone, done_on: date | None) -> Milestone:
    """Record that a milestone was reached on ``done_on`` (not before the project's start, not in the future).
    A milestone is reached once (``already_done``)."""
    user = actor_user(actor)
    with transaction.atomic():
        current_project = lock_open_project(milestone.project)
        _require_worker_or_manager(user, current_project)
        current = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if current.done_on is not None:
            raise Conflict(
                "already_done",
                _("%(title)s was already reached on %(day)s.") % {"title": current.title, "day": _day(current.done_on)},
            )
        today = timezone.localdate()
        if done_on is None:
            raise DomainError("required", _("Give the date it was reached."), field="done_on")
        if not current_project.start_date <= done_on <= today:
            raise DomainError(
                "invalid_date",
                _("The date must be between the project's start (%(start)s) and today.")
                % {"start": _day(current_project.start_date)},
                field="done_on",
            )
        current.done_on = done_on
        current.save(update_fields=["done_on", "updated_at"])
        audit_append(
            actor=actor,
            action="project.milestone_done",
            obj=current_project,
            payload={"milestone": current.pk, "title": current.title, "done_on": done_on.isoformat()},
        )
    return current


# --- Reports ---------------------------------------------------------------------------------------------


def report_opens_on(report: Report, project: Project) -> date:
    """The first day a report may be submitted: the end of its period for a progress report, the project's end
    date for the final report."""
    return project.end_date if report.kind == ReportKind.FINAL else report.period_end


def _lock_report(report: Report) -> tuple[Project, Report]:
    project = lock_open_project(report.project)
    current = Report.objects.select_for_update().get(pk=report.pk)
    current.project = project
    return project, current


def report_submit(*, actor: object | None, report: Report, narrative: str, expected_version: int | None) -> Report:
    """Submit a due or returned report: the narrative, and the financial statement as it stands now, frozen
    into the report. Investigators and finance officers may, from the end of the report's period (a final
    report: from the project's end date)."""
    user = actor_user(actor)
    narrative = (narrative or "").strip()
    with transaction.atomic():
        project, current = _lock_report(report)
        require_worker(user, project)
        if current.status == ReportStatus.SUBMITTED:
            raise Conflict(
                "already_submitted",
                _("%(report)s has already been submitted.") % {"report": capfirst(report_label(current))},
            )
        if current.status == ReportStatus.APPROVED:
            raise Conflict(
                "already_decided",
                _("%(report)s has already been approved.") % {"report": capfirst(report_label(current))},
            )
        _check_version(current.version, expected_version)
        collector = ProblemCollector()
        if not narrative:
            collector.add("narrative", "required", _("Write the report's narrative."))
        opens = report_opens_on(current, project)
        if timezone.localdate() < opens:
            collector.add(
                None,
                "too_early",
                _("%(report)s can be submitted from %(day)s.")
                % {"report": capfirst(report_label(current)), "day": _day(opens)},
            )
        collector.raise_if_any()
        resubmitted = current.status == ReportStatus.RETURNED
        current.narrative = narrative
        current.statement = selectors.financial_statement(project).as_json()
        current.status = ReportStatus.SUBMITTED
        current.submitted_at = timezone.now()
        current.submitted_by = user
        current.version += 1
        full_clean(current, exclude=["project", "submitted_by", "decided_by"])
        current.save(
            update_fields=["narrative", "statement", "status", "submitted_at", "submitted_by", "version", "updated_at"]
        )
        audit_append(
            actor=actor,
            action="project.report_submit",
            obj=current,
            payload={
                "project": project.reference,
                "kind": current.kind,
                "number": current.number,
                "resubmitted": resubmitted,
                "totals": current.statement.get("totals", []),
            },
        )
    return current


def _release(
    rows: Iterable[Disbursement], *, user: Any, status: str = DisbursementStatus.RELEASED
) -> list[list[object]]:
    """Release (or cancel) the given scheduled disbursements; what was done, for the ledger."""
    now = timezone.now()
    done: list[list[object]] = []
    for row in rows:
        row.status = status
        if status == DisbursementStatus.RELEASED:
            row.released_at = now
            row.released_by = user
        row.save(update_fields=["status", "released_at", "released_by", "updated_at"])
        done.append([row.source_id, row.number, str(row.amount), row.currency])
    return done


def report_decide(
    *, actor: object | None, report: Report, approve: bool, comments: str, expected_version: int | None
) -> Report:
    """A manager approves a submitted report, or returns it with comments for the investigators to resubmit.

    Approving progress report k releases the instalments that wait for it; approving the final report moves the
    project to final acceptance. A report is decided once per submission: approving it again answers
    ``already_decided``."""
    user = actor_user(actor)
    comments = (comments or "").strip()
    with transaction.atomic():
        project, current = _lock_report(report)
        require_manager(user, project)
        if current.status == ReportStatus.APPROVED:
            raise Conflict(
                "already_decided",
                _("%(report)s has already been approved.") % {"report": capfirst(report_label(current))},
            )
        if current.status != ReportStatus.SUBMITTED:
            raise Conflict(
                "not_submitted",
                _("%(report)s is not submitted, so there is nothing to decide.")
                % {"report": capfirst(report_label(current))},
            )
        _check_version(current.version, expected_version)
        if not approve and not comments:
            raise DomainError("required", _("Say what has to change before the report is returned."), field="comments")
        current.status = ReportStatus.APPROVED if approve else ReportStatus.RETURNED
        current.decided_at = timezone.now()
        current.decided_by = user
        current.comments = comments
        current.version += 1
        current.save(update_fields=["status", "decided_at", "decided_by", "comments", "version", "updated_at"])
        released: list[list[object]] = []
        if approve and current.kind == ReportKind.PROGRESS:
            waiting = Disbursement.objects.select_for_update().filter(
                project=project,
                condition=DisbursementCondition.REPORT_APPROVED,
                report_number=current.number,
                status=DisbursementStatus.SCHEDULED,
            )
            released = _release(waiting.order_by("pk"), user=user)
        if approve and current.kind == ReportKind.FINAL:
            project.status = ProjectStatus.IN_ACCEPTANCE
            project.version += 1
            project.save(update_fields=["status", "version", "updated_at"])
        audit_append(
            actor=actor,
            action="project.report_approve" if approve else "project.report_return",
            obj=current,
            payload={
                "project": project.reference,
                "kind": current.kind,
                "number": current.number,
                "comments": comments,
                "released": released,
                "project_status": project.status,
            },
        )
    return current


# --- Amendments ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineChange:
    """One line of a budget revision: an existing line (``line``) or a new one, and its new amount."""

    line: BudgetLine | None
    category: CostCategory
    year: int
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class Addition:
    person: Person
    organisation: Organisation | None
    role: str


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _as_amount(value: object) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount != amount.quantize(CENT):
        return None
    return amount


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _extension_problems(project: Project, payload: Mapping[str, Any], collector: ProblemCollector) -> date | None:
    new_end = _as_date(payload.get("new_end_date")) if payload.get("new_end_date") not in (None, "") else None
    if new_end is None:
        collector.add("new_end_date", "required", _("Give the new end date (YYYY-MM-DD)."))
        return None
    if new_end <= project.end_date:
        collector.add(
            "new_end_date",
            "not_later",
            _("The new end date must be after the current one, %(end)s.") % {"end": _day(project.end_date)},
        )
    if new_end <= timezone.localdate():
        collector.add("new_end_date", "in_the_past", _("The new end date must be in the future."))
    final = Report.objects.filter(project=project, kind=ReportKind.FINAL).first()
    if final is not None and final.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        collector.add(
            None, "final_report_submitted", _("The final report has been submitted: the project cannot be extended.")
        )
    return new_end


@dataclass(frozen=True)
class _Lines:
    """The project's lines and what a new line may be, for parsing a budget revision."""

    lines: Mapping[int, BudgetLine]
    categories: dict[str, CostCategory]
    by_id: dict[int, CostCategory]
    by_key: dict[tuple[int, int, str], BudgetLine]
    years: int
    currencies: set[str]

    @classmethod
    def of(cls, project: Project, lines: Mapping[int, BudgetLine]) -> _Lines:
        categories = {c.code: c for c in CostCategory.objects.filter(call_id=project.call_id)}
        return cls(
            lines=lines,
            categories=categories,
            by_id={c.pk: c for c in categories.values()},
            by_key={(line.category_id, line.year, line.currency): line for line in lines.values()},
            years=project_year(project.start_date, project.end_date),
            currencies={line.currency for line in lines.values()},
        )


def _new_line_key(
    known: _Lines, entry: Mapping[str, Any], where: str, collector: ProblemCollector
) -> tuple[CostCategory, int, str] | None:
    category = known.categories.get(str(entry.get("category") or ""))
    year = _as_int(entry.get("year"))
    currency = str(entry.get("currency") or "")
    if category is None:
        collector.add(f"{where}.category", "unknown_category", _("Choose a cost category of the programme."))
    if year is None or not 1 <= year <= known.years:
        collector.add(
            f"{where}.year", "invalid_year", _("Choose a project year from 1 to %(years)d.") % {"years": known.years}
        )
        year = None
    if currency not in known.currencies:
        collector.add(
            f"{where}.currency",
            "invalid_currency",
            _("Choose a currency the project is funded in: %(currencies)s.")
            % {"currencies": ", ".join(sorted(known.currencies))},
        )
    if category is None or year is None or currency not in known.currencies:
        return None
    return category, year, currency


def _line_change(known: _Lines, entry: object, where: str, collector: ProblemCollector) -> LineChange | None:
    """One entry of a revision, checked: an existing line by id, or a new one by category, year and currency
    (which is the existing line when there is one)."""
    if not isinstance(entry, Mapping):
        collector.add(where, "invalid", _("Each change names a line and its new amount."))
        return None
    amount = _as_amount(entry.get("amount"))
    if amount is None or amount < 0:
        collector.add(f"{where}.amount", "invalid", _("Enter an amount of zero or more, to the cent."))
        amount = None
    if entry.get("line") not in (None, ""):
        line = known.lines.get(_as_int(entry.get("line")) or 0)
        if line is None:
            collector.add(f"{where}.line", "unknown_line", _("There is no such budget line in this project."))
            return None
        key = (known.by_id[line.category_id], line.year, line.currency)
    else:
        found = _new_line_key(known, entry, where, collector)
        if found is None:
            return None
        key = found
        line = known.by_key.get((key[0].pk, key[1], key[2]))
    category, year, currency = key
    if amount is None:
        return None
    if line is not None and amount < line.spent:
        collector.add(
            f"{where}.amount",
            "below_spent",
            _("The %(category)s line of year %(year)d has already spent %(spent)s: its budget cannot be less.")
            % {"category": category.name, "year": year, "spent": format_money(line.spent, currency)},
        )
        return None
    return LineChange(line=line, category=category, year=year, currency=currency, amount=amount)


def _revision_totals(changes: list[LineChange], lines: Mapping[int, BudgetLine], collector: ProblemCollector) -> None:
    """Per currency, the total after the revision must be the total before it."""
    before: dict[str, Decimal] = defaultdict(Decimal)
    after: dict[str, Decimal] = defaultdict(Decimal)
    changed = {c.line.pk: c.amount for c in changes if c.line is not None}
    for line in lines.values():
        before[line.currency] += line.amount
        after[line.currency] += changed.get(line.pk, line.amount)
    for change in changes:
        if change.line is None:
            after[change.currency] += change.amount
    for currency in sorted(set(before) | set(after)):
        if before[currency] != after[currency]:
            collector.add(
                "lines",
                "total_changed",
                _(
                    "The %(currency)s total would change from %(before)s to %(after)s: a revision moves money "
                    "between lines, it does not add or remove any."
                )
                % {
                    "currency": currency,
                    "before": format_money(before[currency], currency),
                    "after": format_money(after[currency], currency),
                },
            )


def _revision_changes(
    project: Project, entries: object, lines: Mapping[int, BudgetLine], collector: ProblemCollector
) -> list[LineChange]:
    """Parse and check a budget revision against the lines as they are now: each amount to the cent, not below
    what the line has spent; new lines in a category of the call, a year of the project and a currency it is
    funded in; and, per currency, the same total as now (a revision moves money, it adds none)."""
    if not isinstance(entries, list) or not entries:
        collector.add("lines", "required", _("Give at least one line with its new amount."))
        return []
    known = _Lines.of(project, lines)
    already = len(collector.problems)
    changes: list[LineChange] = []
    seen: set[tuple[int, int, str]] = set()
    for index, entry in enumerate(entries):
        change = _line_change(known, entry, f"lines.{index}", collector)
        if change is None:
            continue
        key = (change.category.pk, change.year, change.currency)
        if key in seen:
            collector.add(f"lines.{index}", "duplicate_line", _("This line is changed twice; give each line once."))
            continue
        seen.add(key)
        changes.append(change)
    if len(collector.problems) > already:
        return changes
    if not any(c.line is None or c.amount != c.line.amount for c in changes):
        collector.add("lines", "no_change", _("The revision changes no amount."))
        return changes
    _revision_totals(changes, lines, collector)
    return changes


def _removals(
    active: Mapping[int, ProjectMember], remove: list[Any], collector: ProblemCollector
) -> list[ProjectMember]:
    removed: list[ProjectMember] = []
    for index, value in enumerate(remove):
        member = active.get(_as_int(value) or 0)
        if member is None:
            collector.add(f"remove.{index}", "unknown_member", _("There is no such active member of this team."))
        elif member not in removed:
            removed.append(member)
    return removed


def _addition(entry: object, where: str, taken: set[tuple[int, str]], collector: ProblemCollector) -> Addition | None:
    if not isinstance(entry, Mapping):
        collector.add(where, "invalid", _("Each person added needs a person, an organisation and a role."))
        return None
    person = Person.objects.filter(pk=_as_int(entry.get("person")) or 0).first()
    if person is None:
        collector.add(f"{where}.person", "unknown_person", _("There is no such person in the directory."))
    organisation = None
    if entry.get("organisation") not in (None, ""):
        organisation = Organisation.objects.filter(pk=_as_int(entry.get("organisation")) or 0).first()
        if organisation is None:
            collector.add(
                f"{where}.organisation", "unknown_organisation", _("There is no such organisation in the directory.")
            )
    role = str(entry.get("role") or "")
    if role not in MemberRole.values:
        collector.add(f"{where}.role", "invalid_role", _("Choose the person's role on the project."))
        return None
    if person is None:
        return None
    if (person.pk, role) in taken:
        collector.add(
            where, "already_member", _("%(name)s is already on the team in this role.") % {"name": person.name}
        )
        return None
    taken.add((person.pk, role))
    return Addition(person=person, organisation=organisation, role=role)


def _team_changes(
    project: Project, add: object, remove: object, collector: ProblemCollector
) -> tuple[list[Addition], list[ProjectMember]]:
    """Parse and check a team change against the team as it is now: people and organisations that exist, roles
    of a project, members of this project to remove, and a principal investigator left at the end (with an
    account when the lead's own place is taken away)."""
    add = [] if add is None else add
    remove = [] if remove is None else remove
    if not isinstance(add, list) or not isinstance(remove, list):
        collector.add(None, "invalid", _("List the people to add and the members to remove."))
        return [], []
    if not add and not remove:
        collector.add(None, "no_change", _("Add someone to the team or remove a member."))
        return [], []
    active = {m.pk: m for m in ProjectMember.objects.filter(project=project, active=True).select_related("person")}
    already = len(collector.problems)
    removed = _removals(active, remove, collector)
    removed_ids = {m.pk for m in removed}
    taken = {(m.person_id, m.role) for m in active.values() if m.pk not in removed_ids}
    additions = [
        found
        for index, entry in enumerate(add)
        if (found := _addition(entry, f"add.{index}", taken, collector)) is not None
    ]
    if len(collector.problems) > already:
        return additions, removed
    pis_left = [
        m.person for m in active.values() if m.role == MemberRole.PRINCIPAL_INVESTIGATOR and m.pk not in removed_ids
    ] + [a.person for a in additions if a.role == MemberRole.PRINCIPAL_INVESTIGATOR]
    if not pis_left:
        collector.add(
            "remove", "pi_required", _("The principal investigator can only be removed when another one is added.")
        )
    elif _lead_removed(project, removed) and not any(p.user_id for p in pis_left):
        collector.add(
            "add", "lead_needs_account", _("The new principal investigator needs a user account to lead the project.")
        )
    return additions, removed


def _lead_removed(project: Project, removed: Iterable[ProjectMember]) -> bool:
    return any(m.role == MemberRole.PRINCIPAL_INVESTIGATOR and m.person.user_id == project.lead_id for m in removed)


def _validate(
    project: Project,
    kind: str,
    payload: Mapping[str, Any],
    collector: ProblemCollector,
    lines: Mapping[int, BudgetLine],
) -> tuple[date | None, list[LineChange], tuple[list[Addition], list[ProjectMember]]]:
    new_end: date | None = None
    changes: list[LineChange] = []
    team: tuple[list[Addition], list[ProjectMember]] = ([], [])
    if kind == AmendmentKind.EXTENSION:
        new_end = _extension_problems(project, payload, collector)
    elif kind == AmendmentKind.BUDGET_REVISION:
        changes = _revision_changes(project, payload.get("lines"), lines, collector)
    elif kind == AmendmentKind.TEAM_CHANGE:
        team = _team_changes(project, payload.get("add"), payload.get("remove"), collector)
    return new_end, changes, team


_CHANGE_KEYS: dict[str, set[str]] = {
    AmendmentKind.EXTENSION: {"new_end_date"},
    AmendmentKind.BUDGET_REVISION: {"lines"},
    AmendmentKind.TEAM_CHANGE: {"add", "remove"},
}


def _payload(
    project: Project,
    kind: str,
    new_end: date | None,
    changes: list[LineChange],
    team: tuple[list[Addition], list[ProjectMember]],
) -> dict[str, Any]:
    """The change as stored on the amendment (JSON): what was asked, and what it replaces, for the reader."""
    if new_end is not None:  # an extension
        return {"new_end_date": new_end.isoformat(), "end_date": project.end_date.isoformat()}
    if kind == AmendmentKind.BUDGET_REVISION:
        return {
            "lines": [
                {
                    "line": c.line.pk if c.line is not None else None,
                    "category": c.category.code,
                    "year": c.year,
                    "currency": c.currency,
                    "amount": str(c.amount.quantize(CENT)),
                    "was": str(c.line.amount) if c.line is not None else None,
                }
                for c in changes
            ]
        }
    additions, removed = team
    return {
        "add": [
            {
                "person": a.person.pk,
                "organisation": a.organisation.pk if a.organisation is not None else None,
                "role": a.role,
            }
            for a in additions
        ],
        "remove": [m.pk for m in removed],
    }


def amendment_request(*, actor: object | None, project: Project, kind: str, reason: str, **change: Any) -> Amendment:
    """Ask for a change to the project, applied only when a manager approves it. ``change`` per kind:

    - ``extension``: ``new_end_date`` (a date after the current end date and after today; no-cost: the budget
      stays as it is);
    - ``budget_revision``: ``lines``, a list of ``{"line": id, "amount": ...}`` or, for a new line,
      ``{"category": code, "year": n, "currency": "CNY", "amount": ...}``; no amount below what its line has
      spent, and each currency's total unchanged;
    - ``team_change``: ``add``, a list of ``{"person": id, "organisation": id or None, "role": ...}``, and
      ``remove``, a list of member ids; a principal investigator must remain.
    """
    user = actor_user(actor)
    reason = (reason or "").strip()
    collector = ProblemCollector()
    if kind not in AmendmentKind.values:
        collector.add("kind", "invalid", _("Choose the kind of amendment."))
        collector.raise_if_any()
    unknown = set(change) - _CHANGE_KEYS[kind]
    if unknown:
        raise TypeError(f"amendment_request({kind}) got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        current = lock_open_project(project)
        require_worker(user, current)
        if not reason:
            collector.add("reason", "required", _("Give the reason for the amendment."))
        lines = {line.pk: line for line in BudgetLine.objects.filter(project=current)}
        new_end, changes, team = _validate(current, kind, change, collector, lines)
        collector.raise_if_any()
        amendment = Amendment(
            project=current,
            kind=kind,
            payload=_payload(current, kind, new_end, changes, team),
            reason=reason,
            requested_by=user,
        )
        full_clean(amendment, exclude=["project", "requested_by", "decided_by"])
        amendment.save()
        audit_append(
            actor=actor,
            action="project.amendment_request",
            obj=amendment,
            payload={"project": current.reference, "kind": kind, "change": amendment.payload, "reason": reason},
        )
    return amendment


def _lock_amendment(amendment: Amendment) -> tuple[Project, Amendment]:
    project = lock_open_project(amendment.project)
    current = Amendment.objects.select_for_update().get(pk=amendment.pk)
    current.project = project
    return project, current


def _pending(amendment: Amendment) -> None:
    if amendment.status == AmendmentStatus.WITHDRAWN:
        raise Conflict("withdrawn", _("This amendment was withdrawn by its requester."))
    if amendment.status != AmendmentStatus.PENDING:
        raise Conflict(
            "already_decided",
            _("This amendment has already been decided (%(status)s).")
            % {"status": amendment.get_status_display().lower()},
        )


def _apply_extension(project: Project, new_end: date) -> dict[str, Any]:
    old_end = project.end_date
    project.end_date = new_end
    project.version += 1
    full_clean(project, exclude=["award", "proposal", "call", "lead", "reference"])
    project.save(update_fields=["end_date", "version", "updated_at"])
    created = schedule_reports(project)
    final = Report.objects.get(project=project, kind=ReportKind.FINAL)
    return {
        "end_date": [old_end.isoformat(), new_end.isoformat()],
        "final_report_due": final.due_date.isoformat(),
        "reports_added": [[r.kind, r.number, r.due_date.isoformat()] for r in created],
    }


def _apply_revision(project: Project, changes: list[LineChange]) -> dict[str, Any]:
    applied = []
    for change in changes:
        if change.line is not None:
            line = change.line
            was = line.amount
            line.amount = change.amount
            line.save(update_fields=["amount", "updated_at"])
            applied.append([line.pk, change.category.code, change.year, change.currency, str(was), str(change.amount)])
        else:
            line = BudgetLine(
                project=project,
                category=change.category,
                year=change.year,
                currency=change.currency,
                approved=Decimal(0),
                amount=change.amount,
            )
            full_clean(line, exclude=["project", "category"])
            line.save()
            applied.append([line.pk, change.category.code, change.year, change.currency, None, str(change.amount)])
    return {"lines": applied}


def _apply_team(project: Project, additions: list[Addition], removed: list[ProjectMember]) -> dict[str, Any]:
    lead_removed = _lead_removed(project, removed)
    for member in removed:
        member.active = False
        member.save(update_fields=["active", "updated_at"])
    added = [
        ProjectMember.objects.create(project=project, person=a.person, organisation=a.organisation, role=a.role)
        for a in additions
    ]
    result: dict[str, Any] = {
        "added": [[m.pk, m.person_id, m.organisation_id, m.role] for m in added],
        "removed": [[m.pk, m.person_id, m.role] for m in removed],
    }
    if lead_removed:
        successor = (
            ProjectMember.objects.filter(
                project=project, active=True, role=MemberRole.PRINCIPAL_INVESTIGATOR, person__user__isnull=False
            )
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if successor is not None and successor.person.user_id is not None:
            result["lead"] = [project.lead_id, successor.person.user_id]
            project.lead_id = successor.person.user_id
            project.version += 1
            project.save(update_fields=["lead", "version", "updated_at"])
    return result


def amendment_decide(
    *, actor: object | None, amendment: Amendment, approve: bool, note: str, expected_version: int | None
) -> Amendment:
    """A manager approves a pending amendment, which is checked again against the project as it is now and
    applied at once (extension: the end date moves and the final report's due date with it; budget revision:
    the line amounts change and new lines are made; team change: members added and ended), or rejects it with a
    note, changing nothing. An amendment is decided once (``already_decided``)."""
    user = actor_user(actor)
    note = (note or "").strip()
    with transaction.atomic():
        project, current = _lock_amendment(amendment)
        require_manager(user, project)
        _pending(current)
        _check_version(current.version, expected_version)
        applied: dict[str, Any] = {}
        if approve:
            lines: dict[int, BudgetLine] = {}
            if current.kind == AmendmentKind.BUDGET_REVISION:
                lines = lock_lines(
                    project, list(BudgetLine.objects.filter(project=project).values_list("pk", flat=True))
                )
            collector = ProblemCollector()
            new_end, changes, team = _validate(project, current.kind, current.payload, collector, lines)
            collector.raise_if_any()
            if new_end is not None:  # an extension
                applied = _apply_extension(project, new_end)
            elif current.kind == AmendmentKind.BUDGET_REVISION:
                applied = _apply_revision(project, changes)
            else:
                applied = _apply_team(project, *team)
        elif not note:
            raise DomainError("required", _("Give the reason for rejecting the amendment."), field="note")
        current.status = AmendmentStatus.APPROVED if approve else AmendmentStatus.REJECTED
        current.decided_by = user
        current.decided_at = timezone.now()
        current.decision_note = note
        current.version += 1
        current.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "version", "updated_at"])
        audit_append(
            actor=actor,
            action="project.amendment_approve" if approve else "project.amendment_reject",
            obj=current,
            payload={"project": project.reference, "kind": current.kind, "note": note, "applied": applied},
        )
    return current


def amendment_withdraw(*, actor: object | None, amendment: Amendment, expected_version: int | None = None) -> Amendment:
    """The requester takes back an amendment that is still pending."""
    user = actor_user(actor)
    with transaction.atomic():
        project, current = _lock_amendment(amendment)
        if current.requested_by_id != user.pk:
            raise PermissionDenied("forbidden", _("Only the person who asked for an amendment may withdraw it."))
        _pending(current)
        _check_version(current.version, expected_version)
        current.status = AmendmentStatus.WITHDRAWN
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        audit_append(
            actor=actor,
            action="project.amendment_withdraw",
            obj=current,
            payload={"project": project.reference, "kind": current.kind},
        )
    return current


# --- Final acceptance ------------------------------------------------------------------------------------


def max_statement_bytes() -> int:
    """The size limit of an auditor's statement: the one proposal attachments have."""
    megabytes = int(getattr(settings, "PROGRAMMES_MAX_ATTACHMENT_MB", DEFAULT_MAX_STATEMENT_MB))
    return megabytes * 1024 * 1024


def _require_uploader(user: Any, project: Project) -> None:
    if not (access.may_work_on_project(user, project) or access.is_auditor(user)):
        raise PermissionDenied(
            "forbidden", _("Only the project's investigators and finance officers, or an auditor, may upload this.")
        )


def acceptance_submit(*, actor: object | None, project: Project, statement: bytes, file_name: str) -> Acceptance:
    """Upload the auditor's statement (a PDF, checked by its content, at most the attachment size limit); a new
    upload replaces the one before, until the acceptance is decided. Investigators, finance officers and the
    zone's auditors may upload."""
    user = actor_user(actor)
    collector = ProblemCollector()
    if check_upload_size(collector, "statement", statement, limit_bytes=max_statement_bytes()):
        try:
            check_pdf(statement)
        except NotAPdf:
            collector.add("statement", "not_pdf", _("This file is not a PDF. Upload a PDF."))
    name = upload_name(file_name, "statement.pdf")
    sha256 = hashlib.sha256(statement).hexdigest()
    with transaction.atomic():
        # Who may act and whether the project is open come before the file's problems, so that a closed
        # project or an outsider get that answer.
        current = lock_open_project(project)
        _require_uploader(user, current)
        collector.raise_if_any()
    holder = Acceptance()
    holder.auditor_statement.save(f"{uuid.uuid4().hex}.pdf", ContentFile(statement), save=False)
    stored = holder.auditor_statement.name
    storage = holder.auditor_statement.storage
    try:
        with transaction.atomic():
            current = lock_open_project(project)
            _require_uploader(user, current)
            found = Acceptance.objects.select_for_update().filter(project=current).first()
            if found is not None and found.outcome:
                raise Conflict("already_decided", _("The final acceptance has already been decided."))
            row = found or Acceptance(project=current)
            old_name = found.auditor_statement.name if found is not None else None
            row.auditor_statement.name = stored
            row.auditor_statement_name = name
            row.auditor_statement_sha256 = sha256
            row.uploaded_by = user
            row.save()
            current.version += 1
            current.save(update_fields=["version", "updated_at"])
            audit_append(
                actor=actor,
                action="project.acceptance_submit",
                obj=current,
                payload={"name": name, "sha256": sha256, "size": len(statement), "replaces": bool(old_name)},
            )
            if old_name:
                transaction.on_commit(partial(storage.delete, old_name))
    except BaseException:
        storage.delete(stored)
        raise
    return row


def unspent_balance(project: Project) -> dict[str, str]:
    """Per currency, the sum over the project's lines of budget minus spent, to the cent, as strings."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for amount, spent, currency in BudgetLine.objects.filter(project=project).values_list(
        "amount", "spent", "currency"
    ):
        totals[currency] += Decimal(amount) - Decimal(spent)
    return {currency: str(total.quantize(CENT, rounding=ROUND_HALF_UP)) for currency, total in sorted(totals.items())}


def acceptance_decide(
    *, actor: object | None, project: Project, outcome: str, conditions: str, expected_version: int | None
) -> Acceptance:
    """A manager decides the final acceptance of a project whose final report is approved and whose auditor's
    statement is uploaded: accepted, accepted with conditions (which must be given) or failed. The unspent
    balance per currency is recorded to be returned; instalments waiting for the acceptance are released when
    it is accepted and cancelled when it fails; the project is closed. ``expected_version`` is the project's."""
    user = actor_user(actor)
    conditions = (conditions or "").strip()
    with transaction.atomic():
        current = lock_open_project(project)
        require_manager(user, current)
        _check_version(current.version, expected_version)
        acceptance = Acceptance.objects.select_for_update().filter(project=current).first()
        collector = ProblemCollector()
        if outcome not in AcceptanceOutcome.values:
            collector.add("outcome", "invalid", _("Choose the decision."))
        if outcome == AcceptanceOutcome.ACCEPTED_WITH_CONDITIONS and not conditions:
            collector.add("conditions", "required", _("State the conditions of the acceptance."))
        if not Report.objects.filter(project=current, kind=ReportKind.FINAL, status=ReportStatus.APPROVED).exists():
            collector.add(
                None, "final_report_not_approved", _("The final report must be approved before the acceptance.")
            )
        if acceptance is None or not acceptance.auditor_statement:
            collector.add(None, "no_auditor_statement", _("The auditor's statement has not been uploaded yet."))
        collector.raise_if_any()
        assert acceptance is not None  # noqa: S101 - the collector raised otherwise
        now = timezone.now()
        acceptance.outcome = outcome
        acceptance.conditions = conditions if outcome == AcceptanceOutcome.ACCEPTED_WITH_CONDITIONS else ""
        acceptance.unspent = unspent_balance(current)
        acceptance.decided_by = user
        acceptance.decided_at = now
        acceptance.save(update_fields=["outcome", "conditions", "unspent", "decided_by", "decided_at", "updated_at"])
        waiting = Disbursement.objects.select_for_update().filter(
            project=current, condition=DisbursementCondition.ACCEPTANCE, status=DisbursementStatus.SCHEDULED
        )
        accepted = outcome != AcceptanceOutcome.FAILED
        done = _release(
            waiting.order_by("pk"),
            user=user,
            status=DisbursementStatus.RELEASED if accepted else DisbursementStatus.CANCELLED,
        )
        current.status = ProjectStatus.CLOSED
        current.closed_at = now
        current.version += 1
        current.save(update_fields=["status", "closed_at", "version", "updated_at"])
        audit_append(
            actor=actor,
            action="project.acceptance_decide",
            obj=current,
            payload={
                "outcome": outcome,
                "conditions": acceptance.conditions,
                "unspent": acceptance.unspent,
                "released" if accepted else "cancelled": done,
            },
        )
    return acceptance
