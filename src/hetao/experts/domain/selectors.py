"""Reads of the pool of experts: who may see which expert, search, and what the affinity and conflict
computations need from an expert (texts, keywords, co-authors)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet

from hetao.accounts.domain.selectors import has_role, has_zone_role
from hetao.accounts.enums import Role
from hetao.experts.models import Declaration, Expert, Publication
from hetao.zone.domain.names import normalise, person_search_keys

POOL_MANAGER_ROLES = (Role.PROGRAMME_MANAGER, Role.PARK_ADMIN)


def may_manage_pool(user: Any) -> bool:
    """Programme managers and park administrators, over any scope, manage the zone's one pool of experts."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(has_role(user, role, anywhere=True) for role in POOL_MANAGER_ROLES)


def may_view_pool(user: Any) -> bool:
    """Those who manage the pool, and auditors of the zone, who read everything."""
    return may_manage_pool(user) or (
        bool(getattr(user, "is_authenticated", False)) and has_zone_role(user, Role.AUDITOR)
    )


def is_own(user: Any, expert: Expert) -> bool:
    """The expert's directory record is linked to this user account."""
    return bool(getattr(user, "is_authenticated", False)) and expert.person.user_id == user.pk


def own_expert(user: Any) -> Expert | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.select_related("person").filter(person__user_id=user.pk).first()


def experts_visible_to(user: Any) -> QuerySet[Expert]:
    """The whole pool for those who may view it; their own expert record for anyone else; nothing when
    signed out. Each row carries ``publication_count`` and ``declaration_count``."""
    qs = Expert.objects.select_related("person").annotate(
        publication_count=Count("publications", distinct=True),
        declaration_count=Count("declarations", distinct=True),
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if may_view_pool(user):
        return qs
    return qs.filter(person__user_id=user.pk)


def expert_search(user: Any, query: str = "", *, active_only: bool = False) -> QuerySet[Expert]:
    """Visible experts whose name (any script or romanisation, through the directory's person search) or
    statements and keywords (case, width and script folded) match ``query``."""
    from hetao.experts.domain.services import fold
    from hetao.zone.domain.selectors import person_search

    qs = experts_visible_to(user)
    if active_only:
        qs = qs.filter(is_active=True)
    text = " ".join(query.split())
    if text:
        people = person_search(user=user, query=text).values("pk")
        topic = Q()
        for word in fold(text).split():
            topic &= Q(search_text__contains=word)
        qs = qs.filter(Q(person_id__in=people) | topic)
    return qs.order_by("person__family_name_latin", "person__given_name_latin", "pk")


def expert_detail(expert_id: int, user: Any) -> Expert | None:
    """One visible expert with its publications and declarations prefetched."""
    return (
        experts_visible_to(user)
        .prefetch_related(
            Prefetch("publications", queryset=Publication.objects.order_by("-year", "title", "pk")),
            Prefetch(
                "declarations",
                queryset=Declaration.objects.select_related("person", "organisation").order_by("-created_at", "-pk"),
            ),
        )
        .filter(pk=expert_id)
        .first()
    )


def publications_of(expert: Expert) -> QuerySet[Publication]:
    return Publication.objects.filter(expert=expert).order_by("-year", "title", "pk")


def declarations_of(expert: Expert) -> QuerySet[Declaration]:
    return (
        Declaration.objects.filter(expert=expert)
        .select_related("person", "organisation")
        .order_by("-created_at", "-pk")
    )


# --- For affinity and conflicts -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpertProfile:
    """What affinity reads of an expert: the statements, each publication as title and abstract, keywords."""

    expert_id: int
    statements: list[str] = field(default_factory=list)
    publications: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [*self.statements, *self.publications]


def _profile(expert: Expert, publications: Iterable[Publication]) -> ExpertProfile:
    return ExpertProfile(
        expert_id=expert.pk,
        statements=[s for s in (expert.statement_en, expert.statement_zh) if s.strip()],
        publications=["\n".join(part for part in (p.title, p.abstract) if part.strip()) for p in publications],
        keywords=list(expert.keywords),
    )


def expert_profile(expert: Expert) -> ExpertProfile:
    return _profile(expert, publications_of(expert).only("title", "abstract"))


def expert_profiles(experts: Iterable[int] | QuerySet[Expert]) -> dict[int, ExpertProfile]:
    """Profiles of many experts in two queries, by expert id (for an assignment over the whole pool)."""
    qs = experts if isinstance(experts, QuerySet) else Expert.objects.filter(pk__in=list(experts))
    rows = qs.prefetch_related(
        Prefetch("publications", queryset=Publication.objects.only("expert_id", "title", "abstract", "year"))
    )
    return {expert.pk: _profile(expert, expert.publications.all()) for expert in rows}


class CoauthorName(NamedTuple):
    """One co-author of the expert on one publication: the name as printed, the year, the title."""

    name: str
    year: int
    title: str


def coauthor_names(expert: Expert, since_year: int | None = None) -> list[CoauthorName]:
    """Every co-author of the expert's publications from ``since_year`` on (all years when None), newest
    first, in the publication's order. The expert's own name is left out where it is printed as one of the
    forms the directory knows for them (any script, either order); the names engine resolves the rest."""
    own = set(person_search_keys(expert.person))
    publications = Publication.objects.filter(expert=expert).order_by("-year", "title", "pk")
    if since_year is not None:
        publications = publications.filter(year__gte=since_year)
    found: list[CoauthorName] = []
    for publication in publications.only("title", "year", "authors"):
        for name in publication.authors:
            if not isinstance(name, str) or not name.strip():
                continue
            key = normalise(name.replace(",", " "))
            if key in own or normalise(" ".join(reversed(name.replace(",", " ").split()))) in own:
                continue
            found.append(CoauthorName(name=name, year=publication.year, title=publication.title))
    return found
