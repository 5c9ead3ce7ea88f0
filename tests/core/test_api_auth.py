"""API authentication: bearer tokens (valid, unknown, expired, revoked), token scopes, sessions and CSRF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hetao.accounts.domain.services import api_token_authenticate, api_token_revoke
from hetao.accounts.models import ApiToken
from hetao.zone.models import Organisation
from tests.factories.api import bearer, json_post, make_token
from tests.factories.people import make_user, make_user_with_role

pytestmark = pytest.mark.django_db

ME = "/api/accounts/me"
UNAUTHENTICATED = {
    "code": "unauthenticated",
    "message": "Sign in, or send a valid API token as 'Authorization: Bearer <token>'.",
    "field": None,
    "errors": [
        {
            "field": None,
            "code": "unauthenticated",
            "message": "Sign in, or send a valid API token as 'Authorization: Bearer <token>'.",
        }
    ],
}
NEW_ORGANISATION = {"kind": "university", "name_en": "Shenzhen Test University", "park": "SZ"}


def _assert_unauthenticated(response) -> None:
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_token_auth_valid_token_authenticates(client) -> None:
    user = make_user()
    raw = make_token(user, scopes=["read"])

    response = client.get(ME, headers=bearer(raw))

    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert response.json()["token_scopes"] == ["read"]


def test_token_auth_unknown_token_is_unauthenticated(client) -> None:
    make_token(make_user())

    response = client.get(ME, headers=bearer("hetao_00000000_" + "A" * 43))

    _assert_unauthenticated(response)


def test_token_auth_expired_token_is_unauthenticated(client) -> None:
    raw = make_token(make_user())
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get(ME, headers=bearer(raw))

    _assert_unauthenticated(response)


def test_token_auth_revoked_token_is_unauthenticated(client) -> None:
    user = make_user()
    raw = make_token(user)
    api_token_revoke(actor=user, token=api_token_authenticate(raw_token=raw))

    response = client.get(ME, headers=bearer(raw))

    _assert_unauthenticated(response)


def test_token_auth_inactive_user_is_unauthenticated(client) -> None:
    user = make_user()
    raw = make_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.get(ME, headers=bearer(raw))

    _assert_unauthenticated(response)


def test_token_auth_no_credentials_is_unauthenticated(client) -> None:
    response = client.get(ME)

    _assert_unauthenticated(response)


def test_token_scope_read_token_cannot_create(client, sz_park) -> None:
    admin = make_user_with_role("park_admin")
    raw = make_token(admin, scopes=["read"])

    response = json_post(client, "/api/organisations", NEW_ORGANISATION, headers=bearer(raw))

    assert response.status_code == 403
    message = "This API token lacks the 'write' scope."
    assert response.json() == {
        "code": "token_scope",
        "message": message,
        "field": None,
        "errors": [{"field": None, "code": "token_scope", "message": message}],
    }
    assert Organisation.objects.count() == 0


def test_session_auth_signed_in_user_may_read(client) -> None:
    user = make_user()
    client.force_login(user)

    response = client.get(ME)

    assert response.status_code == 200
    assert response.json()["token_scopes"] is None


def test_session_auth_write_without_csrf_token_is_refused(sz_park) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user_with_role("park_admin"))

    response = json_post(browser, "/api/organisations", NEW_ORGANISATION)

    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert Organisation.objects.count() == 0


def test_session_auth_refused_token_on_write_is_unauthenticated_not_csrf(sz_park) -> None:
    # A script whose token was refused has no session to protect; it must learn that it is not signed in.
    script = Client(enforce_csrf_checks=True)

    response = json_post(script, "/api/organisations", NEW_ORGANISATION, headers=bearer("hetao_bad_token"))

    _assert_unauthenticated(response)
