"""Money runs in the library's own decimal context: a caller's low precision changes no figure."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import OverdrawnError
from socialwork.funds import (
    BINZHOU_RULE,
    DonationTable,
    Ledger,
    MatchingRule,
    cap_reached_at,
    fund_ledger,
    matched_amount,
    simulate,
    statement,
    summary,
)
from socialwork.testing import donation_streams, money
from socialwork.testing import matching_rules as rules

from . import FUND

raised_totals = money(min_value=0, max_value=10**10)

LOW = decimal.Context(prec=9)
BIG = "99999999.99"

contexts = st.builds(
    decimal.Context,
    prec=st.integers(min_value=1, max_value=12),
    rounding=st.sampled_from([decimal.ROUND_HALF_EVEN, decimal.ROUND_UP, decimal.ROUND_FLOOR]),
)


def big_gifts() -> list[sw.Donation]:
    return [
        sw.Donation(id=f"d{i}", fund_id=FUND.id, amount=BIG, date=dt.date(2022, 1, i + 1)) for i in range(3)
    ]


def test_statement_of_three_large_donations_is_exact_at_nine_digits() -> None:
    """Under a caller's 9-digit context, three donations of 99,999,999.99 still total 299,999,999.97."""
    gifts = big_gifts()
    with decimal.localcontext(LOW):
        s = statement(FUND, gifts)
        total = s.total
    assert s.raised == Decimal("299999999.97")
    assert total == Decimal("300029999.97")
    assert sum(y.raised for y in s.years) == s.raised


def test_ledger_refuses_a_grant_one_fen_over_the_balance_at_nine_digits() -> None:
    """Under a caller's 9-digit context the ledger still refuses a grant 0.01 yuan over the balance."""
    gifts = big_gifts()
    day = dt.date(2022, 2, 1)
    # Entities are built outside: the model's own converters are not what this pins.
    whole = sw.Grant(id="g1", fund_id=FUND.id, project_id="p1", amount="300029999.97", date=day)
    over = sw.Grant(id="g2", fund_id=FUND.id, project_id="p1", amount="300030000.00", date=day)
    with decimal.localcontext(LOW):
        book = Ledger(fund=FUND, donations=gifts)
        with pytest.raises(OverdrawnError):
            book.disburse(over)
        assert book.disburse(whole).balance() == Decimal("0.00")
    assert book.balance() == Decimal("300029999.97")


def test_registry_entry_points_are_exact_at_nine_digits() -> None:
    """statement, fund_ledger, summary and simulate on a registry give the same figures at 9 digits."""
    registry = sw.Registry(
        [
            sw.Division(code="371602", name="滨城区", level=sw.DivisionLevel.DISTRICT),
            sw.Organization(id="bz-fed", name="滨州市慈善总会", kind=sw.OrgKind.CHARITY_FEDERATION),
            sw.Fund(
                id=FUND.id,
                name=FUND.name,
                division_id="371602",
                manager_id="bz-fed",
                established=FUND.established,
            ),
            *big_gifts(),
        ]
    )
    expected = (
        statement(registry, FUND.id),
        fund_ledger(registry, FUND.id).entries,
        summary(registry),
        simulate(registry, [BINZHOU_RULE]).outcomes,
    )
    with decimal.localcontext(LOW):
        got = (
            statement(registry, FUND.id),
            fund_ledger(registry, FUND.id).entries,
            summary(registry),
            simulate(registry, [BINZHOU_RULE]).outcomes,
        )
        balance = summary(registry).balance
    assert got == expected
    assert balance == Decimal("300029999.97")


@settings(max_examples=50)
@given(rules(versions=2), donation_streams(fund_id=FUND.id), contexts)
def test_statement_and_ledger_do_not_depend_on_the_callers_context(
    rule: MatchingRule, gifts: list[sw.Donation], context: decimal.Context
) -> None:
    """A statement and a ledger drawn up in any caller's context equal those of the default context."""
    expected = (statement(FUND, gifts, rule=rule), Ledger(fund=FUND, rule=rule, donations=gifts).entries)
    with decimal.localcontext(context):
        s = statement(FUND, gifts, rule=rule)
        got = (s, Ledger(fund=FUND, rule=rule, donations=gifts).entries)
        total = s.total
    assert got == expected
    assert total == expected[0].raised + expected[0].matched


@settings(max_examples=50)
@given(rules(versions=2), raised_totals, contexts)
def test_rule_arithmetic_does_not_depend_on_the_callers_context(
    rule: MatchingRule, raised: Decimal, context: decimal.Context
) -> None:
    """matched_amount and cap_reached_at give the same results in any caller's context."""
    expected = (matched_amount(rule, raised), cap_reached_at(rule))
    with decimal.localcontext(context):
        got = (matched_amount(rule, raised), cap_reached_at(rule))
    assert got == expected


@settings(max_examples=50)
@given(st.lists(rules(versions=2), min_size=1, max_size=3), donation_streams(fund_id=FUND.id), contexts)
def test_simulation_does_not_depend_on_the_callers_context(
    rule_list: list[MatchingRule], gifts: list[sw.Donation], context: decimal.Context
) -> None:
    """A simulation run in any caller's context gives the same outcomes and matches."""
    table = DonationTable.from_arrays(
        [FUND.id], [0] * len(gifts), [sw.model.to_fen(g.amount) for g in gifts], [g.date for g in gifts]
    )
    expected = simulate(table, rule_list)
    with decimal.localcontext(context):
        got = simulate(table, rule_list)
    assert got == expected
