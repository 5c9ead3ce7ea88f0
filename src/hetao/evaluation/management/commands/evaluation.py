"""``hetao evaluation remind``: queue reminder e-mails for reviewers of calls whose review deadline is near."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hetao.evaluation.domain.services import REMINDER_DAYS, reminders_enqueue
from hetao.programmes.models import Call


class Command(BaseCommand):
    help = "Evaluation chores: queue reminders to reviewers whose reviews are due soon."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="Queue reminders for every call whose review deadline is near.")
        remind.add_argument("--days", type=int, default=REMINDER_DAYS, help="Days before the deadline (default 3).")
        remind.add_argument("--call", help="Only this call (its code).")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 0:
            raise CommandError("--days cannot be negative")
        now = timezone.now()
        calls = Call.objects.filter(review_deadline__gt=now, review_deadline__lte=now + timedelta(days=days))
        if options.get("call"):
            calls = Call.objects.filter(code=options["call"], review_deadline__isnull=False)
            if not calls.exists():
                raise CommandError(f"no call {options['call']!r} with a review deadline")
        count = 0
        for call in calls.order_by("review_deadline", "code"):
            reminders_enqueue(call=call, days_before=days)
            count += 1
        self.stdout.write(f"Queued reminders for {count} call(s)")
