"""The admin: the directory shown read-only and restricted to what the user may see, identity documents
masked, and the audit ledger impossible to change from it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from hetao.audit.models import AuditEvent
from hetao.zone.models import IdentityDocument, Organisation
from tests.factories.pages import make_identity_document
from tests.factories.people import make_affiliation, make_organisation, make_person, make_user, make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(zone):
    user = make_user(is_staff=True)
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


def _staff_park_admin(park) -> object:
    user = make_user_with_role("park_admin", scope="park", park=park)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_person", "view_organisation"]))
    return user


def test_admin_audit_events_can_be_read_but_not_added_changed_or_deleted(client, superuser):
    make_organisation()
    event = AuditEvent.objects.order_by("sequence").last()
    client.force_login(superuser)

    listing = client.get("/admin/audit/auditevent/")
    detail = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    add = client.get("/admin/audit/auditevent/add/")
    delete = client.get(f"/admin/audit/auditevent/{event.pk}/delete/")
    change = client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"actor": "someone else"})

    assert (listing.status_code, detail.status_code, add.status_code, delete.status_code) == (200, 200, 403, 403)
    assert change.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).actor == event.actor


def test_admin_person_shows_identity_documents_masked_only(client, superuser):
    person = make_person()
    make_identity_document(person, number="Z987654(6)")
    document = IdentityDocument.objects.get()
    client.force_login(superuser)

    response = client.get(f"/admin/zone/person/{person.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    shown = ("Z987***(6)" in html, "Z987654" in html, document.number_encrypted in html, document.number_lookup in html)
    assert shown == (True, False, False, False)


def test_admin_person_list_limited_to_people_the_staff_user_may_see(client, sz_park, hk_park):
    here = make_organisation(park=sz_park)
    there = make_organisation(park=hk_park)
    make_affiliation(make_person(family_name_latin="Here", listed_in_directory=False), here)
    make_affiliation(make_person(family_name_latin="There", listed_in_directory=False), there)
    client.force_login(_staff_park_admin(sz_park))

    response = client.get("/admin/zone/person/")

    names = [p.family_name_latin for p in response.context["cl"].result_list]
    assert names == ["Here"]


def test_admin_person_search_matches_any_script(client, superuser):
    make_person()
    make_person(
        family_name_latin="Lee",
        family_name_hant="李",
        family_name_hans="李",
        given_name_hant="嘉欣",
        given_name_hans="嘉欣",
        given_name_latin="Ka-yan",
    )
    client.force_login(superuser)

    response = client.get("/admin/zone/person/", {"q": "陈大文"})

    assert [p.family_name_latin for p in response.context["cl"].result_list] == ["Chan"]


def test_admin_organisation_cannot_be_edited_directly(client, superuser, sz_park):
    organisation = make_organisation(park=sz_park, name_en="Original")
    client.force_login(superuser)

    response = client.post(f"/admin/zone/organisation/{organisation.pk}/change/", {"name_en": "Changed"})

    organisation.refresh_from_db()
    assert (response.status_code, organisation.name_en) == (403, "Original")


def test_admin_deactivate_action_goes_through_the_domain_service(client, superuser, sz_park):
    organisation = make_organisation(park=sz_park)
    client.force_login(superuser)

    response = client.post(
        "/admin/zone/organisation/", {"action": "deactivate", "_selected_action": [organisation.pk], "index": 0}
    )

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert (organisation.is_active, organisation.version) == (False, 2)
    assert AuditEvent.objects.order_by("sequence").last().action == "organisation.update"


def test_admin_deactivate_action_refuses_organisations_the_user_does_not_administer(client, sz_park, hk_park):
    organisation = make_organisation(park=hk_park)
    client.force_login(_staff_park_admin(sz_park))

    client.post("/admin/zone/organisation/", {"action": "deactivate", "_selected_action": [organisation.pk]})

    assert Organisation.objects.get(pk=organisation.pk).is_active is True


def test_admin_person_hides_identity_documents_from_a_staff_user_who_may_not_see_them(client, sz_park, hk_park):
    person = make_person()
    make_affiliation(person, make_organisation(park=hk_park))
    make_identity_document(person, number="Z987654(6)")
    client.force_login(_staff_park_admin(sz_park))

    response = client.get(f"/admin/zone/person/{person.pk}/change/")

    assert response.status_code == 200
    assert "Z987***(6)" not in response.content.decode()
