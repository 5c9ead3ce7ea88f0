"""Pages for signing in and out and for one's own account: password, roles and API tokens."""

from hetao.accounts.views.account import account_view, password_change, token_create, token_revoke
from hetao.accounts.views.auth import login_view, logout_view

__all__ = ["account_view", "login_view", "logout_view", "password_change", "token_create", "token_revoke"]
