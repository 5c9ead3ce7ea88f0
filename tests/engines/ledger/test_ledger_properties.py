"""Property: whatever the events, changing any one field of any one stored event is caught at that event."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import UTC, datetime

from hypothesis import assume, given
from hypothesis import strategies as st

from hetao.engines.ledger import GENESIS_HASH, EventRecord, canonical_json, seal, verify_chain

nfc_text = st.text(max_size=12).map(lambda text: unicodedata.normalize("NFC", text))
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | nfc_text
    | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12)
    | st.datetimes(min_value=datetime(2000, 1, 1), timezones=st.just(UTC))  # noqa: DTZ001 - bounds are naive
)
payloads = st.dictionaries(
    nfc_text,
    st.recursive(
        scalars,
        lambda children: st.lists(children, max_size=3) | st.dictionaries(nfc_text, children, max_size=3),
        max_leaves=10,
    ),
    max_size=5,
)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
hashes = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)

EXPECTED_REASON = {
    "occurred_at": "hash_mismatch",
    "actor": "hash_mismatch",
    "action": "hash_mismatch",
    "object_type": "hash_mismatch",
    "object_id": "hash_mismatch",
    "payload": "hash_mismatch",
    "hash": "hash_mismatch",
    "prev_hash": "prev_hash_mismatch",
}
FIELDS = ["sequence", *EXPECTED_REASON]


@st.composite
def chains(draw: st.DrawFn) -> list[EventRecord]:
    events: list[EventRecord] = []
    prev_hash = GENESIS_HASH
    for sequence in range(1, draw(st.integers(min_value=1, max_value=6)) + 1):
        record = seal(
            prev_hash=prev_hash,
            sequence=sequence,
            occurred_at=draw(moments),
            actor=draw(nfc_text),
            action=draw(nfc_text),
            object_type=draw(nfc_text),
            object_id=draw(nfc_text),
            payload=draw(payloads),
        )
        events.append(record)
        prev_hash = record.hash
    return events


def _different(data: st.DataObject, field: str, old: object) -> object:
    """A value for ``field`` whose canonical form differs from ``old``'s."""
    if field == "sequence":
        new: object = data.draw(st.integers(min_value=-5, max_value=20).filter(lambda value: value != old))
    elif field == "occurred_at":
        new = data.draw(moments)
    elif field == "payload":
        new = data.draw(payloads)
    elif field in {"hash", "prev_hash"}:
        new = data.draw(hashes)
    else:
        new = data.draw(st.text(max_size=12))
    assume(canonical_json(new) != canonical_json(old))
    return new


@given(chains(), st.data())
def test_verify_chain_any_single_field_change_caught_at_that_event(
    events: list[EventRecord], data: st.DataObject
) -> None:
    assert verify_chain(events).ok is True
    position = data.draw(st.integers(min_value=0, max_value=len(events) - 1), label="position")
    field = data.draw(st.sampled_from(FIELDS), label="field")
    target = events[position]
    new = _different(data, field, getattr(target, field))
    tampered = list(events)
    tampered[position] = dataclasses.replace(target, **{field: new})  # type: ignore[arg-type]

    report = verify_chain(tampered)

    assert report.ok is False
    assert report.checked == position
    assert report.first_break is not None
    assert report.first_break.sequence == target.sequence
    if field == "sequence":
        assert isinstance(new, int)
        expected = "sequence_gap" if new > target.sequence else "sequence_order"
    else:
        expected = EXPECTED_REASON[field]
    assert report.first_break.reason == expected
