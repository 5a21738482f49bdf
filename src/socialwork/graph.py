"""The registry as a typed graph: one node per entity, one edge per reference.

:func:`build_graph` turns a :class:`~socialwork.Registry` into a networkx
``MultiDiGraph``, derived on demand and never stored, in time linear in the
registry. Every networkx algorithm then applies: shortest paths from a fund to
the communities its grants reach, the components of the five-society linkage
(五社联动), centralities, and so on.

Nodes are keyed by id (a division by its code) and carry three attributes:

* ``kind``: the kind of entity, a key of ``socialwork.model.KINDS``
  (``"stations"``, ``"social_workers"``, ...);
* ``society``: the :class:`~socialwork.Society` of the five-society linkage
  the kind belongs to (:data:`SOCIETIES`), present only where one applies;
* ``label``: the entity's name, or its id for kinds without one (volunteers,
  needs, donations, grants).

Edges come from :data:`socialwork.model.REFERENCES`, one per id a reference
holds, keyed and labelled by its ``relation`` (:data:`RELATIONS`). An edge reads
as a sentence from source to target: it runs from the entity that holds the
reference to the entity it names (``w-01 posted_to wh-c-nijiaqiao``,
``wh-hub located_in 510107``), except for the references marked ``reverse``,
which run from the named entity to the holder (``org-agency operates wh-hub``,
``wh-hub parent wh-s-yulin``, ``fund pays grant``). So money flows along the
edges (``donation donates_to fund pays grant finances project``), and the
``parent`` edges form the trees of :mod:`socialwork.hierarchy`, top down.

Files (node-link JSON, GraphML) and tables are written by :mod:`socialwork.io`.

Examples:
    >>> from socialwork.graph import build_graph
    >>> g = build_graph(sw.datasets.example())
    >>> g.nodes["wh-hub"]["label"], g.nodes["v-01"]["society"].zh
    ('武侯区社工总站', '社区志愿者')
    >>> sorted(k for _, _, k in g.out_edges("org-agency", keys=True))[:3]
    ['employs', 'employs', 'employs']

.. versionadded:: 0.2
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs
import networkx as nx

from socialwork._bulk import gc_paused
from socialwork.errors import InvalidTypeError, Message
from socialwork.model import KINDS, PERSONAL_FIELDS, REFERENCES, Reference, Registry, Society

__all__ = ["LABEL_FIELDS", "PERSONAL_LABELS", "RELATIONS", "SOCIETIES", "build_graph", "reference_count"]

SOCIETIES: Final[Mapping[str, Society | None]] = MappingProxyType(
    {
        "divisions": Society.COMMUNITY,
        "organizations": Society.SOCIAL_ORGANIZATION,
        "stations": None,
        "social_workers": Society.SOCIAL_WORKER,
        "volunteers": Society.VOLUNTEER,
        "projects": None,
        "needs": Society.COMMUNITY,
        "funds": Society.CHARITY_RESOURCE,
        "donations": Society.CHARITY_RESOURCE,
        "grants": Society.CHARITY_RESOURCE,
        "cases": None,
        "consents": None,
        "referrals": None,
        "referral_events": None,
    }
)
"""The society of the five-society linkage (五社联动) of each kind of entity, or ``None``.

Divisions and their needs are the community (社区); organizations the social
organizations (社会组织); social workers (社会工作者) and volunteers (社区志愿者)
their own; funds, donations and grants the social charity resources
(社会慈善资源). Stations and projects are where the five meet, and belong to none;
nor do the cases, consents, referrals and referral events of referral work.
"""

RELATIONS: Final[tuple[str, ...]] = tuple(dict.fromkeys(ref.relation for ref in REFERENCES))
"""The names of the edges, in the order of :data:`~socialwork.model.REFERENCES`, each once."""

LABEL_FIELDS: Final[Mapping[str, str]] = MappingProxyType(
    {name: "name" if "name" in attrs.fields_dict(kind.cls) else kind.id_field for name, kind in KINDS.items()}
)
"""The field each kind's node ``label`` is read from: ``name`` where the kind has one, else its id."""

PERSONAL_LABELS: Final[frozenset[str]] = frozenset(
    name for name, field in LABEL_FIELDS.items() if field in PERSONAL_FIELDS[name]
)
"""The kinds whose label is personal information, a worker's name; exports replace it by the id.

.. versionchanged:: 0.2
   Read from :data:`socialwork.model.PERSONAL_FIELDS`, the one marking of personal fields.
"""


def _check_registry(registry: object) -> None:
    if not isinstance(registry, Registry):
        msg = Message(
            "expected a Registry, got {type}", "应为 Registry，实为 {type}", type=type(registry).__name__
        )
        raise InvalidTypeError(msg, path="registry")


def _pairs(registry: Registry, ref: Reference) -> Iterator[tuple[str, str]]:
    """Return the (source, target) of every edge *ref* draws, in registry order."""
    field = operator.attrgetter(ref.field)
    items = getattr(registry, ref.kind).items()
    if ref.many:
        if ref.reverse:
            return ((target, holder) for holder, e in items for target in field(e))
        return ((holder, target) for holder, e in items for target in field(e))
    if ref.reverse:
        return ((t, holder) for holder, e in items if (t := field(e)) is not None)
    return ((holder, t) for holder, e in items if (t := field(e)) is not None)


def build_graph(registry: Registry, /) -> nx.MultiDiGraph[str]:
    """Return *registry* as a networkx ``MultiDiGraph``: a node per entity, an edge per reference.

    Nodes carry ``kind``, ``society`` (where one applies) and ``label``; edges are
    keyed by their ``relation`` and carry it as an attribute; see
    :mod:`socialwork.graph` for the direction of each edge. The graph is a new
    object each time: change it freely. It does not depend on the order the
    entities were given in (only the order networkx lists them in does). Cost:
    linear in the number of entities and references.

    Raises:
        InvalidTypeError: *registry* is not a registry.

    Examples:
        >>> import networkx as nx
        >>> from socialwork.graph import build_graph, reference_count
        >>> reg = sw.datasets.example()
        >>> g = build_graph(reg)
        >>> g.number_of_nodes() == len(reg), g.number_of_edges() == reference_count(reg)
        (True, True)
        >>> g.edges["org-agency", "wh-hub", "operates"]
        {'relation': 'operates'}
        >>> nx.shortest_path(g, "d-01", "510107015001")
        ['d-01', 'fund-nijiaqiao', '510107015001']
    """
    _check_registry(registry)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    with gc_paused():
        if _has_fast_path():
            _fill(graph, registry)
        else:
            _fill_public(graph, registry)
    return graph


# The networkx releases whose graph dictionaries the fast path fills: the range that
# pyproject.toml declares (tests/test_graph.py keeps the two the same). Every release
# in it that installs on Python 3.11 was checked to build the same graph both ways
# (tests/test_graph.py, run against each): 3.6 and 3.6.1, and also 3.2 to 3.5, which
# the package no longer admits since their node-link readers want "links", not "edges".
# The layout filled (_node, _succ, _pred as plain dicts, one key
# dictionary per node pair shared by both directions) is the dict-of-dicts structure
# networkx documents for subclasses, the same in all of them. The upper bound is the
# next major release, where networkx keeps its breaking changes; a minor release that
# changes the layout anyway fails the self-check below (and the equality test in CI,
# run on whatever networkx is installed), and the build falls back to the public API.
_NETWORKX_RANGE: Final = ((3, 6), (4, 0))  # [low, high) as (major, minor)

_RELEASE: Final = re.compile(r"(\d+)\.(\d+)")


def _in_range(version: str) -> bool:
    found = _RELEASE.match(version)
    if found is None:
        return False
    low, high = _NETWORKX_RANGE
    return low <= (int(found[1]), int(found[2])) < high


_FACTORIES: Final = (
    "node_dict",
    "node_attr_dict",
    "adjlist_outer_dict",
    "adjlist_inner_dict",
    "edge_key_dict",
    "edge_attr_dict",
    "graph_attr_dict",
)


def _layout_holds() -> bool:
    """Check that networkx lays out a small graph as the fast path fills one.

    A node and two edges with keys, through the public methods; then the private
    dictionaries must be plain dicts holding exactly what the fast path writes, the
    key dictionary of an edge shared by both directions, and the public views must
    read them back.
    """
    probe: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    if any(getattr(probe, f"{name}_factory", None) is not dict for name in _FACTORIES):
        return False
    try:
        probe.add_nodes_from([("a", {"kind": "k"})])
        probe.add_edges_from([("a", "b", "r", {"relation": "r"}), ("b", "a", "s", {"relation": "s"})])
        edges = list(probe.edges(keys=True, data="relation"))
    except Exception:  # a networkx whose own methods fail on the probe is not one to fill by hand
        return False
    nodes, successors, predecessors = (getattr(probe, name, None) for name in ("_node", "_succ", "_pred"))
    if not all(type(table) is dict for table in (nodes, successors, predecessors)):
        return False
    if getattr(probe, "_adj", None) is not successors:
        return False
    layout = (
        nodes == {"a": {"kind": "k"}, "b": {}}
        and successors == {"a": {"b": {"r": {"relation": "r"}}}, "b": {"a": {"s": {"relation": "s"}}}}
        and predecessors == {"a": {"b": {"s": {"relation": "s"}}}, "b": {"a": {"r": {"relation": "r"}}}}
        and successors["a"]["b"] is predecessors["b"]["a"]
    )
    return bool(layout) and edges == [
        ("a", "b", "r", "r"),
        ("b", "a", "s", "s"),
    ]


@functools.cache
def _fast_path_for(version: str) -> bool:
    return _in_range(version) and _layout_holds()


def _has_fast_path() -> bool:
    """Return whether build_graph may fill networkx's dictionaries directly with this networkx.

    It may when the installed networkx is in _NETWORKX_RANGE and lays out a small probe
    graph as the fast path would (checked once per process and version); otherwise it
    builds through ``add_nodes_from`` and ``add_edges_from``, slower, to the same graph.
    """
    return _fast_path_for(nx.__version__)


def _node_data(registry: Registry) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield each entity's node and its attributes, kinds in KINDS order, each in registry order."""
    for name in KINDS:
        society = SOCIETIES[name]
        label_field = LABEL_FIELDS[name]
        label = None if label_field == KINDS[name].id_field else operator.attrgetter(label_field)
        for entity_id, entity in getattr(registry, name).items():
            data: dict[str, Any] = {"kind": name}
            if society is not None:
                data["society"] = society
            data["label"] = entity_id if label is None else label(entity)
            yield entity_id, data


def _fill(graph: nx.MultiDiGraph[str], registry: Registry) -> None:
    # The graph's own dictionaries, filled as add_nodes_from and add_edges_from would
    # fill them (networkx documents them as the graph's data structure), without the
    # checks and views those make per item: the registry has already checked every
    # id. _has_fast_path decides whether this networkx lays them out this way; a test
    # compares the result with _fill_public's.
    nodes, successors, predecessors = graph._node, graph._succ, graph._pred
    for entity_id, data in _node_data(registry):
        nodes[entity_id] = data
        successors[entity_id] = {}
        predecessors[entity_id] = {}
    for ref in REFERENCES:
        relation = ref.relation
        for u, v in _pairs(registry, ref):
            out = successors[u]
            keys = out.get(v)
            if keys is None:
                keys = out[v] = {}
                predecessors[v][u] = keys
            keys[relation] = {"relation": relation}


def _fill_public(graph: nx.MultiDiGraph[str], registry: Registry) -> None:
    # The same graph through networkx's public methods, for a networkx outside the range.
    graph.add_nodes_from(_node_data(registry))
    for ref in REFERENCES:
        relation = ref.relation
        graph.add_edges_from((u, v, relation, {"relation": relation}) for u, v in _pairs(registry, ref))


def reference_count(registry: Registry, /) -> int:
    """Return how many ids the references of *registry* hold: the number of edges of its graph.

    Raises:
        InvalidTypeError: *registry* is not a registry.

    Examples:
        >>> from socialwork.graph import reference_count
        >>> reference_count(sw.Registry())
        0
    """
    _check_registry(registry)
    total = 0
    for ref in REFERENCES:
        field = operator.attrgetter(ref.field)
        values = getattr(registry, ref.kind).values()
        if ref.many:
            total += sum(len(field(e)) for e in values)
        else:
            total += sum(1 for e in values if field(e) is not None)
    return total
