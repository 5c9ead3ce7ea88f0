"""Services of the pool of experts: create, update with versions, publications, declarations, audit."""

from __future__ import annotations

import pytest

from hetao.audit.models import AuditEvent
from hetao.core.errors import Conflict, ValidationFailed
from hetao.experts.domain.selectors import coauthor_names, expert_profile, expert_profiles, expert_search
from hetao.experts.domain.services import (
    declaration_add,
    declaration_delete,
    expert_update,
    publication_add,
    publication_delete,
    publication_update,
)
from hetao.experts.models import Declaration, Expert, Publication
from tests.experts.factories import make_expert
from tests.factories.people import make_organisation, make_person, make_user_with_role

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def test_expert_create_cleans_keywords_and_is_audited():
    expert = make_expert(keywords=" AI , 机器学习，机器学习、robotics\n", statement_en="  Robots.  ")

    assert (expert.keywords, expert.statement_en, expert.version) == (["AI", "机器学习", "robotics"], "Robots.", 1)
    assert _actions()[-1] == "expert.create"


def test_expert_create_twice_for_one_person_is_a_conflict():
    person = make_person()
    make_expert(person)

    with pytest.raises(Conflict) as caught:
        make_expert(person)

    assert (caught.value.code, caught.value.field) == ("expert_exists", "person")
    assert Expert.objects.count() == 1


def test_expert_create_reports_every_problem_at_once():
    with pytest.raises(ValidationFailed) as caught:
        make_expert(load_max=101, keywords=["x" * 61], statement_zh="长" * 5001)

    assert sorted((p.field, p.code) for p in caught.value.problems) == [
        ("keywords", "keyword_too_long"),
        ("load_max", "load_out_of_range"),
        ("statement_zh", "too_long"),
    ]
    assert Expert.objects.count() == 0


def test_expert_update_bumps_the_version_and_records_the_change():
    expert = make_expert()

    updated = expert_update(actor=None, expert=expert, version=1, load_max=3, keywords=["robotics"])

    assert (updated.version, updated.load_max, updated.keywords) == (2, 3, ["robotics"])
    event = AuditEvent.objects.order_by("-sequence").first()
    assert (event.action, event.payload["changed"], event.payload["before"]["load_max"]) == (
        "expert.update",
        {"load_max": 3, "keywords": ["robotics"]},
        6,
    )


def test_expert_update_with_a_stale_version_changes_nothing():
    expert = make_expert()
    expert_update(actor=None, expert=expert, version=1, load_max=3)

    with pytest.raises(Conflict) as caught:
        expert_update(actor=None, expert=expert, version=1, load_max=9)

    assert (caught.value.code, caught.value.field) == ("stale_version", "version")
    assert Expert.objects.get().load_max == 3


def test_expert_update_without_a_change_keeps_the_version():
    expert = make_expert()

    assert expert_update(actor=None, expert=expert, version=1, load_max=6).version == 1


def test_publication_add_normalises_and_refuses_duplicates_by_doi_and_title():
    expert = make_expert()
    first = publication_add(
        actor=None,
        expert=expert,
        title="  Quantum  Error Correction ",
        year=2020,
        doi="https://doi.org/10.1000/ABC",
        authors="Chan Tai-man; 李伟\n",
    )

    with pytest.raises(Conflict) as by_doi:
        publication_add(actor=None, expert=expert, title="Other", year=2021, doi="10.1000/abc")
    with pytest.raises(Conflict) as by_title:
        publication_add(actor=None, expert=expert, title="quantum error-correction.", year=2020)

    assert (first.title, first.doi, first.authors) == (
        "Quantum Error Correction",
        "10.1000/abc",
        ["Chan Tai-man", "李伟"],
    )
    assert (by_doi.value.code, by_title.value.code) == ("duplicate_publication", "duplicate_publication")
    assert Publication.objects.count() == 1
    # Another year is another publication (a conference paper and its journal version).
    assert publication_add(actor=None, expert=expert, title="Quantum error correction", year=2021).year == 2021


def test_publication_add_reports_every_invalid_field():
    with pytest.raises(ValidationFailed) as caught:
        publication_add(actor=None, expert=make_expert(), title="", year=1850, doi="not-a-doi")

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("title", "required"),
        ("year", "invalid_year"),
        ("doi", "invalid_doi"),
    ]


def test_publication_update_checks_the_version_and_duplicates():
    expert = make_expert()
    publication = publication_add(actor=None, expert=expert, title="One", year=2020)
    publication_add(actor=None, expert=expert, title="Two", year=2020)

    updated = publication_update(actor=None, publication=publication, version=1, venue="  Nature ")
    with pytest.raises(Conflict) as stale:
        publication_update(actor=None, publication=publication, version=1, venue="Science")
    with pytest.raises(Conflict) as duplicate:
        publication_update(actor=None, publication=publication, version=2, title="TWO")

    assert (updated.venue, updated.version) == ("Nature", 2)
    assert (stale.value.code, duplicate.value.code) == ("stale_version", "duplicate_publication")
    assert Publication.objects.get(pk=publication.pk).title == "One"


def test_publication_delete_is_audited():
    publication = publication_add(actor=None, expert=make_expert(), title="One", year=2020)

    publication_delete(actor=None, publication=publication)

    assert Publication.objects.count() == 0
    assert _actions()[-1] == "publication.delete"


def test_declaration_add_and_delete():
    expert = make_expert()
    student = make_person(family_name_latin="Li", given_name_latin="Wei", family_name_hans="李", given_name_hans="伟")
    company = make_organisation(kind="enterprise")

    by_person = declaration_add(
        actor=None, expert=expert, kind="person", person=student, relationship="former PhD student", since_year=2015
    )
    by_name = declaration_add(
        actor=None, expert=expert, kind="organisation", name="Acme Robotics Ltd", relationship="adviser"
    )
    by_org = declaration_add(
        actor=None, expert=expert, kind="organisation", organisation=company, relationship="shares"
    )
    declaration_delete(actor=None, declaration=by_name)

    assert sorted(Declaration.objects.values_list("pk", flat=True)) == sorted([by_person.pk, by_org.pk])
    assert _actions()[-4:] == ["declaration.add", "declaration.add", "declaration.add", "declaration.delete"]


def test_declaration_add_refuses_what_makes_no_sense():
    expert = make_expert()

    with pytest.raises(ValidationFailed) as caught:
        declaration_add(
            actor=None,
            expert=expert,
            kind="person",
            person=expert.person,
            organisation=make_organisation(),
            relationship="",
            since_year=2020,
            until_year=2019,
        )

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("organisation", "wrong_kind"),
        ("person", "self"),
        ("relationship", "required"),
        ("until_year", "years_reversed"),
    ]
    with pytest.raises(ValidationFailed) as nobody:
        declaration_add(actor=None, expert=expert, kind="organisation", relationship="adviser")
    assert [(p.field, p.code) for p in nobody.value.problems] == [("organisation", "required")]
    assert Declaration.objects.count() == 0


def test_expert_profile_and_profiles_hold_statements_publications_and_keywords():
    expert = make_expert(statement_en="Robots.", statement_zh="机器人。", keywords=["robotics"])
    publication_add(actor=None, expert=expert, title="Legged robots", abstract="We walk.", year=2020)
    publication_add(actor=None, expert=expert, title="Soft grippers", year=2019)

    profile = expert_profile(expert)

    assert profile.texts == ["Robots.", "机器人。", "Legged robots\nWe walk.", "Soft grippers"]
    assert profile.keywords == ["robotics"]
    assert expert_profiles([expert.pk]) == {expert.pk: profile}


def test_coauthor_names_since_a_year_without_the_expert_themself():
    expert = make_expert()  # 陳大文 / Chan Tai-man
    publication_add(actor=None, expert=expert, title="New", year=2022, authors=["Tai-man Chan", "李伟", "CHEUNG Wai"])
    publication_add(actor=None, expert=expert, title="Old", year=2010, authors=["陳大文", "Wong Siu Ming"])

    assert coauthor_names(expert, 2015) == [("李伟", 2022, "New"), ("CHEUNG Wai", 2022, "New")]
    assert [c.name for c in coauthor_names(expert)] == ["李伟", "CHEUNG Wai", "Wong Siu Ming"]


def test_expert_search_by_name_and_by_topic_across_scripts():
    manager = make_user_with_role("programme_manager")
    quantum = make_expert(keywords=["量子計算"], statement_en="Superconducting qubits.")
    robots = make_expert(
        make_person(family_name_latin="Li", given_name_latin="Wei", family_name_hans="李", given_name_hans="伟"),
        keywords=["robotics"],
        statement_en="Legged robots.",
    )

    assert list(expert_search(manager, "量子计算")) == [quantum]
    assert list(expert_search(manager, "LEGGED robots")) == [robots]
    assert list(expert_search(manager, "李伟")) == [robots]
    assert list(expert_search(manager, "")) == [quantum, robots]
