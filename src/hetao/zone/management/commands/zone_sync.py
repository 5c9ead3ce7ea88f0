"""``hetao zone_sync``: load the zone, its parks and its personal-data register from the zone file."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hetao.core.errors import DomainError
from hetao.zone.domain.services import zone_sync_from_file


class Command(BaseCommand):
    help = "Create or update the zone and its parks from the zone file (HETAO_ZONE_FILE, or --file)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--file", default=settings.HETAO_ZONE_FILE, help="Path of the zone TOML file.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = zone_sync_from_file(path=options["file"], actor=None)
        except DomainError as exc:
            details = "\n".join(f"  {p.field or '-'}: {p.message}" for p in exc.problems)
            raise CommandError(f"The zone file was not loaded:\n{details}") from exc
        parks = ", ".join(f"{p.code} ({p.name_en})" for p in result.zone.parks.all())
        self.stdout.write(self.style.SUCCESS(f"Zone {result.zone.code}: {parks}"))
        if result.created_parks:
            self.stdout.write(f"Created parks: {', '.join(result.created_parks)}")
        if result.updated_parks:
            self.stdout.write(f"Updated parks: {', '.join(result.updated_parks)}")
