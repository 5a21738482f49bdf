"""Containment as the rules need it, in bulk, from :mod:`socialwork.hierarchy`.

The hierarchy is the one definition of containment (a division lies inside the
divisions above it by ``parent_code``). Its trees are index arrays, cut where a
parent link would close a cycle, so nothing here loops; these helpers ask it for many
divisions at once, so that a rule stays linear.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from socialwork.hierarchy import tree
from socialwork.model import DivisionLevel, Registry

__all__ = ["district_of", "within_pairs"]


def district_of(registry: Registry, memo: dict[str, Any], /) -> dict[str, str | None]:
    """Return, for every division, the code of the district it lies in (itself for a district)."""
    found: dict[str, str | None] | None = memo.get("district_of")
    if found is not None:
        return found
    divisions = tree(registry, "divisions")
    ids = divisions.ids
    district = DivisionLevel.DISTRICT
    is_district = np.fromiter(
        (d.level is district for d in registry.divisions.values()), dtype=bool, count=len(ids)
    )
    above = np.where(is_district, np.arange(len(ids), dtype=np.int64), -1)
    depth = divisions.depth
    parent = divisions.parent
    for level in range(1, int(depth.max(initial=0)) + 1):  # parents are settled before their children
        nodes = np.flatnonzero((depth == level) & ~is_district)
        above[nodes] = above[parent[nodes]]
    found = {code: (ids[j] if j >= 0 else None) for code, j in zip(ids, above.tolist(), strict=True)}
    memo["district_of"] = found
    return found


def within_pairs(
    registry: Registry, memo: dict[str, Any], inner: Sequence[str], outer: Sequence[str], /
) -> list[bool]:
    """Return, for each pair of division codes, whether ``inner[k]`` is ``outer[k]`` or lies inside it."""
    divisions = tree(registry, "divisions")
    position: dict[str, int] | None = memo.get("division_positions")
    if position is None:
        position = {code: i for i, code in enumerate(divisions.ids)}
        memo["division_positions"] = position
    i = np.fromiter(map(position.__getitem__, inner), dtype=np.int64, count=len(inner))
    j = np.fromiter(map(position.__getitem__, outer), dtype=np.int64, count=len(outer))
    start, size = divisions.start, divisions.size
    begin = start[j]
    result: list[bool] = ((begin <= start[i]) & (start[i] < begin + size[j])).tolist()
    return result
