"""Containment as the rules need it, in bulk, from :mod:`socialwork.hierarchy`.

The hierarchy is the one definition of containment (a division lies inside the
divisions above it by ``parent_code``). Its trees are index arrays, cut where a
parent link would close a cycle, so nothing here loops; these helpers ask it for many
divisions at once, so that a rule stays linear.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from socialwork.hierarchy import station_divisions, tree
from socialwork.model import DivisionLevel, Registry, StationLevel, StationSetting

__all__ = ["StationTable", "district_of", "divisions_contain", "station_table"]

IntArray = npt.NDArray[np.int64]


def district_of(registry: Registry, memo: dict[str, Any], /) -> dict[str, str | None]:
    """Return, for every division, the code of the district it lies in (itself for a district)."""
    found: dict[str, str | None] | None = memo.get("district_of")
    if found is not None:
        return found
    divisions = tree(registry, "divisions")
    ids = divisions.ids
    is_district = _DIVISION_CODES[divisions.level] == _DIVISION_LEVEL[DivisionLevel.DISTRICT]
    above = np.where(is_district, np.arange(len(ids), dtype=np.int64), -1)
    depth = divisions.depth
    parent = divisions.parent
    for level in range(1, int(depth.max(initial=0)) + 1):  # parents are settled before their children
        nodes = np.flatnonzero((depth == level) & ~is_district)
        above[nodes] = above[parent[nodes]]
    found = {code: (ids[j] if j >= 0 else None) for code, j in zip(ids, above.tolist(), strict=True)}
    memo["district_of"] = found
    return found


_STATION_LEVEL = {StationLevel.DISTRICT: 0, StationLevel.STREET: 1, StationLevel.COMMUNITY: 2}
_DIVISION_LEVEL = {
    DivisionLevel.PROVINCE: -2,
    DivisionLevel.CITY: -1,
    DivisionLevel.DISTRICT: 0,
    DivisionLevel.STREET: 1,
    DivisionLevel.COMMUNITY: 2,
}
# The codes above by the hierarchy's level numbers (each member's place in its enum).
_STATION_CODES = np.array([_STATION_LEVEL[member] for member in StationLevel], dtype=np.int64)
_DIVISION_CODES = np.array([_DIVISION_LEVEL[member] for member in DivisionLevel], dtype=np.int64)


@attrs.frozen(eq=False)
class StationTable:
    """The stations of a registry as columns, position *i* being the *i*-th of ``registry.stations``.

    Levels are coded 0 (district), 1 (street), 2 (community) for stations and
    divisions alike (provinces -2, cities -1), so that levels can be compared in bulk.
    """

    ids: tuple[str, ...]
    parent: IntArray  # position of the parent station as given (cycles kept), -1 for none
    division: IntArray  # position of the division in registry.divisions (and its tree)
    level: IntArray
    in_community: npt.NDArray[np.bool_]  # set up in a community (not a school, hospital, ...)
    division_level: IntArray  # the level of each division, by division position


def station_table(registry: Registry, memo: dict[str, Any], /) -> StationTable:
    """Return the stations' columns, built once per run from the hierarchy's trees."""
    found: StationTable | None = memo.get("station_table")
    if found is not None:
        return found
    stations = tree(registry, "stations")
    divisions = tree(registry, "divisions")
    community = StationSetting.COMMUNITY
    in_community = np.fromiter(
        (s.setting is community for s in registry.stations.values()), dtype=bool, count=len(stations)
    )
    found = StationTable(
        ids=stations.ids,
        parent=stations.given_parents(),
        division=station_divisions(registry),
        level=_STATION_CODES[stations.level],
        in_community=in_community,
        division_level=_DIVISION_CODES[divisions.level],
    )
    memo["station_table"] = found
    return found


def divisions_contain(registry: Registry, outer: IntArray, inner: IntArray, /) -> npt.NDArray[np.bool_]:
    """Return, position by position, whether the division at *inner* is or lies inside the one at *outer*."""
    divisions = tree(registry, "divisions")
    start, size = divisions.start, divisions.size
    begin = start[outer]
    result: npt.NDArray[np.bool_] = (begin <= start[inner]) & (start[inner] < begin + size[outer])
    return result
