"""A small first-line policy whose decisions can be checked by hand, and builders for declarations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hetao.engines.rules import Declaration, Item

SAMPLE_POLICY = """
name = "research goods"
version = 1
effective_from = 2025-07-01

[[rules]]
id = "declarant-not-active"
description = "A suspended or revoked declarant may not use facilitation"
description_zh = "备案暂停或撤销的申报人不得享受便利"
outcome = "refuse"
when = { fact = "declaration.declarant_status", op = "in", value = ["suspended", "revoked"] }

[[rules]]
id = "goods-not-whitelisted"
description = "Goods outside the declarant's whitelist go to an officer"
outcome = "officer"
applies_to = { flow = "goods" }
when = { fact = "item.whitelisted", op = "eq", value = false }

[[rules]]
id = "special-needs-quarantine"
description = "A special item needs a quarantine approval and a Hong Kong biological-material licence"
outcome = "refuse"
applies_to = { flow = "goods", line = "first" }
when = { all = [
    { fact = "item.goods_class", op = "eq", value = "special_item" },
    { any = [
        { fact = "item.has_quarantine_approval", op = "eq", value = false },
        { fact = "item.has_hk_bio_licence", op = "eq", value = false },
    ] },
] }

[[rules]]
id = "high-risk"
description = "High-risk declarations are inspected"
outcome = "inspect"
when = { fact = "declaration.risk_score", op = "ge", value = 0.7 }

[[rules]]
id = "chemicals"
description = "Hazardous chemicals of HS chapters 28 and 29 are inspected"
outcome = "inspect"
applies_to = { flow = "goods" }
when = { all = [
    { fact = "item.goods_class", op = "eq", value = "hazardous_chemical" },
    { fact = "item.hs_code", op = "prefix", value = ["28", "29"] },
] }

[[rules]]
id = "hand-carry-by-designated"
description = "Hand-carried goods need one of the declarant's designated persons"
outcome = "refuse"
applies_to = { flow = "goods" }
when = { all = [
    { fact = "declaration.channel", op = "eq", value = "hand_carried" },
    { not = { fact = "declaration.carrier_designated", op = "eq", value = true } },
] }

[[rules]]
id = "over-quota"
description = "A quantity over the quota left goes to an officer"
outcome = "officer"
applies_to = { flow = "goods" }
when = { fact = "item.over_quota", op = "eq", value = true }

[[rules]]
id = "low-value-sample"
description = "Low-value samples are cleared"
outcome = "clear"
applies_to = { flow = "goods", line = "first" }
when = { all = [
    { fact = "item.goods_class", op = "eq", value = "sample" },
    { fact = "item.value", op = "lt", value = 1000 },
] }
"""


def item(**changes: Any) -> Item:
    """A whitelisted reagent, 10 kg worth 5,000 HKD, from Hong Kong."""
    fields: dict[str, Any] = {
        "hs_code": "38220090",
        "goods_class": "reagent",
        "quantity": Decimal(10),
        "unit": "kg",
        "value": Decimal(5000),
        "currency": "HKD",
        "origin": "HK",
        "whitelisted": True,
    }
    fields.update(changes)
    return Item(**fields)


def declaration(*items: Item, **changes: Any) -> Declaration:
    """An inbound first-line cargo goods declaration by an active, whitelisted institution."""
    fields: dict[str, Any] = {
        "flow": "goods",
        "line": "first",
        "direction": "inbound",
        "channel": "cargo",
        "declarant_id": "91440300MA5FTEST01",
        "declarant_status": "active",
        "declarant_whitelisted": True,
        "declarant_scope_flows": ("goods",),
        "declarant_scope_classes": ("reagent", "sample", "special_item"),
        "risk_score": 0.2,
        "items": items or (item(),),
    }
    fields.update(changes)
    return Declaration(**fields)
