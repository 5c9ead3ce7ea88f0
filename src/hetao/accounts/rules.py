"""Who may see and revoke API tokens. The same names serve views, API and templates."""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import is_authenticated, predicate


@predicate
def owns_token(user: Any, token: Any) -> bool:
    return token is not None and user.is_authenticated and token.user_id == user.pk


# Object permissions only: without an object the predicates are false, so these grant nothing model-wide
# (the admin keeps relying on Django's own model permissions).
add_perm("accounts.view_apitoken", is_authenticated & owns_token)
add_perm("accounts.revoke_apitoken", is_authenticated & owns_token)
