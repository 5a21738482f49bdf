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

import operator
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
    }
)
"""The society of the five-society linkage (五社联动) of each kind of entity, or ``None``.

Divisions and their needs are the community (社区); organizations the social
organizations (社会组织); social workers (社会工作者) and volunteers (社区志愿者)
their own; funds, donations and grants the social charity resources
(社会慈善资源). Stations and projects are where the five meet, and belong to none.
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
        _fill(graph, registry)
    return graph


def _fill(graph: nx.MultiDiGraph[str], registry: Registry) -> None:
    # The graph's own dictionaries, filled as add_nodes_from and add_edges_from would
    # fill them (networkx documents them as the graph's data structure), without the
    # checks and views those make per item: the registry has already checked every
    # id. A test compares the result with a build through the public methods.
    nodes, successors, predecessors = graph._node, graph._succ, graph._pred
    for name in KINDS:
        entities = getattr(registry, name).items()
        society = SOCIETIES[name]
        label_field = LABEL_FIELDS[name]
        label = None if label_field == KINDS[name].id_field else operator.attrgetter(label_field)
        for entity_id, entity in entities:
            data: dict[str, Any] = {"kind": name}
            if society is not None:
                data["society"] = society
            data["label"] = entity_id if label is None else label(entity)
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
