"""What a recipient receives of a referral: only what it needs to serve the case (PIPL Art. 6)."""

from __future__ import annotations

import datetime as dt

import attrs

from socialwork.errors import Message
from socialwork.model import AgeBand, Case, ConsentId, OrgId, Referral, ReferralId, ServiceKind
from socialwork.model.validators import instance_of
from socialwork.referrals._lifecycle import SHARED, _forbid

__all__ = ["SharedReferral", "share"]


@attrs.frozen
class SharedReferral:
    """The part of a referral and its case that goes to the recipient.

    The case's id is the holder's pseudonym; the subject's birth year, the case's
    notes and every other referral of the case stay with the holder. The age band
    is shared because the recipient needs it too: whose consent counts, which
    service fits.

    Attributes:
        referral_id: The referral.
        case_id: The case's pseudonymous id.
        from_id: The referring organization.
        to_id: The recipient.
        service_kind: The service asked for.
        urgency: From 1 to 5.
        reason: Why, in the referrer's words.
        age_band: The subject's age band, if known.
        sent: The day it was sent.
        consent_id: The consent it was sent under; ``None`` for a mandatory report.
        mandatory: Whether it is a mandatory report.

    .. versionadded:: 0.2
    """

    referral_id: ReferralId
    case_id: str
    from_id: OrgId
    to_id: OrgId
    service_kind: ServiceKind
    urgency: int
    reason: str = attrs.field(repr=False)
    age_band: AgeBand | None = attrs.field(repr=False)
    sent: dt.date | None
    consent_id: ConsentId | None
    mandatory: bool


def share(referral: Referral, case: Case, /) -> SharedReferral:
    """Return what the recipient of *referral* receives: only what it needs (PIPL Art. 6, data minimisation).

    Raises:
        ReferralRefusedError: the referral has not been sent (nothing may be shared
            before consent or a mandatory report), or *case* is not its case.
        InvalidTypeError: an argument has the wrong type.

    Examples:
        >>> import socialwork as sw
        >>> from socialwork.referrals import share
        >>> reg = sw.datasets.wuhan_school()
        >>> shared = share(reg.referrals["whs-r-01"], reg.cases["whs-case-01"])
        >>> shared.to_id, shared.age_band.zh, hasattr(shared, "birth_year")
        ('whs-licheng', '十四周岁以上未成年人', False)
    """
    instance_of(Referral)(None, "referral", referral)
    instance_of(Case)(None, "case", case)
    if case.id != referral.case_id:
        _forbid(
            "referral roles",
            "case {case} is not the case of referral {id}, which is {expected}",
            "个案 {case} 不是转介 {id} 的个案（应为 {expected}）",
            case=repr(case.id),
            id=repr(referral.id),
            expected=repr(referral.case_id),
        )
    if referral.state not in SHARED:
        _forbid(
            "PIPL Art. 23, 29",
            "referral {id} is {state}, not sent: nothing of its case may go to {to} yet",
            "转介 {id} 处于{state}，尚未发送：其个案信息还不能提供给 {to}",
            id=repr(referral.id),
            state=Message(referral.state.en, referral.state.zh),
            to=repr(referral.to_id),
        )
    return SharedReferral(
        referral.id,
        case.id,
        referral.from_id,
        referral.to_id,
        referral.service_kind,
        referral.urgency,
        referral.reason,
        case.age_band,
        referral.sent,
        referral.consent_id,
        referral.mandatory,
    )
