"""The flat building blocks: normalize, weights, weighted_sum and TOPSIS, cross-checked."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm import helpers as pm_helpers
from pymcdm import normalizations as pm_norm
from pymcdm import weights as pm_weights
from pymcdm.methods import TOPSIS as PYMCDM_TOPSIS
from pymcdm.weights.subjective import AHP as PYMCDM_AHP

from socialwork.errors import InconsistentJudgementError, ScoringError, SocialWorkError
from socialwork.scoring import (
    NORMALIZATIONS,
    RANDOM_INDEX,
    ahp_weights,
    critic_weights,
    entropy_weights,
    exact_weights,
    normalize,
    topsis,
    weighted_sum,
)
from socialwork.testing import decision_matrices as problems

positive = st.floats(min_value=0.5, max_value=1000, allow_nan=False, allow_infinity=False, width=64)

LINEAR = ["minmax", "vector", "max"]


def _skcriteria_topsis(
    matrix: np.ndarray, weights: np.ndarray, directions: np.ndarray, scaler: str
) -> tuple[np.ndarray, np.ndarray]:
    import skcriteria as skc
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing import scalers

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # skcriteria warns about minimised criteria
        dm = skc.mkdm(matrix, [max if d > 0 else min for d in directions], weights=weights)
        scaled = getattr(scalers, scaler)(target="matrix").transform(dm)
        try:
            similarity = TOPSIS().evaluate(scaled).e_.similarity
        except ValueError:  # scikit-criteria cannot rank all-NaN closeness (every row identical)
            similarity = np.full(matrix.shape[0], np.nan)
        return np.asarray(similarity), scaled.matrix.to_numpy()


# -- normalize ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["minmax", "vector", "sum", "max"])
@settings(max_examples=50, deadline=None)
@given(problem=problems(elements=positive))
def test_normalize_agrees_with_pymcdm(
    method: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    """normalize matches pymcdm.helpers.normalize_matrix column for column (positive data)."""
    matrix, _, directions = problem
    if method == "minmax" and np.any(matrix.max(axis=0) == matrix.min(axis=0)):
        expected = pm_helpers.normalize_matrix(matrix, pm_norm.minmax_normalization, directions)
    else:
        expected = pm_helpers.normalize_matrix(
            matrix, getattr(pm_norm, f"{method}_normalization"), directions
        )
    np.testing.assert_allclose(normalize(matrix, method=method, directions=directions), expected, atol=1e-12)


@pytest.mark.parametrize("method", ["minmax", "vector", "sum", "max", "target"])
@given(problem=problems(elements=positive))
def test_normalized_values_lie_in_unit_interval(
    method: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    """Every method maps into [0, 1] and never yields NaN."""
    matrix, _, directions = problem
    targets = [100.0] * matrix.shape[1]
    result = normalize(matrix, method=method, directions=directions, targets=targets)
    assert np.isfinite(result).all()
    assert (result >= -1e-12).all()
    assert (result <= 1 + 1e-12).all()


def test_zero_range_column_gives_one_under_minmax() -> None:
    """A constant column normalises to 1 everywhere under min-max, as documented."""
    result = normalize([[3, 1], [3, 2]], method="minmax", directions=[1, -1])
    assert result[:, 0].tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    ("method", "benefit", "cost"), [("vector", 0.0, 1.0), ("max", 0.0, 1.0), ("sum", 0.0, None)]
)
def test_zero_column_has_documented_value(method: str, benefit: float, cost: float | None) -> None:
    """A column of zeros gives the documented value, never NaN."""
    assert normalize([[0], [0]], method=method, directions=[1]).tolist() == [[benefit], [benefit]]
    if cost is not None:
        assert normalize([[0], [0]], method=method, directions=[-1]).tolist() == [[cost], [cost]]


def test_sum_cost_needs_positive_values() -> None:
    """A cost column under 'sum' with a zero is refused, naming the column."""
    with pytest.raises(ScoringError, match=r"column \[1\]"):
        normalize([[1, 0], [2, 3]], method="sum", directions=[1, -1])


def test_target_normalisation_is_attainment() -> None:
    """Target-based: share of a floor reached, capped at 1; a ceiling scores 1 until passed."""
    floor = normalize([[175], [350], [700]], method="target", directions=[1], targets=[350])
    ceiling = normalize([[0], [50], [200]], method="target", directions=[-1], targets=[100])
    assert floor[:, 0].tolist() == [0.5, 1.0, 1.0]
    assert ceiling[:, 0].tolist() == [1.0, 1.0, 0.5]


def test_target_normalisation_needs_targets() -> None:
    """A target column without a target above 0 is an error that names it."""
    with pytest.raises(ScoringError, match="no targets"):
        normalize([[1]], method="target", directions=[1])
    with pytest.raises(ScoringError, match=r"\[0\] 0"):
        normalize([[1]], method="target", directions=[1], targets=[0])


def test_normalize_does_not_change_its_input() -> None:
    """The input matrix is left as it was."""
    matrix = np.array([[1.0, 2.0], [3.0, 5.0]])
    before = matrix.copy()
    normalize(matrix, method="minmax", directions=[1, -1])
    assert (matrix == before).all()


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, float("nan")], [2, 3]], r"NaN or infinity at \(0, 1\)"),
        ([1, 2, 3], "2-D"),
        ([[1, 2], [3]], "ragged"),
        (np.empty((0, 2)), "at least 1 row"),
    ],
)
def test_bad_matrix_is_refused_with_where(matrix: object, message: str) -> None:
    """Malformed matrices raise ScoringError saying what and where, with the path ``matrix``."""
    with pytest.raises(ScoringError, match=message) as caught:
        normalize(matrix, method="minmax", directions=[1, 1])
    assert [problem.path for problem in caught.value.problems] == ["matrix"]


def test_strings_are_refused_naming_the_matrix() -> None:
    """A matrix of strings is a ScoringError whose problem is at ``matrix`` and asks for numbers."""
    with pytest.raises(ScoringError) as caught:
        normalize([["a", "b"]], method="minmax", directions=[1, 1])
    (problem,) = caught.value.problems
    assert problem.path == "matrix"
    assert "expected numbers" in problem.message


def test_unknown_method_and_bad_directions_are_named() -> None:
    """An unknown method and a direction other than +-1 are reported with their position."""
    with pytest.raises(ScoringError, match=r"\[1\] 'zscore'"):
        normalize([[1, 2]], method=["minmax", "zscore"], directions=[1, 1])
    with pytest.raises(ScoringError, match="1 \\(benefit\\) or -1"):
        normalize([[1, 2]], method="minmax", directions=[1, 0])


def test_normalizations_are_sorted_names() -> None:
    """NORMALIZATIONS lists the five methods, sorted."""
    assert list(NORMALIZATIONS) == sorted(["minmax", "vector", "sum", "max", "target"])


# -- TOPSIS ------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["minmax", "vector", "sum", "max"])
@settings(max_examples=50, deadline=None)
@given(problem=problems(elements=positive))
def test_topsis_agrees_with_pymcdm(method: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """topsis(normalization=m) equals pymcdm's TOPSIS(m_normalization) (pymcdm's convention)."""
    matrix, weights, directions = problem
    with np.errstate(all="ignore"):  # pymcdm divides 0 by 0 where ours documents 0.5
        expected = PYMCDM_TOPSIS(getattr(pm_norm, f"{method}_normalization"))(
            matrix, weights, directions, validation=False
        )
    ours = topsis(matrix, weights, directions=directions, normalization=method)
    np.testing.assert_allclose(ours[np.isfinite(expected)], expected[np.isfinite(expected)], atol=1e-9)


@pytest.mark.parametrize(("scaler", "ours"), [("VectorScaler", "vector"), ("MinMaxScaler", "minmax")])
@settings(max_examples=30, deadline=None)
@given(problem=problems(elements=positive))
def test_topsis_agrees_with_scikit_criteria(
    scaler: str, ours: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    """A scikit-criteria scaler then TOPSIS equals our named normalisation (scikit-criteria's convention)."""
    matrix, weights, directions = problem
    if ours == "minmax" and np.any(matrix.max(axis=0) == matrix.min(axis=0)):
        return  # scikit-criteria divides by a zero range there; ours documents 1
    expected, _ = _skcriteria_topsis(matrix, weights, directions, scaler)
    result = topsis(matrix, weights, directions=directions, normalization=ours)
    mask = np.isfinite(expected)
    np.testing.assert_allclose(result[mask], expected[mask], atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(problem=problems(elements=positive))
def test_topsis_none_reproduces_any_scikit_criteria_pipeline(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """normalization='none' on a matrix scaled by scikit-criteria's SumScaler gives its TOPSIS scores."""
    matrix, weights, directions = problem
    expected, scaled = _skcriteria_topsis(matrix, weights, directions, "SumScaler")
    result = topsis(scaled, weights, directions=directions, normalization="none")
    mask = np.isfinite(expected)
    np.testing.assert_allclose(result[mask], expected[mask], atol=1e-9)


@pytest.mark.parametrize("method", ["minmax", "vector", "sum", "max"])
@given(problem=problems(elements=positive))
def test_topsis_closeness_is_in_unit_interval(
    method: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    """TOPSIS closeness always lies in [0, 1] and is never NaN."""
    matrix, weights, directions = problem
    result = topsis(matrix, weights, directions=directions, normalization=method)
    assert np.isfinite(result).all()
    assert (result >= 0).all()
    assert (result <= 1 + 1e-12).all()


@pytest.mark.parametrize("aggregate", [topsis, weighted_sum])
@given(problem=problems(), data=st.data())
def test_permuting_entities_permutes_scores(
    aggregate: Callable[..., np.ndarray],
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
    data: st.DataObject,
) -> None:
    """Reordering the rows reorders the scores the same way, and changes nothing else."""
    matrix, weights, directions = problem
    order = np.array(data.draw(st.permutations(range(matrix.shape[0]))))
    base = aggregate(matrix, weights, directions=directions, normalization="minmax")
    moved = aggregate(matrix[order], weights, directions=directions, normalization="minmax")
    np.testing.assert_allclose(moved, base[order], atol=1e-12)


@given(problem=problems(min_rows=2))
def test_dominated_entity_never_ranks_above_its_dominator(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Under weighted sum, an entity no better anywhere never scores above the one that dominates it."""
    matrix, weights, directions = problem
    dominated = matrix[0] - directions * 1.0  # worse on every criterion
    matrix = np.vstack([matrix, dominated])
    for method in ["minmax", "vector", "max"]:
        if method != "minmax" and (matrix < 0).any():
            continue
        scores = weighted_sum(matrix, weights, directions=directions, normalization=method)
        assert scores[-1] <= scores[0] + 1e-12


@given(problem=problems(elements=positive))
def test_weighted_sum_is_in_unit_interval(problem: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """Weighted sums of normalised values with weights summing to 1 lie in [0, 1]."""
    matrix, weights, directions = problem
    for method in ["minmax", "vector", "sum", "max"]:
        result = weighted_sum(matrix, weights, directions=directions, normalization=method)
        assert (result >= -1e-12).all()
        assert (result <= 1 + 1e-12).all()


def test_topsis_of_identical_rows_is_one_half() -> None:
    """When every entity is at the ideal and the anti-ideal at once, closeness is 0.5, not NaN."""
    assert topsis([[2, 3], [2, 3]], [1, 1], directions=[1, 1], normalization="vector").tolist() == [0.5, 0.5]


def test_topsis_refuses_bad_weights() -> None:
    """Negative or all-zero weights are refused with their positions."""
    with pytest.raises(ScoringError, match="negative ones at 1"):
        topsis([[1, 2]], [1, -1], directions=[1, 1], normalization="minmax")
    with pytest.raises(ScoringError, match="all zero"):
        topsis([[1, 2]], [0, 0], directions=[1, 1], normalization="minmax")


def test_none_is_whole_matrix_only() -> None:
    """'none' mixed into per-column names is refused."""
    with pytest.raises(ScoringError, match="whole matrix"):
        topsis([[1, 2]], [1, 1], directions=[1, 1], normalization=["none", "minmax"])


# -- weights -----------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(problem=problems(elements=positive))
def test_entropy_weights_agree_with_pymcdm_and_scikit_criteria(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Entropy weights equal pymcdm's and scikit-criteria's on positive matrices."""
    from skcriteria.preprocessing.weighters import entropy_weights as skc_entropy

    matrix, _, _ = problem
    ours = entropy_weights(matrix)
    with np.errstate(all="ignore"):  # the references divide 0 by 0 when every column is uniform
        references = [pm_weights.entropy_weights(matrix), skc_entropy(matrix)]
    for expected in references:
        if np.isfinite(expected).all():
            np.testing.assert_allclose(ours, expected, atol=1e-9)
    assert abs(ours.sum() - 1) < 1e-12


@settings(max_examples=50, deadline=None)
@given(problem=problems(min_rows=3, elements=positive))
def test_critic_weights_agree_with_pymcdm_and_scikit_criteria(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """CRITIC weights equal pymcdm's (all benefit) and scikit-criteria's (with directions)."""
    from skcriteria.preprocessing.weighters import critic_weights as skc_critic

    matrix, _, directions = problem
    if matrix.shape[1] < 2 or np.any(matrix.std(axis=0) < 1e-6):
        return  # the references divide by zero there; ours is tested below
    correlation = np.corrcoef(matrix, rowvar=False)
    if np.any(np.abs(correlation[~np.eye(matrix.shape[1], dtype=bool)]) > 1 - 1e-4):
        return  # 1 - r is ill-conditioned: implementations legitimately differ in the 7th digit
    with np.errstate(all="ignore"):  # perfectly correlated columns make the references divide 0 by 0
        references = [(None, pm_weights.critic_weights(matrix)), (directions, skc_critic(matrix, directions))]
    for signs, expected in references:
        ours = critic_weights(matrix, directions=signs)
        if np.isfinite(expected).all():
            np.testing.assert_allclose(ours, expected, atol=1e-9)
        else:  # ours documents equal weights when no criterion carries contrast and conflict
            np.testing.assert_allclose(ours, np.full(matrix.shape[1], 1 / matrix.shape[1]))


def test_constant_columns_weigh_nothing() -> None:
    """A constant column gets weight 0 under entropy and CRITIC; all constant -> equal weights."""
    assert entropy_weights([[1, 5], [1, 1]])[0] == 0
    assert critic_weights([[1, 5, 2], [1, 1, 3], [1, 2, 9]])[0] == 0
    assert critic_weights([[1, 1], [1, 1]]).tolist() == [0.5, 0.5]
    assert entropy_weights([[1, 1], [1, 1]]).tolist() == [0.5, 0.5]


def test_entropy_needs_two_rows_and_no_negatives() -> None:
    """One row, or a negative value, is refused."""
    with pytest.raises(ScoringError, match="at least 2 row"):
        entropy_weights([[1, 2]])
    with pytest.raises(ScoringError, match=r"\[1\]\[0\]"):
        entropy_weights([[1, 2], [-1, 2]])


def _consistent(weights: list[float]) -> np.ndarray:
    w = np.array(weights)
    return w[:, None] / w[None, :]


@pytest.mark.parametrize("size", range(3, 10))
def test_ahp_cr_agrees_with_pymcdm(size: int) -> None:
    """With the Tummala-Ling table, the CR matches pymcdm's AHP.get_cr on a perturbed matrix."""
    rng = np.random.default_rng(size)
    upper = _consistent(list(rng.uniform(1, 9, size))) * rng.uniform(0.9, 1.1, (size, size))
    matrix = np.ones((size, size))
    rows, columns = np.triu_indices(size, 1)
    matrix[rows, columns] = upper[rows, columns]
    matrix[columns, rows] = 1 / upper[rows, columns]
    reference = object.__new__(PYMCDM_AHP)  # its constructor only takes Saaty-scale integers
    reference.matrix = matrix
    weights, cr = ahp_weights(matrix, ri="tummala-ling", allow_inconsistent=True)
    assert cr == pytest.approx(reference.get_cr(), abs=1e-9)
    np.testing.assert_allclose(weights, reference._matrix_to_weights(), atol=1e-9)


def test_ahp_of_a_consistent_matrix_recovers_the_weights() -> None:
    """A perfectly consistent matrix gives back its weights with CR 0."""
    weights, cr = ahp_weights(_consistent([0.5, 0.3, 0.2]))
    np.testing.assert_allclose(weights, [0.5, 0.3, 0.2])
    assert cr == pytest.approx(0, abs=1e-12)


def test_ahp_inconsistency_is_an_error_unless_allowed() -> None:
    """CR >= 0.1 raises InconsistentJudgementError carrying the ratio; allowed, it returns."""
    matrix = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.raises(InconsistentJudgementError) as caught:
        ahp_weights(matrix)
    assert caught.value.consistency_ratio >= 0.1
    assert ahp_weights(matrix, allow_inconsistent=True).consistency_ratio == caught.value.consistency_ratio


def test_ahp_larger_than_the_table_is_an_error() -> None:
    """A matrix larger than the random-index table is refused, not silently passed."""
    size = len(RANDOM_INDEX["saaty"]) + 1
    with pytest.raises(ScoringError, match=f"at most {size - 1} criteria, got {size}"):
        ahp_weights(np.ones((size, size)))


def test_ahp_accepts_a_custom_table() -> None:
    """A table given as numbers is used as is; an unknown table name is refused."""
    _, cr = ahp_weights(_consistent([1, 2, 3]), ri=[0, 0, 1.0])
    assert cr == pytest.approx(0, abs=1e-12)
    with pytest.raises(ScoringError, match="unknown random-index table"):
        ahp_weights(_consistent([1, 2, 3]), ri="nobody")


def test_ahp_refuses_non_reciprocal_matrices() -> None:
    """A matrix that is not reciprocal, not positive or not square is refused, naming the entries."""
    with pytest.raises(ScoringError, match=r"\[0\]\[1\]=3 vs \[1\]\[0\]=3"):
        ahp_weights([[1, 3], [3, 1]])
    with pytest.raises(ScoringError, match="non-positive"):
        ahp_weights([[1, 0], [0, 1]])
    with pytest.raises(ScoringError, match="square"):
        ahp_weights([[1, 2, 3], [0.5, 1, 2]])


def test_ahp_of_two_criteria_is_always_consistent() -> None:
    """Two criteria: CR is 0 by definition."""
    weights, cr = ahp_weights([[1, 3], [1 / 3, 1]])
    assert cr == 0.0
    np.testing.assert_allclose(weights, [0.75, 0.25])


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=12).filter(lambda w: sum(w) > 0))
def test_exact_weights_sum_to_exactly_one(weights: list[float]) -> None:
    """exact_weights returns fractions summing to exactly 1, each within one unit of its share."""
    result = exact_weights(weights, denominator=1000)
    assert sum(result) == 1
    shares = np.array(weights) / sum(weights)
    assert all(abs(float(f) - s) <= 1 / 1000 + 1e-12 for f, s in zip(result, shares, strict=True))


def test_errors_are_socialwork_errors() -> None:
    """Every error above is a SocialWorkError, so callers can catch them all."""
    with pytest.raises(SocialWorkError):
        exact_weights([1], denominator=0)


def test_min_max_of_nearly_equal_large_values_is_exact_enough() -> None:
    """Values far from zero with a tiny range are normalised without cancellation (found by Hypothesis)."""
    column = np.array([[0.5], [np.nextafter(0.5, 1)], [0.5]])
    np.testing.assert_allclose(normalize(column, method="minmax", directions=[1])[:, 0], [0.0, 1.0, 0.0])
    big = np.array([[1e9], [1e9 + 1], [1e9 + 0.5]])
    result = weighted_sum(big, [1], directions=[-1], normalization="minmax")
    np.testing.assert_allclose(result, [1.0, 0.0, 0.5])


@pytest.mark.parametrize(("direction", "expected"), [(1, [1.0, 0.0, 0.5]), (-1, [0.0, 1.0, 0.5])])
def test_minmax_of_the_extreme_floats_is_right(direction: int, expected: list[float]) -> None:
    """A column spanning [-1e308, 1e308], whose range overflows a float, still normalises to [0, 1]."""
    out = normalize([[1e308], [-1e308], [0.0]], method="minmax", directions=[direction])
    assert out.ravel().tolist() == pytest.approx(expected, abs=1e-12)
