"""The input of the retrieval engine, a profile of texts and keywords, with the checks made at the boundary."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float64]
FloatVector = npt.NDArray[np.float64]

DEFAULT_KEYWORD_WEIGHT = 3.0


def _strings(owner: str, name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ValueError(f"{owner}.{name} must be a sequence of str (a list or tuple), got {type(value).__name__}")
    items = tuple(value)
    for position, item in enumerate(items):
        if not isinstance(item, str):
            raise ValueError(f"{owner}.{name}[{position}] must be a str, got {type(item).__name__}")
    return items


@dataclass(frozen=True)
class Profile:
    """What is known of one side of a match: a proposal, a reviewer, an enterprise's need, a research result.

    ``texts`` are free texts in any mix of English, Simplified and Traditional Chinese (a statement, titles and
    abstracts of publications); ``keywords`` are words or phrases, weighted more than ordinary text and also
    matched as whole phrases; ``id`` is the caller's, carried along untouched. Lists are stored as tuples.
    """

    texts: Sequence[str]
    keywords: Sequence[str] = ()
    id: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", _strings("Profile", "texts", self.texts))
        object.__setattr__(self, "keywords", _strings("Profile", "keywords", self.keywords))
        if not isinstance(self.id, str):
            raise ValueError(f"Profile.id must be a str, got {type(self.id).__name__}")


def check_profiles(name: str, value: Any) -> tuple[Profile, ...]:
    if isinstance(value, str | bytes | Profile) or not isinstance(value, Sequence):
        raise ValueError(f"{name} must be a sequence of Profile, got {type(value).__name__}")
    profiles = tuple(value)
    for position, item in enumerate(profiles):
        if not isinstance(item, Profile):
            raise ValueError(f"{name}[{position}] must be a Profile, got {type(item).__name__}")
    return profiles


def check_weight(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be finite and at least 0, got {number!r}")
    return number
