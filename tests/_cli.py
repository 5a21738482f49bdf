"""What the tests of the socialwork command share: running it, and small registries to run it on."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import socialwork as sw
from socialwork.cli import main

SCENARIOS = ("example", *sw.datasets.SCENARIOS)
TINY = {"districts": 1, "streets_per_district": 2, "communities_per_street": 3, "seed": 7}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command with *argv*; return its status, standard output and standard error."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tiny(tmp_path: Path, *, faults: tuple[str, ...] = ()) -> Path:
    """Write a small synthetic registry (with *faults* planted) to a file and return its path."""
    path = tmp_path / ("faulty.json" if faults else "tiny.json")
    sw.dump(sw.datasets.synthetic(**TINY, faults=faults), path)
    return path


def stdin(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make standard input the bytes of the file *path*."""
    data = path.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def inputs(tmp_path: Path) -> list[list[str]]:
    """The ways to name an input: every bundled dataset, and a small synthetic file."""
    return [["--dataset", name] for name in SCENARIOS] + [[str(tiny(tmp_path))]]
