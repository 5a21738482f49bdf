"""Benchmark socialwork.matching against the matching package and networkx, side by side.

Run ``python benchmarks/bench_matching.py`` for the sizes of issue 4, or with
``--quick`` for a smoke test that finishes in seconds. Every figure is measured in
this run, on this machine: wall-clock time with ``time.perf_counter`` and peak extra
memory with ``tracemalloc`` (a separate run, since tracing slows Python down).

1. Hospital/residents, resident-optimal, lists of length 10, places for 90% of the
   residents: ``stable`` (validation included) against the ``matching`` package as
   its users call it, ``HospitalResident.create_from_dictionaries(...).solve()``.
   Each side's figure is its best run of as many as fit in a second (at most 20,
   at least one), by the same rule for both, so that a busy machine's pauses are
   not counted. The CPU time of each side (``time.process_time``, every thread of
   the process) is printed beside it, with the ratio of both: on a shared machine
   the wall-clock time also counts the time the process waited for a core. Sizes
   where ``matching`` would take more than 60 s (extrapolated quadratically from
   the last size it ran) are skipped and said so; there, ours is the best of three
   runs.
2. A many-to-many two-way fair: communities each ranking 10 agencies, capacities
   1-5 on both sides.
3. Assignment of needs to services: ``assign`` with each backend (OR-Tools
   min-cost flow when it is installed, and scipy's HiGHS) against networkx
   ``min_cost_flow``, all in this run (same optimum asserted), with the greedy
   baseline's total fit beside the optimum.
4. The import of ``socialwork.matching`` in a fresh interpreter (best of five,
   ``-X importtime``'s cumulative figure): numpy, scipy and OR-Tools load on first
   use, so each timed section above is preceded by one tiny warm-up call and
   measures the algorithm, not the first import.
"""

from __future__ import annotations

import argparse
import gc
import random
import subprocess
import sys
import threading
import time
import tracemalloc
import warnings
from collections.abc import Callable
from functools import partial
from typing import Any

import networkx as nx

from socialwork.matching import assign, assign_greedy, is_stable, stable

LIMIT_S = 60.0


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def timed_cpu(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """Return the wall-clock and the CPU time of one call of *func* (after a collection), and its result."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, time.process_time() - cpu, result


def peak_mib(func: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def hr_instance(residents: int, seed: int = 0) -> tuple[dict, dict, dict]:
    rng = random.Random(seed)
    hospitals = [f"h{j}" for j in range(residents // 10)]
    resident_prefs = {f"r{i}": rng.sample(hospitals, 10) for i in range(residents)}
    hospital_prefs: dict[str, list[str]] = {h: [] for h in hospitals}
    for r, ranked in resident_prefs.items():
        for h in ranked:
            hospital_prefs[h].append(r)
    for ranked in hospital_prefs.values():
        rng.shuffle(ranked)
    places = int(0.9 * residents)
    capacities = {
        h: places // len(hospitals) + (j < places % len(hospitals)) for j, h in enumerate(hospitals)
    }
    return resident_prefs, hospital_prefs, capacities


def run_matching_package(rp: dict, hp: dict, caps: dict) -> frozenset:
    """Solve with the matching package, as its users must: its deep copy of the players
    recurses once per linked player, so it needs a raised recursion limit and a big stack."""
    from matching.games import HospitalResident

    out: list[frozenset] = []

    def solve() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            solved = HospitalResident.create_from_dictionaries(rp, hp, caps).solve(optimal="resident")
        out.append(frozenset((r.name, h.name) for h, rs in solved.items() for r in rs))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 30)
    try:
        worker = threading.Thread(target=solve)
        worker.start()
        worker.join()
    finally:
        sys.setrecursionlimit(limit)
        threading.stack_size(0)
    if not out:
        msg = "the matching package failed"
        raise RuntimeError(msg)
    return out[0]


def best_of(
    func: Callable[[], Any], *, budget_s: float = 1.0, least: int = 1, most: int = 20
) -> tuple[float, float, Any]:
    """Return the least wall-clock and CPU times of the calls of *func* that fit in *budget_s*.

    At least *least* calls are made and at most *most*.
    """
    seconds, cpu_s, result = timed_cpu(func)
    spent, runs = seconds, 1
    while runs < most and (runs < least or spent + seconds < budget_s):
        again, again_cpu, result = timed_cpu(func)
        seconds, cpu_s = min(seconds, again), min(cpu_s, again_cpu)
        spent, runs = spent + again, runs + 1
    return seconds, cpu_s, result


def bench_hospital_residents(sizes: list[int], memory_up_to: int) -> None:
    print("\n## Hospital/residents, resident-optimal (lists of 10, places for 90%)\n")
    print(
        "| residents | hospitals | socialwork s | CPU s | peak MiB | matching pkg s | CPU s "
        "| ratio | CPU ratio | same answer |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|")
    last: tuple[int, float] | None = None
    for n in sizes:
        rp, hp, caps = hr_instance(n)
        predicted = None if last is None else last[1] * (n / last[0]) ** 2
        skip = predicted is not None and predicted > LIMIT_S
        ours_s, ours_cpu, ours = best_of(partial(stable, rp, hp, capacities=caps), least=3 if skip else 1)
        mem = (
            f"{peak_mib(partial(stable, rp, hp, capacities=caps)):.1f}" if n <= memory_up_to else "not traced"
        )
        if skip:
            theirs_s, theirs_cpu = f"skipped (~{predicted:.0f} s predicted)", "-"
            ratio = cpu_ratio = same = "-"
        else:
            their_s, their_cpu, theirs = best_of(partial(run_matching_package, rp, hp, caps))
            last = (n, their_s)
            theirs_s, theirs_cpu = f"{their_s:.2f}", f"{their_cpu:.2f}"
            ratio = f"{their_s / ours_s:.0f}x"
            cpu_ratio = f"{their_cpu / ours_cpu:.0f}x"
            same = "yes" if theirs == ours.pairs else "NO"
        print(
            f"| {n:,} | {len(hp):,} | {ours_s:.3f} | {ours_cpu:.3f} | {mem} | {theirs_s} | {theirs_cpu} "
            f"| {ratio} | {cpu_ratio} | {same} |"
        )
        sys.stdout.flush()


def bench_fair(communities: int, agencies: int) -> None:
    print("\n## Many-to-many two-way fair (each community ranks 10 agencies, capacities 1-5)\n")
    rng = random.Random(1)
    agency_ids = [f"a{j}" for j in range(agencies)]
    cp = {f"c{i}": rng.sample(agency_ids, 10) for i in range(communities)}
    ap: dict[str, list[str]] = {a: [] for a in agency_ids}
    for c, ranked in cp.items():
        for a in ranked:
            ap[a].append(c)
    for ranked in ap.values():
        rng.shuffle(ranked)
    caps = {a: rng.randint(1, 5) for a in agency_ids}
    pcaps = {c: rng.randint(1, 5) for c in cp}
    seconds, m = timed(lambda: stable(cp, ap, capacities=caps, proposer_capacities=pcaps))
    check_s, ok = timed(lambda: is_stable(m))
    print("| communities | agencies | pairs | socialwork s | goal | is_stable s | stable |")
    print("|---:|---:|---:|---:|---:|---:|:---|")
    print(
        f"| {communities:,} | {agencies:,} | {len(m.pairs):,} | {seconds:.2f} | < 2 s "
        f"| {check_s:.2f} | {'yes' if ok else 'NO'} |"
    )


def assignment_instance(needs_n: int, services_n: int, k: int, districts: int, seed: int = 2) -> tuple:
    """Needs and services in *districts* districts; each need has *k* candidates in its own."""
    rng = random.Random(seed)
    needs = {f"n{i:06d}": rng.randint(1, 19) for i in range(needs_n)}
    total = sum(needs.values())
    top = max(1, int(2 * 0.9 * total / services_n))
    services = {f"s{j:05d}": rng.randint(1, top) for j in range(services_n)}
    service_ids = list(services)
    per = services_n // districts
    fit = {}
    for i, need in enumerate(needs):
        d = i * districts // needs_n
        pool = service_ids[d * per : (d + 1) * per]
        for s in rng.sample(pool, min(k, len(pool))):
            fit[need, s] = rng.randint(1, 30)
    return needs, services, fit


def networkx_assign(needs: dict, services: dict, fit: dict) -> int:
    graph = nx.DiGraph()
    total = sum(needs.values())
    graph.add_node("source", demand=-total)
    graph.add_node("sink", demand=total)
    graph.add_edge("source", "sink", capacity=total, weight=0)
    for n, persons in needs.items():
        graph.add_edge("source", ("n", n), capacity=persons, weight=0)
    for s, cap in services.items():
        graph.add_edge(("s", s), "sink", capacity=cap, weight=0)
    for (n, s), value in fit.items():
        graph.add_edge(("n", n), ("s", s), capacity=needs[n], weight=-value)
    return -nx.cost_of_flow(graph, nx.min_cost_flow(graph))


def has_ortools() -> bool:
    try:
        import ortools.graph.python.min_cost_flow  # noqa: F401
    except ImportError:
        return False
    return True


def bench_assignment(cases: list[tuple[int, int, int, int, bool, bool]]) -> None:
    """Time each backend (and networkx where asked) on each case; the optima must agree."""
    solvers = ["ortools", "highs"] if has_ortools() else ["highs"]
    print("\n## Assignment of needs to services (max total fit)\n")
    if len(solvers) == 1:
        print("(OR-Tools is not installed: pip install 'socialwork[solvers]' to time it)\n")
    print(
        "| needs | services | candidates/need | districts | pairs | solver | socialwork s "
        "| networkx s | networkx/ours | optimum | greedy fit | greedy/optimum |"
    )
    print("|---:|---:|---:|---:|---:|:---|---:|---:|---:|---:|---:|---:|")
    for needs_n, services_n, k, districts, with_networkx, with_highs in cases:
        needs, services, fit = assignment_instance(needs_n, services_n, k, districts)
        greedy = assign_greedy(needs, services, fit=fit)
        nx_s = None
        if with_networkx:
            nx_s, nx_total = timed(partial(networkx_assign, needs, services, fit))
        for solver in solvers:
            if solver == "highs" and not with_highs:
                print(
                    f"| {needs_n:,} | {services_n:,} | {k} | {districts} | {len(fit):,} | highs | not run |"
                )
                continue
            ours_s, ours = timed(partial(assign, needs, services, fit=fit, solver=solver))
            if nx_s is not None and nx_total != ours.total_fit:
                msg = f"optimum differs: networkx {nx_total}, socialwork {solver} {ours.total_fit}"
                raise SystemExit(msg)
            nx_col, ratio = ("not run", "-") if nx_s is None else (f"{nx_s:.2f}", f"{nx_s / ours_s:.1f}x")
            print(
                f"| {needs_n:,} | {services_n:,} | {k} | {districts} | {len(fit):,} | {solver} "
                f"| {ours_s:.3f} | {nx_col} | {ratio} | {ours.total_fit:,} | {greedy.total_fit:,} "
                f"| {greedy.total_fit / ours.total_fit:.4f} |"
            )
            sys.stdout.flush()


def warm_up() -> None:
    """Make the first-use imports (numpy, scipy, OR-Tools) before anything is timed."""
    stable({"a": ["x"]}, {"x": ["a"]}, capacities={"x": 1})
    for solver in ["ortools", "highs"] if has_ortools() else ["highs"]:
        assign(
            {"n": 1, "m": 1},
            {"s": 1, "t": 1},
            fit={("n", "s"): 1, ("m", "s"): 2, ("m", "t"): 1},
            solver=solver,
        )


def bench_import(runs: int = 5) -> None:
    """Print the best cumulative ``-X importtime`` figure of ``import socialwork.matching``."""
    print(f"\n## Import of socialwork.matching (fresh interpreter, best of {runs})\n")
    best = None
    for _ in range(runs):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import socialwork.matching"],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        line = next(x for x in reversed(err.splitlines()) if x.rstrip().endswith("| socialwork.matching"))
        micro = int(line.split("|")[1])
        best = micro if best is None else min(best, micro)
    assert best is not None
    print("| import s | goal |")
    print("|---:|---:|")
    print(f"| {best / 1e6:.3f} | < 0.3 s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test of a few seconds")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}; quick={args.quick}")
    bench_import()
    warm_up()
    if args.quick:
        bench_hospital_residents([200, 1000], memory_up_to=1000)
        bench_fair(200, 40)
        bench_assignment([(300, 30, 10, 1, True, True), (1000, 100, 20, 10, False, True)])
        return
    bench_hospital_residents([1_000, 4_000, 10_000, 50_000, 600_000], memory_up_to=50_000)
    bench_fair(10_000, 2_000)
    bench_assignment(
        [
            (5_000, 500, 10, 1, True, True),
            (5_000, 500, 10, 10, True, True),
            (100_000, 10_000, 20, 100, False, True),
            (100_000, 10_000, 20, 1, False, True),
        ]
    )


if __name__ == "__main__":
    main()
