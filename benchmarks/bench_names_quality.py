"""Benchmark of the names engine's quality: recall per class of true pairs, false positives per class of hard negatives.

Runs standalone: ``python benchmarks/bench_names_quality.py [--json result.json] [--pairs N] [--seed S] [--show K]``.

The labelled pairs come from ``hetao.engines.names_testdata`` fed with the platform's curated demo tables
(``hetao.zone.demo.namegen``), ``--pairs`` per class (default 300) with a fixed seed. Every pair is scored with
``compare_person_names`` at ``DEFAULT_THRESHOLD``, except the class ``common_name_other_person`` (one common name,
two birth dates): names alone cannot tell those people apart, so it is measured as the index is used, a
``NameIndex`` of the left sides with their birth dates searched for each right side with its own birth date.

Baseline, in the same run on the same pairs: rapidfuzz ``fuzz.WRatio`` over the two strings as given >= 85.
Targets (issue 3): recall >= 0.98 on every class of true pairs, precision >= 0.95 over all pairs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rapidfuzz import fuzz

from hetao.engines.names import DEFAULT_THRESHOLD, NameIndex, NameRecord, compare_person_names
from hetao.engines.names_testdata import (
    ALL_CLASSES,
    TRUE_CLASSES,
    LabelledPair,
    NameTables,
    pairs_from_tables,
    tables_from_rows,
)
from hetao.zone.demo import namegen

BASELINE_NAME = "rapidfuzz WRatio >= 85"
BASELINE_CUTOFF = 85.0
RECALL_TARGET = 0.98
PRECISION_TARGET = 0.95


def demo_tables() -> NameTables:
    """The adapter: the platform's curated demo tables as the generator's input."""
    return tables_from_rows(
        namegen.SURNAMES,
        namegen.GIVEN_CHARACTERS,
        english_names_female=namegen.ENGLISH_NAMES_F,
        english_names_male=namegen.ENGLISH_NAMES_M,
    )


@dataclass
class Outcome:
    """How one class fared: matches by the engine and by the baseline, and the pairs the engine got wrong."""

    kind: str
    pairs: int = 0
    ours: int = 0
    baseline: int = 0
    wrong: list[tuple[LabelledPair, float, str]] = field(default_factory=list)
    note: str = ""

    @property
    def ours_rate(self) -> float:
        return self.ours / self.pairs if self.pairs else 0.0

    @property
    def baseline_rate(self) -> float:
        return self.baseline / self.pairs if self.pairs else 0.0


def _baseline_match(pair: LabelledPair) -> bool:
    return fuzz.WRatio(pair.left, pair.right) >= BASELINE_CUTOFF


def score_pairs(kind: str, pairs: list[LabelledPair]) -> Outcome:
    """Score pairs with compare_person_names; ``ours`` counts the pairs scored at or above the threshold."""
    outcome = Outcome(kind, pairs=len(pairs))
    for pair in pairs:
        match = compare_person_names(pair.left, pair.right)
        matched = match.score >= DEFAULT_THRESHOLD
        outcome.ours += matched
        outcome.baseline += _baseline_match(pair)
        if matched != pair.same_person:
            outcome.wrong.append((pair, match.score, match.explanation))
    return outcome


def score_common_names(pairs: list[LabelledPair]) -> Outcome:
    """Index search with birth dates: a false positive is the other person's record among the results."""
    outcome = Outcome("common_name_other_person", pairs=len(pairs))
    records = [
        NameRecord(id=f"left{i}", names=(pair.left,), birth_date=pair.left_birth_date) for i, pair in enumerate(pairs)
    ]
    index = NameIndex.build(records)
    name_only = 0
    control = 0
    for i, pair in enumerate(pairs):
        found = index.search(pair.right, k=10, threshold=DEFAULT_THRESHOLD, birth_date=pair.right_birth_date)
        hit = next((c for c in found if c.record_id == f"left{i}"), None)
        outcome.ours += hit is not None
        outcome.baseline += _baseline_match(pair)
        if hit is not None:
            outcome.wrong.append((pair, hit.score, hit.explanation))
        name_only += compare_person_names(pair.left, pair.right).score >= DEFAULT_THRESHOLD
        same_day = index.search(pair.right, k=10, threshold=DEFAULT_THRESHOLD, birth_date=pair.left_birth_date)
        control += any(c.record_id == f"left{i}" for c in same_day)
    outcome.note = (
        f"NameIndex search with birth dates; names alone match {name_only}/{len(pairs)}; "
        f"with the same birth date the record is found {control}/{len(pairs)}"
    )
    return outcome


def _ratio(ours: float, baseline: float) -> float | str:
    return round(ours / baseline, 3) if baseline > 0 else ""


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - one linear measurement script
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--pairs", type=int, default=300, help="pairs per class (default 300)")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--show", type=int, default=5, help="wrong pairs to print per class (default 5)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    pairs = pairs_from_tables(demo_tables(), args.pairs, args.seed)
    generated = time.perf_counter() - started
    by_class = {kind: [p for p in pairs if p.kind == kind] for kind in ALL_CLASSES}

    started = time.perf_counter()
    outcomes = [
        score_common_names(by_class[kind]) if kind == "common_name_other_person" else score_pairs(kind, by_class[kind])
        for kind in ALL_CLASSES
    ]
    scored = time.perf_counter() - started

    print(f"{len(pairs):,} pairs ({args.pairs} per class, seed {args.seed}) generated in {generated:.2f} s")
    print(f"scored in {scored:.2f} s; threshold {DEFAULT_THRESHOLD}; baseline {BASELINE_NAME}")
    print()
    print(f"{'class':28} {'metric':20} {'ours':>7} {'baseline':>9}  target")
    results: list[dict[str, object]] = []
    for outcome in outcomes:
        true_class = outcome.kind in TRUE_CLASSES
        metric = "recall" if true_class else "false_positive_rate"
        if true_class:
            target = f"recall >= {RECALL_TARGET}: {_verdict(outcome.ours_rate >= RECALL_TARGET)}"
        else:
            target = "lower is better (counts against precision)"
        print(f"{outcome.kind:28} {metric:20} {outcome.ours_rate:7.3f} {outcome.baseline_rate:9.3f}  {target}")
        note = f"{outcome.pairs} pairs; {target}"
        results.append(
            {
                "name": f"names.quality.{outcome.kind}",
                "metric": metric,
                "value": round(outcome.ours_rate, 4),
                "unit": "",
                "baseline_name": BASELINE_NAME,
                "baseline_value": round(outcome.baseline_rate, 4),
                "ratio": _ratio(outcome.ours_rate, outcome.baseline_rate),
                "note": f"{note}; {outcome.note}" if outcome.note else note,
            }
        )

    def precision(counts: list[tuple[int, int]]) -> float:
        true_positives = sum(matched for matched, is_true in counts if is_true)
        false_positives = sum(matched for matched, is_true in counts if not is_true)
        return true_positives / (true_positives + false_positives) if true_positives + false_positives else 0.0

    ours_precision = precision([(o.ours, o.kind in TRUE_CLASSES) for o in outcomes])
    base_precision = precision([(o.baseline, o.kind in TRUE_CLASSES) for o in outcomes])
    true_outcomes = [o for o in outcomes if o.kind in TRUE_CLASSES]
    ours_recall = sum(o.ours for o in true_outcomes) / sum(o.pairs for o in true_outcomes)
    base_recall = sum(o.baseline for o in true_outcomes) / sum(o.pairs for o in true_outcomes)
    worst = min(true_outcomes, key=lambda o: o.ours_rate)
    recall_ok = worst.ours_rate >= RECALL_TARGET
    precision_ok = ours_precision >= PRECISION_TARGET
    print()
    print(f"overall precision {ours_precision:.4f} (baseline {base_precision:.4f})  ", end="")
    print(f"target >= {PRECISION_TARGET}: {_verdict(precision_ok)}")
    print(f"overall recall    {ours_recall:.4f} (baseline {base_recall:.4f})")
    lowest = f"lowest: {worst.kind} {worst.ours_rate:.3f}"
    print(f"recall on every true class >= {RECALL_TARGET}: {_verdict(recall_ok)} ({lowest})")
    results.append(
        {
            "name": "names.quality.overall",
            "metric": "precision",
            "value": round(ours_precision, 4),
            "unit": "",
            "baseline_name": BASELINE_NAME,
            "baseline_value": round(base_precision, 4),
            "ratio": _ratio(ours_precision, base_precision),
            "note": (
                f"{len(TRUE_CLASSES)} true and {len(ALL_CLASSES) - len(TRUE_CLASSES)} negative classes of "
                f"{args.pairs} pairs; target >= {PRECISION_TARGET}: {_verdict(precision_ok)}; "
                f"overall recall {ours_recall:.4f} (baseline {base_recall:.4f}); "
                f"recall >= {RECALL_TARGET} on every true class: {_verdict(recall_ok)}"
            ),
        }
    )

    if args.show:
        for outcome in outcomes:
            if not outcome.wrong:
                continue
            what = "missed" if outcome.kind in TRUE_CLASSES else "wrongly matched"
            print(f"\n{outcome.kind}: {len(outcome.wrong)} {what}, for example")
            for pair, score, explanation in outcome.wrong[: args.show]:
                born = f" (born {pair.left_birth_date} / {pair.right_birth_date})" if pair.left_birth_date else ""
                print(f"  {pair.left!r} ~ {pair.right!r}{born} [{pair.style}] score {score:.3f}: {explanation}")

    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
