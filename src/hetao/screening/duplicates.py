"""Duplicate warnings for the zone's create pages and endpoints: likely duplicates of a new record, split into
those the user may see (shown with the explanation) and a count of the others (so that an unlisted person's
name does not leak through the warning)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from hetao.core.api import error_body
from hetao.core.errors import Conflict
from hetao.screening.domain.matching import person_name_forms
from hetao.screening.domain.selectors import likely_duplicate_organisations, likely_duplicate_people
from hetao.zone.domain.selectors import organisations_visible_to, people_visible_to


@dataclass(frozen=True)
class DuplicateCandidate:
    record: Any
    score: float
    explanation: str


@dataclass(frozen=True)
class DuplicateWarning:
    candidates: list[DuplicateCandidate] = field(default_factory=list)
    hidden: int = 0

    def __bool__(self) -> bool:
        return bool(self.candidates) or self.hidden > 0


class LikelyDuplicate(Conflict):
    """The record being created looks like one already in the directory."""

    def __init__(self, warning: DuplicateWarning) -> None:
        super().__init__(
            "likely_duplicate",
            _(
                "The directory already has a record that may be this one. Check the candidates; to create the "
                "record anyway, send it again with confirm_not_duplicate set to true."
            ),
            field="confirm_not_duplicate",
        )
        self.warning = warning

    def body(self) -> dict[str, Any]:
        return {
            **error_body(self.code, self.message, self.field),
            "candidates": [
                {
                    "id": c.record.pk,
                    "name": str(c.record.name),
                    "score": round(c.score, 4),
                    "explanation": c.explanation,
                }
                for c in self.warning.candidates
            ],
            "hidden_candidates": self.warning.hidden,
        }


def _split(user: Any, found: Sequence[tuple[Any, float, str]], visible_ids: set[int]) -> DuplicateWarning:
    shown = [
        DuplicateCandidate(record, score, explanation)
        for record, score, explanation in found
        if record.pk in visible_ids
    ]
    return DuplicateWarning(candidates=shown, hidden=len(found) - len(shown))


def person_duplicate_warning(
    user: Any, fields: Mapping[str, Any], *, exclude_id: int | None = None
) -> DuplicateWarning:
    """Likely duplicates of a person about to be created from ``fields`` (the arguments of person_create)."""
    birth_date = fields.get("birth_date")
    found = likely_duplicate_people(
        name_forms=person_name_forms(fields),
        birth_date=birth_date if isinstance(birth_date, date) else None,
        exclude_id=exclude_id,
    )
    if not found:
        return DuplicateWarning()
    ids = [person.pk for person, _score, _explanation in found]
    visible = set(people_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return _split(user, found, visible)


def organisation_duplicate_warning(
    user: Any, fields: Mapping[str, Any], *, exclude_id: int | None = None
) -> DuplicateWarning:
    names = [fields.get("name_en") or "", fields.get("name_hans") or "", fields.get("name_hant") or ""]
    names += list(fields.get("aliases") or [])
    found = likely_duplicate_organisations(names=[n for n in names if n], exclude_id=exclude_id)
    if not found:
        return DuplicateWarning()
    ids = [org.pk for org, _score, _explanation in found]
    visible = set(organisations_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return _split(user, found, visible)
