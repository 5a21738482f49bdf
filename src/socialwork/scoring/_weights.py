"""Criterion weights: AHP with its consistency ratio, entropy, CRITIC, exact fractions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, NamedTuple

import numpy as np

from socialwork.errors import InconsistentJudgementError, InvalidValueError, Message
from socialwork.model.validators import instance_of, int_between
from socialwork.scoring._checks import (
    FloatArray,
    as_directions,
    as_matrix,
    as_vector,
    as_weights,
    by_power_of_two,
    raises,
    shares,
)

__all__ = [
    "RANDOM_INDEX",
    "AhpWeights",
    "ahp_weights",
    "critic_weights",
    "entropy_weights",
    "exact_weights",
]

RANDOM_INDEX: Final[Mapping[str, tuple[float, ...]]] = {
    "saaty": (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59),
    "tummala-ling": (
        0.0, 0.0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882,
        1.5117, 1.5356, 1.5571, 1.5714, 1.5831,
    ),
}  # fmt: skip
"""Published random-index tables for the AHP consistency ratio, by name; entry ``n - 1`` is for n criteria.

- ``"saaty"``: Saaty (1980), the table in most textbooks and Chinese evaluation
  guidelines (0.58 for 3 criteria, 0.90 for 4, 1.12 for 5, ...).
- ``"tummala-ling"``: Tummala and Ling (1998), the table pymcdm's ``AHP`` uses.
"""

_CR_LIMIT: Final = 0.1
_RECIPROCAL_TOLERANCE: Final = 1e-6


class AhpWeights(NamedTuple):
    """The result of :func:`ahp_weights`: unpack it as ``weights, cr = ahp_weights(...)``.

    Attributes:
        weights: The principal-eigenvector weights, summing to 1.
        consistency_ratio: CI / RI; below 0.1 is consistent enough.
    """

    weights: FloatArray
    consistency_ratio: float


def _ri_table(ri: str | Sequence[float]) -> tuple[float, ...]:
    if isinstance(ri, str):
        table = RANDOM_INDEX.get(ri)
        if table is None:
            known = ", ".join(map(repr, RANDOM_INDEX))
            msg = Message(
                "unknown random-index table {ri}; expected one of {known} or a sequence of numbers",
                "未知的随机一致性指标表 {ri}；应为 {known} 之一，或一个数值序列",
                ri=repr(ri),
                known=known,
            )
            raise InvalidValueError(msg, path="ri")
        return table
    return tuple(float(value) for value in as_vector(ri, field="ri"))


@raises(Message("cannot derive AHP weights", "无法求出 AHP 权重"))
def ahp_weights(
    pairwise: Any,
    /,
    *,
    ri: str | Sequence[float] = "saaty",
    allow_inconsistent: bool = False,
) -> AhpWeights:
    """Return AHP weights from a pairwise comparison matrix, with its consistency ratio.

    ``pairwise[i][j]`` says how much more important criterion *i* is than *j*
    on Saaty's 1-9 scale; the matrix must be positive and reciprocal
    (``pairwise[j][i] == 1 / pairwise[i][j]``, to a relative 1e-6) with ones on
    the diagonal. The weights are the principal eigenvector, scaled to sum to 1;
    CR = CI / RI with CI = (lambda_max - n) / (n - 1). For one or two criteria CR
    is 0: such a matrix is always consistent.

    Args:
        pairwise: The n x n comparison matrix.
        ri: The name of a table in :data:`~socialwork.scoring.RANDOM_INDEX`, or your own table
            (entry ``n - 1`` for n criteria).
        allow_inconsistent: Return the weights even when CR is 0.1 or more.

    Returns:
        ``(weights, consistency_ratio)`` as an :class:`AhpWeights`.

    Raises:
        ScoringError: the matrix is not square, not positive, not reciprocal,
            or larger than the random-index table (it is never silently accepted);
            an unknown *ri* table.
        InconsistentJudgementError: CR is 0.1 or more and *allow_inconsistent* is false.

    Examples:
        >>> from socialwork.scoring import ahp_weights
        >>> weights, cr = ahp_weights([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]])
        >>> weights.round(3), round(cr, 3)
        (array([0.637, 0.258, 0.105]), 0.033)
        >>> ahp_weights([[1, 9, 1/9], [1/9, 1, 9], [9, 1/9, 1]])
        Traceback (most recent call last):
        ...
        socialwork.errors.InconsistentJudgementError: the judgements are inconsistent: CR = 6.130, ...

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised ``InvalidValueError``.
    """
    instance_of(bool)(None, "allow_inconsistent", allow_inconsistent)
    matrix = as_matrix(pairwise, field="pairwise")
    n, columns = matrix.shape
    if n != columns:
        msg = Message(
            "expected a square matrix, got {rows} x {columns}",
            "应为方阵，实为 {rows} x {columns}",
            rows=n,
            columns=columns,
        )
        raise InvalidValueError(msg, path="pairwise")
    problems: list[Message] = []
    bad = np.argwhere(matrix <= 0)
    if len(bad):
        at = ", ".join(f"[{i}][{j}]" for i, j in bad[:5])
        problems.append(Message("non-positive entries at {at}", "在 {at} 处有不大于 0 的元素", at=at))
    else:
        off = np.abs(matrix * matrix.T - 1) > _RECIPROCAL_TOLERANCE
        pairs = [(int(i), int(j)) for i, j in np.argwhere(off) if i <= j]
        if pairs:
            shown = ", ".join(
                f"[{i}][{j}]={matrix[i, j]:g} vs [{j}][{i}]={matrix[j, i]:g}" for i, j in pairs[:5]
            )
            msg = Message(
                "entries that are not reciprocal (or a diagonal that is not 1): {shown}",
                "有不互为倒数的元素（或对角线上不为 1）：{shown}",
                shown=shown,
            )
            problems.append(msg)
    if problems:
        raise InvalidValueError(Message.joined("; ", "；", problems), path="pairwise")
    table = _ri_table(ri)
    if n > len(table):
        msg = Message(
            "the random-index table has entries for at most {most} criteria, got {got}; "
            "split the criteria into groups or pass a larger table as ri",
            "随机一致性指标表至多只有 {most} 个准则的值，实为 {got} 个准则；"
            "请把准则分组，或用 ri 传入更大的表",
            most=len(table),
            got=n,
        )
        raise InvalidValueError(msg, path="pairwise")
    values, vectors = np.linalg.eig(matrix)
    principal = int(np.argmax(values.real))
    lambda_max = float(values[principal].real)
    vector = np.abs(vectors[:, principal].real)
    weights: FloatArray = vector / vector.sum()
    if n <= 2:
        return AhpWeights(weights, 0.0)
    index = table[n - 1]
    if index <= 0:
        msg = Message(
            "the random index for {count} criteria must be above 0, got {index}",
            "{count} 个准则的随机一致性指标必须大于 0，实为 {index}",
            count=n,
            index=str(index),
        )
        raise InvalidValueError(msg, path="ri")
    ratio = max((lambda_max - n) / (n - 1), 0.0) / index
    if ratio >= _CR_LIMIT and not allow_inconsistent:
        msg = Message(
            "the judgements are inconsistent: CR = {ratio}, expected below {limit} "
            "(revise the comparisons, or pass allow_inconsistent=True)",
            "判断不一致：CR = {ratio}，应小于 {limit}（请修改两两比较，或传入 allow_inconsistent=True）",
            ratio=f"{ratio:.3f}",
            limit=str(_CR_LIMIT),
        )
        raise InconsistentJudgementError(msg, consistency_ratio=ratio)
    return AhpWeights(weights, ratio)


@raises(Message("cannot derive entropy weights", "无法求出熵权"))
def entropy_weights(matrix: Any, /) -> FloatArray:
    """Return entropy weights: criteria whose values differ more weigh more.

    Each column is scaled to shares ``p = x / sum(x)``; its entropy is
    ``e = -sum(p ln p) / ln m`` over the *m* rows (with ``0 ln 0 = 0``), and its
    weight is proportional to ``1 - e``. A column of zeros carries no information
    (weight 0); when no column carries any, every criterion weighs the same.

    Args:
        matrix: Rows are entities (at least two), columns criteria; values must not be negative.

    Returns:
        One weight per column, summing to 1.

    Raises:
        ScoringError: fewer than two rows, negative values, NaN or infinity.

    Examples:
        >>> from socialwork.scoring import entropy_weights
        >>> entropy_weights([[1, 5], [1, 1], [1, 9]]).round(3)
        array([0., 1.])

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised ``InvalidValueError``.
    """
    values, _ = by_power_of_two(as_matrix(matrix, min_rows=2), axis=0)  # shares do not depend on scale
    negative = np.argwhere(values < 0)
    if len(negative):
        shown = ", ".join(f"[{i}][{j}]" for i, j in negative[:5])
        msg = Message(
            "expected non-negative values for entropy weights, found negative ones at {shown}",
            "熵权法应为非负值，在 {shown} 处发现负值",
            shown=shown,
        )
        raise InvalidValueError(msg, path="matrix")
    sums = values.sum(axis=0)
    informative = sums > 0
    shares = values[:, informative] / sums[informative]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(shares > 0, shares * np.log(shares), 0.0)
    divergence = np.zeros(values.shape[1])
    divergence[informative] = 1.0 + terms.sum(axis=0) / np.log(values.shape[0])
    divergence = np.clip(divergence, 0.0, None)
    return _scaled(divergence)


def _scaled(raw: FloatArray) -> FloatArray:
    if not raw.any():
        return np.full(raw.shape, 1.0 / raw.shape[0])
    return shares(raw)


@raises(Message("cannot derive CRITIC weights", "无法求出 CRITIC 权重"))
def critic_weights(matrix: Any, /, *, directions: Sequence[int] | Any = None) -> FloatArray:
    """Return CRITIC weights: contrast (standard deviation) times conflict (1 - correlation).

    Columns are min-max scaled towards their ideal (*directions*, all benefit by
    default); a criterion's weight is proportional to its standard deviation times
    ``sum(1 - r)`` of its correlations with the other criteria (Diakoulaki et al.,
    1995). A constant column has weight 0 and is left out of the others' conflict
    sums (its correlation is undefined); when every column is constant, every
    criterion weighs the same. The standard deviation's ``ddof`` does not matter:
    it scales every criterion alike.

    Args:
        matrix: Rows are entities (at least two), columns criteria.
        directions: 1 for a benefit and -1 for a cost criterion, one per column.

    Returns:
        One weight per column, summing to 1.

    Raises:
        ScoringError: fewer than two rows, NaN or infinity, bad directions.

    Examples:
        >>> from socialwork.scoring import critic_weights
        >>> critic_weights([[1, 2, 3], [2, 4, 1], [3, 7, 2], [4, 8, 5]]).round(3)
        array([0.23 , 0.288, 0.482])

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised ``InvalidValueError``.
    """
    values, _ = by_power_of_two(as_matrix(matrix, min_rows=2), axis=0)  # nor does min-max scaling
    columns = values.shape[1]
    signs = np.ones(columns) if directions is None else as_directions(directions, size=columns)
    lows, highs = values.min(axis=0), values.max(axis=0)
    varying = highs > lows
    raw = np.zeros(columns)
    if varying.any():
        span = highs[varying] - lows[varying]
        scaled = (values[:, varying] - lows[varying]) / span
        scaled = np.where(signs[varying] < 0, 1.0 - scaled, scaled)
        deviation = scaled.std(axis=0)
        if scaled.shape[1] == 1:
            conflict = np.zeros(1)
        else:
            correlation = np.atleast_2d(np.corrcoef(scaled, rowvar=False))
            conflict = (1.0 - correlation).sum(axis=0)
        raw[varying] = deviation * conflict
    if not raw.any() and varying.any():
        raw[varying] = 1.0  # one varying criterion, or ones that agree perfectly: share alike
    return _scaled(raw)


@raises(Message("cannot make exact weights", "无法得出精确权重"))
def exact_weights(weights: Any, /, *, denominator: int = 1_000_000) -> tuple[Fraction, ...]:
    """Return *weights* as fractions over *denominator* that sum to exactly 1.

    Use it to put computed (float) weights, such as those of :func:`ahp_weights`,
    on an :class:`~socialwork.scoring.Indicator`, whose children's weights must sum
    to 1 exactly. The weights are first scaled to sum to 1, then rounded by the
    largest-remainder method (ties to the earlier position).

    Args:
        weights: Non-negative numbers, not all zero.
        denominator: The common denominator, 10**6 (millionths) by default.

    Returns:
        One ``Fraction`` per weight, summing to 1.

    Raises:
        ScoringError: negative, NaN or all-zero weights, or a denominator that is
            not a whole number of at least 1.

    Examples:
        >>> from socialwork.scoring import exact_weights
        >>> exact_weights([1, 1, 1], denominator=100)
        (Fraction(17, 50), Fraction(33, 100), Fraction(33, 100))

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised ``InvalidValueError``.
    """
    int_between(1)(None, "denominator", denominator)
    vector = as_vector(weights, field="weights")
    array = as_weights(vector, size=len(vector))
    shares = array / array.sum() * denominator
    units = np.floor(shares).astype(np.int64)
    short = denominator - int(units.sum())
    order = sorted(range(len(units)), key=lambda j: (-(shares[j] - units[j]), j))
    for j in order[:short]:
        units[j] += 1
    return tuple(Fraction(int(unit), denominator) for unit in units)
