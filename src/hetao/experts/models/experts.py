from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.experts.enums import DeclarationKind, PublicationSource
from hetao.zone.models import Organisation, Person
from hetao.zone.models.base import TimeStamped


class Expert(TimeStamped):
    """A person in the zone's pool of reviewers: what they know (statements and keywords in Chinese and
    English, publications), how much they will take on, and the relationships they have declared."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="expert", verbose_name=_("person"))
    statement_en = models.TextField(_("expertise (English)"), blank=True)
    statement_zh = models.TextField(_("expertise (Chinese)"), blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    load_max = models.PositiveSmallIntegerField(_("most proposals per call"), default=6)
    is_active = models.BooleanField(_("available"), default=True)
    # Normalised statements and keywords (case and width folded, Traditional characters also in Simplified),
    # kept by the services so that search by topic is one indexed-free LIKE on every database.
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["person__family_name_latin", "person__given_name_latin", "pk"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        constraints = [
            models.CheckConstraint(condition=models.Q(load_max__lte=100), name="expert_load_max_range"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Publication(TimeStamped):
    """A publication of an expert. ``authors`` are the names as printed, in order; co-authorship conflicts
    match them to proposal teams through the names engine, so any script or romanisation will do."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="publications")
    title = models.CharField(_("title"), max_length=1000)
    abstract = models.TextField(_("abstract"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    venue = models.CharField(_("journal or venue"), max_length=500, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    authors = models.JSONField(_("authors"), default=list)
    source = models.CharField(
        _("source"), max_length=10, choices=PublicationSource.choices, default=PublicationSource.MANUAL
    )
    source_key = models.CharField(_("citation key"), max_length=200, blank=True)
    # The title folded for duplicate detection (case, width, punctuation and spaces dropped); set by the
    # services. Empty for rows written otherwise, which the uniqueness below then leaves alone.
    title_key = models.CharField(max_length=1000, editable=False, default="", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["expert", "-year", "title", "pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1900, year__lte=2100), name="publication_year_range"),
            models.CheckConstraint(condition=~models.Q(title=""), name="publication_title_required"),
            models.UniqueConstraint(
                fields=["expert", "doi"], condition=~models.Q(doi=""), name="publication_doi_unique_per_expert"
            ),
            models.UniqueConstraint(
                fields=["expert", "title_key", "year"],
                condition=~models.Q(title_key=""),
                name="publication_title_year_unique_per_expert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Declaration(TimeStamped):
    """A relationship an expert has declared, which makes them conflicted with any proposal naming that person
    or organisation: a former student, a relative, a company they advise. ``until_year`` empty: it lasts."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(_("declared"), max_length=20, choices=DeclarationKind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("name as declared"), max_length=300, blank=True, help_text=_("When not in the directory"))
    relationship = models.CharField(_("relationship"), max_length=300)
    since_year = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("until (year)"), null=True, blank=True)

    class Meta:
        ordering = ["expert", "-created_at", "pk"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person__isnull=True, organisation__isnull=True, name=""),
                name="declaration_names_someone",
            ),
            models.CheckConstraint(
                condition=models.Q(until_year__isnull=True)
                | models.Q(since_year__isnull=True)
                | models.Q(until_year__gte=models.F("since_year")),
                name="declaration_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert_id}: {self.relationship}"
