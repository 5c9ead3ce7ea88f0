"""Calls and proposals for tests, built through the domain services, and the PDFs attached to them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hetao.programmes.demo import demo_pdf
from hetao.programmes.domain.services import (
    CategoryTerms,
    CriterionTerms,
    ParkTerms,
    attachment_add,
    budget_line_add,
    call_create,
    call_publish,
    proposal_create,
    team_member_add,
)
from hetao.programmes.models import Call, Proposal
from hetao.zone.models import Park
from tests.factories.people import make_affiliation, make_organisation, make_person


def minimal_pdf(text: str = "Project narrative") -> bytes:
    """A real one-page PDF with a correct cross-reference table."""
    return demo_pdf(text)


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)

STANDARD_CATEGORIES = [
    CategoryTerms(code="staff", name_en="Staff", name_hans="人员", name_hant="人員"),
    CategoryTerms(code="equipment", name_en="Equipment", name_hans="设备", name_hant="設備", cap_percent=Decimal("30")),
    CategoryTerms(code="consumables", name_en="Consumables", name_hans="耗材", name_hant="耗材"),
    CategoryTerms(code="travel", name_en="Travel", name_hans="差旅", name_hant="差旅"),
]
STANDARD_CRITERIA = [
    CriterionTerms(code="excellence", name_en="Scientific excellence", weight=Decimal("0.5")),
    CriterionTerms(code="impact", name_en="Impact", weight=Decimal("0.3")),
    CriterionTerms(code="team", name_en="Team", weight=Decimal("0.2")),
]


def joint_parks(sz_park: Park, hk_park: Park, **hk: Any) -> list[ParkTerms]:
    return [
        ParkTerms(park=sz_park, share_percent=Decimal("50"), budget=Decimal("10000000"), max_per_project=None),
        ParkTerms(
            park=hk_park,
            share_percent=Decimal("50"),
            budget=Decimal("11000000"),
            max_per_project=hk.get("max_per_project"),
        ),
    ]


def make_call(*, sz_park: Park, hk_park: Park, publish: bool = True, code: str = "joint-2026", **fields: Any) -> Call:
    """A joint Shenzhen-Hong Kong call in CNY with HKD at 0.92, open from an hour ago for thirty days."""
    now = timezone.now()
    values: dict[str, Any] = {
        "code": code,
        "title_en": "Joint Research Scheme 2026",
        "title_hans": "联合研究计划 2026",
        "title_hant": "聯合研究計劃 2026",
        "description_en": "Joint projects with a principal investigator on each side.",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=30),
        "reference_currency": "CNY",
        "exchange_rates": {"HKD": "0.92"},
        "max_budget": Decimal("2000000"),
        "max_duration_months": 36,
        "key_areas": ["Artificial intelligence", "Biomedicine"],
    }
    parks = fields.pop("parks", None)
    values.update(fields)
    call = call_create(
        actor=None,
        parks=parks if parks is not None else joint_parks(sz_park, hk_park),
        categories=STANDARD_CATEGORIES,
        criteria=STANDARD_CRITERIA,
        **values,
    )
    if publish:
        call = call_publish(actor=None, call=call)
    return call


def make_member(proposal: Proposal, park: Park | None, *, role: str = "pi", kind: str = "university", **person: Any):
    organisation = make_organisation(park=park, kind=kind)
    member_person = make_person(**person)
    make_affiliation(member_person, organisation)
    return team_member_add(actor=None, proposal=proposal, person=member_person, organisation=organisation, role=role)


def make_eligible_proposal(call: Call, user: Any, *, sz_park: Park, hk_park: Park, **fields: Any) -> Proposal:
    """A draft that passes every rule of ``make_call``'s call: both titles, abstracts and keywords, a PI on
    each side, a budget within every cap, a narrative."""
    values: dict[str, Any] = {
        "title_en": "Federated learning for hospital imaging",
        "title_zh": "面向医院影像的联邦学习",
        "abstract_en": "We train models across hospitals without moving data.",
        "abstract_zh": "在不移动数据的情况下跨医院训练模型。",
        "keywords_en": ["federated learning", "imaging"],
        "keywords_zh": ["联邦学习"],
        "key_area": "Artificial intelligence",
        "duration_months": 24,
    }
    values.update(fields)
    proposal = proposal_create(actor=user, call=call, **values)
    make_member(proposal, sz_park, family_name_latin="Li", given_name_latin="Ming", romanisation="pinyin")
    make_member(proposal, hk_park)
    categories = {c.code: c for c in call.cost_categories.all()}
    budget_line_add(
        actor=user, proposal=proposal, category=categories["staff"], year=1, currency="CNY", amount=Decimal("300000")
    )
    budget_line_add(
        actor=user, proposal=proposal, category=categories["staff"], year=2, currency="HKD", amount=Decimal("300000")
    )
    budget_line_add(
        actor=user,
        proposal=proposal,
        category=categories["equipment"],
        year=1,
        currency="CNY",
        amount=Decimal("100000"),
    )
    attachment_add(actor=user, proposal=proposal, kind="narrative", data=minimal_pdf(), file_name="narrative.pdf")
    return Proposal.objects.get(pk=proposal.pk)
