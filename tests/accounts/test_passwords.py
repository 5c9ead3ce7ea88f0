"""Changing one's password on the account page, and the password rules themselves."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from hetao.accounts.passwords import CharacterClassValidator
from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from tests.factories.people import PASSWORD, make_user

CHANGE = "accounts:password_change"
STRONG = "Lantern-Harbour-73"


def _change(client, *, old: str = PASSWORD, new: str = STRONG, again: str | None = None):
    return client.post(
        reverse(CHANGE),
        {"old_password": old, "new_password1": new, "new_password2": new if again is None else again},
    )


def _reloaded(user):
    return get_user_model().objects.get(pk=user.pk)


def test_character_class_validator_lowercase_only_refused():
    with pytest.raises(ValidationError) as caught:
        CharacterClassValidator().validate("alllowercaseletters")

    assert [e.code for e in caught.value.error_list] == ["password_too_plain"]


def test_character_class_validator_mixed_accepted():
    assert CharacterClassValidator().validate("Mixed-Case-42x") is None


@pytest.mark.django_db
def test_password_change_strong_password_works_and_keeps_session(client):
    user = make_user()
    client.force_login(user)
    start = AuditEvent.objects.count()

    response = _change(client)

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    assert _reloaded(user).check_password(STRONG) is True
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get(reverse("accounts:account")).status_code == 200
    assert list(AuditEvent.objects.filter(sequence__gt=start).values_list("action", flat=True)) == ["user.set_password"]
    assert ledger_verify().ok is True


@pytest.mark.django_db
def test_password_change_too_short_and_too_plain_lists_field_errors(client):
    user = make_user()
    client.force_login(user)
    start = AuditEvent.objects.count()

    response = _change(client, new="qwzvkb")

    assert response.status_code == 200
    assert response.context["password_form"].errors["new_password1"] == [
        "This password is too short. It must contain at least 12 characters.",
        "This password must mix at least 3 of: lower-case letters, upper-case letters, digits and symbols.",
    ]
    assert _reloaded(user).check_password(PASSWORD) is True
    assert AuditEvent.objects.count() == start


@pytest.mark.django_db
def test_password_change_common_password_refused(client):
    user = make_user()
    client.force_login(user)

    response = _change(client, new="Password1234")

    assert response.context["password_form"].errors["new_password1"] == ["This password is too common."]
    assert _reloaded(user).check_password(PASSWORD) is True


@pytest.mark.django_db
def test_password_change_wrong_old_password_refused(client):
    user = make_user()
    client.force_login(user)

    response = _change(client, old="not-my-password")

    assert response.status_code == 200
    assert response.context["password_form"].errors == {"old_password": ["Your current password is not right."]}
    assert _reloaded(user).check_password(PASSWORD) is True


@pytest.mark.django_db
def test_password_change_missing_old_password_refused(client):
    user = make_user()
    client.force_login(user)

    response = _change(client, old="")

    assert response.context["password_form"].errors == {"old_password": ["This field is required."]}
    assert _reloaded(user).check_password(PASSWORD) is True


@pytest.mark.django_db
def test_password_change_mismatched_confirmation_refused(client):
    user = make_user()
    client.force_login(user)

    response = _change(client, again="Lantern-Harbour-74")

    assert response.context["password_form"].errors == {"new_password2": ["The two new passwords differ."]}
    assert _reloaded(user).check_password(PASSWORD) is True


@pytest.mark.django_db
def test_password_change_form_shows_the_rules_as_help_text(client):
    client.force_login(make_user())

    html = client.get(reverse("accounts:account")).content.decode()

    assert "Your password must contain at least 12 characters." in html
    assert "Your password must mix at least 3 of: lower-case letters, upper-case letters, digits and symbols." in html


@pytest.mark.django_db
def test_password_change_by_get_is_refused(client):
    client.force_login(make_user())

    assert client.get(reverse(CHANGE)).status_code == 405


@pytest.mark.django_db
def test_password_change_anonymous_redirected_to_login(client):
    response = _change(client)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_password_change_ends_the_users_other_sessions(client):
    from django.test import Client

    user = make_user()
    elsewhere = Client()
    elsewhere.force_login(user)
    client.force_login(user)

    _change(client)

    assert elsewhere.get(reverse("accounts:account")).status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200
