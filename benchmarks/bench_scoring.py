"""Benchmark socialwork.scoring against hand-written numpy and pymcdm, side by side.

Goals (issue 5), at 600,000 entities x 20 criteria:

- evaluate() of a 3-level, 20-leaf indicator system from a values matrix, weighted
  sum and TOPSIS: within 3x the hand-written numpy expression and under 0.3 s;
- TOPSIS with the same scores as pymcdm, >= 10x faster than pymcdm as its users
  call it (validation on) and >= 1.5x faster than with validation off, our input
  checks included;
- extracting indicator values from 600,000 station objects through the
  extractors: under 2 s (beside a plain list comprehension over the objects).

Run ``python benchmarks/bench_scoring.py`` (full sizes) or ``--quick`` (smoke test).
"""

from __future__ import annotations

import argparse
import gc
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from socialwork.model import (
    Division,
    DivisionLevel,
    Project,
    Registry,
    SocialWorker,
    Station,
    StationLevel,
    TalentTrack,
)
from socialwork.scoring import Indicator, IndicatorSystem, evaluate, extract, topsis, weighted_sum


def best_of(repeat: int, function: Callable[[], Any]) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def system_20() -> IndicatorSystem:
    """Root -> 2 first-level -> 2 second-level each -> 5 leaves each: 3 levels, 20 leaves."""
    first = []
    for a in range(2):
        second = []
        for b in range(2):
            leaves = [
                Indicator(
                    id=f"L{a}{b}{c}",
                    weight="0.2",
                    normalization="minmax",
                    direction=-1 if (a * 10 + b * 5 + c) % 4 == 3 else 1,
                )
                for c in range(5)
            ]
            second.append(Indicator(id=f"S{a}{b}", weight="0.5", children=leaves))
        first.append(Indicator(id=f"F{a}", weight="0.5", children=second))
    return IndicatorSystem(Indicator(id="root", children=first))


def numpy_minmax(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    low, high = x.min(axis=0), x.max(axis=0)
    n = (x - low) / (high - low)
    return np.where(types > 0, n, 1 - n)


def numpy_weighted_sum(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    return numpy_minmax(x, types) @ w


def numpy_topsis(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    v = numpy_minmax(x, types) * w
    dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    dm = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    return dm / (dp + dm)


def build_registry(n: int, rng: np.random.Generator) -> Registry:
    divisions: list[Any] = [Division(code="510107", name="武侯区", level=DivisionLevel.DISTRICT)]
    stations = []
    for i in range(n):
        street, room = divmod(i, 999)
        code = f"510107{street + 1:03d}{room + 1:03d}"
        divisions.append(Division(code=code, name=f"社区{i}", level=DivisionLevel.COMMUNITY))
        stations.append(
            Station(
                id=f"c{i}",
                name=f"社区社工室{i}",
                level=StationLevel.COMMUNITY,
                division_id=code,
                area_m2=int(rng.integers(20, 400)),
            )
        )
    tracks = list(TalentTrack)
    picks = rng.integers(0, n, size=n)
    kinds = rng.integers(0, 3, size=n)
    workers = [
        SocialWorker(id=f"w{i}", name="社工", station_id=f"c{picks[i]}", tracks={tracks[kinds[i]]})
        for i in range(n)
    ]
    import datetime as dt

    projects = [
        Project(
            id=f"p{i}",
            name="项目",
            operator_id="org",
            start=dt.date(2022, 1, 1),
            station_ids=(f"c{picks[i]}",),
            person_times=int(rng.integers(0, 2000)),
        )
        for i in range(n // 10)
    ]
    from socialwork.model import Organization, OrgKind

    org = Organization(id="org", name="社工机构", kind=OrgKind.SOCIAL_WORK_AGENCY)
    return Registry([*divisions, org, *stations, *workers, *projects])


def bench_extraction(
    stations: int, rng: np.random.Generator
) -> tuple[list[tuple[str, float, str]], float, float]:
    """Time the station extractors over a registry of *stations* community rooms."""
    start = time.perf_counter()
    registry = build_registry(stations, rng)
    built = time.perf_counter() - start
    names = [
        "station.workers",
        "station.practitioners",
        "station.managers",
        "station.supervisors",
        "station.certified_workers",
        "station.children",
        "station.projects",
        "station.person_times",
        "station.area_m2",
    ]
    t_ex, found = best_of(3, lambda: extract(registry, names))
    assert found.values.shape == (stations, len(names))
    assert found.values[:, 0].sum() == stations  # every worker counted once

    def plain() -> np.ndarray:
        return np.array(
            [[float(s.area_m2 or 0), 0.0 if s.parent_id is None else 1.0] for s in registry.stations.values()]
        )

    t_plain, _ = best_of(3, plain)
    rows = [
        (f"extract {len(names)} station extractors, {stations:,} stations", t_ex, "goal < 2 s"),
        ("reference: list comprehension, 2 fields", t_plain, f"extract is {t_ex / t_plain:.1f}x"),
    ]

    return rows, t_ex, built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    args = parser.parse_args()
    n = 20_000 if args.quick else 600_000
    stations = 5_000 if args.quick else 600_000
    repeat = 3 if args.quick else 5
    rng = np.random.default_rng(2022)
    system = system_20()
    x = rng.uniform(0, 100, size=(n, 20))
    w = np.asarray(system.leaf_weights)
    types = np.array(system.directions)

    print(f"socialwork.scoring benchmark: {n:,} x 20, best of {repeat}")
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    rows: list[tuple[str, float, str]] = []

    t_np_ws, ref_ws = best_of(repeat, lambda: numpy_weighted_sum(x, w, types))
    t_ev_ws, ours_ws = best_of(repeat, lambda: evaluate(system, x))
    t_flat_ws, flat_ws = best_of(repeat, lambda: weighted_sum(x, w, directions=types, normalization="minmax"))
    assert np.allclose(ours_ws.total, ref_ws)
    assert np.allclose(flat_ws, ref_ws)
    rows += [
        ("weighted sum: hand-written numpy (reference)", t_np_ws, "1.00x"),
        ("weighted sum: evaluate(system, matrix)", t_ev_ws, f"{t_ev_ws / t_np_ws:.2f}x numpy (goal <= 3x)"),
        ("weighted sum: weighted_sum(matrix, ...)", t_flat_ws, f"{t_flat_ws / t_np_ws:.2f}x numpy"),
    ]

    t_np_tp, ref_tp = best_of(repeat, lambda: numpy_topsis(x, w, types))
    t_ev_tp, ours_tp = best_of(repeat, lambda: evaluate(system, x, method="topsis"))
    t_flat_tp, flat_tp = best_of(repeat, lambda: topsis(x, w, directions=types, normalization="minmax"))
    from pymcdm.methods import TOPSIS

    pymcdm_topsis = TOPSIS()
    t_pm, pm = best_of(1 if not args.quick else repeat, lambda: pymcdm_topsis(x, w, types))
    t_pm_off, pm_off = best_of(repeat, lambda: pymcdm_topsis(x, w, types, validation=False))
    diff = float(np.abs(ours_tp.total - pm).max())
    assert diff < 1e-9
    assert np.allclose(flat_tp, pm_off)
    assert np.allclose(ref_tp, pm)
    rows += [
        ("TOPSIS: hand-written numpy (reference)", t_np_tp, "1.00x"),
        ("TOPSIS: evaluate(system, matrix, topsis)", t_ev_tp, f"{t_ev_tp / t_np_tp:.2f}x numpy (goal <= 3x)"),
        ("TOPSIS: topsis(matrix, ...)", t_flat_tp, f"{t_flat_tp / t_np_tp:.2f}x numpy"),
        (
            "TOPSIS: pymcdm TOPSIS() as users call it",
            t_pm,
            f"ours {t_pm / t_flat_tp:.1f}x faster (goal >= 10x)",
        ),
        (
            "TOPSIS: pymcdm TOPSIS(validation=False)",
            t_pm_off,
            f"ours {t_pm_off / t_flat_tp:.2f}x faster (goal >= 1.5x)",
        ),
    ]

    extraction, t_ex, built = bench_extraction(stations, rng)
    rows += extraction

    width = max(len(name) for name, _, _ in rows)
    print(f"{'measure':<{width}}  {'seconds':>9}  ratio")
    for name, seconds, ratio in rows:
        print(f"{name:<{width}}  {seconds:>9.4f}  {ratio}")
    print(f"max |ours - pymcdm| TOPSIS closeness: {diff:.2e}")
    print(f"(registry of {stations:,} stations, {stations:,} workers built in {built:.1f} s, untimed)")
    goals = {
        "weighted sum <= 3x numpy and < 0.3 s": t_ev_ws <= 3 * t_np_ws and t_ev_ws < 0.3,
        "TOPSIS <= 3x numpy and < 0.3 s": t_ev_tp <= 3 * t_np_tp and t_ev_tp < 0.3,
        "TOPSIS >= 10x pymcdm (validation on)": t_pm >= 10 * t_flat_tp,
        "TOPSIS >= 1.5x pymcdm (validation off)": t_pm_off >= 1.5 * t_flat_tp,
        "extractors < 2 s": t_ex < 2.0,
    }
    if args.quick:
        print("(quick run: sizes too small for the goals to mean anything)")
    for goal, met in goals.items():
        print(f"{'met    ' if met else 'NOT MET'}  {goal}")


if __name__ == "__main__":
    main()
