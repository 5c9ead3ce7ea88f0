from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.screening.enums import EntityKind, ListFormat, ListKind
from hetao.zone.models.base import TimeStamped


class ScreeningList(TimeStamped):
    """A sanctions, restricted-party, export-control or internal watch list that people and organisations are
    screened against. Its content lives in versions: each import makes a new one, and one is active."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    publisher = models.CharField(_("publisher or source"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ListKind.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("screened against"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("screening list")
        verbose_name_plural = _("screening lists")
        constraints = [models.CheckConstraint(condition=~models.Q(name=""), name="screening_list_name_required")]

    def __str__(self) -> str:
        return self.name


class ScreeningListVersion(TimeStamped):
    """One import of a list: the file it came from (name and SHA-256), when and by whom. Older versions are
    kept, so a past screening result can always be traced to the entries it was made against."""

    screening_list = models.ForeignKey(
        ScreeningList, on_delete=models.PROTECT, related_name="versions", verbose_name=_("list")
    )
    label = models.CharField(_("version"), max_length=100)
    is_active = models.BooleanField(_("active"), default=False)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    file_format = models.CharField(_("format"), max_length=10, choices=ListFormat.choices)
    source_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    skipped_count = models.PositiveIntegerField(_("records skipped"), default=0)
    skipped_by_kind = models.JSONField(_("records skipped, by kind"), default=dict, blank=True)

    class Meta:
        ordering = ["screening_list", "-imported_at", "-pk"]
        verbose_name = _("screening list version")
        verbose_name_plural = _("screening list versions")
        constraints = [
            models.UniqueConstraint(fields=["screening_list", "label"], name="screening_version_label_unique"),
            models.UniqueConstraint(
                fields=["screening_list"],
                condition=models.Q(is_active=True),
                name="screening_version_one_active_per_list",
            ),
            models.CheckConstraint(condition=models.Q(source_sha256__regex=r"^[0-9a-f]{64}$"), name="screening_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.screening_list_id} {self.label}"


class ScreeningEntry(TimeStamped):
    """One listed person or organisation in one version of a list. ``source_id`` is the list's own id for the
    entry, stable across versions: decisions about an entry follow it from version to version."""

    version = models.ForeignKey(
        ScreeningListVersion, on_delete=models.PROTECT, related_name="entries", verbose_name=_("version")
    )
    source_id = models.CharField(_("id in the list"), max_length=200)
    entity_kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    name = models.CharField(_("name"), max_length=500)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    birth_dates = models.JSONField(_("dates of birth"), default=list, blank=True)
    countries = models.JSONField(_("nationalities and countries"), default=list, blank=True)
    identifiers = models.JSONField(_("identifiers"), default=dict, blank=True)
    reason = models.TextField(_("programme or reason"), blank=True)

    class Meta:
        ordering = ["version", "name", "pk"]
        verbose_name = _("screening list entry")
        verbose_name_plural = _("screening list entries")
        constraints = [
            models.UniqueConstraint(fields=["version", "source_id"], name="screening_entry_source_id_unique"),
            models.CheckConstraint(condition=~models.Q(name=""), name="screening_entry_name_required"),
        ]

    def __str__(self) -> str:
        return self.name
