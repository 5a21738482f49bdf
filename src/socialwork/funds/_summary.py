"""Summaries of many funds: a federation's or a city's books at a glance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from socialwork.funds._engine import ZERO, match_timeline
from socialwork.funds._rule import MatchingRule, check_type
from socialwork.funds._statement import Statement, _statement
from socialwork.hierarchy import is_within
from socialwork.model import Donation, Fund, FundId, Grant, ProjectId, Registry

__all__ = ["FundsSummary", "summary"]


@attrs.frozen
class FundsSummary:
    """The funds of a federation or a place, totalled.

    Attributes:
        rule: The matching rule applied.
        as_of: The last day taken into account; ``None`` for everything.
        manager_id: The federation whose funds these are, if one was chosen.
        within: The division the funds serve (or serve below), if one was chosen.
        statements: The statement of each fund, by fund id.
        raised: Yuan raised by all the funds.
        matched: Yuan the federation added: its cost.
        disbursed: Yuan paid out in grants.
        at_cap: The funds whose match reached the cap, by id.
        nothing_raised: The funds that have raised nothing, by id.
        project_ids: The projects the funds have financed, by id.
        beneficiaries: The person-times (人次) served by those projects, each
            project counted once however many funds financed it.

    Examples:
        >>> from socialwork.funds import BINZHOU_RULE
        >>> s = summary(example, BINZHOU_RULE)
        >>> s.funds, s.raised, s.beneficiaries
        (1, Decimal('6500.50'), 860)
    """

    rule: MatchingRule
    as_of: dt.date | None
    manager_id: str | None
    within: str | None
    statements: tuple[Statement, ...]
    raised: Decimal
    matched: Decimal
    disbursed: Decimal
    at_cap: tuple[FundId, ...]
    nothing_raised: tuple[FundId, ...]
    project_ids: tuple[ProjectId, ...]
    beneficiaries: int

    @property
    def funds(self) -> int:
        """How many funds are summarised."""
        return len(self.statements)

    @property
    def total(self) -> Decimal:
        """Yuan raised and matched."""
        return self.raised + self.matched

    @property
    def balance(self) -> Decimal:
        """Yuan left in the funds, raised and matched less grants."""
        return self.total - self.disbursed

    def explain(self) -> str:
        """Return the totals in words.

        Examples:
            >>> from socialwork.funds import BINZHOU_RULE
            >>> print(summary(example, BINZHOU_RULE).explain())
            1 fund(s): raised 6500.50 yuan, matched 650.05 yuan (10:1, ...), granted 4000.00 yuan, ...
        """
        return (
            f"{self.funds} fund(s): raised {self.raised} yuan, matched {self.matched} yuan "
            f"({self.rule.describe()}), granted {self.disbursed} yuan, balance {self.balance} yuan; "
            f"{len(self.at_cap)} at the cap, {len(self.nothing_raised)} with nothing raised; "
            f"{len(self.project_ids)} project(s) financed, reaching {self.beneficiaries} person-times"
        )


def summary(
    registry: Registry,
    rule: MatchingRule,
    /,
    *,
    manager_id: str | None = None,
    within: str | None = None,
    as_of: dt.date | None = None,
) -> FundsSummary:
    """Return the totals of the funds in *registry*: raised, matched, granted, reach.

    Args:
        registry: The registry.
        rule: The matching rule, e.g. :data:`BINZHOU_RULE`.
        manager_id: Only the funds managed by this organization (a federation).
        within: Only the funds serving this division or a division below it,
            e.g. a city's code.
        as_of: The last day to take into account; everything by default.

    Returns:
        The summary; beneficiaries are the person-times of the projects financed
        by grants of the chosen funds (up to *as_of*).

    Raises:
        UnknownIdError: *manager_id* or *within* is not in the registry.
        InvalidTypeError: *registry* is not a registry or *rule* not a rule.

    Examples:
        >>> from socialwork.funds import BINZHOU_RULE
        >>> s = summary(example, BINZHOU_RULE, within="510107")
        >>> s.at_cap, s.nothing_raised, s.project_ids
        ((), (), ('p-elderly',))
    """
    check_type(registry, Registry, "registry")
    check_type(rule, MatchingRule, "rule")
    if manager_id is not None:
        registry.organizations[manager_id]
    if within is not None:
        registry.divisions[within]
    chosen: dict[str, Fund] = {
        fund.id: fund
        for fund in registry.funds.values()
        if (manager_id is None or fund.manager_id == manager_id)
        and (within is None or is_within(registry, fund.division_id, within))
    }
    gifts: dict[str, list[Donation]] = {fund_id: [] for fund_id in chosen}
    for gift in registry.donations.values():
        if gift.fund_id in gifts and (as_of is None or gift.date <= as_of):
            gifts[gift.fund_id].append(gift)
    grants: list[Grant] = [
        grant
        for grant in registry.grants.values()
        if grant.fund_id in chosen and (as_of is None or grant.date <= as_of)
    ]
    statements = []
    for fund_id in sorted(chosen):
        items = gifts[fund_id]
        timeline = match_timeline(rule, ((d.date, d.amount) for d in items), as_of)
        statements.append(_statement(chosen[fund_id].id, rule, as_of, items, timeline))
    project_ids = tuple(sorted({grant.project_id for grant in grants}))
    return FundsSummary(
        rule=rule,
        as_of=as_of,
        manager_id=manager_id,
        within=within,
        statements=tuple(statements),
        raised=sum((s.raised for s in statements), ZERO),
        matched=sum((s.matched for s in statements), ZERO),
        disbursed=sum((grant.amount for grant in grants), ZERO),
        at_cap=tuple(s.fund_id for s in statements if s.at_cap),
        nothing_raised=tuple(s.fund_id for s in statements if s.raised == 0),
        project_ids=project_ids,
        beneficiaries=sum(registry.projects[p].person_times for p in project_ids),
    )
