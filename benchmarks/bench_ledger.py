"""Benchmark of the audit ledger engine: sealing and verifying a chain of 200,000 events.

Runs standalone: ``python benchmarks/bench_ledger.py [--json result.json] [--events N] [--repeat R]``.

verify_chain is compared with a baseline measured in the same run, "raw sha256": the same chain of hashes
computed with hashlib in a bare loop over documents serialised beforehand, which is the floor of the work
(verify_chain also has to canonicalise every event and compare hashes and sequence numbers).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hetao.engines.ledger import (
    GENESIS_HASH,
    EventRecord,
    check_against_checkpoints,
    event_document,
    generate_signing_key,
    public_key_for,
    seal,
    sign_checkpoint,
    verify_chain,
)

T = TypeVar("T")

START = datetime(2026, 11, 25, 3, 12, 0, 123456, tzinfo=UTC)
ACTIONS = ("organisation.create", "organisation.update", "person.update", "affiliation.create", "auth.login")
NAMES = ("河套深港科技创新合作区", "Lok Ma Chau Loop", "Futian Park", "港深创新及科技园", "Café Ångström")


def _payload(rng: random.Random, sequence: int) -> dict[str, object]:
    """A typical audit payload: a few scalars, a Decimal, a timestamp, a short list and a nested change."""
    return {
        "organisation_id": rng.randrange(1, 5000),
        "name": rng.choice(NAMES),
        "amount": Decimal(rng.randrange(0, 10**8)) / 100,
        "effective": START + timedelta(days=rng.randrange(0, 400)),
        "tags": [rng.choice(("research", "startup", "university", "lab")) for _ in range(rng.randrange(0, 4))],
        "changes": {"status": {"old": "pending", "new": "approved"}, "revision": sequence},
        "verified": rng.random() < 0.5,
        "note": None,
    }


def _seal_all(count: int, seed: int) -> list[EventRecord]:
    rng = random.Random(seed)
    events: list[EventRecord] = []
    prev_hash = GENESIS_HASH
    for sequence in range(1, count + 1):
        record = seal(
            prev_hash=prev_hash,
            sequence=sequence,
            occurred_at=START + timedelta(milliseconds=sequence * 37),
            actor=f"user:{rng.randrange(1, 300)}" if rng.random() < 0.9 else "system",
            action=rng.choice(ACTIONS),
            object_type="zone.organisation",
            object_id=str(rng.randrange(1, 5000)),
            payload=_payload(rng, sequence),
        )
        events.append(record)
        prev_hash = record.hash
    return events


def _best(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """The shortest of ``repeat`` timed runs, and the last result."""
    timings: list[tuple[float, T]] = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = run()
        timings.append((time.perf_counter() - started, result))
    return min(timings, key=lambda timing: timing[0])


def _raw_sha256(documents: list[bytes]) -> str:
    prev_hash = GENESIS_HASH
    for document in documents:
        prev_hash = hashlib.sha256(prev_hash.encode("ascii") + b"\n" + document).hexdigest()
    return prev_hash


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="write the result as JSON to this file")
    parser.add_argument("--events", type=int, default=200_000, help="number of events (default 200000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept (default 3)")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    count: int = args.events

    started = time.perf_counter()
    events = _seal_all(count, args.seed)
    seal_seconds = time.perf_counter() - started

    documents = [
        event_document(
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            actor=event.actor,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            payload=event.payload,
        )
        for event in events
    ]
    base_seconds, head = _best(args.repeat, lambda: _raw_sha256(documents))
    if head != events[-1].hash:
        raise SystemExit("baseline does not reproduce the chain's head hash")

    ours_seconds, report = _best(args.repeat, lambda: verify_chain(iter(events)))
    if not report.ok or report.checked != count:
        raise SystemExit(f"verify_chain failed on an intact chain: {report!r}")

    key = generate_signing_key()
    checkpoints = [
        sign_checkpoint(
            private_key_b64=key,
            zone="HT",
            sequence=sequence,
            head_hash=events[sequence - 1].hash,
            signed_at=START + timedelta(days=1),
        )
        for sequence in range(max(1, count // 10), count + 1, max(1, count // 10))
    ]
    check_seconds, checked = _best(
        1,
        lambda: check_against_checkpoints(iter(events), checkpoints, trusted_public_key_b64=public_key_for(key)),
    )
    if not checked.ok:
        raise SystemExit(f"check_against_checkpoints failed on an intact chain: {checked!r}")

    ours_rate = count / ours_seconds
    base_rate = count / base_seconds
    ratio = ours_seconds / base_seconds
    mean_document = sum(map(len, documents)) / count
    print(f"events: {count:,} (mean document {mean_document:.0f} bytes), best of {args.repeat} runs")
    print(f"seal:                      {count / seal_seconds:>12,.0f} events/s  ({seal_seconds:.2f} s)")
    print(f"verify_chain:              {ours_rate:>12,.0f} events/s  ({ours_seconds:.2f} s)")
    print(f"baseline 'raw sha256':     {base_rate:>12,.0f} events/s  ({base_seconds:.2f} s)")
    check_rate = count / check_seconds
    print(f"check_against_checkpoints: {check_rate:>12,.0f} events/s  ({len(checkpoints)} checkpoints)")
    print(f"ratio verify_chain / raw sha256 (time): {ratio:.2f}x")

    if args.json is not None:
        result = {
            "name": "ledger.verify_chain",
            "metric": "throughput",
            "value": round(ours_rate, 1),
            "baseline_name": "raw sha256",
            "baseline_value": round(base_rate, 1),
            "ratio": round(ratio, 3),
            "unit": "events/s",
            "note": (
                f"{count:,} events, mean document {mean_document:.0f} B; "
                f"seal {count / seal_seconds:,.0f} events/s; "
                f"check_against_checkpoints {check_rate:,.0f} events/s"
            ),
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
