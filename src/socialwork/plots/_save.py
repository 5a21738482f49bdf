"""Figures to bytes, the same bytes for the same input; every plot of a registry or a scenario, saved."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.funds import BINZHOU_RULE
from socialwork.hierarchy import coverage
from socialwork.io import write_atomically
from socialwork.linkage import Profiles, checked_profiles
from socialwork.linkage import profiles as profiles_of
from socialwork.model import DivisionCode, DivisionLevel, Registry, TalentTrack
from socialwork.model.validators import int_between, one_of
from socialwork.plots._charts import fund_progress, linkage_profile, score_contributions, target_progress
from socialwork.plots._fonts import matplotlib, words
from socialwork.plots._tree import MAX_TREE_NODES, station_tree
from socialwork.reporting import ScenarioLike, registry_and_scenario
from socialwork.scoring import evaluate
from socialwork.targets import progress

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FORMATS", "render", "save_all"]

FORMATS: Final = ("pdf", "png", "svg")
"""The file formats :func:`render` and :func:`save_all` write."""

_SALT: Final = "socialwork"
_check_format: Final = one_of(FORMATS)
_render_lock = threading.Lock()
# Metadata that would change from one run to the next (the date), left out.
_METADATA: Final[Mapping[str, Mapping[str, Any]]] = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {},
}
# The talent targets (培力提能) a registry can be measured against: social workers in post, by track.
_TRACKS: Final[Mapping[str, TalentTrack]] = {
    "practitioners": TalentTrack.PRACTITIONER,
    "managers": TalentTrack.MANAGER,
    "supervisors": TalentTrack.SUPERVISOR,
}


def render(figure: Figure, /, *, format: str = "svg") -> bytes:  # noqa: A002 - matplotlib's own word
    """Return *figure* as the bytes of an SVG, PNG or PDF file: the same figure gives the same bytes.

    The date is left out of the file's metadata and SVG ids are derived from a
    fixed salt, so that output can be compared and committed. An SVG draws its text
    as paths: it shows the same in any browser, with no font and no network.

    Args:
        figure: A matplotlib figure, such as one of this module's functions returns.
        format: One of :data:`FORMATS`.

    Raises:
        InvalidTypeError: *figure* is not a matplotlib figure.
        InvalidValueError: *format* is not one of :data:`FORMATS`.
        MissingDependencyError: matplotlib is not installed.

    Examples:
        >>> import matplotlib  # the plot extra: without it, the example is skipped
        >>> from socialwork.plots import render, station_tree
        >>> figure = station_tree(sw.datasets.example(), lang="en")
        >>> svg = render(figure)
        >>> svg.startswith(b"<?xml"), svg == render(figure)
        (True, True)

    .. versionadded:: 0.2
    """
    module = matplotlib("render()")
    figure_module = module.figure
    if not isinstance(figure, figure_module.Figure):
        msg = Message(
            "expected a matplotlib Figure, got {type}",
            "应为 matplotlib Figure，实为 {type}",
            type=type(figure).__name__,
        )
        raise InvalidTypeError(msg, path="figure")
    _check_format(None, "format", format)
    buffer = io.BytesIO()
    # svg.hashsalt is read from the global rcParams while saving: one save at a time.
    with _render_lock, module.rc_context({"svg.hashsalt": _SALT, "svg.fonttype": "path"}):
        # The constrained layout settles in its first pass: lay out first, so that the first
        # save of a figure gives the same bytes as every later one.
        figure.draw_without_rendering()
        figure.savefig(buffer, format=format, metadata=dict(_METADATA[format]))
    return buffer.getvalue()


def _formats(formats: object) -> tuple[str, ...]:
    if isinstance(formats, str) or not isinstance(formats, Sequence) or not formats:
        msg = Message(
            "expected a non-empty sequence of formats from {formats}, got {value}",
            "应为由 {formats} 中的格式组成的非空序列，实为 {value}",
            formats=", ".join(FORMATS),
            value=repr(formats),
        )
        raise InvalidValueError(msg, path="formats")
    for position, name in enumerate(formats):
        _check_format(None, f"formats[{position}]", name)
    return tuple(dict.fromkeys(formats))


def _tree_district(registry: Registry) -> tuple[bool, str | None]:
    """Whether to draw the station tree, and of which district (``None`` for the whole registry)."""
    if not registry.stations:
        return False, None
    found = coverage(registry)
    if len(registry.stations) + len(found.uncovered) <= MAX_TREE_NODES:
        return True, None
    districts = [
        DivisionCode(code)
        for code, division in registry.divisions.items()
        if division.level is DivisionLevel.DISTRICT
    ]
    if not districts:
        return False, None
    shares = found.by_district
    return True, min(districts, key=lambda code: (shares[code].ratio if code in shares else 1.0, code))


def _observed(registry: Registry) -> dict[str, int]:
    counts = dict.fromkeys(_TRACKS, 0)
    for worker in registry.social_workers.values():
        if worker.station_id is None:
            continue
        for metric, track in _TRACKS.items():
            if track in worker.tracks:
                counts[metric] += 1
    return counts


def save_all(
    subject: Registry | ScenarioLike,
    directory: str | os.PathLike[str],
    /,
    *,
    lang: str = "zh",
    formats: Sequence[str] = ("svg",),
    communities: int = 3,
    profiles: Profiles | None = None,
) -> list[Path]:
    """Save every plot that applies to *subject* in *directory*, each file written atomically.

    The plots, in this order, each skipped when there is nothing to draw:

    - ``station-tree``: :func:`station_tree` of the whole registry, or, when it has
      more than :data:`MAX_TREE_NODES` nodes, of its least covered district (ties by code);
    - ``linkage-<code>``: :func:`linkage_profile` of each of the *communities*
      weakest communities (:meth:`socialwork.linkage.Profiles.weakest`);
    - ``fund-progress``: :func:`fund_progress` under the scenario's rule
      (:data:`~socialwork.funds.BINZHOU_RULE` for a registry or a scenario without one), as of its day;
    - ``score-contributions``: :func:`score_contributions` of the scenario's
      indicator system evaluated on the registry;
    - ``target-progress``: :func:`target_progress` of the scenario's targets that
      the registry measures (the social workers in post on each talent track, 实务 /
      管理 / 督导), on the scenario's day.

    Args:
        subject: A :class:`~socialwork.Registry`, or a :class:`socialwork.datasets.Scenario`
            whose rule, indicators, targets and day are used too.
        directory: An existing directory; files of the same names are replaced.
        lang: ``"zh"`` or ``"en"``, as for :func:`station_tree`; without a CJK font,
            one :class:`~socialwork.errors.FontWarning` for all the plots.
        formats: The file formats, from :data:`FORMATS`; each plot is saved in each.
        communities: How many of the weakest communities get a linkage profile.
        profiles: The :func:`socialwork.linkage.profiles` of the subject's registry,
            when the caller has them already (``socialwork report --plots`` passes
            those of the report): they are not computed again. They must be of this
            very registry.

    Returns:
        The paths written, plot by plot in the order above, formats in the order given.

    Raises:
        InvalidTypeError: *subject* is neither; an argument of the wrong type.
        InvalidValueError: *directory* is not a directory; an unknown format;
            *profiles* of another registry.
        MissingDependencyError: matplotlib is not installed.
        OSError: a file cannot be written (those written before it stay).

    Examples:
        >>> import matplotlib  # the plot extra: without it, the example is skipped
        >>> import tempfile
        >>> from socialwork.plots import save_all
        >>> folder = tempfile.mkdtemp()
        >>> paths = save_all(sw.datasets.scenario("binzhou"), folder, lang="en", communities=1)
        >>> [path.name for path in paths]
        ['station-tree.svg', 'linkage-371602004001.svg', 'fund-progress.svg']

    .. versionadded:: 0.2
    """
    registry, scenario = registry_and_scenario(subject)
    chosen = _formats(formats)
    int_between(0)(None, "communities", communities)
    given_directory: object = directory  # callers outside the type checker may pass anything
    if not isinstance(given_directory, str | os.PathLike):
        msg = Message(
            "expected a directory path, got {type}",
            "应为目录路径，实为 {type}",
            type=type(given_directory).__name__,
        )
        raise InvalidTypeError(msg, path="directory")
    folder = Path(directory)
    if not folder.is_dir():
        msg = Message(
            "expected an existing directory, got {folder}",
            "应为已有的目录，实为 {folder}",
            folder=repr(str(folder)),
        )
        raise InvalidValueError(msg, path="directory")
    words(lang, "save_all()")  # checks lang, warns once if there is no CJK font
    as_of = scenario.as_of if scenario is not None else None
    figures: list[tuple[str, Figure]] = []
    draw_tree, district = _tree_district(registry)
    if draw_tree:
        figures.append(("station-tree", station_tree(registry, district_id=district, lang=lang)))
    if communities:
        found = profiles_of(registry) if profiles is None else checked_profiles(profiles, registry)
        figures.extend(
            (f"linkage-{weak.community_id}", linkage_profile(registry, weak.community_id, lang=lang))
            for weak in found.weakest(communities)
        )
    if registry.funds:
        rule = scenario.rule if scenario is not None and scenario.rule is not None else BINZHOU_RULE
        figures.append(("fund-progress", fund_progress(registry, rule=rule, as_of=as_of, lang=lang)))
    if scenario is not None and scenario.indicators is not None:
        scores = evaluate(scenario.indicators, registry)
        figures.append(("score-contributions", score_contributions(scores, lang=lang)))
    if scenario is not None and scenario.targets and as_of is not None:
        measured = [t for t in scenario.targets if t.metric in _TRACKS and t.baseline_date <= as_of]
        if measured:
            done = progress(measured, _observed(registry), as_of=as_of)
            figures.append(("target-progress", target_progress(done, lang=lang)))
    written = []
    for stem, figure in figures:
        for name in chosen:
            path = folder / f"{stem}.{name}"
            write_atomically(path, render(figure, format=name))
            written.append(path)
    return written
