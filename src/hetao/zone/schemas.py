"""What the zone API reads and writes. Input schemas only parse; output schemas are built from the models by
their ``of`` constructors, so a stored response (an idempotent replay) validates as a plain dict too."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from hetao.core.api import PageIn, PageOut
from hetao.zone.enums import IdentityDocumentKind, OrganisationKind, Romanisation
from hetao.zone.models import Affiliation, IdentityDocument, Organisation, Person


def _not_null(value: Any) -> Any:
    """For updates: a field may be left out, but not set to null unless the record allows it."""
    if value is None:
        raise ValueError(_("This field cannot be null; leave it out to keep it as it is."))
    return value


# --- Organisations --------------------------------------------------------------------------------------


class OrganisationIdentifiersIn(Schema):
    """Official registration numbers, checked with their check characters. In an update, a number left out
    stays as it is and an empty string (or null) removes it."""

    cn_uscc: str | None = Field(None, description="Mainland Unified Social Credit Code (18 characters)")
    hk_br: str | None = Field(None, description="Hong Kong Business Registration number")
    hk_cr: str | None = Field(None, description="Hong Kong Companies Registry number")


class OrganisationIdentifiersOut(Schema):
    """Official registration numbers in canonical form; null where none is on file."""

    cn_uscc: str | None = None
    hk_br: str | None = None
    hk_cr: str | None = None


class OrganisationQuery(PageIn):
    q: str = Field("", description="Matches any name, script or alias, ignoring case, spaces and hyphens")
    kind: OrganisationKind | None = None
    park: str = Field("", description="A park code, or 'outside' for organisations outside the zone")


class OrganisationCreateIn(Schema):
    kind: OrganisationKind
    name_en: str
    name_hans: str = ""
    name_hant: str = ""
    country: str = Field("", description="ISO 3166-1 alpha-2; defaults to the park's jurisdiction")
    park: str | None = Field(None, description="Park code; null for an organisation outside the zone")
    aliases: list[str] = []
    website: str = ""
    identifiers: OrganisationIdentifiersIn | None = None
    confirm_not_duplicate: bool = Field(
        False, description="Create it even though the directory holds likely duplicates (a 409 names them)"
    )


class OrganisationUpdateIn(Schema):
    """Only the fields sent change. ``version`` is the one last read; a newer one on file is a 409."""

    version: int
    kind: OrganisationKind | None = None
    name_en: str | None = None
    name_hans: str | None = None
    name_hant: str | None = None
    country: str | None = None
    park: str | None = Field(None, description="Park code; null moves the organisation outside the zone")
    aliases: list[str] | None = None
    website: str | None = None
    is_active: bool | None = None
    identifiers: OrganisationIdentifiersIn | None = None

    _not_null = field_validator(
        "kind",
        "name_en",
        "name_hans",
        "name_hant",
        "country",
        "aliases",
        "website",
        "is_active",
        "identifiers",
    )(_not_null)


class OrganisationOut(Schema):
    id: int
    kind: OrganisationKind
    park: str | None = Field(description="Park code, or null outside the zone")
    country: str
    name: str = Field(description="The name in the language of the request")
    name_en: str
    name_hans: str
    name_hant: str
    aliases: list[str]
    identifiers: OrganisationIdentifiersOut
    website: str
    is_active: bool
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, org: Organisation) -> OrganisationOut:
        numbers = {identifier.kind: identifier.value for identifier in org.identifiers.all()}
        return cls(
            id=org.pk,
            kind=OrganisationKind(org.kind),
            park=org.park.code if org.park is not None else None,
            country=org.country,
            name=org.name,
            name_en=org.name_en,
            name_hans=org.name_hans,
            name_hant=org.name_hant,
            aliases=list(org.aliases),
            identifiers=OrganisationIdentifiersOut(**numbers),
            website=org.website,
            is_active=org.is_active,
            version=org.version,
            created_at=org.created_at,
            updated_at=org.updated_at,
        )


class OrganisationPage(PageOut):
    items: list[OrganisationOut]


# --- People ---------------------------------------------------------------------------------------------


class PersonQuery(PageIn):
    q: str = Field("", description="Any script or romanisation of the name: 陳大文, 陈大文, Chan Tai Man")
    organisation: int | None = Field(None, description="Only people affiliated with this organisation (id)")


class OrganisationRef(Schema):
    id: int
    name: str


class AffiliationOut(Schema):
    # "from" is a Python keyword: the field is from_, read and written as "from".
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    id: int
    organisation: OrganisationRef
    title: str
    from_: date = Field(alias="from")
    until: date | None
    is_primary: bool

    @classmethod
    def of(cls, affiliation: Affiliation) -> AffiliationOut:
        org = affiliation.organisation
        return cls.model_validate(
            {
                "id": affiliation.pk,
                "organisation": {"id": org.pk, "name": org.name},
                "title": affiliation.title,
                "from": affiliation.start_date,
                "until": affiliation.end_date,
                "is_primary": affiliation.is_primary,
            }
        )


class AffiliationCreateIn(Schema):
    organisation: int = Field(description="Organisation id")
    title: str = ""
    start_date: date
    end_date: date | None = None
    is_primary: bool = False


class PersonCreateIn(Schema):
    family_name_latin: str = Field(description="Family name as romanised on the person's documents")
    given_name_latin: str = ""
    family_name_hans: str = ""
    given_name_hans: str = ""
    family_name_hant: str = ""
    given_name_hant: str = ""
    romanisation: Romanisation = Romanisation.PINYIN
    english_name: str = ""
    other_names: list[str] = []
    home_region: str = Field("CN", description="ISO 3166-1 alpha-2")
    birth_date: date | None = None
    email: str = ""
    listed_in_directory: bool = True
    confirm_not_duplicate: bool = Field(
        False, description="Create the person even though the directory holds likely duplicates (a 409 names them)"
    )


class PersonUpdateIn(Schema):
    """Only the fields sent change. ``version`` is the one last read; a newer one on file is a 409."""

    version: int
    family_name_latin: str | None = None
    given_name_latin: str | None = None
    family_name_hans: str | None = None
    given_name_hans: str | None = None
    family_name_hant: str | None = None
    given_name_hant: str | None = None
    romanisation: Romanisation | None = None
    english_name: str | None = None
    other_names: list[str] | None = None
    home_region: str | None = None
    birth_date: date | None = None
    email: str | None = None
    listed_in_directory: bool | None = None

    _not_null = field_validator(
        "family_name_latin",
        "given_name_latin",
        "family_name_hans",
        "given_name_hans",
        "family_name_hant",
        "given_name_hant",
        "romanisation",
        "english_name",
        "other_names",
        "home_region",
        "email",
        "listed_in_directory",
    )(_not_null)


class PersonOut(Schema):
    id: int
    name: str = Field(description="The display name in the language of the request")
    family_name_latin: str
    given_name_latin: str
    family_name_hans: str
    given_name_hans: str
    family_name_hant: str
    given_name_hant: str
    romanisation: Romanisation
    english_name: str
    other_names: list[str]
    home_region: str
    birth_date: date | None = Field(
        description="Only for the person and those who administer them (and never in lists); else null"
    )
    email: str | None = Field(
        description="Only for the person and those who administer them (and never in lists); else null"
    )
    affiliations: list[AffiliationOut] = Field(description="Current affiliations")
    listed_in_directory: bool
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, person: Person, *, private: bool, affiliations: Iterable[Affiliation]) -> PersonOut:
        return cls(
            id=person.pk,
            name=person.name,
            family_name_latin=person.family_name_latin,
            given_name_latin=person.given_name_latin,
            family_name_hans=person.family_name_hans,
            given_name_hans=person.given_name_hans,
            family_name_hant=person.family_name_hant,
            given_name_hant=person.given_name_hant,
            romanisation=Romanisation(person.romanisation),
            english_name=person.english_name,
            other_names=list(person.other_names),
            home_region=person.home_region,
            birth_date=person.birth_date if private else None,
            email=person.email if private else None,
            affiliations=[AffiliationOut.of(a) for a in affiliations],
            listed_in_directory=person.listed_in_directory,
            version=person.version,
            created_at=person.created_at,
            updated_at=person.updated_at,
        )


class PersonPage(PageOut):
    items: list[PersonOut]


# --- Identity documents ---------------------------------------------------------------------------------


class IdentityDocumentCreateIn(Schema):
    kind: IdentityDocumentKind
    number: str
    issuing_country: str = Field(
        "", description="ISO 3166-1 alpha-3; implied by the kind for mainland and Hong Kong documents"
    )
    expiry_date: date | None = None


class IdentityDocumentOut(Schema):
    """The number is never returned: only its mask."""

    id: int
    kind: IdentityDocumentKind
    issuing_country: str
    number_masked: str
    expiry_date: date | None
    created_at: datetime

    @classmethod
    def of(cls, document: IdentityDocument) -> IdentityDocumentOut:
        return cls(
            id=document.pk,
            kind=IdentityDocumentKind(document.kind),
            issuing_country=document.issuing_country,
            number_masked=document.number_masked,
            expiry_date=document.expiry_date,
            created_at=document.created_at,
        )


class PersonExportOut(Schema):
    """Everything held about the person (a subject access request under PIPL and PDPO)."""

    person: dict[str, Any]
    affiliations: list[dict[str, Any]]
    identity_documents: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    history: list[dict[str, Any]]
    purposes_and_legal_bases: list[dict[str, Any]]
