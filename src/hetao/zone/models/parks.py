from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.core.i18n import localised
from hetao.zone.enums import Currency, Jurisdiction
from hetao.zone.models.base import TimeStamped


class Zone(TimeStamped):
    """The cooperation zone this installation runs, as loaded from its zone file."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200)
    short_en = models.CharField(_("short name (English)"), max_length=60)
    short_hans = models.CharField(_("short name (Simplified Chinese)"), max_length=60)
    short_hant = models.CharField(_("short name (Traditional Chinese)"), max_length=60)
    time_zone = models.CharField(_("time zone"), max_length=60, default="Asia/Hong_Kong")
    river_en = models.CharField(_("river (English)"), max_length=100, blank=True)
    river_hans = models.CharField(_("river (Simplified Chinese)"), max_length=100, blank=True)
    river_hant = models.CharField(_("river (Traditional Chinese)"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def short_name(self) -> str:
        return localised(self, "short")

    @property
    def river(self) -> str:
        return localised(self, "river")


class Park(TimeStamped):
    """One park of the zone, in one jurisdiction, with its own currency."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="parks")
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, choices=Jurisdiction.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    area_ha = models.DecimalField(_("area (hectares)"), max_digits=10, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        constraints = [models.CheckConstraint(condition=models.Q(area_ha__gt=0), name="park_area_positive")]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localised(self, "name")
