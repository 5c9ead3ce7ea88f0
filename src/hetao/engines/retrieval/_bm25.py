"""A BM25 index over a fixed set of documents, for ranking them against one query or many at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from hetao.engines.retrieval._model import (
    DEFAULT_KEYWORD_WEIGHT,
    FloatMatrix,
    FloatVector,
    Profile,
    check_weight,
)
from hetao.engines.retrieval._terms import (
    K1,
    B,
    Counts,
    Phrases,
    Prepared,
    Tokeniser,
    Vocabulary,
    average_length,
    count,
    document_frequency,
    idf,
    saturate,
)

Query = Sequence[str] | Profile


def _prepare(name: str, item: Any, tokeniser: Tokeniser) -> Prepared:
    if isinstance(item, Profile):
        return tokeniser.prepare(item)
    if isinstance(item, str | bytes) or not isinstance(item, Sequence):
        raise ValueError(f"{name} must be a Profile or a list of tokens (see tokenize()), got {type(item).__name__}")
    tokens = tuple(item)
    for position, token in enumerate(tokens):
        if not isinstance(token, str):
            raise ValueError(f"{name}[{position}] must be a str token, got {type(token).__name__}")
    return Prepared(texts=(tokens,), keywords=())


class Bm25Index:
    """Okapi BM25 over documents given as token lists (from :func:`tokenize`) or as :class:`Profile`.

    A document's term frequency is its count in the texts plus ``keyword_weight`` if the term is among its keywords
    (each keyword's words, and the keyword as a whole phrase when it has several words); BM25 then saturates it
    (``k1``) and normalises for length (``b``) against the average over the documents. The inverse document
    frequency is ``ln(1 + (N - df + 0.5) / (df + 0.5))`` over the N documents, so never negative.

    :meth:`score` gives, for a query, the sum over its terms (with their counts; its keywords weigh
    ``keyword_weight`` each) of idf times the saturated frequency in each document: 0 when no term is shared, higher
    is better, comparable across the documents of one query. With ``normalise=True`` each score is divided by the
    query's upper bound, the score of an ideal document that contains every query term infinitely often
    (``sum of count * idf * (k1 + 1)``), which puts it in [0, 1) and makes it comparable across queries too.
    Phrases are those among the documents' keywords; query terms unknown to the index contribute nothing.
    """

    def __init__(
        self,
        documents: Sequence[Sequence[str]] | Sequence[Profile],
        *,
        k1: float = K1,
        b: float = B,
        keyword_weight: float = DEFAULT_KEYWORD_WEIGHT,
    ) -> None:
        if isinstance(documents, str | bytes | Profile) or not isinstance(documents, Sequence):
            raise ValueError(
                f"documents must be a sequence of token lists or of Profile, got {type(documents).__name__}"
            )
        self.k1 = check_weight("k1", k1)
        self.b = check_weight("b", b)
        if self.b > 1:
            raise ValueError(f"b must be between 0 and 1, got {self.b!r}")
        self.keyword_weight = check_weight("keyword_weight", keyword_weight)
        tokeniser = Tokeniser()
        prepared = [_prepare(f"documents[{i}]", item, tokeniser) for i, item in enumerate(documents)]
        self.ids: tuple[str, ...] = tuple(item.id if isinstance(item, Profile) else "" for item in documents)
        self._phrases = Phrases(tokens for document in prepared for tokens in document.keywords)
        self._vocabulary = Vocabulary()
        counts = count(prepared, self._phrases, self._vocabulary)
        self._idf = idf(document_frequency(counts.text, counts.keywords), len(prepared))
        frequency = sp.csr_matrix(counts.text + self.keyword_weight * counts.keywords)
        weights = saturate(frequency, counts.lengths, average_length(counts.lengths), self.k1, self.b)
        # Terms as rows, so that a query's weights multiply it directly.
        self._weights = sp.csr_matrix((weights @ sp.diags(self._idf)).T)

    @classmethod
    def build(
        cls,
        documents: Sequence[Sequence[str]] | Sequence[Profile],
        *,
        k1: float = K1,
        b: float = B,
        keyword_weight: float = DEFAULT_KEYWORD_WEIGHT,
    ) -> Bm25Index:
        """The same as the constructor."""
        return cls(documents, k1=k1, b=b, keyword_weight=keyword_weight)

    def __len__(self) -> int:
        return len(self.ids)

    def _query_weights(self, queries: Sequence[Any]) -> sp.csr_matrix:
        tokeniser = Tokeniser()
        prepared = [_prepare(f"queries[{i}]", item, tokeniser) for i, item in enumerate(queries)]
        counts: Counts = count(prepared, self._phrases, self._vocabulary, grow=False)
        return sp.csr_matrix(counts.text + self.keyword_weight * counts.keywords)

    def _scores(self, queries: Sequence[Any], normalise: bool) -> FloatMatrix:
        weights = self._query_weights(queries)
        scores: FloatMatrix = np.asarray((weights @ self._weights).toarray(), dtype=np.float64)
        if normalise:
            bound = np.asarray(weights @ self._idf, dtype=np.float64).ravel() * (self.k1 + 1.0)
            scale = np.divide(1.0, bound, out=np.zeros_like(bound), where=bound > 0)
            scores *= scale[:, np.newaxis]
            np.clip(scores, 0.0, 1.0, out=scores)
        return scores

    def score(self, query: Query, *, normalise: bool = False) -> FloatVector:
        """BM25 score of each document (in order) for one query: a token list or a :class:`Profile`."""
        result: FloatVector = self._scores([query], normalise)[0]
        return result

    def score_many(self, queries: Sequence[Query], *, normalise: bool = False) -> FloatMatrix:
        """Scores for several queries at once: an array (len(queries), len(self)), one sparse product."""
        if isinstance(queries, str | bytes | Profile) or not isinstance(queries, Sequence):
            raise ValueError(f"queries must be a sequence of token lists or of Profile, got {type(queries).__name__}")
        return self._scores(queries, normalise)

    def top(self, query: Query, k: int, *, normalise: bool = False) -> list[tuple[int, float]]:
        """The ``k`` best documents with a positive score, as (position, score), best first, ties by position."""
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise ValueError(f"k must be an int of at least 0, got {k!r}")
        scores = self.score(query, normalise=normalise)
        order = np.lexsort((np.arange(scores.size), -scores))[:k]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]
