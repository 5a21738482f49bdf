"""Fund statements: cumulative matching, dated rules, donors, years, as_of."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from random import Random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import FundsError
from socialwork.funds import BINZHOU_RULE, CapPeriod, MatchingRule, matched_amount, statement
from socialwork.model import from_fen, to_fen
from socialwork.testing import donation_streams
from socialwork.testing import matching_rules as rules

from . import FUND, dates


def gift(i: int, amount: str, day: dt.date, donor: str | None = None) -> sw.Donation:
    return sw.Donation(id=f"g{i}", fund_id=FUND.id, amount=amount, date=day, donor=donor)


def test_fund_that_raised_300000_is_at_the_cap() -> None:
    """A fund that has raised 300,000 yuan has 30,000 matched and no room left."""
    s = statement(FUND, [gift(1, "200000", dt.date(2022, 1, 1)), gift(2, "100000", dt.date(2022, 5, 1))])
    assert (s.matched, s.room, s.at_cap, s.total) == (
        Decimal("30000.00"),
        Decimal("0.00"),
        True,
        Decimal("330000.00"),
    )


def test_match_is_on_the_cumulative_total_not_each_donation() -> None:
    """Ten donations of 9.99 are matched 9.99, not ten times 0.99."""
    s = statement(FUND, [gift(i, "9.99", dt.date(2022, 1, 1)) for i in range(10)])
    assert s.matched == Decimal("9.99")


def test_donations_below_the_minimum_are_raised_but_not_matched() -> None:
    """A minimum donation leaves smaller donations out of the matched total only."""
    rule = MatchingRule(ratio="0.1", minimum_donation="100")
    s = statement(
        FUND, [gift(1, "99.99", dt.date(2022, 1, 1)), gift(2, "100", dt.date(2022, 1, 2))], rule=rule
    )
    assert (s.raised, s.counted, s.matched) == (Decimal("199.99"), Decimal("100.00"), Decimal("10.00"))


def test_each_donation_is_matched_at_the_ratio_in_force_on_its_day() -> None:
    """After a change of ratio, later donations are matched at the new ratio."""
    rule = BINZHOU_RULE.changed_on(dt.date(2023, 1, 1), ratio="0.2")
    s = statement(
        FUND, [gift(1, "1000", dt.date(2022, 6, 1)), gift(2, "1000", dt.date(2023, 6, 1))], rule=rule
    )
    assert s.matched == Decimal("300.00")
    assert [(y.year, y.matched) for y in s.years] == [(2022, Decimal("100.00")), (2023, Decimal("200.00"))]


def test_a_lower_cap_never_claws_back_a_match() -> None:
    """Lowering the cap stops further matching but keeps what was already matched."""
    rule = MatchingRule(ratio="0.1", cap="30000").changed_on(dt.date(2023, 1, 1), cap="10000")
    s = statement(
        FUND, [gift(1, "200000", dt.date(2022, 6, 1)), gift(2, "5000", dt.date(2023, 6, 1))], rule=rule
    )
    assert (s.matched, s.room, s.at_cap) == (Decimal("20000.00"), Decimal("0.00"), True)


def test_a_higher_cap_adds_the_match_on_the_day_it_takes_effect() -> None:
    """Raising the cap adds the match of the cumulative total from the day of the change."""
    rule = MatchingRule(ratio="0.1", cap="10000").changed_on(dt.date(2023, 1, 1), cap="30000")
    gifts = [gift(1, "200000", dt.date(2022, 6, 1))]
    assert statement(FUND, gifts, rule=rule, as_of=dt.date(2022, 12, 31)).matched == Decimal("10000.00")
    s = statement(FUND, gifts, rule=rule, as_of=dt.date(2023, 1, 1))
    assert s.matched == Decimal("20000.00")
    assert [(y.year, y.raised, y.matched) for y in s.years] == [
        (2022, Decimal("200000.00"), Decimal("10000.00")),
        (2023, Decimal("0.00"), Decimal("10000.00")),
    ]


def test_a_yearly_cap_starts_again_each_calendar_year() -> None:
    """Under a yearly cap each calendar year may be matched up to the cap."""
    rule = MatchingRule(ratio="0.1", cap="1000", cap_period=CapPeriod.YEAR)
    gifts = [gift(1, "50000", dt.date(2022, 3, 1)), gift(2, "5000", dt.date(2023, 3, 1))]
    s = statement(FUND, gifts, rule=rule)
    assert s.matched == Decimal("1500.00")
    assert s.room == Decimal("500.00")  # in 2023, the year of the last donation
    assert statement(FUND, gifts, rule=rule, as_of=dt.date(2024, 1, 1)).room == Decimal("1000.00")


def test_donations_before_the_rule_takes_effect_are_not_matched() -> None:
    """Money raised before the rule's first day is raised but not matched."""
    rule = MatchingRule(ratio="0.1", effective=dt.date(2022, 1, 1))
    s = statement(
        FUND, [gift(1, "1000", dt.date(2021, 12, 31)), gift(2, "1000", dt.date(2022, 1, 1))], rule=rule
    )
    assert (s.raised, s.counted, s.matched) == (Decimal("2000.00"), Decimal("1000.00"), Decimal("100.00"))


def test_donors_are_counted_once_and_anonymous_donations_apart() -> None:
    """Named donors are counted once each; donations without a donor are counted as anonymous."""
    gifts = [
        gift(1, "10", dt.date(2022, 1, 1), "甲"),
        gift(2, "10", dt.date(2022, 2, 1), "甲"),
        gift(3, "10", dt.date(2023, 1, 1), "乙"),
        gift(4, "10", dt.date(2023, 1, 1)),
    ]
    s = statement(FUND, gifts)
    assert (s.donation_count, s.donor_count, s.anonymous_count) == (4, 2, 1)
    assert [(y.year, y.donation_count, y.donor_count) for y in s.years] == [(2022, 2, 1), (2023, 2, 1)]


def test_donations_of_another_fund_are_refused_with_their_positions() -> None:
    """A donation to another fund or a reused id raises FundsError naming each one."""
    other = sw.Donation(id="x", fund_id="f2", amount="10", date=dt.date(2022, 1, 1))
    again = gift(1, "5", dt.date(2022, 1, 1))
    with pytest.raises(FundsError) as caught:
        statement(FUND, [gift(1, "10", dt.date(2022, 1, 1)), other, again])
    assert [str(p) for p in caught.value.problems] == [
        "donations[1].fund_id: expected fund 'f1', got 'f2'",
        "donations[2].id: duplicate id 'g1', already used by donations[0]",
    ]


def test_explain_states_the_rule_and_the_room() -> None:
    """explain() says what was raised, the rule applied and the room left."""
    text = statement(FUND, [gift(1, "100", dt.date(2022, 1, 1))]).explain()
    assert "raised 100.00 yuan in 1 donation(s)" in text
    assert "10:1" in text
    assert "may still add 29990.00 yuan" in text


def test_statement_does_not_change_its_input() -> None:
    """statement() leaves the list of donations as it was."""
    gifts = [gift(2, "10", dt.date(2022, 2, 1)), gift(1, "10", dt.date(2022, 1, 1))]
    before = list(gifts)
    statement(FUND, gifts)
    assert gifts == before


@given(rules(versions=3, minimum=False), donation_streams(fund_id=FUND.id), st.randoms(use_true_random=False))
def test_match_does_not_depend_on_the_order_of_donations(
    rule: MatchingRule, gifts: list[sw.Donation], random: Random
) -> None:
    """Shuffling the donations changes nothing in the statement."""
    shuffled = list(gifts)
    random.shuffle(shuffled)
    assert statement(FUND, shuffled, rule=rule) == statement(FUND, gifts, rule=rule)


@given(rules(versions=3, minimum=False), donation_streams(fund_id=FUND.id), st.data())
def test_match_does_not_depend_on_how_donations_are_split(
    rule: MatchingRule, gifts: list[sw.Donation], data: st.DataObject
) -> None:
    """Splitting a donation into two on the same day changes neither raised nor matched."""
    split = []
    for item in gifts:
        fen = to_fen(item.amount)
        if fen >= 2 and data.draw(st.booleans()):
            part = data.draw(st.integers(min_value=1, max_value=fen - 1))
            split.append(attrs.evolve(item, id=item.id + "a", amount=from_fen(part)))
            split.append(attrs.evolve(item, id=item.id + "b", amount=from_fen(fen - part)))
        else:
            split.append(item)
    a, b = statement(FUND, gifts, rule=rule), statement(FUND, split, rule=rule)
    assert (a.raised, a.counted, a.matched, a.room, a.at_cap) == (
        b.raised,
        b.counted,
        b.matched,
        b.room,
        b.at_cap,
    )
    assert [(y.year, y.raised, y.matched) for y in a.years] == [
        (y.year, y.raised, y.matched) for y in b.years
    ]


@given(rules(versions=3), donation_streams(fund_id=FUND.id), dates)
def test_statement_as_of_a_date_is_the_statement_of_donations_up_to_it(
    rule: MatchingRule, gifts: list[sw.Donation], day: dt.date
) -> None:
    """Donations after as_of are ignored: as_of equals dropping them."""
    earlier = [g for g in gifts if g.date <= day]
    assert statement(FUND, gifts, rule=rule, as_of=day) == statement(FUND, earlier, rule=rule, as_of=day)


@given(rules(versions=3), donation_streams(fund_id=FUND.id))
def test_years_add_up_to_the_totals(rule: MatchingRule, gifts: list[sw.Donation]) -> None:
    """The yearly figures add up to raised, matched and the number of donations."""
    s = statement(FUND, gifts, rule=rule)
    assert sum((y.raised for y in s.years), Decimal(0)) == s.raised
    assert sum((y.matched for y in s.years), Decimal(0)) == s.matched
    assert sum(y.donation_count for y in s.years) == s.donation_count


@given(
    rules(minimum=False).filter(lambda r: r.effective is None and r.cap_period is CapPeriod.LIFETIME),
    donation_streams(fund_id=FUND.id),
)
def test_statement_matches_matched_amount_of_the_total(rule: MatchingRule, gifts: list[sw.Donation]) -> None:
    """For a simple lifetime rule, the statement's match is matched_amount of the total raised."""
    s = statement(FUND, gifts, rule=rule)
    assert s.matched == matched_amount(rule, s.raised)


@given(rules(versions=3), donation_streams(fund_id=FUND.id), dates, dates)
def test_match_never_decreases_over_time(
    rule: MatchingRule, gifts: list[sw.Donation], a: dt.date, b: dt.date
) -> None:
    """The cumulative match as of a later day is never smaller."""
    early, late = sorted((a, b))
    assert (
        statement(FUND, gifts, rule=rule, as_of=early).matched
        <= statement(FUND, gifts, rule=rule, as_of=late).matched
    )


def test_a_rule_that_is_not_a_rule_is_refused() -> None:
    """Passing something other than a MatchingRule raises InvalidTypeError naming the argument."""
    with pytest.raises(sw.InvalidTypeError, match="rule: expected a MatchingRule, got str"):
        statement(FUND, [], rule="10:1")  # type: ignore[call-overload]
