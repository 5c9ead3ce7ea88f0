"""``hetao projects import-rates FILE --user USERNAME``: import a CSV file of exchange rates as that user (a
zone park administrator), exactly as the rates page does: every bad line is reported, and then nothing is
imported."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hetao.core.errors import DomainError
from hetao.projects.domain.rates import rates_import


class Command(BaseCommand):
    help = "Project chores: import exchange rates from CSV (date,base,quote,rate,source)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rates = sub.add_parser("import-rates", help="Import a CSV file of exchange rates.")
        rates.add_argument("file", help="CSV with the header date,base,quote,rate,source (UTF-8).")
        rates.add_argument("--user", required=True, help="Import as this user (a zone park administrator).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import-rates":
            self._import_rates(Path(options["file"]), options["user"])

    def _import_rates(self, path: Path, username: str) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            batch = rates_import(actor=user, data=data, file_name=path.name)
        except DomainError as exc:
            lines = [problem.message for problem in exc.problems]
            raise CommandError("Nothing was imported:\n" + "\n".join(f"  {line}" for line in lines)) from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {batch.rows} rate(s) from {batch.file_name} (#{batch.pk})"))
