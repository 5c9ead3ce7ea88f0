"""Screening test data, made through the domain services so that tests see what production writes."""

from __future__ import annotations

import json
from typing import Any

from hetao.screening.domain.services import screening_list_create, screening_list_import

CSV_HEADER = "name,aliases,kind,birth_date,country,source_id,reason\n"


def make_list(*, name: str = "Test sanctions", kind: str = "sanctions", **extra: Any) -> Any:
    return screening_list_create(actor=None, name=name, kind=kind, **extra)


def csv_bytes(*rows: str) -> bytes:
    return (CSV_HEADER + "".join(row + "\n" for row in rows)).encode()


def import_csv(screening_list: Any, *rows: str, label: str = "", actor: Any = None) -> Any:
    return screening_list_import(
        actor=actor,
        screening_list=screening_list,
        data=csv_bytes(*rows),
        file_format="csv",
        file_name="list.csv",
        label=label,
    )


def ftm_line(entity_id: str, schema: str, **properties: list[str]) -> str:
    return json.dumps({"id": entity_id, "schema": schema, "properties": properties}, ensure_ascii=False)


def make_list_with(*rows: str, name: str = "Test sanctions") -> Any:
    """A list with one imported CSV version holding ``rows``; returns the import report."""
    return import_csv(make_list(name=name), *rows)
