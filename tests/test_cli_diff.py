"""socialwork diff OLD NEW: what changed, as text, JSON or HTML; exit 0 when the same, 1 when not, 2 on trouble."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

import socialwork as sw
from socialwork.cli._errors import ExitCode
from tests._cli import run, stdin, tiny
from tests._messages import CJK


def _snapshots(tmp_path: Path) -> tuple[Path, Path]:
    """The example, and a copy a year on: a worker moved, her name corrected, a donation added."""
    old = sw.datasets.example()
    worker = attrs.evolve(old.social_workers["w-03"], station_id="wh-s-jiangxi", name="改正的姓名")
    gift = sw.Donation(id="d-2023", fund_id="fund-nijiaqiao", amount="80", date=dt.date(2023, 2, 1))
    new = old.replace([worker]).add([gift])
    sw.dump(old, tmp_path / "2022.json")
    sw.dump(new, tmp_path / "2023.json")
    return tmp_path / "2022.json", tmp_path / "2023.json"


def test_the_same_snapshot_twice_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Two files that hold the same registry (in any order) differ in nothing: exit 0."""
    path = tiny(tmp_path)
    reverse = tmp_path / "reverse.json"
    sw.dump(sw.Registry(reversed(sw.load(path).entities())), reverse)
    code, out, err = run(capsys, "diff", str(path), str(reverse), "--lang", "en")
    assert (code, err) == (ExitCode.OK, "")
    assert out.splitlines()[-1] == "the snapshots are the same"


def test_snapshots_that_differ_exit_1_and_list_the_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Exit 1; the text names the field by its header, hides the name, and shows the money moved."""
    old, new = _snapshots(tmp_path)
    code, out, err = run(capsys, "diff", str(old), str(new), "--lang", "en")
    assert (code, err) == (ExitCode.PROBLEMS, "")
    assert f"old: {old}" in out
    assert "  social worker w-03: station 'wh-s-yulin' → 'wh-s-jiangxi'" in out
    assert "  social worker w-03: name <redacted> → <redacted>" in out
    assert "donations 6500.50 → 6580.50 (+80.00)" in out
    assert "改正的姓名" not in out
    code, out, _ = run(capsys, "diff", str(old), str(new), "--lang", "zh")
    assert code == ExitCode.PROBLEMS
    assert "  社会工作者 w-03：所属站点 'wh-s-yulin' → 'wh-s-jiangxi'" in out
    assert "两份快照不同：新增 1 个，删除 0 个，1 个实体的 2 个字段有变更" in out


def test_json_is_the_diff_s_data(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--format json prints the sources and Diff.to_json(), personal values redacted."""
    old, new = _snapshots(tmp_path)
    code, out, _ = run(capsys, "diff", str(old), str(new), "--format", "json")
    data = json.loads(out)
    assert code == ExitCode.PROBLEMS
    assert (data["old"], data["new"]) == (str(old), str(new))
    expected = sw.history.diff(sw.load(old), sw.load(new)).to_json()
    assert {key: data[key] for key in expected} == expected
    assert "改正的姓名" not in out


def test_html_is_one_page_in_the_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--format html prints a page; in English it has no Chinese but the data's."""
    old, new = _snapshots(tmp_path)
    code, out, _ = run(capsys, "diff", str(old), str(new), "--format", "html", "--lang", "zh")
    assert code == ExitCode.PROBLEMS
    assert out.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in out
    assert "所属站点" in out
    code, out, _ = run(capsys, "diff", str(old), str(new), "--format", "html", "--lang", "en")
    assert '<html lang="en">' in out
    assert "<th>field</th>" in out
    assert not CJK.search(out.replace("倪家桥社区基金", ""))


def test_standard_input_may_be_one_snapshot(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """- reads one of the two from standard input."""
    old, new = _snapshots(tmp_path)
    stdin(monkeypatch, new)
    code, out, _ = run(capsys, "diff", str(old), "-", "--lang", "en")
    assert code == ExitCode.PROBLEMS
    assert "new: <stdin>" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_input_that_cannot_be_read_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str
) -> None:
    """A missing file, or one that is not a socialwork document, is trouble: exit 2, one line, in the language."""
    path = tiny(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    for other in (tmp_path / "missing.json", broken):
        code, out, err = run(capsys, "diff", str(path), str(other), "--lang", lang)
        assert (code, out) == (2, "")
        assert err.startswith(f"socialwork: {other}: ")
        assert bool(CJK.search(err)) == (lang == "zh")


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """One snapshot only, or an unknown format: argparse's usage error, exit 2."""
    assert run(capsys, "diff", "a.json")[0] == ExitCode.USAGE
    assert run(capsys, "diff", "a.json", "b.json", "--format", "xml")[0] == ExitCode.USAGE
