"""Property tests against the brute-force references in _reference.py, and invariants of the affinity matrix."""

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hetao.engines.retrieval import Bm25Index, Profile, affinity_matrix

from . import _reference

PROPERTY_SETTINGS = settings(database=None, deadline=None, max_examples=60)

WORDS = [
    "graphene", "battery", "batteries", "deep", "learning", "medical", "imaging", "images", "trade", "law",
    "the", "of", "arbitration", "石墨烯", "電池", "电池", "深度学习", "深度學習", "醫學", "医学", "影像", "贸易",
    "法律", "的", "仲裁", "機器", "机器",
]  # fmt: skip

words = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12)
texts = words.map(" ".join)
keywords = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
profiles = st.builds(
    Profile, texts=st.lists(texts, min_size=0, max_size=3), keywords=st.lists(keywords, min_size=0, max_size=3)
)
weights = st.sampled_from([0.0, 0.5, 3.0, 7.5])


@PROPERTY_SETTINGS
@given(st.lists(profiles, max_size=6), st.lists(profiles, max_size=6), weights)
def test_affinity_equals_reference(queries: list[Profile], documents: list[Profile], weight: float) -> None:
    expected = np.array(_reference.affinity(queries, documents, weight), dtype=np.float64)

    scores = affinity_matrix(queries, documents, keyword_weight=weight)

    assert scores.shape == (len(queries), len(documents))
    np.testing.assert_allclose(scores, expected.reshape(scores.shape), rtol=0, atol=1e-9)
    assert np.all((scores >= 0.0) & (scores <= 1.0))


@PROPERTY_SETTINGS
@given(st.lists(profiles, min_size=1, max_size=6), st.lists(profiles, min_size=1, max_size=6), st.randoms())
def test_affinity_permuting_inputs_permutes_output(
    queries: list[Profile], documents: list[Profile], rng: random.Random
) -> None:
    rows = list(range(len(queries)))
    columns = list(range(len(documents)))
    rng.shuffle(rows)
    rng.shuffle(columns)

    scores = affinity_matrix(queries, documents)
    permuted = affinity_matrix([queries[i] for i in rows], [documents[j] for j in columns])

    np.testing.assert_allclose(permuted, scores[np.ix_(rows, columns)], rtol=0, atol=1e-12)


@PROPERTY_SETTINGS
@given(st.lists(profiles, min_size=1, max_size=6))
def test_affinity_with_itself_has_unit_diagonal_for_profiles_with_terms(items: list[Profile]) -> None:
    scores = affinity_matrix(items, items)

    has_terms = np.array([any(a > 0 for a in row) for row in scores])
    np.testing.assert_allclose(np.diag(scores)[has_terms], 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(scores, scores.T, rtol=0, atol=1e-12)


@PROPERTY_SETTINGS
@given(st.lists(profiles, max_size=6), profiles, weights, st.booleans())
def test_bm25_index_equals_reference(documents: list[Profile], query: Profile, weight: float, norm: bool) -> None:
    index = Bm25Index(documents, keyword_weight=weight)

    scores = index.score(query, normalise=norm)

    np.testing.assert_allclose(scores, _reference.bm25(documents, query, weight, normalise=norm), rtol=0, atol=1e-9)
    if norm:
        assert np.all((scores >= 0.0) & (scores <= 1.0))


def test_affinity_many_profiles_equals_reference() -> None:
    # More queries than one block of the product (1,024 rows), with many terms.
    rng = random.Random(4)  # noqa: S311 - seeded test data, nothing secret
    vocabulary = [f"term{i}x" for i in range(400)] + WORDS

    def profile() -> Profile:
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 8)))
        return Profile(texts=[text], keywords=[" ".join(rng.sample(vocabulary, 2))] if rng.random() < 0.3 else [])

    queries = [profile() for _ in range(1100)]
    documents = [profile() for _ in range(120)]

    scores = affinity_matrix(queries, documents)

    np.testing.assert_allclose(scores, _reference.affinity(queries, documents, 3.0), rtol=0, atol=1e-9)
