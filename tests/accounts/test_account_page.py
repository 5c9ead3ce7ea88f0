"""The account page: person, roles with their scopes, session expiry."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from hetao.accounts.domain.services import role_grant
from tests.factories.accounts import make_token, signed_in
from tests.factories.people import make_organisation, make_person, make_user

ACCOUNT = "accounts:account"


@pytest.mark.django_db
def test_account_anonymous_redirected_to_login(client):
    response = client.get(reverse(ACCOUNT))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={reverse(ACCOUNT)}"


@pytest.mark.django_db
def test_account_post_is_refused(client):
    client.force_login(make_user())

    response = client.post(reverse(ACCOUNT))

    assert response.status_code == 405


@pytest.mark.django_db
def test_account_without_person_says_so(client):
    client.force_login(make_user())

    response = client.get(reverse(ACCOUNT))

    assert response.status_code == 200
    assert response.context["person"] is None
    assert "No person in the directory is linked to this account." in response.content.decode()


@pytest.mark.django_db
def test_account_shows_linked_person(client):
    from hetao.zone.domain.services import person_link_user

    user = make_user()
    person = make_person(family_name_latin="Chan", given_name_latin="Tai-man")
    person_link_user(actor=None, person=person, user=user)
    client.force_login(user)

    response = client.get(reverse(ACCOUNT))

    assert response.status_code == 200
    assert response.context["person"] == person
    url = reverse("zone:person_detail", args=[person.pk])
    assert f'<a href="{url}">{person.name}</a>' in response.content.decode()


@pytest.mark.django_db
def test_account_lists_roles_with_scope_names_in_active_language(client, sz_park):
    user = make_user()
    organisation = make_organisation(park=sz_park, name_en="Shenzhen Lab", name_hans="深圳实验室")
    role_grant(actor=None, user=user, role="reviewer", scope="zone")
    role_grant(actor=None, user=user, role="park_admin", scope="park", park=sz_park)
    role_grant(actor=None, user=user, role="organisation_admin", scope="organisation", organisation=organisation)
    client.force_login(user)

    english = client.get(reverse(ACCOUNT), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(reverse(ACCOUNT), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert [(a.role, a.scope) for a in client.get(reverse(ACCOUNT)).context["roles"]] == [
        ("organisation_admin", "organisation"),
        ("park_admin", "park"),
        ("reviewer", "zone"),
    ]
    assert "Shenzhen Lab" in english
    assert sz_park.name_en in english
    assert sz_park.zone.name_en in english
    assert "深圳实验室" in chinese
    assert sz_park.name_hans in chinese


@pytest.mark.django_db
def test_account_shows_stored_session_expiry(client, settings):
    settings.SESSION_COOKIE_AGE = 3600
    signed_in(client)

    response = client.get(reverse(ACCOUNT))

    stored = Session.objects.get(session_key=client.session.session_key).expire_date
    assert response.context["session_expires_at"] == stored
    assert response.context["session_ends_with_browser"] is True
    with translation.override("en"):
        shown = formats.date_format(timezone.localtime(stored), "DATETIME_FORMAT")
    assert f"Your session ends at {shown}, or earlier when you close the browser." in response.content.decode()


@pytest.mark.django_db
def test_account_page_has_no_inline_script_or_style(client):
    user = make_user()
    make_token(user)
    client.force_login(user)

    html = client.get(reverse(ACCOUNT)).content.decode()

    assert "style=" not in html
    assert "<script>" not in html
    assert "javascript:" not in html


def _account_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(ACCOUNT))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_account_query_count_does_not_grow_with_rows(client, sz_park, rows):
    user = make_user()
    role_grant(actor=None, user=user, role="reviewer", scope="park", park=sz_park)
    for n in range(rows):
        organisation = make_organisation(park=sz_park)
        role_grant(actor=None, user=user, role="organisation_admin", scope="organisation", organisation=organisation)
        make_token(user, name=f"token {n}")
    client.force_login(user)
    _account_queries(client)  # warms per-process caches (content types and the like)

    # 10: the main navigation reads the user's roles once per page (screening and programme links) and asks
    # once whether the user is in the pool of experts (the "My reviews" link).
    assert _account_queries(client) == 10
