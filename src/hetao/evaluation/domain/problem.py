"""The adapter between a call's rows and the engines: text profiles for affinity, and the assignment problem
(arrays) built from the pool, conflicts, pair rules, reviews already under way and the call's group limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from hetao.engines.assignment import AssignmentProblem
from hetao.evaluation.domain.messages import OUTSIDE
from hetao.evaluation.domain.selectors import reviewer_parks, zone_parks
from hetao.evaluation.enums import PairRuleKind
from hetao.evaluation.models import Assignment, CallReviewer, Conflict, PairRule
from hetao.experts.models import Expert, Publication
from hetao.programmes.domain.selectors import lead_park_id
from hetao.programmes.models import Call, Proposal


def proposal_texts(proposal: Proposal) -> tuple[list[str], list[str]]:
    texts = [proposal.title_en, proposal.title_zh, proposal.abstract_en, proposal.abstract_zh]
    keywords = [str(k) for k in (proposal.keywords_en or [])] + [str(k) for k in (proposal.keywords_zh or [])]
    return [t for t in texts if t], keywords


def expert_texts(expert: Expert, publications: Sequence[Publication]) -> tuple[list[str], list[str]]:
    texts = [expert.statement_en, expert.statement_zh]
    texts += [f"{p.title}\n{p.abstract}".strip() for p in publications]
    return [t for t in texts if t], [str(k) for k in (expert.keywords or [])]


def affinity(proposals: Sequence[Proposal], experts: Sequence[Expert]) -> npt.NDArray[np.float64]:
    """Affinity (proposals x experts) in [0, 1] from the retrieval engine."""
    if not proposals or not experts:
        return np.zeros((len(proposals), len(experts)), dtype=np.float64)
    from hetao.engines.retrieval import Profile, affinity_matrix

    publications: dict[int, list[Publication]] = {e.pk: [] for e in experts}
    for publication in Publication.objects.filter(expert__in=experts).order_by("expert_id", "-year", "pk"):
        publications[publication.expert_id].append(publication)
    queries = []
    for proposal in proposals:
        texts, keywords = proposal_texts(proposal)
        queries.append(Profile(texts=texts, keywords=keywords, id=proposal.reference))
    documents = []
    for expert in experts:
        texts, keywords = expert_texts(expert, publications[expert.pk])
        documents.append(Profile(texts=texts, keywords=keywords, id=str(expert.pk)))
    matrix = np.asarray(affinity_matrix(queries, documents), dtype=np.float64)
    return np.clip(np.nan_to_num(matrix, nan=0.0), 0.0, 1.0)


@dataclass
class BuiltProblem:
    problem: AssignmentProblem
    proposals: list[Proposal]
    reviewers: list[CallReviewer]
    group_codes: list[str]
    kept: list[Assignment] = field(default_factory=list)  # started reviews: pinned, never replaced
    replaceable: list[Assignment] = field(default_factory=list)


def reviewer_label(expert: Expert) -> str:
    return str(expert.person)


def build_problem(
    *,
    call: Call,
    stage: int,
    proposals: list[Proposal],
    reviewers: list[CallReviewer],
    active: list[Assignment],
    started: set[int],
    today: date,
) -> BuiltProblem:
    experts = [cr.expert for cr in reviewers]
    p_index = {p.pk: i for i, p in enumerate(proposals)}
    r_index = {cr.expert_id: j for j, cr in enumerate(reviewers)}
    n_p, n_r = len(proposals), len(reviewers)

    conflicts = np.zeros((n_p, n_r), dtype=np.bool_)
    for proposal_id, expert_id in Conflict.objects.filter(
        proposal_id__in=list(p_index), expert_id__in=list(r_index), overridden_at__isnull=True
    ).values_list("proposal_id", "expert_id"):
        conflicts[p_index[proposal_id], r_index[expert_id]] = True

    pinned: list[tuple[int, int]] = []
    forbidden: list[tuple[int, int]] = []
    for rule in PairRule.objects.filter(
        proposal_id__in=list(p_index), expert_id__in=list(r_index), stage=stage
    ).order_by("pk"):
        pair = (p_index[rule.proposal_id], r_index[rule.expert_id])
        (pinned if rule.kind == PairRuleKind.PIN else forbidden).append(pair)

    kept, replaceable = [], []
    for assignment in active:
        if assignment.pk in started and assignment.proposal_id in p_index and assignment.expert_id in r_index:
            kept.append(assignment)
            pinned.append((p_index[assignment.proposal_id], r_index[assignment.expert_id]))
        elif assignment.pk not in started:
            replaceable.append(assignment)

    load_min = np.array([cr.load_min for cr in reviewers], dtype=np.int64)
    load_max = np.array([cr.load_max for cr in reviewers], dtype=np.int64)
    for j, cr in enumerate(reviewers):
        if not cr.expert.is_active:
            # An expert no longer available keeps only the reviews already under way.
            held = sum(1 for a in kept if a.expert_id == cr.expert_id)
            load_min[j], load_max[j] = 0, held

    parks = zone_parks()
    group_codes = [park.code for park in parks] + [OUTSIDE]
    group_of_park = {park.pk: g for g, park in enumerate(parks)}
    outside = len(parks)
    parks_of = reviewer_parks(experts, today)
    groups = np.array(
        [group_of_park.get(parks_of.get(cr.expert_id) or -1, outside) for cr in reviewers], dtype=np.int64
    )
    coverage = np.full(n_p, call.reviewers_per_proposal, dtype=np.int64)
    n_g = len(group_codes)
    group_min = np.zeros((n_p, n_g), dtype=np.int64)
    group_max = np.repeat(coverage[:, None], n_g, axis=1)
    group_min[:, outside] = min(call.min_reviewers_outside_parks, call.reviewers_per_proposal)
    if call.max_reviewers_from_lead_park is not None:
        for i, proposal in enumerate(proposals):
            lead = lead_park_id(proposal)
            if lead is not None and lead in group_of_park:
                g = group_of_park[lead]
                group_max[i, g] = max(group_min[i, g], min(call.max_reviewers_from_lead_park, coverage[i]))
    park_names = {park.code: park.name_en for park in parks}
    group_names = [f"from {park_names[code]}" for code in group_codes[:-1]]
    group_names.append("from outside both parks" if len(parks) == 2 else "from outside the parks")

    problem = AssignmentProblem(
        affinity=affinity(proposals, experts),
        coverage=coverage,
        load_min=load_min,
        load_max=load_max,
        conflicts=conflicts,
        pinned=pinned,
        forbidden=forbidden,
        proposal_ids=[p.reference for p in proposals],
        reviewer_ids=[reviewer_label(cr.expert) for cr in reviewers],
        reviewer_groups=groups,
        group_min=group_min,
        group_max=group_max,
        group_names=group_names,
    )
    return BuiltProblem(problem, proposals, reviewers, group_codes, kept, replaceable)
