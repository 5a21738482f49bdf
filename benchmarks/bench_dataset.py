"""Time partitioned Parquet datasets against the JSON format, on the same registry in the same run.

The national registry (``sw.datasets.synthetic(**sw.datasets.NATIONAL)``, about two
million entities) is written with :func:`socialwork.io.write_dataset` partitioned by
province, read back whole with :func:`socialwork.io.read_dataset`, and one province
read with ``divisions=``; then, for reference, :func:`socialwork.dump` and
:func:`socialwork.load` of the same registry. Goals: written < 5 s, read whole < 2 s,
one province < 0.3 s. It also times ``Registry.from_kinds`` of the entities already
built: the reference checks that every reader (JSON or Parquet) pays. Each figure is
the best of *repeat* runs, in wall-clock seconds, with the CPU seconds of that run
(every thread of the process): on a shared machine the CPU time is the steadier figure.

Run: python benchmarks/bench_dataset.py            (the national registry)
     python benchmarks/bench_dataset.py --quick    (a smoke run of 20 districts)
"""

import argparse
import gc
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import socialwork as sw
from socialwork._bulk import gc_paused
from socialwork.io import read_dataset, write_dataset
from socialwork.model import KINDS

CPU: dict[str, float] = {}  # the CPU seconds of each timed step's best run, by its label


def _best(step: Callable[[], Any], repeat: int, label: str = "") -> tuple[float, Any]:
    """The best wall-clock time of *repeat* runs of *step*, and its result; its CPU time goes in CPU."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        result = step()
        wall = time.perf_counter() - start
        if wall < best:
            best, CPU[label] = wall, time.process_time() - cpu
    return best, result


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of 20 districts")
    parser.add_argument("--repeat", type=int, default=None, help="runs of each step (best is kept)")
    parser.add_argument("--level", default="province", choices=["province", "city", "district"])
    args = parser.parse_args()
    shape = dict(sw.datasets.NATIONAL)
    if args.quick:
        shape["districts"] = 20
    repeat = args.repeat or (1 if args.quick else 2)
    registry = sw.datasets.synthetic(**shape)
    where = Path(tempfile.mkdtemp())
    try:
        folder, document = where / "dataset", where / "registry.json"
        written, _ = _best(lambda: write_dataset(registry, folder, partition_by=args.level), repeat, "write")
        whole, back = _best(lambda: read_dataset(folder), repeat, "read")
        assert back == registry, "the dataset did not read back as the registry"
        del back
        province = min(s.division_id[:2] for s in registry.stations.values()) + "0000"
        one, part = _best(lambda: read_dataset(folder, divisions=[province]), repeat, "province")
        lists = {kind: list(getattr(registry, kind).values()) for kind in KINDS}
        with gc_paused():  # as every reader builds its registry
            floor, _ = _best(lambda: sw.Registry.from_kinds(lists), 1, "floor")
        dumped, _ = _best(lambda: sw.dump(registry, document), 1, "dump")
        loaded, _ = _best(lambda: sw.load(document), 1, "load")
        rows = [
            ("entities", f"{len(registry):,}", "", ""),
            (f"write_dataset (partition_by={args.level!r})", f"{written:.2f} s", "goal < 5 s", "write"),
            ("read_dataset, whole", f"{whole:.2f} s", "goal < 2 s", "read"),
            (
                f"read_dataset, province {province} ({len(part):,} entities)",
                f"{one:.3f} s",
                "goal < 0.3 s",
                "province",
            ),
            ("Registry.from_kinds of the built entities", f"{floor:.2f} s", "part of every read", "floor"),
            ("sw.dump (JSON)", f"{dumped:.2f} s", "reference", "dump"),
            ("sw.load (JSON)", f"{loaded:.2f} s", "reference", "load"),
            (
                "dataset size",
                f"{_size(folder) / 2**20:.1f} MiB",
                f"JSON {document.stat().st_size / 2**20:.1f} MiB",
                "",
            ),
        ]
        width = max(len(name) for name, *_ in rows)
        print(f"{'':<{width}}  {'wall':>12}  {'CPU':>8}  note")
        for name, figure, note, label in rows:
            cpu = f"{CPU[label]:.2f} s" if label else ""
            print(f"{name:<{width}}  {figure:>12}  {cpu:>8}  {note}")
    finally:
        shutil.rmtree(where, ignore_errors=True)


if __name__ == "__main__":
    main()
