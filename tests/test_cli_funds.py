"""socialwork funds: the summary and one fund's statement, exact money, the rule and its options."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

import socialwork as sw
from socialwork.cli._errors import ExitCode
from socialwork.funds import BINZHOU_RULE, MatchingRule
from socialwork.reporting import display_width
from tests._cli import inputs, run, stdin, tiny


def test_funds_on_every_scenario_and_a_synthetic_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every input gives status 0 and JSON whose totals are the library's, money as exact strings."""
    for argv in inputs(tmp_path):
        for lang in ["zh", "en"]:
            code, out, err = run(capsys, "funds", *argv, "--lang", lang)
            assert (code, err) == (ExitCode.OK, ""), argv
            assert out.startswith("社区基金汇总" if lang == "zh" else "Community funds")
        code, out, _err = run(capsys, "funds", *argv, "--format", "json")
        data = json.loads(out)
        if argv[0] == "--dataset" and argv[1] != "example":
            scenario = sw.datasets.scenario(argv[1])
            registry, rule, as_of = scenario.registry, scenario.rule or BINZHOU_RULE, scenario.as_of
        else:
            registry = sw.datasets.example() if argv[0] == "--dataset" else sw.load(argv[0])
            rule, as_of = BINZHOU_RULE, None
        expected = sw.funds.summary(registry, rule=rule, as_of=as_of)
        assert data["raised"] == str(expected.raised)
        assert data["matched"] == str(expected.matched)
        assert data["balance"] == str(expected.balance)
        assert data["fund_count"] == expected.fund_count == len(data["statements"])
        assert all(isinstance(s["raised"], str) for s in data["statements"])


def test_funds_json_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    """The same input gives the same JSON, byte for byte."""
    assert run(capsys, "funds", "--dataset", "binzhou", "--format", "json") == run(
        capsys, "funds", "--dataset", "binzhou", "--format", "json"
    )


def test_binzhou_uses_its_own_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario with a rule of its own uses it by default: Binzhou's 10:1, at most 30,000 yuan."""
    data = json.loads(run(capsys, "funds", "--dataset", "binzhou", "--format", "json")[1])
    assert data["rule"]["ratio_text"] == "10:1"
    assert data["rule"]["cap"] == "30000.00"
    assert data["at_cap_ids"] == list(sw.funds.summary(sw.datasets.binzhou()).at_cap_ids)


def test_one_funds_statement(capsys: pytest.CaptureFixture[str], registry: sw.Registry) -> None:
    """--fund prints that fund's statement, in text and in JSON, exact to the fen."""
    code, out, _err = run(capsys, "funds", "--fund", "fund-nijiaqiao")
    assert code == ExitCode.OK
    assert "倪家桥社区基金 (fund-nijiaqiao)" in out
    assert "6500.50" in out
    data = json.loads(run(capsys, "funds", "--fund", "fund-nijiaqiao", "--format", "json")[1])
    s = sw.funds.statement(registry, "fund-nijiaqiao")
    assert (data["raised"], data["matched"], data["room"]) == ("6500.50", "650.05", "29349.95")
    assert Decimal(data["total"]) == s.total
    assert data["years"] == [
        {"year": 2022, "raised": "6500.50", "matched": "650.05", "donation_count": 3, "donor_count": 2}
    ]


def test_a_rule_of_ones_own_and_a_date(capsys: pytest.CaptureFixture[str], registry: sw.Registry) -> None:
    """--rule 5:1 --cap 100 and --as-of give the library's figures for that rule and day."""
    argv = ["funds", "--rule", "5:1", "--cap", "100", "--as-of", "2022-03-31", "--format", "json"]
    data = json.loads(run(capsys, *argv)[1])
    rule = MatchingRule(ratio="0.2", cap="100")
    expected = sw.funds.summary(registry, rule=rule, as_of=dt.date(2022, 3, 31))
    assert data["matched"] == str(expected.matched)
    assert data["as_of"] == "2022-03-31"
    assert data["rule"]["ratio"] == "0.2"
    data = json.loads(run(capsys, "funds", "--rule", "0.5", "--format", "json")[1])
    assert data["matched"] == str(sw.funds.summary(registry, rule=MatchingRule(ratio="0.5")).matched)
    assert data["rule"]["cap"] is None


def test_within_and_manager(capsys: pytest.CaptureFixture[str]) -> None:
    """--within and --manager narrow the funds; an unknown one is one line and status 1."""
    data = json.loads(run(capsys, "funds", "--within", "510107", "--format", "json")[1])
    assert data["within"] == "510107"
    assert data["fund_count"] == 1
    code, out, err = run(capsys, "funds", "--manager", "org-nowhere")
    assert code == ExitCode.PROBLEMS
    assert out == ""
    assert len(err.splitlines()) == 1


def test_an_unknown_fund_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """--fund naming no fund is one line, status 1, no traceback."""
    code, _out, err = run(capsys, "funds", "--fund", "fund-nowhere")
    assert code == ExitCode.PROBLEMS
    assert err == "socialwork: unknown fund 'fund-nowhere'\n"


def test_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """- reads the registry from standard input."""
    stdin(monkeypatch, tiny(tmp_path))
    data = json.loads(run(capsys, "funds", "-", "--format", "json")[1])
    assert data["source"] == "<stdin>"
    assert data["fund_count"] == 2


def test_chinese_table_columns_line_up(capsys: pytest.CaptureFixture[str]) -> None:
    """In --lang zh the fund table's name column starts at the same display column on every row."""
    registry = sw.datasets.binzhou()
    out = run(capsys, "funds", "--dataset", "binzhou", "--lang", "zh")[1]
    lines = out.split("\n\n")[1].splitlines()
    names = ["名称", *(registry.funds[s.fund_id].name for s in sw.funds.summary(registry).statements)]
    assert len(lines) == len(names) > 2
    starts = {display_width(line) - display_width(name) for line, name in zip(lines, names, strict=True)}
    assert len(starts) == 1
    for line, name in zip(lines, names, strict=True):
        assert line.endswith(name)


@pytest.mark.parametrize(
    "argv",
    [
        ["--rule", "3:1"],
        ["--rule", "ten"],
        ["--rule", "-1"],
        ["--cap", "100"],
        ["--rule", "5:1", "--cap", "1.001"],
        ["--as-of", "yesterday"],
        ["--format", "csv"],
    ],
)
def test_bad_flags_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """A rule that cannot be, a cap without a ratio, a bad date: usage errors, status 2."""
    code, out, err = run(capsys, "funds", *argv)
    assert code == ExitCode.USAGE
    assert out == ""
    assert "usage: socialwork funds" in err
