"""socialwork.reporting: the registry summary, and text aligned by its display width."""

from __future__ import annotations

import contextlib
import sys
import unicodedata
from collections.abc import Iterator
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.model import KINDS
from socialwork.reporting import _width, display_width, pad, summary_text

# Text of one line, without control characters.
LINE = st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=30)


# -- display_width ---------------------------------------------------------------------------


def test_chinese_characters_take_two_columns() -> None:
    """汉字 and full-width letters are two columns wide; ASCII one."""
    assert display_width("社区社工室") == 10
    assert display_width("community room") == 14
    assert display_width("ＡＢ") == 4
    assert display_width("（１）") == 6


def test_wide_characters_beyond_the_old_threshold() -> None:
    """Width comes from east_asian_width, not a code-point threshold: Hangul and CJK extension B are wide."""
    assert display_width("한국") == 4
    assert display_width("\U00020000") == 2


def test_narrow_characters_above_the_old_threshold() -> None:
    """Characters above U+2E7F that are not wide (half-width katakana, a ligature) count one."""
    assert display_width("ｱｲ") == 2
    assert display_width("\ufb01") == 1  # the fi ligature


def test_ambiguous_characters_count_as_narrow() -> None:
    """Characters of ambiguous width (Greek, the degree sign) take one column."""
    assert display_width("αβ°") == 3


def test_combining_and_format_characters_take_no_column() -> None:
    """A combining accent and a zero-width space add nothing to the width."""
    assert display_width("e\u0301") == 1
    assert display_width("a\u200bb") == 2


@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_printable_ascii_width_is_its_length(text: str) -> None:
    """For printable ASCII, the display width is the length."""
    assert display_width(text) == len(text)


@given(LINE, LINE)
def test_width_adds_up(first: str, second: str) -> None:
    """The width of two texts put together is the sum of their widths."""
    assert display_width(first + second) == display_width(first) + display_width(second)


@contextlib.contextmanager
def _without_wcwidth() -> Iterator[None]:
    """Measure with the standard library's tables, as an installation without the cli extra does."""
    with mock.patch.object(_width, "_width_function", return_value=_width._char_width):
        yield


@given(LINE)
def test_width_counts_each_character_zero_one_or_two(text: str) -> None:
    """Without wcwidth, each character takes 0, 1 or 2 columns, exactly 2 when East Asian wide or full-width."""
    with _without_wcwidth():
        for char in text:
            width = display_width(char)
            assert width in {0, 1, 2}
            assert (width == 2) == (unicodedata.east_asian_width(char) in {"W", "F"} and width != 0)


@given(LINE)
def test_width_with_wcwidth_counts_each_character_zero_one_or_two(text: str) -> None:
    """With wcwidth, each character takes 0, 1 or 2 columns too, and the widths still add up."""
    for char in text:
        assert display_width(char) in {0, 1, 2}
    assert display_width(text) == sum(display_width(char) for char in text)


# Chinese, full-width and combining text on which wcwidth and the standard library's tables agree.
AGREED = st.text(
    st.sampled_from(
        [chr(c) for c in range(0x4E00, 0x9FA6, 97)]  # CJK unified ideographs
        + [chr(c) for c in range(0xFF01, 0xFF5F)]  # full-width ASCII forms
        + [chr(c) for c in range(0x3001, 0x3004)]  # 、。〃
        + ["\u0301", "\u0300", "\u20dd", "\u200b"]  # combining accents, an enclosing mark, a zero-width space
        + [chr(c) for c in range(0x20, 0x7F)]
    ),
    max_size=30,
)


@given(AGREED)
def test_wcwidth_and_the_standard_library_agree_on_cjk_full_width_and_combining_text(text: str) -> None:
    """On Chinese, full-width and combining text the two ways of measuring give the same width."""
    pytest.importorskip("wcwidth")
    with_wcwidth = display_width(text)
    with _without_wcwidth():
        assert display_width(text) == with_wcwidth


def test_wcwidth_is_used_when_installed() -> None:
    """With the cli extra, a character newer than Python's Unicode tables has wcwidth's width."""
    wcwidth = pytest.importorskip("wcwidth")
    char = "\u2630"  # ☰: wide in recent Unicode, narrow in the tables of older Pythons
    assert display_width(char) == wcwidth.wcwidth(char)


def test_without_wcwidth_the_standard_library_measures(monkeypatch: pytest.MonkeyPatch) -> None:
    """When wcwidth cannot be imported, the width comes from unicodedata and nothing fails."""
    _width._width_function.cache_clear()
    monkeypatch.setitem(sys.modules, "wcwidth", None)  # importing it now raises ImportError
    try:
        assert _width._width_function() is _width._char_width
        assert display_width("社区社工室e\u0301") == 11
    finally:
        _width._width_function.cache_clear()


def test_display_width_refuses_what_is_not_text() -> None:
    """A non-str is an InvalidTypeError naming the argument, not a bare TypeError."""
    with pytest.raises(sw.InvalidTypeError) as info:
        display_width(12)  # type: ignore[arg-type]
    assert info.value.path == "text"


# -- pad --------------------------------------------------------------------------------------


@given(LINE, st.integers(min_value=0, max_value=80))
def test_pad_fills_to_the_width_and_keeps_the_text(text: str, width: int) -> None:
    """pad keeps the text, adds only spaces, and reaches the width unless the text is wider."""
    padded = pad(text, width)
    assert padded.startswith(text)
    assert set(padded[len(text) :]) <= {" "}
    assert display_width(padded) == max(width, display_width(text))


def test_padded_labels_line_up() -> None:
    """Chinese and Latin labels padded to one width end in the same column."""
    column = [pad(label, 12) + "|" for label in ["社工站", "stations", "社会工作者"]]
    assert {display_width(line) for line in column} == {13}


@pytest.mark.parametrize(
    ("width", "error", "path"), [("8", sw.InvalidTypeError, "width"), (-1, sw.InvalidValueError, "width")]
)
def test_pad_refuses_a_bad_width(width: object, error: type[sw.FieldError], path: str) -> None:
    """A width that is not a whole number of columns, or is negative, is a documented error."""
    with pytest.raises(error) as info:
        pad("社工站", width)  # type: ignore[arg-type]
    assert info.value.path == path


# -- summary_text --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_uses_the_kind_labels_of_the_model(registry: sw.Registry, lang: sw.model.Language) -> None:
    """Every kind is listed with KINDS[name].label(lang) and its count, in the order of KINDS.

    The kinds of referral work are listed when the registry holds some: the Wuhan platform's.
    """
    for reg, listed in ((registry, list(KINDS)[:10]), (sw.datasets.wuhan_school(), list(KINDS))):
        lines = summary_text(reg, lang=lang).splitlines()
        rows = [line for line in lines if line.startswith("  ")][: len(listed)]
        for row, name in zip(rows, listed, strict=True):
            label, count = row.strip().rsplit(maxsplit=1)
            assert label == KINDS[name].label(lang)
            assert int(count) == reg.counts()[name]
        assert any(line.strip().startswith(KINDS["cases"].label(lang)) for line in lines) == (
            reg is not registry
        )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_counts_stations_by_level(registry: sw.Registry, lang: sw.model.Language) -> None:
    """The last rows give the stations of each level, with the level's label."""
    rows = summary_text(registry, lang=lang).splitlines()[-len(sw.StationLevel) :]
    for row, level in zip(rows, sw.StationLevel, strict=True):
        label, count = row.strip().rsplit(maxsplit=1)
        assert label == level.label(lang)
        assert int(count) == sum(station.level is level for station in registry.stations.values())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_columns_line_up(registry: sw.Registry, lang: sw.model.Language) -> None:
    """In each table, every count ends in the same terminal column, in Chinese as in English."""
    tables = summary_text(registry, lang=lang).split("\n\n")[1:]
    for table in tables:
        rows = table.splitlines()[1:]
        assert len({display_width(row) for row in rows}) == 1


def test_summary_of_an_empty_registry() -> None:
    """An empty registry gives zeros everywhere, and the title and source lines."""
    text = summary_text(sw.Registry(), source="empty.json")
    assert text.splitlines()[:2] == ["Registry summary", "source: empty.json"]
    assert "  total               0" in text


def test_summary_without_a_source_has_no_source_line(registry: sw.Registry) -> None:
    """With no source, the title is followed by a blank line."""
    assert summary_text(registry).splitlines()[:2] == ["Registry summary", ""]


@pytest.mark.parametrize(
    ("kwargs", "error", "path"),
    [
        ({"lang": "fr"}, sw.InvalidValueError, "lang"),
        ({"source": 3}, sw.InvalidTypeError, "source"),
    ],
)
def test_summary_refuses_bad_options(
    registry: sw.Registry, kwargs: dict[str, object], error: type[sw.FieldError], path: str
) -> None:
    """A language other than en/zh, or a source that is not text, is a documented error naming it."""
    with pytest.raises(error) as info:
        summary_text(registry, **kwargs)  # type: ignore[arg-type]
    assert info.value.path == path


def test_summary_refuses_what_is_not_a_registry() -> None:
    """A list of entities is not a registry: InvalidTypeError, not an AttributeError."""
    with pytest.raises(sw.InvalidTypeError) as info:
        summary_text([])  # type: ignore[arg-type]
    assert info.value.path == "registry"


def test_reporting_is_at_the_top_level() -> None:
    """sw.reporting is the module, listed in __all__."""
    assert "reporting" in sw.__all__
    assert sw.reporting.summary_text is summary_text
