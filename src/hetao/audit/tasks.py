"""Background work on the audit ledger: verify the chain and sign a checkpoint of its head.

Schedule ``audit_verify_and_checkpoint`` daily (enqueue it from cron with ``hetao audit enqueue``, or run
``hetao audit checkpoint`` directly); a worker (``hetao db_worker``) runs it.
"""

from __future__ import annotations

from django_tasks import task

from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.domain.services import audit_checkpoint_sign


@task()
def audit_verify_and_checkpoint() -> dict[str, object]:
    """Verify the whole chain; sign a checkpoint only when it is intact, so a checkpoint never vouches for a
    broken ledger. The result says which event broke when it is not."""
    report = ledger_verify()
    if not report.ok:
        assert report.first_break is not None  # noqa: S101 - ok is False only with a break
        return {
            "ok": False,
            "checked": report.checked,
            "broken_at": report.first_break.sequence,
            "reason": report.first_break.reason,
        }
    checkpoint = audit_checkpoint_sign(actor=None)
    return {"ok": True, "checked": report.checked, "checkpoint_sequence": checkpoint.sequence}
