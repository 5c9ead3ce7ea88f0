"""The background verify-and-checkpoint task, run by the database-backed task worker."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from hetao.audit.models import AuditCheckpoint, AuditEvent
from hetao.audit.triggers import create_triggers, drop_triggers
from tests.factories.people import make_person

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker closes database connections as a long-running worker should, so this test cannot run inside the
# usual per-test transaction.
@pytest.mark.django_db(transaction=True)
def test_task_checkpoints_intact_ledger_through_db_worker(zone, settings):
    settings.TASKS = DB_TASKS
    make_person()
    call_command("audit", "enqueue", stdout=StringIO())
    assert AuditCheckpoint.objects.count() == 0  # queued, not yet run

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())

    checkpoint = AuditCheckpoint.objects.get()
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.get()
    assert row.status == "SUCCESSFUL"
    # The checkpoint covers every event before it; signing it is itself the next event.
    assert row.return_value == {"ok": True, "checked": checkpoint.sequence, "checkpoint_sequence": checkpoint.sequence}
    assert AuditEvent.objects.order_by("-sequence").first().action == "audit.checkpoint"


def test_task_refuses_to_checkpoint_broken_ledger(zone):
    from hetao.audit.tasks import audit_verify_and_checkpoint

    make_person()
    drop_triggers()
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET payload = %s WHERE sequence = 1", [json.dumps({"x": 1})])
    finally:
        create_triggers()
    result = audit_verify_and_checkpoint.enqueue()  # the immediate backend runs it now
    assert result.return_value == {"ok": False, "checked": 0, "broken_at": 1, "reason": "hash_mismatch"}
    assert AuditCheckpoint.objects.count() == 0
