"""Simulating a new policy version against past declarations: what would change if it were activated."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from hetao.engines.rules._decide import CompiledPolicy, Decision, decide
from hetao.engines.rules._model import SEVERITY, Declaration, Outcome


@dataclass(frozen=True)
class Change:
    """A declaration whose outcome differs: its position in the input, its reference, and both decisions."""

    index: int
    reference: str
    old: Decision
    new: Decision


@dataclass(frozen=True)
class SimulationReport:
    """``counts[(old outcome, new outcome)]`` over every declaration (pairs that never occur are left out;
    :meth:`count` gives 0 for them), ordered by old then new severity; ``changes`` the declarations whose
    outcome differs, in input order."""

    total: int
    counts: Mapping[tuple[Outcome, Outcome], int]
    changes: tuple[Change, ...]

    def count(self, old: Outcome, new: Outcome) -> int:
        return self.counts.get((old, new), 0)

    @property
    def stricter(self) -> int:
        """Declarations whose new outcome is more severe."""
        return sum(1 for change in self.changes if SEVERITY[change.new.outcome] > SEVERITY[change.old.outcome])

    @property
    def looser(self) -> int:
        """Declarations whose new outcome is less severe."""
        return sum(1 for change in self.changes if SEVERITY[change.new.outcome] < SEVERITY[change.old.outcome])


def simulate(old: CompiledPolicy, new: CompiledPolicy, declarations: Iterable[Declaration]) -> SimulationReport:
    """Decide every declaration under both policies and compare (the declarations as they were decided, i.e.
    with their whitelist facts already filled in by :func:`prepare`)."""
    counts: Counter[tuple[Outcome, Outcome]] = Counter()
    changes: list[Change] = []
    total = 0
    for index, declaration in enumerate(declarations):
        before = decide(old, declaration)
        after = decide(new, declaration)
        counts[(before.outcome, after.outcome)] += 1
        if before.outcome != after.outcome:
            changes.append(Change(index=index, reference=declaration.reference, old=before, new=after))
        total += 1
    ordered = dict(sorted(counts.items(), key=lambda pair: (SEVERITY[pair[0][0]], SEVERITY[pair[0][1]])))
    return SimulationReport(total=total, counts=MappingProxyType(ordered), changes=tuple(changes))
