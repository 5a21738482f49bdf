"""Community-fund rules (社区基金管理办法 of Binzhou, Hunan and Hubei)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from socialwork.funds import BINZHOU_RULE, MatchingRule, matched_amount
from socialwork.model import MONEY_CONTEXT, Division, DivisionLevel, Donation, Fund, Grant, OrgKind, Severity
from socialwork.rules._each import Finding, for_each
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._params import Parameter
from socialwork.rules._report import Violation

__all__ = ["PARAMETERS", "RULES"]

MANAGER_KINDS = Parameter(
    "funds.manager_kinds",
    [OrgKind.CHARITY_FEDERATION],
    type="org_kinds",
    description="the kinds of organization that may manage a community fund",
    description_zh="可作为社区基金管理人的组织类型",
)
ALLOW_PUBLIC_FUNDRAISING = Parameter(
    "funds.allow_public_fundraising_charities",
    False,  # noqa: FBT003 - a value, not a flag argument
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
PARAMETERS = (
    MANAGER_KINDS,
    ALLOW_PUBLIC_FUNDRAISING,
    CHARITY_KINDS,
    MATCHING_RATIO,
    MATCHING_CAP,
    MIN_COMMITTEE_MEMBERS,
)
_BINZHOU = "滨州市社区基金管理办法 (善来善往); 湖南、湖北社区慈善基金管理办法"
_ZERO = Decimal("0.00")


# Members that a check reads once per entity, bound once: looking one up on its enum costs
# about 80 ns on Python 3.11, more than the rest of a simple check.
_COMMUNITY = DivisionLevel.COMMUNITY


@rule(
    code="SW-F001",
    title_zh="社区基金由慈善总会管理",
    title_en="a community fund is managed by a charity federation",
    severity=Severity.ERROR,
    family="funds",
    reference=(_BINZHOU + ": 社区基金依托慈善总会设立; 湖南、湖北的办法也允许具有公开募捐资格的慈善组织"),
    parameters=[MANAGER_KINDS, ALLOW_PUBLIC_FUNDRAISING, CHARITY_KINDS],
)
@for_each("funds", at="manager_id")
def _manager(ctx: RuleContext, fund: Fund) -> Finding | None:
    allowed = ctx.param(MANAGER_KINDS.name)
    manager = ctx.entities("organizations")[fund.manager_id]
    kind = manager.kind
    if kind in allowed:
        return None
    charities = ctx.param(CHARITY_KINDS.name) if ctx.param(ALLOW_PUBLIC_FUNDRAISING.name) else frozenset()
    if manager.public_fundraising and kind in charities:
        return None
    names = ", ".join(sorted(each.value for each in allowed))
    also_zh = also_en = ""
    if charities:
        also_zh = "或具有公开募捐资格的慈善组织"
        kinds = ", ".join(sorted(each.value for each in charities))
        also_en = f", or a charity ({kinds}) with public-fundraising qualification"
    return Finding(
        zh=f"社区基金 {fund.id!r} 的管理人 {fund.manager_id!r} 是{kind.zh}，应为慈善总会{also_zh}",
        en=f"fund {fund.id!r} is managed by {kind.en} {fund.manager_id!r}, expected one of {names}{also_en}",
        expected=allowed,
        found=kind,
    )


@rule(
    code="SW-F002",
    title_zh="社区基金服务一个社区",
    title_en="a community fund serves a community",
    severity=Severity.ERROR,
    family="funds",
    reference=_BINZHOU + ": 社区基金以社区为单位设立",
)
@for_each("funds", at="division_id")
def _serves_community(ctx: RuleContext, fund: Fund) -> Finding | None:
    level = ctx.entities("divisions")[fund.division_id].level
    if level is _COMMUNITY:
        return None
    return Finding(
        zh=f"社区基金 {fund.id!r} 设在{level.zh} {fund.division_id!r}，应为社区",
        en=f"fund {fund.id!r} serves {level.en} {fund.division_id!r}, expected a community",
        expected=DivisionLevel.COMMUNITY,
        found=level,
    )


@rule(
    code="SW-F003",
    title_zh="基金设立前不得接受捐赠",
    title_en="no donation before the fund was set up",
    severity=Severity.ERROR,
    family="funds",
    reference=_BINZHOU,
)
@for_each("donations", at="date")
def _donation_dates(ctx: RuleContext, donation: Donation) -> Finding | None:
    established = ctx.entities("funds")[donation.fund_id].established
    if donation.date >= established:
        return None
    return Finding(
        zh=f"捐赠 {donation.id!r}（{donation.date}）早于基金 {donation.fund_id!r} 设立日 {established}",
        en=f"donation {donation.id!r} on {donation.date} precedes the fund's setting up on {established}",
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


@rule(
    code="SW-F004",
    title_zh="配捐不超过配捐规则",
    title_en="matched donations stay within the matching rule",
    severity=Severity.ERROR,
    family="funds",
    reference=_BINZHOU + ": 配捐 10:1, 每个基金上限 3 万元",
    parameters=[MATCHING_RATIO, MATCHING_CAP],
)
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


@rule(
    code="SW-F005",
    title_zh="基金只资助服务本社区的项目",
    title_en="a fund pays only projects that serve its community",
    severity=Severity.ERROR,
    family="funds",
    reference=_BINZHOU + ": 基金用于本社区的公益服务",
)
@for_each("grants", at="project_id")
def _grant_targets(ctx: RuleContext, grant: Grant) -> Finding | None:
    community = ctx.entities("funds")[grant.fund_id].division_id
    project = ctx.entities("projects")[grant.project_id]
    if community in project.community_ids:
        return None
    return Finding(
        zh=f"资助 {grant.id!r} 给了不服务社区 {community!r} 的项目 {project.id!r}",
        en=(
            f"grant {grant.id!r} pays project {project.id!r}, "
            f"which does not serve the fund's community {community!r}"
        ),
        expected=community,
        found=project.community_ids,
    )


@rule(
    code="SW-F006",
    title_zh="资助不超过基金余额",
    title_en="a grant never exceeds the fund's balance",
    severity=Severity.ERROR,
    family="funds",
    reference=_BINZHOU + ": 量入为出",
    parameters=[MATCHING_RATIO, MATCHING_CAP],
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


def _with_several_funds(ctx: RuleContext) -> Iterator[Division]:
    divisions = ctx.entities("divisions")
    by_community = ctx.registry.referrer_index("funds", "division_id")
    return (divisions[code] for code, funds in by_community.items() if len(funds) > 1)


@rule(
    code="SW-F007",
    title_zh="社区基金不设子基金",
    title_en="no sub-funds: one community fund per community",
    severity=Severity.WARNING,
    family="funds",
    reference=_BINZHOU + ": 社区基金不再下设子基金",
)
@for_each("divisions", among=_with_several_funds)
def _no_sub_funds(ctx: RuleContext, division: Division) -> Finding:
    ids = tuple(f.id for f in ctx.registry.referrer_index("funds", "division_id")[division.code])
    return Finding(
        zh=f"社区 {division.code!r} 设有 {len(ids)} 个基金：{', '.join(ids)}",
        en=f"community {division.code!r} has {len(ids)} funds: {', '.join(ids)}",
        expected=1,
        found=ids,
    )


_COMMITTEE = _BINZHOU + ": 社区基金设管理委员会, 由 5 名以上单数成员组成, 并设监事监督其运作"


@rule(
    code="SW-F008",
    title_zh="基金管理委员会人数不少于规定",
    title_en="a fund's management committee has enough members",
    severity=Severity.ERROR,
    family="funds",
    reference=_COMMITTEE,
    parameters=[MIN_COMMITTEE_MEMBERS],
)
@for_each("funds", at="committee_members")
def _committee_size(ctx: RuleContext, fund: Fund) -> Finding | None:
    members = fund.committee_members
    if members is None:
        return None
    least = ctx.param(MIN_COMMITTEE_MEMBERS.name)
    if members >= least:
        return None
    return Finding(
        zh=f"社区基金 {fund.id!r} 的管理委员会有 {members} 名成员，应不少于 {least} 名",
        en=f"fund {fund.id!r} has a management committee of {members}, expected at least {least}",
        expected=least,
        found=members,
    )


@rule(
    code="SW-F009",
    title_zh="基金管理委员会成员为单数",
    title_en="a fund's management committee has an odd number of members",
    severity=Severity.ERROR,
    family="funds",
    reference=_COMMITTEE,
)
@for_each("funds", at="committee_members")
def _committee_odd(_ctx: RuleContext, fund: Fund) -> Finding | None:
    members = fund.committee_members
    if members is None or members % 2 == 1:
        return None
    return Finding(
        zh=f"社区基金 {fund.id!r} 的管理委员会有 {members} 名成员，应为单数",
        en=f"fund {fund.id!r} has a management committee of {members}, expected an odd number",
        expected="odd",
        found=members,
    )


@rule(
    code="SW-F010",
    title_zh="基金管理委员会设监事",
    title_en="a fund's management committee has a supervisor",
    severity=Severity.ERROR,
    family="funds",
    reference=_COMMITTEE,
)
@for_each("funds", at="committee_supervisors")
def _committee_supervisor(_ctx: RuleContext, fund: Fund) -> Finding | None:
    if fund.committee_supervisors != 0:
        return None
    return Finding(
        zh=f"社区基金 {fund.id!r} 的管理委员会未设监事",
        en=f"fund {fund.id!r} has no supervisor over its management committee",
        expected=1,
        found=0,
    )


RULES: tuple[Rule, ...] = (
    _manager,
    _serves_community,
    _donation_dates,
    _matches,
    _grant_targets,
    _balance,
    _no_sub_funds,
    _committee_size,
    _committee_odd,
    _committee_supervisor,
)
