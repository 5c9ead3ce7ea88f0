"""What evaluation records say, in the reader's language: why an assignment run found no assignment, and the
evidence behind a conflict of interest. Both are stored structured (codes and fields) and put into words here
when shown, so a manager reading in Chinese sees Chinese sentences."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

OUTSIDE = "outside"


def _names(items: Sequence[Any], limit: int = 5) -> str:
    shown = [str(item) for item in items[:limit]]
    if len(items) > limit:
        return _("%(names)s and %(count)d more") % {"names": ", ".join(shown), "count": len(items) - limit}
    return ", ".join(shown)


def group_label(group: str | None, group_names: Mapping[str, str], n_parks: int) -> str:
    """'from outside both parks', 'from Shenzhen Park'..."""
    if group == OUTSIDE:
        if n_parks == 2:
            return _("from outside both parks")
        return _("from outside the parks")
    return _("from %(park)s") % {"park": group_names.get(group or "", group or "")}


# Each code of the assignment engine's reasons, put into words. Strings are marked for translation where they
# are written, so the catalogue sees them; each is translated when called, in the active language.
_REASONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "pinned_conflict": lambda v: (
        _("Proposal %(proposal)s and reviewer %(reviewer)s are pinned together but have a conflict of interest.") % v
    ),
    "pinned_forbidden": lambda v: (
        _("Proposal %(proposal)s and reviewer %(reviewer)s are both pinned and forbidden.") % v
    ),
    "proposal_pinned_over": lambda v: (
        ngettext(
            "Proposal %(proposal)s has %(have)d pinned reviewer but needs only %(need)d.",
            "Proposal %(proposal)s has %(have)d pinned reviewers but needs only %(need)d.",
            v["have"],
        )
        % v
    ),
    "reviewer_pinned_over": lambda v: (
        ngettext(
            "Reviewer %(reviewer)s is pinned to %(have)d proposal but takes at most %(need)d.",
            "Reviewer %(reviewer)s is pinned to %(have)d proposals but takes at most %(need)d.",
            v["have"],
        )
        % v
    ),
    "proposal_short": lambda v: (
        ngettext(
            "Proposal %(proposal)s has %(have)d eligible reviewer; it needs %(need)d.",
            "Proposal %(proposal)s has %(have)d eligible reviewers; it needs %(need)d.",
            v["have"],
        )
        % v
    ),
    "reviewer_short_min": lambda v: (
        ngettext(
            "Reviewer %(reviewer)s has %(have)d eligible proposal; their minimum load is %(need)d.",
            "Reviewer %(reviewer)s has %(have)d eligible proposals; their minimum load is %(need)d.",
            v["have"],
        )
        % v
    ),
    "capacity_short": lambda v: (
        _("The reviewers can take %(have)d reviews in all, fewer than the %(need)d reviews required.") % v
    ),
    "minimum_excess": lambda v: (
        _("The reviewers' minimum loads add up to %(need)d, but only %(have)d reviews are required.") % v
    ),
    "group_short": lambda v: (
        ngettext(
            "Proposal %(proposal)s has %(have)d eligible reviewer %(group)s; it needs %(need)d.",
            "Proposal %(proposal)s has %(have)d eligible reviewers %(group)s; it needs %(need)d.",
            v["have"],
        )
        % v
    ),
    "group_pinned_over": lambda v: (
        ngettext(
            "Proposal %(proposal)s has %(have)d pinned reviewer %(group)s but may have at most %(need)d.",
            "Proposal %(proposal)s has %(have)d pinned reviewers %(group)s but may have at most %(need)d.",
            v["have"],
        )
        % v
    ),
    "group_cap_short": lambda v: (
        ngettext(
            "Within its limits per park, proposal %(proposal)s can get at most %(have)d reviewer; it needs %(need)d.",
            "Within its limits per park, proposal %(proposal)s can get at most %(have)d reviewers; it needs %(need)d.",
            v["have"],
        )
        % v
    ),
    "group_min_over": lambda v: (
        _("Proposal %(proposal)s must have %(need)d reviewers by its minimums per group but takes only %(have)d.") % v
    ),
    "proposals_cut": lambda v: (
        _(
            "Proposals %(proposals)s together still need %(need)d reviews, but their eligible reviewers "
            "(%(reviewers)s) can take at most %(have)d of them."
        )
        % v
    ),
    "reviewers_cut": lambda v: (
        _(
            "Reviewers %(reviewers)s together need %(need)d more proposals to reach their minimum loads, but their "
            "eligible proposals (%(proposals)s) can give them at most %(have)d."
        )
        % v
    ),
    "groups_cut": lambda v: (
        _(
            "Proposals %(proposals)s together need %(need)d reviewers %(group)s, but the eligible ones "
            "(%(reviewers)s) can take at most %(have)d."
        )
        % v
    ),
    "combination": lambda v: _(
        "Each proposal's coverage and group limits and each reviewer's minimum load can be met on its own, but "
        "not all at once within the reviewers' maximum loads."
    ),
}


def reason_message(reason: Mapping[str, Any], *, group_names: Mapping[str, str], n_parks: int) -> str:
    """One stored reason (code, proposals, reviewers, group, have, need) as a sentence in the active language;
    an unknown code falls back to the engine's English message."""
    proposals = list(reason.get("proposals") or [])
    reviewers = list(reason.get("reviewer_names") or [])
    values = {
        "proposal": proposals[0] if proposals else "",
        "reviewer": reviewers[0] if reviewers else "",
        "proposals": _names(proposals),
        "reviewers": _names(reviewers),
        "group": group_label(reason.get("group"), group_names, n_parks) if reason.get("group") else "",
        "have": int(reason.get("have") or 0),
        "need": int(reason.get("need") or 0),
    }
    say = _REASONS.get(str(reason.get("code", "")))
    return say(values) if say is not None else str(reason.get("message", ""))


_EVIDENCE: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "same_organisation": lambda v: _("%(member)s (team) and the reviewer are both at %(organisation)s now.") % v,
    "past_organisation": lambda v: (
        _("%(member)s (team) and the reviewer were both at %(organisation)s within the last %(years)d years.") % v
    ),
    "co_author": lambda v: (
        _("%(member)s (team) is the co-author printed as “%(author)s” of “%(title)s” (%(year)d).") % v
    ),
    "co_investigator": lambda v: (
        _("%(member)s (team) and the reviewer were both on the team of proposal %(reference)s.") % v
    ),
    "team_member": lambda v: _("The reviewer is on the team (%(role)s).") % v,
    "declared_person": lambda v: _("The reviewer declared %(member)s (team): %(relationship)s.") % v,
    "declared_organisation": lambda v: _("The reviewer declared %(organisation)s: %(relationship)s.") % v,
    "declared_name": lambda v: (
        _("The reviewer declared “%(name)s” (%(relationship)s), who matches %(member)s (team).") % v
    ),
    "declared_organisation_name": lambda v: (
        _("The reviewer declared “%(name)s” (%(relationship)s), which matches %(organisation)s.") % v
    ),
    "reviewer_declared": lambda v: _("The reviewer declared a conflict of interest with this proposal: %(reason)s") % v,
}


def evidence_message(item: Mapping[str, Any]) -> str:
    """One piece of conflict evidence as a sentence in the active language."""
    say = _EVIDENCE.get(str(item.get("what", "")))
    return say(item) if say is not None else str(item.get("text", ""))


def evidence_text(items: Sequence[Mapping[str, Any]]) -> str:
    return " ".join(evidence_message(item) for item in items)
