"""Concurrent drafts on PostgreSQL: every proposal gets its own reference, with no gap."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from hetao.programmes.domain.services import proposal_create
from hetao.programmes.models import Proposal
from tests.factories.people import make_user
from tests.programmes.factories import make_call

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_creates_get_distinct_references(sz_park, hk_park):
    call = make_call(sz_park=sz_park, hk_park=hk_park)
    writers, per_writer = 6, 4
    users = [make_user() for _ in range(writers)]
    barrier = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(per_writer):
                proposal_create(actor=users[index], call=call, title_en=f"Race {index}")
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert failures == []
    references = sorted(Proposal.objects.values_list("reference", flat=True))
    assert references == [f"P-{n:04d}" for n in range(1, writers * per_writer + 1)]
