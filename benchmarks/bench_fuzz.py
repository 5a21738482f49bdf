"""Fuzz socialwork.loads for a time budget and count the inputs that ran.

Each input is a valid document mutated at the byte level (flips, cuts, insertions
of JSON punctuation and extreme numbers, duplicated spans, truncations) or random
bytes. ``loads`` must return a registry or raise ``socialwork.LoadError``; anything
else is printed with the input that caused it, and the run exits 1. The reference
figure is the rate: inputs per second.

Run: python benchmarks/bench_fuzz.py --seconds 120     (default 60 s)
     python benchmarks/bench_fuzz.py --quick           (a 3-second smoke run)
"""

import argparse
import random
import sys
import time

import socialwork as sw

INSERTS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b",",
    b":",
    b"0",
    b"-1",
    b"1e999999",
    b"1" * 5000,
    b"\\ud800",
    b"\xff",
]


def seeds() -> list[bytes]:
    """Valid documents of a few shapes to mutate."""
    return [
        sw.dumps(sw.datasets.example()).encode(),
        sw.dumps(
            sw.datasets.synthetic(districts=1, streets_per_district=2, communities_per_street=2)
        ).encode(),
        sw.dumps(sw.datasets.wuhan_school()).encode(),
    ]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Return *data* with one to four random mutations."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(max(len(out), 1))
        action = rng.randrange(5)
        if action == 0 and out:
            out[where] = rng.randrange(256)
        elif action == 1:
            del out[where : where + rng.randint(1, 40)]
        elif action == 2:
            out[where:where] = rng.choice(INSERTS)
        elif action == 3:
            out[where:where] = out[where : where + rng.randint(1, 80)]
        else:
            del out[where:]
    return bytes(out)


def main() -> int:
    """Fuzz for the budget; print the count, the rate and every escape found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="a 3-second smoke run")
    args = parser.parse_args()
    budget = 3.0 if args.quick else args.seconds
    rng = random.Random(args.seed)
    documents = seeds()
    counts = {"loaded": 0, "refused": 0, "escaped": 0}
    start = time.perf_counter()
    while time.perf_counter() - start < budget:
        if rng.random() < 0.1:
            data = rng.randbytes(rng.randint(0, 400))
        else:
            data = mutate(rng.choice(documents), rng)
        try:
            sw.loads(data)
        except sw.LoadError:
            counts["refused"] += 1
        except Exception as error:  # what the fuzzer is looking for
            counts["escaped"] += 1
            print(f"ESCAPED {type(error).__name__}: {error!s:.200} on input {data[:200]!r}")
        else:
            counts["loaded"] += 1
    elapsed = time.perf_counter() - start
    total = sum(counts.values())
    print(f"fuzzed socialwork.loads: {total:,} inputs in {elapsed:.1f} s ({total / elapsed:,.0f} per second)")
    loaded, refused, escaped = counts["loaded"], counts["refused"], counts["escaped"]
    print(f"  loaded {loaded:,}, refused with LoadError {refused:,}, escaped {escaped:,}")
    return 1 if counts["escaped"] else 0


if __name__ == "__main__":
    sys.exit(main())
