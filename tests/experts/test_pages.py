"""The experts pages: pool with search, detail, forms with field errors, import report, own profile,
permissions (an outsider gets 404) and no inline code."""

from __future__ import annotations

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hetao.experts.demo import seed_experts
from hetao.experts.domain.services import declaration_add, publication_add
from hetao.experts.models import Declaration, Expert, Publication
from tests.experts.factories import make_expert, make_expert_with_account
from tests.factories.pages import inline_code, text, texts
from tests.factories.people import make_person, make_user, make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user_with_role("park_admin")


def test_pool_list_searches_with_htmx(client, manager):
    make_expert(keywords=["robotics"])
    make_expert(make_person(family_name_latin="Li", given_name_latin="Wei"), keywords=["量子计算"])
    client.force_login(manager)

    page = client.get("/experts/")
    fragment = client.get("/experts/", {"q": "robotics"}, HTTP_HX_REQUEST="true")

    assert len(texts(page.content, "expert-row")) == 2
    assert inline_code(page.content) == []
    assert texts(fragment.content, "expert-name") == ["CHAN Tai-man"]
    assert b"<html" not in fragment.content


def test_pool_list_is_refused_to_an_outsider_and_sends_an_expert_to_their_record(client):
    expert, user = make_expert_with_account()
    client.force_login(make_user_with_role("researcher"))
    assert client.get("/experts/").status_code == 403

    client.force_login(user)
    assert client.get("/experts/")["Location"] == f"/experts/{expert.pk}/"
    assert client.get("/experts/me/")["Location"] == f"/experts/{expert.pk}/"


def test_me_page_for_someone_not_in_the_pool(client):
    client.force_login(make_user())

    response = client.get("/experts/me/")

    assert response.status_code == 200
    assert "You are not in the pool of experts." in text(response.content, "not-an-expert")


def test_detail_shows_publications_and_declarations(client, manager):
    expert = make_expert(keywords=["AI", "机器人"])
    publication_add(actor=None, expert=expert, title="Legged robots", year=2020, authors=["Tai-man Chan", "李伟"])
    declaration_add(
        actor=None, expert=expert, kind="organisation", name="Acme Ltd", relationship="adviser", since_year=2019
    )
    client.force_login(manager)

    response = client.get(f"/experts/{expert.pk}/")

    assert texts(response.content, "publication-title") == ["Legged robots"]
    assert texts(response.content, "publication-authors") == ["Tai-man Chan; 李伟"]
    assert texts(response.content, "declaration")[0].startswith("Acme Ltd — adviser since 2019")
    assert text(response.content, "expert-keywords") == "AI, 机器人"
    assert inline_code(response.content) == []


def test_outsider_gets_404_on_every_expert_page(client):
    expert = make_expert()
    publication = publication_add(actor=None, expert=expert, title="One", year=2020)
    client.force_login(make_user_with_role("reviewer"))

    for url in (
        f"/experts/{expert.pk}/",
        f"/experts/{expert.pk}/edit/",
        f"/experts/{expert.pk}/import/",
        f"/experts/{expert.pk}/publications/new/",
        f"/experts/{expert.pk}/publications/{publication.pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/experts/{expert.pk}/publications/{publication.pk}/delete/").status_code == 404
    assert Publication.objects.count() == 1


def test_create_form_shows_field_errors_then_creates(client, manager):
    person = make_person()
    client.force_login(manager)

    bad = client.post("/experts/new/", {"person": person.pk, "load_max": 6, "keywords": "x" * 61})
    good = client.post(
        "/experts/new/", {"person": person.pk, "load_max": 5, "is_active": "on", "keywords": "AI，机器人, robotics"}
    )

    assert bad.status_code == 200
    assert "Keywords: The keyword" in text(bad.content, "error-summary")
    expert = Expert.objects.get()
    assert good["Location"] == f"/experts/{expert.pk}/"
    assert (expert.keywords, expert.load_max) == (["AI", "机器人", "robotics"], 5)


def test_expert_edits_own_statement_without_load_fields(client):
    expert, user = make_expert_with_account()
    client.force_login(user)

    form = client.get(f"/experts/{expert.pk}/edit/")
    saved = client.post(f"/experts/{expert.pk}/edit/", {"version": 1, "statement_en": "Robots.", "keywords": "AI"})
    stale = client.post(f"/experts/{expert.pk}/edit/", {"version": 1, "statement_en": "Drones.", "keywords": "AI"})

    assert b'name="load_max"' not in form.content
    assert saved.status_code == 302
    assert "Someone else changed this record" in text(stale.content, "error-summary")
    expert.refresh_from_db()
    assert (expert.statement_en, expert.load_max, expert.version) == ("Robots.", 6, 2)


def test_auditor_sees_but_may_not_edit(client):
    expert = make_expert()
    client.force_login(make_user_with_role("auditor"))

    assert client.get(f"/experts/{expert.pk}/").status_code == 200
    assert client.get(f"/experts/{expert.pk}/edit/").status_code == 403


def test_publication_form_errors_and_edit(client, manager):
    expert = make_expert()
    client.force_login(manager)

    bad = client.post(
        f"/experts/{expert.pk}/publications/new/",
        {"publication-title": "T", "publication-year": 2020, "publication-doi": "nope"},
    )
    good = client.post(
        f"/experts/{expert.pk}/publications/new/",
        {"publication-title": "T", "publication-year": 2020, "publication-authors": "陈大文\nLi Wei"},
    )
    publication = Publication.objects.get()
    edited = client.post(
        f"/experts/{expert.pk}/publications/{publication.pk}/edit/",
        {"publication-title": "T2", "publication-year": 2021, "publication-version": 1},
    )

    assert "DOI: nope is not a DOI" in text(bad.content, "error-summary")
    assert (good.status_code, edited.status_code) == (302, 302)
    publication.refresh_from_db()
    assert (publication.title, publication.year, publication.authors) == ("T2", 2021, [])


def test_publication_delete_with_htmx_returns_the_section(client, manager):
    expert = make_expert()
    keep = publication_add(actor=None, expert=expert, title="Keep", year=2020)
    drop = publication_add(actor=None, expert=expert, title="Drop", year=2021)
    client.force_login(manager)

    response = client.post(f"/experts/{expert.pk}/publications/{drop.pk}/delete/", HTTP_HX_REQUEST="true")

    assert texts(response.content, "publication-title") == ["Keep"]
    assert list(Publication.objects.values_list("pk", flat=True)) == [keep.pk]


def test_import_page_shows_the_report(client):
    expert, user = make_expert_with_account()
    client.force_login(user)
    upload = SimpleUploadedFile(
        "pubs.bib", b"@article{a, title={One}, year=2020}\n@article{b, title={Two}}\n", content_type="text/plain"
    )

    response = client.post(f"/experts/{expert.pk}/import/", {"import-file": upload, "import-file_format": "bibtex"})

    assert (
        text(response.content, "import-summary")
        == "1 publication imported, 0 skipped as already listed, 1 with problems."
    )
    assert texts(response.content, "import-error") == ["Entry 2 (b), line 2: Give the year of publication."]
    assert inline_code(response.content) == []


def test_import_page_shows_an_unreadable_file_on_the_field(client, manager):
    expert = make_expert()
    client.force_login(manager)
    upload = SimpleUploadedFile("pubs.bib", b"nothing here", content_type="text/plain")

    response = client.post(f"/experts/{expert.pk}/import/", {"import-file": upload, "import-file_format": "bibtex"})

    assert "Publication list: No BibTeX entry" in text(response.content, "error-summary")
    assert Publication.objects.count() == 0


def test_declaration_add_with_htmx_and_errors(client):
    expert, user = make_expert_with_account()
    client.force_login(user)
    url = f"/experts/{expert.pk}/declarations/new/"

    bad = client.post(
        url, {"declaration-kind": "organisation", "declaration-relationship": "adviser"}, HTTP_HX_REQUEST="true"
    )
    good = client.post(
        url,
        {"declaration-kind": "organisation", "declaration-name": "Acme Ltd", "declaration-relationship": "adviser"},
        HTTP_HX_REQUEST="true",
    )

    assert "Choose the organisation" in text(bad.content, "error-summary")
    assert texts(good.content, "declaration")[0].startswith("Acme Ltd — adviser")
    declaration = Declaration.objects.get()
    deleted = client.post(f"/experts/{expert.pk}/declarations/{declaration.pk}/delete/")
    assert deleted.status_code == 302
    assert Declaration.objects.count() == 0


def test_seed_experts_is_idempotent_and_names_other_people():
    people = [
        make_person(),
        make_person(
            family_name_hans="李",
            given_name_hans="伟",
            family_name_hant="李",
            given_name_hant="偉",
            family_name_latin="Li",
            given_name_latin="Wei",
            romanisation="pinyin",
            home_region="CN",
        ),
        make_person(
            family_name_hans="张",
            given_name_hans="敏",
            family_name_hant="張",
            given_name_hant="敏",
            family_name_latin="Cheung",
            given_name_latin="Man",
            home_region="HK",
        ),
    ]

    first = seed_experts(actor=None, people=people, rng=random.Random(7))  # noqa: S311 - seeded demo data
    count = Publication.objects.count()
    again = seed_experts(actor=None, people=people, rng=random.Random(8))  # noqa: S311 - seeded demo data

    assert [e.pk for e in first] == [e.pk for e in again]
    assert Publication.objects.count() == count >= 9
    for expert in first:
        assert expert.statement_en
        assert expert.statement_zh
        assert len(expert.keywords) == 5
        assert all(len(p.authors) >= 2 for p in expert.publications.all())
    printed = {name for p in Publication.objects.all() for name in p.authors}
    assert printed & {"李伟", "李偉", "Wei Li", "LI Wei", "张敏", "張敏", "Man Cheung", "CHEUNG Man"}
