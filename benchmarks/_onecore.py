"""One core for a benchmark: import this before numpy, then call :func:`pin_to_one_core` in ``main()``.

Importing it keeps numerical libraries from starting thread pools; pinning keeps the process on one core, so
that the figures are one-core figures whatever else the machine runs.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")


def pin_to_one_core() -> str:
    try:
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return "not pinned (no sched_setaffinity)"
    return f"pinned to core {core}"
