"""Shared fixtures. The suite runs twice: on SQLite, and on PostgreSQL when HETAO_DATABASE_URL points at one.

Tests marked ``postgres`` run only in the PostgreSQL pass. In the SQLite pass they are skipped with the reason;
when no PostgreSQL server answers at all they are skipped too, except in CI (``CI=true``) where that fails.
"""

from __future__ import annotations

import os

os.environ.setdefault("HETAO_TESTING", "1")

import pytest
from django.conf import settings

from tests.factories import people as people_factories  # noqa: F401 - registers factories

pytest_plugins = ["tests.browser_support"]

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if ON_POSTGRES:
        return
    reason = (
        "needs PostgreSQL: runs in the PostgreSQL pass (make test-postgres)"
        if os.environ.get("CI") != "true"
        else "needs PostgreSQL: runs in the PostgreSQL pass, which CI requires"
    )
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("HETAO_REQUIRE_POSTGRES") == "1" and not ON_POSTGRES:
        session.exitstatus = 1
        print("\nHETAO_REQUIRE_POSTGRES=1 but the tests did not run on PostgreSQL")  # noqa: T201


@pytest.fixture(autouse=True)
def _transactional_hygiene(request: pytest.FixtureRequest):
    """Around transactional tests.

    On SQLite the closing flush is a DELETE, which the ledger's append-only trigger refuses: the triggers are put
    back at the start and lifted just before the flush. PostgreSQL flushes with TRUNCATE, which they allow.
    """
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    used = {"transactional_db", "live_server"} & set(request.fixturenames)
    if not used and not marked:
        yield
        return
    request.getfixturevalue("transactional_db")
    if ON_POSTGRES:
        yield
        return
    from hetao.audit.triggers import create_triggers, drop_triggers

    drop_triggers()
    create_triggers()
    yield
    drop_triggers()


@pytest.fixture
def zone(db):
    """The Hetao zone and its two parks, loaded from the zone file."""
    from hetao.zone.domain.services import zone_sync_from_file

    return zone_sync_from_file(path=settings.HETAO_ZONE_FILE).zone


@pytest.fixture
def sz_park(zone):
    return zone.parks.get(code="SZ")


@pytest.fixture
def hk_park(zone):
    return zone.parks.get(code="HK")
