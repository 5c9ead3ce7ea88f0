"""Demo programmes: one open joint call, and one call in review with about thirty submitted proposals from the
demo directory's people (a principal investigator on each side of the river in every proposal).

``seed_programmes`` is idempotent: calls are found by code, and a call that exists is left as it is.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from hetao.programmes.domain.services import (
    CategoryTerms,
    CriterionTerms,
    ParkTerms,
    attachment_add,
    budget_line_add,
    call_create,
    call_publish,
    call_start_review,
    call_update,
    proposal_create,
    proposal_submit,
    team_member_add,
)
from hetao.programmes.models import Call
from hetao.zone.models import Affiliation, Park

OPEN_CODE = "hetao-joint-2026"
REVIEW_CODE = "hetao-joint-2025"
PROPOSALS_IN_REVIEW = 30

CATEGORIES = [
    CategoryTerms(code="staff", name_en="Staff", name_hans="人员费", name_hant="人員費"),
    CategoryTerms(
        code="equipment", name_en="Equipment", name_hans="设备费", name_hant="設備費", cap_percent=Decimal("30")
    ),
    CategoryTerms(code="consumables", name_en="Consumables", name_hans="材料费", name_hant="材料費"),
    CategoryTerms(code="travel", name_en="Travel", name_hans="差旅费", name_hant="差旅費"),
    CategoryTerms(code="other", name_en="Other", name_hans="其他", name_hant="其他"),
]
CRITERIA = [
    CriterionTerms(
        code="excellence",
        name_en="Scientific excellence",
        name_hans="科学价值",
        name_hant="科學價值",
        weight=Decimal("0.4"),
    ),
    CriterionTerms(code="novelty", name_en="Novelty", name_hans="创新性", name_hant="創新性", weight=Decimal("0.2")),
    CriterionTerms(
        code="collaboration",
        name_en="Cross-border collaboration",
        name_hans="深港合作",
        name_hant="深港合作",
        weight=Decimal("0.2"),
    ),
    CriterionTerms(
        code="feasibility",
        name_en="Feasibility and team",
        name_hans="可行性与团队",
        name_hant="可行性與團隊",
        weight=Decimal("0.2"),
    ),
]
KEY_AREAS = ["Artificial intelligence", "Biomedicine", "Microelectronics", "New materials", "Quantum science"]

# (English, Chinese) pairs; a title is a method applied to a subject.
_METHODS = [
    ("Federated learning", "联邦学习"),
    ("Graph neural networks", "图神经网络"),
    ("Single-cell sequencing", "单细胞测序"),
    ("Soft robotics", "软体机器人"),
    ("Wide-bandgap semiconductors", "宽禁带半导体"),
    ("Perovskite thin films", "钙钛矿薄膜"),
    ("Superconducting qubits", "超导量子比特"),
    ("Large language models", "大语言模型"),
    ("CRISPR screening", "CRISPR筛选"),
    ("Metamaterials", "超材料"),
]
_SUBJECTS = [
    ("for hospital imaging across the border", "用于跨境医院影像", "Artificial intelligence"),
    ("for early cancer detection", "用于癌症早筛", "Biomedicine"),
    ("for low-power edge chips", "用于低功耗边缘芯片", "Microelectronics"),
    ("for flexible solar cells", "用于柔性太阳能电池", "New materials"),
    ("for error-corrected computing", "用于纠错量子计算", "Quantum science"),
    ("for minimally invasive surgery", "用于微创手术", "Biomedicine"),
]


def demo_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (its ASCII part), with a correct cross-reference table."""
    safe = "".join(ch for ch in text if ch.isascii() and ch not in "()\\")
    stream = f"BT /F1 14 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _parks() -> tuple[Park, Park] | None:
    parks = {p.code: p for p in Park.objects.all()}
    if "SZ" not in parks or "HK" not in parks:
        return None
    return parks["SZ"], parks["HK"]


def _park_terms(sz: Park, hk: Park) -> list[ParkTerms]:
    return [
        ParkTerms(park=sz, share_percent=Decimal("50"), budget=Decimal("6000000"), max_per_project=Decimal("1000000")),
        ParkTerms(park=hk, share_percent=Decimal("50"), budget=Decimal("6510000"), max_per_project=Decimal("1080000")),
    ]


def _call(code: str, year: int, sz: Park, hk: Park, *, actor: Any, opens_days_ago: int, closes_in_days: int) -> Call:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    call = call_create(
        actor=actor,
        code=code,
        title_en=f"Shenzhen-Hong Kong Joint Research Scheme {year}",
        title_hans=f"深港联合资助研究计划 {year}",
        title_hant=f"深港聯合資助研究計劃 {year}",
        description_en=(
            "Joint projects of a Shenzhen and a Hong Kong team, each led by a principal investigator on its side. "
            "The Shenzhen park funds its team in renminbi, the Hong Kong park its team in Hong Kong dollars."
        ),
        description_hans="由深圳与香港团队联合开展的项目，双方各有一名项目负责人；深圳园区以人民币、香港园区以港元分别资助本方团队。",
        description_hant="由深圳與香港團隊聯合開展的項目，雙方各有一名項目負責人；深圳園區以人民幣、香港園區以港元分別資助本方團隊。",
        opens_at=now - timedelta(days=opens_days_ago),
        closes_at=now + timedelta(days=closes_in_days),
        key_areas=KEY_AREAS,
        reference_currency="CNY",
        exchange_rates={"HKD": "0.92"},
        max_budget=Decimal("2000000"),
        max_duration_months=36,
        allowed_organisation_kinds=["university", "research_institute", "laboratory"],
        max_proposals_led_per_person=2,
        reviewers_per_proposal=3,
        reviewer_load_min=1,
        reviewer_load_max=6,
        min_reviewers_outside_parks=1,
        max_reviewers_from_lead_park=2,
        coi_window_years=3,
        parks=_park_terms(sz, hk),
        categories=CATEGORIES,
        criteria=CRITERIA,
    )
    return call_publish(actor=actor, call=call)


def _applicant(actor: Any) -> Any:
    if getattr(actor, "pk", None) is not None and hasattr(actor, "get_username"):
        return actor
    user_model = get_user_model()
    found = user_model.objects.filter(username="researcher").first()
    if found is not None:
        return found
    from hetao.accounts.domain.services import user_create

    found = user_model.objects.filter(username="programmes-demo").first()
    return found or user_create(actor=None, username="programmes-demo", password=secrets.token_urlsafe(24))


def _researchers(park: Park) -> list[Affiliation]:
    today = timezone.localdate()
    return list(
        Affiliation.objects.filter(
            organisation__park=park,
            organisation__is_active=True,
            organisation__kind__in=["university", "research_institute", "laboratory"],
            start_date__lte=today,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("person", "organisation")
        .order_by("person_id", "pk")
    )


def _proposal(call: Call, *, applicant: Any, rng: random.Random, sz_pi: Affiliation, hk_pi: Affiliation) -> Any:
    method_en, method_zh = rng.choice(_METHODS)
    subject_en, subject_zh, area = rng.choice(_SUBJECTS)
    duration = rng.choice([24, 30, 36])
    proposal = proposal_create(
        actor=applicant,
        call=call,
        title_en=f"{method_en} {subject_en}",
        title_zh=f"{method_zh}{subject_zh}",
        abstract_en=(
            f"We combine {method_en.lower()} from the Hong Kong team with the Shenzhen team's platform "
            f"{subject_en}, and share data under both jurisdictions' rules."
        ),
        abstract_zh=f"本项目结合香港团队的{method_zh}与深圳团队的平台，{subject_zh}，并依照两地规则共享数据。",
        keywords_en=[method_en.lower(), area.lower()],
        keywords_zh=[method_zh],
        key_area=area,
        duration_months=duration,
        language=rng.choice(["en", "zh-hans", "zh-hant"]),
    )
    lead_first = [sz_pi, hk_pi] if rng.random() < 0.5 else [hk_pi, sz_pi]
    for affiliation in lead_first:
        team_member_add(
            actor=applicant,
            proposal=proposal,
            person=affiliation.person,
            organisation=affiliation.organisation,
            role="pi",
        )
    categories = {c.code: c for c in call.cost_categories.all()}
    years = (duration + 11) // 12
    for year in range(1, years + 1):
        for currency, scale in (("CNY", Decimal(1)), ("HKD", Decimal("1.08"))):
            staff = Decimal(rng.randrange(80, 160) * 1000) * scale
            budget_line_add(
                actor=applicant,
                proposal=proposal,
                category=categories["staff"],
                year=year,
                currency=currency,
                amount=staff,
            )
            budget_line_add(
                actor=applicant,
                proposal=proposal,
                category=categories["consumables"],
                year=year,
                currency=currency,
                amount=Decimal(rng.randrange(10, 40) * 1000) * scale,
            )
    budget_line_add(
        actor=applicant,
        proposal=proposal,
        category=categories["equipment"],
        year=1,
        currency=rng.choice(["CNY", "HKD"]),
        amount=Decimal(rng.randrange(50, 120) * 1000),
    )
    budget_line_add(
        actor=applicant,
        proposal=proposal,
        category=categories["travel"],
        year=1,
        currency="HKD",
        amount=Decimal("30000"),
    )
    attachment_add(
        actor=applicant,
        proposal=proposal,
        kind="narrative",
        data=demo_pdf(f"Project narrative: {method_en} {subject_en}"),
        file_name="narrative.pdf",
    )
    return proposal


def seed_programmes(*, actor: Any, rng: random.Random) -> list[Call]:
    """The open call and the call in review; existing calls (found by code) are returned as they are."""
    parks = _parks()
    if parks is None:
        return []
    sz, hk = parks
    calls: list[Call] = []
    existing = Call.objects.filter(code=OPEN_CODE).first()
    calls.append(existing or _call(OPEN_CODE, 2026, sz, hk, actor=actor, opens_days_ago=10, closes_in_days=45))
    existing = Call.objects.filter(code=REVIEW_CODE).first()
    if existing is not None:
        calls.append(existing)
        return calls
    call = _call(REVIEW_CODE, 2025, sz, hk, actor=actor, opens_days_ago=90, closes_in_days=1)
    applicant = _applicant(actor)
    sz_people, hk_people = _researchers(sz), _researchers(hk)
    led: dict[int, int] = {}
    for _ in range(PROPOSALS_IN_REVIEW):
        # The call lets one person lead at most two proposals.
        sz_free = [a for a in sz_people if led.get(a.person_id, 0) < 2]
        hk_free = [a for a in hk_people if led.get(a.person_id, 0) < 2]
        if not sz_free or not hk_free:
            break
        sz_pi = rng.choice(sz_free)
        hk_choices = [a for a in hk_free if a.person_id != sz_pi.person_id]
        if not hk_choices:
            break
        hk_pi = rng.choice(hk_choices)
        proposal = _proposal(call, applicant=applicant, rng=rng, sz_pi=sz_pi, hk_pi=hk_pi)
        proposal_submit(actor=applicant, proposal=proposal)
        for pi in (sz_pi, hk_pi):
            led[pi.person_id] = led.get(pi.person_id, 0) + 1
    call = call_update(actor=actor, call=call, closes_at=timezone.now() - timedelta(hours=1))
    calls.append(call_start_review(actor=actor, call=call))
    return calls
