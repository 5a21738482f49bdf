"""The entities of the community social-work system: frozen, slotted, validated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError, Message, excerpt
from socialwork.model._codes import check_credit_code, check_division_code, parent_codes
from socialwork.model._enums import (
    Certification,
    DivisionLevel,
    OrgKind,
    ServiceKind,
    StationLevel,
    StationSetting,
    TalentTrack,
    TargetGroup,
)
from socialwork.model._ids import (
    DivisionCode,
    DonationId,
    FundId,
    GrantId,
    NeedId,
    OrgId,
    ProjectId,
    StationId,
    VolunteerId,
    WorkerId,
)
from socialwork.model._messages import expected, typed
from socialwork.model._money import to_decimal, to_money
from socialwork.model.validators import (
    check_date,
    check_id,
    check_ids,
    check_positive,
    check_str,
    check_text,
    instance_of,
    int_between,
    member_of,
    members_of,
    optional,
    personal,
    to_frozenset,
    to_tuple,
)

__all__ = [
    "Division",
    "Donation",
    "Entity",
    "Fund",
    "Grant",
    "Need",
    "Organization",
    "Project",
    "SocialWorker",
    "Station",
    "Volunteer",
    "set_repr",
]


def set_repr(members: frozenset[Any] | set[Any], /) -> str:
    """Return the ``repr`` of a set with its members sorted, the same under every hash seed.

    A ``frozenset`` prints in hash order, which changes with ``PYTHONHASHSEED``; the
    entities and results of the library print their sets this way instead. Members
    sort by their value (enumerations) or their ``repr``.

    Examples:
        >>> import socialwork as sw
        >>> from socialwork.model import set_repr
        >>> set_repr(frozenset({sw.TalentTrack.SUPERVISOR, sw.TalentTrack.MANAGER}))
        "frozenset({<TalentTrack.MANAGER: 'manager'>, <TalentTrack.SUPERVISOR: 'supervisor'>})"
        >>> set_repr(frozenset({("b", 2), ("a", 1)})), set_repr(frozenset())
        ("frozenset({('a', 1), ('b', 2)})", 'frozenset()')

    .. versionadded:: 0.2
    """
    given: object = members  # callers outside the type checker may pass anything
    if not isinstance(given, set | frozenset):
        msg = expected(Message("a set or frozenset", "set 或 frozenset"), type(given).__name__)
        raise InvalidTypeError(msg, path="members")
    if not members:
        return "frozenset()"
    shown = [repr(member) for member in members]
    keys = [
        str(getattr(member, "value", "")) + "\0" + text for member, text in zip(members, shown, strict=True)
    ]
    return "frozenset({" + ", ".join(text for _, text in sorted(zip(keys, shown, strict=True))) + "})"


def _redacted(value: object) -> str:
    # The repr of a personal field: a repr is read by people, in logs and tracebacks.
    return repr(value) if value is None or value == "" else "<redacted>"


def _amount(value: Decimal | int | str) -> Decimal:
    return to_money(value, path="amount")


def _budget(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else to_money(value, path="budget")


def _area(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else to_decimal(value, path="area_m2")


def _hours(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, path="hours")


def check_credit_code_field(_inst: object, attr: attrs.Attribute[Any], code: object) -> None:
    if not isinstance(code, str):
        msg = expected(Message("a credit code string", "统一社会信用代码字符串"), typed(code))
        raise InvalidTypeError(msg, path=attr.name)
    check_credit_code(code, path=attr.name)


def _check_division(inst: Division, attr: attrs.Attribute[Any], code: object) -> None:
    level: object = inst.level
    if isinstance(level, DivisionLevel):  # otherwise the level's own validator reports it
        check_division_code(code, level, path=attr.name)


def _check_parent_code(inst: Division, attr: attrs.Attribute[Any], parent: object) -> None:
    if parent is None:
        return
    check_id(inst, attr, parent)
    level: object = inst.level
    code: object = inst.code
    if not isinstance(level, DivisionLevel) or not isinstance(code, str):
        return
    allowed = parent_codes(code, level)
    if parent not in allowed:
        if allowed:
            msg = Message(
                "the parent of {level} {code} must be {allowed}, got {got}",
                "{level} {code} 的上级区划必须是 {allowed}，实为 {got}",
                level=Message(level.en, level.zh),  # labels hold no braces
                code=excerpt(code),
                allowed=Message.joined(" or ", " 或 ", map(repr, allowed)),
                got=excerpt(parent),
            )
        else:
            msg = Message(
                "a province has no parent division, got {got}",
                "省级区划不能有上级区划，实为 {got}",
                got=excerpt(parent),
            )
        raise InvalidValueError(msg, path=attr.name)


@attrs.frozen(kw_only=True)
class Division:
    """An administrative division (行政区划) with its official code.

    Attributes:
        code: The official code, also the division's id: six digits (GB/T 2260)
            for a province, city or district, nine for a street or township, twelve
            for a community or village; see :func:`socialwork.model.check_division_code`.
        name: The official name, e.g. ``"武侯区"``.
        level: The division's level.
        parent_code: The code of the division above it, if the registry holds it;
            it must be the code that *code* extends.

    Examples:
        >>> from socialwork.model import Division, DivisionLevel
        >>> d = Division(code="510107", name="武侯区", level=DivisionLevel.DISTRICT, parent_code="510100")
        >>> d.id
        '510107'
        >>> Division(code="510107015", name="玉林街道", level=DivisionLevel.STREET, parent_code="510108")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: parent_code: the parent of street '510107015' must be ...
    """

    code: DivisionCode = attrs.field(validator=_check_division)
    name: str = attrs.field(validator=check_text)
    level: DivisionLevel = attrs.field(validator=member_of(DivisionLevel))
    parent_code: DivisionCode | None = attrs.field(default=None, validator=_check_parent_code)

    @property
    def id(self) -> DivisionCode:
        """Return the official code, which is the division's id."""
        return self.code


def _check_not_own_parent(inst: Station, attr: attrs.Attribute[Any], parent: object) -> None:
    if parent is None:
        return
    check_id(inst, attr, parent)
    if parent == inst.id:
        msg = Message(
            "a station cannot be its own parent, got {got}",
            "社工站不能是自己的上级站，实为 {got}",
            got=excerpt(parent),
        )
        raise InvalidValueError(msg, path=attr.name)


@attrs.frozen(kw_only=True)
class Station:
    """A social work station (社工站): a district hub, a street station or a community room.

    Attributes:
        id: The station's id.
        name: Its name, e.g. ``"武侯区社工总站"``.
        level: Its level in the three-level linkage (三级联动).
        division_id: The code of the division it serves.
        parent_id: The station above it: a street station's district hub, a
            community room's street station; ``None`` for a hub.
        operator_id: The organization that runs it (运营).
        co_builder_ids: The organizations that co-build it (共建), in order.
        setting: Where it is set up: a community (the default) or e.g. a school.
        area_m2: Its floor area in square metres, e.g. ``Decimal("1120")``.
        opened: The date it opened.

    Examples:
        >>> from socialwork.model import Station, StationLevel
        >>> s = Station(id="wh-hub", name="武侯区社工总站", level=StationLevel.DISTRICT,
        ...             division_id="510107", area_m2="1120")
        >>> s.area_m2, s.setting.zh
        (Decimal('1120'), '社区')
    """

    id: StationId = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    level: StationLevel = attrs.field(validator=member_of(StationLevel))
    division_id: DivisionCode = attrs.field(validator=check_id)
    parent_id: StationId | None = attrs.field(default=None, validator=_check_not_own_parent)
    operator_id: OrgId | None = attrs.field(default=None, validator=optional(check_id))
    co_builder_ids: tuple[OrgId, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    setting: StationSetting = attrs.field(
        default=StationSetting.COMMUNITY, validator=member_of(StationSetting)
    )
    area_m2: Decimal | None = attrs.field(default=None, converter=_area)
    opened: dt.date | None = attrs.field(default=None, validator=optional(check_date))


@attrs.frozen(kw_only=True)
class Organization:
    """A social organization, agency, federation, school or public body.

    Attributes:
        id: The organization's id.
        name: Its registered name.
        kind: What kind of body it is.
        credit_code: Its 18-character unified social credit code (统一社会信用代码),
            checked against GB 32100-2015; ``None`` if not known.
        division_id: The code of the division where it is registered or based.
        public_fundraising: Whether it holds the public-fundraising qualification
            (公开募捐资格) of a charity; ``False`` (not held, or not known) by default.

    Examples:
        >>> from socialwork.model import OrgKind, Organization
        >>> o = Organization(id="fed", name="滨州市慈善总会", kind=OrgKind.CHARITY_FEDERATION)
        >>> o.kind.zh, o.public_fundraising
        ('慈善总会', False)
        >>> Organization(id="cf", name="某慈善基金会", kind=OrgKind.FOUNDATION,
        ...              public_fundraising=True).public_fundraising
        True
        >>> Organization(id="cf", name="某慈善基金会", kind=OrgKind.FOUNDATION, public_fundraising=1)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidTypeError: public_fundraising: expected a bool, got int 1

    .. versionchanged:: 0.2
       *public_fundraising*.
    """

    id: OrgId = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    kind: OrgKind = attrs.field(validator=member_of(OrgKind))
    credit_code: str | None = attrs.field(default=None, validator=optional(check_credit_code_field))
    division_id: DivisionCode | None = attrs.field(default=None, validator=optional(check_id))
    public_fundraising: bool = attrs.field(default=False, validator=instance_of(bool))


@attrs.frozen(kw_only=True)
class SocialWorker:
    """A social worker (社会工作者).

    Attributes:
        id: The worker's id.
        name: A display name or pseudonym.
        tracks: The talent tracks the worker is on: practitioner 实务, manager 管理,
            supervisor 督导.
        certification: The worker's national qualification, if any.
        employer_id: The organization that employs the worker.
        station_id: The station the worker is posted to.
        skills: The kinds of service the worker can give.

    Examples:
        >>> from socialwork.model import SocialWorker, TalentTrack
        >>> w = SocialWorker(id="w1", name="李社工", tracks={TalentTrack.SUPERVISOR})
        >>> [t.zh for t in w.tracks]
        ['督导']

    .. versionchanged:: 0.2
       ``name`` is personal (see :func:`socialwork.model.personal_fields`): the repr
       shows ``<redacted>`` and errors never echo it.
    """

    id: WorkerId = attrs.field(validator=check_id)
    name: str = attrs.field(validator=personal(check_text), repr=_redacted)
    tracks: frozenset[TalentTrack] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=members_of(TalentTrack), repr=set_repr
    )
    certification: Certification | None = attrs.field(
        default=None, validator=optional(member_of(Certification))
    )
    employer_id: OrgId | None = attrs.field(default=None, validator=optional(check_id))
    station_id: StationId | None = attrs.field(default=None, validator=optional(check_id))
    skills: frozenset[ServiceKind] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=members_of(ServiceKind), repr=set_repr
    )


@attrs.frozen(kw_only=True)
class Volunteer:
    """A community volunteer (社区志愿者).

    Attributes:
        id: The volunteer's id.
        division_id: The code of the community the volunteer serves in.
        skills: The kinds of service the volunteer can give.
        hours: Hours served so far, e.g. ``Decimal("12.5")``.

    Examples:
        >>> from socialwork.model import Volunteer
        >>> Volunteer(id="v1", division_id="510107015001", hours="12.5").hours
        Decimal('12.5')
    """

    id: VolunteerId = attrs.field(validator=check_id)
    division_id: DivisionCode = attrs.field(validator=check_id)
    skills: frozenset[ServiceKind] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=members_of(ServiceKind), repr=set_repr
    )
    hours: Decimal = attrs.field(default=Decimal(0), converter=_hours)


def _check_end(inst: Project, attr: attrs.Attribute[Any], end: object) -> None:
    if end is None:
        return
    check_date(inst, attr, end)
    start = inst.start
    if isinstance(start, dt.date) and end < start:  # type: ignore[operator]
        msg = Message(
            "a project cannot end ({end}) before it starts ({start})",
            "服务项目的结束日期（{end}）不能早于开始日期（{start}）",
            end=str(end),
            start=str(start),
        )
        raise InvalidValueError(msg, path=attr.name)


@attrs.frozen(kw_only=True)
class Project:
    """A service project (社工项目), e.g. 守护明天 or 相伴成长.

    Attributes:
        id: The project's id.
        name: Its name.
        operator_id: The organization that carries it out.
        station_ids: The stations it runs from.
        community_ids: The codes of the divisions it serves.
        service_kinds: The kinds of service it gives.
        target_groups: The people it serves.
        start: The first day of its period.
        end: The last day of its period, if it has ended or is planned to end.
        budget: Its budget in yuan, to the fen.
        person_times: The person-times (人次) it has served.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.model import Project, ServiceKind
        >>> p = Project(id="p1", name="守护明天", operator_id="lc",
        ...             start=dt.date(2019, 1, 1), end=dt.date(2020, 12, 31),
        ...             service_kinds={ServiceKind.HOME_VISIT}, person_times=2000)
        >>> p.person_times
        2000
    """

    id: ProjectId = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    operator_id: OrgId = attrs.field(validator=check_id)
    start: dt.date = attrs.field(validator=check_date)
    end: dt.date | None = attrs.field(default=None, validator=_check_end)
    station_ids: tuple[StationId, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    community_ids: tuple[DivisionCode, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    service_kinds: frozenset[ServiceKind] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=members_of(ServiceKind), repr=set_repr
    )
    target_groups: frozenset[TargetGroup] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=members_of(TargetGroup), repr=set_repr
    )
    budget: Decimal | None = attrs.field(default=None, converter=_budget)
    person_times: int = attrs.field(default=0, validator=int_between(0))


@attrs.frozen(kw_only=True)
class Need:
    """A community's need (需求) for a kind of service.

    Attributes:
        id: The need's id.
        division_id: The code of the community that has it.
        service_kind: The kind of service needed.
        target_group: Who needs it.
        persons: How many persons need it (at least one).
        urgency: From 1 (can wait) to 5 (urgent); 3 by default.

    Examples:
        >>> from socialwork.model import Need, ServiceKind, TargetGroup
        >>> Need(id="n1", division_id="510107015001", service_kind=ServiceKind.ELDERLY_CARE,
        ...      target_group=TargetGroup.ELDERLY, persons=30).urgency
        3
    """

    id: NeedId = attrs.field(validator=check_id)
    division_id: DivisionCode = attrs.field(validator=check_id)
    service_kind: ServiceKind = attrs.field(validator=member_of(ServiceKind))
    target_group: TargetGroup = attrs.field(validator=member_of(TargetGroup))
    persons: int = attrs.field(validator=int_between(1))
    urgency: int = attrs.field(default=3, validator=int_between(1, 5))


@attrs.frozen(kw_only=True)
class Fund:
    """A community fund (社区基金), managed by a charity federation.

    Attributes:
        id: The fund's id.
        name: Its name, e.g. ``"梧桐社区基金"``.
        division_id: The code of the community it serves.
        manager_id: The organization that manages it as its legal person, a
            charity federation (慈善总会) under the Binzhou rules.
        established: The date it was set up.
        committee_members: How many members its management committee (管理委员会)
            has, supervisors not counted; ``None`` if not known.
        committee_supervisors: How many supervisors (监事) watch over the
            committee; ``None`` if not known.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.model import Fund
        >>> f = Fund(id="f1", name="梧桐社区基金", division_id="371602004001",
        ...          manager_id="bz-fed", established=dt.date(2021, 3, 1))
        >>> f.name, f.committee_members
        ('梧桐社区基金', None)
        >>> Fund(id="f1", name="梧桐社区基金", division_id="371602004001", manager_id="bz-fed",
        ...      established=dt.date(2021, 3, 1), committee_members=5, committee_supervisors=1
        ...      ).committee_supervisors
        1
        >>> Fund(id="f1", name="梧桐社区基金", division_id="371602004001", manager_id="bz-fed",
        ...      established=dt.date(2021, 3, 1), committee_members=-1)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: committee_members: expected a whole number at least 0, got -1

    .. versionchanged:: 0.2
       *committee_members* and *committee_supervisors*.
    """

    id: FundId = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    division_id: DivisionCode = attrs.field(validator=check_id)
    manager_id: OrgId = attrs.field(validator=check_id)
    established: dt.date = attrs.field(validator=check_date)
    committee_members: int | None = attrs.field(default=None, validator=optional(int_between(0)))
    committee_supervisors: int | None = attrs.field(default=None, validator=optional(int_between(0)))


@attrs.frozen(kw_only=True)
class Donation:
    """A donation raised for a community fund.

    Attributes:
        id: The donation's id.
        fund_id: The fund it was given to.
        amount: Yuan, above zero, to the fen.
        date: The day it was received.
        donor: Who gave it, if known and not anonymous.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.model import Donation
        >>> Donation(id="d1", fund_id="f1", amount="100", date=dt.date(2022, 5, 1)).amount
        Decimal('100.00')

    .. versionchanged:: 0.2
       ``donor`` is personal (see :func:`socialwork.model.personal_fields`): the repr
       shows ``<redacted>`` and errors never echo it.
    """

    id: DonationId = attrs.field(validator=check_id)
    fund_id: FundId = attrs.field(validator=check_id)
    amount: Decimal = attrs.field(converter=_amount, validator=check_positive)
    date: dt.date = attrs.field(validator=check_date)
    donor: str | None = attrs.field(default=None, validator=optional(personal(check_text)), repr=_redacted)


@attrs.frozen(kw_only=True)
class Grant:
    """Money a fund pays to a project it finances.

    Attributes:
        id: The grant's id.
        fund_id: The fund that pays it.
        project_id: The project it finances.
        amount: Yuan, above zero, to the fen.
        date: The day it was paid.
        purpose: What it is for, in the fund's words.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.model import Grant
        >>> Grant(id="g1", fund_id="f1", project_id="p1", amount="5000",
        ...       date=dt.date(2022, 6, 1), purpose="围巾妈妈").amount
        Decimal('5000.00')

    .. versionchanged:: 0.2
       ``purpose`` is personal (see :func:`socialwork.model.personal_fields`): the repr
       shows ``<redacted>`` and errors never echo it.
    """

    id: GrantId = attrs.field(validator=check_id)
    fund_id: FundId = attrs.field(validator=check_id)
    project_id: ProjectId = attrs.field(validator=check_id)
    amount: Decimal = attrs.field(converter=_amount, validator=check_positive)
    date: dt.date = attrs.field(validator=check_date)
    purpose: str = attrs.field(default="", validator=personal(check_str), repr=_redacted)


from socialwork.model._casework import Case, Consent, Referral, ReferralEvent  # noqa: E402 - after the rest

Entity = (
    Division
    | Station
    | Organization
    | SocialWorker
    | Volunteer
    | Project
    | Need
    | Fund
    | Donation
    | Grant
    | Case
    | Consent
    | Referral
    | ReferralEvent
)
"""Any entity that a :class:`~socialwork.Registry` holds."""
