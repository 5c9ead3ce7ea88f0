"""Admin for roles, API tokens and sign-in attempts.

Writes go through the domain services so that each one reaches the audit ledger: a role is granted or
revoked (never edited in place), a token is revoked (never created here, since only its owner may see the
secret, and never deleted, since its record explains past API calls). Sign-in attempts are read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hetao.accounts.domain.services import api_token_revoke, role_grant, role_revoke, user_set_active
from hetao.accounts.models import ApiToken, LoginAttempt, RoleAssignment
from hetao.core.admin import ReadOnlyAdmin
from hetao.core.errors import DomainError


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not generic at runtime
    list_display = ("user", "role", "scope", "park", "organisation", "created_at")
    list_filter = ("role", "scope", "park")
    search_fields = ("user__username", "organisation__name_en")
    list_select_related = ("user", "park", "organisation")
    raw_id_fields = ("user", "organisation")
    fields = ("user", "role", "scope", "park", "organisation")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An assignment is granted or revoked, never edited: the ledger then tells the whole story.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        granted = role_grant(
            actor=request.user,
            user=obj.user,
            role=obj.role,
            scope=obj.scope,
            park=obj.park,
            organisation=obj.organisation,
        )
        obj.pk = granted.pk
        obj.created_at = granted.created_at
        obj.updated_at = granted.updated_at

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        for assignment in queryset.select_related("user"):
            role_revoke(actor=request.user, assignment=assignment)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not generic at runtime
    list_display = (
        "name",
        "user",
        "prefix",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "expires_at", "created_at")
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    # key_hash is left out on purpose: nobody needs to see it, and showing it invites copying it about.
    fields = ("name", "user", "prefix", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        # api_token_revoke lets only the owner or a superuser revoke a token.
        return bool(request.user.is_active and request.user.is_superuser)

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                api_token_revoke(actor=request.user, token=token)
            except DomainError as exc:
                self.message_user(request, f"{token}: {exc.message}", messages.WARNING)
            else:
                revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not generic at runtime
    list_display = ("created_at", "username", "ip_address", "succeeded")
    list_filter = ("succeeded", "created_at")
    search_fields = ("username", "ip_address")
    date_hierarchy = "created_at"
    fields = ("created_at", "username", "ip_address", "succeeded")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Django's own user and group admins write without the audit ledger; these replace them. Accounts are made with
# `hetao createaccount` and changed by their owners on the account page; here they can be read, and suspended or
# restored through the domain service.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "email", "is_active", "is_staff", "is_superuser", "last_login", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("username", "email")
    fields = ("username", "email", "is_active", "is_staff", "is_superuser", "groups", "last_login", "date_joined")
    actions = ("suspend", "restore")

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("suspend", None)
            actions.pop("restore", None)
        return actions

    @admin.action(description=_("Suspend the selected accounts"))
    def suspend(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_active(request, queryset, active=False)

    @admin.action(description=_("Restore the selected accounts"))
    def restore(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_active(request, queryset, active=True)

    def _set_active(self, request: HttpRequest, queryset: QuerySet[Any], *, active: bool) -> None:
        changed = 0
        for user in queryset:
            if user.pk == request.user.pk:
                self.message_user(request, _("You cannot suspend your own account."), messages.ERROR)
                continue
            if user.is_active != active:
                user_set_active(actor=request.user, user=user, active=active, reason="admin action")
                changed += 1
        self.message_user(
            request, ngettext("%(n)d account changed.", "%(n)d accounts changed.", changed) % {"n": changed}
        )


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ("name",)
    fields = ("name", "permissions")
