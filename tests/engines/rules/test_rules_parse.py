"""Parsing policy documents: what a valid one becomes, and every problem of an invalid one, reported together."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hetao.engines.rules import (
    FACTS,
    AllOf,
    AnyOf,
    Comparison,
    Not,
    PolicyError,
    Problem,
    Rule,
    parse_policy,
    policy_from_data,
)
from tests.engines.rules._helpers import SAMPLE_POLICY

HEADER = 'name = "p"\nversion = 1\neffective_from = 2025-01-01\n'


def problems(text: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    return [str(problem) for problem in caught.value.problems]


def test_parse_sample_policy() -> None:
    policy = parse_policy(SAMPLE_POLICY)

    assert (policy.name, policy.version, policy.effective_from, policy.effective_to) == (
        "research goods",
        1,
        date(2025, 7, 1),
        None,
    )
    assert policy.default_outcome == "clear"
    assert [rule.id for rule in policy.rules] == [
        "declarant-not-active",
        "goods-not-whitelisted",
        "special-needs-quarantine",
        "high-risk",
        "chemicals",
        "hand-carry-by-designated",
        "over-quota",
        "low-value-sample",
    ]
    assert policy.rules[2] == Rule(
        id="special-needs-quarantine",
        description="A special item needs a quarantine approval and a Hong Kong biological-material licence",
        outcome="refuse",
        flows=("goods",),
        lines=("first",),
        when=AllOf(
            (
                Comparison("item.goods_class", "eq", "special_item"),
                AnyOf(
                    (
                        Comparison("item.has_quarantine_approval", "eq", False),
                        Comparison("item.has_hk_bio_licence", "eq", False),
                    )
                ),
            )
        ),
    )
    assert policy.rules[2].per_item
    assert not policy.rules[0].per_item
    assert policy.rules[0].flows == ("goods", "person", "data", "technology")


def test_parse_normalises_values_to_the_fact_type() -> None:
    policy = parse_policy(
        HEADER
        + """effective_to = 2025-12-31
default_outcome = "officer"
[[rules]]
id = "r"
description = "d"
outcome = "inspect"
applies_to = { line = ["second", "first"] }
when = { any = [
    { fact = "item.value", op = "gt", value = 0.1 },
    { fact = "item.quantity", op = "in", value = [1, 2.5] },
    { fact = "declaration.risk_score", op = "ge", value = 1 },
    { fact = "item.hs_code", op = "prefix", value = "3002" },
    { not = { fact = "item.licence", op = "exists" } },
] }
"""
    )

    rule = policy.rules[0]
    assert policy.effective_to == date(2025, 12, 31)
    assert policy.default_outcome == "officer"
    assert rule.lines == ("first", "second")
    assert rule.when == AnyOf(
        (
            Comparison("item.value", "gt", Decimal("0.1")),
            Comparison("item.quantity", "in", (Decimal(1), Decimal("2.5"))),
            Comparison("declaration.risk_score", "ge", 1.0),
            Comparison("item.hs_code", "prefix", ("3002",)),
            Not(Comparison("item.licence", "exists")),
        )
    )
    assert isinstance(rule.when.conditions[2].value, float)  # type: ignore[union-attr]
    assert rule.facts == ("item.value", "item.quantity", "declaration.risk_score", "item.hs_code", "item.licence")


def test_parse_rule_without_when_always_fires_once() -> None:
    policy = parse_policy(HEADER + '[[rules]]\nid = "r"\ndescription = "d"\noutcome = "officer"\n')

    assert policy.rules[0].when is None
    assert not policy.rules[0].per_item


def test_parse_reports_every_kind_of_problem_together() -> None:
    text = HEADER + (
        """
[[rules]]
id = "special-needs-quarantine"
description = "Special items need a quarantine approval"
outcome = "refuse"
when = { any = [
    { fact = "item.goods_class", op = "eq", value = "special_item" },
    { fact = "item.goods_class", op = "contains", value = "special" },
] }

[[rules]]
id = "unknown-fact"
description = "d"
outcome = "inspect"
when = { fact = "item.hscode", op = "prefix", value = ["30"] }

[[rules]]
id = "wrong-type"
description = "d"
outcome = "inspect"
when = { fact = "item.quantity", op = "gt", value = "ten" }

[[rules]]
id = "no-outcome"
description = "d"

[[rules]]
id = "special-needs-quarantine"
description = "d"
outcome = "clear"
"""
    )

    assert problems(text) == [
        'rules[0] (id "special-needs-quarantine").when.any[1].op: unknown operator "contains"; '
        "choose one of eq, ne, in, not_in, lt, le, gt, ge, prefix, exists, missing",
        'rules[1] (id "unknown-fact").when.fact: unknown fact "item.hscode"; did you mean "item.hs_code"?',
        'rules[2] (id "wrong-type").when.value: item.quantity is a number; got "ten" (a string)',
        'rules[3] (id "no-outcome").outcome: missing; choose one of clear, inspect, officer, refuse',
        'rules[4] (id "special-needs-quarantine").id: duplicate rule id "special-needs-quarantine" '
        "(first used by rules[0])",
    ]


def test_parse_bad_toml_is_one_problem_with_its_position() -> None:
    assert problems(HEADER + '[[rules]]\nid = "r\n') == [
        "not valid TOML: Illegal character '\\n' (at line 5, column 8)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version = 1\neffective_from = 2025-01-01\n", ["name: missing"]),
        (
            'name = "p"\nversion = "1"\neffective_from = "2025-01-01"\n',
            [
                'version: must be a positive integer, got "1" (a string)',
                'effective_from: must be a date such as 2025-07-01 (no quotes), got "2025-01-01" (a string)',
            ],
        ),
        (
            HEADER + "effective_to = 2024-12-31\n",
            ["effective_to: 2024-12-31 is before effective_from 2025-01-01"],
        ),
        (
            HEADER + 'default_outcome = "maybe"\n',
            ['default_outcome: unknown outcome "maybe"; choose one of clear, inspect, officer, refuse'],
        ),
        (HEADER + "rule = 1\n", ['rule: unknown key "rule"; did you mean "rules"?']),
        (HEADER + "rules = 3\n", ["rules: must be an array of tables ([[rules]]), got an integer"]),
        (
            HEADER + '[[rules]]\nid = "bad id"\ndescription = ""\noutcome = "refuse"\noutcom = 1\n',
            [
                'rules[0] (id "bad id").outcom: unknown key "outcom"; did you mean "outcome"?',
                "rules[0] (id \"bad id\").id: must be letters, digits, '.', '_' or '-' (starting with a letter or "
                'digit), got "bad id"',
                'rules[0] (id "bad id").description: must be a non-empty string, got "" (a string)',
            ],
        ),
        (
            HEADER + '[[rules]]\ndescription = "d"\noutcome = "refuse"\n'
            'applies_to = { flow = ["goods", "cash"], line = 2 }\n',
            [
                "rules[0].id: missing; every rule needs an id",
                'rules[0].applies_to.flow[1]: unknown value "cash"; choose from goods, person, data, technology',
                "rules[0].applies_to.line: must be a string or a non-empty array of strings, got an integer",
            ],
        ),
    ],
)
def test_parse_document_problems(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


RULE = HEADER + '[[rules]]\nid = "r"\ndescription = "d"\noutcome = "refuse"\nwhen = '
SHAPES = "{ fact = ..., op = ..., value = ... }, { all = [...] }, { any = [...] } or { not = {...} }"
ALL_OPS = "eq, ne, in, not_in, lt, le, gt, ge, prefix, exists, missing"
FLOWS = "goods, person, data, technology"


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("1", f"when: a condition must be a table: {SHAPES}; got an integer"),
        ("{ all = [], any = [] }", "when: a condition is one of fact/op/value, all, any or not; this one has all, any"),
        ("{ all = [] }", "when.all: must be a non-empty array of conditions, got an array"),
        ("{ not = { all = [1] } }", f"when.not.all[0]: a condition must be a table: {SHAPES}; got an integer"),
        (
            '{ fact = "declaration.flow", op = "eq" }',
            'when.value: missing; op "eq" compares declaration.flow with a value',
        ),
        ('{ op = "eq", value = 1 }', 'when.fact: missing; a comparison names a fact, e.g. fact = "item.hs_code"'),
        ('{ fact = "item.hs_code", value = "300290" }', f"when.op: missing; choose one of {ALL_OPS}"),
        (
            '{ fact = "item.hs_code", op = "lt", value = "30" }',
            'when.op: operator "lt" does not apply to item.hs_code (a string); '
            "choose one of eq, ne, in, not_in, prefix, exists, missing",
        ),
        (
            '{ fact = "declaration.flow", op = "prefix", value = "go" }',
            'when.op: operator "prefix" does not apply to declaration.flow (a string); '
            "choose one of eq, ne, in, not_in, exists, missing",
        ),
        (
            '{ fact = "declaration.flow", op = "eq", value = "cash" }',
            f'when.value: declaration.flow is one of {FLOWS}; got "cash"',
        ),
        (
            '{ fact = "item.hs_code", op = "eq", value = "30" }',
            r'when.value: "30" is not a valid item.hs_code (pattern \d{6,10})',
        ),
        (
            '{ fact = "item.hs_code", op = "prefix", value = ["30", "3x"] }',
            r'when.value[1]: "3x" is not a prefix of a valid item.hs_code (pattern \d{1,10})',
        ),
        (
            '{ fact = "item.hs_code", op = "in", value = "300290" }',
            'when.value: op "in" takes a non-empty array, got "300290" (a string)',
        ),
        (
            '{ fact = "item.hs_code", op = "eq", value = ["300290"] }',
            'when.value: op "eq" takes one value, got an array; use op "in" for a list of values',
        ),
        ('{ fact = "item.licence", op = "exists", value = true }', 'when.value: not used with op "exists"; remove it'),
        (
            '{ fact = "declaration.risk_score", op = "gt", value = 70 }',
            "when.value: declaration.risk_score lies in 0..1; got 70",
        ),
        (
            '{ fact = "item.bio_risk_class", op = "ge", value = 2.5 }',
            "when.value: item.bio_risk_class is an integer; got 2.5 (a float)",
        ),
        (
            '{ fact = "item.whitelisted", op = "eq", value = "yes" }',
            'when.value: item.whitelisted is true or false; got "yes" (a string)',
        ),
        (
            '{ fact = "item.value", op = "gt", value = nan }',
            "when.value: item.value is compared with a finite number; got nan",
        ),
        (
            '{ fact = "declaration.declarant_scope_flows", op = "in", value = ["cash"] }',
            f'when.value[0]: declaration.declarant_scope_flows is one of {FLOWS}; got "cash"',
        ),
        (
            '{ fact = "declaration.declarant_scope_flows", op = "eq", value = "goods" }',
            'when.op: operator "eq" does not apply to declaration.declarant_scope_flows (a set of strings); '
            "choose one of in, not_in, exists, missing",
        ),
        (
            '{ fact = "item.hs_code", op = "eq", value = "300290", values = 1 }',
            'when.values: unknown key "values"; did you mean "value"?',
        ),
        (
            '{ fact = "shipment.weight", op = "gt", value = 1 }',
            'when.fact: unknown fact "shipment.weight"; facts are named declaration.* or item.*',
        ),
    ],
)
def test_parse_condition_problems(when: str, expected: str) -> None:
    assert problems(RULE + when + "\n") == [f'rules[0] (id "r").{expected}']


def test_parse_unknown_fact_without_a_close_match_lists_the_namespace() -> None:
    (message,) = problems(RULE + '{ fact = "item.weight_kg", op = "gt", value = 1 }\n')

    item_facts = ", ".join(name for name in FACTS if name.startswith("item."))
    assert message == f'rules[0] (id "r").when.fact: unknown fact "item.weight_kg"; the item facts are {item_facts}'


def test_parse_refuses_conditions_nested_too_deep() -> None:
    when = "{ not = " * 40 + '{ fact = "item.licence", op = "exists" }' + " }" * 40

    (message,) = problems(RULE + when + "\n")

    assert message.endswith("conditions nest deeper than 32 levels")


def test_policy_error_message_lists_every_problem() -> None:
    error = PolicyError([Problem("a", "one"), Problem("", "two")])

    assert str(error) == "2 problems in the policy:\n  a: one\n  two"
    assert isinstance(error, ValueError)
    with pytest.raises(ValueError, match="at least one problem"):
        PolicyError([])


def test_policy_from_data_refuses_what_is_not_a_table() -> None:
    with pytest.raises(PolicyError, match="a policy must be a table, got an array"):
        policy_from_data([])  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match="a policy document is text, got bytes"):
        parse_policy(b"name = 1")  # type: ignore[arg-type]
