"""Errors raised by domain services. Pages turn them into form errors; the API into JSON bodies with a
stable ``code``, a human ``message`` in the caller's language, and the offending ``field``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldProblem:
    field: str | None
    code: str
    message: str


class DomainError(Exception):
    """A request that cannot be carried out as asked. Nothing was changed."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    @property
    def problems(self) -> list[FieldProblem]:
        return [FieldProblem(field=self.field, code=self.code, message=self.message)]


class ValidationFailed(DomainError):
    """One or more fields are invalid; every problem is listed at once."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        first = problems[0]
        super().__init__(first.code if len(problems) == 1 else "invalid", first.message, field=first.field)
        self._problems = problems

    @property
    def problems(self) -> list[FieldProblem]:
        return list(self._problems)


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    """The object changed since the caller read it, or a unique value is already taken."""

    status = 409


@dataclass
class ProblemCollector:
    """Gathers field problems so a service can report all of them together."""

    problems: list[FieldProblem] = field(default_factory=list)

    def add(self, field_name: str | None, code: str, message: str) -> None:
        self.problems.append(FieldProblem(field=field_name, code=code, message=message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)


def full_clean(obj: Any, *, exclude: Sequence[str] = ()) -> None:
    """Run a model's ``full_clean`` and report Django's validation errors as our field problems, all at once."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        collector = ProblemCollector()
        for field_name, messages in exc.message_dict.items():
            for message in messages:
                collector.add(None if field_name == "__all__" else field_name, "invalid", message)
        collector.raise_if_any()
