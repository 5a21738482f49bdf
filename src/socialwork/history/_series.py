"""Series: the figures of a registry over dated snapshots, with change and growth year over year."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from socialwork._tables import make_frame
from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.history._diff import check_registry
from socialwork.model import Registry, StationLevel, TalentTrack
from socialwork.model.validators import check_date, instance_of, one_of

if TYPE_CHECKING:
    from socialwork.targets import Growth, Target, Trajectory

__all__ = ["FIGURES", "Figure", "Series", "series"]


def _posted(track: TalentTrack) -> Callable[[Registry], Decimal]:
    def count(registry: Registry) -> Decimal:
        return Decimal(
            sum(1 for w in registry.social_workers.values() if w.station_id is not None and track in w.tracks)
        )

    return count


def _stations(level: StationLevel) -> Callable[[Registry], Decimal]:
    def count(registry: Registry) -> Decimal:
        return Decimal(sum(1 for s in registry.stations.values() if s.level is level))

    return count


def _coverage(registry: Registry) -> Decimal:
    from socialwork.hierarchy import coverage  # noqa: PLC0415 - the analyses load on first use

    share = coverage(registry).overall
    return Decimal(share.covered) / Decimal(share.total) if share.total else Decimal(1)


def _raised(registry: Registry) -> Decimal:
    return sum((d.amount for d in registry.donations.values()), Decimal(0))


def _granted(registry: Registry) -> Decimal:
    return sum((g.amount for g in registry.grants.values()), Decimal(0))


def _person_times(registry: Registry) -> Decimal:
    return Decimal(sum(p.person_times or 0 for p in registry.projects.values()))


def _count(kind: str) -> Callable[[Registry], Decimal]:
    def count(registry: Registry) -> Decimal:
        return Decimal(len(getattr(registry, kind)))

    return count


@attrs.frozen
class Figure:
    """A figure a :class:`Series` follows: how it is computed of a registry, and its labels.

    .. versionadded:: 0.2
    """

    compute: Callable[[Registry], Decimal]
    """The figure of one registry, exact (``Decimal``)."""
    en: str
    """Its English label."""
    zh: str
    """Its Chinese label."""
    unit: Literal["count", "yuan", "share"] = "count"
    """What its values are, ``"count"``, ``"yuan"`` or ``"share"`` (of 1)."""

    def show(self, value: Decimal, /) -> str:
        """Return *value* of this figure as people read it: a share in %, yuan to the fen, a count.

        Examples:
            >>> from decimal import Decimal
            >>> from socialwork.history import FIGURES
            >>> FIGURES["coverage"].show(Decimal("0.875")), FIGURES["raised"].show(Decimal("1234.5"))
            ('87.5%', '1,234.50')
        """
        if self.unit == "share":
            return f"{value:.1%}"
        if self.unit == "yuan":
            return f"{value:,.2f}"
        return f"{value:,}"


FIGURES: Final[Mapping[str, Figure]] = MappingProxyType(
    {
        "stations": Figure(_count("stations"), "stations", "社工站"),
        "street_stations": Figure(_stations(StationLevel.STREET), "street stations", "街道社工站"),
        "community_rooms": Figure(_stations(StationLevel.COMMUNITY), "community rooms", "社区社工室"),
        "coverage": Figure(_coverage, "coverage", "覆盖率", "share"),
        "social_workers": Figure(_count("social_workers"), "social workers", "社会工作者"),
        "practitioners": Figure(_posted(TalentTrack.PRACTITIONER), "practitioners in post", "在岗实务人才"),
        "managers": Figure(_posted(TalentTrack.MANAGER), "managers in post", "在岗管理人才"),
        "supervisors": Figure(_posted(TalentTrack.SUPERVISOR), "supervisors in post", "在岗督导人才"),
        "volunteers": Figure(_count("volunteers"), "volunteers", "社区志愿者"),
        "projects": Figure(_count("projects"), "projects", "服务项目"),
        "person_times": Figure(_person_times, "person-times", "服务人次"),
        "funds": Figure(_count("funds"), "funds", "社区基金"),
        "raised": Figure(_raised, "yuan raised", "募集金额（元）", "yuan"),
        "granted": Figure(_granted, "yuan granted", "资助金额（元）", "yuan"),
    }
)


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February: a year before is the 28th
        return day.replace(year=day.year - 1, day=28)


@attrs.frozen
class Series:
    """Figures of a registry over dated snapshots: one value a figure a day.

    Attributes:
        dates: The snapshots' days, in order.
        values: For each figure's name (a key of :data:`FIGURES`), its value on each
            day: ``Decimal``, exact (counts, yuan, and coverage as a share of 1).

    Examples:
        >>> import datetime as dt
        >>> from socialwork.history import series
        >>> found = series({dt.date(2022, 12, 31): sw.datasets.example()}, ["stations", "raised"])
        >>> found.dates, found["stations"], found.change("stations")
        ((datetime.date(2022, 12, 31),), (Decimal('7'),), (None,))

    .. versionadded:: 0.2
    """

    dates: tuple[dt.date, ...]
    values: Mapping[str, tuple[Decimal, ...]]

    def __getitem__(self, figure: str) -> tuple[Decimal, ...]:
        return self._of(figure)

    def __len__(self) -> int:
        return len(self.dates)

    def _of(self, figure: object) -> tuple[Decimal, ...]:
        found = self.values.get(figure) if isinstance(figure, str) else None
        if found is None:
            msg = Message(
                "no figure {figure} in this series; it has {names}",
                "此序列中没有指标 {figure}；有 {names}",
                figure=repr(figure),
                names=", ".join(self.values),
            )
            raise InvalidValueError(msg, path="figure")
        return found

    def change(self, figure: str, /) -> tuple[Decimal | None, ...]:
        """Return the change of *figure* since each snapshot's predecessor (``None`` for the first).

        Raises:
            InvalidValueError: the series has no such figure.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.history import series
            >>> reg = sw.datasets.example()
            >>> found = series({dt.date(2022, 1, 1): reg.remove(["w-03"]), dt.date(2023, 1, 1): reg})
            >>> found.change("social_workers")
            (None, Decimal('1'))
        """
        values = self._of(figure)
        return (None, *(b - a for a, b in itertools.pairwise(values)))

    def year_over_year(self, figure: str, /) -> tuple[Decimal | None, ...]:
        """Return the growth of *figure* over the snapshot a year before each: ``(now - then) / then``.

        ``None`` where no snapshot falls exactly a year before (29 February counts
        from 28 February), or the value then was 0. With year-end ledgers, every
        snapshot but the first has one; with monthly reports, each month compares
        with the same month a year before.

        Raises:
            InvalidValueError: the series has no such figure.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.history import series
            >>> reg = sw.datasets.example()
            >>> found = series({dt.date(2022, 12, 31): reg.remove(["w-03"]), dt.date(2023, 12, 31): reg})
            >>> found["social_workers"], found.year_over_year("social_workers")
            ((Decimal('3'), Decimal('4')), (None, Decimal('0.3333333333333333333333333333')))
        """
        values = self._of(figure)
        by_day = dict(zip(self.dates, values, strict=True))
        grown: list[Decimal | None] = []
        for day, value in zip(self.dates, values, strict=True):
            before = by_day.get(_year_before(day))
            grown.append(None if before is None or before == 0 else (value - before) / before)
        return tuple(grown)

    def trajectory(self, target: Target, /, *, growth: Growth = "linear") -> Trajectory:
        """Return the :func:`~socialwork.targets.trajectory` of *target* along the figure of its metric.

        The target's metric names the figure: Wuhou's 350 practitioners by 2025
        (:data:`~socialwork.targets.WUHOU_TARGETS`) follow ``"practitioners"``, the
        social workers in post on that track. Snapshots before the target's
        baseline date are left out.

        Raises:
            InvalidTypeError: *target* is not a :class:`~socialwork.targets.Target`.
            InvalidValueError: the series has no figure of the target's metric.
            TargetsError: no snapshot is on or after the baseline date.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.history import series
            >>> from socialwork.targets import WUHOU_TARGETS
            >>> supervisors = next(t for t in WUHOU_TARGETS if t.metric == "supervisors")
            >>> reg = sw.datasets.example()
            >>> found = series({dt.date(2023, 12, 31): reg, dt.date(2024, 12, 31): reg})
            >>> path = found.trajectory(supervisors)
            >>> path.status.en, [str(p.observed) for p in path.points]
            ('behind', ['1', '1'])
        """
        from socialwork.targets import Target, trajectory  # noqa: PLC0415 - loaded on first use

        instance_of(Target)(None, "target", target)
        values = self._of(target.metric)
        kept = {day: v for day, v in zip(self.dates, values, strict=True) if day >= target.baseline_date}
        return trajectory(target, kept, growth=growth)

    def to_frame(self) -> Any:
        """Return the series as a pandas ``DataFrame``: a row a day (the index), a column a figure.

        The values stay ``Decimal`` (exact). Needs pandas.

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> import datetime as dt
            >>> from socialwork.history import series
            >>> found = series({dt.date(2022, 12, 31): sw.datasets.example()}, ["stations", "coverage"])
            >>> found.to_frame()
                       stations coverage
            date
            2022-12-31        7        1
        """
        columns: dict[str, Any] = {"date": "object", **dict.fromkeys(self.values, "decimal")}
        rows = ((day, *(values[i] for values in self.values.values())) for i, day in enumerate(self.dates))
        return make_frame(columns, rows, purpose="Series.to_frame()", index="date")


def _snapshots(given: object) -> list[tuple[dt.date, Registry]]:
    pairs: list[object]
    if isinstance(given, Mapping):
        pairs = list(given.items())
    elif isinstance(given, Iterable) and not isinstance(given, str | bytes):
        pairs = list(given)
    else:
        msg = Message(
            "expected a mapping of day to registry, or (day, registry) pairs, got {type}",
            "应为从日期到登记的映射，或（日期，登记）对，实为 {type}",
            type=type(given).__name__,
        )
        raise InvalidTypeError(msg, path="snapshots")
    found: dict[dt.date, Registry] = {}
    for position, pair in enumerate(pairs):
        place = f"snapshots[{position}]"
        if not (isinstance(pair, tuple) and len(pair) == 2):
            msg = Message(
                "expected a (day, registry) pair, got {type}",
                "应为（日期，登记）对，实为 {type}",
                type=type(pair).__name__,
            )
            raise InvalidTypeError(msg, path=place)
        day, registry = pair
        check_date(None, f"{place}[0]", day)
        check_registry(registry, f"{place}[1]")
        if day in found:
            msg = Message("a second snapshot on {day}", "{day} 有第二个快照", day=day.isoformat())
            raise InvalidValueError(msg, path=f"{place}[0]")
        found[day] = registry
    return sorted(found.items(), key=lambda item: item[0])


def series(
    snapshots: Mapping[dt.date, Registry] | Iterable[tuple[dt.date, Registry]],
    /,
    figures: Iterable[str] | None = None,
) -> Series:
    """Return *figures* of each dated snapshot, in date order: a :class:`Series`.

    Each figure is computed of each snapshot as it is (see :data:`FIGURES`); a
    registry as it stood on several dates (:func:`as_of`) makes snapshots too.

    Args:
        snapshots: The registries by day: a mapping of ``datetime.date`` to
            :class:`~socialwork.Registry`, or ``(date, registry)`` pairs, in any order.
        figures: The names of the figures, from :data:`FIGURES`; all of them by default.

    Raises:
        InvalidTypeError: *snapshots* is neither, a pair is not a (date, registry)
            pair, or a figure's name is not text (the error's path names it).
        InvalidValueError: two snapshots on one day, or an unknown figure.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.history import as_of, series
        >>> reg = sw.datasets.scenario("binzhou").registry
        >>> days = [dt.date(2021, 6, 30), dt.date(2021, 12, 31)]
        >>> found = series({day: as_of(reg, day) for day in days}, ["funds", "raised"])
        >>> [str(v) for v in found["funds"]], found.change("raised")
        (['47', '89'], (None, Decimal('2159376.25')))

    .. versionadded:: 0.2
    """
    pairs = _snapshots(snapshots)
    names = list(FIGURES) if figures is None else _figure_names(figures)
    values = {name: tuple(FIGURES[name].compute(registry) for _, registry in pairs) for name in names}
    return Series(tuple(day for day, _ in pairs), MappingProxyType(values))


def _figure_names(figures: object) -> list[str]:
    if isinstance(figures, str) or not isinstance(figures, Iterable):
        msg = Message(
            "expected the names of figures, got {type}",
            "应为指标名称，实为 {type}",
            type=type(figures).__name__,
        )
        raise InvalidTypeError(msg, path="figures")
    names = list(dict.fromkeys(figures))
    for position, name in enumerate(names):
        if not isinstance(name, str):
            msg = Message(
                "expected a figure's name, got {type}", "应为指标名称，实为 {type}", type=type(name).__name__
            )
            raise InvalidTypeError(msg, path=f"figures[{position}]")
        one_of(list(FIGURES))(None, f"figures[{position}]", name)
    return names
