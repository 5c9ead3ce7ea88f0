from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation administrator")
    REVIEWER = "reviewer", _("Reviewer")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    PARK_ADMIN = "park_admin", _("Park administrator")
    CUSTOMS_OFFICER = "customs_officer", _("Customs officer")
    DATA_REGULATOR = "data_regulator", _("Data regulator")
    INVESTOR = "investor", _("Investor")
    AUDITOR = "auditor", _("Auditor")


class Scope(models.TextChoices):
    ZONE = "zone", _("Whole zone")
    PARK = "park", _("Park")
    ORGANISATION = "organisation", _("Organisation")


class TokenScope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")
