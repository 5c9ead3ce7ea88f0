"""Run callables at the same moment, each in its own thread and database connection (PostgreSQL races)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db import connection


def race(calls: Sequence[Callable[[], object]]) -> list[object]:
    """Start every call together behind a barrier; each outcome is the call's result or the exception it raised,
    in the order of ``calls``. Every thread closes its own connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = calls[index]()
        except BaseException as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
