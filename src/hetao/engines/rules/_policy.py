"""Policies as data: the TOML format administrators edit, parsed into typed rules with every problem reported.

A policy document::

    name = "first-line goods"
    version = 3
    effective_from = 2025-07-01          # a TOML date; effective_to (optional) is the last day in force
    default_outcome = "clear"            # optional: the outcome when no rule fires

    [[rules]]
    id = "special-needs-quarantine"
    description = "Special items need a quarantine approval"
    description_zh = "特殊物品须有检疫审批"
    outcome = "refuse"                   # clear, inspect, officer or refuse
    applies_to = { flow = "goods", line = ["first"] }
    when = { all = [
        { fact = "item.goods_class", op = "eq", value = "special_item" },
        { not = { fact = "item.has_quarantine_approval", op = "eq", value = true } },
    ] }

A condition is a comparison ``{fact, op, value}`` or a combination ``{all = [...]}``, ``{any = [...]}``,
``{not = {...}}``; a rule without ``when`` always fires (within ``applies_to``). Operators: ``eq``, ``ne``,
``lt``, ``le``, ``gt``, ``ge`` compare with one value; ``in`` and ``not_in`` with a list (for a set fact: whether
it shares an element with the list); ``prefix`` takes a string or list of strings; ``exists`` and ``missing``
take no value. Every comparison is false on a missing fact; only ``missing`` matches it.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Final, TypeAlias

from hetao.engines.rules._facts import FACTS, OPERATORS, TYPE_NAMES, Fact
from hetao.engines.rules._model import FLOWS, LINES, OUTCOMES, Outcome

Scalar: TypeAlias = str | bool | int | float | Decimal
ConditionValue: TypeAlias = Scalar | tuple[Scalar, ...] | None

MAX_DEPTH: Final = 32
RULE_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_POLICY_KEYS = ("name", "version", "effective_from", "effective_to", "default_outcome", "description", "rules")
_RULE_KEYS = ("id", "description", "description_zh", "outcome", "applies_to", "when")
_COMPARISON_KEYS = ("fact", "op", "value")
_COMBINATORS = ("all", "any", "not")
_NO_VALUE = ("exists", "missing")


@dataclass(frozen=True)
class Comparison:
    """``fact op value``; ``value`` is a tuple for ``in``, ``not_in`` and ``prefix``, None for ``exists`` and
    ``missing``, and one value otherwise (a Decimal for decimal facts, a float for float facts)."""

    fact: str
    op: str
    value: ConditionValue = None


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    condition: Condition


Condition: TypeAlias = Comparison | AllOf | AnyOf | Not


def comparisons(condition: Condition | None) -> Iterator[Comparison]:
    """The comparisons of a condition tree, in document order."""
    if condition is None:
        return
    if isinstance(condition, Comparison):
        yield condition
    elif isinstance(condition, Not):
        yield from comparisons(condition.condition)
    else:
        for child in condition.conditions:
            yield from comparisons(child)


@dataclass(frozen=True)
class Rule:
    """One rule: when ``when`` holds (always, if it is None) for a declaration whose flow is in ``flows`` and
    line in ``lines``, the rule fires with ``outcome``. It fires once per matching item when its condition
    reads an ``item.*`` fact, and once per declaration otherwise."""

    id: str
    description: str
    outcome: Outcome
    when: Condition | None = None
    flows: tuple[str, ...] = FLOWS
    lines: tuple[str, ...] = LINES
    description_zh: str | None = None

    @property
    def facts(self) -> tuple[str, ...]:
        """The facts the condition reads, in order of first mention."""
        return tuple(dict.fromkeys(comparison.fact for comparison in comparisons(self.when)))

    @property
    def per_item(self) -> bool:
        return any(name.startswith("item.") for name in self.facts)


@dataclass(frozen=True)
class Policy:
    """One version of a policy. ``effective_to`` is the last day it is in force (None: until replaced)."""

    name: str
    version: int
    effective_from: date
    rules: tuple[Rule, ...]
    effective_to: date | None = None
    default_outcome: Outcome = "clear"
    description: str | None = None

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class Problem:
    """One problem in a policy document: where (``rules[3] (id "x").when.any[1].op``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class PolicyError(ValueError):
    """A policy document is not valid; ``problems`` lists every problem found, in document order."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        if not problems:
            raise ValueError("PolicyError needs at least one problem")
        self.problems = tuple(problems)
        count = len(self.problems)
        heading = "1 problem in the policy" if count == 1 else f"{count} problems in the policy"
        super().__init__(heading + ":\n" + "\n".join(f"  {problem}" for problem in self.problems))


_KINDS: Final[tuple[tuple[type | tuple[type, ...], str], ...]] = (
    (bool, "a boolean"),  # before int: a bool is an int
    (int, "an integer"),
    (float, "a float"),
    (str, "a string"),
    (datetime, "a date-time"),  # before date: a datetime is a date
    (date, "a date"),
    (time, "a time"),
    (list, "an array"),
    (Mapping, "a table"),
)


def _kind(value: object) -> str:
    """What a TOML value is, in TOML's words."""
    for kind, name in _KINDS:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, list | dict) else str(value)


def _quoted(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(names)


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def unknown_keys(self, table: Mapping[str, object], allowed: tuple[str, ...], path: str) -> None:
        for key in table:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f'; did you mean "{close[0]}"?' if close else f"; expected {_quoted(allowed)}"
                self.problem(where, f'unknown key "{key}"{hint}')

    def policy(self, data: object) -> Policy:
        if not isinstance(data, Mapping):
            self.problem("", f"a policy must be a table, got {_kind(data)}")
            raise PolicyError(self.problems)
        self.unknown_keys(data, _POLICY_KEYS, "")
        name = self.text(data, "name", "name", required=True)
        raw_version = data.get("version")
        version: int | None = None
        if raw_version is None:
            self.problem("version", "missing; give the version number, e.g. version = 1")
        elif isinstance(raw_version, bool) or not isinstance(raw_version, int) or raw_version < 1:
            self.problem("version", f"must be a positive integer, got {_shown(raw_version)} ({_kind(raw_version)})")
        else:
            version = raw_version
        effective_from = self.day(data, "effective_from", required=True)
        effective_to = self.day(data, "effective_to", required=False)
        if effective_from is not None and effective_to is not None and effective_to < effective_from:
            self.problem("effective_to", f"{effective_to} is before effective_from {effective_from}")
        default = self.outcome(data, "default_outcome", "default_outcome", required=False) or "clear"
        description = self.text(data, "description", "description", required=False)
        raw_rules = data.get("rules", [])
        rules: list[Rule] = []
        if not isinstance(raw_rules, list):
            self.problem("rules", f"must be an array of tables ([[rules]]), got {_kind(raw_rules)}")
            raw_rules = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_rules):
            rule = self.rule(index, raw, seen)
            if rule is not None:
                rules.append(rule)
        if self.problems or name is None or version is None or effective_from is None:
            raise PolicyError(self.problems)
        return Policy(
            name=name,
            version=version,
            effective_from=effective_from,
            effective_to=effective_to,
            default_outcome=default,
            description=description,
            rules=tuple(rules),
        )

    def text(self, table: Mapping[str, object], key: str, path: str, *, required: bool) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(path, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"must be a non-empty string, got {_shown(value)} ({_kind(value)})")
            return None
        return value

    def day(self, table: Mapping[str, object], key: str, *, required: bool) -> date | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(key, "missing; give a date, e.g. 2025-07-01 (no quotes)")
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            self.problem(key, f"must be a date such as 2025-07-01 (no quotes), got {_shown(value)} ({_kind(value)})")
            return None
        return value

    def outcome(self, table: Mapping[str, object], key: str, path: str, *, required: bool) -> Outcome | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(path, f"missing; choose one of {_quoted(OUTCOMES)}")
            return None
        for outcome in OUTCOMES:
            if value == outcome:
                return outcome
        self.problem(path, f"unknown outcome {_shown(value)}; choose one of {_quoted(OUTCOMES)}")
        return None

    def rule(self, index: int, raw: object, seen: dict[str, int]) -> Rule | None:
        label = f"rules[{index}]"
        if not isinstance(raw, Mapping):
            self.problem(label, f"must be a table ([[rules]]), got {_kind(raw)}")
            return None
        before = len(self.problems)
        rule_id = raw.get("id")
        if isinstance(rule_id, str) and rule_id:
            label = f'{label} (id "{rule_id}")'
        self.unknown_keys(raw, _RULE_KEYS, label)
        if rule_id is None:
            self.problem(f"{label}.id", "missing; every rule needs an id")
        elif not isinstance(rule_id, str) or not RULE_ID.fullmatch(rule_id):
            self.problem(
                f"{label}.id",
                f"must be letters, digits, '.', '_' or '-' (starting with a letter or digit), got {_shown(rule_id)}",
            )
        elif rule_id in seen:
            self.problem(f"{label}.id", f'duplicate rule id "{rule_id}" (first used by rules[{seen[rule_id]}])')
        else:
            seen[rule_id] = index
        description = self.text(raw, "description", f"{label}.description", required=True)
        description_zh = self.text(raw, "description_zh", f"{label}.description_zh", required=False)
        outcome = self.outcome(raw, "outcome", f"{label}.outcome", required=True)
        flows, lines = FLOWS, LINES
        applies_to = raw.get("applies_to")
        if applies_to is not None:
            where = f"{label}.applies_to"
            if not isinstance(applies_to, Mapping):
                self.problem(
                    where, f'must be a table such as {{ flow = "goods", line = "first" }}, got {_kind(applies_to)}'
                )
            else:
                self.unknown_keys(applies_to, ("flow", "line"), where)
                flows = self.choices(applies_to, "flow", f"{where}.flow", FLOWS)
                lines = self.choices(applies_to, "line", f"{where}.line", LINES)
        when = None
        if "when" in raw:
            when = self.condition(raw["when"], f"{label}.when", 0)
        if len(self.problems) > before or not isinstance(rule_id, str) or description is None or outcome is None:
            return None
        return Rule(
            id=rule_id,
            description=description,
            description_zh=description_zh,
            outcome=outcome,
            flows=flows,
            lines=lines,
            when=when,
        )

    def choices(self, table: Mapping[str, object], key: str, path: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            return allowed
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values:
            self.problem(path, f"must be a string or a non-empty array of strings, got {_kind(value)}")
            return allowed
        for position, element in enumerate(values):
            if element not in allowed:
                where = path if isinstance(value, str) else f"{path}[{position}]"
                self.problem(where, f"unknown value {_shown(element)}; choose from {_quoted(allowed)}")
        return tuple(name for name in allowed if name in values)

    def condition(self, raw: object, path: str, depth: int) -> Condition | None:  # noqa: PLR0911 - one per shape
        if depth >= MAX_DEPTH:
            self.problem(path, f"conditions nest deeper than {MAX_DEPTH} levels")
            return None
        if not isinstance(raw, Mapping):
            self.problem(
                path,
                f"a condition must be a table: {{ fact = ..., op = ..., value = ... }}, {{ all = [...] }}, "
                f"{{ any = [...] }} or {{ not = {{...}} }}; got {_kind(raw)}",
            )
            return None
        combinators = [key for key in _COMBINATORS if key in raw]
        if not combinators:
            return self.comparison(raw, path)
        if len(combinators) > 1 or any(key in raw for key in _COMPARISON_KEYS):
            used = [key for key in raw if key in _COMBINATORS or key in _COMPARISON_KEYS]
            self.problem(path, f"a condition is one of fact/op/value, all, any or not; this one has {_quoted(used)}")
            return None
        self.unknown_keys(raw, _COMBINATORS, path)
        key = combinators[0]
        child = raw[key]
        if key == "not":
            inner = self.condition(child, f"{path}.not", depth + 1)
            return None if inner is None else Not(inner)
        if not isinstance(child, list) or not child:
            self.problem(f"{path}.{key}", f"must be a non-empty array of conditions, got {_kind(child)}")
            return None
        parsed = [self.condition(element, f"{path}.{key}[{i}]", depth + 1) for i, element in enumerate(child)]
        conditions = tuple(c for c in parsed if c is not None)
        if len(conditions) < len(parsed):
            return None
        return AllOf(conditions) if key == "all" else AnyOf(conditions)

    def comparison(self, raw: Mapping[str, object], path: str) -> Comparison | None:
        before = len(self.problems)
        self.unknown_keys(raw, _COMPARISON_KEYS, path)
        name = raw.get("fact")
        fact: Fact | None = None
        if name is None:
            self.problem(f"{path}.fact", 'missing; a comparison names a fact, e.g. fact = "item.hs_code"')
        elif not isinstance(name, str):
            self.problem(f"{path}.fact", f"must be a string, got {_kind(name)}")
        elif name not in FACTS:
            self.problem(f"{path}.fact", _unknown_fact(name))
        else:
            fact = FACTS[name]
        op = raw.get("op")
        if op is None:
            self.problem(f"{path}.op", f"missing; choose one of {_quoted(OPERATORS)}")
        elif not isinstance(op, str) or op not in OPERATORS:
            self.problem(f"{path}.op", f"unknown operator {_shown(op)}; choose one of {_quoted(OPERATORS)}")
        elif fact is not None and op not in fact.operators:
            self.problem(
                f"{path}.op",
                f'operator "{op}" does not apply to {fact.name} ({TYPE_NAMES[fact.type]}); '
                f"choose one of {_quoted(fact.operators)}",
            )
        if len(self.problems) > before or fact is None or not isinstance(op, str):
            return None
        value = self.value(fact, op, raw, f"{path}.value")
        if len(self.problems) > before:
            return None
        return Comparison(fact=fact.name, op=op, value=value)

    def value(self, fact: Fact, op: str, raw: Mapping[str, object], path: str) -> ConditionValue:
        if op in _NO_VALUE:
            if "value" in raw:
                self.problem(path, f'not used with op "{op}"; remove it')
            return None
        if "value" not in raw:
            self.problem(path, f'missing; op "{op}" compares {fact.name} with a value')
            return None
        value = raw["value"]
        if op in ("in", "not_in") or op == "prefix":
            many = [value] if op == "prefix" and isinstance(value, str) else value
            if not isinstance(many, list) or not many:
                shape = "a string or a non-empty array of strings" if op == "prefix" else "a non-empty array"
                self.problem(path, f'op "{op}" takes {shape}, got {_shown(value)} ({_kind(value)})')
                return None
            elements = [
                self.scalar(fact, element, path if many is not value else f"{path}[{i}]", prefix=op == "prefix")
                for i, element in enumerate(many)
            ]
            return tuple(e for e in elements if e is not None)
        if isinstance(value, list):
            self.problem(path, f'op "{op}" takes one value, got an array; use op "in" for a list of values')
            return None
        return self.scalar(fact, value, path, prefix=False)

    def scalar(self, fact: Fact, value: object, path: str, *, prefix: bool) -> Scalar | None:  # noqa: PLR0911
        expected = "a string" if fact.type == "str_set" else TYPE_NAMES[fact.type]
        wrong = f"{fact.name} is {expected}; got {_shown(value)} ({_kind(value)})"
        if fact.type in ("str", "str_set"):
            if not isinstance(value, str):
                self.problem(path, wrong)
                return None
            if fact.choices is not None and value not in fact.choices:
                self.problem(path, f"{fact.name} is one of {_quoted(fact.choices)}; got {_shown(value)}")
                return None
            pattern = fact.compiled_pattern(prefix=prefix)
            if pattern is not None and not pattern.fullmatch(value):
                what = "a prefix of " if prefix else ""
                self.problem(path, f"{_shown(value)} is not {what}a valid {fact.name} (pattern {pattern.pattern})")
                return None
            return value
        if fact.type == "bool":
            if not isinstance(value, bool):
                self.problem(path, wrong)
                return None
            return value
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (fact.type == "int" and isinstance(value, float))
        ):
            self.problem(path, wrong)
            return None
        if not math.isfinite(value):
            self.problem(path, f"{fact.name} is compared with a finite number; got {_shown(value)}")
            return None
        if fact.bounds is not None and not fact.bounds[0] <= value <= fact.bounds[1]:
            low, high = fact.bounds
            self.problem(path, f"{fact.name} lies in {_bound(low)}..{_bound(high)}; got {_shown(value)}")
            return None
        if fact.type == "decimal":
            return Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        if fact.type == "float":
            return float(value)
        return value


def _bound(value: float) -> str:
    if math.isinf(value):
        return "infinity" if value > 0 else "-infinity"
    return str(int(value)) if value == int(value) else str(value)


def _unknown_fact(name: str) -> str:
    close = difflib.get_close_matches(name, list(FACTS), n=1, cutoff=0.75)
    if close:
        return f'unknown fact "{name}"; did you mean "{close[0]}"?'
    namespace = name.split(".", 1)[0] + "."
    same = [fact for fact in FACTS if fact.startswith(namespace)]
    if same:
        return f'unknown fact "{name}"; the {namespace[:-1]} facts are {_quoted(same)}'
    return f'unknown fact "{name}"; facts are named declaration.* or item.*'


def policy_from_data(data: Mapping[str, object]) -> Policy:
    """A policy from its document already read into Python values (TOML's tables, arrays, dates), checked as
    :func:`parse_policy` checks it; raises :class:`PolicyError` listing every problem."""
    return _Parser().policy(data)


def parse_policy(text: str) -> Policy:
    """Parse and check a TOML policy document; raises :class:`PolicyError` listing every problem found."""
    if not isinstance(text, str):
        raise PolicyError([Problem("", f"a policy document is text, got {type(text).__name__}")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError([Problem("", f"not valid TOML: {error}")]) from error
    return policy_from_data(data)
