"""Results as tables: to_frame columns and dtypes, short reprs, and bounded, escaped notebook views."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings

import socialwork as sw
from socialwork import funds, hierarchy, linkage, matching, scoring, targets
from socialwork._tables import html_table, make_frame, short_items
from socialwork.model import from_fen, to_fen
from socialwork.testing import money, registries

EVIL = "<script>alert(1)</script>"
REPR_BOUND = 1_000  # characters: a repr says what the result is, not everything in it
HTML_BOUND = 20_000  # characters: a notebook view of at most 20 rows a table


def _example() -> sw.Registry:
    return sw.datasets.example()


def _system() -> scoring.IndicatorSystem:
    return scoring.IndicatorSystem(
        scoring.Indicator(
            id="r",
            children=[
                scoring.Indicator(id="x", weight="0.5", normalization="max"),
                scoring.Indicator(id="y", weight="0.5", normalization="max"),
            ],
        )
    )


def _scores(ids: list[str]) -> scoring.Scores:
    return scoring.evaluate(_system(), {e: {"x": i % 7 + 1, "y": i % 3 + 1} for i, e in enumerate(ids)})


def _results(registry: sw.Registry) -> dict[str, Any]:
    """Every result class that is a table, made from *registry* (its ids drive the non-registry ones)."""
    ids = sorted(registry.stations)
    fund_id = sorted(registry.funds)[0]
    score_map = _scores(ids).as_dict()
    proposals = {e: Decimal(1000 + i % 5) for i, e in enumerate(ids[:300])}
    observed = {t.metric: t.goal for t in targets.WUHOU_TARGETS}
    return {
        "ValidationReport": sw.validate(registry),
        "FundsSummary": funds.summary(registry),
        "Statement": funds.statement(registry, fund_id),
        "Ledger": funds.fund_ledger(registry, fund_id),
        "Simulation": funds.simulate(registry, [funds.BINZHOU_RULE, funds.MatchingRule(ratio="0.2")]),
        "DonationTable": funds.DonationTable.from_registry(registry),
        "Coverage": hierarchy.coverage(registry),
        "Rollup": hierarchy.rollup(registry, dict.fromkeys(registry.stations, 1)),
        "Profiles": linkage.profiles(registry),
        "Bridges": linkage.bridges(registry),
        "Scores": _scores(ids),
        "Awards": scoring.awards({"station": score_map}, {"station": len(ids) // 2}),
        "Allocation": scoring.allocate(
            proposals, {p: score_map[p] for p in proposals}, Decimal(20_000), granularity=Decimal(100)
        ),
        "Assignment": matching.assign(
            dict.fromkeys(ids, 1),
            dict.fromkeys(registry.organizations, 50),
            fit=dict.fromkeys(
                ((s, st.operator_id) for s, st in registry.stations.items() if st.operator_id), 1
            ),
        ),
        "Matching": matching.Matching.from_pairs(
            [(s, st.operator_id) for s, st in registry.stations.items() if st.operator_id]
        ),
        "ProgressReport": targets.progress(targets.WUHOU_TARGETS, observed, as_of=dt.date(2025, 1, 1)),
        "FairPreferences": matching.fair_preferences(registry),
        "Extraction": scoring.extract(registry, ["station.practitioners", "station.children"]),
    }


@pytest.fixture(scope="module")
def large() -> dict[str, Any]:
    """The results of a synthetic registry of about 20,000 entities, and the registry itself."""
    registry = sw.datasets.synthetic(districts=80, streets_per_district=10, communities_per_street=5)
    assert len(registry) >= 20_000
    return {"Registry": registry, **_results(registry)}


@pytest.fixture(scope="module")
def small() -> dict[str, Any]:
    """The results of the example registry."""
    return {"Registry": _example(), **_results(_example())}


LARGE_REPRS = [
    "ValidationReport",
    "FundsSummary",
    "Ledger",
    "Simulation",
    "DonationTable",
    "Coverage",
    "Scores",
    "Awards",
    "Allocation",
    "Assignment",
    "Matching",
    "Registry",
    "Profiles",
    "Bridges",
    "Rollup",
    "FairPreferences",
    "Extraction",
]


@pytest.mark.parametrize("name", LARGE_REPRS)
def test_repr_is_short_for_a_large_registry(large: dict[str, Any], name: str) -> None:
    """The repr of a result of a 20k-entity registry stays under a thousand characters."""
    assert len(repr(large[name])) < REPR_BOUND, repr(large[name])[:300]


HTML = [*LARGE_REPRS, "Statement", "ProgressReport"]


@pytest.mark.parametrize("name", HTML)
def test_notebook_view_is_bounded_for_a_large_registry(large: dict[str, Any], name: str) -> None:
    """The notebook view of a result of a 20k-entity registry is a bounded HTML block."""
    result = large[name]
    page = result._repr_html_()
    assert page.startswith('<div class="socialwork">')
    assert len(page) < HTML_BOUND
    if name in ("Registry", "FundsSummary", "Scores", "Profiles", "Matching", "Coverage", "Awards"):
        assert "more</p>" in page  # the rows left out are counted


def test_a_report_of_many_violations_stays_short() -> None:
    """A report of many violations prints counts and codes, and shows 20 of them in a notebook."""
    registry, _ = sw.datasets.synthetic_with_faults(
        {"uncovered_community": 60}, districts=10, streets_per_district=10, communities_per_street=5
    )
    report = sw.validate(registry)
    assert len(report) >= 60
    assert len(repr(report)) < 300
    page = report._repr_html_()
    assert page.count("<tr>") == 21  # the header and 20 violations
    assert f"… and {len(report) - 20} more" in page


def test_reprs_keep_equality_and_hashing() -> None:
    """Short reprs change nothing else: equal results are equal, and the hashable ones hash alike."""
    first, second = _results(_example()), _results(_example())
    for name in (
        "FundsSummary",
        "Coverage",
        "Awards",
        "Allocation",
        "Matching",
        "ValidationReport",
        "Ledger",
    ):
        assert first[name] == second[name], name
    for name in ("FundsSummary", "Allocation", "Matching", "ValidationReport"):
        assert hash(first[name]) == hash(second[name]), name


def _evil_registry() -> sw.Registry:
    """The example with a script tag as a fund's id and as the names of a station and a division."""
    text = sw.io.dumps(_example()).replace("fund-nijiaqiao", EVIL)
    text = text.replace("武侯区社工总站", EVIL).replace("玉林街道", EVIL)
    return sw.io.loads(text)


def test_notebook_views_escape_every_name() -> None:
    """No view lets a name or id through unescaped: a script tag shows as text."""
    registry = _evil_registry()
    results = {"Registry": registry, **_results(registry)}
    evil_ids = [EVIL, *sorted(registry.stations)]
    results["Scores"] = _scores(evil_ids)
    results["Matching"] = matching.Matching.from_pairs([(EVIL, "x")])
    results["Awards"] = scoring.awards({EVIL: {EVIL: 1.0}}, {EVIL: 1})
    results["Allocation"] = scoring.allocate({EVIL: 10}, {EVIL: 0.5}, 100)
    results["Assignment"] = matching.assign({EVIL: 1}, {"s": 1}, fit={(EVIL, "s"): 1})
    shown = []
    for name, result in results.items():
        page = result._repr_html_()
        assert EVIL not in page, name
        if "&lt;script&gt;" in page:
            shown.append(name)
    assert {"Registry", "Statement", "Scores", "Matching", "Awards", "Allocation", "Assignment"} <= set(shown)
    assert {"FundsSummary", "Ledger"} <= set(shown)


def test_registry_view_shows_no_personal_value() -> None:
    """A registry's notebook view shows counts and stations, never a worker's name."""
    registry = _example()
    page = registry._repr_html_()
    for worker in registry.social_workers.values():
        assert worker.name not in page
    assert "武侯区社工总站" in page


# -- to_frame: columns and dtypes ---------------------------------------------------------------

pd_required = pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="needs pandas")


@pd_required
def test_funds_frames_hold_exact_money(small: dict[str, Any]) -> None:
    """Fund frames hold Decimal yuan or int64 fen, never floats, and agree with the results."""
    summary = small["FundsSummary"]
    frame = summary.to_frame()
    assert frame.index.name == "fund_id"
    assert list(frame.columns) == [
        *("raised", "counted", "matched", "total", "room", "at_cap"),
        *("donation_count", "donor_count", "anonymous_count"),
    ]
    assert all(isinstance(v, Decimal) for v in frame["raised"])
    assert frame["raised"].sum() == summary.raised
    fen = summary.to_frame(money="fen")
    assert str(fen["raised"].dtype) == "int64"
    assert str(fen["room"].dtype) == "Int64"
    assert int(fen["matched"].sum()) == to_fen(summary.matched)
    assert str(frame["at_cap"].dtype) == "bool"
    years = small["Statement"].to_frame(money="fen")
    assert years.index.name == "year"
    assert str(years["raised"].dtype) == "int64"
    ledger = small["Ledger"].to_frame()
    assert list(ledger["kind"].cat.categories) == [k.value for k in funds.EntryKind]
    assert ledger["balance"].iloc[-1] == small["Ledger"].balance()
    assert all(isinstance(d, dt.date) for d in ledger["date"])
    simulation = small["Simulation"].to_frame(money="fen")
    assert str(simulation["cost"].dtype) == "int64"
    assert list(simulation["cap_period"].cat.categories) == [p.value for p in funds.CapPeriod]
    donations = small["DonationTable"].to_frame()
    assert donations["amount"].sum() == Decimal("6500.50")


@pd_required
def test_validation_report_frame_severity_is_categorical(small: dict[str, Any]) -> None:
    """The report's severity column is a categorical over every severity; other columns stay."""
    frame = small["ValidationReport"].to_frame()
    assert list(frame["severity"].cat.categories) == [s.value for s in sw.Severity]
    assert list(frame.columns) == [
        *("code", "severity", "family", "subject", "path"),
        *("message_zh", "message_en", "expected", "found"),
    ]
    empty = sw.rules.ValidationReport().to_frame()
    assert len(empty) == 0
    assert str(empty["severity"].dtype) == "category"


@pd_required
def test_scoring_frames(small: dict[str, Any]) -> None:
    """Scores, awards and plans give one row per entity or proposal with typed columns."""
    scores = small["Scores"]
    frame = scores.to_frame()
    assert frame.index.name == "entity"
    assert list(frame.columns) == ["score", "rank", "x", "y"]
    assert frame["score"].tolist() == scores.total.tolist()
    assert frame["rank"].min() == 1
    assert str(frame["rank"].dtype) == "int64"
    assert (frame[["x", "y"]].sum(axis=1) - frame["score"]).abs().max() < 1e-12
    awards = small["Awards"].to_frame()
    assert list(awards.columns) == ["category", "entity_id", "score", "rank", "tied_at_cut"]
    assert len(awards) == small["Awards"].total
    plan = small["Allocation"].by_rank.to_frame(money="fen")
    assert int(plan.loc[plan["funded"], "amount"].sum()) == to_fen(small["Allocation"].by_rank.total_amount)
    both = small["Allocation"].to_frame()
    assert both["optimal"].sum() == len(small["Allocation"].optimal.funded)


def test_score_columns_do_not_clash_with_a_leaf_called_score() -> None:
    """A leaf named ``score`` or ``rank`` gets its own column, the fixed ones stay."""
    pytest.importorskip("pandas")
    system = scoring.IndicatorSystem(
        scoring.Indicator(id="r", children=[scoring.Indicator(id="score", normalization="max")])
    )
    frame = scoring.evaluate(system, [[1.0], [2.0]]).to_frame()
    assert list(frame.columns) == ["score", "rank", "score_contribution"]


@pd_required
def test_structure_frames(small: dict[str, Any]) -> None:
    """Coverage, roll-ups, profiles, bridges, matchings and progress have their documented columns."""
    coverage = small["Coverage"]
    streets = coverage.to_frame()
    assert list(streets.index) == sorted(coverage.by_street)
    assert list(streets.columns) == ["covered", "total", "ratio", "is_full"]
    with pytest.raises(sw.InvalidValueError) as error:
        coverage.to_frame("province")  # type: ignore[arg-type]
    assert error.value.path == "by"
    rollup = small["Rollup"].to_frame()
    assert list(rollup["level"].cat.categories) == [lv.value for lv in sw.StationLevel]
    profiles = small["Profiles"].to_frame()
    assert list(profiles.index) == list(small["Profiles"].community_ids)
    assert list(profiles.columns[-5:]) == [s.value for s in sw.Society]
    assert (profiles[[s.value for s in sw.Society]] > 0).sum(axis=1).tolist() == profiles["score"].tolist()
    bridges = small["Bridges"].to_frame()
    assert len(bridges) == len(small["Bridges"])
    pairs = small["Matching"].to_frame()
    assert len(pairs) == len(small["Matching"].pairs)
    assert list(pairs.columns) == ["proposer", "reviewer"]
    fair = small["FairPreferences"].to_frame()
    assert len(fair) == sum(len(listed) for listed in small["FairPreferences"].communities.values())
    assert str(fair["agency_rank"].dtype) == "Int64"
    values = small["Extraction"].to_frame()
    assert list(values.columns) == ["station.practitioners", "station.children"]
    assert str(values["station.children"].dtype) == "float64"
    progress = small["ProgressReport"].to_frame()
    assert progress.index.name == "metric"
    assert list(progress["status"].cat.categories) == [s.value for s in targets.TargetStatus]
    assert all(isinstance(v, Decimal) for v in progress["goal"])


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_frame raises MissingDependencyError naming the pandas extra."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(sw.MissingDependencyError, match=r"socialwork\[pandas\]"):
        funds.summary(_example()).to_frame()
    with pytest.raises(sw.MissingDependencyError, match=r"socialwork\[pandas\]"):
        sw.io.to_frames(_example())
    assert "<table>" in funds.summary(_example())._repr_html_()  # the view needs no pandas


def test_money_mode_is_checked() -> None:
    """A money mode other than "decimal" or "fen" raises InvalidValueError naming money."""
    with pytest.raises(sw.InvalidValueError) as error:
        funds.summary(_example()).to_frame(money="float")  # type: ignore[arg-type]
    assert error.value.path == "money"


# -- laws -----------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(registries())
def test_fund_frames_sum_to_the_summary_in_fen(registry: sw.Registry) -> None:
    """Summed in fen, a summary's frame gives its totals exactly; Decimal and fen frames agree."""
    pytest.importorskip("pandas")
    summary = funds.summary(registry)
    fen = summary.to_frame(money="fen")
    yuan = summary.to_frame()
    assert len(fen) == summary.fund_count
    assert int(fen["raised"].sum()) == to_fen(summary.raised)
    assert int(fen["matched"].sum()) == to_fen(summary.matched)
    assert [to_fen(v) for v in yuan["total"]] == fen["total"].tolist()


@settings(max_examples=25, deadline=None)
@given(registries())
def test_structure_frames_have_a_row_per_item(registry: sw.Registry) -> None:
    """Profiles have a row per community, coverage a row per street, reports a row per violation."""
    pytest.importorskip("pandas")
    assert len(linkage.profiles(registry).to_frame()) == len(linkage.profiles(registry))
    assert len(hierarchy.coverage(registry).to_frame()) == len(hierarchy.coverage(registry).by_street)
    report = sw.validate(registry)
    assert len(report.to_frame()) == len(report)


@given(money(max_value=Decimal(10) ** 12))
def test_fen_columns_are_exact(amount: Decimal) -> None:
    """A money column in fen holds the amount's whole fen exactly, however large."""
    pytest.importorskip("pandas")
    frame = make_frame({"a": "money"}, [(amount,)], purpose="test", money="fen")
    assert from_fen(int(frame["a"].iloc[0])) == amount


@given(money())
def test_html_table_bounds_rows(amount: Decimal) -> None:
    """An HTML table shows at most its limit of rows and counts the rest."""
    rows = [(f"r{i}", amount) for i in range(30)]
    page = html_table("t", ["id", "amount"], rows, total=30, limit=20)
    assert page.count("<tr>") == 21
    assert "… and 10 more" in page


def test_short_items_counts_the_rest() -> None:
    """short_items lists the first items and counts the others."""
    assert short_items(list(range(10)), limit=2) == "[0, 1, ... and 8 more]"
    assert short_items((1,)) == "[1]"
