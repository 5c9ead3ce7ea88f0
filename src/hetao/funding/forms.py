"""Forms of the funding pages. They parse what a manager chose; the domain services decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hetao.funding.enums import FundingMethod, OnMisfit, Outcome
from hetao.zone.forms import DirectoryForm


class RoundForm(DirectoryForm):
    method = forms.ChoiceField(label=_("Method"), choices=FundingMethod.choices, widget=forms.RadioSelect)
    lottery = forms.BooleanField(
        label=_("Draw lots among proposals whose rank interval crosses the funding line"), required=False
    )
    on_misfit = forms.ChoiceField(
        label=_("When a proposal does not fit the budget"), choices=OnMisfit.choices, initial=OnMisfit.STOP
    )
    seed = forms.IntegerField(
        label=_("Seed for the lottery"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to draw one at random; it is recorded in the audit ledger either way."),
    )
    share_tolerance = forms.DecimalField(
        label=_("Keep each park's share within (percentage points)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Only with the method that maximises the total score; empty: shares are not enforced."),
    )


class ConfirmForm(DirectoryForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(DirectoryForm):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
