"""Input checks shared by the scoring functions: matrices, weights, directions."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec, TypeAlias, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from socialwork.errors import (
    FieldError,
    InvalidTypeError,
    InvalidValueError,
    Message,
    Problem,
    ScoringError,
    excerpt,
)
from socialwork.model import LabelledIntEnum
from socialwork.model.validators import Validator

__all__ = [
    "Direction",
    "FloatArray",
    "as_directions",
    "as_matrix",
    "as_vector",
    "as_weights",
    "by_power_of_two",
    "check_score",
    "id_problems",
    "problems_of",
    "raises",
    "shares",
]

P = ParamSpec("P")
R = TypeVar("R")

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.intc]
"""A numpy array of float64."""

_SHOWN = 5  # how many bad positions an error message lists


class Direction(LabelledIntEnum):
    """Whether more of a criterion is better (benefit, 1) or worse (cost, -1).

    The members are integers, so they multiply and compare as 1 and -1.

    Examples:
        >>> from socialwork.scoring import Direction
        >>> Direction.COST.zh, Direction.COST.label("en"), int(Direction.COST)
        ('成本型', 'cost', -1)

    .. versionchanged:: 0.2
       A :class:`~socialwork.model.LabelledIntEnum`: each member is written
       with its labels, and gains ``label(lang)``.
    """

    BENEFIT = 1, "效益型", "benefit"
    COST = -1, "成本型", "cost"


def check_score(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
    """Check a score: a finite ``int`` or ``float`` (numpy floats too), not a ``bool``."""
    path = attr if isinstance(attr, str) else attr.name
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        msg = Message(
            "expected a finite number, got {type} {value}",
            "应为有限的数，实为 {type} {value}",
            type=type(value).__name__,
            value=repr(value),
        )
        raise InvalidTypeError(msg, path=path)
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int past the floats: a score is compared as a float
        finite = False
    if not finite:
        msg = Message(
            "expected a finite number, got {value}", "应为有限的数，实为 {value}", value=excerpt(value)
        )
        raise InvalidValueError(msg, path=path)


def id_problems(mapping: Mapping[Any, object], path: str, /) -> list[Problem]:
    """Return a problem for each key of *mapping* that is not an id (text).

    The one check of the ids that key scores, quotas and proposals: ids of mixed
    types cannot be put in order, and ids are text everywhere in the library.
    """
    found = []
    for key in mapping:
        if not isinstance(key, str):
            msg = Message(
                "expected an id as text, got {type} {key}",
                "id 应为文本，实为 {type} {key}",
                type=type(key).__name__,
                key=excerpt(key),
            )
            found.append(Problem(f"{path}[{excerpt(key)}]", msg))
    return found


def problems_of(check: Validator, path: str, value: object) -> list[Problem]:
    """Return the problems *check* finds in *value* at *path* (none if it passes), to report all at once."""
    try:
        check(None, path, value)
    except FieldError as error:
        return list(error.problems)
    return []


def raises(summary: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Turn a :class:`~socialwork.errors.FieldError` raised inside a function into a :class:`ScoringError`.

    The checks (the public validators and the helpers here) name the argument in
    the error's ``path``; at the boundary of a public function the error becomes
    the scoring error its docstring documents, with the same problems.
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return function(*args, **kwargs)
            except FieldError as error:
                # The check's own cause (an extractor's error) stays; the check itself is not news.
                raise ScoringError(summary, error.problems) from error.__cause__

        return checked

    return decorate


def _positions(mask: npt.NDArray[np.bool_]) -> str:
    """Return the first bad positions of *mask* for a message, then how many more (as a Message)."""
    found = np.argwhere(mask)
    shown = ", ".join(
        str(tuple(int(i) for i in row)) if len(row) > 1 else str(int(row[0])) for row in found[:_SHOWN]
    )
    if len(found) <= _SHOWN:
        return shown
    return Message(
        "{shown} and {more} more", "{shown} 及另外 {more} 个", shown=shown, more=len(found) - _SHOWN
    )


def _to_float(value: Any, field: str) -> FloatArray:
    if isinstance(value, (str, bytes)):
        msg = Message(
            "expected numbers, got {type} {value}",
            "应为数值，实为 {type} {value}",
            type=type(value).__name__,
            value=repr(value),
        )
        raise InvalidTypeError(msg, path=field)
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        msg = Message(
            "expected numbers in a regular (not ragged) array: {error}",
            "应为规整（而非参差不齐）的数组中的数值：{error}",
            error=str(error),
        )
        raise InvalidValueError(msg, path=field) from None


def _check_finite(array: FloatArray, field: str) -> None:
    # A sum is finite only when every entry is (NaN and inf propagate), so the
    # common case costs one pass; the slower search runs only to name the culprits.
    with np.errstate(over="ignore", invalid="ignore"):
        total = array.sum()
    if np.isfinite(total):
        return
    bad = ~np.isfinite(array)
    if bad.any():
        msg = Message(
            "expected finite numbers, found NaN or infinity at {positions}",
            "应为有限的数，以下位置为 NaN 或无穷大：{positions}",
            positions=_positions(bad),
        )
        raise InvalidValueError(msg, path=field)


def as_matrix(matrix: Any, /, *, field: str = "matrix", min_rows: int = 1) -> FloatArray:
    """Return *matrix* as a 2-D float64 array (no copy when it already is one).

    Raises:
        InvalidTypeError: it holds strings or other non-numbers.
        InvalidValueError: it is not 2-D, is ragged, too small, or holds NaN or infinity.
    """
    array = _to_float(matrix, field)
    if array.ndim != 2:
        msg = Message(
            "expected a 2-D matrix (rows = entities, columns = criteria), got {ndim} dimension(s)",
            "应为二维矩阵（行为评价对象，列为准则），实为 {ndim} 维",
            ndim=array.ndim,
        )
        raise InvalidValueError(msg, path=field)
    rows, columns = array.shape
    if rows < min_rows or columns < 1:
        msg = Message(
            "expected at least {min_rows} row(s) and 1 column, got shape {rows} x {columns}",
            "应至少有 {min_rows} 行和 1 列，实为形状 {rows} x {columns}",
            min_rows=min_rows,
            rows=rows,
            columns=columns,
        )
        raise InvalidValueError(msg, path=field)
    _check_finite(array, field)
    return array


def as_vector(vector: Any, /, *, size: int | None = None, field: str = "values") -> FloatArray:
    """Return *vector* as a finite 1-D float64 array, of *size* if given.

    Raises:
        InvalidTypeError: it holds non-numbers.
        InvalidValueError: it is not 1-D, has the wrong size, or holds NaN or infinity.
    """
    array = _to_float(vector, field)
    if array.ndim != 1:
        msg = Message(
            "expected a 1-D sequence of numbers, got {ndim} dimension(s)",
            "应为一维的数值序列，实为 {ndim} 维",
            ndim=array.ndim,
        )
        raise InvalidValueError(msg, path=field)
    if size is not None and array.shape[0] != size:
        msg = Message(
            "expected {size} value(s), one per criterion, got {got}",
            "应为 {size} 个值，每个准则一个，实为 {got} 个",
            size=size,
            got=array.shape[0],
        )
        raise InvalidValueError(msg, path=field)
    _check_finite(array, field)
    return array


def by_power_of_two(array: FloatArray, /, *, axis: int | None = None) -> tuple[FloatArray, IntArray]:
    """Return *array* times a power of two so that its largest magnitude is in [0.5, 1), and the exponents.

    With ``axis=0`` each column gets its own power. Multiplying by a power of two is
    exact, so every computation that does not depend on the scale (normalisation,
    TOPSIS distances, shares) gives the same bits as before, but squares and sums of
    values near the float limit (1e308) no longer overflow and subnormals no longer
    vanish: this is the one place the scoring functions scale before they square or sum.
    The exponents *e* are such that ``result * 2**e`` is *array* again.
    """
    peak = np.abs(array).max(axis=axis) if array.size else np.zeros(())
    _, exponent = np.frexp(peak)  # peak = m * 2**e with 0.5 <= m < 1; e = 0 for zero
    if not np.any(exponent):
        return array, exponent
    scaled: FloatArray = np.ldexp(array, -exponent)
    return scaled, exponent


def shares(values: FloatArray, /) -> FloatArray:
    """Return non-negative *values*, not all zero, divided by their sum, which overflows no more."""
    scaled, _ = by_power_of_two(values)
    result: FloatArray = scaled / scaled.sum()
    return result


def as_weights(weights: Any, /, *, size: int, field: str = "weights") -> FloatArray:
    """Return *weights* as non-negative floats, one per criterion, not all zero.

    Raises:
        InvalidValueError: wrong size, a negative, NaN or infinite weight, or all zero.
    """
    array = as_vector(weights, size=size, field=field)
    negative = array < 0
    if negative.any():
        msg = Message(
            "expected non-negative weights, found negative ones at {positions}",
            "应为非负的权重，以下位置为负数：{positions}",
            positions=_positions(negative),
        )
        raise InvalidValueError(msg, path=field)
    if not array.any():
        msg = Message(
            "expected at least one positive weight, got all zero", "应至少有一个正的权重，实为全部为 0"
        )
        raise InvalidValueError(msg, path=field)
    return array


def as_directions(directions: Sequence[int] | Any, /, *, size: int, field: str = "directions") -> FloatArray:
    """Return *directions* (1 benefit, -1 cost, one per criterion) as floats.

    Raises:
        InvalidValueError: the wrong size, or a value other than 1 and -1.
    """
    array = as_vector(directions, size=size, field=field)
    bad = (array != 1) & (array != -1)
    if bad.any():
        msg = Message(
            "expected 1 (benefit) or -1 (cost) for each criterion, found other values at {positions}",
            "每个准则应为 1（效益型）或 -1（成本型），以下位置为其他值：{positions}",
            positions=_positions(bad),
        )
        raise InvalidValueError(msg, path=field)
    return array
