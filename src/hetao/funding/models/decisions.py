from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.funding.enums import FundingMethod, Outcome, RoundStatus
from hetao.programmes.models import Call, CostCategory, Proposal
from hetao.zone.enums import Currency
from hetao.zone.models.base import TimeStamped


class FundingRound(TimeStamped):
    """A proposed set of funding decisions for a call, computed by the scoring engine, which a manager then
    confirms. ``seed`` drives the lottery (recorded in the audit ledger too, so the draw can be replayed);
    ``parameters`` are the options chosen and ``result`` the engine's inputs and answer."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="funding_rounds")
    method = models.CharField(_("method"), max_length=20, choices=FundingMethod.choices)
    lottery = models.BooleanField(_("lottery around the funding line"), default=False)
    seed = models.BigIntegerField(_("random seed"))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["call", "-created_at", "-pk"]
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")
        constraints = [
            models.CheckConstraint(condition=models.Q(seed__gte=0), name="fundinground_seed_not_negative"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(confirmed_at__isnull=False),
                name="fundinground_confirmed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} round {self.pk}"


class Decision(TimeStamped):
    """The funding decision on one proposal, with the rank, interval and scores it was taken on. Made by a
    confirmed round or singly by a manager (``round`` empty, with a ``reason``)."""

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision")
    round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    rank_low = models.PositiveIntegerField(_("best plausible rank"), null=True, blank=True)
    rank_high = models.PositiveIntegerField(_("worst plausible rank"), null=True, blank=True)
    ranked_among = models.PositiveIntegerField(_("proposals ranked"), null=True, blank=True)
    raw_score = models.DecimalField(_("raw mean score"), max_digits=9, decimal_places=4, null=True, blank=True)
    calibrated_score = models.DecimalField(_("calibrated score"), max_digits=9, decimal_places=4, null=True, blank=True)
    in_lottery = models.BooleanField(_("in the lottery"), default=False)
    lottery_drawn = models.BooleanField(_("funded by the lottery"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["proposal__call", "rank", "proposal__reference"]
        verbose_name = _("funding decision")
        verbose_name_plural = _("funding decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lottery_drawn=False) | models.Q(in_lottery=True, outcome="funded"),
                name="decision_drawn_means_funded_in_lottery",
            ),
            models.CheckConstraint(
                condition=models.Q(rank_low__isnull=True)
                | models.Q(rank_high__isnull=True)
                | models.Q(rank_low__lte=models.F("rank_high")),
                name="decision_interval_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.outcome}"


class DecisionLetter(TimeStamped):
    """The letter telling the applicants of a decision, in their language, as issued."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="letters")
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        ordering = ["decision", "-issued_at", "-pk"]
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")

    def __str__(self) -> str:
        return self.subject


class Award(TimeStamped):
    """The grant that a funding decision makes: the approved budget, line by line (``lines``), which project
    execution draws on."""

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="award")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="award")
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        ordering = ["proposal"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"award {self.proposal_id}"


class AwardLine(TimeStamped):
    """Approved budget for one cost category, project year and currency of an award."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="lines")
    category = models.ForeignKey(CostCategory, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("project year"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["award", "year", "category__order", "currency"]
        verbose_name = _("award line")
        verbose_name_plural = _("award lines")
        constraints = [
            models.UniqueConstraint(fields=["award", "category", "year", "currency"], name="awardline_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="awardline_amount_positive"),
            models.CheckConstraint(condition=models.Q(year__gte=1), name="awardline_year_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.award_id} y{self.year} {self.category_id} {self.amount} {self.currency}"
