"""Where a division sits: the one seam through which linkage reads containment.

Until :mod:`socialwork.hierarchy` lands this follows ``Division.parent_code``;
then these functions read the hierarchy instead, and nothing else changes.
"""

from __future__ import annotations

from socialwork.model import DivisionLevel, Registry

__all__ = ["district_of", "place_of", "street_of"]


def street_of(registry: Registry, /) -> dict[str, str]:
    """Map each community code to the code of the street it belongs to (if the registry holds it)."""
    divisions = registry.divisions
    result: dict[str, str] = {}
    for code, division in divisions.items():
        if division.level is DivisionLevel.COMMUNITY and division.parent_code is not None:
            parent = divisions.get(division.parent_code)
            if parent is not None and parent.level is DivisionLevel.STREET:
                result[code] = parent.code
    return result


def district_of(registry: Registry, /) -> dict[str, str]:
    """Map each district, street and community code to the code of its district."""
    divisions = registry.divisions
    result: dict[str, str] = {}
    above = {DivisionLevel.STREET: DivisionLevel.DISTRICT, DivisionLevel.COMMUNITY: DivisionLevel.STREET}
    for level in (DivisionLevel.DISTRICT, DivisionLevel.STREET, DivisionLevel.COMMUNITY):
        for code, division in divisions.items():
            if division.level is not level:
                continue
            if level is DivisionLevel.DISTRICT:
                result[code] = code
                continue
            parent = division.parent_code
            if parent is not None and parent in result and divisions[parent].level is above[level]:
                result[code] = result[parent]
    return result


def place_of(registry: Registry, code: str, /) -> tuple[str | None, str | None]:
    """Return the street and the district of the community *code*, ``None`` where unknown."""
    divisions = registry.divisions
    street = divisions[code].parent_code
    if street is None or divisions.get(street, divisions[code]).level is not DivisionLevel.STREET:
        return None, None
    district = divisions[street].parent_code
    if (
        district is None
        or district not in divisions
        or divisions[district].level is not DivisionLevel.DISTRICT
    ):
        return street, None
    return street, district
