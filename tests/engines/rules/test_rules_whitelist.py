"""The whitelist index: longest-prefix lookups by institution and goods class, and prepare()."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetao.engines.rules import GOODS_CLASSES, Whitelist, WhitelistEntry, prepare
from tests.engines.rules._helpers import declaration, item
from tests.engines.rules._reference import ScanWhitelist, reference_prepare

INSTITUTION = "91440300MA5FTEST01"
ENTRIES = [
    WhitelistEntry(INSTITUTION, "38", "reagent"),
    WhitelistEntry(INSTITUTION, "3822", "reagent", quota=Decimal(100), unit="kg", used=Decimal(95)),
    WhitelistEntry(INSTITUTION, "382200", "consumable"),
    WhitelistEntry(INSTITUTION, "30029000", "special_item", quota=Decimal(5), unit="l"),
    WhitelistEntry("OTHER", "3822", "reagent"),
]
WHITELIST = Whitelist(ENTRIES)


def test_lookup_takes_the_longest_prefix_of_the_items_class() -> None:
    assert WHITELIST.lookup(INSTITUTION, "38220090", "reagent") is ENTRIES[1]
    assert WHITELIST.lookup(INSTITUTION, "38089400", "reagent") is ENTRIES[0]
    assert WHITELIST.lookup(INSTITUTION, "38220090", "consumable") is ENTRIES[2]
    assert WHITELIST.lookup(INSTITUTION, "38220090", "sample") is None
    assert WHITELIST.lookup(INSTITUTION, "30029000", "special_item") is ENTRIES[3]
    assert WHITELIST.lookup(INSTITUTION, "30021000", "special_item") is None
    assert WHITELIST.lookup("NOBODY", "38220090", "reagent") is None
    assert len(WHITELIST) == 5


def test_prepare_fills_whitelist_and_quota_facts() -> None:
    subject = declaration(
        item(hs_code="38220090", quantity=Decimal(6), whitelisted=None),
        item(hs_code="38089400", whitelisted=None),
        item(hs_code="90278000", goods_class="instrument", unit="piece"),
        item(hs_code="30029000", goods_class="special_item", quantity=Decimal(2), unit="kg"),
    )

    prepared = prepare(subject, WHITELIST)

    facts = [(i.whitelisted, i.quota_remaining, i.quota_unit_matches, i.over_quota) for i in prepared.items]
    assert facts == [
        (True, Decimal(5), True, True),
        (True, None, None, None),
        (False, None, None, None),
        (True, Decimal(5), False, True),
    ]
    assert prepared.items[0].quantity == Decimal(6)
    assert prepared.declarant_id == subject.declarant_id


def test_whitelist_refuses_duplicates_and_bad_entries() -> None:
    with pytest.raises(ValueError, match="entries\\[1\\] repeats institution 'A', prefix '38', class 'reagent'"):
        Whitelist([WhitelistEntry("A", "38", "reagent"), WhitelistEntry("A", "38", "reagent")])
    with pytest.raises(ValueError, match="hs_prefix must be 2 to 10 digits; got '3'"):
        WhitelistEntry("A", "3", "reagent")
    with pytest.raises(ValueError, match="goods_class must be one of"):
        WhitelistEntry("A", "38", "cash")
    with pytest.raises(ValueError, match=r"quota must be a Decimal \(or an int\), never a float; got 1\.5"):
        WhitelistEntry("A", "38", "reagent", quota=1.5, unit="kg")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="a quota needs its unit"):
        WhitelistEntry("A", "38", "reagent", quota=Decimal(1))
    with pytest.raises(ValueError, match="entries\\[0\\] must be a WhitelistEntry, got tuple"):
        Whitelist([("A", "38", "reagent")])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="prepare takes a Whitelist, got ScanWhitelist"):
        prepare(declaration(), ScanWhitelist(ENTRIES))  # type: ignore[arg-type]


entries_strategy = st.lists(
    st.builds(
        WhitelistEntry,
        institution=st.sampled_from(["A", "B"]),
        hs_prefix=st.sampled_from(["30", "3002", "300290", "30029000", "38", "3822", "382200", "38220090"]),
        goods_class=st.sampled_from(GOODS_CLASSES[:3]),
        quota=st.none() | st.integers(0, 20).map(Decimal),
        unit=st.just("kg"),
        used=st.integers(0, 10).map(Decimal),
    ),
    max_size=25,
    unique_by=lambda e: (e.institution, e.hs_prefix, e.goods_class),
)


@settings(max_examples=200, deadline=None)
@given(
    entries=entries_strategy,
    institution=st.sampled_from(["A", "B", "C"]),
    codes=st.lists(
        st.tuples(
            st.sampled_from(["30029000", "30021000", "38220090", "38229000", "38089400"]),
            st.sampled_from(GOODS_CLASSES[:3]),
            st.sampled_from(["kg", "g"]),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_prepare_matches_a_full_scan(
    entries: list[WhitelistEntry], institution: str, codes: list[tuple[str, str, str]]
) -> None:
    subject = declaration(
        *(item(hs_code=code, goods_class=goods_class, unit=unit) for code, goods_class, unit in codes),
        declarant_id=institution,
    )

    assert prepare(subject, Whitelist(entries)) == reference_prepare(subject, ScanWhitelist(entries))
