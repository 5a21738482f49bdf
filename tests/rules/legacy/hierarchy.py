"""The hierarchy checks as they were before the for_each rewrite (frozen; see tests/rules/legacy).

Originally: Hierarchy rules: the three-level linkage (三级联动) of hub, street stations and community rooms.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from socialwork.model import DivisionLevel, Station, StationLevel, StationSetting
from socialwork.rules._engine import Check, RuleContext
from socialwork.rules._report import Violation
from socialwork.rules._tree import divisions_contain, station_table

__all__ = ["CHECKS"]

_REFERENCE = "三级联动: 区社工总站 → 街道（乡镇）社工站 → 社区社工室"


_CODE = {StationLevel.DISTRICT: 0, StationLevel.STREET: 1, StationLevel.COMMUNITY: 2}


def _parent_rule(ctx: RuleContext, level: StationLevel, parent_level: StationLevel) -> Iterator[Violation]:
    table = station_table(ctx.registry, ctx.memo)
    mine = np.flatnonzero(table.level == _CODE[level])
    parents = table.parent[mine]
    has_parent = parents >= 0
    wrong = mine[~has_parent | (table.level[np.where(has_parent, parents, 0)] != _CODE[parent_level])]
    stations = ctx.entities("stations")
    for i in wrong.tolist():
        station = stations[table.ids[i]]
        if station.parent_id is None:
            yield ctx.violation(
                station.id,
                ctx.path("stations", station.id, "parent_id"),
                zh=f"{level.zh} {station.id!r} 没有上级，应隶属于{parent_level.zh}",
                en=f"{level.en} {station.id!r} has no parent; expected a {parent_level.en}",
                expected=parent_level,
                found=None,
            )
            continue
        parent = stations[station.parent_id]
        yield ctx.violation(
            station.id,
            ctx.path("stations", station.id, "parent_id"),
            zh=(
                f"{level.zh} {station.id!r} 的上级应为{parent_level.zh}，实为{parent.level.zh} {parent.id!r}"
            ),
            en=(
                f"{level.en} {station.id!r} needs a {parent_level.en} as parent, "
                f"got {parent.level.en} {parent.id!r}"
            ),
            expected=parent_level,
            found=parent.level,
        )


def _street_parent(ctx: RuleContext) -> Iterator[Violation]:
    return _parent_rule(ctx, StationLevel.STREET, StationLevel.DISTRICT)


def _community_parent(ctx: RuleContext) -> Iterator[Violation]:
    return _parent_rule(ctx, StationLevel.COMMUNITY, StationLevel.STREET)


def _hub_no_parent(ctx: RuleContext) -> Iterator[Violation]:
    for station in ctx.registry.stations.values():
        if station.level is StationLevel.DISTRICT and station.parent_id is not None:
            yield ctx.violation(
                station.id,
                ctx.path("stations", station.id, "parent_id"),
                zh=f"区社工总站 {station.id!r} 不应有上级，实为 {station.parent_id!r}",
                en=f"district hub {station.id!r} should have no parent, got {station.parent_id!r}",
                expected=None,
                found=station.parent_id,
            )


def _inside_parent(ctx: RuleContext) -> Iterator[Violation]:
    registry = ctx.registry
    table = station_table(registry, ctx.memo)
    children = np.flatnonzero(table.parent >= 0)
    inside = divisions_contain(registry, table.division[table.parent[children]], table.division[children])
    stations = ctx.entities("stations")
    for i in children[~inside].tolist():
        station = stations[table.ids[i]]
        parent = stations[station.parent_id]
        yield ctx.violation(
            station.id,
            ctx.path("stations", station.id, "division_id"),
            zh=(
                f"社工站 {station.id!r} 的区划 {station.division_id!r} 不在上级站 {parent.id!r} "
                f"的区划 {parent.division_id!r} 之内"
            ),
            en=(
                f"station {station.id!r} serves {station.division_id!r}, which is not inside "
                f"{parent.division_id!r}, the division of its parent {parent.id!r}"
            ),
            expected=parent.division_id,
            found=station.division_id,
        )


def _one_hub(ctx: RuleContext) -> Iterator[Violation]:
    hubs: dict[str, list[Station]] = {}
    district, community = StationLevel.DISTRICT, StationSetting.COMMUNITY
    for station in ctx.registry.stations.values():
        if station.level is district and station.setting is community:
            hubs.setdefault(station.division_id, []).append(station)
    for code, items in hubs.items():
        if len(items) > 1:
            ids = tuple(sorted(s.id for s in items))
            yield ctx.violation(
                code,
                ctx.path("divisions", code),
                zh=f"区划 {code!r} 有 {len(ids)} 个区社工总站：{', '.join(ids)}",
                en=f"division {code!r} has {len(ids)} district hubs: {', '.join(ids)}",
                expected=1,
                found=ids,
            )


_DIVISION_LEVEL = {
    StationLevel.DISTRICT: DivisionLevel.DISTRICT,
    StationLevel.STREET: DivisionLevel.STREET,
    StationLevel.COMMUNITY: DivisionLevel.COMMUNITY,
}


def _levels_agree(ctx: RuleContext) -> Iterator[Violation]:
    table = station_table(ctx.registry, ctx.memo)
    wrong = np.flatnonzero(table.in_community & (table.division_level[table.division] != table.level))
    stations = ctx.entities("stations")
    divisions = ctx.entities("divisions")
    for i in wrong.tolist():
        station = stations[table.ids[i]]
        expected = _DIVISION_LEVEL[station.level]
        level = divisions[station.division_id].level
        yield ctx.violation(
            station.id,
            ctx.path("stations", station.id, "division_id"),
            zh=(
                f"{station.level.zh} {station.id!r} 应设在{expected.zh}，"
                f"实为{level.zh} {station.division_id!r}"
            ),
            en=(
                f"{station.level.en} {station.id!r} should serve a {expected.en}, "
                f"got {level.en} {station.division_id!r}"
            ),
            expected=expected,
            found=level,
        )


CHECKS: dict[str, Check] = {
    "SW-H001": _street_parent,
    "SW-H002": _community_parent,
    "SW-H003": _hub_no_parent,
    "SW-H004": _inside_parent,
    "SW-H005": _one_hub,
    "SW-H006": _levels_agree,
}
