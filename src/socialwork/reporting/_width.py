"""The display width of text in a terminal: East Asian wide characters take two columns."""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Final

from socialwork.model.validators import check_str, int_between

__all__ = ["display_width", "pad"]

_check_width: Final = int_between(0)


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
