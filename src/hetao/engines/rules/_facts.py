"""The fact catalogue: every name a policy condition may read, with its type and the operators it takes."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Literal

from hetao.engines.rules._model import (
    BIO_RISK_CLASSES,
    CHANNELS,
    DECLARANT_STATUSES,
    DIRECTIONS,
    FLOWS,
    GOODS_CLASSES,
    LINES,
    Declaration,
    Item,
)

FactType = Literal["str", "bool", "int", "decimal", "float", "str_set"]
FactValue = str | bool | int | float | Decimal | tuple[str, ...] | None
Level = Literal["declaration", "item"]

OPERATORS: Final[tuple[str, ...]] = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "prefix", "exists", "missing")

TYPE_NAMES: Final[dict[str, str]] = {
    "str": "a string",
    "bool": "true or false",
    "int": "an integer",
    "decimal": "a number",
    "float": "a number",
    "str_set": "a set of strings",
}

_ORDERED = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "exists", "missing")
_OPERATORS_BY_TYPE: Final[dict[str, tuple[str, ...]]] = {
    "str": ("eq", "ne", "in", "not_in", "prefix", "exists", "missing"),
    "bool": ("eq", "ne", "exists", "missing"),
    "int": _ORDERED,
    "decimal": _ORDERED,
    "float": _ORDERED,
    "str_set": ("in", "not_in", "exists", "missing"),
}


@dataclass(frozen=True)
class Fact:
    """A fact a condition may read.

    ``name`` is ``declaration.<field>`` or ``item.<field>``; ``type`` is its value type; ``optional`` facts may
    be missing (None), which every comparison treats as not matching (only ``missing`` matches it).
    ``choices`` lists the only values a string fact (or a set fact's elements) can take; ``pattern`` is the
    regular expression a value compared with ``eq``/``in`` must match, ``prefix_pattern`` the one a ``prefix``
    must match; ``bounds`` the range a number lies in, so that a value outside it is refused as a likely slip
    (a risk of 70 where 0.7 was meant). ``derive`` computes a fact that is not a plain field.
    """

    name: str
    type: FactType
    description: str
    optional: bool = False
    choices: tuple[str, ...] | None = None
    pattern: str | None = None
    prefix_pattern: str | None = None
    bounds: tuple[float, float] | None = None
    derive: Callable[[Declaration, Item | None], FactValue] | None = None

    @property
    def level(self) -> Level:
        return "item" if self.name.startswith("item.") else "declaration"

    @property
    def attribute(self) -> str:
        return self.name.split(".", 1)[1]

    @property
    def operators(self) -> tuple[str, ...]:
        operators = _OPERATORS_BY_TYPE[self.type]
        if self.choices is not None and self.type == "str":
            operators = tuple(op for op in operators if op != "prefix")
        return operators

    def read(self, declaration: Declaration, item: Item | None = None) -> FactValue:
        """This fact's value in ``declaration`` (and ``item``, for an item fact)."""
        if self.derive is not None:
            return self.derive(declaration, item)
        if self.level == "item":
            if item is None:
                raise ValueError(f"{self.name} is an item fact: pass the item")
            value: FactValue = getattr(item, self.attribute)
            return value
        value = getattr(declaration, self.attribute)
        return value  # noqa: RET504 - the annotation above types getattr's result

    def compiled_pattern(self, *, prefix: bool) -> re.Pattern[str] | None:
        pattern = self.prefix_pattern if prefix else self.pattern
        return None if pattern is None else re.compile(pattern)


def _class_in_scope(declaration: Declaration, item: Item | None) -> bool | None:
    if item is None or item.goods_class is None:
        return None
    return item.goods_class in declaration.declarant_scope_classes


_CATALOGUE = (
    Fact("declaration.flow", "str", "what crosses the line", choices=FLOWS),
    Fact("declaration.line", "str", "first line (Hong Kong - zone) or second line (zone - mainland)", choices=LINES),
    Fact("declaration.direction", "str", "into the zone or out of it", choices=DIRECTIONS),
    Fact("declaration.channel", "str", "cargo, hand-carried by a person, or electronic", choices=CHANNELS),
    Fact("declaration.declarant_id", "str", "the declarant institution's identifier"),
    Fact(
        "declaration.declarant_status",
        "str",
        "the declarant's whitelist status (missing when it is not filed)",
        optional=True,
        choices=DECLARANT_STATUSES,
    ),
    Fact("declaration.declarant_whitelisted", "bool", "whether the declarant is filed on the whitelist"),
    Fact("declaration.declarant_scope_flows", "str_set", "the flows the declarant's filing covers", choices=FLOWS),
    Fact(
        "declaration.declarant_scope_classes",
        "str_set",
        "the goods classes the declarant's filing covers",
        choices=GOODS_CLASSES,
    ),
    Fact("declaration.flow_in_scope", "bool", "whether the declarant's filing covers this declaration's flow"),
    Fact(
        "declaration.carrier_designated",
        "bool",
        "whether the person hand-carrying the goods is a designated person of the declarant",
        optional=True,
    ),
    Fact("declaration.project_id", "str", "the research project the declaration serves", optional=True),
    Fact("declaration.risk_score", "float", "risk score, 0 to 1", optional=True, bounds=(0.0, 1.0)),
    Fact(
        "declaration.party_screening_score",
        "float",
        "best match of the parties against screening lists, 0 to 1",
        optional=True,
        bounds=(0.0, 1.0),
    ),
    Fact("declaration.item_count", "int", "how many items the declaration has", bounds=(0, 1e9)),
    Fact(
        "item.hs_code",
        "str",
        "HS code, 6 to 10 digits",
        optional=True,
        pattern=r"\d{6,10}",
        prefix_pattern=r"\d{1,10}",
    ),
    Fact("item.goods_class", "str", "class of goods", optional=True, choices=GOODS_CLASSES),
    Fact(
        "item.bio_risk_class",
        "int",
        "biological risk class of a special item, 1 to 4",
        optional=True,
        bounds=(min(BIO_RISK_CLASSES), max(BIO_RISK_CLASSES)),
    ),
    Fact("item.quantity", "decimal", "quantity, in the item's unit", optional=True, bounds=(0, float("inf"))),
    Fact("item.unit", "str", "unit of the quantity", optional=True),
    Fact("item.value", "decimal", "value, in the item's currency", optional=True, bounds=(0, float("inf"))),
    Fact("item.currency", "str", "currency of the value (ISO 4217)", optional=True, pattern=r"[A-Z]{3}"),
    Fact("item.origin", "str", "country of origin (ISO 3166 alpha-2)", optional=True, pattern=r"[A-Z]{2}"),
    Fact("item.has_quarantine_approval", "bool", "whether a quarantine approval covers the item"),
    Fact("item.has_hk_bio_licence", "bool", "whether a Hong Kong biological-material licence covers the item"),
    Fact("item.licence", "str", "number of the licence the item travels under", optional=True),
    Fact(
        "item.restricted_technology",
        "bool",
        "whether the item is on the restricted-technology list",
        optional=True,
    ),
    Fact("item.whitelisted", "bool", "whether the declarant's whitelist covers the item", optional=True),
    Fact(
        "item.quota_remaining",
        "decimal",
        "quota left for the item on the whitelist, in the quota's unit (missing without a quota)",
        optional=True,
    ),
    Fact(
        "item.quota_unit_matches",
        "bool",
        "whether the item's unit is the quota's (missing without a quota)",
        optional=True,
    ),
    Fact(
        "item.over_quota",
        "bool",
        "whether the quantity exceeds the quota left, or is in another unit (missing without a quota)",
        optional=True,
    ),
    Fact(
        "item.class_in_scope",
        "bool",
        "whether the declarant's filing covers the item's goods class",
        optional=True,
        derive=_class_in_scope,
    ),
    Fact(
        "item.quantity_zscore",
        "float",
        "robust z-score of the quantity against the declarant's past quantities of the HS code",
        optional=True,
        bounds=(float("-inf"), float("inf")),
    ),
)

FACTS: Final[Mapping[str, Fact]] = MappingProxyType({fact.name: fact for fact in _CATALOGUE})
"""Every fact a condition may read, by name."""
