"""docs/guides/cli.md runs as written: each ``$ socialwork ...`` line, in order, in an empty folder."""

from __future__ import annotations

import doctest
import re
import shlex
import sys
from pathlib import Path

import pytest

from socialwork.cli import main

PAGE = Path(__file__).parent.parent / "docs" / "guides" / "cli.md"
BLOCK = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _sessions() -> list[tuple[str, str]]:
    """Every command of the page's console blocks, with the output the page shows for it."""
    found: list[tuple[str, str]] = []
    for block in BLOCK.findall(PAGE.read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


def test_the_page_has_the_walk_through() -> None:
    """The page starts by generating tiny.json and then validates it, as the brief of the page says."""
    commands = [command for command, _ in _sessions()]
    assert commands[0].startswith("socialwork generate --districts 1 ")
    assert commands[0].endswith("-o tiny.json")
    assert "socialwork validate tiny.json" in commands
    for name in ["generate", "summary", "validate", "funds", "match", "export", "schema"]:
        assert any(command.startswith(f"socialwork {name}") for command in commands), name


def test_every_command_on_the_page_runs_as_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each command gives the output the page shows (... stands for the rest) and `echo $?` its status."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps its usage to the terminal
    checker = doctest.OutputChecker()
    flags = doctest.ELLIPSIS
    status = 0
    for command, shown in _sessions():
        words = shlex.split(command)
        if words == ["echo", "$?"]:
            got = f"{status}\n"
        else:
            assert words[0] == "socialwork", command
            if "<" in words:
                at = words.index("<")
                monkeypatch.setattr(sys, "stdin", open(words[at + 1], encoding="utf-8"))  # noqa: SIM115, PTH123
                words = words[:at] + words[at + 2 :]
            status = main(words[1:])
            captured = capsys.readouterr()
            got = captured.out + captured.err
        want = "\n".join(line if line.strip() else "<BLANKLINE>" for line in shown.splitlines()) + "\n"
        if not shown.strip():
            want = ""
        assert checker.check_output(want, got, flags), (
            f"$ {command}\n{checker.output_difference(doctest.Example(command, want), got, flags)}"
        )
