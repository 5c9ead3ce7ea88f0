"""Forms of the zone directory pages. They parse what a person typed; the domain services decide what is
valid, and the problems they report are put back onto the fields here, so nothing is checked twice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from hetao.core.errors import DomainError
from hetao.zone.enums import IdentityDocumentKind, OrganisationKind, Romanisation
from hetao.zone.models import Organisation, Park, Person

OUTSIDE = "outside"

_ISO2 = RegexValidator(r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166-1 code, such as CN, HK or GB."))
_ISO3 = RegexValidator(r"^[A-Z]{3}$", _("Enter a three-letter ISO 3166-1 code, such as CHN, HKG or GBR."))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _date_input() -> forms.DateInput:
    # A native date picker needs ISO dates whatever the interface language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(*, lang: str = "", autocomplete: str = "off", **attrs: str) -> forms.TextInput:
    if lang:
        attrs["lang"] = lang
    return forms.TextInput(attrs={"autocomplete": autocomplete, **attrs})


class DirectoryForm(forms.Form):
    """Common behaviour: CSS hooks, no label colon, and domain problems mapped onto fields."""

    required_css_class = "required"
    error_css_class = "has-error"
    # A domain problem's field -> this form's field; a problem on a field the form lacks is shown for the form.
    domain_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_domain_error(self, exc: DomainError) -> None:
        for problem in exc.problems:
            name = self.domain_fields.get(problem.field or "", problem.field)
            # A problem with a hidden field (the version of an edited record) is not the user's to fix on that
            # field: it is shown for the whole form.
            on_field = name in self.fields and not self.fields[name].widget.is_hidden
            self.add_error(name if on_field else None, problem.message)


class _UpperCharField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).upper()


# --- Search ------------------------------------------------------------------------------------------


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, alias or abbreviation"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    park = forms.ChoiceField(label=_("Where"), required=False)

    def __init__(self, *args: Any, parks: Iterable[Park], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All kinds")), *OrganisationKind.choices]
        cast(forms.ChoiceField, self.fields["park"]).choices = [
            ("", _("Anywhere")),
            *[(park.code, park.name) for park in parks],
            (OUTSIDE, _("Outside the zone")),
        ]

    def criteria(self) -> dict[str, str]:
        """The valid criteria; an unknown kind or park in a hand-edited URL is ignored, not an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"query": data.get("q", ""), "kind": data.get("kind", ""), "park": data.get("park", "")}


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_(
            "In Chinese characters (Simplified or Traditional) or romanised, in any order: "
            "李小龙, 李小龍, Lee Siu Lung, Siu-lung LEE, Bruce Lee."
        ),
        widget=forms.SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def query(self) -> str:
        self.is_valid()
        return str(getattr(self, "cleaned_data", {}).get("q", ""))


# --- Organisations ---------------------------------------------------------------------------------


class OrganisationForm(DirectoryForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose…")), *OrganisationKind.choices])
    park = forms.ChoiceField(label=_("Park"))
    country = _UpperCharField(
        label=_("Country or region"),
        required=False,
        max_length=2,
        validators=[_ISO2],
        help_text=_(
            "Two-letter ISO 3166-1 code. Needed for organisations outside the zone; inside the zone it is the park's."
        ),
        widget=_text(size="3", autocapitalize="characters"),
    )
    name_en = forms.CharField(label=_("Name in English"), max_length=300, widget=_text(lang="en"))
    name_hans = forms.CharField(
        label=_("Name in Simplified Chinese"), max_length=300, required=False, widget=_text(lang="zh-Hans")
    )
    name_hant = forms.CharField(
        label=_("Name in Traditional Chinese"), max_length=300, required=False, widget=_text(lang="zh-Hant")
    )
    aliases = forms.CharField(
        label=_("Aliases and abbreviations"),
        required=False,
        help_text=_("One per line, e.g. HKU, 港大."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", widget=forms.URLInput(attrs={"autocomplete": "url"})
    )
    uscc = _UpperCharField(
        label=_("Unified Social Credit Code"),
        required=False,
        max_length=40,
        help_text=_("18 characters, for organisations registered in mainland China."),
        widget=_text(spellcheck="false", autocapitalize="characters"),
    )
    hk_br = forms.CharField(
        label=_("Hong Kong Business Registration number"),
        required=False,
        max_length=40,
        widget=_text(spellcheck="false", inputmode="numeric"),
    )
    hk_cr = forms.CharField(
        label=_("Hong Kong Companies Registry number"),
        required=False,
        max_length=40,
        widget=_text(spellcheck="false", inputmode="numeric"),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    domain_fields: ClassVar[dict[str, str]] = {
        "identifiers.cn_uscc": "uscc",
        "identifiers.hk_br": "hk_br",
        "identifiers.hk_cr": "hk_cr",
    }
    identifier_fields: ClassVar[dict[str, str]] = {"cn_uscc": "uscc", "hk_br": "hk_br", "hk_cr": "hk_cr"}

    def __init__(self, *args: Any, parks: Iterable[Park], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parks = {park.code: park for park in parks}
        cast(forms.ChoiceField, self.fields["park"]).choices = [
            ("", _("Choose…")),
            *[(code, park.name) for code, park in self.parks.items()],
            (OUTSIDE, _("Outside the zone")),
        ]

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, Any]:
        identifiers = dict(organisation.identifiers.values_list("kind", "value"))
        return {
            "kind": organisation.kind,
            "park": organisation.park.code if organisation.park else OUTSIDE,
            "country": organisation.country,
            "name_en": organisation.name_en,
            "name_hans": organisation.name_hans,
            "name_hant": organisation.name_hant,
            "aliases": "\n".join(organisation.aliases),
            "website": organisation.website,
            "version": organisation.version,
            **{field: identifiers.get(kind, "") for kind, field in cls.identifier_fields.items()},
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        park = self.parks.get(data.get("park") or "")
        if data.get("park") == OUTSIDE and "country" in data and not data["country"]:
            self.add_error("country", _("Give the country or region of an organisation outside the zone."))
        elif park is not None and not data.get("country"):
            data["country"] = park.jurisdiction
        return data

    def service_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``organisation_create`` / ``organisation_update``."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "park": self.parks.get(data["park"] or ""),
            "country": data["country"],
            "name_en": data["name_en"],
            "name_hans": data["name_hans"],
            "name_hant": data["name_hant"],
            "aliases": _lines(data["aliases"]),
            "website": data["website"],
            # An empty value removes the identifier on update; on create it records nothing.
            "identifiers": {kind: data[field] for kind, field in self.identifier_fields.items()},
        }


# --- People ----------------------------------------------------------------------------------------

# Fields of the person form, grouped for the template: one group per script, then the rest.
PERSON_FIELD_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hans", ("family_name_hans", "given_name_hans")),
    ("hant", ("family_name_hant", "given_name_hant")),
    ("latin", ("family_name_latin", "given_name_latin", "romanisation", "english_name", "other_names")),
    ("about", ("home_region", "birth_date", "email", "listed_in_directory")),
)


class PersonForm(DirectoryForm):
    family_name_hans = forms.CharField(
        label=_("Family name"), max_length=40, required=False, widget=_text(lang="zh-Hans", size="6")
    )
    given_name_hans = forms.CharField(
        label=_("Given name"), max_length=40, required=False, widget=_text(lang="zh-Hans", size="10")
    )
    family_name_hant = forms.CharField(
        label=_("Family name"), max_length=40, required=False, widget=_text(lang="zh-Hant", size="6")
    )
    given_name_hant = forms.CharField(
        label=_("Given name"), max_length=40, required=False, widget=_text(lang="zh-Hant", size="10")
    )
    family_name_latin = forms.CharField(
        label=_("Family name"),
        max_length=100,
        help_text=_("As on the identity document, e.g. Chan or Chen."),
        widget=_text(autocomplete="family-name"),
    )
    given_name_latin = forms.CharField(
        label=_("Given name"),
        max_length=100,
        required=False,
        help_text=_("e.g. Tai-man or Dawen."),
        widget=_text(autocomplete="given-name"),
    )
    romanisation = forms.ChoiceField(label=_("Romanisation system"), choices=Romanisation.choices)
    english_name = forms.CharField(
        label=_("English name"),
        max_length=100,
        required=False,
        help_text=_("A Western given name such as Peter, if used."),
        widget=_text(lang="en"),
    )
    other_names = forms.CharField(
        label=_("Other forms of the name"),
        required=False,
        help_text=_("One per line: other romanisations or former names, as on other documents."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    home_region = _UpperCharField(
        label=_("Home country or region"),
        max_length=2,
        validators=[_ISO2],
        help_text=_("Two-letter ISO 3166-1 code, e.g. CN, HK, MO."),
        widget=_text(size="3"),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=_date_input())
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    listed_in_directory = forms.BooleanField(
        label=_("Listed in the directory"),
        required=False,
        initial=True,
        help_text=_(
            "Unlisted people are seen only by themselves, their organisation's administrators and zone officers."
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    service_fields: ClassVar[tuple[str, ...]] = tuple(name for _group, names in PERSON_FIELD_GROUPS for name in names)

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in cls.service_fields}
        initial["other_names"] = "\n".join(person.other_names)
        initial["version"] = person.version
        return initial

    def service_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``person_create`` / ``person_update``."""
        values = {name: self.cleaned_data[name] for name in self.service_fields}
        values["other_names"] = _lines(values["other_names"])
        return values

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(group, [self[name] for name in names]) for group, names in PERSON_FIELD_GROUPS]


class _OrganisationChoiceField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class AffiliationForm(DirectoryForm):
    organisation = _OrganisationChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title or position"), max_length=200, required=False)
    start_date = forms.DateField(label=_("From"), widget=_date_input())
    end_date = forms.DateField(
        label=_("Until"), required=False, help_text=_("Leave empty while it lasts."), widget=_date_input()
    )
    is_primary = forms.BooleanField(label=_("Primary affiliation"), required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="affiliation", **kwargs)
        cast(_OrganisationChoiceField, self.fields["organisation"]).queryset = organisations

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            # affiliation_add says the same, but also lets the database constraint's raw message through.
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class IdentityDocumentForm(DirectoryForm):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=IdentityDocumentKind.choices)
    number = _UpperCharField(
        label=_("Number"),
        max_length=40,
        help_text=_("As printed, e.g. A123456(3) or 11010519491231002X."),
        widget=_text(spellcheck="false", autocapitalize="characters"),
    )
    issuing_country = _UpperCharField(
        label=_("Issued by"),
        required=False,
        max_length=3,
        validators=[_ISO3],
        help_text=_(
            "Three-letter ISO 3166-1 code, e.g. CHN, HKG, GBR. Needed for passports; other documents have their issuer."
        ),
        widget=_text(size="4", autocapitalize="characters"),
    )
    expiry_date = forms.DateField(label=_("Valid until"), required=False, widget=_date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="document", **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        passport = data.get("kind") == IdentityDocumentKind.PASSPORT
        if passport and "issuing_country" in data and not data["issuing_country"]:
            self.add_error("issuing_country", _("Give the country that issued the passport."))
        return data
