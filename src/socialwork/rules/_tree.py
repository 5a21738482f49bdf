"""Containment of divisions, as the rules need it: the seam to ``socialwork.hierarchy``.

Every rule that asks "which district is this in?" or "does this division lie inside
that one?" asks here, so that there is one definition of containment for the rules.
A division's parent is its ``parent_code``; walks are bounded, so that no registry
makes them loop.
"""

from __future__ import annotations

from typing import Any, Final

from socialwork.model import DivisionLevel, Registry

__all__ = ["district_of", "is_within"]

_MAX_DEPTH: Final = 8  # deeper than any chain of division levels


def district_of(registry: Registry, memo: dict[str, Any], /) -> dict[str, str | None]:
    """Return, for every division, the code of the district it lies in (itself for a district)."""
    found: dict[str, str | None] | None = memo.get("district_of")
    if found is not None:
        return found
    found = {}
    divisions = registry.divisions
    by_level: dict[DivisionLevel, list[Any]] = {level: [] for level in DivisionLevel}
    for division in divisions.values():
        by_level[division.level].append(division)
    for division in by_level[DivisionLevel.PROVINCE] + by_level[DivisionLevel.CITY]:
        found[division.code] = None
    for division in by_level[DivisionLevel.DISTRICT]:
        found[division.code] = division.code
    # A street's parent is a six-digit division, a community's a street: parents come first.
    for level in (DivisionLevel.STREET, DivisionLevel.COMMUNITY):
        for division in by_level[level]:
            parent = division.parent_code
            found[division.code] = None if parent is None else found.get(parent)
    memo["district_of"] = found
    return found


def is_within(registry: Registry, inner: str, outer: str, /) -> bool:
    """Return whether the division *inner* is *outer* or lies inside it."""
    divisions = registry.divisions
    code: str | None = inner
    for _ in range(_MAX_DEPTH):
        if code is None:
            return False
        if code == outer:
            return True
        division = divisions.get(code)
        code = None if division is None else division.parent_code
    return False
