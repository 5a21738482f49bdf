"""The socialwork command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import socialwork as sw
from socialwork.cli import main


def test_summary_of_the_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    """With no file, summary reports the bundled example's counts."""
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "bundled example (example.json)" in out
    assert "  stations            7" in out
    assert "  community room    4" in out
    assert "  total              35" in out


def test_summary_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang zh prints the report with the policy's own terms."""
    assert main(["summary", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("登记汇总")
    assert "区社工总站    1" in out
    assert "社区社工室    4" in out


def test_summary_of_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], registry: sw.Registry) -> None:
    """A file given on the command line is loaded and summarised."""
    path = tmp_path / "one.json"
    sw.dump(registry.remove(["g-01"]), path)
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert str(path) in out
    assert "  grants              0" in out


def test_a_bad_file_exits_1_listing_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Problems go to standard error with their paths; the exit status is 1."""
    path = tmp_path / "bad.json"
    path.write_text('{"format": "socialwork", "version": 1, "stations": [{"id": "s"}]}', encoding="utf-8")
    assert main(["summary", str(path)]) == 1
    err = capsys.readouterr().err
    assert "stations[0].name: required key is missing" in err
    assert "stations[0].level: required key is missing" in err


def test_a_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is a one-line error, not a traceback."""
    assert main(["summary", str(tmp_path / "none.json")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """socialwork schema prints a valid JSON Schema equal to json_schema()."""
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == sw.io.json_schema()


def test_python_dash_m_runs_the_command() -> None:
    """python -m socialwork is the same command."""
    result = subprocess.run(
        [sys.executable, "-m", "socialwork", "summary", "--lang", "en"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("Registry summary")


def test_usage_errors_exit_2() -> None:
    """An unknown subcommand is a usage error."""
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
