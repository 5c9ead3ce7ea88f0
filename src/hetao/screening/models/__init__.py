from hetao.screening.models.lists import ScreeningEntry, ScreeningList, ScreeningListVersion
from hetao.screening.models.runs import ScreeningDecision, ScreeningResult, ScreeningRun

__all__ = [
    "ScreeningDecision",
    "ScreeningEntry",
    "ScreeningList",
    "ScreeningListVersion",
    "ScreeningResult",
    "ScreeningRun",
]
