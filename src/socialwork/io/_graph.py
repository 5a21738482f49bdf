"""Graph files and tables: node-link JSON, GraphML and pandas frames of the registry's graph."""

from __future__ import annotations

import datetime as dt
import enum
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from socialwork._optional import import_optional
from socialwork.errors import InvalidTypeError, Message
from socialwork.io._json import not_a_target, target_path, write_target
from socialwork.model import KINDS, REFERENCES, Registry
from socialwork.privacy import pseudonym

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["graph_frames", "legal_value", "node_link_data", "write_graphml", "write_node_link"]

# networkx and socialwork.graph are imported on first use, so that `import socialwork` stays quick.

_RANK = {name: kind.rank for name, kind in KINDS.items()}
_RELATION_RANK = {
    relation: rank for rank, relation in enumerate(dict.fromkeys(r.relation for r in REFERENCES))
}


def legal_value(value: object, /) -> str | int | float | bool | None:
    """Return *value* as a type that GraphML and JSON hold: ``str``, ``int``, ``float`` or ``bool``.

    Enumeration members become their values (``Society.VOLUNTEER`` → ``"volunteer"``),
    money and other ``Decimal`` numbers their exact text (``"6500.50"``), dates
    their ISO form, collections a JSON list as text, numpy scalars Python numbers;
    ``None`` stays ``None`` (the attribute is then left out). Anything else
    becomes its ``str``.

    Examples:
        >>> from decimal import Decimal
        >>> from socialwork.io import legal_value
        >>> legal_value(sw.Society.VOLUNTEER), legal_value(Decimal("6500.50")), legal_value(3)
        ('volunteer', '6500.50', 3)
        >>> legal_value(frozenset({sw.TalentTrack.SUPERVISOR}))
        '["supervisor"]'

    .. versionadded:: 0.2
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, enum.Enum):
        return legal_value(value.value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and hasattr(value, "dtype"):  # a numpy scalar
        return legal_value(value.item())
    if isinstance(value, Iterable):
        items = [legal_value(item) for item in value]
        if isinstance(value, set | frozenset):
            items.sort(key=str)
        return json.dumps(items, ensure_ascii=False)
    return str(value)


def _graph_of(source: object) -> nx.Graph[Any]:
    import networkx as nx  # noqa: PLC0415 - see above

    from socialwork.graph import build_graph  # noqa: PLC0415

    if isinstance(source, Registry):
        return build_graph(source)
    if isinstance(source, nx.Graph):
        return source
    msg = Message(
        "expected a Registry or a networkx graph, got {type}",
        "应为 Registry 或 networkx 图，实为 {type}",
        type=type(source).__name__,
    )
    raise InvalidTypeError(msg, path="graph")


def _node_key(item: tuple[Any, Mapping[str, Any]]) -> tuple[int, str]:
    node, data = item
    return (_RANK.get(data.get("kind"), len(_RANK)), str(node))  # type: ignore[arg-type]


def _legal_attributes(data: Mapping[str, Any]) -> dict[str, Any]:
    found = {}
    for name, value in data.items():
        legal = legal_value(value)
        if legal is not None:
            found[str(name)] = legal
    return found


def _nodes(graph: nx.Graph[Any], redact: bool, key: bytes | str | None) -> list[tuple[Any, dict[str, Any]]]:  # noqa: FBT001
    from socialwork.graph import PERSONAL_LABELS  # noqa: PLC0415

    if key is not None:
        pseudonym("", key=key)  # check the key even if the graph has no personal label
    nodes = []
    for node, data in sorted(graph.nodes(data=True), key=_node_key):
        attributes = _legal_attributes(data)
        if redact and data.get("kind") in PERSONAL_LABELS and "label" in attributes:
            label = attributes["label"]
            attributes["label"] = str(node) if key is None else pseudonym(str(label), key=key)
        nodes.append((node, attributes))
    return nodes


def _edges(graph: nx.Graph[Any]) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    if graph.is_multigraph():
        raw = graph.edges(keys=True, data=True)
    else:
        raw = ((u, v, None, data) for u, v, data in graph.edges(data=True))
    edges = [(u, v, k, _legal_attributes(data)) for u, v, k, data in raw]
    edges.sort(
        key=lambda e: (
            _RELATION_RANK.get(str(e[3].get("relation")), len(_RELATION_RANK)),
            str(e[0]),
            str(e[1]),
            str(e[2]),
        )
    )
    return edges


def node_link_data(
    graph: Registry | nx.Graph[Any], /, *, redact: bool = True, key: bytes | str | None = None
) -> dict[str, Any]:
    """Return the node-link form of a registry's graph, JSON-ready and in a stable order.

    The form is that of ``nx.node_link_data(graph, edges="edges")``, which
    ``nx.node_link_graph`` reads back; every attribute is made legal with
    :func:`legal_value`. Nodes are listed kind by kind, then by id; edges by
    relation (in the order of :data:`~socialwork.graph.RELATIONS`), source and
    target, so the same registry gives the same data whatever order its entities
    were given in.

    Args:
        graph: A registry (its :func:`~socialwork.graph.build_graph` is used) or a
            networkx graph, e.g. a subgraph of one.
        redact: Replace labels that are personal information (a social
            worker's name, see :data:`~socialwork.graph.PERSONAL_LABELS`) by the id.
        key: With *redact*, replace them by their keyed pseudonym instead
            (:func:`socialwork.privacy.pseudonym`), the same in every file made with the key.

    Raises:
        InvalidTypeError: *graph* is neither a registry nor a networkx graph.

    Examples:
        >>> import networkx as nx
        >>> from socialwork.io import node_link_data
        >>> data = node_link_data(sw.datasets.example())
        >>> data["nodes"][0], data["edges"][0]
        ({'id': '510000', 'kind': 'divisions', 'society': 'community', 'label': '四川省'}, {'source': ...})
        >>> nx.node_link_graph(data).number_of_edges()
        57
        >>> [n["label"] for n in node_link_data(sw.datasets.example(), key=b"k")["nodes"]
        ...  if n["kind"] == "social_workers"][0]
        '匿名-...'

    .. versionadded:: 0.2
    """
    found = _graph_of(graph)
    nodes = [{"id": legal_value(node), **attributes} for node, attributes in _nodes(found, redact, key)]
    edges = []
    for u, v, k, attributes in _edges(found):
        edge = {"source": legal_value(u), "target": legal_value(v)}
        if k is not None:
            edge["key"] = legal_value(k)
        edges.append({**edge, **attributes})
    return {
        "directed": found.is_directed(),
        "multigraph": found.is_multigraph(),
        "graph": _legal_attributes(found.graph),
        "nodes": nodes,
        "edges": edges,
    }


def _write(target: object, write: Callable[[IO[bytes]], None]) -> None:
    """Write to an open binary file, or atomically to a path (see :func:`write_atomically`)."""
    if target_path(target) is None and not callable(getattr(target, "write", None)):
        raise not_a_target(target)  # before the graph is written out
    buffer = io.BytesIO()
    write(buffer)
    write_target(target, buffer.getvalue())


def write_node_link(
    graph: Registry | nx.Graph[Any],
    target: str | os.PathLike[str] | IO[bytes],
    /,
    *,
    redact: bool = True,
    key: bytes | str | None = None,
) -> None:
    """Write :func:`node_link_data` of *graph* as UTF-8 JSON, Chinese left as it is.

    A path is written atomically (:func:`write_atomically`): to a temporary file
    in the same folder, then moved over the target, so a reader never sees half a
    file. An open binary file is written as it is.

    Raises:
        InvalidTypeError: *graph* is neither a registry nor a networkx graph, or
            *target* neither a path nor a binary file.

    Examples:
        >>> import io, json
        >>> from socialwork.io import write_node_link
        >>> buffer = io.BytesIO()
        >>> write_node_link(sw.datasets.example(), buffer)
        >>> json.loads(buffer.getvalue())["nodes"][2]["label"]
        '武侯区'

    *redact* and *key* are those of :func:`node_link_data`.

    .. versionadded:: 0.2
    """
    data = node_link_data(graph, redact=redact, key=key)

    def write(file: IO[bytes]) -> None:
        file.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    _write(target, write)


def write_graphml(
    graph: Registry | nx.Graph[Any],
    target: str | os.PathLike[str] | IO[bytes],
    /,
    *,
    redact: bool = True,
    key: bytes | str | None = None,
) -> None:
    """Write *graph* as GraphML, which Gephi and ``nx.read_graphml`` open with Chinese labels intact.

    Every attribute is a GraphML type (:func:`legal_value`: enumerations as their
    values, money as text); attributes that are ``None`` are left out. Nodes and
    edges are written in the stable order of :func:`node_link_data`, edges with
    their relation as GraphML ``id``. Read it back with
    ``nx.read_graphml(path, force_multigraph=True, edge_key_type=str)`` to get
    the same ``MultiDiGraph``. A path is written atomically, as by
    :func:`write_node_link`.

    Raises:
        InvalidTypeError: *graph* is neither a registry nor a networkx graph, or
            *target* neither a path nor a binary file.

    Examples:
        >>> import io
        >>> import networkx as nx
        >>> from socialwork.io import write_graphml
        >>> buffer = io.BytesIO()
        >>> write_graphml(sw.datasets.example(), buffer)
        >>> g = nx.read_graphml(io.BytesIO(buffer.getvalue()), force_multigraph=True, edge_key_type=str)
        >>> g.nodes["wh-hub"]["label"], g.edges["org-agency", "wh-hub", "operates"]["relation"]
        ('武侯区社工总站', 'operates')

    *redact* and *key* are those of :func:`node_link_data`.

    .. versionadded:: 0.2
    """
    import networkx as nx  # noqa: PLC0415

    found = _graph_of(graph)
    legal: nx.Graph[Any] = found.__class__()
    legal.graph.update(_legal_attributes(found.graph))
    legal.add_nodes_from(_nodes(found, redact, key))
    if found.is_multigraph():
        legal.add_edges_from(_edges(found))
    else:
        legal.add_edges_from((u, v, data) for u, v, _, data in _edges(found))

    def write(file: IO[bytes]) -> None:
        nx.write_graphml_xml(legal, file, encoding="utf-8")

    _write(target, write)


def graph_frames(
    graph: Registry | nx.Graph[Any], /, *, redact: bool = True, key: bytes | str | None = None
) -> tuple[Any, Any]:
    """Return the nodes and the edges of *graph* as two pandas ``DataFrame`` (the ``pandas`` extra).

    The nodes frame is indexed by id, with a column per attribute (``kind``,
    ``society``, ``label``, ...); the edges frame has ``source``, ``target``,
    ``key`` and a column per attribute (``relation``). Values are made legal with
    :func:`legal_value`; rows are in the stable order of :func:`node_link_data`.

    Raises:
        MissingDependencyError: pandas is not installed.
        InvalidTypeError: *graph* is neither a registry nor a networkx graph.

    Examples:
        >>> import pandas  # the pandas extra: without it, the example is skipped
        >>> from socialwork.io import graph_frames
        >>> nodes, edges = graph_frames(sw.datasets.example())
        >>> nodes.loc["wh-hub", "label"], int((edges["relation"] == "located_in").sum())
        ('武侯区社工总站', 11)

    *redact* and *key* are those of :func:`node_link_data`. For one frame per
    kind of entity, with each field a typed column, see :func:`to_frames`.

    .. versionadded:: 0.2

    .. versionchanged:: 0.2
       Renamed from ``to_frames``, which now gives one frame per kind of entity.
    """
    pd = import_optional("pandas", extra="pandas", purpose="socialwork.io.graph_frames()")
    data = node_link_data(graph, redact=redact, key=key)
    nodes = pd.DataFrame(data["nodes"])
    nodes = nodes.set_index("id") if len(nodes) else pd.DataFrame(index=pd.Index([], name="id"))
    edges = pd.DataFrame(data["edges"], columns=None if data["edges"] else ["source", "target", "key"])
    return nodes, edges
