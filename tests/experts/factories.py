"""Experts built through the domain services."""

from __future__ import annotations

from typing import Any

from hetao.experts.domain.services import expert_create
from tests.factories.pages import make_person_with_account
from tests.factories.people import make_person


def make_expert(person: Any = None, **fields: Any) -> Any:
    fields.setdefault("statement_en", "Quantum error correction with superconducting qubits.")
    fields.setdefault("keywords", ["quantum computing", "量子纠错"])
    return expert_create(actor=None, person=person or make_person(), **fields)


def make_expert_with_account(**person_fields: Any) -> tuple[Any, Any]:
    """An expert whose directory record is linked to a user account: (expert, user)."""
    person, user = make_person_with_account(**person_fields)
    return make_expert(person), user
