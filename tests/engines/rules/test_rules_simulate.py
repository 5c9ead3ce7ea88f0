"""Simulating a new policy version on past declarations."""

from __future__ import annotations

from decimal import Decimal

from hetao.engines.rules import compile_policy, decide, parse_policy, simulate
from tests.engines.rules._helpers import SAMPLE_POLICY, declaration, item

OLD = compile_policy(parse_policy(SAMPLE_POLICY))
# Version 2 inspects from a risk of 0.5 instead of 0.7, and sends special items to an officer instead of refusing.
SPECIAL = 'description = "A special item needs a quarantine approval and a Hong Kong biological-material licence"\n'
NEW = compile_policy(
    parse_policy(
        SAMPLE_POLICY.replace("version = 1", "version = 2")
        .replace('op = "ge", value = 0.7', 'op = "ge", value = 0.5')
        .replace(SPECIAL + 'outcome = "refuse"', SPECIAL + 'outcome = "officer"')
    )
)


def test_simulate_counts_outcome_pairs_and_lists_changes() -> None:
    declarations = [
        declaration(reference="D1"),  # clear -> clear
        declaration(reference="D2", risk_score=0.6),  # clear -> inspect
        declaration(reference="D3", risk_score=0.8),  # inspect -> inspect
        declaration(item(goods_class="special_item"), reference="D4"),  # refuse -> officer
        declaration(reference="D5", declarant_status="revoked", risk_score=0.5),  # refuse -> refuse
        declaration(item(goods_class="sample", value=Decimal(1)), reference="D6", risk_score=0.55),  # clear -> inspect
    ]

    report = simulate(OLD, NEW, declarations)

    assert report.total == 6
    assert dict(report.counts) == {
        ("clear", "clear"): 1,
        ("clear", "inspect"): 2,
        ("inspect", "inspect"): 1,
        ("refuse", "officer"): 1,
        ("refuse", "refuse"): 1,
    }
    assert list(report.counts) == [
        ("clear", "clear"),
        ("clear", "inspect"),
        ("inspect", "inspect"),
        ("refuse", "officer"),
        ("refuse", "refuse"),
    ]
    assert report.count("clear", "refuse") == 0
    assert [(c.index, c.reference, c.old.outcome, c.new.outcome) for c in report.changes] == [
        (1, "D2", "clear", "inspect"),
        (3, "D4", "refuse", "officer"),
        (5, "D6", "clear", "inspect"),
    ]
    assert (report.stricter, report.looser) == (2, 1)
    change = report.changes[1]
    assert change.old == decide(OLD, declarations[3])
    assert change.new == decide(NEW, declarations[3])
    assert [(r.rule_id, r.outcome) for r in change.new.reasons] == [("special-needs-quarantine", "officer")]
    assert change.new.policy_version == 2


def test_simulate_on_nothing_is_empty() -> None:
    report = simulate(OLD, NEW, [])

    assert (report.total, dict(report.counts), report.changes) == (0, {}, ())
