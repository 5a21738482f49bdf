"""Matching rules and the arithmetic of the match: matched_amount, cap_reached_at."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.funds import BINZHOU_RULE, ROUNDINGS, CapPeriod, MatchingRule, cap_reached_at, matched_amount
from socialwork.testing import matching_rules as rules
from socialwork.testing import money

raised_totals = money(min_value=0, max_value=10**10)


def test_seed_ten_yuan_raised_is_matched_one_yuan() -> None:
    """The Binzhou seed: a community raises 10 yuan, the federation adds 1."""
    assert matched_amount(BINZHOU_RULE, Decimal("10")) == Decimal("1.00")


def test_seed_cap_is_reached_at_300000_yuan_raised() -> None:
    """The Binzhou seed: the 30,000 yuan cap is reached when 300,000 yuan are raised."""
    assert cap_reached_at(BINZHOU_RULE) == Decimal("300000.00")
    assert matched_amount(BINZHOU_RULE, Decimal("299999.99")) == Decimal("29999.99")
    assert matched_amount(BINZHOU_RULE, Decimal("300000")) == Decimal("30000.00")
    assert matched_amount(BINZHOU_RULE, Decimal("7000000")) == Decimal("30000.00")


def test_binzhou_rule_terms() -> None:
    """BINZHOU_RULE is 10:1 with a 30,000 yuan cap over the fund's life, rounded down."""
    assert BINZHOU_RULE.ratio == Decimal("0.1")
    assert BINZHOU_RULE.cap == Decimal("30000.00")
    assert BINZHOU_RULE.cap_period is CapPeriod.LIFETIME
    assert BINZHOU_RULE.rounding == decimal.ROUND_DOWN
    assert BINZHOU_RULE.ratio_text == "10:1"


def test_default_rounding_never_over_matches() -> None:
    """By default the match is rounded down to the fen: 9.99 raised gives 0.99, not 1.00."""
    assert matched_amount(BINZHOU_RULE, Decimal("9.99")) == Decimal("0.99")


def test_rounding_is_configurable() -> None:
    """Another rounding mode rounds the same exact match differently."""
    rule = MatchingRule(ratio="0.1", rounding=decimal.ROUND_HALF_UP)
    assert matched_amount(rule, Decimal("9.95")) == Decimal("1.00")
    assert matched_amount(BINZHOU_RULE, Decimal("9.95")) == Decimal("0.99")


def test_float_ratio_is_refused() -> None:
    """A float ratio is refused: money never touches a float."""
    with pytest.raises(sw.InvalidTypeError, match=r"ratio: .*float"):
        MatchingRule(ratio=0.1)  # type: ignore[arg-type]


def test_float_raised_is_refused() -> None:
    """A float raised total is refused with the field named."""
    with pytest.raises(sw.InvalidTypeError, match=r"raised: .*float"):
        matched_amount(BINZHOU_RULE, 10.0)  # type: ignore[arg-type]


def test_unknown_rounding_is_refused() -> None:
    """A rounding mode that the decimal module does not know is refused, naming the field."""
    with pytest.raises(sw.InvalidValueError, match="rounding: expected one of"):
        MatchingRule(ratio="0.1", rounding="ROUND_SOMETIMES")


def test_ratio_with_too_many_places_is_refused() -> None:
    """A ratio with more than 12 decimal places is refused."""
    with pytest.raises(sw.InvalidValueError, match="at most 12 decimal places"):
        MatchingRule(ratio="0.1234567890123")


def test_negative_cap_is_refused() -> None:
    """A negative cap is refused, naming the field."""
    with pytest.raises(sw.InvalidValueError, match="cap: expected a non-negative"):
        MatchingRule(ratio="0.1", cap="-1")


def test_change_must_come_after_the_rule_it_replaces() -> None:
    """A rule cannot change on or before the date of its own version."""
    rule = BINZHOU_RULE.changed_on(dt.date(2024, 1, 1), cap="50000")
    with pytest.raises(sw.InvalidValueError, match="effective: a change must take effect after 2024-01-01"):
        rule.changed_on(dt.date(2023, 6, 1), cap="10000")


def test_changed_on_keeps_terms_not_given() -> None:
    """changed_on changes only the terms given and keeps the old version as previous."""
    rule = BINZHOU_RULE.changed_on(dt.date(2024, 1, 1), cap=None)
    assert (rule.ratio, rule.cap, rule.previous) == (BINZHOU_RULE.ratio, None, BINZHOU_RULE)
    assert rule.on(dt.date(2023, 12, 31)) is BINZHOU_RULE


def test_rule_is_not_in_force_before_its_first_date() -> None:
    """Before a rule's first version takes effect, nothing is matched."""
    rule = MatchingRule(ratio="0.1", effective=dt.date(2021, 1, 1))
    assert rule.on(dt.date(2020, 12, 31)) is None
    assert matched_amount(rule, Decimal(100), on=dt.date(2020, 12, 31)) == Decimal("0.00")
    assert matched_amount(rule, Decimal(100), on=dt.date(2021, 1, 1)) == Decimal("10.00")


def test_describe_names_every_term() -> None:
    """describe() states the ratio, the cap and its period, the rounding and the minimum."""
    rule = MatchingRule(ratio="0.2", cap="10000", cap_period=CapPeriod.YEAR, minimum_donation="10")
    text = rule.describe()
    assert "5:1" in text
    assert "10000.00 yuan in each calendar year" in text
    assert "donations under 10.00 yuan not matched" in text


def test_no_cap_has_no_cap_total() -> None:
    """A rule without a cap has no total at which the cap is reached."""
    assert cap_reached_at(MatchingRule(ratio="0.1")) is None


@given(rules(), raised_totals, raised_totals)
def test_match_is_monotone_in_raised(rule: MatchingRule, a: Decimal, b: Decimal) -> None:
    """Raising more never gives a smaller match."""
    low, high = sorted((a, b))
    assert matched_amount(rule, low) <= matched_amount(rule, high)


@given(rules(versions=3), raised_totals, st.dates())
def test_match_never_exceeds_the_cap(rule: MatchingRule, raised: Decimal, day: dt.date) -> None:
    """The match never exceeds the cap of the version in force."""
    terms = rule.on(day)
    matched = matched_amount(rule, raised, on=day)
    if terms is not None and terms.cap is not None:
        assert matched <= terms.cap


@given(rules(rounding=decimal.ROUND_DOWN), raised_totals)
def test_rounded_down_match_never_exceeds_ratio_times_raised(rule: MatchingRule, raised: Decimal) -> None:
    """With the default rounding the match is never above ratio * raised."""
    assert matched_amount(rule, raised) <= raised * rule.ratio


@given(rules(), raised_totals)
def test_any_rounding_stays_within_a_fen_of_ratio_times_raised(rule: MatchingRule, raised: Decimal) -> None:
    """Whatever the rounding, the match is within one fen of ratio * raised (or the cap)."""
    exact = raised * rule.ratio
    matched = matched_amount(rule, raised)
    assert matched < exact + Decimal("0.01")
    assert matched == rule.cap or matched > exact - Decimal("0.01")


@given(rules())
def test_cap_reached_at_is_the_smallest_total_reaching_the_cap(rule: MatchingRule) -> None:
    """cap_reached_at gives a total whose match is the cap, and one fen less falls short."""
    total = cap_reached_at(rule)
    if total is None:
        assert rule.cap is None or rule.ratio == 0
        return
    assert rule.cap is not None
    assert matched_amount(rule, total) == rule.cap
    if total > 0:
        assert matched_amount(rule, total - Decimal("0.01")) < rule.cap


def test_roundings_are_the_decimal_modes() -> None:
    """ROUNDINGS holds exactly the eight rounding modes of the decimal module."""
    assert {name for name in dir(decimal) if name.startswith("ROUND_")} == ROUNDINGS
