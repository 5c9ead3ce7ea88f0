"""The zone directory in the admin, for park administrators.

The admin shows; it does not edit. Organisations and people change through the site's forms, which call the
domain services (validation, search keys, the audit ledger); the zone, its parks and the personal-data register
change through the zone file and ``hetao zone_sync``. The one write offered here, activating and deactivating
organisations, goes through ``organisation_update`` too. Lists show only what the user may see, and identity
document numbers appear masked, to those allowed, never decrypted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hetao.core.admin import ReadOnlyAdmin, ReadOnlyInline
from hetao.core.errors import DomainError
from hetao.zone.domain.names import normalise
from hetao.zone.domain.selectors import organisations_visible_to, people_visible_to
from hetao.zone.domain.services import organisation_update
from hetao.zone.models import (
    Affiliation,
    IdentityDocument,
    Organisation,
    OrganisationIdentifier,
    Park,
    Person,
    PersonalDataPurpose,
    Zone,
)


def _search_by_key(queryset: QuerySet[Any], search_term: str) -> QuerySet[Any]:
    """Match like the directory does: any script, any order of the name parts, spaces and hyphens ignored."""
    key = normalise(search_term).replace("|", "")
    return queryset.filter(search_text__contains=key) if key else queryset


class ParkInline(ReadOnlyInline):
    model = Park
    fields = ("code", "name_en", "name_hans", "name_hant", "jurisdiction", "currency", "area_ha", "order")
    readonly_fields = fields


@admin.register(Zone)
class ZoneAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_en", "name_hans", "name_hant", "time_zone")
    fields = (
        "code",
        "name_en",
        "name_hans",
        "name_hant",
        "short_en",
        "short_hans",
        "short_hant",
        "time_zone",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (ParkInline,)


@admin.register(Park)
class ParkAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_en", "name_hans", "name_hant", "jurisdiction", "currency", "area_ha")
    fields = (
        "zone",
        "code",
        "name_en",
        "name_hans",
        "name_hant",
        "jurisdiction",
        "currency",
        "area_ha",
        "order",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields


class OrganisationIdentifierInline(ReadOnlyInline):
    model = OrganisationIdentifier
    fields = ("kind", "value", "updated_at")
    readonly_fields = fields


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name_en", "name_hans", "name_hant", "kind", "park", "country", "is_active")
    list_filter = ("kind", "park", "is_active", "country")
    list_select_related = ("park",)
    search_fields = ("name_en",)
    fields = (
        "kind",
        "park",
        "country",
        "name_en",
        "name_hans",
        "name_hant",
        "aliases",
        "website",
        "is_active",
        "version",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (OrganisationIdentifierInline,)
    actions = ("deactivate", "reactivate")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return organisations_visible_to(request.user)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Organisation], search_term: str
    ) -> tuple[QuerySet[Organisation], bool]:
        return _search_by_key(queryset, search_term), False

    def view_on_site(self, obj: Organisation) -> str:
        return reverse("zone:organisation_detail", kwargs={"pk": obj.pk})

    def _set_active(self, request: HttpRequest, queryset: QuerySet[Organisation], active: bool) -> None:
        changed = refused = 0
        for organisation in queryset:
            if organisation.is_active == active:
                continue
            if not request.user.has_perm("zone.change_organisation", organisation):
                refused += 1
                continue
            try:
                organisation_update(actor=request.user, organisation=organisation, is_active=active)
            except DomainError as exc:
                self.message_user(request, f"{organisation.name_en}: {exc.message}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(
                request,
                ngettext("%(n)d organisation changed.", "%(n)d organisations changed.", changed) % {"n": changed},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(n)d organisation left unchanged: you do not administer it.",
                    "%(n)d organisations left unchanged: you do not administer them.",
                    refused,
                )
                % {"n": refused},
                messages.WARNING,
            )

    @admin.action(description=_("Deactivate the selected organisations (hide them from the public directory)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        self._set_active(request, queryset, active=False)

    @admin.action(description=_("Reactivate the selected organisations"))
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        self._set_active(request, queryset, active=True)


class AffiliationInline(ReadOnlyInline):
    model = Affiliation
    fields = ("organisation", "title", "start_date", "end_date", "is_primary")
    readonly_fields = fields


class IdentityDocumentInline(ReadOnlyInline):
    """Masked numbers only: the ciphertext and the lookup hash are never shown, and the numbers themselves are
    decrypted only by ``identity_document_number``, which audits every reading."""

    model = IdentityDocument
    fields = ("kind", "issuing_country", "number_masked", "expiry_date", "created_at")
    readonly_fields = fields

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # ``obj`` is the person whose page is open: the same rule as on the site decides.
        return obj is not None and request.user.has_perm("zone.view_identity_documents", obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[IdentityDocument]:
        # The default asks has_view_permission without a person, which the rule above refuses; the inline is
        # only ever shown inside a person the user may see documents of, so the rows need no further filter.
        return IdentityDocument.objects.order_by("kind", "pk")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "family_name_hans",
        "given_name_hans",
        "family_name_hant",
        "given_name_hant",
        "home_region",
        "listed_in_directory",
    )
    list_filter = ("listed_in_directory", "romanisation", "home_region")
    search_fields = ("family_name_latin",)
    fields = (
        "family_name_hans",
        "given_name_hans",
        "family_name_hant",
        "given_name_hant",
        "family_name_latin",
        "given_name_latin",
        "romanisation",
        "english_name",
        "other_names",
        "home_region",
        "email",
        "listed_in_directory",
        "user",
        "version",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (AffiliationInline, IdentityDocumentInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return people_visible_to(request.user).select_related("user")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Person], search_term: str
    ) -> tuple[QuerySet[Person], bool]:
        return _search_by_key(queryset, search_term), False

    def view_on_site(self, obj: Person) -> str:
        return reverse("zone:person_detail", kwargs={"pk": obj.pk})


@admin.register(PersonalDataPurpose)
class PersonalDataPurposeAdmin(ReadOnlyAdmin):
    list_display = ("category", "title_en", "sensitive", "retention")
    list_filter = ("sensitive",)
    fields = (
        "category",
        "title_en",
        "title_hans",
        "title_hant",
        "purpose_en",
        "purpose_hans",
        "purpose_hant",
        "legal_basis_pipl",
        "legal_basis_pdpo",
        "sensitive",
        "retention",
        "fields",
    )
    readonly_fields = fields
