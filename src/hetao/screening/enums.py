from django.db import models
from django.utils.translation import gettext_lazy as _


class ListKind(models.TextChoices):
    SANCTIONS = "sanctions", _("Sanctions list")
    RESTRICTED_PARTY = "restricted_party", _("Restricted party list")
    EXPORT_CONTROL = "export_control", _("Export control list")
    INTERNAL_WATCH = "internal_watch", _("Internal watch list")


class ListFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    FTM = "ftm", _("FollowTheMoney entities (JSON lines)")


class EntityKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class DecisionKind(models.TextChoices):
    TRUE_MATCH = "true_match", _("True match")
    FALSE_POSITIVE = "false_positive", _("False positive")
