"""The station tree (三级联动), laid out in layers and coloured by coverage."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import attrs

from socialwork.errors import InvalidValueError, Message
from socialwork.hierarchy import coverage, subtree, tree
from socialwork.model import DivisionCode, DivisionLevel, Registry, StationLevel
from socialwork.model.validators import check_str, instance_of, optional
from socialwork.plots._fonts import Words, check_ax, finish, new_axes, root_figure, words

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["MAX_TREE_NODES", "station_tree"]

MAX_TREE_NODES: Final = 1500
"""The most nodes (stations and uncovered divisions) :func:`station_tree` draws in one figure."""

COVERED: Final = "#2a9d8f"
PARTIAL: Final = "#e9c46a"
UNCOVERED: Final = "#e76f51"

_WANTED: Final[Mapping[DivisionLevel, StationLevel]] = {
    DivisionLevel.DISTRICT: StationLevel.DISTRICT,
    DivisionLevel.STREET: StationLevel.STREET,
    DivisionLevel.COMMUNITY: StationLevel.COMMUNITY,
}


@attrs.frozen
class Node:
    """One node of the drawn tree: a station, or a division that no station of its level serves."""

    key: str
    label: str
    category: str  # "covered", "partial" or "uncovered"
    parent: str | None


def _nodes(registry: Registry, district_id: str | None, lang: Words) -> tuple[list[Node], float]:
    found = coverage(registry)
    if district_id is None:
        in_scope = None
        ratio = found.ratio
    else:
        in_scope = set(subtree(registry, district_id))
        share = found.by_district.get(DivisionCode(district_id))
        ratio = 1.0 if share is None else share.ratio
    stations = tree(registry, "stations")
    chosen = [
        station
        for station in registry.stations.values()
        if in_scope is None or station.division_id in in_scope
    ]
    uncovered = [code for code in found.uncovered if in_scope is None or code in in_scope]
    if len(chosen) + len(uncovered) > MAX_TREE_NODES:
        msg = Message(
            "the tree has {count} stations and uncovered divisions, more than "
            "{limit} can be drawn in one figure; choose one district with district_id",
            "树中有 {count} 个社工站和未覆盖的行政区划，一张图至多画 {limit} 个；"
            "请用 district_id 选定一个区县",
            count=len(chosen) + len(uncovered),
            limit=MAX_TREE_NODES,
        )
        raise InvalidValueError(msg, path="district_id")
    chosen_ids = {station.id for station in chosen}
    # Which station serves each division at the division's own level (the smallest id if several).
    serving: dict[str, str] = {}
    for station in sorted(chosen, key=lambda s: s.id):
        division = registry.divisions.get(station.division_id)
        if division is not None and _WANTED.get(division.level) is station.level:
            serving.setdefault(division.code, station.id)
    missing = set(uncovered)
    # A station is partly covered when a division it serves has an uncovered division below it.
    partial: set[str] = set()
    for code in uncovered:
        for above in _ancestors(registry, code):
            if above in serving:
                partial.add(serving[above])
    nodes: list[Node] = []
    for station in chosen:
        up = stations.parent[stations.position(station.id)]
        parent = stations.ids[up] if up >= 0 and stations.ids[up] in chosen_ids else None
        label = station.name if lang.lang == "zh" else station.id
        nodes.append(Node(station.id, label, "partial" if station.id in partial else "covered", parent))
    for code in uncovered:
        parent = None
        for above in _ancestors(registry, code):
            if above in missing:
                parent = f"division:{above}"
                break
            if above in serving:
                parent = serving[above]
                break
        division = registry.divisions[code]
        label = lang.pick(f"{division.name}（未覆盖）", f"{code} (uncovered)")
        nodes.append(Node(f"division:{code}", label, "uncovered", parent))
    return nodes, ratio


def _ancestors(registry: Registry, code: str) -> tuple[str, ...]:
    parents = []
    division = registry.divisions.get(code)
    seen = {code}
    while division is not None and division.parent_code is not None and division.parent_code not in seen:
        seen.add(division.parent_code)
        parents.append(division.parent_code)
        division = registry.divisions.get(division.parent_code)
    return tuple(parents)


def layout(nodes: list[Node]) -> dict[str, tuple[float, float]]:
    """Return each node's (depth, row): leaves on consecutive rows, parents centred on their children.

    Roots and siblings are sorted by key; the walk is iterative, so any depth is fine.
    """
    children: dict[str | None, list[str]] = {}
    keys = {node.key for node in nodes}
    for node in nodes:
        parent = node.parent if node.parent in keys else None
        children.setdefault(parent, []).append(node.key)
    for kids in children.values():
        kids.sort(key=lambda key: (key.startswith("division:"), key))
    place: dict[str, tuple[float, float]] = {}
    row = 0.0
    # Post-order walk: (key, depth, expanded?)
    stack: list[tuple[str, int, bool]] = [(key, 0, False) for key in reversed(children.get(None, []))]
    while stack:
        key, level, expanded = stack.pop()
        kids = children.get(key, [])
        if not kids:
            place[key] = (float(level), row)
            row += 1
        elif expanded:
            rows = [place[kid][1] for kid in kids]
            place[key] = (float(level), (rows[0] + rows[-1]) / 2)
        else:
            stack.append((key, level, True))
            stack.extend((kid, level + 1, False) for kid in reversed(kids))
    return place


def station_tree(
    registry: Registry,
    /,
    *,
    district_id: str | None = None,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Figure:
    """Draw the station tree: district hub → street stations → community rooms, coloured by coverage.

    Each station is a node, linked to the station above it; each street or
    community division that no station of its level serves (not covered, 未覆盖)
    is a node too, in red, under the station of the division above it. Stations
    are green when every division below theirs is covered, yellow when some is
    not. The layout is layered: one column per level of the tree, the leaves on
    consecutive rows, each parent centred on its children.

    Args:
        registry: The registry.
        district_id: Draw only the stations and divisions within this district
            (its division code); the whole registry by default.
        lang: ``"zh"`` for Chinese labels (station and division names), ``"en"``
            for English ones (ids and codes). Without a CJK font, ``"zh"`` draws
            English labels and issues one :class:`~socialwork.errors.FontWarning`.
        ax: A matplotlib Axes to draw into; a new figure by default.

    Returns:
        The matplotlib figure. Its collections have the ``gid`` ``"stations-covered"``,
        ``"stations-partial"``, ``"uncovered"`` (the nodes) and ``"links"``.

    Raises:
        InvalidTypeError: an argument of the wrong type (the error's path names it).
        UnknownIdError: *district_id* is not a division of *registry*.
        InvalidValueError: *district_id* is not a district; or the tree has more
            than :data:`MAX_TREE_NODES` nodes (choose a district).
        MissingDependencyError: matplotlib is not installed (``pip install 'socialwork[plot]'``).

    Examples:
        >>> import matplotlib  # the plot extra: without it, the example is skipped
        >>> from socialwork.plots import station_tree
        >>> registry = sw.datasets.example()
        >>> figure = station_tree(registry, lang="en")
        >>> drawn = {c.get_gid(): len(c.get_offsets()) for c in figure.axes[0].collections}
        >>> drawn["stations-covered"] + drawn["stations-partial"] == len(registry.stations)
        True
        >>> smaller = registry.remove(["wh-c-ximianqiao"])
        >>> labels = [t.get_text() for t in station_tree(smaller, lang="en").axes[0].texts]
        >>> [label for label in labels if "uncovered" in label]
        ['510107016001 (uncovered)']

    .. versionadded:: 0.2
    """
    instance_of(Registry)(None, "registry", registry)
    optional(check_str)(None, "district_id", district_id)
    chosen = words(lang, "station_tree()")
    given = check_ax(ax)
    if district_id is not None:
        district = registry.divisions[district_id]
        if district.level is not DivisionLevel.DISTRICT:
            msg = Message(
                "expected the code of a district, got {level} {code} ({name})",
                "应为区县的代码，实为{level} {code}（{name}）",
                level=Message(district.level.en, district.level.zh),
                code=repr(district_id),
                name=district.name,
            )
            raise InvalidValueError(msg, path="district_id")
    nodes, ratio = _nodes(registry, district_id, chosen)
    place = layout(nodes)
    depth = max((x for x, _ in place.values()), default=0.0)
    rows = max((y for _, y in place.values()), default=0.0) + 1
    axes = new_axes(given, size=(3.0 + 2.6 * (depth + 1), max(2.5, 0.24 * rows + 1.2)))
    _draw(axes, nodes, place, chosen)
    districts = [code for code, d in registry.divisions.items() if d.level is DivisionLevel.DISTRICT]
    if district_id is None and len(districts) == 1:
        district_id_shown: str | None = districts[0]
    else:
        district_id_shown = district_id
    if district_id_shown is None:
        where = chosen.pick("全部", "all districts")
    else:
        where = chosen.pick(registry.divisions[district_id_shown].name, district_id_shown)
    axes.set_title(
        chosen.pick(
            f"{where}社工站三级体系：覆盖率 {ratio:.1%}", f"Station tree of {where}: coverage {ratio:.1%}"
        )
    )
    finish(axes, chosen)
    return root_figure(axes)


def _draw(axes: Axes, nodes: list[Node], place: Mapping[str, tuple[float, float]], lang: Words) -> None:
    collections = importlib.import_module("matplotlib.collections")
    lines = importlib.import_module("matplotlib.lines")
    by_key = {node.key: node for node in nodes}
    # Elbow links: out of the parent, down (or up) the column between the levels, into the child.
    segments = []
    for node in nodes:
        if node.parent is None or node.parent not in by_key:
            continue
        (x0, y0), (x1, y1) = place[node.parent], place[node.key]
        middle = (x0 + x1) / 2
        segments.append([(x0, y0), (middle, y0), (middle, y1), (x1, y1)])
    links = collections.LineCollection(segments, colors="#8d99ae", linewidths=0.8, zorder=1)
    links.set_gid("links")
    axes.add_collection(links)
    styles = {
        "covered": (COVERED, "o", lang.pick("社工站：下辖全覆盖", "station, all below covered")),
        "partial": (PARTIAL, "o", lang.pick("社工站：下辖有未覆盖", "station, some below uncovered")),
        "uncovered": (UNCOVERED, "X", lang.pick("未覆盖的区划", "uncovered division")),
    }
    handles = []
    for category, (colour, marker, label) in styles.items():
        points = [place[node.key] for node in nodes if node.category == category]
        gid = category if category == "uncovered" else f"stations-{category}"
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        drawn = axes.scatter(
            xs, ys, s=36, c=colour, marker=marker, zorder=2, edgecolors="white", linewidths=0.5
        )
        drawn.set_gid(gid)
        handles.append(lines.Line2D([], [], color=colour, marker=marker, linestyle="", label=label))
    parents = {node.parent for node in nodes}
    for node in sorted(nodes, key=lambda node: place[node.key][1]):
        x, y = place[node.key]
        if node.key in parents:  # above the node, clear of the links
            axes.text(x + 0.04, y - 0.3, node.label, fontsize=7, va="bottom", ha="left", zorder=3)
        else:
            axes.text(x + 0.08, y, node.label, fontsize=7, va="center", ha="left", zorder=3)
    depth = max((x for x, _ in place.values()), default=0.0)
    rows = max((y for _, y in place.values()), default=0.0)
    axes.set_xlim(-0.3, depth + 1.4)
    axes.set_ylim(rows + 0.8, -0.8)
    axes.set_axis_off()
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
