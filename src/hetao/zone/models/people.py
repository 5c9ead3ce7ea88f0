from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.core.i18n import localised
from hetao.zone.enums import IdentityDocumentKind, Romanisation
from hetao.zone.models.base import TimeStamped
from hetao.zone.models.organisations import Organisation


class Person(TimeStamped):
    """A person known to the zone: researcher, reviewer, officer, investor...

    Names are kept as given in each script, never derived by a lossy conversion: a Hong Kong
    resident's Traditional Chinese name and government romanisation (CHAN Tai-man) are what is on
    their identity card; a mainland resident's Simplified Chinese name and pinyin likewise.
    """

    family_name_hans = models.CharField(_("family name (Simplified Chinese)"), max_length=40, blank=True)
    given_name_hans = models.CharField(_("given name (Simplified Chinese)"), max_length=40, blank=True)
    family_name_hant = models.CharField(_("family name (Traditional Chinese)"), max_length=40, blank=True)
    given_name_hant = models.CharField(_("given name (Traditional Chinese)"), max_length=40, blank=True)
    family_name_latin = models.CharField(_("family name (romanised)"), max_length=100)
    given_name_latin = models.CharField(_("given name (romanised)"), max_length=100, blank=True)
    romanisation = models.CharField(
        _("romanisation system"), max_length=20, choices=Romanisation.choices, default=Romanisation.PINYIN
    )
    english_name = models.CharField(
        _("English name"),
        max_length=100,
        blank=True,
        help_text=_("A Western given name such as Peter, if used"),
    )
    other_names = models.JSONField(
        _("other forms of the name"),
        default=list,
        blank=True,
        help_text=_("Other romanisations or former names, as on other documents (e.g. Chen Dawen, Chan Tai Man)"),
    )
    home_region = models.CharField(
        _("home country or region"), max_length=2, default="CN", help_text=_("ISO 3166-1 alpha-2 code")
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    listed_in_directory = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_(
            "Unlisted people are visible only to themselves, their organisation's administrators and zone officers."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["family_name_latin", "given_name_latin", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(condition=~models.Q(family_name_latin=""), name="person_family_latin_required"),
            models.CheckConstraint(condition=models.Q(home_region__regex=r"^[A-Z]{2}$"), name="person_region_iso2"),
        ]

    def __str__(self) -> str:
        from hetao.zone.domain.names import display_name

        return display_name(self, "en")

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        from hetao.zone.domain.names import display_name

        return display_name(self, get_language() or "en")


class Affiliation(TimeStamped):
    """A person's position at an organisation over a period; the history drives conflict-of-interest rules."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="affiliations")
    title = models.CharField(_("title or position"), max_length=200, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty while it lasts"))
    is_primary = models.BooleanField(_("primary affiliation"), default=False)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="affiliation_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.organisation_id} from {self.start_date}"


class IdentityDocument(TimeStamped):
    """An identity document of a person. The number is sensitive personal information: it is stored
    encrypted (AES-GCM), shown masked, and found for de-duplication through a keyed hash only."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identity_documents")
    kind = models.CharField(_("kind"), max_length=20, choices=IdentityDocumentKind.choices)
    issuing_country = models.CharField(_("issued by"), max_length=3, help_text=_("ISO 3166-1 alpha-3 code"))
    number_encrypted = models.TextField(editable=False)
    number_lookup = models.CharField(max_length=64, editable=False)
    number_masked = models.CharField(_("number"), max_length=40, editable=False)
    expiry_date = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["person", "kind"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "issuing_country", "number_lookup"], name="identity_document_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number_masked}"


class PersonalDataPurpose(TimeStamped):
    """The register of personal data held: for each category, why it is held and on what legal basis,
    under the Personal Information Protection Law (PIPL) and the Personal Data (Privacy) Ordinance (PDPO).
    Loaded from the zone file."""

    category = models.SlugField(_("category"), max_length=50, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_hans = models.CharField(_("title (Simplified Chinese)"), max_length=200)
    title_hant = models.CharField(_("title (Traditional Chinese)"), max_length=200)
    purpose_en = models.TextField(_("purpose (English)"))
    purpose_hans = models.TextField(_("purpose (Simplified Chinese)"))
    purpose_hant = models.TextField(_("purpose (Traditional Chinese)"))
    legal_basis_pipl_en = models.CharField(_("legal basis under PIPL (English)"), max_length=300)
    legal_basis_pipl_hans = models.CharField(_("legal basis under PIPL (Simplified Chinese)"), max_length=300)
    legal_basis_pipl_hant = models.CharField(_("legal basis under PIPL (Traditional Chinese)"), max_length=300)
    legal_basis_pdpo_en = models.CharField(_("legal basis under PDPO (English)"), max_length=300)
    legal_basis_pdpo_hans = models.CharField(_("legal basis under PDPO (Simplified Chinese)"), max_length=300)
    legal_basis_pdpo_hant = models.CharField(_("legal basis under PDPO (Traditional Chinese)"), max_length=300)
    sensitive = models.BooleanField(_("sensitive personal information"), default=False)
    retention_en = models.CharField(_("retention (English)"), max_length=200)
    retention_hans = models.CharField(_("retention (Simplified Chinese)"), max_length=200)
    retention_hant = models.CharField(_("retention (Traditional Chinese)"), max_length=200)
    fields = models.JSONField(_("fields"), default=list)

    class Meta:
        ordering = ["category"]
        verbose_name = _("personal data purpose")
        verbose_name_plural = _("personal data purposes")

    def __str__(self) -> str:
        return self.category

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def purpose(self) -> str:
        return localised(self, "purpose")

    @property
    def legal_basis_pipl(self) -> str:
        return localised(self, "legal_basis_pipl")

    @property
    def legal_basis_pdpo(self) -> str:
        return localised(self, "legal_basis_pdpo")

    @property
    def retention(self) -> str:
        return localised(self, "retention")
