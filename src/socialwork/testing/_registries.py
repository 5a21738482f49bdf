"""Strategies for whole registries: valid three-level networks, and ones broken on purpose."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs
from hypothesis import strategies as st

from socialwork.errors import InvalidValueError, Message
from socialwork.model import (
    AgeBand,
    Case,
    Certification,
    Consent,
    ConsentGiver,
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
    Referral,
    ReferralAction,
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
    is_under_14,
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
        msg = Message(
            "expected a count or a (min, max) pair of counts, got {value}",
            "应为一个数量，或 (min, max) 一对数量，实为 {value}",
            value=repr(value),
        )
        raise InvalidValueError(msg, path=name)
    if not 0 <= low <= high:
        msg = Message(
            "expected 0 <= min <= max, got {value}", "应满足 0 <= min <= max，实为 {value}", value=repr(value)
        )
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
_ORG = st.tuples(
    st.sampled_from(OrgKind), st.none() | credit_codes(), _MAYBE_PICK, _MAYBE_PICK, st.booleans()
)
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
# A committee the rules accept (SW-F008..F010): an odd 5 members or more, a supervisor; or not known.
_COMMITTEE = st.none() | st.integers(2, 7).map(lambda half: 2 * half + 1)
_SUPERVISORS = st.none() | st.integers(1, 3)
_FUND = st.tuples(_PICK, _PICK, _DATES, _COMMITTEE, _SUPERVISORS)
_DAYS = st.integers(0, 3650)
_DONATION = st.tuples(_PICK, _MONEY, _DAYS, _DONORS)
_GRANT = st.tuples(_PICK, _PICK, _MONEY, _DAYS)
_OPERATORS = (OrgKind.SOCIAL_WORK_AGENCY, OrgKind.SOCIAL_ORGANIZATION)
_AUTHORITIES = (OrgKind.GOVERNMENT, OrgKind.PROCURATORATE)  # SW-R006: where mandatory reports go
_A = ReferralAction
# The ways a referral goes, as steps from 提出; a drawn referral takes a prefix of one.
# A mandatory report (强制报告) takes the last, without consent.
_PATHS: tuple[tuple[ReferralAction, ...], ...] = (
    (_A.CONSENT, _A.SEND, _A.RECEIVE, _A.START, _A.CLOSE),
    (_A.CONSENT, _A.SEND, _A.DECLINE),
    (_A.CONSENT, _A.SEND, _A.RECEIVE, _A.RETURN),
    (_A.CONSENT, _A.WITHDRAW),
    (_A.WITHDRAW,),
    (_A.REPORT, _A.RECEIVE, _A.START, _A.CLOSE),
)
# (recipient, path, steps taken, days the recipient takes to answer, within SW-R003's 7)
_REFERRAL = st.tuples(_PICK, st.integers(0, len(_PATHS) - 1), st.integers(0, 5), st.integers(0, 7))
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
    cases: st.SearchStrategy[list[Any]]


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
        cases=_some(
            st.tuples(_PICK, st.sampled_from(AgeBand), _DATES, _some(_REFERRAL, counts["referrals"])),
            counts["cases"],
        ),
    )


@st.composite
def _registries(  # noqa: PLR0915 - one pass that builds the registry in order, parents first
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
    org_specs = list(draw(plan.organizations))
    project_specs = draw(plan.projects)
    fund_specs = draw(plan.funds)
    schools = any(room is StationSetting.SCHOOL for streets in tree for rooms in streets for room in rooms)
    kinds = [spec[0] for spec in org_specs]
    # Projects need an operator of an allowed kind, school rooms a social-work agency
    # among their co-builders, funds a charity federation: add one where none was drawn.
    if (project_specs or schools) and OrgKind.SOCIAL_WORK_AGENCY not in kinds:
        org_specs.append((OrgKind.SOCIAL_WORK_AGENCY, None, None, None, False))
    if fund_specs and OrgKind.CHARITY_FEDERATION not in kinds:
        org_specs.append((OrgKind.CHARITY_FEDERATION, None, None, None, False))
    # Cases are held by an organization, and mandatory reports go to an authority.
    case_specs = draw(plan.cases)
    if case_specs and not any(kind in _AUTHORITIES for kind in kinds):
        org_specs.append((OrgKind.PROCURATORATE, None, None, None, False))
    orgs = [serial("org-", i) for i in range(len(org_specs))]
    agencies = [
        org for org, spec in zip(orgs, org_specs, strict=True) if spec[0] is OrgKind.SOCIAL_WORK_AGENCY
    ]
    operators = [org for org, spec in zip(orgs, org_specs, strict=True) if spec[0] in _OPERATORS]
    federations = [
        org for org, spec in zip(orgs, org_specs, strict=True) if spec[0] is OrgKind.CHARITY_FEDERATION
    ]
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
                        co_builder_ids=agencies[:1] if setting is StationSetting.SCHOOL else (),
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
            public_fundraising=public_fundraising,
        )
        for i, (org, (kind, credit_code, located, place, public_fundraising)) in enumerate(
            zip(orgs, org_specs, strict=True)
        )
    ]
    station_ids = [s.id for s in stations]
    entities: list[Entity] = [*divisions, *organizations, *stations]
    workers = [
        make(
            SocialWorker,
            id=serial("w-", i),
            name=serial("社工", i),
            tracks=tracks,
            certification=certification,
            # a worker posted to a station has an employer (SW-S001)
            employer_id=_pick(orgs, 0 if posted is not None and employer is None else employer),
            station_id=_pick(station_ids, posted),
            skills=skills,
        )
        for i, (tracks, certification, employer, posted, skills) in enumerate(draw(plan.social_workers))
    ]
    entities.extend(workers)
    staffed = {w.station_id for w in workers if TalentTrack.PRACTITIONER in w.tracks}
    # Volunteers, needs and funds are in communities; a registry without one has none.
    volunteer_specs = draw(plan.volunteers)
    need_specs = draw(plan.needs)
    if not communities:
        volunteer_specs = need_specs = fund_specs = []
    entities.extend(
        make(
            Volunteer,
            id=serial("v-", i),
            division_id=communities[place % len(communities)],
            skills=skills,
            hours=Decimal(tenths).scaleb(-1),
        )
        for i, (place, skills, tenths) in enumerate(volunteer_specs)
    )
    home = {org.id: org.division_id for org in organizations}
    projects: list[Project] = []
    for i, (operator, start, days, at, served, kinds_, drawn_groups, budget, people) in enumerate(
        project_specs
    ):
        operator_id = operators[operator % len(operators)]
        home_district = home[operator_id]
        local = [c for c in communities if home_district is None or c.startswith(home_district)]  # SW-P002
        at_stations = _picks(station_ids, at)
        groups = drawn_groups
        if not staffed.intersection(at_stations):
            groups = drawn_groups - {TargetGroup.MINORS}  # SW-P003: minors are served by practitioners
        projects.append(
            make(
                Project,
                id=serial("p-", i),
                name=label("项目", i),
                operator_id=operator_id,
                start=start,
                end=None if days is None else start + _DAY * days,
                station_ids=at_stations,
                community_ids=_picks(local, served),
                service_kinds=kinds_,
                target_groups=groups,
                budget=budget,
                person_times=people,
            )
        )
    entities.extend(projects)
    entities.extend(
        make(
            Need,
            id=serial("n-", i),
            division_id=communities[place % len(communities)],
            service_kind=kind,
            target_group=group,
            persons=persons,
            urgency=urgency,
        )
        for i, (place, kind, group, persons, urgency) in enumerate(need_specs)
    )
    fund_list = [
        make(
            Fund,
            id=serial("f-", i),
            name=label("社区基金", i),
            division_id=communities[place % len(communities)],
            manager_id=federations[manager % len(federations)],
            established=established,
            committee_members=members,
            committee_supervisors=supervisors,
        )
        for i, (place, manager, established, members, supervisors) in enumerate(fund_specs)
    ]
    entities.extend(fund_list)
    if fund_list:
        raised: dict[str, list[Donation]] = {f.id: [] for f in fund_list}
        for i, (fund, amount, days, donor) in enumerate(draw(plan.donations)):
            target = fund_list[fund % len(fund_list)]
            gift = make(
                Donation,
                id=serial("d-", i),
                fund_id=target.id,
                amount=amount,
                date=target.established + _DAY * days,  # not before the fund (SW-F003)
                donor=donor,
            )
            raised[target.id].append(gift)
            entities.append(gift)
        # A grant pays a project serving the fund's community (SW-F005), after every
        # donation, and at most what is left of them (SW-F006).
        left = {f.id: sum((d.amount for d in raised[f.id]), Decimal(0)) for f in fund_list}
        for i, (fund, project, amount, days) in enumerate(draw(plan.grants)):
            source = fund_list[fund % len(fund_list)]
            serving = [p for p in projects if source.division_id in p.community_ids]
            paid = min(amount, left[source.id])
            if not serving or paid <= 0:
                continue
            left[source.id] -= paid
            last = max((d.date for d in raised[source.id]), default=source.established)
            entities.append(
                make(
                    Grant,
                    id=serial("g-", i),
                    fund_id=source.id,
                    project_id=serving[project % len(serving)].id,
                    amount=paid,
                    date=last + _DAY * days,
                )
            )
    entities.extend(_referral_work(case_specs, organizations, projects))
    if shuffled:
        entities = draw(st.permutations(entities))
    return Registry(entities)


def _referral_work(
    case_specs: list[Any], organizations: list[Organization], projects: list[Project]
) -> list[Entity]:
    """Cases with their consents, referrals stepped through the life-cycle, and audit events.

    Each referral goes to the operator of a project that gives its service on the
    day it is proposed (SW-R005), or, when it is a mandatory report, to an authority
    (SW-R006); consent comes from the right person for the subject's age (SW-R002)
    and allows the referral (SW-R001); answers come within the limit (SW-R003),
    closing records an outcome (SW-R004), and every step is taken with
    :func:`~socialwork.referrals.transition`, so the audit log is whole (SW-R007).
    """
    from socialwork.referrals import transition  # noqa: PLC0415 - keep importing socialwork.testing light

    authorities = [o.id for o in organizations if o.kind in _AUTHORITIES]
    entities: list[Entity] = []
    for i, (holder, band, opened, referral_specs) in enumerate(case_specs):
        case = make(
            Case,
            id=serial("case-", i),
            holder_id=organizations[holder % len(organizations)].id,
            opened=opened,
            age_band=band,
        )
        found: list[Entity] = []
        for j, (recipient, path_no, taken, answer) in enumerate(referral_specs):
            path = _PATHS[path_no]
            if path[0] is _A.REPORT:
                if not authorities or band is AgeBand.ADULT:
                    continue  # a mandatory report is about a minor, to an authority
                to_id, day = authorities[recipient % len(authorities)], opened
                service = ServiceKind.CHILD_PROTECTION
            else:
                offering = [p for p in projects if p.service_kinds and p.operator_id != case.holder_id]
                if not offering:
                    continue
                project = offering[recipient % len(offering)]
                to_id, day = project.operator_id, project.start
                service = min(project.service_kinds, key=lambda kind: kind.value)
            if to_id == case.holder_id:
                continue
            rid = f"{case.id}-r{j}"
            consent = make(
                Consent,
                id=f"{rid}-k",
                case_id=case.id,
                given_by=ConsentGiver.GUARDIAN if is_under_14(case, day) else ConsentGiver.SUBJECT,
                purpose=service,
                recipient_id=to_id,
                given=day,
            )
            referral = make(
                Referral,
                id=rid,
                case_id=case.id,
                from_id=case.holder_id,
                to_id=to_id,
                service_kind=service,
                proposed=day,
            )
            steps = list(path[: min(taken, len(path))])
            if steps and steps[-1] in {_A.SEND, _A.REPORT}:
                steps.append(path[len(steps)])  # not left waiting for an answer (SW-R003)
            at, events = day, []
            for action in steps:
                if action is _A.RECEIVE or action is _A.DECLINE:
                    at = day + _DAY * answer
                elif action is _A.CLOSE:
                    at += _DAY
                sender = action in {_A.CONSENT, _A.SEND, _A.REPORT, _A.WITHDRAW}
                done = transition(
                    referral,
                    action,
                    actor=referral.from_id if sender else referral.to_id,
                    at=at,
                    consents=[consent],
                    case=case,
                    note="服务完成" if action is _A.CLOSE else "",
                )
                referral = done.referral
                events.append(done.event)
            found.extend((consent, referral, *events))
        first = min((e.proposed for e in found if isinstance(e, Referral)), default=opened)
        entities.append(case if first >= opened else attrs.evolve(case, opened=first))  # opened first
        entities.extend(found)
    return entities


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
    cases: Bounds = 0,
    referrals: Bounds = (0, 2),
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
    streets and communities and for the whole registry otherwise; donations need a
    fund, and grants a fund and a project serving its community. With *cases*,
    referral work (转介) too: each case has *referrals* (counted per case), each with
    the consent it needs and its audit events, stepped through the life-cycle with
    :func:`socialwork.referrals.transition` (a referral needs a project that gives
    its service, or, for a mandatory report, an authority, which is added).

    The registry is valid by construction: every id is unique, every reference
    resolves, and it breaks no built-in rule of :func:`socialwork.rules.validate`
    (warnings may remain). Volunteers, needs and funds need a community, and a
    registry without one has none; when projects or school rooms find no
    social-work agency, or funds no charity federation, among the organizations
    drawn, one is added. Entities are drawn as lists, so a failing example shrinks by removing
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
        >>> work = find(registries(cases=1, referrals=1, projects=1), lambda r: len(r.referrals) == 1)
        >>> len(work.cases), len(work.referrals)
        (1, 1)
        >>> [v.code for v in sw.validate(work) if v.family == "referrals"]
        []

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
        "cases": cases,
        "referrals": referrals,
    }
    counts = {name: _bounds(value, name) for name, value in given.items()}
    return _registries(plan=_plan(counts), shuffled=bool(shuffled), texts=texts)


Breaks = Literal["duplicate_id", "dangling_reference", "SW-B001", "SW-F001", "SW-F003", "SW-S001"]
LOAD_BREAKS: tuple[Breaks, ...] = ("duplicate_id", "dangling_reference")
RULE_BREAKS: tuple[Breaks, ...] = ("SW-B001", "SW-F001", "SW-F003", "SW-S001")


@attrs.frozen
class BrokenRegistry:
    """Entities broken on purpose in one place, with what they break and where.

    Attributes:
        entities: The entities.
        breaks: What they break. At load level, ``sw.Registry(entities)`` raises
            :class:`~socialwork.InvalidRegistryError`: ``"duplicate_id"`` (two
            entities share an id) or ``"dangling_reference"`` (a reference names no
            entity). Otherwise the registry builds and ``sw.validate`` reports a
            violation of the built-in rule with this code: ``"SW-B001"`` (a school
            station without co-builders), ``"SW-F001"`` (a fund not managed by a
            charity federation), ``"SW-F003"`` (a donation before its fund was set
            up) or ``"SW-S001"`` (a posted social worker without an employer).
        path: Where, as the error's problem or the violation names it, e.g.
            ``"stations[2].parent_id"``.

    .. versionadded:: 0.2
    """

    entities: tuple[Entity, ...]
    breaks: Breaks
    path: str


def _evolve(entity: Any, /, **changes: Any) -> Entity:
    """Return *entity* with *changes* (of whichever kind it is)."""
    result: Entity = attrs.evolve(entity, **changes)
    return result


def _position(entities: list[Entity], index: int) -> int:
    """Return the position of ``entities[index]`` among the entities of its kind."""
    cls = type(entities[index])
    return sum(1 for e in entities[:index] if type(e) is cls)


def _break_rule(draw: st.DrawFn, code: Breaks, entities: list[Entity]) -> BrokenRegistry:
    def where(kind: type) -> list[int]:
        return [i for i, e in enumerate(entities) if isinstance(e, kind)]

    if code == "SW-S001":
        i = draw(st.sampled_from(where(SocialWorker)))
        station = next(e for e in entities if isinstance(e, Station))
        entities[i] = _evolve(entities[i], station_id=station.id, employer_id=None)
        return BrokenRegistry(tuple(entities), code, f"social_workers[{_position(entities, i)}].employer_id")
    if code == "SW-B001":
        rooms = [
            i for i, e in enumerate(entities) if isinstance(e, Station) and e.level is StationLevel.COMMUNITY
        ]
        i = draw(st.sampled_from(rooms))
        entities[i] = _evolve(entities[i], setting=StationSetting.SCHOOL, co_builder_ids=())
        return BrokenRegistry(tuple(entities), code, f"stations[{_position(entities, i)}].co_builder_ids")
    if code == "SW-F003":
        i = draw(st.sampled_from(where(Donation)))
        gift = entities[i]
        assert isinstance(gift, Donation)  # noqa: S101 - where() found donations
        fund = next(e for e in entities if isinstance(e, Fund) and e.id == gift.fund_id)
        entities[i] = attrs.evolve(gift, date=fund.established - _DAY)
        return BrokenRegistry(tuple(entities), code, f"donations[{_position(entities, i)}].date")
    # SW-F001: the manager of the first fund is no longer a charity federation.
    first = entities[where(Fund)[0]]
    assert isinstance(first, Fund)  # noqa: S101 - the base holds a fund
    j = next(i for i in where(Organization) if entities[i].id == first.manager_id)
    entities[j] = _evolve(entities[j], kind=OrgKind.GOVERNMENT)
    return BrokenRegistry(tuple(entities), code, "funds[0].manager_id")


# The valid registries each rule break starts from: they hold what it breaks.
_RULE_BASES: dict[str, st.SearchStrategy[Registry]] = {
    "SW-S001": registries(social_workers=(1, 4)),
    "SW-B001": registries(streets=(1, 3), communities=(1, 3)),
    "SW-F001": registries(streets=(1, 2), communities=(1, 3), funds=(1, 2)),
    "SW-F003": registries(streets=(1, 2), communities=(1, 3), funds=(1, 2), donations=(1, 4)),
}


@st.composite
def _broken(
    draw: st.DrawFn, *, breaks: tuple[Breaks, ...], base: st.SearchStrategy[Registry]
) -> BrokenRegistry:
    kind = draw(st.sampled_from(breaks))
    registry = draw(base if kind in LOAD_BREAKS else _RULE_BASES[kind])
    entities: list[Entity] = list(registry.entities())
    if kind in RULE_BREAKS:
        return _break_rule(draw, kind, entities)
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
    """Return a strategy for registries broken on purpose in one place, each labelled with what it breaks.

    Each draws a valid registry and breaks it in one place. Two breaks are at load
    level (``sw.Registry(entities)`` raises): a duplicate id, or a station whose
    parent is not in the registry. Four break a built-in rule, named by its code
    (``sw.validate`` reports it): a school station without co-builders
    (``"SW-B001"``), a fund whose manager is not a charity federation
    (``"SW-F001"``), a donation dated before its fund (``"SW-F003"``), a posted
    social worker without an employer (``"SW-S001"``). See :class:`BrokenRegistry`.

    Args:
        breaks: Only this break; any of them by default.
        base: The valid registries to break at load level (:func:`registries` by
            default); each must hold a station. Rule breaks start from registries
            that hold what they break.

    Raises:
        InvalidValueError: *breaks* is not one of the breaks above.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import broken_registries
        >>> broken = find(broken_registries(breaks="duplicate_id"), lambda _: True)
        >>> try:
        ...     sw.Registry(broken.entities)
        ... except sw.InvalidRegistryError as error:
        ...     print(broken.path in [p.path for p in error.problems])
        True
        >>> broken = find(broken_registries(breaks="SW-F003"), lambda _: True)
        >>> report = sw.validate(sw.Registry(broken.entities))
        >>> (broken.breaks, broken.path) in [(v.code, v.path) for v in report.violations]
        True

    .. versionadded:: 0.2
    .. versionchanged:: 0.2
       Registries that break a built-in rule, labelled with its code.
    """
    kinds: tuple[Breaks, ...] = LOAD_BREAKS + RULE_BREAKS
    if breaks is not None:
        if breaks not in kinds:
            msg = Message(
                "expected one of {kinds}, got {breaks}",
                "应为 {kinds} 之一，实为 {breaks}",
                kinds=str(kinds),
                breaks=repr(breaks),
            )
            raise InvalidValueError(msg, path="breaks")
        kinds = (breaks,)
    return _broken(breaks=kinds, base=registries() if base is None else base)
