"""Brute-force references for the retrieval engine, written from the formulas in its docstrings, pair by pair."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from hetao.engines.retrieval import Profile, tokenize

K1 = 1.2
B = 0.75


def _phrases_in(tokens: list[str], phrases: set[tuple[str, ...]]) -> list[str]:
    found = []
    for start in range(len(tokens)):
        for end in range(start + 2, len(tokens) + 1):
            if tuple(tokens[start:end]) in phrases:
                found.append(" ".join(tokens[start:end]))
    return found


class _Terms:
    def __init__(self, profiles: Sequence[Profile], phrases: set[tuple[str, ...]] | None = None) -> None:
        texts = [[tokenize(t) for t in p.texts] for p in profiles]
        keywords = [[k for k in (tokenize(k) for k in p.keywords) if k] for p in profiles]
        if phrases is None:
            phrases = {tuple(k) for ks in keywords for k in ks if len(k) > 1}
        self.phrases = phrases
        self.text: list[Counter[str]] = []
        self.keywords: list[set[str]] = []
        self.lengths: list[int] = []
        for profile_texts, profile_keywords in zip(texts, keywords, strict=True):
            counter: Counter[str] = Counter()
            for tokens in profile_texts:
                counter.update(tokens)
                counter.update(_phrases_in(tokens, phrases))
            self.text.append(counter)
            terms = {t for k in profile_keywords for t in k}
            terms |= {" ".join(k) for k in profile_keywords if len(k) > 1}
            self.keywords.append(terms)
            self.lengths.append(sum(len(tokens) for tokens in profile_texts))


def _idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def _saturated(tf: float, length: float, average: float) -> float:
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))


def _average(lengths: Sequence[int]) -> float:
    present = [n for n in lengths if n > 0]
    return sum(present) / len(present) if present else 1.0


def affinity(queries: Sequence[Profile], documents: Sequence[Profile], keyword_weight: float) -> list[list[float]]:
    terms = _Terms([*queries, *documents])
    total = len(queries) + len(documents)
    df: Counter[str] = Counter()
    for text, keywords in zip(terms.text, terms.keywords, strict=True):
        df.update(set(text) | keywords)
    vectors = []
    for side in (range(len(queries)), range(len(queries), total)):
        average = _average([terms.lengths[i] for i in side])
        for i in side:
            vector = {}
            for term in set(terms.text[i]) | terms.keywords[i]:
                saturated = _saturated(terms.text[i][term], terms.lengths[i], average) if terms.text[i][term] else 0.0
                bonus = keyword_weight if term in terms.keywords[i] else 0.0
                vector[term] = _idf(df[term], total) * (saturated + bonus)
            vectors.append(vector)
    result = []
    for q in vectors[: len(queries)]:
        row = []
        for d in vectors[len(queries) :]:
            dot = sum(weight * d.get(term, 0.0) for term, weight in q.items())
            norms = math.sqrt(sum(w * w for w in q.values())) * math.sqrt(sum(w * w for w in d.values()))
            row.append(dot / norms if norms > 0 else 0.0)
        result.append(row)
    return result


def bm25(documents: Sequence[Profile], query: Profile, keyword_weight: float, *, normalise: bool) -> list[float]:
    terms = _Terms(documents)
    query_terms = _Terms([query], terms.phrases)
    df: Counter[str] = Counter()
    for text, keywords in zip(terms.text, terms.keywords, strict=True):
        df.update(set(text) | keywords)
    average = _average(terms.lengths)
    weights = {
        term: query_terms.text[0][term] + (keyword_weight if term in query_terms.keywords[0] else 0.0)
        for term in set(query_terms.text[0]) | query_terms.keywords[0]
        if df[term] > 0
    }
    bound = sum(w * _idf(df[t], len(documents)) * (K1 + 1) for t, w in weights.items())
    scores = []
    for text, keywords, length in zip(terms.text, terms.keywords, terms.lengths, strict=True):
        score = 0.0
        for term, weight in weights.items():
            tf = text[term] + (keyword_weight if term in keywords else 0.0)
            if tf:
                score += weight * _idf(df[term], len(documents)) * _saturated(tf, length, average)
        scores.append(score / bound if normalise and bound > 0 else (0.0 if normalise else score))
    return scores
