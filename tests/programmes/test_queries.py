"""Query counts of the programmes lists: the call list and the applicant's proposals, as pages and over the
API, make as many queries for three rows as for one, so an N+1 query fails here."""

from __future__ import annotations

import pytest

from hetao.programmes.domain.services import proposal_create
from tests.factories.api import queries_for_get
from tests.factories.pages import texts
from tests.factories.people import make_user, make_user_with_role
from tests.programmes.factories import make_call, make_eligible_proposal

pytestmark = pytest.mark.django_db
API = "/api/programmes"


def _sign_in(client, who: str):
    """Sign in as ``who``: nobody, an applicant, or a programme manager (who also sees calls being prepared)."""
    if who == "anonymous":
        return None
    user = make_user_with_role("programme_manager") if who == "manager" else make_user()
    client.force_login(user)
    return user


def _more_calls(sz_park, hk_park, who: str) -> None:
    """Two more calls; a manager's list holds one being prepared among them."""
    make_call(sz_park=sz_park, hk_park=hk_park, code="second", title_en="Second call")
    make_call(sz_park=sz_park, hk_park=hk_park, code="third", title_en="Third call", publish=who != "manager")


@pytest.mark.parametrize("who", ["anonymous", "applicant", "manager"])
def test_call_list_page_query_count_does_not_grow_with_rows(client, sz_park, hk_park, who):
    _sign_in(client, who)
    make_call(sz_park=sz_park, hk_park=hk_park, code="first")
    one = queries_for_get(client, "/programmes/")
    _more_calls(sz_park, hk_park, who)

    three = queries_for_get(client, "/programmes/")

    assert len(texts(client.get("/programmes/").content, "call-row")) == 3
    assert three == one


@pytest.mark.parametrize("who", ["applicant", "manager"])
def test_call_list_endpoint_query_count_does_not_grow_with_rows(client, sz_park, hk_park, who):
    _sign_in(client, who)
    make_call(sz_park=sz_park, hk_park=hk_park, code="first")
    one = queries_for_get(client, f"{API}/calls")
    _more_calls(sz_park, hk_park, who)

    three = queries_for_get(client, f"{API}/calls")

    assert client.get(f"{API}/calls").json()["count"] == 3
    assert three == one


def _proposals(applicant, sz_park, hk_park, codes: list[str]) -> None:
    """One proposal of the applicant's in each new call: a complete one with a team, budget and narrative,
    the others bare drafts."""
    for n, code in enumerate(codes):
        call = make_call(sz_park=sz_park, hk_park=hk_park, code=code)
        if n == 0:
            make_eligible_proposal(call, applicant, sz_park=sz_park, hk_park=hk_park)
        else:
            proposal_create(actor=applicant, call=call)


def test_proposal_list_page_query_count_does_not_grow_with_rows(client, sz_park, hk_park):
    applicant = _sign_in(client, "applicant")
    _proposals(applicant, sz_park, hk_park, ["first"])
    one = queries_for_get(client, "/programmes/proposals/")
    _proposals(applicant, sz_park, hk_park, ["second", "third"])

    three = queries_for_get(client, "/programmes/proposals/")

    assert len(texts(client.get("/programmes/proposals/").content, "proposal-row")) == 3
    assert three == one


def test_proposal_list_endpoint_query_count_does_not_grow_with_rows(client, sz_park, hk_park):
    applicant = _sign_in(client, "applicant")
    _proposals(applicant, sz_park, hk_park, ["first"])
    one = queries_for_get(client, f"{API}/proposals")
    _proposals(applicant, sz_park, hk_park, ["second", "third"])

    three = queries_for_get(client, f"{API}/proposals")

    assert client.get(f"{API}/proposals").json()["count"] == 3
    assert three == one
