"""Policy versions with effective dates: which version is in force on a day."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from hetao.engines.rules._policy import Policy


class NoPolicyInForce(LookupError):
    """No version of the policy is in force on the day asked about."""


class PolicySet:
    """The versions of one policy. A version is in force from its ``effective_from`` until its ``effective_to``
    (inclusive) or, without one, until the next version takes effect; :meth:`active_on` gives the latest
    version whose ``effective_from`` is on or before the day, unless the day is past its ``effective_to``.

    Construction refuses, listing every problem: no versions, versions of different policies, a version number
    used twice, two versions taking effect the same day, a higher version taking effect before a lower one,
    and a version whose ``effective_to`` reaches into the next version's time (an overlap, which would leave
    it unclear which was meant to be in force).
    """

    __slots__ = ("_starts", "_versions")

    def __init__(self, policies: Iterable[Policy]) -> None:
        versions = list(policies)
        if not versions:
            raise ValueError("a PolicySet needs at least one policy version")
        for position, policy in enumerate(versions):
            if not isinstance(policy, Policy):
                raise ValueError(f"policies[{position}] must be a Policy, got {type(policy).__name__}")
        problems: list[str] = []
        names = sorted({policy.name for policy in versions})
        if len(names) > 1:
            problems.append(f"versions of different policies: {', '.join(repr(n) for n in names)}")
        seen: dict[int, Policy] = {}
        for policy in versions:
            if policy.version in seen:
                problems.append(f"version {policy.version} appears twice")
            seen[policy.version] = policy
        ordered = sorted(seen.values(), key=lambda p: p.version)
        for earlier, later in itertools.pairwise(ordered):
            if later.effective_from == earlier.effective_from:
                problems.append(
                    f"versions {earlier.version} and {later.version} both take effect on {later.effective_from}"
                )
            elif later.effective_from < earlier.effective_from:
                problems.append(
                    f"version {later.version} takes effect on {later.effective_from}, before version "
                    f"{earlier.version} ({earlier.effective_from}); later versions must take effect later"
                )
            elif earlier.effective_to is not None and earlier.effective_to >= later.effective_from:
                last = later.effective_from - timedelta(days=1)
                problems.append(
                    f"version {earlier.version} runs to {earlier.effective_to}, overlapping version "
                    f"{later.version} from {later.effective_from}; end it on {last} at the latest, or leave "
                    "effective_to out"
                )
        if problems:
            raise ValueError("policy versions conflict: " + "; ".join(problems))
        self._versions = tuple(ordered)
        self._starts = [policy.effective_from for policy in ordered]

    @property
    def versions(self) -> tuple[Policy, ...]:
        """The versions in version order (which is also the order in which they take effect)."""
        return self._versions

    def get(self, version: int) -> Policy:
        for policy in self._versions:
            if policy.version == version:
                return policy
        raise KeyError(f"no version {version}; the versions are {', '.join(str(p.version) for p in self._versions)}")

    def active_on(self, day: date) -> Policy:
        """The version in force on ``day``; raises :class:`NoPolicyInForce` when none is."""
        if isinstance(day, datetime) or not isinstance(day, date):
            raise ValueError(f"active_on takes a date (the zone's local date), got {type(day).__name__}")
        position = bisect.bisect_right(self._starts, day)
        if position == 0:
            first = self._versions[0]
            raise NoPolicyInForce(
                f"no version in force on {day}: version {first.version} takes effect on {first.effective_from}"
            )
        policy = self._versions[position - 1]
        if policy.effective_to is not None and day > policy.effective_to:
            raise NoPolicyInForce(
                f"no version in force on {day}: version {policy.version} ended on {policy.effective_to}"
            )
        return policy
