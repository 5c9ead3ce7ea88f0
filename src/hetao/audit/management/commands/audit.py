"""``hetao audit verify`` and ``hetao audit checkpoint``: check the ledger, sign its head, check checkpoints."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hetao.audit.domain.selectors import checkpoint_records, ledger_records, ledger_verify
from hetao.audit.domain.services import audit_checkpoint_sign
from hetao.engines import ledger


class Command(BaseCommand):
    help = "Verify the audit ledger's hash chain, sign checkpoints of its head, and check saved checkpoints."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Recompute the whole chain and name the first broken event.")
        cp = sub.add_parser("checkpoint", help="Sign the current head (Ed25519) and print the checkpoint JSON.")
        cp.add_argument("--out", help="Also append the checkpoint as one JSON line to this file.")
        chk = sub.add_parser(
            "check", help="Check the ledger against checkpoints kept outside (one JSON checkpoint per line)."
        )
        chk.add_argument("file", help="File of checkpoint JSON lines, as written by 'checkpoint --out'.")
        chk.add_argument("--public-key", help="The trusted public key (base64); default: this zone's own key.")
        sub.add_parser("public-key", help="Print the public key that verifies this zone's checkpoints.")
        sub.add_parser("enqueue", help="Queue a background verify-and-checkpoint for the task workers.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify()
        elif action == "checkpoint":
            self._checkpoint(options.get("out"))
        elif action == "check":
            self._check(options["file"], options.get("public_key"))
        elif action == "public-key":
            self.stdout.write(ledger.public_key_for(settings.HETAO_AUDIT_SIGNING_KEY))
        elif action == "enqueue":
            from hetao.audit.tasks import audit_verify_and_checkpoint

            result = audit_verify_and_checkpoint.enqueue()
            self.stdout.write(f"Queued verify-and-checkpoint as task {result.id}")

    def _verify(self) -> None:
        report = ledger_verify()
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Ledger intact: {report.checked} events, head #{report.head_sequence or 0} {report.head_hash}"
                )
            )
            return
        assert report.first_break is not None  # noqa: S101 - ok is False only with a break
        raise CommandError(
            f"Ledger broken at event #{report.first_break.sequence} ({report.first_break.reason}): "
            f"{report.first_break.message} ({report.checked} events checked before it)"
        )

    def _checkpoint(self, out: str | None) -> None:
        [record] = checkpoint_records([audit_checkpoint_sign(actor=None)])
        text = record.to_json()
        if out:
            with Path(out).open("a", encoding="utf-8") as handle:
                handle.write(text + "\n")
        self.stdout.write(text)

    def _check(self, path: str, public_key: str | None) -> None:
        trusted = public_key or ledger.public_key_for(settings.HETAO_AUDIT_SIGNING_KEY)
        try:
            lines = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip()]
            checkpoints = [ledger.Checkpoint.from_json(ln) for ln in lines]
        except (OSError, ValueError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read checkpoints from {path}: {exc}") from exc
        report = ledger.check_against_checkpoints(ledger_records(), checkpoints, trusted_public_key_b64=trusted)
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"All {report.checked_checkpoints} checkpoints match the ledger."))
            return
        raise CommandError("Ledger does not match its checkpoints:\n" + "\n".join(str(p) for p in report.problems))
