"""Signing in and out: throttling, safe redirects, generic errors, session lifetime, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from hetao.accounts.models import LoginAttempt
from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from tests.factories.people import PASSWORD, make_user

LOGIN = "accounts:login"
GENERIC_ERROR = "The username or password is wrong."


def _home() -> str:
    from hetao.accounts.views.auth import _named_url

    return _named_url("core:home")


def _post_login(client, username: str, password: str, **extra):
    return client.post(reverse(LOGIN), {"username": username, "password": password, **extra})


def _non_field_errors(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


@pytest.mark.django_db
def test_login_page_get_renders_form(client):
    response = client.get(reverse(LOGIN))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["username", "password"]


@pytest.mark.django_db
def test_login_right_password_signs_in_and_redirects_home(client):
    user = make_user(username="alice")

    response = _post_login(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert response.url == _home()
    assert client.session[SESSION_KEY] == str(user.pk)
    assert list(LoginAttempt.objects.values_list("username", "succeeded")) == [("alice", True)]


@pytest.mark.django_db
def test_login_success_rotates_session_key(client):
    make_user(username="alice")
    client.get(reverse(LOGIN))
    session = client.session
    session["planted"] = "x"
    session.save()
    key_before = session.session_key

    _post_login(client, "alice", PASSWORD)

    assert client.session.session_key != key_before
    assert Session.objects.filter(session_key=key_before).exists() is False


@pytest.mark.django_db
def test_login_safe_next_is_followed(client):
    make_user(username="alice")

    response = _post_login(client, "alice", PASSWORD, next="/accounts/account/?tab=tokens")

    assert response.url == "/accounts/account/?tab=tokens"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unsafe", ["http://evil.example/", "//evil.example/", "https://evil.example/x", "javascript:alert(1)"]
)
def test_login_unsafe_next_is_ignored(client, unsafe):
    make_user(username="alice")

    response = _post_login(client, "alice", PASSWORD, next=unsafe)

    assert response.status_code == 302
    assert response.url == _home()


@pytest.mark.django_db
def test_login_unsafe_next_in_query_is_not_echoed(client):
    response = client.get(reverse(LOGIN), {"next": "http://evil.example/"})

    assert response.context["next"] == ""
    assert 'value="http://evil.example/"' not in response.content.decode()


@pytest.mark.django_db
def test_login_wrong_password_gives_generic_message_and_is_recorded(client):
    make_user(username="alice")

    response = _post_login(client, "alice", "not-the-password")

    assert response.status_code == 200
    assert _non_field_errors(response) == [GENERIC_ERROR]
    assert SESSION_KEY not in client.session
    assert list(LoginAttempt.objects.values_list("username", "ip_address", "succeeded")) == [
        ("alice", "127.0.0.1", False)
    ]


@pytest.mark.django_db
def test_login_unknown_username_gives_the_same_message(client):
    make_user(username="alice")

    known = _post_login(client, "alice", "not-the-password")
    unknown = _post_login(client, "nobody", "not-the-password")

    assert _non_field_errors(unknown) == _non_field_errors(known) == [GENERIC_ERROR]
    assert unknown.status_code == known.status_code == 200


@pytest.mark.django_db
def test_login_inactive_user_gives_generic_message(client):
    user = make_user(username="alice")
    type(user).objects.filter(pk=user.pk).update(is_active=False)

    response = _post_login(client, "alice", PASSWORD)

    assert _non_field_errors(response) == [GENERIC_ERROR]
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_login_after_max_failures_refused_with_429_even_with_right_password(client, settings):
    settings.HETAO_LOGIN_MAX_FAILURES = 3
    settings.HETAO_LOGIN_WINDOW_SECONDS = 600
    make_user(username="alice")
    for _ in range(3):
        assert _post_login(client, "alice", "wrong").status_code == 200

    response = _post_login(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert _non_field_errors(response) == ["Too many failed sign-in attempts. Wait 10 minutes, then try again."]
    assert response["Retry-After"] == "600"
    assert SESSION_KEY not in client.session
    # A refused attempt does not check the password, so it is not recorded either.
    assert LoginAttempt.objects.count() == 3


@pytest.mark.django_db
def test_login_throttle_is_per_username_ignoring_case(client, settings):
    settings.HETAO_LOGIN_MAX_FAILURES = 2
    make_user(username="alice")
    make_user(username="bob")
    _post_login(client, "alice", "wrong")
    _post_login(client, "ALICE", "wrong")

    refused = _post_login(client, "Alice", PASSWORD)
    other = _post_login(client, "bob", PASSWORD)

    assert refused.status_code == 429
    assert other.status_code == 302


@pytest.mark.django_db
def test_login_throttle_message_says_one_minute_near_the_end(client, settings):
    settings.HETAO_LOGIN_MAX_FAILURES = 1
    settings.HETAO_LOGIN_WINDOW_SECONDS = 600
    make_user(username="alice")
    _post_login(client, "alice", "wrong")
    LoginAttempt.objects.update(created_at=timezone.now() - timedelta(seconds=570))

    response = _post_login(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert _non_field_errors(response) == ["Too many failed sign-in attempts. Wait 1 minute, then try again."]


@pytest.mark.django_db
def test_login_succeeds_again_after_the_window_passes(client, settings):
    settings.HETAO_LOGIN_MAX_FAILURES = 3
    settings.HETAO_LOGIN_WINDOW_SECONDS = 600
    user = make_user(username="alice")
    for _ in range(3):
        _post_login(client, "alice", "wrong")
    assert _post_login(client, "alice", PASSWORD).status_code == 429
    LoginAttempt.objects.update(created_at=timezone.now() - timedelta(seconds=601))

    response = _post_login(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_login_session_expiry_age_equals_setting(client, settings):
    settings.SESSION_COOKIE_AGE = 1800
    make_user(username="alice")
    before = timezone.now()

    _post_login(client, "alice", PASSWORD)

    after = timezone.now()
    session = client.session
    stored = Session.objects.get(session_key=session.session_key).expire_date
    assert session.get_expiry_age() == 1800
    assert before + timedelta(seconds=1800) <= stored <= after + timedelta(seconds=1800)


@pytest.mark.django_db
def test_login_session_cookie_max_age_equals_setting_when_kept_after_browser_close(client, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = False
    make_user(username="alice")

    response = _post_login(client, "alice", PASSWORD)

    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800


@pytest.mark.django_db
def test_login_session_cookie_ends_with_browser_by_default(client, settings):
    make_user(username="alice")

    response = _post_login(client, "alice", PASSWORD)

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"] is True


@pytest.mark.django_db
def test_login_success_and_failure_append_to_ledger(client):
    user = make_user(username="alice")
    start = AuditEvent.objects.count()

    _post_login(client, "alice", "wrong")
    _post_login(client, "alice", PASSWORD)

    events = list(AuditEvent.objects.filter(sequence__gt=start).values_list("action", "object_id"))
    assert events == [("user.login_failed", str(user.pk)), ("user.login", str(user.pk))]
    assert ledger_verify().ok is True


@pytest.mark.django_db
def test_logout_by_get_is_refused(client):
    user = make_user()
    client.force_login(user)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_logout_by_post_signs_out(client):
    user = make_user()
    client.force_login(user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == _home()
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_logout_without_csrf_token_is_refused():
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    user = make_user()
    csrf_client.force_login(user)

    response = csrf_client.post(reverse("accounts:logout"))

    assert response.status_code == 403
    assert csrf_client.session[SESSION_KEY] == str(user.pk)
