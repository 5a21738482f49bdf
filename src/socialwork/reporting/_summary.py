"""The summary of a registry: its counts per kind and per station level."""

from __future__ import annotations

from collections import Counter
from typing import Final

from socialwork.model import KINDS, Language, Registry, StationLevel
from socialwork.model.validators import check_str, instance_of
from socialwork.reporting._text import check_lang, text
from socialwork.reporting._width import display_width, pad

__all__ = ["summary_text"]

_check_registry: Final = instance_of(Registry)


_LISTED_WHEN_HELD: Final = frozenset({"cases", "consents", "referrals", "referral_events"})
"""The kinds of referral work, which most registries do not record: listed only when there are some."""


def summary_text(registry: Registry, /, *, lang: Language = "en", source: str = "") -> str:
    """Return the counts of *registry* per kind and per station level, as a small report.

    Args:
        registry: The registry to count.
        lang: The language of the labels, ``"en"`` or ``"zh"``.
        source: Where the registry comes from (a file name, say), printed under the
            title when given.

    Returns:
        The report, without a final newline. It gives a title, the count of every
        kind of :data:`~socialwork.model.KINDS` (the kinds of referral work only when
        the registry holds some) and their total, then the stations
        on each :class:`~socialwork.StationLevel`, aligned in columns.

    Raises:
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`, or
            *source* not a ``str``.
        InvalidValueError: *lang* is neither ``"en"`` nor ``"zh"``.

    Examples:
        >>> from socialwork.reporting import summary_text
        >>> print(summary_text(sw.datasets.example(), lang="en", source="example.json"))
        Registry summary
        source: example.json
        <BLANKLINE>
        Entities
          divisions           9
          organizations       4
          stations            7
          social workers      4
          volunteers          3
          projects            1
          needs               2
          funds               1
          donations           3
          grants              1
          total              35
        <BLANKLINE>
        Stations by level
          district hub      1
          street station    2
          community room    4
        >>> print(summary_text(sw.datasets.example(), lang="zh"))
        登记汇总
        <BLANKLINE>
        实体数量
          行政区划        9
        ...
        社工站层级
          区社工总站    1
          街道社工站    2
          社区社工室    4

    .. versionchanged:: 0.2
       Cases, consents, referrals and referral events are listed when the registry holds some.

    .. versionadded:: 0.2
       Moved from the command line (``socialwork.cli.summary_text``), and the
       registry is now positional-only.
    """
    _check_registry(None, "registry", registry)
    check_lang(None, "lang", lang)
    check_str(None, "source", source)
    rows: list[str] = [text("summary_title", lang)]
    if source:
        rows.append(f"{text('summary_source', lang)}: {source}")
    rows.append("")
    rows.append(text("entities", lang))
    counts = {
        name: count for name, count in registry.counts().items() if count or name not in _LISTED_WHEN_HELD
    }
    labels = {name: KINDS[name].label(lang) for name in counts}
    width = max(display_width(label) for label in labels.values()) + 2
    for name, count in counts.items():
        rows.append(f"  {pad(labels[name], width)}{count:>5}")
    rows.append(f"  {pad(text('total', lang), width)}{len(registry):>5}")
    rows.append("")
    rows.append(text("levels", lang))
    levels = Counter(station.level for station in registry.stations.values())
    names = [level.label(lang) for level in StationLevel]
    width = max(display_width(name) for name in names) + 2
    for level, name in zip(StationLevel, names, strict=True):
        rows.append(f"  {pad(name, width)}{levels[level]:>3}")
    return "\n".join(rows)
