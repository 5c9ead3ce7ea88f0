"""Forms of the process pages (milestones, reports, amendments, acceptance). They parse what a person typed;
the domain services decide what is valid, and the problems they report are put back onto the fields."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hetao.core.errors import DomainError
from hetao.core.i18n import format_money
from hetao.programmes.models import CostCategory
from hetao.projects.enums import AcceptanceOutcome, MemberRole, MilestoneKind
from hetao.projects.models import BudgetLine, ProjectMember
from hetao.zone.forms import DirectoryForm

NEW_LINE_ROWS = 2


def _date_input() -> forms.DateInput:
    # A native date picker needs ISO dates whatever the interface language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money_field(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=Decimal(0), max_digits=16, decimal_places=2)


class MilestoneForm(DirectoryForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneKind.choices, initial=MilestoneKind.MILESTONE)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Due date"), widget=_date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "milestone")
        super().__init__(*args, **kwargs)


class MilestoneDoneForm(DirectoryForm):
    done_on = forms.DateField(label=_("Reached on"), widget=_date_input())


class ReportSubmitForm(DirectoryForm):
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was done in the period, what was found, what changed and what comes next."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


DECISIONS = [("approve", _("Approve")), ("return", _("Return for changes"))]


class ReportDecideForm(DirectoryForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the report is returned: say what has to change."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def approve(self) -> bool:
        return bool(self.cleaned_data["decision"] == "approve")


class ExtensionForm(DirectoryForm):
    new_end_date = forms.DateField(label=_("New end date"), widget=_date_input())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="extension", **kwargs)

    def change(self) -> dict[str, Any]:
        return {"new_end_date": self.cleaned_data["new_end_date"]}


class BudgetRevisionForm(DirectoryForm):
    """One amount per line of the budget (its current amount to start with) and a few rows for new lines. Only
    lines whose amount changes, and new rows filled in, make the revision."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        lines: Iterable[BudgetLine],
        categories: Iterable[CostCategory],
        years: int,
        currencies: Iterable[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, prefix="revision", **kwargs)
        self.lines = list(lines)
        # Where the problems of each entry of the revision go back on this form (made by ``change``).
        self.entry_fields: dict[str, str] = {}
        for line in self.lines:
            field = _money_field(
                _("%(category)s, year %(year)d (%(currency)s)")
                % {"category": line.category.name, "year": line.year, "currency": line.currency}
            )
            field.initial = line.amount
            field.help_text = _("Spent so far: %(spent)s") % {"spent": format_money(line.spent, line.currency)}
            self.fields[f"line_{line.pk}"] = field
        category_choices = [("", _("Choose…")), *((c.code, c.name) for c in categories)]
        year_choices = [("", "–"), *((str(y), str(y)) for y in range(1, years + 1))]
        currency_choices = [("", "–"), *((c, c) for c in sorted(currencies))]
        for row in range(NEW_LINE_ROWS):
            self.fields[f"new_{row}_category"] = forms.ChoiceField(
                label=_("New line: category"), choices=category_choices, required=False
            )
            self.fields[f"new_{row}_year"] = forms.ChoiceField(
                label=_("New line: project year"), choices=year_choices, required=False
            )
            self.fields[f"new_{row}_currency"] = forms.ChoiceField(
                label=_("New line: currency"), choices=currency_choices, required=False
            )
            self.fields[f"new_{row}_amount"] = _money_field(_("New line: amount"), required=False)
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])

    def line_fields(self) -> list[tuple[BudgetLine, forms.BoundField]]:
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]

    def new_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"new_{row}_{part}"] for part in ("category", "year", "currency", "amount")]
            for row in range(NEW_LINE_ROWS)
        ]

    def change(self) -> dict[str, Any]:
        """The revision's ``lines`` for the service, and where each entry's problems go back on the form."""
        data = self.cleaned_data
        entries: list[dict[str, Any]] = []
        for line in self.lines:
            amount = data.get(f"line_{line.pk}")
            if amount is not None and amount != line.amount:
                index = len(entries)
                self.entry_fields[f"lines.{index}.amount"] = f"line_{line.pk}"
                self.entry_fields[f"lines.{index}"] = f"line_{line.pk}"
                entries.append({"line": line.pk, "amount": amount})
        for row in range(NEW_LINE_ROWS):
            parts = {part: data.get(f"new_{row}_{part}") for part in ("category", "year", "currency", "amount")}
            if not any(value not in (None, "") for value in parts.values()):
                continue
            index = len(entries)
            for part in parts:
                self.entry_fields[f"lines.{index}.{part}"] = f"new_{row}_{part}"
            self.entry_fields[f"lines.{index}"] = f"new_{row}_category"
            entries.append(parts)
        return {"lines": entries}

    def add_domain_error(self, exc: DomainError) -> None:
        for problem in exc.problems:
            name = self.entry_fields.get(problem.field or "", problem.field)
            self.add_error(name if name in self.fields else None, problem.message)


class TeamChangeForm(DirectoryForm):
    """Add one person (by their directory number, with the organisation they work for) and end any memberships."""

    domain_fields = {
        "add.0.person": "add_person",
        "add.0.organisation": "add_organisation",
        "add.0.role": "add_role",
        "add.0": "add_person",
    }

    add_person = forms.IntegerField(
        label=_("Add: person number"),
        required=False,
        min_value=1,
        help_text=_("The number on the person's page in the directory."),
    )
    add_organisation = forms.IntegerField(
        label=_("Add: organisation number"),
        required=False,
        min_value=1,
        help_text=_("The number on the organisation's page in the directory."),
    )
    add_role = forms.ChoiceField(label=_("Add: role"), required=False)
    remove = forms.MultipleChoiceField(label=_("Remove"), required=False, widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, members: Iterable[ProjectMember], **kwargs: Any) -> None:
        super().__init__(*args, prefix="team", **kwargs)
        cast(forms.ChoiceField, self.fields["add_role"]).choices = [("", _("Choose…")), *MemberRole.choices]
        cast(forms.MultipleChoiceField, self.fields["remove"]).choices = [
            (str(m.pk), f"{m.person.name} · {m.get_role_display()}") for m in members
        ]

    def change(self) -> dict[str, Any]:
        data = self.cleaned_data
        add = []
        if data.get("add_person") or data.get("add_role"):
            add.append(
                {
                    "person": data.get("add_person"),
                    "organisation": data.get("add_organisation"),
                    "role": data["add_role"],
                }
            )
        return {"add": add, "remove": [int(pk) for pk in data.get("remove") or []]}


AMENDMENT_DECISIONS = [("approve", _("Approve and apply")), ("reject", _("Reject"))]


class AmendmentDecideForm(DirectoryForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=AMENDMENT_DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the amendment is rejected."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def approve(self) -> bool:
        return bool(self.cleaned_data["decision"] == "approve")


class VersionForm(DirectoryForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StatementUploadForm(DirectoryForm):
    statement = forms.FileField(
        label=_("Auditor's statement (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )

    def __init__(self, *args: Any, max_mb: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statement"].help_text = _("PDF only, at most %(mb)d MB.") % {"mb": max_mb}


class AcceptanceDecideForm(DirectoryForm):
    outcome = forms.ChoiceField(label=_("Decision"), choices=AcceptanceOutcome.choices, widget=forms.RadioSelect)
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the project is accepted with conditions."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
