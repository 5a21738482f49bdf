"""socialwork validate: the report, its narrowing, parameters, and the exit status of problems found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import socialwork as sw
from socialwork.cli._errors import ExitCode
from tests._cli import SCENARIOS, run, stdin, tiny


@pytest.mark.parametrize("dataset", SCENARIOS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_validate_every_scenario_in_both_languages(
    capsys: pytest.CaptureFixture[str], dataset: str, lang: str
) -> None:
    """Each bundled dataset validates with no ERROR (status 0), its report rendered in the language asked."""
    code, out, err = run(capsys, "validate", "--dataset", dataset, "--lang", lang)
    scenario = sw.datasets.scenario(dataset) if dataset != "example" else None
    registry = sw.datasets.example() if scenario is None else scenario.registry
    report = sw.validate(registry, as_of=None if scenario is None else scenario.as_of)
    assert code == ExitCode.OK
    assert err == ""
    assert report.render(lang) in out  # type: ignore[arg-type]


def test_validate_json_is_the_report_and_is_deterministic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--format json prints the report's to_dict (with source and strict), the same on every run."""
    path = tiny(tmp_path)
    first = run(capsys, "validate", str(path), "--format", "json")
    second = run(capsys, "validate", str(path), "--format", "json")
    assert first == second
    data = json.loads(first[1])
    assert data == {"source": str(path), "strict": False, **sw.validate(sw.load(path)).to_dict()}


def test_a_planted_fault_exits_1_with_one_line_a_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A registry with planted ERROR faults: status 1 and one line on stderr per error, naming path and rule."""
    path = tiny(tmp_path, faults=("uncovered_street", "orphan_room"))
    code, out, err = run(capsys, "validate", str(path))
    assert code == ExitCode.PROBLEMS
    lines = err.splitlines()
    assert len(lines) == 2
    assert any("SW-C001 error" in line for line in lines)
    assert any(line.startswith("socialwork: stations[") and "SW-H002 error" in line for line in lines)
    assert "2 error(s)" in out


def test_problem_lines_are_in_the_chosen_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """With --lang zh the stderr lines give the severity and message in Chinese."""
    path = tiny(tmp_path, faults=("uncovered_street",))
    code, _out, err = run(capsys, "validate", str(path), "--lang", "zh")
    assert code == ExitCode.PROBLEMS
    (line,) = err.splitlines()
    assert "SW-C001 错误" in line
    assert "没有街道社工站" in line


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    """The example has two warnings: status 0, and 1 with --strict, one stderr line each."""
    assert run(capsys, "validate")[0] == ExitCode.OK
    code, _out, err = run(capsys, "validate", "--strict")
    assert code == ExitCode.PROBLEMS
    assert len(err.splitlines()) == 2
    assert all("SW-S002 warning" in line for line in err.splitlines())


def test_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """- reads the document from standard input, named <stdin>."""
    stdin(monkeypatch, tiny(tmp_path, faults=("orphan_room",)))
    code, out, _err = run(capsys, "validate", "-", "--format", "json")
    assert code == ExitCode.PROBLEMS
    assert json.loads(out)["source"] == "<stdin>"


def test_narrowing_by_family_code_and_severity(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--family and --code run only those rules; --severity shows only those violations."""
    path = str(tiny(tmp_path, faults=("uncovered_street", "orphan_room")))
    data = json.loads(run(capsys, "validate", path, "--family", "coverage", "--format", "json")[1])
    assert [v["code"] for v in data["violations"]] == ["SW-C001"]
    assert all(code.startswith("SW-C") for code in data["rules"])
    data = json.loads(run(capsys, "validate", path, "--code", "SW-H002,SW-S002", "--format", "json")[1])
    assert data["rules"] == ["SW-H002", "SW-S002"]
    assert [v["code"] for v in data["violations"]] == ["SW-H002"]
    code, out, err = run(capsys, "validate", path, "--severity", "warning", "--format", "json")
    assert json.loads(out)["violations"] == []
    assert (code, err) == (ExitCode.OK, "")


def test_as_of_and_a_toml_parameter_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--params reads TOML strictly; --as-of picks the values in force on the day."""
    params = tmp_path / "params.toml"
    params.write_text("[staffing]\nmin_street_workers = { 2030-01-01 = 0 }\n", encoding="utf-8")
    before = json.loads(
        run(capsys, "validate", "--params", str(params), "--as-of", "2029-12-31", "--format", "json")[1]
    )
    after = json.loads(
        run(capsys, "validate", "--params", str(params), "--as-of", "2030-01-01", "--format", "json")[1]
    )
    assert len(before["violations"]) == 2
    assert after["violations"] == []
    assert after["as_of"] == "2030-01-01"


def test_a_json_parameter_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A parameter file not named .toml is JSON."""
    params = tmp_path / "params.json"
    params.write_text('{"staffing.min_street_workers": 0}', encoding="utf-8")
    code, out, _err = run(capsys, "validate", "--params", str(params), "--strict")
    assert code == ExitCode.OK
    assert "0 violation(s)" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('staffing.min_street_workers = "three"', "staffing.min_street_workers: expected an integer"),
        ("no_such.parameter = 1", "no_such: unknown parameter"),
    ],
)
def test_a_bad_parameter_file_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, reason: str
) -> None:
    """A parameter file with problems is an input that cannot be read: status 3, each problem with its place."""
    params = tmp_path / "params.toml"
    params.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "validate", "--params", str(params))
    assert code == ExitCode.UNREADABLE
    assert out == ""
    assert err.startswith(f"socialwork: {params}: ")
    assert reason in err


def test_a_missing_parameter_file_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A parameter file that does not exist is one line naming it."""
    code, _out, err = run(capsys, "validate", "--params", str(tmp_path / "none.toml"))
    assert code == ExitCode.UNREADABLE
    assert err == f"socialwork: {tmp_path / 'none.toml'}: cannot read: No such file or directory\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["--family", "nope"],
        ["--code", "SW-X999"],
        ["--severity", "fatal"],
        ["--as-of", "2021-02-30"],
        ["--as-of", "20210201"],
        ["--dataset", "nowhere"],
        ["--dataset", "wuhou", "file.json"],
        ["--format", "xml"],
        ["--lang", "fr"],
    ],
)
def test_bad_flags_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """A wrong flag is a usage error: status 2 and the usage, never a traceback."""
    code, out, err = run(capsys, "validate", *argv)
    assert code == ExitCode.USAGE
    assert out == ""
    assert "usage: socialwork validate" in err
