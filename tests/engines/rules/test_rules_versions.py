"""Policy versions by effective date."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from hetao.engines.rules import NoPolicyInForce, Policy, PolicySet


def version(number: int, start: date, end: date | None = None, name: str = "goods") -> Policy:
    return Policy(name=name, version=number, effective_from=start, effective_to=end, rules=())


def test_active_on_picks_the_latest_version_in_force() -> None:
    one = version(1, date(2025, 1, 1))
    two = version(2, date(2025, 7, 1), date(2025, 12, 31))
    three = version(3, date(2026, 3, 1))
    policies = PolicySet([three, one, two])

    assert policies.versions == (one, two, three)
    assert policies.active_on(date(2025, 1, 1)) is one
    assert policies.active_on(date(2025, 6, 30)) is one
    assert policies.active_on(date(2025, 7, 1)) is two
    assert policies.active_on(date(2025, 12, 31)) is two
    assert policies.active_on(date(2026, 3, 1)) is three
    assert policies.active_on(date(2040, 1, 1)) is three
    assert policies.get(2) is two


def test_active_on_before_the_first_or_in_a_gap_raises() -> None:
    policies = PolicySet([version(1, date(2025, 1, 1), date(2025, 3, 31)), version(2, date(2025, 7, 1))])

    with pytest.raises(
        NoPolicyInForce, match="no version in force on 2024-12-31: version 1 takes effect on 2025-01-01"
    ):
        policies.active_on(date(2024, 12, 31))
    with pytest.raises(NoPolicyInForce, match="no version in force on 2025-04-01: version 1 ended on 2025-03-31"):
        policies.active_on(date(2025, 4, 1))
    with pytest.raises(KeyError, match="no version 3; the versions are 1, 2"):
        policies.get(3)


def test_active_on_takes_a_date_not_a_datetime() -> None:
    policies = PolicySet([version(1, date(2025, 1, 1))])
    moment = datetime(2025, 5, 1, tzinfo=timezone(timedelta(hours=8)))

    with pytest.raises(ValueError, match="active_on takes a date"):
        policies.active_on(moment)


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ([], "a PolicySet needs at least one policy version"),
        (
            [version(1, date(2025, 1, 1)), version(1, date(2025, 6, 1))],
            "version 1 appears twice",
        ),
        (
            [version(1, date(2025, 1, 1)), version(2, date(2025, 1, 1))],
            "versions 1 and 2 both take effect on 2025-01-01",
        ),
        (
            [version(1, date(2025, 6, 1)), version(2, date(2025, 1, 1))],
            "version 2 takes effect on 2025-01-01, before version 1 \\(2025-06-01\\)",
        ),
        (
            [version(1, date(2025, 1, 1), date(2025, 7, 1)), version(2, date(2025, 7, 1))],
            "version 1 runs to 2025-07-01, overlapping version 2 from 2025-07-01; end it on 2025-06-30 at the latest",
        ),
        (
            [version(1, date(2025, 1, 1)), version(2, date(2025, 7, 1), name="other")],
            "versions of different policies: 'goods', 'other'",
        ),
    ],
)
def test_policy_set_refuses_conflicting_versions(versions: list[Policy], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PolicySet(versions)


def test_policy_set_lists_every_conflict() -> None:
    with pytest.raises(ValueError, match="version 2 appears twice; versions 1 and 2 both take effect"):
        PolicySet([version(1, date(2025, 1, 1)), version(2, date(2025, 2, 1)), version(2, date(2025, 1, 1))])
