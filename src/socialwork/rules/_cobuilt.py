"""Co-built station rules (共建): a school station has co-builders, one a social-work agency."""

from __future__ import annotations

from socialwork.model import OrgKind, Severity, Station, StationSetting
from socialwork.rules._each import Finding, for_each
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._params import Parameter

__all__ = ["PARAMETERS", "RULES"]

MIN_CO_BUILDERS = Parameter(
    "cobuilt.min_co_builders",
    1,
    type="integer",
    description="the fewest co-builders of a station in a school",
    description_zh="学校社工站的最少共建单位数",
)
PARAMETERS = (MIN_CO_BUILDERS,)
_REFERENCE = "中职学校社工站: 学校、社工机构等多方共建 (the Wuhan vocational-school station)"


# Members that a check reads once per entity, bound once: looking one up on its enum costs
# about 80 ns on Python 3.11, more than the rest of a simple check.
_SCHOOL, _AGENCY = StationSetting.SCHOOL, OrgKind.SOCIAL_WORK_AGENCY


@rule(
    code="SW-B001",
    title_zh="学校社工站有共建单位",
    title_en="a school station has co-builders",
    severity=Severity.ERROR,
    family="cobuilt",
    reference=_REFERENCE,
    parameters=[MIN_CO_BUILDERS],
)
@for_each("stations", at="co_builder_ids")
def _has_co_builders(ctx: RuleContext, station: Station) -> Finding | None:
    if station.setting is not _SCHOOL:
        return None
    minimum = ctx.param(MIN_CO_BUILDERS.name)
    count = len(station.co_builder_ids)
    if count >= minimum:
        return None
    return Finding(
        zh=f"学校社工站 {station.id!r} 有 {count} 个共建单位，应至少 {minimum} 个",
        en=f"school station {station.id!r} has {count} co-builder(s), expected at least {minimum}",
        expected=minimum,
        found=count,
    )


@rule(
    code="SW-B002",
    title_zh="学校社工站的共建单位中有社工机构",
    title_en="a school station is co-built by a social-work agency",
    severity=Severity.ERROR,
    family="cobuilt",
    reference=_REFERENCE,
)
@for_each("stations", at="co_builder_ids")
def _agency_co_builder(ctx: RuleContext, station: Station) -> Finding | None:
    if station.setting is not _SCHOOL or not station.co_builder_ids:
        return None  # no co-builders at all is SW-B001's
    organizations = ctx.entities("organizations")
    kinds = {organizations[org_id].kind for org_id in station.co_builder_ids}
    if _AGENCY in kinds:
        return None
    return Finding(
        zh=f"学校社工站 {station.id!r} 的共建单位中没有社会工作服务机构",
        en=f"no co-builder of school station {station.id!r} is a social-work agency",
        expected=_AGENCY,
        found=tuple(sorted(kind.value for kind in kinds)),
    )


RULES: tuple[Rule, ...] = (_has_co_builders, _agency_co_builder)
