"""Group limits per proposal, the fairness mode and pricing on large instances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from hetao.engines.assignment import AssignmentProblem, InfeasibleAssignment, Reason, _flow, solve_assignment
from tests.engines.assignment._helpers import assert_valid, problem

GROUPS = ["from the Shenzhen park", "from the Hong Kong park", "from outside both parks"]


def assert_groups_hold(case: AssignmentProblem, chosen: np.ndarray) -> None:
    assert case.reviewer_groups is not None
    assert case.group_min is not None
    assert case.group_max is not None
    for g in range(case.n_groups):
        counts = chosen[:, case.reviewer_groups == g].sum(axis=1)
        assert np.all(counts >= case.group_min[:, g])
        assert np.all(counts <= case.group_max[:, g])


def feasible_matrices(case: AssignmentProblem):
    pinned = case.pinned_mask()
    eligible = case.eligible()
    for bits in itertools.product((False, True), repeat=case.n_proposals * case.n_reviewers):
        chosen = np.array(bits, dtype=bool).reshape(case.affinity.shape)
        if np.any(chosen & ~eligible) or np.any(pinned & ~chosen):
            continue
        loads = chosen.sum(axis=0)
        if not (
            np.array_equal(chosen.sum(axis=1), case.coverage)
            and np.all(loads >= case.load_min)
            and np.all(loads <= case.load_max)
        ):
            continue
        if case.reviewer_groups is not None:
            counts = [chosen[:, case.reviewer_groups == g].sum(axis=1) for g in range(case.n_groups)]
            by_group = np.stack(counts, axis=1)
            if np.any(by_group < case.group_min) or np.any(by_group > case.group_max):
                continue
        yield chosen


@st.composite
def grouped(draw: st.DrawFn, max_proposals: int, max_reviewers: int) -> AssignmentProblem:
    n_p = draw(st.integers(1, max_proposals))
    n_r = draw(st.integers(1, max_reviewers))
    n_g = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    affinity = rng.random((n_p, n_r))
    if draw(st.booleans()):
        affinity = np.round(affinity, 1)
    conflicts = rng.random((n_p, n_r)) < draw(st.sampled_from([0.0, 0.15]))
    coverage = rng.integers(0, min(n_r, 3) + 1, size=n_p)
    load_min = rng.integers(0, 2, size=n_r) * draw(st.integers(0, 1))
    load_max = load_min + rng.integers(0, 4, size=n_r)
    group_min = rng.integers(0, 2, size=(n_p, n_g)) * draw(st.integers(0, 1))
    group_max = group_min + rng.integers(0, 3, size=(n_p, n_g))
    pairs = [(int(p), int(r)) for p, r in zip(*np.nonzero(~conflicts), strict=True)]
    pinned = draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True)) if pairs else []
    return AssignmentProblem(
        affinity=affinity,
        coverage=coverage,
        load_min=load_min,
        load_max=load_max,
        conflicts=conflicts,
        pinned=pinned,
        reviewer_groups=rng.integers(0, n_g, size=n_r),
        group_min=group_min,
        group_max=group_max,
    )


def outcome(case: AssignmentProblem, **options: str) -> tuple[float, float] | None:
    result = None
    try:
        result = solve_assignment(case, **options)
    except InfeasibleAssignment as error:
        details = error.details
    else:
        details = []
    if details or result is None:
        assert details
        assert all(isinstance(reason, Reason) and reason.message for reason in details)
        return None
    assert_valid(case, result)
    if case.reviewer_groups is not None:
        assert_groups_hold(case, result.assignment)
    return result.objective, result.worst_proposal_affinity


@settings(max_examples=150, deadline=None)
@given(grouped(max_proposals=3, max_reviewers=3))
def test_group_limits_match_brute_force(case: AssignmentProblem) -> None:
    values = [float(case.affinity[chosen].sum()) for chosen in feasible_matrices(case)]
    event("infeasible" if not values else "feasible")
    for solver in ("min_cost_flow", "highs"):
        got = outcome(case, solver=solver)
        if not values:
            assert got is None
        else:
            assert got is not None
            assert abs(got[0] - max(values)) <= 1e-9 * max(1.0, *values)


@settings(max_examples=150, deadline=None)
@given(grouped(max_proposals=8, max_reviewers=8))
def test_group_limits_flow_matches_highs(case: AssignmentProblem) -> None:
    exact = outcome(case, solver="highs")
    flow = outcome(case, solver="min_cost_flow")
    event("infeasible" if exact is None else "feasible")
    assert (exact is None) == (flow is None)
    if exact is not None and flow is not None:
        assert abs(flow[0] - exact[0]) <= 1e-6 * max(abs(exact[0]), 1e-12)


@settings(max_examples=100, deadline=None)
@given(grouped(max_proposals=3, max_reviewers=3))
def test_fair_mode_is_lexicographic_optimum(case: AssignmentProblem) -> None:
    feasible = list(feasible_matrices(case))
    got = outcome(case, mode="fair")
    if not feasible:
        assert got is None
        return
    assert got is not None
    worst = [float(np.where(chosen, case.affinity, 0).sum(axis=1).min()) for chosen in feasible]
    best_worst = max(worst)
    best_total = max(
        float(case.affinity[chosen].sum())
        for chosen, low in zip(feasible, worst, strict=True)
        if low >= best_worst - 1e-9
    )
    assert got[1] == pytest.approx(best_worst, abs=1e-7)
    assert got[0] == pytest.approx(best_total, abs=1e-7)


def test_fair_mode_trades_total_for_the_worst_served_proposal() -> None:
    # Reviewer 0 suits both proposals: total mode gives it to proposal 0 (10 + 1), fair mode to proposal 1 (2 + 5).
    case = problem([[10.0, 2.0], [5.0, 1.0]], [1, 1], [0, 0], [1, 1])
    total = solve_assignment(case)
    fair = solve_assignment(case, mode="fair")
    assert (total.objective, total.worst_proposal_affinity) == pytest.approx((11.0, 1.0))
    assert (fair.objective, fair.worst_proposal_affinity) == pytest.approx((7.0, 2.0))
    assert (fair.mode, fair.solver) == ("fair", "highs")


def test_unknown_mode_is_refused() -> None:
    case = problem([[1.0]], [1], [0], [1])
    with pytest.raises(ValueError, match="unknown mode 'best'; choose one of total, fair"):
        solve_assignment(case, mode="best")


def parks_case(outside_conflicted: int) -> AssignmentProblem:
    """43 proposals, 9 reviewers: 3 per park and 3 outside; every proposal needs 1 from outside."""
    groups = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
    conflicts = np.zeros((43, 9), dtype=bool)
    conflicts[42, 6 : 6 + outside_conflicted] = True
    group_min = np.zeros((43, 3), dtype=np.int64)
    group_min[:, 2] = 2
    return problem(
        np.ones((43, 9)),
        [3] * 43,
        [0] * 9,
        [100] * 9,
        conflicts,
        proposal_ids=[f"P-{i:04d}" for i in range(43)],
        reviewer_groups=groups,
        group_min=group_min,
        group_names=GROUPS,
    )


@pytest.mark.parametrize("solver", ["min_cost_flow", "highs"])
def test_group_shortfall_is_named(solver: str) -> None:
    with pytest.raises(InfeasibleAssignment) as caught:
        solve_assignment(parks_case(outside_conflicted=2), solver=solver)
    assert caught.value.reasons == ["proposal P-0042 has 1 eligible reviewer from outside both parks; it needs 2"]
    (reason,) = caught.value.details
    assert (reason.code, reason.proposals, reason.group, reason.have, reason.need) == ("group_short", (42,), 2, 1, 2)


def test_group_cap_shortfall_is_named() -> None:
    # Two reviewers, both in the lead park; at most one may come from it; the proposal needs two.
    case = problem(
        np.ones((1, 2)),
        [2],
        [0, 0],
        [1, 1],
        reviewer_groups=np.array([0, 0]),
        group_max=np.array([[1, 2]]),
        group_names=GROUPS[:2],
    )
    with pytest.raises(InfeasibleAssignment) as caught:
        solve_assignment(case)
    assert caught.value.reasons == ["proposal #0 can get at most 1 reviewer within its group limits; it needs 2"]
    assert caught.value.details[0].code == "group_cap_short"


def test_group_minimums_over_coverage_are_named() -> None:
    case = problem(
        np.ones((1, 4)),
        [2],
        [0] * 4,
        [1] * 4,
        reviewer_groups=np.array([0, 0, 1, 1]),
        group_min=np.array([[2, 1]]),
    )
    with pytest.raises(InfeasibleAssignment) as caught:
        solve_assignment(case)
    assert caught.value.details[0].code == "group_min_over"
    assert caught.value.reasons[0] == "proposal #0 must have 3 reviewers by its group minimums but takes only 2"


@pytest.mark.parametrize("solver", ["min_cost_flow", "highs"])
def test_group_cut_names_proposals_competing_for_scarce_reviewers(solver: str) -> None:
    # Three proposals each need 1 reviewer from outside; the one outside reviewer takes 2 at most.
    case = problem(
        np.ones((3, 4)),
        [2, 2, 2],
        [0] * 4,
        [2, 6, 6, 6],
        reviewer_groups=np.array([1, 0, 0, 0]),
        group_min=np.array([[0, 1]] * 3),
        group_names=["from the parks", "from outside both parks"],
        proposal_ids=["P-1", "P-2", "P-3"],
        reviewer_ids=["R-out", "R-a", "R-b", "R-c"],
    )
    with pytest.raises(InfeasibleAssignment) as caught:
        solve_assignment(case, solver=solver)
    assert caught.value.reasons == [
        "proposals P-1, P-2, P-3 together need 3 reviewers from outside both parks, but the eligible ones (R-out)"
        " can take at most 2"
    ]
    assert caught.value.details[0].code == "groups_cut"


def test_pins_beyond_a_group_limit_are_named() -> None:
    case = problem(
        np.ones((1, 3)),
        [2],
        [0] * 3,
        [1] * 3,
        pinned=[(0, 0), (0, 1)],
        reviewer_groups=np.array([0, 0, 1]),
        group_max=np.array([[1, 2]]),
        group_names=["from the lead park", "from elsewhere"],
    )
    with pytest.raises(InfeasibleAssignment) as caught:
        solve_assignment(case)
    assert "proposal #0 has 2 pinned reviewers from the lead park but may have at most 1" in caught.value.reasons


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reviewer_groups", np.array([0, 3]), r"reviewer_groups\[1\] is 3, outside 0..2"),
        ("group_min", np.array([[0, 0]]), r"group_min has shape \(1, 2\), expected \(1, 3\)"),
        ("group_max", np.array([[0, -1, 0]]), r"group_max\[0, 1\] is -1; it must not be negative"),
    ],
)
def test_bad_group_inputs_are_refused(field: str, value: np.ndarray, message: str) -> None:
    fields: dict[str, object] = {"reviewer_groups": np.array([0, 1]), "group_names": GROUPS}
    fields[field] = value
    with pytest.raises(ValueError, match=message):
        problem(np.ones((1, 2)), [1], [0, 0], [1, 1], **fields)


def test_group_bounds_need_reviewer_groups() -> None:
    with pytest.raises(ValueError, match="need reviewer_groups"):
        problem(np.ones((1, 2)), [1], [0, 0], [1, 1], group_min=np.array([[0]]))


def test_inverted_group_bounds_are_refused() -> None:
    with pytest.raises(ValueError, match=r"group_min\[0, 0\] = 2 exceeds group_max\[0, 0\] = 1"):
        problem(
            np.ones((1, 2)),
            [2],
            [0, 0],
            [1, 1],
            reviewer_groups=np.array([0, 0]),
            group_min=np.array([[2]]),
            group_max=np.array([[1]]),
        )


@pytest.mark.parametrize("chunk_rows", [256, 7])
@pytest.mark.parametrize("with_groups", [False, True])
def test_pricing_gives_the_exact_optimum(monkeypatch: pytest.MonkeyPatch, with_groups: bool, chunk_rows: int) -> None:
    # Force candidate pricing on a mid-size instance and compare with the full flow on the same instance.
    rng = np.random.default_rng(7)
    n_p, n_r = 120, 60
    affinity = rng.random((n_p, n_r))
    # A block structure the first candidates miss: low-affinity pairs that must be used for the loads.
    affinity[:, :10] *= 0.05
    fields: dict[str, object] = {}
    if with_groups:
        groups = rng.integers(0, 3, size=n_r)
        group_min = np.zeros((n_p, 3), dtype=np.int64)
        group_min[:, 2] = 1
        group_max = np.full((n_p, 3), 3, dtype=np.int64)
        group_max[np.arange(n_p), rng.integers(0, 2, size=n_p)] = 2
        fields = {"reviewer_groups": groups, "group_min": group_min, "group_max": group_max}
    case = problem(affinity, [3] * n_p, [5] * n_r, [7] * n_r, rng.random((n_p, n_r)) < 0.05, pinned=[(0, 0)], **fields)
    full = solve_assignment(case)
    monkeypatch.setattr(_flow, "PRICING_THRESHOLD", 0)
    monkeypatch.setattr(_flow, "CANDIDATE_FACTOR", 1)
    monkeypatch.setattr(_flow, "_CHUNK_ROWS", chunk_rows)  # 7: rows priced in many chunks, the last one short
    priced = solve_assignment(case)
    assert_valid(case, priced)
    if with_groups:
        assert_groups_hold(case, priced.assignment)
    assert priced.objective == pytest.approx(full.objective, rel=1e-9)
    assert priced.assignment[:, :10].sum() >= 50  # the loads forced low-affinity pairs in


def test_pricing_falls_back_to_all_pairs_when_candidates_are_infeasible(monkeypatch: pytest.MonkeyPatch) -> None:
    # Reviewer 2's minimum load can only be met through pairs no proposal ranks among its best.
    affinity = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.0], [1.0, 1.0, 0.1]])
    case = problem(affinity, [1, 1, 1], [0, 0, 2], [3, 3, 3])
    monkeypatch.setattr(_flow, "PRICING_THRESHOLD", 0)
    monkeypatch.setattr(_flow, "CANDIDATE_FACTOR", 1)
    result = solve_assignment(case)
    assert_valid(case, result)
    assert result.assignment[:, 2].sum() == 2


def test_pricing_reports_an_instance_infeasible_only_after_trying_every_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hall violation across proposals 0-1 (both may only use reviewer 0, which takes one): no simple condition sees
    # it, so the flow must fail on every eligible pair before the instance is declared infeasible.
    conflicts = np.array([[False, True, True], [False, True, True], [False, False, False]])
    case = problem(np.ones((3, 3)), [1, 1, 1], [0, 0, 0], [1, 3, 3], conflicts, proposal_ids=["A", "B", "C"])
    monkeypatch.setattr(_flow, "PRICING_THRESHOLD", 0)
    monkeypatch.setattr(_flow, "CANDIDATE_FACTOR", 1)
    with pytest.raises(InfeasibleAssignment) as caught:
        solve_assignment(case)
    assert caught.value.details[0].code == "proposals_cut"
    assert caught.value.details[0].proposals == (0, 1)


def test_groups_that_cannot_bind_get_no_node_and_the_optimum_is_unchanged() -> None:
    # Three reviewers each; at least one from outside both parks (group 2) and at most two from the lead park
    # (group 0): with three reviewers the second limit follows from the first, and group 1 has no limit at all.
    rng = np.random.default_rng(11)
    n_p, n_r = 12, 12
    groups = np.array([0, 1, 2] * 4)
    group_min = np.zeros((n_p, 3), dtype=np.int64)
    group_min[:, 2] = 1
    group_max = np.full((n_p, 3), 3, dtype=np.int64)
    group_max[:, 0] = 2
    case = problem(
        rng.random((n_p, n_r)),
        [3] * n_p,
        [0] * n_r,
        [4] * n_r,
        reviewer_groups=groups,
        group_min=group_min,
        group_max=group_max,
    )
    network = _flow._network(case)
    assert network is not None
    assert network.reviewer_base == 2 * n_p  # one group node per proposal: the outside group's
    flow = solve_assignment(case)
    exact = solve_assignment(case, solver="highs")
    assert_groups_hold(case, flow.assignment)
    assert flow.objective == pytest.approx(exact.objective, rel=1e-9)
