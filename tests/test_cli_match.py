"""socialwork match: needs assigned to the providers in reach under the capacities given, unmet needs and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import socialwork as sw
from socialwork.cli._errors import ExitCode
from socialwork.matching import assign, fit_from_registry
from socialwork.reporting import display_width
from tests._cli import inputs, run, stdin, tiny


def test_match_on_every_scenario_and_a_synthetic_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every input gives status 0 in both languages; JSON accounts for every person of every need."""
    for argv in inputs(tmp_path):
        for lang in ["zh", "en"]:
            code, _out, err = run(capsys, "match", *argv, "--lang", lang)
            assert (code, err) == (ExitCode.OK, ""), argv
        data = json.loads(run(capsys, "match", *argv, "--format", "json")[1])
        served = sum(pair["persons"] for pair in data["pairs"])
        unmet = sum(u["persons"] for u in data["unmet"])
        assert served == data["persons_served"]
        assert served + unmet == data["persons"]


def test_match_is_the_librarys_assignment(capsys: pytest.CaptureFixture[str], registry: sw.Registry) -> None:
    """The pairs and total fit are those of assign() on fit_from_registry() with the capacities given."""
    argv = ["match", "--project-capacity", "20", "--worker-capacity", "5", "--format", "json"]
    data = json.loads(run(capsys, *argv)[1])
    fit = fit_from_registry(registry)
    services = {**dict.fromkeys(registry.projects, 20), **dict.fromkeys(registry.social_workers, 5)}
    expected = assign({n.id: n.persons for n in registry.needs.values()}, services, fit=fit)
    assert data["total_fit"] == expected.total_fit
    assert data["persons_served"] == expected.persons
    assert data["capacities"] == {"projects": 20, "social_workers": 5}
    assert {(u["need_id"], u["persons"]) for u in data["unmet"]} == {
        (u.need_id, u.persons) for u in expected.unmet
    }


def test_unmet_needs_and_their_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    """With no capacity, every need is unmet because every service in reach is full, said in the language."""
    argv = ["match", "--project-capacity", "0", "--worker-capacity", "0"]
    code, out, _err = run(capsys, *argv, "--lang", "zh")
    assert code == ExitCode.OK
    assert "未满足的需求" in out
    assert "可及服务均已满额" in out
    data = json.loads(run(capsys, *argv, "--format", "json")[1])
    assert data["pairs"] == []
    assert {u["reason"] for u in data["unmet"]} == {"all_full"}
    assert data["unmet"][0]["services"]


def test_providers_objective_and_solver(capsys: pytest.CaptureFixture[str]) -> None:
    """--providers adds volunteers; --objective and --solver reach assign()."""
    argv = [
        "match",
        "--providers",
        "volunteers",
        "--objective",
        "max_count",
        "--solver",
        "highs",
        "--format",
        "json",
    ]
    data = json.loads(run(capsys, *argv)[1])
    assert data["providers"] == ["volunteers"]
    assert (data["objective"], data["solver"]) == ("max_count", "highs")
    assert {pair["provider_kind"] for pair in data["pairs"]} <= {"volunteers"}


def test_match_json_is_deterministic_and_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The same input gives the same JSON; - reads standard input."""
    path = tiny(tmp_path)
    first = run(capsys, "match", str(path), "--format", "json")
    assert first == run(capsys, "match", str(path), "--format", "json")
    stdin(monkeypatch, path)
    again = run(capsys, "match", "-", "--format", "json")
    assert json.loads(again[1]) == {**json.loads(first[1]), "source": "<stdin>"}


def test_chinese_table_columns_line_up(capsys: pytest.CaptureFixture[str]) -> None:
    """In --lang zh every row of the pairs table has the same display width (the last column is a number)."""
    out = run(capsys, "match", "--lang", "zh")[1]
    table = out.split("\n\n")[1].splitlines()
    assert len(table) == 5
    assert len({display_width(line) for line in table}) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["--providers", "agencies"],
        ["--worker-capacity", "-1"],
        ["--project-capacity", "many"],
        ["--objective", "max_joy"],
        ["--solver", "cplex"],
    ],
)
def test_bad_flags_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Unknown providers, objectives or solvers and negative capacities are usage errors, status 2."""
    code, out, err = run(capsys, "match", *argv)
    assert code == ExitCode.USAGE
    assert out == ""
    assert "usage: socialwork match" in err
