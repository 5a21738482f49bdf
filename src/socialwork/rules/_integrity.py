"""Integrity rules: cycles in the station and division trees, ids of the wrong level."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from socialwork.hierarchy import tree
from socialwork.model import DivisionLevel, Need, Project, Severity, Volunteer
from socialwork.rules._each import Finding, for_each
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._report import Violation
from socialwork.rules._tree import station_table

__all__ = ["RULES"]


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


@rule(
    code="SW-I001",
    title_zh="社工站与行政区划的上下级关系无循环",
    title_en="no cycles in the station and division trees",
    severity=Severity.ERROR,
    family="integrity",
    reference="三级联动: hub → street stations → community rooms form a tree; so do divisions (GB/T 2260)",
)
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


def _non_communities(ctx: RuleContext) -> dict[str, DivisionLevel]:
    """Return the level of every division that is not a community, once per run.

    Few divisions are not communities: the checks test membership in this set, not
    each division's level.
    """
    found: dict[str, DivisionLevel] | None = ctx.memo.get("non_communities")
    if found is None:
        community = DivisionLevel.COMMUNITY
        found = {code: d.level for code, d in ctx.registry.divisions.items() if d.level is not community}
        ctx.memo["non_communities"] = found
    return found


def _not_a_community(ctx: RuleContext, code: str, *at: str | int) -> Finding:
    level = _non_communities(ctx)[code]
    return Finding(
        zh=f"{code!r} 是{level.zh}，此处应为社区",
        en=f"expected a community here, got {level.en} {code!r}",
        expected=DivisionLevel.COMMUNITY,
        found=level,
        at=at or None,
    )


def _serving_outside_communities(ctx: RuleContext) -> Iterator[Project]:
    other = _non_communities(ctx).keys()
    return (p for p in ctx.registry.projects.values() if not other.isdisjoint(p.community_ids))


@for_each("projects", among=_serving_outside_communities)
def _projects_in_communities(ctx: RuleContext, project: Project) -> Iterator[Finding]:
    other = _non_communities(ctx)
    for j, code in enumerate(project.community_ids):
        if code in other:
            yield _not_a_community(ctx, code, "community_ids", j)


def _placed_outside_communities(kind: str) -> Callable[[RuleContext], Iterator[Volunteer | Need]]:
    def among(ctx: RuleContext) -> Iterator[Volunteer | Need]:
        other = _non_communities(ctx)
        entities: Iterable[Volunteer | Need] = getattr(ctx.registry, kind).values()
        return (e for e in entities if e.division_id in other)

    return among


def _in_a_community(ctx: RuleContext, entity: Volunteer | Need) -> Finding:
    return _not_a_community(ctx, entity.division_id)


_volunteers_in_communities = for_each(
    "volunteers", at="division_id", among=_placed_outside_communities("volunteers")
)(_in_a_community)
_needs_in_communities = for_each("needs", at="division_id", among=_placed_outside_communities("needs"))(
    _in_a_community
)


@rule(
    code="SW-I002",
    title_zh="应填社区的字段须指向社区",
    title_en="fields that name a community name a community",
    severity=Severity.ERROR,
    family="integrity",
    reference=(
        "the data format: projects.community_ids, needs.division_id and "
        "volunteers.division_id name communities"
    ),
)
def _community_expected(ctx: RuleContext) -> Iterator[Violation]:
    for check in (_projects_in_communities, _volunteers_in_communities, _needs_in_communities):
        yield from check(ctx)


RULES: tuple[Rule, ...] = (_no_cycles, _community_expected)
