from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    PUBLISHED = "published", _("Published")
    IN_REVIEW = "in_review", _("In review")
    DECIDED = "decided", _("Decided")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    IN_REVIEW = "in_review", _("In review")
    FUNDED = "funded", _("Funded")
    NOT_FUNDED = "not_funded", _("Not funded")


class TeamRole(models.TextChoices):
    PRINCIPAL_INVESTIGATOR = "pi", _("Principal investigator")
    CO_INVESTIGATOR = "co_i", _("Co-investigator")
    MEMBER = "member", _("Team member")


class AttachmentKind(models.TextChoices):
    NARRATIVE = "narrative", _("Project narrative")
    CV = "cv", _("Curriculum vitae")
    LETTER = "letter", _("Letter of support")
    OTHER = "other", _("Other")
