from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.programmes.enums import AttachmentKind, ProposalStatus, TeamRole
from hetao.programmes.models.calls import MONEY, Call, CostCategory
from hetao.zone.enums import Currency
from hetao.zone.models import Organisation, Person
from hetao.zone.models.base import TimeStamped


class Proposal(TimeStamped):
    """A proposal to a call, from draft to decision. ``reference`` (P-0042) is how people and messages name it.

    Titles, abstracts and keywords are kept in Chinese (either script, as written) and in English.
    ``language`` is the applicant's language for letters. ``version`` increases on every edit: an edit
    carrying an older version is refused, so two editors cannot overwrite each other unknowingly.
    """

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="proposals")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    abstract_en = models.TextField(_("abstract (English)"), blank=True)
    abstract_zh = models.TextField(_("abstract (Chinese)"), blank=True)
    keywords_en = models.JSONField(_("keywords (English)"), default=list, blank=True)
    keywords_zh = models.JSONField(_("keywords (Chinese)"), default=list, blank=True)
    key_area = models.CharField(_("key area"), max_length=200, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    language = models.CharField(_("language for letters"), max_length=10, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["call", "reference"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.reference

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "en").startswith("zh") and self.title_zh:
            return self.title_zh
        return self.title_en or self.title_zh


class TeamMember(TimeStamped):
    """A person on a proposal's team, at an organisation; a principal investigator's organisation is a lead
    organisation, and its park counts for the call's lead-organisation rule."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["proposal", "order", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="teammember_person_once")]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.person_id} ({self.role})"


class BudgetLine(TimeStamped):
    """One line of a proposal's budget: a category, a project year (1, 2...), a currency and an amount."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.ForeignKey(
        CostCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("cost category")
    )
    year = models.PositiveSmallIntegerField(_("project year"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        ordering = ["proposal", "year", "category__order", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="budgetline_amount_positive"),
            models.CheckConstraint(condition=models.Q(year__gte=1), name="budgetline_year_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} y{self.year} {self.category_id} {self.amount} {self.currency}"


class Attachment(TimeStamped):
    """A PDF attached to a proposal; checked by content (signature and structure) and size on upload."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to="proposals/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["proposal", "kind", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ReferenceCounter(TimeStamped):
    """The last number handed out in one series of references (``proposal``: P-0001, P-0002...). The row is
    locked while a number is taken, so concurrent submissions never share a reference."""

    series = models.SlugField(max_length=40, unique=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["series"]
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.series}: {self.value}"
