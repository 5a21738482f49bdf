"""Fund statements: what a community fund has raised and been matched, as of a date."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Final, cast, overload

import attrs

from socialwork._tables import Columns, MoneyMode, html_facts, html_table, make_frame
from socialwork.errors import FundsError, InvalidTypeError, Message, Problem
from socialwork.funds._engine import ZERO, Timeline, match_timeline
from socialwork.funds._rule import BINZHOU_RULE, MatchingRule, check_on
from socialwork.model import MONEY_CONTEXT, Donation, Fund, FundId, Grant, Registry
from socialwork.model.validators import check_str, instance_of

__all__ = ["STATEMENT_COLUMNS", "Statement", "YearFigures", "check_items", "statement"]

_YEAR_COLUMNS: Final[Columns] = {
    "year": "int",
    "raised": "money",
    "matched": "money",
    "donation_count": "int",
    "donor_count": "int",
}

STATEMENT_COLUMNS: Final[Columns] = {
    "fund_id": "text",
    "raised": "money",
    "counted": "money",
    "matched": "money",
    "total": "money",
    "room": "money?",
    "at_cap": "bool",
    "donation_count": "int",
    "donor_count": "int",
    "anonymous_count": "int",
}
"""The columns of a table of statements, one row a fund (:meth:`Statement.row`)."""


_CAP_REACHED: Final = Message(" (the cap is reached)", "；已达到上限")


@attrs.frozen
class YearFigures:
    """A fund's figures for one calendar year.

    Attributes:
        year: The calendar year.
        raised: Yuan raised in the year.
        matched: Yuan the federation added in the year: the growth of the
            cumulative match over the year.
        donation_count: How many donations were received.
        donor_count: How many distinct named donors gave.

    Examples:
        >>> from socialwork.funds import statement
        >>> registry = sw.datasets.example()
        >>> [(y.year, y.donation_count, y.donor_count) for y in statement(registry, "fund-nijiaqiao").years]
        [(2022, 3, 2)]

    .. versionchanged:: 0.2
       ``donations`` and ``donors`` are now :attr:`donation_count` and :attr:`donor_count`.
    """

    year: int
    raised: Decimal
    matched: Decimal
    donation_count: int
    donor_count: int


@attrs.frozen
class Statement:
    """What a community fund has raised and been matched, as of a date.

    Attributes:
        fund_id: The fund.
        rule: The matching rule applied.
        as_of: The last day taken into account; ``None`` for every donation.
        raised: Yuan raised.
        counted: Yuan raised that counted for matching (all of *raised* unless
            the rule has a minimum donation or took effect after some donations).
        matched: Yuan the federation added.
        room: What the federation may still add in the current cap period: the
            fund's life, or the calendar year of *as_of* (of the last donation if
            *as_of* is ``None``); ``None`` if the rule has no cap.
        at_cap: Whether the match reached the cap (in some year, for a yearly cap).
        donation_count: How many donations were received.
        donor_count: How many distinct named donors gave.
        anonymous_count: How many donations name no donor.
        years: The figures of each calendar year with a donation or a match, in order.

    Examples:
        >>> from socialwork.funds import statement
        >>> registry = sw.datasets.example()
        >>> s = statement(registry, "fund-nijiaqiao")
        >>> s.raised, s.matched, s.total
        (Decimal('6500.50'), Decimal('650.05'), Decimal('7150.55'))
        >>> s.donation_count, s.donor_count, s.anonymous_count
        (3, 2, 1)

    .. versionchanged:: 0.2
       ``donations``, ``donors`` and ``anonymous`` are now :attr:`donation_count`,
       :attr:`donor_count` and :attr:`anonymous_count`: they are counts.
    """

    fund_id: FundId
    rule: MatchingRule
    as_of: dt.date | None
    raised: Decimal
    counted: Decimal
    matched: Decimal
    room: Decimal | None
    at_cap: bool
    donation_count: int
    donor_count: int
    anonymous_count: int
    years: tuple[YearFigures, ...]

    @property
    def total(self) -> Decimal:
        """Yuan in the fund's account before grants, raised plus matched (exact in any context)."""
        return MONEY_CONTEXT.add(self.raised, self.matched)

    def explain(self) -> Message:
        """Return how the figures were reached, in words: a Message in English that knows its Chinese.

        Examples:
            >>> from socialwork.funds import statement
            >>> s = statement(sw.datasets.example(), "fund-nijiaqiao")
            >>> print(s.explain())
            fund-nijiaqiao: raised 6500.50 yuan in 3 donation(s) from 2 named donor(s) and 1 anonymous; ...
            matched 650.05 yuan under 10:1, at most 30000.00 yuan over the fund's life, ...
            total 7150.55 yuan; the federation may still add 29349.95 yuan
            >>> print(s.explain().zh)
            fund-nijiaqiao：募集 6500.50 元，捐赠 3 笔，实名捐赠人 2 位，匿名捐赠 1 笔；计入配捐 6500.50 元
            配捐 650.05 元（规则：10:1，基金存续期内至多 30000.00 元，向下舍入到分）
            合计 7150.55 元；慈善总会还可配捐 29349.95 元

        .. versionchanged:: 0.2
           Returns a :class:`~socialwork.errors.Message`.
        """
        when = "" if self.as_of is None else Message(" as of {date}", "（截至 {date}）", date=self.as_of)
        raised = Message(
            "{fund}{when}: raised {raised} yuan in {donations} donation(s) from {donors} named donor(s) "
            "and {anonymous} anonymous; {counted} yuan counted for matching",
            "{fund}{when}：募集 {raised} 元，捐赠 {donations} 笔，实名捐赠人 {donors} 位，"
            "匿名捐赠 {anonymous} 笔；计入配捐 {counted} 元",
            fund=self.fund_id,
            when=when,
            raised=self.raised,
            donations=self.donation_count,
            donors=self.donor_count,
            anonymous=self.anonymous_count,
            counted=self.counted,
        )
        cap = _CAP_REACHED if self.at_cap else ""
        matched = Message(
            "matched {matched} yuan under {rule}{cap}",
            "配捐 {matched} 元（规则：{rule}）{cap}",
            matched=self.matched,
            rule=self.rule.describe(),
            cap=cap,
        )
        if self.room is None:
            total = Message("total {total} yuan; no cap", "合计 {total} 元；不设上限", total=self.total)
        else:
            total = Message(
                "total {total} yuan; the federation may still add {room} yuan",
                "合计 {total} 元；慈善总会还可配捐 {room} 元",
                total=self.total,
                room=self.room,
            )
        return Message.joined("\n", "\n", [raised, matched, total])

    def row(self) -> tuple[Any, ...]:
        """Return the figures as one row of :meth:`FundsSummary.to_frame`, in the order of its columns.

        ``fund_id, raised, counted, matched, total, room, at_cap, donation_count,
        donor_count, anonymous_count``.

        Examples:
            >>> from socialwork.funds import statement
            >>> statement(sw.datasets.example(), "fund-nijiaqiao").row()[:5]
            ('fund-nijiaqiao', Decimal('6500.50'), Decimal('6500.50'), Decimal('650.05'), Decimal('7150.55'))

        .. versionadded:: 0.2
        """
        return (
            self.fund_id,
            self.raised,
            self.counted,
            self.matched,
            self.total,
            self.room,
            self.at_cap,
            self.donation_count,
            self.donor_count,
            self.anonymous_count,
        )

    def _year_rows(self) -> list[tuple[Any, ...]]:
        return [(y.year, y.raised, y.matched, y.donation_count, y.donor_count) for y in self.years]

    def to_frame(self, *, money: MoneyMode = "decimal") -> Any:
        """Return the figures of each year as a pandas ``DataFrame`` indexed by ``year`` (needs pandas).

        Columns: ``raised``, ``matched`` (``Decimal`` yuan, or ``int64`` fen with
        ``money="fen"``), ``donation_count`` and ``donor_count``.

        Raises:
            MissingDependencyError: pandas is not installed.
            InvalidValueError: *money* is neither ``"decimal"`` nor ``"fen"``.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.funds import statement
            >>> frame = statement(sw.datasets.example(), "fund-nijiaqiao").to_frame()
            >>> frame.loc[2022, "raised"], frame.loc[2022, "donor_count"]
            (Decimal('6500.50'), np.int64(2))

        .. versionadded:: 0.2
        """
        return make_frame(
            _YEAR_COLUMNS, self._year_rows(), purpose="Statement.to_frame()", index="year", money=money
        )

    def _repr_html_(self) -> str:
        facts = list(zip(STATEMENT_COLUMNS, self.row(), strict=True))[1:]
        years = html_table("years", list(_YEAR_COLUMNS), self._year_rows(), total=len(self.years))
        return html_facts(f"Statement of fund {self.fund_id}", facts, years)


def check_items(
    fund: Fund, items: Iterable[Donation | Grant], kind: str, seen: dict[str, str] | None = None
) -> tuple[list[Donation | Grant], list[Problem]]:
    """Return *items* as a list, with a problem for each one of another fund or a reused id."""
    listed = list(items)
    problems: list[Problem] = []
    seen = {} if seen is None else seen
    expected = Donation if kind == "donations" else Grant
    for position, item in enumerate(listed):
        if not isinstance(item, expected):
            msg = Message(
                "expected a {expected}, got {type} {item}",
                "应为 {expected}，实为 {type} {item}",
                expected=expected.__name__,
                type=type(item).__name__,
                item=repr(item),
            )
            problems.append(Problem(f"{kind}[{position}]", msg))
            continue
        if item.fund_id != fund.id:
            msg = Message(
                "expected fund {fund}, got {got}",
                "应为基金 {fund}，实为 {got}",
                fund=repr(fund.id),
                got=repr(item.fund_id),
            )
            problems.append(Problem(f"{kind}[{position}].fund_id", msg))
        where = f"{kind}[{position}]"
        first = seen.setdefault(item.id, where)
        if first != where:
            msg = Message(
                "duplicate id {id}, already used by {first}",
                "重复的 id {id}，已由 {first} 使用",
                id=repr(item.id),
                first=first,
            )
            problems.append(Problem(f"{where}.id", msg))
    return listed, problems


@overload
def statement(
    registry: Registry,
    fund_id: str,
    /,
    *,
    rule: MatchingRule = ...,
    as_of: dt.date | None = ...,
) -> Statement: ...


@overload
def statement(
    fund: Fund,
    donations: Iterable[Donation],
    /,
    *,
    rule: MatchingRule = ...,
    as_of: dt.date | None = ...,
) -> Statement: ...


def statement(
    source: Registry | Fund,
    of: str | Iterable[Donation],
    /,
    *,
    rule: MatchingRule = BINZHOU_RULE,
    as_of: dt.date | None = None,
) -> Statement:
    """Return the statement of a fund: raised, matched, room left, donors, by year.

    Call it as ``statement(registry, fund_id)`` for a fund in a registry (its
    donations are looked up there), or as ``statement(fund, donations)`` for a
    fund and donations held apart, e.g. planned ones.

    Matches are computed on cumulative totals (see :class:`MatchingRule`), so the
    order and the split of the donations do not change them (unless the rule has a
    minimum donation, which a split can fall below). Donations after *as_of* are
    ignored, so the statement as of a date is the statement of the donations up to
    that date. The money arithmetic runs in the library's own decimal context,
    whatever the caller's.

    Args:
        source: The registry holding the fund, or the fund itself.
        of: With a registry, the fund's id; with a fund, its donations in any order.
        rule: The matching rule, :data:`BINZHOU_RULE` by default.
        as_of: The last day to take into account; every donation by default.

    Returns:
        The statement.

    Raises:
        UnknownIdError: the registry holds no fund *fund_id*.
        FundsError: a donation given with a fund is for another fund, or an id is
            used twice; every such donation is named.
        InvalidTypeError: an argument has the wrong type (the error's path names it:
            ``registry``, ``fund_id``, ``donations``, ``rule`` or ``as_of``).

    Examples:
        >>> import datetime as dt
        >>> from socialwork.funds import MatchingRule, statement
        >>> registry = sw.datasets.example()
        >>> statement(registry, "fund-nijiaqiao", as_of=dt.date(2022, 3, 31)).matched
        Decimal('500.00')
        >>> statement(registry, "fund-nijiaqiao", rule=MatchingRule(ratio="0.2")).matched
        Decimal('1300.10')
        >>> fund = registry.funds["fund-nijiaqiao"]
        >>> gifts = registry.referrers("donations", "fund_id", fund.id)
        >>> [(y.year, y.raised) for y in statement(fund, gifts).years]
        [(2022, Decimal('6500.50'))]
        >>> statement(registry, "fund-nowhere")
        Traceback (most recent call last):
        ...
        socialwork.errors.UnknownIdError: unknown fund 'fund-nowhere'

    .. versionchanged:: 0.2
       *rule* is keyword-only and defaults to :data:`BINZHOU_RULE`; the form
       ``statement(registry, fund_id)`` is new; every argument is type-checked.
    """
    instance_of(MatchingRule)(None, "rule", rule)
    check_on(as_of, "as_of")
    given: object = source
    gifts: Sequence[Donation]
    if isinstance(given, Registry):
        check_str(None, "fund_id", of)
        fund = given.funds[cast("str", of)]
        gifts = given.referrers("donations", "fund_id", fund.id)
    elif isinstance(given, Fund):
        fund, gifts = given, _donations_of(given, of)
    else:
        msg = Message(
            "expected a Registry or a Fund, got {type} {given}",
            "应为 Registry 或 Fund，实为 {type} {given}",
            type=type(given).__name__,
            given=repr(given),
        )
        raise InvalidTypeError(msg, path="registry")
    chosen = [d for d in gifts if as_of is None or d.date <= as_of]
    timeline = match_timeline(rule, ((d.date, d.amount) for d in chosen), as_of)
    return make_statement(fund.id, rule, as_of, chosen, timeline)


def _donations_of(fund: Fund, donations: object) -> list[Donation]:
    if isinstance(donations, str | bytes) or not isinstance(donations, Iterable):
        msg = Message(
            "expected an iterable of Donation, got {type} {given}",
            "应为 Donation 的可迭代对象，实为 {type} {given}",
            type=type(donations).__name__,
            given=repr(donations),
        )
        raise InvalidTypeError(msg, path="donations")
    listed, problems = check_items(fund, donations, "donations")
    if problems:
        msg = Message(
            "cannot draw up the statement of fund {fund}", "无法编制基金 {fund} 的报表", fund=repr(fund.id)
        )
        raise FundsError(msg, problems)
    return [d for d in listed if isinstance(d, Donation)]


def make_statement(
    fund_id: FundId, rule: MatchingRule, as_of: dt.date | None, gifts: Sequence[Donation], timeline: Timeline
) -> Statement:
    """Return the statement of the donations *gifts* of one fund, matched as *timeline* says."""
    with decimal.localcontext(MONEY_CONTEXT):
        return _statement(fund_id, rule, as_of, gifts, timeline)


def _statement(
    fund_id: FundId, rule: MatchingRule, as_of: dt.date | None, gifts: Sequence[Donation], timeline: Timeline
) -> Statement:
    years: dict[int, list[Decimal]] = {}
    counts: dict[int, int] = {}
    names: dict[int, set[str]] = {}
    for gift in gifts:
        year = gift.date.year
        years.setdefault(year, []).append(gift.amount)
        counts[year] = counts.get(year, 0) + 1
        if gift.donor is not None:
            names.setdefault(year, set()).add(gift.donor)
    gained: dict[int, Decimal] = {}
    before = ZERO
    for day, value in zip(timeline.dates, timeline.matched, strict=True):
        if value != before:
            gained[day.year] = gained.get(day.year, ZERO) + (value - before)
            before = value
    figures = tuple(
        YearFigures(
            year=year,
            raised=sum(years.get(year, ()), ZERO),
            matched=gained.get(year, ZERO),
            donation_count=counts.get(year, 0),
            donor_count=len(names.get(year, ())),
        )
        for year in sorted(years.keys() | gained.keys())
    )
    donors = {gift.donor for gift in gifts if gift.donor is not None}
    return Statement(
        fund_id=fund_id,
        rule=rule,
        as_of=as_of,
        raised=sum((gift.amount for gift in gifts), ZERO),
        counted=timeline.counted,
        matched=timeline.total,
        room=timeline.room,
        at_cap=timeline.at_cap,
        donation_count=len(gifts),
        donor_count=len(donors),
        anonymous_count=sum(1 for gift in gifts if gift.donor is None),
        years=figures,
    )
