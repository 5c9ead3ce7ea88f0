"""In a real browser under the strict Content-Security-Policy: create an API token with htmx, see it once,
revoke it."""

from __future__ import annotations

from tests.browser_support import needs_chromium

pytestmark = needs_chromium


def test_browser_token_create_and_revoke_with_htmx(live_server, zone, browser_page):
    from hetao.accounts.domain.services import api_token_authenticate
    from tests.factories.people import PASSWORD, make_user

    make_user(username="token-user")
    page = browser_page
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/account/")
    page.fill("input[name=username]", "token-user")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/accounts/account/")

    page.fill("#api-tokens input[name=name]", "ci")
    with page.expect_response(f"{live_server.url}/accounts/account/tokens/") as created:
        page.click("#api-tokens form[hx-post$='/tokens/'] button[type=submit]")
    assert created.value.request.headers.get("hx-request") == "true"
    raw = page.inner_text("#api-tokens code.secret")
    assert raw.startswith("hetao_")
    assert page.url == f"{live_server.url}/accounts/account/"

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#api-tokens form[hx-post*='/revoke/'] button[type=submit]")
    page.wait_for_selector("#api-tokens .notice")

    assert page.inner_text("#api-tokens .notice") == "The token ci was revoked."
    assert page.locator("#api-tokens code.secret").count() == 0
    assert api_token_authenticate(raw_token=raw) is None
    assert csp_errors == []
