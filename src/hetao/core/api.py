"""What every API router shares: token authentication, the error body, idempotent creates."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.security import APIKeyCookie, HttpBearer

from hetao.core.errors import DomainError, PermissionDenied
from hetao.core.models import IdempotencyRecord


class ErrorItem(Schema):
    field: str | None
    code: str
    message: str


class ErrorOut(Schema):
    """Every error the API returns: a stable machine-readable code, a message in the caller's language,
    the offending field where there is one, and every problem when several fields are wrong."""

    code: str
    message: str
    field: str | None = None
    errors: list[ErrorItem] = []


def error_body(code: str, message: str, field: str | None = None, errors: list[dict[str, Any]] | None = None
               ) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "field": field,
        "errors": errors if errors is not None else [{"field": field, "code": code, "message": message}],
    }


def domain_error_body(exc: DomainError) -> dict[str, Any]:
    return error_body(
        exc.code,
        exc.message,
        exc.field,
        [{"field": p.field, "code": p.code, "message": p.message} for p in exc.problems],
    )


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``. Tokens are stored as SHA-256 only, scoped, expiring, revocable."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from hetao.accounts.domain.services import api_token_authenticate

        found = api_token_authenticate(raw_token=token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (for the interactive docs), with CSRF checked on writes."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


def require_scope(request: HttpRequest, scope: str) -> None:
    """Writes need a token with the ``write`` scope; a browser session may do what its user may do."""
    token = getattr(request, "api_token", None)
    if token is not None and scope not in token.scopes:
        raise PermissionDenied(
            "token_scope",
            _("This API token lacks the '%(scope)s' scope.") % {"scope": scope},
        )


def _fingerprint(request: HttpRequest) -> str:
    body = request.body or b""
    try:
        body = json.dumps(json.loads(body), sort_keys=True).encode()
    except (ValueError, UnicodeDecodeError):
        pass
    return hashlib.sha256(request.method.encode() + b" " + request.path.encode() + b"\n" + body).hexdigest()


IDEMPOTENCY_TTL = timedelta(hours=24)


def idempotent_create(request: HttpRequest, create: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    """Run ``create`` once per ``Idempotency-Key``: a retry with the same key and body gets the first response,
    the same key with another body is refused, and a failed create leaves no record, so it can be retried."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return create()
    if len(key) > 200:
        raise DomainError("idempotency_key_too_long", _("The Idempotency-Key header is longer than 200 characters."),
                          field="Idempotency-Key")
    fingerprint = _fingerprint(request)
    user = request.user
    IdempotencyRecord.objects.filter(user=user, key=key, created_at__lt=timezone.now() - IDEMPOTENCY_TTL).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user=user, key=key, method=request.method or "", path=request.path, fingerprint=fingerprint
            )
            status, body = create()
            record.status_code = status
            record.response = json.loads(json.dumps(body, default=str))
            record.save(update_fields=["status_code", "response", "updated_at"])
            return status, body
    except IntegrityError:
        # Another request with this key committed first (a concurrent retry): answer as it did.
        pass
    record = IdempotencyRecord.objects.get(user=user, key=key)
    if record.fingerprint != fingerprint:
        raise DomainError(
            "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request."),
            field="Idempotency-Key",
        )
    return record.status_code or 200, record.response
