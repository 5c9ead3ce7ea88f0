"""Calls, proposals under review and experts for the evaluation tests.

People and organisations go through the zone's services. Calls, proposals and experts are written as rows here:
these tests need proposals already submitted with exact teams, and the programmes and experts services are
tested in their own apps.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hetao.experts.models import Expert, Publication
from hetao.programmes.models import Call, CallPark, Proposal, RubricCriterion, TeamMember
from hetao.zone.domain.services import person_link_user
from tests.factories.people import make_affiliation, make_organisation, make_person, make_user

_counter = itertools.count(1)

# Distinct names, so that no two test people match by name unless a test means them to.
_NAMES = [
    ("王", "小明", "Wang", "Xiaoming"),
    ("李", "建国", "Li", "Jianguo"),
    ("张", "丽华", "Zhang", "Lihua"),
    ("刘", "志强", "Liu", "Zhiqiang"),
    ("杨", "秀英", "Yang", "Xiuying"),
    ("黄", "海涛", "Huang", "Haitao"),
    ("赵", "玉兰", "Zhao", "Yulan"),
    ("周", "国平", "Zhou", "Guoping"),
    ("吴", "雪梅", "Wu", "Xuemei"),
    ("徐", "文博", "Xu", "Wenbo"),
    ("孙", "晓东", "Sun", "Xiaodong"),
    ("马", "春燕", "Ma", "Chunyan"),
    ("朱", "立新", "Zhu", "Lixin"),
    ("胡", "静怡", "Hu", "Jingyi"),
    ("郭", "子轩", "Guo", "Zixuan"),
    ("何", "美玲", "He", "Meiling"),
    ("高", "振宇", "Gao", "Zhenyu"),
    ("林", "诗涵", "Lin", "Shihan"),
    ("罗", "浩然", "Luo", "Haoran"),
    ("郑", "佳琪", "Zheng", "Jiaqi"),
    ("梁", "俊杰", "Liang", "Junjie"),
    ("宋", "欣怡", "Song", "Xinyi"),
    ("谢", "宇航", "Xie", "Yuhang"),
    ("韩", "雨桐", "Han", "Yutong"),
]
_name_counter = itertools.count(0)


def person(**fields: Any) -> Any:
    """A mainland person with a name no other test person has (unless fields say otherwise)."""
    family, given, family_latin, given_latin = _NAMES[next(_name_counter) % len(_NAMES)]
    n = next(_counter)
    defaults = {
        "family_name_hans": family,
        "given_name_hans": given,
        "family_name_hant": "",
        "given_name_hant": "",
        "family_name_latin": family_latin,
        "given_name_latin": given_latin,
        "romanisation": "pinyin",
        "home_region": "CN",
        "email": f"person{n}@example.org",
    }
    defaults.update(fields)
    return make_person(**defaults)


def make_call(*, sz_park: Any, hk_park: Any, **fields: Any) -> Call:
    """A joint call in review: 3 reviewers per proposal, loads 0..6, three criteria (weights 0.5/0.3/0.2,
    scale 1..5), reviews due in ten days."""
    now = timezone.now()
    n = next(_counter)
    values: dict[str, Any] = {
        "code": f"eval-{n}",
        "title_en": f"Joint Research Scheme {n}",
        "status": "in_review",
        "opens_at": now - timedelta(days=60),
        "closes_at": now - timedelta(days=30),
        "review_deadline": now + timedelta(days=10),
        "reviewers_per_proposal": 3,
        "reviewer_load_min": 0,
        "reviewer_load_max": 6,
        "coi_window_years": 3,
    }
    values.update(fields)
    call = Call.objects.create(**values)
    for park in (sz_park, hk_park):
        CallPark.objects.create(
            call=call, park=park, currency=park.currency, share_percent=Decimal(50), budget=Decimal(1000000)
        )
    for order, (code, weight) in enumerate((("excellence", "0.5"), ("impact", "0.3"), ("team", "0.2"))):
        RubricCriterion.objects.create(
            call=call, code=code, name_en=code.title(), weight=Decimal(weight), scale_min=1, scale_max=5, order=order
        )
    return call


def make_proposal(
    call: Call,
    *,
    team: list[tuple[Any, Any, str]],
    status: str = "submitted",
    submitted_at: Any = None,
    **fields: Any,
) -> Proposal:
    """A proposal with ``team`` = [(person, organisation, role)], the first PI being the lead."""
    n = next(_counter)
    values: dict[str, Any] = {
        "reference": f"P-{n:04d}",
        "status": status,
        "title_en": "Federated learning for hospital imaging",
        "title_zh": "面向医院影像的联邦学习",
        "abstract_en": "We train imaging models across hospitals without moving patient data.",
        "abstract_zh": "在不移动患者数据的情况下跨医院训练影像模型。",
        "keywords_en": ["federated learning", "medical imaging"],
        "keywords_zh": ["联邦学习"],
        "created_by": make_user(),
        "submitted_at": submitted_at or (timezone.now() - timedelta(days=35) if status != "draft" else None),
    }
    values.update(fields)
    proposal = Proposal.objects.create(call=call, **values)
    for order, (member, organisation, role) in enumerate(team):
        TeamMember.objects.create(proposal=proposal, person=member, organisation=organisation, role=role, order=order)
    return proposal


def member_at(park: Any, *, organisation: Any = None, **fields: Any) -> tuple[Any, Any]:
    """A person affiliated (since 2020, now) to an organisation in ``park`` (None: outside): (person, org)."""
    organisation = organisation or make_organisation(park=park)
    someone = person(**fields)
    make_affiliation(someone, organisation, start=date(2020, 1, 1), is_primary=True)
    return someone, organisation


def simple_proposal(call: Call, *, sz_park: Any, hk_park: Any, **fields: Any) -> Proposal:
    """A proposal led from Shenzhen with a co-PI in Hong Kong."""
    lead, lead_org = member_at(sz_park)
    co, co_org = member_at(hk_park)
    return make_proposal(call, team=[(lead, lead_org, "pi"), (co, co_org, "pi")], **fields)


def make_expert(
    *,
    park: Any = None,
    organisation: Any = None,
    account: bool = True,
    who: Any = None,
    **fields: Any,
) -> Expert:
    """An expert with a primary affiliation (at ``organisation``, or a new one in ``park``; None: outside the
    parks) and, with ``account``, a user account linked to their person."""
    someone = who or person()
    if organisation is None:
        organisation = make_organisation(park=park)
    make_affiliation(someone, organisation, start=date(2019, 1, 1), is_primary=True)
    if account:
        someone = person_link_user(actor=None, person=someone, user=make_user())
    defaults: dict[str, Any] = {
        "statement_en": "Machine learning for medical imaging; federated learning.",
        "keywords": ["federated learning", "imaging"],
    }
    defaults.update(fields)
    return Expert.objects.create(person=someone, **defaults)


def publication(expert: Expert, *, authors: list[str], year: int | None = None, title: str = "A paper") -> Publication:
    return Publication.objects.create(
        expert=expert, title=title, year=year or timezone.localdate().year - 1, authors=authors
    )


def user_of(expert: Expert) -> Any:
    expert.person.refresh_from_db()
    return expert.person.user
