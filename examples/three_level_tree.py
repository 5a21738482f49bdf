"""Walk the three-level linkage (三级联动) of the bundled example: hub, street stations, rooms.

Shows the registry's indexes: children of a station and the entities placed in a
division, and the bilingual labels of the levels.
"""

import socialwork as sw


def show(registry: sw.Registry, station_id: str, depth: int = 0) -> None:
    """Print a station, what is placed in its division, and its children."""
    station = registry.stations[station_id]
    division = registry.divisions[station.division_id]
    placed = [e for e in registry.in_division(division.code) if not isinstance(e, sw.Station)]
    print(f"{'  ' * depth}{station.level.zh} {station.name} ({division.name}, {len(placed)} other entities)")
    for child in registry.children(station_id):
        show(registry, child.id, depth + 1)


registry = sw.datasets.example()
hubs = [s.id for s in registry.stations.values() if s.level is sw.StationLevel.DISTRICT]
for hub in sorted(hubs):
    show(registry, hub)
