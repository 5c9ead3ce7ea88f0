from hetao.evaluation.models.assignment import Assignment, AssignmentRun, CallReviewer, Conflict, PairRule, StageEntry
from hetao.evaluation.models.reviews import Review, ReviewScore

__all__ = ["Assignment", "AssignmentRun", "CallReviewer", "Conflict", "PairRule", "Review", "ReviewScore", "StageEntry"]
