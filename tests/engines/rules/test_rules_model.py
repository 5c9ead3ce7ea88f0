"""Declarations and items are checked at the boundary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hetao.engines.rules import FACTS, Declaration
from tests.engines.rules._helpers import declaration, item


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hs_code": "3822"}, r"hs_code '3822' does not match \\d\{6,10\}"),
        ({"goods_class": "cash"}, "goods_class must be one of reagent, consumable"),
        ({"quantity": 1.5}, r"quantity must be a Decimal \(or an int\), never a float; got 1.5"),
        ({"quantity": Decimal(-1)}, "quantity must be a finite, non-negative amount"),
        ({"value": Decimal("NaN")}, "value must be a finite, non-negative amount"),
        ({"currency": None}, "value and currency go together"),
        ({"currency": "hkd"}, r"currency 'hkd' does not match \[A-Z\]\{3\}"),
        ({"origin": "HKG"}, r"origin 'HKG' does not match"),
        ({"bio_risk_class": 5}, "bio_risk_class must be 1, 2, 3 or 4"),
        ({"has_hk_bio_licence": 1}, "has_hk_bio_licence must be True or False; got 1"),
        ({"whitelisted": "yes"}, "whitelisted must be True or False or None; got 'yes'"),
        ({"quota_remaining": 1.0}, "quota_remaining must be a Decimal; got 1.0"),
        ({"quantity_zscore": float("nan")}, "quantity_zscore must be a number; got nan"),
    ],
)
def test_item_refuses_bad_fields(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        item(**changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"flow": "cash"}, "flow must be one of goods, person, data, technology; got 'cash'"),
        ({"line": "third"}, "line must be one of first, second"),
        ({"channel": "post"}, "channel must be one of cargo, hand_carried, electronic"),
        ({"declarant_id": ""}, "declarant_id must be a non-empty string"),
        ({"items": ({"hs_code": "38220090"},)}, r"items\[0\] must be an Item; got dict"),
        ({"items": "abc"}, "items must be a tuple of Item; got str"),
        ({"declarant_status": "banned"}, "declarant_status must be one of active, suspended, revoked"),
        ({"declarant_scope_flows": "goods"}, "declarant_scope_flows must be a tuple of strings"),
        ({"declarant_scope_classes": ("cash",)}, "declarant_scope_classes element must be one of"),
        ({"risk_score": 70}, r"risk_score must be a number in \[0, 1\]; got 70"),
        ({"party_screening_score": True}, r"party_screening_score must be a number in \[0, 1\]; got True"),
    ],
)
def test_declaration_refuses_bad_fields(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        declaration(**changes)


def test_goods_declaration_items_need_code_class_quantity_and_unit() -> None:
    with pytest.raises(ValueError, match=r"items\[1\]\.unit is needed in a goods declaration"):
        declaration(item(), item(unit=None))
    data = Declaration(flow="data", line="first", direction="outbound", channel="electronic", declarant_id="X")
    assert data.items == ()


def test_declaration_normalises_lists_and_sets() -> None:
    subject = declaration(items=[item()], declarant_scope_flows={"goods", "data"}, risk_score=1)

    assert subject.items == (item(),)
    assert subject.declarant_scope_flows == ("data", "goods")
    assert subject.risk_score == 1.0
    assert isinstance(subject.risk_score, float)
    assert item(quantity=3).quantity == Decimal(3)


def test_fact_catalogue_reads_every_fact() -> None:
    subject = declaration(item(quota_remaining=Decimal(4), quota_unit_matches=True))

    values = {name: fact.read(subject, subject.items[0]) for name, fact in FACTS.items()}

    assert values["declaration.flow"] == "goods"
    assert values["declaration.item_count"] == 1
    assert values["declaration.flow_in_scope"] is True
    assert values["item.over_quota"] is True
    assert values["item.class_in_scope"] is True
    assert values["item.licence"] is None
    with pytest.raises(ValueError, match=r"item\.hs_code is an item fact: pass the item"):
        FACTS["item.hs_code"].read(subject)
    assert all(fact.type in ("str", "bool", "int", "decimal", "float", "str_set") for fact in FACTS.values())
