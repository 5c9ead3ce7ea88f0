from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.core.i18n import localised
from hetao.programmes.enums import CallStatus
from hetao.zone.enums import Currency
from hetao.zone.models import Park
from hetao.zone.models.base import TimeStamped

# Amounts to the cent, up to 10^14 of any currency.
MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


class Call(TimeStamped):
    """A joint call for proposals, funded by one or more parks, each paying its share in its own currency.

    Open and close times are instants (stored in UTC, shown and entered in zone time). ``exchange_rates``
    fixes, for the life of the call, how many units of ``reference_currency`` one unit of each other
    currency is worth; caps in percent of a proposal's total are computed in the reference currency.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_hans = models.CharField(_("title (Simplified Chinese)"), max_length=300, blank=True)
    title_hant = models.CharField(_("title (Traditional Chinese)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_hans = models.TextField(_("description (Simplified Chinese)"), blank=True)
    description_hant = models.TextField(_("description (Traditional Chinese)"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    review_deadline = models.DateTimeField(_("reviews due by"), null=True, blank=True)
    key_areas = models.JSONField(_("key areas"), default=list, blank=True)
    reference_currency = models.CharField(
        _("reference currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    exchange_rates = models.JSONField(
        _("exchange rates"),
        default=dict,
        blank=True,
        help_text=_("Units of the reference currency per unit of each other currency, fixed for the call"),
    )
    max_budget = models.DecimalField(
        _("maximum budget per project (reference currency)"), **MONEY, null=True, blank=True
    )
    max_duration_months = models.PositiveSmallIntegerField(_("maximum duration (months)"), default=36)
    allowed_organisation_kinds = models.JSONField(
        _("organisation kinds allowed"), default=list, blank=True, help_text=_("Empty: any kind")
    )
    max_proposals_led_per_person = models.PositiveSmallIntegerField(
        _("proposals one person may lead"), null=True, blank=True
    )
    review_stages = models.PositiveSmallIntegerField(_("review stages"), default=1)
    reviewers_per_proposal = models.PositiveSmallIntegerField(_("reviewers per proposal"), default=3)
    reviewer_load_min = models.PositiveSmallIntegerField(_("minimum proposals per reviewer"), default=0)
    reviewer_load_max = models.PositiveSmallIntegerField(_("maximum proposals per reviewer"), default=6)
    min_reviewers_outside_parks = models.PositiveSmallIntegerField(
        _("reviewers from outside every park, at least"), default=0
    )
    max_reviewers_from_lead_park = models.PositiveSmallIntegerField(
        _("reviewers from the lead applicant's park, at most"), null=True, blank=True
    )
    coi_window_years = models.PositiveSmallIntegerField(_("conflict-of-interest window (years)"), default=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    review_started_at = models.DateTimeField(_("review started at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-opens_at", "code"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_times_ordered"),
            models.CheckConstraint(condition=models.Q(review_stages__in=[1, 2]), name="call_review_stages_1_or_2"),
            models.CheckConstraint(condition=models.Q(reviewers_per_proposal__gte=1), name="call_reviewers_positive"),
            models.CheckConstraint(
                condition=models.Q(reviewer_load_max__gte=models.F("reviewer_load_min")), name="call_loads_ordered"
            ),
            models.CheckConstraint(condition=~models.Q(title_en=""), name="call_title_en_required"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def description(self) -> str:
        return localised(self, "description")


class CallPark(TimeStamped):
    """A park funding a call: its share (percent of the call's awards), its budget and per-project maximum in
    its own currency, and whether every proposal needs a lead organisation (a PI) in it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="parks")
    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="+", verbose_name=_("park"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    share_percent = models.DecimalField(_("funding share (%)"), max_digits=5, decimal_places=2)
    budget = models.DecimalField(_("budget"), **MONEY)
    max_per_project = models.DecimalField(_("maximum per project"), **MONEY, null=True, blank=True)
    lead_required = models.BooleanField(_("a lead organisation is required here"), default=True)

    class Meta:
        ordering = ["call", "park__order", "park__code"]
        verbose_name = _("funding park")
        verbose_name_plural = _("funding parks")
        constraints = [
            models.UniqueConstraint(fields=["call", "park"], name="callpark_unique"),
            models.CheckConstraint(
                condition=models.Q(share_percent__gt=0, share_percent__lte=100), name="callpark_share_range"
            ),
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="callpark_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.park_id}"


class CostCategory(TimeStamped):
    """A cost category a call allows (staff, equipment, travel...), with an optional cap in percent of a
    proposal's total budget."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="cost_categories")
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_hans = models.CharField(_("name (Simplified Chinese)"), max_length=100, blank=True)
    name_hant = models.CharField(_("name (Traditional Chinese)"), max_length=100, blank=True)
    cap_percent = models.DecimalField(_("cap (% of total)"), max_digits=5, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "order", "code"]
        verbose_name = _("cost category")
        verbose_name_plural = _("cost categories")
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="costcategory_code_unique"),
            models.CheckConstraint(
                condition=models.Q(cap_percent__isnull=True) | models.Q(cap_percent__gt=0, cap_percent__lte=100),
                name="costcategory_cap_range",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localised(self, "name")


class RubricCriterion(TimeStamped):
    """One criterion of a call's scoring rubric: reviewers score it on ``scale_min``..``scale_max``; the
    weighted mean over criteria is a review's overall score."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200, blank=True)
    name_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3)
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)
    stage = models.PositiveSmallIntegerField(_("review stage"), default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "stage", "order", "code"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        constraints = [
            models.UniqueConstraint(fields=["call", "stage", "code"], name="criterion_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="criterion_scale"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localised(self, "name")
