"""Tamper-evident, hash-chained audit ledger: the framework-free core.

Each event is hashed together with the hash of the event before it::

    hash = sha256(prev_hash.encode("ascii") + b"\\n" + event_document(...)).hexdigest()

so altering, removing or reordering a stored event breaks the chain (:func:`verify_chain`), and signed
checkpoints of the chain head (:func:`sign_checkpoint`) expose a chain rewritten in full
(:func:`check_against_checkpoints`). The exact byte formats are described in the submodules, so that an
outside party can verify a ledger without this code.

Storing events: keep the values of the :class:`EventRecord` returned by :func:`seal` (its payload is plain
JSON data, with Decimal, datetime, date and UUID already turned into strings) and store the payload with a
plain JSON encoder; reading them back then reproduces the hash.
"""

from hetao.engines.ledger._canonical import MAX_DEPTH, canonical_json, format_timestamp, to_json_data
from hetao.engines.ledger._chain import (
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
from hetao.engines.ledger._checkpoints import (
    Checkpoint,
    CheckpointProblem,
    CheckpointReport,
    check_against_checkpoints,
    checkpoint_message,
    generate_signing_key,
    public_key_for,
    sign_checkpoint,
    verify_checkpoint_signature,
)

__all__ = [
    "GENESIS_HASH",
    "MAX_DEPTH",
    "Break",
    "ChainVerifier",
    "Checkpoint",
    "CheckpointProblem",
    "CheckpointReport",
    "EventRecord",
    "VerificationReport",
    "canonical_json",
    "check_against_checkpoints",
    "checkpoint_message",
    "compute_hash",
    "event_document",
    "format_timestamp",
    "generate_signing_key",
    "public_key_for",
    "seal",
    "sign_checkpoint",
    "to_json_data",
    "verify_chain",
    "verify_checkpoint_signature",
]
