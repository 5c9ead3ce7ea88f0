"""The accounts endpoints: who am I, and the caller's own API tokens."""

from __future__ import annotations

import pytest

from hetao.accounts.domain.services import api_token_authenticate, api_token_revoke, role_grant
from hetao.accounts.models import ApiToken
from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from hetao.core.models import IdempotencyRecord
from hetao.zone.domain.services import person_link_user
from tests.factories.api import bearer, iso, json_post, make_token, queries_for_get
from tests.factories.people import make_organisation, make_person, make_user, make_user_with_role

pytestmark = pytest.mark.django_db

ME = "/api/accounts/me"
TOKENS = "/api/accounts/tokens"


def test_me_lists_person_and_roles(client, sz_park) -> None:
    org = make_organisation(park=sz_park)
    user = make_user_with_role("organisation_admin", scope="organisation", organisation=org)
    person = person_link_user(actor=None, person=make_person(), user=user)
    client.force_login(user)

    response = client.get(ME)

    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "username": user.username,
        "email": "",
        "person_id": person.pk,
        "roles": [{"role": "organisation_admin", "scope": "organisation", "park_id": None, "organisation_id": org.pk}],
        "token_scopes": None,
    }


def test_me_without_person_or_roles(client) -> None:
    user = make_user()

    response = client.get(ME, headers=bearer(make_token(user, scopes=["read", "write"])))

    assert response.json()["person_id"] is None
    assert response.json()["roles"] == []
    assert response.json()["token_scopes"] == ["read", "write"]


def test_token_list_own_tokens_never_the_secret(client) -> None:
    user = make_user()
    raw = make_token(user, name="laptop", scopes=["read"])
    make_token(make_user(), name="someone else's")
    token = ApiToken.objects.get(user=user)
    client.force_login(user)

    response = client.get(TOKENS)

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "page": 1,
        "page_size": 25,
        "pages": 1,
        "items": [
            {
                "id": token.pk,
                "name": "laptop",
                "prefix": token.prefix,
                "scopes": ["read"],
                "expires_at": iso(token.expires_at),
                "revoked_at": None,
                "last_used_at": None,
                "created_at": iso(token.created_at),
            }
        ],
    }
    assert raw not in response.content.decode()
    assert token.key_hash not in response.content.decode()


def test_token_create_returns_the_secret_once(client) -> None:
    user = make_user()
    client.force_login(user)
    events_before = AuditEvent.objects.count()

    response = json_post(
        client, TOKENS, {"name": "ci", "scopes": ["write"], "days": 30}, headers={"Idempotency-Key": "token-1"}
    )

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    raw = response.json()["token"]
    token = ApiToken.objects.get()
    assert api_token_authenticate(raw_token=raw) == token
    assert response.json()["scopes"] == ["read", "write"]
    assert response.json()["prefix"] == token.prefix
    assert raw not in client.get(TOKENS).content.decode()
    assert IdempotencyRecord.objects.count() == 0  # the secret is never stored for replay
    assert AuditEvent.objects.count() == events_before + 1
    assert ledger_verify().ok is True


def test_token_create_with_a_token_is_forbidden(client) -> None:
    user = make_user()
    headers = bearer(make_token(user, scopes=["read", "write"]))

    response = json_post(client, TOKENS, {"name": "child", "scopes": ["write"]}, headers=headers)

    assert response.status_code == 403
    assert response.json()["code"] == "session_required"
    assert ApiToken.objects.count() == 1


def test_token_create_unknown_scope_is_invalid(client) -> None:
    client.force_login(make_user())

    response = json_post(client, TOKENS, {"name": "ci", "scopes": ["admin"]})

    assert response.status_code == 422
    assert response.json()["field"] == "scopes.0"
    assert ApiToken.objects.count() == 0


def test_token_create_lifetime_out_of_range_is_refused(client) -> None:
    client.force_login(make_user())

    response = json_post(client, TOKENS, {"name": "ci", "days": 400})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_lifetime"
    assert response.json()["field"] == "days"


def test_token_revoke_own_stops_it(client) -> None:
    user = make_user()
    raw = make_token(user)
    token = ApiToken.objects.get()

    response = client.delete(f"{TOKENS}/{token.pk}", headers=bearer(raw))

    assert response.status_code == 200
    token.refresh_from_db()
    assert response.json()["revoked_at"] == iso(token.revoked_at)
    assert client.get(ME, headers=bearer(raw)).status_code == 401


def test_token_revoke_someone_elses_is_not_found(client) -> None:
    make_token(make_user())
    other = ApiToken.objects.get()
    client.force_login(make_user())

    response = client.delete(f"{TOKENS}/{other.pk}")

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_token_revoke_twice_is_conflict(client) -> None:
    user = make_user()
    make_token(user)
    token = ApiToken.objects.get()
    api_token_revoke(actor=user, token=token)
    client.force_login(user)

    response = client.delete(f"{TOKENS}/{token.pk}")

    assert response.status_code == 409
    assert response.json()["code"] == "already_revoked"


def test_token_revoke_with_read_token_is_forbidden(client) -> None:
    user = make_user()
    raw = make_token(user, scopes=["read"])
    token = ApiToken.objects.get()

    response = client.delete(f"{TOKENS}/{token.pk}", headers=bearer(raw))

    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"


def test_token_list_query_count_independent_of_rows(client) -> None:
    user = make_user()
    make_token(user, name="one")
    client.force_login(user)
    client.get(TOKENS)
    one = queries_for_get(client, TOKENS)

    make_token(user, name="two")
    make_token(user, name="three")

    three = queries_for_get(client, TOKENS)
    assert client.get(TOKENS).json()["count"] == 3
    assert three == one


def test_me_query_count_independent_of_roles(client, sz_park) -> None:
    user = make_user_with_role("reviewer")
    client.force_login(user)
    client.get(ME)
    one = queries_for_get(client, ME)

    role_grant(actor=None, user=user, role="park_admin", scope="park", park=sz_park)
    role_grant(
        actor=None,
        user=user,
        role="organisation_admin",
        scope="organisation",
        organisation=make_organisation(park=sz_park),
    )

    three = queries_for_get(client, ME)
    assert len(client.get(ME).json()["roles"]) == 3
    assert three == one
