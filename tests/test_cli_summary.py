"""socialwork summary: --format json, and --dataset for the bundled registries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import socialwork as sw
from socialwork.cli._errors import ExitCode
from tests._cli import SCENARIOS, run, stdin, tiny


@pytest.mark.parametrize("dataset", SCENARIOS)
def test_summary_json_of_every_dataset(capsys: pytest.CaptureFixture[str], dataset: str) -> None:
    """--format json gives the counts per kind and per station level, and their total."""
    code, out, _err = run(capsys, "summary", "--dataset", dataset, "--format", "json")
    registry = sw.datasets.example() if dataset == "example" else sw.datasets.scenario(dataset).registry
    data = json.loads(out)
    assert code == ExitCode.OK
    assert data["counts"] == registry.counts()
    assert data["total"] == len(registry)
    assert sum(data["stations_by_level"].values()) == len(registry.stations)
    assert list(data["stations_by_level"]) == [level.value for level in sw.StationLevel]


def test_summary_json_of_stdin_is_deterministic(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The JSON of a file read from standard input names <stdin>, the same every time."""
    path = tiny(tmp_path)
    stdin(monkeypatch, path)
    first = run(capsys, "summary", "-", "--format", "json")
    stdin(monkeypatch, path)
    assert run(capsys, "summary", "-", "--format", "json") == first
    assert json.loads(first[1])["source"] == "<stdin>"


def test_a_scenario_is_named_by_its_title(capsys: pytest.CaptureFixture[str]) -> None:
    """--dataset names the scenario and its title in the language asked."""
    out = run(capsys, "summary", "--dataset", "wuhou", "--lang", "zh")[1]
    assert f"wuhou ({sw.datasets.scenario('wuhou').title_zh})" in out


def test_json_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Run as processes under two hash seeds, the JSON of validate and match is the same, byte for byte."""
    path = str(tiny(tmp_path, faults=("uncovered_street", "orphan_room")))
    for argv in [["validate", path], ["match", path]]:
        outputs = set()
        for seed in ["1", "2"]:
            result = subprocess.run(
                [sys.executable, "-m", "socialwork", *argv, "--format", "json"],
                capture_output=True,
                check=False,
                env={**os.environ, "PYTHONHASHSEED": seed},
            )
            outputs.add(result.stdout)
        assert len(outputs) == 1, argv
        assert json.loads(outputs.pop())["source"] == path
