"""Staffing rules: employers, social workers per street station, supervisors, operators."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from socialwork.model import Division, Severity, SocialWorker, Station, StationLevel, TalentTrack
from socialwork.rules._each import Finding, for_each
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._params import Parameter
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


# Members that a check reads once per entity, bound once: looking one up on its enum costs
# about 80 ns on Python 3.11, more than the rest of a simple check.
_STREET = StationLevel.STREET
_PRACTITIONER, _SUPERVISOR = TalentTrack.PRACTITIONER, TalentTrack.SUPERVISOR


@rule(
    code="SW-S001",
    title_zh="驻站社工由机构聘用",
    title_en="a posted social worker is employed by an organization",
    severity=Severity.ERROR,
    family="staffing",
    reference="社工站由社会工作服务机构运营, 驻站社工与机构签订劳动合同",
)
@for_each("social_workers", at="employer_id")
def _employed(_ctx: RuleContext, worker: SocialWorker) -> Finding | None:
    if worker.station_id is None or worker.employer_id is not None:
        return None
    return Finding(
        zh=f"社工 {worker.id!r} 驻 {worker.station_id!r}，但没有聘用机构",
        en=f"social worker {worker.id!r} is posted to {worker.station_id!r} but has no employer",
        expected="an employer",
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
@for_each("stations")
def _street_workers(ctx: RuleContext, station: Station) -> Finding | None:
    if station.level is not _STREET:
        return None
    minimum = ctx.param(MIN_STREET_WORKERS.name)
    count = len(ctx.registry.referrer_index("social_workers", "station_id").get(station.id, ()))
    if count >= minimum:
        return None
    return Finding(
        zh=f"街道社工站 {station.id!r} 驻站社工 {count} 名，应至少 {minimum} 名",
        en=f"street station {station.id!r} has {count} social worker(s) posted, expected at least {minimum}",
        expected=minimum,
        found=count,
    )


_Staff = tuple[Counter[str], Counter[str]]


def _district_staff(ctx: RuleContext) -> _Staff:
    """Return the practitioners and the supervisors posted in each district, counted once per run."""
    found: _Staff | None = ctx.memo.get("district_staff")
    if found is not None:
        return found
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
        if _PRACTITIONER in worker.tracks:
            practitioners[district] += 1
        if _SUPERVISOR in worker.tracks:
            supervisors[district] += 1
    found = ctx.memo["district_staff"] = (practitioners, supervisors)
    return found


def _staffed_districts(ctx: RuleContext) -> Iterator[Division]:
    divisions = ctx.entities("divisions")
    return (divisions[code] for code in _district_staff(ctx)[0])


@rule(
    code="SW-S003",
    title_zh="督导与实务社工配比",
    title_en="enough supervisors for the practitioners of a district",
    severity=Severity.WARNING,
    family="staffing",
    reference="社会工作督导: 按实务社工人数配备督导",
    parameters=[PRACTITIONERS_PER_SUPERVISOR],
)
@for_each("divisions", among=_staffed_districts)
def _supervisors(ctx: RuleContext, district: Division) -> Finding | None:
    per = ctx.param(PRACTITIONERS_PER_SUPERVISOR.name)
    practitioners, supervisors = _district_staff(ctx)
    count, have = practitioners[district.code], supervisors[district.code]
    needed = -(-count // per) if per > 0 else 0
    if have >= needed:
        return None
    return Finding(
        zh=f"区县 {district.code!r} 有实务社工 {count} 名、督导 {have} 名，应至少 {needed} 名督导",
        en=(
            f"district {district.code!r} has {count} practitioner(s) and {have} "
            f"supervisor(s), expected at least {needed} (one per {per})"
        ),
        expected=needed,
        found=have,
    )


@rule(
    code="SW-S004",
    title_zh="社工站有运营机构",
    title_en="a station has an operator",
    severity=Severity.WARNING,
    family="staffing",
    reference="社工站由社会工作服务机构运营（政府购买服务）",
)
@for_each("stations", at="operator_id")
def _operator(_ctx: RuleContext, station: Station) -> Finding | None:
    if station.operator_id is not None:
        return None
    return Finding(
        zh=f"社工站 {station.id!r} 没有运营机构",
        en=f"station {station.id!r} has no operator",
        expected="an operator",
    )


RULES: tuple[Rule, ...] = (_employed, _street_workers, _supervisors, _operator)
