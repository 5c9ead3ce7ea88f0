"""API tokens on the account page: shown once, stored as SHA-256 only, revocable by their owner alone."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hetao.accounts.domain.services import api_token_authenticate
from hetao.accounts.models import ApiToken
from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from tests.factories.accounts import make_token
from tests.factories.people import make_user

CREATE = "accounts:token_create"


def _revoke_url(token) -> str:
    return reverse("accounts:token_revoke", args=[token.pk])


def _create(client, *, name: str = "laptop", scopes: tuple[str, ...] = ("read",), days: int | str = 90, **extra):
    return client.post(reverse(CREATE), {"name": name, "scopes": list(scopes), "days": days}, **extra)


@pytest.mark.django_db
def test_token_create_shows_raw_token_once_and_stores_only_its_sha256(client):
    user = make_user()
    client.force_login(user)

    response = _create(client, name="laptop", scopes=("read", "write"), days=30)

    assert response.status_code == 200
    raw = response.context["issued"].raw
    assert raw.startswith("hetao_")
    assert raw in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert (token.user, token.name, token.scopes) == (user, "laptop", ["read", "write"])
    assert token.expires_at.date() == (token.created_at + timedelta(days=30)).date()
    secret = raw.removeprefix(f"hetao_{token.prefix}_")
    stored = [str(v) for v in ApiToken.objects.values_list().get()]
    assert len(secret) == 43
    assert [v for v in stored if secret in v] == []
    assert [p for p in AuditEvent.objects.values_list("payload", flat=True) if secret in str(p)] == []
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_token_create_raw_token_never_shown_again(client):
    client.force_login(make_user())
    raw = _create(client).context["issued"].raw

    again = client.get(reverse("accounts:account"))

    assert again.context["issued"] is None
    assert raw not in again.content.decode()
    assert raw not in str(dict(client.session.items()))
    assert ApiToken.objects.get().prefix in again.content.decode()


@pytest.mark.django_db
def test_token_create_htmx_returns_the_token_section_only(client):
    client.force_login(make_user())

    response = _create(client, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="api-tokens"')
    assert response.context["issued"].raw in html
    assert "<html" not in html


@pytest.mark.django_db
def test_token_create_created_token_authenticates(client):
    user = make_user()
    client.force_login(user)

    raw = _create(client).context["issued"].raw

    assert api_token_authenticate(raw_token=raw).user == user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"name": "", "scopes": ["read"], "days": 90}, {"name": ["This field is required."]}),
        ({"name": "x", "scopes": [], "days": 90}, {"scopes": ["This field is required."]}),
        (
            {"name": "x", "scopes": ["admin"], "days": 90},
            {"scopes": ["Select a valid choice. admin is not one of the available choices."]},
        ),
        (
            {"name": "x", "scopes": ["read"], "days": 0},
            {"days": ["Ensure this value is greater than or equal to 1."]},
        ),
        (
            {"name": "x", "scopes": ["read"], "days": 367},
            {"days": ["Ensure this value is less than or equal to 366."]},
        ),
        ({"name": "   ", "scopes": ["read"], "days": 90}, {"name": ["This field is required."]}),
    ],
)
def test_token_create_invalid_input_lists_errors_and_creates_nothing(client, data, errors):
    client.force_login(make_user())

    response = client.post(reverse(CREATE), data)

    assert response.status_code == 200
    assert response.context["token_form"].errors == errors
    assert response.context["issued"] is None
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_token_create_default_lifetime_is_the_setting(client, settings):
    settings.HETAO_API_TOKEN_DAYS = 45
    client.force_login(make_user())

    response = client.get(reverse("accounts:account"))

    assert response.context["token_form"]["days"].value() == 45


@pytest.mark.django_db
def test_token_revoke_works_and_token_no_longer_authenticates(client):
    user = make_user()
    issued = make_token(user)
    client.force_login(user)

    response = client.post(_revoke_url(issued.token))

    assert response.status_code == 302
    assert response.url == reverse("accounts:account") + "#api-tokens"
    assert ApiToken.objects.get().revoked_at is not None
    assert api_token_authenticate(raw_token=issued.raw) is None


@pytest.mark.django_db
def test_token_revoke_htmx_returns_the_token_section(client):
    user = make_user()
    issued = make_token(user, name="ci")
    client.force_login(user)

    response = client.post(_revoke_url(issued.token), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.context["notice"] == "The token ci was revoked."
    assert [t.is_revoked for t in response.context["tokens"]] == [True]


@pytest.mark.django_db
def test_token_revoke_twice_reports_conflict_and_changes_nothing(client):
    user = make_user()
    issued = make_token(user)
    client.force_login(user)
    client.post(_revoke_url(issued.token))
    first = ApiToken.objects.get().revoked_at

    response = client.post(_revoke_url(issued.token), HTTP_HX_REQUEST="true")

    assert response.context["notice"] == "This token was already revoked."
    assert ApiToken.objects.get().revoked_at == first


@pytest.mark.django_db
def test_token_revoke_someone_elses_token_is_not_found(client):
    owner = make_user()
    issued = make_token(owner)
    client.force_login(make_user())

    response = client.post(_revoke_url(issued.token))

    assert response.status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    assert api_token_authenticate(raw_token=issued.raw).pk == issued.token.pk


@pytest.mark.django_db
def test_token_revoke_by_get_is_refused(client):
    user = make_user()
    issued = make_token(user)
    client.force_login(user)

    assert client.get(_revoke_url(issued.token)).status_code == 405
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.django_db
def test_token_expired_is_refused(client):
    user = make_user()
    issued = make_token(user)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(user)

    page = client.get(reverse("accounts:account"))

    assert api_token_authenticate(raw_token=issued.raw) is None
    assert [t.is_expired for t in page.context["tokens"]] == [True]


@pytest.mark.django_db
def test_token_list_shows_only_own_tokens(client):
    user = make_user()
    make_token(user, name="mine")
    make_token(make_user(), name="theirs")
    client.force_login(user)

    response = client.get(reverse("accounts:account"))

    assert [t.name for t in response.context["tokens"]] == ["mine"]


@pytest.mark.django_db
def test_token_create_and_revoke_append_to_ledger(client):
    user = make_user()
    client.force_login(user)
    start = AuditEvent.objects.count()

    _create(client)
    token = ApiToken.objects.get()
    client.post(_revoke_url(token))

    assert list(AuditEvent.objects.filter(sequence__gt=start).values_list("action", "object_id")) == [
        ("api_token.create", str(token.pk)),
        ("api_token.revoke", str(token.pk)),
    ]
    assert ledger_verify().ok is True


@pytest.mark.django_db
def test_token_permission_rules_follow_ownership():
    owner, other = make_user(), make_user()
    token = make_token(owner).token

    assert owner.has_perm("accounts.revoke_apitoken", token) is True
    assert owner.has_perm("accounts.view_apitoken", token) is True
    assert other.has_perm("accounts.revoke_apitoken", token) is False
    assert other.has_perm("accounts.view_apitoken", token) is False
    assert owner.has_perm("accounts.revoke_apitoken") is False


@pytest.mark.django_db
def test_token_list_labels_write_scope_once(client):
    user = make_user()
    make_token(user, name="ci", scopes=["write"])
    make_token(user, name="laptop", scopes=["read"])
    client.force_login(user)

    response = client.get(reverse("accounts:account"))

    assert [(t.name, t.scope_labels) for t in response.context["tokens"]] == [
        ("laptop", ["Read"]),
        ("ci", ["Read and write"]),
    ]
