"""Fund ledgers: grants out of donations and matches, conserved to the fen."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import FundsError, OverdrawnError
from socialwork.funds import BINZHOU_RULE, EntryKind, Ledger, MatchingRule, fund_ledger, statement
from socialwork.model import from_fen
from socialwork.testing import donation_streams
from socialwork.testing import matching_rules as rules

from . import FUND, dates

fen = st.integers(min_value=1, max_value=5_000_000)


def gift(i: int, amount: str, day: dt.date) -> sw.Donation:
    return sw.Donation(id=f"d{i}", fund_id=FUND.id, amount=amount, date=day)


def grant(i: int, amount: str, day: dt.date) -> sw.Grant:
    return sw.Grant(id=f"g{i}", fund_id=FUND.id, project_id="p1", amount=amount, date=day, purpose="围巾妈妈")


def test_grant_larger_than_the_balance_is_refused_and_nothing_recorded() -> None:
    """A grant above the balance raises OverdrawnError and leaves the ledger as it was."""
    book = Ledger(fund=FUND, donations=[gift(1, "1000", dt.date(2022, 1, 1))])
    with pytest.raises(OverdrawnError) as caught:
        book.disburse(grant(1, "1100.01", dt.date(2022, 2, 1)))
    assert str(caught.value.problems[0]) == (
        "grants[0].amount: grant 'g1' of 1100.01 yuan on 2022-02-01 exceeds the balance of 1100.00 yuan"
    )
    assert book.grants == ()
    assert book.balance() == Decimal("1100.00")


def test_grant_of_the_whole_balance_is_allowed() -> None:
    """A grant equal to the balance (donations plus match) leaves exactly zero."""
    book = Ledger(fund=FUND, donations=[gift(1, "1000", dt.date(2022, 1, 1))])
    assert book.disburse(grant(1, "1100", dt.date(2022, 1, 1))).balance() == Decimal("0.00")


def test_grant_cannot_spend_money_raised_later() -> None:
    """A grant dated before the donations that would cover it is refused."""
    book = Ledger(fund=FUND, donations=[gift(1, "1000", dt.date(2022, 3, 1))])
    with pytest.raises(OverdrawnError, match=r"exceeds the balance of 0\.00 yuan"):
        book.disburse(grant(1, "10", dt.date(2022, 2, 1)))


def test_backdated_grant_that_leaves_a_later_grant_uncovered_is_refused() -> None:
    """A backdated grant is refused when a later grant would then exceed the balance."""
    book = Ledger(
        fund=FUND,
        donations=[gift(1, "1000", dt.date(2022, 1, 1))],
        grants=[grant(1, "1000", dt.date(2022, 6, 1))],
    )
    with pytest.raises(OverdrawnError, match=r"grants\[0\]\.amount: grant 'g1'"):
        book.disburse(grant(2, "500", dt.date(2022, 3, 1)))


def test_match_is_credited_the_day_it_is_earned() -> None:
    """Each day with donations gets one match line after its donations, grants last."""
    book = Ledger(
        fund=FUND,
        donations=[gift(2, "50", dt.date(2022, 1, 1)), gift(1, "50", dt.date(2022, 1, 1))],
        grants=[grant(1, "110", dt.date(2022, 1, 1))],
    )
    assert [(e.kind, e.source_id, e.amount) for e in book.entries] == [
        (EntryKind.DONATION, "d1", Decimal("50.00")),
        (EntryKind.DONATION, "d2", Decimal("50.00")),
        (EntryKind.MATCH, None, Decimal("10.00")),
        (EntryKind.GRANT, "g1", Decimal("110.00")),
    ]


def test_ledger_refuses_items_of_other_funds_and_reused_ids() -> None:
    """FundsError names every donation or grant of another fund and every reused id."""
    other = sw.Grant(id="g9", fund_id="f2", project_id="p1", amount="1", date=dt.date(2022, 1, 1))
    with pytest.raises(FundsError) as caught:
        Ledger(
            fund=FUND,
            donations=[gift(1, "10", dt.date(2022, 1, 1))],
            grants=[
                other,
                sw.Grant(id="d1", fund_id=FUND.id, project_id="p1", amount="1", date=dt.date(2022, 1, 1)),
            ],
        )
    assert [p.path for p in caught.value.problems] == ["grants[0].fund_id", "grants[1].id"]


def test_ledger_refuses_a_fund_that_is_not_a_fund() -> None:
    """Building a ledger of something other than a Fund raises InvalidTypeError naming the field."""
    with pytest.raises(sw.InvalidTypeError, match="fund: expected a Fund"):
        Ledger(fund="f1")  # type: ignore[arg-type]


def test_receive_returns_a_new_ledger() -> None:
    """receive() leaves the ledger it is called on unchanged."""
    book = Ledger(fund=FUND)
    new = book.receive(gift(1, "10", dt.date(2022, 1, 1)))
    assert (book.balance(), new.balance()) == (Decimal("0.00"), Decimal("11.00"))


def test_ledger_does_not_depend_on_the_order_given() -> None:
    """Two ledgers of the same items given in different orders are equal."""
    gifts = [gift(1, "10", dt.date(2022, 1, 2)), gift(2, "10", dt.date(2022, 1, 1))]
    assert Ledger(fund=FUND, donations=gifts) == Ledger(fund=FUND, donations=gifts[::-1])


def test_fund_ledger_reads_the_registry(registry: sw.Registry) -> None:
    """fund_ledger gathers the fund's donations and grants from the registry."""
    book = fund_ledger(registry, "fund-nijiaqiao")
    assert (len(book.donations), len(book.grants)) == (3, 1)
    assert book.position().disbursed == Decimal("4000.00")


def test_fund_ledger_of_an_unknown_fund_raises(registry: sw.Registry) -> None:
    """An unknown fund id raises UnknownIdError naming it."""
    with pytest.raises(sw.UnknownIdError, match="unknown fund 'nope'"):
        fund_ledger(registry, "nope")


@st.composite
def grant_plans(draw: st.DrawFn) -> list[sw.Grant]:
    items = draw(st.lists(st.tuples(fen, dates), max_size=8))
    return [
        sw.Grant(id=f"g{i}", fund_id=FUND.id, project_id="p1", amount=from_fen(f), date=day)
        for i, (f, day) in enumerate(items)
    ]


@settings(max_examples=100)
@given(rules(versions=2), donation_streams(fund_id=FUND.id), grant_plans())
def test_ledger_conserves_money_to_the_fen(
    rule: MatchingRule, gifts: list[sw.Donation], plan: list[sw.Grant]
) -> None:
    """raised + matched = disbursed + balance after every line, and the lines add up to the balance."""
    book = Ledger(fund=FUND, rule=rule, donations=gifts)
    for item in plan:
        try:
            book = book.disburse(item)
        except OverdrawnError:
            assert item not in book.grants
    running = Decimal("0.00")
    for entry in book.entries:
        p = entry.position
        running += -entry.amount if entry.kind is EntryKind.GRANT else entry.amount
        assert p.raised + p.matched == p.disbursed + p.balance
        assert p.balance == running
        assert p.balance >= 0
    for day in {g.date for g in gifts} | {g.date for g in book.grants}:
        s = statement(FUND, gifts, rule=rule, as_of=day)
        paid = sum((g.amount for g in book.grants if g.date <= day), Decimal("0.00"))
        assert book.position(day) == sw.funds.Position(day, s.raised, s.matched, paid, s.total - paid)


@settings(max_examples=100)
@given(donation_streams(fund_id=FUND.id), grant_plans())
def test_refused_grant_leaves_the_ledger_unchanged(gifts: list[sw.Donation], plan: list[sw.Grant]) -> None:
    """Whether a grant is refused or not, the ledger it was offered to is unchanged."""
    book = Ledger(fund=FUND, rule=BINZHOU_RULE, donations=gifts)
    for item in plan:
        before = (book.grants, book.entries)
        with contextlib.suppress(OverdrawnError):
            book.disburse(item)
        assert (book.grants, book.entries) == before
