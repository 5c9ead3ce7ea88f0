"""Cross-border policy engine: decide a declaration as clear, inspect, officer or refuse, with its reasons.

The framework-free core. Policies are TOML documents that administrators edit (:func:`parse_policy` checks one
and raises :class:`PolicyError` listing every problem, each with the rule and field path); their conditions read
the facts of the catalogue :data:`FACTS` (``declaration.*`` and ``item.*``). :func:`compile_policy` turns a
policy into closures indexed by (flow, line); :func:`decide` gives a :class:`Decision`: the most severe outcome
of the rules that fired (refuse > officer > inspect > clear; the policy's ``default_outcome`` when none fired)
and every firing as a :class:`Reason` with the facts its condition read. A rule that reads an item fact fires
once per matching item, any other once per declaration.

Versions are effective-dated (:class:`PolicySet`, :meth:`PolicySet.active_on`); :func:`simulate` compares two
versions on past declarations. :class:`Whitelist` indexes the goods whitelist for longest-prefix lookups by
(institution, HS code), and :func:`prepare` fills each item's whitelist and quota facts from it. :func:`risk_score`
combines party screening, goods class, the declarant's discrepancy rate and unusual quantities (a robust
z-score, :func:`robust_zscore`); :func:`inspection_draw` draws an inspection replayably from a recorded seed,
with :func:`inspection_probability` rising with risk.

Typical use::

    compiled = compile_policy(policies.active_on(day))
    decision = decide(compiled, prepare(declaration, whitelist))
"""

from hetao.engines.rules._decide import CompiledPolicy, Decision, Reason, compile_policy, decide
from hetao.engines.rules._facts import FACTS, OPERATORS, Fact, FactType, FactValue
from hetao.engines.rules._model import (
    BIO_RISK_CLASSES,
    CHANNELS,
    DECLARANT_STATUSES,
    DIRECTIONS,
    FLOWS,
    GOODS_CLASSES,
    LINES,
    OUTCOMES,
    Declaration,
    Item,
    Outcome,
)
from hetao.engines.rules._policy import (
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    Not,
    Policy,
    PolicyError,
    Problem,
    Rule,
    parse_policy,
    policy_from_data,
)
from hetao.engines.rules._risk import (
    RiskScore,
    RiskWeights,
    inspection_draw,
    inspection_probability,
    risk_score,
    robust_zscore,
)
from hetao.engines.rules._simulate import Change, SimulationReport, simulate
from hetao.engines.rules._versions import NoPolicyInForce, PolicySet
from hetao.engines.rules._whitelist import Whitelist, WhitelistEntry, prepare

__all__ = [
    "BIO_RISK_CLASSES",
    "CHANNELS",
    "DECLARANT_STATUSES",
    "DIRECTIONS",
    "FACTS",
    "FLOWS",
    "GOODS_CLASSES",
    "LINES",
    "OPERATORS",
    "OUTCOMES",
    "AllOf",
    "AnyOf",
    "Change",
    "Comparison",
    "CompiledPolicy",
    "Condition",
    "Decision",
    "Declaration",
    "Fact",
    "FactType",
    "FactValue",
    "Item",
    "NoPolicyInForce",
    "Not",
    "Outcome",
    "Policy",
    "PolicyError",
    "PolicySet",
    "Problem",
    "Reason",
    "RiskScore",
    "RiskWeights",
    "Rule",
    "SimulationReport",
    "Whitelist",
    "WhitelistEntry",
    "compile_policy",
    "decide",
    "inspection_draw",
    "inspection_probability",
    "parse_policy",
    "policy_from_data",
    "prepare",
    "risk_score",
    "robust_zscore",
    "simulate",
]
