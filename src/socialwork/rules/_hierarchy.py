"""Hierarchy rules: the three-level linkage (三级联动) of hub, street stations and community rooms."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from socialwork.model import Division, DivisionLevel, Severity, Station, StationLevel, StationSetting
from socialwork.rules._each import Finding, for_each
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._tree import divisions_contain, station_table

__all__ = ["RULES"]

_REFERENCE = "三级联动: 区社工总站 → 街道（乡镇）社工站 → 社区社工室"


# Members that a check reads once per entity, bound once: looking one up on its enum costs
# about 80 ns on Python 3.11, more than the rest of a simple check.
_DISTRICT = StationLevel.DISTRICT


_CODE = {StationLevel.DISTRICT: 0, StationLevel.STREET: 1, StationLevel.COMMUNITY: 2}


def _parent_not_at(
    level: StationLevel, parent_level: StationLevel
) -> Callable[[RuleContext], Iterator[Station]]:
    """Select, in bulk, the stations of *level* without a parent of *parent_level*."""

    def among(ctx: RuleContext) -> Iterator[Station]:
        table = station_table(ctx.registry, ctx.memo)
        mine = np.flatnonzero(table.level == _CODE[level])
        parents = table.parent[mine]
        has_parent = parents >= 0
        wrong = mine[~has_parent | (table.level[np.where(has_parent, parents, 0)] != _CODE[parent_level])]
        stations = ctx.entities("stations")
        return (stations[table.ids[i]] for i in wrong.tolist())

    return among


def _wrong_parent(ctx: RuleContext, station: Station, parent_level: StationLevel) -> Finding:
    level = station.level
    if station.parent_id is None:
        return Finding(
            zh=f"{level.zh} {station.id!r} 没有上级，应隶属于{parent_level.zh}",
            en=f"{level.en} {station.id!r} has no parent; expected a {parent_level.en}",
            expected=parent_level,
        )
    parent = ctx.entities("stations")[station.parent_id]
    return Finding(
        zh=f"{level.zh} {station.id!r} 的上级应为{parent_level.zh}，实为{parent.level.zh} {parent.id!r}",
        en=(
            f"{level.en} {station.id!r} needs a {parent_level.en} as parent, "
            f"got {parent.level.en} {parent.id!r}"
        ),
        expected=parent_level,
        found=parent.level,
    )


@rule(
    code="SW-H001",
    title_zh="街道社工站的上级是区社工总站",
    title_en="a street station's parent is a district hub",
    severity=Severity.ERROR,
    family="hierarchy",
    reference=_REFERENCE,
)
@for_each("stations", at="parent_id", among=_parent_not_at(StationLevel.STREET, StationLevel.DISTRICT))
def _street_parent(ctx: RuleContext, station: Station) -> Finding:
    return _wrong_parent(ctx, station, StationLevel.DISTRICT)


@rule(
    code="SW-H002",
    title_zh="社区社工室的上级是街道社工站",
    title_en="a community room's parent is a street station",
    severity=Severity.ERROR,
    family="hierarchy",
    reference=_REFERENCE,
)
@for_each("stations", at="parent_id", among=_parent_not_at(StationLevel.COMMUNITY, StationLevel.STREET))
def _community_parent(ctx: RuleContext, station: Station) -> Finding:
    return _wrong_parent(ctx, station, StationLevel.STREET)


@rule(
    code="SW-H003",
    title_zh="区社工总站没有上级",
    title_en="a district hub has no parent station",
    severity=Severity.ERROR,
    family="hierarchy",
    reference=_REFERENCE,
)
@for_each("stations", at="parent_id")
def _hub_no_parent(_ctx: RuleContext, station: Station) -> Finding | None:
    if station.level is not _DISTRICT or station.parent_id is None:
        return None
    return Finding(
        zh=f"区社工总站 {station.id!r} 不应有上级，实为 {station.parent_id!r}",
        en=f"district hub {station.id!r} should have no parent, got {station.parent_id!r}",
        found=station.parent_id,
    )


def _outside_parent(ctx: RuleContext) -> Iterator[Station]:
    """Select, in bulk, the stations whose division does not lie inside their parent's."""
    registry = ctx.registry
    table = station_table(registry, ctx.memo)
    children = np.flatnonzero(table.parent >= 0)
    inside = divisions_contain(registry, table.division[table.parent[children]], table.division[children])
    stations = ctx.entities("stations")
    return (stations[table.ids[i]] for i in children[~inside].tolist())


@rule(
    code="SW-H004",
    title_zh="社工站的服务区域在其上级站的区域之内",
    title_en="a station's division lies inside its parent's division",
    severity=Severity.ERROR,
    family="hierarchy",
    reference=_REFERENCE,
)
@for_each("stations", at="division_id", among=_outside_parent)
def _inside_parent(ctx: RuleContext, station: Station) -> Finding | None:
    if station.parent_id is None:  # none selected: only stations with a parent are inside one
        return None
    parent = ctx.entities("stations")[station.parent_id]
    return Finding(
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


def _hubs(ctx: RuleContext) -> dict[str, list[Station]]:
    """Return the district hubs (stations set up in a community) of each division, once per run."""
    found: dict[str, list[Station]] | None = ctx.memo.get("hubs")
    if found is None:
        found = ctx.memo["hubs"] = {}
        district, community = StationLevel.DISTRICT, StationSetting.COMMUNITY
        for station in ctx.registry.stations.values():
            if station.level is district and station.setting is community:
                found.setdefault(station.division_id, []).append(station)
    return found


def _with_several_hubs(ctx: RuleContext) -> Iterator[Division]:
    divisions = ctx.entities("divisions")
    return (divisions[code] for code, hubs in _hubs(ctx).items() if len(hubs) > 1)


@rule(
    code="SW-H005",
    title_zh="每个区县只有一个区社工总站",
    title_en="one district hub per district",
    severity=Severity.ERROR,
    family="hierarchy",
    reference=_REFERENCE + "; a district-level station set up elsewhere (a school, a hospital) is not a hub",
)
@for_each("divisions", among=_with_several_hubs)
def _one_hub(ctx: RuleContext, division: Division) -> Finding:
    ids = tuple(sorted(s.id for s in _hubs(ctx)[division.code]))
    return Finding(
        zh=f"区划 {division.code!r} 有 {len(ids)} 个区社工总站：{', '.join(ids)}",
        en=f"division {division.code!r} has {len(ids)} district hubs: {', '.join(ids)}",
        expected=1,
        found=ids,
    )


_DIVISION_LEVEL = {
    StationLevel.DISTRICT: DivisionLevel.DISTRICT,
    StationLevel.STREET: DivisionLevel.STREET,
    StationLevel.COMMUNITY: DivisionLevel.COMMUNITY,
}


def _off_level(ctx: RuleContext) -> Iterator[Station]:
    """Select, in bulk, the stations set up in a community whose division is of another level."""
    table = station_table(ctx.registry, ctx.memo)
    wrong = np.flatnonzero(table.in_community & (table.division_level[table.division] != table.level))
    stations = ctx.entities("stations")
    return (stations[table.ids[i]] for i in wrong.tolist())


@rule(
    code="SW-H006",
    title_zh="社工站层级与其区划层级一致",
    title_en="a station's level agrees with its division's level",
    severity=Severity.ERROR,
    family="hierarchy",
    reference=_REFERENCE + "; stations set up elsewhere than in a community (schools, hospitals) are exempt",
)
@for_each("stations", at="division_id", among=_off_level)
def _levels_agree(ctx: RuleContext, station: Station) -> Finding:
    expected = _DIVISION_LEVEL[station.level]
    level = ctx.entities("divisions")[station.division_id].level
    return Finding(
        zh=f"{station.level.zh} {station.id!r} 应设在{expected.zh}，实为{level.zh} {station.division_id!r}",
        en=(
            f"{station.level.en} {station.id!r} should serve a {expected.en}, "
            f"got {level.en} {station.division_id!r}"
        ),
        expected=expected,
        found=level,
    )


RULES: tuple[Rule, ...] = (
    _street_parent,
    _community_parent,
    _hub_no_parent,
    _inside_parent,
    _one_hub,
    _levels_agree,
)
