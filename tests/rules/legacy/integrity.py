"""The integrity checks as they were before the for_each rewrite (frozen; see tests/rules/legacy).

Originally: Integrity rules: cycles in the station and division trees, ids of the wrong level.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from socialwork.hierarchy import tree
from socialwork.model import DivisionLevel
from socialwork.rules._engine import Check, RuleContext
from socialwork.rules._report import Violation
from socialwork.rules._tree import station_table

__all__ = ["CHECKS"]


def _cycles(parents: Mapping[str, str | None], cut: tuple[str, ...]) -> Iterator[list[str]]:
    """Yield each cycle once, from the member where the hierarchy cut it (its smallest id)."""
    for start in cut:
        cycle = [start]
        node = parents[start]
        while node is not None and node != start and len(cycle) <= len(parents):
            cycle.append(node)
            node = parents[node]
        yield cycle


class _Parents(Mapping[str, "str | None"]):
    """The parent links of entities by id, read on demand."""

    def __init__(self, entities: Mapping[str, Any], field: str) -> None:
        self._entities = entities
        self._field = field

    def __getitem__(self, key: str) -> str | None:
        value: str | None = getattr(self._entities[key], self._field)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._entities)

    def __len__(self) -> int:
        return len(self._entities)


def _station_cuts(ctx: RuleContext) -> tuple[str, ...]:
    """Return the smallest id of each cycle of station parents, in bulk.

    Pointer doubling over the parent column: after k rounds each station points 2**k
    links up, and a station whose chain ends at a root points nowhere. The few that
    still point somewhere lie on a cycle, below one, or on a chain deeper than any
    tree of three levels; only those are walked.
    """
    table = station_table(ctx.registry, ctx.memo)
    up = table.parent
    for _ in range(4):  # 16 links: far deeper than a hub, a street station and a room
        up = np.where(up >= 0, up[np.maximum(up, 0)], -1)
    ids = table.ids
    parent = table.parent
    state: dict[int, int] = {}  # 1: on the walk under way, 2: done
    cuts: list[str] = []
    for start in np.flatnonzero(up >= 0).tolist():
        walk: list[int] = []
        node = start
        while node >= 0 and node not in state:
            state[node] = 1
            walk.append(node)
            node = int(parent[node])
        if node >= 0 and state[node] == 1:
            cuts.append(min(ids[i] for i in walk[walk.index(node) :]))
        for item in walk:
            state[item] = 2
    return tuple(sorted(cuts))


def _no_cycles(ctx: RuleContext) -> Iterator[Violation]:
    registry = ctx.registry
    stations = ctx.entities("stations")
    for cycle in _cycles(_Parents(stations, "parent_id"), _station_cuts(ctx)):
        chain = " → ".join([*cycle, cycle[0]])
        yield ctx.violation(
            cycle[0],
            ctx.path("stations", cycle[0], "parent_id"),
            zh=f"社工站上级关系形成循环：{chain}",
            en=f"the station parents form a cycle: {chain}",
            expected="a tree",
            found=tuple(cycle),
        )
    divisions = ctx.entities("divisions")
    for cycle in _cycles(_Parents(divisions, "parent_code"), tree(registry, "divisions").cut):
        chain = " → ".join([*cycle, cycle[0]])
        yield ctx.violation(
            cycle[0],
            ctx.path("divisions", cycle[0], "parent_code"),
            zh=f"行政区划上级关系形成循环：{chain}",
            en=f"the division parents form a cycle: {chain}",
            expected="a tree",
            found=tuple(cycle),
        )


_COMMUNITY_FIELDS = (("volunteers", "division_id"), ("needs", "division_id"))


def _community_expected(ctx: RuleContext) -> Iterator[Violation]:
    registry = ctx.registry
    community = DivisionLevel.COMMUNITY
    # Few divisions are not communities: test membership in their set, not each division's level.
    other = {code: d.level for code, d in registry.divisions.items() if d.level is not community}

    def wrong(entity_id: str, code: str, path: str) -> Violation:
        level = other[code]
        return ctx.violation(
            entity_id,
            path,
            zh=f"{code!r} 是{level.zh}，此处应为社区",
            en=f"expected a community here, got {level.en} {code!r}",
            expected=community,
            found=level,
        )

    for project in registry.projects.values():
        for j, code in enumerate(project.community_ids):
            if code in other:
                yield wrong(project.id, code, ctx.path("projects", project.id, "community_ids", j))
    for kind, field in _COMMUNITY_FIELDS:
        for entity in getattr(registry, kind).values():
            code = getattr(entity, field)
            if code in other:
                yield wrong(entity.id, code, ctx.path(kind, entity.id, field))


CHECKS: dict[str, Check] = {
    "SW-I001": _no_cycles,
    "SW-I002": _community_expected,
}
