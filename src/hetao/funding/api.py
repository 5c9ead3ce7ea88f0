"""Funding over HTTP: a call's ranking, funding rounds (propose, confirm, replay), decisions, letters, awards.

Managers of a call (programme managers and park administrators of the zone or of a funding park) rank,
propose and decide; the applicants of a proposal read its decision, letter and award. Anything else answers
404 for a record, so its existence does not leak. Writes by API token need the ``write`` scope.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hetao.core.api import PageIn, error_responses, idempotent_create, paginate, require_scope
from hetao.core.errors import NotFound
from hetao.funding.domain import selectors, services
from hetao.funding.models import Award, Decision, FundingRound
from hetao.funding.schemas import (
    AwardOut,
    ConfirmIn,
    DecisionIn,
    DecisionPage,
    FundingDecisionOut,
    LetterOut,
    RankingOut,
    ReplayOut,
    RoundIn,
    RoundOut,
)
from hetao.programmes.models import Call, Proposal

router = Router(tags=["funding"])

_READ_ERRORS = error_responses(401, 403, 404, 422)
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _not_found() -> NotFound:
    return NotFound("not_found", _("There is no such record."))


def _managed_call(request: HttpRequest, call_id: int) -> Call:
    call = Call.objects.filter(pk=call_id).first()
    if call is None or not request.user.has_perm("funding.manage_call", call):
        raise _not_found()
    return call


def _managed_round(request: HttpRequest, round_id: int) -> FundingRound:
    funding_round = FundingRound.objects.select_related("call").filter(pk=round_id).first()
    if funding_round is None or not request.user.has_perm("funding.manage_call", funding_round.call):
        raise _not_found()
    return funding_round


def _visible_decision(request: HttpRequest, decision_id: int) -> Decision:
    decision = selectors.decisions_visible_to(request.user).filter(pk=decision_id).first()
    if decision is None:
        raise _not_found()
    return decision


@router.get("/calls/{call_id}/ranking", response={200: RankingOut, **_READ_ERRORS})
def get_ranking(request: HttpRequest, call_id: int) -> RankingOut:
    """Raw and calibrated scores per proposal and reviewer, reviewer offsets, ranks with 95% intervals."""
    return RankingOut.of(selectors.ranking_compute(_managed_call(request, call_id)))


@router.post("/calls/{call_id}/rounds", response={201: RoundOut, **_WRITE_ERRORS})
def propose_round(request: HttpRequest, call_id: int, payload: RoundIn) -> Status[Any]:
    """Propose a funding round for the call's undecided proposals (nothing is decided until confirmed)."""
    require_scope(request, "write")
    call = _managed_call(request, call_id)

    def create() -> tuple[int, Any]:
        funding_round = services.funding_round_propose(
            actor=request.user,
            call=call,
            method=payload.method.value,
            lottery=payload.lottery,
            seed=payload.seed,
            on_misfit=payload.on_misfit.value,
            share_tolerance=payload.share_tolerance,
        )
        return 201, RoundOut.of(funding_round).model_dump(mode="json")

    return Status(*idempotent_create(request, create))


@router.get("/rounds/{round_id}", response={200: RoundOut, **_READ_ERRORS})
def get_round(request: HttpRequest, round_id: int) -> RoundOut:
    return RoundOut.of(_managed_round(request, round_id))


@router.post("/rounds/{round_id}/confirm", response={200: RoundOut, **_WRITE_ERRORS})
def confirm_round(request: HttpRequest, round_id: int, payload: ConfirmIn) -> RoundOut:
    """Decide every proposal of the round: decisions, awards and letters, all at once."""
    require_scope(request, "write")
    funding_round = _managed_round(request, round_id)
    return RoundOut.of(
        services.funding_round_confirm(actor=request.user, funding_round=funding_round, version=payload.version)
    )


@router.get("/rounds/{round_id}/replay", response={200: ReplayOut, **_READ_ERRORS})
def replay_round(request: HttpRequest, round_id: int) -> ReplayOut:
    funding_round = _managed_round(request, round_id)
    return ReplayOut(round=funding_round.pk, replayed=services.funding_round_replay(funding_round))


@router.get("/calls/{call_id}/decisions", response={200: DecisionPage, **_READ_ERRORS})
def list_decisions(request: HttpRequest, call_id: int, page: Query[PageIn]) -> dict[str, Any]:
    call = _managed_call(request, call_id)
    return paginate(selectors.call_decisions(call).select_related("award"), page, FundingDecisionOut.of)


@router.post("/proposals/{proposal_id}/decision", response={201: FundingDecisionOut, **_WRITE_ERRORS})
def set_decision(request: HttpRequest, proposal_id: int, payload: DecisionIn) -> Status[Any]:
    """Decide one proposal on its own, with the reason; ``version`` is the proposal's as last read."""
    require_scope(request, "write")
    proposal = Proposal.objects.select_related("call").filter(pk=proposal_id).first()
    if proposal is None or not request.user.has_perm("funding.manage_call", proposal.call):
        raise _not_found()
    decision = services.decision_set(
        actor=request.user,
        proposal=proposal,
        outcome=payload.outcome.value,
        version=payload.version,
        reason=payload.reason,
    )
    return Status(201, FundingDecisionOut.of(decision))


@router.get("/decisions/{decision_id}", response={200: FundingDecisionOut, **_READ_ERRORS})
def get_decision(request: HttpRequest, decision_id: int) -> FundingDecisionOut:
    return FundingDecisionOut.of(_visible_decision(request, decision_id))


@router.get("/decisions/{decision_id}/letter", response={200: LetterOut, **_READ_ERRORS})
def get_letter(request: HttpRequest, decision_id: int) -> LetterOut:
    letter = selectors.latest_letter(_visible_decision(request, decision_id))
    if letter is None:
        raise _not_found()
    return LetterOut.of(letter)


@router.get("/awards/{award_id}", response={200: AwardOut, **_READ_ERRORS})
def get_award(request: HttpRequest, award_id: int) -> AwardOut:
    award = Award.objects.select_related("proposal", "decision").filter(pk=award_id).first()
    if award is None or not selectors.decisions_visible_to(request.user).filter(pk=award.decision_id).exists():
        raise _not_found()
    return AwardOut.of(award)
