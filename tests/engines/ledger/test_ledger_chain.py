"""Sealing events and verifying the chain: intact chains pass, and each kind of tampering is caught."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from hetao.engines import ledger
from hetao.engines.ledger import (
    GENESIS_HASH,
    Break,
    ChainVerifier,
    EventRecord,
    VerificationReport,
    compute_hash,
    event_document,
    seal,
    verify_chain,
)

T0 = datetime(2026, 11, 25, 3, 12, 0, 123456, tzinfo=UTC)


def _exactly(message: str) -> str:
    """A ``match`` pattern for exactly this message."""
    return f"^{re.escape(message)}$"


def _chain(count: int) -> list[EventRecord]:
    events: list[EventRecord] = []
    prev_hash = GENESIS_HASH
    for sequence in range(1, count + 1):
        record = seal(
            prev_hash=prev_hash,
            sequence=sequence,
            occurred_at=T0 + timedelta(seconds=sequence),
            actor=f"user:{sequence % 7}",
            action="organisation.update",
            object_type="organisation",
            object_id=str(sequence % 5),
            payload={"n": sequence, "amount": Decimal(sequence) / 4, "tags": ["a", "河套"]},
        )
        events.append(record)
        prev_hash = record.hash
    return events


def _with(events: list[EventRecord], sequence: int, **changes: object) -> list[EventRecord]:
    """A copy of the chain with one stored row altered (hashes left as they were)."""
    altered = list(events)
    altered[sequence - 1] = dataclasses.replace(events[sequence - 1], **changes)  # type: ignore[arg-type]
    return altered


# --- hashing -------------------------------------------------------------------------------------------


def test_seal_hash_matches_known_answer() -> None:
    record = seal(
        prev_hash=GENESIS_HASH,
        sequence=1,
        occurred_at=datetime(2026, 11, 25, 11, 12, 0, 123456, tzinfo=timezone(timedelta(hours=8))),
        actor="user:42",
        action="organisation.create",
        object_type="organisation",
        object_id="7",
        payload={"name": "河套 Cafe\u0301", "amount": Decimal("1.50"), "tags": ("a", "b")},
    )
    # Computed once, independently of the engine, by the expression checked below.
    expected = "fa823159601c8c199e4a3962ecbb79b829393ac2611491bdb7a4ecbc2ec98cdf"
    document = json.dumps(
        {
            "action": "organisation.create",
            "actor": "user:42",
            "object_id": "7",
            "object_type": "organisation",
            "occurred_at": "2026-11-25T03:12:00.123456Z",
            "payload": {"amount": "1.50", "name": "河套 Caf\u00e9", "tags": ["a", "b"]},
            "sequence": 1,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")
    assert hashlib.sha256(("0" * 64).encode("ascii") + b"\n" + document).hexdigest() == expected
    assert record.hash == expected


def test_seal_second_event_matches_known_answer() -> None:
    first_hash = "fa823159601c8c199e4a3962ecbb79b829393ac2611491bdb7a4ecbc2ec98cdf"
    record = seal(
        prev_hash=first_hash,
        sequence=2,
        occurred_at=datetime(2026, 11, 25, 3, 12, 1, tzinfo=UTC),
        actor="system",
        action="organisation.update",
        object_type="organisation",
        object_id="7",
        payload={},
    )
    assert record.hash == "e16fcd5d28e99c7f00b2c5b83e30aff0c317e707feaac6783c6d6c5fe813e12d"


def test_seal_hash_equals_compute_hash_of_event_document() -> None:
    fields: dict[str, object] = {
        "sequence": 3,
        "occurred_at": T0,
        "actor": "system",
        "action": "zone.configure",
        "object_type": "zone",
        "object_id": "HT",
        "payload": {"k": [1, 2]},
    }
    record = seal(prev_hash="ab" * 32, **fields)  # type: ignore[arg-type]
    assert record.hash == compute_hash("ab" * 32, event_document(**fields))  # type: ignore[arg-type]


def test_seal_record_holds_values_as_hashed() -> None:
    record = seal(
        prev_hash=GENESIS_HASH,
        sequence=1,
        occurred_at=datetime(2026, 11, 25, 11, 12, tzinfo=timezone(timedelta(hours=8))),
        actor="Jose\u0301",
        action="a",
        object_type="t",
        object_id="1",
        payload={"amount": Decimal("1.50"), "items": ("x",), "at": T0},
    )
    assert record.payload == {"amount": "1.50", "items": ["x"], "at": "2026-11-25T03:12:00.123456Z"}
    assert record.actor == "Jos\u00e9"
    assert record.occurred_at == datetime(2026, 11, 25, 3, 12, tzinfo=UTC)
    assert record.occurred_at.tzinfo is UTC
    assert record.prev_hash == GENESIS_HASH


@pytest.mark.parametrize(
    ("prev_hash", "message"),
    [
        ("0" * 63, "prev_hash must be 64 lowercase hex characters, got 63 characters: '" + "0" * 63 + "'"),
        ("g" * 64, "prev_hash must be 64 lowercase hex characters (0-9, a-f), got '" + "g" * 64 + "'"),
        ("AB" * 32, "prev_hash must be 64 lowercase hex characters (0-9, a-f), got '" + "AB" * 32 + "'"),
    ],
)
def test_compute_hash_malformed_prev_hash_rejected(prev_hash: str, message: str) -> None:
    with pytest.raises(ValueError, match=_exactly(message)):
        compute_hash(prev_hash, b"{}")


def test_seal_malformed_prev_hash_rejected() -> None:
    with pytest.raises(ValueError, match=r"^prev_hash must be 64 lowercase hex characters"):
        seal(
            prev_hash="xyz",
            sequence=1,
            occurred_at=T0,
            actor="system",
            action="a",
            object_type="t",
            object_id="1",
            payload={},
        )


def test_seal_sequence_zero_rejected() -> None:
    with pytest.raises(ValueError, match=_exactly("sequence must be >= 1, got 0")):
        seal(
            prev_hash=GENESIS_HASH,
            sequence=0,
            occurred_at=T0,
            actor="system",
            action="a",
            object_type="t",
            object_id="1",
            payload={},
        )


def test_seal_naive_occurred_at_rejected() -> None:
    with pytest.raises(TypeError) as caught:
        event_document(
            sequence=1,
            occurred_at=datetime(2026, 1, 1),  # noqa: DTZ001
            actor="system",
            action="a",
            object_type="t",
            object_id="1",
            payload={},
        )
    assert str(caught.value) == (
        "occurred_at: naive datetimes are not allowed in the ledger; use a timezone-aware datetime"
    )


def test_event_document_payload_must_be_a_mapping() -> None:
    with pytest.raises(TypeError) as caught:
        event_document(
            sequence=1,
            occurred_at=T0,
            actor="system",
            action="a",
            object_type="t",
            object_id="1",
            payload=[1],  # type: ignore[arg-type]
        )
    assert str(caught.value) == "payload: must be a mapping (a JSON object), got list"


def test_compute_hash_document_must_be_bytes() -> None:
    with pytest.raises(TypeError) as caught:
        compute_hash(GENESIS_HASH, "{}")  # type: ignore[arg-type]
    assert str(caught.value) == "document must be bytes, got str"


# --- intact chains -------------------------------------------------------------------------------------


def test_verify_chain_intact_chain_passes() -> None:
    events = _chain(50)
    assert verify_chain(events) == VerificationReport(
        ok=True, checked=50, head_sequence=50, head_hash=events[-1].hash, first_break=None
    )


def test_verify_chain_empty_chain_passes() -> None:
    assert verify_chain([]) == VerificationReport(
        ok=True, checked=0, head_sequence=None, head_hash=GENESIS_HASH, first_break=None
    )


def test_verify_chain_rows_read_back_from_json_storage_pass() -> None:
    stored = [
        dataclasses.replace(event, payload=json.loads(json.dumps(event.payload)), occurred_at=event.occurred_at)
        for event in _chain(20)
    ]
    assert verify_chain(stored).ok is True


def test_verify_chain_resumes_from_a_previous_head() -> None:
    events = _chain(30)
    first = verify_chain(events[:12])
    assert first.head_sequence == 12
    second = verify_chain(events[12:], start_prev_hash=first.head_hash, start_sequence=first.head_sequence + 1)
    assert second == VerificationReport(
        ok=True, checked=18, head_sequence=30, head_hash=events[-1].hash, first_break=None
    )


def test_chain_verifier_fed_in_chunks_agrees_with_verify_chain() -> None:
    events = _with(_chain(40), 33, actor="mallory")
    verifier = ChainVerifier()
    for start in range(0, 40, 7):
        for event in events[start : start + 7]:
            verifier.feed(event)
    assert verifier.report() == verify_chain(events)
    assert verifier.report().first_break == verifier.first_break


def test_verify_chain_is_streaming_and_stops_at_the_first_break() -> None:
    events = _with(_chain(100), 10, payload={"n": -1})
    read: list[int] = []

    def stream() -> Iterator[EventRecord]:
        for event in events:
            read.append(event.sequence)
            yield event

    report = verify_chain(stream())
    assert report.first_break is not None
    assert report.first_break.sequence == 10
    assert read == list(range(1, 11))


def test_verify_chain_malformed_start_hash_rejected() -> None:
    with pytest.raises(ValueError, match=r"^start_prev_hash must be 64 lowercase hex characters"):
        verify_chain([], start_prev_hash="00")


def test_verify_chain_start_sequence_zero_rejected() -> None:
    with pytest.raises(ValueError, match=_exactly("start_sequence must be >= 1, got 0")):
        verify_chain([], start_sequence=0)


# --- tampering -----------------------------------------------------------------------------------------


def test_verify_chain_altered_payload_caught_at_that_event() -> None:
    events = _chain(20)
    altered = _with(events, 7, payload={**events[6].payload, "n": 700})
    report = verify_chain(altered)
    assert report.ok is False
    assert report.checked == 6
    assert report.head_sequence == 6
    assert report.head_hash == events[5].hash
    assert report.first_break is not None
    assert report.first_break.sequence == 7
    assert report.first_break.reason == "hash_mismatch"
    assert report.first_break.message.startswith("Event 7 was altered: its content hashes to ")


def test_verify_chain_altered_actor_caught_at_that_event() -> None:
    report = verify_chain(_with(_chain(20), 13, actor="user:1"))
    assert report.first_break is not None
    assert (report.first_break.sequence, report.first_break.reason) == (13, "hash_mismatch")


def test_verify_chain_altered_timestamp_caught_at_that_event() -> None:
    events = _chain(20)
    report = verify_chain(_with(events, 4, occurred_at=events[3].occurred_at + timedelta(microseconds=1)))
    assert report.first_break is not None
    assert (report.first_break.sequence, report.first_break.reason) == (4, "hash_mismatch")


def test_verify_chain_same_instant_in_another_timezone_is_not_a_change() -> None:
    events = _chain(5)
    shifted = events[2].occurred_at.astimezone(timezone(timedelta(hours=8)))
    assert verify_chain(_with(events, 3, occurred_at=shifted)).ok is True


def test_verify_chain_altered_first_event_caught() -> None:
    report = verify_chain(_with(_chain(5), 1, object_id="999"))
    assert report == VerificationReport(
        ok=False,
        checked=0,
        head_sequence=None,
        head_hash=GENESIS_HASH,
        first_break=report.first_break,
    )
    assert report.first_break is not None
    assert (report.first_break.sequence, report.first_break.reason) == (1, "hash_mismatch")


def test_verify_chain_altered_stored_hash_caught_at_that_event() -> None:
    events = _chain(10)
    report = verify_chain(_with(events, 5, hash="f" * 64))
    assert report.first_break is not None
    assert report.first_break == Break(
        5,
        "hash_mismatch",
        f"Event 5 was altered: its content hashes to {events[4].hash[:12]}..., "
        "but its stored hash is ffffffffffff...: its content or its hash was changed.",
    )


def test_verify_chain_float_in_stored_payload_caught_as_alteration() -> None:
    report = verify_chain(_with(_chain(10), 6, payload={"n": 6.0}))
    assert report.first_break == Break(
        6,
        "hash_mismatch",
        "Event 6 was altered: its stored content cannot have been sealed "
        "(payload.n: floats are not allowed in ledger payloads, use Decimal (got 6.0)).",
    )


def test_verify_chain_non_object_stored_payload_caught_as_alteration() -> None:
    report = verify_chain(_with(_chain(3), 2, payload=None))
    assert report.first_break is not None
    assert (report.first_break.sequence, report.first_break.reason) == (2, "hash_mismatch")


def test_verify_chain_deleted_middle_event_caught_as_sequence_gap() -> None:
    events = _chain(20)
    report = verify_chain(events[:9] + events[10:])
    assert report.checked == 9
    assert report.first_break == Break(
        10,
        "sequence_gap",
        "Event 10 is missing: event 9 is followed by event 11; event 10 was removed, or the events are out of order.",
    )


def test_verify_chain_deleted_and_renumbered_caught_as_prev_hash_mismatch() -> None:
    events = _chain(20)
    renumbered = events[:9] + [dataclasses.replace(event, sequence=event.sequence - 1) for event in events[10:]]
    report = verify_chain(renumbered)
    assert report.first_break == Break(
        10,
        "prev_hash_mismatch",
        f"Event 10 has prev_hash {events[9].hash[:12]}..., which does not match the hash of event 9 "
        f"({events[8].hash[:12]}...): an event before it was removed, reordered or rewritten.",
    )


def test_verify_chain_missing_first_event_caught() -> None:
    report = verify_chain(_chain(5)[2:])
    assert report.first_break == Break(
        1,
        "sequence_gap",
        "Event 1 is missing: the chain should start at event 1 but its first event is 3; "
        "events 1 to 2 were removed, or the events are out of order.",
    )


def test_verify_chain_swapped_rows_caught_at_the_first_of_them() -> None:
    events = _chain(10)
    swapped = list(events)
    swapped[3], swapped[6] = swapped[6], swapped[3]
    report = verify_chain(swapped)
    assert report.first_break is not None
    assert (report.first_break.sequence, report.first_break.reason) == (4, "sequence_gap")


def test_verify_chain_swapped_sequence_numbers_caught_as_prev_hash_mismatch() -> None:
    # The rows keep their places in sequence order, but trade their contents and hashes.
    events = _chain(10)
    swapped = list(events)
    swapped[3] = dataclasses.replace(events[4], sequence=4)
    swapped[4] = dataclasses.replace(events[3], sequence=5)
    report = verify_chain(swapped)
    assert report.first_break is not None
    assert (report.first_break.sequence, report.first_break.reason) == (4, "prev_hash_mismatch")


def test_verify_chain_duplicated_event_caught_as_sequence_order() -> None:
    events = _chain(10)
    report = verify_chain([*events[:5], events[4], *events[5:]])
    assert report.first_break == Break(
        6,
        "sequence_order",
        "Event 5 appears where event 6 was expected: events are duplicated or out of order.",
    )


def test_verify_chain_altered_row_with_its_own_hash_recomputed_caught_at_the_next_event() -> None:
    events = _chain(10)
    forged = seal(
        prev_hash=events[3].hash,
        sequence=5,
        occurred_at=events[4].occurred_at,
        actor="mallory",
        action=events[4].action,
        object_type=events[4].object_type,
        object_id=events[4].object_id,
        payload=events[4].payload,
    )
    report = verify_chain(_with(events, 5, actor=forged.actor, hash=forged.hash))
    assert report.first_break is not None
    assert (report.first_break.sequence, report.first_break.reason) == (6, "prev_hash_mismatch")


def test_verify_chain_removed_tail_is_not_detectable_without_checkpoints() -> None:
    # A truncated chain is still a valid chain: only a checkpoint (see the checkpoint tests) shows it.
    assert verify_chain(_chain(10)[:7]).ok is True


def test_ledger_engine_imports_only_stdlib_and_cryptography() -> None:
    imported: set[str] = set()
    for source in Path(ledger.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module is not None:
                imported.add(node.module.split(".")[0])
    assert sorted(imported - sys.stdlib_module_names) == ["cryptography", "hetao"]
