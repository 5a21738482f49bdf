"""Dated targets and progress: the Wuhou five actions' targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import InvalidTypeError, InvalidValueError, TargetsError
from socialwork.model import LabelledEnum
from socialwork.targets import WUHOU_TARGETS, Target, TargetStatus, progress, trajectory

TALENT = Target(metric="supervisors", goal=110, baseline_date=dt.date(2022, 6, 10), due=dt.date(2025, 12, 31))


def by_metric() -> dict[str, Target]:
    return {t.metric: t for t in WUHOU_TARGETS}


def test_wuhou_targets_hold_the_seed_numbers() -> None:
    """The bundled targets carry the seed's figures and years."""
    targets = by_metric()
    assert {m: int(targets[m].goal) for m in ("practitioners", "managers", "supervisors")} == {
        "practitioners": 350,
        "managers": 80,
        "supervisors": 110,
    }
    assert targets["venture_funding"].goal == Decimal(2_500_000)
    assert targets["venture_projects"].goal == 30
    assert targets["awards"].goal == 20
    assert targets["integrated_funds"].goal == Decimal(5_000_000)
    assert targets["projects_published"].goal == 100
    assert (targets["senior_social_workers"].goal, targets["senior_social_workers"].at_most) == (1, 2)
    assert targets["experts"].goal == 20
    assert {t.due.year for t in WUHOU_TARGETS} == {2022, 2025}


def test_met_target_reports_share_and_no_gap() -> None:
    """Reaching the goal: status met, share 1 or more, no gap."""
    (result,) = progress([TALENT], {"supervisors": 120}, as_of=dt.date(2024, 1, 1))
    assert result.status is TargetStatus.MET
    assert result.on_track
    assert result.gap == 0
    assert result.share == pytest.approx(120 / 110)


def test_linear_projection_decides_on_track() -> None:
    """Half the time gone with more than half done is on track; with less, behind."""
    halfway = TALENT.baseline_date + (TALENT.due - TALENT.baseline_date) / 2
    (ahead,) = progress([TALENT], {"supervisors": 60}, as_of=halfway)
    (behind,) = progress([TALENT], {"supervisors": 40}, as_of=halfway)
    assert ahead.status is TargetStatus.ON_TRACK
    assert ahead.projected is not None
    assert ahead.projected >= 110
    assert behind.status is TargetStatus.BEHIND
    assert behind.gap == 70
    assert behind.status.zh == "进度滞后"


def test_past_due_and_unmet_is_missed() -> None:
    """After the due date, an unmet target is missed."""
    (result,) = progress([TALENT], {"supervisors": 100}, as_of=dt.date(2026, 1, 1))
    assert result.status is TargetStatus.MISSED
    assert not result.on_track


def test_range_target_above_its_upper_end() -> None:
    """One to two senior social workers: three is above the range."""
    target = by_metric()["senior_social_workers"]
    (result,) = progress([target], {"senior_social_workers": 3}, as_of=dt.date(2022, 12, 1))
    assert result.status is TargetStatus.ABOVE_RANGE


def test_no_projection_on_the_baseline_date() -> None:
    """On the baseline date itself there is no rate, so no projection."""
    (result,) = progress([TALENT], {"supervisors": 5}, as_of=TALENT.baseline_date)
    assert result.projected is None
    assert result.status is TargetStatus.BEHIND


def test_baseline_shifts_the_share() -> None:
    """With a baseline, the share counts progress from it."""
    target = attrs.evolve(TALENT, baseline=10)
    (result,) = progress([target], {"supervisors": 60}, as_of=dt.date(2023, 1, 1))
    assert result.share == pytest.approx(0.5)


def test_every_problem_is_reported_at_once() -> None:
    """A missing metric, a float value and a day before the baseline are reported together."""
    early = attrs.evolve(TALENT, metric="managers")
    with pytest.raises(TargetsError) as caught:
        progress(
            [TALENT, early, by_metric()["awards"]],
            {"supervisors": 1.5, "managers": 3},
            as_of=dt.date(2022, 1, 1),
        )
    assert [p.path for p in caught.value.problems] == [
        "observed['supervisors']",
        "as_of",
        "observed['awards']",
    ]


def test_target_checks_its_dates_and_range() -> None:
    """A due date not after the baseline date, or a range below the goal, is refused."""
    with pytest.raises(InvalidValueError, match="must come after"):
        Target(metric="x", goal=1, baseline_date=dt.date(2022, 1, 1), due=dt.date(2022, 1, 1))
    with pytest.raises(InvalidValueError, match="below the goal"):
        Target(metric="x", goal=3, at_most=2, baseline_date=dt.date(2022, 1, 1), due=dt.date(2023, 1, 1))


@given(st.integers(0, 1000), st.integers(1, 1300))
def test_share_and_gap_add_up(observed: int, days: int) -> None:
    """share * goal + gap equals the goal whenever the goal is not yet reached."""
    as_of = TALENT.baseline_date + dt.timedelta(days=days)
    (result,) = progress([TALENT], {"supervisors": observed}, as_of=as_of)
    if observed < 110:
        assert float(result.gap) + result.share * 110 == pytest.approx(110)
    assert result.gap >= 0


@pytest.mark.parametrize(
    ("arguments", "paths"),
    [
        (([TALENT], {"supervisors": 1}, dt.datetime(2024, 1, 1, 9)), ["as_of"]),
        (([TALENT], {"supervisors": 1}, "2024-01-01"), ["as_of"]),
        (([TALENT], [("supervisors", 1)], dt.date(2024, 1, 1)), ["observed"]),
        ((TALENT, {"supervisors": 1}, dt.date(2024, 1, 1)), ["targets"]),
        ((None, None, None), ["targets", "observed", "as_of"]),
        (([TALENT, "supervisors"], {"supervisors": 1}, dt.date(2024, 1, 1)), ["targets[1]"]),
    ],
)
def test_wrong_typed_arguments_raise_targets_error_naming_them(
    arguments: tuple[object, object, object], paths: list[str]
) -> None:
    """A datetime for as_of, observed values not in a mapping, or targets not iterable: a TargetsError at each."""
    targets, observed, as_of = arguments
    with pytest.raises(TargetsError) as caught:
        progress(targets, observed, as_of=as_of)  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == paths


@pytest.mark.parametrize(
    ("fields", "error", "path"),
    [
        ({"baseline_date": dt.datetime(2022, 6, 10, 9)}, InvalidTypeError, "baseline_date"),
        ({"due": "2025-12-31"}, InvalidTypeError, "due"),
        ({"metric": " "}, InvalidValueError, "metric"),
        ({"metric": 5}, InvalidTypeError, "metric"),
        ({"unit": None}, InvalidTypeError, "unit"),
        ({"goal": 1.5}, InvalidTypeError, "goal"),
    ],
)
def test_target_fields_are_checked_by_the_public_validators(
    fields: dict[str, object], error: type[Exception], path: str
) -> None:
    """A wrong-typed date is an InvalidTypeError (it was a value error); every error names its field."""
    with pytest.raises(error) as caught:
        attrs.evolve(TALENT, **fields)
    assert caught.value.path == path  # type: ignore[attr-defined]


def test_target_status_is_labelled() -> None:
    """Every status has both labels, also through label(lang); the values stay the JSON codes."""
    assert issubclass(TargetStatus, LabelledEnum)
    assert [s.label("zh") for s in TargetStatus] == ["已完成", "进度正常", "进度滞后", "未完成", "超出上限"]
    assert [s.label("en") for s in TargetStatus] == [s.value.replace("_", " ") for s in TargetStatus]


def test_progress_does_not_depend_on_the_decimal_context() -> None:
    """Progress is the same under a 2-digit decimal context as under the default one."""
    observed = {"supervisors": "61.5"}
    expected = progress([TALENT], observed, as_of=dt.date(2024, 1, 1))
    with localcontext() as context:
        context.prec = 2
        assert progress([TALENT], observed, as_of=dt.date(2024, 1, 1)) == expected


def test_a_verdict_in_words_gives_the_figures_and_status_in_both_languages() -> None:
    """Progress.describe names the target, the observed value, the goal or range, its unit, the due day and the status."""
    target = by_metric()["senior_social_workers"]
    (result,) = progress([target], {"senior_social_workers": 3}, as_of=dt.date(2022, 12, 1))
    words = result.describe()
    assert words == "senior_social_workers: 3 of 1 to 2 persons by 2022-12-31 (300%): above range"
    assert words.zh == f"{target.zh}：现值 3，目标 1至2 人，期限 2022-12-31（完成 300%）：超出上限"
    assert str(words) == words.en


def test_a_verdict_on_a_target_with_no_chinese_or_unit_names_it_by_its_metric() -> None:
    """A target without Chinese words or a unit is named by its metric in both languages, with no unit."""
    (result,) = progress([TALENT], {"supervisors": 120}, as_of=dt.date(2024, 1, 1))
    words = result.describe()
    assert words == "supervisors: 120 of 110 by 2025-12-31 (109%): met"
    assert words.zh == "supervisors：现值 120，目标 110，期限 2025-12-31（完成 109%）：已完成"


def test_a_unit_is_given_in_chinese_when_the_target_has_one() -> None:
    """unit_in("zh") is unit_zh, or the unit when there is none; "en" is the unit; another language is refused."""
    assert [t.unit_in("zh") for t in WUHOU_TARGETS[:3]] == [t.unit_zh for t in WUHOU_TARGETS[:3]]
    assert all(t.unit_zh and t.unit_in("en") == t.unit for t in WUHOU_TARGETS)
    plain = attrs.evolve(TALENT, unit="persons")
    assert (plain.unit_in("zh"), plain.unit_in("en")) == ("persons", "persons")
    with pytest.raises(InvalidValueError) as caught:
        plain.unit_in("fr")  # type: ignore[arg-type]
    assert caught.value.path == "lang"


# -- trajectory: a target along a series ---------------------------------------------------------

PRACTITIONERS = next(t for t in WUHOU_TARGETS if t.metric == "practitioners")


@given(
    goal=st.integers(1, 10**6),
    baseline=st.integers(0, 10**6),
    days=st.integers(1, 3000),
    earlier=st.lists(st.tuples(st.integers(0, 2999), st.integers(0, 10**6)), max_size=5),
    growth=st.sampled_from(["linear", "compound"]),
)
def test_a_target_reached_exactly_on_its_due_date_is_met(
    goal: int, baseline: int, days: int, earlier: list[tuple[int, int]], growth: str
) -> None:
    """Whatever came before, the goal observed on the due date is met; and the order of the series does not matter."""
    start = dt.date(2022, 1, 1)
    target = Target(
        metric="m",
        goal=goal,
        baseline=min(baseline, goal),
        baseline_date=start,
        due=start + dt.timedelta(days=days),
    )
    series = {start + dt.timedelta(days=d % days): v for d, v in earlier}
    series[target.due] = goal
    path = trajectory(target, series, growth=growth)  # type: ignore[arg-type]
    assert path.status is TargetStatus.MET
    assert path.needed is None
    assert trajectory(target, list(reversed(list(series.items()))), growth=growth) == path  # type: ignore[arg-type]
    assert [p.as_of for p in path.points] == sorted(series)


def test_a_straight_line_is_projected_along_itself_and_a_constant_rate_along_its_curve() -> None:
    """A series exactly on a line projects to the line's value; one growing 50 % a year, to its curve."""
    start = dt.date(2020, 1, 1)
    target = Target(metric="m", goal=10**6, baseline=100, baseline_date=start, due=dt.date(2024, 1, 1))
    days = [(dt.date(2020 + y, 1, 1) - start).days for y in range(1, 4)]
    on_line = {start + dt.timedelta(days=d): 100 + 2 * d for d in days}  # 2 a day, through the baseline
    straight = trajectory(target, on_line)
    assert straight.rate == pytest.approx(2 * 365.25)
    assert straight.projected == pytest.approx(100 + 2 * (target.due - start).days)
    curve = {
        start + dt.timedelta(days=d): Decimal(f"{100 * 1.5 ** (d / 365.25):.6f}") for d in days
    }  # 50 % a year
    grown = trajectory(target, curve, growth="compound")
    assert grown.rate == pytest.approx(0.5, rel=1e-6)
    assert grown.projected == pytest.approx(100 * 1.5 ** ((target.due - start).days / 365.25), rel=1e-6)
    assert grown.status is TargetStatus.BEHIND


def test_the_points_are_the_progress_of_each_day_and_a_lone_baseline_has_no_rate() -> None:
    """Each point is what progress() says on its day; one observation on the baseline date gives no rate."""
    seen = {dt.date(2023, 12, 31): 170, dt.date(2022, 12, 31): 80}
    path = trajectory(PRACTITIONERS, seen)
    for point in path.points:
        assert point == progress([PRACTITIONERS], {"practitioners": seen[point.as_of]}, as_of=point.as_of)[0]
    lone = trajectory(PRACTITIONERS, {PRACTITIONERS.baseline_date: 0})
    assert (lone.rate, lone.projected, lone.status) == (None, None, TargetStatus.BEHIND)
    assert lone.needed == pytest.approx(
        350 / ((PRACTITIONERS.due - PRACTITIONERS.baseline_date).days / 365.25)
    )
    due = trajectory(PRACTITIONERS, {PRACTITIONERS.due: 300})
    assert (due.status, due.needed) == (TargetStatus.MISSED, None)


def test_a_trajectory_describes_itself_in_each_language() -> None:
    """The Chinese names the target in the source's words and the growth as 线性增长 or 复合增长率."""
    seen = {dt.date(2022, 12, 31): 80, dt.date(2023, 12, 31): 170}
    linear = trajectory(PRACTITIONERS, seen).describe()
    assert "linear growth" in str(linear)
    assert "培育实务人才" in linear.zh
    assert "线性增长" in linear.zh
    compound = trajectory(PRACTITIONERS, seen, growth="compound").describe()
    assert "复合增长率" in compound.zh
    assert "%" in str(compound)


@pytest.mark.parametrize(
    ("target", "observations", "paths"),
    [
        ("t", {dt.date(2023, 1, 1): 1}, ["target"]),
        (PRACTITIONERS, 3, ["observations"]),
        (PRACTITIONERS, "2023", ["observations"]),
        (PRACTITIONERS, {}, ["observations"]),
        (PRACTITIONERS, [(dt.date(2023, 1, 1), 1.5)], ["observations[0][1]"]),
        (PRACTITIONERS, [(dt.date(2023, 1, 1), 1), (dt.date(2023, 1, 1), 2)], ["observations[1][0]"]),
        (
            PRACTITIONERS,
            [(dt.date(2020, 1, 1), 1), ("2023", 2), (1,)],
            ["observations[0][0]", "observations[1][0]", "observations[2]"],
        ),
        (PRACTITIONERS, [(dt.datetime(2023, 1, 1), 1)], ["observations[0][0]"]),
    ],
)
def test_bad_observations_are_refused_with_every_place(
    target: object, observations: object, paths: list[str]
) -> None:
    """A TargetsError names every bad argument, pair, day and value at once."""
    with pytest.raises(TargetsError) as info:
        trajectory(target, observations)  # type: ignore[arg-type]
    assert [p.path for p in info.value.problems] == paths


def test_an_unknown_growth_is_refused() -> None:
    """growth is "linear" or "compound"."""
    with pytest.raises(sw.InvalidValueError) as info:
        trajectory(PRACTITIONERS, {dt.date(2023, 1, 1): 1}, growth="exponential")  # type: ignore[arg-type]
    assert info.value.path == "growth"
