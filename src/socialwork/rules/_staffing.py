"""Staffing rules: employers, social workers per street station, supervisors, operators."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from socialwork.model import Severity, StationLevel, TalentTrack
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._params import Parameter
from socialwork.rules._report import Violation
from socialwork.rules._tree import district_of

__all__ = ["PARAMETERS", "RULES"]

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
PARAMETERS = (MIN_STREET_WORKERS, PRACTITIONERS_PER_SUPERVISOR)


@rule(
    code="SW-S001",
    title_zh="驻站社工由机构聘用",
    title_en="a posted social worker is employed by an organization",
    severity=Severity.ERROR,
    family="staffing",
    reference="社工站由社会工作服务机构运营, 驻站社工与机构签订劳动合同",
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


@rule(
    code="SW-S002",
    title_zh="街道社工站配足社工",
    title_en="a street station has enough social workers",
    severity=Severity.WARNING,
    family="staffing",
    reference="乡镇（街道）社工站建设: 每站配备专职社工 (e.g. 湖南禾计划 2 名以上)",
    parameters=[MIN_STREET_WORKERS],
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


@rule(
    code="SW-S003",
    title_zh="督导与实务社工配比",
    title_en="enough supervisors for the practitioners of a district",
    severity=Severity.WARNING,
    family="staffing",
    reference="社会工作督导: 按实务社工人数配备督导",
    parameters=[PRACTITIONERS_PER_SUPERVISOR],
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


@rule(
    code="SW-S004",
    title_zh="社工站有运营机构",
    title_en="a station has an operator",
    severity=Severity.WARNING,
    family="staffing",
    reference="社工站由社会工作服务机构运营（政府购买服务）",
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


RULES: tuple[Rule, ...] = (_employed, _street_workers, _supervisors, _operator)
