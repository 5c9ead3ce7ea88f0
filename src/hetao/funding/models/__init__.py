from hetao.funding.models.decisions import Award, AwardLine, Decision, DecisionLetter, FundingRound

__all__ = ["Award", "AwardLine", "Decision", "DecisionLetter", "FundingRound"]
