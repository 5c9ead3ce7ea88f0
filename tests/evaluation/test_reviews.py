"""The reviewer portal: only assigned proposals are visible, drafts with a version check, submission before
the deadline with the weighted overall score, and declaring a conflict."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hetao.core.errors import DomainError
from hetao.evaluation.domain.services import assignment_run, callreviewer_add, review_save
from hetao.evaluation.models import Assignment, Conflict, Review
from hetao.programmes.models import RubricCriterion
from tests.evaluation.factories import make_call, make_expert, simple_proposal, user_of
from tests.factories.api import bearer, json_post, make_token
from tests.factories.people import make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(sz_park, hk_park):
    """One call, two proposals, one reviewer assigned to the first only."""
    manager = make_user_with_role("programme_manager")
    call = make_call(sz_park=sz_park, hk_park=hk_park, reviewers_per_proposal=1, reviewer_load_max=1)
    mine = simple_proposal(call, sz_park=sz_park, hk_park=hk_park, title_en="Mine to review")
    other = simple_proposal(call, sz_park=sz_park, hk_park=hk_park, title_en="Someone else's")
    reviewer, colleague = make_expert(park=None), make_expert(park=None)
    for expert in (reviewer, colleague):
        callreviewer_add(actor=manager, call=call, expert=expert)
    pair_rule = {"actor": manager, "kind": "pin", "reason": "test"}
    from hetao.evaluation.domain.services import pair_rule_set

    pair_rule_set(proposal=mine, expert=reviewer, **pair_rule)
    assignment_run(actor=manager, call=call)
    assignment = Assignment.objects.get(proposal=mine, status="active")
    assert assignment.expert_id == reviewer.pk
    return {"call": call, "mine": mine, "other": other, "user": user_of(reviewer), "assignment": assignment}


def _scores(call, values):
    criteria = RubricCriterion.objects.filter(call=call).order_by("order")
    return {c.pk: (v, f"on {c.code}") for c, v in zip(criteria, values, strict=True)}


def test_reviewer_sees_only_assigned_proposals_in_pages(client, setup):
    client.force_login(setup["user"])

    listing = client.get("/evaluation/reviews/")
    assigned = client.get(f"/evaluation/reviews/{setup['mine'].pk}/")
    unassigned = client.get(f"/evaluation/reviews/{setup['other'].pk}/")
    declare_other = client.post(f"/evaluation/reviews/{setup['other'].pk}/conflict/", {"reason": "x"})
    missing = client.get("/evaluation/reviews/999999/")

    assert (listing.status_code, assigned.status_code) == (200, 200)
    assert setup["mine"].reference in listing.content.decode()
    assert setup["other"].reference not in listing.content.decode()
    assert "Mine to review" in assigned.content.decode()
    assert (unassigned.status_code, declare_other.status_code, missing.status_code) == (404, 404, 404)


def test_reviewer_sees_only_assigned_proposals_in_the_api(client, setup):
    headers = bearer(make_token(setup["user"]))

    listing = client.get("/api/evaluation/reviews", headers=headers)
    assigned = client.get(f"/api/evaluation/reviews/{setup['mine'].pk}", headers=headers)
    unassigned = client.get(f"/api/evaluation/reviews/{setup['other'].pk}", headers=headers)
    write_other = client.put(
        f"/api/evaluation/reviews/{setup['other'].pk}", {"scores": []}, content_type="application/json", headers=headers
    )
    manager_view = client.get(f"/api/evaluation/calls/{setup['call'].pk}/assignments", headers=headers)

    assert [item["reference"] for item in listing.json()["items"]] == [setup["mine"].reference]
    assert assigned.json()["proposal"]["title_en"] == "Mine to review"
    assert (unassigned.status_code, unassigned.json()["code"]) == (404, "not_found")
    assert (write_other.status_code, manager_view.status_code) == (404, 404)


def test_draft_then_submit_computes_the_weighted_overall(client, setup):
    headers = bearer(make_token(setup["user"]))
    url = f"/api/evaluation/reviews/{setup['mine'].pk}"
    criteria = list(RubricCriterion.objects.filter(call=setup["call"]).order_by("order"))
    scores = [{"criterion": c.pk, "score": s, "comment": "ok"} for c, s in zip(criteria, (5, 3, 2), strict=True)]

    draft = client.put(url, {"version": None, "scores": scores[:1]}, content_type="application/json", headers=headers)
    submitted = client.put(
        url,
        {"version": 1, "scores": scores, "comments": "Solid", "submit": True},
        content_type="application/json",
        headers=headers,
    )

    assert (draft.status_code, draft.json()["review"]["status"], draft.json()["review"]["version"]) == (200, "draft", 1)
    review = submitted.json()["review"]
    # 0.5 x 5 + 0.3 x 3 + 0.2 x 2 = 3.8
    assert (submitted.status_code, review["status"], Decimal(review["overall"])) == (200, "submitted", Decimal("3.8"))
    assert Review.objects.get().overall == Decimal("3.8000")


def test_stale_version_is_refused(setup):
    user, assignment = setup["user"], setup["assignment"]
    review_save(actor=user, assignment=assignment, version=None, scores=_scores(setup["call"], (4, 4, 4)))
    review_save(actor=user, assignment=assignment, version=1, scores=_scores(setup["call"], (3, 4, 4)))

    with pytest.raises(DomainError) as stale:
        review_save(actor=user, assignment=assignment, version=1, scores=_scores(setup["call"], (1, 1, 1)))

    assert stale.value.code == "stale_version"
    review = Review.objects.get()
    assert (review.version, sorted(review.scores.values_list("score", flat=True))) == (2, [3, 4, 4])


def test_submission_needs_every_criterion_within_its_scale(client, setup):
    client.force_login(setup["user"])
    criteria = list(RubricCriterion.objects.filter(call=setup["call"]).order_by("order"))

    with pytest.raises(DomainError) as out_of_scale:
        review_save(
            actor=setup["user"], assignment=setup["assignment"], version=None, scores=_scores(setup["call"], (6, 3, 3))
        )
    page = client.post(
        f"/evaluation/reviews/{setup['mine'].pk}/",
        {f"score_{criteria[0].pk}": 4, "submit": "1", "version": ""},
    )

    assert [p.code for p in out_of_scale.value.problems] == ["score_out_of_scale"]
    assert page.status_code == 400
    assert "Score Impact before submitting." in page.content.decode()
    assert Review.objects.count() == 0


def test_after_the_deadline_reviews_are_closed(client, setup):
    call = setup["call"]
    call.review_deadline = timezone.now() - timedelta(minutes=1)
    call.save(update_fields=["review_deadline"])
    headers = bearer(make_token(setup["user"]))

    response = client.put(
        f"/api/evaluation/reviews/{setup['mine'].pk}",
        {"scores": [], "submit": False},
        content_type="application/json",
        headers=headers,
    )

    assert (response.status_code, response.json()["code"]) == (409, "review_closed")
    assert Review.objects.count() == 0


def test_declaring_a_conflict_frees_the_slot(client, setup):
    headers = bearer(make_token(setup["user"]))

    response = json_post(
        client,
        f"/api/evaluation/reviews/{setup['mine'].pk}/conflict",
        {"reason": "I co-supervise the PI's student"},
        headers=headers,
    )
    again = client.get(f"/api/evaluation/reviews/{setup['mine'].pk}", headers=headers)

    assert response.status_code == 200
    assert (response.json()["kind"], response.json()["automatic"]) == ("declared", False)
    assignment = setup["assignment"]
    assignment.refresh_from_db()
    assert (assignment.status, assignment.released_reason) == ("released", "I co-supervise the PI's student")
    conflict = Conflict.objects.get()
    assert (conflict.proposal_id, conflict.expert_id, conflict.blocks) == (setup["mine"].pk, assignment.expert_id, True)
    assert again.status_code == 404


def test_review_page_saves_a_draft(client, setup):
    client.force_login(setup["user"])
    criteria = list(RubricCriterion.objects.filter(call=setup["call"]).order_by("order"))

    response = client.post(
        f"/evaluation/reviews/{setup['mine'].pk}/",
        {f"score_{criteria[0].pk}": 4, f"comment_{criteria[0].pk}": "Novel", "save": "1", "version": ""},
    )

    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.status, review.version, review.scores.get().comment) == ("draft", 1, "Novel")


def test_attachments_are_served_to_the_assigned_reviewer_only(client, setup, settings, tmp_path):
    from django.core.files.base import ContentFile

    from hetao.programmes.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    mine = Attachment(proposal=setup["mine"], kind="narrative", original_name="narrative.pdf", size=8, sha256="0" * 64)
    mine.uploaded_by = setup["mine"].created_by
    mine.file.save("narrative.pdf", ContentFile(b"%PDF-1.4"), save=True)
    theirs = Attachment(proposal=setup["other"], kind="narrative", original_name="x.pdf", size=8, sha256="0" * 64)
    theirs.uploaded_by = setup["other"].created_by
    theirs.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=True)
    client.force_login(setup["user"])

    page = client.get(f"/evaluation/reviews/{setup['mine'].pk}/")
    download = client.get(f"/evaluation/reviews/{setup['mine'].pk}/attachments/{mine.pk}/")
    across = client.get(f"/evaluation/reviews/{setup['mine'].pk}/attachments/{theirs.pk}/")
    other = client.get(f"/evaluation/reviews/{setup['other'].pk}/attachments/{theirs.pk}/")

    assert f"/evaluation/reviews/{setup['mine'].pk}/attachments/{mine.pk}/" in page.content.decode()
    assert (download.status_code, b"".join(download.streaming_content)) == (200, b"%PDF-1.4")
    assert (across.status_code, other.status_code) == (404, 404)
