"""What every API router shares: token authentication, the error body, idempotent creates."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import timedelta
from math import ceil
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

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


def error_responses(*status_codes: int) -> dict[int, type[ErrorOut]]:
    """The ``response=`` entries documenting which errors an endpoint may answer with."""
    return dict.fromkeys(status_codes, ErrorOut)


def error_body(
    code: str, message: str, field: str | None = None, errors: list[dict[str, Any]] | None = None
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

    def __call__(self, request: HttpRequest) -> Any:
        # Check CSRF only when there is a signed-in session to protect: a client without one (a script whose
        # token was refused) must get 401 unauthenticated, not a CSRF failure.
        user = self.authenticate(request, request.COOKIES.get(self.param_name))
        if user is None:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise PermissionDenied("csrf_failed", _("The CSRF check failed. Reload the page and try again."))
        return user

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
    with contextlib.suppress(ValueError, UnicodeDecodeError):
        body = json.dumps(json.loads(body), sort_keys=True).encode()
    return hashlib.sha256((request.method or "").encode() + b" " + request.path.encode() + b"\n" + body).hexdigest()


IDEMPOTENCY_TTL = timedelta(hours=24)


def idempotent_create(request: HttpRequest, create: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    """Run ``create`` once per ``Idempotency-Key``: a retry with the same key and body gets the first
    response, the same key with another body is refused, and a failed create leaves no record, so it can be
    retried. ``create`` returns (status, JSON-ready body); the body is stored, so it must hold no secret."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return create()
    if len(key) > 200:
        raise DomainError(
            "idempotency_key_too_long",
            _("The Idempotency-Key header is longer than 200 characters."),
            field="Idempotency-Key",
        )
    fingerprint = _fingerprint(request)
    user: Any = request.user  # authenticated: the API checks before any endpoint runs
    expired = timezone.now() - IDEMPOTENCY_TTL
    IdempotencyRecord.objects.filter(user=user, key=key, created_at__lt=expired).delete()
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
        # Another request with this key committed first (a concurrent retry): answer as it did. Any other
        # integrity error came from the create itself and is not ours to hide.
        found = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if found is None:
            raise
        record = found
    if record.fingerprint != fingerprint:
        raise DomainError(
            "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request."),
            field="Idempotency-Key",
        )
    return record.status_code or 200, record.response


# --- Lists ----------------------------------------------------------------------------------------------

MAX_PAGE_SIZE = 100


class PageIn(Schema):
    """Which page of a list to return."""

    page: int = Field(1, ge=1, description="Page number, counting from 1. A page past the last is empty.")
    page_size: int = Field(25, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, at most {MAX_PAGE_SIZE}.")


class PageOut(Schema):
    """Every list answers ``{items, count, page, page_size, pages}``: the items of the requested page, the
    number of matches on all pages, the page and page size used, and the number of pages (at least 1)."""

    count: int
    page: int
    page_size: int
    pages: int


def paginate(items: QuerySet[Any] | Sequence[Any], page: PageIn, build: Callable[[Any], Any]) -> dict[str, Any]:
    """One page of a queryset (or list), each row turned into its output schema by ``build``.

    Two queries for a queryset, the count and the page, plus whatever prefetching the queryset carries.
    """
    count = items.count() if isinstance(items, QuerySet) else len(items)
    start = (page.page - 1) * page.page_size
    return {
        "items": [build(row) for row in items[start : start + page.page_size]],
        "count": count,
        "page": page.page,
        "page_size": page.page_size,
        "pages": max(1, ceil(count / page.page_size)),
    }
