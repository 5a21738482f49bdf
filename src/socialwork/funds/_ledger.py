"""The ledger of a community fund: donations and matches in, grants to projects out."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from socialwork._tables import Columns, MoneyMode, html_facts, html_table, make_frame
from socialwork.errors import FundsError, Message, OverdrawnError, Problem
from socialwork.funds._engine import ZERO, match_timeline
from socialwork.funds._rule import BINZHOU_RULE, MatchingRule, check_on
from socialwork.funds._statement import check_items
from socialwork.model import (
    MONEY_CONTEXT,
    Donation,
    Fund,
    Grant,
    LabelledEnum,
    ProjectId,
    Registry,
)
from socialwork.model.validators import check_str, instance_of, to_tuple

__all__ = ["EntryKind", "Ledger", "LedgerEntry", "Position", "fund_ledger"]


class EntryKind(LabelledEnum):
    """The kinds of line in a fund's ledger.

    Examples:
        >>> from socialwork.funds import EntryKind
        >>> EntryKind.MATCH.zh
        '配捐'
    """

    DONATION = "donation", "捐赠", "donation"
    MATCH = "match", "配捐", "matched donation"
    GRANT = "grant", "资助", "grant"


@attrs.frozen
class Position:
    """Where a fund stands at the end of a day: ``raised + matched = disbursed + balance``.

    Attributes:
        date: The day, or ``None`` for after every entry.
        raised: Yuan raised so far.
        matched: Yuan the federation has added so far.
        disbursed: Yuan paid out in grants so far.
        balance: Yuan left in the fund.

    Examples:
        >>> from decimal import Decimal
        >>> from socialwork.funds import Position
        >>> p = Position(None, Decimal("100.00"), Decimal("10.00"), Decimal("60.00"), Decimal("50.00"))
        >>> p.raised + p.matched == p.disbursed + p.balance
        True
    """

    date: dt.date | None
    raised: Decimal
    matched: Decimal
    disbursed: Decimal
    balance: Decimal


@attrs.frozen
class LedgerEntry:
    """One line of a fund's ledger, with the running totals after it.

    Attributes:
        date: The day of the entry.
        kind: A donation received, a match added by the federation, or a grant paid.
        amount: Yuan, above zero; money in for donations and matches, out for grants.
        source_id: The donation's or the grant's id; ``None`` for a match.
        project_id: The project a grant finances; ``None`` otherwise.
        position: The fund's totals just after this entry.

    Examples:
        >>> from socialwork.funds import fund_ledger
        >>> [e.kind.en for e in fund_ledger(sw.datasets.example(), "fund-nijiaqiao").entries][:2]
        ['donation', 'matched donation']
    """

    date: dt.date
    kind: EntryKind
    amount: Decimal
    source_id: str | None
    project_id: ProjectId | None
    position: Position


_ENTRY_COLUMNS: Final[Columns] = {
    "date": "date",
    "kind": EntryKind,
    "amount": "money",
    "source_id": "text",
    "project_id": "text",
    "raised": "money",
    "matched": "money",
    "disbursed": "money",
    "balance": "money",
}


def _entry_row(entry: LedgerEntry) -> tuple[Any, ...]:
    p = entry.position
    return (
        entry.date,
        entry.kind,
        entry.amount,
        entry.source_id,
        entry.project_id,
        p.raised,
        p.matched,
        p.disbursed,
        p.balance,
    )


def _items(value: Iterable[Any]) -> tuple[Any, ...]:
    return to_tuple(value)  # a non-iterable is left to the validator, which names the field


@attrs.frozen(kw_only=True, repr=False)
class Ledger:
    """The books of one community fund, checked to the fen on every change.

    Building a ledger orders its donations and grants by date and id, credits each
    day's match (from :func:`statement`'s exact engine) on the day it is earned, and
    checks that no grant is larger than the balance it meets; grants come after
    the donations and the match of their day. A ledger is immutable: :meth:`receive`
    and :meth:`disburse` return a new one, and a refused change records nothing.
    The books are kept in the library's own decimal context, whatever the caller's.

    Attributes:
        fund: The fund.
        rule: The matching rule, :data:`BINZHOU_RULE` by default.
        donations: Its donations, ordered by date and id.
        grants: Its grants, ordered by date and id.

    Raises:
        FundsError: a donation or grant belongs to another fund, or an id is used twice.
        OverdrawnError: a grant is larger than the balance on its date.
        InvalidTypeError: *fund*, *rule*, *donations* or *grants* has the wrong type.

    Examples:
        >>> from socialwork.funds import Ledger
        >>> registry = sw.datasets.example()
        >>> book = Ledger(
        ...     fund=registry.funds["fund-nijiaqiao"],
        ...     donations=registry.referrers("donations", "fund_id", "fund-nijiaqiao"),
        ...     grants=registry.referrers("grants", "fund_id", "fund-nijiaqiao"),
        ... )
        >>> book.balance()
        Decimal('3150.55')

    .. versionchanged:: 0.2
       Arithmetic in the library's decimal context; *donations* and *grants* that
       are not iterables raise :class:`~socialwork.InvalidTypeError`.

    .. versionchanged:: 0.2
       Its ``repr`` is short (the fund, counts and the balance) however many
       entries it holds; :meth:`to_frame` and a notebook view were added.
    """

    fund: Fund = attrs.field(validator=instance_of(Fund))
    rule: MatchingRule = attrs.field(default=BINZHOU_RULE, validator=instance_of(MatchingRule))
    donations: tuple[Donation, ...] = attrs.field(default=(), converter=_items, validator=instance_of(tuple))
    grants: tuple[Grant, ...] = attrs.field(default=(), converter=_items, validator=instance_of(tuple))
    _entries: tuple[LedgerEntry, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        with decimal.localcontext(MONEY_CONTEXT):
            self._keep_books()

    def _keep_books(self) -> None:
        seen: dict[str, str] = {}
        donations, problems = check_items(self.fund, self.donations, "donations", seen)
        grants, more = check_items(self.fund, self.grants, "grants", seen)
        problems.extend(more)
        if problems:
            msg = Message(
                "cannot keep the ledger of fund {fund}", "无法记录基金 {fund} 的台账", fund=repr(self.fund.id)
            )
            raise FundsError(msg, problems)
        positions: dict[str, int] = {item.id: index for index, item in enumerate(grants)}
        ordered_gifts = tuple(sorted(donations, key=lambda d: (d.date, d.id)))
        ordered_grants = tuple(sorted(grants, key=lambda g: (g.date, g.id)))
        object.__setattr__(self, "donations", ordered_gifts)
        object.__setattr__(self, "grants", ordered_grants)
        entries, overdrawn = self._book(positions)
        if overdrawn:
            msg = Message(
                "cannot keep the ledger of fund {fund}: grants exceed the balance",
                "无法记录基金 {fund} 的台账：资助超出余额",
                fund=repr(self.fund.id),
            )
            raise OverdrawnError(msg, overdrawn)
        object.__setattr__(self, "_entries", entries)

    def _book(self, positions: dict[str, int]) -> tuple[tuple[LedgerEntry, ...], list[Problem]]:
        timeline = match_timeline(self.rule, ((d.date, d.amount) for d in self.donations), None)
        gifts: dict[dt.date, list[Donation]] = {}
        for gift in self.donations:
            gifts.setdefault(gift.date, []).append(gift)
        paid: dict[dt.date, list[Grant]] = {}
        for grant in self.grants:
            paid.setdefault(grant.date, []).append(grant)
        matches = dict(zip(timeline.dates, timeline.matched, strict=True))
        raised = matched = disbursed = ZERO
        entries: list[LedgerEntry] = []
        problems: list[Problem] = []

        def book(day: dt.date, kind: EntryKind, amount: Decimal, source: str | None, project: Any) -> None:
            balance = raised + matched - disbursed
            position = Position(day, raised, matched, disbursed, balance)
            entries.append(LedgerEntry(day, kind, amount, source, project, position))

        for day in sorted(gifts.keys() | paid.keys() | matches.keys()):
            for gift in gifts.get(day, ()):
                raised += gift.amount
                book(day, EntryKind.DONATION, gift.amount, gift.id, None)
            if day in matches and matches[day] > matched:
                added = matches[day] - matched
                matched = matches[day]
                book(day, EntryKind.MATCH, added, None, None)
            for grant in paid.get(day, ()):
                before = raised + matched - disbursed
                if grant.amount > before:
                    msg = Message(
                        "grant {grant} of {amount} yuan on {day} exceeds the balance of {balance} yuan",
                        "{day} 的资助 {grant}（{amount} 元）超出当日余额 {balance} 元",
                        grant=repr(grant.id),
                        amount=grant.amount,
                        day=day,
                        balance=max(before, ZERO),
                    )
                    problems.append(Problem(f"grants[{positions[grant.id]}].amount", msg))
                disbursed += grant.amount
                book(day, EntryKind.GRANT, grant.amount, grant.id, grant.project_id)
        return tuple(entries), problems

    @property
    def entries(self) -> tuple[LedgerEntry, ...]:
        """Every line in order, day by day, donations (by id), then the match, then grants (by id)."""
        return self._entries

    def to_frame(self, *, money: MoneyMode = "decimal") -> Any:
        """Return the entries as a pandas ``DataFrame``, one row a line, in order (needs pandas).

        Columns: ``date`` (``datetime.date``), ``kind`` (a categorical of
        :class:`EntryKind` values), ``amount``, ``source_id``, ``project_id``, and
        the running ``raised``, ``matched``, ``disbursed`` and ``balance``; money as
        ``Decimal`` yuan, or ``int64`` fen with ``money="fen"``.

        Raises:
            MissingDependencyError: pandas is not installed.
            InvalidValueError: *money* is neither ``"decimal"`` nor ``"fen"``.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.funds import fund_ledger
            >>> frame = fund_ledger(sw.datasets.example(), "fund-nijiaqiao").to_frame()
            >>> frame["kind"].tolist()[:2], frame["balance"].iloc[-1]
            (['donation', 'match'], Decimal('3150.55'))

        .. versionadded:: 0.2
        """
        rows = (_entry_row(entry) for entry in self._entries)
        return make_frame(_ENTRY_COLUMNS, rows, purpose="Ledger.to_frame()", money=money)

    def __repr__(self) -> str:
        return (
            f"Ledger(fund={self.fund.id!r}, {len(self.donations)} donation(s), {len(self.grants)} grant(s), "
            f"{len(self._entries)} entries, balance={self.balance()!r})"
        )

    def _repr_html_(self) -> str:
        facts = [
            ("rule", self.rule.describe()),
            ("donations", len(self.donations)),
            ("grants", len(self.grants)),
            ("balance (yuan)", self.balance()),
        ]
        rows = (_entry_row(entry) for entry in self._entries)
        table = html_table("entries", list(_ENTRY_COLUMNS), rows, total=len(self._entries))
        return html_facts(f"Ledger of fund {self.fund.id}", facts, table)

    def position(self, on: dt.date | None = None, /) -> Position:
        """Return the fund's totals at the end of day *on* (after every entry by default).

        Args:
            on: The day; ``None`` for after the last entry.

        Returns:
            The position, with ``raised + matched == disbursed + balance``.

        Raises:
            InvalidTypeError: *on* is not a ``datetime.date`` (or ``None``).

        Examples:
            >>> import datetime as dt
            >>> from socialwork.funds import fund_ledger
            >>> book = fund_ledger(sw.datasets.example(), "fund-nijiaqiao")
            >>> book.position(dt.date(2022, 5, 31)).balance
            Decimal('7150.55')
        """
        check_on(on)
        last: Position | None = None
        for entry in self._entries:
            if on is not None and entry.date > on:
                break
            last = entry.position
        if last is None:
            return Position(on, ZERO, ZERO, ZERO, ZERO)
        return attrs.evolve(last, date=on)

    def balance(self, on: dt.date | None = None, /) -> Decimal:
        """Return the yuan left in the fund at the end of day *on* (at the end by default).

        Args:
            on: The day; ``None`` for after the last entry.

        Returns:
            The balance, never below zero.

        Raises:
            InvalidTypeError: *on* is not a ``datetime.date`` (or ``None``).

        Examples:
            >>> import datetime as dt
            >>> from socialwork.funds import fund_ledger
            >>> fund_ledger(sw.datasets.example(), "fund-nijiaqiao").balance(dt.date(2022, 3, 1))
            Decimal('0.00')
        """
        return self.position(on).balance

    def receive(self, donation: Donation, /) -> Ledger:
        """Return the ledger with *donation* received, and its match credited.

        Args:
            donation: A donation to this fund.

        Returns:
            The new ledger; this one is unchanged.

        Raises:
            FundsError: the donation is for another fund, or its id is already used.
            InvalidTypeError: *donation* is not a :class:`~socialwork.Donation`.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.funds import fund_ledger
            >>> book = fund_ledger(sw.datasets.example(), "fund-nijiaqiao")
            >>> gift = sw.Donation(id="d-9", fund_id="fund-nijiaqiao", amount="1000",
            ...                    date=dt.date(2022, 7, 1))
            >>> book.receive(gift).balance() - book.balance()
            Decimal('1100.00')
        """
        instance_of(Donation)(None, "donation", donation)
        return attrs.evolve(self, donations=(*self.donations, donation))

    def disburse(self, grant: Grant, /) -> Ledger:
        """Return the ledger with *grant* paid out, if the balance on its date covers it.

        Args:
            grant: A grant from this fund to a project.

        Returns:
            The new ledger; this one is unchanged.

        Raises:
            OverdrawnError: the grant is larger than the balance on its date (or
                would leave a later grant uncovered); nothing is recorded.
            FundsError: the grant is from another fund, or its id is already used.
            InvalidTypeError: *grant* is not a :class:`~socialwork.Grant`.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.funds import fund_ledger
            >>> book = fund_ledger(sw.datasets.example(), "fund-nijiaqiao")
            >>> big = sw.Grant(id="g-9", fund_id="fund-nijiaqiao", project_id="p-elderly",
            ...             amount="5000", date=dt.date(2022, 7, 1))
            >>> book.disburse(big)
            Traceback (most recent call last):
            ...
            socialwork.errors.OverdrawnError: cannot disburse grant 'g-9' ...
              grants[1].amount: grant 'g-9' of 5000.00 yuan on 2022-07-01 exceeds the balance of 3150.55 yuan
        """
        instance_of(Grant)(None, "grant", grant)
        try:
            return attrs.evolve(self, grants=(*self.grants, grant))
        except OverdrawnError as error:
            msg = Message(
                "cannot disburse grant {grant} from fund {fund}",
                "无法从基金 {fund} 拨付资助 {grant}",
                grant=repr(grant.id),
                fund=repr(self.fund.id),
            )
            raise OverdrawnError(msg, error.problems) from None


def fund_ledger(registry: Registry, fund_id: str, /, *, rule: MatchingRule = BINZHOU_RULE) -> Ledger:
    """Return the ledger of the fund *fund_id*, with its donations and grants in *registry*.

    Args:
        registry: The registry.
        fund_id: The fund's id.
        rule: The matching rule, :data:`BINZHOU_RULE` by default.

    Returns:
        The fund's ledger.

    Raises:
        UnknownIdError: the registry holds no such fund.
        OverdrawnError: the registry's grants exceed the fund's balance.
        InvalidTypeError: *registry*, *fund_id* or *rule* has the wrong type.

    Examples:
        >>> from socialwork.funds import MatchingRule, fund_ledger
        >>> registry = sw.datasets.example()
        >>> book = fund_ledger(registry, "fund-nijiaqiao")
        >>> [(e.kind.en, e.amount) for e in book.entries][-2:]
        [('matched donation', Decimal('30.00')), ('grant', Decimal('4000.00'))]
        >>> fund_ledger(registry, "fund-nijiaqiao", rule=MatchingRule(ratio="0.2")).balance()
        Decimal('3800.60')

    .. versionchanged:: 0.2
       Arguments are type-checked; the donations and grants are read from the
       registry's reverse index.
    """
    instance_of(Registry)(None, "registry", registry)
    check_str(None, "fund_id", fund_id)
    fund = registry.funds[fund_id]
    donations = registry.referrers("donations", "fund_id", fund_id)
    grants = registry.referrers("grants", "fund_id", fund_id)
    return Ledger(fund=fund, rule=rule, donations=donations, grants=grants)
