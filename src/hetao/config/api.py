"""The HTTP API: one django-ninja instance, one router per app, one error format."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hetao.core.api import SessionAuth, TokenAuth, domain_error_body, error_body
from hetao.core.errors import DomainError

api = NinjaAPI(
    title="Hetao API",
    version="1",
    description=(
        "The API of a cross-border science and technology cooperation zone. Authenticate with "
        "`Authorization: Bearer <token>` (create tokens on your account page). Errors have the form "
        "`{code, message, field, errors[]}`; creates accept an `Idempotency-Key` header."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, domain_error_body(exc), status=exc.status)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", []) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc) or None, "code": str(item.get("type", "invalid")),
                       "message": str(item.get("msg", ""))})
    first = errors[0] if errors else {"field": None, "message": _("The request is not valid.")}
    return api.create_response(
        request, error_body("invalid", str(first["message"]), first["field"], errors), status=422
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        error_body("unauthenticated", _("Sign in, or send a valid API token as 'Authorization: Bearer <token>'.")),
        status=401,
    )


@api.exception_handler(AuthorizationError)
def _forbidden(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    return api.create_response(request, error_body("forbidden", _("You may not do this.")), status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("There is no such record.")), status=404)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, error_body("http_error", str(exc)), status=exc.status_code)


def _register_routers() -> None:
    from hetao.accounts.api import router as accounts_router
    from hetao.zone.api import router as zone_router

    api.add_router("/", zone_router)
    api.add_router("/accounts/", accounts_router)


_register_routers()
