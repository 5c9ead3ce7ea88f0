"""Background work of evaluation: reminders to reviewers whose reviews are still due.

``reminders_enqueue(call=...)`` queues :func:`review_reminders` for a call; ``hetao evaluation remind`` (daily,
from cron) queues it for every call whose review deadline is near. A worker (``hetao db_worker``) runs it.
"""

from __future__ import annotations

from django_tasks import task

from hetao.evaluation.domain.services import REMINDER_DAYS, reminders_send
from hetao.programmes.models import Call


@task()
def review_reminders(call_id: int, days_before: int = REMINDER_DAYS) -> dict[str, object]:
    """E-mail each reviewer with unsubmitted reviews in the call, once, within ``days_before`` days of the
    deadline. Returns how many were sent and to which experts, or why none was."""
    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        return {"sent": 0, "reviewers": [], "skipped": "no_call"}
    report = reminders_send(call=call, days_before=days_before)
    return {"sent": report.sent, "reviewers": report.reviewers, "skipped": report.skipped}
