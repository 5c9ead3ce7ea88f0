"""Forms of the programmes pages. They parse what a person typed; the domain services decide what is valid,
and the problems they report are put back onto the fields (see DirectoryForm.add_domain_error)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hetao.programmes.enums import AttachmentKind, TeamRole
from hetao.programmes.models import Call, CostCategory, Proposal
from hetao.zone.enums import Currency, OrganisationKind
from hetao.zone.forms import DirectoryForm
from hetao.zone.models import Park


def _zone_datetime() -> forms.DateTimeInput:
    # A native picker; the value is read in the zone's time (the active time zone, Asia/Hong_Kong).
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CallForm(DirectoryForm):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Short and unique, e.g. joint-2026."))
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_hans = forms.CharField(label=_("Title (Simplified Chinese)"), max_length=300, required=False)
    title_hant = forms.CharField(label=_("Title (Traditional Chinese)"), max_length=300, required=False)
    description_en = forms.CharField(label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}))
    description_hans = forms.CharField(
        label=_("Description (Simplified Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_hant = forms.CharField(
        label=_("Description (Traditional Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_at = forms.DateTimeField(label=_("Opens at (zone time, UTC+8)"), widget=_zone_datetime())
    closes_at = forms.DateTimeField(label=_("Closes at (zone time, UTC+8)"), widget=_zone_datetime())
    review_deadline = forms.DateTimeField(
        label=_("Reviews due by (zone time, UTC+8)"), required=False, widget=_zone_datetime()
    )
    key_areas = forms.CharField(
        label=_("Key areas"), required=False, help_text=_("One per line."), widget=forms.Textarea(attrs={"rows": 3})
    )
    reference_currency = forms.ChoiceField(label=_("Reference currency"), choices=Currency.choices)
    exchange_rates = forms.CharField(
        label=_("Exchange rates"),
        required=False,
        help_text=_("One per line, e.g. HKD 0.92: units of the reference currency per unit of that currency."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    max_budget = forms.DecimalField(
        label=_("Maximum budget per project (reference currency)"), required=False, max_digits=16, decimal_places=2
    )
    max_duration_months = forms.IntegerField(label=_("Maximum duration (months)"), min_value=1, initial=36)
    allowed_organisation_kinds = forms.MultipleChoiceField(
        label=_("Organisation kinds allowed"),
        required=False,
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any kind."),
    )
    max_proposals_led_per_person = forms.IntegerField(
        label=_("Proposals one person may lead"), required=False, min_value=1
    )
    review_stages = forms.TypedChoiceField(
        label=_("Review stages"), choices=[(1, "1"), (2, "2")], coerce=int, initial=1
    )
    reviewers_per_proposal = forms.IntegerField(label=_("Reviewers per proposal"), min_value=1, initial=3)
    reviewer_load_min = forms.IntegerField(label=_("Minimum proposals per reviewer"), min_value=0, initial=0)
    reviewer_load_max = forms.IntegerField(label=_("Maximum proposals per reviewer"), min_value=1, initial=6)
    min_reviewers_outside_parks = forms.IntegerField(
        label=_("Reviewers from outside every park, at least"), min_value=0, initial=0
    )
    max_reviewers_from_lead_park = forms.IntegerField(
        label=_("Reviewers from the lead applicant's park, at most"), min_value=0, required=False
    )
    coi_window_years = forms.IntegerField(label=_("Conflict-of-interest window (years)"), min_value=0, initial=3)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_exchange_rates(self) -> dict[str, str]:
        rates: dict[str, str] = {}
        for line in _lines(self.cleaned_data.get("exchange_rates", "")):
            parts = line.replace("=", " ").replace(":", " ").split()
            if len(parts) != 2:
                raise forms.ValidationError(_("Write each rate as a currency code and a number, e.g. HKD 0.92."))
            rates[parts[0].upper()] = parts[1]
        return rates

    def clean_key_areas(self) -> list[str]:
        return _lines(self.cleaned_data.get("key_areas", ""))

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @staticmethod
    def initial_for(call: Call) -> dict[str, Any]:
        from django.utils import timezone

        def local(value: Any) -> Any:
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else None

        return {
            **{name: getattr(call, name) for name in CALL_FORM_PLAIN},
            "opens_at": local(call.opens_at),
            "closes_at": local(call.closes_at),
            "review_deadline": local(call.review_deadline),
            "key_areas": "\n".join(call.key_areas or []),
            "exchange_rates": "\n".join(f"{k} {v}" for k, v in (call.exchange_rates or {}).items()),
            "allowed_organisation_kinds": list(call.allowed_organisation_kinds or []),
            "version": call.version,
        }


CALL_FORM_PLAIN = (
    "code",
    "title_en",
    "title_hans",
    "title_hant",
    "description_en",
    "description_hans",
    "description_hant",
    "reference_currency",
    "max_budget",
    "max_duration_months",
    "max_proposals_led_per_person",
    "review_stages",
    "reviewers_per_proposal",
    "reviewer_load_min",
    "reviewer_load_max",
    "min_reviewers_outside_parks",
    "max_reviewers_from_lead_park",
    "coi_window_years",
)


class CallParkForm(forms.Form):
    park = forms.ModelChoiceField(label=_("Park"), queryset=Park.objects.none(), required=False)
    share_percent = forms.DecimalField(label=_("Share (%)"), max_digits=5, decimal_places=2, required=False)
    budget = forms.DecimalField(label=_("Budget (park currency)"), max_digits=16, decimal_places=2, required=False)
    max_per_project = forms.DecimalField(
        label=_("Maximum per project (park currency)"), max_digits=16, decimal_places=2, required=False
    )
    lead_required = forms.BooleanField(label=_("A principal investigator is required here"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["park"]).queryset = Park.objects.order_by("order", "code")  # type: ignore[type-arg]


class CostCategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=100, required=False)
    name_hans = forms.CharField(label=_("Name (Simplified Chinese)"), max_length=100, required=False)
    name_hant = forms.CharField(label=_("Name (Traditional Chinese)"), max_length=100, required=False)
    cap_percent = forms.DecimalField(label=_("Cap (% of total)"), max_digits=5, decimal_places=2, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CriterionForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_hans = forms.CharField(label=_("Name (Simplified Chinese)"), max_length=200, required=False)
    name_hant = forms.CharField(label=_("Name (Traditional Chinese)"), max_length=200, required=False)
    weight = forms.DecimalField(label=_("Weight"), max_digits=6, decimal_places=3, required=False)
    scale_min = forms.IntegerField(label=_("Lowest score"), initial=1, required=False)
    scale_max = forms.IntegerField(label=_("Highest score"), initial=5, required=False)
    stage = forms.IntegerField(label=_("Stage"), initial=1, min_value=1, max_value=2, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


CallParkFormSet = forms.formset_factory(CallParkForm, extra=2, max_num=10)
CostCategoryFormSet = forms.formset_factory(CostCategoryForm, extra=2, max_num=30)
CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=30)


class ProposalForm(DirectoryForm):
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=300, required=False)
    abstract_en = forms.CharField(
        label=_("Abstract (English)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    abstract_zh = forms.CharField(
        label=_("Abstract (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    keywords_en = forms.CharField(label=_("Keywords (English)"), required=False, help_text=_("Separated by commas."))
    keywords_zh = forms.CharField(label=_("Keywords (Chinese)"), required=False, help_text=_("Separated by commas."))
    key_area = forms.ChoiceField(label=_("Key area"), required=False)
    duration_months = forms.IntegerField(label=_("Duration (months)"), required=False, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, prefix="proposal", **kwargs)
        areas = [(a, a) for a in call.key_areas or []]
        cast(forms.ChoiceField, self.fields["key_area"]).choices = [("", _("Choose…")), *areas]
        if not areas:
            del self.fields["key_area"]

    @staticmethod
    def initial_for(proposal: Proposal) -> dict[str, Any]:
        return {
            "title_en": proposal.title_en,
            "title_zh": proposal.title_zh,
            "abstract_en": proposal.abstract_en,
            "abstract_zh": proposal.abstract_zh,
            "keywords_en": ", ".join(proposal.keywords_en or []),
            "keywords_zh": ", ".join(proposal.keywords_zh or []),
            "key_area": proposal.key_area,
            "duration_months": proposal.duration_months,
            "version": proposal.version,
        }

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class TeamMemberForm(DirectoryForm):
    """A person is chosen with the organisation where they hold a position, so the pair is always affiliated."""

    domain_fields = {"person": "affiliation", "organisation": "affiliation"}

    affiliation = forms.ChoiceField(label=_("Person and organisation"))
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)

    def __init__(self, *args: Any, affiliations: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="team", **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Choose…"))]
        for affiliation in affiliations:
            park = affiliation.organisation.park
            where = f" · {park.name}" if park is not None else ""
            label = f"{affiliation.person.name} — {affiliation.organisation.name}{where}"
            choices.append((f"{affiliation.person_id}:{affiliation.organisation_id}", label))
        cast(forms.ChoiceField, self.fields["affiliation"]).choices = choices

    def pair(self) -> tuple[int, int]:
        person, organisation = self.cleaned_data["affiliation"].split(":")
        return int(person), int(organisation)


class BudgetLineForm(DirectoryForm):
    category = forms.ModelChoiceField(label=_("Cost category"), queryset=CostCategory.objects.none())
    year = forms.TypedChoiceField(label=_("Project year"), coerce=int)
    currency = forms.ChoiceField(label=_("Currency"))
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), max_digits=16, decimal_places=2)
    justification = forms.CharField(label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, call: Call, years: int, currencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, prefix="budget", **kwargs)
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = call.cost_categories.order_by("order", "code")  # type: ignore[type-arg]
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in range(1, years + 1)]
        cast(forms.ChoiceField, self.fields["currency"]).choices = [(c, c) for c in currencies]


class AttachmentForm(DirectoryForm):
    kind = forms.ChoiceField(label=_("What it is"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("PDF file"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

    def __init__(self, *args: Any, max_mb: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix="attachment", **kwargs)
        self.fields["file"].help_text = _("PDF only, at most %(mb)d MB.") % {"mb": max_mb}
