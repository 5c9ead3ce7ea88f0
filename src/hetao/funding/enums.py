from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingMethod(models.TextChoices):
    RANK_ORDER = "rank_order", _("In rank order down to the budget line")
    OPTIMISE = "optimise", _("Greatest total calibrated score within every budget")


class OnMisfit(models.TextChoices):
    STOP = "stop", _("Stop at the first proposal that does not fit (the funding line)")
    SKIP = "skip", _("Skip a proposal that does not fit and carry on down the list")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")


class Outcome(models.TextChoices):
    FUNDED = "funded", _("Funded")
    NOT_FUNDED = "not_funded", _("Not funded")
