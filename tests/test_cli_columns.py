"""Tables of the socialwork command line up by display width, whatever mix of Chinese and Latin they hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialwork.cli._common import table
from socialwork.reporting import display_width
from tests._cli import run

CELL = st.lists(
    st.sampled_from(["社", "工", "站", "Ｆ", "a", "1", "-", "é", "e\u0301"]), min_size=1, max_size=8
).map("".join)


@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda n: st.lists(st.lists(CELL, min_size=n, max_size=n), min_size=1, max_size=6)
    )
)
def test_every_row_has_the_same_width_up_to_its_last_column(rows: list[list[str]]) -> None:
    """The last column starts at the same display column on every line, header included."""
    header, *body = rows
    lines = table(header, body)
    starts = {display_width(line) - display_width(row[-1]) for line, row in zip(lines, rows, strict=True)}
    assert len(starts) == 1


@given(st.lists(st.tuples(CELL, st.integers(min_value=0, max_value=10**9)), min_size=1, max_size=6))
def test_numbers_flush_right_make_lines_of_one_width(rows: list[tuple[str, int]]) -> None:
    """With the last column right-aligned, every line has the same display width."""
    lines = table(["名称", "人数"], rows, right=[1])
    assert len({display_width(line) for line in lines}) == 1
    assert all(line.endswith(str(n)) for line, (_, n) in zip(lines[1:], rows, strict=True))


@pytest.mark.parametrize(
    "argv",
    [
        ["funds", "--lang", "zh"],
        ["funds", "--fund", "fund-nijiaqiao", "--lang", "zh"],
        ["match", "--lang", "zh"],
    ],
)
def test_chinese_outputs_line_up(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """In --lang zh each block of numbers (a table or a list of figures) ends at one column."""
    out = run(capsys, *argv)[1]
    blocks = [block.splitlines() for block in out.split("\n\n")[1:]]
    numeric = [lines for lines in blocks if all(line.rstrip()[-1:].isdigit() for line in lines[1:])]
    assert numeric
    for lines in numeric:
        assert len({display_width(line) for line in lines[1:]}) == 1, lines
