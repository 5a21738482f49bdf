"""The life-cycle of a referral as a table, and the pure step function that follows it."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, Literal, NoReturn

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError, Message, ReferralRefusedError
from socialwork.model import (
    AgeBand,
    Case,
    Consent,
    ConsentGiver,
    OrgId,
    Referral,
    ReferralAction,
    ReferralEvent,
    ReferralEventId,
    ReferralState,
    is_under_14,
)
from socialwork.model.validators import (
    check_date,
    check_id,
    check_iterable,
    check_str,
    instance_of,
    int_between,
)

__all__ = [
    "FINAL",
    "LIFECYCLE",
    "RESPONSE_DAYS",
    "SHARED",
    "Step",
    "Transition",
    "allowed_actions",
    "check_consent",
    "replay",
    "response_days_on",
    "response_due",
    "transition",
]

Role = Literal["sender", "recipient"]

_P, _C, _S = ReferralState.PROPOSED, ReferralState.CONSENTED, ReferralState.SENT
_R, _I, _X = ReferralState.RECEIVED, ReferralState.IN_SERVICE, ReferralState.CLOSED
_D, _W, _T = ReferralState.DECLINED, ReferralState.WITHDRAWN, ReferralState.RETURNED
_A = ReferralAction


@attrs.frozen
class Step:
    """One allowed step of the life-cycle: an action, from a state to a state, by whom.

    Attributes:
        action: What is done.
        source: The state it is done from.
        target: The state it leads to.
        by: Who may do it: the referring organization (``"sender"``) or the one referred to (``"recipient"``).
        consent: Whether it needs a valid consent for the referral's purpose and recipient.

    Examples:
        >>> from socialwork.referrals import LIFECYCLE
        >>> step = LIFECYCLE[0]
        >>> step.action.zh, step.source.zh, step.target.zh, step.by
        ('确认同意', '提出', '已同意', 'sender')

    .. versionadded:: 0.2
    """

    action: ReferralAction
    source: ReferralState
    target: ReferralState
    by: Role
    consent: bool = False

    def describe(self) -> Message:
        """Return the step in words: ``proposed → consented (record consent)``.

        Examples:
            >>> from socialwork.referrals import LIFECYCLE
            >>> LIFECYCLE[0].describe().zh
            '提出 → 已同意（确认同意）'
        """
        return Message(
            "{source} → {target} ({action})",
            "{source} → {target}（{action}）",
            source=Message(self.source.en, self.source.zh),
            target=Message(self.target.en, self.target.zh),
            action=Message(self.action.en, self.action.zh),
        )


LIFECYCLE: Final[tuple[Step, ...]] = (
    Step(_A.CONSENT, _P, _C, "sender", consent=True),
    Step(_A.SEND, _C, _S, "sender", consent=True),
    Step(_A.REPORT, _P, _S, "sender"),
    Step(_A.REPORT, _C, _S, "sender"),
    Step(_A.RECEIVE, _S, _R, "recipient"),
    Step(_A.DECLINE, _S, _D, "recipient"),
    Step(_A.DECLINE, _R, _D, "recipient"),
    Step(_A.START, _R, _I, "recipient"),
    Step(_A.RETURN, _R, _T, "recipient"),
    Step(_A.RETURN, _I, _T, "recipient"),
    Step(_A.CLOSE, _I, _X, "recipient"),
    Step(_A.WITHDRAW, _P, _W, "sender"),
    Step(_A.WITHDRAW, _C, _W, "sender"),
)
"""Every allowed step: 提出 → 已同意 → 已发送 → 已接收 → 服务中 → 已结案, with 已拒绝, 已撤回, 已退回.

A mandatory report (``REPORT``, 强制报告) goes from 提出 or 已同意 straight to
已发送 without consent; withdrawal stops only what has not been sent.
"""

FINAL: Final[frozenset[ReferralState]] = frozenset({_X, _D, _W, _T})
"""The states no step leaves: closed, declined, withdrawn, returned."""

SHARED: Final[frozenset[ReferralState]] = frozenset({_S, _R, _I, _X, _D, _T})
"""The states in which the case has been passed to the recipient."""

# Keyed by the members' values: an enumeration member hashes in Python, a string in C.
_STEPS: Final[Mapping[tuple[str, str], Step]] = MappingProxyType(
    {(step.source.value, step.action.value): step for step in LIFECYCLE}
)

RESPONSE_DAYS: Final[tuple[tuple[dt.date, int], ...]] = ((dt.date.min, 7),)
"""The days a recipient has to answer a sent referral, each value in force from its date on.

The rule ``SW-R003`` reads the same history as the parameter ``referrals.response_days``.
"""


def allowed_actions(state: ReferralState, /) -> tuple[ReferralAction, ...]:
    """Return the actions allowed from *state*, in the order of :data:`LIFECYCLE`.

    Examples:
        >>> import socialwork as sw
        >>> from socialwork.referrals import allowed_actions
        >>> [a.value for a in allowed_actions(sw.ReferralState.PROPOSED)]
        ['consent', 'report', 'withdraw']
        >>> allowed_actions(sw.ReferralState.WITHDRAWN)
        ()
    """
    given: object = state
    if not isinstance(given, ReferralState):
        msg = Message(
            "expected a ReferralState, got {type}",
            "应为 ReferralState，实为 {type}",
            type=type(given).__name__,
        )
        raise InvalidTypeError(msg, path="state")
    return tuple(step.action for step in LIFECYCLE if step.source is state)


def response_days_on(day: dt.date, /, history: Iterable[tuple[dt.date, int]] = RESPONSE_DAYS) -> int:
    """Return the days to answer a referral sent on *day*, under the dated *history*.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.referrals import response_days_on
        >>> response_days_on(dt.date(2024, 1, 1))
        7
        >>> response_days_on(dt.date(2025, 6, 1), [(dt.date.min, 7), (dt.date(2025, 1, 1), 3)])
        3
    """
    check_date(None, "day", day)
    values = sorted(_checked_history(history))
    index = bisect.bisect_right([date for date, _ in values], day) - 1
    return values[max(index, 0)][1]


def _checked_history(history: object) -> list[tuple[dt.date, int]]:
    """Return the dated limits of *history*, each a (date, whole days) pair, or raise naming the bad one."""
    pairs: list[tuple[dt.date, int]] = []
    for position, pair in enumerate(check_iterable(history, "history")):
        path = f"history[{position}]"
        if not isinstance(pair, tuple) or len(pair) != 2:
            msg = Message(
                "expected a (date, days) pair, got {type}",
                "应为（日期，天数），实为 {type}",
                type=type(pair).__name__,
            )
            raise InvalidTypeError(msg, path=path)
        check_date(None, f"{path}[0]", pair[0])
        int_between(0)(None, f"{path}[1]", pair[1])
        pairs.append(pair)
    if not pairs:
        msg = Message("expected at least one dated limit", "应至少有一个期限")
        raise InvalidValueError(msg, path="history")
    return pairs


def response_due(
    referral: Referral, /, history: Iterable[tuple[dt.date, int]] = RESPONSE_DAYS
) -> dt.date | None:
    """Return the last day on which the recipient may answer *referral*, or ``None`` if it was not sent.

    Examples:
        >>> import datetime as dt
        >>> import socialwork as sw
        >>> from socialwork.referrals import response_due
        >>> r = sw.Referral(id="r1", case_id="c1", from_id="a", to_id="b",
        ...                 service_kind=sw.ServiceKind.COUNSELLING, proposed=dt.date(2024, 3, 1),
        ...                 state=sw.ReferralState.SENT, sent=dt.date(2024, 3, 2))
        >>> response_due(r)
        datetime.date(2024, 3, 9)
    """
    instance_of(Referral)(None, "referral", referral)
    if referral.sent is None:
        return None
    return referral.sent + dt.timedelta(days=response_days_on(referral.sent, history))


@attrs.frozen
class Transition:
    """What :func:`transition` returns: the referral after the step, and the audit event that records it.

    Examples:
        >>> import datetime as dt
        >>> import socialwork as sw
        >>> from socialwork.referrals import transition
        >>> r = sw.Referral(id="r1", case_id="c1", from_id="school", to_id="agency",
        ...                 service_kind=sw.ServiceKind.COUNSELLING, proposed=dt.date(2024, 3, 1))
        >>> t = transition(r, sw.ReferralAction.WITHDRAW, actor="school", at=dt.date(2024, 3, 2))
        >>> t.referral.state.zh, t.event.id
        ('已撤回', 'r1#1')
    """

    referral: Referral
    event: ReferralEvent


def _refuse(rule: str, en: str, zh: str, **fields: object) -> ReferralRefusedError:
    return ReferralRefusedError(rule, Message(en, zh, **fields))


def _forbid(rule: str, en: str, zh: str, **fields: object) -> NoReturn:
    raise _refuse(rule, en, zh, **fields)


def _label(member: ReferralState | ReferralAction | ConsentGiver | AgeBand) -> Message:
    return Message(member.en, member.zh)


def check_consent(
    referral: Referral, consents: Iterable[Consent], /, *, at: dt.date, case: Case | None = None
) -> Consent:
    """Return the consent that allows *referral* to be passed on *at*, or raise naming the law it fails.

    A consent allows it when it is about the referral's case, for its service kind
    and its recipient, given by then and not withdrawn (PIPL Art. 15), a separate
    consent (单独同意, Art. 29), and, for a subject who may be under 14 (see
    :func:`socialwork.model.is_under_14`), given by a guardian (Art. 31); an adult's
    consent is their own. When several allow it, the earliest given (then by id) is taken.

    Raises:
        ReferralRefusedError: no consent allows it; the error names the law of the
            closest miss.

    Examples:
        >>> import datetime as dt
        >>> import socialwork as sw
        >>> from socialwork.referrals import check_consent
        >>> r = sw.Referral(id="r1", case_id="c1", from_id="school", to_id="agency",
        ...                 service_kind=sw.ServiceKind.COUNSELLING, proposed=dt.date(2024, 3, 1))
        >>> own = sw.Consent(id="k1", case_id="c1", given_by=sw.ConsentGiver.SUBJECT,
        ...                  purpose=sw.ServiceKind.COUNSELLING, recipient_id="agency",
        ...                  given=dt.date(2024, 3, 1))
        >>> child = sw.Case(id="c1", holder_id="school", opened=dt.date(2024, 3, 1),
        ...                 age_band=sw.AgeBand.UNDER_14)
        >>> check_consent(r, [own], at=dt.date(2024, 3, 2), case=child)
        Traceback (most recent call last):
        ...
        socialwork.errors.ReferralRefusedError: PIPL Art. 31: the subject of case 'c1' may be under 14: ...
        >>> teen = sw.Case(id="c1", holder_id="school", opened=dt.date(2024, 3, 1), age_band=sw.AgeBand.MINOR)
        >>> check_consent(r, [own], at=dt.date(2024, 3, 2), case=teen).id
        'k1'
    """
    if not (type(referral) is Referral and type(at) is dt.date and (case is None or type(case) is Case)):
        instance_of(Referral)(None, "referral", referral)  # the careful checks name what is wrong
        check_date(None, "at", at)
        if case is not None:
            instance_of(Case)(None, "case", case)
    # A tuple (what the registry's indexes hold) is read as it is; anything else is checked.
    given = consents if type(consents) is tuple else tuple(check_iterable(consents, "consents"))
    for position, consent in enumerate(given):
        if type(consent) is not Consent:
            instance_of(Consent)(None, f"consents[{position}]", consent)
    return allowing(referral, given, at, case)


def allowing(referral: Referral, consents: Sequence[Consent], at: dt.date, case: Case | None) -> Consent:
    """:func:`check_consent` on checked arguments (by transition, or by the rules on a valid registry)."""
    case_id, purpose, to_id = referral.case_id, referral.service_kind, referral.to_id
    relevant = [
        k for k in consents if k.case_id == case_id and k.purpose is purpose and k.recipient_id == to_id
    ]
    if len(relevant) > 1:
        relevant.sort(key=_given_order)
    if not relevant:
        return _fail_none(referral)
    child = is_under_14(case, at)
    adult = case is not None and case.age_band is AgeBand.ADULT and not child
    misses: list[ReferralRefusedError] = []
    for consent in relevant:
        if not consent.is_valid_on(at):
            if consent.given > at:
                misses.append(
                    _refuse(
                        "PIPL Art. 14",
                        "consent {id} is given on {given}, after {at}: consent must come before the step",
                        "同意 {id} 于 {given} 给出，晚于 {at}：同意须在此步之前",
                        id=repr(consent.id),
                        given=str(consent.given),
                        at=str(at),
                    )
                )
            else:
                misses.append(
                    _refuse(
                        "PIPL Art. 15",
                        "consent {id} was withdrawn on {withdrawn}: nothing more may be shared under it",
                        "同意 {id} 已于 {withdrawn} 撤回：不得再据此提供信息",
                        id=repr(consent.id),
                        withdrawn=str(consent.withdrawn),
                    )
                )
            continue
        if not consent.separate:
            misses.append(
                _refuse(
                    "PIPL Art. 29",
                    "consent {id} is not a separate consent (单独同意), which sensitive information needs",
                    "同意 {id} 不是处理敏感个人信息所需的单独同意",
                    id=repr(consent.id),
                )
            )
            continue
        if child and consent.given_by is not ConsentGiver.GUARDIAN:
            misses.append(
                _refuse(
                    "PIPL Art. 31",
                    "the subject of case {case} may be under 14: consent {id} is by {giver}, "
                    "a guardian's is needed",
                    "个案 {case} 的当事人可能不满十四周岁：同意 {id} 由{giver}给出，须由监护人同意",
                    case=repr(referral.case_id),
                    id=repr(consent.id),
                    giver=_label(consent.given_by),
                )
            )
            continue
        if adult and consent.given_by is not ConsentGiver.SUBJECT:
            misses.append(
                _refuse(
                    "PIPL Art. 13",
                    "the subject of case {case} is an adult: consent {id} is by {giver}, their own is needed",
                    "个案 {case} 的当事人已成年：同意 {id} 由{giver}给出，须由本人同意",
                    case=repr(referral.case_id),
                    id=repr(consent.id),
                    giver=_label(consent.given_by),
                )
            )
            continue
        return consent
    raise misses[-1]


def _given_order(consent: Consent) -> tuple[dt.date, str]:
    return (consent.given, consent.id)


def _fail_none(referral: Referral) -> NoReturn:
    _forbid(
        "PIPL Art. 23, 29",
        "no consent about case {case} allows passing it to {to} for {purpose}",
        "个案 {case} 没有向 {to} 提供、用于{purpose}的同意",
        case=repr(referral.case_id),
        to=repr(referral.to_id),
        purpose=Message(referral.service_kind.en, referral.service_kind.zh),
    )


def _last_day(referral: Referral) -> dt.date:
    last = referral.proposed
    for day in (referral.sent, referral.responded, referral.closed):
        if day is not None and day > last:
            last = day
    return last


def _apply(referral: Referral, step: Step, *, at: dt.date, consent_id: str | None, note: str) -> Referral:
    action, target = step.action, step.target
    sent, mandatory = referral.sent, referral.mandatory
    consent: str | None = referral.consent_id
    if action is _A.SEND or action is _A.REPORT:
        sent, consent, mandatory = at, consent_id, action is _A.REPORT
    elif action is _A.CONSENT:
        consent = consent_id
    responded = referral.responded
    if responded is None and (action is _A.RECEIVE or action is _A.DECLINE or action is _A.RETURN):
        responded = at
    final = target is _X or target is _D or target is _W or target is _T  # FINAL, without hashing members
    # Every new value is a member, a checked day (not before the proposal: the audit order
    # holds it), a checked note or a consent's id, and the rest is the valid referral's own:
    # no validator needs to run again, which makes a step three times as fast.
    rebuilt: Referral = _rebuild(
        referral,
        target,
        referral.revision + 1,
        sent,
        responded,
        at if final else referral.closed,
        note if action is _A.CLOSE else referral.outcome,
        consent,
        mandatory,
    )
    return rebuilt


_CHANGED: Final = ("state", "revision", "sent", "responded", "closed", "outcome", "consent_id", "mandatory")


def _setter(cls: type, name: str, parameters: tuple[str, ...], *, copy: bool) -> Any:
    # Straight-line code that sets every field of a new *cls*: from its parameters, the rest
    # (with *copy*) from the old value. One line a field, no dictionary, no validator.
    head = ", ".join(("old", *parameters) if copy else parameters)
    # A slotted class's fields are set through their slot descriptors, which skips the
    # look-up of the name that object.__setattr__ makes for each.
    lines = [f"def {name}({head}):", "    new = __new(__cls)"]
    namespace: dict[str, Any] = {"__new": object.__new__, "__cls": cls}
    for field in attrs.fields(cls):
        value = field.name if field.name in parameters else f"old.{field.name}"
        namespace[f"__set_{field.name}"] = cls.__dict__[field.name].__set__
        lines.append(f"    __set_{field.name}(new, {value})")
    lines.append("    return new")
    exec(compile("\n".join(lines), f"<socialwork {name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]


_rebuild: Final = _setter(Referral, "rebuild_referral", _CHANGED, copy=True)
_event: Final = _setter(
    ReferralEvent, "make_event", tuple(field.name for field in attrs.fields(ReferralEvent)), copy=False
)


def _find_step(referral: Referral, action: ReferralAction) -> Step:
    step = _STEPS.get((referral.state._value_, action._value_))
    if step is not None:
        return step
    if referral.state is _W:
        _forbid(
            "life-cycle",
            "referral {id} was withdrawn: withdrawal is final, nothing may follow it",
            "转介 {id} 已撤回：撤回是最终的，其后不得再有任何步骤",
            id=repr(referral.id),
        )
    if action is _A.WITHDRAW and referral.state in SHARED:
        _forbid(
            "PIPL Art. 15",
            "referral {id} is already {state}: withdrawal stops only what has not been sent, "
            "and does not undo what was done before it",
            "转介 {id} 已{state}：撤回只停止尚未发送的，不影响撤回前已进行的处理",
            id=repr(referral.id),
            state=_label(referral.state),
        )
    allowed = allowed_actions(referral.state)
    _forbid(
        "life-cycle",
        "cannot {action} referral {id}, which is {state}; allowed: {allowed}",
        "不能对{state}的转介 {id} 执行「{action}」；可执行：{allowed}",
        action=_label(action),
        id=repr(referral.id),
        state=_label(referral.state),
        allowed=Message.joined(", ", "、", [_label(a) for a in allowed])
        if allowed
        else Message("nothing", "无"),
    )


def transition(
    referral: Referral,
    action: ReferralAction,
    /,
    *,
    actor: OrgId | str,
    at: dt.date,
    consents: Iterable[Consent] = (),
    case: Case | None = None,
    note: str = "",
) -> Transition:
    """Take one step of *referral*'s life-cycle: return the new referral and the audit event, or refuse.

    Nothing is changed: the referral is a frozen value, and a new one is returned
    with its state, dates, consent and revision moved on, together with the
    :class:`~socialwork.ReferralEvent` that records the step (id
    ``"<referral id>#<revision>"``).

    Args:
        referral: The referral as it stands.
        action: What is done (see :data:`LIFECYCLE` for what is allowed from each state).
        actor: The organization that does it: the referrer for consent, sending,
            reporting and withdrawal; the recipient for the rest.
        at: The day it is done; never before the referral's last recorded day.
        consents: The consent records at hand; sending (``SEND``) and recording
            consent (``CONSENT``) need one that allows the referral (see :func:`check_consent`).
        case: The referral's case, for the subject's age; without it the subject is
            taken to be possibly under 14, so a guardian's consent is needed.
        note: A note for the audit event; at closing, the outcome (also kept on the referral).

    Returns:
        The :class:`Transition`.

    Raises:
        ReferralRefusedError: the step is forbidden; ``rule`` names the law or rule:
            ``"life-cycle"`` (not allowed from this state; withdrawal is final),
            ``"referral roles"`` (the wrong actor), ``"audit order"`` (a day before
            the last), ``"PIPL Art. 15 / 23 / 29 / 31"`` (consent), ``"Minors
            Protection Law Art. 11"`` (a mandatory report about an adult).
        InvalidTypeError: an argument has the wrong type.

    Examples:
        >>> import datetime as dt
        >>> import socialwork as sw
        >>> from socialwork.referrals import transition
        >>> day = dt.date(2024, 3, 1)
        >>> r = sw.Referral(id="r1", case_id="c1", from_id="school", to_id="agency",
        ...                 service_kind=sw.ServiceKind.COUNSELLING, proposed=day)
        >>> transition(r, sw.ReferralAction.CONSENT, actor="school", at=day)
        Traceback (most recent call last):
        ...
        socialwork.errors.ReferralRefusedError: PIPL Art. 23, 29: no consent about case 'c1' allows ...
        >>> k = sw.Consent(id="k1", case_id="c1", given_by=sw.ConsentGiver.GUARDIAN,
        ...                purpose=sw.ServiceKind.COUNSELLING, recipient_id="agency", given=day)
        >>> t = transition(r, sw.ReferralAction.CONSENT, actor="school", at=day, consents=[k])
        >>> t = transition(t.referral, sw.ReferralAction.SEND, actor="school", at=day, consents=[k])
        >>> t.referral.state.zh, t.referral.sent, t.event.consent_id
        ('已发送', datetime.date(2024, 3, 1), 'k1')
        >>> report = transition(r, sw.ReferralAction.REPORT, actor="school", at=day)
        >>> report.referral.mandatory, report.event.mandatory, report.event.consent_id
        (True, True, None)
    """
    if not (
        type(referral) is Referral
        and type(action) is ReferralAction
        and type(at) is dt.date
        and type(actor) is str
        and type(note) is str
        and actor
        and actor.isprintable()
        and actor.strip() == actor
        and (case is None or type(case) is Case)
    ):  # the fast test passes what the careful one passes; this one names what is wrong
        _check_arguments(referral, action, actor, at, note, case)
    elif note:
        check_str(None, "note", note)  # text that UTF-8 can hold
    consents = tuple(consents)
    for position, consent in enumerate(consents):
        if type(consent) is not Consent:
            instance_of(Consent)(None, f"consents[{position}]", consent)
    step = _find_step(referral, action)
    expected_actor = referral.from_id if step.by == "sender" else referral.to_id
    if actor != expected_actor:
        _forbid(
            "referral roles",
            "only {role} {expected} may {action} referral {id}, not {actor}",
            "只有{role} {expected} 可以对转介 {id} 执行「{action}」，{actor} 不可以",
            role=Message("the referrer", "转出方")
            if step.by == "sender"
            else Message("the recipient", "接收方"),
            expected=repr(expected_actor),
            action=_label(action),
            id=repr(referral.id),
            actor=repr(actor),
        )
    last = _last_day(referral)
    if at < last:
        _forbid(
            "audit order",
            "referral {id} was last changed on {last}; a step cannot be dated {at}, before it",
            "转介 {id} 最后变更于 {last}；新步骤的日期 {at} 不能早于此",
            id=repr(referral.id),
            last=str(last),
            at=str(at),
        )
    consent_id: str | None = None
    if step.consent:
        consent_id = allowing(referral, consents, at, case).id
    if (
        action is _A.REPORT
        and case is not None
        and case.age_band is AgeBand.ADULT
        and not is_under_14(case, at)
    ):
        _forbid(
            "Minors Protection Law Art. 11",
            "a mandatory report without consent is for a minor; the subject of case {case} is an adult",
            "无需同意的强制报告只适用于未成年人；个案 {case} 的当事人已成年",
            case=repr(referral.case_id),
        )
    new = _apply(referral, step, at=at, consent_id=consent_id, note=note)
    event = _event(
        id=ReferralEventId(f"{referral.id}#{new.revision}"),
        referral_id=referral.id,
        sequence=new.revision,
        action=action,
        actor_id=OrgId(actor),
        at=at,
        before=referral.state,
        after=new.state,
        consent_id=new.consent_id if action in (_A.CONSENT, _A.SEND) else None,
        mandatory=action is _A.REPORT,
        note=note,
    )
    return Transition(new, event)


def _check_arguments(  # noqa: PLR0917 - the arguments of transition, checked the careful way
    referral: object, action: object, actor: object, at: object, note: object, case: object
) -> None:
    instance_of(Referral)(None, "referral", referral)
    instance_of(ReferralAction)(None, "action", action)
    check_id(None, "actor", actor)
    check_date(None, "at", at)
    check_str(None, "note", note)
    if case is not None:
        instance_of(Case)(None, "case", case)


def replay(referral: Referral, events: Iterable[ReferralEvent], /) -> Referral:
    """Return *referral* with its audit *events* applied in order: the log gives back the state.

    Each event must be the next of the referral (sequence one more than its
    revision), from the state it is in, by a step of :data:`LIFECYCLE`; consent
    is not checked again (the log records the consent each step relied on).

    Raises:
        ReferralRefusedError: an event does not follow (``rule`` ``"audit log"``) or
            is not an allowed step.

    Examples:
        >>> import datetime as dt
        >>> import socialwork as sw
        >>> from socialwork.referrals import replay, transition
        >>> day = dt.date(2024, 3, 1)
        >>> start = sw.Referral(id="r1", case_id="c1", from_id="school", to_id="police",
        ...                     service_kind=sw.ServiceKind.CHILD_PROTECTION, proposed=day)
        >>> one = transition(start, sw.ReferralAction.REPORT, actor="school", at=day)
        >>> two = transition(one.referral, sw.ReferralAction.RECEIVE, actor="police", at=day)
        >>> replay(start, [one.event, two.event]) == two.referral
        True
    """
    instance_of(Referral)(None, "referral", referral)
    current = referral
    for position, event in enumerate(check_iterable(events, "events")):
        instance_of(ReferralEvent)(None, f"events[{position}]", event)
        if (
            event.referral_id != current.id
            or event.sequence != current.revision + 1
            or event.before is not current.state
        ):
            _forbid(
                "audit log",
                "events[{position}] ({id}) does not follow: referral {referral} is at revision "
                "{revision}, {state}",
                "events[{position}]（{id}）接不上：转介 {referral} 处于第 {revision} 次变更、{state}",
                position=position,
                id=repr(event.id),
                referral=repr(current.id),
                revision=current.revision,
                state=_label(current.state),
            )
        step = _find_step(current, event.action)
        consent_id = event.consent_id if event.action in (_A.CONSENT, _A.SEND) else None
        if event.action is _A.REPORT:
            consent_id = None
        current = _apply(current, step, at=event.at, consent_id=consent_id, note=event.note)
    return current
