"""Forms of the money pages (expenditure, virements, approvals, instalments, exchange rates). They parse what
a person typed; the domain services decide what is valid and their problems are put back onto the fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hetao.core.errors import DomainError
from hetao.core.i18n import format_money
from hetao.projects.domain.money import line_label
from hetao.projects.models import BudgetLine
from hetao.zone.enums import Currency
from hetao.zone.forms import DirectoryForm

RECEIPT_TYPES = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"


def _date_input() -> forms.DateInput:
    # A native date picker needs ISO dates whatever the interface language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    )


def _line_choices(lines: Iterable[BudgetLine]) -> list[tuple[int | str, str]]:
    return [(line.pk, f"{line_label(line)} · {format_money(line.available, line.currency)}") for line in lines]


class ExpenditureForm(DirectoryForm):
    line = forms.TypedChoiceField(label=_("Budget line"), coerce=int)
    spent_on = forms.DateField(label=_("Date"), widget=_date_input())
    amount = _amount_field(_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    payee = forms.CharField(label=_("Payee"), max_length=200)
    description = forms.CharField(label=_("What it was for"), widget=forms.Textarea(attrs={"rows": 3}))
    receipt = forms.FileField(label=_("Receipt"), widget=forms.ClearableFileInput(attrs={"accept": RECEIPT_TYPES}))

    def __init__(self, *args: Any, lines: Iterable[BudgetLine], max_mb: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["line"])
        field.choices = [("", _("Choose a line")), *_line_choices(lines)]
        field.help_text = _("Each line shows what it still has available.")
        self.fields["receipt"].help_text = _("A PDF, PNG or JPEG file, at most %(mb)d MB.") % {"mb": max_mb}


class VirementForm(DirectoryForm):
    from_line = forms.TypedChoiceField(label=_("From the line"), coerce=int)
    to_line = forms.TypedChoiceField(label=_("To the line"), coerce=int)
    amount = _amount_field(_("Amount"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, lines: Iterable[BudgetLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a line")), *_line_choices(lines)]
        cast(forms.TypedChoiceField, self.fields["from_line"]).choices = choices
        cast(forms.TypedChoiceField, self.fields["to_line"]).choices = choices
        self.fields["amount"].help_text = _("In the currency of both lines.")


class DecisionForm(DirectoryForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when rejecting."),
    )

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data.get("decision") == "approve")


class RemittanceForm(DirectoryForm):
    received_currency = forms.ChoiceField(label=_("Currency received"), choices=Currency.choices)
    remitted_on = forms.DateField(label=_("Sent on"), widget=_date_input())
    bank_reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)


class RateImportForm(DirectoryForm):
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_("UTF-8 text with the header date,base,quote,rate,source; dates as YYYY-MM-DD."),
    )

    def add_domain_error(self, exc: DomainError) -> None:
        # Problems are reported per line of the file: they all belong to the file field.
        for problem in exc.problems:
            self.add_error("file", problem.message)


class RateFilterForm(forms.Form):
    base = forms.ChoiceField(label=_("From currency"), required=False)
    quote = forms.ChoiceField(label=_("To currency"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        choices = [("", _("Any")), *Currency.choices]
        cast(forms.ChoiceField, self.fields["base"]).choices = choices
        cast(forms.ChoiceField, self.fields["quote"]).choices = choices
