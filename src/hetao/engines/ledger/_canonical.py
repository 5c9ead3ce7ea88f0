"""Canonical JSON: one byte string for one logical value, so that a hash over it is reproducible.

The rules, which an outside verifier needs to reproduce a hash:

* UTF-8, no insignificant whitespace (separators ``,`` and ``:``), object keys sorted by code point,
  non-ASCII characters written as themselves (``ensure_ascii=False``); control characters are escaped the
  way Python's :mod:`json` escapes them (``\\n``, ``\\u001f``).
* Every string, keys included, is normalised to Unicode NFC first.
* ``Decimal`` is written as a JSON *string* holding its plain (non-scientific) form, without normalising
  it: ``Decimal("1.50")`` -> ``"1.50"``, ``Decimal("1E+3")`` -> ``"1000"``, ``Decimal("-0.0")`` -> ``"-0.0"``.
* An aware ``datetime`` is converted to UTC and written as ``"YYYY-MM-DDTHH:MM:SS.ffffffZ"`` (always six
  fractional digits); a ``date`` as ``"YYYY-MM-DD"``; a ``UUID`` as its lower-case hyphenated string.
* ``float`` (NaN and infinities included), naive datetimes, non-string keys, sets, bytes and every other
  type are refused with a ``TypeError`` naming the path of the offending value.

Values are first turned into plain JSON data (:func:`to_json_data`); ``json.loads(canonical_json(v))``
equals ``to_json_data(v)``, and canonicalising that again gives the same bytes. This is what makes a
stored payload verifiable later: store the JSON data, not the original Python objects.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import cast
from uuid import UUID

__all__ = ["MAX_DEPTH", "canonical_json", "format_timestamp", "to_json_data"]

#: Containers nested deeper than this are refused (this also stops circular references).
MAX_DEPTH = 100
#: A Decimal whose exponent is larger than this (in absolute value) is refused: its plain form would be
#: enormous (``Decimal("1E+999999999")`` is a billion digits long).
_MAX_DECIMAL_EXPONENT = 1000

_ALLOWED = "dict, list, tuple, str, int, bool, None, Decimal, datetime, date, UUID"

_ENCODER = json.JSONEncoder(
    ensure_ascii=False,
    sort_keys=True,
    separators=(",", ":"),
    allow_nan=False,
    check_circular=False,  # to_json_data has already bounded the depth
)


class _RejectedError(Exception):
    """Raised deep inside the walk; collects the path on its way out and becomes a TypeError/ValueError."""

    def __init__(self, error: type[TypeError] | type[ValueError], message: str) -> None:
        super().__init__(message)
        self.error = error
        self.message = message
        self.segments: list[str | int] = []  # innermost first: str is a key, int a list index


def _path(root: str, segments: list[str | int]) -> str:
    path = root
    for segment in reversed(segments):
        if isinstance(segment, int):
            path = f"{path}[{segment}]"
        elif segment.isidentifier():
            path = f"{path}.{segment}" if path else segment
        else:
            path = f"{path}[{json.dumps(segment, ensure_ascii=False)}]"
    return path or "value"


def _public(exc: _RejectedError, root: str) -> TypeError | ValueError:
    return exc.error(f"{_path(root, exc.segments)}: {exc.message}")


def format_timestamp(value: datetime) -> str:
    """An aware datetime as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC. Raises TypeError for a naive one."""
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    offset = value.utcoffset()
    if offset is None:
        raise TypeError("naive datetimes are not allowed in the ledger; use a timezone-aware datetime")
    if offset:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


# --- the walk ------------------------------------------------------------------------------------------


def _string(value: str) -> str:
    if type(value) is not str:  # a str subclass (StrEnum, ...): its plain string value
        value = str.__str__(value)
    if value.isascii():
        return value
    value = unicodedata.normalize("NFC", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _RejectedError(ValueError, "strings must not contain lone surrogates (not encodable as UTF-8)") from None
    return value


def _walk_str(value: object, depth: int) -> object:
    return _string(cast(str, value))  # the dispatch guarantees the type


def _walk_scalar(value: object, depth: int) -> object:  # None, bool
    return value


def _walk_int(value: object, depth: int) -> object:
    number = cast(int, value)
    return number if type(number) is int else int.__int__(number)  # IntEnum and friends: the plain int


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise _RejectedError(TypeError, f"object keys must be str, got {type(key).__name__} key {key!r}")
    try:
        return _string(key)
    except _RejectedError as exc:
        exc.message = f"key {key!r}: {exc.message}"
        raise


def _collision(mapping: Mapping[object, object]) -> _RejectedError:
    seen: set[str] = set()
    for key in mapping:
        name = _key(key)
        if name in seen:
            break
        seen.add(name)
    else:  # pragma: no cover - only reached by a mapping whose len() disagrees with its items
        return _RejectedError(ValueError, "the mapping's length does not match its items")
    return _RejectedError(ValueError, f"two keys are equal to {name!r} once normalised to NFC")


# The two container walks inline the common leaves (ASCII str, int, bool, None): this is the hot loop of
# verification, and a function call per leaf would double its cost.


def _walk_mapping(value: object, depth: int) -> object:
    mapping = cast(Mapping[object, object], value)
    if depth >= MAX_DEPTH:
        raise _RejectedError(ValueError, f"nested deeper than {MAX_DEPTH} levels (a circular reference?)")
    out: dict[str, object] = {}
    for key, item in mapping.items():
        name = key if type(key) is str and key.isascii() else _key(key)
        try:
            if type(item) is str:
                out[name] = item if item.isascii() else _string(item)
            elif type(item) is int or type(item) is bool or item is None:
                out[name] = item
            elif type(item) is dict:
                out[name] = _walk_mapping(item, depth + 1)
            elif type(item) is list:
                out[name] = _walk_sequence(item, depth + 1)
            else:
                out[name] = _walk(item, depth + 1)
        except _RejectedError as exc:
            exc.segments.append(name)
            raise
    if len(out) != len(mapping):
        raise _collision(mapping)
    return out


def _walk_sequence(value: object, depth: int) -> object:
    items = cast(list[object] | tuple[object, ...], value)
    if depth >= MAX_DEPTH:
        raise _RejectedError(ValueError, f"nested deeper than {MAX_DEPTH} levels (a circular reference?)")
    out: list[object] = []
    append = out.append
    for index, item in enumerate(items):
        try:
            if type(item) is str:
                append(item if item.isascii() else _string(item))
            elif type(item) is int or type(item) is bool or item is None:
                append(item)
            elif type(item) is dict:
                append(_walk_mapping(item, depth + 1))
            elif type(item) is list:
                append(_walk_sequence(item, depth + 1))
            else:
                append(_walk(item, depth + 1))
        except _RejectedError as exc:
            exc.segments.append(index)
            raise
    return out


def _walk_float(value: object, depth: int) -> object:
    raise _RejectedError(TypeError, f"floats are not allowed in ledger payloads, use Decimal (got {value!r})")


def _walk_decimal(value: object, depth: int) -> object:
    number = cast(Decimal, value)
    if not number.is_finite():
        raise _RejectedError(TypeError, f"Decimal {number} is not allowed in ledger payloads (not a finite number)")
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or abs(exponent) > _MAX_DECIMAL_EXPONENT:
        raise _RejectedError(
            ValueError, f"Decimal {number} has an exponent out of range (limit ±{_MAX_DECIMAL_EXPONENT})"
        )
    return format(number, "f")


def _walk_datetime(value: object, depth: int) -> object:
    moment = cast(datetime, value)
    try:
        return format_timestamp(moment)
    except TypeError as exc:
        raise _RejectedError(TypeError, f"{exc} (got {moment.isoformat()})") from None


def _walk_date(value: object, depth: int) -> object:
    return cast(date, value).isoformat()


def _walk_uuid(value: object, depth: int) -> object:
    return str(value)


_Handler = Callable[[object, int], object]

# Checked in this order for subclasses; exact types are looked up directly (the common, fast case).
# bool before int and datetime before date, because they are subclasses.
_BY_ISINSTANCE: tuple[tuple[type | tuple[type, ...], _Handler], ...] = (
    (str, _walk_str),
    (bool, _walk_scalar),
    (int, _walk_int),
    (float, _walk_float),
    (Decimal, _walk_decimal),
    (datetime, _walk_datetime),
    (date, _walk_date),
    (UUID, _walk_uuid),
    (Mapping, _walk_mapping),
    ((list, tuple), _walk_sequence),
)
_BY_TYPE: dict[type, _Handler] = {
    str: _walk_str,
    dict: _walk_mapping,
    list: _walk_sequence,
    tuple: _walk_sequence,
    int: _walk_int,
    bool: _walk_scalar,
    type(None): _walk_scalar,
    Decimal: _walk_decimal,
    datetime: _walk_datetime,
    date: _walk_date,
    UUID: _walk_uuid,
    float: _walk_float,
}


def _walk(value: object, depth: int) -> object:
    handler = _BY_TYPE.get(type(value))
    if handler is None:
        for kind, candidate in _BY_ISINSTANCE:
            if isinstance(value, kind):
                handler = candidate
                break
        else:
            raise _RejectedError(
                TypeError,
                f"values of type {type(value).__qualname__} are not allowed in ledger payloads (allowed: {_ALLOWED})",
            )
    return handler(value, depth)


# --- public --------------------------------------------------------------------------------------------


def to_json_data(value: object, *, root: str = "value") -> object:
    """The plain JSON data (dict/list/str/int/bool/None) that :func:`canonical_json` serialises.

    ``root`` names the value in error messages (``"payload"`` gives ``"payload.items[2].amount: ..."``).
    Raises TypeError for a value of a refused type and ValueError for a refused value of an accepted
    type (nesting too deep, keys that collide after NFC normalisation, a lone surrogate).
    """
    try:
        return _walk(value, 0)
    except _RejectedError as exc:
        raise _public(exc, root) from None


def dumps(data: object) -> bytes:
    """Serialise data already produced by :func:`to_json_data`."""
    return _ENCODER.encode(data).encode("utf-8")


def canonical_json(value: object, *, root: str = "value") -> bytes:
    """Deterministic UTF-8 JSON for ``value``; see the module documentation for the exact rules."""
    return dumps(to_json_data(value, root=root))
