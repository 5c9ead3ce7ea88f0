"""Factories that build records through the domain services, so tests see what production writes."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from hetao.accounts.domain.services import role_grant, user_create
from hetao.zone.domain.services import affiliation_add, organisation_create, person_create

_counter = itertools.count(1)
PASSWORD = "Correct-Horse-9-Battery"


def make_user(*, username: str | None = None, password: str = PASSWORD, **extra: Any) -> Any:
    return user_create(actor=None, username=username or f"user{next(_counter)}", password=password, **extra)


def make_user_with_role(
    role: str, *, scope: str = "zone", park: Any = None, organisation: Any = None, username: str | None = None
) -> Any:
    user = make_user(username=username)
    role_grant(actor=None, user=user, role=role, scope=scope, park=park, organisation=organisation)
    return user


def make_organisation(
    *,
    park: Any = None,
    kind: str = "university",
    name_en: str | None = None,
    country: str | None = None,
    **extra: Any,
) -> Any:
    n = next(_counter)
    return organisation_create(
        actor=None,
        kind=kind,
        park=park,
        country=country or (park.jurisdiction if park is not None else "GB"),
        name_en=name_en or f"Test Organisation {n}",
        **extra,
    )


def make_person(**fields: Any) -> Any:
    defaults: dict[str, Any] = {
        "family_name_hant": "陳",
        "given_name_hant": "大文",
        "family_name_hans": "陈",
        "given_name_hans": "大文",
        "family_name_latin": "Chan",
        "given_name_latin": "Tai-man",
        "romanisation": "hk_gov",
        "home_region": "HK",
    }
    defaults.update(fields)
    return person_create(actor=None, **defaults)


def make_affiliation(
    person: Any, organisation: Any, *, start: date = date(2020, 1, 1), end: date | None = None, **extra: Any
) -> Any:
    return affiliation_add(
        actor=None, person=person, organisation=organisation, start_date=start, end_date=end, **extra
    )


def make_extra_park(zone: Any, *, code: str = "XX") -> Any:
    """A third park of the zone (say, one a call does not fund), for tests of who may manage what."""
    from hetao.zone.models import Park

    return Park.objects.create(
        zone=zone,
        code=code,
        name_en="Other",
        name_hans="其他",
        name_hant="其他",
        jurisdiction="CN",
        currency="CNY",
        area_ha=1,
        order=9,
    )
