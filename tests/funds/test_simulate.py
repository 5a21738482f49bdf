"""What-if simulations: vectorised over integer fen, equal to the exact Decimal path."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from random import Random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import FundsError
from socialwork.funds import (
    BINZHOU_RULE,
    CapPeriod,
    DonationTable,
    MatchingRule,
    simulate,
    statement,
)
from socialwork.funds._simulate import fen_array
from socialwork.model import to_fen
from socialwork.testing import donation_streams
from socialwork.testing import matching_rules as rules

from . import FUND, dates

FUNDS = [
    FUND,
    *(
        sw.Fund(
            id=f"f{i}", name="基金", division_id="371602004001", manager_id="m", established=FUND.established
        )
        for i in (2, 3)
    ),
]


def table_of(gifts: dict[str, list[sw.Donation]]) -> DonationTable:
    ids = sorted(gifts)
    rows = [(ids.index(fund_id), to_fen(d.amount), d.date) for fund_id in ids for d in gifts[fund_id]]
    return DonationTable.from_arrays(
        ids, [r[0] for r in rows], np.array([r[1] for r in rows], dtype=np.int64), [r[2] for r in rows]
    )


def test_ratios_side_by_side_cost_in_proportion(registry: sw.Registry) -> None:
    """5:1, 10:1 and 20:1 on the same donations cost the federation in proportion, below the caps."""
    rules = [MatchingRule(ratio=r, cap="30000") for r in ("0.2", "0.1", "0.05")]
    costs = [o.cost for o in simulate(registry, rules).outcomes]
    assert costs == [Decimal("1300.10"), Decimal("650.05"), Decimal("325.02")]


def test_cap_counts_funds_that_hit_it() -> None:
    """A fund whose match reaches the cap is counted under that rule and not under a higher cap."""
    gifts = {"a": [sw.Donation(id="d", fund_id="a", amount="200000", date=dt.date(2022, 1, 1))], "b": []}
    sim = simulate(table_of(gifts), [MatchingRule(ratio="0.1", cap=c) for c in ("10000", "30000")])
    assert [o.at_cap_fund_count for o in sim.outcomes] == [1, 0]
    assert sim.matched(0, "a") == Decimal("10000.00")
    assert sim.matched(1, "b") == Decimal("0.00")


def test_yearly_cap_is_applied_per_calendar_year() -> None:
    """Under a yearly cap each year of a fund is capped separately and the years add up."""
    gifts = {
        "a": [
            sw.Donation(id="d1", fund_id="a", amount="200000", date=dt.date(2022, 1, 1)),
            sw.Donation(id="d2", fund_id="a", amount="50000", date=dt.date(2023, 1, 1)),
        ]
    }
    yearly = MatchingRule(ratio="0.1", cap="10000", cap_period=CapPeriod.YEAR)
    sim = simulate(table_of(gifts), [yearly, attrs_lifetime(yearly)])
    assert [sim.matched(i, "a") for i in (0, 1)] == [Decimal("15000.00"), Decimal("10000.00")]


def attrs_lifetime(rule: MatchingRule) -> MatchingRule:
    return MatchingRule(ratio=rule.ratio, cap=rule.cap, cap_period=CapPeriod.LIFETIME)


def test_as_of_leaves_out_later_donations(registry: sw.Registry) -> None:
    """as_of= simulates only the donations up to that day."""
    sim = simulate(registry, [BINZHOU_RULE], as_of=dt.date(2022, 3, 31))
    assert sim.outcomes[0].cost == Decimal("500.00")
    assert sim.outcomes[0].raised == Decimal("5000.00")


def test_from_registry_equals_from_arrays(registry: sw.Registry) -> None:
    """A table built from a registry equals one built from the same columns."""
    gifts = {"fund-nijiaqiao": list(registry.donations.values())}
    assert DonationTable.from_registry(registry) == table_of(gifts)


def test_rules_that_are_not_rules_are_refused(registry: sw.Registry) -> None:
    """simulate() names every item of rules that is not a MatchingRule."""
    with pytest.raises(FundsError, match=r"rules\[1\]: expected a MatchingRule, got str"):
        simulate(registry, [BINZHOU_RULE, "10:1"])  # type: ignore[list-item]


def test_float_amounts_are_refused() -> None:
    """Amounts in floats are refused: the table holds integer fen only."""
    with pytest.raises(FundsError, match="amount_fen: expected one dimension of integers, got float64"):
        DonationTable.from_arrays(["a"], [0], [10.5], ["2022-01-01"])


def test_bad_positions_and_amounts_are_named() -> None:
    """Positions out of range and amounts not above zero are each named."""
    with pytest.raises(FundsError) as caught:
        DonationTable.from_arrays(["a", "a"], [0, 3], [5, 0], ["2022-01-01", "2022-01-02"])
    assert [p.path for p in caught.value.problems] == ["fund_ids"]
    with pytest.raises(FundsError) as caught:
        DonationTable.from_arrays(["a"], [0, 3], [5, 0], ["2022-01-01", "2022-01-02"])
    assert [p.path for p in caught.value.problems] == ["fund[1]", "amount_fen[1]"]


def test_columns_of_different_lengths_are_refused() -> None:
    """Columns of different lengths are refused, with the lengths."""
    with pytest.raises(FundsError, match="expected columns of one length"):
        DonationTable.from_arrays(["a"], [0, 0], [5], ["2022-01-01"])


def test_matched_of_an_unknown_fund_raises(registry: sw.Registry) -> None:
    """Looking up an unknown fund or rule position raises FundsError naming both."""
    with pytest.raises(FundsError) as caught:
        simulate(registry, [BINZHOU_RULE]).matched(3, "nope")
    assert [p.path for p in caught.value.problems] == ["rule", "fund_id"]


def test_huge_ratios_take_the_exact_integer_path() -> None:
    """Ratios too large for int64 products are computed with Python integers, still exactly."""
    rule = MatchingRule(ratio="999999.999999999999", rounding=decimal.ROUND_HALF_EVEN)
    gifts = {FUND.id: [sw.Donation(id="d", fund_id=FUND.id, amount="12345.67", date=dt.date(2022, 1, 1))]}
    expected = statement(FUND, gifts[FUND.id], rule=rule).matched
    assert simulate(table_of(gifts), [rule]).matched(0, FUND.id) == expected


def test_to_frame_has_a_row_per_rule(registry: sw.Registry) -> None:
    """to_frame() gives one row per rule with Decimal money."""
    frame = simulate(registry, [BINZHOU_RULE, MatchingRule(ratio="0.2")]).to_frame()
    assert list(frame["cost"]) == [Decimal("650.05"), Decimal("1300.10")]


@settings(max_examples=150)
@given(
    st.lists(rules(versions=3), min_size=1, max_size=4),
    st.tuples(*(donation_streams(fund_id=f.id, max_size=8) for f in FUNDS)),
    st.one_of(st.none(), dates),
)
def test_vectorised_equals_the_exact_decimal_path(
    rule_list: list[MatchingRule], gift_lists: tuple[list[sw.Donation], ...], as_of: dt.date | None
) -> None:
    """Every match and cap flag of simulate() equals statement()'s, to the fen."""
    gifts = {fund.id: items for fund, items in zip(FUNDS, gift_lists, strict=True)}
    sim = simulate(table_of(gifts), rule_list, as_of=as_of)
    for index, rule in enumerate(rule_list):
        for fund in FUNDS:
            s = statement(fund, gifts[fund.id], rule=rule, as_of=as_of)
            assert sim.matched(index, fund.id) == s.matched
            assert bool(sim.at_cap[index, sim.fund_ids.index(fund.id)]) is s.at_cap
        assert sim.outcomes[index].raised == sum(
            (statement(f, gifts[f.id], rule=rule, as_of=as_of).raised for f in FUNDS), Decimal("0.00")
        )


@settings(max_examples=50)
@given(
    st.lists(rules(), min_size=1, max_size=3),
    donation_streams(fund_id=FUND.id, max_size=10),
    st.randoms(use_true_random=False),
)
def test_simulation_does_not_depend_on_row_order(
    rule_list: list[MatchingRule], gifts: list[sw.Donation], random: Random
) -> None:
    """Shuffling the rows of the table gives the same table and the same simulation."""
    rows = [(0, to_fen(d.amount), d.date) for d in gifts]
    shuffled = list(rows)
    random.shuffle(shuffled)
    a = DonationTable.from_arrays(
        ["f1"], [r[0] for r in rows], np.array([r[1] for r in rows], dtype=np.int64), [r[2] for r in rows]
    )
    b = DonationTable.from_arrays(
        ["f1"],
        [r[0] for r in shuffled],
        np.array([r[1] for r in shuffled], dtype=np.int64),
        [r[2] for r in shuffled],
    )
    assert np.array_equal(simulate(a, rule_list).matched_fen, simulate(b, rule_list).matched_fen)


whole_fen = st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1)


@given(st.lists(st.tuples(whole_fen, st.sampled_from(["0.01", "0.0001", "normal"])), max_size=20))
def test_fen_array_agrees_with_to_fen_on_whole_fen(items: list[tuple[int, str]]) -> None:
    """The vectorised fen_array gives to_fen of every whole-fen amount, whatever its exponent."""
    amounts = [
        Decimal(fen).scaleb(-2).normalize()
        if form == "normal"
        else Decimal(fen).scaleb(-2).quantize(Decimal(form))
        for fen, form in items
    ]
    assert fen_array(amounts).tolist() == [to_fen(a) for a in amounts] == [fen for fen, _ in items]


def test_fen_array_refuses_amounts_past_int64() -> None:
    """An amount of 2**63 fen or more raises InvalidValueError, not numpy's OverflowError."""
    with pytest.raises(sw.InvalidValueError, match="below 2\\*\\*63 fen"):
        fen_array([Decimal(2**63).scaleb(-2)])


@given(st.lists(st.decimals(allow_nan=True, allow_infinity=True, places=4), min_size=1, max_size=8))
def test_fen_array_raises_what_to_fen_raises(amounts: list[Decimal]) -> None:
    """On amounts that are not whole fen, fen_array raises to_fen's error; otherwise it agrees.

    Whole fen beyond what int64 holds are refused by fen_array alone (to_fen gives
    Python integers of any size), with its own documented error.
    """
    try:
        expected = [to_fen(a) for a in amounts]
    except sw.InvalidValueError as error:
        with pytest.raises(sw.InvalidValueError) as caught:
            fen_array(amounts)
        assert (caught.value.path, caught.value.reason) == (error.path, error.reason)
    else:
        if all(-(2**63) <= fen < 2**63 for fen in expected):
            assert fen_array(amounts).tolist() == expected
        else:
            with pytest.raises(sw.InvalidValueError, match="below 2\\*\\*63 fen"):
                fen_array(amounts)


def test_whole_fen_beyond_int64_are_refused_by_fen_array_only() -> None:
    """An amount in whole fen that int64 cannot hold: to_fen gives it, fen_array refuses it."""
    amount = Decimal("97907813535595560.9600")  # found by Hypothesis
    assert to_fen(amount) == 9790781353559556096
    with pytest.raises(sw.InvalidValueError, match="below 2\\*\\*63 fen"):
        fen_array([amount])


def test_fen_array_of_a_cancelling_pair_is_refused() -> None:
    """Truncations that cancel out (0.005 and -0.005) are still found."""
    with pytest.raises(sw.InvalidValueError, match="whole fen"):
        fen_array([Decimal("0.005"), Decimal("-0.005")])


def test_a_not_a_time_date_is_refused_with_its_position() -> None:
    """NaT among the dates of a DonationTable is refused, naming its position, not read as 1970."""
    with pytest.raises(sw.errors.FundsError) as caught:
        DonationTable.from_arrays(["f"], [0, 0], [100, 200], ["2022-01-01", "NaT"])
    assert [p.path for p in caught.value.problems] == ["dates[1]"]
