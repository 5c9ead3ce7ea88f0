"""affinity_matrix: topical reviewers score higher in each language and across scripts; values, shapes, errors."""

import itertools
import math

import numpy as np
import pytest

from hetao.engines.retrieval import Profile, affinity_matrix

GRAPHENE_ZH = "本项目研究石墨烯纳米材料在锂离子电池中的电化学储能性能。"
GRAPHENE_HANT = "本項目研究石墨烯納米材料在鋰離子電池中的電化學儲能性能。"
IMAGING_ZH = "我们研究深度学习在医学影像诊断中的应用，以及卷积神经网络的可解释性。"
TRADE_ZH = "研究粤港澳大湾区跨境贸易的法律问题与仲裁机制。"
GRAPHENE_EN = "Graphene nanomaterials as anodes of lithium-ion batteries for electrochemical energy storage."
IMAGING_EN = "Deep learning for diagnosis from medical images, and the interpretability of convolutional networks."
TRADE_EN = "Legal problems of cross-border trade in the Greater Bay Area and their arbitration."


def test_affinity_chinese_only_topical_reviewer_scores_higher() -> None:
    proposal = Profile(texts=["石墨烯负极材料用于锂离子电池储能"])
    reviewers = [Profile(texts=[IMAGING_ZH]), Profile(texts=[GRAPHENE_ZH]), Profile(texts=[TRADE_ZH])]

    scores = affinity_matrix([proposal], reviewers)

    assert int(np.argmax(scores[0])) == 1
    assert scores[0, 1] > 2 * max(scores[0, 0], scores[0, 2])


def test_affinity_english_only_topical_reviewer_scores_higher() -> None:
    proposal = Profile(texts=["Interpretable deep learning models for medical imaging diagnosis"])
    reviewers = [Profile(texts=[GRAPHENE_EN]), Profile(texts=[TRADE_EN]), Profile(texts=[IMAGING_EN])]

    scores = affinity_matrix([proposal], reviewers)

    assert int(np.argmax(scores[0])) == 2
    assert scores[0, 0] == 0.0
    assert scores[0, 2] > 0.3


def test_affinity_across_scripts_traditional_proposal_simplified_reviewer() -> None:
    proposal = Profile(texts=["石墨烯負極材料用於鋰離子電池儲能"])
    reviewers = [Profile(texts=[IMAGING_ZH]), Profile(texts=[GRAPHENE_ZH])]

    scores = affinity_matrix([proposal], reviewers)

    assert int(np.argmax(scores[0])) == 1
    assert scores[0, 1] > 2 * scores[0, 0]


def test_affinity_same_text_in_either_script_scores_the_same() -> None:
    reviewers = [Profile(texts=[GRAPHENE_ZH]), Profile(texts=[IMAGING_ZH]), Profile(texts=[TRADE_ZH])]

    simplified = affinity_matrix([Profile(texts=[GRAPHENE_ZH])], reviewers)
    traditional = affinity_matrix([Profile(texts=[GRAPHENE_HANT])], reviewers)

    np.testing.assert_array_equal(traditional, simplified)
    assert traditional[0, 0] == pytest.approx(1.0)


def test_affinity_mixed_language_profiles_match_on_either_language() -> None:
    proposal = Profile(texts=[GRAPHENE_EN, GRAPHENE_HANT])
    reviewers = [Profile(texts=[IMAGING_EN, IMAGING_ZH]), Profile(texts=[GRAPHENE_EN]), Profile(texts=[GRAPHENE_ZH])]

    scores = affinity_matrix([proposal], reviewers)

    assert scores[0, 1] > scores[0, 0]
    assert scores[0, 2] > scores[0, 0]


def test_affinity_keyword_weight_raises_keyword_matches() -> None:
    proposal = Profile(texts=["A study of new materials for batteries."], keywords=["graphene"])
    on_keyword = Profile(texts=["Graphene, carbon nanotubes and other materials."])
    on_text = Profile(texts=["New battery materials studied at scale, materials for battery packs."])
    reviewers = [on_keyword, on_text]

    scores = np.vstack([affinity_matrix([proposal], reviewers, keyword_weight=w) for w in (0.0, 1.0, 3.0, 10.0)])

    assert np.all(np.diff(scores[:, 0]) > 0)  # the reviewer matching the keyword gains with its weight
    assert np.all(np.diff(scores[:, 1]) < 0)  # the one matching ordinary text only loses
    assert scores[0, 0] < scores[0, 1]
    assert scores[3, 0] > 3 * scores[3, 1]


def test_affinity_keyword_weight_zero_ignores_keywords() -> None:
    with_keywords = Profile(texts=[GRAPHENE_EN], keywords=["arbitration", "仲裁"])
    without = Profile(texts=[GRAPHENE_EN])
    reviewers = [Profile(texts=[TRADE_EN, TRADE_ZH]), Profile(texts=[GRAPHENE_EN])]

    np.testing.assert_array_equal(
        affinity_matrix([with_keywords], reviewers, keyword_weight=0.0),
        affinity_matrix([without], reviewers, keyword_weight=0.0),
    )
    assert affinity_matrix([with_keywords], reviewers)[0, 0] > 0.0


def test_affinity_keyword_phrase_matches_across_scripts() -> None:
    # The same two words apart in one profile and as the phrase in the other: only the phrase term differs.
    proposal = Profile(texts=["石墨烯"], keywords=["鋰離子電池"])
    as_phrase = Profile(texts=["我们的电池采用锂离子技术。锂离子电池。"])
    apart = Profile(texts=["我们的锂离子采用电池技术。电池锂离子。"])

    scores = affinity_matrix([proposal], [as_phrase, apart])

    assert scores[0, 0] > scores[0, 1] > 0.0


def test_affinity_keyword_matches_keyword_in_other_script() -> None:
    proposal = Profile(texts=["新型储能材料"], keywords=["石墨烯电池"])
    reviewers = [Profile(texts=["材料"], keywords=["石墨烯電池"]), Profile(texts=["材料"], keywords=["醫學影像"])]

    scores = affinity_matrix([proposal], reviewers)

    assert scores[0, 0] > 0.5
    assert scores[0, 0] > 3 * scores[0, 1]


def test_affinity_values_in_unit_interval_and_shape() -> None:
    texts = [GRAPHENE_EN, GRAPHENE_ZH, IMAGING_EN, IMAGING_ZH, TRADE_EN, TRADE_ZH]
    queries = [Profile(texts=[t], keywords=["graphene"]) for t in texts]
    documents = [Profile(texts=[a, b]) for a, b in itertools.pairwise(texts)]

    scores = affinity_matrix(queries, documents)

    assert scores.shape == (6, 5)
    assert scores.dtype == np.float64
    assert float(scores.min()) >= 0.0
    assert float(scores.max()) <= 1.0


def test_affinity_profile_with_itself_is_one() -> None:
    profiles = [Profile(texts=[GRAPHENE_EN], keywords=["graphene"]), Profile(texts=[IMAGING_ZH, TRADE_EN])]

    scores = affinity_matrix(profiles, profiles)

    np.testing.assert_allclose(np.diag(scores), [1.0, 1.0], rtol=0, atol=1e-12)


def test_affinity_hand_computed_two_by_one() -> None:
    # One document "graphene"; queries "graphene battery" and "graphene". N = 3 profiles, df(graphen) = 3,
    # df(battery) = 1. Query side: lengths 2 and 1, average 1.5. Document side: length 1, average 1.
    queries = [Profile(texts=["graphene battery"]), Profile(texts=["graphene"])]
    documents = [Profile(texts=["graphene"])]

    def idf(df: int) -> float:
        return math.log(1 + (3 - df + 0.5) / (df + 0.5))

    def tf(length: float, average: float) -> float:
        return 2.2 / (1 + 1.2 * (0.25 + 0.75 * length / average))

    graphene, battery = idf(3) * tf(2, 1.5), idf(1) * tf(2, 1.5)
    expected = graphene / math.hypot(graphene, battery)

    scores = affinity_matrix(queries, documents)

    assert scores[0, 0] == pytest.approx(expected, rel=1e-12)
    assert scores[1, 0] == pytest.approx(1.0, rel=1e-12)


def test_affinity_empty_profiles_give_zero_rows_and_columns() -> None:
    queries = [Profile(texts=[]), Profile(texts=[GRAPHENE_EN]), Profile(texts=["the of and 的"], keywords=["，"])]
    documents = [Profile(texts=[GRAPHENE_EN]), Profile(texts=[""]), Profile(texts=[], keywords=[])]

    scores = affinity_matrix(queries, documents)

    assert scores.shape == (3, 3)
    np.testing.assert_array_equal(scores[[0, 2]], np.zeros((2, 3)))
    np.testing.assert_array_equal(scores[:, [1, 2]], np.zeros((3, 2)))
    assert scores[1, 0] == pytest.approx(1.0)


def test_affinity_no_queries_or_no_documents() -> None:
    reviewers = [Profile(texts=[GRAPHENE_EN])]

    assert affinity_matrix([], reviewers).shape == (0, 1)
    assert affinity_matrix(reviewers, []).shape == (1, 0)
    assert affinity_matrix([], []).shape == (0, 0)


def test_affinity_is_deterministic() -> None:
    queries = [Profile(texts=[t], keywords=["深度學習"]) for t in (GRAPHENE_HANT, IMAGING_EN, TRADE_ZH)]
    documents = [Profile(texts=[t]) for t in (IMAGING_ZH, GRAPHENE_EN, TRADE_EN, GRAPHENE_ZH)]

    first = affinity_matrix(queries, documents)

    for _ in range(3):
        np.testing.assert_array_equal(affinity_matrix(queries, documents), first)


def test_affinity_rejects_bad_queries() -> None:
    with pytest.raises(ValueError, match=r"queries must be a sequence of Profile, got str"):
        affinity_matrix("graphene", [Profile(texts=["x"])])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"documents\[1\] must be a Profile, got list"):
        affinity_matrix([], [Profile(texts=["x"]), ["graphene"]])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"queries must be a sequence of Profile, got Profile"):
        affinity_matrix(Profile(texts=["x"]), [])  # type: ignore[arg-type]


@pytest.mark.parametrize("weight", [-1.0, math.nan, math.inf])
def test_affinity_rejects_bad_keyword_weight(weight: float) -> None:
    with pytest.raises(ValueError, match="keyword_weight must be finite and at least 0"):
        affinity_matrix([], [], keyword_weight=weight)


def test_affinity_rejects_non_numeric_keyword_weight() -> None:
    with pytest.raises(ValueError, match="keyword_weight must be a number, got str"):
        affinity_matrix([], [], keyword_weight="3")  # type: ignore[arg-type]
