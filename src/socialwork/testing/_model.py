"""Strategies for the model: ids, codes, money, synthetic names and every entity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import strategies as st

from socialwork.errors import InvalidValueError, Message
from socialwork.model import (
    CREDIT_CODE_ALPHABET,
    AgeBand,
    Case,
    Certification,
    Consent,
    ConsentGiver,
    Division,
    DivisionLevel,
    Donation,
    Fund,
    Grant,
    Need,
    Organization,
    OrgKind,
    Project,
    Referral,
    ReferralAction,
    ReferralEvent,
    ReferralState,
    ServiceKind,
    SocialWorker,
    Station,
    StationLevel,
    StationSetting,
    TalentTrack,
    TargetGroup,
    Volunteer,
    check_division_code,
    credit_code_check_character,
    from_fen,
    to_fen,
    to_money,
)

__all__ = [
    "cases",
    "consents",
    "credit_codes",
    "dates",
    "division_codes",
    "divisions",
    "donations",
    "funds",
    "grants",
    "ids",
    "money",
    "names",
    "needs",
    "organizations",
    "projects",
    "referral_events",
    "referrals",
    "social_workers",
    "stations",
    "volunteers",
]

E = TypeVar("E")


def make(cls: Callable[..., E], /, **fields: Any) -> E:
    """Build *cls* from fields drawn as plain strings (the id types are ``NewType``s of ``str``)."""
    return cls(**fields)


FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2030, 12, 31)

_DIVISION_PARENT = {
    DivisionLevel.CITY: DivisionLevel.PROVINCE,
    DivisionLevel.DISTRICT: DivisionLevel.CITY,
    DivisionLevel.STREET: DivisionLevel.DISTRICT,
    DivisionLevel.COMMUNITY: DivisionLevel.STREET,
}
_STATION_DIVISION = {
    StationLevel.DISTRICT: DivisionLevel.DISTRICT,
    StationLevel.STREET: DivisionLevel.STREET,
    StationLevel.COMMUNITY: DivisionLevel.COMMUNITY,
}
_DIVISION_WORD = {
    DivisionLevel.PROVINCE: "省",
    DivisionLevel.CITY: "市",
    DivisionLevel.DISTRICT: "区",
    DivisionLevel.STREET: "街道",
    DivisionLevel.COMMUNITY: "社区",
}


def serial(prefix: str, number: int, /) -> str:
    """Return the synthetic name or id *prefix* followed by *number* in four digits."""
    return f"{prefix}{number:04d}"


def names(prefix: str = "社工", /, *, max_number: int = 9999) -> st.SearchStrategy[str]:
    """Return a strategy for obviously synthetic names: *prefix* and a four-digit number.

    Every name, of a person or of a body, is made this way (``"社工0007"``,
    ``"机构0001"``), never drawn from arbitrary text, so that a generated registry
    holds no personal data, real or realistic. Names shrink to number 0.

    Args:
        prefix: What the name says it is, e.g. ``"社工"``, ``"志愿者"``, ``"社区"``.
        max_number: The largest number drawn.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import names
        >>> find(names("社工"), lambda name: name >= "社工0007")
        '社工0007'

    .. versionadded:: 0.2
    """
    return st.integers(min_value=0, max_value=max_number).map(lambda n: serial(prefix, n))


def ids(prefix: str = "id", /, *, max_number: int = 9999) -> st.SearchStrategy[str]:
    """Return a strategy for valid ids: *prefix*, a dash and a four-digit number.

    Args:
        prefix: The id's prefix, e.g. ``"st"`` for stations.
        max_number: The largest number drawn.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import ids
        >>> find(ids("st"), lambda _: True)
        'st-0000'

    .. versionadded:: 0.2
    """
    return names(f"{prefix}-", max_number=max_number)


def dates(*, min_value: dt.date = FIRST_DAY, max_value: dt.date = LAST_DAY) -> st.SearchStrategy[dt.date]:
    """Return a strategy for dates between *min_value* and *max_value* (2000 to 2030 by default).

    Examples:
        >>> from hypothesis import find
        >>> import datetime as dt
        >>> from socialwork.testing import dates
        >>> find(dates(), lambda _: True) >= dt.date(2000, 1, 1)
        True

    .. versionadded:: 0.2
    """
    return st.dates(min_value=min_value, max_value=max_value)


def _level_part(level: DivisionLevel) -> st.SearchStrategy[str]:
    if level in (DivisionLevel.STREET, DivisionLevel.COMMUNITY):
        return st.integers(min_value=1, max_value=999).map("{:03d}".format)
    return st.integers(min_value=1, max_value=99).map("{:02d}".format)


def division_codes(level: DivisionLevel, /, *, parent: str | None = None) -> st.SearchStrategy[str]:
    """Return a strategy for well-formed official codes of divisions at *level*.

    Provinces are ``XX0000``, cities ``XXYY00``, districts ``XXYYZZ`` (six digits,
    GB/T 2260), streets nine and communities twelve digits, each extending the code
    above it; see :func:`socialwork.model.check_division_code`.

    Args:
        level: The level of the divisions.
        parent: A code of the level above that every code drawn extends.

    Raises:
        InvalidValueError: *parent* is not a well-formed code of the level above.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import division_codes
        >>> code = find(division_codes(sw.DivisionLevel.COMMUNITY, parent="510107015"), lambda _: True)
        >>> len(code), code[:9]
        (12, '510107015')

    .. versionadded:: 0.2
    """
    given: object = level
    if not isinstance(given, DivisionLevel):
        msg = Message(
            "expected a DivisionLevel, got {given}", "应为 DivisionLevel，实为 {given}", given=repr(given)
        )
        raise InvalidValueError(msg, path="level")
    if level is DivisionLevel.PROVINCE:
        if parent is not None:
            msg = Message(
                "a province has no parent division, got {parent}",
                "省级区划没有上级区划，实为 {parent}",
                parent=repr(parent),
            )
            raise InvalidValueError(msg, path="parent")
        return st.integers(min_value=11, max_value=82).map(lambda n: f"{n}0000")
    above = _DIVISION_PARENT[level]
    if parent is None:
        return _ANY_CODE[level]
    check_division_code(parent, above, path="parent")
    if level is DivisionLevel.CITY:
        return _level_part(level).map(lambda part: parent[:2] + part + "00")
    if level is DivisionLevel.DISTRICT:
        return _level_part(level).map(lambda part: parent[:4] + part)
    return _level_part(level).map(lambda part: parent + part)


_CREDIT_BODIES = len(CREDIT_CODE_ALPHABET) ** 9


def _credit_code(head: str, area: str, body: int) -> str:
    chars = []
    for _ in range(9):
        body, value = divmod(body, len(CREDIT_CODE_ALPHABET))
        chars.append(CREDIT_CODE_ALPHABET[value])
    first17 = head + area + "".join(chars)
    return first17 + credit_code_check_character(first17)


def credit_codes() -> st.SearchStrategy[str]:
    """Return a strategy for valid unified social credit codes (统一社会信用代码).

    Each code has a registering authority and kind, a district code as characters
    3 to 8, nine characters of GB 32100-2015 and the right check character.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.model import check_credit_code
        >>> from socialwork.testing import credit_codes
        >>> check_credit_code(find(credit_codes(), lambda _: True))

    .. versionadded:: 0.2
    """
    return _CREDIT_CODES


def money(
    *, min_value: Decimal | int | str = Decimal("0.01"), max_value: Decimal | int | str = Decimal(1_000_000)
) -> st.SearchStrategy[Decimal]:
    """Return a strategy for yuan amounts to the fen, between *min_value* and *max_value*.

    Amounts are drawn as whole fen, so they shrink towards *min_value*, and every
    amount is a ``Decimal`` with two places, as the model holds money.

    Raises:
        InvalidValueError: a bound is not an amount, or *min_value* exceeds *max_value*.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import money
        >>> amount = find(money(min_value="1", max_value="2"), lambda _: True)
        >>> amount.as_tuple().exponent, 1 <= amount <= 2
        (-2, True)

    .. versionadded:: 0.2
    """
    low = to_fen(to_money(min_value, path="min_value"))
    high = to_fen(to_money(max_value, path="max_value"))
    if low > high:
        msg = Message(
            "min_value {low} is above max_value {high}",
            "min_value {low} 大于 max_value {high}",
            low=from_fen(low),
            high=from_fen(high),
        )
        raise InvalidValueError(msg, path="min_value")
    return st.integers(min_value=low, max_value=high).map(from_fen)


_TWO = st.integers(min_value=1, max_value=99)
_THREE = st.integers(min_value=1, max_value=999)
_PROVINCES = st.integers(min_value=11, max_value=82)
# Codes without a given parent, drawn in one go (a flatmap per level is several times slower).
_ANY_CODE = {
    DivisionLevel.CITY: st.tuples(_PROVINCES, _TWO).map(lambda p: f"{p[0]}{p[1]:02d}00"),
    DivisionLevel.DISTRICT: st.tuples(_PROVINCES, _TWO, _TWO).map(lambda p: f"{p[0]}{p[1]:02d}{p[2]:02d}"),
    DivisionLevel.STREET: st.tuples(_PROVINCES, _TWO, _TWO, _THREE).map(
        lambda p: f"{p[0]}{p[1]:02d}{p[2]:02d}{p[3]:03d}"
    ),
    DivisionLevel.COMMUNITY: st.tuples(_PROVINCES, _TWO, _TWO, _THREE, _THREE).map(
        lambda p: f"{p[0]}{p[1]:02d}{p[2]:02d}{p[3]:03d}{p[4]:03d}"
    ),
}
_CREDIT_CODES = st.builds(
    _credit_code,
    st.sampled_from([authority + kind for authority in "159ANY" for kind in "123"]),
    _ANY_CODE[DivisionLevel.DISTRICT],
    st.integers(min_value=0, max_value=_CREDIT_BODIES - 1),
)


def _parent_of(code: str, level: DivisionLevel) -> str | None:
    if level is DivisionLevel.PROVINCE:
        return None
    if level is DivisionLevel.COMMUNITY:
        return code[:9]
    if level is DivisionLevel.STREET:
        return code[:6]
    if level is DivisionLevel.DISTRICT:
        return code[:4] + "00"
    return code[:2] + "0000"


@st.composite
def _divisions(draw: st.DrawFn, level: DivisionLevel | None) -> Division:
    chosen = level if level is not None else draw(st.sampled_from(DivisionLevel))
    code = draw(division_codes(chosen))
    parent = _parent_of(code, chosen) if draw(st.booleans()) else None
    return make(
        Division, code=code, name=draw(names(_DIVISION_WORD[chosen])), level=chosen, parent_code=parent
    )


def divisions(*, level: DivisionLevel | None = None) -> st.SearchStrategy[Division]:
    """Return a strategy for divisions with well-formed codes, at *level* or any level.

    The parent code, when there is one, is the code that the division's code extends.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import divisions
        >>> find(divisions(level=sw.DivisionLevel.STREET), lambda _: True).level
        <DivisionLevel.STREET: 'street'>

    .. versionadded:: 0.2
    """
    return _divisions(level)


def _services() -> st.SearchStrategy[frozenset[ServiceKind]]:
    return st.frozensets(st.sampled_from(ServiceKind), max_size=3)


@st.composite
def _stations(draw: st.DrawFn, level: StationLevel | None) -> Station:
    chosen = level if level is not None else draw(st.sampled_from(StationLevel))
    own = draw(ids("st"))
    parent = None
    if chosen is not StationLevel.DISTRICT:
        parent = draw(ids("st").filter(lambda other: other != own))
    return make(
        Station,
        id=own,
        name=draw(names("社工站")),
        level=chosen,
        division_id=draw(division_codes(_STATION_DIVISION[chosen])),
        parent_id=parent,
        operator_id=draw(st.none() | ids("org")),
        co_builder_ids=tuple(draw(st.lists(ids("org"), unique=True, max_size=2))),
        setting=draw(st.sampled_from(StationSetting)),
        area_m2=draw(st.none() | st.integers(0, 100_000).map(lambda tenths: Decimal(tenths).scaleb(-1))),
        opened=draw(st.none() | dates()),
    )


def stations(*, level: StationLevel | None = None) -> st.SearchStrategy[Station]:
    """Return a strategy for stations at *level* or any level.

    A hub has no parent; a street station or community room names a parent
    station other than itself. References name synthetic ids that no registry
    need hold: draw :func:`registries` for stations that fit together.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import stations
        >>> find(stations(level=sw.StationLevel.DISTRICT), lambda _: True).parent_id is None
        True

    .. versionadded:: 0.2
    """
    return _stations(level)


def organizations() -> st.SearchStrategy[Organization]:
    """Return a strategy for organizations, some with a valid credit code.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import organizations
        >>> find(organizations(), lambda _: True).name.startswith("机构")
        True

    .. versionadded:: 0.2
    """
    return st.builds(
        Organization,
        id=ids("org"),
        name=names("机构"),
        kind=st.sampled_from(OrgKind),
        credit_code=st.none() | credit_codes(),
        division_id=st.none() | division_codes(DivisionLevel.DISTRICT),
        public_fundraising=st.booleans(),
    )


def social_workers() -> st.SearchStrategy[SocialWorker]:
    """Return a strategy for social workers with synthetic names such as ``"社工0007"``.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import social_workers
        >>> find(social_workers(), lambda _: True).name.startswith("社工")
        True

    .. versionadded:: 0.2
    """
    return st.builds(
        SocialWorker,
        id=ids("w"),
        name=names("社工"),
        tracks=st.frozensets(st.sampled_from(TalentTrack)),
        certification=st.none() | st.sampled_from(Certification),
        employer_id=st.none() | ids("org"),
        station_id=st.none() | ids("st"),
        skills=_services(),
    )


def _hours() -> st.SearchStrategy[Decimal]:
    return st.integers(0, 10_000).map(lambda tenths: Decimal(tenths).scaleb(-1))


def volunteers() -> st.SearchStrategy[Volunteer]:
    """Return a strategy for volunteers serving in a community.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import volunteers
        >>> len(find(volunteers(), lambda _: True).division_id)
        12

    .. versionadded:: 0.2
    """
    return st.builds(
        Volunteer,
        id=ids("v"),
        division_id=division_codes(DivisionLevel.COMMUNITY),
        skills=_services(),
        hours=_hours(),
    )


@st.composite
def _projects(draw: st.DrawFn) -> Project:
    start = draw(dates())
    return make(
        Project,
        id=draw(ids("p")),
        name=draw(names("项目")),
        operator_id=draw(ids("org")),
        start=start,
        end=draw(st.none() | dates(min_value=start)),
        station_ids=tuple(draw(st.lists(ids("st"), unique=True, max_size=2))),
        community_ids=tuple(draw(st.lists(division_codes(DivisionLevel.COMMUNITY), unique=True, max_size=2))),
        service_kinds=draw(_services()),
        target_groups=draw(st.frozensets(st.sampled_from(TargetGroup), max_size=3)),
        budget=draw(st.none() | money()),
        person_times=draw(st.integers(0, 10**6)),
    )


def projects() -> st.SearchStrategy[Project]:
    """Return a strategy for service projects; a project never ends before it starts.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import projects
        >>> p = find(projects(), lambda _: True)
        >>> p.end is None or p.start <= p.end
        True

    .. versionadded:: 0.2
    """
    return _projects()


def needs() -> st.SearchStrategy[Need]:
    """Return a strategy for a community's needs.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import needs
        >>> 1 <= find(needs(), lambda _: True).urgency <= 5
        True

    .. versionadded:: 0.2
    """
    return st.builds(
        Need,
        id=ids("n"),
        division_id=division_codes(DivisionLevel.COMMUNITY),
        service_kind=st.sampled_from(ServiceKind),
        target_group=st.sampled_from(TargetGroup),
        persons=st.integers(1, 500),
        urgency=st.integers(1, 5),
    )


def funds() -> st.SearchStrategy[Fund]:
    """Return a strategy for community funds.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import funds
        >>> find(funds(), lambda _: True).name.startswith("社区基金")
        True

    .. versionadded:: 0.2
    """
    return st.builds(
        Fund,
        id=ids("f"),
        name=names("社区基金"),
        division_id=division_codes(DivisionLevel.COMMUNITY),
        manager_id=ids("org"),
        established=dates(),
        committee_members=st.none() | st.integers(0, 15),
        committee_supervisors=st.none() | st.integers(0, 3),
    )


def donors() -> st.SearchStrategy[str | None]:
    """Return a strategy for a donor: anonymous (``None``) or one of a few synthetic names."""
    return st.none() | names("捐赠人", max_number=5)


def donations(*, fund_id: str | None = None) -> st.SearchStrategy[Donation]:
    """Return a strategy for single donations, to *fund_id* or to any fund.

    Donors are anonymous or synthetic (``"捐赠人0003"``). For the donations of one
    fund over time, use :func:`~socialwork.testing.donation_streams`.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import donations
        >>> find(donations(fund_id="f1"), lambda _: True).fund_id
        'f1'

    .. versionadded:: 0.2
    """
    return st.builds(
        Donation,
        id=ids("d"),
        fund_id=ids("f") if fund_id is None else st.just(fund_id),
        amount=money(),
        date=dates(),
        donor=donors(),
    )


def grants(*, fund_id: str | None = None, project_id: str | None = None) -> st.SearchStrategy[Grant]:
    """Return a strategy for grants, from *fund_id* to *project_id* or between any.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import grants
        >>> find(grants(project_id="p1"), lambda _: True).project_id
        'p1'

    .. versionadded:: 0.2
    """
    return st.builds(
        Grant,
        id=ids("g"),
        fund_id=ids("f") if fund_id is None else st.just(fund_id),
        project_id=ids("p") if project_id is None else st.just(project_id),
        amount=money(),
        date=dates(),
        purpose=st.sampled_from(["", "助老", "助学"]),
    )


@st.composite
def _cases(draw: st.DrawFn) -> Case:
    opened = draw(dates())
    return make(
        Case,
        id=draw(ids("c")),
        holder_id=draw(ids("org")),
        opened=opened,
        age_band=draw(st.none() | st.sampled_from(AgeBand)),
        birth_year=draw(st.none() | st.integers(opened.year - 18, opened.year - 6)),
        note=draw(st.sampled_from(["", "校园欺凌", "心理危机"])),
    )


def cases() -> st.SearchStrategy[Case]:
    """Return a strategy for cases: pseudonymous ids, an age band or birth year or neither.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import cases
        >>> find(cases(), lambda c: c.birth_year is not None).birth_year >= 1982
        True

    .. versionadded:: 0.2
    """
    return _cases()


@st.composite
def _consents(draw: st.DrawFn, case_id: str | None, recipient_id: str | None) -> Consent:
    given = draw(dates())
    return make(
        Consent,
        id=draw(ids("k")),
        case_id=draw(ids("c")) if case_id is None else case_id,
        given_by=draw(st.sampled_from(ConsentGiver)),
        purpose=draw(st.sampled_from(ServiceKind)),
        recipient_id=draw(ids("org")) if recipient_id is None else recipient_id,
        given=given,
        withdrawn=draw(st.none() | dates(min_value=given)),
        separate=draw(st.booleans()),
    )


def consents(*, case_id: str | None = None, recipient_id: str | None = None) -> st.SearchStrategy[Consent]:
    """Return a strategy for consent records, about *case_id* and to *recipient_id* or any.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import consents
        >>> k = find(consents(case_id="c1"), lambda k: k.withdrawn is not None)
        >>> k.case_id, k.given <= k.withdrawn
        ('c1', True)

    .. versionadded:: 0.2
    """
    return _consents(case_id, recipient_id)


@st.composite
def _referrals(draw: st.DrawFn, case_id: str | None) -> Referral:
    proposed = draw(dates())
    later = st.none() | dates(min_value=proposed)
    return make(
        Referral,
        id=draw(ids("r")),
        case_id=draw(ids("c")) if case_id is None else case_id,
        from_id=draw(ids("org")),
        to_id=draw(ids("org")),
        service_kind=draw(st.sampled_from(ServiceKind)),
        proposed=proposed,
        reason=draw(st.sampled_from(["", "校园欺凌", "心理危机"])),
        urgency=draw(st.integers(1, 5)),
        state=draw(st.sampled_from(ReferralState)),
        sent=draw(later),
        responded=draw(later),
        closed=draw(later),
        outcome=draw(st.sampled_from(["", "已转介心理咨询"])),
        consent_id=draw(st.none() | ids("k")),
        mandatory=draw(st.booleans()),
        revision=draw(st.integers(0, 20)),
    )


def referrals(*, case_id: str | None = None) -> st.SearchStrategy[Referral]:
    """Return a strategy for referrals in any state, each field drawn on its own.

    The life-cycle is not followed: :func:`socialwork.referrals.transition` makes referrals that follow it.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import referrals
        >>> r = find(referrals(case_id="c1"), lambda r: r.sent is not None)
        >>> r.case_id, r.proposed <= r.sent
        ('c1', True)

    .. versionadded:: 0.2
    """
    return _referrals(case_id)


def referral_events(*, referral_id: str | None = None) -> st.SearchStrategy[ReferralEvent]:
    """Return a strategy for single audit events of referrals.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import referral_events
        >>> find(referral_events(referral_id="r1"), lambda _: True).referral_id
        'r1'

    .. versionadded:: 0.2
    """
    return st.builds(
        ReferralEvent,
        id=ids("e"),
        referral_id=ids("r") if referral_id is None else st.just(referral_id),
        sequence=st.integers(1, 50),
        action=st.sampled_from(ReferralAction),
        actor_id=ids("org"),
        at=dates(),
        before=st.sampled_from(ReferralState),
        after=st.sampled_from(ReferralState),
        consent_id=st.none() | ids("k"),
        mandatory=st.booleans(),
        note=st.sampled_from(["", "电话确认"]),
    )
