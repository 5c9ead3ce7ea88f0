"""Signing in (throttled, through ``login_attempt``) and signing out."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import NoReverseMatch
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from hetao.accounts.domain.services import login_attempt
from hetao.accounts.forms import LoginForm


def _named_url(name: str) -> str:
    try:
        return resolve_url(name)
    except NoReverseMatch:
        # The home page lives in another app; until it is wired up, the site root is the safe landing place.
        return "/"


def safe_next_url(request: HttpRequest, candidate: str) -> str | None:
    """``candidate`` if it points back into this site, else None (an open redirect is a phishing aid)."""
    if candidate and url_has_allowed_host_and_scheme(
        url=candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    retry_after = 0
    if form.is_bound and form.is_valid():
        outcome = login_attempt(
            request=request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if outcome.throttled:
            retry_after = outcome.retry_after_seconds
            minutes = max(1, math.ceil(retry_after / 60))
            form.add_error(
                None,
                ngettext(
                    "Too many failed sign-in attempts. Wait %(minutes)d minute, then try again.",
                    "Too many failed sign-in attempts. Wait %(minutes)d minutes, then try again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            status = 429
        elif outcome.user is None:
            # The same words whether the username exists or not, so the form does not reveal accounts.
            form.add_error(None, _("The username or password is wrong."))
        else:
            # login() gives the session a new key, so a key planted before sign-in is worthless after it.
            auth_login(request, outcome.user)
            target = safe_next_url(request, next_url) or _named_url(settings.LOGIN_REDIRECT_URL)
            return HttpResponseRedirect(target)
    response = render(
        request,
        "accounts/login.html",
        {"form": form, "next": safe_next_url(request, next_url) or ""},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_POST
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return HttpResponseRedirect(_named_url(settings.LOGOUT_REDIRECT_URL))
