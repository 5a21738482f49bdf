"""Tests of socialwork.graph and of the graph files and tables of socialwork.io."""

from __future__ import annotations

import io
import json
import random
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork import graph as swg
from socialwork.errors import InvalidTypeError
from socialwork.io import graph_frames, legal_value, node_link_data, write_graphml, write_node_link
from socialwork.model import KINDS, REFERENCES, Reference
from socialwork.testing import registries

D, L = sw.DivisionLevel, sw.StationLevel


def co_built() -> sw.Registry:
    """A hub operated and co-built by the same agency: two parallel edges between one pair."""
    return sw.Registry(
        [
            sw.Division(code="510107", name="武侯区", level=D.DISTRICT),
            sw.Organization(id="agency", name="武侯社工中心", kind=sw.OrgKind.SOCIAL_WORK_AGENCY),
            sw.Station(
                id="hub",
                name="武侯区社工总站",
                level=L.DISTRICT,
                division_id="510107",
                operator_id="agency",
                co_builder_ids=("agency",),
            ),
            sw.SocialWorker(id="w1", name="李社工", employer_id="agency", station_id="hub"),
        ]
    )


def counted_references(registry: sw.Registry) -> int:
    """Count the ids held by references directly, field by field."""
    total = 0
    for ref in REFERENCES:
        for entity in getattr(registry, ref.kind).values():
            value = getattr(entity, ref.field)
            total += len(value) if ref.many else value is not None
    return total


def edge_set(graph: nx.MultiDiGraph[str]) -> set[tuple[Any, ...]]:
    """The edges with keys and sorted attributes, as a set."""
    return {(u, v, k, tuple(sorted(d.items()))) for u, v, k, d in graph.edges(keys=True, data=True)}


def node_set(graph: nx.MultiDiGraph[str]) -> set[tuple[Any, ...]]:
    """The nodes with sorted attributes, as a set."""
    return {(n, tuple(sorted(d.items(), key=str))) for n, d in graph.nodes(data=True)}


# -- the constants ------------------------------------------------------------------


def test_every_kind_has_a_society_entry() -> None:
    """SOCIETIES names every kind of KINDS, with a Society or None."""
    assert list(swg.SOCIETIES) == list(KINDS)
    assert swg.SOCIETIES["volunteers"] is sw.Society.VOLUNTEER
    assert swg.SOCIETIES["stations"] is None
    assert set(swg.SOCIETIES.values()) - {None} == set(sw.Society)


def test_relations_come_from_the_references_table() -> None:
    """RELATIONS lists each relation of REFERENCES once, in table order."""
    assert list(swg.RELATIONS) == list(dict.fromkeys(ref.relation for ref in REFERENCES))
    for name in ["parent", "located_in", "operates", "co_builds", "employs", "posted_to", "volunteers_in"]:
        assert name in swg.RELATIONS
    for name in ["runs", "runs_from", "serves", "manages", "donates_to", "pays", "finances"]:
        assert name in swg.RELATIONS


def test_a_relation_names_one_reference_per_kind_of_holder() -> None:
    """Edge keys are unique: no holder kind has two references with the same relation and direction."""
    seen = {(ref.kind, ref.relation, ref.reverse) for ref in REFERENCES}
    assert len(seen) == len(REFERENCES)


# -- nodes and edges -----------------------------------------------------------------


def test_nodes_carry_kind_society_and_label() -> None:
    """Every entity is a node with its kind, its society where one applies, and its name or id."""
    g = swg.build_graph(sw.datasets.example())
    assert g.nodes["wh-hub"] == {"kind": "stations", "label": "武侯区社工总站"}
    assert g.nodes["510107"] == {"kind": "divisions", "society": sw.Society.COMMUNITY, "label": "武侯区"}
    assert g.nodes["v-01"]["label"] == "v-01"
    assert g.nodes["fund-nijiaqiao"]["society"] is sw.Society.CHARITY_RESOURCE


def test_edges_run_from_holder_to_named_unless_reversed() -> None:
    """posted_to runs from the worker to its station; operates and parent from the named entity to the holder."""
    g = swg.build_graph(sw.datasets.example())
    assert g.has_edge("w-01", "wh-c-nijiaqiao", "posted_to")
    assert g.has_edge("org-agency", "wh-hub", "operates")
    assert g.has_edge("wh-hub", "wh-s-yulin", "parent")
    assert g.has_edge("510107", "510107015", "parent")
    assert g.has_edge("wh-hub", "510107", "located_in")
    assert not g.has_edge("wh-s-yulin", "wh-hub")


def test_money_flows_along_the_edges() -> None:
    """donation donates_to fund pays grant finances project: a directed path."""
    reg = sw.datasets.example()
    g = swg.build_graph(reg)
    grant = next(iter(reg.grants.values()))
    assert nx.has_path(g, "d-01", grant.project_id)
    assert [g.edges[u, v, k]["relation"] for u, v, k in [("fund-nijiaqiao", grant.id, "pays")]] == ["pays"]


def test_parallel_references_draw_parallel_edges() -> None:
    """An agency that operates and co-builds a station gets two edges to it, keyed by relation."""
    g = swg.build_graph(co_built())
    assert sorted(g["agency"]["hub"]) == ["co_builds", "operates"]
    assert g.number_of_edges() == counted_references(co_built()) == 5


def test_parent_edges_form_the_station_tree() -> None:
    """The parent edges between stations are the hierarchy's station tree."""
    reg = sw.datasets.example()
    g = swg.build_graph(reg)
    parents = nx.DiGraph(
        (u, v) for u, v, k in g.edges(keys=True) if k == "parent" and g.nodes[u]["kind"] == "stations"
    )
    assert set(parents.edges) == set(sw.hierarchy.station_tree(reg).edges)


def test_a_new_reference_draws_a_new_edge(monkeypatch: pytest.MonkeyPatch) -> None:
    """The graph reads the one table: a reference added to it appears as edges."""
    extra = Reference("needs", "division_id", "divisions", relation="needed_by", reverse=True)
    monkeypatch.setattr(swg, "REFERENCES", (*REFERENCES, extra))
    reg = sw.datasets.example()
    g = swg.build_graph(reg)
    need = reg.needs["need-01"]
    assert g.has_edge(need.division_id, "need-01", "needed_by")


def public_build(registry: sw.Registry) -> nx.MultiDiGraph[str]:
    """The graph of *registry* built through networkx's public add_nodes_from and add_edges_from."""
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for name in KINDS:
        society = swg.SOCIETIES[name]
        common: dict[str, Any] = {"kind": name} if society is None else {"kind": name, "society": society}
        field = swg.LABEL_FIELDS[name]
        g.add_nodes_from(
            ((i, {"label": getattr(e, field)}) for i, e in getattr(registry, name).items()), **common
        )
    for ref in REFERENCES:
        for holder, entity in getattr(registry, ref.kind).items():
            value = getattr(entity, ref.field)
            for target in value if ref.many else () if value is None else (value,):
                u, v = (target, holder) if ref.reverse else (holder, target)
                g.add_edge(u, v, key=ref.relation, relation=ref.relation)
    return g


@settings(max_examples=30, deadline=None)
@given(registries())
def test_build_graph_equals_a_build_through_the_public_methods(reg: sw.Registry) -> None:
    """Property: filling networkx's dictionaries directly gives the graph add_nodes_from/add_edges_from give."""
    ours, public = swg.build_graph(reg), public_build(reg)
    assert nx.utils.graphs_equal(ours, public)
    assert list(ours.nodes(data=True)) == list(public.nodes(data=True))
    assert list(ours.edges(keys=True, data=True)) == list(public.edges(keys=True, data=True))
    assert list(ours.in_edges(keys=True)) == list(public.in_edges(keys=True))
    ours.add_edge("new", "other")  # the graph stays an ordinary, changeable networkx graph
    assert ours.has_edge("new", "other")


def test_build_graph_rejects_what_is_not_a_registry() -> None:
    """A wrong argument raises InvalidTypeError naming it."""
    with pytest.raises(InvalidTypeError) as error:
        swg.build_graph([])  # type: ignore[arg-type]
    assert error.value.path == "registry"
    with pytest.raises(InvalidTypeError):
        swg.reference_count("registry")  # type: ignore[arg-type]


def test_graph_is_new_each_time() -> None:
    """The graph is derived, never stored: changing one leaves the next untouched."""
    reg = sw.datasets.example()
    first = swg.build_graph(reg)
    first.remove_node("wh-hub")
    assert "wh-hub" in swg.build_graph(reg)


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True))
def test_edge_count_equals_the_references_held(reg: sw.Registry) -> None:
    """Property: one node per entity, one edge per id held by a reference."""
    g = swg.build_graph(reg)
    assert g.number_of_nodes() == len(reg)
    assert g.number_of_edges() == counted_references(reg) == swg.reference_count(reg)


@settings(max_examples=30, deadline=None)
@given(registries(shuffled=True), st.randoms(use_true_random=False))
def test_graph_does_not_depend_on_entity_order(reg: sw.Registry, rnd: Any) -> None:
    """Property: the same entities in another order give the same nodes, edges and files."""
    entities = list(reg.entities())
    rnd.shuffle(entities)
    other = sw.Registry(entities)
    a, b = swg.build_graph(reg), swg.build_graph(other)
    assert node_set(a) == node_set(b)
    assert edge_set(a) == edge_set(b)
    assert node_link_data(reg) == node_link_data(other)


def test_synthetic_graph_counts_and_order() -> None:
    """On a synthetic registry: counts match, and a shuffled copy gives the same node-link data."""
    reg = sw.datasets.synthetic(districts=2, streets_per_district=3, communities_per_street=3)
    g = swg.build_graph(reg)
    assert g.number_of_nodes() == len(reg)
    assert g.number_of_edges() == counted_references(reg)
    entities = list(reg.entities())
    random.Random(1).shuffle(entities)  # noqa: S311 - a seeded shuffle, not cryptography
    assert node_link_data(sw.Registry(entities)) == node_link_data(reg)


# -- files and tables ----------------------------------------------------------------


def legal_graph(reg: sw.Registry, *, redact: bool = True) -> tuple[set[Any], set[Any]]:
    """The nodes and edges of the graph of *reg* with attributes as the files hold them."""
    g = swg.build_graph(reg)
    nodes = set()
    for n, d in g.nodes(data=True):
        attributes = {k: legal_value(v) for k, v in d.items()}
        if redact and d["kind"] == "social_workers":
            attributes["label"] = n
        nodes.add((n, tuple(sorted(attributes.items()))))
    edges = {(u, v, k, tuple(sorted(d.items()))) for u, v, k, d in g.edges(keys=True, data=True)}
    return nodes, edges


def test_graphml_round_trips_through_read_graphml(tmp_path: Path) -> None:
    """nx.read_graphml gives back every node, edge and attribute, Chinese labels intact."""
    reg = co_built()
    path = tmp_path / "system.graphml"
    write_graphml(reg, path)
    assert "武侯区社工总站".encode() in path.read_bytes()
    back = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    assert (node_set(back), edge_set(back)) == legal_graph(reg)


def test_graphml_attributes_are_graphml_types(tmp_path: Path) -> None:
    """Every key declares a GraphML type; enums are their values and money is text."""
    g = swg.build_graph(sw.datasets.example())
    g.nodes["fund-nijiaqiao"]["raised"] = Decimal("6500.50")
    g.nodes["wh-hub"]["opened"] = sw.datasets.example().stations["wh-hub"].opened
    g.nodes["wh-hub"]["level"] = L.DISTRICT
    path = tmp_path / "g.graphml"
    write_graphml(g, path)
    keys = ET.parse(path).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")  # noqa: S314
    assert {key.get("attr.type") for key in keys} <= {"string", "int", "long", "float", "double", "boolean"}
    back = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    assert back.nodes["fund-nijiaqiao"]["raised"] == "6500.50"
    assert back.nodes["wh-hub"]["opened"] == "2022-06-10"
    assert back.nodes["wh-hub"]["level"] == "district"
    assert back.nodes["510107"]["society"] == "community"


@settings(max_examples=20, deadline=None)
@given(registries(shuffled=True))
def test_graphml_and_node_link_round_trip_for_any_registry(reg: sw.Registry) -> None:
    """Property: both files read back through networkx's own readers to the same graph."""
    buffer = io.BytesIO()
    write_graphml(reg, buffer)
    back = nx.read_graphml(io.BytesIO(buffer.getvalue()), force_multigraph=True, edge_key_type=str)
    expected = legal_graph(reg)
    assert (node_set(back), edge_set(back)) == expected
    buffer = io.BytesIO()
    write_node_link(reg, buffer)
    linked = nx.node_link_graph(json.loads(buffer.getvalue()), directed=True, multigraph=True)
    assert (node_set(linked), edge_set(linked)) == expected


def test_node_link_round_trips_through_node_link_graph(tmp_path: Path) -> None:
    """The JSON file is networkx's node-link form: nx.node_link_graph reads it back."""
    reg = sw.datasets.example()
    path = tmp_path / "system.json"
    write_node_link(reg, path)
    text = path.read_text(encoding="utf-8")
    assert "武侯区社工总站" in text  # not \\u escapes
    back = nx.node_link_graph(json.loads(text))
    assert back.is_directed()
    assert back.is_multigraph()
    assert (node_set(back), edge_set(back)) == legal_graph(reg)


def test_exports_redact_worker_names_by_default() -> None:
    """A social worker's name is personal: files show the id unless redact=False."""
    reg = co_built()
    labels = {n["id"]: n["label"] for n in node_link_data(reg)["nodes"]}
    assert labels["w1"] == "w1"
    labels = {n["id"]: n["label"] for n in node_link_data(reg, redact=False)["nodes"]}
    assert labels["w1"] == "李社工"


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails leaves the old file as it was and no temporary file behind."""
    path = tmp_path / "g.json"
    path.write_text("old", encoding="utf-8")

    def fail(*_args: object, **_kwargs: object) -> Iterator[str]:
        raise RuntimeError

    monkeypatch.setattr("socialwork.io._graph.json.dumps", fail)
    with pytest.raises(RuntimeError):
        write_node_link(sw.datasets.example(), path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]
    monkeypatch.undo()
    write_node_link(sw.datasets.example(), path)
    assert json.loads(path.read_text(encoding="utf-8"))["multigraph"] is True
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_exports_name_a_wrong_argument(tmp_path: Path) -> None:
    """Neither a registry nor a graph, or a target that is neither a path nor a file, is named."""
    with pytest.raises(InvalidTypeError) as error:
        write_graphml(3, tmp_path / "x.graphml")  # type: ignore[arg-type]
    assert error.value.path == "graph"
    with pytest.raises(InvalidTypeError) as error:
        write_node_link(sw.datasets.example(), 3)  # type: ignore[arg-type]
    assert error.value.path == "target"


def test_graph_frames_gives_nodes_and_edges() -> None:
    """The nodes frame is indexed by id; the edges frame has source, target, key and relation."""
    pytest.importorskip("pandas")
    reg = sw.datasets.example()
    nodes, edges = graph_frames(reg)
    assert len(nodes) == len(reg)
    assert nodes.loc["510107", "society"] == "community"
    assert list(edges.columns[:4]) == ["source", "target", "key", "relation"]
    assert len(edges) == swg.reference_count(reg)
    empty_nodes, empty_edges = graph_frames(sw.Registry())
    assert len(empty_nodes) == len(empty_edges) == 0


def test_legal_value_keeps_plain_types_and_drops_none() -> None:
    """Plain values pass through; numpy scalars become Python numbers; None stays None."""
    import numpy as np

    assert legal_value(None) is None
    assert legal_value(True) is True
    assert legal_value(1.5) == 1.5
    assert legal_value(np.int64(3)) == 3
    assert legal_value(("a", "b")) == '["a", "b"]'
    assert legal_value(object()).startswith("<object")
