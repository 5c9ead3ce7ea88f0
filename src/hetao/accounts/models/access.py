from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hetao.accounts.enums import Role, Scope


class RoleAssignment(models.Model):
    """A role a user holds over a scope: the whole zone, one park, or one organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    park = models.ForeignKey("zone.Park", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(
        "zone.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="zone", park__isnull=True, organisation__isnull=True)
                    | models.Q(scope="park", park__isnull=False, organisation__isnull=True)
                    | models.Q(scope="organisation", park__isnull=True, organisation__isnull=False)
                ),
                name="role_scope_consistent",
            ),
            # One constraint per scope, because SQLite cannot treat NULLs as equal in a unique constraint.
            models.UniqueConstraint(fields=["user", "role"], condition=models.Q(scope="zone"), name="role_unique_zone"),
            models.UniqueConstraint(
                fields=["user", "role", "park"], condition=models.Q(scope="park"), name="role_unique_park"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=models.Q(scope="organisation"),
                name="role_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role}@{self.scope}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class LoginAttempt(models.Model):
    """One sign-in attempt, kept to throttle repeated failures by username and by address."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.username} {'ok' if self.succeeded else 'failed'} {self.created_at:%Y-%m-%d %H:%M}"
