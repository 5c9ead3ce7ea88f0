"""Forms of the experts pages. They parse what a person typed; the domain services decide what is valid and
their problems are put back onto the fields."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hetao.experts.domain.services import split_keywords
from hetao.experts.enums import DeclarationKind, PublicationSource
from hetao.experts.models import Expert, Publication
from hetao.zone.forms import DirectoryForm
from hetao.zone.models import Organisation, Person


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ExpertSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, keyword or expertise"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def query(self) -> str:
        return str(self.cleaned_data.get("q") or "") if self.is_valid() else ""


class ExpertForm(DirectoryForm):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none(), empty_label=_("Choose…"))
    statement_en = forms.CharField(
        label=_("Expertise (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
        help_text=_("What the expert can judge well, in a few sentences."),
    )
    statement_zh = forms.CharField(
        label=_("Expertise (Chinese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "zh"}),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separated by commas, in any language: 量子计算, quantum error correction."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    load_max = forms.IntegerField(
        label=_("Most proposals per call"), min_value=0, max_value=100, initial=6, widget=forms.NumberInput()
    )
    is_active = forms.BooleanField(label=_("Available for review"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person] | None = None,
        can_manage: bool = True,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing or people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]
        if not can_manage:
            del self.fields["load_max"]
            del self.fields["is_active"]
        if editing:
            self.fields["version"].required = True
        else:
            del self.fields["version"]

    @staticmethod
    def initial_for(expert: Expert) -> dict[str, Any]:
        return {
            "statement_en": expert.statement_en,
            "statement_zh": expert.statement_zh,
            "keywords": ", ".join(expert.keywords),
            "load_max": expert.load_max,
            "is_active": expert.is_active,
            "version": expert.version,
        }

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("person", None)
        data["keywords"] = split_keywords(data.get("keywords") or "")
        return data


class PublicationForm(DirectoryForm):
    title = forms.CharField(label=_("Title"), max_length=1000, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    venue = forms.CharField(label=_("Journal or venue"), max_length=500, required=False)
    doi = forms.CharField(label=_("DOI"), max_length=200, required=False, help_text=_("e.g. 10.1038/s41586-019-1666-5"))
    authors = forms.CharField(
        label=_("Authors"),
        required=False,
        help_text=_("One name per line (or separated by ;), as printed, in order, the expert included."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    abstract = forms.CharField(label=_("Abstract"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="publication", **kwargs)

    @staticmethod
    def initial_for(publication: Publication) -> dict[str, Any]:
        return {
            "title": publication.title,
            "year": publication.year,
            "venue": publication.venue,
            "doi": publication.doi,
            "authors": "\n".join(publication.authors),
            "abstract": publication.abstract,
            "version": publication.version,
        }

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class DeclarationForm(DirectoryForm):
    kind = forms.ChoiceField(
        label=_("Declared"), choices=DeclarationKind.choices, initial=DeclarationKind.PERSON, widget=forms.RadioSelect
    )
    person = PersonChoiceField(
        label=_("Person in the directory"), queryset=Person.objects.none(), required=False, empty_label=_("None")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation in the directory"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    name = forms.CharField(
        label=_("Name, when not in the directory"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    relationship = forms.CharField(
        label=_("Relationship"),
        max_length=300,
        help_text=_("e.g. former doctoral student, spouse, paid adviser to the company."),
    )
    since_year = forms.IntegerField(label=_("Since (year)"), required=False, min_value=1900, max_value=2100)
    until_year = forms.IntegerField(
        label=_("Until (year)"), required=False, min_value=1900, max_value=2100, help_text=_("Empty while it lasts.")
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, prefix="declaration", **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ImportForm(DirectoryForm):
    domain_fields: ClassVar[dict[str, str]] = {"file_format": "file_format"}

    file = forms.FileField(
        label=_("Publication list"),
        help_text=_(
            "BibTeX as exported by Google Scholar, Web of Science, Scopus or a reference manager; or CSV with a "
            "header row and the columns title, abstract, year, venue, doi, authors (separated by ;), in UTF-8."
        ),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[(PublicationSource.BIBTEX, "BibTeX"), (PublicationSource.CSV, "CSV")],
        initial=PublicationSource.BIBTEX,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="import", **kwargs)
