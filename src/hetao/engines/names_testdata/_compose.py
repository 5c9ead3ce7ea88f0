"""Drawing names from the tables: surnames by their weight per origin, given characters by frequency and region."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Collection, Sequence
from itertools import accumulate
from typing import Final, Generic, TypeVar

from hetao.engines.names_testdata._model import ORIGINS, GivenReadings, NameTables, SurnameReadings
from hetao.engines.names_testdata._render import ComposedName

T = TypeVar("T")

# How strongly a given character's typical region counts for a person of each origin.
REGION_WEIGHT: Final[dict[str, dict[str, float]]] = {
    "mainland": {"mainland": 4.0, "both": 3.0, "hong_kong": 1.0},
    "hong_kong": {"mainland": 1.0, "both": 3.0, "hong_kong": 4.0},
}
# Share of one-character given names, and of people with an English given name, per origin.
SINGLE_GIVEN_SHARE: Final[dict[str, float]] = {"mainland": 0.30, "hong_kong": 0.05}
ENGLISH_NAME_SHARE: Final[dict[str, float]] = {"mainland": 0.05, "hong_kong": 0.35}
SEXES: Final[tuple[str, ...]] = ("F", "M")
_MAX_ATTEMPTS: Final = 1000


def surname_weight(surname: SurnameReadings, origin: str) -> float:
    return surname.mainland_weight if origin == "mainland" else surname.hong_kong_weight


class WeightedChoice(Generic[T]):
    """Draws from ``items`` in proportion to ``weights``, with one uniform number per draw."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("need as many weights as items, and at least one item")
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]
        if self.total <= 0:
            raise ValueError("weights must not all be zero")

    def draw(self, rng: random.Random) -> T:
        index = bisect(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]


class Composer:
    """Composes plausible names of people of an origin with one seeded random generator."""

    def __init__(self, tables: NameTables, rng: random.Random) -> None:
        self.tables = tables
        self.rng = rng
        self._surnames = {
            origin: WeightedChoice(tables.surnames, [surname_weight(s, origin) for s in tables.surnames])
            for origin in ORIGINS
        }
        self._given: dict[tuple[str, str], WeightedChoice[GivenReadings]] = {}
        for origin in ORIGINS:
            for sex in SEXES:
                pool = [g for g in tables.given_characters if g.usage in (sex, "any")] or list(tables.given_characters)
                weights = [g.weight * REGION_WEIGHT[origin][g.region] for g in pool]
                self._given[origin, sex] = WeightedChoice(pool, weights)

    def origin(self) -> str:
        return self.rng.choice(ORIGINS)

    def sex(self) -> str:
        return self.rng.choice(SEXES)

    def surname(self, origin: str, among: Callable[[SurnameReadings], bool] | None = None) -> SurnameReadings:
        """A surname drawn by its weight for ``origin``; or, with ``among``, any surname that passes it."""
        if among is None:
            return self._surnames[origin].draw(self.rng)
        chosen = [s for s in self.tables.surnames if among(s)]
        if not chosen:
            raise ValueError("no surname in the tables fits")
        # A class about a few surnames (compound, polyphonic) covers them evenly, rare ones included.
        return self.rng.choice(chosen)

    def given_length(self, origin: str) -> int:
        single = self.rng.random() < SINGLE_GIVEN_SHARE[origin]
        return 1 if single or len(self.tables.given_characters) < 2 else 2

    def given(
        self,
        origin: str,
        sex: str,
        length: int,
        surname: SurnameReadings,
        *,
        avoid: Collection[str] = (),
    ) -> tuple[GivenReadings, ...]:
        """``length`` distinct characters, none in the surname or in ``avoid``, first-only ones first."""
        choice = self._given[origin, sex]
        for _ in range(_MAX_ATTEMPTS):
            chosen = tuple(choice.draw(self.rng) for _ in range(length))
            if any(g.first_only for g in chosen[1:]) or (length == 1 and chosen[0].first_only):
                continue
            if len({g.hans for g in chosen}) != length:
                continue
            if any(g.hans in surname.hans or g.hans in avoid for g in chosen):
                continue
            return chosen
        raise RuntimeError("could not compose a given name from these tables")

    def english(self, sex: str) -> str:
        names = self.tables.english_names_female if sex == "F" else self.tables.english_names_male
        names = names or self.tables.english_names_female or self.tables.english_names_male
        if not names:
            raise ValueError("the tables have no English given names")
        return self.rng.choice(names)

    def person(
        self,
        origin: str | None = None,
        *,
        surname: SurnameReadings | None = None,
        length: int | None = None,
        with_english: bool | None = None,
    ) -> tuple[str, str, ComposedName]:
        """(origin, sex, name) of a new person; the keyword arguments pin down parts of the name."""
        origin = origin or self.origin()
        sex = self.sex()
        surname = surname or self.surname(origin)
        given = self.given(origin, sex, length or self.given_length(origin), surname)
        if with_english is None:
            has_names = bool(self.tables.english_names_female or self.tables.english_names_male)
            with_english = has_names and self.rng.random() < ENGLISH_NAME_SHARE[origin]
        english = self.english(sex) if with_english else ""
        return origin, sex, ComposedName(surname, given, english)
