from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    BIBTEX = "bibtex", _("BibTeX import")
    CSV = "csv", _("CSV import")


class DeclarationKind(models.TextChoices):
    PERSON = "person", _("A person")
    ORGANISATION = "organisation", _("An organisation")
