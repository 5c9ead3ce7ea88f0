"""The organisation directory pages: search, detail, create and edit."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hetao.engines import identifiers
from hetao.zone.domain.services import organisation_update
from hetao.zone.models import Organisation, OrganisationIdentifier
from tests.factories.pages import elements, inline_code, text, texts
from tests.factories.people import (
    make_affiliation,
    make_organisation,
    make_person,
    make_user,
    make_user_with_role,
)

pytestmark = pytest.mark.django_db

VALID_USCC = identifiers.make_valid("cn_uscc", "91440300MA5F0000X")


def _row_links(response) -> list[str]:
    """The primary name of each result row."""
    return texts(response.content, "organisation-name")


@pytest.fixture
def directory(sz_park, hk_park):
    return {
        "hku": make_organisation(
            park=hk_park,
            name_en="The University of Hong Kong",
            name_hant="香港大學",
            name_hans="香港大学",
            aliases=["HKU", "港大"],
        ),
        "sustech": make_organisation(
            park=sz_park,
            name_en="Southern University of Science and Technology",
            name_hans="南方科技大学",
            name_hant="南方科技大學",
            aliases=["SUSTech", "南科大"],
        ),
        "lab": make_organisation(park=sz_park, kind="laboratory", name_en="Hetao Quantum Laboratory"),
        "oxford": make_organisation(park=None, country="GB", name_en="University of Oxford"),
    }


# --- Search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("university of hong kong", ["The University of Hong Kong"]),
        ("香港大學", ["The University of Hong Kong"]),
        ("香港大学", ["The University of Hong Kong"]),
        ("HKU", ["The University of Hong Kong"]),
        ("sustech", ["Southern University of Science and Technology"]),
        ("南科大", ["Southern University of Science and Technology"]),
    ],
)
def test_organisation_search_finds_by_any_name_or_alias(client, directory, query, expected):
    response = client.get("/organisations/", {"q": query})

    assert _row_links(response) == expected


def test_organisation_search_by_kind(client, directory):
    response = client.get("/organisations/", {"kind": "laboratory"})

    assert _row_links(response) == ["Hetao Quantum Laboratory"]


@pytest.mark.parametrize(
    ("park", "expected"),
    [
        ("SZ", ["Hetao Quantum Laboratory", "Southern University of Science and Technology"]),
        ("HK", ["The University of Hong Kong"]),
        ("outside", ["University of Oxford"]),
        (
            "",
            [
                "Hetao Quantum Laboratory",
                "Southern University of Science and Technology",
                "The University of Hong Kong",
                "University of Oxford",
            ],
        ),
    ],
)
def test_organisation_search_by_park(client, directory, park, expected):
    response = client.get("/organisations/", {"park": park})

    assert _row_links(response) == expected


def test_organisation_search_ignores_an_unknown_filter_value(client, directory):
    response = client.get("/organisations/", {"kind": "pirate-ship", "q": "hku"})

    assert response.status_code == 200
    assert _row_links(response) == ["The University of Hong Kong"]


def test_organisation_search_shows_the_name_in_the_active_language_and_others_beneath(client, directory):
    response = client.get("/organisations/", {"q": "hku"}, HTTP_ACCEPT_LANGUAGE="zh-HK")

    row = text(response.content, "organisation-row")
    # The kind is translated when the catalogues are; the names come from the record.
    assert row == "香港大學 香港大学 The University of Hong Kong 大學 香港園區"


def test_organisation_search_counts_the_matches(client, directory):
    response = client.get("/organisations/", {"q": "university"})

    assert response.content.decode().count("3 organisations match.") == 1


def test_organisation_search_htmx_returns_only_the_results_fragment(client, directory):
    response = client.get("/organisations/", {"q": "hku"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.templates[0].name == "zone/_organisation_results.html"
    assert "<html" not in html
    assert _row_links(response) == ["The University of Hong Kong"]
    assert [p["hx-swap-oob"] for p in elements(html, "p") if p.get("id") == "organisation-count"] == ["innerHTML"]
    assert response["Vary"] == "HX-Request, Accept-Language, Cookie"


def test_organisation_search_htmx_history_restore_gets_the_whole_page(client, directory):
    response = client.get(
        "/organisations/", {"q": "hku"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )

    assert response.templates[0].name == "zone/organisation_list.html"


def test_organisation_search_form_is_wired_for_live_results(client, zone):
    response = client.get("/organisations/")

    form = next(f for f in elements(response.content, "form") if f.get("data-testid") == "organisation-search")
    assert (form["hx-get"], form["hx-trigger"], form["hx-target"], form["hx-push-url"]) == (
        "/organisations/",
        "input changed delay:300ms, search, submit",
        "#organisation-results",
        "true",
    )


def test_organisation_list_pages_by_25(client, sz_park):
    for n in range(27):
        make_organisation(park=sz_park, name_en=f"Organisation {n:02d}")

    first = client.get("/organisations/")
    second = client.get("/organisations/", {"page": 2})

    assert len(_row_links(first)) == 25
    assert _row_links(second) == ["Organisation 25", "Organisation 26"]
    assert [a["href"] for a in elements(first.content, "a") if a.get("rel") == "next"] == ["?page=2"]


@pytest.mark.parametrize("signed_in", [False, True])
def test_organisation_list_query_count_does_not_grow_with_rows(client, sz_park, hk_park, signed_in):
    if signed_in:
        client.force_login(make_user())
    make_organisation(park=sz_park)
    with CaptureQueriesContext(connection) as one_row:
        client.get("/organisations/")
    make_organisation(park=hk_park)
    make_organisation(park=None, country="GB")

    with CaptureQueriesContext(connection) as three_rows:
        response = client.get("/organisations/")

    assert len(_row_links(response)) == 3
    assert len(three_rows) == len(one_row), "\n".join(q["sql"] for q in three_rows.captured_queries)


# --- Detail ----------------------------------------------------------------------------------------


def test_organisation_detail_shows_names_aliases_and_identifiers(client, hk_park, sz_park):
    organisation = make_organisation(
        park=sz_park,
        name_en="Shenzhen Test Institute",
        name_hans="深圳测试研究院",
        name_hant="深圳測試研究院",
        aliases=["STI"],
        website="https://sti.example.cn",
        identifiers={"cn_uscc": VALID_USCC},
    )

    response = client.get(f"/organisations/{organisation.pk}/")

    assert text(response.content, "organisation-names") == (
        "English Shenzhen Test Institute Simplified Chinese 深圳测试研究院 "
        "Traditional Chinese 深圳測試研究院 Aliases and abbreviations STI"
    )
    assert text(response.content, "organisation-identifiers") == f"Unified Social Credit Code {VALID_USCC}"
    assert texts(response.content, "edit-organisation") == []


def test_organisation_detail_members_only_people_the_user_may_see(client, sz_park):
    organisation = make_organisation(park=sz_park)
    listed = make_person(
        family_name_latin="Lee",
        given_name_latin="Ka-yan",
        family_name_hant="李",
        given_name_hant="嘉欣",
        family_name_hans="李",
        given_name_hans="嘉欣",
    )
    unlisted = make_person(listed_in_directory=False)
    former = make_person(family_name_latin="Wong", family_name_hant="黃", family_name_hans="黄")
    make_affiliation(listed, organisation, title="Professor")
    make_affiliation(unlisted, organisation)
    make_affiliation(former, organisation, end=date(2021, 1, 1))
    client.force_login(make_user())

    response = client.get(f"/organisations/{organisation.pk}/")

    assert text(response.content, "organisation-members") == "LEE Ka-yan · Professor"


def test_organisation_detail_hides_members_from_anonymous_visitors(client, sz_park):
    organisation = make_organisation(park=sz_park)
    make_affiliation(make_person(), organisation)

    response = client.get(f"/organisations/{organisation.pk}/")

    assert texts(response.content, "organisation-members") == []


def test_organisation_detail_edit_button_for_its_park_admin(client, sz_park):
    organisation = make_organisation(park=sz_park)
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))

    response = client.get(f"/organisations/{organisation.pk}/")

    assert texts(response.content, "edit-organisation") == ["Edit"]


def test_organisation_detail_no_edit_button_for_another_parks_admin(client, sz_park, hk_park):
    organisation = make_organisation(park=sz_park)
    client.force_login(make_user_with_role("park_admin", scope="park", park=hk_park))

    response = client.get(f"/organisations/{organisation.pk}/")

    assert texts(response.content, "edit-organisation") == []


def test_organisation_detail_inactive_is_404_to_the_public(client, sz_park):
    organisation = make_organisation(park=sz_park)
    organisation_update(actor=None, organisation=organisation, is_active=False)

    response = client.get(f"/organisations/{organisation.pk}/")

    assert response.status_code == 404


# --- Create ----------------------------------------------------------------------------------------


def _create_data(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "enterprise",
        "park": "SZ",
        "country": "",
        "name_en": "Hetao Robotics",
        "name_hans": "河套机器人",
        "name_hant": "",
        "aliases": "HR\n河套机器人公司\n",
        "website": "hetao-robotics.example.cn",
        "uscc": "",
        "hk_br": "",
        "hk_cr": "",
    }
    data.update(overrides)
    return data


def test_organisation_create_saves_and_redirects(client, sz_park):
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))

    response = client.post("/organisations/new/", _create_data(uscc=VALID_USCC.lower()))

    organisation = Organisation.objects.get(name_en="Hetao Robotics")
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{organisation.pk}/"
    assert (organisation.park, organisation.country, organisation.aliases, organisation.website) == (
        sz_park,
        "CN",
        ["HR", "河套机器人公司"],
        "https://hetao-robotics.example.cn",
    )
    assert list(organisation.identifiers.values_list("kind", "value")) == [("cn_uscc", VALID_USCC)]


def test_organisation_create_wrong_uscc_shows_field_error_and_saves_nothing(client, sz_park):
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))
    wrong = VALID_USCC[:-1] + ("0" if VALID_USCC[-1] != "0" else "1")
    before = Organisation.objects.count()

    response = client.post("/organisations/new/", _create_data(uscc=wrong))

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {
        "uscc": [
            f"Character 18 should be the check character '{VALID_USCC[-1]}', but it is '{wrong[-1]}'. "
            "A character has probably been mistyped."
        ]
    }
    assert Organisation.objects.count() == before
    assert texts(response.content, "error-summary") != []
    assert inline_code(response.content) == []


def test_organisation_create_taken_identifier_is_a_field_error(client, sz_park):
    make_organisation(park=sz_park, name_en="First Holder", identifiers={"cn_uscc": VALID_USCC})
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))

    response = client.post("/organisations/new/", _create_data(uscc=VALID_USCC))

    assert response.context["form"].errors == {"uscc": [f"{VALID_USCC} is already registered to First Holder."]}
    assert Organisation.objects.filter(name_en="Hetao Robotics").exists() is False


def test_organisation_create_outside_the_zone_needs_a_country(client, sz_park):
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))

    response = client.post("/organisations/new/", _create_data(park="outside", country=""))

    assert response.context["form"].errors == {
        "country": ["Give the country or region of an organisation outside the zone."]
    }


def test_organisation_create_country_must_match_the_park(client, sz_park):
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))

    response = client.post("/organisations/new/", _create_data(country="hk"))

    assert response.context["form"].errors == {"country": ["An organisation in Shenzhen Park must be in CN, not HK."]}


def test_organisation_create_forbidden_without_permission(client, zone):
    client.force_login(make_user_with_role("researcher", scope="zone"))

    response = client.get("/organisations/new/")
    posted = client.post("/organisations/new/", _create_data())

    assert (response.status_code, posted.status_code) == (403, 403)
    assert Organisation.objects.count() == 0


def test_organisation_create_asks_anonymous_visitors_to_sign_in(client, zone):
    response = client.get("/organisations/new/")

    assert response.status_code == 302
    assert response["Location"].endswith("?next=/organisations/new/")


# --- Edit ------------------------------------------------------------------------------------------


def _edit_data(organisation: Organisation, **overrides: str) -> dict[str, str]:
    data = {
        "kind": organisation.kind,
        "park": organisation.park.code if organisation.park else "outside",
        "country": organisation.country,
        "name_en": organisation.name_en,
        "name_hans": organisation.name_hans,
        "name_hant": organisation.name_hant,
        "aliases": "\n".join(organisation.aliases),
        "website": organisation.website,
        "uscc": "",
        "hk_br": "",
        "hk_cr": "",
        "version": str(organisation.version),
    }
    data.update(overrides)
    return data


def test_organisation_edit_saves_changes(client, hk_park):
    organisation = make_organisation(park=hk_park, name_en="Old Name")
    client.force_login(make_user_with_role("park_admin", scope="park", park=hk_park))

    response = client.post(f"/organisations/{organisation.pk}/edit/", _edit_data(organisation, name_en="New Name"))

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert (organisation.name_en, organisation.version) == ("New Name", 2)


def test_organisation_edit_stale_version_shows_the_conflict(client, hk_park):
    organisation = make_organisation(park=hk_park, name_en="Old Name")
    opened = _edit_data(organisation, name_en="My Name")
    organisation_update(actor=None, organisation=organisation, name_en="Their Name")
    client.force_login(make_user_with_role("park_admin", scope="park", park=hk_park))

    response = client.post(f"/organisations/{organisation.pk}/edit/", opened)

    organisation.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Someone else changed this record since you opened it (your version 1, now 2). "
        "Reload it and apply your changes again."
    ]
    assert organisation.name_en == "Their Name"


def test_organisation_edit_wrong_hk_br_is_an_error_on_that_field(client, hk_park):
    organisation = make_organisation(park=hk_park)
    client.force_login(make_user_with_role("park_admin", scope="park", park=hk_park))

    response = client.post(f"/organisations/{organisation.pk}/edit/", _edit_data(organisation, hk_br="12A45678"))

    assert list(response.context["form"].errors) == ["hk_br"]
    assert OrganisationIdentifier.objects.filter(organisation=organisation).exists() is False


def test_organisation_edit_form_starts_with_the_current_values(client, hk_park):
    organisation = make_organisation(park=hk_park, aliases=["A", "B"], identifiers={"hk_cr": "1234567"})
    client.force_login(make_user_with_role("park_admin", scope="park", park=hk_park))

    response = client.get(f"/organisations/{organisation.pk}/edit/")

    initial = response.context["form"].initial
    assert (initial["park"], initial["aliases"], initial["hk_cr"], initial["version"]) == ("HK", "A\nB", "1234567", 1)


def test_organisation_edit_form_outside_the_zone_selects_outside(client, sz_park):
    organisation = make_organisation(park=None, country="DE")
    client.force_login(make_user_with_role("park_admin", scope="zone"))

    response = client.get(f"/organisations/{organisation.pk}/edit/")

    selected = [o["value"] for o in elements(response.content, "option") if "selected" in o]
    assert selected == ["university", "outside"]


def test_organisation_create_needs_kind_and_park_chosen(client, sz_park):
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))

    response = client.post("/organisations/new/", _create_data(kind="", park=""))

    assert response.context["form"].errors == {"kind": ["This field is required."], "park": ["This field is required."]}


def test_organisation_edit_forbidden_to_another_parks_admin(client, sz_park, hk_park):
    organisation = make_organisation(park=hk_park)
    client.force_login(make_user_with_role("park_admin", scope="park", park=sz_park))

    response = client.post(f"/organisations/{organisation.pk}/edit/", _edit_data(organisation, name_en="Taken"))

    organisation.refresh_from_db()
    assert response.status_code == 403
    assert organisation.name_en != "Taken"


def test_organisation_create_in_other_park_refused_for_park_scoped_admin(client, zone, sz_park, hk_park):
    from hetao.zone.models import Organisation
    from tests.factories.people import PASSWORD, make_user_with_role

    admin = make_user_with_role("park_admin", scope="park", park=sz_park)
    client.login(username=admin.username, password=PASSWORD)
    response = client.post(
        "/organisations/new/",
        {"kind": "enterprise", "park": "HK", "country": "HK", "name_en": "Across The River Ltd"},
    )
    assert response.status_code == 200
    assert "only in the parks you administer" in response.content.decode()
    assert Organisation.objects.filter(name_en="Across The River Ltd").exists() is False
    response = client.post(
        "/organisations/new/",
        {"kind": "enterprise", "park": "SZ", "country": "CN", "name_en": "Same Bank Ltd"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name_en="Same Bank Ltd").park == sz_park
