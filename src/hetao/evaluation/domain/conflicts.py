"""Finding conflicts of interest between a call's proposals and its reviewers (reads only; the service
``conflicts_detect`` stores what this finds).

Each finding is (proposal id, expert id, kind, evidence item). Kinds:

* named on the team: the reviewer is a team member;
* same organisation now: a current affiliation of the reviewer at an organisation where a team member is now
  (their current affiliations and the organisation they apply from);
* same organisation within the window: both affiliated to one organisation at some time within the call's
  conflict-of-interest window (each affiliation overlapping the window), and not both there now;
* co-author within the window: an author printed on one of the reviewer's publications of those years is a
  team member, by the names engine, so a co-author printed "CHAN Tai-man" matches team member 陳大文;
* co-investigator within the window: the reviewer and a team member were both on the team of another
  proposal (of any call) submitted within the window;
* declared: a declaration of the reviewer names a team member (the person, or a name that the names engine
  matches) or an organisation of the team (the organisation, or its name), in force within the window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q
from django.utils import timezone

from hetao.engines.names import (
    DEFAULT_THRESHOLD,
    NameIndex,
    NameRecord,
    compare_organisation_names,
    compare_person_names,
)
from hetao.evaluation.domain.selectors import current_affiliations
from hetao.evaluation.enums import ConflictKind
from hetao.experts.enums import DeclarationKind
from hetao.experts.models import Declaration, Expert, Publication
from hetao.programmes.models import Proposal, TeamMember
from hetao.screening.domain.matching import person_name_forms
from hetao.zone.models import Affiliation, Organisation, Person


@dataclass(frozen=True)
class Finding:
    proposal_id: int
    expert_id: int
    kind: str
    evidence: dict[str, Any]


def _member_label(person: Person) -> str:
    """A team member's name as evidence shows it: romanised, then in characters when known."""
    latin = " ".join(part for part in (person.family_name_latin.upper(), person.given_name_latin) if part)
    hanzi = f"{person.family_name_hant}{person.given_name_hant}" or f"{person.family_name_hans}{person.given_name_hans}"
    return f"{latin} {hanzi}".strip()


def _organisation_label(organisation: Organisation) -> str:
    chinese = organisation.name_hant or organisation.name_hans
    return f"{organisation.name_en} {chinese}".strip() if chinese else organisation.name_en


def window_start(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _overlaps(start: date, end: date | None, since: date, until: date) -> bool:
    return start <= until and (end is None or end >= since)


class _Team:
    """The teams of the proposals under review: who is on which proposal, and where they are."""

    def __init__(self, proposals: list[Proposal]) -> None:
        members = list(
            TeamMember.objects.filter(proposal__in=proposals).select_related("person", "organisation").order_by("pk")
        )
        self.members_of: dict[int, list[TeamMember]] = defaultdict(list)
        self.proposals_of_person: dict[int, set[int]] = defaultdict(set)
        self.persons: dict[int, Person] = {}
        for member in members:
            self.members_of[member.proposal_id].append(member)
            self.proposals_of_person[member.person_id].add(member.proposal_id)
            self.persons[member.person_id] = member.person
        self.members = members


def detect(*, proposals: list[Proposal], experts: list[Expert], window_years: int, today: date) -> list[Finding]:
    """Every conflict between ``proposals`` and ``experts``, one finding per piece of evidence."""
    if not proposals or not experts:
        return []
    since = window_start(today, window_years)
    team = _Team(proposals)
    findings: list[Finding] = []
    findings += _team_members(team, experts)
    findings += _organisations(team, experts, since, today, window_years)
    findings += _co_authors(team, experts, since.year)
    findings += _co_investigators(team, experts, proposals, since, today)
    findings += _declarations(team, experts, since.year, today)
    return findings


def _team_members(team: _Team, experts: list[Expert]) -> list[Finding]:
    out = []
    for expert in experts:
        for proposal_id in sorted(team.proposals_of_person.get(expert.person_id, ())):
            member = next(m for m in team.members_of[proposal_id] if m.person_id == expert.person_id)
            out.append(
                Finding(proposal_id, expert.pk, ConflictKind.TEAM_MEMBER, {"what": "team_member", "role": member.role})
            )
    return out


def _organisations(team: _Team, experts: list[Expert], since: date, today: date, years: int) -> list[Finding]:
    person_ids = set(team.persons) | {e.person_id for e in experts}
    history: dict[int, list[Affiliation]] = defaultdict(list)
    for affiliation in (
        Affiliation.objects.filter(person_id__in=person_ids, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
        .select_related("organisation")
    ):
        history[affiliation.person_id].append(affiliation)
    current_orgs: dict[int, dict[int, Organisation]] = defaultdict(dict)
    window_orgs: dict[int, dict[int, Organisation]] = defaultdict(dict)
    for person_id, affiliations in history.items():
        for a in affiliations:
            if _overlaps(a.start_date, a.end_date, today, today):
                current_orgs[person_id][a.organisation_id] = a.organisation
            if _overlaps(a.start_date, a.end_date, since, today):
                window_orgs[person_id][a.organisation_id] = a.organisation
    out = []
    for proposal_id, members in team.members_of.items():
        for expert in experts:
            if (
                expert.person_id in team.proposals_of_person
                and proposal_id in team.proposals_of_person[expert.person_id]
            ):
                continue  # named on the team: that conflict says it all
            mine_now = current_orgs.get(expert.person_id, {})
            mine_window = window_orgs.get(expert.person_id, {})
            for member in members:
                theirs_now = dict(current_orgs.get(member.person_id, {}))
                theirs_now[member.organisation_id] = member.organisation
                theirs_window = {**window_orgs.get(member.person_id, {}), **theirs_now}
                for org_id in sorted(set(mine_now) & set(theirs_now)):
                    evidence: dict[str, Any] = {
                        "what": "same_organisation",
                        "member": _member_label(member.person),
                        "organisation": _organisation_label(theirs_now[org_id]),
                    }
                    out.append(Finding(proposal_id, expert.pk, ConflictKind.SAME_ORGANISATION, evidence))
                for org_id in sorted((set(mine_window) & set(theirs_window)) - (set(mine_now) & set(theirs_now))):
                    evidence = {
                        "what": "past_organisation",
                        "member": _member_label(member.person),
                        "organisation": _organisation_label(theirs_window[org_id]),
                        "years": years,
                    }
                    out.append(Finding(proposal_id, expert.pk, ConflictKind.PAST_ORGANISATION, evidence))
    return out


def _team_index(team: _Team) -> NameIndex:
    index = NameIndex()
    index.add(
        NameRecord(id=str(person.pk), names=tuple(person_name_forms(person)))
        for person in team.persons.values()
        if person_name_forms(person)
    )
    return index


def _matches(index: NameIndex, name: str) -> list[int]:
    if not name.strip():
        return []
    return [int(candidate.record_id) for candidate in index.search(name, k=50, threshold=DEFAULT_THRESHOLD)]


def _is_self(expert: Expert, name: str) -> bool:
    return any(compare_person_names(form, name).score >= DEFAULT_THRESHOLD for form in person_name_forms(expert.person))


def _co_authors(team: _Team, experts: list[Expert], since_year: int) -> list[Finding]:
    publications = Publication.objects.filter(expert__in=experts, year__gte=since_year).order_by("expert_id", "-year")
    if not team.persons:
        return []
    index = _team_index(team)
    out = []
    self_cache: dict[tuple[int, str], bool] = {}
    experts_by_id = {e.pk: e for e in experts}
    for publication in publications:
        expert = experts_by_id[publication.expert_id]
        for printed in publication.authors or []:
            author = " ".join(str(printed).split())
            for person_id in _matches(index, author):
                if person_id == expert.person_id:
                    continue  # the reviewer's own name on their paper
                key = (expert.pk, author)
                if key not in self_cache:
                    self_cache[key] = _is_self(expert, author)
                if self_cache[key]:
                    continue  # a team member who shares the reviewer's name: the author printed is the reviewer
                for proposal_id in sorted(team.proposals_of_person[person_id]):
                    evidence = {
                        "what": "co_author",
                        "member": _member_label(team.persons[person_id]),
                        "author": author,
                        "title": publication.title[:200],
                        "year": publication.year,
                    }
                    out.append(Finding(proposal_id, expert.pk, ConflictKind.CO_AUTHOR, evidence))
    return out


def _co_investigators(
    team: _Team, experts: list[Expert], proposals: list[Proposal], since: date, today: date
) -> list[Finding]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(since, time.min), tz)
    expert_by_person = {e.person_id: e for e in experts}
    # Other proposals (of any call) submitted within the window with a reviewer on their team.
    other_teams: dict[int, set[int]] = defaultdict(set)
    references: dict[int, str] = {}
    rows = (
        TeamMember.objects.filter(
            proposal__submitted_at__gte=start,
            proposal__team__person_id__in=list(expert_by_person),
        )
        .values_list("proposal_id", "person_id", "proposal__reference")
        .distinct()
    )
    for proposal_id, person_id, reference in rows:
        other_teams[proposal_id].add(person_id)
        references[proposal_id] = reference
    out = []
    for other_id, people in sorted(other_teams.items()):
        reviewers_there = [expert_by_person[p] for p in people if p in expert_by_person]
        for member_person_id in people:
            for proposal_id in sorted(team.proposals_of_person.get(member_person_id, ())):
                if proposal_id == other_id:
                    continue  # the proposal itself: a reviewer on its team is a "team member" conflict
                for expert in reviewers_there:
                    if expert.person_id == member_person_id:
                        continue
                    evidence = {
                        "what": "co_investigator",
                        "member": _member_label(team.persons[member_person_id]),
                        "reference": references[other_id],
                    }
                    out.append(Finding(proposal_id, expert.pk, ConflictKind.CO_INVESTIGATOR, evidence))
    return out


def _organisation_names(organisation: Organisation) -> list[str]:
    names = [organisation.name_en, organisation.name_hans, organisation.name_hant, *(organisation.aliases or [])]
    return [n for n in names if n]


def _declarations(team: _Team, experts: list[Expert], since_year: int, today: date) -> list[Finding]:
    declarations = list(
        Declaration.objects.filter(expert__in=experts)
        .filter(Q(until_year__isnull=True) | Q(until_year__gte=since_year))
        .filter(Q(since_year__isnull=True) | Q(since_year__lte=today.year))
        .select_related("person", "organisation")
        .order_by("expert_id", "pk")
    )
    if not declarations:
        return []
    index = _team_index(team) if team.persons else None
    team_orgs: dict[int, set[int]] = defaultdict(set)  # organisation -> proposals
    organisations: dict[int, Organisation] = {}
    for member in team.members:
        team_orgs[member.organisation_id].add(member.proposal_id)
        organisations[member.organisation_id] = member.organisation
    for affiliation in current_affiliations(set(team.persons), today):
        for proposal_id in team.proposals_of_person[affiliation.person_id]:
            team_orgs[affiliation.organisation_id].add(proposal_id)
        organisations[affiliation.organisation_id] = affiliation.organisation
    out: list[Finding] = []
    for declaration in declarations:
        base = {"relationship": declaration.relationship}
        if declaration.person_id is not None:
            for proposal_id in sorted(team.proposals_of_person.get(declaration.person_id, ())):
                evidence = {
                    "what": "declared_person",
                    "member": _member_label(team.persons[declaration.person_id]),
                    **base,
                }
                out.append(Finding(proposal_id, declaration.expert_id, ConflictKind.DECLARED, evidence))
        if declaration.organisation_id is not None:
            for proposal_id in sorted(team_orgs.get(declaration.organisation_id, ())):
                evidence = {
                    "what": "declared_organisation",
                    "organisation": _organisation_label(organisations[declaration.organisation_id]),
                    **base,
                }
                out.append(Finding(proposal_id, declaration.expert_id, ConflictKind.DECLARED, evidence))
        out += _declared_names(declaration, team, index, organisations, team_orgs)
    return out


def _declared_names(
    declaration: Declaration,
    team: _Team,
    index: NameIndex | None,
    organisations: dict[int, Organisation],
    team_orgs: dict[int, set[int]],
) -> list[Finding]:
    """A declaration naming someone or an organisation not in the directory, matched by name."""
    name = " ".join(declaration.name.split())
    if not name or declaration.person_id is not None or declaration.organisation_id is not None:
        return []
    base = {"name": name, "relationship": declaration.relationship}
    out = []
    if declaration.kind == DeclarationKind.ORGANISATION:
        for org_id, organisation in organisations.items():
            if _organisation_matches(name, organisation):
                for proposal_id in sorted(team_orgs[org_id]):
                    evidence = {"what": "declared_organisation_name", "organisation": _organisation_label(organisation)}
                    out.append(Finding(proposal_id, declaration.expert_id, ConflictKind.DECLARED, {**evidence, **base}))
    elif index is not None:
        for person_id in _matches(index, name):
            for proposal_id in sorted(team.proposals_of_person[person_id]):
                evidence = {"what": "declared_name", "member": _member_label(team.persons[person_id])}
                out.append(Finding(proposal_id, declaration.expert_id, ConflictKind.DECLARED, {**evidence, **base}))
    return out


def _organisation_matches(name: str, organisation: Organisation) -> bool:
    return any(
        compare_organisation_names(name, known).score >= DEFAULT_THRESHOLD
        for known in _organisation_names(organisation)
    )


def unique_findings(findings: Iterable[Finding]) -> dict[tuple[int, int, str], list[dict[str, Any]]]:
    """Findings grouped by (proposal, expert, kind), each piece of evidence once, in the order found."""
    grouped: dict[tuple[int, int, str], list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        items = grouped[(finding.proposal_id, finding.expert_id, str(finding.kind))]
        if finding.evidence not in items:
            items.append(finding.evidence)
    return dict(grouped)
