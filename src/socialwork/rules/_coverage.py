"""Coverage rules (全覆盖): every street has a street station, every community a room."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from socialwork.hierarchy import Coverage, coverage
from socialwork.model import Division, DivisionLevel, Severity, StationLevel
from socialwork.rules._each import Finding, for_each
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._params import Parameter

__all__ = ["PARAMETERS", "RULES"]

STREET_SEVERITY = Parameter(
    "coverage.street_severity",
    Severity.ERROR,
    type="severity",
    description="how serious a street without a street station is",
    description_zh="街道未建社工站的严重程度",
)
COMMUNITY_SEVERITY = Parameter(
    "coverage.community_severity",
    Severity.WARNING,
    type="severity",
    description="how serious a community without a community room is",
    description_zh="社区未建社工室的严重程度",
)
PARAMETERS = (STREET_SEVERITY, COMMUNITY_SEVERITY)


def _uncovered(level: DivisionLevel) -> Callable[[RuleContext], Iterator[Division]]:
    """Select the divisions of *level* that no station covers, from the hierarchy's coverage."""

    def among(ctx: RuleContext) -> Iterator[Division]:
        found: Coverage | None = ctx.memo.get("coverage")
        if found is None:  # the hierarchy's one definition of coverage, once per run
            found = ctx.memo["coverage"] = coverage(ctx.registry)
        divisions = ctx.entities("divisions")
        return (d for d in map(divisions.__getitem__, found.uncovered) if d.level is level)

    return among


def _no_station(division: Division, station_level: StationLevel, severity: Severity) -> Finding:
    level = division.level
    return Finding(
        zh=f"{level.zh} {division.name}（{division.code}）没有{station_level.zh}",
        en=f"{level.en} {division.name} ({division.code}) has no {station_level.en}",
        expected=station_level,
        severity=severity,
    )


@rule(
    code="SW-C001",
    title_zh="每个街道都有街道社工站",
    title_en="every street has a street station",
    severity=Severity.ERROR,
    family="coverage",
    reference="乡镇（街道）社工站全覆盖",
    parameters=[STREET_SEVERITY],
)
@for_each("divisions", among=_uncovered(DivisionLevel.STREET))
def _streets(ctx: RuleContext, street: Division) -> Finding:
    return _no_station(street, StationLevel.STREET, ctx.param(STREET_SEVERITY.name))


@rule(
    code="SW-C002",
    title_zh="每个社区都有社区社工室",
    title_en="every community has a community room",
    severity=Severity.WARNING,
    family="coverage",
    reference="社区社工室全覆盖",
    parameters=[COMMUNITY_SEVERITY],
)
@for_each("divisions", among=_uncovered(DivisionLevel.COMMUNITY))
def _communities(ctx: RuleContext, community: Division) -> Finding:
    return _no_station(community, StationLevel.COMMUNITY, ctx.param(COMMUNITY_SEVERITY.name))


RULES: tuple[Rule, ...] = (_streets, _communities)
