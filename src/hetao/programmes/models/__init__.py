from hetao.programmes.models.calls import Call, CallPark, CostCategory, RubricCriterion
from hetao.programmes.models.proposals import Attachment, BudgetLine, Proposal, ReferenceCounter, TeamMember

__all__ = [
    "Attachment",
    "BudgetLine",
    "Call",
    "CallPark",
    "CostCategory",
    "Proposal",
    "ReferenceCounter",
    "RubricCriterion",
    "TeamMember",
]
