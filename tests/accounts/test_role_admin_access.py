"""Django's admin is for park administrators: access follows the role, never the other way round."""

from __future__ import annotations

from hetao.accounts.domain.services import PARK_ADMIN_GROUP, role_grant, role_revoke
from hetao.accounts.models import RoleAssignment
from hetao.audit.models import AuditEvent
from tests.factories.people import PASSWORD, make_user


def test_park_admin_role_opens_the_admin(client, zone, sz_park):
    user = make_user()
    role_grant(actor=None, user=user, role="park_admin", scope="park", park=sz_park)
    user.refresh_from_db()
    assert user.is_staff is True
    assert list(user.groups.values_list("name", flat=True)) == [PARK_ADMIN_GROUP]
    assert AuditEvent.objects.filter(action="role.grant").last().payload["admin_access"] is True

    client.login(username=user.username, password=PASSWORD)
    page = client.get("/admin/").content.decode()
    assert "/admin/zone/organisation/" in page
    assert "/admin/audit/auditevent/" in page
    assert "/admin/accounts/roleassignment/" not in page  # granting roles is for superusers only
    assert client.get("/admin/zone/person/").status_code == 200


def test_other_roles_do_not_open_the_admin(client, zone):
    user = make_user()
    role_grant(actor=None, user=user, role="data_regulator", scope="zone")
    user.refresh_from_db()
    assert user.is_staff is False
    client.login(username=user.username, password=PASSWORD)
    assert client.get("/admin/").status_code == 302


def test_revoking_last_park_admin_role_closes_the_admin(zone, sz_park, hk_park):
    user = make_user()
    role_grant(actor=None, user=user, role="park_admin", scope="park", park=sz_park)
    role_grant(actor=None, user=user, role="park_admin", scope="park", park=hk_park)
    first, second = RoleAssignment.objects.filter(user=user).order_by("pk")
    role_revoke(actor=None, assignment=first)
    user.refresh_from_db()
    assert user.is_staff is True
    role_revoke(actor=None, assignment=second)
    user.refresh_from_db()
    assert user.is_staff is False
    assert user.groups.count() == 0
    assert [e.payload["admin_access"] for e in AuditEvent.objects.filter(action="role.revoke")] == [True, False]


def test_user_admin_reads_and_suspends_through_the_ledger(client, zone):
    from django.contrib.auth import get_user_model

    from hetao.accounts.domain.services import api_token_authenticate, api_token_create

    root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    target = make_user()
    issued = api_token_create(actor=target, user=target, name="ci", scopes=["read"])
    client.login(username="root", password=PASSWORD)

    assert client.get(f"/admin/auth/user/{target.pk}/change/").status_code == 200
    response = client.post(f"/admin/auth/user/{target.pk}/change/", {"username": "renamed"})
    target.refresh_from_db()
    assert target.username != "renamed"  # read-only: no direct, unaudited edits
    assert response.status_code == 403

    client.post("/admin/auth/user/", {"action": "suspend", "_selected_action": [target.pk, root.pk]})
    target.refresh_from_db()
    root.refresh_from_db()
    assert (target.is_active, root.is_active) == (False, True)
    assert AuditEvent.objects.filter(action="user.suspend", object_id=str(target.pk)).count() == 1
    assert api_token_authenticate(raw_token=issued.raw) is None
