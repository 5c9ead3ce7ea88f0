"""The admin writes roles and revokes tokens through the domain services, so the ledger records them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from hetao.accounts.domain.services import api_token_authenticate, role_grant
from hetao.accounts.models import ApiToken, LoginAttempt, RoleAssignment
from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from tests.factories.accounts import make_token
from tests.factories.people import make_user


@pytest.fixture
def admin_client(client, db):
    admin = make_user(username="root", is_staff=True)
    get_user_model().objects.filter(pk=admin.pk).update(is_superuser=True)
    client.force_login(get_user_model().objects.get(pk=admin.pk))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["roleassignment", "apitoken", "loginattempt"])
def test_admin_changelist_renders(admin_client, model):
    assert admin_client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


@pytest.mark.django_db
def test_admin_role_add_goes_through_role_grant(admin_client):
    user = make_user()
    start = AuditEvent.objects.count()

    response = admin_client.post(
        reverse("admin:accounts_roleassignment_add"), {"user": user.pk, "role": "reviewer", "scope": "zone"}
    )

    assert response.status_code == 302
    assert list(RoleAssignment.objects.values_list("user", "role", "scope")) == [(user.pk, "reviewer", "zone")]
    assert list(AuditEvent.objects.filter(sequence__gt=start).values_list("action", flat=True)) == ["role.grant"]
    assert ledger_verify().ok is True


@pytest.mark.django_db
def test_admin_role_add_inconsistent_scope_is_refused(admin_client, sz_park):
    user = make_user()

    response = admin_client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": user.pk, "role": "reviewer", "scope": "zone", "park": sz_park.pk},
    )

    assert response.status_code == 200
    assert RoleAssignment.objects.count() == 0


@pytest.mark.django_db
def test_admin_role_add_duplicate_is_refused(admin_client):
    user = make_user()
    role_grant(actor=None, user=user, role="reviewer", scope="zone")

    response = admin_client.post(
        reverse("admin:accounts_roleassignment_add"), {"user": user.pk, "role": "reviewer", "scope": "zone"}
    )

    assert response.status_code == 200
    assert RoleAssignment.objects.count() == 1


@pytest.mark.django_db
def test_admin_role_cannot_be_edited_in_place(admin_client):
    assignment = role_grant(actor=None, user=make_user(), role="reviewer", scope="zone")
    url = reverse("admin:accounts_roleassignment_change", args=[assignment.pk])

    response = admin_client.post(url, {"user": assignment.user_id, "role": "auditor", "scope": "zone"})

    assert response.status_code == 403
    assert RoleAssignment.objects.get().role == "reviewer"


@pytest.mark.django_db
def test_admin_role_delete_goes_through_role_revoke(admin_client):
    assignment = role_grant(actor=None, user=make_user(), role="reviewer", scope="zone")
    start = AuditEvent.objects.count()

    response = admin_client.post(reverse("admin:accounts_roleassignment_delete", args=[assignment.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert RoleAssignment.objects.count() == 0
    assert list(AuditEvent.objects.filter(sequence__gt=start).values_list("action", flat=True)) == ["role.revoke"]


@pytest.mark.django_db
def test_admin_token_page_hides_key_hash(admin_client):
    token = make_token(make_user()).token

    response = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))

    assert response.status_code == 200
    assert token.key_hash not in response.content.decode()
    assert token.prefix in response.content.decode()


@pytest.mark.django_db
def test_admin_token_cannot_be_added(admin_client):
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


@pytest.mark.django_db
def test_admin_token_revoke_action_revokes_through_the_service(admin_client):
    issued = make_token(make_user())
    start = AuditEvent.objects.count()

    response = admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [issued.token.pk]},
    )

    assert response.status_code == 302
    assert api_token_authenticate(raw_token=issued.raw) is None
    assert list(AuditEvent.objects.filter(sequence__gt=start).values_list("action", flat=True)) == ["api_token.revoke"]


@pytest.mark.django_db
def test_admin_token_revoke_action_not_offered_to_non_superuser_staff(client):
    from django.contrib.auth.models import Permission

    staff = make_user(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_apitoken"))
    client.force_login(staff)
    issued = make_token(make_user())

    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [issued.token.pk]},
    )

    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.django_db
def test_admin_login_attempts_are_read_only(admin_client):
    LoginAttempt.objects.create(username="alice", ip_address="127.0.0.1", succeeded=False)
    attempt = LoginAttempt.objects.get()

    add = admin_client.get(reverse("admin:accounts_loginattempt_add"))
    change = admin_client.post(
        reverse("admin:accounts_loginattempt_change", args=[attempt.pk]),
        {"username": "bob", "succeeded": "on"},
    )
    delete = admin_client.post(reverse("admin:accounts_loginattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert list(LoginAttempt.objects.values_list("username", "succeeded")) == [("alice", False)]
