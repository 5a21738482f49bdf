"""What-if simulations: the same donations under several matching rules, vectorised and exact.

Money is held as integer fen in numpy ``int64`` arrays and ratios as fractions of
integers, so every figure equals the exact ``Decimal`` path to the fen; no float
is ever involved.
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from socialwork._optional import import_optional
from socialwork.errors import FundsError, Problem
from socialwork.funds._engine import match_timeline
from socialwork.funds._rule import CapPeriod, MatchingRule
from socialwork.model import FEN, FundId, Registry

__all__ = ["DonationTable", "RuleOutcome", "Simulation", "simulate"]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_LIMIT: Final = 2**62
"""Sums and products stay below this in ``int64``; beyond it the exact object path is used."""

_EPOCH: Final = dt.date(1970, 1, 1).toordinal()


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.setflags(write=False)
    return array


def _array_eq(left: npt.NDArray[Any], right: npt.NDArray[Any]) -> bool:
    return bool(np.array_equal(left, right))


_ARRAY: Final[Any] = {"eq": attrs.cmp_using(eq=_array_eq), "hash": False, "repr": False}


@attrs.frozen
class DonationTable:
    """Donations as columns of exact integers, ready for :func:`simulate`.

    Rows are ordered by fund and date. Build one with :meth:`from_registry` or,
    for national-scale what-ifs without millions of entities, :meth:`from_arrays`.
    The arrays are read-only.

    Attributes:
        fund_ids: Every fund, sorted by id, including funds with no donation.
        fund: For each donation, the position of its fund in *fund_ids*.
        amount: For each donation, its amount in fen (0.01 yuan).
        day: For each donation, its date as days since 1970-01-01.
        year: For each donation, its calendar year.

    Examples:
        >>> table = DonationTable.from_registry(example)
        >>> table.fund_ids, table.amount.tolist()
        (('fund-nijiaqiao',), [500000, 120050, 30000])
    """

    fund_ids: tuple[FundId, ...]
    fund: Ints = attrs.field(**_ARRAY)
    amount: Ints = attrs.field(**_ARRAY)
    day: Ints = attrs.field(**_ARRAY)
    year: Ints = attrs.field(**_ARRAY)

    def __len__(self) -> int:
        return len(self.amount)

    @classmethod
    def from_registry(cls, registry: Registry, /) -> DonationTable:
        """Return the donations of *registry*, with every fund it holds.

        Args:
            registry: The registry.

        Returns:
            The table.

        Examples:
            >>> len(DonationTable.from_registry(example))
            3
        """
        fund_ids = sorted(registry.funds)
        position = {fund_id: index for index, fund_id in enumerate(fund_ids)}
        gifts = registry.donations.values()
        fund = np.fromiter((position[d.fund_id] for d in gifts), dtype=np.int64, count=len(gifts))
        amount = np.fromiter((int(d.amount.scaleb(2)) for d in gifts), dtype=np.int64, count=len(gifts))
        day = np.fromiter((d.date.toordinal() - _EPOCH for d in gifts), dtype=np.int64, count=len(gifts))
        return cls.from_arrays(fund_ids, fund, amount, day.astype("datetime64[D]"))

    @classmethod
    def from_arrays(
        cls,
        fund_ids: Sequence[str],
        fund: npt.ArrayLike,
        amount_fen: npt.ArrayLike,
        dates: npt.ArrayLike,
        /,
    ) -> DonationTable:
        """Return a table from columns: fund positions, amounts in fen, dates.

        Args:
            fund_ids: The funds' ids, distinct, in any order.
            fund: For each donation, the position of its fund in *fund_ids*
                (integers).
            amount_fen: For each donation, its amount in whole fen, above zero
                (integers; floats are refused).
            dates: For each donation, its date: anything numpy turns into
                ``datetime64[D]``, such as ``datetime.date`` objects or ISO strings.

        Returns:
            The table, ordered by fund id and date.

        Raises:
            FundsError: the columns have different lengths or wrong types, a fund
                position is out of range, an amount is not above zero, an id is
                repeated, or the amounts add up past what ``int64`` holds safely.

        Examples:
            >>> t = DonationTable.from_arrays(["b", "a"], [0, 1, 0], [1000, 250, 99],
            ...                               ["2022-01-05", "2023-02-01", "2021-12-31"])
            >>> t.fund_ids, t.fund.tolist(), t.amount.tolist(), t.year.tolist()
            (('a', 'b'), [0, 1, 1], [250, 99, 1000], [2023, 2021, 2022])
        """
        problems: list[Problem] = []
        given: list[object] = list(fund_ids)
        problems.extend(
            Problem(f"fund_ids[{index}]", f"expected a str, got {type(item).__name__} {item!r}")
            for index, item in enumerate(given)
            if not isinstance(item, str)
        )
        ids = [str(item) for item in given]
        duplicated = sorted(item for item, count in Counter(ids).items() if count > 1)
        if duplicated:
            problems.append(Problem("fund_ids", f"ids used more than once: {duplicated[:5]}"))
        columns = {"fund": np.asarray(fund), "amount_fen": np.asarray(amount_fen)}
        for name, column in columns.items():
            if column.ndim != 1 or (column.size and not np.issubdtype(column.dtype, np.integer)):
                msg = f"expected one dimension of integers, got {column.dtype} of shape {column.shape}"
                problems.append(Problem(name, msg))
        try:
            days = np.asarray(dates, dtype="datetime64[D]")
        except (ValueError, TypeError) as error:
            problems.append(Problem("dates", f"expected dates, got {error}"))
            days = np.zeros(0, dtype="datetime64[D]")
        lengths = {name: len(column) if column.ndim == 1 else -1 for name, column in columns.items()}
        lengths["dates"] = len(days) if days.ndim == 1 else -1
        if len(set(lengths.values())) != 1:
            problems.append(Problem("", f"expected columns of one length, got {lengths}"))
        if problems:
            msg = "cannot build the donation table"
            raise FundsError(msg, problems)
        fund_at = columns["fund"].astype(np.int64)
        amount = columns["amount_fen"].astype(np.int64)
        _check_values(fund_at, amount, len(ids))
        order_of_ids = sorted(range(len(ids)), key=ids.__getitem__)
        rank = np.empty(len(ids), dtype=np.int64)
        rank[order_of_ids] = np.arange(len(ids), dtype=np.int64)
        fund_sorted = rank[fund_at] if ids else fund_at
        day = days.astype(np.int64)
        order = np.lexsort((day, fund_sorted))
        year = days.astype("datetime64[Y]").astype(np.int64) + 1970
        return cls(
            tuple(FundId(ids[i]) for i in order_of_ids),
            _frozen(fund_sorted[order]),
            _frozen(amount[order]),
            _frozen(day[order]),
            _frozen(year[order]),
        )


def _exact_sum(values: Ints) -> int:
    """Return the sum of non-negative ``int64`` values as a Python int, without overflow."""
    high = (values >> 31).sum(dtype=np.int64)  # each below 2**32: no overflow below 2**31 rows
    low = (values & (2**31 - 1)).sum(dtype=np.int64)
    return int(high) * 2**31 + int(low)


def _check_values(fund: Ints, amount: Ints, funds: int) -> None:
    problems: list[Problem] = []
    bad = np.flatnonzero((fund < 0) | (fund >= funds))
    problems.extend(
        Problem(f"fund[{i}]", f"expected a position from 0 to {funds - 1}, got {fund[i]}") for i in bad[:5]
    )
    if len(bad) > 5:
        problems.append(Problem("fund", f"... and {len(bad) - 5} more positions out of range"))
    bad = np.flatnonzero(amount <= 0)
    problems.extend(
        Problem(f"amount_fen[{i}]", f"expected an amount above zero, got {amount[i]}") for i in bad[:5]
    )
    if len(bad) > 5:
        problems.append(Problem("amount_fen", f"... and {len(bad) - 5} more amounts not above zero"))
    if not problems and _exact_sum(amount) >= _LIMIT:
        problems.append(Problem("amount_fen", "the amounts add up to 2**62 fen or more; split the table"))
    if problems:
        msg = "cannot build the donation table"
        raise FundsError(msg, problems)


@attrs.frozen
class RuleOutcome:
    """What one rule costs the federation and gives the funds, in a simulation.

    Attributes:
        rule: The rule.
        raised: Yuan raised by all the funds (the same for every rule).
        cost: Yuan the federation adds to all the funds.
        funds_matched: How many funds receive a match.
        funds_at_cap: How many funds reach the cap (in some year, for a yearly cap).
        largest: The largest match a fund receives.

    Examples:
        >>> from socialwork.funds import BINZHOU_RULE
        >>> simulate(example, [BINZHOU_RULE]).outcomes[0].cost
        Decimal('650.05')
    """

    rule: MatchingRule
    raised: Decimal
    cost: Decimal
    funds_matched: int
    funds_at_cap: int
    largest: Decimal


@attrs.frozen
class Simulation:
    """The same donations under several rules, side by side.

    Attributes:
        rules: The rules, in the order given.
        fund_ids: The funds, sorted by id.
        as_of: The last day taken into account; ``None`` for everything.
        raised_fen: Fen raised by each fund, aligned with *fund_ids*.
        matched_fen: Fen matched, one row per rule, one column per fund.
        at_cap: Whether each fund reaches the cap under each rule (same shape).
        outcomes: The totals of each rule, in the order of *rules*.

    Examples:
        >>> from socialwork.funds import BINZHOU_RULE, MatchingRule
        >>> sim = simulate(example, [BINZHOU_RULE, MatchingRule(ratio="0.2", cap="10000")])
        >>> [str(o.cost) for o in sim.outcomes]
        ['650.05', '1300.10']
    """

    rules: tuple[MatchingRule, ...]
    fund_ids: tuple[FundId, ...]
    as_of: dt.date | None
    raised_fen: Ints = attrs.field(**_ARRAY)
    matched_fen: Ints = attrs.field(**_ARRAY)
    at_cap: Bools = attrs.field(**_ARRAY)
    outcomes: tuple[RuleOutcome, ...]

    def matched(self, rule: int, fund_id: str, /) -> Decimal:
        """Return the yuan matched to *fund_id* under the rule at position *rule*.

        Args:
            rule: The rule's position in :attr:`rules`.
            fund_id: The fund.

        Returns:
            Yuan, to the fen.

        Raises:
            FundsError: no such rule position or fund.

        Examples:
            >>> from socialwork.funds import BINZHOU_RULE
            >>> simulate(example, [BINZHOU_RULE]).matched(0, "fund-nijiaqiao")
            Decimal('650.05')
        """
        problems = []
        if not 0 <= rule < len(self.rules):
            problems.append(Problem("rule", f"expected 0 to {len(self.rules) - 1}, got {rule}"))
        index = bisect.bisect_left(self.fund_ids, fund_id)
        if index >= len(self.fund_ids) or self.fund_ids[index] != fund_id:
            problems.append(Problem("fund_id", f"unknown fund {fund_id!r}"))
        if problems:
            msg = "cannot look up the match"
            raise FundsError(msg, problems)
        return _yuan(int(self.matched_fen[rule, index]))

    def to_frame(self) -> Any:
        """Return the outcomes as a pandas ``DataFrame``, one row per rule (needs pandas).

        Money columns hold ``Decimal`` yuan.

        Returns:
            The frame, with columns ``name``, ``ratio``, ``cap``, ``cap_period``,
            ``raised``, ``cost``, ``funds_matched``, ``funds_at_cap``, ``largest``.

        Examples:
            >>> from socialwork.funds import BINZHOU_RULE
            >>> simulate(example, [BINZHOU_RULE]).to_frame().loc[0, "ratio"]
            '10:1'
        """
        pd = import_optional("pandas", extra="pandas", purpose="Simulation.to_frame()")
        rows = [
            {
                "name": o.rule.name,
                "ratio": o.rule.ratio_text,
                "cap": o.rule.cap,
                "cap_period": o.rule.cap_period.value,
                "raised": o.raised,
                "cost": o.cost,
                "funds_matched": o.funds_matched,
                "funds_at_cap": o.funds_at_cap,
                "largest": o.largest,
            }
            for o in self.outcomes
        ]
        return pd.DataFrame(rows)


def _yuan(fen: int) -> Decimal:
    with decimal.localcontext(decimal.Context(prec=60)):
        return Decimal(fen).scaleb(-2).quantize(FEN)


def _round_divide(total: npt.NDArray[Any], p: int, q: int, rounding: str) -> npt.NDArray[Any]:
    """Return ``total * p / q`` rounded to an integer by *rounding*, exactly (non-negative input)."""
    whole, part = total // q, total % q
    carry, rest = (part * p) // q, (part * p) % q
    quotient: npt.NDArray[Any] = whole * p + carry
    if rounding in {decimal.ROUND_DOWN, decimal.ROUND_FLOOR}:
        return quotient
    if rounding in {decimal.ROUND_UP, decimal.ROUND_CEILING}:
        up = rest > 0
    elif rounding == decimal.ROUND_HALF_UP:
        up = 2 * rest >= q
    elif rounding == decimal.ROUND_HALF_DOWN:
        up = 2 * rest > q
    elif rounding == decimal.ROUND_HALF_EVEN:
        up = (2 * rest > q) | ((2 * rest == q) & (quotient % 2 == 1))
    else:  # ROUND_05UP: away from zero only if the digit rounded to is 0 or 5
        up = (rest > 0) & ((quotient % 5) == 0)
    result: npt.NDArray[Any] = quotient + up.astype(quotient.dtype)
    return result


def _match_fen(counted: Ints, terms: MatchingRule) -> tuple[Ints, Bools]:
    """Return the match in fen of each counted total in fen, and whether it reached the cap."""
    ratio = Fraction(terms.ratio)
    p, q = ratio.numerator, ratio.denominator
    largest = int(counted.max()) if len(counted) else 0
    cap = None if terms.cap is None else int(terms.cap.scaleb(2))
    if q * p < _LIMIT and (largest // q + 1) * p < _LIMIT:
        raw = _round_divide(counted, p, q, terms.rounding)
    else:  # exact Python integers, for ratios or totals too large for int64 arithmetic
        raw = _round_divide(counted.astype(object), p, q, terms.rounding)
    if cap is None:
        reached = np.zeros(len(counted), dtype=np.bool_)
        result = raw
    else:
        reached = (raw >= cap) & (counted > 0)
        result = np.where(reached, cap, raw)
    if result.dtype == object and len(result) and max(result) >= 2**63:
        msg = "cannot simulate"
        raise FundsError(msg, [Problem("rules", f"matches of {terms.describe()} exceed int64 fen")])
    return result.astype(np.int64), reached


def simulate(
    data: Registry | DonationTable,
    rules: Sequence[MatchingRule],
    /,
    *,
    as_of: dt.date | None = None,
) -> Simulation:
    """Return what each of *rules* would match to the same donations, fund by fund.

    Rules with a single version (no :meth:`~MatchingRule.changed_on`) are computed
    on whole columns of integer fen with exact rational ratios; rules that change
    on a date go through the exact ``Decimal`` engine fund by fund (slower, same
    figures). Either way each figure equals :func:`statement`'s to the fen.

    Args:
        data: A registry, or a :class:`DonationTable` for large what-ifs.
        rules: The rules to compare, e.g. ratios 5:1, 10:1, 20:1 with caps of
            10,000, 30,000 and 50,000 yuan over the fund's life or each year.
        as_of: The last day to take into account; every donation by default.

    Returns:
        For each rule and fund, the match and whether the cap is reached; for
        each rule, the federation's cost and the number of funds at the cap.

    Raises:
        FundsError: *data* is neither a registry nor a table, or an item of
            *rules* is not a :class:`MatchingRule`.

    Examples:
        >>> from socialwork.funds import BINZHOU_RULE
        >>> rules = [BINZHOU_RULE, BINZHOU_RULE.changed_on(dt.date(2022, 4, 1), ratio="0.2")]
        >>> [str(o.cost) for o in simulate(example, rules).outcomes]
        ['650.05', '800.10']
    """
    problems = [
        Problem(f"rules[{i}]", f"expected a MatchingRule, got {type(rule).__name__} {rule!r}")
        for i, rule in enumerate(rules)
        if not isinstance(rule, MatchingRule)
    ]
    if problems:
        msg = "cannot simulate"
        raise FundsError(msg, problems)
    given: object = data
    if not isinstance(given, DonationTable | Registry):
        msg = f"expected a Registry or a DonationTable, got {type(given).__name__}"
        raise FundsError(msg, [Problem("data", msg)])
    table = data if isinstance(data, DonationTable) else DonationTable.from_registry(data)
    fund, amount, day, year = table.fund, table.amount, table.day, table.year
    if as_of is not None:
        keep = day <= as_of.toordinal() - _EPOCH
        fund, amount, day, year = fund[keep], amount[keep], day[keep], year[keep]
    funds = len(table.fund_ids)
    starts = np.flatnonzero(np.r_[True, fund[1:] != fund[:-1]]) if len(fund) else np.zeros(0, np.int64)
    year_starts = (
        np.flatnonzero(np.r_[True, (fund[1:] != fund[:-1]) | (year[1:] != year[:-1])])
        if len(fund)
        else np.zeros(0, np.int64)
    )
    present = fund[starts]
    bucket_fund = fund[year_starts]
    bucket_starts = np.flatnonzero(np.r_[True, bucket_fund[1:] != bucket_fund[:-1]]) if len(fund) else starts
    raised = np.zeros(funds, dtype=np.int64)
    if len(fund):
        raised[present] = np.add.reduceat(amount, starts)
    matched = np.zeros((len(rules), funds), dtype=np.int64)
    at_cap = np.zeros((len(rules), funds), dtype=np.bool_)
    sums: dict[tuple[bool, int, int], Ints] = {}
    for index, rule in enumerate(rules):
        if rule.previous is not None:
            matched[index], at_cap[index] = _exact_rule(
                table.fund_ids, fund, amount, day, rule=rule, as_of=as_of
            )
            continue
        if not len(fund):
            continue
        yearly = rule.cap_period is CapPeriod.YEAR
        minimum = int(rule.minimum_donation.scaleb(2))
        since = -(2**62) if rule.effective is None else rule.effective.toordinal() - _EPOCH
        key = (yearly, minimum, since)
        if key not in sums:
            counted = np.where((amount >= minimum) & (day >= since), amount, 0)
            sums[key] = np.add.reduceat(counted, year_starts if yearly else starts)
        bucket_match, bucket_cap = _match_fen(sums[key], rule)
        if yearly:
            matched[index, present] = np.add.reduceat(bucket_match, bucket_starts)
            at_cap[index, present] = np.logical_or.reduceat(bucket_cap, bucket_starts)
        else:
            matched[index, present] = bucket_match
            at_cap[index, present] = bucket_cap
    total_raised = _yuan(int(raised.sum()))
    outcomes = tuple(
        RuleOutcome(
            rule=rule,
            raised=total_raised,
            cost=_yuan(int(matched[index].sum())),
            funds_matched=int(np.count_nonzero(matched[index])),
            funds_at_cap=int(np.count_nonzero(at_cap[index])),
            largest=_yuan(int(matched[index].max()) if funds else 0),
        )
        for index, rule in enumerate(rules)
    )
    return Simulation(
        tuple(rules),
        table.fund_ids,
        as_of,
        _frozen(raised),
        _frozen(matched),
        _frozen(at_cap),
        outcomes,
    )


def _exact_rule(
    fund_ids: tuple[FundId, ...],
    fund: Ints,
    amount: Ints,
    day: Ints,
    *,
    rule: MatchingRule,
    as_of: dt.date | None,
) -> tuple[Ints, Bools]:
    matched = np.zeros(len(fund_ids), dtype=np.int64)
    at_cap = np.zeros(len(fund_ids), dtype=np.bool_)
    bounds = np.flatnonzero(np.r_[True, fund[1:] != fund[:-1], True]) if len(fund) else np.zeros(1, np.int64)
    for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        gifts = [
            (dt.date.fromordinal(d + _EPOCH), _yuan(a))
            for d, a in zip(day[start:stop].tolist(), amount[start:stop].tolist(), strict=True)
        ]
        timeline = match_timeline(rule, gifts, as_of)
        at = int(fund[start])
        matched[at] = int(timeline.total.scaleb(2))
        at_cap[at] = timeline.at_cap
    return matched, at_cap
