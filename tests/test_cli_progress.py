"""Progress on standard error: a tqdm bar when it is a terminal, nothing otherwise, nothing without tqdm."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from socialwork.cli._errors import ExitCode
from socialwork.cli._progress import Progress
from tests._cli import run, tiny


class Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{file}"],
        ["funds", "{file}"],
        ["match", "{file}"],
        ["export", "{file}", "--to", "json", "-o", "{out}"],
        ["generate", "-o", "{out}"],
    ],
)
def test_progress_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    """With a terminal for standard error, long commands show a tqdm bar there, naming the step."""
    pytest.importorskip("tqdm")
    file, out = str(tiny(tmp_path)), str(tmp_path / "out")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, _out, _err = run(capsys, *(arg.format(file=file, out=out) for arg in argv))
    assert code == ExitCode.OK
    shown = terminal.getvalue()
    assert "\r" in shown
    assert "reading" in shown or "generating" in shown


def test_progress_in_chinese(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The steps are named in the language asked."""
    pytest.importorskip("tqdm")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    run(capsys, "validate", str(tiny(tmp_path)), "--lang", "zh")
    assert "检查" in terminal.getvalue()


def test_no_progress_when_not_a_terminal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Piped or logged, standard error gets no progress: nothing at all for a clean run."""
    code, _out, err = run(capsys, "validate", str(tiny(tmp_path)))
    assert (code, err) == (ExitCode.OK, "")


def test_no_progress_and_no_error_without_tqdm(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """When tqdm is not installed, a terminal gets no bar and the command works all the same."""
    monkeypatch.setitem(sys.modules, "tqdm", None)  # importing it now raises ImportError
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _err = run(capsys, "validate", str(tiny(tmp_path)))
    assert code == ExitCode.OK
    assert "0 violation(s)" in out
    assert terminal.getvalue() == ""


def test_the_bar_goes_away_and_counts_every_step() -> None:
    """A bar counts each step begun, and is cleared when the block ends (leave=False)."""
    pytest.importorskip("tqdm")
    terminal = Terminal()
    with Progress(2, stream=terminal) as progress:
        assert progress.shown
        progress.step("one")
        progress.step("two")
        assert progress._bar.n == 1
        bar = progress._bar
    assert bar.n == 2
    shown = terminal.getvalue()
    assert "one: 0/2" in shown
    assert "two: 1/2" in shown
    assert shown.endswith("\r")
    assert shown.rsplit("\r", 2)[1].strip() == ""  # the last thing written blanks the line


def test_a_stream_without_isatty_gets_nothing() -> None:
    """A stream that cannot say whether it is a terminal (closed, or without isatty) is not one."""
    closed = io.StringIO()
    closed.close()
    with Progress(1, stream=closed) as progress:
        progress.step("nothing")
        assert not progress.shown
