"""What every app's pages share: permission checks, pagination, and list pages that answer htmx requests
with just their results fragment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

PAGE_SIZE = 25


def require_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Let the request on, or answer 403. Views that need a signed-in user are wrapped in ``login_required``
    first, so an anonymous visitor is sent to sign in rather than refused."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def paginate(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def is_fragment_request(request: HttpRequest) -> bool:
    """An htmx request for part of a page; a history restore needs the whole page."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.history_restore_request


def render_list(
    request: HttpRequest, page_template: str, fragment_template: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only its results fragment when htmx asks for it (live search, paging)."""
    fragment = is_fragment_request(request)
    context["is_fragment"] = fragment
    response = render(request, fragment_template if fragment else page_template, context)
    # The same URL answers with a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response
