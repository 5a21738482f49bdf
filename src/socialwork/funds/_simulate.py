"""What-if simulations: the same donations under several matching rules, vectorised and exact.

Money is held as integer fen in numpy ``int64`` arrays and ratios as fractions of
integers, so every figure equals the exact ``Decimal`` path to the fen; no float
is ever involved.
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from socialwork._tables import Columns, MoneyMode, html_facts, html_table, make_frame, short_items
from socialwork.errors import FundsError, InvalidTypeError, InvalidValueError, Message, Problem
from socialwork.funds._engine import match_timeline
from socialwork.funds._rule import CapPeriod, MatchingRule, check_on, description
from socialwork.model import MONEY_CONTEXT, FundId, Registry, from_fen, to_fen
from socialwork.model.validators import instance_of

__all__ = ["DonationTable", "RuleOutcome", "Simulation", "simulate"]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_LIMIT: Final = 2**62
"""Sums and products stay below this in ``int64``; beyond it the exact object path is used."""

_EPOCH: Final = dt.date(1970, 1, 1).toordinal()
_FIRST_DAY: Final = np.datetime64(dt.date.min, "D")
_LAST_DAY: Final = np.datetime64(dt.date.max, "D")


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.setflags(write=False)
    return array


def _array_eq(left: npt.NDArray[Any], right: npt.NDArray[Any]) -> bool:
    return bool(np.array_equal(left, right))


_ARRAY: Final[Any] = {"eq": attrs.cmp_using(eq=_array_eq), "hash": False, "repr": False}


_OUTCOME_COLUMNS: Final[Columns] = {
    "name": "text",
    "ratio": "text",
    "cap": "money?",
    "cap_period": CapPeriod,
    "raised": "money",
    "cost": "money",
    "matched_fund_count": "int",
    "at_cap_fund_count": "int",
    "largest": "money",
}

_DONATION_COLUMNS: Final[Columns] = {"fund_id": "text", "amount": "money", "date": "date"}


@attrs.frozen(repr=False)
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
        >>> from socialwork.funds import DonationTable
        >>> table = DonationTable.from_registry(sw.datasets.example())
        >>> table.fund_ids, table.amount.tolist()
        (('fund-nijiaqiao',), [500000, 120050, 30000])
        >>> table
        DonationTable(3 donation(s) to 1 fund(s), fund_ids=['fund-nijiaqiao'])

    .. versionchanged:: 0.2
       Its ``repr`` is short however many donations it holds; :meth:`to_frame` was added.
    """

    fund_ids: tuple[FundId, ...]
    fund: Ints = attrs.field(**_ARRAY)
    amount: Ints = attrs.field(**_ARRAY)
    day: Ints = attrs.field(**_ARRAY)
    year: Ints = attrs.field(**_ARRAY)

    def __len__(self) -> int:
        return len(self.amount)

    def __repr__(self) -> str:
        return (
            f"DonationTable({len(self)} donation(s) to {len(self.fund_ids)} fund(s), "
            f"fund_ids={short_items(self.fund_ids)})"
        )

    def _repr_html_(self) -> str:
        facts = [("donations", len(self)), ("funds", len(self.fund_ids))]
        table = html_table("donations", list(_DONATION_COLUMNS), self._rows(), total=len(self))
        return html_facts("DonationTable", facts, table)

    def _rows(self) -> Iterable[tuple[Any, ...]]:
        for fund, fen, day in zip(self.fund.tolist(), self.amount.tolist(), self.day.tolist(), strict=True):
            yield self.fund_ids[fund], from_fen(fen), dt.date.fromordinal(day + _EPOCH)

    def to_frame(self, *, money: MoneyMode = "decimal") -> Any:
        """Return the donations as a pandas ``DataFrame``: ``fund_id``, ``amount``, ``date`` (needs pandas).

        Amounts are ``Decimal`` yuan, or ``int64`` fen with ``money="fen"``; dates
        ``datetime.date``; rows in the table's order (by fund and date).

        Raises:
            MissingDependencyError: pandas is not installed.
            InvalidValueError: *money* is neither ``"decimal"`` nor ``"fen"``.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.funds import DonationTable
            >>> table = DonationTable.from_registry(sw.datasets.example())
            >>> table.to_frame(money="fen")["amount"].sum()
            np.int64(650050)

        .. versionadded:: 0.2
        """
        return make_frame(_DONATION_COLUMNS, self._rows(), purpose="DonationTable.to_frame()", money=money)

    @classmethod
    def from_registry(cls, registry: Registry, /) -> DonationTable:
        """Return the donations of *registry*, with every fund it holds.

        Args:
            registry: The registry.

        Returns:
            The table.

        Raises:
            InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`.

        Examples:
            >>> from socialwork.funds import DonationTable
            >>> len(DonationTable.from_registry(sw.datasets.example()))
            3
        """
        instance_of(Registry)(None, "registry", registry)
        fund_ids = sorted(registry.funds)
        position = {fund_id: index for index, fund_id in enumerate(fund_ids)}
        gifts = registry.donations.values()
        fund = np.fromiter((position[d.fund_id] for d in gifts), dtype=np.int64, count=len(gifts))
        amount = fen_array([d.amount for d in gifts])
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
            FundsError: the columns have different lengths or wrong types, a date is
                ``NaT`` or outside 0001-01-01 to 9999-12-31 (its position named), a fund
                position is out of range, an amount is not above zero, an id is
                repeated, or the amounts add up past what ``int64`` holds safely.

        Examples:
            >>> from socialwork.funds import DonationTable
            >>> t = DonationTable.from_arrays(["b", "a"], [0, 1, 0], [1000, 250, 99],
            ...                               ["2022-01-05", "2023-02-01", "2021-12-31"])
            >>> t.fund_ids, t.fund.tolist(), t.amount.tolist(), t.year.tolist()
            (('a', 'b'), [0, 1, 1], [250, 99, 1000], [2023, 2021, 2022])
        """
        problems: list[Problem] = []
        if isinstance(fund_ids, str | bytes) or not isinstance(fund_ids, Iterable):
            msg = Message(
                "expected a sequence of fund ids, got {type} {given}",
                "应为基金 id 的序列，实为 {type} {given}",
                type=type(fund_ids).__name__,
                given=repr(fund_ids),
            )
            raise InvalidTypeError(msg, path="fund_ids")
        given: list[object] = list(fund_ids)
        problems.extend(
            Problem(
                f"fund_ids[{index}]",
                Message(
                    "expected a str, got {type} {item}",
                    "应为 str，实为 {type} {item}",
                    type=type(item).__name__,
                    item=repr(item),
                ),
            )
            for index, item in enumerate(given)
            if not isinstance(item, str)
        )
        ids = [str(item) for item in given]
        duplicated = sorted(item for item, count in Counter(ids).items() if count > 1)
        if duplicated:
            msg = Message("ids used more than once: {ids}", "重复使用的 id：{ids}", ids=repr(duplicated[:5]))
            problems.append(Problem("fund_ids", msg))
        columns = {"fund": np.asarray(fund), "amount_fen": np.asarray(amount_fen)}
        for name, column in columns.items():
            if column.ndim != 1 or (column.size and not np.issubdtype(column.dtype, np.integer)):
                msg = Message(
                    "expected one dimension of integers, got {dtype} of shape {shape}",
                    "应为一维整数，实为形状为 {shape} 的 {dtype}",
                    dtype=str(column.dtype),
                    shape=str(column.shape),
                )
                problems.append(Problem(name, msg))
        try:
            days = np.asarray(dates, dtype="datetime64[D]")
        except (ValueError, TypeError) as error:
            problems.append(
                Problem(
                    "dates",
                    Message("expected dates, got {error}", "应为日期，实为 {error}", error=str(error)),
                )
            )
            days = np.zeros(0, dtype="datetime64[D]")
        if days.ndim == 1:
            problems.extend(
                Problem(
                    f"dates[{int(index)}]",
                    Message("expected a date, got NaT (not a time)", "应为日期，实为 NaT（非时间值）"),
                )
                for index in np.flatnonzero(np.isnat(days))[:5]
            )
            # datetime.date ends at 9999-12-31 and starts at 0001-01-01: numpy's days go further.
            outside = ~np.isnat(days) & ((days < _FIRST_DAY) | (days > _LAST_DAY))
            problems.extend(
                Problem(
                    f"dates[{int(index)}]",
                    Message(
                        "expected a date from 0001-01-01 to 9999-12-31, got {day}",
                        "应为 0001-01-01 到 9999-12-31 之间的日期，实为 {day}",
                        day=str(days[index]),
                    ),
                )
                for index in np.flatnonzero(outside)[:5]
            )
        lengths = {name: len(column) if column.ndim == 1 else -1 for name, column in columns.items()}
        lengths["dates"] = len(days) if days.ndim == 1 else -1
        if len(set(lengths.values())) != 1:
            msg = Message(
                "expected columns of one length, got {lengths}",
                "应为等长的各列，实为 {lengths}",
                lengths=str(lengths),
            )
            problems.append(Problem("", msg))
        if problems:
            raise FundsError(_cannot_build_table(), problems)
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


def _cannot_build_table() -> Message:
    return Message("cannot build the donation table", "无法建立捐赠表")


def _cannot_simulate() -> Message:
    return Message("cannot simulate", "无法模拟")


def _exact_sum(values: Ints) -> int:
    """Return the sum of non-negative ``int64`` values as a Python int, without overflow."""
    high = (values >> 31).sum(dtype=np.int64)  # each below 2**32: no overflow below 2**31 rows
    low = (values & (2**31 - 1)).sum(dtype=np.int64)
    return int(high) * 2**31 + int(low)


def _check_values(fund: Ints, amount: Ints, funds: int) -> None:
    problems: list[Problem] = []
    bad = np.flatnonzero((fund < 0) | (fund >= funds))
    problems.extend(
        Problem(
            f"fund[{i}]",
            Message(
                "expected a position from 0 to {last}, got {got}",
                "应为 0 到 {last} 的位置，实为 {got}",
                last=funds - 1,
                got=int(fund[i]),
            ),
        )
        for i in bad[:5]
    )
    if len(bad) > 5:
        msg = Message(
            "... and {count} more positions out of range", "……另有 {count} 个位置超出范围", count=len(bad) - 5
        )
        problems.append(Problem("fund", msg))
    bad = np.flatnonzero(amount <= 0)
    problems.extend(
        Problem(
            f"amount_fen[{i}]",
            Message(
                "expected an amount above zero, got {got}", "应为大于零的金额，实为 {got}", got=int(amount[i])
            ),
        )
        for i in bad[:5]
    )
    if len(bad) > 5:
        msg = Message(
            "... and {count} more amounts not above zero", "……另有 {count} 个金额不大于零", count=len(bad) - 5
        )
        problems.append(Problem("amount_fen", msg))
    if not problems and _exact_sum(amount) >= _LIMIT:
        msg = Message(
            "the amounts add up to 2**62 fen or more; split the table",
            "金额合计达到 2**62 分或以上；请拆分此表",
        )
        problems.append(Problem("amount_fen", msg))
    if problems:
        raise FundsError(_cannot_build_table(), problems)


@attrs.frozen
class RuleOutcome:
    """What one rule costs the federation and gives the funds, in a simulation.

    Attributes:
        rule: The rule.
        raised: Yuan raised by all the funds (the same for every rule).
        cost: Yuan the federation adds to all the funds.
        matched_fund_count: How many funds receive a match.
        at_cap_fund_count: How many funds reach the cap (in some year, for a yearly cap).
        largest: The largest match a fund receives.

    Examples:
        >>> from socialwork.funds import BINZHOU_RULE, simulate
        >>> simulate(sw.datasets.example(), [BINZHOU_RULE]).outcomes[0].cost
        Decimal('650.05')

    .. versionchanged:: 0.2
       ``funds_matched`` and ``funds_at_cap`` are now :attr:`matched_fund_count`
       and :attr:`at_cap_fund_count`: they are counts.
    """

    rule: MatchingRule
    raised: Decimal
    cost: Decimal
    matched_fund_count: int
    at_cap_fund_count: int
    largest: Decimal


@attrs.frozen(repr=False)
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
        >>> from socialwork.funds import BINZHOU_RULE, MatchingRule, simulate
        >>> sim = simulate(sw.datasets.example(), [BINZHOU_RULE, MatchingRule(ratio="0.2", cap="10000")])
        >>> [str(o.cost) for o in sim.outcomes]
        ['650.05', '1300.10']
        >>> sim
        Simulation(2 rule(s) over 1 fund(s), costs=[Decimal('650.05'), Decimal('1300.10')])

    .. versionchanged:: 0.2
       Its ``repr`` is short however many funds and rules it holds.
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
            InvalidTypeError: *rule* is not an ``int`` or *fund_id* not a ``str``.

        Examples:
            >>> from socialwork.funds import BINZHOU_RULE, simulate
            >>> simulate(sw.datasets.example(), [BINZHOU_RULE]).matched(0, "fund-nijiaqiao")
            Decimal('650.05')
        """
        instance_of(int)(None, "rule", rule)
        instance_of(str)(None, "fund_id", fund_id)
        problems = []
        if not 0 <= rule < len(self.rules):
            msg = Message(
                "expected 0 to {last}, got {rule}",
                "应为 0 到 {last}，实为 {rule}",
                last=len(self.rules) - 1,
                rule=rule,
            )
            problems.append(Problem("rule", msg))
        index = bisect.bisect_left(self.fund_ids, fund_id)
        if index >= len(self.fund_ids) or self.fund_ids[index] != fund_id:
            problems.append(
                Problem("fund_id", Message("unknown fund {id}", "未知的社区基金 {id}", id=repr(fund_id)))
            )
        if problems:
            raise FundsError(Message("cannot look up the match", "无法查到配捐"), problems)
        return from_fen(int(self.matched_fen[rule, index]))

    def __repr__(self) -> str:
        costs = short_items([o.cost for o in self.outcomes], limit=5)
        return f"Simulation({len(self.rules)} rule(s) over {len(self.fund_ids)} fund(s), costs={costs})"

    def _rows(self) -> list[tuple[Any, ...]]:
        return [
            (
                *(o.rule.name, o.rule.ratio_text, o.rule.cap, o.rule.cap_period, o.raised, o.cost),
                *(o.matched_fund_count, o.at_cap_fund_count, o.largest),
            )
            for o in self.outcomes
        ]

    def _repr_html_(self) -> str:
        facts = [("rules", len(self.rules)), ("funds", len(self.fund_ids)), ("as of", self.as_of)]
        table = html_table("outcomes", list(_OUTCOME_COLUMNS), self._rows(), total=len(self.outcomes))
        return html_facts("Simulation", facts, table)

    def to_frame(self, *, money: MoneyMode = "decimal") -> Any:
        """Return the outcomes as a pandas ``DataFrame``, one row per rule (needs pandas).

        Money columns hold ``Decimal`` yuan, or ``int64`` fen with ``money="fen"``
        (``cap`` is a nullable ``Int64``: a rule may have none); ``cap_period`` is
        a categorical of :class:`CapPeriod` values.

        Returns:
            The frame, with columns ``name``, ``ratio``, ``cap``, ``cap_period``,
            ``raised``, ``cost``, ``matched_fund_count``, ``at_cap_fund_count``, ``largest``.

        .. versionchanged:: 0.2
           The columns ``funds_matched`` and ``funds_at_cap`` are now
           ``matched_fund_count`` and ``at_cap_fund_count``; *money* was added,
           and ``cap_period`` is a categorical.

        Examples:
            >>> from socialwork.funds import BINZHOU_RULE, simulate
            >>> simulate(sw.datasets.example(), [BINZHOU_RULE]).to_frame().loc[0, "ratio"]
            '10:1'
        """
        return make_frame(_OUTCOME_COLUMNS, self._rows(), purpose="Simulation.to_frame()", money=money)


def fen_array(amounts: Sequence[Decimal], /) -> Ints:
    """Return :func:`~socialwork.model.to_fen` of each of *amounts*, as an ``int64`` column.

    The same numbers as ``[to_fen(a) for a in amounts]`` at about the cost of
    ``int(a.scaleb(2))``: the scaling runs in the library's decimal context, and
    one exact sum of absolute values shows that nothing was truncated (each
    truncation only lowers it). When that check fails, or an amount is not a
    finite ``Decimal``, the amounts go through ``to_fen`` one by one, which raises
    its own error for the first amount that is not whole fen.

    Raises:
        InvalidValueError: an amount is not a finite ``Decimal`` in whole fen (as
            :func:`~socialwork.model.to_fen` says), or is 2**63 fen or more.
    """
    try:
        with decimal.localcontext(MONEY_CONTEXT):
            fen = [int(amount.scaleb(2)) for amount in amounts]
            exact = sum(map(abs, amounts), Decimal(0)).scaleb(2) == sum(map(abs, fen))
    except (AttributeError, TypeError, ValueError, OverflowError, decimal.InvalidOperation):
        exact = False
    if not exact:
        fen = [to_fen(amount) for amount in amounts]
    try:
        return np.array(fen, dtype=np.int64) if fen else np.zeros(0, dtype=np.int64)
    except OverflowError:
        msg = Message(
            "expected amounts below 2**63 fen, which int64 holds", "应为低于 2**63 分（int64 的上限）的金额"
        )
        raise InvalidValueError(msg, path="amount") from None


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
    cap = None if terms.cap is None else to_fen(terms.cap)
    if q * p < _LIMIT and (largest // q + 1) * p < _LIMIT:
        raw = _round_divide(counted, p, q, terms.rounding)
    else:  # exact Python integers, for ratios or totals too large for int64 arithmetic
        raw = _round_divide(counted.astype(object), p, q, terms.rounding)
    if cap is None or (raw.dtype != object and cap >= 2**63):  # an int64 match never reaches such a cap
        reached = np.zeros(len(counted), dtype=np.bool_)
        result = raw
    else:
        reached = (raw >= cap) & (counted > 0)
        result = np.where(reached, cap, raw)
    if result.dtype == object and len(result) and max(result) >= 2**63:
        msg = Message(
            "matches of {rule} exceed int64 fen",
            "规则（{rule}）的配捐超出 int64 所能容纳的分数",
            rule=description(terms),
        )
        raise FundsError(_cannot_simulate(), [Problem("rules", msg)])
    return result.astype(np.int64), reached


@attrs.frozen
class _Rows:
    """The rows of a table up to a date, with where each fund and each (fund, year) starts.

    Rows are ordered by fund and date, so a fund's rows, and its rows of one year,
    are contiguous: sums over them are one ``np.add.reduceat`` each.
    """

    fund: Ints
    amount: Ints
    day: Ints
    year: Ints
    starts: Ints
    """The first row of each fund that has rows."""
    year_starts: Ints
    """The first row of each (fund, year) that has rows."""
    present: Ints
    """The position in the table of each fund that has rows, aligned with *starts*."""
    bucket_starts: Ints
    """The first (fund, year) of each fund, indexing *year_starts*."""


def _check_rules(rules: object) -> tuple[MatchingRule, ...]:
    """Return *rules* as a tuple, or raise naming the argument or each item that is not a rule."""
    if isinstance(rules, MatchingRule | str | bytes) or not isinstance(rules, Iterable):
        msg = Message(
            "expected a sequence of MatchingRule, got {type} {given}",
            "应为 MatchingRule 的序列，实为 {type} {given}",
            type=type(rules).__name__,
            given=repr(rules),
        )
        raise InvalidTypeError(msg, path="rules")
    given = tuple(rules)
    problems = [
        Problem(
            f"rules[{i}]",
            Message(
                "expected a MatchingRule, got {type} {item}",
                "应为 MatchingRule，实为 {type} {item}",
                type=type(rule).__name__,
                item=repr(rule),
            ),
        )
        for i, rule in enumerate(given)
        if not isinstance(rule, MatchingRule)
    ]
    if problems:
        raise FundsError(_cannot_simulate(), problems)
    return given


def _table_of(data: object) -> DonationTable:
    """Return *data* as a donation table: itself, or the donations of a registry."""
    if isinstance(data, DonationTable):
        return data
    if isinstance(data, Registry):
        return DonationTable.from_registry(data)
    msg = Message(
        "expected a Registry or a DonationTable, got {type}",
        "应为 Registry 或 DonationTable，实为 {type}",
        type=type(data).__name__,
    )
    raise FundsError(msg, [Problem("data", msg)])


def _rows(table: DonationTable, as_of: dt.date | None) -> _Rows:
    """Return the rows of *table* up to *as_of*, grouped by fund and by (fund, year)."""
    fund, amount, day, year = table.fund, table.amount, table.day, table.year
    if as_of is not None:
        keep = day <= as_of.toordinal() - _EPOCH
        fund, amount, day, year = fund[keep], amount[keep], day[keep], year[keep]
    if not len(fund):
        empty = np.zeros(0, np.int64)
        return _Rows(fund, amount, day, year, empty, empty, empty, empty)
    new_fund = np.r_[True, fund[1:] != fund[:-1]]
    starts = np.flatnonzero(new_fund)
    year_starts = np.flatnonzero(new_fund | np.r_[True, year[1:] != year[:-1]])
    bucket_fund = fund[year_starts]
    bucket_starts = np.flatnonzero(np.r_[True, bucket_fund[1:] != bucket_fund[:-1]])
    return _Rows(fund, amount, day, year, starts, year_starts, fund[starts], bucket_starts)


def _raised_fen(rows: _Rows, funds: int) -> Ints:
    """Return the fen raised by each of the *funds* funds of the table."""
    raised = np.zeros(funds, dtype=np.int64)
    if len(rows.fund):
        raised[rows.present] = np.add.reduceat(rows.amount, rows.starts)
    return raised


_SumKey = tuple[bool, int, int]
"""What the counted sums of a single-version rule depend on: (yearly, minimum fen, first day)."""


def _counted_sums(rows: _Rows, rule: MatchingRule, cache: dict[_SumKey, Ints]) -> Ints:
    """Return the fen counted for matching in each cap period of each fund; rules share them."""
    yearly = rule.cap_period is CapPeriod.YEAR
    minimum = to_fen(rule.minimum_donation)
    since = -(2**62) if rule.effective is None else rule.effective.toordinal() - _EPOCH
    key = (yearly, minimum, since)
    if key not in cache:
        counted = np.where((rows.amount >= minimum) & (rows.day >= since), rows.amount, 0)
        cache[key] = np.add.reduceat(counted, rows.year_starts if yearly else rows.starts)
    return cache[key]


def _vectorised_rule(
    rows: _Rows, rule: MatchingRule, cache: dict[_SumKey, Ints], matched: Ints, at_cap: Bools
) -> None:
    """Fill *matched* and *at_cap* (one row each, per fund) for a rule with a single version."""
    if not len(rows.fund):
        return
    bucket_match, bucket_cap = _match_fen(_counted_sums(rows, rule, cache), rule)
    if rule.cap_period is CapPeriod.YEAR:
        matched[rows.present] = np.add.reduceat(bucket_match, rows.bucket_starts)
        at_cap[rows.present] = np.logical_or.reduceat(bucket_cap, rows.bucket_starts)
    else:
        matched[rows.present] = bucket_match
        at_cap[rows.present] = bucket_cap


def _exact_rule(rows: _Rows, rule: MatchingRule, as_of: dt.date | None, matched: Ints, at_cap: Bools) -> None:
    """Fill *matched* and *at_cap* for a rule that changes on a date, fund by fund, in ``Decimal``."""
    fund, day, amount = rows.fund, rows.day, rows.amount
    bounds = np.r_[rows.starts, len(fund)].tolist()
    for start, stop in itertools.pairwise(bounds):
        gifts = [
            (dt.date.fromordinal(d + _EPOCH), from_fen(a))
            for d, a in zip(day[start:stop].tolist(), amount[start:stop].tolist(), strict=True)
        ]
        timeline = match_timeline(rule, gifts, as_of)
        at = int(fund[start])
        matched[at] = to_fen(timeline.total)
        at_cap[at] = timeline.at_cap


def _outcome(rule: MatchingRule, raised: Decimal, matched: Ints, at_cap: Bools) -> RuleOutcome:
    """Return the totals of one rule from its row of matches (fen) and cap flags."""
    return RuleOutcome(
        rule=rule,
        raised=raised,
        cost=from_fen(_exact_sum(matched)),
        matched_fund_count=int(np.count_nonzero(matched)),
        at_cap_fund_count=int(np.count_nonzero(at_cap)),
        largest=from_fen(int(matched.max()) if len(matched) else 0),
    )


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
        InvalidTypeError: *rules* is not a sequence, or *as_of* not a date.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.funds import BINZHOU_RULE, simulate
        >>> registry = sw.datasets.example()
        >>> rules = [BINZHOU_RULE, BINZHOU_RULE.changed_on(dt.date(2022, 4, 1), ratio="0.2")]
        >>> [str(o.cost) for o in simulate(registry, rules).outcomes]
        ['650.05', '800.10']

    .. versionchanged:: 0.2
       *rules* that is not a sequence and *as_of* that is not a date raise
       :class:`~socialwork.InvalidTypeError`.
    """
    checked = _check_rules(rules)
    check_on(as_of, "as_of")
    table = _table_of(data)
    rows = _rows(table, as_of)
    funds = len(table.fund_ids)
    raised = _raised_fen(rows, funds)
    matched = np.zeros((len(checked), funds), dtype=np.int64)
    at_cap = np.zeros((len(checked), funds), dtype=np.bool_)
    cache: dict[_SumKey, Ints] = {}
    for index, rule in enumerate(checked):
        if rule.previous is None:
            _vectorised_rule(rows, rule, cache, matched[index], at_cap[index])
        else:
            _exact_rule(rows, rule, as_of, matched[index], at_cap[index])
    total_raised = from_fen(_exact_sum(raised))
    outcomes = tuple(
        _outcome(rule, total_raised, matched[index], at_cap[index]) for index, rule in enumerate(checked)
    )
    return Simulation(
        checked, table.fund_ids, as_of, _frozen(raised), _frozen(matched), _frozen(at_cap), outcomes
    )
