"""Concurrent writers on PostgreSQL: two expenditures recorded at the same moment that together would
overspend a line: the project row is locked first, so exactly one is recorded, the other is refused
``line_overspent``, and the line's spending never passes its budget."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hetao.audit.domain.selectors import ledger_verify
from hetao.core.errors import DomainError
from hetao.projects.models import Expenditure
from tests.factories.people import make_user
from tests.factories.race import race
from tests.projects.factories import line, make_project
from tests.projects.money_factories import add_member, record, stored_files

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a directory of the test's own, so a test sees what was stored (or left behind)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_two_expenditures_that_together_overspend_a_line_cannot_both_pass(zone, sz_park, hk_park, media):
    pi = make_user()
    project = make_project(sz_park, hk_park, pi=pi)
    officer = add_member(project, "finance")
    equipment = line(project, "equipment", 1, "CNY")
    record(project, pi, equipment, "20000")

    outcomes = race(
        [
            lambda: record(project, pi, equipment, "20000", payee="First"),
            lambda: record(project, officer, equipment, "20000", payee="Second"),
        ]
    )

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    wins = [o for o in outcomes if isinstance(o, Expenditure)]
    assert (len(wins), len(errors)) == (1, 1)
    assert isinstance(errors[0], DomainError)
    assert errors[0].code == "line_overspent"
    assert "only CN¥10,000.00 is available" in errors[0].message
    equipment.refresh_from_db()
    assert (equipment.spent, equipment.amount) == (Decimal("40000.00"), Decimal("50000.00"))
    assert Expenditure.objects.filter(line=equipment).count() == 2
    # The refused expenditure's receipt was removed with it.
    assert len(stored_files(media)) == 2
    assert ledger_verify().ok


def test_many_concurrent_expenditures_never_pass_the_budget(zone, sz_park, hk_park):
    pi = make_user()
    project = make_project(sz_park, hk_park, pi=pi)
    equipment = line(project, "equipment", 1, "CNY")

    outcomes = race([lambda: record(project, pi, equipment, "12000") for _ in range(6)])

    wins = [o for o in outcomes if isinstance(o, Expenditure)]
    codes = sorted(getattr(o, "code", "") for o in outcomes if isinstance(o, BaseException))
    assert (len(wins), codes) == (4, ["line_overspent", "line_overspent"])
    equipment.refresh_from_db()
    assert equipment.spent == Decimal("48000.00")
    assert equipment.spent <= equipment.amount + equipment.overdraft
