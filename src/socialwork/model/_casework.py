"""The entities of referral work (转介): cases, consents, referrals and their audit events.

They sit in their own module beside :mod:`socialwork.model._entities`; the life-cycle
that moves a referral from state to state is :mod:`socialwork.referrals`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.model._enums import AgeBand, ConsentGiver, ReferralAction, ReferralState, ServiceKind
from socialwork.model._ids import CaseId, ConsentId, OrgId, ReferralEventId, ReferralId
from socialwork.model._messages import expected
from socialwork.model.validators import (
    check_date,
    check_id,
    check_str,
    instance_of,
    int_between,
    member_of,
    optional,
    personal,
)

__all__ = ["Case", "Consent", "Referral", "ReferralEvent", "is_under_14"]

_PERSONAL_VALUE = Message("a personal value, not shown", "个人信息，不予显示")


def _redacted(value: object) -> str:
    # The repr of a personal field: a repr is read by people, in logs and tracebacks.
    return repr(value) if value is None or value == "" else "<redacted>"


def _check_birth_year(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    # A personal value: the message names its type only, never the year.
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        got = Message(
            "{type} ({hidden})", "{type}（{hidden}）", type=type(value).__name__, hidden=_PERSONAL_VALUE
        )
        raise InvalidTypeError(expected(Message("a whole number", "整数"), got), path=attr.name)
    if not 1900 <= value <= 2200:
        got = Message("a year out of range ({hidden})", "超出范围的年份（{hidden}）", hidden=_PERSONAL_VALUE)
        raise InvalidValueError(
            expected(Message("a year from 1900 to 2200", "1900 至 2200 年之间的年份"), got), path=attr.name
        )


@attrs.frozen(kw_only=True)
class Case:
    """A case (个案): the pseudonymous subject of referrals, known by an id and an age.

    No name is needed: the id is a pseudonym the holder keeps. The age band and the
    birth year are personal (PIPL Art. 28: a child's information is sensitive);
    reports and exports leave them out unless asked (``pii="include"``).

    Attributes:
        id: The case's id, a pseudonym.
        holder_id: The organization that holds the case, e.g. the school.
        opened: The day the case was opened.
        age_band: The subject's age band, if known.
        birth_year: The subject's year of birth, if known.
        note: Free text about the case; personal.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.model import AgeBand, Case
        >>> c = Case(id="c1", holder_id="school", opened=dt.date(2024, 3, 1), age_band=AgeBand.UNDER_14)
        >>> c
        Case(id='c1', holder_id='school', opened=datetime.date(2024, 3, 1), age_band=<redacted>, ...)
        >>> Case(id="c1", holder_id="school", opened=dt.date(2024, 3, 1), birth_year=1800)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: birth_year: expected a year from 1900 to 2200, got ...

    .. versionadded:: 0.2
    """

    id: CaseId = attrs.field(validator=check_id)
    holder_id: OrgId = attrs.field(validator=check_id)
    opened: dt.date = attrs.field(validator=check_date)
    age_band: AgeBand | None = attrs.field(
        default=None, validator=optional(member_of(AgeBand)), repr=_redacted
    )
    birth_year: int | None = attrs.field(default=None, validator=_check_birth_year, repr=_redacted)
    note: str = attrs.field(default="", validator=personal(check_str), repr=_redacted)


def is_under_14(case: Case | None, on: dt.date, /) -> bool:
    """Return whether the subject of *case* may be under 14 on *on*: a guardian must consent if so.

    The test is careful: a subject is taken to be under 14 unless their age band
    says otherwise *and* their birth year, if known, shows they are 14 on *on*
    (``on.year - birth_year >= 15``, or 14 for a band that is not under 14), and a
    subject of unknown age (or no case at all) is taken to be under 14
    (PIPL Art. 31 then asks for a guardian's consent).

    Examples:
        >>> import datetime as dt
        >>> from socialwork.model import AgeBand, Case, is_under_14
        >>> day = dt.date(2024, 6, 1)
        >>> teen = Case(id="c1", holder_id="s", opened=day, age_band=AgeBand.MINOR, birth_year=2008)
        >>> is_under_14(teen, day), is_under_14(Case(id="c2", holder_id="s", opened=day), day)
        (False, True)
        >>> is_under_14(Case(id="c3", holder_id="s", opened=day, birth_year=2010), day)
        True

    .. versionadded:: 0.2
    """
    check_date(None, "on", on)
    if case is None:
        return True
    instance_of(Case)(None, "case", case)
    band, year = case.age_band, case.birth_year
    if band is AgeBand.UNDER_14:
        return True
    if year is not None:
        # With a band above 14 the band is trusted for the year the subject turns 14.
        needed = 14 if band is not None else 15
        return on.year - year < needed
    return band is None


def _check_withdrawn(inst: Consent, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    check_date(inst, attr, value)
    given: object = inst.given
    if isinstance(given, dt.date) and value < given:  # type: ignore[operator]
        msg = Message(
            "a consent cannot be withdrawn ({withdrawn}) before it is given ({given})",
            "同意的撤回日期（{withdrawn}）不能早于给出日期（{given}）",
            withdrawn=str(value),
            given=str(given),
        )
        raise InvalidValueError(msg, path=attr.name)


@attrs.frozen(kw_only=True)
class Consent:
    """A consent record (同意): who agreed that the case be passed, for what, to whom, when.

    PIPL asks for a separate consent (单独同意, Art. 29) to share sensitive
    information, and for a child under 14 the guardian's (Art. 31). A consent
    covers one purpose (a kind of service) and one recipient; it may be withdrawn
    at any time (Art. 15), which stops what has not been done yet.

    Attributes:
        id: The consent's id.
        case_id: The case it is about.
        given_by: Who gave it: the subject or a guardian.
        purpose: The kind of service it allows the case to be referred for.
        recipient_id: The organization it allows the case to be passed to.
        given: The day it was given.
        withdrawn: The day it was withdrawn, if it was.
        separate: Whether it was a separate consent (单独同意), not one clause of a wider form.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.model import Consent, ConsentGiver, ServiceKind
        >>> c = Consent(id="k1", case_id="c1", given_by=ConsentGiver.GUARDIAN,
        ...             purpose=ServiceKind.COUNSELLING, recipient_id="agency", given=dt.date(2024, 3, 2))
        >>> c.is_valid_on(dt.date(2024, 3, 5)), c.is_valid_on(dt.date(2024, 3, 1))
        (True, False)

    .. versionadded:: 0.2
    """

    id: ConsentId = attrs.field(validator=check_id)
    case_id: CaseId = attrs.field(validator=check_id)
    given_by: ConsentGiver = attrs.field(validator=member_of(ConsentGiver))
    purpose: ServiceKind = attrs.field(validator=member_of(ServiceKind))
    recipient_id: OrgId = attrs.field(validator=check_id)
    given: dt.date = attrs.field(validator=check_date)
    withdrawn: dt.date | None = attrs.field(default=None, validator=_check_withdrawn)
    separate: bool = attrs.field(default=True, validator=instance_of(bool))

    def is_valid_on(self, day: dt.date, /) -> bool:
        """Return whether the consent is in force on *day*: given by then and not yet withdrawn.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.model import Consent, ConsentGiver, ServiceKind
            >>> c = Consent(id="k1", case_id="c1", given_by=ConsentGiver.SUBJECT,
            ...             purpose=ServiceKind.COUNSELLING, recipient_id="agency",
            ...             given=dt.date(2024, 3, 2), withdrawn=dt.date(2024, 4, 1))
            >>> c.is_valid_on(dt.date(2024, 3, 31)), c.is_valid_on(dt.date(2024, 4, 1))
            (True, False)
        """
        return self.given <= day and (self.withdrawn is None or day < self.withdrawn)


def _check_after_proposed(inst: Referral, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    check_date(inst, attr, value)
    proposed: object = inst.proposed
    if isinstance(proposed, dt.date) and value < proposed:  # type: ignore[operator]
        msg = Message(
            "{field} ({date}) cannot be before the referral was proposed ({proposed})",
            "{field}（{date}）不能早于转介提出之日（{proposed}）",
            field=attr.name,
            date=str(value),
            proposed=str(proposed),
        )
        raise InvalidValueError(msg, path=attr.name)


@attrs.frozen(kw_only=True)
class Referral:
    """A referral (转介): a case passed from one organization to another for a kind of service.

    Its state moves only through :func:`socialwork.referrals.transition`, which
    checks consent and the law and records an audit event for each step.

    Attributes:
        id: The referral's id.
        case_id: The case it passes on.
        from_id: The organization that refers.
        to_id: The organization it is referred to.
        service_kind: The kind of service asked for.
        proposed: The day it was proposed (提出).
        reason: Why, in the referrer's words; personal.
        urgency: From 1 (can wait) to 5 (urgent); 3 by default.
        state: Where it is in the life-cycle.
        sent: The day it was sent (or reported), if it was.
        responded: The day the recipient answered (received, declined or returned it).
        closed: The day it was closed, withdrawn or declined.
        outcome: What came of it, recorded at closing; personal.
        consent_id: The consent it was sent under; ``None`` for a mandatory report.
        mandatory: Whether it is a mandatory report (强制报告) sent without consent.
        revision: How many events it has been through: the number of its last audit event.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.model import Referral, ServiceKind
        >>> r = Referral(id="r1", case_id="c1", from_id="school", to_id="agency",
        ...              service_kind=ServiceKind.COUNSELLING, proposed=dt.date(2024, 3, 2), reason="欺凌")
        >>> r.state.zh, r.reason
        ('提出', '欺凌')
        >>> r
        Referral(id='r1', ..., reason=<redacted>, ...)

    .. versionadded:: 0.2
    """

    id: ReferralId = attrs.field(validator=check_id)
    case_id: CaseId = attrs.field(validator=check_id)
    from_id: OrgId = attrs.field(validator=check_id)
    to_id: OrgId = attrs.field(validator=check_id)
    service_kind: ServiceKind = attrs.field(validator=member_of(ServiceKind))
    proposed: dt.date = attrs.field(validator=check_date)
    reason: str = attrs.field(default="", validator=personal(check_str), repr=_redacted)
    urgency: int = attrs.field(default=3, validator=int_between(1, 5))
    state: ReferralState = attrs.field(default=ReferralState.PROPOSED, validator=member_of(ReferralState))
    sent: dt.date | None = attrs.field(default=None, validator=_check_after_proposed)
    responded: dt.date | None = attrs.field(default=None, validator=_check_after_proposed)
    closed: dt.date | None = attrs.field(default=None, validator=_check_after_proposed)
    outcome: str = attrs.field(default="", validator=personal(check_str), repr=_redacted)
    consent_id: ConsentId | None = attrs.field(default=None, validator=optional(check_id))
    mandatory: bool = attrs.field(default=False, validator=instance_of(bool))
    revision: int = attrs.field(default=0, validator=int_between(0))


@attrs.frozen(kw_only=True)
class ReferralEvent:
    """One step of a referral's audit log: who did what, when, from which state to which.

    Attributes:
        id: The event's id, ``"<referral id>#<sequence>"`` when made by
            :func:`socialwork.referrals.transition`.
        referral_id: The referral it happened to.
        sequence: Its place in the referral's log, from 1.
        action: What was done.
        actor_id: The organization that did it.
        at: The day it was done.
        before: The referral's state before.
        after: The referral's state after.
        consent_id: The consent the step relied on, if any.
        mandatory: Whether the step was taken without consent as a mandatory report.
        note: Free text; personal.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.model import ReferralAction, ReferralEvent, ReferralState
        >>> e = ReferralEvent(id="r1#1", referral_id="r1", sequence=1, action=ReferralAction.CONSENT,
        ...                   actor_id="school", at=dt.date(2024, 3, 2),
        ...                   before=ReferralState.PROPOSED, after=ReferralState.CONSENTED)
        >>> e.after.zh
        '已同意'

    .. versionadded:: 0.2
    """

    id: ReferralEventId = attrs.field(validator=check_id)
    referral_id: ReferralId = attrs.field(validator=check_id)
    sequence: int = attrs.field(validator=int_between(1))
    action: ReferralAction = attrs.field(validator=member_of(ReferralAction))
    actor_id: OrgId = attrs.field(validator=check_id)
    at: dt.date = attrs.field(validator=check_date)
    before: ReferralState = attrs.field(validator=member_of(ReferralState))
    after: ReferralState = attrs.field(validator=member_of(ReferralState))
    consent_id: ConsentId | None = attrs.field(default=None, validator=optional(check_id))
    mandatory: bool = attrs.field(default=False, validator=instance_of(bool))
    note: str = attrs.field(default="", validator=personal(check_str), repr=_redacted)
