"""Bm25Index: hand-checked scores, keyword weighting and phrases, normalisation, ranking, and bad inputs."""

import math

import numpy as np
import pytest

from hetao.engines.retrieval import Bm25Index, Profile, tokenize


def _idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def test_bm25_hand_computed_scores() -> None:
    # N = 3, df(graphene) = 1, df(battery) = 2; the empty document is left out of the average length (1.5).
    index = Bm25Index([["graphene", "battery"], ["battery"], []])
    saturated_long = 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2 / 1.5))
    saturated_short = 2.2 / (1 + 1.2 * (0.25 + 0.75 * 1 / 1.5))

    graphene = index.score(["graphene"])
    both = index.score(["graphene", "battery", "battery"])

    np.testing.assert_allclose(graphene, [_idf(1, 3) * saturated_long, 0.0, 0.0], rtol=1e-12)
    np.testing.assert_allclose(
        both,
        [_idf(1, 3) * saturated_long + 2 * _idf(2, 3) * saturated_long, 2 * _idf(2, 3) * saturated_short, 0.0],
        rtol=1e-12,
    )


def test_bm25_normalised_scores_are_fractions_of_the_upper_bound() -> None:
    index = Bm25Index([["graphene", "battery"], ["battery"], []])

    scores = index.score(["graphene", "unknown"], normalise=True)

    assert scores[0] == pytest.approx(0.88 / 2.2, rel=1e-12)  # saturated tf / (k1 + 1), one known query term
    assert list(scores[1:]) == [0.0, 0.0]


def test_bm25_profiles_across_scripts_and_languages() -> None:
    documents = [
        Profile(texts=["本項目研究石墨烯納米材料在鋰離子電池中的電化學儲能性能。"], id="R1"),
        Profile(texts=["我们研究深度学习在医学影像诊断中的应用。"], id="R2"),
        Profile(texts=["Graphene anodes for lithium-ion batteries."], id="R3"),
    ]
    index = Bm25Index.build(documents)

    ranked = index.top(Profile(texts=["锂离子电池 石墨烯 graphene"]), 3)

    assert index.ids == ("R1", "R2", "R3")
    assert len(index) == 3
    assert [position for position, _ in ranked] == [0, 2]


def test_bm25_keywords_weigh_more_and_match_as_phrases() -> None:
    documents = [
        Profile(texts=["battery materials"], keywords=["solid state electrolyte"]),
        Profile(texts=["solid state electrolyte battery"]),
        Profile(texts=["electrolyte state solid battery"]),
    ]

    heavy = Bm25Index(documents, keyword_weight=5.0).score(tokenize("solid state electrolyte"))
    light = Bm25Index(documents, keyword_weight=0.0).score(tokenize("solid state electrolyte"))

    assert heavy[0] > heavy[1] > heavy[2] > 0.0  # keywords first, then the phrase in running text
    assert light[0] == 0.0
    assert light[1] > light[2]


def test_bm25_score_many_equals_score_each() -> None:
    index = Bm25Index([tokenize("graphene battery"), tokenize("deep learning"), tokenize("graphene learning")])
    queries = [tokenize("graphene"), Profile(texts=["deep learning"], keywords=["graphene"]), []]

    many = index.score_many(queries)

    assert many.shape == (3, 3)
    for row, query in enumerate(queries):
        np.testing.assert_array_equal(many[row], index.score(query))
    np.testing.assert_array_equal(many[2], np.zeros(3))


def test_bm25_top_orders_by_score_then_position_and_drops_zeros() -> None:
    index = Bm25Index([["b"], ["a"], ["a"], ["c", "a"]])

    scores = index.score(["a"])

    assert scores[1] == scores[2] > scores[3] > scores[0] == 0.0
    assert index.top(["a"], 2) == [(1, float(scores[1])), (2, float(scores[2]))]
    assert [position for position, _ in index.top(["a"], 10)] == [1, 2, 3]
    assert index.top(["a"], 0) == []
    assert index.top(["zzz"], 3) == []


def test_bm25_empty_index() -> None:
    index = Bm25Index([])

    assert index.score(["graphene"]).shape == (0,)
    assert index.top(["graphene"], 5) == []


def test_bm25_rejects_bad_documents() -> None:
    with pytest.raises(ValueError, match="documents must be a sequence of token lists or of Profile, got str"):
        Bm25Index("graphene battery")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"documents\[1\] must be a Profile or a list of tokens .* got str"):
        Bm25Index([["graphene"], "battery"])
    with pytest.raises(ValueError, match=r"documents\[0\]\[1\] must be a str token, got int"):
        Bm25Index([["graphene", 3]])  # type: ignore[list-item]


def test_bm25_rejects_bad_queries_and_parameters() -> None:
    index = Bm25Index([["graphene"]])

    with pytest.raises(ValueError, match=r"queries\[0\] must be a Profile or a list of tokens"):
        index.score("graphene")
    with pytest.raises(ValueError, match="queries must be a sequence of token lists or of Profile, got str"):
        index.score_many("graphene")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k must be an int of at least 0, got -1"):
        index.top(["graphene"], -1)
    with pytest.raises(ValueError, match=r"b must be between 0 and 1, got 1\.5"):
        Bm25Index([], b=1.5)
    with pytest.raises(ValueError, match=r"k1 must be finite and at least 0, got -0\.1"):
        Bm25Index([], k1=-0.1)
