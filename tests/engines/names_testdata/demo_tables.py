"""The adapter the tests use: the platform's curated demo tables, as the generator's input."""

from __future__ import annotations

from functools import cache

from hetao.engines.names_testdata import NameTables, tables_from_rows
from hetao.zone.demo import namegen


@cache
def demo_tables() -> NameTables:
    return tables_from_rows(
        namegen.SURNAMES,
        namegen.GIVEN_CHARACTERS,
        english_names_female=namegen.ENGLISH_NAMES_F,
        english_names_male=namegen.ENGLISH_NAMES_M,
    )


def split_name(tables: NameTables, hanzi: str) -> tuple[str, str]:
    """(surname, given) of a name in characters, compound surnames first."""
    for length in (2, 1):
        try:
            tables.surname(hanzi[:length])
        except ValueError:
            continue
        return hanzi[:length], hanzi[length:]
    raise ValueError(f"no surname of the tables starts {hanzi!r}")
