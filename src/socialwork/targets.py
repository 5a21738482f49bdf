"""Dated numeric targets (目标) and progress towards them.

A :class:`Target` says what value a metric should reach by when, counted from
a baseline; :func:`progress` compares observed values with targets on a given
day: the share achieved, a linear projection to the due date, whether the
target is on track, and the gap. :data:`WUHOU_TARGETS` holds the dated targets
of Wuhou district's five actions (五大行动) for 2022 and 2025, from the seed report.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext
from typing import Any, Final, Literal

import attrs

from socialwork._tables import Columns, html_facts, html_table, make_frame
from socialwork.errors import FieldError, InvalidTypeError, InvalidValueError, Message, Problem, TargetsError
from socialwork.model import MONEY_CONTEXT, LabelledEnum, Language, to_decimal
from socialwork.model.validators import check_date, check_iterable, check_str, check_text, instance_of, one_of

__all__ = [
    "WUHOU_TARGETS",
    "Growth",
    "Progress",
    "ProgressReport",
    "Target",
    "TargetStatus",
    "Trajectory",
    "progress",
    "trajectory",
]


_check_lang: Final = one_of(["en", "zh"])


def _amount(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, path="goal")


def _optional_amount(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else to_decimal(value, path="at_most")


def _baseline(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, path="baseline")


def _check_due(inst: Target, attr: attrs.Attribute[Any], value: object) -> None:
    check_date(inst, attr, value)
    start = inst.baseline_date
    if isinstance(start, dt.date) and isinstance(value, dt.date) and value <= start:
        msg = Message(
            "the due date ({due}) must come after the baseline date ({start})",
            "截止日期（{due}）必须晚于基线日期（{start}）",
            due=value,
            start=start,
        )
        raise InvalidValueError(msg, path=attr.name)


def _check_at_most(inst: Target, attr: attrs.Attribute[Any], value: Decimal | None) -> None:
    if value is not None and value < inst.goal:
        msg = Message(
            "the upper end of the range ({value}) is below the goal ({goal})",
            "区间上限（{value}）低于目标值（{goal}）",
            value=value,
            goal=inst.goal,
        )
        raise InvalidValueError(msg, path=attr.name)


@attrs.frozen(kw_only=True)
class Target:
    """A dated numeric target: *metric* should reach *goal* by *due*.

    Attributes:
        metric: What is counted, e.g. ``"supervisors"``; the key of observed values.
        goal: The value to reach (at least), e.g. ``Decimal("110")``.
        due: The last day by which it should be reached.
        baseline_date: The day counting starts.
        baseline: The value on *baseline_date* (0 by default).
        at_most: For a range such as "one to two" (一至两名), its upper end.
        unit: The unit, e.g. ``"yuan"`` or ``"persons"``.
        unit_zh: The unit in Chinese, e.g. ``"元"`` or ``"人"``; empty to show *unit* in
            both languages.
        zh: The target in the source's words.
        reference: Where the target comes from.

    Raises:
        InvalidTypeError: a field of the wrong type, e.g. a ``datetime`` for a
            date or a float goal; ``path`` names the field.
        InvalidValueError: an empty metric, a negative goal, a due date not after
            the baseline date, or a range whose upper end is below the goal.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.targets import Target
        >>> t = Target(metric="supervisors", goal=110, due=dt.date(2025, 12, 31),
        ...            baseline_date=dt.date(2022, 6, 10))
        >>> t.goal, t.baseline
        (Decimal('110'), Decimal('0'))

    .. versionchanged:: 0.2
       A date of the wrong type (such as a ``datetime``) raises
       :class:`~socialwork.errors.InvalidTypeError`, not ``InvalidValueError``;
       *unit*, *zh* and *reference* must be text; *unit_zh* was added.
    """

    metric: str = attrs.field(validator=check_text)
    goal: Decimal = attrs.field(converter=_amount)
    baseline_date: dt.date = attrs.field(validator=check_date)
    due: dt.date = attrs.field(validator=_check_due)
    baseline: Decimal = attrs.field(default=Decimal(0), converter=_baseline)
    at_most: Decimal | None = attrs.field(default=None, converter=_optional_amount, validator=_check_at_most)
    unit: str = attrs.field(default="", validator=check_str)
    zh: str = attrs.field(default="", validator=check_str)
    reference: str = attrs.field(default="", validator=check_str)
    unit_zh: str = attrs.field(default="", validator=check_str)

    def unit_in(self, lang: Language = "en") -> str:
        """Return the unit in *lang*: :attr:`unit_zh` in Chinese when given, else :attr:`unit`.

        Examples:
            >>> from socialwork.targets import WUHOU_TARGETS
            >>> WUHOU_TARGETS[-1].unit_in("zh"), WUHOU_TARGETS[-1].unit_in("en")
            ('人', 'persons')

        Raises:
            InvalidValueError: *lang* is neither ``"zh"`` nor ``"en"``.

        .. versionadded:: 0.2
        """
        _check_lang(None, "lang", lang)
        return (self.unit_zh or self.unit) if lang == "zh" else self.unit


class TargetStatus(LabelledEnum):
    """Where an observed value stands against its target.

    Examples:
        >>> from socialwork.targets import TargetStatus
        >>> TargetStatus.ON_TRACK.zh, TargetStatus.ON_TRACK.label("en")
        ('进度正常', 'on track')

    .. versionchanged:: 0.2
       A :class:`~socialwork.model.LabelledEnum`: each member is written
       with its labels, and gains ``label(lang)``.
    """

    MET = "met", "已完成", "met"
    ON_TRACK = "on_track", "进度正常", "on track"
    BEHIND = "behind", "进度滞后", "behind"
    MISSED = "missed", "未完成", "missed"
    ABOVE_RANGE = "above_range", "超出上限", "above range"


@attrs.frozen
class Progress:
    """Progress of one observed value towards its target.

    Attributes:
        target: The target.
        observed: The value observed on *as_of*.
        as_of: The day of the observation.
        share: ``(observed - baseline) / (goal - baseline)``: 1 when reached, above
            1 when passed (1 when the goal equals the baseline and is reached, else 0).
        projected: The value expected on the due date if progress continues at the
            same rate since the baseline date (a straight line); ``None`` on the
            baseline date itself, when there is no rate yet.
        gap: How much is still missing to the goal, never below 0.
        status: :class:`TargetStatus`: met, on track (the projection reaches the
            goal), behind, missed (due and not reached), or above the range's upper end.
    """

    target: Target
    observed: Decimal
    as_of: dt.date
    share: float
    projected: float | None
    gap: Decimal
    status: TargetStatus

    @property
    def on_track(self) -> bool:
        """Whether the target is met or projected to be met in time."""
        return self.status in (TargetStatus.MET, TargetStatus.ON_TRACK)

    def describe(self) -> Message:
        """Return where the target stands, in words: a Message in English that knows its Chinese.

        The English names the target by its metric, the Chinese in the source's own
        words (:attr:`Target.zh`) when it has them.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.targets import WUHOU_TARGETS, progress
            >>> found = progress(WUHOU_TARGETS[-1:], {"supervisors": 16}, as_of=dt.date(2023, 6, 10))
            >>> verdict = found[0].describe()
            >>> print(verdict)
            supervisors: 16 of 110 persons by 2025-12-31 (15%): behind
            >>> print(verdict.zh)
            督导人才110名：现值 16，目标 110 人，期限 2025-12-31（完成 15%）：进度滞后

        .. versionadded:: 0.2
        """
        target = self.target
        goal = f"{target.goal:,}"
        if target.at_most is not None:
            goal = Message("{goal} to {most}", "{goal}至{most}", goal=goal, most=f"{target.at_most:,}")
        return Message(
            "{name}: {observed} of {goal}{unit} by {due} ({share}): {status}",
            "{name}：现值 {observed}，目标 {goal}{unit}，期限 {due}（完成 {share}）：{status}",
            name=Message.literal(target.metric, target.zh or target.metric),
            observed=f"{self.observed:,}",
            goal=goal,
            unit=Message.literal(_spaced(target.unit), _spaced(target.unit_in("zh"))),
            due=target.due.isoformat(),
            share=f"{self.share:.0%}",
            status=Message(self.status.en, self.status.zh),  # labels hold no braces
        )


def _spaced(unit: str) -> str:
    # A unit after a number: " persons", " 人"; nothing for no unit.
    return f" {unit}" if unit else ""


_PROGRESS_COLUMNS: Final[Columns] = {
    "metric": "text",
    "zh": "text",
    "unit": "text",
    "baseline": "decimal",
    "goal": "decimal",
    "at_most": "decimal",
    "observed": "decimal",
    "gap": "decimal",
    "share": "float",
    "projected": "float",
    "baseline_date": "date",
    "due": "date",
    "as_of": "date",
    "status": TargetStatus,
}


def _progress_row(p: Progress) -> tuple[Any, ...]:
    t = p.target
    return (
        *(t.metric, t.zh, t.unit, t.baseline, t.goal, t.at_most, p.observed, p.gap, p.share, p.projected),
        *(t.baseline_date, t.due, p.as_of, p.status),
    )


class ProgressReport(tuple[Progress, ...]):
    """The result of :func:`progress`: a tuple of :class:`Progress`, one per target, that is also a table.

    It is a ``tuple`` in every way (it compares equal to the plain tuple of the
    same progress); :meth:`to_frame` and a notebook view are added.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.targets import WUHOU_TARGETS, progress
        >>> talent = [t for t in WUHOU_TARGETS if t.due.year == 2025]
        >>> result = progress(talent, {"practitioners": 200, "managers": 80, "supervisors": 30},
        ...                   as_of=dt.date(2023, 12, 31))
        >>> len(result), result[1].status.en, isinstance(result, tuple)
        (3, 'met', True)

    .. versionadded:: 0.2
    """

    __slots__ = ()

    def __new__(cls, progress: Iterable[Progress] = (), /) -> ProgressReport:  # noqa: D102 (the class says)
        items = tuple(check_iterable(progress, "progress"))
        for position, item in enumerate(items):
            if not isinstance(item, Progress):
                msg = Message(
                    "expected a Progress, got {type}", "应为 Progress，实为 {type}", type=type(item).__name__
                )
                raise InvalidTypeError(msg, path=f"progress[{position}]")
        return super().__new__(cls, items)

    def to_frame(self) -> Any:
        """Return the progress as a pandas ``DataFrame`` indexed by ``metric``, in the order of the targets.

        Columns: the target's ``zh`` and ``unit``; ``baseline``, ``goal``,
        ``at_most``, ``observed`` and ``gap`` as ``Decimal`` (exact, whatever the
        unit: yuan or persons); ``share`` and ``projected`` (``float64``, NaN without
        a projection); ``baseline_date``, ``due`` and ``as_of`` (``datetime.date``);
        ``status``, a categorical over every :class:`TargetStatus` value. Needs pandas.

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> import datetime as dt
            >>> from socialwork.targets import WUHOU_TARGETS, progress
            >>> talent = [t for t in WUHOU_TARGETS if t.due.year == 2025]
            >>> frame = progress(talent, {"practitioners": 200, "managers": 80, "supervisors": 30},
            ...                  as_of=dt.date(2023, 12, 31)).to_frame()
            >>> frame[["observed", "goal", "status"]]
                          observed goal    status
            metric
            practitioners      200  350  on_track
            managers            80   80       met
            supervisors         30  110    behind

        .. versionadded:: 0.2
        """
        rows = (_progress_row(p) for p in self)
        return make_frame(_PROGRESS_COLUMNS, rows, purpose="ProgressReport.to_frame()", index="metric")

    def _repr_html_(self) -> str:
        counts: dict[str, int] = {}
        for p in self:
            counts[p.status.en] = counts.get(p.status.en, 0) + 1
        header = ["metric", "zh", "observed", "goal", "share", "due", "status"]
        rows = (
            (p.target.metric, p.target.zh, p.observed, p.target.goal, p.share, p.target.due, p.status)
            for p in self
        )
        return html_facts(
            "Progress", list(counts.items()), html_table("targets", header, rows, total=len(self))
        )


def _one(target: Target, observed: Decimal, as_of: dt.date) -> Progress:
    with localcontext(MONEY_CONTEXT):
        return _measure(target, observed, as_of)


def _measure(target: Target, observed: Decimal, as_of: dt.date) -> Progress:
    rise = target.goal - target.baseline
    done = observed - target.baseline
    reached = 1.0 if observed >= target.goal else 0.0
    share = float(done / rise) if rise > 0 else reached
    elapsed = (as_of - target.baseline_date).days
    projected = None
    if elapsed > 0:
        total = (target.due - target.baseline_date).days
        projected = float(target.baseline + done * Decimal(total) / Decimal(elapsed))
    gap = max(target.goal - observed, Decimal(0))
    if target.at_most is not None and observed > target.at_most:
        status = TargetStatus.ABOVE_RANGE
    elif observed >= target.goal:
        status = TargetStatus.MET
    elif as_of >= target.due:
        status = TargetStatus.MISSED
    elif projected is not None and projected >= target.goal:
        status = TargetStatus.ON_TRACK
    else:
        status = TargetStatus.BEHIND
    return Progress(target, observed, as_of, share, projected, gap, status)


def _check_arguments(targets: object, observed: object, as_of: object) -> None:
    """Raise a :class:`TargetsError` naming each argument of :func:`progress` of the wrong type."""
    problems: list[Problem] = []
    checks = (
        (instance_of(Iterable), "targets", targets),
        (instance_of(Mapping), "observed", observed),
        (check_date, "as_of", as_of),
    )
    for check, name, value in checks:
        try:
            check(None, name, value)
        except FieldError as error:
            problems.extend(error.problems)
    if problems:
        raise TargetsError(_cannot_work_out(), problems)


def _cannot_work_out() -> Message:
    return Message("cannot work out the progress", "无法计算目标进度")


def progress(
    targets: Iterable[Target],
    observed: Mapping[str, Decimal | int | str],
    /,
    *,
    as_of: dt.date,
) -> ProgressReport:
    """Return the progress of each target on *as_of*, given the observed values.

    Args:
        targets: The targets, e.g. :data:`WUHOU_TARGETS`.
        observed: The value of each target's metric on *as_of* (``Decimal``, ``int``
            or ``str``; floats are refused, as for money). Extra metrics are ignored.
        as_of: The day of the observations, not before any target's baseline date.

    Returns:
        One :class:`Progress` per target, in the order given, as a
        :class:`ProgressReport` (a tuple with :meth:`~ProgressReport.to_frame`).

    Raises:
        TargetsError: an argument of the wrong type (*as_of* not a
            ``datetime.date``, *observed* not a mapping, *targets* not iterable or
            holding something other than a :class:`Target`), metrics without an
            observed value, values that are not non-negative numbers, or *as_of*
            before a baseline date (all at once, each with its path).

    Examples:
        >>> import datetime as dt
        >>> from socialwork.targets import WUHOU_TARGETS, progress
        >>> result = progress([t for t in WUHOU_TARGETS if t.due.year == 2022],
        ...                   {"venture_funding": "1500000", "venture_projects": 18, "awards": 20,
        ...                    "integrated_funds": "2000000", "projects_published": 40,
        ...                    "senior_social_workers": 1, "experts": 12, "brand_standard": 0},
        ...                   as_of=dt.date(2022, 7, 1))
        >>> [(p.target.metric, p.status.en) for p in result][:3]
        [('brand_standard', 'behind'), ('senior_social_workers', 'met'), ('experts', 'on track')]
        >>> result[3].share, str(result[3].gap)
        (0.6, '1000000')

    .. versionchanged:: 0.2
       An *as_of* that is not a ``datetime.date`` (a ``datetime`` included) raises
       :class:`~socialwork.errors.TargetsError` with the path ``as_of``, not
       ``InvalidValueError``; the arithmetic runs in
       :data:`~socialwork.model.MONEY_CONTEXT`, whatever the caller's decimal context.

    .. versionchanged:: 0.2
       Returns a :class:`ProgressReport`, a tuple subclass with ``to_frame``.
    """
    _check_arguments(targets, observed, as_of)
    problems: list[Problem] = []
    results: list[Progress] = []
    given: list[object] = list(targets)  # checked one by one: callers may pass anything
    for position, target in enumerate(given):
        if not isinstance(target, Target):
            problems.append(
                Problem(
                    f"targets[{position}]",
                    Message(
                        "expected a Target, got {type}",
                        "应为 Target，实为 {type}",
                        type=type(target).__name__,
                    ),
                )
            )
            continue
        if target.metric not in observed:
            msg = Message("no observed value for this target", "此目标没有观测值")
            problems.append(Problem(f"observed[{target.metric!r}]", msg))
            continue
        try:
            value = to_decimal(observed[target.metric], path=f"observed[{target.metric!r}]")
        except FieldError as error:
            problems.extend(error.problems)
            continue
        if as_of < target.baseline_date:
            msg = Message(
                "as_of {as_of} is before the baseline date {start} of {metric}",
                "as_of {as_of} 早于 {metric} 的基线日期 {start}",
                as_of=as_of,
                start=target.baseline_date,
                metric=repr(target.metric),
            )
            problems.append(Problem("as_of", msg))
            continue
        results.append(_one(target, value, as_of))
    if problems:
        raise TargetsError(_cannot_work_out(), problems)
    return ProgressReport(results)


Growth = Literal["linear", "compound"]
"""How a :class:`Trajectory` projects: a straight line, or a constant yearly rate of growth."""

_YEAR_DAYS: Final = 365.25
_GROWTH: Final = {"linear": Message("linear", "线性"), "compound": Message("compound", "复合增长")}


@attrs.frozen
class Trajectory:
    """A target's path along dated observations, and where it leads by the due date.

    Attributes:
        target: The target.
        growth: How it is projected: ``"linear"`` (a least-squares straight line
            through the baseline and the observations) or ``"compound"`` (a
            least-squares line through their logarithms: a constant yearly rate;
            values of 0 or less have no logarithm and are left out of the fit).
        points: The :class:`Progress` on each observation day, in date order.
        rate: The fitted growth a year: units a year (linear), or a fraction a year
            (compound: 0.1 is 10 % a year); ``None`` when there are not two
            usable points on different days; ``math.inf`` for a compound rate
            beyond what a float holds (growth over days, read as a year's).
        projected: The fitted value on the due date; ``None`` without a rate.
        needed: The growth a year (in the unit of *rate*) that would take the last
            observation to the goal by the due date; ``None`` when the target is
            met, due, or (compound) the last value is 0 or less.
        status: Where it stands on the last day: met, on track (the projection
            reaches the goal), behind, missed (due and not met), or above the range.

    .. versionadded:: 0.2
    """

    target: Target
    growth: Growth
    points: tuple[Progress, ...]
    rate: float | None
    projected: float | None
    needed: float | None
    status: TargetStatus

    @property
    def last(self) -> Progress:
        """The progress on the last observation day."""
        return self.points[-1]

    def describe(self) -> Message:
        """Return the trajectory in words: a Message in English that knows its Chinese.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.targets import WUHOU_TARGETS, trajectory
            >>> supervisors = WUHOU_TARGETS[-1]
            >>> path = trajectory(supervisors, {dt.date(2023, 6, 10): 20, dt.date(2024, 6, 10): 45})
            >>> print(path.describe())
            supervisors: 45 of 110 persons by 2025-12-31, linear growth 22.5 a year,
            projected 79.2: behind; needs 41.7 a year
            >>> print(path.describe().zh)
            督导人才110名：现值 45，目标 110 人，期限 2025-12-31，线性增长每年
            22.5，预计 79.2：进度滞后；每年需 41.7
        """
        target = self.target
        rate = "-" if self.rate is None else self._amount(self.rate)
        projected = "-" if self.projected is None else f"{self.projected:,.1f}"
        needed = (
            Message("", "")
            if self.needed is None
            else Message("; needs {n} a year", "；每年需 {n}", n=self._amount(self.needed))
        )
        return Message(
            "{name}: {observed} of {goal}{unit} by {due}, {growth} growth {rate} a year, "
            "projected {projected}: {status}{needed}",
            "{name}：现值 {observed}，目标 {goal}{unit}，期限 {due}，{growth}每年 {rate}，预计 {projected}："
            "{status}{needed}",
            name=Message.literal(target.metric, target.zh or target.metric),
            observed=f"{self.last.observed:,}",
            goal=f"{target.goal:,}",
            unit=Message.literal(_spaced(target.unit), _spaced(target.unit_in("zh"))),
            due=target.due.isoformat(),
            growth=Message(
                _GROWTH[self.growth].en,
                "线性增长" if self.growth == "linear" else "复合增长率",
            ),
            rate=rate,
            projected=projected,
            status=Message(self.status.en, self.status.zh),
            needed=needed,
        )

    def _amount(self, rate: float) -> str:
        return f"{rate:.1%}" if self.growth == "compound" else f"{rate:,.1f}"


def _years(target: Target, day: dt.date) -> float:
    return (day - target.baseline_date).days / _YEAR_DAYS


def _exp(power: float, *, minus_one: bool = False) -> float:
    """``e**power`` (less one), ``inf`` beyond a float: growth over days, read as a year's, is steep."""
    try:
        return math.expm1(power) if minus_one else math.exp(power)
    except OverflowError:
        return math.inf


def _fit(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The least-squares line (intercept, slope) through *points*, or None without two distinct xs."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    try:
        mean_x = math.fsum(x for x, _ in points) / n
        mean_y = math.fsum(y for _, y in points) / n
        sxx = math.fsum((x - mean_x) ** 2 for x, _ in points)
        sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in points)
    except (OverflowError, ValueError):  # values beyond a float: no line to draw
        return None
    slope = sxy / sxx
    return mean_y - slope * mean_x, slope


def _observations(target: object, observations: object) -> tuple[Target, list[tuple[dt.date, Decimal]]]:
    """Check the arguments of :func:`trajectory`: every problem at once, each with its path."""
    problems: list[Problem] = []
    if not isinstance(target, Target):
        msg = Message("expected a Target, got {type}", "应为 Target，实为 {type}", type=type(target).__name__)
        problems.append(Problem("target", msg))
    pairs: list[Any] = []
    if isinstance(observations, Mapping):
        pairs = list(observations.items())
    elif isinstance(observations, Iterable) and not isinstance(observations, str | bytes):
        pairs = list(observations)
    else:
        msg = Message(
            "expected a mapping of day to value, or (day, value) pairs, got {type}",
            "应为从日期到数值的映射，或（日期，数值）对，实为 {type}",
            type=type(observations).__name__,
        )
        problems.append(Problem("observations", msg))
    found: dict[dt.date, Decimal] = {}
    for position, pair in enumerate(pairs):
        place = f"observations[{position}]"
        if not (isinstance(pair, tuple) and len(pair) == 2):
            msg = Message(
                "expected a (day, value) pair, got {type}",
                "应为（日期，数值）对，实为 {type}",
                type=type(pair).__name__,
            )
            problems.append(Problem(place, msg))
            continue
        day, value = pair
        if type(day) is not dt.date:
            msg = Message(
                "expected a datetime.date, got {type}",
                "应为 datetime.date，实为 {type}",
                type=type(day).__name__,
            )
            problems.append(Problem(f"{place}[0]", msg))
            continue
        try:
            amount = to_decimal(value, path=f"{place}[1]")
        except FieldError as error:
            problems.extend(error.problems)
            continue
        if day in found:
            msg = Message("a second value for {day}", "{day} 有第二个值", day=day.isoformat())
            problems.append(Problem(f"{place}[0]", msg))
            continue
        if isinstance(target, Target) and day < target.baseline_date:
            msg = Message(
                "{day} is before the baseline date {start}",
                "{day} 早于基线日期 {start}",
                day=day.isoformat(),
                start=target.baseline_date.isoformat(),
            )
            problems.append(Problem(f"{place}[0]", msg))
            continue
        found[day] = amount
    if not problems and not found:
        problems.append(
            Problem("observations", Message("expected at least one observation", "至少应有一个观测值"))
        )
    if problems:
        raise TargetsError(Message("cannot work out the trajectory", "无法计算目标轨迹"), problems)
    assert isinstance(target, Target)  # noqa: S101 - the checks above
    return target, sorted(found.items())


def trajectory(
    target: Target,
    observations: Mapping[dt.date, Decimal | int | str] | Iterable[tuple[dt.date, Decimal | int | str]],
    /,
    *,
    growth: Growth = "linear",
) -> Trajectory:
    """Return the path of *target* along dated *observations*, projected to its due date.

    The fit goes through the baseline (its date and value) and every observation:
    a straight line (``"linear"``), or a constant yearly rate (``"compound"``, a
    line through the logarithms of the values above 0). The order of the
    observations does not matter. Where :func:`progress` projects from one day,
    a trajectory uses the whole series: a snapshot a year, or a month.

    Args:
        target: The target.
        observations: The observed value of its metric on each day: a mapping of
            ``datetime.date`` to value, or ``(date, value)`` pairs (``Decimal``,
            ``int`` or ``str``; floats are refused, as for money).
        growth: ``"linear"`` or ``"compound"``.

    Returns:
        The :class:`Trajectory`.

    Raises:
        TargetsError: *target* is not a Target, an observation is not a (date, value)
            pair, a value is not a non-negative number, a day comes twice or before
            the baseline date, or there is none (every problem at once, with its path).
        InvalidValueError: *growth* is neither ``"linear"`` nor ``"compound"``.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.targets import WUHOU_TARGETS, trajectory
        >>> practitioners = WUHOU_TARGETS[-3]  # 350 by 2025-12-31, counted from 2022-06-10
        >>> seen = {dt.date(2022, 12, 31): 80, dt.date(2023, 12, 31): 170, dt.date(2024, 12, 31): 260}
        >>> path = trajectory(practitioners, seen)
        >>> path.status.en, round(path.rate, 1), round(path.projected)
        ('on track', 99.0, 364)
        >>> compound = trajectory(practitioners, seen, growth="compound")
        >>> f"{compound.rate:.0%}", compound.status.en, f"{compound.needed:.0%}"
        ('80%', 'on track', '35%')
        >>> trajectory(practitioners, {practitioners.due: 350}).status.en
        'met'

    .. versionadded:: 0.2
    """
    one_of(["linear", "compound"])(None, "growth", growth)
    checked, observed = _observations(target, observations)
    with localcontext(MONEY_CONTEXT):
        points = tuple(_measure(checked, value, day) for day, value in observed)
    series = [(0.0, float(checked.baseline))] + [(_years(checked, day), float(v)) for day, v in observed]
    due = _years(checked, checked.due)
    last_day, last = observed[-1]
    left = due - _years(checked, last_day)
    goal = float(checked.goal)
    rate = projected = needed = None
    if growth == "linear":
        line = _fit(series)
        if line is not None:
            rate, projected = line[1], line[0] + line[1] * due
        if left > 0 and last < checked.goal:
            needed = (goal - float(last)) / left
    else:
        line = _fit([(x, math.log(y)) for x, y in series if y > 0])
        if line is not None:
            rate, projected = _exp(line[1], minus_one=True), _exp(line[0] + line[1] * due)
        if left > 0 and 0 < last < checked.goal:
            needed = _exp(math.log(goal / float(last)) / left, minus_one=True)
    rate, projected, needed = (
        None if v is not None and math.isnan(v) else v for v in (rate, projected, needed)
    )
    status = points[-1].status
    if status in (TargetStatus.ON_TRACK, TargetStatus.BEHIND):
        status = TargetStatus.ON_TRACK if projected is not None and projected >= goal else TargetStatus.BEHIND
    return Trajectory(checked, growth, points, rate, projected, needed, status)


_SEED: Final = "成都市武侯区民政局: 武侯区“5S”社工体系建设正式启动 (2022-06-10)"


_UNITS_ZH: Final = {"documents": "份", "persons": "人", "yuan": "元", "projects": "个", "awards": "项"}
# The Chinese of the units of Wuhou's targets, as the seed counts them (名, 万元, 个).


def _wuhou(metric: str, goal: int, unit: str, zh: str, *, year: int, at_most: int | None = None) -> Target:
    start = dt.date(2022, 1, 1) if year == 2022 else dt.date(2022, 6, 10)
    return Target(
        metric=metric,
        goal=goal,
        at_most=at_most,
        unit=unit,
        unit_zh=_UNITS_ZH[unit],
        zh=zh,
        baseline_date=start,
        due=dt.date(year, 12, 31),
        reference=_SEED,
    )


WUHOU_TARGETS: Final[tuple[Target, ...]] = (
    _wuhou("brand_standard", 1, "documents", "2022年制定完成《武侯区品牌社会组织评价指标》", year=2022),
    _wuhou(
        "senior_social_workers", 1, "persons", "2022年力争引进高级社会工作者一至两名", year=2022, at_most=2
    ),
    _wuhou("experts", 20, "persons", "特聘社会组织财务、社会治理领域等专家20名以上", year=2022),
    _wuhou("venture_funding", 2_500_000, "yuan", "2022年投入不少于250万元", year=2022),
    _wuhou("venture_projects", 30, "projects", "支持社工项目不少于30个", year=2022),
    _wuhou("awards", 20, "awards", "评选各类优秀数量不少于20个", year=2022),
    _wuhou("integrated_funds", 5_000_000, "yuan", "2022年争取整合资金500万元以上", year=2022),
    _wuhou("projects_published", 100, "projects", "发布项目100个以上", year=2022),
    _wuhou("practitioners", 350, "persons", "到2025年培育实务人才达到350名", year=2025),
    _wuhou("managers", 80, "persons", "管理人才80名", year=2025),
    _wuhou("supervisors", 110, "persons", "督导人才110名", year=2025),
)
"""The dated targets of Wuhou district's five actions (五大行动), from the seed report.

The 2022 targets count from 1 January 2022 and are due on 31 December 2022:
the brand social-organization indicator system (标准促能), one to two senior social
workers and at least 20 experts (培力提能), at least 2.5 million yuan to at least
30 venture-philanthropy projects and at least 20 awards (评优激能), at least 5
million yuan integrated and at least 100 projects published (机制增能). The talent
targets (培力提能) are due by the end of 2025, counted from the launch on 10 June
2022; the report gives no baseline per track, so it is 0 (set your own with
``attrs.evolve(target, baseline=..., baseline_date=...)``).
"""
