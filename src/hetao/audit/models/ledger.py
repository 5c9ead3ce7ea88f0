from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One entry of the zone's tamper-evident, append-only audit ledger.

    ``hash`` is SHA-256 over ``prev_hash`` and the canonical JSON of every other field (see
    ``hetao.engines.ledger``). Database triggers refuse UPDATE and DELETE on this table, and its
    ``occurred_at`` serves as the creation time: a ledger row is never updated, so it has no
    ``updated_at``.
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    actor = models.CharField(_("actor"), max_length=200)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=100)
    payload = models.JSONField(_("payload"), default=dict)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"


class LedgerHead(models.Model):
    """The single row that serialises appends: writers lock it, read the head, append, move it on."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(singleton=1), name="ledger_head_singleton")]
        default_permissions = ()

    def __str__(self) -> str:
        return f"head #{self.sequence}"


class AuditCheckpoint(models.Model):
    """A signed statement of the ledger head, to be handed to an outside party who keeps it."""

    sequence = models.PositiveBigIntegerField(_("sequence"))
    head_hash = models.CharField(_("head hash"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    public_key = models.CharField(_("public key"), max_length=64)
    signature = models.CharField(_("signature"), max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sequence", "-signed_at"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"checkpoint #{self.sequence}"
