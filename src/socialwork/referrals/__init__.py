"""Referrals (转介) with consent: the life-cycle, the law it follows, and the services directory.

A school, an agency, a university and a procuratorate that co-build a station pass
cases of students at risk to one another: that is referral work, and it runs under
the Personal Information Protection Law (PIPL) and the Law on the Protection of
Minors. This module encodes both as data and pure functions:

- :data:`LIFECYCLE`, the table of allowed steps, 提出 → 已同意 → 已发送 → 已接收 →
  服务中 → 已结案, with 已拒绝, 已撤回 and 已退回 (labels on
  :class:`~socialwork.ReferralState`);
- :func:`transition`, one step: the new referral and its audit event, or a
  :class:`~socialwork.errors.ReferralRefusedError` naming the law that forbids it.
  Sending needs a valid, separate consent for the purpose and the recipient
  (PIPL Art. 23, 29), a guardian's for a subject under 14 (Art. 31), not withdrawn
  (Art. 15); withdrawal stops what has not been sent and is final; a mandatory
  report (强制报告, Minors Protection Law Art. 11) goes without consent and is
  recorded as such;
- :func:`replay`, the audit log applied again, which gives back the same referral;
- :func:`response_due`, the day by which a recipient must answer, from a dated limit;
- :func:`share`, what the recipient receives: only what it needs, never the birth
  year or the case's notes;
- :func:`providers`, where a kind of service is offered for a community, nearest in
  the division tree first (the directory that :func:`socialwork.io.to_hsds` exports).

The rules family ``referrals`` (``sw.validate``) checks a registry's referrals:
sent without a valid consent, consent of the wrong person for the age, overdue
answers, closed without an outcome, referred to an organization that does not
offer the service.

Examples:
    >>> import datetime as dt
    >>> import socialwork as sw
    >>> from socialwork.referrals import transition
    >>> reg = sw.datasets.wuhan_school()
    >>> [r.state.zh for r in reg.referrals.values()]
    ['服务中', '已接收', '已接收']

.. versionadded:: 0.2
"""

from socialwork.referrals._directory import Provider, division_distance, offers, providers
from socialwork.referrals._lifecycle import (
    FINAL,
    LIFECYCLE,
    RESPONSE_DAYS,
    SHARED,
    Step,
    Transition,
    allowed_actions,
    check_consent,
    replay,
    response_days_on,
    response_due,
    transition,
)
from socialwork.referrals._share import SharedReferral, share

__all__ = [
    "FINAL",
    "LIFECYCLE",
    "RESPONSE_DAYS",
    "SHARED",
    "Provider",
    "SharedReferral",
    "Step",
    "Transition",
    "allowed_actions",
    "check_consent",
    "division_distance",
    "offers",
    "providers",
    "replay",
    "response_days_on",
    "response_due",
    "share",
    "transition",
]
