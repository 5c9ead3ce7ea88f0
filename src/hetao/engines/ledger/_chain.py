"""The hash chain: sealing events and verifying a stream of them.

``hash = sha256(prev_hash.encode("ascii") + b"\\n" + event_document(...)).hexdigest()``, where the event
document is the canonical JSON of the object::

    {"action": ..., "actor": ..., "object_id": ..., "object_type": ...,
     "occurred_at": "YYYY-MM-DDTHH:MM:SS.ffffffZ", "payload": {...}, "sequence": n}

The first event (sequence 1) has ``prev_hash == GENESIS_HASH``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, cast

from hetao.engines.ledger._canonical import dumps, format_timestamp, to_json_data

__all__ = [
    "GENESIS_HASH",
    "Break",
    "ChainVerifier",
    "EventRecord",
    "VerificationReport",
    "compute_hash",
    "event_document",
    "seal",
    "verify_chain",
]

GENESIS_HASH: Final[str] = "0" * 64

_HEX64 = re.compile(r"[0-9a-f]{64}")
_SHORT = 12  # hex digits of a hash shown in messages


def _short(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _SHORT else f"{text[:_SHORT]}..."


def require_hash(value: object, name: str) -> str:
    """``value`` if it is 64 lower-case hex characters; otherwise TypeError (not a str) or ValueError."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str of 64 lowercase hex characters, got {type(value).__name__}")
    if len(value) != 64:
        raise ValueError(f"{name} must be 64 lowercase hex characters, got {len(value)} characters: {value!r:.80}")
    if _HEX64.fullmatch(value) is None:
        raise ValueError(f"{name} must be 64 lowercase hex characters (0-9, a-f), got {value!r}")
    return value


def require_sequence(value: object, name: str, *, minimum: int | None = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One ledger event as stored. Not validated on construction: a record read back from the database
    may have been tampered with, and :func:`verify_chain` reports that rather than raising."""

    sequence: int
    occurred_at: datetime  # aware
    actor: str
    action: str
    object_type: str
    object_id: str
    payload: Mapping[str, object]
    prev_hash: str
    hash: str


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if type(value) is str and value.isascii():
        return value
    return cast(str, to_json_data(value, root=name))  # NFC, and refuses lone surrogates


def _timestamp(value: datetime, name: str) -> str:
    try:
        return format_timestamp(value)
    except TypeError as exc:
        raise TypeError(f"{name}: {exc}") from None


def _header(
    *,
    sequence: object,
    occurred_at: object,
    actor: object,
    action: object,
    object_type: object,
    object_id: object,
    stored: bool = False,
) -> dict[str, object]:
    """Every field of the document except the payload, validated. Raises TypeError/ValueError.
    For a ``stored`` event, an out-of-range sequence is left for the verifier to report."""
    require_sequence(sequence, "sequence", minimum=None if stored else 1)
    if not isinstance(occurred_at, datetime):
        raise TypeError(f"occurred_at must be a datetime, got {type(occurred_at).__name__}")
    return {
        "action": _text(action, "action"),
        "actor": _text(actor, "actor"),
        "object_id": _text(object_id, "object_id"),
        "object_type": _text(object_type, "object_type"),
        "occurred_at": _timestamp(occurred_at, "occurred_at"),
        "sequence": sequence,
    }


def _payload(payload: object) -> dict[str, object]:
    if not isinstance(payload, Mapping):
        raise TypeError(f"payload: must be a mapping (a JSON object), got {type(payload).__name__}")
    return cast(dict[str, object], to_json_data(payload, root="payload"))


def event_document(
    *,
    sequence: int,
    occurred_at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    payload: Mapping[str, object],
) -> bytes:
    """Canonical JSON of the event envelope: every field except ``prev_hash`` and ``hash``.

    Raises TypeError (wrong type, float or naive datetime, with the path of the value) or ValueError
    (sequence < 1, ...).
    """
    data = _header(
        sequence=sequence, occurred_at=occurred_at, actor=actor, action=action,
        object_type=object_type, object_id=object_id,
    )  # fmt: skip
    data["payload"] = _payload(payload)
    return dumps(data)


def digest(prev_hash: str, document: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + document).hexdigest()


def compute_hash(prev_hash: str, document: bytes) -> str:
    """SHA-256 (hex) over ``prev_hash`` (ASCII) + ``b"\\n"`` + ``document``."""
    require_hash(prev_hash, "prev_hash")
    if not isinstance(document, bytes):
        raise TypeError(f"document must be bytes, got {type(document).__name__}")
    return digest(prev_hash, document)


def seal(
    *,
    prev_hash: str,
    sequence: int,
    occurred_at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    payload: Mapping[str, object],
) -> EventRecord:
    """The record for a new event, with its hash.

    The record holds the values exactly as they were hashed: strings NFC-normalised, ``occurred_at`` in
    UTC, and ``payload`` as plain JSON data (Decimal, datetime, date and UUID turned into strings, tuples
    into lists). Store those values; reading them back then reproduces the hash.
    """
    require_hash(prev_hash, "prev_hash")
    data = _header(
        sequence=sequence, occurred_at=occurred_at, actor=actor, action=action,
        object_type=object_type, object_id=object_id,
    )  # fmt: skip
    plain = _payload(payload)
    data["payload"] = plain
    return EventRecord(
        sequence=sequence,
        occurred_at=occurred_at.astimezone(UTC),
        actor=cast(str, data["actor"]),
        action=cast(str, data["action"]),
        object_type=cast(str, data["object_type"]),
        object_id=cast(str, data["object_id"]),
        payload=plain,
        prev_hash=prev_hash,
        hash=digest(prev_hash, dumps(data)),
    )


def stored_document(event: EventRecord) -> tuple[bytes | None, str]:
    """The document of a stored event, or ``(None, why)`` when its payload cannot have been sealed (a
    float, a non-object, ...): that is evidence of tampering, not a programming error. A wrong type in
    any other field raises, since a database column cannot hold it."""
    data = _header(
        sequence=event.sequence, occurred_at=event.occurred_at, actor=event.actor, action=event.action,
        object_type=event.object_type, object_id=event.object_id, stored=True,
    )  # fmt: skip
    try:
        data["payload"] = _payload(event.payload)
    except (TypeError, ValueError) as exc:
        return None, str(exc)
    return dumps(data), ""


# --- verification --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Break:
    """Where and why the chain stops being intact.

    ``sequence`` is the first sequence number that cannot be trusted: every event before it verified.
    ``reason`` is one of ``hash_mismatch`` (the event's content or hash was altered),
    ``prev_hash_mismatch`` (its link to the previous event is broken: an event before it was removed,
    reordered or rewritten), ``sequence_gap`` (a higher sequence number came where ``sequence`` was
    expected: events missing, or out of order) and ``sequence_order`` (a lower or repeated one came).
    """

    sequence: int
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """``checked`` events verified; ``head_sequence``/``head_hash`` are those of the last verified event
    (``None``/the start hash if none was). To continue in a later call, pass ``start_prev_hash=head_hash``
    and ``start_sequence=head_sequence + 1``."""

    ok: bool
    checked: int
    head_sequence: int | None
    head_hash: str
    first_break: Break | None


def _sequence_break(found: int, expected: int, start: int) -> Break:
    if found < expected:
        return Break(
            expected,
            "sequence_order",
            f"Event {found} appears where event {expected} was expected: events are duplicated or out of order.",
        )
    if expected == start:
        where = f"the chain should start at event {expected} but its first event is {found}"
    else:
        where = f"event {expected - 1} is followed by event {found}"
    missing = f"event {expected} was" if found == expected + 1 else f"events {expected} to {found - 1} were"
    return Break(
        expected,
        "sequence_gap",
        f"Event {expected} is missing: {where}; {missing} removed, or the events are out of order.",
    )


def _link_break(event: EventRecord, expected_prev: str, start: int) -> Break:
    previous = "the starting hash" if event.sequence == start else f"the hash of event {event.sequence - 1}"
    return Break(
        event.sequence,
        "prev_hash_mismatch",
        f"Event {event.sequence} has prev_hash {_short(event.prev_hash)}, which does not match {previous} "
        f"({_short(expected_prev)}): an event before it was removed, reordered or rewritten.",
    )


class ChainVerifier:
    """Verifies events one at a time, holding nothing but the current head.

    :func:`verify_chain` is this over an iterable; use the class directly to feed events in chunks.
    Once a break is found, further events are ignored and :meth:`feed` keeps returning that break.
    """

    __slots__ = ("_break", "_checked", "_expected", "_head_hash", "_head_sequence", "_start")

    def __init__(self, *, start_prev_hash: str = GENESIS_HASH, start_sequence: int = 1) -> None:
        self._head_hash = require_hash(start_prev_hash, "start_prev_hash")
        self._start = require_sequence(start_sequence, "start_sequence")
        self._expected = start_sequence
        self._head_sequence: int | None = None
        self._checked = 0
        self._break: Break | None = None

    @property
    def first_break(self) -> Break | None:
        return self._break

    @property
    def head_hash(self) -> str:
        return self._head_hash

    def feed(self, event: EventRecord) -> Break | None:
        """Check the next event; the break if the chain is (already) broken, else None."""
        if self._break is None:
            self._break = self._check(event)
        return self._break

    def _check(self, event: EventRecord) -> Break | None:
        sequence = require_sequence(event.sequence, "sequence", minimum=None)
        if sequence != self._expected:
            return _sequence_break(sequence, self._expected, self._start)
        if event.prev_hash != self._head_hash:
            return _link_break(event, self._head_hash, self._start)
        body, why = stored_document(event)
        if body is None:
            return Break(
                sequence,
                "hash_mismatch",
                f"Event {sequence} was altered: its stored content cannot have been sealed ({why}).",
            )
        computed = digest(self._head_hash, body)
        if computed != event.hash:
            return Break(
                sequence,
                "hash_mismatch",
                f"Event {sequence} was altered: its content hashes to {_short(computed)}, "
                f"but its stored hash is {_short(event.hash)}: its content or its hash was changed.",
            )
        self._head_hash = computed
        self._head_sequence = sequence
        self._expected = sequence + 1
        self._checked += 1
        return None

    def report(self) -> VerificationReport:
        return VerificationReport(
            ok=self._break is None,
            checked=self._checked,
            head_sequence=self._head_sequence,
            head_hash=self._head_hash,
            first_break=self._break,
        )


def verify_chain(
    events: Iterable[EventRecord], *, start_prev_hash: str = GENESIS_HASH, start_sequence: int = 1
) -> VerificationReport:
    """Verify events in sequence order, streaming; stops reading at the first break.

    Raises ValueError for a malformed ``start_prev_hash`` or ``start_sequence``, and TypeError for a record
    whose fields have impossible types (a naive ``occurred_at``, a non-int sequence). Anything a database
    row can hold is reported as a :class:`Break` instead.
    """
    verifier = ChainVerifier(start_prev_hash=start_prev_hash, start_sequence=start_sequence)
    for event in events:
        if verifier.feed(event) is not None:
            break
    return verifier.report()
