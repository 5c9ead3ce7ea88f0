"""Scores to decisions: calibration for reviewer leniency, ranks with bootstrap intervals, funding selection.

Framework-free. :func:`calibrate` fits ``score ~ mu[proposal] + b[reviewer]`` by least squares;
:func:`rank_bootstrap` ranks proposals with an uncertainty interval; :func:`fund_rank_order`,
:func:`fund_optimal` and :func:`fund_lottery` choose what to fund from budget pools in minor units.
"""

from hetao.engines.scoring._calibration import Calibration, calibrate
from hetao.engines.scoring._funding import (
    BASES,
    ON_MISFIT,
    FundingProblem,
    FundingResult,
    default_order,
    fund_lottery,
    fund_optimal,
    fund_rank_order,
)
from hetao.engines.scoring._ranking import RankIntervals, competition_ranks, rank_bootstrap

__all__ = [
    "BASES",
    "ON_MISFIT",
    "Calibration",
    "FundingProblem",
    "FundingResult",
    "RankIntervals",
    "calibrate",
    "competition_ranks",
    "default_order",
    "fund_lottery",
    "fund_optimal",
    "fund_rank_order",
    "rank_bootstrap",
]
