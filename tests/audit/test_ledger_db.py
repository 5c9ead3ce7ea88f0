"""The audit ledger in the database: every change recorded, append-only triggers, tamper detection."""

from __future__ import annotations

import itertools
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.domain.services import audit_append
from hetao.audit.models import AuditEvent
from hetao.audit.triggers import create_triggers, drop_triggers
from tests.factories.people import make_organisation, make_person


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def some_events(zone, sz_park):
    make_organisation(park=sz_park, name_en="Shenzhen Bay Laboratory")
    make_person()
    make_person(
        family_name_latin="Wong",
        given_name_latin="Siu-ming",
        family_name_hant="黃",
        given_name_hant="小明",
        family_name_hans="黄",
        given_name_hans="小明",
    )
    return list(AuditEvent.objects.order_by("sequence"))


def test_ledger_every_change_recorded_in_order(some_events):
    actions = [e.action for e in some_events]
    assert actions[-3:] == ["organisation.create", "person.create", "person.create"]
    assert [e.sequence for e in some_events] == list(range(1, len(some_events) + 1))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(some_events))


def test_ledger_rolled_back_change_leaves_no_event(some_events):
    before = AuditEvent.objects.count()

    def change_then_fail() -> None:
        with transaction.atomic():
            audit_append(actor=None, action="test.event", object_type="t", object_id="1", payload={"a": 1})
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        change_then_fail()
    assert AuditEvent.objects.count() == before
    assert ledger_verify().ok is True


def test_ledger_update_refused_by_trigger(some_events):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw("UPDATE audit_auditevent SET actor = %s WHERE sequence = %s", ["user:666:mallory", 2])


def test_ledger_delete_refused_by_trigger(some_events):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw("DELETE FROM audit_auditevent WHERE sequence = %s", [2])


def test_ledger_orm_delete_refused(some_events):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(sequence=1).delete()


def test_audit_verify_intact_ledger(some_events):
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert f"Ledger intact: {len(some_events)} events" in out.getvalue()


def test_audit_verify_names_tampered_payload(some_events):
    target = some_events[-2]
    drop_triggers()
    try:
        tampered = dict(target.payload)
        tampered["family_name_latin"] = "Mallory"
        _raw(
            "UPDATE audit_auditevent SET payload = %s WHERE sequence = %s",
            [json.dumps(tampered), target.sequence],
        )
    finally:
        create_triggers()
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify", stdout=StringIO())
    assert f"Ledger broken at event #{target.sequence} (hash_mismatch)" in str(excinfo.value)


def test_audit_verify_names_deleted_event(some_events):
    target = some_events[2]
    drop_triggers()
    try:
        _raw("DELETE FROM audit_auditevent WHERE sequence = %s", [target.sequence])
    finally:
        create_triggers()
    report = ledger_verify()
    assert report.ok is False
    assert report.first_break is not None
    assert report.first_break.sequence == target.sequence + 1 or report.first_break.sequence == target.sequence
    assert report.first_break.reason in {"sequence_gap", "prev_hash_mismatch"}


def test_audit_checkpoint_catches_full_rewrite(some_events, tmp_path):
    """A rewrite that recomputes every hash passes verify, but not the checkpoints held outside."""
    from hetao.engines import ledger

    checkpoints = tmp_path / "checkpoints.jsonl"
    call_command("audit", "checkpoint", "--out", str(checkpoints), stdout=StringIO())
    call_command("audit", "check", str(checkpoints), stdout=StringIO())

    events = list(AuditEvent.objects.order_by("sequence"))
    drop_triggers()
    try:
        prev = ledger.GENESIS_HASH
        for event in events:
            payload = dict(event.payload)
            if event.sequence == 2:
                payload["rewritten"] = True
            record = ledger.seal(
                prev_hash=prev,
                sequence=event.sequence,
                occurred_at=event.occurred_at,
                actor=event.actor,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                payload=payload,
            )
            _raw(
                "UPDATE audit_auditevent SET payload = %s, prev_hash = %s, hash = %s WHERE sequence = %s",
                [json.dumps(payload), record.prev_hash, record.hash, event.sequence],
            )
            prev = record.hash
        _raw("UPDATE audit_ledgerhead SET hash = %s", [prev])
    finally:
        create_triggers()

    assert ledger_verify().ok is True  # the rewrite is internally consistent
    with pytest.raises(CommandError, match="does not match its checkpoints"):
        call_command("audit", "check", str(checkpoints), stdout=StringIO())


def test_audit_checkpoint_signature_from_other_key_refused(some_events, tmp_path):
    from hetao.engines import ledger

    checkpoints = tmp_path / "checkpoints.jsonl"
    call_command("audit", "checkpoint", "--out", str(checkpoints), stdout=StringIO())
    other_key = ledger.public_key_for(ledger.generate_signing_key())
    with pytest.raises(CommandError, match="does not match its checkpoints"):
        call_command("audit", "check", str(checkpoints), "--public-key", other_key, stdout=StringIO())
