"""Canonical JSON: determinism, the accepted types and the refusals (with the path of the bad value)."""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hetao.engines.ledger import canonical_json, event_document, to_json_data

CST = timezone(timedelta(hours=8))


def _exactly(message: str) -> str:
    """A ``match`` pattern for exactly this message."""
    return f"^{re.escape(message)}$"


class Colour(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


def test_canonical_json_sorts_keys_without_whitespace() -> None:
    assert canonical_json({"b": 1, "a": [1, 2, {"d": None, "c": True}]}) == b'{"a":[1,2,{"c":true,"d":null}],"b":1}'


def test_canonical_json_insertion_order_does_not_matter() -> None:
    first = {"x": 1, "y": {"p": "q", "r": "s"}}
    second = {"y": {"r": "s", "p": "q"}, "x": 1}
    assert canonical_json(first) == canonical_json(second)


def test_canonical_json_non_ascii_written_as_utf8() -> None:
    assert canonical_json({"名": "河套"}) == '{"名":"河套"}'.encode()


def test_canonical_json_strings_and_keys_normalised_to_nfc() -> None:
    decomposed = {"cafe\u0301": "Cafe\u0301"}
    composed = {"caf\u00e9": "Caf\u00e9"}
    assert canonical_json(decomposed) == canonical_json(composed)
    assert canonical_json(decomposed) == '{"café":"Café"}'.encode()


def test_canonical_json_control_characters_escaped() -> None:
    assert canonical_json("a\nb\x1f") == b'"a\\nb\\u001f"'


def test_canonical_json_decimal_keeps_its_exponent() -> None:
    values = [
        Decimal("1.50"),
        Decimal("1.5"),
        Decimal("-0.00"),
        Decimal("1E+3"),
        Decimal("1.5E-7"),
        Decimal(7),
    ]
    assert canonical_json(values) == b'["1.50","1.5","-0.00","1000","0.00000015","7"]'


def test_canonical_json_datetime_converted_to_utc_with_z() -> None:
    moment = datetime(2026, 11, 25, 11, 12, 0, 123456, tzinfo=CST)
    assert canonical_json(moment) == b'"2026-11-25T03:12:00.123456Z"'


def test_canonical_json_datetime_always_has_microseconds() -> None:
    assert canonical_json(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == b'"2026-01-02T03:04:05.000000Z"'


def test_canonical_json_date_uuid_and_tuple() -> None:
    value = {"d": date(2026, 1, 2), "u": UUID(int=255), "t": (1, "a")}
    assert canonical_json(value) == b'{"d":"2026-01-02","t":[1,"a"],"u":"00000000-0000-0000-0000-0000000000ff"}'


def test_canonical_json_enums_written_as_plain_values() -> None:
    assert canonical_json({"colour": Colour.RED, "level": Level.HIGH}) == b'{"colour":"red","level":3}'


def test_canonical_json_big_int_exact() -> None:
    assert canonical_json(2**70) == b"1180591620717411303424"


def test_canonical_json_bool_not_turned_into_int() -> None:
    assert canonical_json([True, False, 1, 0]) == b"[true,false,1,0]"


def test_to_json_data_is_what_canonical_json_serialises() -> None:
    value = {"amount": Decimal("1.50"), "at": datetime(2026, 1, 1, tzinfo=UTC), "items": ("a",)}
    assert to_json_data(value) == {"amount": "1.50", "at": "2026-01-01T00:00:00.000000Z", "items": ["a"]}
    assert json.loads(canonical_json(value)) == to_json_data(value)


def test_canonical_json_float_rejected_with_path() -> None:
    payload = {"items": [{"amount": Decimal(1)}, {"amount": Decimal(2)}, {"amount": 1.5}]}
    with pytest.raises(TypeError) as caught:
        canonical_json(payload, root="payload")
    assert str(caught.value) == (
        "payload.items[2].amount: floats are not allowed in ledger payloads, use Decimal (got 1.5)"
    )


def test_canonical_json_float_rejected_at_root_named_value() -> None:
    with pytest.raises(TypeError) as caught:
        canonical_json(2.0)
    assert str(caught.value) == "value: floats are not allowed in ledger payloads, use Decimal (got 2.0)"


def test_canonical_json_nan_rejected() -> None:
    with pytest.raises(TypeError) as caught:
        canonical_json({"x": float("nan")})
    assert str(caught.value) == "value.x: floats are not allowed in ledger payloads, use Decimal (got nan)"


@pytest.mark.parametrize("text", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_canonical_json_decimal_not_finite_rejected(text: str) -> None:
    with pytest.raises(TypeError) as caught:
        canonical_json({"x": Decimal(text)})
    assert (
        str(caught.value) == f"value.x: Decimal {Decimal(text)} is not allowed in ledger payloads (not a finite number)"
    )


def test_canonical_json_decimal_huge_exponent_rejected() -> None:
    with pytest.raises(ValueError, match=r"^value\.x: Decimal 1E\+1000000 has an exponent out of range"):
        canonical_json({"x": Decimal("1E+1000000")})


def test_canonical_json_non_str_key_rejected_with_path() -> None:
    with pytest.raises(TypeError) as caught:
        canonical_json({"items": [{}, {3: "x"}]}, root="payload")
    assert str(caught.value) == "payload.items[1]: object keys must be str, got int key 3"


def test_canonical_json_naive_datetime_rejected_with_path() -> None:
    with pytest.raises(TypeError) as caught:
        canonical_json({"meta": {"at": datetime(2026, 1, 1, 12, 0)}}, root="payload")  # noqa: DTZ001
    assert str(caught.value) == (
        "payload.meta.at: naive datetimes are not allowed in the ledger; use a timezone-aware datetime "
        "(got 2026-01-01T12:00:00)"
    )


@pytest.mark.parametrize(
    ("value", "type_name"),
    [({1, 2}, "set"), (b"x", "bytes"), (object(), "object"), (frozenset(), "frozenset"), (1j, "complex")],
)
def test_canonical_json_unsupported_type_rejected(value: object, type_name: str) -> None:
    with pytest.raises(TypeError) as caught:
        canonical_json({"odd key": [value]}, root="payload")
    assert str(caught.value) == (
        f'payload["odd key"][0]: values of type {type_name} are not allowed in ledger payloads '
        "(allowed: dict, list, tuple, str, int, bool, None, Decimal, datetime, date, UUID)"
    )


def test_canonical_json_keys_colliding_after_nfc_rejected() -> None:
    with pytest.raises(ValueError, match=_exactly("value: two keys are equal to 'café' once normalised to NFC")):
        canonical_json({"cafe\u0301": 1, "caf\u00e9": 2})


def test_canonical_json_lone_surrogate_rejected() -> None:
    message = "value.name: strings must not contain lone surrogates (not encodable as UTF-8)"
    with pytest.raises(ValueError, match=_exactly(message)):
        canonical_json({"name": "x\ud800"})


def test_canonical_json_circular_reference_rejected() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match=r"nested deeper than 100 levels \(a circular reference\?\)$"):
        canonical_json(loop)


def test_event_document_names_payload_path() -> None:
    with pytest.raises(TypeError) as caught:
        event_document(
            sequence=1,
            occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
            actor="system",
            action="test.run",
            object_type="test",
            object_id="1",
            payload={"items": [None, None, {"amount": 0.1}]},
        )
    assert str(caught.value) == (
        "payload.items[2].amount: floats are not allowed in ledger payloads, use Decimal (got 0.1)"
    )


# Keys are NFC already: two keys equal once normalised are refused, which is tested above.
nfc_keys = st.text(max_size=8).map(lambda text: unicodedata.normalize("NFC", text))
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(nfc_keys, children, max_size=4),
    max_leaves=20,
)


def _reversed_dicts(value: object) -> object:
    if isinstance(value, dict):
        return {key: _reversed_dicts(item) for key, item in reversed(list(value.items()))}
    if isinstance(value, list):
        return [_reversed_dicts(item) for item in value]
    return value


@given(json_values)
def test_canonical_json_key_order_never_matters(value: object) -> None:
    assert canonical_json(_reversed_dicts(value)) == canonical_json(value)


@given(json_values)
def test_canonical_json_stable_through_json_round_trip(value: object) -> None:
    encoded = canonical_json(value)
    assert canonical_json(json.loads(encoded)) == encoded
