"""Hierarchical indicator systems (一级/二级/三级指标) and their evaluation."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs
import numpy as np

from socialwork.errors import (
    FieldError,
    IndicatorSystemError,
    InvalidTypeError,
    InvalidValueError,
    Message,
    Problem,
    UnknownIdError,
    excerpt,
)
from socialwork.model.validators import (
    check_id,
    check_str,
    check_text,
    instance_of,
    one_of,
    optional,
    to_tuple,
)
from socialwork.scoring._checks import Direction, FloatArray
from socialwork.scoring._normalize import NORMALIZATIONS

__all__ = ["Indicator", "IndicatorSystem"]


def _to_weight(value: Fraction | Decimal | int | str) -> Fraction:
    if isinstance(value, bool | float):
        msg = Message(
            "expected an exact weight (int, str such as '0.25' or '1/3', Decimal or Fraction), "
            "got {type} {value}; use exact_weights() for computed weights",
            "应为精确的权重（int、'0.25' 或 '1/3' 这样的 str、Decimal 或 Fraction），"
            "实为 {type} {value}；计算得出的权重请先用 exact_weights() 转换",
            type=type(value).__name__,
            value=repr(value),
        )
        raise InvalidTypeError(msg, path="weight")
    try:
        weight = Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):  # OverflowError: Decimal infinities
        msg = Message(
            "expected an exact weight such as '0.25' or '1/3', got {value}",
            "应为 '0.25' 或 '1/3' 这样的精确权重，实为 {value}",
            value=repr(value),
        )
        raise InvalidValueError(msg, path="weight") from None
    if weight < 0:
        msg = Message(
            "expected a weight of at least 0, got {value}", "权重应至少为 0，实为 {value}", value=repr(value)
        )
        raise InvalidValueError(msg, path="weight")
    return weight


def _to_direction(value: Direction | int) -> Direction:
    if isinstance(value, bool):
        msg = Message(
            "expected Direction.BENEFIT (1) or Direction.COST (-1), got bool {value}",
            "应为 Direction.BENEFIT（1）或 Direction.COST（-1），实为 bool {value}",
            value=repr(value),
        )
        raise InvalidTypeError(msg, path="direction")
    try:
        return Direction(value)
    except ValueError:
        msg = Message(
            "expected Direction.BENEFIT (1) or Direction.COST (-1), got {value}",
            "应为 Direction.BENEFIT（1）或 Direction.COST（-1），实为 {value}",
            value=repr(value),
        )
        raise InvalidValueError(msg, path="direction") from None


def _check_children(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    instance_of(tuple)(None, attr, value)
    assert isinstance(value, tuple)  # noqa: S101 - narrowed by the check above
    for position, child in enumerate(value):
        instance_of(Indicator)(None, f"{attr.name}[{position}]", child)


def _to_target(value: Decimal | int | float | str | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str | np.number):
        msg = Message(
            "expected a number, got {type} {value}",
            "应为数值，实为 {type} {value}",
            type=type(value).__name__,
            value=repr(value),
        )
        raise InvalidTypeError(msg, path="target")
    try:
        target = float(value)
    except (ValueError, OverflowError):  # OverflowError: an int past the floats
        target = math.nan
    if not math.isfinite(target):
        msg = Message(
            "expected a finite number, got {value}", "应为有限的数，实为 {value}", value=excerpt(value)
        )
        raise InvalidValueError(msg, path="target") from None
    return target


def _to_children(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return to_tuple(value)


@attrs.frozen(kw_only=True)
class Indicator:
    """One indicator (指标) of an evaluation system: a leaf that reads a value, or a group.

    A leaf has a *normalization* and reads its value from the column with its id
    (a values matrix or mapping) or through its *extractor* (a registry). A group
    has *children*, whose weights must sum to exactly 1; that is why weights are
    exact (``"0.3"``, ``"1/3"``, ``Fraction``, ``Decimal``), and floats are refused:
    :func:`exact_weights` turns computed weights into exact ones.

    Attributes:
        id: A unique id within the system, e.g. ``"A1.2"``.
        zh: The Chinese name, e.g. ``"督导人才"``.
        en: The English name.
        weight: The weight among its siblings, a ``Fraction``.
        direction: Benefit (more is better) or cost; leaves only.
        normalization: For a leaf, one of :data:`~socialwork.scoring.NORMALIZATIONS`.
        target: The target of a ``"target"`` normalisation.
        extractor: For a leaf evaluated on a registry, the extractor's name.
        children: The indicators below it, in order.

    Raises:
        InvalidTypeError: a field of the wrong type (a float weight, a bool
            direction, a child that is not an :class:`Indicator`), named in ``path``.
        InvalidValueError: a field that breaks its rule (an id with surrounding
            spaces, an unknown normalisation, a negative weight), named in ``path``.

    Examples:
        >>> from socialwork.scoring import Indicator
        >>> Indicator(id="A1", zh="持证社工", weight="0.4", normalization="minmax").weight
        Fraction(2, 5)
        >>> Indicator(id="A1", weight=0.4)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidTypeError: weight: expected an exact weight ...

    .. versionchanged:: 0.2
       Fields are checked with :mod:`socialwork.model.validators`: *id* must be
       printable text without surrounding spaces, *zh*, *en* and *extractor* must
       be text, a child that is not an :class:`Indicator` is reported at
       ``children[i]``, and a ``bool`` direction is refused.
    """

    id: str = attrs.field(validator=check_id)
    zh: str = attrs.field(default="", validator=check_str)
    en: str = attrs.field(default="", validator=check_str)
    weight: Fraction = attrs.field(default=Fraction(1), converter=_to_weight)
    direction: Direction = attrs.field(default=Direction.BENEFIT, converter=_to_direction)
    normalization: str | None = attrs.field(default=None, validator=optional(one_of(NORMALIZATIONS)))
    target: float | None = attrs.field(default=None, converter=_to_target)
    extractor: str | None = attrs.field(default=None, validator=optional(check_text))
    children: tuple[Indicator, ...] = attrs.field(
        default=(), converter=_to_children, validator=_check_children
    )

    @property
    def is_leaf(self) -> bool:
        """Whether the indicator has no children and so reads a value."""
        return not self.children

    @property
    def name(self) -> str:
        """The Chinese name, or the English one, or the id."""
        return self.zh or self.en or self.id


MAX_DEPTH: Final = 32
"""The deepest an indicator tree may be: policy systems have three or four levels."""


def _walk(
    node: Indicator, path: str, level: int, *, max_depth: int | None = None
) -> Iterator[tuple[Indicator, str, int]]:
    # Pre-order, with a stack of its own: a tree a thousand levels deep is no RecursionError.
    stack = [(node, path, level)]
    while stack:
        current, where, depth = stack.pop()
        yield current, where, depth
        if max_depth is not None and depth >= max_depth:
            continue
        stack.extend(
            (child, f"{where}.children[{position}]", depth + 1)
            for position, child in reversed(list(enumerate(current.children)))
        )


def _problems(root: Indicator) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for node, path, level in _walk(root, "root", 0, max_depth=MAX_DEPTH):
        if level == MAX_DEPTH and node.children:
            msg = Message(
                "the tree is deeper than {depth} levels below the root; an indicator system has a few",
                "指标树在根以下超过 {depth} 层；指标体系通常只有几层",
                depth=MAX_DEPTH,
            )
            problems.append(Problem(f"{path}.children", msg))
            continue
        if node.id in seen:
            msg = Message(
                "duplicate id {id}, already used at {where}",
                "重复的 id {id}，已用于 {where}",
                id=repr(node.id),
                where=seen[node.id],
            )
            problems.append(Problem(f"{path}.id", msg))
        else:
            seen[node.id] = path
        if node.children:
            total = sum((child.weight for child in node.children), Fraction(0))
            if total != 1:
                msg = Message(
                    "the weights of the children of {id} sum to {total}, expected exactly 1",
                    "{id} 的子指标权重之和为 {total}，应恰好为 1",
                    id=repr(node.id),
                    total=str(total),
                )
                problems.append(Problem(f"{path}.children", msg))
            for field in ("normalization", "target", "extractor"):
                if getattr(node, field) is not None:
                    msg = Message(
                        "{id} has children, so it takes no {field} (it adds up its children)",
                        "{id} 有子指标，因此不设 {field}（它由子指标加总而得）",
                        id=repr(node.id),
                        field=field,
                    )
                    problems.append(Problem(f"{path}.{field}", msg))
        elif level == 0:
            msg = Message(
                "the root {id} needs children: the indicators it adds up",
                "根指标 {id} 需要子指标：即由它加总的那些指标",
                id=repr(node.id),
            )
            problems.append(Problem(path, msg))
        else:
            if node.normalization is None:
                msg = Message(
                    "the leaf {id} needs a normalization, one of {known}",
                    "末级指标 {id} 需要归一化方法，应为 {known} 之一",
                    id=repr(node.id),
                    known=", ".join(NORMALIZATIONS),
                )
                problems.append(Problem(f"{path}.normalization", msg))
            target = node.target
            if node.normalization == "target" and (target is None or not np.isfinite(target) or target <= 0):
                msg = Message(
                    "the leaf {id} uses target-based normalisation and needs a target above 0",
                    "末级指标 {id} 按目标归一化，需要大于 0 的目标",
                    id=repr(node.id),
                )
                problems.append(Problem(f"{path}.target", msg))
    return problems


def _cannot_reweight(parent_id: str) -> Message:
    return Message(
        "cannot reweight the children of {id}", "无法重新设定 {id} 的子指标权重", id=repr(parent_id)
    )


@attrs.frozen
class IndicatorSystem:
    """An evaluation indicator system (评价指标体系): a tree of weighted indicators.

    The root stands for the whole evaluation; its children are the first-level
    indicators (一级指标), theirs the second level, and so on. Building a system
    checks, and reports all at once: unique ids, children's weights summing to
    exactly 1 at every node, a normalisation on every leaf (and a target where it
    is target-based), and nothing of the kind on groups.

    Attributes:
        root: The root indicator.
        leaves: The leaves in depth-first order: the columns of a values matrix.
        leaf_weights: Each leaf's global weight, the product of the weights on its
            path, as floats summing to 1 (read-only array).

    Raises:
        IndicatorSystemError: the root is not an :class:`Indicator`, or the tree
            breaks one of the rules above.

    Examples:
        >>> from socialwork.scoring import Indicator, IndicatorSystem
        >>> system = IndicatorSystem(Indicator(id="brand", zh="品牌社会组织", children=[
        ...     Indicator(id="A", zh="队伍建设", weight="0.6", children=[
        ...         Indicator(id="A1", zh="持证社工", weight="0.5", normalization="minmax"),
        ...         Indicator(id="A2", zh="督导人才", weight="0.5", normalization="minmax")]),
        ...     Indicator(id="B", zh="服务成效", weight="0.4", children=[
        ...         Indicator(id="B1", zh="服务人次", normalization="minmax")])]))
        >>> system.leaf_ids, system.leaf_weights.round(2)
        (('A1', 'A2', 'B1'), array([0.3, 0.3, 0.4]))

    .. versionchanged:: 0.2
       A root that is not an :class:`Indicator` raises
       :class:`~socialwork.errors.IndicatorSystemError`, not ``InvalidTypeError``.
    """

    root: Indicator = attrs.field()
    leaves: tuple[Indicator, ...] = attrs.field(init=False, eq=False, repr=False)
    leaf_weights: FloatArray = attrs.field(init=False, eq=False, repr=False)
    _nodes: dict[str, tuple[Indicator, int, tuple[int, ...]]] = attrs.field(init=False, eq=False, repr=False)
    _exact: dict[str, Fraction] = attrs.field(init=False, eq=False, repr=False)

    @root.validator
    def _check_root(self, _attr: attrs.Attribute[Any], root: object) -> None:
        try:
            instance_of(Indicator)(None, "root", root)
        except FieldError as error:
            summary = Message("cannot build an indicator system", "无法建立指标体系")
            raise IndicatorSystemError(summary, error.problems) from None
        assert isinstance(root, Indicator)  # noqa: S101 - narrowed by the check above
        problems = _problems(root)
        if problems:
            summary = Message(
                "cannot build the indicator system {id}", "无法建立指标体系 {id}", id=repr(root.id)
            )
            raise IndicatorSystemError(summary, problems)

    def __attrs_post_init__(self) -> None:
        leaves: list[Indicator] = []
        nodes: dict[str, tuple[Indicator, int, tuple[int, ...]]] = {}
        exact: dict[str, Fraction] = {}
        stack: list[tuple[Indicator, int, Fraction]] = [(self.root, 0, Fraction(1))]
        order: list[tuple[Indicator, int, Fraction]] = []
        while stack:
            node, level, weight = stack.pop()
            order.append((node, level, weight))
            stack.extend((child, level + 1, weight * child.weight) for child in reversed(node.children))
        for node, _level, weight in order:
            exact[node.id] = weight
            if node.is_leaf:
                leaves.append(node)
        position = {leaf.id: j for j, leaf in enumerate(leaves)}
        for node, level, _weight in order:
            under = tuple(position[n.id] for n, _, _ in _walk(node, "", 0) if n.is_leaf)
            nodes[node.id] = (node, level, under)
        weights = np.array([float(exact[leaf.id]) for leaf in leaves])
        weights.flags.writeable = False
        object.__setattr__(self, "leaves", tuple(leaves))
        object.__setattr__(self, "leaf_weights", weights)
        object.__setattr__(self, "_nodes", nodes)
        object.__setattr__(self, "_exact", exact)

    @property
    def leaf_ids(self) -> tuple[str, ...]:
        """The ids of the leaves, in column order."""
        return tuple(leaf.id for leaf in self.leaves)

    @property
    def directions(self) -> tuple[int, ...]:
        """Each leaf's direction, 1 or -1, in column order."""
        return tuple(int(leaf.direction) for leaf in self.leaves)

    def indicators(self) -> tuple[Indicator, ...]:
        """Return every indicator, the root first, in depth-first order.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem
            >>> [i.id for i in IndicatorSystem(Indicator(id="r", children=[
            ...     Indicator(id="x", normalization="max")])).indicators()]
            ['r', 'x']
        """
        return tuple(node for node, _, _ in self._nodes.values())

    def find(self, indicator_id: str, /) -> Indicator:
        """Return the indicator with *indicator_id*.

        Raises:
            UnknownIdError: the system has no such indicator.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem
            >>> tiny = IndicatorSystem(Indicator(id="r", children=[Indicator(id="x", normalization="max")]))
            >>> tiny.find("x").id
            'x'
        """
        return self._node(indicator_id)[0]

    def level(self, indicator_id: str, /) -> int:
        """Return the depth of *indicator_id*: 0 for the root, 1 for a first-level indicator.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem
            >>> tiny = IndicatorSystem(Indicator(id="r", children=[Indicator(id="x", normalization="max")]))
            >>> tiny.level("x")
            1
        """
        return self._node(indicator_id)[1]

    def global_weight(self, indicator_id: str, /) -> Fraction:
        """Return the product of the weights from the root down to *indicator_id*, exactly.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem
            >>> s = IndicatorSystem(Indicator(id="r", children=[
            ...     Indicator(id="a", weight="1/3", children=[
            ...         Indicator(id="a1", weight="1/2", normalization="max"),
            ...         Indicator(id="a2", weight="1/2", normalization="max")]),
            ...     Indicator(id="b", weight="2/3", normalization="max")]))
            >>> s.global_weight("a1")
            Fraction(1, 6)
        """
        self._node(indicator_id)
        return self._exact[indicator_id]

    def leaf_positions(self, indicator_id: str, /) -> tuple[int, ...]:
        """Return the columns of the leaves at or below *indicator_id*.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem
            >>> tiny = IndicatorSystem(Indicator(id="r", children=[Indicator(id="x", normalization="max")]))
            >>> tiny.leaf_positions("r")
            (0,)
        """
        return self._node(indicator_id)[2]

    def reweighted(
        self, parent_id: str, weights: Mapping[str, Fraction | Decimal | int | str], /
    ) -> IndicatorSystem:
        """Return a new system in which the children of *parent_id* have *weights*.

        Args:
            parent_id: The group whose children are reweighted.
            weights: The new exact weight of each child, by id; e.g. from
                ``exact_weights(ahp_weights(...).weights)``.

        Raises:
            UnknownIdError: no such indicator, or a weight for an id that is not a child.
            IndicatorSystemError: *weights* is not a mapping, a weight is not exact
                (a float) or negative, or the new weights do not sum to exactly 1.

        .. versionchanged:: 0.2
           A bad weight raises :class:`~socialwork.errors.IndicatorSystemError`
           naming ``weights['x']``, not :class:`~socialwork.errors.InvalidTypeError`.

        Examples:
            >>> from socialwork.scoring import Indicator, IndicatorSystem
            >>> s = IndicatorSystem(Indicator(id="r", children=[
            ...     Indicator(id="x", weight="0.5", normalization="max"),
            ...     Indicator(id="y", weight="0.5", normalization="max")]))
            >>> s.reweighted("r", {"x": "0.7", "y": "0.3"}).leaf_weights
            array([0.7, 0.3])
        """
        parent = self.find(parent_id)
        given: object = weights  # callers may pass anything
        if not isinstance(given, Mapping):
            summary = _cannot_reweight(parent_id)
            msg = Message(
                "expected a mapping of child id to weight, got {type}",
                "应为子指标 id 到权重的映射，实为 {type}",
                type=type(weights).__name__,
            )
            problem = Problem("weights", msg)
            raise IndicatorSystemError(summary, [problem])
        child_ids = {child.id for child in parent.children}
        unknown = sorted(map(repr, set(weights) - child_ids))
        if unknown:
            msg = Message(
                "{unknown} not among the children of {id}",
                "{unknown} 不是 {id} 的子指标",
                unknown=", ".join(unknown),
                id=repr(parent_id),
            )
            raise UnknownIdError(msg)
        problems: list[Problem] = []
        for child_id, weight in weights.items():
            try:
                _to_weight(weight)
            except FieldError as error:
                problems.extend(Problem(f"weights[{child_id!r}]", p.message) for p in error.problems)
        if problems:
            summary = _cannot_reweight(parent_id)
            raise IndicatorSystemError(summary, problems)

        def rebuild(node: Indicator) -> Indicator:
            children = tuple(rebuild(child) for child in node.children)
            if node.id == parent_id:
                children = tuple(
                    attrs.evolve(child, weight=weights.get(child.id, child.weight)) for child in children
                )
            return attrs.evolve(node, children=children)

        return IndicatorSystem(rebuild(self.root))

    def _node(self, indicator_id: str) -> tuple[Indicator, int, tuple[int, ...]]:
        try:
            return self._nodes[indicator_id]
        except (KeyError, TypeError):  # an unhashable key is no id either
            msg = Message(
                "unknown indicator {id} in the system {system}",
                "指标体系 {system} 中未知的指标 {id}",
                id=excerpt(indicator_id),
                system=repr(self.root.id),
            )
            raise UnknownIdError(msg) from None
