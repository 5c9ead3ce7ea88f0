from django.db import models
from django.utils.translation import gettext_lazy as _


class ConflictKind(models.TextChoices):
    SAME_ORGANISATION = "same_organisation", _("Same organisation now")
    PAST_ORGANISATION = "past_organisation", _("Same organisation within the window")
    CO_AUTHOR = "co_author", _("Co-author within the window")
    CO_INVESTIGATOR = "co_investigator", _("Co-investigator within the window")
    TEAM_MEMBER = "team_member", _("Named on the team")
    DECLARED = "declared", _("Declared by the reviewer")


class AssignmentMode(models.TextChoices):
    TOTAL = "total", _("Greatest total affinity")
    FAIR = "fair", _("Fairest: best worst-served proposal, then total")


class RunStatus(models.TextChoices):
    SOLVED = "solved", _("Solved")
    INFEASIBLE = "infeasible", _("No assignment exists")


class PairRuleKind(models.TextChoices):
    PIN = "pin", _("Pinned")
    FORBID = "forbid", _("Forbidden")


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("Assigned")
    RELEASED = "released", _("Released (conflict declared)")
    REPLACED = "replaced", _("Replaced by a later run")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
