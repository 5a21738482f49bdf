"""The funds checks as they were before the for_each rewrite (frozen; see tests/rules/legacy).

Originally: Community-fund rules (社区基金管理办法 of Binzhou, Hunan and Hubei).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from socialwork.funds import BINZHOU_RULE, MatchingRule, matched_amount
from socialwork.model import MONEY_CONTEXT, DivisionLevel, Donation, Fund, Grant, OrgKind
from socialwork.rules._engine import Check, RuleContext
from socialwork.rules._params import Parameter
from socialwork.rules._report import Violation

__all__ = ["CHECKS"]

MANAGER_KINDS = Parameter(
    "funds.manager_kinds",
    [OrgKind.CHARITY_FEDERATION],
    type="org_kinds",
    description="the kinds of organization that may manage a community fund",
    description_zh="可作为社区基金管理人的组织类型",
)
ALLOW_PUBLIC_FUNDRAISING = Parameter(
    "funds.allow_public_fundraising_charities",
    False,
    type="boolean",
    description=(
        "whether a charity with public-fundraising qualification (of a kind in funds.charity_kinds) "
        "may manage a community fund too"
    ),
    description_zh="是否允许具有公开募捐资格的慈善组织（类型见 funds.charity_kinds）管理社区基金",
)
CHARITY_KINDS = Parameter(
    "funds.charity_kinds",
    [OrgKind.FOUNDATION, OrgKind.SOCIAL_ORGANIZATION],
    type="org_kinds",
    description=(
        "the kinds of organization that count as a charity for funds.allow_public_fundraising_charities"
    ),
    description_zh="按 funds.allow_public_fundraising_charities 可视为慈善组织的组织类型",
)
MATCHING_RATIO = Parameter(
    "funds.matching_ratio",
    BINZHOU_RULE.ratio,
    type="decimal",
    description="yuan the manager matches per yuan raised (0.1 for 10:1)",
    description_zh="配捐比例（每筹 1 元配捐的金额，10:1 即 0.1）",
)
MATCHING_CAP = Parameter(
    "funds.matching_cap",
    BINZHOU_RULE.cap,
    type="decimal",
    description="the most the manager matches for one fund, in yuan",
    description_zh="每个基金的配捐上限（元）",
)
MIN_COMMITTEE_MEMBERS = Parameter(
    "funds.min_committee_members",
    5,
    type="integer",
    description="the fewest members a fund's management committee has, supervisors not counted",
    description_zh="社区基金管理委员会成员的最少人数（不含监事）",
)
_BINZHOU = "滨州市社区基金管理办法 (善来善往); 湖南、湖北社区慈善基金管理办法"
_ZERO = Decimal("0.00")


def _manager(ctx: RuleContext) -> Iterator[Violation]:
    allowed = ctx.param(MANAGER_KINDS.name)
    charities = ctx.param(CHARITY_KINDS.name) if ctx.param(ALLOW_PUBLIC_FUNDRAISING.name) else frozenset()
    organizations = ctx.entities("organizations")
    names = ", ".join(sorted(kind.value for kind in allowed))
    also_zh = also_en = ""
    if charities:
        also_zh = "或具有公开募捐资格的慈善组织"
        kinds = ", ".join(sorted(kind.value for kind in charities))
        also_en = f", or a charity ({kinds}) with public-fundraising qualification"
    for fund in ctx.registry.funds.values():
        manager = organizations[fund.manager_id]
        kind = manager.kind
        if kind in allowed or (manager.public_fundraising and kind in charities):
            continue
        yield ctx.violation(
            fund.id,
            ctx.path("funds", fund.id, "manager_id"),
            zh=f"社区基金 {fund.id!r} 的管理人 {fund.manager_id!r} 是{kind.zh}，应为慈善总会{also_zh}",
            en=(
                f"fund {fund.id!r} is managed by {kind.en} {fund.manager_id!r}, "
                f"expected one of {names}{also_en}"
            ),
            expected=allowed,
            found=kind,
        )


def _serves_community(ctx: RuleContext) -> Iterator[Violation]:
    divisions = ctx.entities("divisions")
    for fund in ctx.registry.funds.values():
        level = divisions[fund.division_id].level
        if level is not DivisionLevel.COMMUNITY:
            yield ctx.violation(
                fund.id,
                ctx.path("funds", fund.id, "division_id"),
                zh=f"社区基金 {fund.id!r} 设在{level.zh} {fund.division_id!r}，应为社区",
                en=f"fund {fund.id!r} serves {level.en} {fund.division_id!r}, expected a community",
                expected=DivisionLevel.COMMUNITY,
                found=level,
            )


def _donation_dates(ctx: RuleContext) -> Iterator[Violation]:
    funds = ctx.entities("funds")
    for donation in ctx.registry.donations.values():
        established = funds[donation.fund_id].established
        if donation.date < established:
            yield ctx.violation(
                donation.id,
                ctx.path("donations", donation.id, "date"),
                zh=(
                    f"捐赠 {donation.id!r}（{donation.date}）"
                    f"早于基金 {donation.fund_id!r} 设立日 {established}"
                ),
                en=(
                    f"donation {donation.id!r} on {donation.date} "
                    f"precedes the fund's setting up on {established}"
                ),
                expected=established,
                found=donation.date,
            )


def _matching_rule(ctx: RuleContext) -> MatchingRule:
    return MatchingRule(ratio=ctx.params[MATCHING_RATIO.name], cap=ctx.params[MATCHING_CAP.name])


_Books = tuple[list[Donation], list[Donation], list[Grant]]


def _books(ctx: RuleContext, fund: Fund) -> _Books:
    """Return a fund's raised donations, its manager's matches (in the manager's name), its grants.

    Sorted by date, then id; made once per run and fund (two rules read them).
    """
    kept: dict[str, _Books] = ctx.memo.setdefault("fund_books", {})
    found = kept.get(fund.id)
    if found is not None:
        return found
    registry = ctx.registry
    manager = ctx.entities("organizations")[fund.manager_id].name
    raised: list[Donation] = []
    matches: list[Donation] = []
    for donation in registry.referrers("donations", "fund_id", fund.id):
        (matches if donation.donor == manager else raised).append(donation)
    grants = list(registry.referrers("grants", "fund_id", fund.id))
    for items in (raised, matches, grants):
        items.sort(key=_when)
    found = kept[fund.id] = (raised, matches, grants)
    return found


def _when(item: Donation | Grant) -> tuple[object, str]:
    return item.date, item.id


def _raised_until(raised: list[Donation]) -> Iterator[tuple[object, Decimal]]:
    total = _ZERO
    for donation in raised:
        total = MONEY_CONTEXT.add(total, donation.amount)
        yield donation.date, total


def _matches(ctx: RuleContext) -> Iterator[Violation]:
    terms = _matching_rule(ctx)
    donations = ctx.registry.referrer_index("donations", "fund_id")
    for fund_id in donations:
        fund = ctx.registry.funds[fund_id]
        raised, matches, _ = _books(ctx, fund)
        if not matches:
            continue
        totals = list(_raised_until(raised))
        i, raised_total, matched = 0, _ZERO, _ZERO
        for donation in matches:
            while i < len(totals) and raised[i].date <= donation.date:
                raised_total = totals[i][1]
                i += 1
            matched = MONEY_CONTEXT.add(matched, donation.amount)
            allowed = matched_amount(terms, raised_total)
            if matched > allowed:
                yield ctx.violation(
                    donation.id,
                    ctx.path("donations", donation.id, "amount"),
                    zh=(
                        f"基金 {fund.id!r} 截至 {donation.date} 配捐 {matched} 元，"
                        f"按已筹 {raised_total} 元最多可配 {allowed} 元"
                    ),
                    en=(
                        f"fund {fund.id!r} has {matched} yuan matched by {donation.date}, but "
                        f"{raised_total} yuan raised allows at most {allowed} yuan"
                    ),
                    expected=allowed,
                    found=matched,
                )
                matched = MONEY_CONTEXT.subtract(matched, donation.amount)  # judge the next on its own


def _grant_targets(ctx: RuleContext) -> Iterator[Violation]:
    registry = ctx.registry
    funds, projects = ctx.entities("funds"), ctx.entities("projects")
    for grant in registry.grants.values():
        community = funds[grant.fund_id].division_id
        project = projects[grant.project_id]
        if community not in project.community_ids:
            yield ctx.violation(
                grant.id,
                ctx.path("grants", grant.id, "project_id"),
                zh=f"资助 {grant.id!r} 给了不服务社区 {community!r} 的项目 {project.id!r}",
                en=(
                    f"grant {grant.id!r} pays project {project.id!r}, "
                    f"which does not serve the fund's community {community!r}"
                ),
                expected=community,
                found=project.community_ids,
            )


def _balance(ctx: RuleContext) -> Iterator[Violation]:
    terms = _matching_rule(ctx)
    grants = ctx.registry.referrer_index("grants", "fund_id")
    for fund_id in grants:
        fund = ctx.registry.funds[fund_id]
        raised, matches, paid = _books(ctx, fund)
        totals = list(_raised_until(raised))
        recorded = list(_raised_until(matches))
        i, j, raised_total, matched_total, granted = 0, 0, _ZERO, _ZERO, _ZERO
        for grant in paid:
            while i < len(totals) and raised[i].date <= grant.date:
                raised_total = totals[i][1]
                i += 1
            while j < len(recorded) and matches[j].date <= grant.date:
                matched_total = recorded[j][1]
                j += 1
            # Matches recorded as the manager's donations count as they are; otherwise the
            # rule's match is credited, as socialwork.funds ledgers do.
            matched = matched_total if matches else matched_amount(terms, raised_total)
            balance = MONEY_CONTEXT.subtract(MONEY_CONTEXT.add(raised_total, matched), granted)
            if grant.amount > balance:
                yield ctx.violation(
                    grant.id,
                    ctx.path("grants", grant.id, "amount"),
                    zh=(
                        f"资助 {grant.id!r} 金额 {grant.amount} 元，"
                        f"超过基金 {fund.id!r} 当日余额 {balance} 元"
                    ),
                    en=(
                        f"grant {grant.id!r} of {grant.amount} yuan exceeds fund {fund.id!r}'s "
                        f"balance of {balance} yuan on {grant.date}"
                    ),
                    expected=balance,
                    found=grant.amount,
                )
                continue  # an overdrawing grant is left out of the balance
            granted = MONEY_CONTEXT.add(granted, grant.amount)


def _no_sub_funds(ctx: RuleContext) -> Iterator[Violation]:
    by_community = ctx.registry.referrer_index("funds", "division_id")
    for code, funds in by_community.items():
        if len(funds) > 1:
            ids = tuple(f.id for f in funds)
            yield ctx.violation(
                code,
                ctx.path("divisions", code),
                zh=f"社区 {code!r} 设有 {len(ids)} 个基金：{', '.join(ids)}",
                en=f"community {code!r} has {len(ids)} funds: {', '.join(ids)}",
                expected=1,
                found=ids,
            )


_COMMITTEE = _BINZHOU + ": 社区基金设管理委员会, 由 5 名以上单数成员组成, 并设监事监督其运作"


def _committee_size(ctx: RuleContext) -> Iterator[Violation]:
    least = ctx.param(MIN_COMMITTEE_MEMBERS.name)
    for fund in ctx.registry.funds.values():
        members = fund.committee_members
        if members is not None and members < least:
            yield ctx.violation(
                fund.id,
                ctx.path("funds", fund.id, "committee_members"),
                zh=f"社区基金 {fund.id!r} 的管理委员会有 {members} 名成员，应不少于 {least} 名",
                en=f"fund {fund.id!r} has a management committee of {members}, expected at least {least}",
                expected=least,
                found=members,
            )


def _committee_odd(ctx: RuleContext) -> Iterator[Violation]:
    for fund in ctx.registry.funds.values():
        members = fund.committee_members
        if members is not None and members % 2 == 0:
            yield ctx.violation(
                fund.id,
                ctx.path("funds", fund.id, "committee_members"),
                zh=f"社区基金 {fund.id!r} 的管理委员会有 {members} 名成员，应为单数",
                en=f"fund {fund.id!r} has a management committee of {members}, expected an odd number",
                expected="odd",
                found=members,
            )


def _committee_supervisor(ctx: RuleContext) -> Iterator[Violation]:
    for fund in ctx.registry.funds.values():
        if fund.committee_supervisors == 0:
            yield ctx.violation(
                fund.id,
                ctx.path("funds", fund.id, "committee_supervisors"),
                zh=f"社区基金 {fund.id!r} 的管理委员会未设监事",
                en=f"fund {fund.id!r} has no supervisor over its management committee",
                expected=1,
                found=0,
            )


CHECKS: dict[str, Check] = {
    "SW-F001": _manager,
    "SW-F002": _serves_community,
    "SW-F003": _donation_dates,
    "SW-F004": _matches,
    "SW-F005": _grant_targets,
    "SW-F006": _balance,
    "SW-F007": _no_sub_funds,
    "SW-F008": _committee_size,
    "SW-F009": _committee_odd,
    "SW-F010": _committee_supervisor,
}
