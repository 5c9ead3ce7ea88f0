"""The goods whitelist as an index: which institution may bring which goods, by HS-code prefix and class."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from hetao.engines.rules._model import GOODS_CLASSES, Declaration, Item

HS_PREFIX = re.compile(r"\d{2,10}")


@dataclass(frozen=True, slots=True)
class WhitelistEntry:
    """Institution ``institution`` may bring goods of ``goods_class`` whose HS code starts with ``hs_prefix``
    (2 to 10 digits: a chapter, heading, subheading or full code), within ``quota`` (in ``unit``; None for no
    quota) of which ``used`` is already used in the current period."""

    institution: str
    hs_prefix: str
    goods_class: str
    quota: Decimal | None = None
    unit: str | None = None
    used: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if not isinstance(self.institution, str) or not self.institution:
            raise ValueError(f"institution must be a non-empty string; got {self.institution!r}")
        if not isinstance(self.hs_prefix, str) or not HS_PREFIX.fullmatch(self.hs_prefix):
            raise ValueError(f"hs_prefix must be 2 to 10 digits; got {self.hs_prefix!r}")
        if self.goods_class not in GOODS_CLASSES:
            raise ValueError(f"goods_class must be one of {', '.join(GOODS_CLASSES)}; got {self.goods_class!r}")
        for name in ("quota", "used"):
            amount = getattr(self, name)
            if amount is None and name == "quota":
                continue
            if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
                raise ValueError(f"{name} must be a Decimal (or an int), never a float; got {amount!r}")
            if not Decimal(amount).is_finite() or amount < 0:
                raise ValueError(f"{name} must be a finite, non-negative amount; got {amount!r}")
            object.__setattr__(self, name, Decimal(amount))
        if self.quota is not None and (not isinstance(self.unit, str) or not self.unit):
            raise ValueError("a quota needs its unit")

    @property
    def remaining(self) -> Decimal | None:
        """Quota left (negative if it was overdrawn, e.g. after the quota was lowered); None without a quota."""
        return None if self.quota is None else self.quota - self.used


class Whitelist:
    """An index of whitelist entries, built once: :meth:`lookup` finds the entry with the longest HS-code
    prefix of an item's code among an institution's entries for the item's goods class.

    Per institution it keeps the distinct prefix lengths, longest first, and a table prefix -> class -> entry,
    so a lookup costs at most one dictionary probe per prefix length (at most nine).
    """

    __slots__ = ("_index", "_size")

    def __init__(self, entries: Iterable[WhitelistEntry]) -> None:
        tables: dict[str, dict[str, dict[str, WhitelistEntry]]] = {}
        size = 0
        for position, entry in enumerate(entries):
            if not isinstance(entry, WhitelistEntry):
                raise ValueError(f"entries[{position}] must be a WhitelistEntry, got {type(entry).__name__}")
            classes = tables.setdefault(entry.institution, {}).setdefault(entry.hs_prefix, {})
            if entry.goods_class in classes:
                raise ValueError(
                    f"entries[{position}] repeats institution {entry.institution!r}, prefix {entry.hs_prefix!r}, "
                    f"class {entry.goods_class!r}"
                )
            classes[entry.goods_class] = entry
            size += 1
        self._index = {
            institution: (tuple(sorted({len(prefix) for prefix in table}, reverse=True)), table)
            for institution, table in tables.items()
        }
        self._size = size

    def __len__(self) -> int:
        return self._size

    def lookup(self, institution: str, hs_code: str, goods_class: str) -> WhitelistEntry | None:
        """The entry of ``institution`` for ``goods_class`` with the longest prefix of ``hs_code``, or None."""
        found = self._index.get(institution)
        if found is None:
            return None
        lengths, table = found
        for length in lengths:
            classes = table.get(hs_code[:length])
            if classes is not None:
                entry = classes.get(goods_class)
                if entry is not None:
                    return entry
        return None


def prepare(declaration: Declaration, whitelist: Whitelist) -> Declaration:
    """The declaration with each item's whitelist facts filled in from the declarant's entries:
    ``whitelisted`` (an entry covers the item), ``quota_remaining`` and ``quota_unit_matches`` (when that entry
    has a quota). Items without an HS code or goods class are left as they are."""
    if not isinstance(whitelist, Whitelist):
        raise ValueError(f"prepare takes a Whitelist, got {type(whitelist).__name__}")
    institution = declaration.declarant_id
    items: list[Item] = []
    for item in declaration.items:
        if item.hs_code is None or item.goods_class is None:
            items.append(item)
            continue
        entry = whitelist.lookup(institution, item.hs_code, item.goods_class)
        if entry is None:
            items.append(replace(item, whitelisted=False, quota_remaining=None, quota_unit_matches=None))
        elif entry.quota is None:
            items.append(replace(item, whitelisted=True, quota_remaining=None, quota_unit_matches=None))
        else:
            items.append(
                replace(
                    item,
                    whitelisted=True,
                    quota_remaining=entry.remaining,
                    quota_unit_matches=entry.unit == item.unit,
                )
            )
    return replace(declaration, items=tuple(items))
