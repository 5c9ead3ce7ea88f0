"""Query counts of the experts lists: the pool as a page and over the API, an expert's publications over the
API, and the publications and declarations on an expert's record, make as many queries for three rows as for
one, so an N+1 query fails here."""

from __future__ import annotations

import itertools

import pytest

from hetao.experts.domain.services import declaration_add, publication_add
from tests.experts.factories import make_expert, make_expert_with_account
from tests.factories.api import queries_for_get
from tests.factories.pages import texts
from tests.factories.people import make_organisation, make_person, make_user_with_role

pytestmark = pytest.mark.django_db
API = "/api/experts"
_years = itertools.count(2001)


def _pool_expert(family_name: str):
    """An expert with a publication and a declaration, so each row has counts to show."""
    expert = make_expert(make_person(family_name_latin=family_name))
    publication_add(actor=None, expert=expert, title=f"On {family_name}", year=next(_years))
    declaration_add(actor=None, expert=expert, kind="organisation", name="Acme Ltd", relationship="adviser")
    return expert


@pytest.mark.parametrize("role", ["programme_manager", "park_admin", "auditor"])
def test_pool_page_query_count_does_not_grow_with_rows(client, zone, role):
    client.force_login(make_user_with_role(role))
    _pool_expert("Chan")
    one = queries_for_get(client, "/experts/")
    _pool_expert("Li")
    _pool_expert("Ho")

    three = queries_for_get(client, "/experts/")

    assert len(texts(client.get("/experts/").content, "expert-row")) == 3
    assert three == one


@pytest.mark.parametrize("role", ["programme_manager", "auditor"])
def test_pool_endpoint_query_count_does_not_grow_with_rows(client, zone, role):
    client.force_login(make_user_with_role(role))
    _pool_expert("Chan")
    one = queries_for_get(client, f"{API}/")
    _pool_expert("Li")
    _pool_expert("Ho")

    three = queries_for_get(client, f"{API}/")

    assert client.get(f"{API}/").json()["count"] == 3
    assert three == one


def _publications(expert, n: int) -> None:
    for _ in range(n):
        year = next(_years)
        publication_add(
            actor=None, expert=expert, title=f"Paper of {year}", year=year, authors=["Tai-man Chan", "李伟"]
        )


def test_publication_list_endpoint_query_count_does_not_grow_with_rows(client):
    expert, user = make_expert_with_account()
    client.force_login(user)
    _publications(expert, 1)
    one = queries_for_get(client, f"{API}/{expert.pk}/publications")
    _publications(expert, 2)

    three = queries_for_get(client, f"{API}/{expert.pk}/publications")

    assert client.get(f"{API}/{expert.pk}/publications").json()["count"] == 3
    assert three == one


def _declarations(expert, kinds: list[str]) -> None:
    """Declarations of the kinds given: of a person in the directory, of an organisation in it, or of a name
    only (for someone not in the directory)."""
    for kind in kinds:
        year = next(_years)
        if kind == "person":
            person = make_person(family_name_latin=f"Student{year}")
            declaration_add(
                actor=None, expert=expert, kind="person", person=person, relationship="former student", since_year=2010
            )
        elif kind == "organisation":
            organisation = make_organisation(name_en=f"Company {year}")
            declaration_add(
                actor=None,
                expert=expert,
                kind="organisation",
                organisation=organisation,
                relationship="adviser",
                since_year=2015,
                until_year=2020,
            )
        else:
            declaration_add(
                actor=None, expert=expert, kind="organisation", name=f"Startup {year}", relationship="shares"
            )


@pytest.mark.parametrize("viewer", ["manager", "self"])
def test_expert_page_query_count_does_not_grow_with_publications_and_declarations(client, zone, viewer):
    expert, user = make_expert_with_account()
    client.force_login(user if viewer == "self" else make_user_with_role("programme_manager"))
    url = f"/experts/{expert.pk}/"
    _publications(expert, 1)
    _declarations(expert, ["person"])
    one = queries_for_get(client, url)
    _publications(expert, 2)
    _declarations(expert, ["organisation", "person"])

    three = queries_for_get(client, url)

    page = client.get(url).content
    assert (len(texts(page, "publication-row")), len(texts(page, "declaration"))) == (3, 3)
    assert three == one


def test_expert_endpoint_query_count_does_not_grow_with_publications_and_declarations(client, zone):
    expert = make_expert()
    client.force_login(make_user_with_role("programme_manager"))
    url = f"{API}/{expert.pk}"
    _publications(expert, 1)
    _declarations(expert, ["person"])
    one = queries_for_get(client, url)
    _publications(expert, 2)
    _declarations(expert, ["organisation", "person"])

    three = queries_for_get(client, url)

    body = client.get(url).json()
    assert (len(body["publications"]), len(body["declarations"])) == (3, 3)
    assert three == one
