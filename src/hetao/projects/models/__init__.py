from hetao.projects.models.money import Disbursement, Expenditure, Remittance, Virement
from hetao.projects.models.process import Acceptance, Amendment, Report
from hetao.projects.models.projects import BudgetLine, FundingSource, Milestone, ProgrammeRules, Project, ProjectMember
from hetao.projects.models.rates import ExchangeRate, RateImport

__all__ = [
    "Acceptance",
    "Amendment",
    "BudgetLine",
    "Disbursement",
    "ExchangeRate",
    "Expenditure",
    "FundingSource",
    "Milestone",
    "ProgrammeRules",
    "Project",
    "ProjectMember",
    "RateImport",
    "Remittance",
    "Report",
    "Virement",
]
