"""Forms of the overview pages: the portfolio's filters, the start of a project, a programme's rules. They
parse what a person typed; the domain services decide what is valid."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hetao.programmes.models import Call, CostCategory
from hetao.projects.domain.portfolio import PortfolioFilters
from hetao.projects.domain.rules import lump_sum_codes
from hetao.projects.enums import ProjectStatus
from hetao.projects.models import ProgrammeRules
from hetao.zone.forms import DirectoryForm
from hetao.zone.models import Park


def _verbose(name: str) -> Any:
    """The rules model's name for a field, as a label (capitalised)."""
    field = ProgrammeRules._meta.get_field(name)
    return capfirst(getattr(field, "verbose_name", name))


def _date_input() -> forms.DateInput:
    # A native date picker needs ISO dates whatever the interface language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Reference or title"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    call = forms.TypedChoiceField(label=_("Call"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    park = forms.ChoiceField(label=_("Funded by"), required=False)
    overdue = forms.BooleanField(label=_("Only projects with overdue items"), required=False)

    def __init__(self, *args: Any, calls: Iterable[Call], parks: Iterable[Park], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["call"]).choices = [
            ("", _("All calls")),
            *[(call.pk, f"{call.code} · {call.title}") for call in calls],
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("Any status")), *ProjectStatus.choices]
        cast(forms.ChoiceField, self.fields["park"]).choices = [
            ("", _("Any park")),
            *[(park.code, park.name) for park in parks],
        ]

    def filters(self) -> PortfolioFilters:
        """The valid criteria; an unknown call or park in a hand-edited URL is ignored, not an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PortfolioFilters(
            call=data.get("call"),
            status=data.get("status", ""),
            park=data.get("park", ""),
            overdue_only=bool(data.get("overdue")),
            query=data.get("q", ""),
        )


class ProjectStartForm(DirectoryForm):
    award = forms.IntegerField(widget=forms.HiddenInput)
    start_date = forms.DateField(label=_("Start date"), widget=_date_input())


class _PercentListField(forms.CharField):
    """Numbers separated by commas or spaces, such as "40, 30, 30"."""

    def to_python(self, value: Any) -> list[Decimal]:  # type: ignore[override]
        text = str(super().to_python(value))
        parts = [part for part in text.replace("，", ",").replace(",", " ").replace("%", " ").split() if part]
        try:
            return [Decimal(part) for part in parts]
        except InvalidOperation as exc:
            raise forms.ValidationError(_("Enter numbers separated by commas, such as 40, 30, 30.")) from exc


class ProgrammeRulesForm(DirectoryForm):
    report_interval_months = forms.IntegerField(label=_verbose("report_interval_months"))
    final_report_months = forms.IntegerField(label=_verbose("final_report_months"))
    virement_limit_percent = forms.DecimalField(label=_verbose("virement_limit_percent"))
    lump_sum_categories = forms.MultipleChoiceField(
        label=_("Lump-sum categories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In these categories the investigator moves money alone, whatever the limit."),
    )
    overspend_with_approval = forms.BooleanField(label=_verbose("overspend_with_approval"), required=False)
    overdue_blocks_proposals = forms.BooleanField(label=_verbose("overdue_blocks_proposals"), required=False)
    instalment_percents = _PercentListField(
        label=_("Instalments (% of each funding source)"),
        help_text=_("For example 40, 30, 30: the first at the start, each next on an approved progress report."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, categories: Iterable[CostCategory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["lump_sum_categories"]).choices = [
            (category.code, category.name) for category in categories
        ]

    @staticmethod
    def initial_of(rules: ProgrammeRules) -> dict[str, Any]:
        return {
            "report_interval_months": rules.report_interval_months,
            "final_report_months": rules.final_report_months,
            "virement_limit_percent": rules.virement_limit_percent,
            "lump_sum_categories": lump_sum_codes(rules),
            "overspend_with_approval": rules.overspend_with_approval,
            "overdue_blocks_proposals": rules.overdue_blocks_proposals,
            "instalment_percents": ", ".join(str(Decimal(str(p))) for p in (rules.instalment_percents or [100])),
            "version": rules.version,
        }
