"""Writing to the audit ledger. Every other app's services call :func:`audit_append` inside their transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from hetao.audit.domain.selectors import ledger_zone_code
from hetao.audit.models import AuditCheckpoint, AuditEvent, LedgerHead
from hetao.engines import ledger


class _HasPk(Protocol):
    pk: Any


def actor_label(actor: object | None) -> str:
    """A stable text for who acted: ``user:<id>:<username>``, or ``system`` for commands and tasks."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    username = getattr(actor, "get_username", None)
    if callable(username):
        return f"user:{getattr(actor, 'pk', '')}:{username()}"
    raise TypeError(f"cannot name an actor of type {type(actor).__name__}")


def audit_append(
    *,
    actor: object | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    payload: Mapping[str, object] | None = None,
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the ledger. Must run inside the caller's transaction, so that the change and
    its record commit or roll back together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_append must be called inside transaction.atomic()")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if not object_type or object_id is None:
        raise ValueError("audit_append needs obj, or object_type and object_id")
    document_payload = dict(payload or {})
    when = occurred_at or timezone.now()
    # One writer at a time: the head row is locked until the caller's transaction ends.
    head = LedgerHead.objects.select_for_update().filter(singleton=1).first()
    if head is None:
        LedgerHead.objects.get_or_create(singleton=1, defaults={"sequence": 0, "hash": ledger.GENESIS_HASH})
        head = LedgerHead.objects.select_for_update().get(singleton=1)
    record = ledger.seal(
        prev_hash=head.hash,
        sequence=head.sequence + 1,
        occurred_at=when,
        actor=actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        payload=document_payload,
    )
    event = AuditEvent.objects.create(
        sequence=record.sequence,
        occurred_at=record.occurred_at,
        actor=record.actor,
        action=record.action,
        object_type=record.object_type,
        object_id=record.object_id,
        # Stored as the JSON the hash was computed over, so verification reads back exactly that.
        payload=_json_roundtrip(document_payload),
        prev_hash=record.prev_hash,
        hash=record.hash,
    )
    head.sequence = record.sequence
    head.hash = record.hash
    head.save(update_fields=["sequence", "hash", "updated_at"])
    return event


def _json_roundtrip(payload: Mapping[str, object]) -> Any:
    import json

    return json.loads(ledger.canonical_json(payload))


def audit_checkpoint_sign(*, actor: object | None = None) -> AuditCheckpoint:
    """Sign the current head with the zone's Ed25519 key and keep the checkpoint."""
    with transaction.atomic():
        head = LedgerHead.objects.select_for_update().filter(singleton=1).first()
        sequence = head.sequence if head else 0
        head_hash = head.hash if head else ledger.GENESIS_HASH
        signed = ledger.sign_checkpoint(
            private_key_b64=settings.HETAO_AUDIT_SIGNING_KEY,
            zone=ledger_zone_code(),
            sequence=sequence,
            head_hash=head_hash,
            signed_at=timezone.now(),
        )
        checkpoint = AuditCheckpoint.objects.create(
            sequence=signed.sequence,
            head_hash=signed.head_hash,
            signed_at=signed.signed_at,
            public_key=signed.public_key,
            signature=signed.signature,
        )
        audit_append(
            actor=actor,
            action="audit.checkpoint",
            obj=checkpoint,
            payload={"sequence": signed.sequence, "head_hash": signed.head_hash},
        )
    return checkpoint
