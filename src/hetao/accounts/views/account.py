"""The account page: who I am, which roles I hold where, my password, my API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from hetao.accounts.domain.services import IssuedToken, api_token_create, api_token_revoke, user_set_password
from hetao.accounts.enums import TokenScope
from hetao.accounts.forms import ApiTokenCreateForm, PasswordChangeForm, add_domain_errors
from hetao.accounts.models import ApiToken, RoleAssignment
from hetao.core.errors import DomainError

TOKENS_FRAGMENT = "accounts/_tokens.html"


def _session_expires_at(request: HttpRequest) -> datetime:
    """When the server forgets this session: the stored expiry for database-backed sessions (computing it
    afresh would move it forward on every page view)."""
    session = request.session
    model = getattr(session, "model", None)
    if model is not None and session.session_key:
        stored: datetime | None = (
            model.objects.filter(session_key=session.session_key).values_list("expire_date", flat=True).first()
        )
        if stored is not None:
            return stored
    return session.get_expiry_date()


def _tokens(user: Any) -> list[ApiToken]:
    now = timezone.now()
    labels = dict(TokenScope.choices)
    tokens = list(ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk"))
    for token in tokens:
        # "write" is labelled "Read and write", so a separate "Read" beside it would say it twice.
        shown = [s for s in token.scopes if not (s == TokenScope.READ and TokenScope.WRITE in token.scopes)]
        token.scope_labels = [str(labels.get(s, s)) for s in shown]  # type: ignore[attr-defined]
        token.is_revoked = token.revoked_at is not None  # type: ignore[attr-defined]
        token.is_expired = token.expires_at <= now  # type: ignore[attr-defined]
    return tokens


def _tokens_context(
    request: HttpRequest,
    *,
    token_form: ApiTokenCreateForm | None = None,
    issued: IssuedToken | None = None,
    notice: str = "",
) -> dict[str, Any]:
    return {
        "tokens": _tokens(request.user),
        "token_form": token_form or ApiTokenCreateForm(),
        "issued": issued,
        "notice": notice,
    }


def _render_account(
    request: HttpRequest,
    *,
    password_form: PasswordChangeForm | None = None,
    status: int = 200,
    **token_parts: Any,
) -> HttpResponse:
    user: Any = request.user
    try:
        person = user.person
    except (AttributeError, ObjectDoesNotExist):
        person = None
    roles = (
        RoleAssignment.objects.filter(user_id=user.pk)
        .select_related("park", "organisation")
        .order_by("role", "scope", "pk")
    )
    context = {
        "person": person,
        "roles": roles,
        "password_form": password_form or PasswordChangeForm(user=user),
        "session_expires_at": _session_expires_at(request),
        "session_ends_with_browser": request.session.get_expire_at_browser_close(),
        **_tokens_context(request, **token_parts),
    }
    return render(request, "accounts/account.html", context, status=status)


def _render_tokens(request: HttpRequest, **token_parts: Any) -> HttpResponse:
    """The token section alone for htmx, the whole page otherwise."""
    if getattr(request, "htmx", False):
        return render(request, TOKENS_FRAGMENT, _tokens_context(request, **token_parts))
    return _render_account(request, **token_parts)


@require_GET
@login_required
@never_cache
def account_view(request: HttpRequest) -> HttpResponse:
    return _render_account(request)


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_POST
@login_required
@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(request.POST, user=user)
    if form.is_valid():
        try:
            user_set_password(actor=user, user=user, password=form.cleaned_data["new_password1"])
        except DomainError as exc:
            add_domain_errors(form, exc, field_map={"password": "new_password1"})
        else:
            # Keeps this session signed in (with a fresh key); other sessions of the user end.
            update_session_auth_hash(request, user)  # type: ignore[arg-type]
            messages.success(request, _("Your password was changed."))
            return HttpResponseRedirect(reverse("accounts:account"))
    return _render_account(request, password_form=form)


@require_POST
@login_required
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST)
    issued = None
    if form.is_valid():
        try:
            issued = api_token_create(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=list(form.cleaned_data["scopes"]),
                days=form.cleaned_data["days"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            form = ApiTokenCreateForm()
    # The raw token exists only in this response: it is neither stored nor put in the session.
    return _render_tokens(request, token_form=form, issued=issued)


@require_POST
@login_required
@never_cache
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    if not request.user.has_perm("accounts.revoke_apitoken", token):
        # Not found rather than forbidden: whether someone else's token exists is not the asker's business.
        raise Http404
    try:
        api_token_revoke(actor=request.user, token=token)
    except DomainError as exc:
        notice = exc.message
    else:
        notice = _("The token %(name)s was revoked.") % {"name": token.name}
    if getattr(request, "htmx", False):
        return _render_tokens(request, notice=notice)
    messages.info(request, notice)
    return HttpResponseRedirect(reverse("accounts:account") + "#api-tokens")
