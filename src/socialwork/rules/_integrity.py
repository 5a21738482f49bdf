"""Integrity rules: cycles in the station and division trees, ids of the wrong level."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from socialwork.model import DivisionLevel, Severity
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._report import Violation

__all__ = ["RULES"]


def _cycles(parent: Mapping[str, str | None]) -> Iterator[list[str]]:
    """Yield each cycle of the forest *parent* once, starting at its smallest id (iterative, linear)."""
    state: dict[str, int] = {}  # 1: on the walk under way, 2: done
    for start in parent:
        if start in state:
            continue
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = parent.get(node)
        if node is not None and state[node] == 1:
            cycle = walk[walk.index(node) :]
            first = cycle.index(min(cycle))
            yield cycle[first:] + cycle[:first]
        for item in walk:
            state[item] = 2


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
    stations = {sid: s.parent_id for sid, s in registry.stations.items()}
    for cycle in _cycles(stations):
        chain = " → ".join([*cycle, cycle[0]])
        yield ctx.violation(
            cycle[0],
            ctx.path("stations", cycle[0], "parent_id"),
            zh=f"社工站上级关系形成循环：{chain}",
            en=f"the station parents form a cycle: {chain}",
            expected="a tree",
            found=tuple(cycle),
        )
    divisions = {code: d.parent_code for code, d in registry.divisions.items()}
    for cycle in _cycles(divisions):
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
    registry = ctx.registry
    divisions = ctx.entities("divisions")
    community = DivisionLevel.COMMUNITY

    def wrong(kind: str, entity_id: str, code: str, path: str) -> Violation:
        level = divisions[code].level
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
            if divisions[code].level is not community:
                yield wrong(
                    "projects", project.id, code, ctx.path("projects", project.id, "community_ids", j)
                )
    for kind, field in _COMMUNITY_FIELDS:
        for entity in getattr(registry, kind).values():
            code = getattr(entity, field)
            if divisions[code].level is not community:
                yield wrong(kind, entity.id, code, ctx.path(kind, entity.id, field))


RULES: tuple[Rule, ...] = (_no_cycles, _community_expected)
