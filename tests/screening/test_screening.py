"""Screening against the active lists, stored results and decisions carried over to later screenings."""

from __future__ import annotations

from datetime import date

import pytest

from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from hetao.core.errors import DomainError, ValidationFailed
from hetao.screening.domain.selectors import run_results
from hetao.screening.domain.services import (
    screen_organisation,
    screen_person,
    screening_decide,
    screening_list_update,
)
from hetao.screening.models import ScreeningDecision, ScreeningResult
from tests.factories.people import make_person, make_user_with_role
from tests.screening.factories import import_csv, make_list, make_list_with

pytestmark = pytest.mark.django_db


def _found(run) -> list[tuple[str, str]]:
    return [(r.entry.source_id, "open" if r.decision is None else r.decision.decision) for r in run_results(run)]


@pytest.mark.parametrize("query", ["陳大文", "CHAN Tai Man", "陈大文", "Tai Man CHAN"])
def test_screen_person_finds_the_entry_in_any_script(query):
    report = make_list_with("Chan Tai Man,,person,,HK,HK-001,", "Lee Ka Fai,,person,,HK,HK-002,")
    officer = make_user_with_role("customs_officer")

    run = screen_person(actor=officer, name=query)

    results = list(run_results(run))
    assert [(r.entry.source_id, r.version_id, r.version.screening_list_id) for r in results] == [
        ("HK-001", report.version.pk, report.version.screening_list_id)
    ]
    assert 0.8 <= results[0].score <= 1.0
    assert results[0].explanation != ""
    assert (run.name, run.screened_by, run.version_ids) == (query, officer, [report.version.pk])


def test_screen_person_stores_the_run_even_without_match():
    make_list_with("Lee Ka Fai,,person,,HK,HK-002,")

    run = screen_person(actor=None, name="陳大文")

    assert list(run_results(run)) == []
    assert run.subject_key == "name:陳大文|"


def test_screen_person_ignores_inactive_lists_and_old_versions():
    screening_list = make_list()
    import_csv(screening_list, "Chan Tai Man,,person,,,X1,")
    import_csv(screening_list, "Lee Ka Fai,,person,,,X2,")
    other = make_list_with("Chan Tai Man,,person,,,Y1,", name="Watch list").version.screening_list
    screening_list_update(actor=None, screening_list=other, is_active=False)

    run = screen_person(actor=None, name="CHAN Tai Man")

    assert _found(run) == []


def test_screen_a_directory_person_under_every_form_of_their_name():
    make_list_with("Chen Dawen,,person,,CN,CN-9,")
    chan = make_person(birth_date=date(1970, 3, 2))

    run = screen_person(actor=None, subject=chan)

    assert _found(run) == [("CN-9", "open")]
    assert (run.person, run.birth_date, run.subject_key) == (chan, date(1970, 3, 2), f"person:{chan.pk}")


def test_screen_organisation_matches_legal_forms():
    make_list_with("Acme Trading Limited,,organisation,,CN,ORG-1,", "Chan Tai Man,,person,,,X1,")

    run = screen_organisation(actor=None, name="Acme Trading Ltd.")

    assert _found(run) == [("ORG-1", "open")]


def test_screen_needs_a_name():
    with pytest.raises(DomainError) as caught:
        screen_person(actor=None, name="  ")

    assert (caught.value.code, caught.value.field) == ("name_required", "name")


def test_false_positive_is_applied_to_the_next_screening():
    make_list_with("Chan Tai Man,,person,1970-03-02,HK,HK-001,")
    officer = make_user_with_role("park_admin")
    first = screen_person(actor=officer, name="CHAN Tai-man", birth_date=date(1985, 1, 1))
    result = run_results(first).get()

    decision = screening_decide(
        actor=officer, result=result, decision="false_positive", reason="Listed person born 1970; ours in 1985."
    )
    second = screen_person(actor=officer, name="Chan Tai Man", birth_date=date(1985, 1, 1))

    assert _found(second) == [("HK-001", "false_positive")]
    assert run_results(second).get().decision == decision
    assert (decision.subject_key, decision.source_id, decision.decided_by) == (
        "name:chantaiman|1985-01-01",
        "HK-001",
        officer,
    )


def test_decision_follows_the_entry_to_a_new_version_of_the_list():
    screening_list = make_list()
    import_csv(screening_list, "Chan Tai Man,,person,,HK,HK-001,")
    officer = make_user_with_role("data_regulator")
    result = run_results(screen_person(actor=officer, name="陳大文")).get()
    screening_decide(actor=officer, result=result, decision="false_positive", reason="Different person.")
    new_version = import_csv(screening_list, "Chan Tai Man,,person,,HK,HK-001,", "Lee Ka Fai,,person,,,HK-002,").version

    later = screen_person(actor=officer, name="陳大文")

    found = run_results(later).get()
    assert (found.version, found.entry.source_id, found.decision.decision) == (new_version, "HK-001", "false_positive")


def test_decision_does_not_apply_to_another_subject():
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    result = run_results(screen_person(actor=None, name="陳大文", birth_date=date(1985, 1, 1))).get()
    screening_decide(actor=None, result=result, decision="false_positive", reason="Different person.")

    other = screen_person(actor=None, name="陳大文", birth_date=date(1990, 1, 1))

    assert _found(other) == [("HK-001", "open")]


def test_later_decision_replaces_the_earlier_one():
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    result = run_results(screen_person(actor=None, name="陳大文")).get()
    screening_decide(actor=None, result=result, decision="false_positive", reason="Looked different.")
    screening_decide(actor=None, result=result, decision="true_match", reason="Passport number matches.")

    later = screen_person(actor=None, name="陳大文")

    assert _found(later) == [("HK-001", "true_match")]
    assert ScreeningDecision.objects.count() == 2


def test_decision_needs_a_reason_and_a_known_decision():
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    result = run_results(screen_person(actor=None, name="陳大文")).get()

    with pytest.raises(ValidationFailed) as caught:
        screening_decide(actor=None, result=result, decision="maybe", reason=" ")

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("decision", "unknown_decision"),
        ("reason", "reason_required"),
    ]
    assert ScreeningDecision.objects.count() == 0


def test_screening_and_decisions_are_audited_and_the_ledger_verifies():
    make_list_with("Chan Tai Man,,person,,HK,HK-001,")
    officer = make_user_with_role("customs_officer")
    run = screen_person(actor=officer, name="陳大文")
    result = ScreeningResult.objects.get(run=run)
    decision = screening_decide(actor=officer, result=result, decision="true_match", reason="Same passport.")

    events = AuditEvent.objects.filter(action__startswith="screening.").order_by("sequence")
    assert [(e.action, e.object_id, e.actor) for e in events] == [
        ("screening.run", str(run.pk), f"user:{officer.pk}:{officer.username}"),
        ("screening.decide", str(decision.pk), f"user:{officer.pk}:{officer.username}"),
    ]
    assert events[0].payload["results"] == [
        {
            "entry": result.entry_id,
            "list": result.version.screening_list_id,
            "source_id": "HK-001",
            "score": str(result.score),
            "decision": None,
        }
    ]
    assert events[1].payload["decision"] == "true_match"
    assert ledger_verify().ok
