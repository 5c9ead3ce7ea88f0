"""Affinity between every query profile and every document profile: cosine of BM25-weighted term vectors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from hetao.engines.retrieval._model import DEFAULT_KEYWORD_WEIGHT, FloatMatrix, Profile, check_profiles, check_weight
from hetao.engines.retrieval._terms import (
    K1,
    B,
    Phrases,
    Tokeniser,
    Vocabulary,
    average_length,
    count,
    document_frequency,
    idf,
    saturate,
)

# Query rows per block of the product, which bounds the memory of its intermediate sparse result.
_BLOCK_ROWS = 1024


def affinity_matrix(
    queries: Sequence[Profile], documents: Sequence[Profile], *, keyword_weight: float = DEFAULT_KEYWORD_WEIGHT
) -> FloatMatrix:
    """Affinity in [0, 1] of each query (row) with each document (column); see the package docstring."""
    query_profiles = check_profiles("queries", queries)
    document_profiles = check_profiles("documents", documents)
    weight = check_weight("keyword_weight", keyword_weight)
    n_queries, n_documents = len(query_profiles), len(document_profiles)
    if n_queries == 0 or n_documents == 0:
        return np.zeros((n_queries, n_documents), dtype=np.float64)

    tokeniser = Tokeniser()
    prepared = [tokeniser.prepare(p) for p in (*query_profiles, *document_profiles)]
    phrases = Phrases(tokens for profile in prepared for tokens in profile.keywords)
    counts = count(prepared, phrases, Vocabulary())
    n_all = n_queries + n_documents
    inverse = idf(document_frequency(counts.text, counts.keywords), n_all)

    vectors = []
    for side in (slice(0, n_queries), slice(n_queries, n_all)):
        lengths = counts.lengths[side]
        text = saturate(counts.text[side], lengths, average_length(lengths), K1, B)
        weighted = sp.csr_matrix((text + weight * counts.keywords[side]) @ sp.diags(inverse))
        vectors.append(_unit_rows(weighted))
    return _cosines(vectors[0], vectors[1])


def _unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(scale) @ matrix)


def _cosines(queries: sp.csr_matrix, documents: sp.csr_matrix) -> FloatMatrix:
    """queries @ documents.T as a dense array, clipped to [0, 1] against rounding.

    A sparse product over the terms present on both sides, in blocks of query rows to bound the memory of the
    intermediate result. Not a dense BLAS product: BLAS orders its sums by processor, thread count and memory
    layout, and affinities feed an audited assignment, so a re-run should give the same bits.
    """
    in_queries = np.diff(queries.tocsc().indptr) > 0
    in_documents = np.diff(documents.tocsc().indptr) > 0
    shared = np.flatnonzero(in_queries & in_documents)
    queries_shared = sp.csr_matrix(queries[:, shared])
    documents_shared = sp.csr_matrix(documents[:, shared].T)
    result = np.zeros((queries.shape[0], documents.shape[0]), dtype=np.float64)
    for start in range(0, queries.shape[0], _BLOCK_ROWS):
        rows = slice(start, start + _BLOCK_ROWS)
        result[rows] = (queries_shared[rows] @ documents_shared).toarray()
    np.clip(result, 0.0, 1.0, out=result)
    return result
