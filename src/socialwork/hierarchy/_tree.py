"""The one definition of containment: the division and station trees as index arrays."""

from __future__ import annotations

import itertools
import operator
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from socialwork._bulk import gc_paused
from socialwork.errors import InvalidTypeError, InvalidValueError, Message, UnknownIdError, excerpt
from socialwork.model import KINDS, DivisionLevel, Registry, StationLevel

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "PARENT_FIELDS",
    "Tree",
    "TreeKind",
    "ancestor_at_level",
    "ancestors",
    "children",
    "depth",
    "is_within",
    "level",
    "lowest_common_ancestor",
    "parent",
    "station_tree",
    "subtree",
    "tree",
]

IntArray = npt.NDArray[np.int64]
TreeKind = Literal["divisions", "stations"]

PARENT_FIELDS: Final[Mapping[str, str]] = {"divisions": "parent_code", "stations": "parent_id"}
"""The field that links an entity of each tree kind to its parent: the two trees of the hierarchy."""


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.flags.writeable = False
    return array


@attrs.frozen(eq=False, repr=False)
class Tree:
    """The parent links of the divisions or of the stations of a registry, as index arrays.

    Position *i* is the *i*-th entity of the kind in registry order
    (``list(registry.stations)[i]``), the order the scoring extractors use too. The
    tree is derived from the registry, never stored in it: :func:`tree` builds it
    once per registry and kind, in time linear in the number of entities, and keeps
    it while the registry lives.

    A registry may hold parent links that close a cycle (``a`` under ``b`` under
    ``a``); the rules report those. The tree cuts each such cycle at its member with
    the smallest id, which becomes a root and is listed in :attr:`cut`, so every
    walk ends and every function of :mod:`socialwork.hierarchy` answers. Level
    skips (a community room right under a district hub) are kept as they are.

    Attributes:
        kind: ``"divisions"`` or ``"stations"``.
        ids: The ids (division codes) in registry order.
        parent: The position of each entity's parent, ``-1`` for a root.
        depth: The number of links between each entity and its root.
        order: The positions in pre-order: roots sorted by id, each entity before
            its children, siblings sorted by id.
        start: Where each entity stands in :attr:`order`; its subtree is
            ``order[start[i] : start[i] + size[i]]``.
        size: The number of entities in each entity's subtree, itself included.
        level: The level each entity declares, as the position of the member in
            its enumeration (:class:`~socialwork.StationLevel` or
            :class:`~socialwork.DivisionLevel`): 0 for a district hub or a province.
        cut: The ids whose parent link closed a cycle and was cut, sorted.

    Examples:
        >>> from socialwork.hierarchy import tree
        >>> reg = sw.datasets.example()
        >>> stations = tree(reg, "stations")
        >>> hub = stations.position("wh-hub")
        >>> int(stations.size[hub]), stations.roots()
        (7, ('wh-hub',))

    .. versionadded:: 0.2
    """

    kind: str
    ids: tuple[str, ...]
    parent: IntArray
    depth: IntArray
    order: IntArray
    start: IntArray
    size: IntArray
    level: npt.NDArray[np.int8]
    cut: tuple[str, ...]
    _positions: dict[str, int] = attrs.field(alias="positions")
    _memo: dict[str, Any] = attrs.field(factory=dict, alias="memo")

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"<Tree of {len(self.ids)} {self.kind}, {len(self.roots())} root(s)>"

    def _position_of(self, value: object, name: str) -> int:
        # The one check of every method that takes positions: a whole number in range(len(self)).
        at = _whole_number(value, name)
        if not 0 <= at < len(self.ids):
            msg = Message(
                "expected a position from 0 to {last}, got {value}",
                "应为 0 到 {last} 之间的位置，实为 {value}",
                last=len(self.ids) - 1,
                value=excerpt(value),
            )
            raise InvalidValueError(msg, path=name)
        return at

    def position(self, entity_id: str, /) -> int:
        """Return the position of *entity_id* in :attr:`ids`.

        Raises:
            UnknownIdError: the tree holds no such id.

        Examples:
            >>> from socialwork.hierarchy import tree
            >>> tree(sw.datasets.example(), "divisions").position("510000")
            0
        """
        try:
            return self._positions[entity_id]
        except (KeyError, TypeError):
            kind = KINDS[self.kind]
            msg = Message(
                "unknown {kind} {id}",
                "未知的{kind} {id}",
                kind=Message(kind.singular, kind.zh),
                id=repr(entity_id),
            )
            raise UnknownIdError(msg) from None

    def given_parents(self) -> IntArray:
        """Return each position's parent as the data give it: :attr:`parent` with the cut links kept.

        Where no parent link closes a cycle (:attr:`cut` is empty) it is
        :attr:`parent` itself. Rules that report cycles read the links as given.

        Examples:
            >>> from socialwork.hierarchy import tree
            >>> import attrs
            >>> reg = sw.datasets.example()
            >>> looped = reg.replace([attrs.evolve(reg.stations["wh-hub"], parent_id="wh-c-ximianqiao")])
            >>> t = tree(looped, "stations")
            >>> room = t.position("wh-c-ximianqiao")  # the smallest id of the cycle: cut there
            >>> t.cut, int(t.parent[room]), t.ids[t.given_parents()[room]]
            (('wh-c-ximianqiao',), -1, 'wh-s-jiangxi')

        .. versionadded:: 0.2
        """
        given: IntArray = self._memo["given_parents"]
        return given

    def roots(self) -> tuple[str, ...]:
        """Return the ids of the roots (no parent, or a cut link), sorted.

        Examples:
            >>> from socialwork.hierarchy import tree
            >>> tree(sw.datasets.example(), "divisions").roots()
            ('510000',)
        """
        ids = self.ids
        return tuple(sorted(ids[i] for i in np.flatnonzero(self.parent < 0).tolist()))

    def subtree_positions(self, position: int, /) -> IntArray:
        """Return the positions of the subtree at *position*, itself first, in pre-order.

        Examples:
            >>> from socialwork.hierarchy import tree
            >>> t = tree(sw.datasets.example(), "stations")
            >>> [t.ids[i] for i in t.subtree_positions(t.position("wh-s-yulin"))]
            ['wh-s-yulin', 'wh-c-nijiaqiao', 'wh-c-yulinbeilu']
        """
        at = self._position_of(position, "position")
        begin = int(self.start[at])
        return self.order[begin : begin + int(self.size[at])]

    def contains(self, ancestor: int, position: int, /) -> bool:
        """Return whether *position* is *ancestor* or lies below it (positions, O(1)).

        Examples:
            >>> from socialwork.hierarchy import tree
            >>> t = tree(sw.datasets.example(), "stations")
            >>> t.contains(t.position("wh-hub"), t.position("wh-c-jinli"))
            True
        """
        above = self._position_of(ancestor, "ancestor")
        at = self._position_of(position, "position")
        begin = self.start[above]
        return bool(begin <= self.start[at] < begin + self.size[above])

    def ancestor_at_depth(self, target: int, /) -> IntArray:
        """Return, for every position, its ancestor-or-self at depth *target* (``-1`` if shallower).

        Examples:
            >>> from socialwork.hierarchy import tree
            >>> t = tree(sw.datasets.example(), "stations")
            >>> {t.ids[i]: t.ids[j] for i, j in enumerate(t.ancestor_at_depth(1)) if j >= 0}["wh-c-jinli"]
            'wh-s-jiangxi'
        """
        target = _whole_number(target, "target")
        found = np.full(len(self.ids), -1, dtype=np.int64)
        levels = levels_down(self)
        if 0 <= target < len(levels):
            found[levels[target]] = levels[target]
            for nodes in levels[target + 1 :]:  # parents are set before their children
                found[nodes] = found[self.parent[nodes]]
        return found

    def nearest(self, mark: npt.ArrayLike, /) -> IntArray:
        """Return, for every position, its nearest marked ancestor-or-self (``-1`` if none).

        *mark* is one boolean per position, e.g. ``tree.level == 1`` for street stations.

        Examples:
            >>> from socialwork.hierarchy import tree
            >>> t = tree(sw.datasets.example(), "divisions")
            >>> streets = t.nearest(t.level == list(sw.DivisionLevel).index(sw.DivisionLevel.STREET))
            >>> t.ids[streets[t.position("510107015001")]]
            '510107015'
        """
        try:
            marked = np.asarray(mark, dtype=bool)
        except (TypeError, ValueError):  # ragged lists, objects numpy cannot read
            marked = np.asarray(None)
        if marked.shape != (len(self.ids),):
            msg = Message(
                "expected one boolean per position ({n}), got shape {shape}",
                "应为每个位置一个布尔值（{n} 个），实为形状 {shape}",
                n=len(self.ids),
                shape=str(marked.shape),
            )
            raise InvalidValueError(msg, path="mark")
        found = np.where(marked, np.arange(len(self.ids), dtype=np.int64), -1)
        parent = self.parent
        for nodes in levels_down(self)[1:]:  # parents are settled before their children
            inherit = nodes[found[nodes] < 0]
            found[inherit] = found[parent[inherit]]
        return found

    def to_networkx(self) -> nx.DiGraph[str]:
        """Return the tree as a networkx ``DiGraph``: an edge from each parent to each child.

        With one root it is an arborescence (``nx.is_arborescence``); with several
        it is a branching, one arborescence per root.

        Examples:
            >>> import networkx as nx
            >>> from socialwork.hierarchy import tree
            >>> nx.is_arborescence(tree(sw.datasets.example(), "stations").to_networkx())
            True
        """
        import networkx as nx  # noqa: PLC0415 - imported only when a graph is asked for

        graph: nx.DiGraph[str] = nx.DiGraph()
        ids = self.ids
        graph.add_nodes_from(ids[i] for i in self.order.tolist())
        parents = self.parent.tolist()
        graph.add_edges_from((ids[parents[i]], ids[i]) for i in self.order.tolist() if parents[i] >= 0)
        return graph


def levels_down(found: Tree, /) -> list[IntArray]:
    """Return the positions of *found* depth by depth: roots first, each group in pre-order."""
    levels: list[IntArray] | None = found._memo.get("levels")
    if levels is None:
        depth = found.depth[found.order]
        by_depth = found.order[np.argsort(depth, kind="stable")]
        bounds = np.cumsum(np.bincount(depth))[:-1] if len(depth) else np.array([], dtype=np.int64)
        levels = [_readonly(part) for part in np.split(by_depth, bounds)] if len(depth) else []
        found._memo["levels"] = levels
    return levels


_TREES: dict[tuple[int, str], tuple[weakref.ref[Registry], Tree]] = {}


def _whole_number(value: object, name: str) -> int:
    # A Python or numpy integer, not a bool; anything else is the caller's type error.
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        msg = Message("expected a whole number, got {value}", "应为整数，实为 {value}", value=excerpt(value))
        raise InvalidTypeError(msg, path=name)
    return int(value)


def _check_registry(registry: object) -> Registry:
    if not isinstance(registry, Registry):
        msg = Message(
            "expected a Registry, got {type}", "应为 Registry，实为 {type}", type=type(registry).__name__
        )
        raise InvalidTypeError(msg, path="registry")
    return registry


def _check_kind(kind: object) -> TreeKind:
    if not isinstance(kind, str) or kind not in PARENT_FIELDS:
        msg = Message(
            "expected 'divisions' or 'stations', got {kind}",
            "应为 'divisions' 或 'stations'，实为 {kind}",
            kind=excerpt(kind),
        )
        raise InvalidValueError(msg, path="kind")
    return kind  # type: ignore[return-value]


def tree(registry: Registry, kind: TreeKind = "stations", /) -> Tree:
    """Return the tree of the divisions or of the stations of *registry*, built once and kept.

    Divisions hang from their ``parent_code``, stations from their ``parent_id``:
    this is the one definition of containment that the analyses use. The tree is
    kept (weakly) with the registry, so later calls cost a dictionary look-up.

    Raises:
        InvalidTypeError: *registry* is not a registry.
        InvalidValueError: *kind* is neither ``"divisions"`` nor ``"stations"``.

    Examples:
        >>> from socialwork.hierarchy import tree
        >>> reg = sw.datasets.example()
        >>> tree(reg, "stations") is tree(reg, "stations")
        True
        >>> len(tree(reg, "divisions"))
        9

    .. versionadded:: 0.2
    """
    _check_registry(registry)
    _check_kind(kind)
    key = (id(registry), kind)
    hit = _TREES.get(key)
    if hit is not None and hit[0]() is registry:
        return hit[1]
    with gc_paused():
        built = _build(registry, kind)

    def forget(_ref: weakref.ref[Registry], trees: dict[Any, Any] = _TREES) -> None:
        trees.pop(key, None)  # bound early: at exit the module's globals may be gone

    _TREES[key] = (weakref.ref(registry, forget), built)
    return built


def _build(registry: Registry, kind: str) -> Tree:
    field = PARENT_FIELDS[kind]
    entities: Mapping[str, Any] = getattr(registry, kind)
    ids = tuple(entities.keys())
    n = len(ids)
    positions = dict(zip(ids, range(n), strict=True))
    # The only passes in Python: ids, parents and levels; the rest runs on numpy arrays.
    parent = np.fromiter(
        map(positions.get, map(operator.attrgetter(field), entities.values()), itertools.repeat(-1)),
        dtype=np.int64,
        count=n,
    )
    rank = np.empty(n, dtype=np.int64)
    rank[np.fromiter(sorted(range(n), key=ids.__getitem__), dtype=np.int64, count=n)] = np.arange(n)
    # Keyed by identity: an enum member's own __hash__ is a Python call per entity.
    numbers = {
        id(member): i for i, member in enumerate(StationLevel if kind == "stations" else DivisionLevel)
    }
    level = np.fromiter(
        map(numbers.__getitem__, map(id, map(_LEVEL, entities.values()))), dtype=np.int8, count=n
    )
    links = _Links(parent, rank)
    cut: list[int] = []
    given: IntArray | None = None
    if links.reached < n:  # parent links close a cycle: cut each at its smallest id, then again
        seen = bytearray(n)
        for nodes in links.levels:
            for i in nodes.tolist():
                seen[i] = 1
        cut = _cycle_cuts(parent.tolist(), seen, ids)
        given = _readonly(parent.copy())
        parent[cut] = -1
        links = _Links(parent, rank)
    found = Tree(
        kind=kind,
        ids=ids,
        parent=_readonly(parent),
        depth=_readonly(links.depth),
        order=_readonly(links.order),
        start=_readonly(links.start),
        size=_readonly(links.size),
        level=_readonly(level),
        cut=tuple(sorted(ids[i] for i in cut)),
        positions=positions,
    )
    found._memo["given_parents"] = found.parent if given is None else given
    found._memo["levels"] = [_readonly(nodes) for nodes in links.levels]
    found._memo["rank"] = _readonly(rank)  # each position's place in id order
    found._memo["children"] = (links.children, links.offsets)
    return found


_LEVEL = operator.attrgetter("level")


class _Links:
    """Depths, pre-order and subtree sizes from parent positions, level by level on arrays."""

    def __init__(self, parent: IntArray, rank: IntArray) -> None:
        n = len(parent)
        by_parent = np.lexsort((rank, parent))  # roots (-1) first, then grouped by parent, by id
        roots = int(np.count_nonzero(parent < 0))
        self.children = _readonly(by_parent[roots:])
        counts = np.bincount(parent[parent >= 0], minlength=n)
        self.offsets = _readonly(np.concatenate(([0], np.cumsum(counts))).astype(np.int64))
        levels = [by_parent[:roots]]
        while True:  # breadth first: each level in pre-order, siblings by id
            frontier = levels[-1]
            many = counts[frontier]
            total = int(many.sum())
            if total == 0:
                break
            begin = np.repeat(self.offsets[frontier] - (np.cumsum(many) - many), many)
            levels.append(self.children[begin + np.arange(total)])
        self.levels = levels
        self.reached = sum(len(nodes) for nodes in levels)
        depth = np.zeros(n, dtype=np.int64)
        for d, nodes in enumerate(levels):
            depth[nodes] = d
        size = np.ones(n, dtype=np.int64)
        for nodes in reversed(levels[1:]):
            np.add.at(size, parent[nodes], size[nodes])
        start = np.zeros(n, dtype=np.int64)
        first = levels[0]
        start[first] = np.cumsum(size[first]) - size[first]
        for nodes in levels[1:]:
            # A child starts after its parent and the subtrees of its elder siblings.
            sizes = size[nodes]
            before = np.cumsum(sizes) - sizes
            up = parent[nodes]
            new_group = np.ones(len(nodes), dtype=bool)
            new_group[1:] = up[1:] != up[:-1]
            group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(nodes)), 0))
            start[nodes] = start[up] + 1 + before - before[group_start]
        order = np.empty(n, dtype=np.int64)
        reached = np.concatenate(levels) if levels else np.empty(0, dtype=np.int64)
        order[start[reached]] = reached
        self.depth, self.size, self.start, self.order = depth, size, start, order


def _cycle_cuts(parent: list[int], seen: bytearray, ids: tuple[str, ...]) -> list[int]:
    """Return, for every cycle among the entities not reached from a root, its member with the smallest id."""
    mark = [0] * len(parent)  # 0: not walked, k: walked from the k-th start
    cuts: list[int] = []
    for begin, reached in enumerate(seen):
        if reached or mark[begin]:
            continue
        walk_id = begin + 1
        node = begin
        while node >= 0 and not seen[node] and not mark[node]:
            mark[node] = walk_id
            node = parent[node]
        if node >= 0 and mark[node] == walk_id:  # came back into this walk: a new cycle
            members = [node]
            other = parent[node]
            while other != node:
                members.append(other)
                other = parent[other]
            cuts.append(min(members, key=ids.__getitem__))
    return cuts


def _locate(registry: Registry, entity_id: str, path: str = "entity_id") -> tuple[Tree, int]:
    _check_registry(registry)
    given: object = entity_id  # callers outside the type checker may pass anything
    if not isinstance(given, str):
        msg = Message(
            "expected a station id or a division code, got {type} {value}",
            "应为社工站 id 或区划代码，实为 {type} {value}",
            type=type(given).__name__,
            value=repr(given),
        )
        raise InvalidTypeError(msg, path=path)
    kind = registry.kind_of(entity_id)
    if kind not in PARENT_FIELDS:
        found_kind = KINDS[kind]
        msg = Message(
            "expected a station id or a division code, got {kind} {id}",
            "应为社工站 id 或区划代码，实为{kind} {id}",
            kind=Message(found_kind.singular, found_kind.zh),
            id=repr(entity_id),
        )
        raise InvalidValueError(msg, path=path)
    found = tree(registry, kind)  # type: ignore[arg-type]
    return found, found.position(entity_id)


def parent(registry: Registry, entity_id: str, /) -> str | None:
    """Return the id of the station or division right above *entity_id*, or ``None`` at a root.

    Raises:
        UnknownIdError: *registry* holds no such id.
        InvalidValueError: *entity_id* is neither a station nor a division.

    Examples:
        >>> from socialwork.hierarchy import parent
        >>> reg = sw.datasets.example()
        >>> parent(reg, "wh-c-jinli"), parent(reg, "510107015"), parent(reg, "wh-hub")
        ('wh-s-jiangxi', '510107', None)

    .. versionadded:: 0.2
    """
    found, i = _locate(registry, entity_id)
    up = int(found.parent[i])
    return None if up < 0 else found.ids[up]


def children(registry: Registry, entity_id: str, /) -> tuple[str, ...]:
    """Return the ids of the stations or divisions right below *entity_id*, sorted.

    Raises:
        UnknownIdError: *registry* holds no such id.
        InvalidValueError: *entity_id* is neither a station nor a division.

    Examples:
        >>> from socialwork.hierarchy import children
        >>> children(sw.datasets.example(), "510107")
        ('510107015', '510107016')

    .. versionadded:: 0.2
    """
    found, i = _locate(registry, entity_id)
    below, offsets = found._memo["children"]
    ids = found.ids
    return tuple(ids[j] for j in below[offsets[i] : offsets[i + 1]].tolist())


def ancestors(registry: Registry, entity_id: str, /) -> tuple[str, ...]:
    """Return the ids above *entity_id*, nearest first, up to its root.

    Raises:
        UnknownIdError: *registry* holds no such id.
        InvalidValueError: *entity_id* is neither a station nor a division.

    Examples:
        >>> from socialwork.hierarchy import ancestors
        >>> reg = sw.datasets.example()
        >>> ancestors(reg, "wh-c-jinli")
        ('wh-s-jiangxi', 'wh-hub')
        >>> ancestors(reg, "510107015001")
        ('510107015', '510107', '510100', '510000')

    .. versionadded:: 0.2
    """
    found, i = _locate(registry, entity_id)
    return tuple(found.ids[j] for j in _chain(found, i)[1:])


def _chain(found: Tree, i: int) -> list[int]:
    up = found.parent
    chain = [i]
    node = int(up[i])
    while node >= 0:  # the tree has no cycle: cut links end every walk
        chain.append(node)
        node = int(up[node])
    return chain


def subtree(registry: Registry, entity_id: str, /) -> tuple[str, ...]:
    """Return *entity_id* and every id below it, in pre-order (each before its children, siblings by id).

    Raises:
        UnknownIdError: *registry* holds no such id.
        InvalidValueError: *entity_id* is neither a station nor a division.

    Examples:
        >>> from socialwork.hierarchy import subtree
        >>> subtree(sw.datasets.example(), "wh-s-jiangxi")
        ('wh-s-jiangxi', 'wh-c-jinli', 'wh-c-ximianqiao')

    .. versionadded:: 0.2
    """
    found, i = _locate(registry, entity_id)
    ids = found.ids
    return tuple(ids[j] for j in found.subtree_positions(i).tolist())


def depth(registry: Registry, entity_id: str, /) -> int:
    """Return how many links lie between *entity_id* and its root (0 for a root).

    Raises:
        UnknownIdError: *registry* holds no such id.
        InvalidValueError: *entity_id* is neither a station nor a division.

    Examples:
        >>> from socialwork.hierarchy import depth
        >>> reg = sw.datasets.example()
        >>> depth(reg, "wh-hub"), depth(reg, "wh-c-jinli"), depth(reg, "510107015001")
        (0, 2, 4)

    .. versionadded:: 0.2
    """
    found, i = _locate(registry, entity_id)
    return int(found.depth[i])


def level(registry: Registry, entity_id: str, /) -> StationLevel | DivisionLevel:
    """Return the level a station or division declares (``StationLevel`` or ``DivisionLevel``).

    The declared level and the place in the tree (:func:`depth`) agree in a
    well-formed registry; the rules report where they do not.

    Raises:
        UnknownIdError: *registry* holds no such id.
        InvalidValueError: *entity_id* is neither a station nor a division.

    Examples:
        >>> from socialwork.hierarchy import level
        >>> reg = sw.datasets.example()
        >>> level(reg, "wh-s-yulin").zh, level(reg, "510107015").zh
        ('街道社工站', '街道乡镇')

    .. versionadded:: 0.2
    """
    _locate(registry, entity_id)
    entity: Any = registry.get(entity_id)
    return entity.level  # type: ignore[no-any-return]


def is_within(registry: Registry, entity_id: str, ancestor: str, /) -> bool:
    """Return whether *entity_id* is *ancestor* or lies below it: the one test of containment.

    Both are stations or both divisions; a station is never within a division
    (ask about its ``division_id``). The answer costs O(1) once the tree is built.

    Raises:
        UnknownIdError: *registry* holds no such id.
        InvalidValueError: an id is neither a station nor a division.

    Examples:
        >>> from socialwork.hierarchy import is_within
        >>> reg = sw.datasets.example()
        >>> is_within(reg, "510107015001", "510100"), is_within(reg, "510107015001", "510107016")
        (True, False)
        >>> is_within(reg, "wh-c-jinli", "wh-c-jinli"), is_within(reg, "wh-c-jinli", "510107")
        (True, False)

    .. versionadded:: 0.2
    """
    found, i = _locate(registry, entity_id)
    other, j = _locate(registry, ancestor, "ancestor")
    return other is found and found.contains(j, i)


def lowest_common_ancestor(registry: Registry, first: str, second: str, /) -> str | None:
    """Return the deepest station or division that both *first* and *second* are within, if any.

    Either may be the answer itself (a community's street is the lowest common
    ancestor of the two); ``None`` when they lie in different trees or kinds.

    Raises:
        UnknownIdError: *registry* holds no such id.
        InvalidValueError: an id is neither a station nor a division.

    Examples:
        >>> from socialwork.hierarchy import lowest_common_ancestor
        >>> reg = sw.datasets.example()
        >>> lowest_common_ancestor(reg, "510107015001", "510107015002")
        '510107015'
        >>> lowest_common_ancestor(reg, "510107015001", "510107016001")
        '510107'
        >>> lowest_common_ancestor(reg, "wh-hub", "510107") is None
        True

    .. versionadded:: 0.2
    """
    found, i = _locate(registry, first, "first")
    other, j = _locate(registry, second, "second")
    if other is not found:
        return None
    up = found.parent
    di, dj = int(found.depth[i]), int(found.depth[j])
    while di > dj:
        i, di = int(up[i]), di - 1
    while dj > di:
        j, dj = int(up[j]), dj - 1
    while i != j and i >= 0:
        i, j = int(up[i]), int(up[j])
    return None if i < 0 else found.ids[i]


def ancestor_at_level(registry: Registry, level: StationLevel | DivisionLevel, /) -> dict[str, str]:
    """Map every station (or division) to the nearest one of *level* that it lies within, itself included.

    A ``StationLevel`` asks about stations, a ``DivisionLevel`` about divisions;
    entities with no such ancestor (those above *level*, or in a tree without one)
    are left out. Read from the tree's arrays: linear in the number of entities.

    Raises:
        InvalidTypeError: *level* is neither a station nor a division level.

    Examples:
        >>> from socialwork.hierarchy import ancestor_at_level
        >>> reg = sw.datasets.example()
        >>> ancestor_at_level(reg, sw.DivisionLevel.STREET)["510107015002"]
        '510107015'
        >>> ancestor_at_level(reg, sw.StationLevel.DISTRICT)["wh-c-jinli"]
        'wh-hub'
    """
    _check_registry(registry)
    given: object = level  # callers outside the type checker may pass anything
    if isinstance(given, StationLevel):
        found, number = tree(registry, "stations"), list(StationLevel).index(given)
    elif isinstance(given, DivisionLevel):
        found, number = tree(registry, "divisions"), list(DivisionLevel).index(given)
    else:
        msg = Message(
            "expected a StationLevel or a DivisionLevel, got {level}",
            "应为 StationLevel 或 DivisionLevel，实为 {level}",
            level=repr(given),
        )
        raise InvalidTypeError(msg, path="level")
    nearest = found.nearest(found.level == number).tolist()
    ids = found.ids
    return {ids[i]: ids[j] for i, j in enumerate(nearest) if j >= 0}


def station_tree(registry: Registry, /) -> nx.DiGraph[str]:
    """Return the station hierarchy (三级联动) as a networkx ``DiGraph``, parent to child.

    Every station is a node and every link of the tree an edge from the station
    above to the one below. A registry with one district hub gives an
    arborescence (``nx.is_arborescence`` holds); with several hubs, a branching
    (``nx.is_branching``), one arborescence per hub. Cut cycles (see :class:`Tree`)
    are left out as edges.

    Examples:
        >>> import networkx as nx
        >>> from socialwork.hierarchy import station_tree
        >>> t = station_tree(sw.datasets.example())
        >>> nx.is_arborescence(t), sorted(t.successors("wh-hub"))
        (True, ['wh-s-jiangxi', 'wh-s-yulin'])

    .. versionadded:: 0.2
    """
    return tree(registry, "stations").to_networkx()
