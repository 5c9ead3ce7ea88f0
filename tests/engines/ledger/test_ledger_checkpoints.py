"""Signed checkpoints: signing, JSON form, forgery, and catching a chain rewritten in full."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from hetao.engines.ledger import (
    GENESIS_HASH,
    Checkpoint,
    CheckpointProblem,
    EventRecord,
    check_against_checkpoints,
    checkpoint_message,
    generate_signing_key,
    public_key_for,
    seal,
    sign_checkpoint,
    verify_chain,
    verify_checkpoint_signature,
)

T0 = datetime(2026, 11, 25, 3, 12, 0, 123456, tzinfo=UTC)
SIGNED_AT = datetime(2026, 11, 26, 0, 0, 0, 500000, tzinfo=UTC)
KEY = generate_signing_key()
PUBLIC = public_key_for(KEY)


def _exactly(message: str) -> str:
    """A ``match`` pattern for exactly this message."""
    return f"^{re.escape(message)}$"


def _chain(count: int, *, rewrite_from: int | None = None) -> list[EventRecord]:
    """A chain; with ``rewrite_from``, the same chain with that event's payload changed and every hash
    from there on recomputed, as someone with write access to the table (but not the key) would do."""
    events: list[EventRecord] = []
    prev_hash = GENESIS_HASH
    for sequence in range(1, count + 1):
        rewritten = rewrite_from is not None and sequence == rewrite_from
        record = seal(
            prev_hash=prev_hash,
            sequence=sequence,
            occurred_at=T0 + timedelta(minutes=sequence),
            actor="system",
            action="person.update",
            object_type="person",
            object_id=str(sequence),
            payload={"n": sequence, "rewritten": rewritten},
        )
        events.append(record)
        prev_hash = record.hash
    return events


def _checkpoint(events: list[EventRecord], sequence: int, key: str = KEY) -> Checkpoint:
    return sign_checkpoint(
        private_key_b64=key,
        zone="HT",
        sequence=sequence,
        head_hash=events[sequence - 1].hash,
        signed_at=SIGNED_AT,
    )


# --- keys and signatures -------------------------------------------------------------------------------


def test_generate_signing_key_is_base64_of_32_bytes() -> None:
    assert len(base64.b64decode(KEY, validate=True)) == 32
    assert len(base64.b64decode(PUBLIC, validate=True)) == 32
    assert generate_signing_key() != KEY


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("not base64!", "private key is not valid base64: 'not base64!'"),
        (base64.b64encode(b"x" * 31).decode(), "private key must be base64 of 32 raw bytes, got 31 bytes"),
        ("", "private key must be base64 of 32 raw bytes, got 0 bytes"),
    ],
)
def test_public_key_for_malformed_key_rejected(key: str, message: str) -> None:
    with pytest.raises(ValueError, match=_exactly(message)):
        public_key_for(key)


def test_sign_checkpoint_signature_verifies() -> None:
    events = _chain(3)
    checkpoint = _checkpoint(events, 3)
    assert checkpoint.public_key == PUBLIC
    assert checkpoint.head_hash == events[2].hash
    assert verify_checkpoint_signature(checkpoint) is True
    assert verify_checkpoint_signature(checkpoint, trusted_public_key_b64=PUBLIC) is True


def test_sign_checkpoint_signature_covers_canonical_statement() -> None:
    checkpoint = _checkpoint(_chain(2), 2)
    message = checkpoint_message(zone="HT", sequence=2, head_hash=checkpoint.head_hash, signed_at=SIGNED_AT)
    assert (
        message
        == (
            '{"head_hash":"' + checkpoint.head_hash + '","sequence":2,'
            '"signed_at":"2026-11-26T00:00:00.500000Z","zone":"HT"}'
        ).encode()
    )
    assert checkpoint.signed_message() == message


def test_sign_checkpoint_signed_at_stored_in_utc() -> None:
    local = SIGNED_AT.astimezone(timezone(timedelta(hours=8)))
    checkpoint = sign_checkpoint(private_key_b64=KEY, zone="HT", sequence=0, head_hash=GENESIS_HASH, signed_at=local)
    assert checkpoint.signed_at == SIGNED_AT
    assert checkpoint.signed_at.tzinfo is UTC


def test_sign_checkpoint_empty_chain_needs_genesis_hash() -> None:
    message = "a checkpoint at sequence 0 (an empty chain) must have head_hash GENESIS_HASH"
    with pytest.raises(ValueError, match=_exactly(message)):
        sign_checkpoint(private_key_b64=KEY, zone="HT", sequence=0, head_hash="a" * 64, signed_at=SIGNED_AT)


def test_sign_checkpoint_malformed_head_hash_rejected() -> None:
    message = "head_hash must be 64 lowercase hex characters (0-9, a-f), got '" + "z" * 64 + "'"
    with pytest.raises(ValueError, match=_exactly(message)):
        sign_checkpoint(private_key_b64=KEY, zone="HT", sequence=1, head_hash="z" * 64, signed_at=SIGNED_AT)


def test_sign_checkpoint_naive_signed_at_rejected() -> None:
    message = "signed_at: naive datetimes are not allowed in the ledger; use a timezone-aware datetime"
    with pytest.raises(TypeError, match=_exactly(message)):
        sign_checkpoint(
            private_key_b64=KEY,
            zone="HT",
            sequence=0,
            head_hash=GENESIS_HASH,
            signed_at=datetime(2026, 1, 1),  # noqa: DTZ001
        )


def test_verify_checkpoint_signature_altered_head_hash_fails() -> None:
    checkpoint = _checkpoint(_chain(3), 3)
    altered = dataclasses.replace(checkpoint, head_hash="0" * 63 + "1")
    assert verify_checkpoint_signature(altered) is False
    assert verify_checkpoint_signature(altered, trusted_public_key_b64=PUBLIC) is False


def test_verify_checkpoint_signature_altered_sequence_fails() -> None:
    checkpoint = _checkpoint(_chain(3), 3)
    assert verify_checkpoint_signature(dataclasses.replace(checkpoint, sequence=2)) is False


def test_verify_checkpoint_signature_forged_with_another_key_fails() -> None:
    events = _chain(3)
    forged = _checkpoint(events, 3, key=generate_signing_key())
    # Internally consistent, so it verifies against its own key, but that key is not the trusted one.
    assert verify_checkpoint_signature(forged) is True
    assert verify_checkpoint_signature(forged, trusted_public_key_b64=PUBLIC) is False


def test_verify_checkpoint_signature_key_swapped_in_fails() -> None:
    checkpoint = _checkpoint(_chain(3), 3)
    other = public_key_for(generate_signing_key())
    assert verify_checkpoint_signature(dataclasses.replace(checkpoint, public_key=other)) is False


def test_verify_checkpoint_signature_malformed_fields_give_false() -> None:
    checkpoint = _checkpoint(_chain(1), 1)
    assert verify_checkpoint_signature(dataclasses.replace(checkpoint, signature="@@")) is False
    assert verify_checkpoint_signature(dataclasses.replace(checkpoint, public_key="AAAA")) is False


def test_verify_checkpoint_signature_malformed_trusted_key_rejected() -> None:
    message = "trusted_public_key_b64 must be base64 of 32 raw bytes, got 3 bytes"
    with pytest.raises(ValueError, match=_exactly(message)):
        verify_checkpoint_signature(_checkpoint(_chain(1), 1), trusted_public_key_b64="AAAA")


# --- JSON form -----------------------------------------------------------------------------------------


def test_checkpoint_json_round_trip() -> None:
    checkpoint = _checkpoint(_chain(2), 2)
    text = checkpoint.to_json()
    assert json.loads(text) == {
        "zone": "HT",
        "sequence": 2,
        "head_hash": checkpoint.head_hash,
        "signed_at": "2026-11-26T00:00:00.500000Z",
        "public_key": PUBLIC,
        "signature": checkpoint.signature,
    }
    assert Checkpoint.from_json(text) == checkpoint
    assert verify_checkpoint_signature(Checkpoint.from_json(text), trusted_public_key_b64=PUBLIC) is True


def _json_with(**changes: object) -> str:
    data = json.loads(_checkpoint(_chain(1), 1).to_json())
    data.update(changes)
    return json.dumps({key: value for key, value in data.items() if value is not ...})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "checkpoint JSON cannot be parsed: Expecting property name enclosed in double quotes"),
        ("[]", "checkpoint JSON must be an object, got list"),
        (_json_with(zone=...), "checkpoint JSON has missing fields ['zone'] / unknown fields []"),
        (_json_with(extra=1), "checkpoint JSON has missing fields [] / unknown fields ['extra']"),
        (_json_with(sequence=1.0), "checkpoint JSON: sequence must be an int, got float"),
        (_json_with(sequence=-1), "checkpoint JSON: sequence must be >= 0, got -1"),
        (_json_with(head_hash="12"), "checkpoint JSON: head_hash must be 64 lowercase hex characters"),
        (_json_with(signed_at="2026-11-26T00:00:00Z"), "checkpoint JSON: signed_at must be a UTC timestamp"),
        (_json_with(signed_at="2026-11-26T08:00:00.000000+08:00"), "checkpoint JSON: signed_at must be"),
        (_json_with(public_key="A" * 43), "checkpoint JSON: public_key is not valid base64"),
        (
            _json_with(signature="AAAA"),
            "checkpoint JSON: signature must be base64 of 64 raw bytes, got 3 bytes",
        ),
    ],
)
def test_checkpoint_from_json_malformed_rejected(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        Checkpoint.from_json(text)


# --- checking a chain against checkpoints --------------------------------------------------------------


def test_check_against_checkpoints_intact_chain_passes() -> None:
    events = _chain(200)
    checkpoints = [_checkpoint(events, sequence) for sequence in (50, 120, 200)]
    report = check_against_checkpoints(events, checkpoints, trusted_public_key_b64=PUBLIC, zone="HT")
    assert report.ok is True
    assert report.checked_checkpoints == 3
    assert report.problems == ()
    assert report.chain == verify_chain(events)


def test_check_against_checkpoints_full_rewrite_caught() -> None:
    original = _chain(200)
    checkpoints = [_checkpoint(original, sequence) for sequence in (50, 120, 200)]
    rewritten = _chain(200, rewrite_from=100)
    assert rewritten[99].hash != original[99].hash

    assert verify_chain(rewritten).ok is True  # consistent: the chain alone cannot tell
    report = check_against_checkpoints(rewritten, checkpoints, trusted_public_key_b64=PUBLIC)
    assert report.ok is False
    assert report.checked_checkpoints == 3
    assert report.problems == tuple(
        CheckpointProblem(
            sequence,
            "checkpoint_mismatch",
            f"checkpoint at sequence {sequence} signed 2026-11-26T00:00:00.500000Z: "
            f"the chain's hash there is now {rewritten[sequence - 1].hash[:12]}..., "
            f"the checkpoint says {original[sequence - 1].hash[:12]}...",
        )
        for sequence in (120, 200)
    )


def test_check_against_checkpoints_removed_tail_caught() -> None:
    events = _chain(30)
    checkpoints = [_checkpoint(events, 10), _checkpoint(events, 30)]
    report = check_against_checkpoints(events[:25], checkpoints, trusted_public_key_b64=PUBLIC)
    assert report.chain.ok is True
    assert report.checked_checkpoints == 1
    assert report.problems == (
        CheckpointProblem(
            30,
            "not_reached",
            "checkpoint at sequence 30 signed 2026-11-26T00:00:00.500000Z: "
            "the chain has no event 30 (its last event is 25): events were removed",
        ),
    )


def test_check_against_checkpoints_altered_event_reports_break_and_later_checkpoints() -> None:
    events = _chain(60)
    checkpoints = [_checkpoint(events, sequence) for sequence in (20, 40, 60)]
    altered = list(events)
    altered[29] = dataclasses.replace(events[29], payload={"n": 0, "rewritten": False})
    report = check_against_checkpoints(altered, checkpoints, trusted_public_key_b64=PUBLIC)
    assert [(problem.sequence, problem.reason) for problem in report.problems] == [
        (30, "chain_break"),
        (40, "checkpoint_mismatch"),
        (60, "checkpoint_mismatch"),
    ]
    assert report.chain.first_break is not None
    assert report.problems[0].message == report.chain.first_break.message
    assert report.checked_checkpoints == 3


def test_check_against_checkpoints_forged_checkpoint_reported() -> None:
    events = _chain(10)
    forged = _checkpoint(events, 10, key=generate_signing_key())
    report = check_against_checkpoints(events, [forged], trusted_public_key_b64=PUBLIC)
    assert report.ok is False
    assert report.checked_checkpoints == 0
    assert report.problems == (
        CheckpointProblem(
            10,
            "untrusted_key",
            "checkpoint at sequence 10 signed 2026-11-26T00:00:00.500000Z: "
            "it is signed with a key that is not the trusted key",
        ),
    )


def test_check_against_checkpoints_altered_checkpoint_reported() -> None:
    events = _chain(10)
    rewritten = _chain(10, rewrite_from=3)
    # Someone rewrote the chain and edited the checkpoint to match: the signature no longer holds.
    doctored = dataclasses.replace(_checkpoint(events, 10), head_hash=rewritten[9].hash)
    report = check_against_checkpoints(rewritten, [doctored], trusted_public_key_b64=PUBLIC)
    assert [(problem.sequence, problem.reason) for problem in report.problems] == [(10, "invalid_signature")]
    assert report.problems[0].message == (
        "checkpoint at sequence 10 signed 2026-11-26T00:00:00.500000Z: "
        "its signature is invalid (the checkpoint was altered or forged)"
    )


def test_check_against_checkpoints_empty_chain_checkpoint_at_zero() -> None:
    empty = sign_checkpoint(private_key_b64=KEY, zone="HT", sequence=0, head_hash=GENESIS_HASH, signed_at=SIGNED_AT)
    report = check_against_checkpoints([], [empty], trusted_public_key_b64=PUBLIC)
    assert (report.ok, report.checked_checkpoints, report.problems) == (True, 1, ())


def test_check_against_checkpoints_other_zone_reported() -> None:
    events = _chain(5)
    other = sign_checkpoint(private_key_b64=KEY, zone="XX", sequence=5, head_hash=events[4].hash, signed_at=SIGNED_AT)
    report = check_against_checkpoints(events, [other], trusted_public_key_b64=PUBLIC, zone="HT")
    assert [(problem.sequence, problem.reason) for problem in report.problems] == [(5, "zone_mismatch")]


def test_check_against_checkpoints_from_a_later_start() -> None:
    events = _chain(30)
    checkpoints = [_checkpoint(events, 10), _checkpoint(events, 20), _checkpoint(events, 5)]
    report = check_against_checkpoints(
        events[10:],
        checkpoints,
        trusted_public_key_b64=PUBLIC,
        start_prev_hash=events[9].hash,
        start_sequence=11,
    )
    assert report.checked_checkpoints == 2
    assert [(problem.sequence, problem.reason) for problem in report.problems] == [(5, "before_range")]


def test_check_against_checkpoints_malformed_trusted_key_rejected() -> None:
    with pytest.raises(ValueError, match=r"^trusted_public_key_b64 is not valid base64"):
        check_against_checkpoints([], [], trusted_public_key_b64="***")
