"""Property: on random small policies and random declarations, the compiled decision (closures, (flow, line)
index, hoisted declaration conjuncts) equals the reference interpreter's naive walk of the condition tree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from hetao.engines.rules import (
    CHANNELS,
    DECLARANT_STATUSES,
    DIRECTIONS,
    FACTS,
    FLOWS,
    GOODS_CLASSES,
    LINES,
    OUTCOMES,
    Declaration,
    Fact,
    Item,
    compile_policy,
    decide,
    policy_from_data,
)
from tests.engines.rules._reference import reference_decide

HS_CODES = ["300290", "30021000", "38220090", "2806100000", "90278000"]
HS_PREFIXES = ["3", "30", "3002", "38", "3822", "28", "90278000"]
POOLS: dict[str, list[Any]] = {
    "declaration.declarant_id": ["I1", "I2"],
    "declaration.project_id": ["P1", "P2"],
    "declaration.risk_score": [0.0, 0.3, 0.5, 0.7, 1.0],
    "declaration.party_screening_score": [0.0, 0.5, 0.9],
    "declaration.item_count": [0, 1, 2, 3],
    "item.hs_code": HS_CODES,
    "item.bio_risk_class": [1, 2, 3, 4],
    "item.quantity": [0, 1, 2.5, 10],
    "item.unit": ["kg", "l"],
    "item.value": [0, 100, 999.99, 1000],
    "item.currency": ["HKD", "CNY"],
    "item.origin": ["HK", "CN", "US"],
    "item.licence": ["L1", "L2"],
    "item.quota_remaining": [0, 1, 5, 10],
    "item.quantity_zscore": [-3.0, 0.0, 1.5, 4.0],
}


def value_pool(fact: Fact) -> list[Any]:
    if fact.type == "bool":
        return [True, False]
    if fact.choices is not None:
        return list(fact.choices)
    return POOLS[fact.name]


@st.composite
def comparisons(draw: st.DrawFn) -> dict[str, Any]:
    fact = FACTS[draw(st.sampled_from(sorted(FACTS)))]
    op = draw(st.sampled_from(fact.operators))
    node: dict[str, Any] = {"fact": fact.name, "op": op}
    pool = value_pool(fact)
    if op in ("in", "not_in"):
        node["value"] = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
    elif op == "prefix":
        node["value"] = draw(st.lists(st.sampled_from(HS_PREFIXES), min_size=1, max_size=2))
    elif op not in ("exists", "missing"):
        node["value"] = draw(st.sampled_from(pool))
    return node


conditions = st.recursive(
    comparisons(),
    lambda children: (
        st.lists(children, min_size=1, max_size=3).map(lambda c: {"all": c})
        | st.lists(children, min_size=1, max_size=3).map(lambda c: {"any": c})
        | children.map(lambda c: {"not": c})
    ),
    max_leaves=6,
)


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    rules = []
    for index in range(draw(st.integers(0, 6))):
        rule: dict[str, Any] = {
            "id": f"r{index}",
            "description": f"rule {index}",
            "outcome": draw(st.sampled_from(OUTCOMES)),
        }
        applies_to: dict[str, Any] = {}
        if draw(st.booleans()):
            applies_to["flow"] = draw(st.lists(st.sampled_from(FLOWS), min_size=1, max_size=2))
        if draw(st.booleans()):
            applies_to["line"] = draw(st.sampled_from(LINES))
        if applies_to:
            rule["applies_to"] = applies_to
        if draw(st.integers(0, 9)):
            rule["when"] = draw(conditions)
        rules.append(rule)
    data: dict[str, Any] = {"name": "random", "version": 1, "effective_from": date(2025, 1, 1), "rules": rules}
    if draw(st.booleans()):
        data["default_outcome"] = draw(st.sampled_from(OUTCOMES))
    return data


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def items(draw: st.DrawFn) -> Item:
    priced = draw(st.booleans())
    return Item(
        hs_code=draw(st.sampled_from(HS_CODES)),
        goods_class=draw(st.sampled_from(GOODS_CLASSES)),
        quantity=Decimal(str(draw(st.sampled_from(POOLS["item.quantity"])))),
        unit=draw(st.sampled_from(POOLS["item.unit"])),
        value=Decimal(str(draw(st.sampled_from(POOLS["item.value"])))) if priced else None,
        currency=draw(st.sampled_from(POOLS["item.currency"])) if priced else None,
        origin=draw(optional(st.sampled_from(POOLS["item.origin"]))),
        bio_risk_class=draw(optional(st.sampled_from(POOLS["item.bio_risk_class"]))),
        has_quarantine_approval=draw(st.booleans()),
        has_hk_bio_licence=draw(st.booleans()),
        licence=draw(optional(st.sampled_from(POOLS["item.licence"]))),
        restricted_technology=draw(optional(st.booleans())),
        whitelisted=draw(optional(st.booleans())),
        quota_remaining=draw(optional(st.sampled_from(POOLS["item.quota_remaining"]).map(Decimal))),
        quota_unit_matches=draw(optional(st.booleans())),
        quantity_zscore=draw(optional(st.sampled_from(POOLS["item.quantity_zscore"]))),
    )


@st.composite
def declarations(draw: st.DrawFn) -> Declaration:
    return Declaration(
        flow=draw(st.sampled_from(FLOWS)),
        line=draw(st.sampled_from(LINES)),
        direction=draw(st.sampled_from(DIRECTIONS)),
        channel=draw(st.sampled_from(CHANNELS)),
        declarant_id=draw(st.sampled_from(POOLS["declaration.declarant_id"])),
        items=tuple(draw(st.lists(items(), max_size=3))),
        declarant_status=draw(optional(st.sampled_from(DECLARANT_STATUSES))),
        declarant_whitelisted=draw(st.booleans()),
        declarant_scope_flows=tuple(draw(st.lists(st.sampled_from(FLOWS), max_size=2, unique=True))),
        declarant_scope_classes=tuple(draw(st.lists(st.sampled_from(GOODS_CLASSES), max_size=3, unique=True))),
        carrier_designated=draw(optional(st.booleans())),
        project_id=draw(optional(st.sampled_from(POOLS["declaration.project_id"]))),
        risk_score=draw(optional(st.sampled_from(POOLS["declaration.risk_score"]))),
        party_screening_score=draw(optional(st.sampled_from(POOLS["declaration.party_screening_score"]))),
    )


@settings(max_examples=400, deadline=None)
@given(data=policies(), subjects=st.lists(declarations(), min_size=1, max_size=4))
def test_compiled_decision_equals_reference(data: dict[str, Any], subjects: list[Declaration]) -> None:
    policy = policy_from_data(data)
    compiled = compile_policy(policy)

    for subject in subjects:
        expected = reference_decide(policy, subject)
        event(f"outcome {expected.outcome}")
        event("some rule fired" if expected.reasons else "no rule fired")
        assert decide(compiled, subject) == expected
