"""The staffing checks as they were before the for_each rewrite (frozen; see tests/rules/legacy).

Originally: Staffing rules: employers, social workers per street station, supervisors, operators.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from socialwork.model import StationLevel, TalentTrack
from socialwork.rules._engine import Check, RuleContext
from socialwork.rules._params import Parameter
from socialwork.rules._report import Violation
from socialwork.rules._tree import district_of

__all__ = ["CHECKS"]

MIN_STREET_WORKERS = Parameter(
    "staffing.min_street_workers",
    2,
    type="integer",
    description="the fewest social workers posted to a street station",
    description_zh="每个街道社工站至少配备的社工人数",
)
PRACTITIONERS_PER_SUPERVISOR = Parameter(
    "staffing.practitioners_per_supervisor",
    10,
    type="integer",
    description="the most practitioners one supervisor may cover, in a district",
    description_zh="区县内每名督导对应的实务社工人数上限",
)


def _employed(ctx: RuleContext) -> Iterator[Violation]:
    for worker in ctx.registry.social_workers.values():
        if worker.station_id is not None and worker.employer_id is None:
            yield ctx.violation(
                worker.id,
                ctx.path("social_workers", worker.id, "employer_id"),
                zh=f"社工 {worker.id!r} 驻 {worker.station_id!r}，但没有聘用机构",
                en=f"social worker {worker.id!r} is posted to {worker.station_id!r} but has no employer",
                expected="an employer",
                found=None,
            )


def _street_workers(ctx: RuleContext) -> Iterator[Violation]:
    minimum = ctx.param(MIN_STREET_WORKERS.name)
    posted = Counter(worker.station_id for worker in ctx.registry.social_workers.values())
    for station in ctx.registry.stations.values():
        if station.level is not StationLevel.STREET:
            continue
        count = posted[station.id]
        if count < minimum:
            yield ctx.violation(
                station.id,
                ctx.path("stations", station.id),
                zh=f"街道社工站 {station.id!r} 驻站社工 {count} 名，应至少 {minimum} 名",
                en=(
                    f"street station {station.id!r} has {count} social worker(s) posted, "
                    f"expected at least {minimum}"
                ),
                expected=minimum,
                found=count,
            )


def _supervisors(ctx: RuleContext) -> Iterator[Violation]:
    per = ctx.param(PRACTITIONERS_PER_SUPERVISOR.name)
    registry = ctx.registry
    districts = district_of(registry, ctx.memo)
    stations = ctx.entities("stations")
    practitioners: Counter[str] = Counter()
    supervisors: Counter[str] = Counter()
    for worker in registry.social_workers.values():
        if worker.station_id is None:
            continue
        district = districts.get(stations[worker.station_id].division_id)
        if district is None:
            continue
        if TalentTrack.PRACTITIONER in worker.tracks:
            practitioners[district] += 1
        if TalentTrack.SUPERVISOR in worker.tracks:
            supervisors[district] += 1
    for district, count in practitioners.items():
        needed = -(-count // per) if per > 0 else 0
        if supervisors[district] < needed:
            yield ctx.violation(
                district,
                ctx.path("divisions", district),
                zh=(
                    f"区县 {district!r} 有实务社工 {count} 名、督导 {supervisors[district]} 名，"
                    f"应至少 {needed} 名督导"
                ),
                en=(
                    f"district {district!r} has {count} practitioner(s) and {supervisors[district]} "
                    f"supervisor(s), expected at least {needed} (one per {per})"
                ),
                expected=needed,
                found=supervisors[district],
            )


def _operator(ctx: RuleContext) -> Iterator[Violation]:
    for station in ctx.registry.stations.values():
        if station.operator_id is None:
            yield ctx.violation(
                station.id,
                ctx.path("stations", station.id, "operator_id"),
                zh=f"社工站 {station.id!r} 没有运营机构",
                en=f"station {station.id!r} has no operator",
                expected="an operator",
                found=None,
            )


CHECKS: dict[str, Check] = {
    "SW-S001": _employed,
    "SW-S002": _street_workers,
    "SW-S003": _supervisors,
    "SW-S004": _operator,
}
