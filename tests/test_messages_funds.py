"""Messages in two languages for funds, targets, privacy, datasets and testing.

Each case makes one representative error of a module and pins its English text
byte for byte (as it was before the texts became Messages), and checks that the
same problem renders in Chinese with the same values: ids, amounts, dates, counts.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest

import socialwork as sw
from socialwork import testing
from socialwork.errors import Message, Problem, ProblemsError, SocialWorkError
from socialwork.funds import (
    BINZHOU_RULE,
    ROUNDINGS,
    CapPeriod,
    DonationTable,
    Ledger,
    MatchingRule,
    simulate,
    statement,
)
from socialwork.funds._rule import description
from socialwork.funds._simulate import fen_array
from socialwork.privacy import pseudonym, redact, redact_registry
from socialwork.targets import Target, progress
from socialwork.testing._registries import LOAD_BREAKS, RULE_BREAKS
from tests._messages import CJK, assert_both

VALUE = re.compile(r"'[^']*'|\d[\d.\-:]*")  # quoted ids and names, numbers, dates, ratios

DAY = dt.date(2022, 7, 1)
CROSS_DISTRICT = sw.datasets.FAULTS["cross_district_project"]
_MILLION = MatchingRule(ratio="1000000")


def _example() -> sw.Registry:
    return sw.datasets.example()


def _gift(id_: str = "d-9", fund_id: str = "fund-nijiaqiao") -> sw.Donation:
    return sw.Donation(id=id_, fund_id=fund_id, amount="1000", date=DAY)


def _book() -> Ledger:
    registry = _example()
    return Ledger(
        fund=registry.funds["fund-nijiaqiao"],
        donations=registry.referrers("donations", "fund_id", "fund-nijiaqiao"),
        grants=registry.referrers("grants", "fund_id", "fund-nijiaqiao"),
    )


def _overdraw() -> object:
    big = sw.Grant(id="g-9", fund_id="fund-nijiaqiao", project_id="p-elderly", amount="5000", date=DAY)
    return _book().disburse(big)


def _table(**changes: object) -> object:
    columns: dict[str, object] = {
        "fund_ids": ["b", "a"],
        "fund": [0, 1, 0],
        "amount_fen": [1000, 250, 99],
        "dates": ["2022-01-05", "2023-02-01", "2021-12-31"],
    }
    columns.update(changes)
    return DonationTable.from_arrays(*columns.values())  # type: ignore[arg-type]


def _target(**changes: object) -> Target:
    terms: dict[str, object] = {
        "metric": "supervisors",
        "goal": 110,
        "baseline_date": dt.date(2022, 6, 10),
        "due": dt.date(2025, 12, 31),
    }
    terms.update(changes)
    return Target(**terms)  # type: ignore[arg-type]


# (what fails, which problem, its path, its English text) -- the English as it was before Messages.
CASES: list[tuple[str, Callable[[], object], int, str, str]] = [
    # funds/_rule
    (
        "rule ratio too large",
        lambda: MatchingRule(ratio="2000000"),
        0,
        "ratio",
        "expected a ratio of at most 1000000, got '2000000'",
    ),
    (
        "rule ratio too fine",
        lambda: MatchingRule(ratio="0.0000000000001"),
        0,
        "ratio",
        "expected a ratio with at most 12 decimal places, got '0.0000000000001'",
    ),
    (
        "rule change without a date",
        lambda: MatchingRule(ratio="0.2", previous=BINZHOU_RULE),
        0,
        "effective",
        "a rule that replaces an earlier one needs the date it takes effect",
    ),
    (
        "rule change too early",
        lambda: BINZHOU_RULE.changed_on(dt.date(2024, 1, 1), ratio="0.2").changed_on(dt.date(2023, 1, 1)),
        0,
        "effective",
        "a change must take effect after 2024-01-01, the date of the rule it replaces, got 2023-01-01",
    ),
    # funds/_ledger
    (
        "ledger overdrawn",
        _overdraw,
        0,
        "grants[1].amount",
        "grant 'g-9' of 5000.00 yuan on 2022-07-01 exceeds the balance of 3150.55 yuan",
    ),
    (
        "ledger with a foreign donation",
        lambda: _book().receive(_gift(fund_id="fund-other")),
        0,
        "donations[3].fund_id",
        "expected fund 'fund-nijiaqiao', got 'fund-other'",
    ),
    (
        "ledger with a reused id",
        lambda: _book().receive(_gift()).receive(_gift()),
        0,
        "donations[4].id",
        "duplicate id 'd-9', already used by donations[3]",
    ),
    # funds/_statement
    (
        "statement of a number",
        lambda: statement(3, []),  # type: ignore[call-overload]
        0,
        "registry",
        "expected a Registry or a Fund, got int 3",
    ),
    (
        "statement of a fund with a number",
        lambda: statement(_example().funds["fund-nijiaqiao"], 5),  # type: ignore[call-overload]
        0,
        "donations",
        "expected an iterable of Donation, got int 5",
    ),
    (
        "statement with a non-donation",
        lambda: statement(_example().funds["fund-nijiaqiao"], [7]),  # type: ignore[list-item]
        0,
        "donations[0]",
        "expected a Donation, got int 7",
    ),
    # funds/_simulate
    (
        "table of a string of ids",
        lambda: _table(fund_ids="ab"),
        0,
        "fund_ids",
        "expected a sequence of fund ids, got str 'ab'",
    ),
    (
        "table with a non-str id",
        lambda: _table(fund_ids=["b", 1]),
        0,
        "fund_ids[1]",
        "expected a str, got int 1",
    ),
    (
        "table with a reused id",
        lambda: _table(fund_ids=["a", "a"]),
        0,
        "fund_ids",
        "ids used more than once: ['a']",
    ),
    (
        "table of floats",
        lambda: _table(amount_fen=[1.5, 2.5, 3.5]),
        0,
        "amount_fen",
        "expected one dimension of integers, got float64 of shape (3,)",
    ),
    (
        "table with NaT",
        lambda: _table(dates=["2022-01-05", "NaT", "2021-12-31"]),
        0,
        "dates[1]",
        "expected a date, got NaT (not a time)",
    ),
    (
        "table of unequal columns",
        lambda: _table(fund=[0, 1]),
        0,
        "",
        "expected columns of one length, got {'fund': 2, 'amount_fen': 3, 'dates': 3}",
    ),
    (
        "table with a fund out of range",
        lambda: _table(fund=[0, 2, 0]),
        0,
        "fund[1]",
        "expected a position from 0 to 1, got 2",
    ),
    (
        "table with many funds out of range",
        lambda: _table(fund_ids=["a"], fund=[1] * 7, amount_fen=[1] * 7, dates=["2022-01-01"] * 7),
        5,
        "fund",
        "... and 2 more positions out of range",
    ),
    (
        "table with an amount of zero",
        lambda: _table(amount_fen=[0, 250, 99]),
        0,
        "amount_fen[0]",
        "expected an amount above zero, got 0",
    ),
    (
        "table with many amounts of zero",
        lambda: _table(fund_ids=["a"], fund=[0] * 6, amount_fen=[0] * 6, dates=["2022-01-01"] * 6),
        5,
        "amount_fen",
        "... and 1 more amounts not above zero",
    ),
    (
        "table too large for int64",
        lambda: _table(amount_fen=[2**61, 2**61, 99]),
        0,
        "amount_fen",
        "the amounts add up to 2**62 fen or more; split the table",
    ),
    (
        "fen beyond int64",
        lambda: fen_array([Decimal(2**63) / 100]),
        0,
        "amount",
        "expected amounts below 2**63 fen, which int64 holds",
    ),
    (
        "simulation of a number",
        lambda: simulate(3, [BINZHOU_RULE]),  # type: ignore[arg-type]
        0,
        "data",
        "expected a Registry or a DonationTable, got int",
    ),
    (
        "simulation of a rule",
        lambda: simulate(_example(), BINZHOU_RULE),  # type: ignore[arg-type]
        0,
        "rules",
        f"expected a sequence of MatchingRule, got MatchingRule {BINZHOU_RULE!r}",
    ),
    (
        "simulation of a number rule",
        lambda: simulate(_example(), [BINZHOU_RULE, 4]),  # type: ignore[list-item]
        0,
        "rules[1]",
        "expected a MatchingRule, got int 4",
    ),
    (
        "match of no rule",
        lambda: simulate(_example(), [BINZHOU_RULE]).matched(3, "fund-nijiaqiao"),
        0,
        "rule",
        "expected 0 to 0, got 3",
    ),
    (
        "match of an unknown fund",
        lambda: simulate(_example(), [BINZHOU_RULE]).matched(0, "fund-x"),
        0,
        "fund_id",
        "unknown fund 'fund-x'",
    ),
    (
        "matches beyond int64",
        lambda: simulate(
            _table(fund_ids=["a"], fund=[0], amount_fen=[2**61], dates=["2022-01-01"]), [_MILLION]
        ),
        0,
        "rules",
        "matches of 1:1000000, rounded down to the fen exceed int64 fen",
    ),
    # targets
    (
        "target due before its baseline",
        lambda: _target(due=dt.date(2022, 1, 1)),
        0,
        "due",
        "the due date (2022-01-01) must come after the baseline date (2022-06-10)",
    ),
    (
        "target range below its goal",
        lambda: _target(at_most=100),
        0,
        "at_most",
        "the upper end of the range (100) is below the goal (110)",
    ),
    (
        "progress of a number",
        lambda: progress([_target(), 5], {"supervisors": 3}, as_of=DAY),  # type: ignore[list-item]
        0,
        "targets[1]",
        "expected a Target, got int",
    ),
    (
        "progress without a value",
        lambda: progress([_target()], {}, as_of=DAY),
        0,
        "observed['supervisors']",
        "no observed value for this target",
    ),
    (
        "progress before the baseline",
        lambda: progress([_target()], {"supervisors": 3}, as_of=dt.date(2022, 1, 1)),
        0,
        "as_of",
        "as_of 2022-01-01 is before the baseline date 2022-06-10 of 'supervisors'",
    ),
    # privacy
    (
        "pseudonym with a number key",
        lambda: pseudonym("张三", key=3),  # type: ignore[arg-type]
        0,
        "key",
        "expected the key as bytes or str, got int",
    ),
    ("pseudonym with an empty key", lambda: pseudonym("张三", key=b""), 0, "key", "expected a non-empty key"),
    (
        "pseudonym of a number",
        lambda: pseudonym(3, key="k"),  # type: ignore[arg-type]
        0,
        "value",
        "expected text, got int",
    ),
    (
        "redact with an unknown mode",
        lambda: redact(sw.SocialWorker(id="w1", name="李社工"), pii="hide"),  # type: ignore[arg-type]
        0,
        "pii",
        "expected one of 'redact', 'pseudonymise', 'include', got 'hide'",
    ),
    (
        "pseudonymise without a key",
        lambda: redact(sw.SocialWorker(id="w1", name="李社工"), pii="pseudonymise"),
        0,
        "key",
        'pii="pseudonymise" needs key=: there are no pseudonyms without a key',
    ),
    (
        "redact a number",
        lambda: redact_registry(3),  # type: ignore[arg-type]
        0,
        "registry",
        "expected a Registry, got int",
    ),
    # datasets
    (
        "faults as a string",
        lambda: sw.datasets.synthetic(faults="level_skip"),  # type: ignore[arg-type]
        0,
        "faults",
        "expected fault names (a list or a mapping of name to count), got a string 'level_skip'",
    ),
    (
        "faults as a number",
        lambda: sw.datasets.synthetic(faults=3),  # type: ignore[arg-type]
        0,
        "faults",
        "expected fault names (a list or a mapping of name to count), got int",
    ),
    (
        "an unknown fault",
        lambda: sw.datasets.synthetic(faults=["nope"]),
        0,
        "faults",
        "unknown fault 'nope'; expected one of " + ", ".join(sw.datasets.FAULTS),
    ),
    (
        "a negative count of faults",
        lambda: sw.datasets.synthetic(faults={"level_skip": -1}),
        0,
        "faults.level_skip",
        "expected a whole number of faults, at least 0, got -1",
    ),
    (
        "a fault with nowhere to go",
        lambda: sw.datasets.synthetic(faults=["cross_district_project"], districts=1),
        0,
        "faults.cross_district_project",
        (
            f"cannot plant 'cross_district_project' (for {CROSS_DISTRICT}) in a registry of this shape: "
            "too few entities to plant it on"
        ),
    ),
    (
        "a scenario of a number",
        lambda: sw.datasets.scenario(3),  # type: ignore[arg-type]
        0,
        "name",
        "expected a scenario name string, got int 3",
    ),
    (
        "an unknown scenario",
        lambda: sw.datasets.scenario("wuhan"),
        0,
        "name",
        "expected one of " + ", ".join(map(repr, sw.datasets.SCENARIOS)) + ", got 'wuhan'",
    ),
    (
        "a scenario with bad targets",
        lambda: sw.datasets.Scenario(**{**_scenario_terms(), "targets": [1]}),
        0,
        "targets",
        "expected a tuple of socialwork.targets.Target, got (1,)",
    ),
    (
        "a scenario with a bad rule",
        lambda: sw.datasets.Scenario(**{**_scenario_terms(), "rule": 1}),
        0,
        "rule",
        "expected a socialwork.funds.MatchingRule or None, got int",
    ),
    (
        "a scenario with bad indicators",
        lambda: sw.datasets.Scenario(**{**_scenario_terms(), "indicators": 1}),
        0,
        "indicators",
        "expected a socialwork.scoring.IndicatorSystem or None, got int",
    ),
    (
        "a rate of text",
        lambda: sw.datasets.synthetic(workers_per_street="2"),  # type: ignore[arg-type]
        0,
        "workers_per_street",
        "expected a number (int, float or Decimal), got str '2'",
    ),
    (
        "an infinite rate",
        lambda: sw.datasets.synthetic(workers_per_street=float("inf")),
        0,
        "workers_per_street",
        "expected a finite number, got inf",
    ),
    (
        "a rate too large",
        lambda: sw.datasets.synthetic(workers_per_street=5000),
        0,
        "workers_per_street",
        "expected a number from 0 to 1000, got 5000",
    ),
    (
        "too many grants",
        lambda: sw.datasets.synthetic(grants_per_fund=101),
        0,
        "grants_per_fund",
        "expected a number from 0 to 100, got 101",
    ),
    (
        "too many districts",
        lambda: sw.datasets.synthetic(districts=10_000, districts_per_city=1, cities_per_province=1),
        0,
        "districts",
        "expected at most 31 districts (31 provinces of 1 cities of 1 districts), got 10000",
    ),
    (
        "faults given twice",
        lambda: sw.datasets.synthetic_with_faults([], faults=[]),
        0,
        "faults",
        "faults is given as its own argument",
    ),
    (
        "an unexpected argument",
        lambda: sw.datasets.synthetic_with_faults([], colour=1),
        0,
        "shape",
        "unexpected argument: got an unexpected keyword argument 'colour'",
    ),
]


def _scenario_terms() -> dict[str, object]:
    wuhou = sw.datasets.scenario("wuhou")
    return {field.name: getattr(wuhou, field.name) for field in attrs.fields(type(wuhou)) if field.init}


# socialwork.testing: the argument errors of the strategies
CASES += [
    (
        "rules of no version",
        lambda: testing.matching_rules(versions=0),
        0,
        "versions",
        "expected at least one version, got 0",
    ),
    (
        "rules of an unknown rounding",
        lambda: testing.matching_rules(rounding="UP"),
        0,
        "rounding",
        f"expected one of {sorted(sw.funds.ROUNDINGS)}, got 'UP'",
    ),
    (
        "streams of a bad size",
        lambda: testing.donation_streams(min_size=3, max_size=1),
        0,
        "min_size",
        "expected 0 <= min_size <= max_size, got 3 and 1",
    ),
    (
        "profiles of no proposer",
        lambda: testing.preference_profiles(max_proposers=0),
        0,
        "max_proposers",
        "expected at least 1, got 0",
    ),
    (
        "marriages of none",
        lambda: testing.marriage_profiles(max_size=0),
        0,
        "max_size",
        "expected at least 1, got 0",
    ),
    (
        "codes of no level",
        lambda: testing.division_codes("street"),
        0,
        "level",
        "expected a DivisionLevel, got 'street'",
    ),
    (
        "a province with a parent",
        lambda: testing.division_codes(sw.DivisionLevel.PROVINCE, parent="110000"),
        0,
        "parent",
        "a province has no parent division, got '110000'",
    ),
    (
        "money upside down",
        lambda: testing.money(min_value=5, max_value=1),
        0,
        "min_value",
        "min_value 5.00 is above max_value 1.00",
    ),
    (
        "registries of a bad count",
        lambda: testing.registries(streets="3"),
        0,
        "streets",
        "expected a count or a (min, max) pair of counts, got '3'",
    ),
    (
        "registries of a bad range",
        lambda: testing.registries(streets=(3, 1)),
        0,
        "streets",
        "expected 0 <= min <= max, got (3, 1)",
    ),
    (
        "registries broken in an unknown way",
        lambda: testing.broken_registries(breaks="nope"),
        0,
        "breaks",
        f"expected one of {LOAD_BREAKS + RULE_BREAKS}, got 'nope'",
    ),
    (
        "matrices of a bad size",
        lambda: testing.decision_matrices(min_rows=3, max_rows=2),
        0,
        "min_rows",
        "expected 1 <= min_rows <= max_rows, got 3 and 2",
    ),
    (
        "matrices of no column",
        lambda: testing.decision_matrices(max_columns=0),
        0,
        "max_columns",
        "expected at least one column, got 0",
    ),
    (
        "systems of too many groups",
        lambda: testing.indicator_systems(max_groups=27),
        0,
        "max_groups",
        "expected 1 to 26 groups, got 27",
    ),
    (
        "systems of no leaf",
        lambda: testing.indicator_systems(max_leaves=0),
        0,
        "max_leaves",
        "expected at least one leaf, got 0",
    ),
]


def _caught(call: Callable[[], object]) -> SocialWorkError:
    with pytest.raises(SocialWorkError) as caught:
        call()
    return caught.value


def _check(call: Callable[[], object], index: int, path: str, english: str) -> None:
    error = _caught(call)
    problem = error.problems[index]  # type: ignore[attr-defined]
    assert isinstance(problem, Problem)
    assert problem.path == path
    assert_both(problem.message, english, *VALUE.findall(english))
    assert problem.render("en") == str(problem)
    zh = problem.render("zh")
    assert zh.startswith(f"{path}: " if path else "")
    assert CJK.search(zh)
    if isinstance(error, ProblemsError):
        assert isinstance(error.summary, Message)
        assert CJK.search(error.summary.zh)


@pytest.mark.parametrize(
    ("call", "index", "path", "english"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_error_is_in_english_as_before_and_in_chinese(
    call: Callable[[], object], index: int, path: str, english: str
) -> None:
    """Each error keeps its English text exactly, and renders in Chinese with the same values."""
    _check(call, index, path, english)


@pytest.mark.parametrize(
    ("call", "english", "zh"),
    [
        (
            _overdraw,
            "cannot disburse grant 'g-9' from fund 'fund-nijiaqiao'",
            "无法从基金 'fund-nijiaqiao' 拨付资助 'g-9'",
        ),
        (
            lambda: _book().receive(_gift(fund_id="x")),
            "cannot keep the ledger of fund 'fund-nijiaqiao'",
            "台账",
        ),
        (lambda: _table(fund=[0, 1]), "cannot build the donation table", "无法建立捐赠表"),
        (lambda: simulate(_example(), [4]), "cannot simulate", "无法模拟"),  # type: ignore[list-item]
        (lambda: simulate(_example(), [BINZHOU_RULE]).matched(3, "x"), "cannot look up the match", "配捐"),
        (lambda: progress([_target()], {}, as_of=DAY), "cannot work out the progress", "无法计算目标进度"),
        (lambda: progress([], [], as_of=DAY), "cannot work out the progress", "无法计算目标进度"),  # type: ignore[arg-type]
        (
            lambda: statement(_example().funds["fund-nijiaqiao"], [_gift(fund_id="x")]),
            "cannot draw up the statement of fund 'fund-nijiaqiao'",
            "无法编制基金 'fund-nijiaqiao' 的报表",
        ),
    ],
    ids=["disburse", "ledger", "table", "simulate", "match", "progress", "progress-arguments", "statement"],
)
def test_each_summary_is_in_both_languages(call: Callable[[], object], english: str, zh: str) -> None:
    """The summary of a ProblemsError of these modules keeps its English and says the same in Chinese."""
    error = _caught(call)
    assert isinstance(error, ProblemsError)
    assert_both(error.summary, english, *VALUE.findall(english))
    assert zh in error.summary.zh


def test_a_rule_is_described_in_both_languages() -> None:
    """describe() is a Message with its Chinese, made once per rule; errors about a rule quote it.

    It is on the success path of reports and statements: the words are made when first
    asked for and kept, and keeping them changes neither the rule's equality nor its hash.
    """
    rule = MatchingRule(ratio="0.2", cap="10000", cap_period=CapPeriod.YEAR, minimum_donation="10")
    changed = rule.changed_on(dt.date(2024, 1, 1), cap=None)
    every = [
        MatchingRule(ratio="0.1", cap=cap, cap_period=period, rounding=rounding, minimum_donation=least)
        for rounding, cap, period, least in itertools.product(
            sorted(ROUNDINGS), [None, "30000"], list(CapPeriod), ["0", "10"]
        )
    ]
    for terms in (BINZHOU_RULE, rule, changed, *every):
        fresh = attrs.evolve(terms)
        text = description(terms)
        assert isinstance(text, Message)
        assert text is terms.describe()
        assert CJK.search(text.zh)
        assert (fresh, hash(fresh)) == (terms, hash(terms))
        assert fresh.describe() == text
    assert description(rule).zh == "5:1，每自然年至多 10000.00 元，向下舍入到分，低于 10.00 元的捐赠不配捐"
    assert description(changed).zh.endswith("，自 2024-01-01 起；此前：" + description(rule).zh)
