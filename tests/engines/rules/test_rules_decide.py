"""Hand-checkable decisions of the sample policy: each outcome path with its reasons and the facts they used."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hetao.engines.rules import Decision, Reason, compile_policy, decide, parse_policy
from tests.engines.rules._helpers import SAMPLE_POLICY, declaration, item

COMPILED = compile_policy(parse_policy(SAMPLE_POLICY))


def test_decide_clear_when_no_rule_fires() -> None:
    decision = decide(COMPILED, declaration())

    assert decision == Decision(outcome="clear", reasons=(), policy_name="research goods", policy_version=1)
    assert decision.default_applied


def test_decide_refuse_special_item_without_licence_names_the_item_and_its_facts() -> None:
    special = item(hs_code="30029000", goods_class="special_item", has_quarantine_approval=True)

    decision = decide(COMPILED, declaration(item(), special))

    assert decision.outcome == "refuse"
    assert decision.reasons == (
        Reason(
            rule_id="special-needs-quarantine",
            description="A special item needs a quarantine approval and a Hong Kong biological-material licence",
            outcome="refuse",
            item=1,
            facts=(
                ("item.goods_class", "special_item"),
                ("item.has_quarantine_approval", True),
                ("item.has_hk_bio_licence", False),
            ),
        ),
    )


def test_decide_special_item_with_approval_and_licence_is_clear() -> None:
    special = item(goods_class="special_item", has_quarantine_approval=True, has_hk_bio_licence=True)

    assert decide(COMPILED, declaration(special)).outcome == "clear"


def test_decide_officer_for_goods_off_the_whitelist() -> None:
    decision = decide(COMPILED, declaration(item(), item(whitelisted=False), item(whitelisted=False)))

    assert decision.outcome == "officer"
    assert [(r.rule_id, r.item, r.facts) for r in decision.reasons] == [
        ("goods-not-whitelisted", 1, (("item.whitelisted", False),)),
        ("goods-not-whitelisted", 2, (("item.whitelisted", False),)),
    ]


def test_decide_inspect_high_risk_fires_once_per_declaration() -> None:
    decision = decide(COMPILED, declaration(item(), item(), risk_score=0.75))

    assert decision.outcome == "inspect"
    assert decision.reasons == (
        Reason(
            rule_id="high-risk",
            description="High-risk declarations are inspected",
            outcome="inspect",
            item=None,
            facts=(("declaration.risk_score", 0.75),),
        ),
    )


def test_decide_inspect_chemicals_by_hs_prefix() -> None:
    chapter_28 = item(hs_code="28061000", goods_class="hazardous_chemical")
    chapter_38 = item(hs_code="38089400", goods_class="hazardous_chemical")

    decision = decide(COMPILED, declaration(chapter_38, chapter_28))

    assert decision.outcome == "inspect"
    assert [(r.rule_id, r.item, r.facts) for r in decision.reasons] == [
        ("chemicals", 1, (("item.goods_class", "hazardous_chemical"), ("item.hs_code", "28061000"))),
    ]


def test_decide_refuse_hand_carried_without_designated_carrier_reads_a_missing_fact_as_none() -> None:
    decision = decide(COMPILED, declaration(channel="hand_carried"))

    assert decision.outcome == "refuse"
    assert [(r.rule_id, r.item, r.facts) for r in decision.reasons] == [
        (
            "hand-carry-by-designated",
            None,
            (("declaration.channel", "hand_carried"), ("declaration.carrier_designated", None)),
        ),
    ]
    assert decide(COMPILED, declaration(channel="hand_carried", carrier_designated=True)).outcome == "clear"


def test_decide_officer_over_quota_and_in_another_unit() -> None:
    within = item(quota_remaining=Decimal(10), quota_unit_matches=True)
    over = item(quantity=Decimal("10.5"), quota_remaining=Decimal(10), quota_unit_matches=True)
    other_unit = item(unit="l", quantity=Decimal(1), quota_remaining=Decimal(10), quota_unit_matches=False)

    decision = decide(COMPILED, declaration(within, over, other_unit))

    assert decision.outcome == "officer"
    assert [(r.rule_id, r.item) for r in decision.reasons] == [("over-quota", 1), ("over-quota", 2)]


def test_decide_clear_rule_that_fires_is_a_reason_and_the_outcome_stays_clear() -> None:
    sample = item(goods_class="sample", value=Decimal("999.99"))

    decision = decide(COMPILED, declaration(sample))

    assert decision.outcome == "clear"
    assert not decision.default_applied
    assert [(r.rule_id, r.outcome, r.facts) for r in decision.reasons] == [
        ("low-value-sample", "clear", (("item.goods_class", "sample"), ("item.value", Decimal("999.99")))),
    ]


def test_decide_takes_the_most_severe_outcome_and_lists_reasons_in_policy_order() -> None:
    decision = decide(
        COMPILED,
        declaration(
            item(goods_class="sample", value=Decimal(10)),
            item(whitelisted=False),
            item(goods_class="special_item"),
            declarant_status="suspended",
            risk_score=0.9,
        ),
    )

    assert decision.outcome == "refuse"
    assert [(r.rule_id, r.outcome, r.item) for r in decision.reasons] == [
        ("declarant-not-active", "refuse", None),
        ("goods-not-whitelisted", "officer", 1),
        ("special-needs-quarantine", "refuse", 2),
        ("high-risk", "inspect", None),
        ("low-value-sample", "clear", 0),
    ]
    assert decision.reasons[0].description_zh == "备案暂停或撤销的申报人不得享受便利"


def test_decide_skips_rules_outside_applies_to() -> None:
    second_line = declaration(item(goods_class="special_item"), line="second")

    assert decide(COMPILED, second_line).outcome == "clear"
    assert COMPILED.rules_for("goods", "second") == (
        "declarant-not-active",
        "goods-not-whitelisted",
        "high-risk",
        "chemicals",
        "hand-carry-by-designated",
        "over-quota",
    )
    assert COMPILED.rules_for("data", "first") == ("declarant-not-active", "high-risk")


def test_decide_per_item_rule_on_a_declaration_without_items_never_fires() -> None:
    data = declaration(flow="data", channel="electronic", items=(), risk_score=0.7)

    decision = decide(COMPILED, data)

    assert [(r.rule_id, r.item) for r in decision.reasons] == [("high-risk", None)]


def test_decide_default_outcome_applies_only_when_nothing_fired() -> None:
    text = SAMPLE_POLICY.replace("version = 1\n", 'version = 1\ndefault_outcome = "officer"\n')
    compiled = compile_policy(parse_policy(text))

    assert decide(compiled, declaration()).outcome == "officer"
    assert decide(compiled, declaration(item(goods_class="sample", value=Decimal(1)))).outcome == "clear"
    assert decide(compiled, declaration(risk_score=0.8)).outcome == "inspect"


def test_decide_narrows_the_index_by_top_level_conditions_on_flow_and_line() -> None:
    policy = parse_policy(
        """
name = "p"
version = 1
effective_from = 2025-01-01
[[rules]]
id = "data-second"
description = "d"
outcome = "officer"
when = { all = [
    { fact = "declaration.flow", op = "in", value = ["data", "technology"] },
    { fact = "declaration.line", op = "ne", value = "first" },
    { fact = "declaration.risk_score", op = "gt", value = 0.5 },
] }
[[rules]]
id = "nothing"
description = "contradicts its applies_to"
outcome = "refuse"
applies_to = { flow = "goods" }
when = { fact = "declaration.flow", op = "eq", value = "person" }
"""
    )
    compiled = compile_policy(policy)

    assert compiled.rules_for("data", "second") == ("data-second",)
    assert compiled.rules_for("technology", "second") == ("data-second",)
    assert compiled.rules_for("data", "first") == ()
    assert compiled.rules_for("goods", "second") == ()
    fired = decide(compiled, declaration(flow="data", line="second", channel="electronic", risk_score=0.6))
    assert [(r.rule_id, r.facts) for r in fired.reasons] == [
        (
            "data-second",
            (
                ("declaration.flow", "data"),
                ("declaration.line", "second"),
                ("declaration.risk_score", 0.6),
            ),
        )
    ]
    assert decide(compiled, declaration(flow="data", line="second", channel="electronic", risk_score=0.4)).reasons == ()


def test_decide_missing_fact_fails_every_comparison_but_missing() -> None:
    policy = parse_policy(
        """
name = "p"
version = 1
effective_from = 2025-01-01
[[rules]]
id = "ne"
description = "d"
outcome = "inspect"
when = { fact = "item.licence", op = "ne", value = "L-1" }
[[rules]]
id = "not-in"
description = "d"
outcome = "inspect"
when = { fact = "item.licence", op = "not_in", value = ["L-1"] }
[[rules]]
id = "missing"
description = "d"
outcome = "officer"
when = { fact = "item.licence", op = "missing" }
[[rules]]
id = "not-eq"
description = "d"
outcome = "inspect"
when = { not = { fact = "item.licence", op = "eq", value = "L-1" } }
"""
    )
    compiled = compile_policy(policy)

    without = decide(compiled, declaration(item()))
    other = decide(compiled, declaration(item(licence="L-2")))

    assert [r.rule_id for r in without.reasons] == ["missing", "not-eq"]
    assert [r.rule_id for r in other.reasons] == ["ne", "not-in", "not-eq"]


def test_decide_set_facts_and_derived_facts() -> None:
    policy = parse_policy(
        """
name = "p"
version = 1
effective_from = 2025-01-01
[[rules]]
id = "scope-has-data"
description = "d"
outcome = "inspect"
when = { fact = "declaration.declarant_scope_flows", op = "in", value = ["data", "technology"] }
[[rules]]
id = "flow-out-of-scope"
description = "d"
outcome = "officer"
when = { fact = "declaration.flow_in_scope", op = "eq", value = false }
[[rules]]
id = "class-out-of-scope"
description = "d"
outcome = "officer"
when = { fact = "item.class_in_scope", op = "eq", value = false }
"""
    )
    compiled = compile_policy(policy)

    in_scope = decide(compiled, declaration(item()))
    outside = decide(
        compiled,
        declaration(item(), item(goods_class="instrument"), declarant_scope_flows=("data",)),
    )

    assert in_scope.reasons == ()
    assert [(r.rule_id, r.item, r.facts) for r in outside.reasons] == [
        ("scope-has-data", None, (("declaration.declarant_scope_flows", ("data",)),)),
        ("flow-out-of-scope", None, (("declaration.flow_in_scope", False),)),
        ("class-out-of-scope", 1, (("item.class_in_scope", False),)),
    ]


def test_decide_is_deterministic() -> None:
    subject = declaration(item(whitelisted=False), item(goods_class="special_item"), risk_score=0.8)

    assert decide(COMPILED, subject) == decide(COMPILED, subject) == decide(COMPILED, subject)


def test_decide_refuses_what_is_not_a_declaration_or_compiled_policy() -> None:
    with pytest.raises(ValueError, match="decide takes a Declaration, got dict"):
        decide(COMPILED, {"flow": "goods"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="decide takes a CompiledPolicy"):
        decide(parse_policy(SAMPLE_POLICY), declaration())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="compile_policy takes a Policy"):
        compile_policy(SAMPLE_POLICY)  # type: ignore[arg-type]
