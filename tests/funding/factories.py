"""Calls, proposals and submitted reviews for the funding tests, built directly with the ORM (test setup
only: the programmes and evaluation services are not what these tests are about)."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hetao.evaluation.models import Assignment, Review
from hetao.experts.models import Expert
from hetao.programmes.models import BudgetLine, Call, CallPark, CostCategory, Proposal, RubricCriterion
from tests.factories.people import make_person

_numbers = itertools.count(1)


def make_funding_call(
    sz_park: Any,
    hk_park: Any,
    *,
    code: str = "joint-2026",
    sz_budget: str = "1000000",
    hk_budget: str = "1000000",
    reference_currency: str = "CNY",
    exchange_rates: dict[str, str] | None = None,
    shares: tuple[str, str] = ("50", "50"),
) -> Call:
    now = timezone.now()
    call = Call.objects.create(
        code=code,
        title_en="Joint Research Scheme 2026",
        title_hans="联合研究计划 2026",
        title_hant="聯合研究計劃 2026",
        status="in_review",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        reference_currency=reference_currency,
        exchange_rates={"HKD": "0.92"} if exchange_rates is None else exchange_rates,
    )
    CallPark.objects.create(
        call=call, park=sz_park, currency="CNY", share_percent=Decimal(shares[0]), budget=Decimal(sz_budget)
    )
    CallPark.objects.create(
        call=call, park=hk_park, currency="HKD", share_percent=Decimal(shares[1]), budget=Decimal(hk_budget)
    )
    CostCategory.objects.create(call=call, code="staff", name_en="Staff", name_hans="人员", name_hant="人員", order=1)
    CostCategory.objects.create(
        call=call, code="equipment", name_en="Equipment", name_hans="设备", name_hant="設備", order=2
    )
    RubricCriterion.objects.create(call=call, code="excellence", name_en="Excellence", weight=Decimal("1"))
    return call


def make_proposal(
    call: Call,
    user: Any,
    *,
    budget: list[tuple[str, int, str, str]] | None = None,
    language: str = "en",
    status: str = "in_review",
    reference: str | None = None,
) -> Proposal:
    """A proposal under review; ``budget`` lines are (category code, year, currency, amount)."""
    proposal = Proposal.objects.create(
        call=call,
        reference=reference or f"P-{next(_numbers):04d}",
        status=status,
        title_en="Federated learning for hospital imaging",
        title_zh="面向医院影像的联邦学习",
        language=language,
        created_by=user,
        submitted_at=timezone.now() - timedelta(days=40),
    )
    categories = {c.code: c for c in call.cost_categories.all()}
    for category, year, currency, amount in budget if budget is not None else [("staff", 1, "CNY", "100000")]:
        BudgetLine.objects.create(
            proposal=proposal, category=categories[category], year=year, currency=currency, amount=Decimal(amount)
        )
    return proposal


def make_expert(name: str | None = None) -> Expert:
    n = next(_numbers)
    person = make_person(
        family_name_latin=name or "Reviewer",
        given_name_latin=f"Number {n}",
        family_name_hant="",
        given_name_hant="",
        family_name_hans="",
        given_name_hans="",
        romanisation="other",
        home_region="GB",
    )
    return Expert.objects.create(person=person)


def add_review(
    proposal: Proposal, expert: Expert, overall: float | str, *, comments: str = "", stage: int = 1
) -> Review:
    assignment = Assignment.objects.create(proposal=proposal, expert=expert, stage=stage)
    return Review.objects.create(
        assignment=assignment,
        status="submitted",
        overall=Decimal(str(overall)),
        comments=comments,
        submitted_at=timezone.now(),
    )


def review_all(proposals: list[Proposal], experts: list[Expert], table: list[list[float | None]]) -> None:
    """``table[i][j]``: reviewer j's score of proposal i, or None when j did not review it."""
    for proposal, row in zip(proposals, table, strict=True):
        for expert, score in zip(experts, row, strict=True):
            if score is not None:
                add_review(proposal, expert, score)
