"""The OpenAPI document and the interactive docs, served from this origin only."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

EXPECTED_OPERATIONS = {
    ("/api/organisations", "get"),
    ("/api/organisations", "post"),
    ("/api/organisations/{organisation_id}", "get"),
    ("/api/organisations/{organisation_id}", "patch"),
    ("/api/people", "get"),
    ("/api/people", "post"),
    ("/api/people/{person_id}", "get"),
    ("/api/people/{person_id}", "patch"),
    ("/api/people/{person_id}/affiliations", "post"),
    ("/api/people/{person_id}/identity-documents", "get"),
    ("/api/people/{person_id}/identity-documents", "post"),
    ("/api/people/{person_id}/export", "get"),
    ("/api/accounts/me", "get"),
    ("/api/accounts/tokens", "get"),
    ("/api/accounts/tokens", "post"),
    ("/api/accounts/tokens/{token_id}", "delete"),
    ("/api/screening/lists", "get"),
    ("/api/screening/lists", "post"),
    ("/api/screening/lists/{list_id}", "get"),
    ("/api/screening/lists/{list_id}", "patch"),
    ("/api/screening/lists/{list_id}/versions", "post"),
    ("/api/screening/versions/{version_id}/activate", "post"),
    ("/api/screening/screen", "post"),
    ("/api/screening/runs", "get"),
    ("/api/screening/runs/{run_id}", "get"),
    ("/api/screening/results/{result_id}/decision", "post"),
    ("/api/experts/", "get"),
    ("/api/experts/", "post"),
    ("/api/experts/me", "get"),
    ("/api/experts/{expert_id}", "get"),
    ("/api/experts/{expert_id}", "patch"),
    ("/api/experts/{expert_id}/publications", "get"),
    ("/api/experts/{expert_id}/publications", "post"),
    ("/api/experts/{expert_id}/publications/{publication_id}", "patch"),
    ("/api/experts/{expert_id}/publications/{publication_id}", "delete"),
    ("/api/experts/{expert_id}/import", "post"),
    ("/api/experts/{expert_id}/declarations", "post"),
    ("/api/experts/{expert_id}/declarations/{declaration_id}", "delete"),
    ("/api/programmes/calls", "get"),
    ("/api/programmes/calls", "post"),
    ("/api/programmes/calls/{call_id}", "get"),
    ("/api/programmes/calls/{call_id}", "patch"),
    ("/api/programmes/calls/{call_id}/publish", "post"),
    ("/api/programmes/calls/{call_id}/start-review", "post"),
    ("/api/programmes/proposals", "get"),
    ("/api/programmes/proposals", "post"),
    ("/api/programmes/proposals/{proposal_id}", "get"),
    ("/api/programmes/proposals/{proposal_id}", "patch"),
    ("/api/programmes/proposals/{proposal_id}/eligibility", "get"),
    ("/api/programmes/proposals/{proposal_id}/submit", "post"),
    ("/api/programmes/proposals/{proposal_id}/withdraw", "post"),
    ("/api/programmes/proposals/{proposal_id}/team", "post"),
    ("/api/programmes/proposals/{proposal_id}/team/{member_id}", "delete"),
    ("/api/programmes/proposals/{proposal_id}/budget-lines", "post"),
    ("/api/programmes/proposals/{proposal_id}/budget-lines/{line_id}", "patch"),
    ("/api/programmes/proposals/{proposal_id}/budget-lines/{line_id}", "delete"),
    ("/api/programmes/proposals/{proposal_id}/attachments", "post"),
    ("/api/programmes/proposals/{proposal_id}/attachments/{attachment_id}", "get"),
    ("/api/programmes/proposals/{proposal_id}/attachments/{attachment_id}", "delete"),
    ("/api/evaluation/calls/{call_id}/reviewers", "get"),
    ("/api/evaluation/calls/{call_id}/reviewers", "post"),
    ("/api/evaluation/reviewers/{reviewer_id}", "delete"),
    ("/api/evaluation/calls/{call_id}/conflicts/detect", "post"),
    ("/api/evaluation/calls/{call_id}/conflicts", "get"),
    ("/api/evaluation/conflicts/{conflict_id}/override", "post"),
    ("/api/evaluation/calls/{call_id}/pair-rules", "get"),
    ("/api/evaluation/calls/{call_id}/pair-rules", "post"),
    ("/api/evaluation/pair-rules/{rule_id}", "delete"),
    ("/api/evaluation/calls/{call_id}/runs", "post"),
    ("/api/evaluation/calls/{call_id}/runs", "get"),
    ("/api/evaluation/runs/{run_id}", "get"),
    ("/api/evaluation/calls/{call_id}/assignments", "get"),
    ("/api/evaluation/calls/{call_id}/assignments", "post"),
    ("/api/evaluation/reviews", "get"),
    ("/api/evaluation/reviews/{proposal_id}", "get"),
    ("/api/evaluation/reviews/{proposal_id}", "put"),
    ("/api/evaluation/reviews/{proposal_id}/conflict", "post"),
    ("/api/evaluation/calls/{call_id}/stages/{stage}/shortlist", "get"),
    ("/api/evaluation/calls/{call_id}/stages/{stage}/shortlist", "put"),
    ("/api/funding/calls/{call_id}/ranking", "get"),
    ("/api/funding/calls/{call_id}/rounds", "post"),
    ("/api/funding/rounds/{round_id}", "get"),
    ("/api/funding/rounds/{round_id}/confirm", "post"),
    ("/api/funding/rounds/{round_id}/replay", "get"),
    ("/api/funding/calls/{call_id}/decisions", "get"),
    ("/api/funding/proposals/{proposal_id}/decision", "post"),
    ("/api/funding/decisions/{decision_id}", "get"),
    ("/api/funding/decisions/{decision_id}/letter", "get"),
    ("/api/funding/awards/{award_id}", "get"),
    ("/api/projects/projects", "get"),
    ("/api/projects/projects", "post"),
    ("/api/projects/projects/{project_id}", "get"),
    ("/api/projects/projects/{project_id}/statement", "get"),
    ("/api/projects/portfolio", "get"),
    ("/api/projects/calls/{call_id}/rules", "get"),
    ("/api/projects/calls/{call_id}/rules", "put"),
    ("/api/projects/projects/{project_id}/milestones", "get"),
    ("/api/projects/projects/{project_id}/milestones", "post"),
    ("/api/projects/milestones/{milestone_id}", "patch"),
    ("/api/projects/milestones/{milestone_id}/done", "post"),
    ("/api/projects/projects/{project_id}/reports", "get"),
    ("/api/projects/reports/{report_id}", "get"),
    ("/api/projects/reports/{report_id}/submit", "post"),
    ("/api/projects/reports/{report_id}/decide", "post"),
    ("/api/projects/projects/{project_id}/amendments", "get"),
    ("/api/projects/projects/{project_id}/amendments", "post"),
    ("/api/projects/amendments/{amendment_id}", "get"),
    ("/api/projects/amendments/{amendment_id}/decide", "post"),
    ("/api/projects/amendments/{amendment_id}/withdraw", "post"),
    ("/api/projects/projects/{project_id}/acceptance", "get"),
    ("/api/projects/projects/{project_id}/acceptance/statement", "post"),
    ("/api/projects/projects/{project_id}/acceptance/decide", "post"),
    ("/api/projects/rates", "get"),
    ("/api/projects/rates/import", "post"),
    ("/api/projects/projects/{project_id}/expenditures", "get"),
    ("/api/projects/projects/{project_id}/expenditures", "post"),
    ("/api/projects/projects/{project_id}/expenditures/{expenditure_id}", "get"),
    ("/api/projects/projects/{project_id}/expenditures/{expenditure_id}/receipt", "get"),
    ("/api/projects/projects/{project_id}/expenditures/{expenditure_id}/decision", "post"),
    ("/api/projects/projects/{project_id}/virements", "get"),
    ("/api/projects/projects/{project_id}/virements", "post"),
    ("/api/projects/projects/{project_id}/virements/{virement_id}/decision", "post"),
    ("/api/projects/projects/{project_id}/disbursements", "get"),
    ("/api/projects/projects/{project_id}/disbursements/{disbursement_id}/release", "post"),
    ("/api/projects/projects/{project_id}/disbursements/{disbursement_id}/remittances", "post"),
}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_openapi_document_lists_every_endpoint(client) -> None:
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    assert operations == EXPECTED_OPERATIONS


def test_openapi_document_references_resolve(client) -> None:
    document = client.get("/api/openapi.json").json()

    refs = set(_refs(document))

    schemas = document["components"]["schemas"]
    assert refs
    assert {ref for ref in refs if ref.removeprefix("#/components/schemas/") not in schemas} == set()


def test_openapi_document_describes_errors_and_pages(client) -> None:
    document = client.get("/api/openapi.json").json()

    schemas = document["components"]["schemas"]
    assert set(schemas["ErrorOut"]["properties"]) == {"code", "message", "field", "errors"}
    assert set(schemas["OrganisationPage"]["properties"]) == {"items", "count", "page", "page_size", "pages"}
    assert set(document["paths"]["/api/organisations"]["post"]["responses"]) == {
        "201",
        "400",
        "401",
        "403",
        "404",
        "409",
        "422",
    }


def test_docs_page_uses_only_this_origin(client) -> None:
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert re.findall(r"(?:https?:)?//[^\s\"'<>]+", html) == []
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert [asset for asset in assets if not asset.startswith("/static/")] == []


def test_docs_page_assets_are_served(client) -> None:
    html = client.get("/api/docs").content.decode()

    statuses = {}
    for asset in re.findall(r'(?:src|href)="([^"]+)"', html):
        response = client.get(asset)
        statuses[asset] = response.status_code
        response.close()  # a static file answers with an open file

    assert set(statuses.values()) == {200}
