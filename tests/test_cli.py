"""The socialwork command: its commands, and the one exit status and message for every error."""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.cli import main
from socialwork.cli._errors import ExitCode, InputError, error_lines, exit_code, report

ROOT = Path(__file__).parent.parent
BAD_DOCUMENT = '{"format": "socialwork", "version": 1, "stations": [{"id": "s"}]}'


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# -- the commands ----------------------------------------------------------------------


def test_summary_of_the_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    """With no file, summary reports the bundled example's counts."""
    assert main(["summary"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "bundled example (example.json)" in out
    assert "  stations            7" in out
    assert "  community room    4" in out
    assert "  total              35" in out


def test_summary_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang zh prints the report with the policy's own terms."""
    assert main(["summary", "--lang", "zh"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith("登记汇总")
    assert "内置示例 (example.json)" in out
    assert "区社工总站    1" in out
    assert "社区社工室    4" in out


def test_summary_prints_the_library_report(capsys: pytest.CaptureFixture[str], registry: sw.Registry) -> None:
    """The command prints what socialwork.reporting.summary_text returns, nothing of its own."""
    assert main(["summary", "--lang", "zh"]) == ExitCode.OK
    expected = sw.reporting.summary_text(registry, lang="zh", source="内置示例 (example.json)")
    assert capsys.readouterr().out == expected + "\n"


def test_summary_of_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], registry: sw.Registry) -> None:
    """A file given on the command line is loaded and summarised."""
    path = tmp_path / "one.json"
    sw.dump(registry.remove(["g-01"]), path)
    assert main(["summary", str(path)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert str(path) in out
    assert "  grants              0" in out


def test_summary_reads_standard_input_for_a_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], registry: sw.Registry
) -> None:
    """``-`` reads the document from standard input, as bytes, whatever the locale's encoding."""
    _stdin(monkeypatch, sw.dumps(registry.remove(["g-01"])).encode("utf-8"))
    assert main(["summary", "-"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "source: <stdin>" in out
    assert "  grants              0" in out


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """socialwork schema prints a valid JSON Schema equal to json_schema()."""
    assert main(["schema"]) == ExitCode.OK
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == sw.io.json_schema()


def test_version_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the library's version and returns 0 instead of raising SystemExit."""
    assert main(["--version"]) == ExitCode.OK
    assert capsys.readouterr().out.strip() == f"socialwork {sw.__version__}"


def test_help_exits_0_and_lists_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    """--help names every command and says what each exit status means."""
    assert main(["--help"]) == ExitCode.OK
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps lines to the terminal
    assert "summary" in out
    assert "schema" in out
    assert "0 done, 1 problems in the input, 2 usage error, 3 unreadable input" in out


# -- exit status 3: an input that cannot be read -----------------------------------------


def test_a_document_with_problems_exits_3_one_line_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document that cannot be loaded: every problem on its own line, with the file and path; status 3."""
    path = tmp_path / "bad.json"
    path.write_text(BAD_DOCUMENT, encoding="utf-8")
    with pytest.raises(sw.LoadError) as info:
        sw.load(path)
    assert main(["summary", str(path)]) == ExitCode.UNREADABLE
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == len(info.value.problems) > 1
    assert f"socialwork: {path}: stations[0].name: required key is missing" in lines
    assert f"socialwork: {path}: stations[0].level: required key is missing" in lines
    assert captured.out == ""


def test_a_missing_file_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is one line naming it, not a traceback."""
    path = tmp_path / "none.json"
    assert main(["summary", str(path)]) == ExitCode.UNREADABLE
    assert capsys.readouterr().err.splitlines() == [
        f"socialwork: {path}: cannot read: No such file or directory"
    ]


def test_a_directory_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory given as the file is one line naming it."""
    assert main(["summary", str(tmp_path)]) == ExitCode.UNREADABLE
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"socialwork: {tmp_path}: cannot read: ")


def test_a_file_that_is_not_json_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that is not JSON is one line saying where the JSON breaks."""
    path = tmp_path / "notes.txt"
    path.write_text("not json", encoding="utf-8")
    assert main(["summary", str(path)]) == ExitCode.UNREADABLE
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"socialwork: {path}: the document is not valid JSON at line 1, column 1: Expecting value"
    ]


def test_a_file_that_is_not_utf8_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file in another encoding is one line, not a UnicodeDecodeError."""
    path = tmp_path / "gbk.json"
    path.write_bytes('{"名称": 1}'.encode("gbk"))
    assert main(["summary", str(path)]) == ExitCode.UNREADABLE
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "not valid UTF-8" in lines[0]


def test_standard_input_as_text_is_read_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], registry: sw.Registry
) -> None:
    """A standard input without a byte buffer (replaced by a StringIO, say) is read as text."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(sw.dumps(registry)))
    assert main(["summary", "-"]) == ExitCode.OK
    assert "  total              35" in capsys.readouterr().out


def test_bad_standard_input_exits_3_naming_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Problems of a document read from standard input are named after <stdin>."""
    _stdin(monkeypatch, b"{}")
    assert main(["summary", "-"]) == ExitCode.UNREADABLE
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "socialwork: <stdin>: format: expected 'socialwork', got None",
        "socialwork: <stdin>: version: expected 1 or 2 or 3 (this library reads versions 1, 2 and 3), got None",
    ]


def test_a_missing_file_prints_no_traceback(tmp_path: Path) -> None:
    """Run as a process, an unreadable file ends with status 3 and one line, never a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "socialwork", "summary", str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


# -- exit status 1: problems found in the input ------------------------------------------


def test_problems_found_exit_1_one_line_a_problem(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ProblemsError raised by a command: status 1, each problem on a line with the summary and path."""
    error = sw.InvalidRegistryError(
        "cannot build the registry",
        [sw.Problem("stations[0].parent_id", "unknown station 'x'"), sw.Problem("funds[1].name", "empty")],
    )

    def fail(*_args: object, **_kwargs: object) -> str:
        raise error

    monkeypatch.setattr("socialwork.cli._summary.summary_text", fail)
    assert main(["summary"]) == ExitCode.PROBLEMS
    assert capsys.readouterr().err.splitlines() == [
        "socialwork: cannot build the registry: stations[0].parent_id: unknown station 'x'",
        "socialwork: cannot build the registry: funds[1].name: empty",
    ]


def test_a_bad_value_exits_1_naming_its_path(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FieldError raised by a command is one line with its path; status 1."""

    def fail(*_args: object, **_kwargs: object) -> str:
        msg = "expected a date, got '2021-02-30'"
        raise sw.InvalidValueError(msg, path="as_of")

    monkeypatch.setattr("socialwork.cli._summary.summary_text", fail)
    assert main(["summary"]) == ExitCode.PROBLEMS
    assert capsys.readouterr().err == "socialwork: as_of: expected a date, got '2021-02-30'\n"


@given(
    st.lists(
        st.builds(
            sw.Problem,
            st.text(st.characters(blacklist_categories=["Cc", "Zl", "Zp"]), max_size=20),
            st.text(st.characters(blacklist_categories=["Cc", "Zl", "Zp"]), min_size=1, max_size=40),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_problem_is_one_line(problems: list[sw.Problem]) -> None:
    """Whatever the problems, the report has exactly one line a problem, each naming its path."""
    for error in [sw.ProblemsError("cannot do it", problems), InputError("in.json", problems)]:
        stream = io.StringIO()
        code = report(error, stream=stream)
        lines = stream.getvalue().splitlines()
        assert len(lines) == len(problems)
        for line, problem in zip(lines, problems, strict=True):
            assert line.startswith("socialwork: ")
            assert line.endswith(str(problem))
        assert code == (ExitCode.UNREADABLE if isinstance(error, InputError) else ExitCode.PROBLEMS)


def test_exit_codes_of_the_library_errors() -> None:
    """Each kind of error maps to its documented status: input 3, missing extra 2, the rest 1."""
    assert exit_code(sw.LoadError("cannot load the document", [])) == ExitCode.UNREADABLE
    assert exit_code(sw.InvalidRegistryError("cannot build the registry", [])) == ExitCode.PROBLEMS
    assert exit_code(InputError("x.json", [])) == ExitCode.UNREADABLE
    assert exit_code(FileNotFoundError(2, "No such file or directory", "x")) == ExitCode.UNREADABLE
    assert exit_code(sw.MissingDependencyError("needs pandas")) == ExitCode.USAGE
    assert exit_code(sw.UnknownIdError("unknown id 'x'")) == ExitCode.PROBLEMS
    assert exit_code(sw.InvalidTypeError("expected text", path="name")) == ExitCode.PROBLEMS
    assert [int(code) for code in ExitCode] == [0, 1, 2, 3]


def test_error_lines_of_other_errors() -> None:
    """Errors without problems are one line each; an OSError names its file."""
    assert error_lines(sw.UnknownIdError("unknown id 'x'")) == ["socialwork: unknown id 'x'"]
    assert error_lines(PermissionError(13, "Permission denied", "out.json")) == [
        "socialwork: out.json: Permission denied"
    ]
    assert error_lines(sw.SocialWorkError()) == ["socialwork: SocialWorkError"]


# -- exit status 2: usage errors -----------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["frobnicate"], [], ["summary", "--lang", "fr"], ["summary", "a.json", "b.json"], ["schema", "x"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong command line returns 2 (it does not raise SystemExit) and prints the usage."""
    assert main(argv) == ExitCode.USAGE
    assert "usage: socialwork" in capsys.readouterr().err


def test_a_missing_extra_exits_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A command that needs an optional extra which is not installed says how to install it; status 2."""

    def fail(*_args: object, **_kwargs: object) -> str:
        msg = "tables need pandas, which is not installed; install it with: pip install 'socialwork[pandas]'"
        raise sw.MissingDependencyError(msg)

    monkeypatch.setattr("socialwork.cli._summary.summary_text", fail)
    assert main(["summary"]) == ExitCode.USAGE
    assert capsys.readouterr().err.splitlines() == [
        "socialwork: tables need pandas, which is not installed; install it with: pip install 'socialwork[pandas]'"
    ]


# -- the command as a program ------------------------------------------------------------------


def test_a_closed_output_stops_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the reader of standard output goes away (``| head``), the command returns 0 and says nothing."""

    class Closed(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["schema"]) == ExitCode.OK
    assert capsys.readouterr().err == ""


def test_python_dash_m_runs_the_command() -> None:
    """python -m socialwork is the same command."""
    result = subprocess.run(
        [sys.executable, "-m", "socialwork", "summary", "--lang", "en"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("Registry summary")


def test_the_console_script_is_main() -> None:
    """pyproject's ``socialwork`` script names socialwork.cli:main."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _, attr = scripts["socialwork"].partition(":")
    assert getattr(importlib.import_module(module), attr) is main
