"""Fund statements: what a community fund has raised and been matched, as of a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from socialwork.errors import FundsError, Problem
from socialwork.funds._engine import ZERO, Timeline, match_timeline
from socialwork.funds._rule import MatchingRule, check_type
from socialwork.model import Donation, Fund, FundId, Grant

__all__ = ["Statement", "YearFigures", "check_items", "statement"]


@attrs.frozen
class YearFigures:
    """A fund's figures for one calendar year.

    Attributes:
        year: The calendar year.
        raised: Yuan raised in the year.
        matched: Yuan the federation added in the year: the growth of the
            cumulative match over the year.
        donations: How many donations were received.
        donors: How many distinct named donors gave.
    """

    year: int
    raised: Decimal
    matched: Decimal
    donations: int
    donors: int


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
        donations: How many donations were received.
        donors: How many distinct named donors gave.
        anonymous: How many donations name no donor.
        years: The figures of each calendar year with a donation or a match, in order.

    Examples:
        >>> from socialwork.funds import BINZHOU_RULE
        >>> s = statement(example.funds["fund-nijiaqiao"], example.donations.values(), BINZHOU_RULE)
        >>> s.raised, s.matched, s.total
        (Decimal('6500.50'), Decimal('650.05'), Decimal('7150.55'))
    """

    fund_id: FundId
    rule: MatchingRule
    as_of: dt.date | None
    raised: Decimal
    counted: Decimal
    matched: Decimal
    room: Decimal | None
    at_cap: bool
    donations: int
    donors: int
    anonymous: int
    years: tuple[YearFigures, ...]

    @property
    def total(self) -> Decimal:
        """Yuan in the fund's account before grants, raised plus matched."""
        return self.raised + self.matched

    def explain(self) -> str:
        """Return how the figures were reached, in words.

        Examples:
            >>> from socialwork.funds import BINZHOU_RULE
            >>> s = statement(example.funds["fund-nijiaqiao"], example.donations.values(), BINZHOU_RULE)
            >>> print(s.explain())
            fund-nijiaqiao: raised 6500.50 yuan in 3 donation(s) from 2 named donor(s) and 1 anonymous; ...
            matched 650.05 yuan under 10:1, at most 30000.00 yuan over the fund's life, ...
            total 7150.55 yuan; the federation may still add 29349.95 yuan
        """
        when = f" as of {self.as_of}" if self.as_of is not None else ""
        lines = [
            (
                f"{self.fund_id}{when}: raised {self.raised} yuan in {self.donations} donation(s) "
                f"from {self.donors} named donor(s) and {self.anonymous} anonymous; "
                f"{self.counted} yuan counted for matching"
            ),
            f"matched {self.matched} yuan under {self.rule.describe()}"
            + (" (the cap is reached)" if self.at_cap else ""),
        ]
        room = "no cap" if self.room is None else f"the federation may still add {self.room} yuan"
        lines.append(f"total {self.total} yuan; {room}")
        return "\n".join(lines)


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
            msg = f"expected a {expected.__name__}, got {type(item).__name__} {item!r}"
            problems.append(Problem(f"{kind}[{position}]", msg))
            continue
        if item.fund_id != fund.id:
            msg = f"expected fund {fund.id!r}, got {item.fund_id!r}"
            problems.append(Problem(f"{kind}[{position}].fund_id", msg))
        where = f"{kind}[{position}]"
        first = seen.setdefault(item.id, where)
        if first != where:
            problems.append(Problem(f"{where}.id", f"duplicate id {item.id!r}, already used by {first}"))
    return listed, problems


def statement(
    fund: Fund, donations: Iterable[Donation], rule: MatchingRule, /, *, as_of: dt.date | None = None
) -> Statement:
    """Return the statement of *fund*: raised, matched, room left, donors, by year.

    Matches are computed on cumulative totals (see :class:`MatchingRule`), so the
    order and the split of the donations do not change them (unless the rule has a
    minimum donation, which a split can fall below). Donations after *as_of* are
    ignored, so the statement as of a date is the statement of the donations up to
    that date.

    Args:
        fund: The fund.
        donations: Its donations, in any order; e.g. ``registry.donations.values()``
            filtered to the fund.
        rule: The matching rule, e.g. :data:`BINZHOU_RULE`.
        as_of: The last day to take into account; every donation by default.

    Returns:
        The statement.

    Raises:
        FundsError: a donation is given to another fund, or an id is used twice;
            every such donation is named.
        InvalidTypeError: *fund* is not a :class:`~socialwork.Fund` or *rule* not a
            :class:`MatchingRule`.

    Examples:
        >>> from socialwork.funds import BINZHOU_RULE
        >>> fund = example.funds["fund-nijiaqiao"]
        >>> gifts = example.donations.values()
        >>> statement(fund, gifts, BINZHOU_RULE, as_of=dt.date(2022, 3, 31)).matched
        Decimal('500.00')
        >>> [(y.year, y.raised) for y in statement(fund, gifts, BINZHOU_RULE).years]
        [(2022, Decimal('6500.50'))]
    """
    check_type(fund, Fund, "fund")
    check_type(rule, MatchingRule, "rule")
    listed, problems = check_items(fund, donations, "donations")
    if problems:
        msg = f"cannot draw up the statement of fund {fund.id!r}"
        raise FundsError(msg, problems)
    gifts = [d for d in listed if isinstance(d, Donation) and (as_of is None or d.date <= as_of)]
    timeline = match_timeline(rule, ((d.date, d.amount) for d in gifts), as_of)
    return _statement(fund.id, rule, as_of, gifts, timeline)


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
            donations=counts.get(year, 0),
            donors=len(names.get(year, ())),
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
        donations=len(gifts),
        donors=len(donors),
        anonymous=sum(1 for gift in gifts if gift.donor is None),
        years=figures,
    )
