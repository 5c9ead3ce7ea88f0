"""Checks made at the engine's boundary: shapes, dtypes and ranges, with messages that name the argument."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

FloatVector = npt.NDArray[np.float64]
IntVector = npt.NDArray[np.int64]
IntMatrix = npt.NDArray[np.int64]
BoolVector = npt.NDArray[np.bool_]


def index_vector(name: str, value: Any, size: int | None = None, size_name: str = "") -> IntVector:
    """A one-dimensional array of non-negative integer indices (below ``size`` when given)."""
    array = np.asarray(value)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size and array.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integers, got dtype {array.dtype}")
    array = array.astype(np.int64, copy=False)
    if array.size and int(array.min()) < 0:
        position = int(np.flatnonzero(array < 0)[0])
        raise ValueError(f"{name}[{position}] is {int(array[position])}; indices must not be negative")
    if size is not None and array.size and int(array.max()) >= size:
        position = int(np.flatnonzero(array >= size)[0])
        raise ValueError(f"{name}[{position}] is {int(array[position])}, outside 0..{size - 1} ({size_name})")
    return np.ascontiguousarray(array)


def float_vector(name: str, value: Any, length: int | None = None) -> FloatVector:
    """A one-dimensional array of finite floats (of ``length`` when given)."""
    array = np.asarray(value)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size and array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if length is not None and array.shape[0] != length:
        raise ValueError(f"{name} has length {array.shape[0]}, expected {length}")
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise ValueError(f"{name}[{int(bad[0])}] is {array[int(bad[0])]}; every value must be finite")
    return np.ascontiguousarray(array)


def money_array(name: str, value: Any, shape: tuple[int, ...]) -> npt.NDArray[np.int64]:
    """Amounts in minor units (cents): integers, never negative, of the given shape."""
    array = np.asarray(value)
    if array.shape != shape:
        raise ValueError(f"{name} has shape {array.shape}, expected {shape}")
    if array.size and array.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integers (amounts in minor units such as cents), got dtype {array.dtype}")
    array = array.astype(np.int64, copy=False)
    negative = np.argwhere(array < 0)
    if negative.size:
        where = tuple(int(i) for i in negative[0])
        raise ValueError(f"{name}{list(where)} is {int(array[where])}; amounts must not be negative")
    return np.ascontiguousarray(array)


def positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def seed_value(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) < 0:
        raise ValueError(f"seed must be a non-negative integer, got {value!r}")
    return int(value)
