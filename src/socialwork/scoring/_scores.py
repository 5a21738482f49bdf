"""Evaluation of an indicator system: scores with each indicator's contribution."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, Literal

import attrs
import numpy as np

from socialwork._tables import Columns, html_facts, html_table, make_frame, short_items
from socialwork.errors import IndicatorSystemError, InvalidValueError, Message, Problem, UnknownIdError
from socialwork.model import Registry
from socialwork.model.validators import instance_of, one_of
from socialwork.scoring._aggregate import closeness
from socialwork.scoring._checks import FloatArray, as_matrix, raises
from socialwork.scoring._extractors import extract
from socialwork.scoring._normalize import apply, plan, scaled
from socialwork.scoring._system import Indicator, IndicatorSystem

__all__ = ["Explanation", "Line", "Scores", "evaluate"]


@attrs.frozen
class Line:
    """One line of an explanation: an indicator's part in one entity's score.

    Attributes:
        indicator_id: The indicator.
        name: Its name.
        level: Its depth (1 for a first-level indicator).
        weight: Its exact weight among its siblings.
        global_weight: Its weight in the whole system.
        normalized: A leaf's normalised value, in [0, 1]; ``None`` for a group.
        contribution: Weighted sum: what it adds to the total. TOPSIS: its
            weighted normalised value (a group's: the sum over its leaves).
        to_ideal: TOPSIS only: squared distance to the ideal (added up for a group).
        to_anti_ideal: TOPSIS only: squared distance to the anti-ideal.
        zh: The indicator's Chinese name, if it has one.
        en: The indicator's English name, if it has one.

    .. versionchanged:: 0.2
       ``zh`` and ``en`` were added, so that an explanation names the indicator in either language.
    """

    indicator_id: str
    name: str
    level: int
    weight: Fraction
    global_weight: float
    normalized: float | None
    contribution: float
    to_ideal: float | None = None
    to_anti_ideal: float | None = None
    zh: str = ""
    en: str = ""

    def describe(self) -> Message:
        """Return the line in words: indicator, weight, value and what it adds, in English and Chinese.

        Examples:
            >>> from fractions import Fraction
            >>> from socialwork.scoring import Line
            >>> line = Line("x", "持证社工", 1, Fraction(1, 2), 0.5, 0.5, 0.25, zh="持证社工", en="certified")
            >>> print(line.describe())
              x certified  weight 1/2  value 0.5000  -> 0.2500
            >>> print(line.describe().zh)
              x 持证社工  权重 1/2  数值 0.5000  -> 0.2500

        .. versionadded:: 0.2
        """
        value = ""
        if self.normalized is not None:
            value = Message("  value {value}", "  数值 {value}", value=f"{self.normalized:.4f}")
        return Message(
            "{indent}{id} {name}  weight {weight}{value}  -> {contribution}",
            "{indent}{id} {name}  权重 {weight}{value}  -> {contribution}",
            indent="  " * self.level,
            id=self.indicator_id,
            name=Message.literal(self.en or self.zh or self.name, self.zh or self.en or self.name),
            weight=self.weight,
            value=value,
            contribution=f"{self.contribution:.4f}",
        )


@attrs.frozen
class Explanation:
    """How one entity's score comes about, indicator by indicator.

    Attributes:
        entity: The entity's id (or its row number as a string).
        method: ``"weighted_sum"`` or ``"topsis"``.
        total: The score.
        lines: One line per indicator below the root, depth first.
    """

    entity: str
    method: str
    total: float
    lines: tuple[Line, ...]

    def describe(self) -> Message:
        """Return the explanation in words, a line per indicator: a Message that knows its Chinese.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem, evaluate
            >>> system = IndicatorSystem(Indicator(id="r", children=[
            ...     Indicator(id="x", zh="持证社工", en="certified", weight="0.5", normalization="max"),
            ...     Indicator(id="y", zh="服务人次", en="person-times", weight="0.5", normalization="max")]))
            >>> scores = evaluate(system, {"s1": {"x": 1, "y": 4}, "s2": {"x": 2, "y": 2}})
            >>> print(scores.explain("s1").describe().zh)
            s1：0.7500（加权求和）
              x 持证社工  权重 1/2  数值 0.5000  -> 0.2500
              y 服务人次  权重 1/2  数值 1.0000  -> 0.5000

        .. versionadded:: 0.2
        """
        method = _METHODS.get(self.method) or Message.literal(self.method, self.method)
        head = Message(
            "{entity}: {total} ({method})",
            "{entity}：{total}（{method}）",
            entity=self.entity,
            total=f"{self.total:.4f}",
            method=method,
        )
        return Message.joined("\n", "\n", [head, *(line.describe() for line in self.lines)])

    def __str__(self) -> str:
        return self.describe()


_METHODS: Final = {
    "weighted_sum": Message("weighted_sum", "加权求和"),
    "topsis": Message("topsis", "TOPSIS 法"),
}


@attrs.frozen(eq=False, repr=False)
class Scores:
    """The result of :func:`evaluate`: a score per entity, explainable line by line.

    Attributes:
        system: The indicator system evaluated.
        method: ``"weighted_sum"`` or ``"topsis"``.
        entities: The entities' ids, one per row; ``None`` for a plain matrix
            evaluated without ids (rows are then named by their number).
        total: One score per entity, in [0, 1] (read-only array).
        contributions: One row per entity and one column per leaf (read-only).
            Weighted sum: the leaf's global weight times its normalised value, so
            each row adds up to ``total``. TOPSIS: the weighted normalised values.
        ideal: TOPSIS only: each leaf's ideal weighted value.
        anti_ideal: TOPSIS only: each leaf's anti-ideal weighted value.

    Examples:
        >>> from socialwork.scoring import Indicator, IndicatorSystem, evaluate
        >>> system = IndicatorSystem(Indicator(id="r", children=[Indicator(id="x", normalization="max")]))
        >>> evaluate(system, {"s1": {"x": 2}, "s2": {"x": 4}})
        Scores(weighted_sum, 2 entities, 1 leaf indicator(s), best ['s2'] 1.0000, mean 0.7500)

    .. versionchanged:: 0.2
       Its ``repr`` is short however many entities it holds; :meth:`to_frame`
       and a notebook view of the best entities were added.
    """

    system: IndicatorSystem
    method: str
    entities: tuple[str, ...] | None
    total: FloatArray
    contributions: FloatArray
    ideal: FloatArray | None = None
    anti_ideal: FloatArray | None = None

    def __len__(self) -> int:
        return int(self.total.shape[0])

    def ranks(self) -> np.ndarray[Any, np.dtype[np.int64]]:
        """Return each entity's competition rank, aligned with the rows: 1 for the best.

        Equal scores share the best of their places (1, 2, 2, 4), as sports tables do.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem, evaluate
            >>> system = IndicatorSystem(Indicator(id="r", children=[Indicator(id="x", normalization="max")]))
            >>> evaluate(system, [[2], [4], [2]]).ranks().tolist()
            [2, 1, 2]

        .. versionadded:: 0.2
        """
        ordered = np.sort(self.total)
        above = len(self) - np.searchsorted(ordered, self.total, side="right")
        result: np.ndarray[Any, np.dtype[np.int64]] = (above + 1).astype(np.int64)
        return result

    def _columns(self) -> Columns:
        columns: dict[str, str] = {"entity": "text", "score": "float", "rank": "int"}
        for leaf in self.system.leaf_ids:
            columns[leaf if leaf not in columns else f"{leaf}_contribution"] = "float"
        return columns

    def _rows(self, order: Sequence[int] | None = None) -> Any:
        ids, totals, ranks = self._ids(), self.total.tolist(), self.ranks().tolist()
        contributions = self.contributions.tolist()
        for row in range(len(self)) if order is None else order:
            yield (ids[row], totals[row], ranks[row], *contributions[row])

    def to_frame(self) -> Any:
        """Return the scores as a pandas ``DataFrame`` indexed by ``entity``, in row order (needs pandas).

        Columns: ``score``; ``rank`` (the competition rank of :meth:`ranks`);
        then one column per leaf indicator, named by its id (``<id>_contribution``
        for a leaf called ``score`` or ``rank``), holding its :attr:`contributions`.
        Sort by rank with ``frame.sort_values("rank")``.

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.scoring import Indicator, IndicatorSystem, evaluate
            >>> system = IndicatorSystem(Indicator(id="r", children=[
            ...     Indicator(id="x", weight="0.5", normalization="max"),
            ...     Indicator(id="y", weight="0.5", normalization="max")]))
            >>> evaluate(system, {"s1": {"x": 1, "y": 4}, "s2": {"x": 2, "y": 2}}).to_frame()
                    score  rank     x     y
            entity
            s1       0.75     1  0.25  0.50
            s2       0.75     1  0.50  0.25

        .. versionadded:: 0.2
        """
        return make_frame(self._columns(), self._rows(), purpose="Scores.to_frame()", index="entity")

    def __repr__(self) -> str:
        if not len(self):
            return f"Scores({self.method}, 0 entities)"
        best = int(np.argmax(self.total))
        return (
            f"Scores({self.method}, {len(self)} entities, {len(self.system.leaf_ids)} leaf indicator(s), "
            f"best {short_items([self._ids()[best]])} {self.total[best]:.4f}, mean {self.total.mean():.4f})"
        )

    def _repr_html_(self) -> str:
        facts = [
            ("method", self.method),
            ("entities", len(self)),
            ("leaf indicators", len(self.system.leaf_ids)),
        ]
        order = np.lexsort((np.arange(len(self)), -self.total))[:20].tolist()
        table = html_table("the best", list(self._columns()), self._rows(order), total=len(self))
        return html_facts("Scores", facts, table)

    def as_dict(self) -> dict[str, float]:
        """Return each entity's score by id (row numbers as strings without ids).

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem, evaluate
            >>> system = IndicatorSystem(Indicator(id="r", children=[Indicator(id="x", normalization="max")]))
            >>> evaluate(system, {"s1": {"x": 2}, "s2": {"x": 4}}).as_dict()
            {'s1': 0.5, 's2': 1.0}
        """
        return dict(zip(self._ids(), self.total.tolist(), strict=True))

    def contribution(self, indicator_id: str, /) -> FloatArray:
        """Return what *indicator_id* (a leaf or a group) adds to each entity's score.

        For TOPSIS, the sum of the weighted normalised values of its leaves.

        Raises:
            UnknownIdError: the system has no such indicator.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem, evaluate
            >>> system = IndicatorSystem(Indicator(id="r", children=[
            ...     Indicator(id="x", weight="0.5", normalization="max"),
            ...     Indicator(id="y", weight="0.5", normalization="max")]))
            >>> evaluate(system, [[1, 2], [2, 2]]).contribution("x")
            array([0.25, 0.5 ])
        """
        columns = list(self.system.leaf_positions(indicator_id))
        result: FloatArray = self.contributions[:, columns].sum(axis=1)
        return result

    def explain(self, entity: str | int, /) -> Explanation:
        """Return the line-by-line explanation of one entity's score.

        Args:
            entity: The entity's id, or its row number.

        Raises:
            UnknownIdError: no such entity.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem, evaluate
            >>> system = IndicatorSystem(Indicator(id="r", children=[
            ...     Indicator(id="x", zh="持证社工", weight="0.5", normalization="max"),
            ...     Indicator(id="y", zh="服务人次", weight="0.5", normalization="max")]))
            >>> print(evaluate(system, {"s1": {"x": 1, "y": 4}, "s2": {"x": 2, "y": 2}}).explain("s1"))
            s1: 0.7500 (weighted_sum)
              x 持证社工  weight 1/2  value 0.5000  -> 0.2500
              y 服务人次  weight 1/2  value 1.0000  -> 0.5000
        """
        row = self._row(entity)
        values = self.contributions[row]
        gaps: tuple[FloatArray, FloatArray] | None = None
        if self.ideal is not None and self.anti_ideal is not None:
            gaps = ((values - self.ideal) ** 2, (values - self.anti_ideal) ** 2)
        lines = []
        system = self.system
        below_root: tuple[Indicator, ...] = system.indicators()[1:]
        for node in below_root:
            columns = list(system.leaf_positions(node.id))
            weight = system.global_weight(node.id)
            normalized = None
            if node.is_leaf:
                normalized = float(values[columns[0]] / float(weight)) if weight else 0.0
            lines.append(
                Line(
                    indicator_id=node.id,
                    name=node.name,
                    zh=node.zh,
                    en=node.en,
                    level=system.level(node.id),
                    weight=node.weight,
                    global_weight=float(weight),
                    normalized=normalized,
                    contribution=float(values[columns].sum()),
                    to_ideal=None if gaps is None else float(gaps[0][columns].sum()),
                    to_anti_ideal=None if gaps is None else float(gaps[1][columns].sum()),
                )
            )
        return Explanation(self._ids()[row], self.method, float(self.total[row]), tuple(lines))

    def _ids(self) -> tuple[str, ...]:
        return self.entities if self.entities is not None else tuple(map(str, range(len(self))))

    def _row(self, entity: str | int) -> int:
        if isinstance(entity, int) and not isinstance(entity, bool):
            if 0 <= entity < len(self):
                return entity
            msg = Message(
                "row {row} is out of range for {count} entities",
                "行号 {row} 超出范围：只有 {count} 个评价对象",
                row=entity,
                count=len(self),
            )
            raise UnknownIdError(msg)
        try:
            return self._ids().index(str(entity))
        except ValueError:
            msg = Message("unknown entity {entity}", "未知的评价对象 {entity}", entity=repr(entity))
            raise UnknownIdError(msg) from None


def _from_mapping(
    system: IndicatorSystem, values: Mapping[str, Mapping[str, Any]]
) -> tuple[FloatArray, tuple[str, ...]]:
    ids = tuple(values)
    leaf_ids = system.leaf_ids
    matrix = np.empty((len(ids), len(leaf_ids)))
    problems = []
    for i, entity in enumerate(ids):
        row: object = values[entity]
        if not isinstance(row, Mapping):
            msg = Message(
                "expected a mapping of leaf id to value, got {type}",
                "应为末级指标 id 到值的映射，实为 {type}",
                type=type(row).__name__,
            )
            problems.append(Problem(f"values[{entity!r}]", msg))
            continue
        missing = [leaf for leaf in leaf_ids if leaf not in row]
        if missing:
            msg = Message(
                "no value for {missing}", "缺少 {missing} 的值", missing=", ".join(map(repr, missing))
            )
            problems.append(Problem(f"values[{entity!r}]", msg))
            continue
        try:
            matrix[i] = [float(row[leaf]) for leaf in leaf_ids]
        except (TypeError, ValueError) as error:
            msg = Message("expected numbers: {error}", "应为数值：{error}", error=str(error))
            problems.append(Problem(f"values[{entity!r}]", msg))
            continue
        bad = [repr(leaf) for leaf, value in zip(leaf_ids, matrix[i], strict=True) if not np.isfinite(value)]
        if bad:
            msg = Message(
                "expected finite numbers, got NaN or infinity for {bad}",
                "应为有限的数，{bad} 的值为 NaN 或无穷大",
                bad=", ".join(bad),
            )
            problems.append(Problem(f"values[{entity!r}]", msg))
    if problems:
        summary = Message("cannot read the indicator values", "无法读取指标值")
        raise IndicatorSystemError(summary, problems)
    return matrix, ids


def _entity_ids(entities: object) -> tuple[str, ...]:
    if isinstance(entities, str) or not isinstance(entities, Sequence):
        msg = Message(
            "expected a sequence of ids, one per row, got {type} {value}",
            "应为 id 的序列，每行一个，实为 {type} {value}",
            type=type(entities).__name__,
            value=repr(entities),
        )
        raise InvalidValueError(msg, path="entities")
    ids = tuple(entities)
    for position, entity in enumerate(ids):
        instance_of(str)(None, f"entities[{position}]", entity)
    return ids


@raises(Message("cannot evaluate the indicator system", "无法按指标体系评价"))
def evaluate(
    system: IndicatorSystem,
    values: Any,
    /,
    *,
    method: Literal["weighted_sum", "topsis"] = "weighted_sum",
    entities: Sequence[str] | None = None,
    extractors: Mapping[str, Any] | None = None,
) -> Scores:
    """Score every entity on *system*: weighted sum up the tree, or TOPSIS on the leaves.

    Each leaf's column is normalised by its own method and direction, and weighed
    by its global weight (the product of the weights on its path), so a weighted
    sum up the tree equals the flat weighted sum over the leaves; TOPSIS uses the
    same weighted normalised matrix.

    Args:
        system: The indicator system.
        values: The leaves' raw values: a matrix (rows are entities, columns the
            leaves in :attr:`IndicatorSystem.leaf_ids` order); a mapping from entity id
            to a mapping from leaf id to value; or a :class:`~socialwork.Registry`,
            read through each leaf's extractor (:func:`extract`).
        method: ``"weighted_sum"`` (the default) or ``"topsis"``.
        entities: With a matrix, the ids of its rows.
        extractors: With a registry, extractors to use instead of the registered ones.

    Returns:
        The :class:`Scores`, with each indicator's contribution.

    Raises:
        ScoringError: *system* is not an :class:`IndicatorSystem`; a malformed
            matrix, no entities, a wrong number of columns or ids, an unknown method
            (each problem's ``path`` names the argument).
        IndicatorSystemError: a mapping lacks values, or holds non-numbers.
        UnknownIdError: a leaf names an extractor that is not registered.

    Examples:
        >>> from socialwork.scoring import Indicator, IndicatorSystem, evaluate
        >>> system = IndicatorSystem(Indicator(id="r", children=[
        ...     Indicator(id="workers", weight="0.5", normalization="minmax", extractor="station.workers"),
        ...     Indicator(id="supervisors", weight="0.5", normalization="minmax",
        ...               extractor="station.supervisors")]))
        >>> scores = evaluate(system, sw.datasets.example())
        >>> max(scores.as_dict(), key=scores.as_dict().get)
        'wh-hub'

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised
       ``InvalidValueError``; no entities (``evaluate(system, {})``), a wrong-typed
       *system* or *entities*, and NaN in a mapping are reported instead of
       failing inside numpy or attribute access.
    """
    instance_of(IndicatorSystem)(None, "system", system)
    one_of(("weighted_sum", "topsis"))(None, "method", method)
    ids: tuple[str, ...] | None
    if isinstance(values, Registry):
        extracted = extract(
            values, [leaf.extractor or leaf.id for leaf in system.leaves], extractors=extractors
        )
        matrix, ids = extracted.values, extracted.entity_ids
    elif isinstance(values, Mapping):
        matrix, ids = _from_mapping(system, values)
    else:
        matrix = as_matrix(values, field="values")
        ids = None
    if matrix.shape[0] == 0:
        msg = Message(
            "expected the values of at least one entity, got none", "应至少有一个评价对象的值，实为没有"
        )
        raise InvalidValueError(msg, path="values")
    if matrix.shape[1] != len(system.leaves):
        msg = Message(
            "expected {count} columns, one per leaf {leaves}, got {got}",
            "应为 {count} 列，每个末级指标 {leaves} 一列，实为 {got} 列",
            count=len(system.leaves),
            leaves=str(system.leaf_ids),
            got=matrix.shape[1],
        )
        raise InvalidValueError(msg, path="values")
    if entities is not None:
        ids = _entity_ids(entities)
        if len(ids) != matrix.shape[0]:
            msg = Message(
                "expected {count} entity ids, one per row, got {got}",
                "应为 {count} 个评价对象 id，每行一个，实为 {got} 个",
                count=matrix.shape[0],
                got=len(ids),
            )
            raise InvalidValueError(msg, path="entities")
    leaves = system.leaves
    names = tuple(leaf.normalization or "" for leaf in leaves)
    signs = np.array([float(leaf.direction) for leaf in leaves])
    targets = [leaf.target or 0.0 for leaf in leaves]
    matrix = scaled(matrix, names)  # exactly, as prepare() does: 1e308 and subnormals work too
    how = plan(matrix, names, signs, targets)
    weighted = apply(matrix, how, system.leaf_weights)
    weighted.flags.writeable = False
    if method == "weighted_sum":
        total = weighted.sum(axis=1)
        total.flags.writeable = False
        return Scores(system, method, ids, total, weighted)
    ideal, anti = weighted.max(axis=0), weighted.min(axis=0)
    total = closeness(weighted, ideal, anti)
    for array in (total, ideal, anti):
        array.flags.writeable = False
    return Scores(system, method, ids, total, weighted, ideal, anti)
