"""The coverage checks as they were before the for_each rewrite (frozen; see tests/rules/legacy).

Originally: Coverage rules (全覆盖): every street has a street station, every community a room.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialwork.hierarchy import Coverage, coverage
from socialwork.model import DivisionLevel, Severity, StationLevel
from socialwork.rules._engine import Check, RuleContext
from socialwork.rules._params import Parameter
from socialwork.rules._report import Violation

__all__ = ["CHECKS"]

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


def _uncovered(
    ctx: RuleContext, division_level: DivisionLevel, station_level: StationLevel, parameter: str
) -> Iterator[Violation]:
    found: Coverage | None = ctx.memo.get("coverage")
    if found is None:  # the hierarchy's one definition of coverage, once per run
        found = ctx.memo["coverage"] = coverage(ctx.registry)
    severity = ctx.param(parameter)
    divisions = ctx.entities("divisions")
    for code in found.uncovered:
        division = divisions[code]
        if division.level is division_level:
            yield ctx.violation(
                division.code,
                ctx.path("divisions", division.code),
                zh=f"{division_level.zh} {division.name}（{division.code}）没有{station_level.zh}",
                en=f"{division_level.en} {division.name} ({division.code}) has no {station_level.en}",
                expected=station_level,
                found=None,
                severity=severity,
            )


def _streets(ctx: RuleContext) -> Iterator[Violation]:
    return _uncovered(ctx, DivisionLevel.STREET, StationLevel.STREET, STREET_SEVERITY.name)


def _communities(ctx: RuleContext) -> Iterator[Violation]:
    return _uncovered(ctx, DivisionLevel.COMMUNITY, StationLevel.COMMUNITY, COMMUNITY_SEVERITY.name)


CHECKS: dict[str, Check] = {
    "SW-C001": _streets,
    "SW-C002": _communities,
}
