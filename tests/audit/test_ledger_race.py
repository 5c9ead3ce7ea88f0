"""Concurrent writers on PostgreSQL: the ledger stays one gapless, verifiable chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from hetao.zone.domain.services import organisation_create
from hetao.zone.models import Organisation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ledger_concurrent_writers_keep_one_chain(zone):
    writers, per_writer = 4, 5
    barrier = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            for n in range(per_writer):
                organisation_create(
                    actor=None, kind="enterprise", country="HK", park="HK", name_en=f"Race Writer {index}-{n}"
                )
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    before = AuditEvent.objects.count()
    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert failures == []
    assert Organisation.objects.filter(name_en__startswith="Race Writer").count() == writers * per_writer
    sequences = list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert len(sequences) == before + writers * per_writer
    assert sequences == list(range(1, len(sequences) + 1))
    report = ledger_verify()
    assert report.ok is True
    assert report.checked == len(sequences)
