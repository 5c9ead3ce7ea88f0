"""Accounts: users, roles, API tokens and throttled sign-in. Every change is audited."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hetao.accounts.domain.selectors import forget_roles
from hetao.accounts.enums import Role, Scope, TokenScope
from hetao.accounts.models import ApiToken, LoginAttempt, RoleAssignment
from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError, FieldProblem, PermissionDenied, ValidationFailed

TOKEN_PREFIX = "hetao_"  # noqa: S105 - a marker that makes leaked tokens recognisable, not a secret


def user_create(*, actor: object | None, username: str, password: str, email: str = "", is_staff: bool = False) -> Any:
    user_model = get_user_model()
    username = username.strip()
    if not username:
        raise DomainError("required", _("Enter a username."), field="username")
    candidate = user_model(username=username, email=email.strip(), is_staff=is_staff)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationFailed(
            [
                FieldProblem(
                    field="password",
                    code=e.code or "password_invalid",
                    message=str(e.message % (e.params or {})),
                )
                for e in exc.error_list
            ]
        ) from None
    with transaction.atomic():
        if user_model.objects.filter(username__iexact=username).exists():
            raise Conflict(
                "username_taken", _("The username %(name)s is taken.") % {"name": username}, field="username"
            )
        candidate.set_password(password)
        candidate.save()
        audit_append(
            actor=actor,
            action="user.create",
            obj=candidate,
            payload={"username": username, "is_staff": is_staff},
        )
    return candidate


def user_set_password(*, actor: object | None, user: Any, password: str) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationFailed(
            [
                FieldProblem(
                    field="password",
                    code=e.code or "password_invalid",
                    message=str(e.message % (e.params or {})),
                )
                for e in exc.error_list
            ]
        ) from None
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_append(actor=actor, action="user.set_password", obj=user, payload={})


def user_set_active(*, actor: object | None, user: Any, active: bool, reason: str = "") -> Any:
    """Suspend or restore an account. A suspended user cannot sign in and their API tokens stop working."""
    with transaction.atomic():
        current = get_user_model().objects.select_for_update().get(pk=user.pk)
        if current.is_active == active:
            return current
        current.is_active = active
        current.save(update_fields=["is_active"])
        audit_append(
            actor=actor,
            action="user.reactivate" if active else "user.suspend",
            obj=current,
            payload={"reason": reason},
        )
    return current


# --- Roles --------------------------------------------------------------------------------------------

PARK_ADMIN_GROUP = "Park administrators"
# What park administrators may open in Django's admin. Rows are still limited to what the rules let them see,
# and the admin changes nothing except through domain services. Roles are not among these: a park
# administrator must not be able to grant roles, least of all to themselves.
_PARK_ADMIN_PERMISSIONS = (
    ("zone", "view_zone"),
    ("zone", "view_park"),
    ("zone", "view_organisation"),
    ("zone", "view_organisationidentifier"),
    ("zone", "view_person"),
    ("zone", "view_affiliation"),
    ("zone", "view_identitydocument"),
    ("zone", "view_personaldatapurpose"),
    ("audit", "view_auditevent"),
    ("audit", "view_auditcheckpoint"),
    ("accounts", "view_loginattempt"),
)


def _park_admin_group() -> Group:
    group, _created = Group.objects.get_or_create(name=PARK_ADMIN_GROUP)
    wanted = Q()
    for app_label, codename in _PARK_ADMIN_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(wanted))
    return group


def _sync_admin_access(user: Any) -> bool:
    """Staff access and the park administrators' group follow the park-administrator role. Returns whether the
    user has admin access now."""
    is_park_admin = RoleAssignment.objects.filter(user=user, role=Role.PARK_ADMIN).exists()
    group = _park_admin_group()
    if is_park_admin:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    staff = is_park_admin or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    return staff


def role_grant(
    *, actor: object | None, user: Any, role: str, scope: str, park: Any = None, organisation: Any = None
) -> RoleAssignment:
    if role not in Role.values:
        raise DomainError("unknown_role", _("Unknown role %(role)s.") % {"role": role}, field="role")
    if scope not in Scope.values:
        raise DomainError("unknown_scope", _("Unknown scope %(scope)s.") % {"scope": scope}, field="scope")
    if scope == Scope.PARK and park is None:
        raise DomainError("park_required", _("A park-scoped role needs a park."), field="park")
    if scope == Scope.ORGANISATION and organisation is None:
        raise DomainError(
            "organisation_required",
            _("An organisation-scoped role needs an organisation."),
            field="organisation",
        )
    assignment = RoleAssignment(
        user=user,
        role=role,
        scope=scope,
        park=park if scope == Scope.PARK else None,
        organisation=organisation if scope == Scope.ORGANISATION else None,
    )
    try:
        with transaction.atomic():
            assignment.save()
            admin_access = _sync_admin_access(user) if role == Role.PARK_ADMIN else user.is_staff
            audit_append(
                actor=actor,
                action="role.grant",
                obj=assignment,
                payload={
                    "admin_access": admin_access,
                    "user": user.pk,
                    "role": role,
                    "scope": scope,
                    "park": assignment.park_id,
                    "organisation": assignment.organisation_id,
                },
            )
    except IntegrityError:
        raise Conflict("role_exists", _("The user already holds this role there.")) from None
    forget_roles(user)
    return assignment


def role_revoke(*, actor: object | None, assignment: RoleAssignment) -> None:
    with transaction.atomic():
        payload: dict[str, Any] = {
            "pk": assignment.pk,
            "user": assignment.user_id,
            "role": assignment.role,
            "scope": assignment.scope,
            "park": assignment.park_id,
            "organisation": assignment.organisation_id,
        }
        assignment.delete()
        if assignment.role == Role.PARK_ADMIN:
            payload["admin_access"] = _sync_admin_access(assignment.user)
        audit_append(
            actor=actor,
            action="role.revoke",
            object_type="accounts.roleassignment",
            object_id=str(payload.pop("pk")),
            payload=payload,
        )
    forget_roles(assignment.user)


# --- Sign-in with throttling --------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginOutcome:
    user: Any | None
    throttled: bool
    retry_after_seconds: int = 0


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    if settings.HETAO_BEHIND_PROXY:
        # Behind our reverse proxy every request comes from the proxy; the client is the address the proxy
        # appended last to X-Forwarded-For (earlier entries are whatever the client claimed).
        forwarded: list[str] = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if forwarded:
            return forwarded[-1]
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    return remote


def login_throttle_state(*, username: str, ip_address: str | None) -> tuple[bool, int]:
    """(throttled?, seconds until the oldest counted failure leaves the window)."""
    window = timedelta(seconds=settings.HETAO_LOGIN_WINDOW_SECONDS)
    since = timezone.now() - window
    who = Q(username__iexact=username)
    if ip_address:
        # Per address, allow more failures: several people may share one office address.
        failures_by_ip = LoginAttempt.objects.filter(ip_address=ip_address, succeeded=False, created_at__gte=since)
        limit_ip = settings.HETAO_LOGIN_MAX_FAILURES * 4
        if failures_by_ip.count() >= limit_ip:
            oldest = failures_by_ip.order_by("created_at").values_list("created_at", flat=True)[
                failures_by_ip.count() - limit_ip
            ]
            return True, _seconds_left(oldest, window)
    failures = LoginAttempt.objects.filter(who, succeeded=False, created_at__gte=since)
    count = failures.count()
    if count >= settings.HETAO_LOGIN_MAX_FAILURES:
        oldest = failures.order_by("created_at").values_list("created_at", flat=True)[
            count - settings.HETAO_LOGIN_MAX_FAILURES
        ]
        return True, _seconds_left(oldest, window)
    return False, 0


def _seconds_left(oldest: datetime, window: timedelta) -> int:
    return max(1, int((oldest + window - timezone.now()).total_seconds()) + 1)


def login_attempt(*, request: HttpRequest | None, username: str, password: str) -> LoginOutcome:
    """Check a password, refusing without checking while the username or address is throttled."""
    username = username.strip()
    ip_address = _client_ip(request)
    throttled, retry_after = login_throttle_state(username=username, ip_address=ip_address)
    if throttled:
        return LoginOutcome(user=None, throttled=True, retry_after_seconds=retry_after)
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        LoginAttempt.objects.create(username=username[:150], ip_address=ip_address, succeeded=user is not None)
        if user is not None:
            audit_append(actor=user, action="user.login", obj=user, payload={"ip": ip_address})
        else:
            known = get_user_model().objects.filter(username__iexact=username).first()
            if known is not None:
                audit_append(actor="anonymous", action="user.login_failed", obj=known, payload={"ip": ip_address})
    return LoginOutcome(user=user, throttled=False)


# --- API tokens ---------------------------------------------------------------------------------------


def _hash_token(raw: str) -> str:
    # A token carries 256 bits of randomness, so a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str


def api_token_create(*, actor: Any, user: Any, name: str, scopes: list[str], days: int | None = None) -> IssuedToken:
    name = name.strip()
    if not name:
        raise DomainError("required", _("Name the token, so you can recognise it later."), field="name")
    unknown = [s for s in scopes if s not in TokenScope.values]
    if unknown or not scopes:
        raise DomainError(
            "invalid_scope",
            _("Choose scopes among: %(allowed)s.") % {"allowed": ", ".join(TokenScope.values)},
            field="scopes",
        )
    lifetime = settings.HETAO_API_TOKEN_DAYS if days is None else days
    if not 1 <= lifetime <= 366:
        raise DomainError("invalid_lifetime", _("A token lives between 1 and 366 days."), field="days")
    normalised = sorted(set(scopes) | ({TokenScope.READ.value} if TokenScope.WRITE in scopes else set()))
    if actor is not None and getattr(actor, "pk", None) != user.pk and not getattr(actor, "is_superuser", False):
        raise PermissionDenied("forbidden", _("You may create tokens only for yourself."))
    secret = secrets.token_urlsafe(32)
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secret}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            key_hash=_hash_token(raw),
            scopes=normalised,
            expires_at=timezone.now() + timedelta(days=lifetime),
        )
        audit_append(
            actor=actor,
            action="api_token.create",
            obj=token,
            payload={"user": user.pk, "name": name, "scopes": normalised, "expires_at": token.expires_at},
        )
    return IssuedToken(token=token, raw=raw)


def api_token_authenticate(*, raw_token: str) -> ApiToken | None:
    """The live token for a presented secret, or None (unknown, revoked, expired, or inactive user)."""
    if not raw_token.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash_token(raw_token)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        # Not audited: reading is not a change of state, and once a minute is enough to show activity.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if actor is not None and getattr(actor, "pk", None) != token.user_id and not getattr(actor, "is_superuser", False):
        raise PermissionDenied("forbidden", _("You may revoke only your own tokens."))
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is not None:
            raise Conflict("already_revoked", _("This token was already revoked."))
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at", "updated_at"])
        audit_append(actor=actor, action="api_token.revoke", obj=current, payload={"prefix": current.prefix})
    return current
