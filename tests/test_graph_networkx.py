"""build_graph's fast path into networkx's own dictionaries, its guard, and the public-API build it falls back to.

Run in CI on the installed networkx. To check another release by hand:
``pip install --no-deps --target /tmp/nx-X networkx==X`` and
``PYTHONPATH=/tmp/nx-X:src python -m pytest tests/test_graph_networkx.py``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork import graph as swg
from socialwork.testing import registries

PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"


def both_ways(registry: sw.Registry) -> tuple[nx.MultiDiGraph[str], nx.MultiDiGraph[str]]:
    """The graph of *registry* filled directly, and built through add_nodes_from / add_edges_from."""
    fast: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    public: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    swg._fill(fast, registry)
    swg._fill_public(public, registry)
    return fast, public


def assert_same_graph(ours: nx.MultiDiGraph[str], theirs: nx.MultiDiGraph[str]) -> None:
    """Nodes, attributes, edges with keys and attributes, both directions, orders and graph attributes."""
    assert nx.utils.graphs_equal(ours, theirs)
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
    assert list(ours.in_edges(keys=True, data=True)) == list(theirs.in_edges(keys=True, data=True))
    assert [(u, list(nbrs)) for u, nbrs in ours.pred.items()] == [
        (u, list(nbrs)) for u, nbrs in theirs.pred.items()
    ]
    assert ours.graph == theirs.graph
    for graph in (ours, theirs):  # one key dictionary per pair, seen from both ends, as networkx keeps it
        assert all(graph.succ[u][v] == graph.pred[v][u] for u, v in graph.edges())
        assert all(type(data) is dict for _, _, data in graph.edges(data=True))


@settings(max_examples=40, deadline=None)
@given(registry=registries(districts=(1, 2), social_workers=(0, 6), projects=(0, 4), shuffled=True))
def test_the_fast_build_equals_the_public_api_build(registry: sw.Registry) -> None:
    """Property: filling the dictionaries directly gives the graph the public methods give, on this networkx."""
    assert_same_graph(*both_ways(registry))


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**16), faults=st.lists(st.sampled_from(sorted(sw.datasets.FAULTS)), unique=True))
def test_the_fast_build_equals_the_public_api_build_on_synthetic_registries(
    seed: int, faults: list[str]
) -> None:
    """The same on synthetic registries, parallel edges and broken wiring included."""
    registry = sw.datasets.synthetic(
        districts=4,
        districts_per_city=2,
        streets_per_district=3,
        communities_per_street=2,
        seed=seed,
        faults=faults,
    )
    fast, public = both_ways(registry)
    assert_same_graph(fast, public)
    assert fast.number_of_edges() == swg.reference_count(registry)


def test_the_installed_networkx_takes_the_fast_path() -> None:
    """With a networkx of the declared range, build_graph fills the dictionaries directly.

    Fails on a networkx that the range admits but whose layout changed: the graph is
    still right (the public path builds it), only slower, and the range needs looking at.
    """
    assert swg._in_range(nx.__version__), nx.__version__
    assert swg._layout_holds()
    assert swg._has_fast_path()


def test_the_range_is_the_one_pyproject_declares() -> None:
    """The fast path's range and the dependency's range in pyproject.toml are the same."""
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    (spec,) = [d for d in dependencies if d.startswith("networkx")]
    (low, high) = swg._NETWORKX_RANGE
    assert spec == f"networkx>={low[0]}.{low[1]},<{high[0]}" + ("" if high[1] == 0 else f".{high[1]}")


@pytest.mark.parametrize(
    ("version", "inside"),
    [
        ("3.6", True),
        ("3.6.1", True),
        ("3.10", True),
        ("3.7rc0", True),
        ("3.5", False),
        ("3.1", False),
        ("2.8.8", False),
        ("4.0", False),
        ("4.0rc1", False),
        ("10.2", False),
        ("dev", False),
        ("", False),
    ],
)
def test_the_range_reads_major_and_minor(version: str, inside: bool) -> None:
    """A release is in the range by its major and minor numbers; an unreadable version is not."""
    assert swg._in_range(version) is inside


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    fast, public = swg._fill, swg._fill_public

    def fill(graph: Any, registry: sw.Registry) -> None:
        calls.append("fast")
        fast(graph, registry)

    def fill_public(graph: Any, registry: sw.Registry) -> None:
        calls.append("public")
        public(graph, registry)

    monkeypatch.setattr(swg, "_fill", fill)
    monkeypatch.setattr(swg, "_fill_public", fill_public)
    return calls


@pytest.mark.parametrize("version", ["4.0", "3.1.0", "nightly"])
def test_a_networkx_outside_the_range_gets_the_public_build(
    monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    """Outside the range the public methods build the graph, and it is the same graph."""
    registry = sw.datasets.example()
    expected = swg.build_graph(registry)
    calls = _spy(monkeypatch)
    monkeypatch.setattr(nx, "__version__", version)
    assert not swg._has_fast_path()
    assert_same_graph(swg.build_graph(registry), expected)
    assert calls == ["public"]


def test_a_layout_that_fails_the_self_check_gets_the_public_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the range, a networkx whose graphs are not laid out as plain dicts is built through its public methods."""

    class Keys(dict[Any, Any]):
        """A key dictionary of another type, as a networkx that changed its layout might use."""

    registry = sw.datasets.example()
    expected = swg.build_graph(registry)
    monkeypatch.setattr(nx.MultiDiGraph, "edge_key_dict_factory", Keys)
    swg._fast_path_for.cache_clear()
    try:
        assert not swg._layout_holds()
        calls = _spy(monkeypatch)
        built = swg.build_graph(registry)
        assert calls == ["public"]
        assert nx.utils.graphs_equal(built, expected)
    finally:
        swg._fast_path_for.cache_clear()


def test_the_self_check_finds_key_dictionaries_that_are_not_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """A networkx that keeps each direction's key dictionary apart fails the check."""
    original = nx.MultiDiGraph.add_edge

    def add_edge(self: Any, u: Any, v: Any, key: Any = None, **attr: Any) -> Any:
        key = original(self, u, v, key, **attr)
        self._pred[v][u] = dict(self._pred[v][u])
        return key

    monkeypatch.setattr(nx.MultiDiGraph, "add_edge", add_edge)
    assert not swg._layout_holds()


def test_the_self_check_survives_a_renamed_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A networkx whose graphs keep their nodes elsewhere fails the check instead of raising."""
    original = nx.MultiDiGraph.__init__

    def renamed(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self._nodes = self.__dict__.pop("_node")

    monkeypatch.setattr(nx.MultiDiGraph, "__init__", renamed)
    assert not swg._layout_holds()
