"""``hetao createaccount``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from hetao.accounts.models import RoleAssignment
from hetao.audit.models import AuditEvent

STRONG = "Lantern-Harbour-73"


@pytest.mark.django_db
def test_createaccount_with_park_role_creates_user_and_role(monkeypatch, sz_park):
    monkeypatch.setenv("HETAO_ACCOUNT_PASSWORD", STRONG)
    out = StringIO()
    start = AuditEvent.objects.count()

    call_command(
        "createaccount",
        "mei",
        "--email",
        "mei@example.org",
        "--role",
        "park_admin",
        "--park",
        "sz",
        stdout=out,
    )

    user = get_user_model().objects.get(username="mei")
    assert user.check_password(STRONG) is True
    assert list(RoleAssignment.objects.values_list("role", "scope", "park")) == [("park_admin", "park", sz_park.pk)]
    assert out.getvalue() == "Created account mei with role park_admin.\n"
    assert list(AuditEvent.objects.filter(sequence__gt=start).values_list("action", flat=True)) == [
        "user.create",
        "role.grant",
    ]


@pytest.mark.django_db
def test_createaccount_weak_password_creates_nothing(monkeypatch):
    monkeypatch.setenv("HETAO_ACCOUNT_PASSWORD", "short")

    with pytest.raises(CommandError) as caught:
        call_command("createaccount", "mei")

    assert str(caught.value).startswith("No account was created:\n  password: This password is too short.")
    assert get_user_model().objects.filter(username="mei").exists() is False


@pytest.mark.django_db
def test_createaccount_unknown_park_creates_nothing(monkeypatch, zone):
    monkeypatch.setenv("HETAO_ACCOUNT_PASSWORD", STRONG)

    with pytest.raises(CommandError) as caught:
        call_command("createaccount", "mei", "--role", "park_admin", "--park", "XX")

    assert str(caught.value) == "No park with code XX."
    assert get_user_model().objects.filter(username="mei").exists() is False
