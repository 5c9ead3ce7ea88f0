"""In a real browser: an applicant submits a proposal that lacks a principal investigator in the Hong Kong
park, sees that error next to the team, adds the PI (the team section updates in place with htmx) and submits."""

from __future__ import annotations

import pytest

from tests.browser_support import needs_chromium

pytestmark = needs_chromium


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.usefixtures("media_in_tmp")
def test_browser_submit_missing_pi_fix_and_submit(live_server, sz_park, hk_park, browser_page):
    from playwright.sync_api import expect

    from hetao.programmes.models import Proposal, TeamMember
    from tests.factories.people import PASSWORD, make_affiliation, make_organisation, make_person, make_user
    from tests.programmes.factories import make_call, make_eligible_proposal

    call = make_call(sz_park=sz_park, hk_park=hk_park)
    applicant = make_user(username="applicant")
    proposal = make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
    TeamMember.objects.filter(proposal=proposal, organisation__park=hk_park).delete()
    hk_university = make_organisation(park=hk_park, name_en="Harbour University")
    hk_pi = make_person(family_name_latin="Cheung", given_name_latin="Wai", family_name_hant="張", given_name_hant="偉")
    make_affiliation(hk_pi, hk_university)
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/?next=/programmes/proposals/{proposal.pk}/")
    page.fill("input[name=username]", "applicant")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/programmes/proposals/{proposal.pk}/")

    page.click("[data-testid=submit-proposal]")
    team_error = page.locator("[data-testid=problem-team]")
    expect(team_error).to_have_text("A principal investigator at an organisation in Hong Kong Park is required.")
    expect(page.locator("[data-testid=proposal-status]")).to_have_text("Draft")

    page.select_option("select[name=team-affiliation]", value=f"{hk_pi.pk}:{hk_university.pk}")
    page.select_option("select[name=team-role]", value="pi")
    page.click("[data-testid=team-add]")
    expect(page.locator("[data-testid=team-row]")).to_have_count(2)
    expect(team_error).to_have_count(0)  # htmx replaced the team section

    page.click("[data-testid=submit-proposal]")
    expect(page.locator("[data-testid=proposal-status]")).to_have_text("Submitted")
    expect(page.locator(".message--success")).to_contain_text(f"Proposal {proposal.reference} was submitted.")
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
