"""Who may see and change what in the zone directory. The same names serve views, API and templates."""

from __future__ import annotations

from typing import Any

import rules

from hetao.accounts.domain.selectors import has_role, has_zone_role
from hetao.accounts.enums import Role


def _current_organisation_ids(person: Any) -> set[int]:
    from hetao.zone.domain.selectors import current_organisation_ids

    return current_organisation_ids(person)


def _current_park_ids(person: Any) -> set[int]:
    from hetao.zone.domain.selectors import current_park_ids

    return current_park_ids(person)


@rules.predicate
def is_park_admin_anywhere(user: Any) -> bool:
    return has_role(user, Role.PARK_ADMIN, anywhere=True)


@rules.predicate
def is_organisation_admin_anywhere(user: Any) -> bool:
    return has_role(user, Role.ORGANISATION_ADMIN, anywhere=True)


@rules.predicate
def is_zone_officer(user: Any) -> bool:
    """Park administrators of the whole zone, data regulators and auditors see every record."""
    return any(has_zone_role(user, r) for r in (Role.PARK_ADMIN, Role.DATA_REGULATOR, Role.AUDITOR))


@rules.predicate
def administers_organisation(user: Any, organisation: Any) -> bool:
    if organisation is None:
        return False
    park_id = organisation.park_id
    return has_role(user, Role.PARK_ADMIN, park_id=park_id) or has_role(
        user, Role.ORGANISATION_ADMIN, organisation_id=organisation.pk
    )


@rules.predicate
def is_the_person(user: Any, person: Any) -> bool:
    return person is not None and user.is_authenticated and person.user_id == user.pk


@rules.predicate
def administers_person(user: Any, person: Any) -> bool:
    if person is None:
        return False
    if has_zone_role(user, Role.PARK_ADMIN):
        return True
    if any(has_role(user, Role.PARK_ADMIN, park_id=p) for p in _current_park_ids(person)):
        return True
    return any(has_role(user, Role.ORGANISATION_ADMIN, organisation_id=o) for o in _current_organisation_ids(person))


@rules.predicate
def person_is_listed(user: Any, person: Any) -> bool:
    return person is not None and person.listed_in_directory


@rules.predicate
def is_data_regulator(user: Any) -> bool:
    return has_zone_role(user, Role.DATA_REGULATOR)


@rules.predicate
def may_place_organisation_in(user: Any, park: Any) -> bool:
    """Park administrators place organisations in the parks they administer; only zone-wide ones may record an
    organisation outside the zone (``park`` None)."""
    if park is None:
        return has_zone_role(user, Role.PARK_ADMIN)
    return has_role(user, Role.PARK_ADMIN, park_id=park.pk)


view_organisation = rules.always_allow
add_organisation = rules.is_authenticated & is_park_admin_anywhere
change_organisation = rules.is_authenticated & administers_organisation

view_person = rules.is_authenticated & (person_is_listed | is_the_person | administers_person | is_zone_officer)
add_person = rules.is_authenticated & (is_park_admin_anywhere | is_organisation_admin_anywhere)
change_person = rules.is_authenticated & (is_the_person | administers_person)
view_identity_documents = rules.is_authenticated & (is_the_person | administers_person | is_data_regulator)
export_person = rules.is_authenticated & (is_the_person | is_data_regulator)

rules.add_perm("zone.view_organisation", view_organisation)
rules.add_perm("zone.add_organisation", add_organisation)
rules.add_perm("zone.change_organisation", change_organisation)
rules.add_perm("zone.place_organisation", rules.is_authenticated & may_place_organisation_in)
rules.add_perm("zone.view_person", view_person)
rules.add_perm("zone.add_person", add_person)
rules.add_perm("zone.change_person", change_person)
rules.add_perm("zone.view_identity_documents", view_identity_documents)
rules.add_perm("zone.export_person", export_person)
