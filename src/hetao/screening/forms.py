"""Forms of the screening pages. They parse what a person typed; the domain services decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hetao.screening.enums import DecisionKind, EntityKind, ListFormat, ListKind
from hetao.zone.forms import DirectoryForm


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScreeningListForm(DirectoryForm):
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose…")), *ListKind.choices])
    publisher = forms.CharField(
        label=_("Publisher or source"),
        max_length=300,
        required=False,
        help_text=_("Who publishes the list, e.g. OpenSanctions or a ministry."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="list", **kwargs)


class ImportForm(DirectoryForm):
    file = forms.FileField(
        label=_("List file"),
        help_text=_(
            "CSV with a header row and the columns name, aliases (separated by ;), kind, birth_date, country, "
            "source_id, reason; or FollowTheMoney entities as OpenSanctions publishes them, one JSON object per line."
        ),
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=ListFormat.choices)
    label = forms.CharField(
        label=_("Version label"),
        max_length=100,
        required=False,
        help_text=_("e.g. the publication date; v1, v2… when left empty."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="import", **kwargs)


class ScreenForm(DirectoryForm):
    kind = forms.ChoiceField(
        label=_("Screen a"), choices=EntityKind.choices, initial=EntityKind.PERSON, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=500,
        help_text=_("In any script or romanisation: 陳大文, 陈大文, CHAN Tai Man, Chen Dawen."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("Persons only; sharpens the result."),
        widget=_date_input(),
    )
    nationality = forms.CharField(
        label=_("Nationality or country"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": "6"}),
    )


class DecisionForm(DirectoryForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Required: what shows that this is, or is not, the same person or organisation."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, result_id: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"decide-{result_id}", **kwargs)


class DuplicateConfirmForm(forms.Form):
    """The checkbox a create form grows when the new record looks like one already in the directory."""

    confirm_not_duplicate = forms.BooleanField(label=_("This is a different person, create it anyway"), required=False)

    def __init__(self, *args: Any, organisation: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if organisation:
            self.fields["confirm_not_duplicate"].label = _("This is a different organisation, create it anyway")

    def confirmed(self) -> bool:
        self.is_valid()
        return bool(getattr(self, "cleaned_data", {}).get("confirm_not_duplicate"))
