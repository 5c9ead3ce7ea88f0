"""Demo experts: believable bilingual statements, keywords and publications for people of the directory, with
co-author lists that name other demo people in the forms papers print them (characters in either script,
pinyin or Hong Kong romanisation, either order), so that conflict detection has something to find."""

from __future__ import annotations

import random
from dataclasses import dataclass

from hetao.core.errors import Conflict
from hetao.experts.domain.services import expert_create, publication_add
from hetao.experts.enums import PublicationSource
from hetao.experts.models import Expert
from hetao.zone.models import Person


@dataclass(frozen=True)
class _Topic:
    name_en: str
    name_zh: str
    keywords: tuple[str, ...]
    subjects: tuple[tuple[str, str], ...]  # (English, Chinese) research subjects
    venues: tuple[str, ...]


_TOPICS: tuple[_Topic, ...] = (
    _Topic(
        "microelectronics",
        "微电子",
        ("integrated circuits", "集成电路", "EDA", "RISC-V", "chiplets", "先进封装", "low-power design"),
        (
            ("chiplet interconnects for heterogeneous integration", "面向异构集成的芯粒互连"),
            ("low-power RISC-V processor design", "低功耗RISC-V处理器设计"),
            ("3D stacked memory thermal management", "三维堆叠存储器的热管理"),
            ("analog front-ends for biomedical sensing", "生物医学传感模拟前端"),
        ),
        ("IEEE Journal of Solid-State Circuits", "IEEE Transactions on Electron Devices", "微电子学"),
    ),
    _Topic(
        "artificial intelligence",
        "人工智能",
        (
            "machine learning",
            "机器学习",
            "large language models",
            "大语言模型",
            "computer vision",
            "federated learning",
        ),
        (
            ("federated learning under cross-border data rules", "跨境数据规则下的联邦学习"),
            ("efficient fine-tuning of large language models", "大语言模型的高效微调"),
            ("robust object detection in dense urban scenes", "密集城市场景中的鲁棒目标检测"),
            ("Cantonese and Mandarin speech recognition", "粤语与普通话语音识别"),
        ),
        ("NeurIPS", "IEEE Transactions on Pattern Analysis and Machine Intelligence", "计算机学报"),
    ),
    _Topic(
        "biomedicine",
        "生物医药",
        ("drug discovery", "药物发现", "single-cell sequencing", "单细胞测序", "immunotherapy", "免疫治疗"),
        (
            ("single-cell atlases of nasopharyngeal carcinoma", "鼻咽癌单细胞图谱"),
            ("CAR-T therapy for solid tumours", "实体瘤的CAR-T疗法"),
            ("AI-assisted small-molecule drug discovery", "人工智能辅助的小分子药物发现"),
            ("gut microbiome and metabolic disease", "肠道微生物组与代谢疾病"),
        ),
        ("Nature Medicine", "Cell Reports", "中华医学杂志"),
    ),
    _Topic(
        "new materials",
        "新材料",
        ("perovskite", "钙钛矿", "two-dimensional materials", "二维材料", "solid-state batteries", "固态电池"),
        (
            ("stable perovskite solar cells", "稳定的钙钛矿太阳能电池"),
            ("solid-state electrolytes for lithium metal batteries", "锂金属电池固态电解质"),
            ("graphene membranes for desalination", "用于海水淡化的石墨烯膜"),
            ("high-entropy alloys for extreme environments", "极端环境用高熵合金"),
        ),
        ("Advanced Materials", "Nature Energy", "材料导报"),
    ),
    _Topic(
        "quantum technology",
        "量子科技",
        ("quantum computing", "量子计算", "quantum error correction", "量子纠错", "quantum sensing", "量子精密测量"),
        (
            ("superconducting qubit error correction", "超导量子比特纠错"),
            ("quantum key distribution over metropolitan fibre", "城域光纤量子密钥分发"),
            ("nitrogen-vacancy centre magnetometry", "氮空位色心磁测量"),
            ("variational quantum algorithms for chemistry", "面向化学的变分量子算法"),
        ),
        ("Physical Review Letters", "npj Quantum Information", "物理学报"),
    ),
    _Topic(
        "robotics",
        "机器人",
        ("robotics", "机器人", "motion planning", "运动规划", "soft robotics", "软体机器人", "embodied AI"),
        (
            ("legged robot locomotion on rough terrain", "复杂地形下的足式机器人运动"),
            ("soft grippers for food handling", "用于食品抓取的软体夹爪"),
            ("surgical robot force feedback", "手术机器人力反馈"),
            ("multi-robot coordination in warehouses", "仓储多机器人协同"),
        ),
        ("IEEE Transactions on Robotics", "Science Robotics", "机器人"),
    ),
)

_TITLE_FORMS = (
    "Towards {subject}",
    "A study of {subject}",
    "{Subject}: methods and applications",
    "Scalable approaches to {subject}",
    "Revisiting {subject}",
)


def _name_forms(person: Person) -> list[str]:
    """How a person's name may be printed on a paper."""
    forms = []
    family, given = person.family_name_latin, person.given_name_latin
    if person.family_name_hans:
        forms.append(person.family_name_hans + person.given_name_hans)
    if person.family_name_hant:
        forms.append(person.family_name_hant + person.given_name_hant)
    if given:
        forms.append(f"{given} {family}")
        forms.append(f"{family.upper()} {given}")
    else:
        forms.append(family)
    forms.extend(n for n in person.other_names if n)
    return forms


def _printed(person: Person, rng: random.Random) -> str:
    return rng.choice(_name_forms(person))


def _own_printed(person: Person) -> str:
    given = person.given_name_latin
    return f"{given} {person.family_name_latin}" if given else person.family_name_latin


def seed_experts(*, actor: object | None, people: list[Person], rng: random.Random) -> list[Expert]:
    """One expert per person given, each with statements, keywords and 3 to 7 publications whose co-authors
    include other people of the list. Idempotent: a person already in the pool is returned as they are."""
    experts: list[Expert] = []
    existing = {e.person_id: e for e in Expert.objects.filter(person__in=people).select_related("person")}
    for person in people:
        if person.pk in existing:
            experts.append(existing[person.pk])
            continue
        topic = rng.choice(_TOPICS)
        second = rng.choice([t for t in _TOPICS if t is not topic])
        subjects = rng.sample(topic.subjects, 2)
        keywords = rng.sample(topic.keywords, 4) + rng.sample(second.keywords, 1)
        statement_en = (
            f"Works on {topic.name_en}, in particular {subjects[0][0]} and {subjects[1][0]}; "
            f"has also reviewed for programmes in {second.name_en}."
        )
        statement_zh = (
            f"从事{topic.name_zh}研究，主要方向为{subjects[0][1]}和{subjects[1][1]}；亦评审过{second.name_zh}领域项目。"
        )
        expert = expert_create(
            actor=actor,
            person=person,
            statement_en=statement_en,
            statement_zh=statement_zh,
            keywords=keywords,
            load_max=rng.choice((3, 4, 5, 6, 6, 8)),
            is_active=rng.random() > 0.05,
        )
        others = [p for p in people if p.pk != person.pk]
        used: set[tuple[str, int]] = set()
        for _ in range(rng.randint(3, 7)):
            subject_en, subject_zh = rng.choice(topic.subjects)
            year = rng.randint(2012, 2025)
            chinese = rng.random() < 0.25
            if chinese:
                title = f"{subject_zh}{rng.choice(('研究', '的新进展', '方法与应用', '关键技术'))}"
            else:
                form = rng.choice(_TITLE_FORMS)
                title = form.format(subject=subject_en, Subject=subject_en[:1].upper() + subject_en[1:])
            if (title, year) in used:
                continue
            used.add((title, year))
            coauthors = [_printed(p, rng) for p in rng.sample(others, min(len(others), rng.randint(1, 4)))]
            authors = coauthors[:]
            authors.insert(rng.randint(0, len(authors)), _own_printed(person))
            abstract = (
                f"本文研究{subject_zh}，提出了一种新方法并在实验中验证其有效性。"
                if chinese
                else f"We study {subject_en} and propose a method that improves on the state of the art in "
                f"{topic.name_en}; experiments on public benchmarks confirm the gains."
            )
            doi = f"10.{rng.randint(1000, 9999)}/hetao.{year}.{rng.randint(10000, 99999)}" if rng.random() < 0.7 else ""
            try:
                publication_add(
                    actor=actor,
                    expert=expert,
                    title=title,
                    year=year,
                    abstract=abstract,
                    venue=rng.choice(topic.venues),
                    doi=doi,
                    authors=authors,
                    source=PublicationSource.MANUAL,
                )
            except Conflict:
                continue  # a title or DOI drawn twice for this expert
        experts.append(expert)
    return experts
