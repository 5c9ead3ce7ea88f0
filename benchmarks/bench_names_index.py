"""Benchmark of the names engine's index: build time, memory, query latency and recall@10 over 1,000,000 people.

Runs standalone: ``python benchmarks/bench_names_index.py [--json result.json] [--records N] [--queries Q]
[--baseline-queries B] [--seed S]``. The whole process is pinned to one core.

Records come from ``hetao.engines.names_testdata`` fed with the platform's curated demo tables: mainland people
(Simplified characters and pinyin, "Zhang Xiaoming") and Hong Kong people (Traditional characters and the Hong
Kong spelling, "CHAN Tai-man", with an English name for about a third: "Peter CHAN Tai-man"), with birth dates.
Surnames follow their real weights and given characters their frequency, so common names repeat as in life.
A query is another written form of a record's name: pinyin in another style for mainland people ("ZHANG Xiaoming",
"Xiaoming Zhang", "Zhāng Xiǎomíng"), the Hong Kong spelling in another style, the English name in another order or
initials ("T. M. Chan") for Hong Kong people.

Memory is the growth of the process's resident set (RSS) from just before the build to just after it, after
garbage collection: what the index keeps, including the records it was given (built afresh while it reads them).

Baseline, in the same run on the same data: brute force, ``rapidfuzz.process.extract(query, romanised_names,
scorer=fuzz.WRatio, limit=10)`` over every record's romanised name, timed on a sample of the same queries.

recall@10 counts a query as found when its record is among the 10 results. Many people share a name, so no
ranking by name alone can find them all: "ceiling" is the expected recall@10 of a perfect name-only ranker that
breaks ties at random, min(1, 10 / number of records with the same reading as the query).
"""

from __future__ import annotations

from _onecore import pin_to_one_core  # first: numerical libraries then start no thread pools

# isort: split
import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rapidfuzz import fuzz, process

from hetao.engines.names import NameIndex, NameRecord
from hetao.engines.names_testdata import GeneratedPerson, NameTables, Query, people_from_tables, query_for
from hetao.zone.demo import namegen

TARGET_MEDIAN_MS = 2.0
TARGET_P99_MS = 10.0
TARGET_MEMORY_MIB = 2048.0
TARGET_SPEEDUP = 100.0
BASELINE_NAME = "brute force rapidfuzz process.extract WRatio"


def demo_tables() -> NameTables:
    """The adapter: the platform's curated demo tables as the generator's input."""
    from hetao.engines.names_testdata import tables_from_rows

    return tables_from_rows(
        namegen.SURNAMES,
        namegen.GIVEN_CHARACTERS,
        english_names_female=namegen.ENGLISH_NAMES_F,
        english_names_male=namegen.ENGLISH_NAMES_M,
    )


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def reset_peak_rss() -> None:
    """Start the peak (VmHWM) afresh, where the kernel allows it (Linux 4.0 and later)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass


def peak_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _fresh(text: str) -> str:
    """A new string object, so that the index's copy of a name counts in its own memory."""
    return (text + " ")[:-1]


def records(people: list[GeneratedPerson]) -> Iterator[NameRecord]:
    for person in people:
        yield NameRecord(
            id=_fresh(person.id),
            names=(_fresh(person.hanzi), _fresh(person.romanised)),
            birth_date=person.birth_date,
            nationality="CN" if person.origin == "mainland" else "HK",
        )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


class Ceiling:
    """How many records share a query's reading, to bound what any name-only ranking can find."""

    def __init__(self, tables: NameTables, people: list[GeneratedPerson]) -> None:
        self.tables = tables
        pinyin = [s.pinyin for s in tables.surnames]
        hk = [s.hk for s in tables.surnames]
        given_pinyin = [g.pinyin for g in tables.given_characters]
        given_hk = [g.hk for g in tables.given_characters]
        self.pinyin = Counter((pinyin[p.surname], *(given_pinyin[g] for g in p.given)) for p in people)
        self.hk = Counter((hk[p.surname], *(given_hk[g] for g in p.given)) for p in people)
        self.initials = Counter((hk[p.surname], *(given_hk[g][0] for g in p.given)) for p in people)

    def same_reading(self, person: GeneratedPerson, kind: str) -> int:
        t = self.tables
        surname = t.surnames[person.surname]
        given = [t.given_characters[g] for g in person.given]
        if kind == "pinyin":
            return self.pinyin[(surname.pinyin, *(g.pinyin for g in given))]
        if kind == "initials":
            return self.initials[(surname.hk, *(g.hk[0] for g in given))]
        return self.hk[(surname.hk, *(g.hk for g in given))]

    def expected_recall(self, person: GeneratedPerson, kind: str, k: int = 10) -> float:
        return min(1.0, k / max(1, self.same_reading(person, kind)))


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - one linear measurement script
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--records", type=int, default=1_000_000, help="person records (default 1000000)")
    parser.add_argument("--queries", type=int, default=1000, help="timed queries (default 1000)")
    parser.add_argument("--baseline-queries", type=int, default=100, help="queries for the slow baseline (100)")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    count: int = args.records
    pinned = pin_to_one_core()

    started = time.perf_counter()
    tables = demo_tables()
    people = people_from_tables(tables, count, args.seed)
    generate_seconds = time.perf_counter() - started
    distinct = len({p.hanzi for p in people})
    print(f"{count:,} records generated in {generate_seconds:.1f} s ({distinct:,} distinct names); {pinned}")

    gc.collect()
    rss_before = rss_mib()
    reset_peak_rss()
    started = time.perf_counter()
    index = NameIndex.build(records(people))
    build_seconds = time.perf_counter() - started
    peak_during = peak_rss_mib() - rss_before
    gc.collect()
    memory = rss_mib() - rss_before
    if len(index) != count:
        raise SystemExit(f"the index holds {len(index):,} records, not {count:,}")
    print(f"build: {build_seconds:.1f} s ({count / build_seconds:,.0f} records/s)")
    print(
        f"memory: {memory:,.0f} MiB RSS growth kept after the build (peak growth during the build {peak_during:,.0f})"
    )

    rng = random.Random(args.seed)
    sample = rng.sample(range(count), min(count, args.queries + 20))
    warmup = [query_for(tables, people[i], rng) for i in sample[:20]]
    targets = sample[20:]
    queries = [query_for(tables, people[i], rng) for i in targets]
    for query in warmup:
        index.search(query.text, k=10)

    latencies: list[float] = []
    hits: list[bool] = []
    for query, target in zip(queries, targets, strict=True):
        started = time.perf_counter()
        found = index.search(query.text, k=10)
        latencies.append((time.perf_counter() - started) * 1000)
        hits.append(any(c.record_id == people[target].id for c in found))
    median = statistics.median(latencies)
    p99 = percentile(latencies, 0.99)
    recall = sum(hits) / len(hits)

    dated_latencies: list[float] = []
    dated_hits = 0
    for query, target in zip(queries, targets, strict=True):
        started = time.perf_counter()
        found = index.search(query.text, k=10, birth_date=people[target].birth_date)
        dated_latencies.append((time.perf_counter() - started) * 1000)
        dated_hits += any(c.record_id == people[target].id for c in found)
    dated_recall = dated_hits / len(queries)

    ceiling = Ceiling(tables, people)
    by_kind: dict[str, list[tuple[bool, float, Query]]] = defaultdict(list)
    for query, target, hit in zip(queries, targets, hits, strict=True):
        by_kind[query.kind].append((hit, ceiling.expected_recall(people[target], query.kind), query))
    ceiling_recall = sum(c for rows in by_kind.values() for _, c, _ in rows) / len(queries)

    print(f"queries: {len(queries):,} (after 20 warm-up), k=10, default threshold")
    print(f"latency: median {median:.3f} ms, p99 {p99:.3f} ms, max {max(latencies):.3f} ms")
    print(f"recall@10: {recall:.3f} (ceiling {ceiling_recall:.3f}); with birth date {dated_recall:.3f}")
    dated_median, dated_p99 = statistics.median(dated_latencies), percentile(dated_latencies, 0.99)
    print(f"with birth date: median {dated_median:.3f} ms, p99 {dated_p99:.3f} ms")
    for kind, rows in sorted(by_kind.items()):
        kind_recall = sum(h for h, _, _ in rows) / len(rows)
        kind_ceiling = sum(c for _, c, _ in rows) / len(rows)
        print(f"  {kind:9} {len(rows):4} queries: recall@10 {kind_recall:.3f}, ceiling {kind_ceiling:.3f}")
    misses = [(q, c) for rows in by_kind.values() for h, c, q in rows if not h and c == 1.0]
    if misses:
        print(f"missed although at most 10 records share the reading: {len(misses)}, for example")
        for query, _ in misses[:8]:
            person = people[int(query.person_id[1:])]
            print(f"  {query.text!r} [{query.kind}:{query.style}] -> {person.hanzi} / {person.romanised}")

    choices = [p.romanised for p in people]
    baseline_sample = list(zip(queries, targets, strict=True))[: args.baseline_queries]
    base_latencies: list[float] = []
    base_hits = 0
    ours_on_sample: list[float] = []
    ours_hits_on_sample = 0
    for query, target in baseline_sample:
        started = time.perf_counter()
        found_base = process.extract(query.text, choices, scorer=fuzz.WRatio, limit=10)
        base_latencies.append((time.perf_counter() - started) * 1000)
        base_hits += any(position == target for _, _, position in found_base)
        started = time.perf_counter()
        found = index.search(query.text, k=10)
        ours_on_sample.append((time.perf_counter() - started) * 1000)
        ours_hits_on_sample += any(c.record_id == people[target].id for c in found)
    base_median = statistics.median(base_latencies)
    ours_sample_median = statistics.median(ours_on_sample)
    speedup = base_median / ours_sample_median
    base_recall = base_hits / len(baseline_sample)
    ours_sample_recall = ours_hits_on_sample / len(baseline_sample)
    sample_ceiling = sum(ceiling.expected_recall(people[t], q.kind) for q, t in baseline_sample) / len(baseline_sample)
    print(
        f"baseline on {len(baseline_sample)} of the queries: median {base_median:.1f} ms, recall@10 {base_recall:.3f}; "
        f"ours on the same: median {ours_sample_median:.3f} ms, recall@10 {ours_sample_recall:.3f} "
        f"(ceiling {sample_ceiling:.3f})"
    )

    checks = {
        f"median <= {TARGET_MEDIAN_MS} ms": median <= TARGET_MEDIAN_MS,
        f"p99 <= {TARGET_P99_MS} ms": p99 <= TARGET_P99_MS,
        f"memory <= {TARGET_MEMORY_MIB:.0f} MiB": memory <= TARGET_MEMORY_MIB,
        f"speed ratio >= {TARGET_SPEEDUP:.0f}x": speedup >= TARGET_SPEEDUP,
    }
    print()
    print(f"speed ratio (baseline median / ours, same queries): {speedup:,.0f}x")
    for label, ok in checks.items():
        print(f"target {label}: {_verdict(ok)}")

    scale = f"{count:,} records, one core"
    results: list[dict[str, object]] = [
        {
            "name": "names.index.build",
            "metric": "build_time",
            "value": round(build_seconds, 2),
            "unit": "s",
            "baseline_name": "",
            "baseline_value": "",
            "ratio": "",
            "note": f"{scale}; {count / build_seconds:,.0f} records/s",
        },
        {
            "name": "names.index.memory",
            "metric": "memory",
            "value": round(memory, 1),
            "unit": "MiB",
            "baseline_name": "",
            "baseline_value": "",
            "ratio": "",
            "note": (
                f"{scale}; RSS growth kept after the build (peak growth during it {peak_during:,.0f} MiB); "
                f"target <= {TARGET_MEMORY_MIB:.0f} MiB: {_verdict(memory <= TARGET_MEMORY_MIB)}"
            ),
        },
        {
            "name": "names.index.search",
            "metric": "latency_median",
            "value": round(median, 4),
            "unit": "ms",
            "baseline_name": BASELINE_NAME,
            "baseline_value": round(base_median, 2),
            "ratio": round(speedup, 1),
            "note": (
                f"{scale}; {len(queries)} queries, k=10; target <= {TARGET_MEDIAN_MS} ms: "
                f"{_verdict(median <= TARGET_MEDIAN_MS)}; ratio = baseline median / ours on the same "
                f"{len(baseline_sample)} queries ({ours_sample_median:.3f} ms), target >= {TARGET_SPEEDUP:.0f}: "
                f"{_verdict(speedup >= TARGET_SPEEDUP)}"
            ),
        },
        {
            "name": "names.index.search",
            "metric": "latency_p99",
            "value": round(p99, 4),
            "unit": "ms",
            "baseline_name": BASELINE_NAME,
            "baseline_value": round(percentile(base_latencies, 0.99), 2),
            "ratio": "",
            "note": f"{scale}; target <= {TARGET_P99_MS} ms: {_verdict(p99 <= TARGET_P99_MS)}",
        },
        {
            "name": "names.index.search",
            "metric": "recall@10",
            "value": round(recall, 4),
            "unit": "",
            "baseline_name": "",
            "baseline_value": "",
            "ratio": "",
            "note": (
                f"all {len(queries)} queries; name-only ceiling {ceiling_recall:.3f} (records sharing the reading); "
                f"with the birth date {dated_recall:.3f}"
            ),
        },
        {
            "name": "names.index.search (baseline sample)",
            "metric": "recall@10",
            "value": round(ours_sample_recall, 4),
            "unit": "",
            "baseline_name": BASELINE_NAME,
            "baseline_value": round(base_recall, 4),
            "ratio": round(ours_sample_recall / base_recall, 3) if base_recall else "",
            "note": (f"the {len(baseline_sample)} queries the baseline ran; name-only ceiling {sample_ceiling:.3f}"),
        },
    ]
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
