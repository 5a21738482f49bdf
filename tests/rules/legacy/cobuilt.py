"""The cobuilt checks as they were before the for_each rewrite (frozen; see tests/rules/legacy).

Originally: Co-built station rules (共建): a school station has co-builders, one a social-work agency.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialwork.model import OrgKind, StationSetting
from socialwork.rules._engine import Check, RuleContext
from socialwork.rules._params import Parameter
from socialwork.rules._report import Violation

__all__ = ["CHECKS"]

MIN_CO_BUILDERS = Parameter(
    "cobuilt.min_co_builders",
    1,
    type="integer",
    description="the fewest co-builders of a station in a school",
    description_zh="学校社工站的最少共建单位数",
)
_REFERENCE = "中职学校社工站: 学校、社工机构等多方共建 (the Wuhan vocational-school station)"


def _has_co_builders(ctx: RuleContext) -> Iterator[Violation]:
    minimum = ctx.param(MIN_CO_BUILDERS.name)
    for station in ctx.registry.stations.values():
        if station.setting is StationSetting.SCHOOL and len(station.co_builder_ids) < minimum:
            count = len(station.co_builder_ids)
            yield ctx.violation(
                station.id,
                ctx.path("stations", station.id, "co_builder_ids"),
                zh=f"学校社工站 {station.id!r} 有 {count} 个共建单位，应至少 {minimum} 个",
                en=f"school station {station.id!r} has {count} co-builder(s), expected at least {minimum}",
                expected=minimum,
                found=count,
            )


def _agency_co_builder(ctx: RuleContext) -> Iterator[Violation]:
    organizations = ctx.entities("organizations")
    agency = OrgKind.SOCIAL_WORK_AGENCY
    for station in ctx.registry.stations.values():
        if station.setting is not StationSetting.SCHOOL or not station.co_builder_ids:
            continue  # no co-builders at all is SW-B001's
        kinds = {organizations[org_id].kind for org_id in station.co_builder_ids}
        if agency not in kinds:
            yield ctx.violation(
                station.id,
                ctx.path("stations", station.id, "co_builder_ids"),
                zh=f"学校社工站 {station.id!r} 的共建单位中没有社会工作服务机构",
                en=f"no co-builder of school station {station.id!r} is a social-work agency",
                expected=agency,
                found=tuple(sorted(kind.value for kind in kinds)),
            )


CHECKS: dict[str, Check] = {
    "SW-B001": _has_co_builders,
    "SW-B002": _agency_co_builder,
}
