"""A straightforward reference for the rules engine: walks the parsed condition tree for every rule and every
item, reads facts with getattr, and scans the whitelist entry by entry. Slow on purpose; the property tests
compare the engine with it, and benchmarks/bench_rules.py uses it as its baseline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from hetao.engines.rules import (
    FACTS,
    OUTCOMES,
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    Decision,
    Declaration,
    FactValue,
    Item,
    Not,
    Policy,
    Reason,
    WhitelistEntry,
)


def reference_read(name: str, declaration: Declaration, item: Item | None) -> FactValue:
    namespace, attribute = name.split(".", 1)
    if name == "item.class_in_scope":
        if item is None or item.goods_class is None:
            return None
        return item.goods_class in declaration.declarant_scope_classes
    value: FactValue = getattr(item if namespace == "item" else declaration, attribute)
    return value


def reference_compare(name: str, op: str, v: FactValue, value: object) -> bool:  # noqa: PLR0911
    if op == "exists":
        return v is not None
    if op == "missing":
        return v is None
    if v is None:
        return False
    assert isinstance(value, tuple) or op not in ("in", "not_in", "prefix")
    if FACTS[name].type == "str_set":
        assert isinstance(v, tuple)
        assert isinstance(value, tuple)
        shared = any(element in value for element in v)
        return shared if op == "in" else not shared
    if op == "eq":
        return v == value
    if op == "ne":
        return v != value
    if op == "in":
        return any(v == candidate for candidate in value)  # type: ignore[union-attr]
    if op == "not_in":
        return all(v != candidate for candidate in value)  # type: ignore[union-attr]
    if op == "prefix":
        return any(str(v).startswith(str(prefix)) for prefix in value)  # type: ignore[union-attr]
    ordered = {"lt": v < value, "le": v <= value, "gt": v > value, "ge": v >= value}  # type: ignore[operator]
    return ordered[op]


def reference_holds(condition: Condition | None, declaration: Declaration, item: Item | None) -> bool:
    if condition is None:
        return True
    if isinstance(condition, Comparison):
        value = reference_read(condition.fact, declaration, item)
        return reference_compare(condition.fact, condition.op, value, condition.value)
    if isinstance(condition, Not):
        return not reference_holds(condition.condition, declaration, item)
    results = [reference_holds(child, declaration, item) for child in condition.conditions]
    if isinstance(condition, AllOf):
        return all(results)
    assert isinstance(condition, AnyOf)
    return any(results)


def reference_decide(policy: Policy, declaration: Declaration) -> Decision:
    """Every rule of the policy, in order; per item when its condition names an item fact."""
    reasons: list[Reason] = []
    for rule in policy.rules:
        if declaration.flow not in rule.flows or declaration.line not in rule.lines:
            continue
        per_item = any(name.startswith("item.") for name in rule.facts)
        targets: list[tuple[int | None, Item | None]] = (
            list(enumerate(declaration.items)) if per_item else [(None, None)]
        )
        for index, item in targets:
            if reference_holds(rule.when, declaration, item):
                facts = tuple((name, reference_read(name, declaration, item)) for name in rule.facts)
                reasons.append(
                    Reason(
                        rule_id=rule.id,
                        description=rule.description,
                        description_zh=rule.description_zh,
                        outcome=rule.outcome,
                        item=index,
                        facts=facts,
                    )
                )
    outcome = policy.default_outcome
    if reasons:
        outcome = max((reason.outcome for reason in reasons), key=OUTCOMES.index)
    return Decision(outcome=outcome, reasons=tuple(reasons), policy_name=policy.name, policy_version=policy.version)


class ScanWhitelist:
    """The whitelist as a dict from institution to its entries, scanned in full for each item."""

    def __init__(self, entries: Iterable[WhitelistEntry]) -> None:
        self.by_institution: dict[str, list[WhitelistEntry]] = {}
        for entry in entries:
            self.by_institution.setdefault(entry.institution, []).append(entry)

    def lookup(self, institution: str, hs_code: str, goods_class: str) -> WhitelistEntry | None:
        best: WhitelistEntry | None = None
        for entry in self.by_institution.get(institution, ()):
            if (
                entry.goods_class == goods_class
                and hs_code.startswith(entry.hs_prefix)
                and (best is None or len(entry.hs_prefix) > len(best.hs_prefix))
            ):
                best = entry
        return best


def reference_prepare(declaration: Declaration, whitelist: ScanWhitelist) -> Declaration:
    items = []
    for item in declaration.items:
        if item.hs_code is None or item.goods_class is None:
            items.append(item)
            continue
        entry = whitelist.lookup(declaration.declarant_id, item.hs_code, item.goods_class)
        if entry is None:
            items.append(replace(item, whitelisted=False, quota_remaining=None, quota_unit_matches=None))
        elif entry.quota is None:
            items.append(replace(item, whitelisted=True, quota_remaining=None, quota_unit_matches=None))
        else:
            remaining = entry.quota - entry.used
            items.append(
                replace(item, whitelisted=True, quota_remaining=remaining, quota_unit_matches=entry.unit == item.unit)
            )
    return replace(declaration, items=tuple(items))
