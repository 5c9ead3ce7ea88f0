"""Command-line checks of a PostgreSQL server, for the Makefile and CI (no psql needed).

python -m hetao.config.pgcheck ping URL      exit 0 when the server answers
python -m hetao.config.pgcheck ensure URL    create the database named in URL if it is missing
"""

from __future__ import annotations

import sys
from urllib.parse import urlparse

import psycopg
from psycopg import sql


def _admin_dsn(url: str) -> tuple[str, str]:
    parsed = urlparse(url)
    dbname = parsed.path.lstrip("/") or "postgres"
    admin = parsed._replace(path="/postgres").geturl().replace("postgresql://", "postgres://", 1)
    return admin.replace("postgres://", "postgresql://", 1), dbname


def ping(url: str) -> bool:
    admin, _ = _admin_dsn(url)
    try:
        with psycopg.connect(admin, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        print(  # noqa: T201 - a command-line report
            f"PostgreSQL at {urlparse(url).hostname}:{urlparse(url).port or 5432} does not answer: {exc}",
            file=sys.stderr,
        )
        return False
    return True


def ensure(url: str) -> None:
    admin, dbname = _admin_dsn(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in {"ping", "ensure"}:
        print(__doc__, file=sys.stderr)  # noqa: T201 - usage
        return 2
    if argv[1] == "ping":
        return 0 if ping(argv[2]) else 1
    ensure(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
