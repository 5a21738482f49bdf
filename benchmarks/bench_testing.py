"""Benchmark socialwork.testing: the mean time to draw a registry of 50 entities.

Goal (the strategies issue): a registry of 50 entities is drawn in well under 100 ms.

Usage:
    python benchmarks/bench_testing.py            # 500 draws of each shape
    python benchmarks/bench_testing.py --quick    # 20 draws, a smoke test

Each figure is the wall time of a Hypothesis run (generation only, no database)
divided by the number of examples it drew, so it includes Hypothesis's own cost
per example. The reference is building the same registry from its entities
(``sw.Registry(entities)``), measured on the drawn registries: the rest is the
cost of drawing.
"""

from __future__ import annotations

import argparse
import time

from hypothesis import HealthCheck, Phase, given, settings

import socialwork as sw
from socialwork.testing import registries

# province, city, district and hub (4), 3 streets with their stations (6), 3 communities
# on each with their rooms (18), 3 organizations, 5 workers, 4 volunteers, 3 projects,
# 3 needs, 1 fund and 3 donations: 50 entities, and up to two more when no agency or
# charity federation was drawn among the organizations (the rules need them).
SHAPES = {
    "50 entities": {
        "districts": 1,
        "streets": 3,
        "communities": 3,
        "organizations": 3,
        "social_workers": 5,
        "volunteers": 4,
        "projects": 3,
        "needs": 3,
        "funds": 1,
        "donations": 3,
        "grants": 0,
    },
    "50 entities, shuffled": {
        "districts": 1,
        "streets": 3,
        "communities": 3,
        "organizations": 3,
        "social_workers": 5,
        "volunteers": 4,
        "projects": 3,
        "needs": 3,
        "funds": 1,
        "donations": 3,
        "grants": 0,
        "shuffled": True,
    },
    "default registries()": {},
}


def measure(shape: dict[str, object], examples: int) -> tuple[float, float, float]:
    """Return the mean ms per drawn registry, mean entities, and mean ms to rebuild one."""
    drawn: list[sw.Registry] = []

    @settings(
        max_examples=examples,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(registries(**shape))  # type: ignore[arg-type]
    def draw(registry: sw.Registry) -> None:
        drawn.append(registry)

    start = time.perf_counter()
    draw()
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    for registry in drawn:
        sw.Registry(registry.entities())
    rebuild = time.perf_counter() - start
    count = len(drawn)
    return 1000 * elapsed / count, sum(map(len, drawn)) / count, 1000 * rebuild / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 draws of each shape, for a smoke run")
    parser.add_argument("--examples", type=int, default=None, help="draws of each shape")
    args = parser.parse_args()
    examples = args.examples or (20 if args.quick else 500)
    header = f"{'shape':<24} {'entities':>8} {'draw ms':>8} {'rebuild ms':>10} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, shape in SHAPES.items():
        per_draw, entities, rebuild = measure(shape, examples)
        print(f"{name:<24} {entities:>8.1f} {per_draw:>8.2f} {rebuild:>10.3f} {per_draw / rebuild:>6.0f}")
    print(f"\n{examples} draws of each; goal: a 50-entity registry in well under 100 ms")


if __name__ == "__main__":
    main()
