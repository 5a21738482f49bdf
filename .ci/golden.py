"""Print a digest of the library's outputs, to compare across PYTHONHASHSEED values.

CI runs this under two hash seeds and requires the same lines: dumps, validation
reports, graphs, profiles, bridges and coverage must not depend on the seed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import socialwork as sw
from socialwork import hierarchy, linkage
from socialwork.io import node_link_data


def digest(value: Any) -> str:
    """Return a short SHA-256 of *value*'s text (JSON for dicts and lists, repr otherwise)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def main() -> None:
    """Print one line per output of each registry."""
    registries = {name: sw.datasets.scenario(name).registry for name in sw.datasets.SCENARIOS}
    registries["example"] = sw.datasets.example()
    registries["synthetic"] = sw.datasets.synthetic(districts=4, streets_per_district=3, seed=3)
    registries["faults"] = sw.datasets.synthetic(districts=30, faults=tuple(sw.datasets.FAULTS), seed=1)
    for name, registry in registries.items():
        report = sw.validate(registry)
        found = linkage.profiles(registry)
        lines = {
            "dumps": sw.dumps(registry),
            "report": report.to_dict(),
            "report-zh": report.render("zh"),
            "graph": node_link_data(registry),
            "profiles": [repr(profile) for profile in found] + [repr(found.streets), repr(found.districts)],
            "bridges": [repr(bridge) for bridge in linkage.bridges(registry)],
            "coverage": repr(hierarchy.coverage(registry)),
        }
        for what, value in lines.items():
            print(name, what, digest(value))


if __name__ == "__main__":
    main()
