"""Bridges: the stations and organizations whose loss would cut communities off from a society."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, overload

import attrs
import networkx as nx

from socialwork._bulk import gc_paused
from socialwork._tables import Columns, html_facts, html_table, make_frame
from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.graph import SOCIETIES as KIND_SOCIETIES
from socialwork.linkage import _contain
from socialwork.linkage._cuts import cut_off
from socialwork.linkage._profile import SOCIETIES, _check_registry
from socialwork.model import DivisionLevel, Registry, Society, StationLevel
from socialwork.model.validators import check_iterable

__all__ = ["Bridge", "Bridges", "CutOff", "bridges", "linkage_graph"]

_RANKED: Final = frozenset({"stations", "organizations"})
_BIT: Final[Mapping[str, int]] = {
    kind: SOCIETIES.index(society) for kind, society in KIND_SOCIETIES.items() if society is not None
}


@attrs.frozen(repr=False)
class CutOff:
    """A community that would be cut off, and from which societies.

    Attributes:
        community_id: The community's code.
        societies: The societies it could reach and would no longer reach, in the
            order of :class:`~socialwork.Society`.

    Examples:
        >>> cut = sw.linkage.CutOff(community_id="510107015001", societies=(sw.Society.VOLUNTEER,))
        >>> cut
        CutOff('510107015001', [volunteer])

    .. versionadded:: 0.2
    """

    community_id: str
    societies: tuple[Society, ...]

    def __repr__(self) -> str:
        return f"CutOff({self.community_id!r}, [{', '.join(s.value for s in self.societies)}])"


@attrs.frozen(repr=False)
class Bridge:
    """A station or organization that is a cut vertex of a district's linkage graph.

    Attributes:
        entity_id: The station's or organization's id.
        kind: ``"stations"`` or ``"organizations"``.
        district_id: The code of the district whose linkage graph it cuts.
        cut_off: The communities its loss would cut off from a society, sorted by code.

    Examples:
        >>> reg = sw.datasets.example()
        >>> top = sw.linkage.bridges(reg)[0]
        >>> top
        Bridge('wh-c-jinli' (stations) in 510107: cuts off 1 communities)
        >>> top.cut_off
        (CutOff('510107016002', [social_organization, social_worker, charity_resource]),)

    .. versionadded:: 0.2
    """

    entity_id: str
    kind: str
    district_id: str
    cut_off: tuple[CutOff, ...]

    @property
    def community_ids(self) -> tuple[str, ...]:
        """The codes of the communities it would cut off, sorted."""
        return tuple(cut.community_id for cut in self.cut_off)

    def __repr__(self) -> str:
        return (
            f"Bridge({self.entity_id!r} ({self.kind}) in {self.district_id}: "
            f"cuts off {len(self.cut_off)} communities)"
        )


_BRIDGE_COLUMNS: Final[Columns] = {
    "entity_id": "text",
    "kind": "text",
    "district_id": "text",
    "cut_off_count": "int",
    "community_ids": "object",
}


@attrs.frozen(repr=False)
class Bridges(Sequence[Bridge]):
    """The bridges of a registry, ranked: most communities cut off first, then by id and district.

    A sequence of :class:`Bridge`; its repr stays short however many it holds.

    Attributes:
        items: The bridges, ranked.
        districts: The codes of the districts examined, sorted.

    Examples:
        >>> result = sw.linkage.bridges(sw.datasets.example())
        >>> result
        Bridges(3 bridges in 1 districts)
        >>> [b.district_id for b in result.of("wh-c-jinli")]
        ['510107']

    .. versionadded:: 0.2
    """

    items: tuple[Bridge, ...]
    districts: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Bridge: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Bridge]: ...
    def __getitem__(self, index: int | slice) -> Bridge | Sequence[Bridge]:
        return self.items[index]

    def __iter__(self) -> Iterator[Bridge]:
        return iter(self.items)

    def of(self, entity_id: str, /) -> tuple[Bridge, ...]:
        """Return the bridges that *entity_id* forms, one per district, in rank order.

        Examples:
            >>> sw.linkage.bridges(sw.datasets.example()).of("org-agency")
            ()
        """
        return tuple(b for b in self.items if b.entity_id == entity_id)

    def in_district(self, code: str, /) -> tuple[Bridge, ...]:
        """Return the bridges of the district *code*, in rank order.

        Examples:
            >>> len(sw.linkage.bridges(sw.datasets.example()).in_district("510107"))
            3
        """
        return tuple(b for b in self.items if b.district_id == code)

    def __repr__(self) -> str:
        return f"Bridges({len(self.items)} bridges in {len(self.districts)} districts)"

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        for b in self.items:
            yield (b.entity_id, b.kind, b.district_id, len(b.cut_off), b.community_ids)

    def to_frame(self) -> Any:
        """Return the bridges as a pandas ``DataFrame``, one row each, in rank order (needs pandas).

        Columns: ``entity_id``, ``kind``, ``district_id``, ``cut_off_count``
        (``int64``) and ``community_ids`` (a tuple of the codes cut off).

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> frame = sw.linkage.bridges(sw.datasets.example()).to_frame()
            >>> frame.loc[0, "entity_id"], int(frame.loc[0, "cut_off_count"]), frame.loc[0, "community_ids"]
            ('wh-c-jinli', 1, ('510107016002',))

        .. versionadded:: 0.2
        """
        return make_frame(_BRIDGE_COLUMNS, self._rows(), purpose="Bridges.to_frame()")

    def _repr_html_(self) -> str:
        facts = [("bridges", len(self.items)), ("districts examined", len(self.districts))]
        table = html_table("bridges", list(_BRIDGE_COLUMNS), self._rows(), total=len(self.items))
        return html_facts("Bridges", facts, table)


# -- the linkage graph ------------------------------------------------------------------


def _edges(
    registry: Registry, wanted: frozenset[str] | None
) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]], dict[str, str]]:
    """One pass per kind: each district's communities, its edges, and the kind of every node."""
    district_of = _contain.district_of(registry)
    divisions = registry.divisions
    kind: dict[str, str] = {}
    communities: dict[str, list[str]] = defaultdict(list)
    edges: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def where(code: str | None) -> str | None:
        district = district_of.get(code) if code is not None else None
        return None if district is None or (wanted is not None and district not in wanted) else district

    community_district: dict[str, str] = {}
    for code, division in divisions.items():
        if division.level is DivisionLevel.COMMUNITY and (d := where(code)) is not None:
            communities[d].append(code)
            community_district[code] = d
            kind[code] = "divisions"

    station_district: dict[str, str] = {}
    stations = registry.stations
    for station in stations.values():
        d = where(station.division_id)
        if d is None:
            continue
        station_district[station.id] = d
        kind[station.id] = "stations"
        out = edges[d]
        if station.level is StationLevel.COMMUNITY and station.division_id in community_district:
            out.append((station.id, station.division_id))
        if station.operator_id is not None:
            out.append((station.id, station.operator_id))
            kind[station.operator_id] = "organizations"
        for org in station.co_builder_ids:
            out.append((station.id, org))
            kind[org] = "organizations"
    for station in stations.values():
        d = station_district.get(station.id)
        if d is not None and station.parent_id is not None and station_district.get(station.parent_id) == d:
            edges[d].append((station.id, station.parent_id))

    _member_edges(registry, edges, kind, community_district, station_district)
    return communities, edges, kind


def _member_edges(
    registry: Registry,
    edges: dict[str, list[tuple[str, str]]],
    kind: dict[str, str],
    community_district: Mapping[str, str],
    station_district: Mapping[str, str],
) -> None:
    """Add the edges of workers, volunteers, projects, funds, grants and organizations."""
    for worker in registry.social_workers.values():
        d = station_district.get(worker.station_id or "")
        if d is None:
            continue
        kind[worker.id] = "social_workers"
        edges[d].append((worker.id, worker.station_id))  # type: ignore[arg-type]
        if worker.employer_id is not None:
            edges[d].append((worker.id, worker.employer_id))
            kind[worker.employer_id] = "organizations"

    for volunteer in registry.volunteers.values():
        d = community_district.get(volunteer.division_id)
        if d is not None:
            kind[volunteer.id] = "volunteers"
            edges[d].append((volunteer.id, volunteer.division_id))

    project_districts: dict[str, set[str]] = defaultdict(set)
    for project in registry.projects.values():
        served = {community_district[c]: c for c in project.community_ids if c in community_district}
        if not served:
            continue
        kind[project.id] = "projects"
        kind[project.operator_id] = "organizations"
        for c in project.community_ids:
            if c in community_district:
                edges[community_district[c]].append((project.id, c))
        for d in served:
            project_districts[project.id].add(d)
            edges[d].append((project.id, project.operator_id))
            edges[d].extend((project.id, s) for s in project.station_ids if station_district.get(s) == d)

    fund_district: dict[str, str] = {}
    for fund in registry.funds.values():
        d = community_district.get(fund.division_id)
        if d is not None:
            fund_district[fund.id] = d
            kind[fund.id] = "funds"
            kind[fund.manager_id] = "organizations"
            edges[d].extend(((fund.id, fund.division_id), (fund.id, fund.manager_id)))
    for grant in registry.grants.values():
        d = fund_district.get(grant.fund_id)
        if d is not None and d in project_districts.get(grant.project_id, ()):
            edges[d].append((grant.fund_id, grant.project_id))

    for organization in registry.organizations.values():
        based = organization.division_id
        if based is not None and (d := community_district.get(based)) is not None:
            kind[organization.id] = "organizations"
            edges[d].append((organization.id, based))


def _check_district(registry: Registry, code: object, path: str) -> str:
    if not isinstance(code, str):
        msg = Message(
            "expected a division code string, got {type} {value}",
            "应为字符串形式的区划代码，实为 {type} {value}",
            type=type(code).__name__,
            value=repr(code),
        )
        raise InvalidTypeError(msg, path=path)
    division = registry.divisions[code]
    if division.level is not DivisionLevel.DISTRICT:
        msg = Message(
            "division {code} ({name}) is a {level}, not a district",
            "区划 {code}（{name}）是{level}，不是区县",
            code=repr(code),
            name=division.name,
            level=Message(division.level.en, division.level.zh),
        )
        raise InvalidValueError(msg, path=path)
    return code


def linkage_graph(registry: Registry, district: str, /) -> nx.Graph:
    """Return the linkage graph of one *district*: the graph on which :func:`bridges` looks for cut vertices.

    Its nodes are the district's communities; the stations serving the district,
    its streets or its communities; the social workers posted at those stations; the
    volunteers and funds of its communities; the projects serving them; and the
    organizations these name (operators, co-builders, employers, fund managers) or
    that are based in one of its communities. Its edges are the references between
    these nodes, undirected: a community room and its community, a station and its
    parent, operator and co-builders; a worker and its station and employer; a
    volunteer or fund and its community; a fund and its manager; a project and the
    communities, stations and operator it names; an organization and the community it
    is based in; and a fund and a project it gives a grant to. Divisions other than
    communities, needs, donations and grants are not nodes (a donation or grant would
    only lengthen a path, which changes no cut vertex). Each node has a ``kind``
    (a kind name, such as ``"stations"``) and, as in
    :func:`socialwork.graph.build_graph`, a ``society`` where its kind has one
    (:data:`socialwork.graph.SOCIETIES`: stations and projects have none).

    Raises:
        UnknownIdError: the registry holds no division *district*.
        InvalidValueError: the division *district* is not a district.

    Examples:
        >>> import networkx as nx
        >>> graph = sw.linkage.linkage_graph(sw.datasets.example(), "510107")
        >>> graph.number_of_nodes(), graph.nodes["wh-hub"]["kind"], graph.nodes["v-01"]["society"].value
        (24, 'stations', 'volunteer')
        >>> sorted(nx.articulation_points(graph))[:3]
        ['510107015001', '510107016002', 'fund-nijiaqiao']

    .. versionadded:: 0.2
    """
    registry = _check_registry(registry)
    district = _check_district(registry, district, "district")
    communities, edges, kind = _edges(registry, frozenset({district}))
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(communities.get(district, ()))
    graph.add_edges_from(edges.get(district, ()))
    for node in graph:
        graph.nodes[node]["kind"] = kind[node]
        society = KIND_SOCIETIES[kind[node]]
        if society is not None:
            graph.nodes[node]["society"] = society
    return graph


# -- cut vertices and what they cut off -------------------------------------------------


def bridges(registry: Registry, /, *, districts: Iterable[str] | None = None) -> Bridges:
    """Return the stations and organizations whose loss would cut communities off from a society.

    For each district, :func:`linkage_graph` gives the graph. A station or
    organization *v* is a bridge when it is a cut vertex (articulation point) of that
    graph and removing it leaves some community in a piece that lacks a society
    (:data:`socialwork.graph.SOCIETIES`) that *v*'s connected component had, *v* included. That
    community is cut off from those societies. Cut vertices are found with
    :func:`networkx.biconnected_components`, and every piece left by a cut vertex is
    read off the block-cut tree, so the work grows linearly with the graph.

    An organization that works in several districts is examined in each, so it can
    be a bridge of several districts. Bridges are ranked by the number of
    communities they cut off (most first), then by id and district.

    Args:
        registry: The registry.
        districts: The district codes to examine; every district by default.

    Raises:
        UnknownIdError: a code of *districts* is not a division of the registry.
        InvalidValueError: a code of *districts* is not a district.

    Examples:
        >>> result = sw.linkage.bridges(sw.datasets.example())
        >>> [(b.entity_id, len(b.cut_off)) for b in result]
        [('wh-c-jinli', 1), ('wh-c-ximianqiao', 1), ('wh-c-yulinbeilu', 1)]
        >>> result.of("wh-c-yulinbeilu")[0].cut_off
        (CutOff('510107015002', [social_organization, social_worker, volunteer, charity_resource]),)

    .. versionadded:: 0.2
    """
    registry = _check_registry(registry)
    wanted: frozenset[str] | None = None
    if districts is not None:
        if isinstance(districts, str):
            msg = Message(
                "expected an iterable of district codes, got the string {value}",
                "应为由区县代码组成的可迭代对象，实为字符串 {value}",
                value=repr(districts),
            )
            raise InvalidTypeError(msg, path="districts")
        wanted = frozenset(
            _check_district(registry, code, f"districts[{i}]")
            for i, code in enumerate(check_iterable(districts, "districts"))
        )
    with gc_paused():
        communities, edges, kind = _edges(registry, wanted)
        examined = sorted(wanted) if wanted is not None else sorted(communities.keys() | edges.keys())
        found = _all_bridges(examined, communities, edges, kind)
    found.sort(key=lambda b: (-len(b.cut_off), b.entity_id, b.district_id))
    return Bridges(items=tuple(found), districts=tuple(examined))


def _all_bridges(
    examined: list[str],
    communities: Mapping[str, list[str]],
    edges: Mapping[str, list[tuple[str, str]]],
    kind: Mapping[str, str],
) -> list[Bridge]:
    found: list[Bridge] = []
    for district in examined:
        found.extend(
            _district_bridges(district, communities.get(district, []), edges.get(district, []), kind)
        )
    return found


def _district_bridges(
    district: str, communities: list[str], edges: list[tuple[str, str]], kind: Mapping[str, str]
) -> list[Bridge]:
    nodes = {node for edge in edges for node in edge}
    found = cut_off(
        edges,
        {node: _BIT[kind[node]] for node in nodes if kind[node] in _BIT},
        {code for code in communities if code in nodes},
        {node for node in nodes if kind[node] in _RANKED},
    )
    return [
        Bridge(
            entity_id=node,
            kind=kind[node],
            district_id=district,
            cut_off=tuple(CutOff(community_id=code, societies=societies) for code, societies in sorted(cuts)),
        )
        for node, cuts in found.items()
    ]
