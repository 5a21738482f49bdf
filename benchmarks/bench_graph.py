"""Time socialwork.graph.build_graph and the hierarchy's index, coverage and roll-ups at three sizes.

Goals (the graph issue), on the national synthetic registry, printed at 1/100, 1/10
and full size so that growth can be read (per-entity cost at full size at most 1.3x
that at 1/10):

- ``build_graph``: at most 1.2x the time and the peak memory of a plain networkx
  build of the same nodes, edges and attributes, measured in the same run;
- ``coverage``: under 1 s;
- ``rollup`` of one figure (social workers per station) to every street and
  district: under 50 ms, after a one-off index (``hierarchy.tree``) under 3 s.

Coverage is timed on the index arrays, as roll-ups are: the trees and the join of
each station to its division (``hierarchy.station_divisions``, built on the first
call and kept), each timed on its own.

References, each checked to give the same answer:
- *plain networkx*: ``MultiDiGraph().add_nodes_from(nodes)`` and
  ``add_edges_from(edges)`` over ready-made lists of the same nodes, edges and
  attribute dicts, as a user would write it (and, for information, the same with
  the garbage collector paused, as ``build_graph`` does);
- *node by node*: the roll-up as a traversal of the networkx station tree;
- *bincount*: the roll-up hand-written for the three-level case with ``np.bincount``;
- *a dict look-up per station*: the cheapest pass over the stations there is, for
  the growth of per-entity cost that the machine's caches alone add once the
  working set outgrows them (the floor for any pass of hash look-ups).

Every size runs in fresh processes (one for the library, one for the plain build),
so that peak memory (VmHWM, reset before each measure where Linux allows) is not
blurred by the other. Wall times on a shared machine are noisy; CPU times less so.

Usage:
    python benchmarks/bench_graph.py            # 30, 300 and 3,000 districts
    python benchmarks/bench_graph.py --quick    # a smoke run of 3 districts
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

import socialwork as sw
from socialwork import hierarchy
from socialwork.datasets import NATIONAL
from socialwork.graph import LABEL_FIELDS, SOCIETIES, _has_fast_path, build_graph
from socialwork.model import KINDS, REFERENCES


def rss_kib(field: str) -> int:
    """Return VmRSS or VmHWM of this process in KiB (0 where /proc is missing)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def reset_peak() -> int:
    """Reset the peak RSS to the current RSS (Linux clear_refs 5); return the RSS in KiB."""
    gc.collect()
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    return rss_kib("VmRSS")


def measure(func: Callable[[], Any]) -> tuple[Any, float, float, float]:
    """Run *func* once; return its result, wall s, CPU s and the peak MiB it added."""
    base = reset_peak()
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return result, wall, cpu, max(rss_kib("VmHWM") - base, 0) / 1024


def plain_lists(registry: sw.Registry) -> tuple[list[Any], list[Any]]:
    """The nodes and edges of the registry's graph as ready-made lists, written out plainly."""
    nodes: list[Any] = []
    for name in KINDS:
        society = SOCIETIES[name]
        field = LABEL_FIELDS[name]
        for entity_id, entity in getattr(registry, name).items():
            data = {"kind": name, "label": getattr(entity, field)}
            if society is not None:
                data["society"] = society
            nodes.append((entity_id, data))
    edges: list[Any] = []
    for ref in REFERENCES:
        for holder, entity in getattr(registry, ref.kind).items():
            value = getattr(entity, ref.field)
            for target in value if ref.many else () if value is None else (value,):
                u, v = (target, holder) if ref.reverse else (holder, target)
                edges.append((u, v, ref.relation, {"relation": ref.relation}))
    return nodes, edges


def plain_build(nodes: list[Any], edges: list[Any]) -> nx.MultiDiGraph[str]:
    """The reference: a plain networkx build from ready-made lists."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def workers_per_station(registry: sw.Registry) -> np.ndarray:  # type: ignore[type-arg]
    """One figure per station in registry order: its social workers."""
    position = {s: i for i, s in enumerate(registry.stations)}
    posted = [position[w.station_id] for w in registry.social_workers.values() if w.station_id is not None]
    return np.bincount(np.array(posted, dtype=np.int64), minlength=len(position))


def child_plain(districts: int) -> dict[str, float]:
    registry = sw.datasets.synthetic(**{**NATIONAL, "districts": districts})
    nodes, edges = plain_lists(registry)
    _, wall, cpu, peak = measure(lambda: plain_build(nodes, edges))
    gc.collect()
    gc.disable()
    _, wall_nogc, cpu_nogc, _ = measure(lambda: plain_build(nodes, edges))
    gc.enable()
    return {"wall": wall, "cpu": cpu, "peak": peak, "wall_nogc": wall_nogc, "cpu_nogc": cpu_nogc}


def child_library(districts: int) -> dict[str, Any]:
    registry = sw.datasets.synthetic(**{**NATIONAL, "districts": districts})
    out: dict[str, Any] = {"entities": len(registry), "stations": len(registry.stations)}
    graph, out["graph_wall"], out["graph_cpu"], out["graph_peak"] = measure(lambda: build_graph(registry))
    out["nodes"], out["edges"] = graph.number_of_nodes(), graph.number_of_edges()
    if districts <= 3:  # the plain lists draw the same graph
        nodes, edges = plain_lists(registry)
        same = plain_build(nodes, edges)
        assert nx.utils.graphs_equal(graph, same)
    del graph
    gc.collect()

    def index() -> None:
        hierarchy.tree(registry, "stations")
        hierarchy.tree(registry, "divisions")

    _, out["index_wall"], out["index_cpu"], _ = measure(index)
    # The join of each station to its division's position: an index array too, kept with
    # the station tree; the first coverage call builds it, so it is timed on its own.
    _, out["join_wall"], out["join_cpu"], _ = measure(lambda: hierarchy.station_divisions(registry))
    cover, out["coverage_wall"], out["coverage_cpu"], _ = measure(lambda: hierarchy.coverage(registry))
    out["reference_cpu"] = hash_join(registry)
    assert cover.is_full
    figure = workers_per_station(registry)

    def up() -> tuple[dict[str, Any], dict[str, Any]]:
        rolled = hierarchy.rollup(registry, figure)
        return rolled.at_level(sw.StationLevel.STREET), rolled.at_level(sw.StationLevel.DISTRICT)

    up()  # the first call also keeps the levels of the tree; time the second
    (streets, hubs), out["rollup_wall"], out["rollup_cpu"], _ = measure(up)

    def bincount() -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
        found = hierarchy.tree(registry, "stations")
        parent = found.parent
        rooms = np.flatnonzero(found.level == 2)
        street_total = figure + np.bincount(parent[rooms], weights=figure[rooms], minlength=len(figure))
        street = np.flatnonzero(found.level == 1)
        return street_total, figure + np.bincount(
            parent[street], weights=street_total[street], minlength=len(figure)
        )

    (street_total, hub_total), out["bincount_wall"], _, _ = measure(bincount)
    ids = list(registry.stations)
    assert all(street_total[ids.index(s)] == v for s, v in list(streets.items())[:50])
    tree = hierarchy.station_tree(registry)
    values = dict(zip(ids, figure.tolist(), strict=True))

    def node_by_node() -> dict[str, int]:
        chosen = [*streets, *hubs]
        return {s: values[s] + sum(values[d] for d in nx.descendants(tree, s)) for s in chosen}

    walked, out["walk_wall"], _, _ = measure(node_by_node)
    assert all(walked[s] == v for s, v in {**streets, **hubs}.items())
    assert int(hub_total.sum()) >= 0
    return out


def hash_join(registry: sw.Registry) -> float:
    """CPU s of the cheapest pass there is over the stations: each one's division looked up in a dict.

    Its per-entity cost from size to size is the floor that any pass of hash
    look-ups over Python objects shows on this machine as the working set outgrows
    the caches; coverage and the tree do such a pass.
    """
    position = {code: i for i, code in enumerate(registry.divisions)}
    stations = registry.stations.values()
    cpu = time.process_time()
    found = [position[s.division_id] for s in stations]
    cpu = time.process_time() - cpu
    assert len(found) == len(registry.stations)
    return cpu


def child(kind: str, districts: int) -> dict[str, Any]:
    """Run one measure in a fresh interpreter; return its figures."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(districts)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one small size, for a smoke run")
    parser.add_argument("--districts", type=int, nargs="*", default=None, help="sizes, in districts")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DISTRICTS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, districts = args.child[0], int(args.child[1])
        figures = child_plain(districts) if kind == "plain" else child_library(districts)
        print(json.dumps(figures))
        return 0
    full = NATIONAL["districts"]
    sizes = args.districts or ([3] if args.quick else [full // 100, full // 10, full])
    print(f"python {sys.version.split()[0]}, networkx {nx.__version__}, numpy {np.__version__}")
    # The guarded fast path fills networkx's dictionaries; outside its range, the public methods.
    path = "fast (networkx's dictionaries)" if _has_fast_path() else "public add_nodes_from/add_edges_from"
    print(f"build_graph path: {path}")
    shape = f"{NATIONAL['streets_per_district']} streets x {NATIONAL['communities_per_street']} communities"
    print(f"shape: districts x {shape}")
    print("one run per size, fresh processes; wall s (CPU s); peak = MiB of RSS the step added")
    rows = []
    for districts in sizes:
        lib = child("library", districts)
        plain = child("plain", districts)
        rows.append((districts, lib, plain))
        n, e = lib["nodes"], lib["edges"]
        print(f"\n{districts:,} districts: {lib['entities']:,} entities, {n:,} nodes, {e:,} edges")
        print(
            f"  build_graph        {lib['graph_wall']:7.2f} s ({lib['graph_cpu']:6.2f})  "
            f"{lib['graph_peak']:7.0f} MiB  {1e6 * lib['graph_cpu'] / (n + e):6.2f} µs CPU per node+edge"
        )
        print(
            f"  plain networkx     {plain['wall']:7.2f} s ({plain['cpu']:6.2f})  {plain['peak']:7.0f} MiB"
            f"   (gc paused: {plain['wall_nogc']:.2f} s ({plain['cpu_nogc']:.2f}))"
        )
        memory = lib["graph_peak"] / max(plain["peak"], 1e-9)
        print(
            f"  ratio build_graph / plain: time {lib['graph_cpu'] / plain['cpu']:.2f}x CPU "
            f"({lib['graph_wall'] / plain['wall']:.2f}x wall), memory {memory:.2f}x;"
            f" / plain with gc paused: {lib['graph_cpu'] / plain['cpu_nogc']:.2f}x CPU"
        )
        s = lib["stations"]
        per = 1e6 * lib["index_cpu"] / lib["entities"]
        print(
            f"  hierarchy.tree     {lib['index_wall']:7.3f} s ({lib['index_cpu']:6.3f})"
            f"   one-off index of stations and divisions, {per:.2f} µs/entity"
        )
        print(
            f"  station_divisions  {lib['join_wall']:7.3f} s ({lib['join_cpu']:6.3f})"
            "   one-off join of stations to division positions"
        )
        cold = lib["join_cpu"] + lib["coverage_cpu"]
        print(
            f"  coverage           {lib['coverage_wall']:7.3f} s ({lib['coverage_cpu']:6.3f})"
            f"   on the index; with the join, as a first call: {cold:.3f} s CPU"
        )
        rolled = f"{1e3 * lib['rollup_wall']:5.1f} ms ({1e3 * lib['rollup_cpu']:.1f})"
        print(
            f"  rollup to streets+districts {rolled}"
            f"   (node by node: {lib['walk_wall']:.2f} s, bincount: {1e3 * lib['bincount_wall']:.1f} ms;"
            f" {s:,} stations)"
        )
    if len(rows) >= 2:
        (_, small, _), (_, big, _) = rows[-2], rows[-1]
        print("\nper-entity cost, largest size over the one before (goal <= 1.3):")
        keys = [
            ("graph_cpu", "build_graph"),
            ("index_cpu", "tree"),
            ("join_cpu", "station_divisions"),
            ("coverage_cpu", "coverage"),
            ("reference_cpu", "reference: a dict look-up per station (the floor of a hash pass)"),
        ]
        for key, label in keys:
            ratio = (big[key] / big["entities"]) / (small[key] / small["entities"])
            print(f"  {label:<18} {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
