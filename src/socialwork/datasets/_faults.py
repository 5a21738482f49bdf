"""Planted faults: known breaks of the rules, for testing validators.

:func:`~socialwork.datasets.synthetic` draws every entity into lists by kind and then
builds the registry; a planted fault edits the lists between the two steps, so that
the registry still builds (every reference resolves) but breaks exactly one built-in
rule, on exactly one subject, under the default parameters. Each fault is labelled
with the code of the rule that must catch it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.model import (
    KINDS,
    AgeBand,
    Case,
    CaseId,
    Consent,
    ConsentGiver,
    ConsentId,
    Division,
    DivisionCode,
    DivisionLevel,
    Fund,
    FundId,
    OrgKind,
    Referral,
    ReferralAction,
    ReferralEvent,
    ReferralId,
    ServiceKind,
    Station,
    StationId,
    StationLevel,
    StationSetting,
    TalentTrack,
    TargetGroup,
    to_money,
)

__all__ = ["FAULTS", "Fault"]


@attrs.frozen
class Fault:
    """A fault planted in a synthetic registry: what it is, where, and which rule must catch it.

    Attributes:
        kind: The fault's name in :data:`FAULTS`, e.g. ``"uncovered_community"``.
        code: The code of the built-in rule that must catch it, e.g. ``"SW-C002"``.
        subject: The id of the entity or division the rule reports it on.
        description_zh: What was planted, in Chinese.
        description_en: What was planted, in English.

    Examples:
        >>> reg, planted = sw.datasets.synthetic_with_faults(["orphan_room"])
        >>> fault = planted[0]
        >>> fault.kind, fault.code
        ('orphan_room', 'SW-H002')
        >>> [(v.code, v.subject) for v in sw.validate(reg)] == [(fault.code, fault.subject)]
        True

    .. versionadded:: 0.2
    """

    kind: str
    code: str
    subject: str
    description_zh: str
    description_en: str


class _CannotPlantError(Exception):
    """Raised by a planter when the registry has nowhere to plant its fault."""


class _Plan:
    """The drawn lists of one registry, with the edits that plant faults in them."""

    def __init__(self, lists: dict[str, list[Any]], seed: int) -> None:
        self.lists = lists
        self.rng = random.Random(seed)  # noqa: S311 - reproducible draws, not secrets
        self.used: set[str] = set()  # ids a fault already touched: other faults leave them alone
        self._positions: dict[str, dict[str, int]] = {}

    def position(self, kind: str, entity_id: str) -> int:
        positions = self._positions.get(kind)
        if positions is None:
            field = KINDS[kind].id_field
            positions = {getattr(item, field): i for i, item in enumerate(self.lists[kind])}
            self._positions[kind] = positions
        return positions[entity_id]

    def get(self, kind: str, entity_id: str) -> Any:
        return self.lists[kind][self.position(kind, entity_id)]

    def _ids(self, kind: str) -> Iterable[str]:
        field = KINDS[kind].id_field
        return (getattr(item, field) for item in self.lists.get(kind, ()))

    def change(self, kind: str, entity_id: str, **changes: Any) -> Any:
        """Replace one entity by a copy with *changes* (checked by its validators)."""
        i = self.position(kind, entity_id)
        new = attrs.evolve(self.lists[kind][i], **changes)
        self.lists[kind][i] = new
        return new

    def add(self, kind: str, entity: Any) -> None:
        self.lists.setdefault(kind, []).append(entity)
        self._positions.pop(kind, None)

    def drop(self, kind: str, keep: Callable[[Any], bool]) -> None:
        self.lists[kind] = [item for item in self.lists[kind] if keep(item)]
        self._positions.pop(kind, None)

    def fresh(self, kind: str, stem: str) -> str:
        """Return an id made of *stem* and a number that no entity of *kind* has yet."""
        taken = set(self._ids(kind))
        n = 1
        while f"{stem}{n}" in taken:
            n += 1
        return f"{stem}{n}"

    def pick(self, candidates: Iterable[Any], *, key: Callable[[Any], str] = lambda item: item.id) -> Any:
        """Return one candidate, drawn with the fault seed, whose id no fault touched yet."""
        free = [item for item in candidates if key(item) not in self.used]
        if not free:
            raise _CannotPlantError
        return free[int(self.rng.random() * len(free))]

    def touch(self, *ids: str) -> None:
        self.used.update(ids)

    def stations(self, level: StationLevel) -> list[Station]:
        return [
            s for s in self.lists["stations"] if s.level is level and s.setting is StationSetting.COMMUNITY
        ]

    def posted(self) -> dict[str, list[Any]]:
        """The social workers posted to each station."""
        found: dict[str, list[Any]] = {}
        for worker in self.lists["social_workers"]:
            if worker.station_id is not None:
                found.setdefault(worker.station_id, []).append(worker)
        return found

    def practiced(self) -> set[str]:
        """The stations with a practitioner posted."""
        return {
            station_id
            for station_id, workers in self.posted().items()
            if any(TalentTrack.PRACTITIONER in w.tracks for w in workers)
        }

    def bureau_of(self, district: str) -> Any:
        return self._org_of(district, OrgKind.GOVERNMENT)

    def _org_of(self, district: str, kind: OrgKind) -> Any:
        for org in self.lists["organizations"]:
            if org.kind is kind and org.division_id == district:
                return org
        raise _CannotPlantError

    def raised(self, fund_id: str) -> list[Any]:
        return sorted(
            (d for d in self.lists["donations"] if d.fund_id == fund_id), key=lambda d: (d.date, d.id)
        )


_Planter = Callable[[_Plan], str]


def _uncovered_street(plan: _Plan) -> str:
    district = plan.pick(
        (d for d in plan.lists["divisions"] if d.level is DivisionLevel.DISTRICT), key=lambda d: d.code
    )
    numbers = [
        int(d.code[6:]) for d in plan.lists["divisions"] if d.parent_code == district.code
    ]  # streets of the district
    number = max(numbers, default=0) + 1
    if number > 999:
        raise _CannotPlantError
    code = f"{district.code}{number:03d}"
    plan.add(
        "divisions",
        Division(
            code=DivisionCode(code),
            name=f"第{number}街道",
            level=DivisionLevel.STREET,
            parent_code=district.code,
        ),
    )
    plan.touch(code)
    return code


def _uncovered_community(plan: _Plan) -> str:
    street = plan.pick(
        (d for d in plan.lists["divisions"] if d.level is DivisionLevel.STREET), key=lambda d: d.code
    )
    numbers = [int(d.code[9:]) for d in plan.lists["divisions"] if d.parent_code == street.code]
    number = max(numbers, default=0) + 1
    if number > 999:
        raise _CannotPlantError
    code = f"{street.code}{number:03d}"
    plan.add(
        "divisions",
        Division(
            code=DivisionCode(code),
            name=f"第{number}社区",
            level=DivisionLevel.COMMUNITY,
            parent_code=street.code,
        ),
    )
    plan.touch(code, street.code)
    return code


def _volunteer_outside_community(plan: _Plan) -> str:
    volunteer = plan.pick(plan.lists["volunteers"])
    plan.change("volunteers", volunteer.id, division_id=volunteer.division_id[:9])
    plan.touch(volunteer.id)
    return str(volunteer.id)


def _orphan_street_station(plan: _Plan) -> str:
    station = plan.pick(plan.stations(StationLevel.STREET))
    plan.change("stations", station.id, parent_id=None)
    plan.touch(station.id)
    return str(station.id)


def _orphan_room(plan: _Plan) -> str:
    room = plan.pick(plan.stations(StationLevel.COMMUNITY))
    plan.change("stations", room.id, parent_id=None)
    plan.touch(room.id)
    return str(room.id)


def _level_skip(plan: _Plan) -> str:
    rooms = [r for r in plan.stations(StationLevel.COMMUNITY) if r.parent_id not in plan.used]
    room = plan.pick(rooms)
    street = plan.get("stations", room.parent_id)
    if street.parent_id is None:
        raise _CannotPlantError
    plan.change("stations", room.id, parent_id=street.parent_id)
    plan.touch(room.id)
    return str(room.id)


def _hub_with_parent(plan: _Plan) -> str:
    hub = plan.pick(plan.stations(StationLevel.DISTRICT))
    city = plan.get("divisions", hub.division_id).parent_code
    if city is None:
        raise _CannotPlantError
    centre = f"c{city}"  # a city guidance centre (市社工指导中心), set up outside any community
    if not any(s.id == centre for s in plan.lists["stations"]):
        plan.add(
            "stations",
            Station(
                id=StationId(centre),
                name=f"{plan.get('divisions', city).name}社会工作指导中心",
                level=StationLevel.DISTRICT,
                division_id=city,
                operator_id=hub.operator_id,
                setting=StationSetting.OTHER,
            ),
        )
    plan.change("stations", hub.id, parent_id=centre)
    plan.touch(hub.id, hub.division_id, city)
    return str(hub.id)


def _foreign_division(plan: _Plan) -> str:
    streets = plan.stations(StationLevel.STREET)
    rooms = [r for r in plan.stations(StationLevel.COMMUNITY) if r.parent_id not in plan.used]
    room = plan.pick(r for r in rooms if any(s.id != r.parent_id for s in streets))
    others = [s for s in streets if s.id != room.parent_id]
    same_district = [s for s in others if s.division_id[:6] == room.division_id[:6]]
    other = (same_district or others)[0]
    plan.change("stations", room.id, parent_id=other.id)
    plan.touch(room.id)
    return str(room.id)


def _duplicate_hub(plan: _Plan) -> str:
    hub = plan.pick(plan.stations(StationLevel.DISTRICT), key=lambda s: s.division_id)
    second = plan.fresh("stations", f"{hub.id}-")
    plan.add(
        "stations",
        Station(
            id=StationId(second),
            name=f"{hub.name}（第二）",
            level=StationLevel.DISTRICT,
            division_id=hub.division_id,
            operator_id=hub.operator_id,
        ),
    )
    plan.touch(hub.id, hub.division_id)
    return str(hub.division_id)


def _hub_in_city(plan: _Plan) -> str:
    def city_of(hub: Station) -> str | None:
        code: str | None = plan.get("divisions", hub.division_id).parent_code
        return code

    hubs = plan.stations(StationLevel.DISTRICT)
    hub = plan.pick(
        h for h in hubs if h.division_id not in plan.used and city_of(h) not in (None, *plan.used)
    )
    city = str(city_of(hub))
    plan.change("stations", hub.id, division_id=city)
    plan.touch(hub.id, hub.division_id, city)
    return str(hub.id)


def _unemployed_worker(plan: _Plan) -> str:
    worker = plan.pick(w for w in plan.lists["social_workers"] if w.station_id is not None)
    plan.change("social_workers", worker.id, employer_id=None)
    plan.touch(worker.id)
    return str(worker.id)


def _understaffed_station(plan: _Plan) -> str:
    posted = plan.posted()
    rooms: dict[str, str] = {}
    for room in plan.stations(StationLevel.COMMUNITY):
        rooms.setdefault(str(room.parent_id), room.id)
    candidates = [
        s for s in plan.stations(StationLevel.STREET) if len(posted.get(s.id, ())) >= 2 and s.id in rooms
    ]
    station = plan.pick(candidates)
    # Keep one worker, a practitioner if there is one (every project of the street runs
    # from its station, so its projects for minors stay staffed); post the others to a room.
    staff = sorted(posted[station.id], key=lambda w: (TalentTrack.PRACTITIONER not in w.tracks, w.id))
    for worker in staff[1:]:
        plan.change("social_workers", worker.id, station_id=rooms[station.id])
    plan.touch(station.id, *(w.id for w in staff))
    return str(station.id)


def _no_supervisor(plan: _Plan) -> str:
    stations = {s.id: s for s in plan.lists["stations"]}
    by_district: dict[str, list[Any]] = {}
    for worker in plan.lists["social_workers"]:
        if worker.station_id is not None:
            by_district.setdefault(stations[worker.station_id].division_id[:6], []).append(worker)
    candidates = [
        d
        for d, workers in by_district.items()
        if any(TalentTrack.PRACTITIONER in w.tracks for w in workers)
        and any(TalentTrack.SUPERVISOR in w.tracks for w in workers)
    ]
    district = plan.pick(sorted(candidates), key=str)
    for worker in by_district[district]:
        if TalentTrack.SUPERVISOR in worker.tracks:
            tracks = (worker.tracks - {TalentTrack.SUPERVISOR}) or frozenset((TalentTrack.MANAGER,))
            plan.change("social_workers", worker.id, tracks=tracks)
    plan.touch(district)
    return str(district)


def _station_without_operator(plan: _Plan) -> str:
    room = plan.pick(plan.stations(StationLevel.COMMUNITY))
    plan.change("stations", room.id, operator_id=None)
    plan.touch(room.id)
    return str(room.id)


def _government_project(plan: _Plan) -> str:
    project = plan.pick(plan.lists["projects"])
    operator = plan.get("organizations", project.operator_id)
    plan.change("projects", project.id, operator_id=plan.bureau_of(operator.division_id).id)
    plan.touch(project.id)
    return str(project.id)


def _cross_district_project(plan: _Plan) -> str:
    communities = [d.code for d in plan.lists["divisions"] if d.level is DivisionLevel.COMMUNITY]
    project = plan.pick(
        p for p in plan.lists["projects"] if any(c[:6] != p.community_ids[0][:6] for c in communities)
    )
    home = project.community_ids[0][:6]
    foreign = next(c for c in communities if c[:6] != home and c not in plan.used)
    plan.change("projects", project.id, community_ids=(*project.community_ids, foreign))
    plan.touch(project.id)
    return str(project.id)


def _minors_without_practitioner(plan: _Plan) -> str:
    project = plan.pick(plan.lists["projects"])
    practiced = plan.practiced()
    plan.change(
        "projects",
        project.id,
        target_groups=project.target_groups | {TargetGroup.MINORS},
        station_ids=tuple(s for s in project.station_ids if s not in practiced),
    )
    plan.touch(project.id, *project.station_ids)
    return str(project.id)


def _school_without_co_builders(plan: _Plan) -> str:
    room = plan.pick(plan.stations(StationLevel.COMMUNITY))
    plan.change("stations", room.id, setting=StationSetting.SCHOOL, co_builder_ids=())
    plan.touch(room.id)
    return str(room.id)


def _school_without_agency(plan: _Plan) -> str:
    room = plan.pick(plan.stations(StationLevel.COMMUNITY))
    bureau = plan.bureau_of(room.division_id[:6])
    plan.change("stations", room.id, setting=StationSetting.SCHOOL, co_builder_ids=(bureau.id,))
    plan.touch(room.id)
    return str(room.id)


def _fund_managed_by_agency(plan: _Plan) -> str:
    fund = plan.pick(plan.lists["funds"])
    agency = next(
        (
            org
            for org in plan.lists["organizations"]
            if org.kind is OrgKind.SOCIAL_WORK_AGENCY and org.division_id == fund.division_id[:6]
        ),
        None,
    )
    if agency is None:
        raise _CannotPlantError
    plan.change("funds", fund.id, manager_id=agency.id)
    plan.touch(fund.id)
    return str(fund.id)


def _fund_serving_street(plan: _Plan) -> str:
    fund = plan.pick(plan.lists["funds"])
    plan.change("funds", fund.id, division_id=fund.division_id[:9])
    # Its grants go to projects that serve a community, not the street: they would break
    # SW-F005 too, so they are dropped.
    plan.drop("grants", lambda grant: grant.fund_id != fund.id)
    plan.touch(fund.id)
    return str(fund.id)


def _committee(members: int, supervisors: int) -> Callable[[_Plan], str]:
    """A planter that gives one fund a management committee of *members* and *supervisors*."""

    def plant(plan: _Plan) -> str:
        fund = plan.pick(plan.lists["funds"])
        plan.change("funds", fund.id, committee_members=members, committee_supervisors=supervisors)
        plan.touch(fund.id)
        return str(fund.id)

    return plant


def _donation_before_set_up(plan: _Plan) -> str:
    funds = {f.id: f for f in plan.lists["funds"]}
    donation = plan.pick(d for d in plan.lists["donations"] if d.fund_id not in plan.used)
    established = funds[donation.fund_id].established
    early = established - dt.timedelta(days=1 + int(plan.rng.random() * 30))
    plan.change("donations", donation.id, date=early)
    plan.touch(donation.id, donation.fund_id)
    return str(donation.id)


def _over_matched_fund(plan: _Plan) -> str:
    # socialwork.funds loads numpy: import it only when this fault is planted, so that
    # importing socialwork stays light.
    from socialwork.funds import BINZHOU_RULE, matched_amount  # noqa: PLC0415

    given = {d.fund_id for d in plan.lists["donations"]}
    fund = plan.pick(f for f in plan.lists["funds"] if f.id in given)
    raised = plan.raised(fund.id)
    total = sum((d.amount for d in raised), Decimal(0))
    manager = plan.get("organizations", fund.manager_id)
    match_id = plan.fresh("donations", "d")
    # The federation matches 100 yuan more than the 10:1 rule allows on what was raised.
    amount = to_money(matched_amount(BINZHOU_RULE, total) + 100)
    plan.add(
        "donations",
        attrs.evolve(raised[-1], id=match_id, amount=amount, donor=manager.name),
    )
    plan.touch(fund.id, match_id)
    return match_id


def _overdrawn_grant(plan: _Plan) -> str:
    grant = plan.pick(g for g in plan.lists["grants"] if g.fund_id not in plan.used)
    total = sum((d.amount for d in plan.raised(grant.fund_id)), Decimal(0))
    # Twice the raised money and a yuan: above any balance, since a match adds a tenth at most.
    amount = to_money(2 * total + 1)
    plan.change("grants", grant.id, amount=amount)
    plan.touch(grant.id, grant.fund_id)
    return str(grant.id)


def _grant_to_other_community(plan: _Plan) -> str:
    funds = {f.id: f for f in plan.lists["funds"]}
    projects = plan.lists["projects"]

    serving = Counter(code for p in projects for code in p.community_ids)
    grant = plan.pick(
        g
        for g in plan.lists["grants"]
        if g.fund_id not in plan.used and serving[funds[g.fund_id].division_id] < len(projects)
    )
    community = funds[grant.fund_id].division_id
    other = next(p for p in projects if community not in p.community_ids)
    plan.change("grants", grant.id, project_id=other.id)
    plan.touch(grant.id, grant.fund_id)
    return str(grant.id)


def _second_fund(plan: _Plan) -> str:
    fund = plan.pick((f for f in plan.lists["funds"] if f.id not in plan.used), key=lambda f: f.division_id)
    if sum(f.division_id == fund.division_id for f in plan.lists["funds"]) > 1:
        raise _CannotPlantError
    second = plan.fresh("funds", "f")
    plan.add(
        "funds",
        Fund(
            id=FundId(second),
            name=f"{fund.name}（子基金）",
            division_id=fund.division_id,
            manager_id=fund.manager_id,
            established=fund.established,
        ),
    )
    plan.touch(fund.division_id, fund.id, second)
    return str(fund.division_id)


class _Referral:
    """A referral drawn into a plan: a case, its consent, and the referral stepped through its life-cycle.

    The referral passes between two agencies (the case's holder and the operator of
    a project that gives the service, on the day the project starts), about a child
    under 14 whose guardian consents: as drawn, it breaks no rule. Each step is taken
    with :func:`socialwork.referrals.transition`, so the audit log replays to it.
    """

    def __init__(self, plan: _Plan, *, offered: bool = True) -> None:
        from socialwork.referrals import transition  # noqa: PLC0415 - keep importing socialwork light

        self._transition = transition
        self.plan = plan
        agencies = [o for o in plan.lists["organizations"] if o.kind is OrgKind.SOCIAL_WORK_AGENCY]
        project = plan.pick(p for p in plan.lists["projects"] if p.operator_id in {a.id for a in agencies})
        self.day: dt.date = project.start
        recipient = project.operator_id
        if offered:
            self.service = min(project.service_kinds, key=lambda kind: kind.value)
        else:
            # A service the recipient's projects never give, on no day at all.
            given = {
                kind for p in plan.lists["projects"] if p.operator_id == recipient for kind in p.service_kinds
            }
            left = [kind for kind in ServiceKind if kind not in given]
            if not left:
                raise _CannotPlantError
            self.service = left[int(plan.rng.random() * len(left))]
        holder = plan.pick(a for a in agencies if a.id != recipient)
        plan.touch(project.id)
        self.case = Case(
            id=CaseId(plan.fresh("cases", "c")),
            holder_id=holder.id,
            opened=self.day,
            age_band=AgeBand.UNDER_14,
        )
        plan.add("cases", self.case)
        self.consent = Consent(
            id=ConsentId(plan.fresh("consents", "k")),
            case_id=self.case.id,
            given_by=ConsentGiver.GUARDIAN,
            purpose=self.service,
            recipient_id=recipient,
            given=self.day,
        )
        plan.add("consents", self.consent)
        self.referral = Referral(
            id=ReferralId(plan.fresh("referrals", "r")),
            case_id=self.case.id,
            from_id=holder.id,
            to_id=recipient,
            service_kind=self.service,
            proposed=self.day,
        )
        self.events: list[ReferralEvent] = []

    def step(self, action: ReferralAction, *, days: int = 0, note: str = "") -> _Referral:
        """Take one step *days* after the referral was proposed, as the party the life-cycle names."""
        referral = self.referral
        sender = action in {ReferralAction.CONSENT, ReferralAction.SEND, ReferralAction.REPORT}
        done = self._transition(
            referral,
            action,
            actor=referral.from_id if sender else referral.to_id,
            at=self.day + dt.timedelta(days=days),
            consents=[self.consent],
            case=self.case,
            note=note,
        )
        self.referral = done.referral
        self.events.append(done.event)
        return self

    def sent(self, *, answered: int = 0) -> _Referral:
        """Consent, send, and have the recipient receive it *answered* days later."""
        self.step(ReferralAction.CONSENT).step(ReferralAction.SEND)
        return self.step(ReferralAction.RECEIVE, days=answered)

    def add(self, *, events: Iterable[ReferralEvent] | None = None) -> str:
        """Put the referral and its audit *events* (all of them by default) in the plan; return its id."""
        self.plan.add("referrals", self.referral)
        for event in self.events if events is None else events:
            self.plan.add("referral_events", event)
        self.plan.touch(self.case.id, self.consent.id, self.referral.id)
        return str(self.referral.id)


def _sent_without_consent(plan: _Plan) -> str:
    drawn = _Referral(plan).sent()
    # The guardian consented to another service than the one the case was sent for.
    other = [kind for kind in ServiceKind if kind is not drawn.service]
    purpose = other[int(plan.rng.random() * len(other))]
    plan.change("consents", drawn.consent.id, purpose=purpose)
    return drawn.add()


def _child_consents_alone(plan: _Plan) -> str:
    drawn = _Referral(plan)
    consent = plan.change("consents", drawn.consent.id, given_by=ConsentGiver.SUBJECT)
    plan.touch(drawn.case.id, consent.id)
    return str(consent.id)


def _late_answer(plan: _Plan) -> str:
    from socialwork.referrals import RESPONSE_DAYS  # noqa: PLC0415 - keep importing socialwork light

    late = RESPONSE_DAYS[-1][1] + 1 + int(plan.rng.random() * 30)
    return _Referral(plan).sent(answered=late).add()


def _closed_without_outcome(plan: _Plan) -> str:
    drawn = _Referral(plan).sent().step(ReferralAction.START, days=1)
    return drawn.step(ReferralAction.CLOSE, days=30, note="").add()


def _referral_to_non_provider(plan: _Plan) -> str:
    return _Referral(plan, offered=False).sent().add()


def _report_to_agency(plan: _Plan) -> str:
    drawn = _Referral(plan).step(ReferralAction.REPORT).step(ReferralAction.RECEIVE)
    return drawn.add()


def _unaudited_step(plan: _Plan) -> str:
    drawn = _Referral(plan).sent(answered=1)
    return drawn.add(events=drawn.events[:-1])


@attrs.frozen
class _Entry:
    code: str
    plant: _Planter
    zh: str
    en: str


# In the order they are planted, rule code by rule code.
_CATALOGUE: Final[Mapping[str, _Entry]] = {
    "volunteer_outside_community": _Entry(
        "SW-I002",
        _volunteer_outside_community,
        "志愿者登记在街道而非社区",
        "a volunteer registered in a street, not a community",
    ),
    "orphan_street_station": _Entry(
        "SW-H001", _orphan_street_station, "街道社工站没有上级总站", "a street station with no parent hub"
    ),
    "orphan_room": _Entry(
        "SW-H002", _orphan_room, "社区社工室没有上级街道站", "a community room with no parent station"
    ),
    "level_skip": _Entry(
        "SW-H002",
        _level_skip,
        "社区社工室越级隶属于区社工总站",
        "a community room placed directly under the district hub",
    ),
    "hub_with_parent": _Entry(
        "SW-H003",
        _hub_with_parent,
        "区社工总站隶属于市级指导中心",
        "a district hub placed under a city guidance centre",
    ),
    "foreign_division": _Entry(
        "SW-H004",
        _foreign_division,
        "社区社工室隶属于另一街道的社工站",
        "a community room under the station of another street",
    ),
    "duplicate_hub": _Entry(
        "SW-H005", _duplicate_hub, "一个区县有两个区社工总站", "a second district hub in a district"
    ),
    "hub_in_city": _Entry(
        "SW-H006", _hub_in_city, "区社工总站设在市级区划", "a district hub set up in a city division"
    ),
    "uncovered_street": _Entry(
        "SW-C001", _uncovered_street, "街道没有街道社工站", "a street with no street station"
    ),
    "uncovered_community": _Entry(
        "SW-C002", _uncovered_community, "社区没有社区社工室", "a community with no community room"
    ),
    "unemployed_worker": _Entry(
        "SW-S001", _unemployed_worker, "驻站社工没有聘用机构", "a posted social worker with no employer"
    ),
    "understaffed_station": _Entry(
        "SW-S002",
        _understaffed_station,
        "街道社工站只有一名驻站社工",
        "a street station with one social worker posted",
    ),
    "no_supervisor": _Entry(
        "SW-S003", _no_supervisor, "区县没有督导", "a district with practitioners but no supervisor"
    ),
    "station_without_operator": _Entry(
        "SW-S004", _station_without_operator, "社区社工室没有运营机构", "a community room with no operator"
    ),
    "government_project": _Entry(
        "SW-P001", _government_project, "项目由民政局承接", "a project operated by the civil-affairs bureau"
    ),
    "cross_district_project": _Entry(
        "SW-P002",
        _cross_district_project,
        "项目服务另一区县的社区",
        "a project serving a community of another district",
    ),
    "minors_without_practitioner": _Entry(
        "SW-P003",
        _minors_without_practitioner,
        "服务未成年人的项目站点没有实务社工",
        "a project for minors with no practitioner at its stations",
    ),
    "school_without_co_builders": _Entry(
        "SW-B001",
        _school_without_co_builders,
        "学校社工站没有共建单位",
        "a school station with no co-builders",
    ),
    "school_without_agency": _Entry(
        "SW-B002",
        _school_without_agency,
        "学校社工站只由民政局共建",
        "a school station co-built by the bureau alone",
    ),
    "fund_managed_by_agency": _Entry(
        "SW-F001",
        _fund_managed_by_agency,
        "社区基金由社工机构管理",
        "a community fund managed by a social-work agency",
    ),
    "fund_serving_street": _Entry(
        "SW-F002", _fund_serving_street, "社区基金设在街道", "a community fund set up for a street"
    ),
    "donation_before_set_up": _Entry(
        "SW-F003", _donation_before_set_up, "捐赠早于基金设立", "a donation dated before its fund was set up"
    ),
    "over_matched_fund": _Entry(
        "SW-F004", _over_matched_fund, "配捐超过 10:1 规则", "a match above what the 10:1 rule allows"
    ),
    "grant_to_other_community": _Entry(
        "SW-F005",
        _grant_to_other_community,
        "资助不服务本社区的项目",
        "a grant to a project outside the fund's community",
    ),
    "overdrawn_grant": _Entry(
        "SW-F006", _overdrawn_grant, "资助超过基金余额", "a grant above the fund's balance"
    ),
    "second_fund": _Entry("SW-F007", _second_fund, "同一社区设第二个基金", "a second fund in one community"),
    "small_committee": _Entry(
        "SW-F008", _committee(3, 1), "基金管理委员会不足5人", "a fund committee of three members"
    ),
    "even_committee": _Entry(
        "SW-F009", _committee(6, 1), "基金管理委员会人数为偶数", "a fund committee of six members"
    ),
    "committee_without_supervisor": _Entry(
        "SW-F010", _committee(5, 0), "基金管理委员会无监事", "a fund committee with no supervisor"
    ),
    "sent_without_consent": _Entry(
        "SW-R001",
        _sent_without_consent,
        "转介发送时监护人只同意了另一项服务",
        "a referral sent when the guardian consented to another service only",
    ),
    "child_consents_alone": _Entry(
        "SW-R002",
        _child_consents_alone,
        "不满十四周岁的当事人本人给出同意",
        "a consent given by a subject under 14, not by a guardian",
    ),
    "late_answer": _Entry(
        "SW-R003", _late_answer, "接收方逾期答复转介", "a referral answered after the time limit"
    ),
    "closed_without_outcome": _Entry(
        "SW-R004", _closed_without_outcome, "转介结案未记录服务结果", "a referral closed with no outcome"
    ),
    "referral_to_non_provider": _Entry(
        "SW-R005",
        _referral_to_non_provider,
        "转介给不提供该服务的机构",
        "a referral to an organization that gives no such service",
    ),
    "report_to_agency": _Entry(
        "SW-R006",
        _report_to_agency,
        "强制报告报送给社工机构而非有关部门",
        "a mandatory report sent to an agency, not to an authority",
    ),
    "unaudited_step": _Entry(
        "SW-R007", _unaudited_step, "转介的一次状态变更没有审计记录", "a referral step with no audit event"
    ),
}

FAULTS: Final[Mapping[str, str]] = MappingProxyType({name: entry.code for name, entry in _CATALOGUE.items()})
"""The faults that :func:`~socialwork.datasets.synthetic` plants: name -> code of the rule that catches it.

Examples:
    >>> sw.datasets.FAULTS["uncovered_community"]
    'SW-C002'
    >>> sorted(set(sw.datasets.FAULTS.values()))[:3]
    ['SW-B001', 'SW-B002', 'SW-C001']
"""


def read_faults(faults: object) -> dict[str, int]:
    """Check the *faults* argument of ``synthetic`` and return how many of each to plant."""
    if isinstance(faults, str | bytes):
        msg = Message(
            "expected fault names (a list or a mapping of name to count), got a string {given}",
            "应为错误类型的名称（列表，或名称到数量的映射），实为字符串 {given}",
            given=repr(faults),
        )
        raise InvalidTypeError(msg, path="faults")
    counts: dict[str, int] = {}
    if isinstance(faults, Mapping):
        items = list(faults.items())
    elif isinstance(faults, Iterable):
        items = [(name, 1) for name in faults]
    else:
        msg = Message(
            "expected fault names (a list or a mapping of name to count), got {type}",
            "应为错误类型的名称（列表，或名称到数量的映射），实为 {type}",
            type=type(faults).__name__,
        )
        raise InvalidTypeError(msg, path="faults")
    for name, count in items:
        if not isinstance(name, str) or name not in _CATALOGUE:
            msg = Message(
                "unknown fault {name}; expected one of {names}",
                "未知的错误类型 {name}；应为 {names} 之一",
                name=repr(name),
                names=", ".join(_CATALOGUE),
            )
            raise InvalidValueError(msg, path="faults")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            msg = Message(
                "expected a whole number of faults, at least 0, got {count}",
                "应为错误的个数（整数，至少 0），实为 {count}",
                count=repr(count),
            )
            raise InvalidValueError(msg, path=f"faults.{name}")
        counts[name] = counts.get(name, 0) + count
    return counts


def plant(lists: dict[str, list[Any]], counts: Mapping[str, int], seed: int) -> tuple[Fault, ...]:
    """Plant *counts* faults of each kind in the drawn *lists*, in catalogue order, with *seed*."""
    plan = _Plan(lists, seed)
    planted: list[Fault] = []
    for name, entry in _CATALOGUE.items():
        for _ in range(counts.get(name, 0)):
            try:
                subject = entry.plant(plan)
            except _CannotPlantError:
                msg = Message(
                    "cannot plant {name} (for {code}) in a registry of this shape: "
                    "too few entities to plant it on",
                    "无法在此规模的登记中植入 {name}（对应 {code}）：可植入的实体太少",
                    name=repr(name),
                    code=entry.code,
                )
                raise InvalidValueError(msg, path=f"faults.{name}") from None
            planted.append(Fault(name, entry.code, subject, entry.zh, entry.en))
    return tuple(planted)
