"""Two retries of one create, sent at the same moment with the same Idempotency-Key, create one record."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from hetao.accounts.domain.services import api_token_create
from hetao.zone.models import Organisation
from tests.factories.people import make_user_with_role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_retries_with_one_key_create_once(zone):
    admin = make_user_with_role("park_admin")
    token = api_token_create(actor=admin, user=admin, name="race", scopes=["write"]).raw
    body = {"kind": "enterprise", "park": "HK", "country": "HK", "name_en": "Retry Twice Ltd"}
    barrier = threading.Barrier(2)
    responses: list[tuple[int, dict[str, object]]] = []
    failures: list[BaseException] = []

    def post() -> None:
        try:
            barrier.wait(timeout=10)
            response = Client().post(
                "/api/organisations",
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
                HTTP_IDEMPOTENCY_KEY="retry-0001",
            )
            responses.append((response.status_code, response.json()))
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert failures == []
    assert Organisation.objects.filter(name_en="Retry Twice Ltd").count() == 1
    assert [status for status, _ in responses] == [201, 201]
    assert responses[0][1]["id"] == responses[1][1]["id"]
