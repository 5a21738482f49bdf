"""Referral rules (转介): consent before sharing, the right person's consent, answers in time, outcomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from socialwork.errors import ReferralRefusedError
from socialwork.model import (
    AgeBand,
    Consent,
    ConsentGiver,
    OrgKind,
    Referral,
    ReferralEvent,
    ReferralState,
    Severity,
    is_under_14,
)
from socialwork.referrals import RESPONSE_DAYS, SHARED, check_consent, offers
from socialwork.rules._each import Finding, for_each
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._params import Parameter

__all__ = ["PARAMETERS", "RULES"]

RESPONSE_DAYS_PARAMETER = Parameter(
    "referrals.response_days",
    RESPONSE_DAYS[0][1] if len(RESPONSE_DAYS) == 1 else dict(RESPONSE_DAYS),
    type="integer",
    description="the days a recipient has to answer (receive, decline or return) a sent referral",
    description_zh="接收方答复（接收、拒绝或退回）已发送转介的期限（天）",
)
AUTHORITY_KINDS = Parameter(
    "referrals.authority_kinds",
    [OrgKind.GOVERNMENT, OrgKind.PROCURATORATE],
    type="org_kinds",
    description="the kinds of organization a mandatory report may go to, whose duties no directory lists",
    description_zh="强制报告可报送的组织类型（其职责不在服务目录中）",
)
PARAMETERS = (RESPONSE_DAYS_PARAMETER, AUTHORITY_KINDS)

_SHARED = SHARED
_CLOSED, _SENT = ReferralState.CLOSED, ReferralState.SENT
_GUARDIAN, _SUBJECT = ConsentGiver.GUARDIAN, ConsentGiver.SUBJECT


def _sent_under_consent(ctx: RuleContext) -> Iterable[Referral]:
    return (r for r in ctx.registry.referrals.values() if r.state in _SHARED and not r.mandatory)


@rule(
    code="SW-R001",
    title_zh="转介发送前有有效的同意",
    title_en="a referral is sent only with a valid consent",
    severity=Severity.ERROR,
    family="referrals",
    reference=(
        "个人信息保护法 第十五、二十三、二十九、三十一条: 向他人提供敏感个人信息须取得单独同意 "
        "(PIPL Art. 15, 23, 29, 31)"
    ),
)
@for_each("referrals", among=_sent_under_consent, at="consent_id")
def _sent_with_consent(ctx: RuleContext, referral: Referral) -> Finding | None:
    by_case = ctx.memo.get("referrals:consents-by-case")
    if by_case is None:
        by_case = ctx.memo["referrals:consents-by-case"] = ctx.registry.referrer_index("consents", "case_id")
    consents = by_case.get(referral.case_id, ())
    case = ctx.entities("cases")[referral.case_id]
    day = referral.sent or referral.proposed
    try:
        consent = check_consent(referral, consents, at=day, case=case)
    except ReferralRefusedError as error:
        return Finding(
            zh=f"转介 {referral.id!r} 已发送但没有有效的同意（{_cited_zh(error.rule)}）：{error.reason.zh}",
            en=f"referral {referral.id!r} was sent without a valid consent ({error.rule}): {error.reason}",
            expected="a valid consent",
            found=error.rule,
        )
    if referral.consent_id is not None and referral.consent_id != consent.id:
        held = ctx.entities("consents")[referral.consent_id]
        if not _allows(referral, held, day, case):
            return Finding(
                zh=(
                    f"转介 {referral.id!r} 记录的同意 {referral.consent_id!r} 不允许此次转介；"
                    f"{consent.id!r} 允许"
                ),
                en=(
                    f"referral {referral.id!r} records consent {referral.consent_id!r}, "
                    f"which does not allow it; {consent.id!r} does"
                ),
                expected=consent.id,
                found=referral.consent_id,
            )
    return None


_LAWS_ZH = {"PIPL": "个人信息保护法", "Minors Protection Law": "未成年人保护法"}


def _cited_zh(rule: str) -> str:
    """The law a refusal names, in Chinese: ``"PIPL Art. 23, 29"`` -> ``"《个人信息保护法》第23、29条"``."""
    law, sep, articles = rule.partition(" Art. ")
    if not sep or law not in _LAWS_ZH:
        return rule
    return f"《{_LAWS_ZH[law]}》第{'、'.join(articles.split(', '))}条"


def _allows(referral: Referral, consent: Consent, day: dt.date, case: Any) -> bool:
    try:
        check_consent(referral, (consent,), at=day, case=case)
    except ReferralRefusedError:
        return False
    return True


@rule(
    code="SW-R002",
    title_zh="同意由与年龄相符的人给出",
    title_en="a consent is given by the right person for the subject's age",
    severity=Severity.ERROR,
    family="referrals",
    reference="个人信息保护法 第三十一条: 不满十四周岁未成年人的个人信息须取得其监护人的同意 (PIPL Art. 31)",
)
@for_each("consents", at="given_by")
def _right_person(ctx: RuleContext, consent: Consent) -> Finding | None:
    case = ctx.entities("cases")[consent.case_id]
    if is_under_14(case, consent.given):
        if consent.given_by is _GUARDIAN:
            return None
        return Finding(
            zh=f"个案 {case.id!r} 的当事人可能不满十四周岁，同意 {consent.id!r} 却由本人给出，须由监护人同意",
            en=(
                f"the subject of case {case.id!r} may be under 14, but consent {consent.id!r} "
                "is the subject's own; a guardian's is needed"
            ),
            expected=_GUARDIAN,
            found=consent.given_by,
        )
    if case.age_band is AgeBand.ADULT and consent.given_by is not _SUBJECT:
        return Finding(
            zh=f"个案 {case.id!r} 的当事人已成年，同意 {consent.id!r} 却由监护人给出，须由本人同意",
            en=f"the subject of case {case.id!r} is an adult, but consent {consent.id!r} is a guardian's",
            expected=_SUBJECT,
            found=consent.given_by,
        )
    return None


def _last_day(ctx: RuleContext) -> dt.date | None:
    # The day the rules look from: as_of, else the last day the registry's referral work records.
    if ctx.as_of is not None:
        return ctx.as_of
    key = "referrals:last-day"
    if key not in ctx.memo:
        days = [e.at for e in ctx.registry.referral_events.values()]
        days += [
            d
            for r in ctx.registry.referrals.values()
            for d in (r.proposed, r.sent, r.responded, r.closed)
            if d
        ]
        ctx.memo[key] = max(days, default=None)
    last: dt.date | None = ctx.memo[key]
    return last


@rule(
    code="SW-R003",
    title_zh="接收方按期答复转介",
    title_en="a sent referral is answered in time",
    severity=Severity.WARNING,
    family="referrals",
    reference="转介工作规范: 接收方在规定期限内答复（接收、拒绝或退回）",
    parameters=[RESPONSE_DAYS_PARAMETER],
)
@for_each("referrals", at="responded")
def _answered_in_time(ctx: RuleContext, referral: Referral) -> Finding | None:
    sent = referral.sent
    if sent is None:
        return None
    # The limit in force on the day it was sent, whatever day the rules look from.
    limits = ctx.memo.setdefault("referrals:limits", {})
    days = limits.get(sent)
    if days is None:
        days = limits[sent] = ctx.param_on(RESPONSE_DAYS_PARAMETER.name, sent)
    due = sent + dt.timedelta(days=days)
    answered = referral.responded
    if answered is None:
        if referral.state is not _SENT:
            return None  # e.g. withdrawn at once; nothing was waiting for an answer
        today = _last_day(ctx)
        if today is None or today <= due:
            return None
        return Finding(
            zh=f"转介 {referral.id!r} 于 {sent} 发送，应在 {due} 前答复，至 {today} 仍未答复",
            en=(
                f"referral {referral.id!r} was sent on {sent}, due an answer by {due}, "
                f"still unanswered on {today}"
            ),
            expected=due,
            found=None,
        )
    if answered <= due:
        return None
    return Finding(
        zh=f"转介 {referral.id!r} 于 {sent} 发送，应在 {due} 前答复，实于 {answered} 答复",
        en=f"referral {referral.id!r} was sent on {sent}, due an answer by {due}, answered on {answered}",
        expected=due,
        found=answered,
    )


@rule(
    code="SW-R004",
    title_zh="结案的转介记录了服务结果",
    title_en="a closed referral records its outcome",
    severity=Severity.WARNING,
    family="referrals",
    reference="个案管理: 结案须记录服务结果",
)
@for_each("referrals", at="outcome")
def _closed_with_outcome(ctx: RuleContext, referral: Referral) -> Finding | None:
    if referral.state is not _CLOSED or referral.outcome.strip():
        return None
    return Finding(
        zh=f"转介 {referral.id!r} 已结案，但没有记录服务结果",
        en=f"referral {referral.id!r} is closed without an outcome",
        expected="an outcome",
        found="",
    )


@rule(
    code="SW-R005",
    title_zh="转介给提供该服务的机构",
    title_en="a referral goes to an organization that offers the service",
    severity=Severity.WARNING,
    family="referrals",
    reference="服务目录: 转介前确认接收方提供所需服务 (directory from the projects; authorities excepted)",
    parameters=[AUTHORITY_KINDS],
)
@for_each("referrals", at="to_id")
def _recipient_offers(ctx: RuleContext, referral: Referral) -> Finding | None:
    recipient = ctx.entities("organizations")[referral.to_id]
    if recipient.kind in ctx.param(AUTHORITY_KINDS.name):
        return None
    # Many referrals go to one recipient for one service on one day: ask the directory once.
    asked = ctx.memo.setdefault("referrals:offers", {})
    key = (referral.to_id, referral.service_kind, referral.proposed)
    offered = asked.get(key)
    if offered is None:
        offered = asked[key] = offers(ctx.registry, key[0], key[1], on=key[2])
    if offered:
        return None
    kind = referral.service_kind
    return Finding(
        zh=f"转介 {referral.id!r} 的接收方 {referral.to_id!r} 在 {referral.proposed} 没有提供{kind.zh}的项目",
        en=(
            f"referral {referral.id!r} goes to {referral.to_id!r}, which ran no project giving {kind.en} "
            f"on {referral.proposed}"
        ),
        expected=kind,
        found=None,
    )


@rule(
    code="SW-R006",
    title_zh="强制报告报送有关部门",
    title_en="a mandatory report goes to an authority",
    severity=Severity.ERROR,
    family="referrals",
    reference="未成年人保护法 第十一条: 发现未成年人受侵害等情形的，应当立即向公安、民政、教育等有关部门报告",
    parameters=[AUTHORITY_KINDS],
)
@for_each("referrals", at="to_id")
def _report_to_authority(ctx: RuleContext, referral: Referral) -> Finding | None:
    if not referral.mandatory:
        return None
    allowed = ctx.param(AUTHORITY_KINDS.name)
    kind = ctx.entities("organizations")[referral.to_id].kind
    if kind in allowed:
        return None
    return Finding(
        zh=f"强制报告 {referral.id!r} 报送给了{kind.zh} {referral.to_id!r}，应报送公安、民政、教育等有关部门",
        en=f"mandatory report {referral.id!r} went to {kind.en} {referral.to_id!r}, not to an authority",
        expected=allowed,
        found=kind,
    )


@rule(
    code="SW-R007",
    title_zh="转介的每次状态变更都有记录",
    title_en="every change of a referral's state has an audit event",
    severity=Severity.ERROR,
    family="referrals",
    reference="个人信息保护法 第五十五条: 向他人提供个人信息应事前评估并记录处理情况 (PIPL Art. 55)",
)
@for_each("referrals", at="revision")
def _audited(ctx: RuleContext, referral: Referral) -> Finding | None:
    events: tuple[ReferralEvent, ...] = ctx.registry.referrers("referral_events", "referral_id", referral.id)
    sequences = sorted(e.sequence for e in events)
    if sequences == list(range(1, referral.revision + 1)):
        return None
    return Finding(
        zh=(
            f"转介 {referral.id!r} 已变更 {referral.revision} 次，"
            f"审计记录却有 {len(events)} 条（序号 {sequences}）"
        ),
        en=(
            f"referral {referral.id!r} has changed {referral.revision} time(s), but its audit log has "
            f"{len(events)} event(s) (sequences {sequences})"
        ),
        expected=referral.revision,
        found=len(events),
    )


RULES: tuple[Rule, ...] = (
    _sent_with_consent,
    _right_person,
    _answered_in_time,
    _closed_with_outcome,
    _recipient_offers,
    _report_to_authority,
    _audited,
)
