"""Time importing ledgers (台账): a workbook against pandas' calamine reader, CSV at scale, bad cells.

Goals (the ledgers issue):

* a workbook of about 100,000 rows (a synthetic registry written by
  ``socialwork.io.write_ledgers``, as ``export --to xlsx`` writes it): import at most
  1.2 times the time of ``pandas.read_excel(path, sheet_name=None, engine="calamine")``
  reading the same sheets into frames, timed in the same run; and under 5 s;
* the national registry as ledger CSV files (about two million rows): import under
  20 s, peak memory under 3 GB (``--national``: it writes the files first, which takes
  minutes);
* a workbook with 10,000 bad cells: the full report in under 2 s.

Each figure is the best of three runs (the reference too). Wall time on a shared
machine is noisy.

Run: python benchmarks/bench_ledgers.py              (the 100,000-row workbook and the bad cells)
     python benchmarks/bench_ledgers.py --national   (also the national CSV, in a fresh process)
     python benchmarks/bench_ledgers.py --quick      (a smoke run on a small registry)
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import socialwork as sw
from socialwork.datasets import NATIONAL

# About 100,000 rows: 144 districts of the national shape.
TENTH = dict(NATIONAL, districts=144)
QUICK = dict(NATIONAL, districts=3)


def best(function, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def workbook(shape, folder):
    registry = sw.datasets.synthetic(**shape)
    path = folder / "ledger.xlsx"
    start = time.perf_counter()
    sw.io.write_ledgers(registry, path)
    written = time.perf_counter() - start
    return registry, path, written


def bad_workbook(folder, bad):
    """A stations sheet of *bad* rows, each with one unreadable date: *bad* bad cells."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    divisions = book.create_sheet("行政区划")
    divisions.append(["区划代码", "名称", "层级"])
    divisions.append(["510107", "武侯区", "区县"])
    stations = book.create_sheet("社工站")
    stations.append(["编号", "名称", "层级", "所属区划", "成立时间"])
    for number in range(bad):
        stations.append([f"st-{number}", f"站{number}", "社区社工室", "510107", "去年"])
    path = folder / "bad.xlsx"
    book.save(path)
    return path


def measure_workbook(shape):
    import pandas as pd

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        registry, path, written = workbook(shape, folder)
        rows = len(registry)
        ours = best(lambda: sw.io.read_ledgers(path))
        theirs = best(lambda: pd.read_excel(path, sheet_name=None, engine="calamine"))
        assert sw.io.read_ledgers(path) == registry
    return {"rows": rows, "import_s": ours, "pandas_s": theirs, "ratio": ours / theirs, "write_s": written}


def measure_bad(bad):
    with tempfile.TemporaryDirectory() as name:
        path = bad_workbook(Path(name), bad)

        def report():
            found = None
            try:
                sw.io.read_ledgers(path)
            except sw.errors.LedgerError as error:
                found = len(error.problems)
            if found != bad:
                msg = f"expected {bad} problems, got {found}"
                raise SystemExit(msg)

        return {"bad_cells": bad, "report_s": best(report)}


WRITE = """
import json, sys, time
import socialwork as sw
registry = sw.datasets.synthetic(**json.loads(sys.argv[1]))
start = time.perf_counter()
sw.io.write_ledgers(registry, sys.argv[2], to="csv")
print(json.dumps({"rows": len(registry), "write_s": time.perf_counter() - start}))
"""

READ = """
import json, resource, sys, time
import socialwork as sw
start, cpu = time.perf_counter(), time.process_time()
registry = sw.io.read_ledgers(sys.argv[1])
read, cpu = time.perf_counter() - start, time.process_time() - cpu
status = open("/proc/self/status").read() if sys.platform == "linux" else ""
hwm = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")]
peak = int(hwm[0]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": len(registry), "import_s": read, "cpu_s": cpu, "peak_kib": peak}))
"""


def _child(script, *argv):
    done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_csv(shape):
    """Write the ledgers in one process, then import them in a fresh one: its peak is the import's own."""
    with tempfile.TemporaryDirectory() as name:
        folder = str(Path(name) / "csv")
        written = _child(WRITE, json.dumps(dict(shape)), folder)
        read = _child(READ, folder)
    if read["rows"] != written["rows"]:
        msg = f"wrote {written['rows']} rows, read {read['rows']}"
        raise SystemExit(msg)
    return {**written, **read}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--national", action="store_true")
    args = parser.parse_args()
    shape = QUICK if args.quick else TENTH
    found = measure_workbook(shape)
    print(
        f"workbook: {found['rows']:,} rows  import {found['import_s']:.2f} s  "
        f"pandas.read_excel(calamine) {found['pandas_s']:.2f} s  ratio {found['ratio']:.2f} "
        f"(goal <= 1.2, and < 5 s)  [written in {found['write_s']:.1f} s]"
    )
    bad = measure_bad(100 if args.quick else 10_000)
    print(f"bad cells: {bad['bad_cells']:,}  full report {bad['report_s']:.2f} s (goal < 2 s)")
    if args.quick:
        small = measure_csv(QUICK)
        print(
            f"csv (quick): {small['rows']:,} rows  "
            f"import {small['import_s']:.2f} s, CPU {small['cpu_s']:.2f} s"
        )
    if args.national:
        big = measure_csv(NATIONAL)
        print(
            f"national csv: {big['rows']:,} rows  import {big['import_s']:.1f} s, CPU {big['cpu_s']:.1f} s "
            "(goal < 20 s)  "
            f"peak {big['peak_kib'] / 1024**2:.2f} GB (goal < 3 GB)  [written in {big['write_s']:.0f} s]"
        )


if __name__ == "__main__":
    main()
