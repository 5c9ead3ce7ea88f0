"""The caller's own account over HTTP: who am I, and my API tokens.

A token's secret is returned once, when it is created, and is never stored: only its SHA-256 is kept, and
the create response is not recorded for idempotent replay for that reason. Another user's token answers 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hetao.accounts.domain.selectors import role_assignments
from hetao.accounts.domain.services import api_token_create, api_token_revoke
from hetao.accounts.models import ApiToken
from hetao.accounts.schemas import MeOut, TokenCreatedOut, TokenCreateIn, TokenOut, TokenPage, TokenQuery
from hetao.core.api import error_responses, paginate, require_scope
from hetao.core.errors import NotFound, PermissionDenied

router = Router(tags=["accounts"])


def _person_id(user: Any) -> int | None:
    try:
        return int(user.person.pk)
    except ObjectDoesNotExist:
        return None


def _own_tokens(request: HttpRequest) -> Any:
    user: Any = request.user
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


@router.get("/me", response={200: MeOut, **error_responses(401)})
def me(request: HttpRequest) -> MeOut:
    """The caller: account, linked directory record, and roles with where they apply."""
    return MeOut.of(
        request.user,
        person_id=_person_id(request.user),
        roles=role_assignments(request.user),
        token=getattr(request, "api_token", None),
    )


@router.get("/tokens", response={200: TokenPage, **error_responses(401, 422)})
def list_tokens(request: HttpRequest, filters: Query[TokenQuery]) -> dict[str, Any]:
    """The caller's own tokens, newest first, revoked and expired ones included. Never the secret."""
    return paginate(_own_tokens(request), filters, TokenOut.of)


@router.post("/tokens", response={201: TokenCreatedOut, **error_responses(400, 401, 403, 422)})
def create_token(request: HttpRequest, payload: TokenCreateIn, response: HttpResponse) -> Status[TokenCreatedOut]:
    """Create a token for the caller. The answer holds the token itself, this once only.

    Only a signed-in session may do this: a token that could create tokens would let whoever holds a
    leaked one keep access after it is revoked.
    """
    if getattr(request, "api_token", None) is not None:
        raise PermissionDenied("session_required", _("Create API tokens while signed in, not with another API token."))
    issued = api_token_create(
        actor=request.user,
        user=request.user,
        name=payload.name,
        scopes=[scope.value for scope in payload.scopes],
        days=payload.days,
    )
    response["Cache-Control"] = "no-store"
    out = TokenCreatedOut(**TokenOut.of(issued.token).model_dump(), token=issued.raw)
    return Status(201, out)


@router.delete("/tokens/{token_id}", response={200: TokenOut, **error_responses(401, 403, 404, 409)})
def revoke_token(request: HttpRequest, token_id: int) -> TokenOut:
    """Revoke one of the caller's tokens; it stops working at once. A token may revoke itself."""
    require_scope(request, "write")
    token = _own_tokens(request).filter(pk=token_id).first()
    if token is None:
        raise NotFound("not_found", _("There is no such record."))
    return TokenOut.of(api_token_revoke(actor=request.user, token=token))
