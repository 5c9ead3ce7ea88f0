"""Labelled test data for the names engine: pairs of person names in classes, and person records for an index.

Framework-free, and free of tables of its own: the readings come in as :class:`NameTables` (build them
from curated rows with :func:`tables_from_rows`), so the generator, the demo data and the engine's
benchmarks share one source of truth.

* :func:`pairs_from_tables` gives ``n`` labelled pairs per class: true pairs (``TRUE_CLASSES``, the same
  person written two ways) and hard negatives (``NEGATIVE_CLASSES``), deterministic for a seed.
* :func:`people_from_tables` gives many person records quickly (a million in seconds), and
  :func:`query_for` a query written as another form of a record's name.
"""

from hetao.engines.names_testdata._compose import Composer
from hetao.engines.names_testdata._model import (
    GeneratedPerson,
    GivenReadings,
    Hanzi,
    LabelledPair,
    NameTables,
    SurnameReadings,
)
from hetao.engines.names_testdata._pairs import ALL_CLASSES, NEGATIVE_CLASSES, TRUE_CLASSES, pairs_from_tables
from hetao.engines.names_testdata._people import QUERY_KINDS, Query, people_from_tables, person_name, query_for
from hetao.engines.names_testdata._readings import SURNAME_JYUTPING, tables_from_rows
from hetao.engines.names_testdata._render import (
    ENGLISH_STYLES,
    HK_STYLES,
    INITIALS_STYLES,
    JYUTPING_STYLES,
    PINYIN_STYLES,
    ComposedName,
)

__all__ = [
    "ALL_CLASSES",
    "ENGLISH_STYLES",
    "HK_STYLES",
    "INITIALS_STYLES",
    "JYUTPING_STYLES",
    "NEGATIVE_CLASSES",
    "PINYIN_STYLES",
    "QUERY_KINDS",
    "SURNAME_JYUTPING",
    "TRUE_CLASSES",
    "ComposedName",
    "Composer",
    "GeneratedPerson",
    "GivenReadings",
    "Hanzi",
    "LabelledPair",
    "NameTables",
    "Query",
    "SurnameReadings",
    "pairs_from_tables",
    "people_from_tables",
    "person_name",
    "query_for",
    "tables_from_rows",
]
