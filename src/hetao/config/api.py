"""The HTTP API: one django-ninja instance, one router per app, one error format."""

from __future__ import annotations

from typing import Any

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
        "`{code, message, field, errors[]}`, with the message in the language of `Accept-Language`; creates "
        "accept an `Idempotency-Key` header. Lists take `page` and `page_size` (at most 100) and answer "
        "`{items, count, page, page_size, pages}`. Updates take the `version` last read and answer 409 "
        "`stale_version` when the record has changed since."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, domain_error_body(exc), status=exc.status)


def _validation_message(item: dict[str, Any]) -> str:
    """Pydantic speaks English only; the common problems are said here in the caller's language."""
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    templates = {
        "missing": _("This field is required."),
        "json_invalid": _("The request body is not valid JSON."),
        "string_type": _("Enter text."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "list_type": _("Enter a list."),
        "enum": _("Choose one of: %(expected)s."),
        "literal_error": _("Choose one of: %(expected)s."),
        "greater_than_equal": _("Enter a value of at least %(ge)s."),
        "less_than_equal": _("Enter a value of at most %(le)s."),
        "string_too_short": _("Enter at least %(min_length)s characters."),
        "string_too_long": _("Enter at most %(max_length)s characters."),
    }
    template = templates.get(kind)
    if template is None:
        return str(item.get("msg", ""))
    try:
        return template % {k: str(v) for k, v in ctx.items()} if ctx else template
    except (KeyError, TypeError, ValueError):
        return str(item.get("msg", ""))


# The leading parts of a pydantic location say where the value was sent (body, query...) and, for a body,
# the endpoint's argument name, which is ``payload`` by convention; the field is what follows.
_LOCATION_PARTS = {"body", "query", "path", "header", "cookie", "form", "file", "payload"}


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for item in exc.errors:
        parts = list(item.get("loc", []))
        while parts and parts[0] in _LOCATION_PARTS:
            parts.pop(0)
        errors.append(
            {
                "field": ".".join(str(part) for part in parts) or None,
                "code": str(item.get("type", "invalid")),
                "message": _validation_message(item),
            }
        )
    first = errors[0] if errors else {"field": None, "message": _("The request is not valid.")}
    return api.create_response(
        request, error_body("invalid", str(first["message"]), first["field"], errors), status=422
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = _("Sign in, or send a valid API token as 'Authorization: Bearer <token>'.")
    response = api.create_response(request, error_body("unauthenticated", message), status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


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
    from hetao.evaluation.api import router as evaluation_router
    from hetao.experts.api import router as experts_router
    from hetao.funding.api import router as funding_router
    from hetao.programmes.api import router as programmes_router
    from hetao.projects.api import router as projects_router
    from hetao.screening.api import router as screening_router
    from hetao.zone.api import router as zone_router

    api.add_router("/", zone_router)
    api.add_router("/accounts/", accounts_router)
    api.add_router("/screening/", screening_router)
    api.add_router("/experts/", experts_router)
    api.add_router("/programmes/", programmes_router)
    api.add_router("/evaluation/", evaluation_router)
    api.add_router("/funding/", funding_router)
    api.add_router("/projects/", projects_router)


_register_routers()
