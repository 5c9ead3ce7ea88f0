"""Checkpoints: Ed25519-signed statements of the chain head, handed to an outside party who keeps them.

A chain rewritten in full (every hash recomputed) still passes :func:`verify_chain`; it cannot match a
checkpoint taken before the rewrite, because the signer's key is not available to the rewriter.

The signed message is ``canonical_json({"zone", "sequence", "head_hash", "signed_at"})`` with
``signed_at`` written as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; keys and signatures are standard base64 of the
raw bytes (32-byte public keys, 64-byte signatures, 32-byte private keys).
"""

from __future__ import annotations

import base64
import hmac
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from hetao.engines.ledger._canonical import canonical_json, format_timestamp, to_json_data
from hetao.engines.ledger._chain import (
    GENESIS_HASH,
    ChainVerifier,
    EventRecord,
    VerificationReport,
    digest,
    require_hash,
    require_sequence,
    stored_document,
)

__all__ = [
    "Checkpoint",
    "CheckpointProblem",
    "CheckpointReport",
    "check_against_checkpoints",
    "checkpoint_message",
    "generate_signing_key",
    "public_key_for",
    "sign_checkpoint",
    "verify_checkpoint_signature",
]

_KEY_BYTES = 32
_SIGNATURE_BYTES = 64
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
_FIELDS = ("zone", "sequence", "head_hash", "signed_at", "public_key", "signature")


def _decode_b64(value: object, name: str, length: int) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a base64 str, got {type(value).__name__}")
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:  # binascii.Error, or non-ASCII text
        raise ValueError(f"{name} is not valid base64: {value!r:.100}") from None
    if len(raw) != length:
        raise ValueError(f"{name} must be base64 of {length} raw bytes, got {len(raw)} bytes")
    return raw


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _private_key(private_key_b64: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_decode_b64(private_key_b64, "private key", _KEY_BYTES))


def generate_signing_key() -> str:
    """A new Ed25519 private key: base64 of its raw 32 bytes. Keep it secret."""
    return _b64(Ed25519PrivateKey.generate().private_bytes_raw())


def public_key_for(private_key_b64: str) -> str:
    """Base64 of the raw 32-byte public key for a private key from :func:`generate_signing_key`."""
    return _b64(_private_key(private_key_b64).public_key().public_bytes_raw())


def checkpoint_message(*, zone: str, sequence: int, head_hash: str, signed_at: datetime) -> bytes:
    """The exact bytes a checkpoint signature covers."""
    return canonical_json({"zone": zone, "sequence": sequence, "head_hash": head_hash, "signed_at": signed_at})


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement "the chain of ``zone`` had ``head_hash`` at ``sequence``" (sequence 0: empty).

    Not validated on construction (a checkpoint may come from outside); :func:`verify_checkpoint_signature`
    says whether it is genuine, and :meth:`from_json` refuses malformed JSON.
    """

    zone: str
    sequence: int
    head_hash: str
    signed_at: datetime
    public_key: str  # base64 of the raw 32-byte Ed25519 public key
    signature: str  # base64 of the 64-byte Ed25519 signature over signed_message()

    def signed_message(self) -> bytes:
        return checkpoint_message(
            zone=self.zone, sequence=self.sequence, head_hash=self.head_hash, signed_at=self.signed_at
        )

    def to_json(self) -> str:
        """Canonical JSON of all six fields (``signed_at`` as ``...ffffffZ``)."""
        return canonical_json({name: getattr(self, name) for name in _FIELDS}).decode("utf-8")

    @classmethod
    def from_json(cls, s: str) -> Checkpoint:
        """Parse :meth:`to_json` output. Raises ValueError for anything malformed (the signature itself
        is not checked here)."""
        try:
            data = json.loads(s)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"checkpoint JSON cannot be parsed: {exc}") from None
        if not isinstance(data, dict):
            raise ValueError(f"checkpoint JSON must be an object, got {type(data).__name__}")
        missing = sorted(set(_FIELDS) - set(data))
        unknown = sorted(set(data) - set(_FIELDS))
        if missing or unknown:
            raise ValueError(f"checkpoint JSON has missing fields {missing} / unknown fields {unknown}")
        try:
            return _checkpoint_from_data(data)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"checkpoint JSON: {exc}") from None


def _checkpoint_from_data(data: dict[str, object]) -> Checkpoint:
    zone = _zone(data["zone"])
    sequence = require_sequence(data["sequence"], "sequence", minimum=0)
    head_hash = require_hash(data["head_hash"], "head_hash")
    signed_at = data["signed_at"]
    if not isinstance(signed_at, str) or _TIMESTAMP.fullmatch(signed_at) is None:
        raise ValueError(f"signed_at must be a UTC timestamp like 2026-11-25T03:12:00.123456Z, got {signed_at!r}")
    return Checkpoint(
        zone=zone,
        sequence=sequence,
        head_hash=head_hash,
        signed_at=datetime.fromisoformat(signed_at).astimezone(UTC),
        public_key=_b64_field(data["public_key"], "public_key", _KEY_BYTES),
        signature=_b64_field(data["signature"], "signature", _SIGNATURE_BYTES),
    )


def _b64_field(value: object, name: str, length: int) -> str:
    _decode_b64(value, name, length)
    return str(value)


def _zone(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"zone must be a non-empty str, got {value!r}")
    return str(to_json_data(value, root="zone"))


def sign_checkpoint(
    *, private_key_b64: str, zone: str, sequence: int, head_hash: str, signed_at: datetime
) -> Checkpoint:
    """Sign the statement that the chain's event ``sequence`` has hash ``head_hash`` (sequence 0 with
    ``GENESIS_HASH`` for an empty chain). Raises ValueError for a malformed key or hash, TypeError for a
    naive ``signed_at``."""
    key = _private_key(private_key_b64)
    zone = _zone(zone)
    require_sequence(sequence, "sequence", minimum=0)
    require_hash(head_hash, "head_hash")
    if sequence == 0 and head_hash != GENESIS_HASH:
        raise ValueError("a checkpoint at sequence 0 (an empty chain) must have head_hash GENESIS_HASH")
    if not isinstance(signed_at, datetime) or signed_at.utcoffset() is None:
        raise TypeError("signed_at: naive datetimes are not allowed in the ledger; use a timezone-aware datetime")
    signed_at = signed_at.astimezone(UTC)
    message = checkpoint_message(zone=zone, sequence=sequence, head_hash=head_hash, signed_at=signed_at)
    return Checkpoint(
        zone=zone,
        sequence=sequence,
        head_hash=head_hash,
        signed_at=signed_at,
        public_key=_b64(key.public_key().public_bytes_raw()),
        signature=_b64(key.sign(message)),
    )


_Status = Literal["ok", "malformed", "invalid_signature", "untrusted_key"]


def _signature_status(checkpoint: Checkpoint, trusted: bytes | None) -> _Status:
    try:
        key = _decode_b64(checkpoint.public_key, "public_key", _KEY_BYTES)
        signature = _decode_b64(checkpoint.signature, "signature", _SIGNATURE_BYTES)
        require_sequence(checkpoint.sequence, "sequence", minimum=0)
        message = checkpoint.signed_message()
        Ed25519PublicKey.from_public_bytes(key).verify(signature, message)
    except InvalidSignature:
        return "invalid_signature"
    except (TypeError, ValueError):
        return "malformed"
    if trusted is not None and not hmac.compare_digest(key, trusted):
        return "untrusted_key"
    return "ok"


def verify_checkpoint_signature(checkpoint: Checkpoint, *, trusted_public_key_b64: str | None = None) -> bool:
    """True only when the signature is valid for the checkpoint's key and content and, if
    ``trusted_public_key_b64`` is given, that key is the trusted one. A malformed checkpoint gives False;
    a malformed trusted key raises ValueError."""
    trusted = None
    if trusted_public_key_b64 is not None:
        trusted = _decode_b64(trusted_public_key_b64, "trusted_public_key_b64", _KEY_BYTES)
    return _signature_status(checkpoint, trusted) == "ok"


# --- checking a chain against checkpoints --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckpointProblem:
    """``reason``: ``checkpoint_mismatch`` (the chain's hash at the checkpoint differs: rewritten),
    ``not_reached`` (the chain has no event at the checkpoint's sequence: removed), ``invalid_signature``,
    ``untrusted_key``, ``malformed``, ``zone_mismatch``, ``before_range`` (the checkpoint precedes the
    events given, so it could not be checked) or ``chain_break`` (the chain itself does not verify;
    ``message`` is that of the :class:`Break`)."""

    sequence: int
    reason: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class CheckpointReport:
    """``ok`` when the chain verifies and every checkpoint is genuine and matches it.
    ``checked_checkpoints`` counts the genuine checkpoints compared with the chain (matching or not)."""

    ok: bool
    checked_checkpoints: int
    problems: tuple[CheckpointProblem, ...]
    chain: VerificationReport


def _label(checkpoint: Checkpoint) -> str:
    try:
        when = format_timestamp(checkpoint.signed_at)
    except TypeError:
        when = repr(checkpoint.signed_at)
    return f"checkpoint at sequence {checkpoint.sequence} signed {when}"


def _short(value: str) -> str:
    return f"{value[:12]}..."


_SIGNATURE_MESSAGES = {
    "malformed": "it is malformed (bad base64, key or signature length, or field types)",
    "invalid_signature": "its signature is invalid (the checkpoint was altered or forged)",
    "untrusted_key": "it is signed with a key that is not the trusted key",
}


class _Comparison:
    """The running state of check_against_checkpoints."""

    def __init__(self) -> None:
        self.problems: list[CheckpointProblem] = []
        self.checked = 0

    def add(self, checkpoint: Checkpoint, reason: str, detail: str) -> None:
        self.problems.append(CheckpointProblem(checkpoint.sequence, reason, f"{_label(checkpoint)}: {detail}"))

    def compare(self, checkpoint: Checkpoint, actual: str | None, unverifiable_at: int | None) -> None:
        self.checked += 1
        if actual is None:
            self.add(
                checkpoint,
                "checkpoint_mismatch",
                f"the chain's hash there cannot be recomputed, because event {unverifiable_at} holds content "
                f"that cannot have been sealed; the checkpoint says {_short(checkpoint.head_hash)}",
            )
        elif actual != checkpoint.head_hash:
            self.add(
                checkpoint,
                "checkpoint_mismatch",
                f"the chain's hash there is now {_short(actual)}, the checkpoint says {_short(checkpoint.head_hash)}",
            )

    def sort_out(
        self,
        checkpoints: Iterable[Checkpoint],
        *,
        trusted: bytes,
        zone: str | None,
        start_prev_hash: str,
        start_sequence: int,
    ) -> dict[int, list[Checkpoint]]:
        """Report the checkpoints that cannot be compared; the others, by sequence."""
        pending: dict[int, list[Checkpoint]] = {}
        for checkpoint in checkpoints:
            status = _signature_status(checkpoint, trusted)
            if status != "ok":
                self.add(checkpoint, status, _SIGNATURE_MESSAGES[status])
            elif zone is not None and checkpoint.zone != zone:
                self.add(checkpoint, "zone_mismatch", f"it is for zone {checkpoint.zone!r}, not {zone!r}")
            elif checkpoint.sequence < start_sequence - 1:
                self.add(checkpoint, "before_range", f"it precedes the events checked (from {start_sequence})")
            elif checkpoint.sequence == start_sequence - 1:
                self.compare(checkpoint, start_prev_hash, None)
            else:
                pending.setdefault(checkpoint.sequence, []).append(checkpoint)
        return pending

    def replay(
        self,
        events: Iterable[EventRecord],
        verifier: ChainVerifier,
        pending: dict[int, list[Checkpoint]],
        start_prev_hash: str,
    ) -> int | None:
        """Feed the verifier, recompute the chain, compare (and remove) the pending checkpoints as their
        sequence comes by. Returns the sequence of the last event read."""
        running: str | None = start_prev_hash  # the recomputed chain; None once it cannot be recomputed
        unverifiable_at: int | None = None
        last_sequence: int | None = None
        for event in events:
            if verifier.first_break is not None and not pending:
                break
            if verifier.first_break is None and verifier.feed(event) is None:
                running = verifier.head_hash
            elif running is not None:
                document, _ = stored_document(event)
                if document is None:
                    running, unverifiable_at = None, event.sequence
                else:
                    running = digest(running, document)
            last_sequence = event.sequence
            for checkpoint in pending.pop(event.sequence, ()):
                self.compare(checkpoint, running, unverifiable_at)
        return last_sequence


def check_against_checkpoints(
    events: Iterable[EventRecord],
    checkpoints: Sequence[Checkpoint],
    *,
    trusted_public_key_b64: str,
    zone: str | None = None,
    start_prev_hash: str = GENESIS_HASH,
    start_sequence: int = 1,
) -> CheckpointReport:
    """Verify the chain and compare it with signed checkpoints, in one streaming pass.

    The chain is recomputed from the events' content (``hash_n = sha256(hash_{n-1} + doc_n)``); for every
    genuine checkpoint, the recomputed hash at its sequence must equal its ``head_hash``. The recomputation
    carries on past a chain break, so every checkpoint the tampering contradicts is reported. Events are
    read until the end, or until the chain is broken and no checkpoint is left to compare.

    Checkpoints with a bad signature, signed by another key, or (if ``zone`` is given) of another zone are
    reported and not compared. A checkpoint at ``start_sequence - 1`` is compared with ``start_prev_hash``
    (sequence 0 with ``GENESIS_HASH``). Raises ValueError for a malformed trusted key or start hash.
    """
    trusted = _decode_b64(trusted_public_key_b64, "trusted_public_key_b64", _KEY_BYTES)
    verifier = ChainVerifier(start_prev_hash=start_prev_hash, start_sequence=start_sequence)
    state = _Comparison()
    pending = state.sort_out(
        checkpoints,
        trusted=trusted,
        zone=zone,
        start_prev_hash=start_prev_hash,
        start_sequence=start_sequence,
    )
    last_sequence = state.replay(events, verifier, pending, start_prev_hash)
    end = f"its last event is {last_sequence}" if last_sequence is not None else "it has no events"
    for waiting in pending.values():
        for checkpoint in waiting:
            detail = f"the chain has no event {checkpoint.sequence} ({end}): events were removed"
            state.add(checkpoint, "not_reached", detail)
    chain = verifier.report()
    if chain.first_break is not None:
        state.problems.append(CheckpointProblem(chain.first_break.sequence, "chain_break", chain.first_break.message))
    problems = tuple(sorted(state.problems, key=lambda problem: problem.sequence))
    return CheckpointReport(ok=not problems, checked_checkpoints=state.checked, problems=problems, chain=chain)
