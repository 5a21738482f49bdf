"""Time ``socialwork report`` from a cold start: on the Wuhou scenario, and on the national registry.

Goals (issue 11): ``socialwork report`` on the Wuhou scenario in under 1.5 s of
wall time from a cold start, and ``socialwork report FILE`` on the national
synthetic registry (``sw.datasets.synthetic(**NATIONAL)``, about two million
entities) in under 90 s.

Every run is a fresh ``python -m socialwork report`` process, imports included,
its output thrown away; the Wuhou run is repeated five times (best and median
shown). The national registry is generated once and dumped to a temporary file,
which the command then loads, validates, profiles and reports on. The named
reference is the goal: each row shows its ratio to it. The machine is shared, so
wall times are noisy; the CPU time (user and system, of the child process) is
what the command costs on an idle machine, near enough.

Run: python benchmarks/bench_cli.py            (Wuhou x5, and the national file)
     python benchmarks/bench_cli.py --quick    (Wuhou x2, and a 1/100 registry)
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from socialwork.datasets import NATIONAL

MAKE = """
import json, sys
import socialwork as sw
registry = sw.datasets.synthetic(**json.loads(sys.argv[1]))
sw.dump(registry, sys.argv[2])
print(len(registry))
"""
WUHOU_GOAL = 1.5
NATIONAL_GOAL = 90.0


def run(arguments: list[str]) -> tuple[float, float]:
    """Return the wall and CPU time of one ``socialwork`` process with *arguments*."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "socialwork", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        msg = f"socialwork {' '.join(arguments)} failed: {result.stderr.decode()}"
        raise SystemExit(msg)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Wuhou twice and a 1/100 national registry")
    args = parser.parse_args()
    repeats = 2 if args.quick else 5
    districts = NATIONAL["districts"] // 100 if args.quick else NATIONAL["districts"]
    rows = []
    runs = [run(["report"]) for _ in range(repeats)]
    walls = [wall for wall, _ in runs]
    cpu = statistics.median(cpu for _, cpu in runs)
    rows.append(("report (wuhou)", "", min(walls), statistics.median(walls), cpu, WUHOU_GOAL))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "national.json"
        # Generated and dumped in a process of its own, so that this one stays small.
        made = subprocess.run(
            [sys.executable, "-c", MAKE, json.dumps({**NATIONAL, "districts": districts}), str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        entities = int(made.stdout.split()[-1])
        elapsed, cpu = run(["report", str(path), "--format", "json"])
        # The goal is for the national file; a smaller one has no goal of its own (imports dominate it).
        goal = NATIONAL_GOAL if not args.quick else float("nan")
        rows.append((f"report FILE ({districts:,} districts)", f"{entities:,}", elapsed, elapsed, cpu, goal))
    print(
        f"{'command':<32}{'entities':>11}{'best s':>8}{'median s':>10}{'cpu s':>8}{'goal s':>8}{'/goal':>7}"
    )
    for name, entities_text, best, median, cpu, goal in rows:
        figures = f"{best:>8.2f}{median:>10.2f}{cpu:>8.2f}{goal:>8.1f}{median / goal:>7.2f}"
        print(f"{name:<32}{entities_text:>11}{figures}")
    if args.quick:
        print("(--quick: a 1/100 registry, which has no goal of its own)")


if __name__ == "__main__":
    main()
