"""From profiles to sparse term matrices: tokens, keyword phrases, a vocabulary, counts and BM25 weights."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from hetao.engines.retrieval._model import FloatVector, Profile
from hetao.engines.retrieval._text import tokenize

# The usual BM25 constants (Robertson and Zaragoza, 2009): term-frequency saturation and length normalisation.
K1 = 1.2
B = 0.75

Tokens = tuple[str, ...]


@dataclass(frozen=True)
class Prepared:
    """A profile as tokens: one tuple per text and one per keyword, in order."""

    texts: tuple[Tokens, ...]
    keywords: tuple[Tokens, ...]


class Tokeniser:
    """:func:`tokenize` with the results of one batch remembered, so a text repeated across profiles costs once."""

    def __init__(self) -> None:
        self._seen: dict[str, Tokens] = {}

    def __call__(self, text: str) -> Tokens:
        tokens = self._seen.get(text)
        if tokens is None:
            tokens = self._seen[text] = tuple(tokenize(text))
        return tokens

    def prepare(self, profile: Profile) -> Prepared:
        return Prepared(
            texts=tuple(self(text) for text in profile.texts),
            keywords=tuple(tokens for tokens in (self(k) for k in profile.keywords) if tokens),
        )


def phrase_term(tokens: Sequence[str]) -> str:
    """The term of a keyword of several words; a space never occurs inside a token, so it cannot clash with one."""
    return " ".join(tokens)


class Phrases:
    """The keyword phrases (two words or more) to look for in running text."""

    def __init__(self, keywords: Iterable[Tokens]) -> None:
        self._phrases = {tokens for tokens in keywords if len(tokens) > 1}
        lengths: dict[str, set[int]] = {}
        for phrase in self._phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        self._lengths = {first: tuple(sorted(found)) for first, found in lengths.items()}

    def __len__(self) -> int:
        return len(self._phrases)

    def find(self, tokens: Tokens) -> list[str]:
        """The phrase terms occurring in ``tokens``, once per occurrence."""
        found: list[str] = []
        if not self._lengths:
            return found
        for start, token in enumerate(tokens):
            for length in self._lengths.get(token, ()):
                if start + length > len(tokens):
                    break  # lengths are in increasing order
                candidate = tokens[start : start + length]
                if candidate in self._phrases:
                    found.append(phrase_term(candidate))
        return found


class Vocabulary:
    """Terms numbered in order of first appearance, so that equal inputs give equal matrices."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def extend(self, terms: Iterable[str]) -> None:
        for term in dict.fromkeys(terms):
            self.ids.setdefault(term, len(self.ids))

    def columns(self, terms: list[str]) -> npt.NDArray[np.int64]:
        """The column of each term, -1 for a term not in the vocabulary."""
        get = self.ids.get
        return np.fromiter((get(term, -1) for term in terms), dtype=np.int64, count=len(terms))


@dataclass(frozen=True)
class Counts:
    """Per profile (rows) and term (columns): occurrences in the texts, presence among the keywords."""

    text: sp.csr_matrix
    keywords: sp.csr_matrix
    lengths: FloatVector  # words in the texts of each profile (phrase terms not counted)


def count(prepared: Sequence[Prepared], phrases: Phrases, vocabulary: Vocabulary, *, grow: bool = True) -> Counts:
    """Count terms; with ``grow`` false, terms unknown to the vocabulary are left out (a query against an index)."""
    text_terms: list[str] = []
    text_sizes = np.zeros(len(prepared), dtype=np.int64)
    keyword_terms: list[str] = []
    keyword_sizes = np.zeros(len(prepared), dtype=np.int64)
    lengths = np.zeros(len(prepared), dtype=np.float64)
    for row, profile in enumerate(prepared):
        before = len(text_terms)
        for tokens in profile.texts:
            text_terms.extend(tokens)
            lengths[row] += len(tokens)
            text_terms.extend(phrases.find(tokens))
        text_sizes[row] = len(text_terms) - before
        before = len(keyword_terms)
        for tokens in profile.keywords:
            keyword_terms.extend(tokens)
            if len(tokens) > 1:
                keyword_terms.append(phrase_term(tokens))
        keyword_sizes[row] = len(keyword_terms) - before
    if grow:
        vocabulary.extend(text_terms)
        vocabulary.extend(keyword_terms)
    shape = (len(prepared), len(vocabulary))
    text = _matrix(vocabulary.columns(text_terms), text_sizes, shape)
    keywords = _matrix(vocabulary.columns(keyword_terms), keyword_sizes, shape)
    keywords.data[:] = 1.0  # a keyword counts once, however often a profile repeats it
    return Counts(text=text, keywords=keywords, lengths=lengths)


def _matrix(columns: npt.NDArray[np.int64], sizes: npt.NDArray[np.int64], shape: tuple[int, int]) -> sp.csr_matrix:
    rows = np.repeat(np.arange(shape[0], dtype=np.int64), sizes)
    known = columns >= 0
    matrix = sp.csr_matrix(
        (np.ones(int(known.sum()), dtype=np.float64), (rows[known], columns[known])), shape=shape, dtype=np.float64
    )
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


def row_of_each_entry(matrix: sp.csr_matrix) -> npt.NDArray[np.int64]:
    return np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))


def saturate(text: sp.csr_matrix, lengths: FloatVector, average_length: float, k1: float, b: float) -> sp.csr_matrix:
    """BM25's term-frequency part, tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average length)), entry-wise."""
    relative = lengths / average_length if average_length > 0 else np.ones_like(lengths)
    norm = k1 * (1.0 - b + b * relative)
    tf = text.data
    saturated = text.copy()
    saturated.data = tf * (k1 + 1.0) / (tf + norm[row_of_each_entry(text)])
    return saturated


def average_length(lengths: FloatVector) -> float:
    """Mean length of the profiles that have any text (empty ones would pull it down for nothing)."""
    present = lengths[lengths > 0]
    return float(present.mean()) if present.size else 1.0


def idf(document_frequency: FloatVector, total: int) -> FloatVector:
    """BM25's inverse document frequency in the form that is never negative: ln(1 + (N - df + 0.5) / (df + 0.5))."""
    result: FloatVector = np.log1p((total - document_frequency + 0.5) / (document_frequency + 0.5))
    return result


def document_frequency(*presence: sp.csr_matrix) -> FloatVector:
    """In how many rows each column is present in any of the given matrices (same shape)."""
    combined = presence[0]
    for other in presence[1:]:
        combined = combined + other
    combined = sp.csr_matrix(combined)
    combined.sum_duplicates()
    columns = combined.indices[combined.data > 0]
    return np.bincount(columns, minlength=combined.shape[1]).astype(np.float64)
