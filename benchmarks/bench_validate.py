"""Time sw.validate with every built-in rule at 1/100, 1/10 and full national size.

Goal (the rules issue): every built-in rule on the national synthetic registry
(``sw.datasets.synthetic(**NATIONAL)``, about two million entities) in under 20 s
and 3 GB on one machine, with the time growing linearly in the registry's size.

Each size runs in a fresh process, which generates the registry, then times one
``validate`` run on it (from cold: the run builds the registry's reverse indexes
and the hierarchy's trees itself) and reports the time of each family (the sum of
its rules' checks, measured inside the same run) and its peak resident memory
(VmHWM, generation included). The named reference is the linear one: seconds per
million entities, which should stay flat from size to size. Beside it each size
times the cheapest pass over Python objects there is, a dict look-up per station:
its per-entity growth is what the machine's caches alone add once the working set
outgrows them, the floor for a pass of hash look-ups. Wall time on a shared
machine is noisy; CPU time less so.

Run: python benchmarks/bench_validate.py            (30, 300 and 3,000 districts)
     python benchmarks/bench_validate.py --quick    (a smoke run of 3 districts)
"""

import argparse
import itertools
import json
import subprocess
import sys

from socialwork.datasets import NATIONAL

CHILD = """
import json, resource, sys, time
import socialwork as sw
from socialwork.rules import BUILTIN_RULES
from socialwork.rules._engine import run_rules

shape = json.loads(sys.argv[1])
registry = sw.datasets.synthetic(**shape)
timings = {}
wall, cpu = time.perf_counter(), time.process_time()
report = run_rules(registry, BUILTIN_RULES, as_of=None, params=None, timings=timings)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
families = {}
for item in BUILTIN_RULES:
    families[item.family] = families.get(item.family, 0.0) + timings[item.code]
# The floor of any pass of hash look-ups over Python objects on this machine: each
# station's division looked up in a dict, timed the same way.
position = {code: i for i, code in enumerate(registry.divisions)}
reference = time.process_time()
found = [position[s.division_id] for s in registry.stations.values()]
reference = time.process_time() - reference
status = open("/proc/self/status").read() if sys.platform == "linux" else ""
hwm = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")]
peak = int(hwm[0]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"entities": len(registry), "wall": wall, "cpu": cpu, "peak_kib": peak,
                  "families": families, "violations": report.counts("severity"),
                  "reference": reference}))
"""


def measure(districts: int) -> dict[str, object]:
    shape = {**NATIONAL, "districts": districts}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(shape)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of 3 districts")
    args = parser.parse_args()
    sizes = [3] if args.quick else [30, 300, NATIONAL["districts"]]
    rows = [measure(districts) for districts in sizes]
    families = list(rows[0]["families"])  # type: ignore[call-overload]
    print(
        f"{'entities':>10} {'wall s':>8} {'cpu s':>8} {'s/M':>6} {'peak MB':>8}  "
        + " ".join(f"{f:>9}" for f in families)
    )
    for row in rows:
        entities = int(row["entities"])  # type: ignore[call-overload]
        per_million = float(row["wall"]) / entities * 1e6  # type: ignore[arg-type]
        times = " ".join(f"{row['families'][f]:>9.3f}" for f in families)  # type: ignore[index]
        print(
            f"{entities:>10,} {row['wall']:>8.2f} {row['cpu']:>8.2f} {per_million:>6.2f} "
            f"{int(row['peak_kib']) / 1024:>8.0f}  {times}"  # type: ignore[call-overload]
        )
    last = rows[-1]
    print(f"violations at the largest size: {last['violations']}")
    if len(rows) >= 2:
        print("per-entity CPU cost over that of the size before (1.00 is linear):")
        for small, big in itertools.pairwise(rows):
            grow = big["entities"] / small["entities"]  # type: ignore[operator]
            validate = big["cpu"] / small["cpu"] / grow  # type: ignore[operator]
            floor = big["reference"] / max(small["reference"], 1e-9) / grow  # type: ignore[operator]
            print(
                f"  {small['entities']:>10,} -> {big['entities']:>10,}: validate {validate:.2f}; "
                f"reference, a dict look-up per station: {floor:.2f}"
            )
    if not args.quick:
        ok_time = float(last["wall"]) < 20  # type: ignore[arg-type]
        ok_memory = int(last["peak_kib"]) < 3 * 1024 * 1024  # type: ignore[call-overload]
        verdict = {True: "met", False: "NOT met"}
        print(f"goal < 20 s: {verdict[ok_time]}; goal < 3 GB: {verdict[ok_memory]}")


if __name__ == "__main__":
    main()
