"""Normalisation of a decision matrix, column by column, with named methods."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Literal, NamedTuple, TypeAlias

import numpy as np

from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.scoring._checks import FloatArray, as_directions, as_matrix, by_power_of_two, raises

__all__ = ["NORMALIZATIONS", "Normalization", "normalize"]

Normalization: TypeAlias = Literal["minmax", "vector", "sum", "max", "target"]
"""The name of a normalisation method; see :data:`~socialwork.scoring.NORMALIZATIONS`."""

NORMALIZATIONS: Final[tuple[str, ...]] = ("max", "minmax", "sum", "target", "vector")
"""The normalisation methods :func:`normalize` knows, by name.

For a benefit column ``x`` (cost in brackets), each gives:

- ``"minmax"``: ``(x - min) / (max - min)`` [``(max - x) / (max - min)``]; a
  zero-range column (all values equal) gives 1 for every entity, as pymcdm does.
- ``"vector"``: ``x / ||x||`` [``1 - x / ||x||``]; a column of zeros gives 0 [1].
- ``"sum"``: ``x / sum(x)`` [``(1/x) / sum(1/x)``, values must be above 0]; a
  column of zeros gives 0. Values must not be negative.
- ``"max"``: ``x / max`` [``1 - x / max``]; a column of zeros gives 0 [1].
  Values must not be negative.
- ``"target"``: attainment of a target ``t > 0``: ``min(x / t, 1)`` for a floor to
  reach [``min(t / x, 1)`` for a ceiling not to pass, 1 when ``x`` is 0]. Values
  must not be negative.

The cost variants are pymcdm's (``pymcdm.normalizations``), so that
``normalize`` agrees with ``pymcdm.helpers.normalize_matrix`` column for column.
No method produces NaN: the zero-range cases above are the documented results.
"""


def _names(method: object, columns: int) -> tuple[str, ...]:
    if isinstance(method, str):
        names: tuple[object, ...] = (method,) * columns
    elif isinstance(method, Sequence):
        names = tuple(method)
    else:
        msg = Message(
            "expected a method name or one name per column, got {type} {value}",
            "应为一个方法名或每列一个方法名，实为 {type} {value}",
            type=type(method).__name__,
            value=repr(method),
        )
        raise InvalidTypeError(msg, path="method")
    if len(names) != columns:
        msg = Message(
            "expected one method per column ({columns}), got {got}",
            "应为每列一个方法（{columns} 个），实为 {got} 个",
            columns=columns,
            got=len(names),
        )
        raise InvalidValueError(msg, path="method")
    bad = [f"[{j}] {name!r}" for j, name in enumerate(names) if name not in NORMALIZATIONS]
    if bad:
        known = ", ".join(map(repr, NORMALIZATIONS))
        msg = Message(
            "unknown normalisation {bad}; expected one of {known}",
            "未知的归一化方法 {bad}；应为 {known} 之一",
            bad=", ".join(bad),
            known=known,
        )
        raise InvalidValueError(msg, path="method")
    return names  # type: ignore[return-value]  # every name is a key of _PLANNERS


def _is_target(value: object) -> bool:
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and bool(np.isfinite(value))
        and bool(value > 0)
    )


def _targets(targets: Sequence[float | None] | Any, names: tuple[str, ...]) -> list[float]:
    needed = [j for j, name in enumerate(names) if name == "target"]
    if not needed:
        return [0.0] * len(names)
    if targets is None:
        msg = Message(
            "columns {needed} use target-based normalisation, but no targets were given",
            "列 {needed} 按目标归一化，但没有给出目标",
            needed=str(needed),
        )
        raise InvalidValueError(msg, path="targets")
    if isinstance(targets, str) or not isinstance(targets, Sequence | np.ndarray):
        msg = Message(
            "expected a sequence of targets (None where unused), got {type}",
            "应为目标的序列（不用目标的列为 None），实为 {type}",
            type=type(targets).__name__,
        )
        raise InvalidTypeError(msg, path="targets")
    values = list(targets)
    if len(values) != len(names):
        msg = Message(
            "expected one target per column ({columns}; None where unused), got {got}",
            "应为每列一个目标（{columns} 个；不用目标的列为 None），实为 {got} 个",
            columns=len(names),
            got=len(values),
        )
        raise InvalidValueError(msg, path="targets")
    bad = [f"[{j}] {values[j]!r}" for j in needed if not _is_target(values[j])]
    wanted = set(needed)
    if bad:
        msg = Message(
            "expected a finite target above 0 for each target column, got {bad}",
            "按目标归一化的每一列应有大于 0 的有限目标，实为 {bad}",
            bad=", ".join(bad),
        )
        raise InvalidValueError(msg, path="targets")
    return [float(values[j]) if j in wanted else 0.0 for j in range(len(values))]


def _tiny(size: float) -> bool:
    """Whether 1 / size would overflow (a subnormal range): such columns are divided directly."""
    return size != 0 and abs(size) < _SMALLEST


_SMALLEST: Final = float(np.finfo(np.float64).tiny) * 4
_CONDITION: Final = 1e3  # above this |value| / range, min-max subtracts before scaling (error < 1e-12)


class _Plan:
    """How to normalise each column: ``x * scale + offset``, or a nonlinear rule."""

    __slots__ = ("nonlinear", "offset", "scale")

    def __init__(
        self, scale: FloatArray, offset: FloatArray, nonlinear: list[tuple[int, str, float, float]]
    ) -> None:
        self.scale = scale
        self.offset = offset
        self.nonlinear = nonlinear  # (column, rule, first parameter, second parameter)


class _Column(NamedTuple):
    """What a planner needs to know about one column."""

    j: int
    cost: bool
    low: float
    high: float
    norm: float
    total: float
    target: float


class _Linear(NamedTuple):
    """A column normalised as ``x * scale + offset``."""

    scale: float
    offset: float


class _Rule(NamedTuple):
    """A column normalised by a nonlinear rule, a key of :data:`_RULES`, with its parameters."""

    rule: str
    first: float
    second: float = 0.0


def _plan_minmax(column: _Column) -> _Linear | _Rule:
    low, high = column.low, column.high
    span = high - low
    if span == 0:
        return _Linear(0.0, 1.0)
    if not math.isfinite(span):  # [-1e308, 1e308]: the range overflows a float, its half does not
        scale = 0.5 / (high * 0.5 - low * 0.5)
        return _Linear(-scale, high * scale) if column.cost else _Linear(scale, -low * scale)
    if _tiny(span) or max(abs(low), abs(high)) > _CONDITION * span:
        # x * (1/span) - lo/span would cancel catastrophically: subtract first
        return _Rule("cost_range" if column.cost else "range", low, high)
    if column.cost:
        return _Linear(-1.0 / span, high / span)
    return _Linear(1.0 / span, -low / span)


def _plan_share(column: _Column, size: float) -> _Linear | _Rule:
    """``x / size`` [``1 - x / size``], for the vector and max methods."""
    cost = column.cost
    if _tiny(size):
        return _Rule("cost_share" if cost else "share", size)
    scale = 0.0 if size == 0 else (-1.0 if cost else 1.0) / size
    return _Linear(scale, 1.0 if cost else 0.0)


def _plan_vector(column: _Column) -> _Linear | _Rule:
    return _plan_share(column, column.norm)


def _plan_max(column: _Column) -> _Linear | _Rule:
    return _plan_share(column, column.high)


def _plan_sum(column: _Column) -> _Linear | _Rule:
    total = column.total
    if column.cost:
        return _Rule("reciprocal", 0.0)
    if _tiny(total):
        return _Rule("share", total)
    return _Linear(0.0 if total == 0 else 1.0 / total, 0.0)


def _plan_target(column: _Column) -> _Linear | _Rule:
    return _Rule("ceiling" if column.cost else "floor", column.target)


_PLANNERS: Final[Mapping[str, Callable[[_Column], _Linear | _Rule]]] = {
    "max": _plan_max,
    "minmax": _plan_minmax,
    "sum": _plan_sum,
    "target": _plan_target,
    "vector": _plan_vector,
}
"""How each method of :data:`NORMALIZATIONS` normalises one column, given its statistics."""

_NEEDS: Final[Mapping[str, frozenset[str]]] = {
    "max": frozenset({"low", "high"}),
    "minmax": frozenset({"low", "high"}),
    "sum": frozenset({"low", "sum"}),
    "target": frozenset({"low"}),
    "vector": frozenset({"norm"}),
}
"""The column statistics each method needs (the low is for the non-negativity check)."""

_NON_NEGATIVE: Final = frozenset({"sum", "max", "target"})
"""The methods that refuse negative values."""


@functools.cache
def _needs(used: frozenset[str]) -> frozenset[str]:
    return frozenset().union(*(_NEEDS[name] for name in used))


def _columns(
    matrix: FloatArray, names: tuple[str, ...], directions: FloatArray, targets: list[float]
) -> list[_Column]:
    """Return what each column's planner needs; a statistic is computed (in one pass) only if used."""
    size = matrix.shape[1]
    needs = _needs(frozenset(names))
    unused = [0.0] * size
    lows = matrix.min(axis=0).tolist() if "low" in needs else unused
    highs = matrix.max(axis=0).tolist() if "high" in needs else unused
    norms = np.sqrt(np.einsum("ij,ij->j", matrix, matrix)).tolist() if "norm" in needs else unused
    sums = matrix.sum(axis=0).tolist() if "sum" in needs else unused
    signs = directions.tolist()
    return [_Column(j, signs[j] < 0, lows[j], highs[j], norms[j], sums[j], targets[j]) for j in range(size)]


def _check_signs(names: tuple[str, ...], columns: list[_Column]) -> None:
    negative = [
        (c.j, name) for name, c in zip(names, columns, strict=True) if name in _NON_NEGATIVE and c.low < 0
    ]
    if negative:
        named = (Message("[{j}] ({name})", "[{j}]（{name}）", j=j, name=name) for j, name in negative)
        msg = Message(
            "columns {negative} hold negative values, which their method does not allow",
            "列 {negative}含有负值，而其归一化方法不允许负值",
            negative=Message.joined(", ", "、", named),
        )
        raise InvalidValueError(msg, path="matrix")
    for name, c in zip(names, columns, strict=True):
        if name == "sum" and c.cost and c.low <= 0:
            msg = Message(
                "column [{column}] is a cost criterion under 'sum' normalisation, which needs values above 0",
                "列 [{column}] 是 'sum' 归一化下的成本型准则，其值必须大于 0",
                column=c.j,
            )
            raise InvalidValueError(msg, path="matrix")


def plan(
    matrix: FloatArray,
    names: tuple[str, ...],
    directions: FloatArray,
    targets: list[float],
) -> _Plan:
    """Work out each column's normalisation from column statistics (one pass each)."""
    columns = _columns(matrix, names, directions, targets)
    _check_signs(names, columns)
    scales = [0.0] * len(columns)
    offsets = [0.0] * len(columns)
    nonlinear: list[tuple[int, str, float, float]] = []
    for name, column in zip(names, columns, strict=True):
        step = _PLANNERS[name](column)
        if isinstance(step, _Rule):
            nonlinear.append((column.j, step.rule, step.first, step.second))
        else:
            scales[column.j], offsets[column.j] = step
    return _Plan(np.array(scales), np.array(offsets), nonlinear)


def _reciprocal(column: FloatArray, _first: float, _second: float) -> FloatArray:
    inverse = column.min() / column  # the shares of 1 / x, each at most 1: 1 / x overflows for tiny x
    result: FloatArray = inverse / inverse.sum()
    return result


def _floor(column: FloatArray, target: float, _second: float) -> FloatArray:
    result: FloatArray = np.minimum(column, target) / target  # x / target overflows for a subnormal target
    return result


def _ceiling(column: FloatArray, target: float, _second: float) -> FloatArray:
    result: FloatArray = target / np.maximum(column, target)
    return result


def _range(column: FloatArray, low: float, high: float) -> FloatArray:
    result: FloatArray = (column - low) / (high - low)
    return result


def _cost_range(column: FloatArray, low: float, high: float) -> FloatArray:
    result: FloatArray = (high - column) / (high - low)
    return result


def _share(column: FloatArray, size: float, _second: float) -> FloatArray:
    result: FloatArray = column / size
    return result


def _cost_share(column: FloatArray, size: float, _second: float) -> FloatArray:
    result: FloatArray = 1.0 - column / size
    return result


_RULES: Final[Mapping[str, Callable[[FloatArray, float, float], FloatArray]]] = {
    "ceiling": _ceiling,
    "cost_range": _cost_range,
    "cost_share": _cost_share,
    "floor": _floor,
    "range": _range,
    "reciprocal": _reciprocal,
    "share": _share,
}
"""The nonlinear rules of a plan, by name, each with its two parameters."""


def nonlinear(column: FloatArray, rule: str, first: float, second: float) -> FloatArray:
    """Normalise one column by a rule that is not ``x * scale + offset``."""
    return _RULES[rule](column, first, second)


def apply(matrix: FloatArray, how: _Plan, weights: FloatArray | None = None) -> FloatArray:
    """Return the normalised matrix, times *weights* column by column if given."""
    scale, offset = how.scale, how.offset
    if weights is not None:
        scale, offset = scale * weights, offset * weights
    result = matrix * scale
    if offset.any():
        result += offset
    for j, rule, first, second in how.nonlinear:
        column = nonlinear(matrix[:, j], rule, first, second)
        result[:, j] = column if weights is None else column * weights[j]
    return result


def scaled(values: FloatArray, names: Sequence[str]) -> FloatArray:
    """Return *values* with each column times a power of two, so that its largest magnitude is in [0.5, 1).

    Every method but ``target`` gives the same result for a column times any positive
    number, and a power of two is exact: scaling first keeps the squares and sums of
    the statistics finite near 1e308 and the subnormals from vanishing. Target-based
    columns compare with their target as given, and are left as they are.
    """
    result, exponents = by_power_of_two(values, axis=0)
    if not np.any(exponents) or "target" not in names:
        return result
    kept = np.where(np.array([name == "target" for name in names]), 0, exponents)
    with_targets: FloatArray = np.ldexp(values, -kept)
    return with_targets


def prepare(
    matrix: Any,
    method: str | Sequence[str],
    directions: Any,
    targets: Sequence[float | None] | None,
) -> tuple[FloatArray, FloatArray, _Plan]:
    """Check the inputs and return the matrix, the directions and the plan."""
    values = as_matrix(matrix)
    columns = values.shape[1]
    names = _names(method, columns)
    signs = as_directions(directions, size=columns)
    values = scaled(values, names)
    return values, signs, plan(values, names, signs, _targets(targets, names))


@raises(Message("cannot normalize the matrix", "无法对矩阵归一化"))
def normalize(
    matrix: Any,
    /,
    *,
    method: Normalization | str | Sequence[str],
    directions: Sequence[int] | Any,
    targets: Sequence[float | None] | None = None,
) -> FloatArray:
    """Return *matrix* normalised column by column, so that higher is better everywhere.

    Args:
        matrix: Rows are entities, columns criteria: a numpy array or nested sequences.
        method: One of :data:`~socialwork.scoring.NORMALIZATIONS` for every column, or one name per column.
        directions: 1 for a benefit and -1 for a cost criterion, one per column.
        targets: For ``"target"`` columns, the target value; ``None`` elsewhere.

    Returns:
        A new float64 array of the same shape; *matrix* is not changed.

    Raises:
        ScoringError: the matrix is not 2-D, holds non-numbers, NaN or infinity; a
            method is unknown; a direction is not 1 or -1; a target is missing or
            not above 0; a column holds values its method does not allow. The
            problem's ``path`` names the argument (``matrix``, ``method``, ...).

    Examples:
        >>> from socialwork.scoring import normalize
        >>> normalize([[1, 10], [3, 30], [2, 30]], method="minmax", directions=[1, -1])
        array([[0. , 1. ],
               [1. , 0. ],
               [0.5, 0. ]])
        >>> normalize([[175], [400]], method="target", directions=[1], targets=[350])
        array([[0.5],
               [1. ]])
        >>> normalize([[5, 1], [5, 2]], method="minmax", directions=[1, 1])  # zero range -> 1
        array([[1., 0.],
               [1., 1.]])

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` (a ``ValueError``) where it
       raised ``InvalidValueError`` or ``InvalidTypeError``.
    """
    values, _, how = prepare(matrix, method, directions, targets)
    return apply(values, how)
