"""Where a community sits: its street and district, read from :mod:`socialwork.hierarchy`.

The division tree of :func:`socialwork.hierarchy.tree` is the one definition of
containment; these helpers only name what linkage asks of it. A community's street
is its parent when that is a street; its district is its nearest ancestor that is a
district (so a community filed right under a district still counts in it).
"""

from __future__ import annotations

import numpy as np

from socialwork.hierarchy import ancestors, parent, tree
from socialwork.model import DivisionLevel, Registry

__all__ = ["district_of", "place_of", "station_above", "street_of"]

_BELOW_DISTRICT = frozenset({DivisionLevel.STREET, DivisionLevel.COMMUNITY})


def street_of(registry: Registry, /) -> dict[str, str]:
    """Map each community code to the code of its street, where its parent is a street."""
    divisions = tree(registry, "divisions")
    ids = divisions.ids
    levels = [d.level for d in registry.divisions.values()]
    parents = divisions.parent.tolist()
    return {
        ids[i]: ids[p]
        for i, (level, p) in enumerate(zip(levels, parents, strict=True))
        if level is DivisionLevel.COMMUNITY and p >= 0 and levels[p] is DivisionLevel.STREET
    }


def district_of(registry: Registry, /) -> dict[str, str]:
    """Map each district, street and community code to the code of the district it lies within."""
    divisions = tree(registry, "divisions")
    ids = divisions.ids
    levels = [d.level for d in registry.divisions.values()]
    n = len(ids)
    is_district = np.fromiter((lv is DivisionLevel.DISTRICT for lv in levels), dtype=bool, count=n)
    below = np.fromiter((lv in _BELOW_DISTRICT for lv in levels), dtype=bool, count=n)
    found = np.where(is_district, np.arange(n, dtype=np.int64), -1)
    depth, parent = divisions.depth, divisions.parent
    for d in range(1, int(depth.max()) + 1 if n else 0):  # parents are settled before their children
        nodes = np.flatnonzero((depth == d) & below)
        found[nodes] = found[parent[nodes]]
    return {ids[i]: ids[j] for i, j in enumerate(found.tolist()) if j >= 0}


def place_of(registry: Registry, code: str, /) -> tuple[str | None, str | None]:
    """Return the street and the district of the community *code*, ``None`` where there is none."""
    divisions = registry.divisions
    above = ancestors(registry, code)
    street = above[0] if above and divisions[above[0]].level is DivisionLevel.STREET else None
    district = None
    for candidate in above:
        level = divisions[candidate].level
        if level is DivisionLevel.DISTRICT:
            district = candidate
        if level not in _BELOW_DISTRICT:
            break
    return street, district


def station_above(registry: Registry, station_id: str, /) -> str | None:
    """Return the station right above *station_id* in the station tree, if any."""
    return parent(registry, station_id)
