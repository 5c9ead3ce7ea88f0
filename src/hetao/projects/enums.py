from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    IN_ACCEPTANCE = "in_acceptance", _("In final acceptance")
    CLOSED = "closed", _("Closed")


class MemberRole(models.TextChoices):
    PRINCIPAL_INVESTIGATOR = "pi", _("Principal investigator")
    CO_INVESTIGATOR = "co_i", _("Co-investigator")
    MEMBER = "member", _("Team member")
    FINANCE_OFFICER = "finance", _("Finance officer")


class DisbursementCondition(models.TextChoices):
    PROJECT_START = "start", _("Project start")
    REPORT_APPROVED = "report", _("Approved progress report")
    ACCEPTANCE = "acceptance", _("Final acceptance")


class DisbursementStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    RELEASED = "released", _("Released")
    CANCELLED = "cancelled", _("Cancelled")


class ExpenditureStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    REJECTED = "rejected", _("Rejected")


class VirementStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    REJECTED = "rejected", _("Rejected")


class MilestoneKind(models.TextChoices):
    MILESTONE = "milestone", _("Milestone")
    DELIVERABLE = "deliverable", _("Deliverable")


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


class AmendmentKind(models.TextChoices):
    EXTENSION = "extension", _("No-cost extension")
    BUDGET_REVISION = "budget_revision", _("Budget revision")
    TEAM_CHANGE = "team_change", _("Team change")


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved and applied")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AcceptanceOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    ACCEPTED_WITH_CONDITIONS = "accepted_with_conditions", _("Accepted with conditions")
    FAILED = "failed", _("Failed")
