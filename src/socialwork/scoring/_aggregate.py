"""Flat aggregation of a decision matrix: weighted sum and TOPSIS."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from socialwork.errors import InvalidValueError, Message
from socialwork.scoring._checks import (
    FloatArray,
    as_directions,
    as_matrix,
    as_weights,
    by_power_of_two,
    raises,
    shares,
)
from socialwork.scoring._normalize import Normalization, apply, nonlinear, prepare

__all__ = ["closeness", "topsis", "weighted_sum"]


def _weights(weights: Any, columns: int) -> FloatArray:
    return shares(as_weights(weights, size=columns))


@raises(Message("cannot compute the weighted sum", "无法计算加权和"))
def weighted_sum(
    matrix: Any,
    weights: Any,
    /,
    *,
    directions: Sequence[int] | Any,
    normalization: Normalization | str | Sequence[str],
    targets: Sequence[float | None] | None = None,
) -> FloatArray:
    """Return each row's weighted sum of its normalised values (simple additive weighting).

    Args:
        matrix: Rows are entities, columns criteria.
        weights: One non-negative weight per column; they are scaled to sum to 1.
        directions: 1 for a benefit and -1 for a cost criterion, one per column.
        normalization: A name from :data:`~socialwork.scoring.NORMALIZATIONS`, or one per column.
        targets: The targets of ``"target"`` columns (``None`` elsewhere).

    Returns:
        One score per row, in [0, 1] for every normalisation (they all map into [0, 1]).

    Raises:
        ScoringError: see :func:`normalize`; also bad weights (``path`` ``weights``).

    Examples:
        >>> from socialwork.scoring import weighted_sum
        >>> weighted_sum([[1, 10], [3, 30], [2, 20]], [0.5, 0.5], directions=[1, -1],
        ...              normalization="minmax")
        array([0.5, 0.5, 0.5])

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised ``InvalidValueError``.
    """
    values, _, how = prepare(matrix, normalization, directions, targets)
    w = _weights(weights, values.shape[1])
    total: FloatArray = values @ (how.scale * w) + float(how.offset @ w)
    for j, rule, first, second in how.nonlinear:
        total += nonlinear(values[:, j], rule, first, second) * w[j]
    return total


def closeness(weighted: FloatArray, ideal: FloatArray, anti_ideal: FloatArray) -> FloatArray:
    """Return TOPSIS relative closeness of each row of *weighted* (0.5 where undefined)."""
    # The closeness is a ratio of distances: scale all by one power of two, exactly, before squaring.
    _, exponent = by_power_of_two(np.concatenate([weighted.ravel(), ideal, anti_ideal]))
    if exponent:
        weighted, ideal, anti_ideal = (np.ldexp(a, -exponent) for a in (weighted, ideal, anti_ideal))
    gap = weighted - ideal
    to_ideal = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    np.subtract(weighted, anti_ideal, out=gap)
    to_anti = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    both = to_ideal + to_anti
    with np.errstate(invalid="ignore", divide="ignore"):
        result: FloatArray = np.where(both > 0, to_anti / both, 0.5)
    return result


@raises(Message("cannot compute TOPSIS", "无法计算 TOPSIS"))
def topsis(
    matrix: Any,
    weights: Any,
    /,
    *,
    directions: Sequence[int] | Any,
    normalization: Normalization | str | Sequence[str],
    targets: Sequence[float | None] | None = None,
) -> FloatArray:
    """Return the TOPSIS closeness of each row to the ideal solution.

    The matrix is normalised with the named method (:data:`~socialwork.scoring.NORMALIZATIONS`, or
    ``"none"`` for a matrix you have normalised yourself), multiplied by the
    weights; the ideal takes each column's best value and the anti-ideal its worst,
    and the closeness is ``d- / (d+ + d-)`` with Euclidean distances. Where an entity
    is at both (every weighted column constant) its closeness is 0.5.

    Conventions: pymcdm's ``TOPSIS()`` is ``normalization="minmax"`` (its
    default), ``TOPSIS(vector_normalization)`` is ``"vector"``. scikit-criteria's
    ``VectorScaler(target="matrix")`` then ``TOPSIS()`` is ``"vector"`` too
    (flipping a cost column linearly does not change its distances); for any other
    scikit-criteria pipeline, transform the matrix with it and pass
    ``normalization="none"``: the ideal of a cost column is then its minimum.

    Args:
        matrix: Rows are entities, columns criteria.
        weights: One non-negative weight per column (scale does not matter).
        directions: 1 for a benefit and -1 for a cost criterion, one per column.
        normalization: A name from :data:`~socialwork.scoring.NORMALIZATIONS` or ``"none"``;
            or one name per column.
        targets: The targets of ``"target"`` columns (``None`` elsewhere).

    Returns:
        One closeness per row, in [0, 1]; higher is better.

    Raises:
        ScoringError: see :func:`normalize`; also bad weights, or ``"none"`` among
            per-column names.

    Examples:
        >>> from socialwork.scoring import topsis
        >>> topsis([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], directions=[-1, 1],
        ...        normalization="minmax").round(3)
        array([0.5  , 0.617, 0.5  ])

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised ``InvalidValueError``.
    """
    if isinstance(normalization, str) and normalization == "none":
        values = as_matrix(matrix)
        signs = as_directions(directions, size=values.shape[1])
        w = _weights(weights, values.shape[1])
        weighted = values * w
        highs, lows = weighted.max(axis=0), weighted.min(axis=0)
        return closeness(weighted, np.where(signs > 0, highs, lows), np.where(signs > 0, lows, highs))
    if (
        not isinstance(normalization, str)
        and isinstance(normalization, Sequence)
        and any(n == "none" for n in normalization)
    ):
        msg = Message(
            "'none' applies to the whole matrix; pass normalization='none'",
            "'none' 只能用于整个矩阵；请传入 normalization='none'",
        )
        raise InvalidValueError(msg, path="normalization")
    values, _, how = prepare(matrix, normalization, directions, targets)
    w = _weights(weights, values.shape[1])
    weighted = apply(values, how, w)
    return closeness(weighted, weighted.max(axis=0), weighted.min(axis=0))
