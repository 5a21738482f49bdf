"""Reports for people to read: the main report, a ranking and a summary, in Chinese or English.

:func:`report` builds the main job's :class:`Report` (hierarchy and coverage,
validation, five-society linkage, funds, the best stations, targets) from a
scenario or a registry, to render as text, JSON data or one HTML page;
:func:`ranking` ranks entities on an indicator system; :func:`summary_text`
counts a registry.

Text is aligned by its display width, not its length: East Asian wide and
full-width characters (汉字, full-width punctuation) take two columns of a
terminal, combining marks none. With the ``cli`` extra installed, widths come
from the well-kept ``wcwidth`` package, which follows the latest Unicode
tables; without it, from the standard library's ``unicodedata``. The kind labels are those of
:data:`socialwork.model.KINDS` and the level labels those of
:class:`socialwork.StationLevel`, so a report uses the same words as the rest
of the library.

.. versionadded:: 0.2
"""

from __future__ import annotations

import importlib
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Final

from socialwork.model import KINDS, Language, Registry, StationLevel
from socialwork.model.validators import check_str, instance_of, int_between, one_of
from socialwork.reporting._build import BRIDGES_LIMIT, ScenarioLike, ranking, report
from socialwork.reporting._ranking import Ranking, ScoreRow
from socialwork.reporting._report import Report
from socialwork.reporting._sections import (
    Bridging,
    CommunityRow,
    CoverageRow,
    FundsSection,
    HierarchySection,
    LinkageSection,
    TargetRow,
    TargetsSection,
    ValidationSection,
    ViolationRow,
)

__all__ = [
    "BRIDGES_LIMIT",
    "Bridging",
    "CommunityRow",
    "CoverageRow",
    "FundsSection",
    "HierarchySection",
    "LinkageSection",
    "Ranking",
    "Report",
    "ScenarioLike",
    "ScoreRow",
    "TargetRow",
    "TargetsSection",
    "ValidationSection",
    "ViolationRow",
    "display_width",
    "pad",
    "ranking",
    "report",
    "summary_text",
]

_check_registry: Final = instance_of(Registry)
_check_lang: Final = one_of(["en", "zh"])
_check_width: Final = int_between(0)

_TEXT: Final = {
    "title": ("登记汇总", "Registry summary"),
    "source": ("数据", "source"),
    "kinds": ("实体数量", "Entities"),
    "levels": ("社工站层级", "Stations by level"),
    "total": ("合计", "total"),
}


def _text(key: str, lang: Language) -> str:
    zh, en = _TEXT[key]
    return zh if lang == "zh" else en


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in {"Me", "Mn", "Cf"}:
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1


@cache
def _width_function() -> Callable[[str], int]:
    """Return the width of one character: wcwidth's when it is installed, else :func:`_char_width`."""
    try:
        wcwidth = importlib.import_module("wcwidth").wcwidth
    except ImportError:  # the cli extra is optional: the standard library's tables do
        return _char_width

    def width(char: str) -> int:
        found: int = wcwidth(char)
        # wcwidth says -1 for characters a terminal does not print (controls): count them as narrow
        # text would be, so that the width of two texts together is still the sum of their widths.
        return found if found >= 0 else _char_width(char)

    return width


def display_width(text: str, /) -> int:
    r"""Return how many terminal columns *text* takes.

    East Asian wide and full-width characters (``unicodedata.east_asian_width``
    ``"W"`` or ``"F"``) take two columns; combining marks and format characters
    (such as a zero-width space) none; every other character one. Characters of
    ambiguous width count as narrow, as most terminals outside East Asian
    locales show them. When the ``wcwidth`` package is installed (the ``cli``
    extra), each character's width is ``wcwidth.wcwidth``'s, which knows newer
    Unicode than the running Python may; characters it calls unprintable
    (controls) count as above. Either way the width of two texts put together is
    the sum of their widths.

    Args:
        text: One line of text.

    Returns:
        The number of columns, ``len(text)`` for ASCII text.

    Raises:
        InvalidTypeError: *text* is not a ``str``.

    Examples:
        >>> from socialwork.reporting import display_width
        >>> display_width("stations"), display_width("社工站"), display_width("Ｆ1")
        (8, 6, 3)
        >>> display_width("e\u0301")  # e and a combining acute accent: one column
        1

    .. versionadded:: 0.2
    .. versionchanged:: 0.2
       Uses ``wcwidth`` when it is installed.
    """
    check_str(None, "text", text)
    if text.isascii() and text.isprintable():
        return len(text)
    width = _width_function()
    return sum(width(char) for char in text)


def pad(text: str, width: int, /) -> str:
    """Return *text* followed by spaces up to *width* terminal columns.

    Text that already takes *width* columns or more is returned as it is, so a
    column of padded labels lines up whatever mix of Chinese and Latin letters
    it holds.

    Args:
        text: One line of text.
        width: The number of columns to fill, see :func:`display_width`.

    Returns:
        *text*, padded with spaces on the right.

    Raises:
        InvalidTypeError: *text* is not a ``str`` or *width* not an ``int``.
        InvalidValueError: *width* is negative.

    Examples:
        >>> from socialwork.reporting import pad
        >>> [pad(label, 8) + "|" for label in ["社工站", "hub"]]
        ['社工站  |', 'hub     |']

    .. versionadded:: 0.2
    """
    _check_width(None, "width", width)
    return text + " " * (width - display_width(text))


def summary_text(registry: Registry, /, *, lang: Language = "en", source: str = "") -> str:
    """Return the counts of *registry* per kind and per station level, as a small report.

    Args:
        registry: The registry to count.
        lang: The language of the labels, ``"en"`` or ``"zh"``.
        source: Where the registry comes from (a file name, say), printed under the
            title when given.

    Returns:
        The report, without a final newline. It gives a title, the count of every
        kind of :data:`~socialwork.model.KINDS` and their total, then the stations
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

    .. versionadded:: 0.2
       Moved from the command line (``socialwork.cli.summary_text``), and the
       registry is now positional-only.
    """
    _check_registry(None, "registry", registry)
    _check_lang(None, "lang", lang)
    check_str(None, "source", source)
    rows: list[str] = [_text("title", lang)]
    if source:
        rows.append(f"{_text('source', lang)}: {source}")
    rows.append("")
    rows.append(_text("kinds", lang))
    labels = {name: kind.label(lang) for name, kind in KINDS.items()}
    width = max(display_width(label) for label in labels.values()) + 2
    for name, count in registry.counts().items():
        rows.append(f"  {pad(labels[name], width)}{count:>5}")
    rows.append(f"  {pad(_text('total', lang), width)}{len(registry):>5}")
    rows.append("")
    rows.append(_text("levels", lang))
    levels = Counter(station.level for station in registry.stations.values())
    names = [level.label(lang) for level in StationLevel]
    width = max(display_width(name) for name in names) + 2
    for level, name in zip(StationLevel, names, strict=True):
        rows.append(f"  {pad(name, width)}{levels[level]:>3}")
    return "\n".join(rows)
