"""Benchmark socialwork.linkage on the national synthetic registry, at 1/100, 1/10 and full size.

Goals (issue "The system as a graph"), on a 2-core machine, at full size (about 3,000
districts, 40,000 streets, 600,000 communities, 2 million entities):
- every community's ``profiles``: under 15 s;
- ``bridges`` for every district: under 60 s;
- graph + coverage + all profiles end to end: under 45 s, peak memory under 6 GB.

Usage:
    python benchmarks/bench_linkage.py            # 1/100, 1/10 and full size
    python benchmarks/bench_linkage.py --quick    # a tiny size, a smoke test
    python benchmarks/bench_linkage.py --scales 0.01

Each size runs in a child process, so that its peak memory (VmHWM, the child's own
high-water mark, which includes building the registry) is its own. The reference
ratio is against the same work done one community at a time: ``profile`` on a sample
of communities, scaled to all of them. ``socialwork.graph.build_graph`` and
``socialwork.hierarchy.coverage`` are timed when those modules are present.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import socialwork as sw
from socialwork.datasets import NATIONAL

GOALS = {"profiles": 15.0, "bridges": 60.0, "end_to_end": 45.0}
SAMPLE = 2000


def vm_hwm_mib() -> float:
    status = Path("/proc/self/status").read_text(encoding="ascii")
    kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return kib / 1024


def timed(func: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def cpu_timed(func: Any) -> tuple[float, float, Any]:
    """Wall and CPU seconds: on a shared machine the CPU time is the steadier figure."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def child(scale: float) -> dict[str, Any]:
    """Measure one size; runs in its own process."""
    from socialwork import linkage  # noqa: F401  (its import, networkx included, stays out of the timings)

    districts = max(1, round(NATIONAL["districts"] * scale))
    build_s, registry = timed(lambda: sw.datasets.synthetic(**{**NATIONAL, "districts": districts}))
    figures: dict[str, Any] = {
        "scale": scale,
        "districts": districts,
        "communities": sum(1 for d in registry.divisions.values() if d.level is sw.DivisionLevel.COMMUNITY),
        "entities": len(registry),
        "build_s": build_s,
    }
    figures["rss_after_build_mib"] = vm_hwm_mib()

    # End to end on a fresh registry of the same data: graph + coverage + profiles.
    parts: dict[str, float] = {}
    if importlib.util.find_spec("socialwork.graph") is not None:
        from socialwork.graph import build_graph

        parts["graph"], _ = timed(lambda: build_graph(registry))
    if importlib.util.find_spec("socialwork.hierarchy") is not None:
        from socialwork.hierarchy import coverage

        parts["coverage"], _ = timed(lambda: coverage(registry))
    parts["profiles"], figures["profiles_cpu_s"], result = cpu_timed(lambda: sw.linkage.profiles(registry))
    figures["parts"] = parts
    figures["end_to_end_s"] = sum(parts.values())
    figures["profiles_s"] = parts["profiles"]
    figures["mean_score"] = result.mean_score

    # Profiles again on a warm registry (its reverse indexes are built by now).
    figures["profiles_warm_s"], _ = timed(lambda: sw.linkage.profiles(registry))
    figures["bridges_s"], figures["bridges_cpu_s"], found = cpu_timed(lambda: sw.linkage.bridges(registry))
    figures["bridges"] = len(found)

    # Reference: one profile() per community, on a sample, scaled to all communities.
    # The registry's reverse indexes are built (once) by the first call, outside the timing.
    sample = result.community_ids[:: max(1, len(result) // SAMPLE)][:SAMPLE]
    figures["indexes_s"], _ = timed(lambda: sw.linkage.profile(registry, sample[0]))
    one_s, _ = timed(lambda: [sw.linkage.profile(registry, code) for code in sample])
    figures["one_by_one_s"] = one_s / len(sample) * len(result)
    figures["peak_mib"] = vm_hwm_mib()
    figures["load"] = os.getloadavg()[0]
    return figures


def run_child(scale: float) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(scale)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def report(rows: list[dict[str, Any]]) -> None:
    print(
        f"{'scale':>6} {'districts':>9} {'communities':>11} {'entities':>9} {'build':>7} "
        f"{'profiles':>9} {'warm':>6} {'1-by-1':>7} {'bridges':>8} {'end2end':>8} {'peak MiB':>9}"
    )
    for r in rows:
        print(
            f"{r['scale']:>6g} {r['districts']:>9,} {r['communities']:>11,} {r['entities']:>9,} "
            f"{r['build_s']:>6.1f}s {r['profiles_s']:>8.2f}s {r['profiles_warm_s']:>5.2f}s "
            f"{r['one_by_one_s']:>6.1f}s {r['bridges_s']:>7.2f}s {r['end_to_end_s']:>7.2f}s "
            f"{r['peak_mib']:>9,.0f}"
        )
    for r in rows:
        parts = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in r["parts"].items())
        print(
            f"scale {r['scale']:g}: end to end = {parts}; {r['bridges']:,} bridges; "
            f"profiles {r['one_by_one_s'] / max(r['profiles_s'], 1e-9):.1f}x faster than one by one "
            f"(reverse indexes {r['indexes_s']:.2f}s, once); CPU time: profiles "
            f"{r['profiles_cpu_s']:.2f}s, bridges {r['bridges_cpu_s']:.2f}s; load average {r['load']:.1f}"
        )
    full = [r for r in rows if r["scale"] == 1]
    if full:
        r = full[0]
        print(
            f"goals at full size: profiles {r['profiles_s']:.1f}s < {GOALS['profiles']:.0f}s; "
            f"bridges {r['bridges_s']:.1f}s < {GOALS['bridges']:.0f}s; "
            f"end to end {r['end_to_end_s']:.1f}s < {GOALS['end_to_end']:.0f}s; "
            f"peak {r['peak_mib'] / 1024:.2f} GiB < 6 GiB"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one tiny size, for a smoke run")
    parser.add_argument(
        "--scales", type=float, nargs="*", default=None, help="fractions of the national size"
    )
    parser.add_argument("--child", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return 0
    scales = args.scales or ([0.001] if args.quick else [0.01, 0.1, 1.0])
    report([run_child(scale) for scale in scales])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
