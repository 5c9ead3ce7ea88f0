"""Reading and checking the audit ledger."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet

from hetao.audit.models import AuditCheckpoint, AuditEvent
from hetao.engines import ledger


def ledger_records(*, chunk_size: int = 2000) -> Iterator[ledger.EventRecord]:
    """Every event in sequence order, streamed from the database a chunk at a time."""
    rows = AuditEvent.objects.order_by("sequence").values_list(
        "sequence",
        "occurred_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "payload",
        "prev_hash",
        "hash",
    )
    for row in rows.iterator(chunk_size=chunk_size):
        yield ledger.EventRecord(
            sequence=row[0],
            occurred_at=row[1],
            actor=row[2],
            action=row[3],
            object_type=row[4],
            object_id=row[5],
            payload=row[6],
            prev_hash=row[7],
            hash=row[8],
        )


def ledger_verify() -> ledger.VerificationReport:
    return ledger.verify_chain(ledger_records())


def checkpoint_records(checkpoints: Sequence[AuditCheckpoint]) -> list[ledger.Checkpoint]:
    return [
        ledger.Checkpoint(
            zone=ledger_zone_code(),
            sequence=c.sequence,
            head_hash=c.head_hash,
            signed_at=c.signed_at,
            public_key=c.public_key,
            signature=c.signature,
        )
        for c in checkpoints
    ]


def ledger_zone_code() -> str:
    """The zone the ledger belongs to, as signed into checkpoints (read lazily: the zone app writes to the
    ledger, so the ledger may not import it at load time)."""
    from hetao.zone.domain.selectors import zone_code

    return zone_code()


def events_for_object(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("sequence")
