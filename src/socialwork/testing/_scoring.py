"""Strategies for scoring: decision matrices and indicator systems."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st

from socialwork.errors import InvalidValueError, Message
from socialwork.scoring import Indicator, IndicatorSystem
from socialwork.testing._funds import _whole
from socialwork.testing._model import serial

__all__ = ["DecisionMatrix", "decision_matrices", "indicator_systems"]

FloatArray = npt.NDArray[np.float64]
_VALUES = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False, width=64)


class DecisionMatrix(NamedTuple):
    """A multi-criteria decision problem: values, weights and directions.

    Attributes:
        matrix: One row per alternative, one column per criterion.
        weights: One weight per criterion, summing to 1.
        directions: ``1`` where more is better, ``-1`` where less is.

    .. versionadded:: 0.2
    """

    matrix: FloatArray
    weights: FloatArray
    directions: npt.NDArray[np.int_]


@st.composite
def _matrices(
    draw: st.DrawFn, *, min_rows: int, max_rows: int, max_columns: int, elements: st.SearchStrategy[float]
) -> DecisionMatrix:
    from hypothesis.extra import numpy as hnp  # noqa: PLC0415 - costs 0.5 s to import: only when drawn

    rows = draw(st.integers(min_rows, max_rows))
    columns = draw(st.integers(1, max_columns))
    matrix = draw(hnp.arrays(np.float64, (rows, columns), elements=elements))
    raw = draw(hnp.arrays(np.float64, columns, elements=st.floats(0.01, 1)))
    directions = np.array(draw(st.lists(st.sampled_from([1, -1]), min_size=columns, max_size=columns)))
    return DecisionMatrix(matrix, raw / raw.sum(), directions)


def decision_matrices(
    *,
    min_rows: int = 2,
    max_rows: int = 15,
    max_columns: int = 6,
    elements: st.SearchStrategy[float] | None = None,
) -> st.SearchStrategy[DecisionMatrix]:
    """Return a strategy for decision matrices, with weights and directions, for scoring.

    Args:
        min_rows: The fewest alternatives (rows).
        max_rows: The most alternatives.
        max_columns: The most criteria (at least one is drawn).
        elements: The values; finite floats from 0 to 1000 by default.

    Raises:
        InvalidValueError: the bounds are out of order or below one.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import decision_matrices
        >>> problem = find(decision_matrices(max_rows=4), lambda _: True)
        >>> problem.matrix.shape[1] == len(problem.weights) == len(problem.directions)
        True

    .. versionadded:: 0.2
    """
    _whole(min_rows=min_rows, max_rows=max_rows, max_columns=max_columns)
    if not 1 <= min_rows <= max_rows:
        msg = Message(
            "expected 1 <= min_rows <= max_rows, got {low} and {high}",
            "应满足 1 <= min_rows <= max_rows，实为 {low} 与 {high}",
            low=min_rows,
            high=max_rows,
        )
        raise InvalidValueError(msg, path="min_rows")
    if max_columns < 1:
        msg = Message(
            "expected at least one column, got {count}", "应为至少 1 列，实为 {count}", count=max_columns
        )
        raise InvalidValueError(msg, path="max_columns")
    return _matrices(
        min_rows=min_rows,
        max_rows=max_rows,
        max_columns=max_columns,
        elements=_VALUES if elements is None else elements,
    )


def _split(parts: list[int]) -> list[Fraction]:
    total = sum(parts)
    return [Fraction(part, total) for part in parts]


@st.composite
def _systems(draw: st.DrawFn, *, max_groups: int, max_leaves: int) -> IndicatorSystem:
    shape = draw(st.lists(st.integers(1, max_leaves), min_size=1, max_size=max_groups))
    group_weights = _split(draw(st.lists(st.integers(1, 9), min_size=len(shape), max_size=len(shape))))
    groups = []
    for g, (size, weight) in enumerate(zip(shape, group_weights, strict=True)):
        leaf_weights = _split(draw(st.lists(st.integers(1, 9), min_size=size, max_size=size)))
        leaves = []
        for i, leaf_weight in enumerate(leaf_weights):
            normalization = draw(st.sampled_from(["minmax", "vector", "sum", "max", "target"]))
            leaves.append(
                Indicator(
                    id=f"{chr(ord('A') + g)}{i + 1}",
                    zh=serial("指标", g * 100 + i),
                    weight=leaf_weight,
                    direction=draw(st.sampled_from([1, -1])),
                    normalization=normalization,
                    target=draw(st.integers(1, 1000)) if normalization == "target" else None,
                )
            )
        groups.append(
            Indicator(id=chr(ord("A") + g), zh=serial("一级指标", g), weight=weight, children=leaves)
        )
    return IndicatorSystem(Indicator(id="root", zh="评价", children=groups))


def indicator_systems(*, max_groups: int = 4, max_leaves: int = 4) -> st.SearchStrategy[IndicatorSystem]:
    """Return a strategy for two-level indicator systems (评价指标体系) with exact weights.

    The root has up to *max_groups* first-level indicators ``A``, ``B``, ...; each has
    up to *max_leaves* leaves ``A1``, ``A2``, ... with any direction and normalisation
    (and a target where it is target-based). Weights are fractions summing to 1.

    Raises:
        InvalidValueError: a maximum is below one or *max_groups* above 26.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import indicator_systems
        >>> float(find(indicator_systems(), lambda _: True).leaf_weights.sum())
        1.0

    .. versionadded:: 0.2
    """
    _whole(max_groups=max_groups, max_leaves=max_leaves)
    if not 1 <= max_groups <= 26:
        msg = Message(
            "expected 1 to 26 groups, got {count}", "应为 1 到 26 个组，实为 {count}", count=repr(max_groups)
        )
        raise InvalidValueError(msg, path="max_groups")
    if max_leaves < 1:
        msg = Message(
            "expected at least one leaf, got {count}",
            "应为至少 1 个叶指标，实为 {count}",
            count=repr(max_leaves),
        )
        raise InvalidValueError(msg, path="max_leaves")
    return _systems(max_groups=max_groups, max_leaves=max_leaves)
