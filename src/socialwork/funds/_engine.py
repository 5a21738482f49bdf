"""The exact matching engine: cumulative matches of one fund, date by date, in ``Decimal``.

Every public computation of :mod:`socialwork.funds` (statements, ledgers, summaries
and the exact path of simulations) goes through :func:`match_timeline`, so they
agree to the fen by construction.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from decimal import Decimal

import attrs

from socialwork.funds._rule import EXACT, CapPeriod, MatchingRule, in_force, match_value

__all__ = ["Timeline", "match_timeline"]

ZERO = Decimal("0.00")


@attrs.frozen
class Timeline:
    """The cumulative match of one fund after each day that something happened.

    Attributes:
        dates: Each day with a donation or a change of rule, in order.
        matched: The cumulative matched yuan at the end of each of those days.
        counted: The yuan raised that counted for matching.
        at_cap: Whether the match reached the cap in some cap period.
        room: What the federation may still add in the current cap period
            (``None`` without a cap).
    """

    dates: tuple[dt.date, ...]
    matched: tuple[Decimal, ...]
    counted: Decimal
    at_cap: bool
    room: Decimal | None

    @property
    def total(self) -> Decimal:
        """The cumulative match at the end."""
        return self.matched[-1] if self.matched else ZERO


def match_timeline(
    rule: MatchingRule, gifts: Iterable[tuple[dt.date, Decimal]], as_of: dt.date | None
) -> Timeline:
    """Match the *gifts* (day, yuan) of one fund under *rule*, up to *as_of* included.

    A gift is matched by the version of the rule in force on its day and counts
    towards the cap period it falls in (the fund's life, or its calendar year).
    Each cap period's match is ``min(cap, round(sum of amount * ratio))``,
    re-evaluated at the end of every day by the version then in force, and never
    taken back: a period's match is the largest value it has had. The sums run in
    the exact context, so the caller's decimal context never changes a figure.
    """
    with decimal.localcontext(EXACT):  # every sum below is exact, whatever the caller's context
        return _timeline(rule, gifts, as_of)


def _timeline(
    rule: MatchingRule, gifts: Iterable[tuple[dt.date, Decimal]], as_of: dt.date | None
) -> Timeline:
    by_day: dict[dt.date, list[Decimal]] = {}
    for day, amount in gifts:
        if as_of is None or day <= as_of:
            by_day.setdefault(day, []).append(amount)
    changes = {v.effective for v in rule.versions if v.effective is not None}
    days = sorted(by_day.keys() | {d for d in changes if as_of is None or d <= as_of})
    exact: dict[int | None, Decimal] = {}
    matched: dict[int | None, Decimal] = {}
    capped: set[int | None] = set()
    counted = ZERO
    cumulative: list[Decimal] = []
    for day in days:
        terms = in_force(rule, day)
        if terms is not None:
            key = None if terms.cap_period is CapPeriod.LIFETIME else day.year
            for amount in by_day.get(day, ()):
                if amount >= terms.minimum_donation:
                    exact[key] = exact.get(key, ZERO) + amount * terms.ratio
                    counted += amount
            if key in exact:  # only the period open today: the life, or this year
                value = max(matched.get(key, ZERO), match_value(terms, exact[key]))
                matched[key] = value
                if terms.cap is not None and value >= terms.cap:
                    capped.add(key)
        cumulative.append(sum(matched.values(), ZERO))
    last = in_force(rule, as_of)
    room: Decimal | None = None
    if last is not None and last.cap is not None:
        if last.cap_period is CapPeriod.LIFETIME:
            current: int | None = None
        else:
            known = as_of if as_of is not None else (max(by_day) if by_day else None)
            current = known.year if known is not None else 0
        room = max(ZERO, last.cap - matched.get(current, ZERO))
    return Timeline(tuple(days), tuple(cumulative), counted, bool(capped), room)
