"""Roll-ups: any per-station or per-division figure reduced up the tree, on index arrays."""

from __future__ import annotations

import decimal
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from socialwork._optional import import_optional
from socialwork._tables import html_facts, html_table
from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.hierarchy._tree import Tree, TreeKind, _check_kind, _check_registry, levels_down, tree
from socialwork.model import KINDS, MONEY_CONTEXT, DivisionLevel, Registry, StationLevel

__all__ = ["Rollup", "rollup"]


class Rollup(Mapping[str, Any]):
    """The result of :func:`rollup`: each station's (or division's) figure reduced over its subtree.

    A read-only mapping from id to the reduced value (a Python ``int``, ``float``,
    ``bool`` or ``Decimal``), in registry order; ``array`` holds the same
    figures as a read-only array aligned with the positions of :attr:`tree`.

    Examples:
        >>> from socialwork.hierarchy import rollup
        >>> reg = sw.datasets.example()
        >>> up = rollup(reg, {"wh-c-jinli": 2, "wh-c-ximianqiao": 3, "wh-s-yulin": 1})
        >>> up["wh-s-jiangxi"], up["wh-hub"], up.at_level(sw.StationLevel.STREET)
        (5, 6, {'wh-s-jiangxi': 5, 'wh-s-yulin': 1})

    .. versionadded:: 0.2
    """

    __slots__ = ("array", "tree")

    tree: Tree
    array: npt.NDArray[Any]

    def __init__(self, found: Tree, array: npt.NDArray[Any]) -> None:
        self.tree = found
        self.array = array

    def __getitem__(self, entity_id: str) -> Any:
        value = self.array[self.tree.position(entity_id)]
        return value if self.array.dtype == object else value.item()

    def __iter__(self) -> Iterator[str]:
        return iter(self.tree.ids)

    def __len__(self) -> int:
        return len(self.tree.ids)

    def __repr__(self) -> str:
        return f"<Rollup of {len(self)} {self.tree.kind}>"

    def _levels(self) -> list[Any]:
        members = list(StationLevel if self.tree.kind == "stations" else DivisionLevel)
        return [members[i] if 0 <= i < len(members) else None for i in self.tree.level.tolist()]

    def to_frame(self) -> Any:
        """Return the figures as a pandas ``DataFrame`` indexed by id, in registry order (needs pandas).

        Columns: ``level``, a categorical over every :class:`~socialwork.StationLevel`
        (or :class:`~socialwork.DivisionLevel`) value; ``value``, the reduced figure
        with the dtype of ``array`` (``int64``, ``float64``, ``bool``, or
        ``object`` holding ``Decimal``).

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.hierarchy import rollup
            >>> reg = sw.datasets.example()
            >>> frame = rollup(reg, dict.fromkeys(reg.stations, 1)).to_frame()
            >>> frame.loc["wh-hub", "level"], int(frame.loc["wh-hub", "value"]), str(frame["value"].dtype)
            ('district', 7, 'int64')
            >>> frame.groupby("level", observed=False)["value"].max().to_dict()
            {'district': 7, 'street': 3, 'community': 1}

        .. versionadded:: 0.2
        """
        pd = import_optional("pandas", extra="pandas", purpose="Rollup.to_frame()")
        members = StationLevel if self.tree.kind == "stations" else DivisionLevel
        dtype = pd.CategoricalDtype([m.value for m in members])
        levels = pd.Categorical([None if m is None else m.value for m in self._levels()], dtype=dtype)
        index = pd.Index(list(self.tree.ids), name="id")
        value = pd.Series(self.array.copy(), index=index)
        return pd.DataFrame({"level": pd.Series(levels, index=index), "value": value})

    def _repr_html_(self) -> str:
        facts = [("kind", self.tree.kind), ("entities", len(self))]
        rows = zip(self.tree.ids, self._levels(), self.array.tolist(), strict=True)
        table = html_table("figures", ["id", "level", "value"], rows, total=len(self))
        return html_facts("Rollup", facts, table)

    def at_level(self, level: StationLevel | DivisionLevel, /) -> dict[str, Any]:
        """Return the figures of the stations (or divisions) that declare *level*, sorted by id.

        Examples:
            >>> from socialwork.hierarchy import rollup
            >>> reg = sw.datasets.example()
            >>> rollup(reg, dict.fromkeys(reg.stations, 1)).at_level(sw.StationLevel.DISTRICT)
            {'wh-hub': 7}
        """
        found = self.tree
        members = list(StationLevel if found.kind == "stations" else DivisionLevel)
        if level not in members:
            msg = Message(
                "expected a member of {type}, got {level}",
                "应为 {type} 的成员，实为 {level}",
                type=type(members[0]).__name__,
                level=repr(level),
            )
            raise InvalidValueError(msg, path="level")
        chosen = np.flatnonzero(found.level == members.index(level))
        chosen = chosen[np.argsort(found._memo["rank"][chosen])]  # by id, without comparing strings
        ids = found.ids
        return dict(zip([ids[i] for i in chosen.tolist()], self.array[chosen].tolist(), strict=True))


def rollup(
    registry: Registry,
    values: Mapping[str, Any] | npt.ArrayLike,
    /,
    *,
    kind: TreeKind = "stations",
    reducer: np.ufunc = np.add,
    fill: Any = None,
) -> Rollup:
    """Reduce a figure of each station (or division) over its subtree: social workers, person-times, money.

    Each entity's result is *reducer* applied to its own value and every value
    below it in the tree (:func:`tree`), so a hub's figure covers its streets and
    their community rooms. The reduction runs level by level on index arrays
    (``reducer.at``), linear in the number of entities.

    Args:
        registry: The registry.
        values: A mapping from id to figure (absent ids take *fill*), or a
            sequence or array with one figure per entity of *kind*, in registry
            order (as the scoring extractors return them). ``Decimal`` figures
            (money) are added exactly, in ``socialwork.model.MONEY_CONTEXT``.
        kind: ``"stations"`` (the default) or ``"divisions"``.
        reducer: An associative binary numpy ufunc: ``np.add`` (the default),
            ``np.maximum``, ``np.minimum``, ``np.logical_or``, ...
        fill: The value of ids absent from a mapping; by default the reducer's
            identity (0 for ``np.add``).

    Returns:
        A :class:`Rollup`, a mapping from id to the reduced figure.

    Raises:
        InvalidValueError: an id of *values* is not an entity of *kind*, an array
            has the wrong length or is not numeric, or *fill* is needed but the
            reducer has no identity.
        InvalidTypeError: *reducer* is not a binary ufunc.

    Examples:
        >>> from decimal import Decimal
        >>> import numpy as np
        >>> from socialwork.hierarchy import rollup
        >>> reg = sw.datasets.example()
        >>> workers = {s: len(reg.referrers("social_workers", "station_id", s)) for s in reg.stations}
        >>> rollup(reg, workers)["wh-hub"]
        4
        >>> area = rollup(reg, {"wh-hub": Decimal("1120"), "wh-s-yulin": Decimal("80.5")})
        >>> area["wh-hub"]
        Decimal('1200.5')
        >>> rollup(reg, {"wh-c-jinli": 5, "wh-s-yulin": 2}, reducer=np.maximum, fill=0)["wh-hub"]
        5
        >>> rollup(reg, {"510107015001": 30, "510107016002": 12}, kind="divisions")["510107"]
        42

    .. versionadded:: 0.2
    """
    _check_registry(registry)
    _check_kind(kind)
    if not isinstance(reducer, np.ufunc) or reducer.nin != 2 or reducer.nout != 1:
        msg = Message(
            "expected a binary numpy ufunc such as np.add or np.maximum, got {reducer}",
            "应为 np.add 或 np.maximum 这样的二元 numpy ufunc，实为 {reducer}",
            reducer=repr(reducer),
        )
        raise InvalidTypeError(msg, path="reducer")
    found = tree(registry, kind)
    acc = _as_array(found, values, reducer, fill)
    # Count True values as sum() does, rather than or-ing them.
    acc = acc.astype(np.int64) if acc.dtype == np.bool_ and reducer is np.add else acc.copy()
    parent = found.parent
    with decimal.localcontext(MONEY_CONTEXT):
        for nodes in reversed(levels_down(found)[1:]):  # the deepest first: children before parents
            reducer.at(acc, parent[nodes], acc[nodes])
    acc.flags.writeable = False
    return Rollup(found, acc)


def _as_array(found: Tree, values: object, reducer: np.ufunc, fill: Any) -> npt.NDArray[Any]:
    n = len(found)
    if isinstance(values, Mapping):
        items = list(values.items())
        positions = found._positions
        unknown = [key for key, _ in items if key not in positions]
        if unknown:
            kind = KINDS[found.kind]
            msg = Message(
                "unknown {kind} {id} ({count} unknown id(s))",
                "未知的{kind} {id}（共 {count} 个未知的 id）",
                kind=Message(kind.singular, kind.zh),
                id=repr(unknown[0]),
                count=len(unknown),
            )
            raise InvalidValueError(msg, path=f"values[{unknown[0]!r}]")
        if fill is None:
            fill = reducer.identity
            if fill is None and len(items) < n:  # a mapping's keys are distinct: some id is missing
                msg = Message(
                    "{reducer} has no identity: pass fill= for the ids that values leaves out",
                    "{reducer} 没有单位元：请用 fill= 给出 values 未列出的 id 的值",
                    reducer=reducer.__name__,
                )
                raise InvalidValueError(msg, path="fill")
        given = [value for _, value in items]
        extra = [] if fill is None else [fill]
        dtype = _dtype(given, extra)
        if dtype.kind == "O" and isinstance(fill, int) and not isinstance(fill, bool):
            fill = Decimal(fill)  # money stays Decimal where nothing was given
        array = np.full(n, 0 if fill is None else fill, dtype=dtype)
        if items:
            where = np.fromiter((positions[key] for key, _ in items), dtype=np.int64, count=len(items))
            array[where] = np.asarray(given, dtype=dtype)
        return array
    if isinstance(values, str | bytes):
        kind = KINDS[found.kind]
        msg = Message(
            "expected a mapping from id to figure or one figure per {kind}, got a string",
            "应为从 id 到数值的映射，或每个{kind}一个数值，实为字符串",
            kind=Message(kind.singular, kind.zh),
        )
        raise InvalidTypeError(msg, path="values")
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:
        msg = Message(
            "expected a mapping from id to figure or one figure per entity, got {type}",
            "应为从 id 到数值的映射，或每个实体一个数值，实为 {type}",
            type=type(values).__name__,
        )
        raise InvalidTypeError(msg, path="values") from error
    if array.ndim != 1 or len(array) != n:
        kind = KINDS[found.kind]
        msg = Message(
            "expected one figure for each of the {n} {kind} in registry order, got shape {shape}",
            "应按登记中的顺序为 {n} 个{kind}各给一个数值，实为形状 {shape}",
            n=n,
            kind=Message(kind.en, kind.zh),
            shape=str(array.shape),
        )
        raise InvalidValueError(msg, path="values")
    if array.dtype.kind not in "biuf" and not (array.dtype == object and _all_numbers(array.tolist())):
        msg = Message(
            "expected numbers, got an array of {dtype}", "应为数值，实为 {dtype} 数组", dtype=str(array.dtype)
        )
        raise InvalidValueError(msg, path="values")
    return array


def _all_numbers(items: list[Any]) -> bool:
    return all(isinstance(item, int | float | Decimal) for item in items)


def _dtype(given: list[Any], extra: list[Any]) -> Any:
    items = [*given, *extra]
    if not _all_numbers(items):
        bad = next(item for item in items if not isinstance(item, int | float | Decimal))
        msg = Message(
            "expected numbers (int, float or Decimal), got {type} {value}",
            "应为数值（int、float 或 Decimal），实为 {type} {value}",
            type=type(bad).__name__,
            value=repr(bad),
        )
        raise InvalidValueError(msg, path="values")
    if any(isinstance(item, Decimal) for item in items):
        return np.dtype(object)
    return np.asarray(items).dtype if items else np.dtype(np.int64)
