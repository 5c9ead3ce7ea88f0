"""Account helpers for tests: API tokens issued through the domain service, signed-in clients."""

from __future__ import annotations

from typing import Any

from hetao.accounts.domain.services import IssuedToken, api_token_create
from tests.factories.people import PASSWORD, make_user


def make_token(user: Any, *, name: str = "laptop", scopes: list[str] | None = None, days: int = 90) -> IssuedToken:
    return api_token_create(actor=user, user=user, name=name, scopes=scopes or ["read"], days=days)


def signed_in(client: Any, user: Any | None = None, *, password: str = PASSWORD) -> Any:
    """Sign ``user`` (a new one when omitted) in through the login page, as a person would, and return it."""
    from django.urls import reverse

    user = user or make_user(password=password)
    response = client.post(reverse("accounts:login"), {"username": user.get_username(), "password": password})
    assert response.status_code == 302, response.content[:500]
    return user
