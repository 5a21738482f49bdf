"""Time generating synthetic registries at 1/100, 1/10 and full national size.

Each size runs in a fresh process, which reports its wall and CPU time for
``socialwork.datasets.synthetic`` (drawing every entity and building the Registry
through its checked ``from_kinds``) and its peak resident memory (VmHWM). The
named reference is the same generator on its careful path, where every entity
goes through its validating ``__init__``; it is left out at full size to keep
the run short. On a shared machine the wall time is noisy; CPU time less so.

Run: python benchmarks/bench_synthetic.py            (30, 300 and 3,000 districts)
     python benchmarks/bench_synthetic.py --quick    (a smoke run of 3 districts)
"""

import argparse
import json
import subprocess
import sys

import socialwork as sw
from socialwork.datasets import NATIONAL

CHILD = """
import json, resource, sys, time
import socialwork as sw
from socialwork.datasets import _synthetic

shape, checked = json.loads(sys.argv[1]), sys.argv[2] == "checked"
wall, cpu = time.perf_counter(), time.process_time()
if checked:  # the careful path: every entity through its own validating __init__
    registry = _synthetic.synthetic_checked(**shape)
else:
    registry = sw.datasets.synthetic(**shape)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
status = open("/proc/self/status").read() if sys.platform == "linux" else ""
hwm = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")]
peak = int(hwm[0]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"entities": len(registry), "wall": wall, "cpu": cpu, "peak_kib": peak}))
"""


def run(shape: dict[str, int], *, checked: bool) -> dict[str, float]:
    """Generate one registry in a fresh process; return its entities, seconds and peak KiB."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(shape), "checked" if checked else "fast"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one small size, for a smoke run")
    parser.add_argument("--districts", type=int, nargs="*", default=None, help="sizes, in districts")
    args = parser.parse_args(argv)
    full = NATIONAL["districts"]
    sizes = args.districts or ([3] if args.quick else [full // 100, full // 10, full])
    print(
        f"python {sys.version.split()[0]}, socialwork {sw.__version__}; one run per size, fresh process each"
    )
    print(
        f"shape: districts x {NATIONAL['streets_per_district']} streets x "
        f"{NATIONAL['communities_per_street']} communities, other parameters at their defaults"
    )
    header = (
        f"{'districts':>9}{'entities':>11}  {'path':<9}{'wall s':>8}{'cpu s':>8}"
        f"{'µs/entity':>11}{'peak MiB':>10}{'fast / ref':>12}"
    )
    print(header)
    print("-" * len(header))
    for districts in sizes:
        shape = {**NATIONAL, "districts": districts}
        fast = run(shape, checked=False)
        rows = [("fast", fast, None)]
        if districts < full:
            careful = run(shape, checked=True)
            rows.append(("checked", careful, fast["cpu"] / careful["cpu"]))
        for path, figures, ratio in rows:
            ratio_text = f"{ratio:>11.2f}x" if ratio is not None else f"{'':>12}"
            print(
                f"{districts:>9,}{int(figures['entities']):>11,}  {path:<9}{figures['wall']:>8.2f}"
                f"{figures['cpu']:>8.2f}{1e6 * figures['cpu'] / figures['entities']:>11.2f}"
                f"{figures['peak_kib'] / 1024:>10.0f}{ratio_text}"
            )
    print(
        "fast / ref: CPU time of the default path over the checked one (every entity validated), < 1: faster."
    )
    print(
        "peak MiB: the peak RSS of the process, interpreter and imports included. Wall times are noisy here."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
