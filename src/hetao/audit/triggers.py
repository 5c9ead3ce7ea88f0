"""The append-only triggers' SQL, for tests and for the rare operator who must lift them knowingly."""

from __future__ import annotations

import importlib

from django.db import connection

_migration = importlib.import_module("hetao.audit.migrations.0002_append_only_triggers")


def drop_triggers() -> None:
    statements = {"sqlite": _migration.SQLITE_DROP, "postgresql": _migration.POSTGRES_DROP}[connection.vendor]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, None)


def create_triggers() -> None:
    statements = {"sqlite": _migration.SQLITE_CREATE, "postgresql": _migration.POSTGRES_CREATE}[connection.vendor]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, None)
