"""The socialwork score command: default, scenario and file indicator systems, strict parsing, exit statuses."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import socialwork as sw
from socialwork.cli import main
from socialwork.cli._errors import ExitCode
from socialwork.cli._score import read_indicators
from socialwork.errors import IndicatorSystemError

GOOD = {
    "id": "r",
    "zh": "测试体系",
    "en": "test system",
    "children": [
        {"id": "a", "weight": 0.5, "normalization": "max", "extractor": "station.workers"},
        {"id": "b", "weight": "1/2", "normalization": "minmax", "extractor": "station.supervisors"},
    ],
}


def _write(tmp_path: Path, document: object, name: str = "system.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sw.datasets.SCENARIOS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_score_on_every_scenario(name: str, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--dataset ranks the scenario's stations on the default system, as socialwork.reporting.ranking does."""
    assert main(["score", "--dataset", name, "--lang", lang, "--top", "3"]) == ExitCode.OK
    expected = sw.reporting.ranking(sw.datasets.scenario(name), top=3).to_text(lang=lang)  # type: ignore[arg-type]
    assert capsys.readouterr().out == expected + "\n"


def test_score_json_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints the ranking's data, the same on every run."""
    assert main(["score", "--format", "json"]) == ExitCode.OK
    first = capsys.readouterr().out
    assert main(["score", "--format", "json"]) == ExitCode.OK
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert data["system"]["id"] == "station"
    assert len(data["rows"]) == 10
    assert [row["rank"] for row in data["rows"]] == sorted(row["rank"] for row in data["rows"])


def test_score_with_an_indicator_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--indicators reads the system from JSON; decimal weights are exact."""
    path = _write(tmp_path, GOOD)
    system = read_indicators(path)
    assert system.leaf_ids == ("a", "b")
    assert system.root.zh == "测试体系"
    assert main(["score", "--indicators", str(path), "--format", "json", "--method", "topsis"]) == ExitCode.OK
    data = json.loads(capsys.readouterr().out)
    assert data["system"]["zh"] == "测试体系"
    assert data["method"] == "topsis"
    assert [p["weight"] for p in data["parts"]] == ["1/2", "1/2"]


def test_score_a_file_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """- reads the registry from standard input."""
    data = sw.dumps(sw.datasets.example())
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode() if isinstance(data, str) else data))
    )
    assert main(["score", "-", "--top", "2", "--format", "json"]) == ExitCode.OK
    assert [row["id"] for row in json.loads(capsys.readouterr().out)["rows"]] == ["wh-c-nijiaqiao", "wh-hub"]


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ([], "root"),
        ({"children": []}, "root.id"),
        ({**GOOD, "colour": "red"}, "root.colour"),
        ({**GOOD, "zh": 3}, "root.zh"),
        ({**GOOD, "children": {}}, "root.children"),
        (
            {**GOOD, "children": [{**GOOD["children"][0], "weight": True}, GOOD["children"][1]]},
            "root.children[0].weight",
        ),
        (
            {**GOOD, "children": [{**GOOD["children"][0], "extractor": "nope"}, GOOD["children"][1]]},
            "root.children[0].extractor",
        ),
        (
            {**GOOD, "children": [{**GOOD["children"][0], "direction": "up"}, GOOD["children"][1]]},
            "root.children[0].direction",
        ),
        (
            {**GOOD, "children": [{**GOOD["children"][0], "target": "3"}, GOOD["children"][1]]},
            "root.children[0].target",
        ),
        (
            {**GOOD, "children": [{**GOOD["children"][0], "weight": "1/3"}, GOOD["children"][1]]},
            "root.children",
        ),
        (
            {**GOOD, "children": [{**GOOD["children"][0], "normalization": "maxx"}, GOOD["children"][1]]},
            "root.children[0].normalization",
        ),
        (
            {**GOOD, "children": [{**GOOD["children"][0], "weight": -1}, GOOD["children"][1]]},
            "root.children[0].weight",
        ),
    ],
)
def test_bad_indicator_files_name_the_path(
    tmp_path: Path, document: object, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every problem of an indicator file is named with its path from root, and exits 1."""
    file = _write(tmp_path, document)
    with pytest.raises(IndicatorSystemError) as caught:
        read_indicators(file)
    assert path in [problem.path for problem in caught.value.problems]
    assert main(["score", "--indicators", str(file)]) == ExitCode.PROBLEMS
    err = capsys.readouterr().err
    assert f"{path}: " in err
    assert "Traceback" not in err


@pytest.mark.parametrize("content", [b"{", b"\xff\xfe", b"NaN", b'{"id": NaN}'])
def test_unreadable_indicator_files_exit_3(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that is not JSON (or not UTF-8, or uses NaN) is unreadable: exit 3."""
    file = tmp_path / "bad.json"
    file.write_bytes(content)
    assert main(["score", "--indicators", str(file)]) == ExitCode.UNREADABLE
    assert capsys.readouterr().err.startswith(f"socialwork: {file}: ")
    assert main(["score", "--indicators", str(tmp_path / "missing.json")]) == ExitCode.UNREADABLE


@pytest.mark.parametrize(
    "argv",
    [["score", "x.json", "--dataset", "binzhou"], ["score", "--top", "-2"], ["score", "--method", "ahp"]],
)
def test_score_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """FILE with --dataset, a negative count or an unknown method: exit 2."""
    assert main(argv) == ExitCode.USAGE
    assert "usage: socialwork score" in capsys.readouterr().err


def test_every_problem_of_an_indicator_file_is_reported_at_once(tmp_path: Path) -> None:
    """An unknown field, an unknown extractor and an unknown normalisation of one leaf: three problems."""
    leaf = {**GOOD["children"][1], "colour": "red", "extractor": "nope", "normalization": "maxx"}
    file = _write(tmp_path, {**GOOD, "children": [GOOD["children"][0], leaf]})
    with pytest.raises(IndicatorSystemError) as caught:
        read_indicators(file)
    assert sorted(p.path for p in caught.value.problems) == [
        "root.children[1].colour",
        "root.children[1].extractor",
        "root.children[1].normalization",
    ]
