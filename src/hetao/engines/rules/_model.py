"""Declarations and their items: the facts a policy decides on, checked at the boundary."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

Outcome = Literal["clear", "inspect", "officer", "refuse"]

OUTCOMES: Final[tuple[Outcome, ...]] = ("clear", "inspect", "officer", "refuse")
"""The outcomes in rising severity: a decision takes the most severe outcome of the rules that fired."""

SEVERITY: Final[dict[str, int]] = {outcome: rank for rank, outcome in enumerate(OUTCOMES)}

FLOWS: Final[tuple[str, ...]] = ("goods", "person", "data", "technology")
LINES: Final[tuple[str, ...]] = ("first", "second")
"""The first line lies between Hong Kong and the zone, the second between the zone and the rest of the mainland."""
DIRECTIONS: Final[tuple[str, ...]] = ("inbound", "outbound")
"""Into the zone or out of it, across the declaration's line."""
CHANNELS: Final[tuple[str, ...]] = ("cargo", "hand_carried", "electronic")
DECLARANT_STATUSES: Final[tuple[str, ...]] = ("active", "suspended", "revoked")
GOODS_CLASSES: Final[tuple[str, ...]] = (
    "reagent",
    "consumable",
    "sample",
    "special_item",
    "laboratory_animal",
    "hazardous_chemical",
    "instrument",
    "rd_product",
    "dual_use",
)
BIO_RISK_CLASSES: Final[tuple[int, ...]] = (1, 2, 3, 4)

HS_CODE: Final = re.compile(r"\d{6,10}")
CURRENCY: Final = re.compile(r"[A-Z]{3}")
COUNTRY: Final = re.compile(r"[A-Z]{2}")


def _choice(name: str, value: object, choices: tuple[str, ...], *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")


def _flag(name: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False{' or None' if optional else ''}; got {value!r}")


def _text(name: str, value: object, *, optional: bool = False, pattern: re.Pattern[str] | None = None) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string; got {value!r}")
    if pattern is not None and not pattern.fullmatch(value):
        raise ValueError(f"{name} {value!r} does not match {pattern.pattern}")


def _amount(name: str, value: object) -> Decimal | None:
    """A Decimal (an int is taken exactly; a float never, since its binary digits are not the declared ones)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"{name} must be a Decimal (or an int), never a float; got {value!r}")
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{name} must be a finite, non-negative amount; got {value!r}")
    return amount


def _fraction(name: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a number in [0, 1]; got {value!r}")
    return float(value)


def _strings(name: str, value: object, choices: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, tuple | list | frozenset | set):
        raise ValueError(f"{name} must be a tuple of strings; got {value!r}")
    for element in value:
        _choice(f"{name} element", element, choices)
    return tuple(sorted(value)) if isinstance(value, frozenset | set) else tuple(value)


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a declaration. Every field is a fact of the ``item.*`` namespace (see ``FACTS``).

    ``hs_code`` has 6 to 10 digits; ``quantity`` (in ``unit``) and ``value`` (in ``currency``, ISO 4217) are
    Decimals; ``origin`` is an ISO 3166 alpha-2 country code; ``bio_risk_class`` is 1 to 4 for special items.
    ``whitelisted``, ``quota_remaining`` and ``quota_unit_matches`` are filled by :func:`prepare` from a
    :class:`Whitelist`; ``quantity_zscore`` by the caller from :func:`robust_zscore` if its policy uses it.
    A goods declaration's items need ``hs_code``, ``goods_class``, ``quantity`` and ``unit``.
    """

    hs_code: str | None = None
    goods_class: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    value: Decimal | None = None
    currency: str | None = None
    origin: str | None = None
    bio_risk_class: int | None = None
    has_quarantine_approval: bool = False
    has_hk_bio_licence: bool = False
    licence: str | None = None
    restricted_technology: bool | None = None
    description: str = ""
    whitelisted: bool | None = None
    quota_remaining: Decimal | None = None
    quota_unit_matches: bool | None = None
    quantity_zscore: float | None = None

    def __post_init__(self) -> None:
        _text("hs_code", self.hs_code, optional=True, pattern=HS_CODE)
        _choice("goods_class", self.goods_class, GOODS_CLASSES, optional=True)
        object.__setattr__(self, "quantity", _amount("quantity", self.quantity))
        _text("unit", self.unit, optional=True)
        object.__setattr__(self, "value", _amount("value", self.value))
        _text("currency", self.currency, optional=True, pattern=CURRENCY)
        if (self.value is None) != (self.currency is None):
            raise ValueError("value and currency go together: give both or neither")
        _text("origin", self.origin, optional=True, pattern=COUNTRY)
        if self.bio_risk_class is not None and (
            isinstance(self.bio_risk_class, bool) or self.bio_risk_class not in BIO_RISK_CLASSES
        ):
            raise ValueError(f"bio_risk_class must be 1, 2, 3 or 4 (or None); got {self.bio_risk_class!r}")
        _flag("has_quarantine_approval", self.has_quarantine_approval)
        _flag("has_hk_bio_licence", self.has_hk_bio_licence)
        _text("licence", self.licence, optional=True)
        _flag("restricted_technology", self.restricted_technology, optional=True)
        if not isinstance(self.description, str):
            raise ValueError(f"description must be a string; got {self.description!r}")
        _flag("whitelisted", self.whitelisted, optional=True)
        if self.quota_remaining is not None:
            if isinstance(self.quota_remaining, bool) or not isinstance(self.quota_remaining, Decimal | int):
                raise ValueError(f"quota_remaining must be a Decimal; got {self.quota_remaining!r}")
            object.__setattr__(self, "quota_remaining", Decimal(self.quota_remaining))
        _flag("quota_unit_matches", self.quota_unit_matches, optional=True)
        if self.quantity_zscore is not None and (
            isinstance(self.quantity_zscore, bool)
            or not isinstance(self.quantity_zscore, int | float)
            or math.isnan(self.quantity_zscore)
        ):
            raise ValueError(f"quantity_zscore must be a number; got {self.quantity_zscore!r}")

    @property
    def over_quota(self) -> bool | None:
        """True when the quantity exceeds the quota left, or is counted in another unit than the quota's (it
        then cannot be counted against the quota, so it is treated as exceeding it); None without a quota."""
        if self.quota_remaining is None:
            return None
        if self.quota_unit_matches is False or self.quantity is None:
            return True
        return self.quantity > self.quota_remaining


@dataclass(frozen=True, slots=True)
class Declaration:
    """A declaration across one line: its ``declaration.*`` facts and its items (see ``FACTS``).

    ``reference`` only names the declaration in reports. ``declarant_status`` is the declarant's whitelist
    status (None when it is not filed); ``declarant_scope_flows`` and ``declarant_scope_classes`` are the flows
    and goods classes its filing covers. ``risk_score`` (0 to 1) comes from :func:`risk_score`;
    ``party_screening_score`` (0 to 1) from screening the parties' names; ``carrier_designated`` says whether
    the person hand-carrying the goods is one of the declarant's designated persons.
    """

    flow: str
    line: str
    direction: str
    channel: str
    declarant_id: str
    items: tuple[Item, ...] = ()
    reference: str = ""
    declarant_status: str | None = None
    declarant_whitelisted: bool = False
    declarant_scope_flows: tuple[str, ...] = ()
    declarant_scope_classes: tuple[str, ...] = ()
    carrier_designated: bool | None = None
    project_id: str | None = None
    risk_score: float | None = None
    party_screening_score: float | None = None

    def __post_init__(self) -> None:
        _choice("flow", self.flow, FLOWS)
        _choice("line", self.line, LINES)
        _choice("direction", self.direction, DIRECTIONS)
        _choice("channel", self.channel, CHANNELS)
        _text("declarant_id", self.declarant_id)
        items: object = self.items
        if isinstance(items, list):
            items = tuple(items)
        if not isinstance(items, tuple):
            raise ValueError(f"items must be a tuple of Item; got {type(items).__name__}")
        for index, item in enumerate(items):
            if not isinstance(item, Item):
                raise ValueError(f"items[{index}] must be an Item; got {type(item).__name__}")
            if self.flow == "goods":
                for field in ("hs_code", "goods_class", "quantity", "unit"):
                    if getattr(item, field) is None:
                        raise ValueError(f"items[{index}].{field} is needed in a goods declaration")
        object.__setattr__(self, "items", items)
        if not isinstance(self.reference, str):
            raise ValueError(f"reference must be a string; got {self.reference!r}")
        _choice("declarant_status", self.declarant_status, DECLARANT_STATUSES, optional=True)
        _flag("declarant_whitelisted", self.declarant_whitelisted)
        object.__setattr__(
            self, "declarant_scope_flows", _strings("declarant_scope_flows", self.declarant_scope_flows, FLOWS)
        )
        object.__setattr__(
            self,
            "declarant_scope_classes",
            _strings("declarant_scope_classes", self.declarant_scope_classes, GOODS_CLASSES),
        )
        _flag("carrier_designated", self.carrier_designated, optional=True)
        _text("project_id", self.project_id, optional=True)
        object.__setattr__(self, "risk_score", _fraction("risk_score", self.risk_score))
        object.__setattr__(
            self, "party_screening_score", _fraction("party_screening_score", self.party_screening_score)
        )

    @property
    def flow_in_scope(self) -> bool:
        """Whether the declarant's filing covers this declaration's flow."""
        return self.flow in self.declarant_scope_flows

    @property
    def item_count(self) -> int:
        return len(self.items)
