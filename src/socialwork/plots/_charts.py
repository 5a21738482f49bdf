"""Bar charts: a community's five-society profile, fund progress to the cap, score contributions, targets."""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.funds import BINZHOU_RULE, MatchingRule, summary
from socialwork.history import FIGURES, Series
from socialwork.linkage import profile
from socialwork.model import MONEY_CONTEXT, Registry
from socialwork.model.validators import check_date, instance_of, int_between, optional
from socialwork.plots._fonts import check_ax, finish, new_axes, root_figure, words
from socialwork.scoring import Explanation, Scores
from socialwork.targets import Progress, TargetStatus

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "fund_progress",
    "linkage_profile",
    "money_text",
    "score_contributions",
    "target_progress",
    "trend_line",
]

PRESENT: Final = "#2a9d8f"
MISSING: Final = "#e76f51"
CAP: Final = "#264653"
SHOWN_SHARE: Final = 1.5
"""The largest share :func:`target_progress` draws: longer bars and projections stop there."""
_PALETTE: Final = ("#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#8ab17d", "#6d597a", "#b56576")
_STATUS_COLOURS: Final = {
    TargetStatus.MET: "#2a9d8f",
    TargetStatus.ON_TRACK: "#8ab17d",
    TargetStatus.BEHIND: "#f4a261",
    TargetStatus.MISSED: "#e76f51",
    TargetStatus.ABOVE_RANGE: "#6d597a",
}


def money_text(amount: Decimal, /) -> str:
    """Return *amount* in yuan as exact text with thousands separators, e.g. ``30,000.00``.

    Examples:
        >>> from decimal import Decimal
        >>> from socialwork.plots import money_text
        >>> money_text(Decimal("30000")), money_text(Decimal("650.05")), money_text(Decimal("-1.5"))
        ('30,000.00', '650.05', '-1.50')

    .. versionadded:: 0.2
    """
    instance_of(Decimal)(None, "amount", amount)
    if not amount.is_finite():
        msg = Message(
            "expected a finite amount, got {amount}", "应为有限的金额，实为 {amount}", amount=str(amount)
        )
        raise InvalidValueError(msg, path="amount")
    try:
        fen = MONEY_CONTEXT.quantize(amount, Decimal("0.01"))
    except decimal.InvalidOperation:  # more digits than the money context holds
        msg = Message(
            "expected an amount below 10**25, got {amount}",
            "应为低于 10**25 的金额，实为 {amount}",
            amount=str(amount),
        )
        raise InvalidValueError(msg, path="amount") from None
    return f"{fen:,}"


def _tag(bars: Iterable[Artist], gid: str) -> None:
    """Give each bar the SVG id ``<gid>-<position>``."""
    for position, bar in enumerate(bars):
        bar.set_gid(f"{gid}-{position}")


def _number_text(value: Decimal) -> str:
    return f"{value:,}" if value == value.to_integral_value() else f"{value.normalize():,}"


def linkage_profile(
    registry: Registry, community_id: str, /, *, lang: str = "zh", ax: Axes | None = None
) -> Figure:
    """Draw a community's five-society profile (五社联动): one bar per society, missing ones marked.

    Each bar is the strength of the society's link (how many of its members are
    linked to the community, :func:`socialwork.linkage.profile`); a society that is
    not linked at all gets a red mark and the word "missing" (缺失) instead of a bar.

    Args:
        registry: The registry.
        community_id: The community's division code.
        lang: ``"zh"`` or ``"en"``, as for :func:`station_tree`.
        ax: A matplotlib Axes to draw into; a new figure by default.

    Returns:
        The figure; its bars (SVG ids ``strengths-0`` to ``strengths-4``) are the five
        societies, in the order of :class:`~socialwork.Society`.

    Raises:
        UnknownIdError: *community_id* is not a division of *registry*.
        InvalidValueError: *community_id* is not a community.
        InvalidTypeError: an argument of the wrong type (the error's path names it).
        MissingDependencyError: matplotlib is not installed.

    Examples:
        >>> import matplotlib  # the plot extra: without it, the example is skipped
        >>> from socialwork.plots import linkage_profile
        >>> figure = linkage_profile(sw.datasets.example(), "510107016001", lang="en")
        >>> [round(bar.get_width()) for bar in figure.axes[0].containers[0]]
        [1, 0, 0, 0, 0]
        >>> figure.axes[0].get_title()
        '510107016001: 1 of 5 societies linked'

    .. versionadded:: 0.2
    """
    instance_of(Registry)(None, "registry", registry)
    chosen = words(lang, "linkage_profile()")
    ticker = importlib.import_module("matplotlib.ticker")
    given = check_ax(ax)
    found = profile(registry, community_id)
    axes = new_axes(given, size=(6.4, 3.2))
    names = [chosen.pick(link.society.zh, link.society.en) for link in found.links]
    rows = list(range(len(found.links)))
    strengths = [link.strength for link in found.links]
    colours = [PRESENT if link.present else MISSING for link in found.links]
    bars = axes.barh(rows, strengths, color=colours, height=0.6)
    _tag(bars, "strengths")
    axes.set_yticks(rows, labels=names, fontproperties=chosen.font)
    axes.invert_yaxis()
    top = max(strengths, default=0)
    for row, link in zip(rows, found.links, strict=True):
        if link.present:
            axes.text(link.strength + top * 0.02, row, str(link.strength), va="center", fontsize=8)
        else:
            axes.plot([0], [row], marker="x", color=MISSING, markersize=9, gid="missing", clip_on=False)
            axes.text(
                top * 0.04 + 0.05, row, chosen.pick("缺失", "missing"), va="center", color=MISSING, fontsize=8
            )
    axes.set_xlim(0, max(top, 1) * 1.2)
    axes.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))  # strengths are counts
    axes.set_xlabel(chosen.pick("联系强度（关联成员数）", "link strength (members linked)"))
    where = chosen.pick(found.name, found.community_id)
    axes.set_title(
        chosen.pick(
            f"{where}五社联动：{found.score}/5 项已联动",
            f"{where}: {found.score} of 5 societies linked",
        )
    )
    finish(axes, chosen)
    return root_figure(axes)


def fund_progress(
    registry: Registry,
    /,
    *,
    rule: MatchingRule = BINZHOU_RULE,
    as_of: dt.date | None = None,
    limit: int | None = 100,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Figure:
    """Draw each community fund's matched donation (配捐) toward the cap of *rule*.

    One bar per fund: what the federation has added (:func:`socialwork.funds.summary`),
    with the cap as a dashed line when *rule* has one. Each bar is labelled with the
    exact amounts, from the ``Decimal`` figures (``650.05 / 30,000.00``); floats are
    only the bars' lengths. The funds nearest the cap come first (ties by id).

    Args:
        registry: The registry.
        rule: The matching rule, :data:`~socialwork.funds.BINZHOU_RULE` by default.
        as_of: The last day to take into account; everything by default.
        limit: Draw at most this many funds, those with the largest match; ``None``
            for every fund.
        lang: ``"zh"`` or ``"en"``, as for :func:`station_tree`.
        ax: A matplotlib Axes to draw into; a new figure by default.

    Returns:
        The figure; its bars (SVG ids ``matched-0``, ...) are the funds drawn.

    Raises:
        InvalidValueError: *registry* holds no fund (``path`` is ``"registry"``), or
            *limit* is below 1.
        InvalidTypeError: an argument of the wrong type (the error's path names it).
        MissingDependencyError: matplotlib is not installed.

    Examples:
        >>> import matplotlib  # the plot extra: without it, the example is skipped
        >>> from socialwork.plots import fund_progress
        >>> figure = fund_progress(sw.datasets.example(), lang="en")
        >>> len(figure.axes[0].containers[0]), [t.get_text() for t in figure.axes[0].texts]
        (1, ['650.05 / 30,000.00 yuan'])

    .. versionadded:: 0.2
    """
    instance_of(Registry)(None, "registry", registry)
    instance_of(MatchingRule)(None, "rule", rule)
    optional(check_date)(None, "as_of", as_of)
    optional(int_between(1))(None, "limit", limit)
    chosen = words(lang, "fund_progress()")
    given = check_ax(ax)
    if not registry.funds:
        msg = Message("the registry holds no fund to draw", "登记中没有可绘制的社区基金")
        raise InvalidValueError(msg, path="registry")
    statements = sorted(
        summary(registry, rule=rule, as_of=as_of).statements, key=lambda s: (-s.matched, s.fund_id)
    )
    shown = statements if limit is None else statements[:limit]
    axes = new_axes(given, size=(8.0, max(2.4, 0.26 * len(shown) + 1.4)))
    rows = list(range(len(shown)))
    matched = [float(s.matched) for s in shown]
    colours = [CAP if s.at_cap else PRESENT for s in shown]
    bars = axes.barh(rows, matched, color=colours, height=0.6)
    _tag(bars, "matched")
    names = [chosen.pick(registry.funds[s.fund_id].name, s.fund_id) for s in shown]
    axes.set_yticks(rows, labels=names, fontproperties=chosen.font, fontsize=7)
    axes.invert_yaxis()
    unit = chosen.pick("元", "yuan")
    top = max([*matched, float(rule.cap) if rule.cap is not None else 0.0, 1.0])
    for row, s in zip(rows, shown, strict=True):
        cap = f" / {money_text(rule.cap)}" if rule.cap is not None else ""
        axes.text(
            float(s.matched) + top * 0.01,
            row,
            f"{money_text(s.matched)}{cap} {unit}",
            va="center",
            fontsize=7,
        )
    if rule.cap is not None:
        axes.axvline(float(rule.cap), color=CAP, linestyle="--", linewidth=1, gid="cap")
    axes.set_xlim(0, top * 1.45)
    axes.set_xlabel(chosen.pick(f"配捐（{unit}）", f"matched ({unit})"))
    counted = chosen.pick(
        f"前 {len(shown)} 个（共 {len(statements)} 个）"
        if len(shown) < len(statements)
        else f"共 {len(shown)} 个",
        f"{len(shown)} of {len(statements)}" if len(shown) < len(statements) else f"{len(shown)}",
    )
    cap_text = money_text(rule.cap) if rule.cap is not None else chosen.pick("无", "none")
    axes.set_title(
        chosen.pick(
            f"社区基金配捐进度（{rule.ratio_text}，上限 {cap_text} 元）：{counted}",
            f"Matched donations toward the cap ({rule.ratio_text}, cap {cap_text} yuan): {counted} funds",
        )
    )
    finish(axes, chosen)
    return root_figure(axes)


def score_contributions(
    scores: Scores | Explanation, /, *, top: int = 10, lang: str = "zh", ax: Axes | None = None
) -> Figure:
    """Draw the best-scored entities as stacked bars of their first-level indicators' contributions.

    For a weighted sum the stacked parts add up to each entity's score; for TOPSIS
    they are the weighted normalised values (the score itself is marked by a dot).
    The entities with the highest score come first (ties by id).

    Args:
        scores: The :class:`~socialwork.scoring.Scores` of :func:`~socialwork.scoring.evaluate`,
            or one entity's :class:`~socialwork.scoring.Explanation`.
        top: How many entities to draw at most.
        lang: ``"zh"`` or ``"en"``: indicators are named by ``zh`` or ``en`` (the id
            when that name is empty).
        ax: A matplotlib Axes to draw into; a new figure by default.

    Returns:
        The figure; one bar container per first-level indicator (labelled with its
        name; its bars' SVG ids are ``<indicator id>-<position>``), each with one bar
        per entity drawn.

    Raises:
        InvalidTypeError: *scores* is neither; an argument of the wrong type.
        InvalidValueError: *top* is below 1.
        MissingDependencyError: matplotlib is not installed.

    Examples:
        >>> import matplotlib  # the plot extra: without it, the example is skipped
        >>> from socialwork.plots import score_contributions
        >>> from socialwork.scoring import Indicator, IndicatorSystem, evaluate
        >>> system = IndicatorSystem(Indicator(id="r", children=[
        ...     Indicator(id="x", en="workers", weight="0.5", normalization="max"),
        ...     Indicator(id="y", en="projects", weight="0.5", normalization="max")]))
        >>> scores = evaluate(system, {"s1": {"x": 1, "y": 4}, "s2": {"x": 2, "y": 2}})
        >>> figure = score_contributions(scores, lang="en")
        >>> ax = figure.axes[0]
        >>> [c.get_label() for c in ax.containers], [t.get_text() for t in ax.get_yticklabels()]
        (['workers', 'projects'], ['s1', 's2'])

    .. versionadded:: 0.2
    """
    given_scores: object = scores  # callers outside the type checker may pass anything
    if not isinstance(given_scores, Scores | Explanation):
        msg = Message(
            "expected socialwork.scoring.Scores or Explanation, got {type}",
            "应为 socialwork.scoring.Scores 或 Explanation，实为 {type}",
            type=type(given_scores).__name__,
        )
        raise InvalidTypeError(msg, path="scores")
    int_between(1)(None, "top", top)
    chosen = words(lang, "score_contributions()")
    given = check_ax(ax)
    if isinstance(scores, Scores):
        children = scores.system.root.children
        ids = list(scores.as_dict())
        totals = scores.total.tolist()
        order = sorted(range(len(ids)), key=lambda i: (-totals[i], ids[i]))[:top]
        parts = [
            (child.id, chosen.pick(child.zh or child.en or child.id, child.en or child.id))
            for child in children
        ]
        values = [[float(scores.contribution(child.id)[i]) for i in order] for child in children]
        entities = [ids[i] for i in order]
        shown = [totals[i] for i in order]
        method = scores.method
    else:
        first = [line for line in scores.lines if line.level == 1]
        parts = [(line.indicator_id, chosen.pick(line.name, line.indicator_id)) for line in first]
        values = [[line.contribution] for line in first]
        entities = [scores.entity]
        shown = [scores.total]
        method = scores.method
    axes = new_axes(given, size=(7.5, max(2.4, 0.35 * len(entities) + 1.6)))
    rows = list(range(len(entities)))
    left = [0.0] * len(entities)
    for number, ((part_id, name), part) in enumerate(zip(parts, values, strict=True)):
        bars = axes.barh(
            rows, part, left=left, color=_PALETTE[number % len(_PALETTE)], height=0.6, label=name
        )
        _tag(bars, part_id)
        left = [a + b for a, b in zip(left, part, strict=True)]
    if method == "topsis":
        axes.plot(
            shown, rows, "o", color="black", markersize=4, gid="total", label=chosen.pick("得分", "score")
        )
    axes.set_xlim(0, max([*left, *shown, 1e-9]) * 1.08)
    axes.set_yticks(rows, labels=entities, fontproperties=chosen.font, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(chosen.pick("对得分的贡献", "contribution to the score"))
    how = chosen.pick("加权求和", "weighted sum") if method == "weighted_sum" else "TOPSIS"
    axes.set_title(chosen.pick(f"指标贡献（{how}）", f"Indicator contributions ({how})"))
    axes.legend(loc="lower right", fontsize=7, prop=chosen.font)
    finish(axes, chosen)
    return root_figure(axes)


def target_progress(progress: Sequence[Progress], /, *, lang: str = "zh", ax: Axes | None = None) -> Figure:
    """Draw progress toward dated targets: the share of each target achieved, coloured by status.

    A bar's length is the share achieved (1 at the goal, the dashed line); a
    diamond marks the share projected on the due date when there is one. Both
    stop at :data:`SHOWN_SHARE` (1.5), so that one target far ahead does not
    squeeze the others; the labels give the exact figures. Each bar
    is labelled with the exact observed value and goal, the status and the due date.

    Args:
        progress: The results of :func:`socialwork.targets.progress`.
        lang: ``"zh"`` (targets named by their Chinese text) or ``"en"`` (by metric).
        ax: A matplotlib Axes to draw into; a new figure by default.

    Returns:
        The figure; its bars (SVG ids ``share-0``, ...) are the targets, in the order given.

    Raises:
        InvalidTypeError: *progress* is not a sequence of :class:`~socialwork.targets.Progress`
            (the path names the first bad item).
        InvalidValueError: *progress* is empty.
        MissingDependencyError: matplotlib is not installed.

    Examples:
        >>> import matplotlib  # the plot extra: without it, the example is skipped
        >>> import datetime as dt
        >>> from socialwork.plots import target_progress
        >>> from socialwork.targets import WUHOU_TARGETS, progress
        >>> talent = [t for t in WUHOU_TARGETS if t.due.year == 2025]
        >>> done = progress(talent, {"practitioners": 153, "managers": 15, "supervisors": 16},
        ...                 as_of=dt.date(2023, 6, 10))
        >>> figure = target_progress(done, lang="en")
        >>> [t.get_text() for t in figure.axes[0].get_yticklabels()]
        ['practitioners', 'managers', 'supervisors']
        >>> figure.axes[0].texts[0].get_text()
        '153 / 350 persons, on track (due 2025-12-31)'

    .. versionadded:: 0.2
    """
    given_items: object = progress
    if isinstance(given_items, str) or not isinstance(given_items, Sequence):
        msg = Message(
            "expected a sequence of socialwork.targets.Progress, got {type}",
            "应为由 socialwork.targets.Progress 组成的序列，实为 {type}",
            type=type(given_items).__name__,
        )
        raise InvalidTypeError(msg, path="progress")
    for position, item in enumerate(given_items):
        instance_of(Progress)(None, f"progress[{position}]", item)
    if not progress:
        msg = Message(
            "expected the progress of at least one target, got none", "应至少有一个目标的进度，实为空"
        )
        raise InvalidValueError(msg, path="progress")
    chosen = words(lang, "target_progress()")
    given = check_ax(ax)
    axes = new_axes(given, size=(8.5, max(2.4, 0.4 * len(progress) + 1.4)))
    rows = list(range(len(progress)))
    shares = [min(max(p.share, 0.0), SHOWN_SHARE) for p in progress]
    bars = axes.barh(rows, shares, color=[_STATUS_COLOURS[p.status] for p in progress], height=0.6)
    _tag(bars, "share")
    names = [chosen.pick(p.target.zh or p.target.metric, p.target.metric) for p in progress]
    axes.set_yticks(rows, labels=names, fontproperties=chosen.font, fontsize=7)
    axes.invert_yaxis()
    projected = [
        (p.projected, row, p) for row, p in zip(rows, progress, strict=True) if p.projected is not None
    ]
    if projected:
        points = [min(_share_of(value, p), SHOWN_SHARE) for value, _, p in projected]
        axes.plot(
            points,
            [row for _, row, _ in projected],
            "D",
            color=CAP,
            markersize=4,
            linestyle="",
            gid="projected",
        )
    top = max([*shares, *(min(_share_of(value, p), SHOWN_SHARE) for value, _, p in projected), 1.0])
    for row, p in zip(rows, progress, strict=True):
        unit = f" {p.target.unit}" if p.target.unit and chosen.lang == "en" else ""
        status = chosen.pick(p.status.zh, p.status.en)
        due = p.target.due.isoformat()
        text = chosen.pick(
            f"{_number_text(p.observed)} / {_number_text(p.target.goal)}，{status}（{due} 到期）",
            f"{_number_text(p.observed)} / {_number_text(p.target.goal)}{unit}, {status} (due {due})",
        )
        axes.text(top * 1.04, row, text, va="center", fontsize=7)  # in a column right of the bars
    axes.axvline(1.0, color=CAP, linestyle="--", linewidth=1, gid="goal")
    axes.set_xlim(0, top * 2.6)
    axes.set_xlabel(chosen.pick("完成比例（1 = 目标）", "share achieved (1 = goal)"))
    day = progress[0].as_of.isoformat()
    axes.set_title(chosen.pick(f"目标进度（截至 {day}）", f"Progress toward the targets (as of {day})"))
    finish(axes, chosen)
    return root_figure(axes)


def _share_of(value: float, p: Progress) -> float:
    rise = float(p.target.goal - p.target.baseline)
    return max((value - float(p.target.baseline)) / rise, 0.0) if rise > 0 else 1.0


def trend_line(series: Series, figure: str, /, *, lang: str = "zh", ax: Axes | None = None) -> Figure:
    """Draw one figure of a :class:`socialwork.history.Series` over its snapshots: a line through each day.

    Each point is labelled with its exact value (from the ``Decimal``; floats are
    only the line's positions); the title names the figure and its change from the
    first snapshot to the last.

    Args:
        series: The series, :func:`socialwork.history.series`.
        figure: The figure's name, one the series holds (see :data:`socialwork.history.FIGURES`).
        lang: ``"zh"`` or ``"en"``, as for :func:`station_tree`.
        ax: A matplotlib Axes to draw into; a new figure by default.

    Returns:
        The figure; its line has the SVG id ``trend``.

    Raises:
        InvalidValueError: the series has no such figure.
        InvalidTypeError: an argument of the wrong type (the error's path names it).
        MissingDependencyError: matplotlib is not installed.

    Examples:
        >>> import matplotlib  # the plot extra: without it, the example is skipped
        >>> import datetime as dt
        >>> from socialwork.history import series
        >>> from socialwork.plots import trend_line
        >>> reg = sw.datasets.example()
        >>> found = series({dt.date(2022, 12, 31): reg.remove(["w-03"]), dt.date(2023, 12, 31): reg})
        >>> figure = trend_line(found, "social_workers", lang="en")
        >>> [t.get_text() for t in figure.axes[0].texts], figure.axes[0].get_title()
        (['3', '4'], 'social workers: 3 → 4 (+1)')

    .. versionadded:: 0.2
    """
    instance_of(Series)(None, "series", series)
    values = series[figure]  # checks the name
    chosen = words(lang, "trend_line()")
    given = check_ax(ax)
    label = FIGURES[figure]
    axes = new_axes(given, size=(6.4, 3.2))
    heights = [float(v) for v in values]
    days = [day.toordinal() for day in series.dates]  # spaced by the days between, ticked by date
    (line,) = axes.plot(days, heights, marker="o", color=PRESENT)
    line.set_gid("trend")
    axes.set_xticks(days, labels=[day.isoformat() for day in series.dates], fontsize=7)
    for day, height, value in zip(days, heights, values, strict=True):
        axes.annotate(
            label.show(value),
            (day, height),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=7,
        )
    change = values[-1] - values[0]
    sign = "+" if change > 0 else ""
    name = chosen.pick(label.zh, label.en)
    axes.set_title(f"{name}: {label.show(values[0])} → {label.show(values[-1])} ({sign}{label.show(change)})")
    axes.set_ylabel(name)
    axes.set_ylim(bottom=0, top=max([*heights, 1.0]) * 1.2)
    finish(axes, chosen)
    return root_figure(axes)
