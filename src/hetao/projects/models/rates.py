"""Exchange rates, imported by an administrator from CSV with their source and date. No network call: the
zone decides which published rates it uses (for example the PBOC central parity or the HKMA's)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.zone.enums import Currency
from hetao.zone.models.base import TimeStamped


class RateImport(TimeStamped):
    """One CSV file of exchange rates, as imported: its name, hash, row count and who imported it."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rates"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("exchange-rate import")
        verbose_name_plural = _("exchange-rate imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class ExchangeRate(TimeStamped):
    """``rate`` units of ``quote`` for one unit of ``base`` on ``date``, as ``source`` published it. A
    conversion on a day uses the latest rate of that pair on or before the day, and records which one."""

    base = models.CharField(_("from currency"), max_length=3, choices=Currency.choices)
    quote = models.CharField(_("to currency"), max_length=3, choices=Currency.choices)
    rate = models.DecimalField(_("rate"), max_digits=18, decimal_places=8)
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=100)
    batch = models.ForeignKey(RateImport, on_delete=models.PROTECT, related_name="rates")

    class Meta:
        ordering = ["base", "quote", "-date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "date", "source"], name="exchangerate_once"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchangerate_positive"),
            models.CheckConstraint(condition=~models.Q(base=models.F("quote")), name="exchangerate_two_currencies"),
        ]
        indexes = [models.Index(fields=["base", "quote", "date"], name="exchangerate_lookup")]

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate} {self.quote} on {self.date} ({self.source})"
