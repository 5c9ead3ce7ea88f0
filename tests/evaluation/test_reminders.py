"""Reminder e-mails to reviewers with unsubmitted reviews, a few days before the deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hetao.evaluation.domain.services import (
    assignment_run,
    callreviewer_add,
    conflict_declare,
    reminders_enqueue,
    review_save,
)
from hetao.evaluation.models import Assignment
from hetao.evaluation.tasks import review_reminders
from hetao.programmes.models import RubricCriterion
from tests.evaluation.factories import make_call, make_expert, simple_proposal, user_of
from tests.factories.people import make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_with_reviews(sz_park, hk_park):
    """Three proposals, three reviewers, one review each: one submitted, one draft, one released."""
    manager = make_user_with_role("programme_manager")
    call = make_call(
        sz_park=sz_park,
        hk_park=hk_park,
        reviewers_per_proposal=1,
        reviewer_load_max=1,
        review_deadline=timezone.now() + timedelta(days=2),
    )
    for _ in range(3):
        simple_proposal(call, sz_park=sz_park, hk_park=hk_park)
    experts = [make_expert(park=None) for _ in range(3)]
    for expert in experts:
        callreviewer_add(actor=manager, call=call, expert=expert)
    assignment_run(actor=manager, call=call)
    submitted, drafting, released = (Assignment.objects.get(expert=e, status="active") for e in experts)
    scores = {c.pk: (4, "") for c in RubricCriterion.objects.filter(call=call)}
    review_save(actor=user_of(experts[0]), assignment=submitted, version=None, scores=scores, submit=True)
    review_save(actor=user_of(experts[1]), assignment=drafting, version=None, scores={})
    conflict_declare(actor=user_of(experts[2]), assignment=released, reason="Relative on the team")
    return call, experts


def test_reminder_goes_only_to_reviewers_with_unsubmitted_reviews(call_with_reviews):
    call, experts = call_with_reviews

    result = review_reminders.call(call_id=call.pk, days_before=3)

    assert result == {"sent": 1, "reviewers": [experts[1].pk], "skipped": ""}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    drafting = Assignment.objects.get(expert=experts[1], status="active")
    assert message.to == [experts[1].person.email]
    assert drafting.proposal.reference in message.body
    assert message.subject.startswith("Reminder: 1 review(s) due by")


def test_reminder_is_sent_once(call_with_reviews):
    call, _experts = call_with_reviews

    first = reminders_enqueue(call=call, days_before=3)
    second = reminders_enqueue(call=call, days_before=3)

    assert (first.return_value["sent"], second.return_value["sent"]) == (1, 0)
    assert len(mail.outbox) == 1


def test_no_reminder_before_its_time_or_after_the_deadline(call_with_reviews):
    call, _experts = call_with_reviews

    early = review_reminders.call(call_id=call.pk, days_before=1)
    call.review_deadline = timezone.now() - timedelta(hours=1)
    call.save(update_fields=["review_deadline"])
    late = review_reminders.call(call_id=call.pk, days_before=3)

    assert (early["skipped"], late["skipped"], len(mail.outbox)) == ("too_early", "closed", 0)


def test_remind_command_queues_calls_due_soon(call_with_reviews, capsys):
    call_command("evaluation", "remind", "--days", "3")

    assert "Queued reminders for 1 call(s)" in capsys.readouterr().out
    assert len(mail.outbox) == 1
