"""Benchmark of the cross-border policy engine: one declaration of 10 items against 100,000 whitelist entries and
300 rules (issue 6's target: median at most 1 ms on one core).

Runs standalone: ``python benchmarks/bench_rules.py [--json result.json] [--declarations N] [--rounds R]
[--seed S]``. The whole process is pinned to one core.

Synthetic, seeded data:

- Whitelist: 500 institutions x 200 entries = 100,000 (institution, HS-code prefix, goods class) entries. The
  prefixes come from the HS chapters research goods fall in (28/29 chemicals, 30 biologics, 3822 reagents,
  39/40/70 consumables, 01 laboratory animals, 84/85/90 instruments...), cut to 2, 4, 6 or 8 digits (10/40/30/20%)
  with random digits below the heading, each with the goods class its chapter implies; 60% carry a quota (in the unit
  their class is counted in), partly used.
- Policy: 300 rules. 16 core rules that every policy has once (declarant status and whitelisting, risk and
  screening thresholds, hand-carrying by designated persons, scope, project, quotas, special items and their
  approvals, dual-use licences, laboratory animals, restricted technology, unusual quantities), then 284 specific
  ones, 70% per item (controlled HS codes, off-whitelist goods of sensitive subheadings, origins under watch,
  value and quantity limits per subheading, biological materials by risk class, chemicals) and 30% on the whole
  declaration (declarants and projects under watch, risk and screening thresholds per flow and line), with
  random codes, thresholds and lists and their conjuncts in random order. Specific per-item rules apply to goods
  (90%) or technology, the others to one or two flows or to all; half are limited to one line. Written as TOML
  and parsed, as an administrator's file would be.
- Declarations: 1,000 goods declarations of 10 items (65% first line, 15% hand-carried), 97% by whitelisted
  institutions; 95% of items fall under one of the declarant's entries (the rest are off the whitelist), with
  quantities, values, origins, approvals and licences drawn so that most declarations clear and every kind of
  rule fires now and then (the outcome mix is reported).

Timed per declaration: ``prepare`` (the whitelist lookups that set ``item.whitelisted`` and
``item.quota_remaining``) plus ``decide``. A second, stress policy has the same 300 rules with no ``applies_to``
and no conditions on flow or line, so that every rule is checked for every declaration.

Baseline, in the same run on the same declarations: the reference interpreter of the tests
(``tests/engines/rules/_reference.py``: walks each rule's condition tree naively, every rule, every item) with a
dict-by-institution whitelist scanned entry by entry. The run reports how many decisions of the two agree
(all of them, or the engine has a bug).
"""

from __future__ import annotations

from _onecore import pin_to_one_core  # first: numerical libraries then start no thread pools

# isort: split
import argparse
import gc
import json
import random
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the baseline is the tests' reference interpreter

from tests.engines.rules._reference import ScanWhitelist, reference_decide, reference_prepare

from hetao.engines.rules import (
    OUTCOMES,
    CompiledPolicy,
    Declaration,
    Item,
    Whitelist,
    WhitelistEntry,
    compile_policy,
    decide,
    parse_policy,
    prepare,
)

TARGET_MS = 1.0
INSTITUTIONS = 500
ENTRIES_PER_INSTITUTION = 200
RULES = 300
ITEMS = 10
BASELINE_NAME = "reference interpreter (naive tree walk, all rules) + per-institution whitelist scan"

# HS headings of research goods, each with the goods classes it may be filed under.
HEADINGS: list[tuple[str, tuple[str, ...]]] = [
    ("0106", ("laboratory_animal",)),
    ("0511", ("sample", "special_item")),
    ("2804", ("hazardous_chemical", "reagent")),
    ("2806", ("hazardous_chemical",)),
    ("2811", ("hazardous_chemical", "reagent")),
    ("2905", ("reagent", "hazardous_chemical")),
    ("2915", ("reagent",)),
    ("2924", ("reagent", "dual_use")),
    ("2933", ("reagent", "dual_use")),
    ("2934", ("reagent",)),
    ("3001", ("special_item", "sample")),
    ("3002", ("special_item", "sample", "reagent")),
    ("3006", ("reagent", "consumable")),
    ("3507", ("reagent",)),
    ("3821", ("reagent", "consumable")),
    ("3822", ("reagent", "sample")),
    ("3926", ("consumable",)),
    ("4015", ("consumable",)),
    ("7017", ("consumable",)),
    ("8419", ("instrument",)),
    ("8421", ("instrument",)),
    ("8471", ("instrument", "rd_product")),
    ("8486", ("instrument", "dual_use")),
    ("8543", ("instrument", "rd_product", "dual_use")),
    ("9011", ("instrument",)),
    ("9012", ("instrument", "dual_use")),
    ("9018", ("instrument", "rd_product")),
    ("9022", ("instrument", "dual_use")),
    ("9027", ("instrument",)),
    ("9031", ("instrument", "rd_product")),
]
UNITS = {  # the unit an institution counts each class in
    "consumable": "piece",
    "dual_use": "piece",
    "hazardous_chemical": "kg",
    "instrument": "piece",
    "laboratory_animal": "piece",
    "rd_product": "piece",
    "reagent": "kg",
    "sample": "piece",
    "special_item": "l",
}
CLASSES = sorted({c for _, classes in HEADINGS for c in classes})
COUNTRIES = ["HK", "CN", "US", "DE", "JP", "GB", "CH", "KR", "SG", "FR", "IR", "KP"]
CURRENCIES = ["HKD", "CNY", "USD", "EUR"]
WATCHED_ORIGINS = ["IR", "KP"]


def digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def unit_for(goods_class: str, rng: random.Random) -> str:
    return UNITS[goods_class] if rng.random() < 0.99 else "g"


def whitelist_entries(rng: random.Random) -> tuple[list[str], list[WhitelistEntry]]:
    institutions = [f"9144030{n:04d}{digits(rng, 6)}X" for n in range(INSTITUTIONS)]
    entries: list[WhitelistEntry] = []
    for institution in institutions:
        seen: set[tuple[str, str]] = set()
        while len(seen) < ENTRIES_PER_INSTITUTION:
            code, classes = rng.choice(HEADINGS)
            length = rng.choices((2, 4, 6, 8), weights=(10, 40, 30, 20))[0]
            prefix = (code + digits(rng, 4))[:length]
            goods_class = rng.choice(classes)
            if (prefix, goods_class) in seen:
                continue
            seen.add((prefix, goods_class))
            quota = used = None
            unit = None
            if rng.random() < 0.6:
                quota = Decimal(rng.choice((50, 100, 500, 1000, 5000)))
                used = (quota * Decimal(rng.betavariate(1, 5))).quantize(Decimal(1))
                unit = UNITS[goods_class]
            entries.append(
                WhitelistEntry(
                    institution=institution,
                    hs_prefix=prefix,
                    goods_class=goods_class,
                    quota=quota,
                    unit=unit,
                    used=used if used is not None else Decimal(0),
                )
            )
    return institutions, entries


def toml_list(values: list[str] | list[int] | list[float]) -> str:
    return "[" + ", ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in values) + "]"


def comparison(fact: str, op: str, value: object = None) -> str:
    if value is None:
        return f'{{ fact = "{fact}", op = "{op}" }}'
    shown = toml_list(value) if isinstance(value, list) else (f'"{value}"' if isinstance(value, str) else str(value))
    if isinstance(value, bool):
        shown = "true" if value else "false"
    return f'{{ fact = "{fact}", op = "{op}", value = {shown} }}'


def all_of(*parts: str) -> str:
    return "{ all = [" + ", ".join(parts) + "] }"


def any_of(*parts: str) -> str:
    return "{ any = [" + ", ".join(parts) + "] }"


def not_(part: str) -> str:
    return "{ not = " + part + " }"


def heading(rng: random.Random, chapters: tuple[str, ...] = ()) -> str:
    choices = [h for h, _ in HEADINGS if not chapters or h.startswith(chapters)]
    return rng.choice(choices)


def subheadings(rng: random.Random, count: int, chapters: tuple[str, ...] = ()) -> list[str]:
    """Six-digit HS prefixes (a heading and two digits)."""
    return sorted({heading(rng, chapters) + digits(rng, 2) for _ in range(count)})


# Rules every policy has, once each: (outcome, condition, flows of applies_to, line of applies_to).
CORE_RULES: list[tuple[str, str, list[str], str | None]] = [
    ("refuse", comparison("declaration.declarant_status", "in", ["suspended", "revoked"]), [], None),
    ("officer", comparison("declaration.declarant_whitelisted", "eq", False), ["goods"], None),
    ("officer", comparison("declaration.risk_score", "ge", 0.9), [], None),
    ("inspect", comparison("declaration.risk_score", "ge", 0.7), ["goods"], None),
    (
        "refuse",
        all_of(
            comparison("declaration.channel", "eq", "hand_carried"),
            not_(comparison("declaration.carrier_designated", "eq", True)),
        ),
        ["goods"],
        None,
    ),
    ("officer", comparison("declaration.flow_in_scope", "eq", False), [], None),
    ("officer", comparison("declaration.party_screening_score", "ge", 0.9), [], None),
    (
        "officer",
        all_of(comparison("declaration.project_id", "missing"), comparison("declaration.direction", "eq", "inbound")),
        ["goods"],
        "first",
    ),
    ("officer", comparison("item.over_quota", "eq", True), ["goods"], None),
    ("officer", comparison("item.class_in_scope", "eq", False), ["goods"], None),
    (
        "refuse",
        all_of(
            comparison("item.goods_class", "eq", "special_item"),
            any_of(
                comparison("item.has_quarantine_approval", "eq", False),
                comparison("item.has_hk_bio_licence", "eq", False),
            ),
        ),
        ["goods"],
        "first",
    ),
    (
        "refuse",
        all_of(comparison("item.goods_class", "eq", "dual_use"), comparison("item.licence", "missing")),
        ["goods"],
        None,
    ),
    (
        "refuse",
        all_of(
            comparison("item.goods_class", "eq", "laboratory_animal"),
            not_(comparison("item.has_quarantine_approval", "eq", True)),
        ),
        ["goods"],
        None,
    ),
    ("officer", comparison("item.restricted_technology", "eq", True), ["goods", "technology"], None),
    ("inspect", comparison("item.quantity_zscore", "ge", 4.0), ["goods"], None),
    (
        "officer",
        all_of(
            comparison("item.whitelisted", "eq", False),
            comparison("item.goods_class", "in", ["special_item", "hazardous_chemical", "dual_use"]),
        ),
        ["goods"],
        None,
    ),
]


def item_rule(rng: random.Random) -> tuple[str, list[str]]:  # noqa: PLR0911 - one branch per kind of rule
    """(outcome, conjuncts) of a specific rule per item: a watch on some HS codes or subheadings."""
    kind = rng.choices("abcdefg", weights=(20, 15, 10, 20, 15, 8, 12))[0]
    if kind == "a":  # controlled codes
        codes = [heading(rng) + digits(rng, 4) for _ in range(rng.randint(2, 6))]
        return rng.choice(("refuse", "officer")), [comparison("item.hs_code", "in", codes)]
    if kind == "b":  # off-whitelist goods of sensitive subheadings
        return "officer", [
            comparison("item.whitelisted", "eq", False),
            comparison("item.hs_code", "prefix", subheadings(rng, rng.randint(1, 3))),
        ]
    if kind == "c":  # origin watch
        return rng.choice(("refuse", "officer")), [
            comparison("item.origin", "in", sorted(rng.sample(WATCHED_ORIGINS, rng.randint(1, 2)))),
            comparison("item.hs_code", "prefix", [heading(rng)]),
        ]
    if kind == "d":  # high value
        return "inspect", [
            comparison("item.hs_code", "prefix", subheadings(rng, rng.randint(1, 2))),
            comparison("item.value", "gt", rng.choice((50_000, 100_000, 150_000, 250_000))),
        ]
    if kind == "e":  # large quantity of a class
        prefix = heading(rng)
        goods_class = rng.choice(next(classes for h, classes in HEADINGS if h == prefix))
        return "inspect", [
            comparison("item.goods_class", "eq", goods_class),
            comparison("item.hs_code", "prefix", [prefix + digits(rng, 2)]),
            comparison("item.quantity", "gt", rng.choice((10, 20, 30, 35))),
        ]
    if kind == "f":  # biological materials by risk class
        return "refuse", [
            comparison("item.hs_code", "prefix", subheadings(rng, rng.randint(1, 3), ("3001", "3002", "0511"))),
            comparison("item.bio_risk_class", "ge", rng.choice((2, 3, 4))),
            not_(comparison("item.has_hk_bio_licence", "eq", True)),
        ]
    return "inspect", [  # chemicals by quantity
        comparison("item.goods_class", "eq", "hazardous_chemical"),
        comparison("item.hs_code", "prefix", subheadings(rng, rng.randint(1, 2), ("28", "29"))),
        comparison("item.quantity", "gt", rng.choice((5, 10, 20))),
    ]


def declaration_rule(rng: random.Random, institutions: list[str]) -> tuple[str, list[str]]:
    """(outcome, conjuncts) of a specific rule on the whole declaration."""
    kind = rng.choices("hijkl", weights=(30, 25, 15, 15, 15))[0]
    if kind == "h":  # declarants under watch
        watched = sorted(rng.sample(institutions, rng.randint(1, 3)))
        return rng.choice(("inspect", "officer")), [comparison("declaration.declarant_id", "in", watched)]
    if kind == "i":  # risk thresholds
        return rng.choice(("inspect", "officer")), [
            comparison("declaration.risk_score", "ge", round(rng.uniform(0.75, 0.98), 2))
        ]
    if kind == "j":  # projects under watch
        projects = [f"P-{rng.randint(1, 2000):04d}" for _ in range(rng.randint(2, 4))]
        return "officer", [comparison("declaration.project_id", "in", projects)]
    if kind == "k":  # screening thresholds
        return "officer", [comparison("declaration.party_screening_score", "ge", round(rng.uniform(0.85, 0.99), 2))]
    return "inspect", [  # hand-carried with some risk
        comparison("declaration.channel", "eq", "hand_carried"),
        comparison("declaration.risk_score", "ge", round(rng.uniform(0.5, 0.8), 2)),
    ]


def policy_text(rng: random.Random, institutions: list[str], *, scoped: bool) -> str:
    """300 rules: the core rules, then specific ones (70% per item), written as an administrator would."""
    rules: list[tuple[str, str, list[str], str | None]] = list(CORE_RULES)
    while len(rules) < RULES:
        line = rng.choice(("first", "second")) if rng.random() < 0.5 else None
        if rng.random() < 0.7:
            outcome, conjuncts = item_rule(rng)
            flows = ["goods"] if rng.random() < 0.9 else ["technology"]
        else:
            outcome, conjuncts = declaration_rule(rng, institutions)
            flows = rng.choice((["goods"], ["goods", "technology"], ["data"], ["person"], ["technology"], []))
        rng.shuffle(conjuncts)
        rules.append((outcome, conjuncts[0] if len(conjuncts) == 1 else all_of(*conjuncts), flows, line))
    lines = ['name = "benchmark"', "version = 1", "effective_from = 2025-07-01", ""]
    for index, (outcome, when, flows, line) in enumerate(rules):
        lines += [
            "[[rules]]",
            f'id = "r{index:03d}"',
            f'description = "benchmark rule {index}"',
            f'outcome = "{outcome}"',
        ]
        if scoped and (flows or line):
            parts = ([f"flow = {toml_list(flows)}"] if flows else []) + ([f'line = "{line}"'] if line else [])
            lines.append("applies_to = { " + ", ".join(parts) + " }")
        lines += [f"when = {when}", ""]
    return "\n".join(lines)


def make_item(rng: random.Random, entries: list[WhitelistEntry]) -> Item:
    if entries and rng.random() < 0.95:
        entry = rng.choice(entries)
        hs_code = (entry.hs_prefix + digits(rng, 8))[:8]
        goods_class = entry.goods_class if rng.random() < 0.99 else rng.choice(CLASSES)
        unit = unit_for(goods_class, rng)
    else:
        code, classes = rng.choice(HEADINGS)
        hs_code = code + digits(rng, 4)
        goods_class = rng.choice(classes)
        unit = unit_for(goods_class, rng)
    special = goods_class == "special_item"
    return Item(
        hs_code=hs_code,
        goods_class=goods_class,
        quantity=Decimal(rng.randint(1, 40)),
        unit=unit,
        value=Decimal(rng.randint(100, 300_000)),
        currency=rng.choice(CURRENCIES),
        origin=rng.choices(COUNTRIES, weights=[30, 25, 12, 8, 8, 5, 5, 3, 2, 2, 0.3, 0.1])[0],
        bio_risk_class=rng.choice((1, 2, 2, 3, 4)) if special else None,
        has_quarantine_approval=rng.random() < (0.98 if special or goods_class == "laboratory_animal" else 0.1),
        has_hk_bio_licence=rng.random() < (0.98 if special else 0.05),
        licence=f"L-{rng.randint(1, 99_999):05d}" if goods_class == "dual_use" and rng.random() < 0.98 else None,
        restricted_technology=rng.random() < 0.002 if goods_class in ("rd_product", "dual_use") else None,
        quantity_zscore=round(rng.gauss(0.0, 1.2), 2),
        description=f"{goods_class} {hs_code}",
    )


def declarations(
    rng: random.Random, count: int, institutions: list[str], entries: list[WhitelistEntry]
) -> list[Declaration]:
    by_institution: dict[str, list[WhitelistEntry]] = {}
    for entry in entries:
        by_institution.setdefault(entry.institution, []).append(entry)
    result = []
    for number in range(count):
        listed = rng.random() < 0.97
        declarant = rng.choice(institutions) if listed else f"HK{digits(rng, 8)}"
        own = by_institution.get(declarant, [])
        hand_carried = rng.random() < 0.15
        classes = sorted({e.goods_class for e in own}) if rng.random() < 0.99 else sorted(rng.sample(CLASSES, 3))
        result.append(
            Declaration(
                reference=f"HT-BENCH-{number:06d}",
                flow="goods",
                line="first" if rng.random() < 0.65 else "second",
                direction="inbound" if rng.random() < 0.8 else "outbound",
                channel="hand_carried" if hand_carried else "cargo",
                declarant_id=declarant,
                declarant_status=rng.choices(("active", "suspended", "revoked"), weights=(98, 1.5, 0.5))[0]
                if listed
                else None,
                declarant_whitelisted=listed,
                declarant_scope_flows=("goods", "technology") if listed else (),
                declarant_scope_classes=tuple(classes) if listed else (),
                carrier_designated=(rng.random() < 0.95) if hand_carried else None,
                project_id=f"P-{rng.randint(1, 2000):04d}" if rng.random() < 0.97 else None,
                risk_score=round(rng.betavariate(2, 9), 3),
                party_screening_score=round(rng.betavariate(1, 30), 3),
                items=tuple(make_item(rng, own) for _ in range(ITEMS)),
            )
        )
    return result


def time_engine(
    compiled: CompiledPolicy, whitelist: Whitelist, subjects: list[Declaration], rounds: int
) -> tuple[list[float], list[float]]:
    """Per-declaration seconds of prepare + decide, and of decide alone, over ``rounds`` passes."""
    total: list[float] = []
    decide_only: list[float] = []
    clock = time.perf_counter
    for _ in range(rounds):
        for subject in subjects:
            started = clock()
            prepared = prepare(subject, whitelist)
            between = clock()
            decide(compiled, prepared)
            ended = clock()
            total.append(ended - started)
            decide_only.append(ended - between)
    return total, decide_only


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - one linear script: generate, time, report
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--declarations", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the declarations (default 5)")
    parser.add_argument("--seed", type=int, default=20250701)
    args = parser.parse_args(argv)
    pinned = pin_to_one_core()
    rng = random.Random(args.seed)

    started = time.perf_counter()
    institutions, entries = whitelist_entries(rng)
    scoped_text = policy_text(random.Random(args.seed + 1), institutions, scoped=True)
    stress_text = policy_text(random.Random(args.seed + 1), institutions, scoped=False)
    subjects = declarations(rng, args.declarations, institutions, entries)
    print(
        f"{len(entries):,} whitelist entries, {RULES} rules, {len(subjects):,} declarations of {ITEMS} items "
        f"generated in {time.perf_counter() - started:.1f} s; {pinned}"
    )

    started = time.perf_counter()
    whitelist = Whitelist(entries)
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    policy = parse_policy(scoped_text)
    compiled = compile_policy(policy)
    compile_seconds = time.perf_counter() - started
    stress_policy = parse_policy(stress_text)
    stress = compile_policy(stress_policy)
    checked = len(compiled.rules_for("goods", "first")), len(compiled.rules_for("goods", "second"))
    print(
        f"whitelist index built in {build_seconds * 1e3:.0f} ms; policy parsed and compiled in "
        f"{compile_seconds * 1e3:.0f} ms; rules checked for goods: {checked[0]} (first line), "
        f"{checked[1]} (second line) of {RULES}"
    )

    # Warm-up pass (first calls, allocator), then the timed passes.
    time_engine(compiled, whitelist, subjects[:100], 1)
    gc.collect()
    total, decide_only = time_engine(compiled, whitelist, subjects, args.rounds)
    gc.collect()
    stress_total, _ = time_engine(stress, whitelist, subjects, args.rounds)
    median_ms = statistics.median(total) * 1e3
    p99_ms = percentile(total, 0.99) * 1e3
    decide_ms = statistics.median(decide_only) * 1e3
    stress_median_ms = statistics.median(stress_total) * 1e3
    stress_p99_ms = percentile(stress_total, 0.99) * 1e3
    print(f"prepare + decide: median {median_ms:.3f} ms, p99 {p99_ms:.3f} ms (decide alone: median {decide_ms:.3f} ms)")
    print(f"stress (every rule applies): median {stress_median_ms:.3f} ms, p99 {stress_p99_ms:.3f} ms")

    decisions = [decide(compiled, prepare(subject, whitelist)) for subject in subjects]
    outcomes = Counter(decision.outcome for decision in decisions)
    fired = statistics.mean(len(decision.reasons) for decision in decisions)
    mix = ", ".join(f"{name} {outcomes[name] / len(decisions):.0%}" for name in OUTCOMES)
    print(f"outcomes: {mix}; {fired:.1f} reasons per declaration on average")

    scan = ScanWhitelist(entries)
    gc.collect()
    baseline: list[float] = []
    baseline_stress: list[float] = []
    identical = 0
    for subject, decision in zip(subjects, decisions, strict=True):
        begun = time.perf_counter()
        expected = reference_decide(policy, reference_prepare(subject, scan))
        middle = time.perf_counter()
        reference_decide(stress_policy, reference_prepare(subject, scan))
        baseline.append(middle - begun)
        baseline_stress.append(time.perf_counter() - middle)
        identical += expected == decision
    stress_identical = sum(
        reference_decide(stress_policy, reference_prepare(s, scan)) == decide(stress, prepare(s, whitelist))
        for s in subjects[:200]
    )
    baseline_median_ms = statistics.median(baseline) * 1e3
    baseline_p99_ms = percentile(baseline, 0.99) * 1e3
    baseline_stress_ms = statistics.median(baseline_stress) * 1e3
    print(
        f"baseline ({BASELINE_NAME}): median {baseline_median_ms:.3f} ms, p99 {baseline_p99_ms:.3f} ms; "
        f"stress median {baseline_stress_ms:.3f} ms"
    )
    print(f"decisions identical to the baseline: {identical} of {len(subjects)} (stress: {stress_identical} of 200)")

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    samples = len(total)
    scale = (
        f"{ITEMS} items, {len(entries):,} whitelist entries, {RULES} rules ({checked[0]} checked on the first line, "
        f"{checked[1]} on the second)"
    )
    same = f"decisions identical to the baseline on {identical} of {len(subjects)}"
    results: list[dict[str, object]] = [
        {
            "name": "rules.prepare + decide (one declaration)",
            "metric": "median latency",
            "value": round(median_ms, 4),
            "unit": "ms",
            "baseline_name": BASELINE_NAME,
            "baseline_value": round(baseline_median_ms, 3),
            "ratio": round(baseline_median_ms / median_ms, 1),
            "note": (
                f"target <= {TARGET_MS:g} ms on one core: {verdict(median_ms <= TARGET_MS)}; {scale}; "
                f"{samples:,} timings ({args.rounds} passes over {len(subjects):,} declarations); decide alone "
                f"{decide_ms:.3f} ms; outcomes {mix}; {same}"
            ),
        },
        {
            "name": "rules.prepare + decide (one declaration)",
            "metric": "p99 latency",
            "value": round(p99_ms, 4),
            "unit": "ms",
            "baseline_name": BASELINE_NAME,
            "baseline_value": round(baseline_p99_ms, 3),
            "ratio": round(baseline_p99_ms / p99_ms, 1),
            "note": f"p99 <= {TARGET_MS:g} ms: {verdict(p99_ms <= TARGET_MS)}; same run and data as the median",
        },
        {
            "name": "rules.prepare + decide, every rule applies",
            "metric": "median latency",
            "value": round(stress_median_ms, 4),
            "unit": "ms",
            "baseline_name": BASELINE_NAME,
            "baseline_value": round(baseline_stress_ms, 3),
            "ratio": round(baseline_stress_ms / stress_median_ms, 1),
            "note": (
                f"the same 300 rules without applies_to, so none is skipped by the (flow, line) index; "
                f"target <= {TARGET_MS:g} ms: {verdict(stress_median_ms <= TARGET_MS)}; p99 {stress_p99_ms:.3f} ms; "
                f"decisions identical to the baseline on {stress_identical} of 200 checked"
            ),
        },
        {
            "name": "rules.parse_policy + compile_policy (300 rules)",
            "metric": "time",
            "value": round(compile_seconds * 1e3, 1),
            "unit": "ms",
            "baseline_name": "",
            "baseline_value": "",
            "ratio": "",
            "note": f"TOML of {len(scoped_text):,} characters; done once per policy version",
        },
        {
            "name": "rules.Whitelist index build (100,000 entries)",
            "metric": "time",
            "value": round(build_seconds * 1e3, 1),
            "unit": "ms",
            "baseline_name": "",
            "baseline_value": "",
            "ratio": "",
            "note": "done once per whitelist version; entries built beforehand",
        },
    ]
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
