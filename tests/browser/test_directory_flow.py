"""In a real browser (the system Chromium, headless, through Playwright): sign in, switch language, search a
person by a romanised name, open the detail page."""

from __future__ import annotations

from tests.browser_support import needs_chromium

pytestmark = needs_chromium


def test_browser_login_switch_language_search_and_open_person(live_server, zone, hk_park, browser_page):
    from tests.factories.people import PASSWORD, make_affiliation, make_organisation, make_person, make_user

    org = make_organisation(
        park=hk_park,
        name_en="The Hong Kong University of Science and Technology",
        name_hant="香港科技大學",
        name_hans="香港科技大学",
        aliases=["HKUST"],
    )
    person = make_person(english_name="Peter")
    make_affiliation(person, org, title="Professor")
    make_person(
        family_name_hant="張",
        given_name_hant="偉",
        family_name_hans="张",
        given_name_hans="伟",
        family_name_latin="Cheung",
        given_name_latin="Wai",
    )
    make_user(username="browser-user")
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "browser-user")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.click("[data-testid=language-zh-hant]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "zh-Hant"

    page.goto(f"{live_server.url}/people/")
    from playwright.sync_api import expect

    expect(page.locator("text=張偉")).to_have_count(1)  # the whole directory, before searching
    page.fill("input[name=q]", "Chan Tai Man")
    expect(page.locator("text=張偉")).to_have_count(0)  # htmx replaced the results
    expect(page.locator("text=陳大文").first).to_be_visible()

    page.click("text=陳大文")
    page.wait_for_url(f"{live_server.url}/people/{person.pk}/")
    assert page.locator("h1").inner_text().strip().startswith("陳大文")
    assert "香港科技大學" in page.content()
