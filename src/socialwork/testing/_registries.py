"""Strategies for whole registries: valid three-level networks, and ones broken on purpose."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs
from hypothesis import strategies as st

from socialwork.errors import InvalidValueError
from socialwork.model import (
    Certification,
    Division,
    DivisionLevel,
    Donation,
    Entity,
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
    StationId,
    StationLevel,
    StationSetting,
    TalentTrack,
    TargetGroup,
    Volunteer,
    kind_of,
)
from socialwork.testing._model import credit_codes, dates, donors, make, money, serial

__all__ = ["BrokenRegistry", "broken_registries", "registries"]

Bounds = int | tuple[int, int]
_SERVICES = st.frozensets(st.sampled_from(ServiceKind), max_size=3)


def _bounds(value: object, name: str) -> tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool):
        low, high = value, value
    elif (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        low, high = value
    else:
        msg = f"expected a count or a (min, max) pair of counts, got {value!r}"
        raise InvalidValueError(msg, path=name)
    if not 0 <= low <= high:
        msg = f"expected 0 <= min <= max, got {value!r}"
        raise InvalidValueError(msg, path=name)
    return low, high


def _some(element: st.SearchStrategy[Any], bounds: tuple[int, int]) -> st.SearchStrategy[list[Any]]:
    return st.lists(element, min_size=bounds[0], max_size=bounds[1])


# Every strategy a draw uses is built once, here or in registries(): building and
# validating strategies inside the draw cost more than drawing. A reference to
# another entity is drawn as an index, taken modulo the number of candidates, so
# that it shrinks to the first candidate.
_PICK = st.integers(0, 255)
_MAYBE_PICK = st.none() | _PICK
_PICKS = st.lists(_PICK, max_size=2)
_DATES = dates()
_MONEY = money()
_DONORS = donors()
_GROUPS = st.frozensets(st.sampled_from(TargetGroup), max_size=3)
_ROOM = st.sampled_from(StationSetting)
_ORG = st.tuples(st.sampled_from(OrgKind), st.none() | credit_codes(), _MAYBE_PICK, _MAYBE_PICK)
_WORKER = st.tuples(
    st.frozensets(st.sampled_from(TalentTrack)),
    st.none() | st.sampled_from(Certification),
    _MAYBE_PICK,
    _MAYBE_PICK,
    _SERVICES,
)
_VOLUNTEER = st.tuples(_PICK, _SERVICES, st.integers(0, 10_000))
_PROJECT = st.tuples(
    _PICK,
    _DATES,
    st.none() | st.integers(0, 2000),
    _PICKS,
    _PICKS,
    _SERVICES,
    _GROUPS,
    st.none() | _MONEY,
    st.integers(0, 10**6),
)
_NEED = st.tuples(
    _PICK, st.sampled_from(ServiceKind), st.sampled_from(TargetGroup), st.integers(1, 500), st.integers(1, 5)
)
_FUND = st.tuples(_PICK, _PICK, _DATES)
_DONATION = st.tuples(_PICK, _MONEY, _DATES, _DONORS)
_GRANT = st.tuples(_PICK, _PICK, _MONEY, _DATES)
_DAY = dt.timedelta(days=1)


def _pick(items: Sequence[str], index: int | None) -> str | None:
    return None if index is None or not items else items[index % len(items)]


def _picks(items: Sequence[str], indices: list[int]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items[i % len(items)] for i in indices)) if items else ()


@attrs.frozen
class _Plan:
    """The list strategies of one shape of registry."""

    tree: st.SearchStrategy[list[list[list[StationSetting]]]]
    organizations: st.SearchStrategy[list[Any]]
    social_workers: st.SearchStrategy[list[Any]]
    volunteers: st.SearchStrategy[list[Any]]
    projects: st.SearchStrategy[list[Any]]
    needs: st.SearchStrategy[list[Any]]
    funds: st.SearchStrategy[list[Any]]
    donations: st.SearchStrategy[list[Any]]
    grants: st.SearchStrategy[list[Any]]


def _plan(counts: dict[str, tuple[int, int]]) -> _Plan:
    street = _some(_ROOM, counts["communities"])
    return _Plan(
        tree=_some(_some(street, counts["streets"]), counts["districts"]),
        organizations=_some(_ORG, counts["organizations"]),
        social_workers=_some(_WORKER, counts["social_workers"]),
        volunteers=_some(_VOLUNTEER, counts["volunteers"]),
        projects=_some(_PROJECT, counts["projects"]),
        needs=_some(_NEED, counts["needs"]),
        funds=_some(_FUND, counts["funds"]),
        donations=_some(_DONATION, counts["donations"]),
        grants=_some(_GRANT, counts["grants"]),
    )


@st.composite
def _registries(
    draw: st.DrawFn, *, plan: _Plan, shuffled: bool, texts: st.SearchStrategy[str] | None
) -> Registry:
    def label(prefix: str, number: int) -> str:
        return serial(prefix, number) if texts is None else draw(texts)

    # The shape first: districts, their streets, the streets' communities (each a room's setting).
    tree = draw(plan.tree)
    province = f"{draw(_PROVINCE)}0000"
    city = province[:2] + "0100"
    divisions: list[Division] = [
        make(Division, code=province, name=label("省", 0), level=DivisionLevel.PROVINCE),
        make(Division, code=city, name=label("市", 0), level=DivisionLevel.CITY, parent_code=province),
    ]
    stations: list[Station] = []
    communities: list[str] = []
    org_specs = draw(plan.organizations)
    orgs = [serial("org-", i) for i in range(len(org_specs))]
    hub_operators = draw(st.lists(_MAYBE_PICK, min_size=len(tree), max_size=len(tree)))
    for d, streets in enumerate(tree):
        district = f"{city[:4]}{d + 1:02d}"
        hub = serial("hub-", d)
        divisions.append(
            make(Division, code=district, name=label("区", d), level=DivisionLevel.DISTRICT, parent_code=city)
        )
        stations.append(
            make(
                Station,
                id=hub,
                name=label("社工总站", d),
                level=StationLevel.DISTRICT,
                division_id=district,
                operator_id=_pick(orgs, hub_operators[d]),
            )
        )
        for s, rooms in enumerate(streets):
            code = f"{district}{s + 1:03d}"
            station = f"st-{d:02d}{s:02d}"
            divisions.append(
                make(
                    Division,
                    code=code,
                    name=label("街道", s),
                    level=DivisionLevel.STREET,
                    parent_code=district,
                )
            )
            stations.append(
                make(
                    Station,
                    id=station,
                    name=label("街道社工站", s),
                    level=StationLevel.STREET,
                    division_id=code,
                    parent_id=hub,
                )
            )
            for c, setting in enumerate(rooms):
                community = f"{code}{c + 1:03d}"
                communities.append(community)
                divisions.append(
                    make(
                        Division,
                        code=community,
                        name=label("社区", c),
                        level=DivisionLevel.COMMUNITY,
                        parent_code=code,
                    )
                )
                stations.append(
                    make(
                        Station,
                        id=f"cr-{d:02d}{s:02d}{c:02d}",
                        name=label("社区社工室", c),
                        level=StationLevel.COMMUNITY,
                        division_id=community,
                        parent_id=station,
                        setting=setting,
                    )
                )
    district_codes = [d.code for d in divisions if d.level is DivisionLevel.DISTRICT]
    organizations = [
        make(
            Organization,
            id=org,
            name=label("机构", i),
            kind=kind,
            credit_code=credit_code,
            division_id=_pick(district_codes, place) if located is not None else None,
        )
        for i, (org, (kind, credit_code, located, place)) in enumerate(zip(orgs, org_specs, strict=True))
    ]
    places = communities or [d.code for d in divisions]
    station_ids = [s.id for s in stations]
    entities: list[Entity] = [*divisions, *organizations, *stations]
    entities.extend(
        make(
            SocialWorker,
            id=serial("w-", i),
            name=serial("社工", i),
            tracks=tracks,
            certification=certification,
            employer_id=_pick(orgs, employer),
            station_id=_pick(station_ids, posted),
            skills=skills,
        )
        for i, (tracks, certification, employer, posted, skills) in enumerate(draw(plan.social_workers))
    )
    entities.extend(
        make(
            Volunteer,
            id=serial("v-", i),
            division_id=places[place % len(places)],
            skills=skills,
            hours=Decimal(tenths).scaleb(-1),
        )
        for i, (place, skills, tenths) in enumerate(draw(plan.volunteers))
    )
    projects: list[Project] = []
    if orgs:
        projects = [
            make(
                Project,
                id=serial("p-", i),
                name=label("项目", i),
                operator_id=orgs[operator % len(orgs)],
                start=start,
                end=None if days is None else start + _DAY * days,
                station_ids=_picks(station_ids, at),
                community_ids=_picks(places, served),
                service_kinds=kinds,
                target_groups=groups,
                budget=budget,
                person_times=people,
            )
            for i, (operator, start, days, at, served, kinds, groups, budget, people) in enumerate(
                draw(plan.projects)
            )
        ]
    entities.extend(projects)
    entities.extend(
        make(
            Need,
            id=serial("n-", i),
            division_id=places[place % len(places)],
            service_kind=kind,
            target_group=group,
            persons=persons,
            urgency=urgency,
        )
        for i, (place, kind, group, persons, urgency) in enumerate(draw(plan.needs))
    )
    if orgs:
        fund_ids: list[str] = []
        for i, (place, manager, established) in enumerate(draw(plan.funds)):
            fund_ids.append(serial("f-", i))
            entities.append(
                make(
                    Fund,
                    id=fund_ids[-1],
                    name=label("社区基金", i),
                    division_id=places[place % len(places)],
                    manager_id=orgs[manager % len(orgs)],
                    established=established,
                )
            )
        if fund_ids:
            entities.extend(
                make(
                    Donation,
                    id=serial("d-", i),
                    fund_id=fund_ids[fund % len(fund_ids)],
                    amount=amount,
                    date=day,
                    donor=donor,
                )
                for i, (fund, amount, day, donor) in enumerate(draw(plan.donations))
            )
            if projects:
                entities.extend(
                    make(
                        Grant,
                        id=serial("g-", i),
                        fund_id=fund_ids[fund % len(fund_ids)],
                        project_id=projects[project % len(projects)].id,
                        amount=amount,
                        date=day,
                    )
                    for i, (fund, project, amount, day) in enumerate(draw(plan.grants))
                )
    if shuffled:
        entities = draw(st.permutations(entities))
    return Registry(entities)


_PROVINCE = st.integers(11, 65)


def registries(
    *,
    districts: Bounds = 1,
    streets: Bounds = (0, 3),
    communities: Bounds = (0, 3),
    organizations: Bounds = (1, 3),
    social_workers: Bounds = (0, 4),
    volunteers: Bounds = (0, 4),
    projects: Bounds = (0, 4),
    needs: Bounds = (0, 4),
    funds: Bounds = (0, 2),
    donations: Bounds = (0, 4),
    grants: Bounds = (0, 2),
    shuffled: bool = False,
    texts: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Registry]:
    """Return a strategy for valid registries of a chosen size and shape.

    Each registry is one province and city with *districts* district hubs; each
    hub has *streets* street stations, each street *communities* community rooms
    (三级联动), every station on its own division with the official codes. Around
    them are organizations, social workers, volunteers, projects, needs, funds with
    their donations, and grants, every reference naming an entity of the registry.
    Each count is an exact number or a ``(min, max)`` pair, counted per parent for
    streets and communities and for the whole registry otherwise; projects and
    funds need an organization, donations a fund, grants a fund and a project.

    The registry is valid by construction: every id is unique and every reference
    resolves. Entities are drawn as lists, so a failing example shrinks by removing
    them, to a handful. Names are synthetic (``"社工0003"``). With *shuffled* the
    entities come in any order (to test that nothing depends on it); otherwise in
    the order of :data:`~socialwork.model.KINDS`, parents first. With *texts*, the
    names of divisions, stations, organizations, projects and funds are drawn from
    it (to test how code copes with any text); people's names stay synthetic.

    Raises:
        InvalidValueError: a count is negative, or a pair has *min* above *max*.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import registries
        >>> registry = find(registries(streets=2, communities=1, social_workers=3), lambda _: True)
        >>> len(registry.stations), len(registry.social_workers)
        (5, 3)

    .. versionadded:: 0.2
    """
    given = {
        "districts": districts,
        "streets": streets,
        "communities": communities,
        "organizations": organizations,
        "social_workers": social_workers,
        "volunteers": volunteers,
        "projects": projects,
        "needs": needs,
        "funds": funds,
        "donations": donations,
        "grants": grants,
    }
    counts = {name: _bounds(value, name) for name, value in given.items()}
    return _registries(plan=_plan(counts), shuffled=bool(shuffled), texts=texts)


Breaks = Literal["duplicate_id", "dangling_reference"]


@attrs.frozen
class BrokenRegistry:
    """Entities that do not make a registry, with what they break.

    Attributes:
        entities: The entities; ``sw.Registry(entities)`` raises
            :class:`~socialwork.InvalidRegistryError`.
        breaks: What they break: ``"duplicate_id"`` (two entities share an id) or
            ``"dangling_reference"`` (a reference names no entity).
        path: Where, as the error's problem names it, e.g. ``"stations[2].parent_id"``.

    .. versionadded:: 0.2
    """

    entities: tuple[Entity, ...]
    breaks: Breaks
    path: str


@st.composite
def _broken(
    draw: st.DrawFn, *, breaks: tuple[Breaks, ...], base: st.SearchStrategy[Registry]
) -> BrokenRegistry:
    registry = draw(base)
    entities: list[Entity] = list(registry.entities())
    kind = draw(st.sampled_from(breaks))
    if kind == "duplicate_id":
        victim = draw(st.sampled_from(entities))
        copy = attrs.evolve(victim)
        entities.append(copy)
        kind_row = kind_of(copy)
        position = sum(1 for e in entities if type(e) is type(copy)) - 1
        path = f"{kind_row.name}[{position}].{kind_row.id_field}"
        return BrokenRegistry(tuple(entities), "duplicate_id", path)
    stations = [e for e in entities if isinstance(e, Station)]
    target = draw(st.sampled_from(stations))
    index = entities.index(target)
    entities[index] = attrs.evolve(target, parent_id=StationId("st-missing"))
    return BrokenRegistry(
        tuple(entities), "dangling_reference", f"stations[{stations.index(target)}].parent_id"
    )


def broken_registries(
    *, breaks: Breaks | None = None, base: st.SearchStrategy[Registry] | None = None
) -> st.SearchStrategy[BrokenRegistry]:
    """Return a strategy for entities that fail to load, each labelled with what it breaks.

    Each draws a valid registry from *base* (:func:`registries` by default) and
    breaks it in one place: a duplicate id, or a station whose parent is not in the
    registry. The rules of the validation catalogue (levels, coverage, funds,
    staffing) are not in this release; broken registries labelled with the rule they
    break will come with them.

    Args:
        breaks: Only this kind of break; either kind by default.
        base: The valid registries to break; each must hold a station.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import broken_registries
        >>> broken = find(broken_registries(breaks="duplicate_id"), lambda _: True)
        >>> try:
        ...     sw.Registry(broken.entities)
        ... except sw.InvalidRegistryError as error:
        ...     print(broken.path in [p.path for p in error.problems])
        True

    .. versionadded:: 0.2
    """
    kinds: tuple[Breaks, ...] = ("duplicate_id", "dangling_reference")
    if breaks is not None:
        if breaks not in kinds:
            msg = f"expected one of {kinds}, got {breaks!r}"
            raise InvalidValueError(msg, path="breaks")
        kinds = (breaks,)
    return _broken(breaks=kinds, base=registries() if base is None else base)
