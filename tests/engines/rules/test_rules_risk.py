"""Risk scores on a small hand-worked example, robust z-scores, and the replayable inspection draw."""

from __future__ import annotations

import hashlib
import math
from decimal import Decimal

import pytest

from hetao.engines.rules import (
    RiskWeights,
    inspection_draw,
    inspection_probability,
    risk_score,
    robust_zscore,
)
from tests.engines.rules._helpers import item

CLASS_WEIGHTS = {"reagent": 0.1, "sample": 0.3, "special_item": 0.9}


def test_risk_score_hand_worked_example() -> None:
    # 38220090: past [9, 10, 10, 11, 12, 50]: median 10.5, |x - m| = [1.5, .5, .5, .5, 1.5, 39.5], MAD 1.0;
    #   14 -> z = 0.6745 * 3.5 = 2.36075 -> unusual (2.36075 - 2) / 3 = 0.120250.
    # 30021000: past [4, 4, 4, 4, 4, 5]: MAD 0, so MeanAD = 1/6; 4 -> z = 0.
    # 30029000: two past quantities, fewer than min_history 5 -> no z.
    # score = 0.35 * 0.2 + 0.25 * 0.9 + 0.20 * 0.05 + 0.20 * 0.120250 = 0.32905
    items = [
        item(hs_code="38220090", goods_class="reagent", quantity=Decimal(14)),
        item(hs_code="30021000", goods_class="sample", quantity=Decimal(4)),
        item(hs_code="30029000", goods_class="special_item", quantity=Decimal(1)),
    ]
    history = {
        "38220090": [Decimal(x) for x in (10, 12, 9, 11, 10, 50)],
        "30021000": [4, 4, 4, 4, 4, 5],
        "30029000": [1, 1],
    }

    risk = risk_score(items=items, screening=0.2, class_weights=CLASS_WEIGHTS, discrepancy_rate=0.05, history=history)

    assert risk.score == pytest.approx(0.32905, abs=1e-12)
    assert (risk.screening, risk.goods_class, risk.history) == (0.2, 0.9, 0.05)
    assert risk.quantity == pytest.approx(0.120250, abs=1e-12)
    assert risk.item_zscores == (pytest.approx(2.36075), 0.0, None)


def test_risk_score_stays_within_zero_and_one() -> None:
    items = [item(hs_code="38220090", goods_class="special_item", quantity=Decimal(1000))]

    high = risk_score(
        items=items,
        screening=1.0,
        class_weights=CLASS_WEIGHTS | {"special_item": 1.0},
        discrepancy_rate=1.0,
        history={"38220090": [1, 2, 3, 4, 5]},
    )
    low = risk_score(items=[], screening=0.0, class_weights={}, discrepancy_rate=0.0, history={})

    assert (high.score, high.quantity) == (1.0, 1.0)
    assert (low.score, low.item_zscores) == (0.0, ())


def test_robust_zscore_fallbacks() -> None:
    assert robust_zscore(5, [4, 4, 4, 4, 4, 5]) == pytest.approx(6 / 1.253314)
    assert robust_zscore(4, [4] * 5) == 0.0
    assert robust_zscore(5, [4] * 5) == math.inf
    assert robust_zscore(3, [4] * 5) == -math.inf
    assert robust_zscore(3, [4] * 4) is None
    assert robust_zscore(Decimal("10.5"), [10, 11, 9, 12, 8], min_history=3) == 0.6745 * 0.5 / 1.0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"screening": 1.5}, r"screening must be a number in \[0, 1\]; got 1.5"),
        ({"discrepancy_rate": -0.1}, r"discrepancy_rate must be a number in \[0, 1\]; got -0.1"),
        ({"class_weights": {"reagent": 2}}, r"class_weights\['reagent'\] must be a number in \[0, 1\]"),
        ({"class_weights": {}}, r"class_weights has no weight for goods class 'reagent' \(items\[0\]\)"),
    ],
)
def test_risk_score_refuses_bad_inputs(arguments: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "items": [item()],
        "screening": 0.1,
        "class_weights": CLASS_WEIGHTS,
        "discrepancy_rate": 0.0,
        "history": {},
    }
    values.update(arguments)
    with pytest.raises(ValueError, match=message):
        risk_score(**values)  # type: ignore[arg-type]


def test_risk_weights_must_sum_to_one() -> None:
    with pytest.raises(ValueError, match=r"the weights must sum to 1; they sum to 1\.1"):
        RiskWeights(screening=0.45)
    with pytest.raises(ValueError, match="need 0 <= z_low < z_high"):
        RiskWeights(z_low=3.0, z_high=3.0)
    with pytest.raises(ValueError, match="min_history must be an integer of at least 3"):
        RiskWeights(min_history=2)


def test_inspection_probability_rises_linearly_with_risk() -> None:
    assert inspection_probability(0.0, 0.05, 0.5) == 0.05
    assert inspection_probability(1.0, 0.05, 0.5) == 0.5
    assert inspection_probability(0.5, 0.05, 0.5) == pytest.approx(0.275)
    with pytest.raises(ValueError, match=r"base 0\.6 exceeds maximum 0\.5"):
        inspection_probability(0.5, 0.6, 0.5)


def test_inspection_draw_is_replayable_from_the_documented_bytes() -> None:
    inspect, u = inspection_draw(20250701, "HT-2025-000123", 0.3)

    digest = hashlib.sha256(b"hetao.inspection-draw.v1\n20250701\nHT-2025-000123").digest()
    assert u == (int.from_bytes(digest[:8], "big") >> 11) / 2**53
    assert inspect == (u < 0.3)
    assert inspection_draw(20250701, "HT-2025-000123", 0.3) == (inspect, u)
    assert inspection_draw(20250702, "HT-2025-000123", 0.3)[1] != u
    assert inspection_draw(20250701, "HT-2025-000124", 0.3)[1] != u


def test_inspection_draw_frequency_matches_the_probability() -> None:
    keys = [f"HT-2025-{n:06d}" for n in range(20_000)]

    for probability in (0.0, 0.05, 0.3, 0.9, 1.0):
        drawn = sum(inspection_draw(7, key, probability)[0] for key in keys)
        expected = probability * len(keys)
        sigma = math.sqrt(len(keys) * probability * (1 - probability))
        assert abs(drawn - expected) <= 4 * sigma  # exact at 0 and 1; well within 4 sigma elsewhere


def test_inspection_draw_refuses_bad_inputs() -> None:
    with pytest.raises(ValueError, match="seed must be an integer; got True"):
        inspection_draw(True, "k", 0.5)
    with pytest.raises(ValueError, match="declaration_key must be a non-empty string"):
        inspection_draw(1, "", 0.5)
    with pytest.raises(ValueError, match=r"probability must be a number in \[0, 1\]; got 1.2"):
        inspection_draw(1, "k", 1.2)
