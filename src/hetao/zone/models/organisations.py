from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.core.i18n import localised
from hetao.zone.enums import OrganisationIdentifierKind, OrganisationKind
from hetao.zone.models.base import TimeStamped
from hetao.zone.models.parks import Park


class Organisation(TimeStamped):
    """A university, institute, laboratory, company, investor, testing provider, agency or customs office.

    It sits in one park of the zone, or outside the zone (``park`` empty) in the country given.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    park = models.ForeignKey(
        Park,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("park"),
    )
    country = models.CharField(_("country or region"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_hans = models.CharField(_("name (Simplified Chinese)"), max_length=300, blank=True)
    name_hant = models.CharField(_("name (Traditional Chinese)"), max_length=300, blank=True)
    aliases = models.JSONField(_("aliases and abbreviations"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Lower-cased, space-free forms of every name and alias, for directory search.
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name_en", "pk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(condition=models.Q(country__regex=r"^[A-Z]{2}$"), name="organisation_country_iso2"),
            models.CheckConstraint(condition=~models.Q(name_en=""), name="organisation_name_en_required"),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localised(self, "name")


class OrganisationIdentifier(TimeStamped):
    """An official registration number of an organisation, stored in canonical form after validation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationIdentifierKind.choices)
    value = models.CharField(_("value"), max_length=40)

    class Meta:
        ordering = ["organisation", "kind"]
        verbose_name = _("organisation identifier")
        verbose_name_plural = _("organisation identifiers")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="organisation_identifier_unique"),
            models.UniqueConstraint(fields=["organisation", "kind"], name="organisation_identifier_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"
