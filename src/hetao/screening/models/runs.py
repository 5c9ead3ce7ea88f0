from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.screening.enums import DecisionKind, EntityKind
from hetao.screening.models.lists import ScreeningEntry, ScreeningList, ScreeningListVersion
from hetao.zone.models import Organisation, Person
from hetao.zone.models.base import TimeStamped


class ScreeningRun(TimeStamped):
    """One screening of a person or organisation (a directory record, or a name typed in) against the lists
    active at the time. ``subject_key`` says who was screened, so that decisions carry over to later runs."""

    entity_kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    name = models.CharField(_("name screened"), max_length=500)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.CharField(_("nationality or country"), max_length=100, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    subject_key = models.CharField(max_length=600, editable=False)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screened by"),
    )
    # The versions screened against, as ids: a run with no match still says what it was checked against.
    version_ids = models.JSONField(default=list, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(person__isnull=False) & models.Q(organisation__isnull=False)),
                name="screening_run_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.created_at:%Y-%m-%d %H:%M})"


class ScreeningDecision(TimeStamped):
    """A person's decision that a possible match is (or is not) the subject. It concerns the entry by its
    list and source id, so it applies to later screenings of the same subject, in later versions too."""

    subject_key = models.CharField(max_length=600)
    subject_name = models.CharField(_("subject"), max_length=500)
    screening_list = models.ForeignKey(
        ScreeningList, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("list")
    )
    source_id = models.CharField(_("id in the list"), max_length=200)
    entry = models.ForeignKey(
        ScreeningEntry, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("entry")
    )
    decision = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")
        indexes = [models.Index(fields=["subject_key", "screening_list", "source_id"], name="screening_decision_key")]
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="screening_decision_reason")]

    def __str__(self) -> str:
        return f"{self.subject_name} / {self.source_id}: {self.decision}"


class ScreeningResult(TimeStamped):
    """One possible match found by a run: the entry, its list version, the score and how the names matched.
    ``decision`` is the decision that applies to it: an earlier one carried over, or one made on it."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.PROTECT, related_name="results", verbose_name=_("run"))
    version = models.ForeignKey(
        ScreeningListVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("list version")
    )
    entry = models.ForeignKey(ScreeningEntry, on_delete=models.PROTECT, related_name="+", verbose_name=_("entry"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=4)
    matched_name = models.CharField(_("name matched"), max_length=500)
    explanation = models.TextField(_("explanation"))
    decision = models.ForeignKey(
        ScreeningDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )

    class Meta:
        ordering = ["run", "-score", "pk"]
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")
        constraints = [
            models.UniqueConstraint(fields=["run", "entry"], name="screening_result_once_per_entry"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=1), name="screening_result_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} -> {self.entry_id} ({self.score:.2f})"

    @property
    def is_open(self) -> bool:
        return self.decision_id is None
