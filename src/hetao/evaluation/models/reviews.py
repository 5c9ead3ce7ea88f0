from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.evaluation.enums import ReviewStatus
from hetao.evaluation.models.assignment import Assignment
from hetao.programmes.models import RubricCriterion
from hetao.zone.models.base import TimeStamped


class Review(TimeStamped):
    """A reviewer's review of the proposal they were assigned: scores per criterion, comments, and the
    weighted overall score (on the rubric's scale) once submitted."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    comments = models.TextField(_("comments to the applicants"), blank=True)
    confidential_comments = models.TextField(_("comments to the panel only"), blank=True)
    overall = models.DecimalField(_("overall score"), max_digits=7, decimal_places=4, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["assignment", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False, overall__isnull=False),
                name="review_submitted_complete",
            )
        ]

    def __str__(self) -> str:
        return f"review of {self.assignment_id}"


class ReviewScore(TimeStamped):
    """The score a review gives one rubric criterion, with a comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.SmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["review", "criterion__order"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="reviewscore_once")]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.criterion_id}: {self.score}"
