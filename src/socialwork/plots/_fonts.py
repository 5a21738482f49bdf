"""Matplotlib, imported lazily, and the fonts and words a figure is drawn in."""

from __future__ import annotations

import functools
import importlib
import threading
import warnings
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

import attrs

from socialwork._optional import import_optional
from socialwork.errors import FontWarning, InvalidTypeError, Message
from socialwork.model import Language
from socialwork.model.validators import one_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

__all__ = ["find_cjk_font"]

SAMPLE: Final = "社工站五社联动"
"""Characters a font must have to be taken for Chinese labels."""

# Families known to hold Chinese glyphs, tried first, in this order; any other font
# that has the sample glyphs is taken after them.
_KNOWN: Final = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans CJK",
    "Source Han Sans",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Heiti SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimSun",
)
# Words in a font file's name that suggest Chinese glyphs, for fonts the matplotlib
# cache does not know yet (installed after it was built).
_HINTS: Final = (
    "cjk",
    "han",
    "wqy",
    "wenquanyi",
    "yahei",
    "simhei",
    "simsun",
    "pingfang",
    "heiti",
    "droidsansfallback",
)

_check_lang: Final = one_of(["en", "zh"])
_warned = threading.Event()
_lock = threading.Lock()


def matplotlib(purpose: str) -> ModuleType:
    """Return the ``matplotlib`` package, or raise an error naming the ``plot`` extra."""
    module = import_optional("matplotlib", extra="plot", purpose=purpose)
    for name in ("figure", "font_manager", "ft2font", "text", "axes", "colors", "lines", "patches"):
        importlib.import_module(f"matplotlib.{name}")
    return module


def _has_glyphs(path: str) -> bool:
    ft2font = importlib.import_module("matplotlib.ft2font")
    try:
        font = ft2font.FT2Font(path)
        charmap = font.get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    # Unicode's Last Resort font (bundled with matplotlib since 3.10) maps every code point
    # to a box that names its block: it "has" every glyph and draws none of them.
    if "last resort" in str(font.family_name).casefold():
        return False
    return all(ord(char) in charmap for char in SAMPLE)


def _candidates() -> list[str]:
    font_manager = importlib.import_module("matplotlib.font_manager")
    known = {name.casefold(): rank for rank, name in enumerate(_KNOWN)}
    listed = sorted(
        {
            (known.get(entry.name.casefold(), len(known)), entry.fname)
            for entry in font_manager.fontManager.ttflist
        }
    )
    paths = [path for _, path in listed]
    extra = sorted(
        path
        for path in font_manager.findSystemFonts()
        if any(hint in Path(path).name.casefold() for hint in _HINTS) and path not in set(paths)
    )
    # Regular faces before bold ones, sans before serif, within each group.
    extra.sort(key=lambda path: ("bold" in path.casefold(), "serif" in path.casefold(), path))
    known_paths = [path for rank, path in listed if rank < len(known)]
    other_paths = [path for rank, path in listed if rank >= len(known)]
    return known_paths + extra + other_paths


def _locate() -> Path | None:
    """Search the fonts matplotlib knows, then the system's, for one with Chinese glyphs."""
    seen: set[str] = set()
    for path in _candidates():
        if path in seen:
            continue
        seen.add(path)
        if _has_glyphs(path):
            return Path(path)
    return None


@functools.cache
def _found() -> Path | None:
    return _locate()


def find_cjk_font() -> Path | None:
    """Return the file of a font that has Chinese glyphs, or ``None`` if the system has none.

    The fonts matplotlib knows are tried first, those of well-known Chinese families
    (Noto Sans CJK, Source Han Sans, WenQuanYi, Microsoft YaHei, PingFang, SimHei, ...)
    before the others; then the system's fonts whose file names suggest Chinese
    glyphs, which a stale matplotlib font cache may not list yet. A font is taken
    only if it has the glyphs of a sample of Chinese text (社工站五社联动). The
    answer is found once per process.

    Returns:
        The font file's path, or ``None``.

    Raises:
        MissingDependencyError: matplotlib is not installed (``pip install 'socialwork[plot]'``).

    Examples:
        >>> import matplotlib  # the plot extra: without it, the example is skipped
        >>> from socialwork.plots import find_cjk_font
        >>> font = find_cjk_font()
        >>> font is None or font.is_file()
        True

    .. versionadded:: 0.2
    """
    matplotlib("finding a CJK font")
    with _lock:
        return _found()


@attrs.frozen
class Words:
    """The language a figure is drawn in, with its font and the glyphs that font has."""

    lang: Language
    font: FontProperties
    glyphs: frozenset[int]

    def pick(self, zh: str, en: str) -> str:
        """Return *zh* or *en*, whichever is this figure's language."""
        return zh if self.lang == "zh" else en

    def safe(self, text: str) -> str:
        """Return *text* with each character the font lacks written as an escape, never a box."""
        if all(ord(char) in self.glyphs or char in "\n\t" for char in text):
            return text
        return "".join(
            char
            if ord(char) in self.glyphs or char in "\n\t"
            else char.encode("ascii", "backslashreplace").decode()
            for char in text
        )


def _fallback_font() -> tuple[FontProperties, frozenset[int]]:
    font_manager = importlib.import_module("matplotlib.font_manager")
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=True)
    return font_manager.FontProperties(fname=path), _charmap(path)


@functools.cache
def _charmap(path: str) -> frozenset[int]:
    ft2font = importlib.import_module("matplotlib.ft2font")
    return frozenset(ft2font.FT2Font(path).get_charmap())


def words(lang: object, purpose: str) -> Words:
    """Return the language and font to draw in: *lang*, or English with a warning if no CJK font is found.

    The :class:`~socialwork.errors.FontWarning` is issued once a process.
    """
    _check_lang(None, "lang", lang)
    matplotlib(purpose)
    font_manager = importlib.import_module("matplotlib.font_manager")
    if lang == "zh":
        with _lock:
            found = _found()
        if found is not None:
            return Words("zh", font_manager.FontProperties(fname=str(found)), _charmap(str(found)))
        if not _warned.is_set():
            _warned.set()
            msg = Message(
                "no font with Chinese glyphs was found: the figures are drawn with English labels "
                "(install a CJK font such as Noto Sans CJK for Chinese ones)",
                "未找到含中文字形的字体：图中改用英文标注（安装 Noto Sans CJK 等中文字体即可显示中文）",
            )
            warnings.warn(msg, FontWarning, stacklevel=3)
    font, glyphs = _fallback_font()
    return Words("en", font, glyphs)


def check_ax(ax: object) -> Axes | None:
    """Return *ax* if it is ``None`` or a matplotlib Axes; raise an error naming ``ax`` otherwise."""
    axes = importlib.import_module("matplotlib.axes")
    if ax is None or isinstance(ax, axes.Axes):
        return ax
    msg = Message(
        "expected a matplotlib Axes or None, got {type}",
        "应为 matplotlib Axes 或 None，实为 {type}",
        type=type(ax).__name__,
    )
    raise InvalidTypeError(msg, path="ax")


def new_axes(ax: Axes | None, *, size: tuple[float, float]) -> Axes:
    """Return *ax*, or the Axes of a new figure of *size* inches (no pyplot, no global state)."""
    if ax is not None:
        return ax
    figure_module = importlib.import_module("matplotlib.figure")
    figure: Figure = figure_module.Figure(figsize=size, layout="constrained")
    return figure.add_subplot()


def root_figure(ax: Axes) -> Figure:
    """Return the figure *ax* is drawn in, the top one if it is in a subfigure."""
    figure_module = importlib.import_module("matplotlib.figure")
    found: Any = ax.figure
    while not isinstance(found, figure_module.Figure):
        found = found.figure
    return found  # type: ignore[no-any-return]


def finish(ax: Axes, words: Words) -> None:
    """Draw every text of *ax* in the figure's font, without mathtext, and without missing glyphs."""
    text_module = importlib.import_module("matplotlib.text")
    for text in ax.findobj(text_module.Text):
        text.set_fontproperties(words.font)
        text.set_parse_math(False)
        content = text.get_text()
        if content:
            text.set_text(words.safe(content))
