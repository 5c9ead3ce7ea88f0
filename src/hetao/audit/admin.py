"""The audit ledger in the admin: to read, never to change. The database refuses UPDATE and DELETE on it anyway;
the admin does not offer them."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from hetao.audit.models import AuditCheckpoint, AuditEvent
from hetao.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "occurred_at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("=sequence", "actor", "action", "=object_id")
    date_hierarchy = "occurred_at"
    ordering = ("-sequence",)
    fields = (
        "sequence",
        "occurred_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "payload_pretty",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields
    show_full_result_count = False  # counting a long ledger on every page is slow

    @admin.display(description=_("payload"))
    def payload_pretty(self, event: AuditEvent) -> SafeString:
        return format_html("<pre>{}</pre>", json.dumps(event.payload, ensure_ascii=False, indent=2, sort_keys=True))


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "signed_at", "head_hash", "public_key")
    ordering = ("-sequence",)
    readonly_fields = ("sequence", "head_hash", "signed_at", "public_key", "signature")
