"""Benchmark of the retrieval engine: affinity of 5,062 proposals with 2,840 reviewers (CVPR 2018's sizes).

Runs standalone: ``python benchmarks/bench_retrieval.py [--json result.json] [--queries N] [--documents M]
[--seed S]``. The whole process is pinned to one core.

Synthetic profiles, seeded. A vocabulary of 24,000 invented English words and 24,000 Chinese words taken from
jieba's own dictionary (so that segmentation finds them) is shared by 300 topics of 400 words each. A profile
draws one to three topics; each of its words comes from them with probability 0.6 and from the whole vocabulary
(Zipf-distributed) otherwise, with English stop words and Chinese particles mixed in as in real prose. A proposal
has an English abstract (about 130 words), a Chinese one (about 70 words; Traditional characters for a third of
them) and five keywords; a reviewer has a statement and three publication abstracts of the same total length
(about 200 words) and six keywords. Quality is reported too, as on_topic@1: the share of proposals whose
best-scored reviewer works on the proposal's main topic.

Baseline, in the same run on the same profiles: a dense pure-numpy TF-IDF cosine (the same tokenizer, a dense
count matrix per side, tf * idf, rows scaled to unit length, one dense matrix product), timed end to end like
ours. Both include tokenisation, which is timed on its own as well; memoised segmentations and stems are cleared
before each measurement, so every one starts cold.
"""

from __future__ import annotations

from _onecore import pin_to_one_core  # first: numerical libraries then start no thread pools

# isort: split
import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np
import numpy.typing as npt

from hetao.engines.retrieval import Profile, affinity_matrix, tokenize
from hetao.engines.retrieval._text import clear_caches

TARGET_SECONDS = 60.0
TARGET_SPEEDUP = 1.0
BASELINE_NAME = "dense numpy TF-IDF cosine"
TOPICS = 300
TOPIC_WORDS = 400
VOCABULARY = 24_000
ENGLISH_STOP = ["the", "of", "and", "in", "for", "to", "with", "a", "on", "by", "is", "are", "we", "this", "from"]
CHINESE_PARTICLES = ["的", "和", "与", "在", "对", "及", "中", "为", "是"]


def english_words(rng: random.Random, count: int) -> list[str]:
    onsets = [*"bcdfghjklmnprstvwz", "br", "cr", "dr", "fl", "gr", "pl", "pr", "st", "tr", "sh", "ch", "th"]
    nuclei = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
    codas = ["", "", "n", "r", "l", "m", "x", "t", "nd", "rk"]
    words: dict[str, None] = {}
    while len(words) < count:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas) for _ in range(syllables))
        words.setdefault(word)
    return list(words)


def chinese_words(count: int) -> list[str]:
    """Common words of two to four Han characters from the dictionary jieba ships, most frequent first."""
    import jieba

    rows = []
    with open(jieba.get_dict_file().name, encoding="utf-8") as dictionary:
        for line in dictionary:
            word, frequency = line.split()[:2]
            if 2 <= len(word) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in word):
                rows.append((-int(frequency), word))
    rows.sort()
    return [word for _, word in rows[:count]]


class Corpus:
    """Topics over a shared vocabulary, and texts drawn from them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.english = english_words(rng, VOCABULARY)
        self.chinese = chinese_words(VOCABULARY)
        ranks = np.arange(1, VOCABULARY + 1, dtype=np.float64)
        zipf = 1.0 / ranks
        self.background = np.cumsum(zipf / zipf.sum())
        self.topics = [rng.sample(range(VOCABULARY), TOPIC_WORDS) for _ in range(TOPICS)]
        import opencc

        self.to_traditional = opencc.OpenCC("s2hk")

    def _word_ids(self, topics: list[int], count: int) -> list[int]:
        rng = self.rng
        ids = []
        for _ in range(count):
            if rng.random() < 0.6:
                topic = self.topics[rng.choice(topics)]
                ids.append(topic[min(int(rng.expovariate(1 / 60)), TOPIC_WORDS - 1)])
            else:
                ids.append(int(np.searchsorted(self.background, rng.random())))
        return ids

    def english_text(self, topics: list[int], count: int) -> str:
        words = []
        for word_id in self._word_ids(topics, count):
            if self.rng.random() < 0.25:
                words.append(self.rng.choice(ENGLISH_STOP))
            words.append(self.english[word_id])
        return " ".join(words).capitalize() + "."

    def chinese_text(self, topics: list[int], count: int, *, traditional: bool) -> str:
        parts = []
        for position, word_id in enumerate(self._word_ids(topics, count)):
            parts.append(self.chinese[word_id])
            if self.rng.random() < 0.3:
                parts.append(self.rng.choice(CHINESE_PARTICLES))
            if position % 12 == 11:
                parts.append("，")
        text = "".join(parts) + "。"
        return str(self.to_traditional.convert(text)) if traditional else text

    def keywords(self, topics: list[int], count: int) -> list[str]:
        result = []
        for word_id in self._word_ids(topics, count):
            result.append(self.english[word_id] if self.rng.random() < 0.5 else self.chinese[word_id])
        return result


def generate(
    corpus: Corpus, n_queries: int, n_documents: int
) -> tuple[list[Profile], list[Profile], list[int], list[set[int]]]:
    """Proposals, reviewers, each proposal's main topic and each reviewer's topics."""
    rng = corpus.rng
    reviewer_topics = [rng.sample(range(TOPICS), rng.choice((1, 2, 3))) for _ in range(n_documents)]
    by_topic: dict[int, list[int]] = {}
    for reviewer, topics in enumerate(reviewer_topics):
        for topic in topics:
            by_topic.setdefault(topic, []).append(reviewer)
    documents = []
    for reviewer, topics in enumerate(reviewer_topics):
        texts = [corpus.english_text(topics, 50)]
        for _ in range(3):
            if rng.random() < 0.5:
                texts.append(corpus.english_text(topics, 50))
            else:
                texts.append(corpus.chinese_text(topics, 50, traditional=rng.random() < 0.33))
        documents.append(Profile(texts=texts, keywords=corpus.keywords(topics, 6), id=f"R{reviewer}"))
    queries = []
    truth = []
    for proposal in range(n_queries):
        main = rng.choice(sorted(by_topic))
        truth.append(main)
        topics = [main, *rng.sample(range(TOPICS), rng.choice((0, 1)))]
        texts = [
            corpus.english_text(topics, 130),
            corpus.chinese_text(topics, 70, traditional=rng.random() < 0.33),
        ]
        queries.append(Profile(texts=texts, keywords=corpus.keywords(topics, 5), id=f"P{proposal}"))
    return queries, documents, truth, [set(topics) for topics in reviewer_topics]


def dense_tfidf_cosine(queries: list[Profile], documents: list[Profile]) -> npt.NDArray[np.float64]:
    """The baseline: every profile as a dense vector over the whole vocabulary."""
    vocabulary: dict[str, int] = {}
    token_lists = []
    for profile in (*queries, *documents):
        ids = [vocabulary.setdefault(t, len(vocabulary)) for text in profile.texts for t in tokenize(text)]
        ids += [vocabulary.setdefault(t, len(vocabulary)) for k in profile.keywords for t in tokenize(k)]
        token_lists.append(ids)
    counts = np.zeros((len(token_lists), len(vocabulary)), dtype=np.float64)
    for row, ids in enumerate(token_lists):
        np.add.at(counts[row], ids, 1.0)
    document_frequency = (counts > 0).sum(axis=0)
    counts *= np.log(len(token_lists) / document_frequency)
    norms = np.linalg.norm(counts, axis=1, keepdims=True)
    np.divide(counts, norms, out=counts, where=norms > 0)
    result: npt.NDArray[np.float64] = counts[: len(queries)] @ counts[len(queries) :].T
    return result


def on_topic_at_1(scores: npt.NDArray[np.float64], main_topics: list[int], reviewer_topics: list[set[int]]) -> float:
    """Share of proposals whose best-scored reviewer works on the proposal's main topic."""
    best = np.argmax(scores, axis=1)
    return float(np.mean([topic in reviewer_topics[r] for topic, r in zip(main_topics, best, strict=True)]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--queries", type=int, default=5062, help="proposals (default 5062)")
    parser.add_argument("--documents", type=int, default=2840, help="reviewers (default 2840)")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    pinned = pin_to_one_core()

    started = time.perf_counter()
    corpus = Corpus(random.Random(args.seed))
    queries, documents, main_topics, reviewer_topics = generate(corpus, args.queries, args.documents)
    generated = time.perf_counter() - started
    print(f"{len(queries):,} x {len(documents):,} profiles generated in {generated:.1f} s; {pinned}")

    tokenize("预热 warm-up")  # jieba's one-off dictionary load is not part of any measurement
    gc.collect()
    clear_caches()
    started = time.perf_counter()
    ours = affinity_matrix(queries, documents)
    ours_seconds = time.perf_counter() - started
    ours_quality = on_topic_at_1(ours, main_topics, reviewer_topics)
    print(f"affinity_matrix: {ours_seconds:.2f} s; best reviewer on the proposal's topic: {ours_quality:.3f}")
    sample = (queries[:300], documents[:300])
    deterministic = bool(np.array_equal(affinity_matrix(*sample), affinity_matrix(*sample)))

    clear_caches()
    started = time.perf_counter()
    words = sum(len(tokenize(text)) for profile in (*queries, *documents) for text in profile.texts)
    tokenize_seconds = time.perf_counter() - started
    average_words = words / (len(queries) + len(documents))
    print(f"tokenize alone: {tokenize_seconds:.2f} s, {average_words:.0f} terms per profile after stop words")

    gc.collect()
    clear_caches()
    started = time.perf_counter()
    baseline = dense_tfidf_cosine(queries, documents)
    baseline_seconds = time.perf_counter() - started
    baseline_quality = on_topic_at_1(baseline, main_topics, reviewer_topics)
    print(f"baseline ({BASELINE_NAME}): {baseline_seconds:.2f} s; best reviewer on topic: {baseline_quality:.3f}")
    del baseline

    speedup = baseline_seconds / ours_seconds
    in_range = bool(ours.min() >= 0.0 and ours.max() <= 1.0)
    checks = {
        f"time <= {TARGET_SECONDS:.0f} s": ours_seconds <= TARGET_SECONDS,
        "faster than the baseline": speedup > TARGET_SPEEDUP,
        "values in [0, 1]": in_range,
        "deterministic": deterministic,
    }
    print(f"speed ratio (baseline / ours): {speedup:.2f}x")
    for label, ok in checks.items():
        print(f"target {label}: {'PASS' if ok else 'FAIL'}")

    scale = f"{len(queries):,} x {len(documents):,} profiles of ~{average_words:.0f} terms, one core"
    results: list[dict[str, object]] = [
        {
            "name": "retrieval.affinity_matrix",
            "metric": "time",
            "value": round(ours_seconds, 2),
            "unit": "s",
            "baseline_name": BASELINE_NAME,
            "baseline_value": round(baseline_seconds, 2),
            "ratio": round(speedup, 2),
            "note": (
                f"{scale}; both include tokenisation ({tokenize_seconds:.1f} s alone, mostly jieba); "
                f"target <= {TARGET_SECONDS:.0f} s: {'PASS' if checks[f'time <= {TARGET_SECONDS:.0f} s'] else 'FAIL'}"
            ),
        },
        {
            "name": "retrieval.affinity_matrix",
            "metric": "on_topic@1",
            "value": round(ours_quality, 4),
            "unit": "",
            "baseline_name": BASELINE_NAME,
            "baseline_value": round(baseline_quality, 4),
            "ratio": round(ours_quality / baseline_quality, 3) if baseline_quality else "",
            "note": "share of proposals whose best-scored reviewer works on the proposal's main (synthetic) topic",
        },
    ]
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
