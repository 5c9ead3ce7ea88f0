"""``hetao names``: compare two names, screen a name against the active lists, import a list file.

Output is JSON, for officers and scripts: ``hetao names compare 张伟 "CHEUNG Wai"``,
``hetao names screen "CHAN Tai Man" --birth-date 1970-01-01``,
``hetao names import-list --list "UN consolidated" --format ftm entities.ftm.json``.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hetao.core.errors import DomainError
from hetao.engines.names import DEFAULT_THRESHOLD, compare_organisation_names, compare_person_names
from hetao.screening.domain.selectors import run_results
from hetao.screening.domain.services import (
    screen_organisation,
    screen_person,
    screening_list_create,
    screening_list_import,
)
from hetao.screening.enums import ListFormat, ListKind
from hetao.screening.models import ScreeningList, ScreeningRun


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from None


def _error(exc: DomainError) -> CommandError:
    lines = [p.message for p in exc.problems]
    return CommandError("\n".join(lines))


class Command(BaseCommand):
    help = "Compare names, screen a name against the active screening lists, import a screening list."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        compare = sub.add_parser("compare", help="Score two names and explain how they match, as JSON.")
        compare.add_argument("name1")
        compare.add_argument("name2")
        compare.add_argument("--organisation", action="store_true", help="Compare as organisation names.")
        screen = sub.add_parser("screen", help="Screen a name against the active lists; prints the run as JSON.")
        screen.add_argument("name")
        screen.add_argument("--birth-date", type=_date, help="YYYY-MM-DD")
        screen.add_argument("--nationality", default="")
        screen.add_argument("--organisation", action="store_true", help="Screen an organisation.")
        load = sub.add_parser("import-list", help="Import a list file as a new, active version of a list.")
        load.add_argument("file")
        load.add_argument("--list", dest="list_name", required=True, help="The list's name; created if new.")
        load.add_argument("--format", dest="file_format", required=True, choices=ListFormat.values)
        load.add_argument("--version", dest="label", default="", help="Version label (default v1, v2...).")
        load.add_argument("--kind", choices=ListKind.values, default=ListKind.SANCTIONS, help="For a new list.")
        load.add_argument("--publisher", default="", help="For a new list.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "compare":
                self._print(self._compare(options["name1"], options["name2"], options["organisation"]))
            elif action == "screen":
                self._print(self._screen(options))
            elif action == "import-list":
                self._print(self._import(options))
        except DomainError as exc:
            raise _error(exc) from exc

    def _print(self, data: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))

    def _compare(self, name1: str, name2: str, organisation: bool) -> dict[str, Any]:
        match = compare_organisation_names(name1, name2) if organisation else compare_person_names(name1, name2)
        return {
            "name1": name1,
            "name2": name2,
            "score": round(match.score, 4),
            "same_name": match.score >= DEFAULT_THRESHOLD,
            "threshold": DEFAULT_THRESHOLD,
            "explanation": match.explanation,
        }

    def _screen(self, options: dict[str, Any]) -> dict[str, Any]:
        if options["organisation"]:
            run = screen_organisation(actor=None, name=options["name"], country=options["nationality"])
        else:
            run = screen_person(
                actor=None, name=options["name"], birth_date=options["birth_date"], nationality=options["nationality"]
            )
        return _run_json(run)

    def _import(self, options: dict[str, Any]) -> dict[str, Any]:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        screening_list = ScreeningList.objects.filter(name=" ".join(options["list_name"].split())).first()
        created = screening_list is None
        if screening_list is None:
            screening_list = screening_list_create(
                actor=None, name=options["list_name"], kind=options["kind"], publisher=options["publisher"]
            )
        report = screening_list_import(
            actor=None,
            screening_list=screening_list,
            data=data,
            file_name=path.name,
            file_format=options["file_format"],
            label=options["label"],
        )
        return {
            "list": screening_list.name,
            "list_created": created,
            "version": report.version.label,
            "version_id": report.version.pk,
            "sha256": report.version.source_sha256,
            "entries": report.version.entry_count,
            "persons": report.persons,
            "organisations": report.organisations,
            "skipped": report.skipped_by_kind,
            "replaces": report.previous.label if report.previous else None,
        }


def _run_json(run: ScreeningRun) -> dict[str, Any]:
    return {
        "run": run.pk,
        "kind": run.entity_kind,
        "name": run.name,
        "birth_date": run.birth_date.isoformat() if run.birth_date else None,
        "versions": list(run.version_ids),
        "matches": [
            {
                "list": r.version.screening_list.name,
                "version": r.version.label,
                "source_id": r.entry.source_id,
                "name": r.entry.name,
                "score": float(r.score),
                "explanation": r.explanation,
                "status": "open" if r.decision is None else r.decision.decision,
                "decision_reason": r.decision.reason if r.decision else None,
            }
            for r in run_results(run)
        ],
    }
