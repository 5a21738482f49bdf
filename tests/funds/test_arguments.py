"""Every public function of socialwork.funds names the argument that has the wrong type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

import socialwork as sw
from socialwork.errors import FundsError
from socialwork.funds import (
    BINZHOU_RULE,
    CapPeriod,
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

from . import FUND

REG = sw.datasets.example()
FID = "fund-nijiaqiao"
NOON = dt.datetime(2022, 5, 1, 12, 0)
GIFT = sw.Donation(id="d-x", fund_id=FID, amount="10", date=dt.date(2022, 1, 1))
BOOK = fund_ledger(REG, FID)
SIM = simulate(REG, [BINZHOU_RULE])

CASES: list[tuple[str, Callable[[], Any], str]] = [
    ("statement registry", lambda: statement("registry", FID), "registry"),  # type: ignore[call-overload]
    ("statement fund_id", lambda: statement(REG, 7), "fund_id"),  # type: ignore[call-overload]
    ("statement donations", lambda: statement(FUND, 7), "donations"),  # type: ignore[call-overload]
    ("statement donations str", lambda: statement(FUND, "d1"), "donations"),  # type: ignore[arg-type]
    ("statement rule", lambda: statement(REG, FID, rule="10:1"), "rule"),  # type: ignore[call-overload]
    ("statement as_of", lambda: statement(REG, FID, as_of=NOON), "as_of"),
    ("summary registry", lambda: summary([]), "registry"),  # type: ignore[arg-type]
    ("summary rule", lambda: summary(REG, rule=0.1), "rule"),  # type: ignore[arg-type]
    ("summary manager_id", lambda: summary(REG, manager_id=1), "manager_id"),  # type: ignore[arg-type]
    ("summary within", lambda: summary(REG, within=510107), "within"),  # type: ignore[arg-type]
    ("summary as_of", lambda: summary(REG, as_of="2022-01-01"), "as_of"),  # type: ignore[arg-type]
    ("fund_ledger registry", lambda: fund_ledger(None, FID), "registry"),  # type: ignore[arg-type]
    ("fund_ledger fund_id", lambda: fund_ledger(REG, None), "fund_id"),  # type: ignore[arg-type]
    ("fund_ledger rule", lambda: fund_ledger(REG, FID, rule=None), "rule"),  # type: ignore[arg-type]
    ("Ledger fund", lambda: Ledger(fund=FID), "fund"),  # type: ignore[arg-type]
    ("Ledger rule", lambda: Ledger(fund=FUND, rule="10:1"), "rule"),  # type: ignore[arg-type]
    ("Ledger donations", lambda: Ledger(fund=FUND, donations=5), "donations"),  # type: ignore[arg-type]
    ("Ledger grants", lambda: Ledger(fund=FUND, grants=5), "grants"),  # type: ignore[arg-type]
    ("Ledger.position on", lambda: BOOK.position(NOON), "on"),
    ("Ledger.balance on", lambda: BOOK.balance("2022-05-01"), "on"),  # type: ignore[arg-type]
    ("Ledger.receive donation", lambda: BOOK.receive("gift"), "donation"),  # type: ignore[arg-type]
    ("Ledger.disburse grant", lambda: BOOK.disburse(GIFT), "grant"),  # type: ignore[arg-type]
    ("matched_amount rule", lambda: matched_amount("10:1", 10), "rule"),  # type: ignore[arg-type]
    ("matched_amount raised", lambda: matched_amount(BINZHOU_RULE, 10.0), "raised"),  # type: ignore[arg-type]
    ("matched_amount on", lambda: matched_amount(BINZHOU_RULE, 10, on=NOON), "on"),
    ("cap_reached_at rule", lambda: cap_reached_at(None), "rule"),  # type: ignore[arg-type]
    ("cap_reached_at on", lambda: cap_reached_at(BINZHOU_RULE, on=2022), "on"),  # type: ignore[arg-type]
    ("MatchingRule.on date", lambda: BINZHOU_RULE.on(NOON), "date"),
    ("changed_on date", lambda: BINZHOU_RULE.changed_on("2024-01-01", cap="1"), "date"),  # type: ignore[arg-type]
    ("MatchingRule name", lambda: MatchingRule(ratio="0.1", name=1), "name"),  # type: ignore[arg-type]
    ("MatchingRule cap_period", lambda: MatchingRule(ratio="0.1", cap_period="year"), "cap_period"),  # type: ignore[arg-type]
    ("MatchingRule effective", lambda: MatchingRule(ratio="0.1", effective=NOON), "effective"),
    ("MatchingRule previous", lambda: MatchingRule(ratio="0.1", previous="old"), "previous"),  # type: ignore[arg-type]
    ("simulate rules", lambda: simulate(REG, BINZHOU_RULE), "rules"),  # type: ignore[arg-type]
    ("simulate as_of", lambda: simulate(REG, [BINZHOU_RULE], as_of=NOON), "as_of"),
    ("from_registry registry", lambda: DonationTable.from_registry({}), "registry"),  # type: ignore[arg-type]
    ("from_arrays fund_ids", lambda: DonationTable.from_arrays(3, [], [], []), "fund_ids"),  # type: ignore[arg-type]
    ("Simulation.matched rule", lambda: SIM.matched("0", FID), "rule"),  # type: ignore[arg-type]
    ("Simulation.matched fund_id", lambda: SIM.matched(0, 5), "fund_id"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("call", "path"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_wrong_type_raises_invalid_type_error_naming_the_argument(call: Callable[[], Any], path: str) -> None:
    """An argument of the wrong type raises InvalidTypeError whose path is the argument's name."""
    with pytest.raises(sw.InvalidTypeError) as caught:
        call()
    assert caught.value.path == path


def test_items_of_the_wrong_type_are_named_with_their_positions() -> None:
    """Items of donations, grants or rules of the wrong type are each named by position."""
    with pytest.raises(FundsError) as caught:
        statement(FUND, [GIFT, "gift"])  # type: ignore[list-item]
    assert [p.path for p in caught.value.problems] == ["donations[0].fund_id", "donations[1]"]
    with pytest.raises(FundsError) as caught:
        simulate(REG, [BINZHOU_RULE, CapPeriod.YEAR])  # type: ignore[list-item]
    assert [p.path for p in caught.value.problems] == ["rules[1]"]


def test_unknown_fund_id_raises_unknown_id_error() -> None:
    """statement(registry, fund_id) of a fund the registry does not hold raises UnknownIdError."""
    with pytest.raises(sw.UnknownIdError, match="unknown fund 'nope'"):
        statement(REG, "nope")
