"""Normalisation of a decision matrix, column by column, with named methods."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal, TypeAlias

import numpy as np

from socialwork.errors import InvalidValueError
from socialwork.scoring._checks import FloatArray, as_directions, as_matrix

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


def _names(method: str | Sequence[str], columns: int) -> tuple[str, ...]:
    names = (method,) * columns if isinstance(method, str) else tuple(method)
    if len(names) != columns:
        msg = f"expected one method per column ({columns}), got {len(names)}"
        raise InvalidValueError(msg, path="method")
    bad = [f"[{j}] {name!r}" for j, name in enumerate(names) if name not in NORMALIZATIONS]
    if bad:
        known = ", ".join(map(repr, NORMALIZATIONS))
        msg = f"unknown normalisation {', '.join(bad)}; expected one of {known}"
        raise InvalidValueError(msg, path="method")
    return names


def _targets(targets: Sequence[float | None] | Any, names: tuple[str, ...]) -> list[float]:
    needed = [j for j, name in enumerate(names) if name == "target"]
    if not needed:
        return [0.0] * len(names)
    if targets is None:
        msg = f"columns {needed} use target-based normalisation, but no targets were given"
        raise InvalidValueError(msg, path="targets")
    values = list(targets)
    if len(values) != len(names):
        msg = f"expected one target per column ({len(names)}; None where unused), got {len(values)}"
        raise InvalidValueError(msg, path="targets")
    bad = []
    for j in needed:
        value = values[j]
        if value is None or isinstance(value, bool) or not np.isfinite(value) or value <= 0:
            bad.append(f"[{j}] {value!r}")
    if bad:
        msg = f"expected a finite target above 0 for each target column, got {', '.join(bad)}"
        raise InvalidValueError(msg, path="targets")
    return [0.0 if value is None else float(value) for value in values]


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


def plan(
    matrix: FloatArray,
    names: tuple[str, ...],
    directions: FloatArray,
    targets: list[float],
) -> _Plan:
    """Work out each column's normalisation from column statistics (one pass each)."""
    columns = matrix.shape[1]
    scale = np.zeros(columns)
    offset = np.zeros(columns)
    nonlinear: list[tuple[int, str, float, float]] = []
    used = set(names)
    need_min = used & {"minmax", "sum", "max", "target"}
    zeros = np.zeros(columns)
    lows = matrix.min(axis=0) if need_min else zeros
    highs = matrix.max(axis=0) if used & {"minmax", "max"} else zeros
    norms = np.sqrt(np.einsum("ij,ij->j", matrix, matrix)) if "vector" in used else zeros
    sums = matrix.sum(axis=0) if "sum" in used else zeros
    negative = []
    for j, name in enumerate(names):
        cost = directions[j] < 0
        if name in {"sum", "max", "target"} and lows[j] < 0:
            negative.append(f"[{j}] ({name})")
            continue
        if name == "minmax":
            span = highs[j] - lows[j]
            if span == 0:
                offset[j] = 1.0
            elif _tiny(span) or max(abs(lows[j]), abs(highs[j])) > _CONDITION * span:
                # x * (1/span) - lo/span would cancel catastrophically: subtract first
                nonlinear.append((j, "cost_range" if cost else "range", lows[j], highs[j]))
            elif cost:
                scale[j], offset[j] = -1.0 / span, highs[j] / span
            else:
                scale[j], offset[j] = 1.0 / span, -lows[j] / span
        elif name in {"vector", "max"}:
            size = norms[j] if name == "vector" else highs[j]
            if _tiny(size):
                nonlinear.append((j, "cost_share" if cost else "share", size, 0.0))
                continue
            if size != 0:
                scale[j] = (-1.0 if cost else 1.0) / size
            offset[j] = 1.0 if cost else 0.0
        elif name == "sum":
            if cost:
                nonlinear.append((j, "reciprocal", 0.0, 0.0))
            elif _tiny(sums[j]):
                nonlinear.append((j, "share", sums[j], 0.0))
            elif sums[j] != 0:
                scale[j] = 1.0 / sums[j]
        else:
            nonlinear.append((j, "ceiling" if cost else "floor", targets[j], 0.0))
    if negative:
        msg = f"columns {', '.join(negative)} hold negative values, which their method does not allow"
        raise InvalidValueError(msg, path="matrix")
    for j, rule, _, _ in nonlinear:
        if rule == "reciprocal" and lows[j] <= 0:
            msg = (
                f"column [{j}] is a cost criterion under 'sum' normalisation, which needs every value above 0"
            )
            raise InvalidValueError(msg, path="matrix")
    return _Plan(scale, offset, nonlinear)


def nonlinear(column: FloatArray, rule: str, first: float, second: float) -> FloatArray:
    """Normalise one column by a rule that is not ``x * scale + offset``."""
    result: FloatArray
    if rule == "reciprocal":
        inverse = 1.0 / column
        result = inverse / inverse.sum()
    elif rule == "floor":
        result = np.minimum(column / first, 1.0)
    elif rule == "ceiling":
        result = first / np.maximum(column, first)
    elif rule == "range":
        result = (column - first) / (second - first)
    elif rule == "cost_range":
        result = (second - column) / (second - first)
    elif rule == "share":
        result = column / first
    else:  # "cost_share"
        result = 1.0 - column / first
    return result


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
    return values, signs, plan(values, names, signs, _targets(targets, names))


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
        InvalidValueError: the matrix is not 2-D or holds NaN or infinity; a method is
            unknown; a direction is not 1 or -1; a target is missing or not above 0;
            a column holds values its method does not allow.
        InvalidTypeError: the matrix holds non-numbers.

    Examples:
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
    """
    values, _, how = prepare(matrix, method, directions, targets)
    return apply(values, how)
