"""Helpers for API tests: tokens made through the accounts service, and the header that carries them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hetao.accounts.domain.services import api_token_create


def make_token(
    user: Any, *, scopes: Sequence[str] = ("read", "write"), name: str = "test token", days: int | None = None
) -> str:
    """A live token for ``user``; returns the raw secret to send."""
    return api_token_create(actor=user, user=user, name=name, scopes=list(scopes), days=days).raw


def bearer(raw_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw_token}"}


def json_post(client: Any, url: str, data: Any, **extra: Any) -> Any:
    return client.post(url, data, content_type="application/json", **extra)


def json_patch(client: Any, url: str, data: Any, **extra: Any) -> Any:
    return client.patch(url, data, content_type="application/json", **extra)


def queries_for_get(client: Any, url: str, **extra: Any) -> int:
    """How many database queries one successful GET makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:500]
    return len(captured.captured_queries)


def iso(value: Any) -> str:
    """A datetime as the API writes it."""
    from django.core.serializers.json import DjangoJSONEncoder

    return str(DjangoJSONEncoder().default(value))
