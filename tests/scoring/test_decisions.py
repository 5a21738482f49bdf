"""Ranking, sensitivity, the three-excellents awards and a venture-philanthropy round."""

from __future__ import annotations

import itertools
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm.helpers import rankdata as pymcdm_rankdata

from socialwork.errors import ScoringError
from socialwork.scoring import (
    THREE_EXCELLENTS,
    Indicator,
    IndicatorSystem,
    allocate,
    awards,
    evaluate,
    rank,
    rank_reversals,
    top_k_stability,
)
from socialwork.testing import decision_matrices as problems

scores_lists = st.lists(
    st.sampled_from([0.1, 0.25, 0.5, 0.75, 0.9, 1.0]) | st.floats(0, 1), min_size=1, max_size=30
)


# -- rank ---------------------------------------------------------------------------


@given(scores_lists)
def test_average_ranks_agree_with_pymcdm(scores: list[float]) -> None:
    """Average-tie ranks equal pymcdm's rankdata(reverse=True)."""
    np.testing.assert_allclose(rank(scores), pymcdm_rankdata(scores, reverse=True))


@given(scores_lists)
def test_competition_ranks_count_the_better_ones(scores: list[float]) -> None:
    """A competition rank is 1 plus the number of strictly better scores."""
    expected = [1 + sum(other > s for other in scores) for s in scores]
    assert rank(scores, method="competition").tolist() == expected


@given(scores_lists, st.data())
def test_ranks_follow_their_entities_under_permutation(scores: list[float], data: st.DataObject) -> None:
    """Permuting the scores permutes the ranks: ties are resolved by value only, deterministically."""
    order = data.draw(st.permutations(range(len(scores))))
    base = rank(scores)
    assert rank([scores[i] for i in order]).tolist() == [base[i] for i in order]


def test_lower_is_better_reverses_the_order() -> None:
    """higher_is_better=False ranks the smallest first."""
    assert rank([3, 1, 2], higher_is_better=False).tolist() == [3.0, 1.0, 2.0]


def test_mapping_ranks_come_back_best_first_ties_by_id() -> None:
    """A mapping gives a dict ordered by rank, then id."""
    assert list(rank({"c": 0.5, "a": 0.9, "b": 0.5}).items()) == [("a", 1.0), ("b", 2.5), ("c", 2.5)]


def test_rank_refuses_nan_and_unknown_methods() -> None:
    """NaN scores and an unknown method are refused."""
    with pytest.raises(ScoringError, match="NaN"):
        rank([0.1, float("nan")])
    with pytest.raises(ScoringError, match="method: expected one of 'average', 'competition'"):
        rank([0.1], method="dense")  # type: ignore[call-overload]


def test_rank_of_scores_uses_entity_ids() -> None:
    """Scores from evaluate() are ranked by entity id."""
    system = IndicatorSystem(Indicator(id="r", children=[Indicator(id="x", normalization="max")]))
    assert rank(evaluate(system, {"s1": {"x": 1}, "s2": {"x": 3}})) == {"s2": 1.0, "s1": 2.0}


# -- sensitivity --------------------------------------------------------------------


def test_top_k_stability_is_reproducible_with_a_seed() -> None:
    """The same seed gives the same result; a clear winner stays on top in every trial."""
    matrix = [[10, 10], [5, 6], [6, 5], [1, 1]]
    first = top_k_stability(
        matrix, [0.5, 0.5], k=1, directions=[1, 1], normalization="max", seed=1, trials=300
    )
    again = top_k_stability(
        matrix, [0.5, 0.5], k=1, directions=[1, 1], normalization="max", seed=1, trials=300
    )
    assert first.stable_share == again.stable_share == 1.0
    assert (first.frequency == again.frequency).all()
    close = top_k_stability(
        matrix, [0.5, 0.5], k=2, directions=[1, 1], normalization="max", seed=1, trials=300
    )
    assert 0 < close.stable_share < 1  # 2nd place flips between rows 1 and 2
    assert close.frequency[0] == 1.0
    assert close.frequency[3] == 0.0


@settings(max_examples=30, deadline=None)
@given(
    problem=problems(min_rows=2),
    seed=st.integers(0, 2**32 - 1),
    method=st.sampled_from(["weighted_sum", "topsis"]),
)
def test_top_k_frequencies_sum_to_k(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], seed: int, method: str
) -> None:
    """Each trial puts exactly k entities in the top k, so the frequencies sum to k."""
    matrix, weights, directions = problem
    k = 1 + seed % matrix.shape[0]
    result = top_k_stability(
        matrix,
        weights,
        k=k,
        directions=directions,
        normalization="minmax",
        seed=seed,
        trials=20,
        method=method,  # type: ignore[arg-type]
    )
    assert result.frequency.sum() == pytest.approx(k)
    assert len(result.baseline) == k


def test_top_k_stability_checks_its_options() -> None:
    """k out of range, a spread of 1 or more, or no trials are refused."""
    with pytest.raises(ScoringError, match="from 1 to 2"):
        top_k_stability([[1], [2]], [1], k=3, directions=[1], normalization="max", seed=0)
    with pytest.raises(ScoringError, match="spread"):
        top_k_stability([[1], [2]], [1], k=1, directions=[1], normalization="max", seed=0, spread=1.0)
    with pytest.raises(ScoringError, match="trial"):
        top_k_stability([[1], [2]], [1], k=1, directions=[1], normalization="max", seed=0, trials=0)


def test_rank_reversal_under_min_max_is_found() -> None:
    """Removing the best entity flips the order of the other two under min-max normalisation."""
    reversals = rank_reversals([[2, 4], [4, 2], [3, 5]], [1, 1], directions=[1, 1], normalization="minmax")
    assert [(r.removed, r.pairs) for r in reversals] == [(0, ((2, 1),))]


@settings(max_examples=30, deadline=None)
@given(problem=problems(min_rows=3, max_rows=8))
def test_target_normalisation_never_reverses_ranks(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Target-based normalisation does not depend on the other entities: no rank reversal, ever."""
    matrix, weights, directions = problem
    targets = [500.0] * matrix.shape[1]
    assert (
        rank_reversals(matrix, weights, directions=directions, normalization="target", targets=targets) == ()
    )


# -- awards -------------------------------------------------------------------------


def test_three_excellents_awards_with_a_tie_at_the_cut() -> None:
    """Quotas per category; a tie at the cut is settled by the documented rule and always reported."""
    scores = {
        "station": {"s1": 0.9, "s2": 0.8, "s3": 0.8, "s4": 0.1},
        "project": {"p1": 0.7, "p2": 0.6},
        "staff": {"w1": 0.5},
    }
    quotas = {"station": 2, "project": 1, "staff": 1}
    by_id = awards(scores, quotas)
    assert by_id.in_category("station") == ("s1", "s2")
    assert by_id.tied_at_cut == {"station": ("s2", "s3")}
    assert awards(scores, quotas, ties="all").in_category("station") == ("s1", "s2", "s3")
    assert awards(scores, quotas, ties="none").in_category("station") == ("s1",)
    assert [a.rank for a in awards(scores, quotas, ties="all").winners if a.category == "station"] == [
        1,
        2,
        2,
    ]
    assert set(THREE_EXCELLENTS) == set(scores)


def test_awards_report_the_minimum_total() -> None:
    """The minimum total (at least 20 a year in Wuhou) is checked."""
    scores = {category: {f"{category}-{i}": i / 10 for i in range(8)} for category in THREE_EXCELLENTS}
    result = awards(scores, dict.fromkeys(THREE_EXCELLENTS, 7), minimum=20)
    assert (result.total, result.meets_minimum) == (21, True)
    assert awards(scores, dict.fromkeys(THREE_EXCELLENTS, 6), minimum=20).meets_minimum is False


@given(
    st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.floats(0, 1), min_size=1, max_size=12),
    st.integers(0, 12),
    st.sampled_from(["id", "all", "none"]),
)
def test_awards_respect_quotas_and_pick_the_best(candidates: dict[str, float], quota: int, ties: str) -> None:
    """Nobody unawarded scores above an awarded entity; 'id' fills exactly min(quota, n)."""
    result = awards({"c": candidates}, {"c": quota}, ties=ties)  # type: ignore[arg-type]
    chosen = set(result.in_category("c"))
    if chosen and len(chosen) < len(candidates):
        assert min(candidates[e] for e in chosen) >= max(candidates[e] for e in candidates if e not in chosen)
    if ties == "id":
        assert len(chosen) == min(quota, len(candidates))
    assert result.in_category("c") == awards(
        dict(reversed(list({"c": candidates}.items()))), {"c": quota}, ties=ties
    ).in_category("c")  # type: ignore[arg-type]


def test_award_errors_are_all_reported() -> None:
    """Categories without quota or scores, a negative quota and a NaN score are reported together."""
    with pytest.raises(ScoringError) as caught:
        awards({"station": {"s1": float("nan")}, "extra": {}}, {"station": -1, "project": 1})
    assert [p.path for p in caught.value.problems] == [
        "quotas['project']",
        "scores['extra']",
        "quotas['station']",
        "scores['station']['s1']",
    ]


# -- allocate -----------------------------------------------------------------------


def venture_round() -> tuple[dict[str, str], dict[str, float]]:
    """A venture-philanthropy round: 40 proposals, 50,000-150,000 yuan each, scored by a panel."""
    rng = np.random.default_rng(2022)
    proposals = {f"p{i:02d}": str(int(rng.integers(50, 151)) * 1000) for i in range(40)}
    scores = {pid: round(float(rng.uniform(60, 95)), 1) for pid in proposals}
    return proposals, scores


def test_venture_philanthropy_round_funds_within_the_budget() -> None:
    """2.5 million yuan: both plans stay within budget and the optimum scores at least as high."""
    proposals, scores = venture_round()
    result = allocate(proposals, scores, Decimal("2500000"), min_count=30, max_per_proposal="120000")
    for plan in (result.by_rank, result.optimal):
        assert plan.total_amount <= Decimal("2500000")
        assert plan.remaining == Decimal("2500000") - plan.total_amount
        assert len(plan.funded) + len(plan.unfunded) == 40
        assert all(f.amount <= Decimal("120000") for f in plan.funded)
    assert result.optimal.total_score >= result.by_rank.total_score
    assert result.optimal.meets_min_count == (len(result.optimal.funded) >= 30)
    assert any(f.capped for f in result.by_rank.funded)
    assert all("yuan left when its turn came" in u.reason for u in result.by_rank.unfunded)


def test_optimum_matches_brute_force_on_small_rounds() -> None:
    """On rounds small enough to enumerate, the optimum is the best subset within the budget."""
    rng = np.random.default_rng(5)
    for _ in range(30):
        n = int(rng.integers(1, 9))
        proposals = {f"p{i}": Decimal(int(rng.integers(1, 100_000))) / 100 for i in range(n)}
        scores = {pid: float(rng.uniform(0, 1)) for pid in proposals}
        budget = Decimal(int(rng.integers(0, 200_000))) / 100
        best = max(
            (
                sum(scores[p] for p in subset)
                for size in range(n + 1)
                for subset in itertools.combinations(proposals, size)
                if sum((proposals[p] for p in subset), Decimal(0)) <= budget
            ),
        )
        assert allocate(proposals, scores, budget).optimal.total_score == pytest.approx(best)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text("abcdefgh", min_size=1, max_size=2), st.integers(1, 500_000), min_size=1, max_size=14
    ),
    st.integers(0, 2_000_000),
    st.data(),
)
def test_allocation_never_exceeds_the_budget_and_optimum_beats_greedy(
    requests: dict[str, int], budget_fen: int, data: st.DataObject
) -> None:
    """Neither plan exceeds the budget; the exact optimum is never below the by-rank total."""
    proposals = {pid: Decimal(fen) / 100 for pid, fen in requests.items()}
    scores = {pid: data.draw(st.floats(0, 100)) for pid in proposals}
    budget = Decimal(budget_fen) / 100
    result = allocate(proposals, scores, budget)
    assert result.by_rank.total_amount <= budget
    assert result.optimal.total_amount <= budget
    assert result.optimal.total_score >= result.by_rank.total_score


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(
        st.text("abcdefgh", min_size=1, max_size=2), st.integers(1, 5_000_000), min_size=1, max_size=10
    ),
    st.integers(0, 10_000_000),
    st.sampled_from(["1", "100", "10000"]),
)
def test_coarse_granularity_still_respects_the_budget(
    requests: dict[str, int], budget_fen: int, unit: str
) -> None:
    """Requests are rounded up to the granularity, so the optimum stays within the budget."""
    proposals = {pid: Decimal(fen) / 100 for pid, fen in requests.items()}
    scores = {pid: float(len(pid)) for pid in proposals}
    result = allocate(proposals, scores, Decimal(budget_fen) / 100, granularity=unit)
    assert result.optimal.total_amount <= Decimal(budget_fen) / 100
    assert result.granularity == Decimal(unit)


def test_allocation_errors_are_all_reported() -> None:
    """Bad amounts, missing or unknown scores and a bad min_count are reported together."""
    with pytest.raises(ScoringError) as caught:
        allocate({"a": "0", "b": 1.5, "c": "10"}, {"a": 1.0, "z": 1.0}, "-5", min_count=-1)  # type: ignore[dict-item]
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "proposals['a']",
        "proposals['b']",
        "budget",
        "scores['b']",
        "scores['c']",
        "scores['z']",
        "min_count",
    ]


def test_zero_scores_are_never_in_the_optimum() -> None:
    """A proposal whose score is not above 0 is left out of the optimum, with that reason."""
    result = allocate({"a": "10", "b": "10"}, {"a": 0.0, "b": 1.0}, "100")
    assert [f.proposal_id for f in result.optimal.funded] == ["b"]
    assert result.optimal.unfunded[0].reason == "its score is not above 0"


def test_allocate_takes_scores_from_evaluate() -> None:
    """Scores from evaluate() can be passed directly."""
    system = IndicatorSystem(Indicator(id="r", children=[Indicator(id="x", normalization="max")]))
    scores = evaluate(system, {"p1": {"x": 1}, "p2": {"x": 2}})
    result = allocate({"p1": "100", "p2": "100"}, scores, "100")
    assert [f.proposal_id for f in result.by_rank.funded] == ["p2"]
