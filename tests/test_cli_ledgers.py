"""socialwork import, socialwork template and export --to xlsx / ledger-csv."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

import socialwork as sw
from socialwork.cli._errors import ExitCode
from tests._cli import run


def _bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ledgers"
    folder.mkdir()
    (folder / "行政区划.csv").write_text("区划代码,名称,层级\n510107,武侯区,区县\n", encoding="utf-8")
    (folder / "社工站.csv").write_text("名称,层级,所属区划\n总站,某级,5.10107E+11\n", encoding="gb18030")
    return folder


@pytest.mark.parametrize("to", ["xlsx", "ledger-csv"])
def test_export_then_import_gives_the_registry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, to: str
) -> None:
    """export --to xlsx (or ledger-csv) then import -o writes the same registry."""
    target = tmp_path / ("w.xlsx" if to == "xlsx" else "w")
    code, out, err = run(
        capsys, "export", "--dataset", "wuhou", "--to", to, "-o", str(target), "--lang", "zh"
    )
    assert (code, err) == (ExitCode.OK, "")
    output = tmp_path / "r.json"
    code, out, err = run(capsys, "import", str(target), "-o", str(output), "--lang", "en")
    assert (code, err) == (ExitCode.OK, "")
    assert out.startswith("imported 448 entries")
    assert sw.load(output) == sw.datasets.wuhou()


def test_ledgers_are_not_written_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    """A workbook needs a file: -o - is a usage error."""
    code, _, err = run(capsys, "export", "--to", "xlsx", "-o", "-")
    assert code == ExitCode.USAGE
    assert "-o PATH" in err


def test_import_lists_every_problem_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Problems go to standard error, one a line with the cell, header and code; no registry is written."""
    folder = _bad_folder(tmp_path)
    output = tmp_path / "r.json"
    code, _, err = run(capsys, "import", str(folder), "-o", str(output), "--lang", "zh")
    assert code == ExitCode.PROBLEMS
    lines = err.splitlines()
    assert len(lines) == 2
    assert "社工站.csv!B2 [层级]: type-error: 应为" in lines[0]
    assert "社工站.csv!C2 [所属区划]: lost-digits: 代码" in lines[1]
    assert not output.exists()


def test_import_annotates_a_copy(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--annotate writes a workbook whose problem cells carry comments in --lang."""
    folder = _bad_folder(tmp_path)
    fixed = tmp_path / "fixed.xlsx"
    code, out, _ = run(capsys, "import", str(folder), "--annotate", str(fixed), "--lang", "en")
    assert code == ExitCode.PROBLEMS
    assert "2 cells" in out
    book = openpyxl.load_workbook(fixed)
    sheet = book["社工站"]
    assert "format the column as text" in sheet["C2"].comment.text
    assert sheet["B2"].comment is not None


def test_import_json_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--format json lists the problems with file, sheet, row, column, header, value and code."""
    folder = _bad_folder(tmp_path)
    code, out, _ = run(capsys, "import", str(folder), "--format", "json", "--lang", "en")
    assert code == ExitCode.PROBLEMS
    data = json.loads(out)
    assert data["imported"] is False
    assert [(p["row"], p["column"], p["code"]) for p in data["problems"]] == [
        (2, "B", "type-error"),
        (2, "C", "lost-digits"),
    ]


def test_import_check_names_the_cells_of_violations(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--check runs the rules; each error names the sheet cell of its entity."""
    registry = sw.datasets.synthetic(faults=["orphan_room"])
    path = tmp_path / "a.xlsx"
    sw.io.write_ledgers(registry, path)
    code, out, err = run(capsys, "import", str(path), "--check", "--lang", "en")
    assert code == ExitCode.PROBLEMS
    assert err == ""
    assert "rules: 1 violation(s), 1 error(s)" in out
    [line] = [line for line in out.splitlines() if "SW-H002" in line]
    assert "a.xlsx:社工站!E" in line
    assert "[上级站点]" in line


def test_import_with_a_columns_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--columns maps a header the built-in tables lack; a bad mapping file is reported."""
    folder = tmp_path / "l"
    folder.mkdir()
    (folder / "行政区划.csv").write_text("区划代码,名称,层级\n510107,武侯区,区县\n", encoding="utf-8")
    (folder / "社工站.csv").write_text("站名,层级,所属区划\n总站,区社工总站,武侯区\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[stations]\n"站名" = "name"\n', encoding="utf-8")
    code, _, err = run(capsys, "import", str(folder), "--columns", str(mapping))
    assert (code, err) == (ExitCode.OK, "")
    mapping.write_text('[stations]\n"站名" = "title"\n', encoding="utf-8")
    code, _, err = run(capsys, "import", str(folder), "--columns", str(mapping))
    assert code == ExitCode.PROBLEMS
    assert "mapping-error" in err


def test_an_unreadable_file_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that is not a workbook is unreadable input: status 3."""
    bad = tmp_path / "a.xlsx"
    bad.write_bytes(b"not a workbook")
    code, _, err = run(capsys, "import", str(bad))
    assert code == ExitCode.UNREADABLE
    assert "unreadable-file" in err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_reads_back(capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str) -> None:
    """socialwork template writes a workbook that socialwork import reads without a problem."""
    path = tmp_path / "台账模板.xlsx"
    code, _, err = run(capsys, "template", "--lang", lang, "-o", str(path))
    assert (code, err) == (ExitCode.OK, "")
    code, _, err = run(capsys, "import", str(path))
    assert (code, err) == (ExitCode.OK, "")


def test_validate_reads_ledgers_and_names_cells(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """socialwork validate on a workbook: each counted violation names its sheet cell and header."""
    path = tmp_path / "a.xlsx"
    sw.io.write_ledgers(sw.datasets.synthetic(faults=["orphan_room"]), path)
    code, _, err = run(capsys, "validate", str(path), "--lang", "zh")
    assert code == ExitCode.PROBLEMS
    [line] = err.splitlines()
    assert "a.xlsx:社工站!E" in line
    assert "[上级站点]" in line
    assert "SW-H002" in line


def test_other_commands_read_ledgers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Any command that reads a registry reads ledgers too; a ledger with problems is unreadable input."""
    path = tmp_path / "a.xlsx"
    sw.io.write_ledgers(sw.datasets.wuhou(), path)
    code, out, _ = run(capsys, "summary", str(path), "--lang", "en")
    assert code == ExitCode.OK
    assert "stations" in out
    bad = _bad_folder(tmp_path)
    code, _, err = run(capsys, "summary", str(bad))
    assert code == ExitCode.UNREADABLE
    assert "lost-digits" not in err  # the code is data for programs; the line says what is wrong
    assert "5.10107E+11" in err


@pytest.mark.parametrize("command", [["template"], ["export", "--to", "xlsx"]])
def test_a_workbook_needs_an_xlsx_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    """-o that does not end in .xlsx is a usage error, and nothing is written."""
    code, out, err = run(capsys, *command, "-o", str(tmp_path / "x"))
    assert (code, out) == (ExitCode.USAGE, "")
    assert ".xlsx" in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_ledgers_is_unreadable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A folder with no workbook or CSV file in it is an input that cannot be read, as before."""
    code, _, err = run(capsys, "summary", str(tmp_path))
    assert code == ExitCode.UNREADABLE
    assert "cannot read" in err
