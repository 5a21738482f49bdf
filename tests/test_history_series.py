"""history.series: figures over dated snapshots, their change and growth, and targets along them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.history import FIGURES, Series, as_of, series
from socialwork.targets import WUHOU_TARGETS, trajectory
from socialwork.testing import registries

DAY = dt.date(2023, 12, 31)


@settings(max_examples=40, deadline=None)
@given(registry=registries(shuffled=True, funds=(0, 2), donations=(0, 4)))
def test_a_series_of_one_snapshot_is_that_snapshot_s_figures(registry: sw.Registry) -> None:
    """Each figure of a one-snapshot series is the figure computed directly of the registry."""
    found = series({DAY: registry})
    assert found.dates == (DAY,)
    assert set(found.values) == set(FIGURES)
    assert found["stations"] == (Decimal(len(registry.stations)),)
    assert found["raised"] == (sum((d.amount for d in registry.donations.values()), Decimal(0)),)
    posted = sum(
        1
        for w in registry.social_workers.values()
        if w.station_id and sw.TalentTrack.PRACTITIONER in w.tracks
    )
    assert found["practitioners"] == (Decimal(posted),)
    share = sw.hierarchy.coverage(registry).overall
    assert found["coverage"] == (Decimal(share.covered) / share.total if share.total else Decimal(1),)
    assert all(change is None for change in found.change("stations"))


@settings(max_examples=25, deadline=None)
@given(
    registry=registries(funds=(1, 2), donations=(1, 6)),
    days=st.lists(st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)), min_size=1, max_size=5, unique=True),
    data=st.data(),
)
def test_snapshots_in_any_order_give_one_series_whose_changes_add_up(
    registry: sw.Registry, days: list[dt.date], data: st.DataObject
) -> None:
    """The order of the snapshots does not matter; the changes add up to last minus first."""
    snapshots = [(day, as_of(registry, day)) for day in days]
    shuffled = data.draw(st.permutations(snapshots))
    one, two = series(snapshots), series(shuffled)
    assert one == two
    assert list(one.dates) == sorted(days)
    for name in ("raised", "funds", "stations"):
        changes = [c for c in one.change(name) if c is not None]
        assert sum(changes, Decimal(0)) == one[name][-1] - one[name][0]


def test_year_over_year_compares_with_the_same_day_a_year_before() -> None:
    """Monthly snapshots: each month against the same month a year before; 29 February against the 28th."""
    reg = sw.datasets.example()
    smaller = reg.remove(["w-03"])
    days = {dt.date(2023, 1, 31): smaller, dt.date(2023, 2, 28): smaller, dt.date(2024, 1, 31): reg}
    days[dt.date(2024, 2, 29)] = reg
    found = series(days, ["social_workers"])
    assert found.year_over_year("social_workers") == (None, None, Decimal(1) / 3, Decimal(1) / 3)
    assert found.change("social_workers") == (None, 0, 1, 0)


def test_a_figure_from_zero_has_no_growth() -> None:
    """A figure that was 0 a year before grows by no ratio: None."""
    reg = sw.datasets.example()
    found = series({dt.date(2022, 1, 1): sw.Registry(), dt.date(2023, 1, 1): reg}, ["funds"])
    assert found.year_over_year("funds") == (None, None)


def test_a_series_carries_a_target_along_its_metric() -> None:
    """Series.trajectory is targets.trajectory of the figure named by the target's metric, from its baseline."""
    supervisors = next(t for t in WUHOU_TARGETS if t.metric == "supervisors")
    reg = sw.datasets.example()
    days = {dt.date(2021, 12, 31): reg, dt.date(2022, 12, 31): reg, dt.date(2023, 12, 31): reg}
    found = series(days)
    kept = {
        day: found["supervisors"][i] for i, day in enumerate(found.dates) if day >= supervisors.baseline_date
    }
    assert found.trajectory(supervisors) == trajectory(supervisors, kept)
    assert found.trajectory(supervisors, growth="compound") == trajectory(
        supervisors, kept, growth="compound"
    )
    with pytest.raises(sw.errors.InvalidTypeError) as info:
        found.trajectory("supervisors")  # type: ignore[arg-type]
    assert info.value.path == "target"


def test_to_frame_is_a_row_a_day() -> None:
    """to_frame: indexed by day, a Decimal column a figure."""
    pytest.importorskip("pandas")
    reg = sw.datasets.example()
    frame = series({dt.date(2023, 1, 1): reg, dt.date(2022, 1, 1): reg}, ["stations", "raised"]).to_frame()
    assert list(frame.index) == [dt.date(2022, 1, 1), dt.date(2023, 1, 1)]
    assert list(frame.columns) == ["stations", "raised"]
    assert frame["raised"].iloc[0] == series({DAY: reg}, ["raised"])["raised"][0]


@pytest.mark.parametrize(
    ("snapshots", "figures", "error", "path"),
    [
        (3, None, sw.errors.InvalidTypeError, "snapshots"),
        ("2023", None, sw.errors.InvalidTypeError, "snapshots"),
        ([(DAY,)], None, sw.errors.InvalidTypeError, "snapshots[0]"),
        ([("2023-12-31", sw.Registry())], None, sw.errors.InvalidTypeError, "snapshots[0][0]"),
        ([(DAY, {})], None, sw.errors.InvalidTypeError, "snapshots[0][1]"),
        ([(DAY, sw.Registry()), (DAY, sw.Registry())], None, sw.InvalidValueError, "snapshots[1][0]"),
        ({DAY: sw.Registry()}, "stations", sw.errors.InvalidTypeError, "figures"),
        ({DAY: sw.Registry()}, ["stations", 3], sw.errors.InvalidTypeError, "figures[1]"),
        ({DAY: sw.Registry()}, ["stations", "stationz"], sw.InvalidValueError, "figures[1]"),
    ],
)
def test_bad_snapshots_and_figures_are_refused_by_name(
    snapshots: Any, figures: Any, error: type[Exception], path: str
) -> None:
    """Every bad argument gets the library's error, naming where."""
    with pytest.raises(error) as info:
        series(snapshots, figures)
    assert info.value.path == path  # type: ignore[attr-defined]


def test_an_unknown_figure_of_a_series_is_refused() -> None:
    """Asking a series for a figure it does not hold names the figures it has."""
    found: Series = series({DAY: sw.Registry()}, ["stations"])
    with pytest.raises(sw.InvalidValueError) as info:
        found.change("raised")
    assert info.value.path == "figure"
    assert "stations" in str(info.value)
