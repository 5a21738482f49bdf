"""Every example script and every Python block of the README runs."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs_and_prints(path: Path) -> None:
    """The example exits cleanly, prints something, and starts with a docstring saying what it shows."""
    assert path.read_text(encoding="utf-8").startswith('"""')
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, check=True)
    assert result.stdout.strip()


def test_three_level_tree_shows_every_station(capsys: pytest.CaptureFixture[str]) -> None:
    """The tree example prints the hub, both street stations and the four rooms."""
    runpy.run_path(str(ROOT / "examples" / "three_level_tree.py"), run_name="__main__")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7
    assert lines[0].startswith("区社工总站 武侯区社工总站")


def test_errors_example_lists_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    """The errors example shows the duplicate id, the dangling references and the bad values."""
    runpy.run_path(str(ROOT / "examples" / "errors_that_say_where.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "donations[0].id: duplicate id 'wutong', already used by funds[0]" in out
    assert "funds[0].manager_id: unknown organization 'bz-fed'" in out
    assert "donations[0].amount: expected an amount in whole fen" in out
    assert "donations[0].date: no such date: '2021-02-30'" in out


def test_bilingual_summary_lines_up_the_two_languages(capsys: pytest.CaptureFixture[str]) -> None:
    """The side-by-side summary starts the English column at the same terminal column on every line."""
    from socialwork.reporting import display_width

    runpy.run_path(str(ROOT / "examples" / "bilingual_summary.py"), run_name="__main__")
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert lines[0].endswith("Registry summary")
    # Titles start the English column; its rows are indented two columns more.
    starts = {
        display_width(line[: line.index(english)]) - (0 if english[0].isupper() else 2)
        for line, english in zip(lines, _ENGLISH, strict=True)
    }
    assert len(starts) == 1


_ENGLISH = [
    "Registry summary", "Entities", "divisions", "organizations", "stations", "social workers", "volunteers",
    "projects", "needs", "funds", "donations", "grants", "total", "Stations by level", "district hub",
    "street station", "community room",
]  # fmt: skip


def test_readme_python_blocks_run(tmp_path: Path) -> None:
    """The README's Python examples run as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})  # noqa: S102
    finally:
        os.chdir(cwd)
