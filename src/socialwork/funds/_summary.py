"""Summaries of many funds: a federation's or a city's books at a glance."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Any

import attrs

from socialwork._tables import MoneyMode, html_facts, html_table, make_frame, short_items
from socialwork.errors import Message
from socialwork.funds._engine import ZERO, match_timeline
from socialwork.funds._rule import BINZHOU_RULE, MatchingRule, check_on
from socialwork.funds._statement import STATEMENT_COLUMNS, Statement, make_statement
from socialwork.hierarchy import is_within
from socialwork.model import MONEY_CONTEXT, Fund, FundId, Grant, ProjectId, Registry
from socialwork.model.validators import check_str, instance_of, optional

__all__ = ["FundsSummary", "summary"]


@attrs.frozen(repr=False)
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
        at_cap_ids: The funds whose match reached the cap, by id.
        nothing_raised_ids: The funds that have raised nothing, by id.
        project_ids: The projects the funds have financed, by id.
        person_times: The person-times (人次) served by those projects, each
            project counted once however many funds financed it.

    Examples:
        >>> from socialwork.funds import summary
        >>> s = summary(sw.datasets.example())
        >>> s.fund_count, s.raised, s.person_times
        (1, Decimal('6500.50'), 860)

    .. versionchanged:: 0.2
       ``funds`` is now :attr:`fund_count`, ``beneficiaries`` :attr:`person_times`,
       ``at_cap`` :attr:`at_cap_ids` and ``nothing_raised`` :attr:`nothing_raised_ids`:
       a count is not named like a collection, and ids end in ``_ids``.

    .. versionchanged:: 0.2
       Its ``repr`` is short whatever the number of funds (counts and the first
       few ids); :meth:`to_frame` and a notebook view (``_repr_html_``) were added.
    """

    rule: MatchingRule
    as_of: dt.date | None
    manager_id: str | None
    within: str | None
    statements: tuple[Statement, ...]
    raised: Decimal
    matched: Decimal
    disbursed: Decimal
    at_cap_ids: tuple[FundId, ...]
    nothing_raised_ids: tuple[FundId, ...]
    project_ids: tuple[ProjectId, ...]
    person_times: int

    @property
    def fund_count(self) -> int:
        """How many funds are summarised."""
        return len(self.statements)

    @property
    def total(self) -> Decimal:
        """Yuan raised and matched (exact in any decimal context)."""
        return MONEY_CONTEXT.add(self.raised, self.matched)

    @property
    def balance(self) -> Decimal:
        """Yuan left in the funds, raised and matched less grants (exact in any decimal context)."""
        return MONEY_CONTEXT.subtract(self.total, self.disbursed)

    def explain(self) -> Message:
        """Return the totals in words: a Message in English that knows its Chinese.

        Examples:
            >>> from socialwork.funds import summary
            >>> totals = summary(sw.datasets.example()).explain()
            >>> print(totals)
            1 fund(s): raised 6500.50 yuan, matched 650.05 yuan (10:1, ...), granted 4000.00 yuan, ...
            >>> print(totals.zh)
            社区基金 1 个：募集 6500.50 元，配捐 650.05 元（10:1，...），资助 4000.00 元，结余 3150.55 元；...

        .. versionchanged:: 0.2
           Returns a :class:`~socialwork.errors.Message`.
        """
        return Message(
            "{funds} fund(s): raised {raised} yuan, matched {matched} yuan ({rule}), granted {granted} yuan, "
            "balance {balance} yuan; {at_cap} at the cap, {nothing} with nothing raised; "
            "{projects} project(s) financed, reaching {person_times} person-times",
            "社区基金 {funds} 个：募集 {raised} 元，配捐 {matched} 元（{rule}），资助 {granted} 元，"
            "结余 {balance} 元；{at_cap} 个达到配捐上限，{nothing} 个尚未募集；"
            "资助服务项目 {projects} 个，服务 {person_times} 人次",
            funds=self.fund_count,
            raised=self.raised,
            matched=self.matched,
            rule=self.rule.describe(),
            granted=self.disbursed,
            balance=self.balance,
            at_cap=len(self.at_cap_ids),
            nothing=len(self.nothing_raised_ids),
            projects=len(self.project_ids),
            person_times=self.person_times,
        )

    def to_frame(self, *, money: MoneyMode = "decimal") -> Any:
        """Return the statements as a pandas ``DataFrame``, a row a fund, indexed by ``fund_id`` (pandas).

        Columns: ``raised``, ``counted``, ``matched``, ``total`` and ``room``
        (``Decimal`` yuan, or whole fen as ``int64`` / nullable ``Int64`` with
        ``money="fen"``; ``room`` is missing without a cap), ``at_cap`` (``bool``),
        ``donation_count``, ``donor_count`` and ``anonymous_count`` (``int64``).

        Raises:
            MissingDependencyError: pandas is not installed.
            InvalidValueError: *money* is neither ``"decimal"`` nor ``"fen"``.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.funds import summary
            >>> frame = summary(sw.datasets.example()).to_frame(money="fen")
            >>> frame.loc["fund-nijiaqiao", ["raised", "matched", "room"]].tolist()
            [650050, 65005, 2934995]

        .. versionadded:: 0.2
        """
        rows = (s.row() for s in self.statements)
        return make_frame(
            STATEMENT_COLUMNS, rows, purpose="FundsSummary.to_frame()", index="fund_id", money=money
        )

    def __repr__(self) -> str:
        return (
            f"FundsSummary({self.fund_count} fund(s), raised={self.raised!r}, matched={self.matched!r}, "
            f"disbursed={self.disbursed!r}, at_cap_ids={short_items(self.at_cap_ids)}, "
            f"nothing_raised_ids={short_items(self.nothing_raised_ids)}, "
            f"project_ids={short_items(self.project_ids)}, person_times={self.person_times})"
        )

    def _repr_html_(self) -> str:
        facts = [
            ("funds", self.fund_count),
            ("raised (yuan)", self.raised),
            ("matched (yuan)", self.matched),
            ("granted (yuan)", self.disbursed),
            ("balance (yuan)", self.balance),
            ("at the cap", len(self.at_cap_ids)),
            ("nothing raised", len(self.nothing_raised_ids)),
            ("projects financed", len(self.project_ids)),
            ("person-times", self.person_times),
            ("rule", self.rule.describe()),
        ]
        table = html_table(
            "statements", list(STATEMENT_COLUMNS), (s.row() for s in self.statements), total=self.fund_count
        )
        return html_facts("FundsSummary", facts, table)


def summary(
    registry: Registry,
    /,
    *,
    rule: MatchingRule = BINZHOU_RULE,
    manager_id: str | None = None,
    within: str | None = None,
    as_of: dt.date | None = None,
) -> FundsSummary:
    """Return the totals of the funds in *registry*: raised, matched, granted, reach.

    The money arithmetic runs in the library's own decimal context, whatever the
    caller's.

    Args:
        registry: The registry.
        rule: The matching rule, :data:`BINZHOU_RULE` by default.
        manager_id: Only the funds managed by this organization (a federation).
        within: Only the funds serving this division or a division below it,
            e.g. a city's code.
        as_of: The last day to take into account; everything by default.

    Returns:
        The summary; its person-times are those of the projects financed by
        grants of the chosen funds (up to *as_of*).

    Raises:
        UnknownIdError: *manager_id* or *within* is not in the registry.
        InvalidTypeError: an argument has the wrong type (the error's path names it).

    Examples:
        >>> from socialwork.funds import MatchingRule, summary
        >>> registry = sw.datasets.example()
        >>> s = summary(registry, within="510107")
        >>> s.at_cap_ids, s.nothing_raised_ids, s.project_ids
        ((), (), ('p-elderly',))
        >>> summary(registry, rule=MatchingRule(ratio="0.2")).matched
        Decimal('1300.10')

    .. versionchanged:: 0.2
       *rule* is keyword-only and defaults to :data:`BINZHOU_RULE`; every argument
       is type-checked.
    """
    instance_of(Registry)(None, "registry", registry)
    instance_of(MatchingRule)(None, "rule", rule)
    optional(check_str)(None, "manager_id", manager_id)
    optional(check_str)(None, "within", within)
    check_on(as_of, "as_of")
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
    statements = []
    grants: list[Grant] = []
    for fund_id in sorted(chosen):
        gifts = [
            gift
            for gift in registry.referrers("donations", "fund_id", fund_id)
            if as_of is None or gift.date <= as_of
        ]
        timeline = match_timeline(rule, ((d.date, d.amount) for d in gifts), as_of)
        statements.append(make_statement(chosen[fund_id].id, rule, as_of, gifts, timeline))
        grants.extend(
            grant
            for grant in registry.referrers("grants", "fund_id", fund_id)
            if as_of is None or grant.date <= as_of
        )
    project_ids = tuple(sorted({grant.project_id for grant in grants}))
    with decimal.localcontext(MONEY_CONTEXT):
        return FundsSummary(
            rule=rule,
            as_of=as_of,
            manager_id=manager_id,
            within=within,
            statements=tuple(statements),
            raised=sum((s.raised for s in statements), ZERO),
            matched=sum((s.matched for s in statements), ZERO),
            disbursed=sum((grant.amount for grant in grants), ZERO),
            at_cap_ids=tuple(s.fund_id for s in statements if s.at_cap),
            nothing_raised_ids=tuple(s.fund_id for s in statements if s.raised == 0),
            project_ids=project_ids,
            person_times=sum(registry.projects[p].person_times for p in project_ids),
        )
