"""The seeded synthetic generator: valid registries from a handful of entities to national scale.

Generation runs in two steps so that later options can hook in between them:
:func:`_generate` draws every entity into lists by kind, and
:meth:`~socialwork.Registry.from_kinds` builds (and checks) the registry. Planted
faults, for testing validators, will edit the lists between the two steps.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import random
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final

import attrs

from socialwork._bulk import gc_paused
from socialwork.datasets._faults import Fault, plant, read_faults
from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.model import (
    KINDS,
    Certification,
    Division,
    DivisionLevel,
    Donation,
    Fund,
    Grant,
    Need,
    Organization,
    OrgKind,
    Project,
    Registry,
    ServiceKind,
    SocialWorker,
    Station,
    StationLevel,
    TalentTrack,
    TargetGroup,
    Volunteer,
    credit_code_check_character,
    from_fen,
)
from socialwork.model.validators import int_between

__all__ = ["NATIONAL", "synthetic", "synthetic_with_faults"]

NATIONAL: Final[Mapping[str, int]] = MappingProxyType(
    {"districts": 3000, "streets_per_district": 13, "communities_per_street": 15}
)
"""The shape of a national registry: 3,000 districts, 39,000 streets, 585,000 communities.

``synthetic(**NATIONAL)`` holds about two million entities with the other defaults.
"""

# The two-digit prefixes of the 31 provincial-level divisions of GB/T 2260, in order.
_PROVINCES: Final = (
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
)  # fmt: skip
_SURNAMES: Final = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_PROJECT_STEMS: Final = (
    "守护明天", "相伴成长", "邻里守望", "银龄关爱", "阳光助残", "护苗行动", "幸福家园", "温暖同行",
    "心灵驿站", "社区融入", "青春护航", "夕阳红",
)  # fmt: skip
_TRACKS: Final = (TalentTrack.PRACTITIONER, TalentTrack.MANAGER, TalentTrack.SUPERVISOR)
_TRACK_SETS: Final = tuple(frozenset((track,)) for track in _TRACKS)
_CERTIFICATIONS: Final = (None, Certification.ASSISTANT, Certification.INTERMEDIATE, Certification.SENIOR)
_SERVICES: Final = tuple(ServiceKind)
_GROUPS: Final = tuple(TargetGroup)
# Drawn sets are picked from these tables (one random draw each, and shared frozensets).
_SKILL_SETS: Final = tuple(
    frozenset((a, b)) if a is not b else frozenset((a,)) for a in _SERVICES for b in _SERVICES
)
_GROUP_SETS: Final = tuple(
    frozenset((a, b)) if a is not b else frozenset((a,)) for a in _GROUPS for b in _GROUPS
)
# The same sets without minors, drawn for a project whose stations have no practitioner
# (a project serving minors needs one, rule SW-P003): the draw is the same either way.
_ADULT_GROUP_SETS: Final = tuple(
    (s - {TargetGroup.MINORS}) or frozenset((TargetGroup.FAMILIES,)) for s in _GROUP_SETS
)
_VOLUNTEER_SKILLS: Final = (frozenset(), *(frozenset((s,)) for s in _SERVICES))
_AREAS: Final = tuple(Decimal(area) for area in range(2001))
_HOURS: Final = tuple(Decimal(half) / 2 for half in range(401))
_EPOCH: Final = dt.date(2019, 1, 1).toordinal()
_DATES: Final = tuple(dt.date.fromordinal(_EPOCH + day) for day in range(6 * 366))
# GB 11714 organization code: eight characters and a check character (weights below).
_ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)

# The most a "per" parameter may be: generous, but bounded, so that a slip (a total
# given for a mean) is refused at once rather than filling the memory.
_MOST: Final = 1000


@attrs.frozen
class _Shape:
    """The checked parameters of one synthetic registry."""

    districts: int
    streets_per_district: int
    communities_per_street: int
    districts_per_city: int
    cities_per_province: int
    agencies_per_street: int
    workers_per_street: Fraction
    volunteers_per_community: Fraction
    needs_per_community: Fraction
    projects_per_street: Fraction
    funds_per_street: Fraction
    donations_per_fund: Fraction
    grants_per_fund: Fraction


def _rate(name: str, value: object) -> Fraction:
    """Check a mean count per unit (an int, or a finite float or Decimal) and return it exactly."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        msg = Message(
            "expected a number (int, float or Decimal), got {type} {value}",
            "应为数（int、float 或 Decimal），实为 {type} {value}",
            type=type(value).__name__,
            value=repr(value),
        )
        raise InvalidTypeError(msg, path=name)
    if (isinstance(value, float) and not math.isfinite(value)) or (
        isinstance(value, Decimal) and not value.is_finite()
    ):
        msg = Message(
            "expected a finite number, got {value}", "应为有限的数，实为 {value}", value=repr(value)
        )
        raise InvalidValueError(msg, path=name)
    # A float is read as it prints, so that 0.1 means one in ten exactly.
    rate = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if rate < 0 or rate > _MOST:
        msg = Message(
            "expected a number from 0 to {most}, got {value}",
            "应为 0 到 {most} 之间的数，实为 {value}",
            most=_MOST,
            value=repr(value),
        )
        raise InvalidValueError(msg, path=name)
    return rate


def _share(rate: Fraction, unit: int, /) -> int:
    """Return how many items unit number *unit* gets when units get *rate* items on average.

    Unit ``u`` gets ``floor((u + 1) * rate) - floor(u * rate)``, so the first ``n``
    units get ``floor(n * rate)`` items in all, spread as evenly as whole numbers allow.
    """
    p, q = rate.numerator, rate.denominator
    return ((unit + 1) * p) // q - (unit * p) // q


def _constructor(cls: type, /, *, checked: bool) -> Any:
    """Return a keyword-only constructor of the attrs class *cls*.

    With *checked*, the class itself. Otherwise a function that sets the fields
    without running validators or converters, for values already valid and of the
    converted types (tuples, frozensets, Decimals to the fen): the validators cost
    most of the time of making two million entities. Defaults are read from the
    class, so a field added later with a default needs no change here; a class
    that needs more than its fields set (a factory default, a cached hash, a
    post-init step) gets its own ``__init__``.
    """
    fields = attrs.fields(cls)
    extra_slots = set(getattr(cls, "__slots__", ())) - {field.name for field in fields} - {"__weakref__"}
    if checked or extra_slots or hasattr(cls, "__attrs_post_init__"):
        return cls  # a cached hash or a post-init step: only __init__ knows how to set them
    namespace: dict[str, Any] = {"__new": object.__new__, "__cls": cls}
    parameters, body = [], []
    for field in fields:
        name = field.name
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            return cls  # no such field now; the checked constructor always works
        if field.default is attrs.NOTHING:
            parameters.append(name)
        else:
            namespace[f"__d_{name}"] = field.default
            parameters.append(f"{name}=__d_{name}")
        namespace[f"__s_{name}"] = cls.__dict__[name].__set__  # the slot's own setter
        body.append(f"    __s_{name}(o, {name})")
    source = "\n".join(
        [f"def make(*, {', '.join(parameters)}):", "    o = __new(__cls)", *body, "    return o"]
    )
    exec(compile(source, f"<socialwork synthetic {cls.__name__}>", "exec"), namespace)  # noqa: S102
    return namespace["make"]


def _org_code(serial: int) -> str:
    """Return a nine-character GB 11714 organization code with its check character."""
    body = f"{serial:08d}"
    check = 11 - sum(int(char) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def _credit_code(head: str, division: str, serial: int) -> str:
    """Return a unified social credit code: registering authority and type, division, body, check."""
    first17 = head + division + _org_code(serial)
    return first17 + credit_code_check_character(first17)


def _generate(shape: _Shape, seed: int, *, checked: bool = False) -> dict[str, list[Any]]:  # noqa: PLR0915
    """Draw every entity of the registry, listed by kind in the order they are made.

    Every value drawn here is valid by construction, so by default the entities are
    made without their validators (see :func:`_constructor`); with *checked* they go
    through their own ``__init__``, and the tests show that both give the same registry.
    """
    # Constructors as local, untyped callables: locals are quicker to reach, and the ids
    # drawn here are plain strings rather than the NewTypes of the signatures.
    new_division = _constructor(Division, checked=checked)
    new_organization = _constructor(Organization, checked=checked)
    new_station = _constructor(Station, checked=checked)
    new_social_worker = _constructor(SocialWorker, checked=checked)
    new_volunteer = _constructor(Volunteer, checked=checked)
    new_project = _constructor(Project, checked=checked)
    new_need = _constructor(Need, checked=checked)
    new_fund = _constructor(Fund, checked=checked)
    new_donation = _constructor(Donation, checked=checked)
    new_grant = _constructor(Grant, checked=checked)
    rng = random.Random(seed)  # noqa: S311 - reproducible draws, not secrets
    rnd = rng.random
    lists: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    divisions = lists["divisions"]
    organizations = lists["organizations"]
    stations = lists["stations"]
    workers = lists["social_workers"]
    volunteers = lists["volunteers"]
    projects = lists["projects"]
    needs = lists["needs"]
    funds = lists["funds"]
    donations = lists["donations"]
    grants = lists["grants"]

    streets_per_district = shape.streets_per_district
    communities_per_street = shape.communities_per_street
    per_city = shape.districts_per_city
    per_province = shape.cities_per_province
    agencies_per_street = shape.agencies_per_street
    rates = shape.workers_per_street, shape.volunteers_per_community, shape.needs_per_community
    workers_rate, volunteers_rate, needs_rate = rates
    projects_rate, funds_rate = shape.projects_per_street, shape.funds_per_street
    donations_rate, grants_rate = shape.donations_per_fund, shape.grants_per_fund

    n_skills, n_groups, n_services = len(_SKILL_SETS), len(_GROUP_SETS), len(_SERVICES)
    n_target_groups, n_stems, n_surnames = len(_GROUPS), len(_PROJECT_STEMS), len(_SURNAMES)
    n_volunteer_skills = len(_VOLUNTEER_SKILLS)
    street_no = community_no = org_no = 0
    worker_no = volunteer_no = project_no = need_no = fund_no = donation_no = grant_no = 0
    province_code = city_code = ""
    volunteers_p, volunteers_q = volunteers_rate.numerator, volunteers_rate.denominator
    needs_p, needs_q = needs_rate.numerator, needs_rate.denominator
    divisions_append, stations_append = divisions.append, stations.append
    volunteers_append, needs_append = volunteers.append, needs.append
    community_level, room_level = DivisionLevel.COMMUNITY, StationLevel.COMMUNITY
    areas, dates, hours = _AREAS, _DATES, _HOURS
    services, groups, volunteer_skills = _SERVICES, _GROUPS, _VOLUNTEER_SKILLS
    suffixes = [f"{c:03d}" for c in range(1, communities_per_street + 1)]
    community_names = [f"第{c}社区" for c in range(1, communities_per_street + 1)]
    street_room_names = [
        [f"第{s}街道{name}社工室" for name in community_names] for s in range(1, streets_per_district + 1)
    ]

    for district_index in range(shape.districts):
        city_index, district_in_city = divmod(district_index, per_city)
        province_index, city_in_province = divmod(city_index, per_province)
        if district_in_city == 0:
            if city_in_province == 0:
                province_code = _PROVINCES[province_index] + "0000"
                divisions.append(
                    new_division(
                        code=province_code, name=f"第{province_index + 1}省", level=DivisionLevel.PROVINCE
                    )
                )
            city_code = f"{province_code[:2]}{city_in_province + 1:02d}00"
            divisions.append(
                new_division(
                    code=city_code,
                    name=f"第{city_index + 1}市",
                    level=DivisionLevel.CITY,
                    parent_code=province_code,
                )
            )
        district = f"{city_code[:4]}{district_in_city + 1:02d}"
        district_name = f"第{district_index + 1}区"
        divisions.append(
            new_division(
                code=district, name=district_name, level=DivisionLevel.DISTRICT, parent_code=city_code
            )
        )
        federation = f"fed{district}"
        bureau = f"gov{district}"
        org_no += 2
        organizations.append(
            new_organization(
                id=federation,
                name=f"{district_name}慈善总会",
                kind=OrgKind.CHARITY_FEDERATION,
                credit_code=_credit_code("51", district, org_no - 1),
                division_id=district,
            )
        )
        organizations.append(
            new_organization(
                id=bureau,
                name=f"{district_name}民政局",
                kind=OrgKind.GOVERNMENT,
                credit_code=_credit_code("11", district, org_no),
                division_id=district,
            )
        )
        hub = f"h{district}"
        stations.append(
            new_station(
                id=hub,
                name=f"{district_name}社工总站",
                level=StationLevel.DISTRICT,
                division_id=district,
                operator_id=f"a{district}001",
                co_builder_ids=(bureau, federation),
                area_m2=_AREAS[500 + int(rnd() * 1001)],
                opened=_DATES[int(rnd() * 366)],
            )
        )

        for street_in_district in range(1, streets_per_district + 1):
            street = f"{district}{street_in_district:03d}"
            street_name = f"第{street_in_district}街道"
            divisions.append(
                new_division(code=street, name=street_name, level=DivisionLevel.STREET, parent_code=district)
            )
            agencies = [f"a{street}"] + [f"a{street}-{k}" for k in range(2, agencies_per_street + 1)]
            for k, agency in enumerate(agencies, start=1):
                org_no += 1
                suffix = "" if k == 1 else f"第{k}"
                organizations.append(
                    new_organization(
                        id=agency,
                        name=f"{district_name}{street_name}{suffix}社会工作服务中心",
                        kind=OrgKind.SOCIAL_WORK_AGENCY,
                        credit_code=_credit_code("52", district, org_no),
                        division_id=district,
                    )
                )
            operator = agencies[0]
            station = f"s{street}"
            stations.append(
                new_station(
                    id=station,
                    name=f"{district_name}{street_name}社工站",
                    level=StationLevel.STREET,
                    division_id=street,
                    parent_id=hub,
                    operator_id=operator,
                    area_m2=_AREAS[100 + int(rnd() * 301)],
                    opened=_DATES[366 + int(rnd() * 366)],
                )
            )
            # The innermost loop runs 600,000 times at national scale: its codes and
            # names come from tables, and each mean count is met by a running total
            # (volunteer_no reaches floor(communities so far * rate); see _share).
            communities = [street + suffix for suffix in suffixes]
            rooms = ["r" + community for community in communities]
            room_names = street_room_names[street_in_district - 1]
            for c, community in enumerate(communities):
                divisions_append(
                    new_division(
                        code=community,
                        name=community_names[c],
                        level=community_level,
                        parent_code=street,
                    )
                )
                stations_append(
                    new_station(
                        id=rooms[c],
                        name=room_names[c],
                        level=room_level,
                        division_id=community,
                        parent_id=station,
                        operator_id=operator,
                        area_m2=areas[30 + int(rnd() * 121)],
                        opened=dates[366 + int(rnd() * 732)],
                    )
                )
                community_no += 1
                due = community_no * volunteers_p // volunteers_q
                while volunteer_no < due:
                    volunteer_no += 1
                    volunteers_append(
                        new_volunteer(
                            id=f"v{volunteer_no}",
                            division_id=community,
                            skills=volunteer_skills[int(rnd() * n_volunteer_skills)],
                            hours=hours[int(rnd() * 401)],
                        )
                    )
                due = community_no * needs_p // needs_q
                while need_no < due:
                    need_no += 1
                    needs_append(
                        new_need(
                            id=f"n{need_no}",
                            division_id=community,
                            service_kind=services[int(rnd() * n_services)],
                            target_group=groups[int(rnd() * n_target_groups)],
                            persons=1 + int(rnd() * 200),
                            urgency=1 + int(rnd() * 5),
                        )
                    )

            practiced: set[str] = set()  # the stations of this street with a practitioner posted
            for k in range(_share(workers_rate, street_no)):
                track = worker_no % 3
                worker_no += 1
                certification = _CERTIFICATIONS[int(rnd() * 4)]
                if track == 2:  # a supervisor (督导)
                    certification = Certification.SENIOR
                # The first two go to the street station (the staffing rule's minimum), the
                # others to its rooms in turn.
                posted = station if k < 2 else rooms[(k - 2) % communities_per_street]
                if track == 0:
                    practiced.add(posted)
                workers.append(
                    new_social_worker(
                        id=f"w{worker_no}",
                        name=f"{_SURNAMES[int(rnd() * n_surnames)]}社工{worker_no}",
                        tracks=_TRACK_SETS[track],
                        certification=certification,
                        employer_id=agencies[k % agencies_per_street],
                        station_id=posted,
                        skills=_SKILL_SETS[int(rnd() * n_skills)],
                    )
                )

            street_projects: list[Any] = []
            for k in range(_share(projects_rate, street_no)):
                project_no += 1
                first = k % communities_per_street
                served = [first]
                for _ in range(int(rnd() * 3)):
                    other = int(rnd() * communities_per_street)
                    if other not in served:
                        served.append(other)
                station_ids = (station, *(rooms[c] for c in served))
                start = int(rnd() * 1461)
                budget = 50_000 + 1000 * int(rnd() * 251)
                project = new_project(
                    id=f"p{project_no}",
                    name=f"{district_name}{street_name}{_PROJECT_STEMS[int(rnd() * n_stems)]}",
                    operator_id=agencies[k % agencies_per_street],
                    start=_DATES[start],
                    end=_DATES[start + (364 if rnd() < 0.5 else 729)],
                    station_ids=station_ids,
                    community_ids=tuple(communities[c] for c in served),
                    service_kinds=_SKILL_SETS[int(rnd() * n_skills)],
                    target_groups=(_GROUP_SETS if practiced.intersection(station_ids) else _ADULT_GROUP_SETS)[
                        int(rnd() * n_groups)
                    ],
                    budget=from_fen(100 * budget),
                    person_times=int(rnd() * 5001),
                )
                street_projects.append(project)
            projects.extend(street_projects)

            n_projects = len(street_projects)
            for k in range(_share(funds_rate, street_no)):
                fund_no += 1
                # A fund serves a community that a project of its street serves, so that
                # its grants have a project to go to.
                grantee = street_projects[k % n_projects] if n_projects else None
                community = grantee.community_ids[0] if grantee else communities[k % communities_per_street]
                fund = f"f{fund_no}"
                established = int(rnd() * 1461)
                funds.append(
                    new_fund(
                        id=fund,
                        name=f"{street_name}第{int(community[-3:])}社区基金",
                        division_id=community,
                        manager_id=federation,
                        established=_DATES[established],
                    )
                )
                raised = last = 0
                for _ in range(_share(donations_rate, fund_no - 1)):
                    donation_no += 1
                    day = established + 1 + int(rnd() * 365)
                    last = max(last, day)
                    fen = 100 * (100 + int(rnd() * 19_901)) + int(rnd() * 100)
                    raised += fen
                    donations.append(
                        new_donation(
                            id=f"d{donation_no}", fund_id=fund, amount=from_fen(fen), date=_DATES[day]
                        )
                    )
                count = _share(grants_rate, fund_no - 1)
                if grantee is None or raised == 0 or count == 0:
                    continue
                # Grants come after the last donation and together pay out at most half
                # of what was raised: never above the balance, whatever the match adds.
                budget_fen = raised // 2
                for _ in range(count):
                    grant_no += 1
                    fen = max(1, budget_fen * (1 + int(rnd() * 5)) // (5 * count))
                    grants.append(
                        new_grant(
                            id=f"g{grant_no}",
                            fund_id=fund,
                            project_id=grantee.id,
                            amount=from_fen(fen),
                            date=_DATES[last + 1 + int(rnd() * 90)],
                            purpose=f"{grantee.name}项目资助",
                        )
                    )
            street_no += 1
    return lists


def synthetic(
    *,
    districts: int = 1,
    streets_per_district: int = 3,
    communities_per_street: int = 4,
    seed: int = 0,
    districts_per_city: int = 10,
    cities_per_province: int = 10,
    agencies_per_street: int = 1,
    workers_per_street: float | Decimal = 3,
    volunteers_per_community: float | Decimal = 0.5,
    needs_per_community: float | Decimal = 0.25,
    projects_per_street: float | Decimal = 1,
    funds_per_street: float | Decimal = 1,
    donations_per_fund: float | Decimal = 3,
    grants_per_fund: float | Decimal = 1,
    faults: Iterable[str] | Mapping[str, int] = (),
    fault_seed: int = 0,
) -> Registry:
    """Return a seeded, valid synthetic registry, from a handful of entities up to national scale.

    The registry is shaped like the real system. Districts (six-digit GB/T 2260-like
    codes) sit under cities and provinces, *districts_per_city* to a city and
    *cities_per_province* cities to a province; each district has
    *streets_per_district* streets (nine-digit codes extending the district's) of
    *communities_per_street* communities (twelve-digit codes), each division linked
    to its parent by ``parent_code``. The three-level station network covers them all:
    a district hub per district, a street station per street (parent: the hub) and
    a community room per community (parent: its street station), each serving its
    division.

    Each district has a charity federation (慈善总会), which manages its community funds,
    and a civil-affairs bureau that co-builds the hub with it; each street has
    *agencies_per_street* social-work agencies, the first of which operates the street
    station, its rooms and (for the first street) the hub. Every organization has a
    unified social credit code with valid check characters. Social workers are employed
    by the agencies and posted to the street's station (the first two, the staffing rule's
    minimum) and then to its rooms in turn; their talent tracks
    take turns across the registry (practitioner, manager, supervisor), so with a
    multiple of three workers a street (three by default) every street has every track,
    and supervisors hold the senior qualification. Volunteers and needs belong to
    communities; projects are run by a street's agencies from its station and rooms and
    serve communities of that street, and serve minors only where a practitioner is
    posted to one of their stations. Funds serve a community that a project of their
    street serves; donations come after the fund was set up, grants after the last
    donation, to such a project, and together pay out at most half of what was raised,
    so no fund is ever overdrawn (under the Binzhou 10:1 rule or any other).

    The ``*_per_*`` figures are means and may be fractions: with
    ``needs_per_community=0.25`` one community in four has a need. The counts are
    exact: the first ``n`` units (communities, streets or funds, in code order) get
    ``floor(n * rate)`` items in all. A fund gets grants only if its street has a
    project and it has donations. Names are synthetic (``"第12区"``, ``"第3街道"``)
    and no personal data is real.

    The same arguments give the same registry, byte for byte in
    :func:`socialwork.io.dumps`, whatever the hash seed. ``synthetic(**NATIONAL)``
    (3,000 districts of 13 streets of 15 communities) holds about two million entities.

    Args:
        districts: How many districts (at least 1).
        streets_per_district: Streets in each district (1 to 999).
        communities_per_street: Communities in each street (1 to 999).
        seed: The seed of the random draws, from 0 to 2**63 - 1.
        districts_per_city: Districts in each city (1 to 99).
        cities_per_province: Cities in each province (1 to 99); at most 31 provinces.
        agencies_per_street: Social-work agencies in each street (1 to 99).
        workers_per_street: Mean social workers per street.
        volunteers_per_community: Mean volunteers per community.
        needs_per_community: Mean needs per community.
        projects_per_street: Mean projects per street.
        funds_per_street: Mean community funds per street.
        donations_per_fund: Mean donations per fund.
        grants_per_fund: Mean grants per fund (at most 100).
        faults: Faults to plant, for testing validators: names of :data:`FAULTS`, or a
            mapping of name to how many (each on its own subject). None by default.
            :func:`synthetic_with_faults` also says where they were planted.
        fault_seed: The seed of the draws that place the faults, from 0 to 2**63 - 1.

    Returns:
        The registry, built (and checked) with :meth:`socialwork.Registry.from_kinds`.
        Its entities are made without running their validators again, since every
        value is valid by construction; the tests show that making them through
        their validating ``__init__`` gives the same registry.

    Raises:
        InvalidTypeError: an argument has the wrong type, e.g. a float for *districts*.
        InvalidValueError: an argument is out of range, e.g. negative, or more
            districts than 31 provinces of *cities_per_province* cities hold; a fault
            is unknown, or the registry has nowhere to plant it (``faults.<name>``).

    Examples:
        >>> reg = sw.datasets.synthetic(districts=2, streets_per_district=3, communities_per_street=4)
        >>> reg.counts()["stations"], reg.counts()["divisions"]
        (32, 34)
        >>> hub = reg.stations["h110101"]
        >>> hub.name, [s.id for s in reg.children(hub.id)]
        ('第1区社工总站', ['s110101001', 's110101002', 's110101003'])
        >>> reg.divisions["110101002003"].parent_code
        '110101002'
        >>> again = sw.datasets.synthetic(districts=2, streets_per_district=3, communities_per_street=4)
        >>> sw.dumps(again) == sw.dumps(reg)
        True
        >>> sw.datasets.synthetic(districts=-1)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: districts: expected a whole number at least 1, got -1
        >>> broken = sw.datasets.synthetic(faults=["uncovered_street"])
        >>> [(v.code, v.subject) for v in sw.validate(broken)]
        [('SW-C001', '110101004')]

    .. versionadded:: 0.2
    .. versionchanged:: 0.2
       *faults* and *fault_seed* plant known faults; the first two social workers of a
       street are posted to its station, and projects serve minors only where a
       practitioner is posted, so that a registry without faults breaks no built-in rule
       of ERROR severity (and, with the default rates, no built-in rule at all).
    """
    registry, _ = _synthesize(
        districts=districts,
        streets_per_district=streets_per_district,
        communities_per_street=communities_per_street,
        seed=seed,
        districts_per_city=districts_per_city,
        cities_per_province=cities_per_province,
        agencies_per_street=agencies_per_street,
        workers_per_street=workers_per_street,
        volunteers_per_community=volunteers_per_community,
        needs_per_community=needs_per_community,
        projects_per_street=projects_per_street,
        funds_per_street=funds_per_street,
        donations_per_fund=donations_per_fund,
        grants_per_fund=grants_per_fund,
        faults=faults,
        fault_seed=fault_seed,
        checked=False,
    )
    return registry


def synthetic_with_faults(
    faults: Iterable[str] | Mapping[str, int], /, *, fault_seed: int = 0, **shape: Any
) -> tuple[Registry, tuple[Fault, ...]]:
    """Return a synthetic registry with *faults* planted, and where each was planted.

    Each fault breaks exactly one built-in rule, on exactly one subject, under the
    default parameters, and leaves every reference resolvable (the registry builds):
    validating a registry with one fault planted finds the fault's code on its
    subject and no other ERROR. Faults are planted in the order of :data:`FAULTS`,
    each on an entity no earlier fault touched, so several may be planted at once.
    The draws are seeded by *fault_seed*: the same arguments give the same registry
    and faults.

    Args:
        faults: Names of :data:`FAULTS`, or a mapping of name to how many to plant.
        fault_seed: The seed of the draws that place the faults, from 0 to 2**63 - 1.
        **shape: Any keyword argument of :func:`synthetic` but *faults* and *fault_seed*.

    Returns:
        The registry, and the planted :class:`Fault` values in the order planted.

    Raises:
        InvalidTypeError: an argument has the wrong type, e.g. *faults* is a string.
        InvalidValueError: an argument is out of range, a fault is unknown, or the
            registry has nowhere to plant it (a cross-district project needs two districts).

    Examples:
        >>> reg, planted = sw.datasets.synthetic_with_faults(
        ...     ["uncovered_community", "over_matched_fund"], districts=2
        ... )
        >>> [(f.kind, f.code, f.subject) for f in planted]
        [('uncovered_community', 'SW-C002', '110102003005'), ('over_matched_fund', 'SW-F004', 'd19')]
        >>> sorted((v.code, v.subject) for v in sw.validate(reg))
        [('SW-C002', '110102003005'), ('SW-F004', 'd19')]

    .. versionadded:: 0.2
    """
    for name in ("faults", "fault_seed"):
        if name in shape:
            msg = Message("{name} is given as its own argument", "{name} 已作为单独的参数给出", name=name)
            raise InvalidTypeError(msg, path=name)
    try:
        bound = inspect.signature(synthetic).bind(faults=faults, fault_seed=fault_seed, **shape)
    except TypeError as error:
        msg = Message("unexpected argument: {error}", "意外的参数：{error}", error=str(error))
        raise InvalidTypeError(msg, path="shape") from None
    bound.apply_defaults()
    return _synthesize(**bound.arguments, checked=False)


def _synthesize(
    *,
    districts: int,
    streets_per_district: int,
    communities_per_street: int,
    seed: int,
    districts_per_city: int,
    cities_per_province: int,
    agencies_per_street: int,
    workers_per_street: object,
    volunteers_per_community: object,
    needs_per_community: object,
    projects_per_street: object,
    funds_per_street: object,
    donations_per_fund: object,
    grants_per_fund: object,
    faults: object = (),
    fault_seed: int = 0,
    checked: bool,
) -> tuple[Registry, tuple[Fault, ...]]:
    """Check the arguments of :func:`synthetic`, then generate; *checked* as in :func:`_generate`."""
    check_int = int_between
    check_int(1)(None, "districts", districts)
    check_int(1, 999)(None, "streets_per_district", streets_per_district)
    check_int(1, 999)(None, "communities_per_street", communities_per_street)
    check_int(0)(None, "seed", seed)
    check_int(0, 2**63 - 1)(None, "fault_seed", fault_seed)
    counts = read_faults(faults)
    check_int(1, 99)(None, "districts_per_city", districts_per_city)
    check_int(1, 99)(None, "cities_per_province", cities_per_province)
    check_int(1, 99)(None, "agencies_per_street", agencies_per_street)
    most = len(_PROVINCES) * cities_per_province * districts_per_city
    if districts > most:
        msg = Message(
            "expected at most {most} districts "
            "({provinces} provinces of {cities} cities of {per_city} districts), got {districts}",
            "应为至多 {most} 个区（{provinces} 个省，每省 {cities} 个市，"
            "每市 {per_city} 个区），实为 {districts}",
            most=most,
            provinces=len(_PROVINCES),
            cities=cities_per_province,
            per_city=districts_per_city,
            districts=districts,
        )
        raise InvalidValueError(msg, path="districts")
    grants = _rate("grants_per_fund", grants_per_fund)
    if grants > 100:
        msg = Message(
            "expected a number from 0 to 100, got {value}",
            "应为 0 到 100 之间的数，实为 {value}",
            value=repr(grants_per_fund),
        )
        raise InvalidValueError(msg, path="grants_per_fund")
    shape = _Shape(
        districts=districts,
        streets_per_district=streets_per_district,
        communities_per_street=communities_per_street,
        districts_per_city=districts_per_city,
        cities_per_province=cities_per_province,
        agencies_per_street=agencies_per_street,
        workers_per_street=_rate("workers_per_street", workers_per_street),
        volunteers_per_community=_rate("volunteers_per_community", volunteers_per_community),
        needs_per_community=_rate("needs_per_community", needs_per_community),
        projects_per_street=_rate("projects_per_street", projects_per_street),
        funds_per_street=_rate("funds_per_street", funds_per_street),
        donations_per_fund=_rate("donations_per_fund", donations_per_fund),
        grants_per_fund=grants,
    )
    with gc_paused():
        lists = _generate(shape, seed, checked=checked)
        planted = plant(lists, counts, fault_seed) if counts else ()
        return Registry.from_kinds(lists), planted


def synthetic_checked(**kwargs: Any) -> Registry:
    """Return ``synthetic(**kwargs)`` made on the careful path, every entity through its ``__init__``.

    For the tests and the benchmark, which compare the two paths.
    """
    bound = inspect.signature(synthetic).bind(**kwargs)
    bound.apply_defaults()
    registry, _ = _synthesize(**bound.arguments, checked=True)
    return registry
