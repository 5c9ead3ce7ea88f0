"""Risk scores and replayable inspection draws.

Risk, in [0, 1], is a weighted sum of four components, each in [0, 1]::

    risk = w_screening * screening + w_class * goods_class + w_history * history + w_quantity * quantity

- ``screening``: the best match of the parties against screening lists (the names engine's score).
- ``goods_class``: the highest class weight among the items (``class_weights``, one per goods class).
- ``history``: the declarant's past discrepancy rate (discrepancies found / declarations checked).
- ``quantity``: how unusual the most unusual item's quantity is against the declarant's own past quantities of
  the same HS code. With ``m`` the median of the past quantities and ``MAD`` the median of ``|x_k - m|``, the
  robust (modified) z-score of Iglewicz and Hoaglin is ``z = 0.6745 * (x - m) / MAD``; 0.6745 is the normal
  distribution's third quartile, so that ``MAD / 0.6745`` estimates the standard deviation of normal data and
  ``z`` reads like an ordinary z-score, yet one outlier in the history barely moves it. When ``MAD`` is 0 (more
  than half the past quantities equal), ``z = (x - m) / (1.253314 * MeanAD)`` with the mean absolute deviation
  from the median (``sqrt(pi / 2) * MeanAD`` estimates the standard deviation likewise); when that is 0 too,
  ``z`` is 0 for ``x = m`` and infinite otherwise. Fewer than ``min_history`` past quantities give no z (the
  item adds nothing). An item's unusualness ramps linearly with ``|z|`` from 0 at ``z_low`` to 1 at ``z_high``.

The weights sum to 1, so the score stays in [0, 1]. Inspection probability rises linearly with risk from
``base`` to ``maximum``; the draw is ``u < probability`` with ``u`` from SHA-256 of the seed and the declaration
key, so that anyone holding the seed (recorded in the audit ledger) can replay it.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from hetao.engines.rules._model import Item

NORMAL_Q3: Final = 0.6745
SQRT_HALF_PI: Final = 1.253314
DRAW_DOMAIN: Final = b"hetao.inspection-draw.v1\n"


def _unit(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a number in [0, 1]; got {value!r}")
    return float(value)


@dataclass(frozen=True)
class RiskWeights:
    """The weights of the four components (non-negative, summing to 1) and the z-score ramp."""

    screening: float = 0.35
    goods_class: float = 0.25
    history: float = 0.20
    quantity: float = 0.20
    z_low: float = 2.0
    z_high: float = 5.0
    min_history: int = 5

    def __post_init__(self) -> None:
        total = 0.0
        for name in ("screening", "goods_class", "history", "quantity"):
            total += _unit(f"weight {name}", getattr(self, name))
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"the weights must sum to 1; they sum to {total:.6g}")
        if not (0.0 <= self.z_low < self.z_high < math.inf):
            raise ValueError(f"need 0 <= z_low < z_high < infinity; got {self.z_low}, {self.z_high}")
        if isinstance(self.min_history, bool) or not isinstance(self.min_history, int) or self.min_history < 3:
            raise ValueError(f"min_history must be an integer of at least 3; got {self.min_history!r}")


@dataclass(frozen=True)
class RiskScore:
    """The score and its components (each in [0, 1]); ``item_zscores`` holds each item's robust z-score, None
    where the item has no HS code, quantity or enough history."""

    score: float
    screening: float
    goods_class: float
    history: float
    quantity: float
    item_zscores: tuple[float | None, ...]
    weights: RiskWeights = field(default_factory=RiskWeights)


def robust_zscore(
    value: Decimal | int | float, past: Sequence[Decimal | int | float], *, min_history: int = 5
) -> float | None:
    """The robust z-score of ``value`` against ``past`` (see the module docstring), or None with fewer than
    ``min_history`` past values."""
    if len(past) < min_history:
        return None
    history = [float(x) for x in past]
    if not all(math.isfinite(x) for x in history) or not math.isfinite(float(value)):
        raise ValueError("quantities must be finite")
    x = float(value)
    median = statistics.median(history)
    deviations = [abs(h - median) for h in history]
    mad = statistics.median(deviations)
    if mad > 0:
        return NORMAL_Q3 * (x - median) / mad
    mean_deviation = statistics.fmean(deviations)
    if mean_deviation > 0:
        return (x - median) / (SQRT_HALF_PI * mean_deviation)
    if x == median:
        return 0.0
    return math.copysign(math.inf, x - median)


def risk_score(
    *,
    items: Sequence[Item],
    screening: float,
    class_weights: Mapping[str, float],
    discrepancy_rate: float,
    history: Mapping[str, Sequence[Decimal | int | float]],
    weights: RiskWeights | None = None,
) -> RiskScore:
    """The risk of a declaration with ``items`` (see the module docstring for the formula).

    ``history`` maps an HS code to the declarant's past quantities of it (in the unit the items use).
    """
    weights = RiskWeights() if weights is None else weights
    screening = _unit("screening", screening)
    discrepancy_rate = _unit("discrepancy_rate", discrepancy_rate)
    for name, weight in class_weights.items():
        _unit(f"class_weights[{name!r}]", weight)
    class_component = 0.0
    zscores: list[float | None] = []
    quantity_component = 0.0
    span = weights.z_high - weights.z_low
    for index, item in enumerate(items):
        if not isinstance(item, Item):
            raise ValueError(f"items[{index}] must be an Item, got {type(item).__name__}")
        if item.goods_class is not None:
            if item.goods_class not in class_weights:
                raise ValueError(f"class_weights has no weight for goods class {item.goods_class!r} (items[{index}])")
            class_component = max(class_component, float(class_weights[item.goods_class]))
        z = None
        if item.hs_code is not None and item.quantity is not None:
            z = robust_zscore(item.quantity, history.get(item.hs_code, ()), min_history=weights.min_history)
        zscores.append(z)
        if z is not None:
            unusual = min(1.0, max(0.0, (abs(z) - weights.z_low) / span))
            quantity_component = max(quantity_component, unusual)
    score = (
        weights.screening * screening
        + weights.goods_class * class_component
        + weights.history * discrepancy_rate
        + weights.quantity * quantity_component
    )
    return RiskScore(
        score=min(1.0, max(0.0, score)),
        screening=screening,
        goods_class=class_component,
        history=discrepancy_rate,
        quantity=quantity_component,
        item_zscores=tuple(zscores),
        weights=weights,
    )


def inspection_probability(risk: float, base: float, maximum: float) -> float:
    """``base + (maximum - base) * risk``: ``base`` for no risk, ``maximum`` for risk 1."""
    risk = _unit("risk", risk)
    base = _unit("base", base)
    maximum = _unit("maximum", maximum)
    if base > maximum:
        raise ValueError(f"base {base} exceeds maximum {maximum}")
    return base + (maximum - base) * risk


def inspection_draw(seed: int, declaration_key: str, probability: float) -> tuple[bool, float]:
    """A replayable draw: ``(u < probability, u)`` where ``u`` in [0, 1) is the first 53 bits of
    ``SHA-256(b"hetao.inspection-draw.v1\\n" + decimal seed + b"\\n" + UTF-8 key)`` divided by 2**53."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer; got {seed!r}")
    if not isinstance(declaration_key, str) or not declaration_key:
        raise ValueError(f"declaration_key must be a non-empty string; got {declaration_key!r}")
    probability = _unit("probability", probability)
    message = DRAW_DOMAIN + str(seed).encode("ascii") + b"\n" + declaration_key.encode("utf-8")
    u = (int.from_bytes(hashlib.sha256(message).digest()[:8], "big") >> 11) / 2**53
    return u < probability, u
