"""Forms of the evaluation pages. They parse what a person typed; the domain services decide what is valid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from hetao.evaluation.enums import AssignmentMode, PairRuleKind
from hetao.programmes.models import RubricCriterion
from hetao.zone.forms import DirectoryForm


def _reason(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class PoolAddForm(DirectoryForm):
    expert = forms.TypedChoiceField(label=_("Expert"), coerce=int)
    load_min = forms.IntegerField(label=_("Minimum proposals"), min_value=0, required=False)
    load_max = forms.IntegerField(
        label=_("Maximum proposals"),
        min_value=0,
        required=False,
        help_text=_("Empty: the call's maximum, or the expert's own if smaller."),
    )

    def __init__(self, *args: Any, experts: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, prefix="pool", **kwargs)
        self.fields["expert"].choices = [("", _("Choose…")), *experts]  # type: ignore[attr-defined]


class OverrideForm(DirectoryForm):
    reason = _reason(_("Why this conflict does not stand"), _("Required; kept in the audit ledger."))

    def __init__(self, *args: Any, conflict_id: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"override-{conflict_id}", **kwargs)


class RunForm(DirectoryForm):
    mode = forms.ChoiceField(label=_("Mode"), choices=AssignmentMode.choices, initial=AssignmentMode.TOTAL)
    stage = forms.IntegerField(widget=forms.HiddenInput, initial=1, min_value=1, max_value=2)


class PairRuleForm(DirectoryForm):
    proposal = forms.TypedChoiceField(label=_("Proposal"), coerce=int)
    expert = forms.TypedChoiceField(label=_("Reviewer"), coerce=int)
    kind = forms.ChoiceField(label=_("Rule"), choices=PairRuleKind.choices)
    reason = _reason(_("Reason"))
    stage = forms.IntegerField(widget=forms.HiddenInput, initial=1, min_value=1, max_value=2)

    def __init__(
        self,
        *args: Any,
        proposals: Sequence[tuple[int, str]] = (),
        experts: Sequence[tuple[int, str]] = (),
        prefix: str = "rule",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["proposal"].choices = [("", _("Choose…")), *proposals]  # type: ignore[attr-defined]
        self.fields["expert"].choices = [("", _("Choose…")), *experts]  # type: ignore[attr-defined]


class ManualAssignForm(PairRuleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="manual", **kwargs)
        del self.fields["kind"]
        del self.fields["reason"]


class DeclareForm(DirectoryForm):
    reason = _reason(
        _("What is the conflict of interest?"),
        _("The proposal is taken off your list and the programme manager assigns another reviewer."),
    )


class ReviewForm(DirectoryForm):
    """One score and comment field per criterion of the rubric, then the comments."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comments = forms.CharField(
        label=_("Comments to the applicants"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    confidential_comments = forms.CharField(
        label=_("Comments to the panel only"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, criteria: Sequence[RubricCriterion] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields: dict[str, forms.Field] = {}
        for criterion in self.criteria:
            fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} ({criterion.weight.normalize()})",
                choices=[("", "—"), *((n, str(n)) for n in range(criterion.scale_min, criterion.scale_max + 1))],
                coerce=int,
                empty_value=None,
                required=False,
            )
            fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # Criteria first, then the comments and the version.
        self.fields = {**fields, **self.fields}

    def scores(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {c.pk: (data.get(f"score_{c.pk}"), data.get(f"comment_{c.pk}") or "") for c in self.criteria}


class ShortlistForm(DirectoryForm):
    """The proposals ticked in the shortlist table (one checkbox per row, named ``shortlist-proposals``)."""

    # The checkboxes sit in the table's rows rather than in one field: problems with them concern the form.
    domain_fields: ClassVar[dict[str, str]] = {"proposals": NON_FIELD_ERRORS, "stage": NON_FIELD_ERRORS}

    proposals = forms.TypedMultipleChoiceField(
        label=_("Shortlisted proposals"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, proposals: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, prefix="shortlist", **kwargs)
        self.fields["proposals"].choices = list(proposals)  # type: ignore[attr-defined]


class ShortlistTopForm(DirectoryForm):
    domain_fields: ClassVar[dict[str, str]] = {"proposals": NON_FIELD_ERRORS, "stage": NON_FIELD_ERRORS}

    count = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        help_text=_("The shortlist becomes the proposals ranked best in stage 1, this many of them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="top", **kwargs)
