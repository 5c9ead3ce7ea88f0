"""Compiling a policy into closures indexed by (flow, line), and deciding a declaration with its reasons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Final, TypeAlias

from hetao.engines.rules._facts import FACTS, OPERATORS, Fact, FactValue
from hetao.engines.rules._model import FLOWS, LINES, OUTCOMES, SEVERITY, Declaration, Item, Outcome
from hetao.engines.rules._policy import (
    AllOf,
    Comparison,
    Condition,
    Not,
    Policy,
    PolicyError,
    Problem,
    Rule,
    comparisons,
)

Test: TypeAlias = Callable[[Declaration, Item | None], bool]
Predicate: TypeAlias = Callable[[Any], bool]  # fact values are of the fact's type, checked by the parser
Reader: TypeAlias = Callable[[Declaration, Item | None], FactValue]


@dataclass(frozen=True)
class Reason:
    """A rule that fired: its id, description and outcome, the item it fired on (an index into the
    declaration's items; None for a rule over the whole declaration) and the facts its condition reads, with
    their values, in order of first mention."""

    rule_id: str
    description: str
    outcome: Outcome
    item: int | None
    facts: tuple[tuple[str, FactValue], ...]
    description_zh: str | None = None


@dataclass(frozen=True)
class Decision:
    """The outcome (the most severe of the rules that fired, or the policy's default when none fired) and the
    reasons: every rule that fired, in policy order, each rule's items in item order."""

    outcome: Outcome
    reasons: tuple[Reason, ...]
    policy_name: str
    policy_version: int

    @property
    def default_applied(self) -> bool:
        return not self.reasons


def _predicate(fact: Fact, op: str, value: object) -> Predicate:  # noqa: PLR0911, PLR0912 - one closure per operator
    """``value op`` as a test of one fact value; a missing value (None) fails every op but ``missing``."""
    if op == "exists":
        return lambda v: v is not None
    if op == "missing":
        return lambda v: v is None
    if op in ("in", "not_in"):
        if not isinstance(value, tuple):
            raise TypeError(f'op "{op}" needs a tuple of values')
        values = frozenset(value)
        if fact.type == "str_set":
            if op == "in":
                return lambda v: v is not None and not values.isdisjoint(v)
            return lambda v: v is not None and values.isdisjoint(v)
        if op == "in":
            return lambda v: v in values
        return lambda v: v is not None and v not in values
    if op == "prefix":
        if not isinstance(value, tuple):
            raise TypeError('op "prefix" needs a tuple of prefixes')
        prefixes = tuple(str(p) for p in value)
        return lambda v: v is not None and v.startswith(prefixes)
    if op == "eq":
        return lambda v: v == value
    if op == "ne":
        return lambda v: v is not None and v != value
    compare: Any = value
    if op == "lt":
        return lambda v: v is not None and v < compare
    if op == "le":
        return lambda v: v is not None and v <= compare
    if op == "gt":
        return lambda v: v is not None and v > compare
    if op == "ge":
        return lambda v: v is not None and v >= compare
    raise ValueError(f"unknown operator {op!r}; choose one of {', '.join(OPERATORS)}")


def _reader(fact: Fact) -> Reader:
    if fact.derive is not None:
        return fact.derive
    get = attrgetter(fact.attribute)
    if fact.level == "declaration":
        return lambda d, i: get(d)
    return lambda d, i: get(i)


def _leaf(comparison: Comparison) -> Test:
    fact = FACTS[comparison.fact]
    test = _predicate(fact, comparison.op, comparison.value)
    if fact.derive is not None:
        derive = fact.derive
        return lambda d, i: test(derive(d, i))
    get = attrgetter(fact.attribute)
    # One closure per namespace, so that a test reads its field directly instead of through a reader.
    if fact.level == "declaration":
        return lambda d, i: test(get(d))
    return lambda d, i: test(get(i))


def _all(tests: list[Test]) -> Test:
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda d, i: first(d, i) and second(d, i)
    frozen = tuple(tests)

    def every(d: Declaration, i: Item | None) -> bool:
        for test in frozen:  # noqa: SIM110 - all() over a generator costs more on this hot path
            if not test(d, i):
                return False
        return True

    return every


def _any(tests: list[Test]) -> Test:
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda d, i: first(d, i) or second(d, i)
    frozen = tuple(tests)

    def some(d: Declaration, i: Item | None) -> bool:
        for test in frozen:  # noqa: SIM110 - any() over a generator costs more on this hot path
            if test(d, i):
                return True
        return False

    return some


def _test(condition: Condition) -> Test:
    if isinstance(condition, Comparison):
        return _leaf(condition)
    if isinstance(condition, Not):
        inner = _test(condition.condition)
        return lambda d, i: not inner(d, i)
    tests = [_test(child) for child in condition.conditions]
    return _all(tests) if isinstance(condition, AllOf) else _any(tests)


def _mentions_item(condition: Condition) -> bool:
    if isinstance(condition, Comparison):
        return condition.fact.startswith("item.")
    if isinstance(condition, Not):
        return _mentions_item(condition.condition)
    return any(_mentions_item(child) for child in condition.conditions)


def _narrowing(condition: Comparison) -> tuple[str, frozenset[str]] | None:
    """For ``declaration.flow``/``declaration.line`` with eq, ne, in or not_in: the fact and the values it
    allows. These facts are never missing, so the conjunct is exactly membership in that set."""
    choices = {"declaration.flow": FLOWS, "declaration.line": LINES}.get(condition.fact)
    if choices is None:
        return None
    value = condition.value
    values = frozenset(value if isinstance(value, tuple) else (value,))
    if condition.op in ("eq", "in"):
        return condition.fact, frozenset(c for c in choices if c in values)
    if condition.op in ("ne", "not_in"):
        return condition.fact, frozenset(c for c in choices if c not in values)
    return None


class _CompiledRule:
    """A rule ready to run: an optional test on the declaration alone (the conjuncts that read no item fact,
    hoisted out of the item loop), an optional test per item, and the readers of the facts it reports."""

    __slots__ = ("declaration_test", "item_test", "per_item", "readers", "rule", "severity")

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.severity = SEVERITY[rule.outcome]
        self.per_item = rule.per_item
        self.readers = tuple((name, _reader(FACTS[name])) for name in rule.facts)
        conjuncts: list[Condition] = []
        if rule.when is not None:
            conjuncts = list(rule.when.conditions) if isinstance(rule.when, AllOf) else [rule.when]
        on_declaration: list[Test] = []
        on_item: list[Test] = []
        for conjunct in conjuncts:
            # A top-level conjunct on the flow or line always holds in the buckets the rule is filed under:
            # _scope has applied it already.
            if isinstance(conjunct, Comparison) and _narrowing(conjunct) is not None:
                continue
            (on_item if _mentions_item(conjunct) else on_declaration).append(_test(conjunct))
        self.declaration_test: Test | None = _all(on_declaration) if on_declaration else None
        self.item_test: Test | None = _all(on_item) if on_item else None

    def reason(self, declaration: Declaration, item: Item | None, index: int | None) -> Reason:
        rule = self.rule
        return Reason(
            rule_id=rule.id,
            description=rule.description,
            description_zh=rule.description_zh,
            outcome=rule.outcome,
            item=index,
            facts=tuple((name, read(declaration, item)) for name, read in self.readers),
        )


def _scope(rule: Rule) -> tuple[frozenset[str], frozenset[str]]:
    """The flows and lines a rule can fire for: its ``applies_to``, narrowed by top-level conjuncts on
    ``declaration.flow`` and ``declaration.line``."""
    allowed = {"declaration.flow": frozenset(rule.flows), "declaration.line": frozenset(rule.lines)}
    conjuncts: tuple[Condition, ...] = ()
    if isinstance(rule.when, AllOf):
        conjuncts = rule.when.conditions
    elif rule.when is not None:
        conjuncts = (rule.when,)
    for conjunct in conjuncts:
        if isinstance(conjunct, Comparison):
            narrowing = _narrowing(conjunct)
            if narrowing is not None:
                allowed[narrowing[0]] = allowed[narrowing[0]] & narrowing[1]
    return allowed["declaration.flow"], allowed["declaration.line"]


class CompiledPolicy:
    """A policy compiled for :func:`decide`: each rule's condition as closures, the rules indexed by
    (flow, line) so that a decision looks only at the rules that can apply. Immutable once built."""

    __slots__ = ("_buckets", "policy")

    def __init__(self, policy: Policy) -> None:
        if not isinstance(policy, Policy):
            raise ValueError(f"compile_policy takes a Policy (from parse_policy), got {type(policy).__name__}")
        _check(policy)
        self.policy = policy
        buckets: dict[tuple[str, str], list[_CompiledRule]] = {(flow, line): [] for flow in FLOWS for line in LINES}
        for rule in policy.rules:
            flows, lines = _scope(rule)
            if not flows or not lines:
                continue  # the rule can never fire
            compiled = _CompiledRule(rule)
            for flow in flows:
                for line in lines:
                    buckets[(flow, line)].append(compiled)
        self._buckets: dict[tuple[str, str], tuple[_CompiledRule, ...]] = {
            key: tuple(rules) for key, rules in buckets.items()
        }

    def rules_for(self, flow: str, line: str) -> tuple[str, ...]:
        """The ids of the rules a declaration of this flow and line is checked against, in policy order."""
        if (flow, line) not in self._buckets:
            raise ValueError(f"no such flow and line: {flow!r}, {line!r}")
        return tuple(compiled.rule.id for compiled in self._buckets[(flow, line)])

    def __repr__(self) -> str:
        return f"<CompiledPolicy {self.policy.name!r} v{self.policy.version}, {len(self.policy.rules)} rules>"


def _check(policy: Policy) -> None:
    """A Policy built by hand rather than parsed: refuse what the closures could not run."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, rule in enumerate(policy.rules):
        label = f'rules[{index}] (id "{rule.id}")'
        if rule.id in seen:
            problems.append(Problem(f"{label}.id", f'duplicate rule id "{rule.id}"'))
        seen.add(rule.id)
        if rule.outcome not in SEVERITY:
            problems.append(Problem(f"{label}.outcome", f"unknown outcome {rule.outcome!r}"))
        for comparison in comparisons(rule.when):
            fact = FACTS.get(comparison.fact)
            if fact is None:
                problems.append(Problem(f"{label}.when", f'unknown fact "{comparison.fact}"'))
            elif comparison.op not in fact.operators:
                problems.append(Problem(f"{label}.when", f'operator "{comparison.op}" does not apply to {fact.name}'))
    if policy.default_outcome not in SEVERITY:
        problems.append(Problem("default_outcome", f"unknown outcome {policy.default_outcome!r}"))
    if problems:
        raise PolicyError(problems)


def compile_policy(policy: Policy) -> CompiledPolicy:
    """Compile a parsed policy for :func:`decide`."""
    return CompiledPolicy(policy)


_CLEAR: Final = SEVERITY["clear"]


def decide(compiled: CompiledPolicy, declaration: Declaration) -> Decision:
    """Decide a declaration: run every rule that can apply to its flow and line, per item or once, and take
    the most severe outcome of those that fired (refuse > officer > inspect > clear), or the policy's
    ``default_outcome`` when none fired. Deterministic: the same inputs give the same decision."""
    if not isinstance(compiled, CompiledPolicy):
        raise ValueError(f"decide takes a CompiledPolicy (from compile_policy), got {type(compiled).__name__}")
    if not isinstance(declaration, Declaration):
        raise ValueError(f"decide takes a Declaration, got {type(declaration).__name__}")
    reasons: list[Reason] = []
    worst = -1
    items = declaration.items
    for rule in compiled._buckets[(declaration.flow, declaration.line)]:
        test = rule.declaration_test
        if test is not None and not test(declaration, None):
            continue
        if not rule.per_item:
            reasons.append(rule.reason(declaration, None, None))
            worst = max(worst, rule.severity)
            continue
        item_test = rule.item_test
        for index, item in enumerate(items):
            if item_test is None or item_test(declaration, item):
                reasons.append(rule.reason(declaration, item, index))
                worst = max(worst, rule.severity)
    policy = compiled.policy
    outcome = policy.default_outcome if worst < _CLEAR else OUTCOMES[worst]
    return Decision(outcome=outcome, reasons=tuple(reasons), policy_name=policy.name, policy_version=policy.version)
