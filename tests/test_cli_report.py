"""The socialwork report command: every flag on every scenario, files and stdin, exit statuses."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

import socialwork as sw
from socialwork.cli import main
from socialwork.cli._errors import ExitCode

SCENARIOS = sw.datasets.SCENARIOS


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic registry in a file."""
    path = tmp_path_factory.mktemp("report") / "synthetic.json"
    sw.dump(sw.datasets.synthetic(districts=2, streets_per_district=3, communities_per_street=4), path)
    return path


def test_report_defaults_to_wuhou(capsys: pytest.CaptureFixture[str]) -> None:
    """With no FILE and no --dataset the command reports on the Wuhou scenario, in English text."""
    assert main(["report"]) == ExitCode.OK
    out = capsys.readouterr().out
    expected = sw.reporting.report(sw.datasets.scenario("wuhou")).to_text(lang="en")
    assert out == expected + "\n"


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_text_on_every_scenario(name: str, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--dataset NAME --lang prints what socialwork.reporting.report renders."""
    assert main(["report", "--dataset", name, "--lang", lang]) == ExitCode.OK
    expected = sw.reporting.report(sw.datasets.scenario(name)).to_text(lang=lang)  # type: ignore[arg-type]
    assert capsys.readouterr().out == expected + "\n"


@pytest.mark.parametrize("name", SCENARIOS)
def test_report_json_on_every_scenario_is_deterministic(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--format json prints the report's data, byte for byte the same on a second run."""
    assert main(["report", "--dataset", name, "--format", "json"]) == ExitCode.OK
    first = capsys.readouterr().out
    assert main(["report", "--dataset", name, "--format", "json"]) == ExitCode.OK
    assert capsys.readouterr().out == first
    assert json.loads(first) == sw.reporting.report(sw.datasets.scenario(name)).to_dict()


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_html_writes_one_page(
    name: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--html FILE writes the page in the language, well-formed, and the text still goes to stdout."""
    page = tmp_path / "report.html"
    assert main(["report", "--dataset", name, "--lang", lang, "--html", str(page)]) == ExitCode.OK
    content = page.read_text(encoding="utf-8")
    assert content == sw.reporting.report(sw.datasets.scenario(name)).to_html(lang=lang)  # type: ignore[arg-type]
    ET.fromstring(content.split("\n", 1)[1])  # noqa: S314 - the page the command wrote
    assert capsys.readouterr().out.strip()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_report_on_a_file_and_on_stdin(
    synthetic_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """FILE and - (standard input) give the same report, that of the registry they hold, titled by its source."""
    assert main(["report", str(synthetic_file), "--format", "json"]) == ExitCode.OK
    from_file = json.loads(capsys.readouterr().out)
    _stdin(monkeypatch, synthetic_file.read_bytes())
    assert main(["report", "-", "--format", "json"]) == ExitCode.OK
    from_stdin = json.loads(capsys.readouterr().out)
    assert from_file.pop("title") == {"zh": str(synthetic_file), "en": str(synthetic_file)}
    assert from_stdin.pop("title") == {"zh": "<stdin>", "en": "<stdin>"}
    assert from_stdin == from_file
    assert from_file["scenario"] == ""
    assert from_file["targets"] is None
    assert from_file["hierarchy"]["counts"] == sw.load(synthetic_file).counts()


def test_report_top_bounds_the_lists(synthetic_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--top N shows N weakest communities and N best stations."""
    assert main(["report", str(synthetic_file), "--top", "2", "--format", "json"]) == ExitCode.OK
    data = json.loads(capsys.readouterr().out)
    assert len(data["linkage"]["weakest"]) == 2
    assert len(data["scores"]["rows"]) == 2


def test_report_bridges_flag(synthetic_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--no-bridges skips the bridges; --bridges finds them."""
    assert main(["report", str(synthetic_file), "--no-bridges", "--format", "json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["linkage"]["bridges"] is None
    assert main(["report", str(synthetic_file), "--bridges", "--format", "json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["linkage"]["bridges"] is not None


def test_report_exits_1_when_validation_finds_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A registry that breaks an ERROR rule is reported all the same, exits 1, and names the error on stderr."""
    registry, faults = sw.datasets.synthetic_with_faults(["volunteer_outside_community"])
    path = tmp_path / "faulty.json"
    sw.dump(registry, path)
    assert main(["report", str(path), "--format", "json"]) == ExitCode.PROBLEMS
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    errors = [line for line in captured.err.splitlines() if f": {faults[0].code} error: " in line]
    assert all(line.startswith("socialwork: ") for line in captured.err.splitlines())
    assert len(errors) == data["validation"]["counts"]["error"] == 1
    assert main(["report", str(path), "--lang", "zh"]) == ExitCode.PROBLEMS
    message = next(v for v in sw.validate(registry) if v.code == faults[0].code).message_zh
    assert message in capsys.readouterr().err
    assert data["validation"]["counts"]["error"] >= 1
    assert not data["validation"]["ok"]
    assert faults[0].code in [row["code"] for row in data["validation"]["codes"]]


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "x.json", "--dataset", "wuhou"],
        ["report", "--dataset", "wuhan"],
        ["report", "--top", "-1"],
        ["report", "--top", "many"],
        ["report", "--lang", "fr"],
        ["report", "--format", "xml"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """FILE with --dataset, an unknown scenario, a bad count, language or format: exit 2 with a usage line."""
    assert main(argv) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "usage: socialwork report" in err
    assert "Traceback" not in err


def test_unreadable_input_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file or a document that does not load: exit 3, one line a problem, no traceback."""
    assert main(["report", str(tmp_path / "missing.json")]) == ExitCode.UNREADABLE
    err = capsys.readouterr().err
    assert err.startswith("socialwork: ")
    assert "missing.json" in err
    assert "Traceback" not in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "socialwork", "version": 1, "stations": [{"id": "s"}]}', encoding="utf-8")
    assert main(["report", str(bad)]) == ExitCode.UNREADABLE
    assert all(line.startswith("socialwork: ") for line in capsys.readouterr().err.splitlines())


def test_html_into_a_missing_folder_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page that cannot be written is an OSError: exit 3, with the file named."""
    target = tmp_path / "no" / "such" / "page.html"
    assert main(["report", "--html", str(target)]) == ExitCode.UNREADABLE
    assert "socialwork: " in capsys.readouterr().err


def test_help_documents_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    """--help says that 1 means validation found errors."""
    assert main(["report", "--help"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "1 validation found errors" in out
    assert "--html" in out
    assert "--dataset" in out


def test_the_installed_command_runs_report() -> None:
    """python -m socialwork report --lang zh works in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-m", "socialwork", "report", "--lang", "zh"],
        capture_output=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(sw.__file__).parent.parent)},
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8").startswith("社会工作体系报告")


def test_report_on_the_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    """--dataset example reports on the bundled example registry, as a plain registry."""
    assert main(["report", "--dataset", "example", "--format", "json"]) == ExitCode.OK
    data = json.loads(capsys.readouterr().out)
    assert data == sw.reporting.report(sw.datasets.example()).to_dict()
    assert data["scenario"] == ""


# -- --as-of -------------------------------------------------------------------------------------


def test_report_as_of_reports_on_the_registry_as_it_stood(capsys: pytest.CaptureFixture[str]) -> None:
    """--as-of DATE: the scenario's registry cut by history.as_of, its day moved to DATE."""
    day = "2021-06-30"
    assert main(["report", "--dataset", "binzhou", "--lang", "en", "--as-of", day, "--format", "json"]) in (
        ExitCode.OK,
        ExitCode.PROBLEMS,
    )
    data = json.loads(capsys.readouterr().out)
    scenario = sw.datasets.scenario("binzhou")
    cut = attrs.evolve(
        scenario,
        registry=sw.history.as_of(scenario.registry, dt.date(2021, 6, 30)),
        as_of=dt.date(2021, 6, 30),
    )
    assert data == sw.reporting.report(cut).to_dict()
    assert data["as_of"] == day
    assert data != sw.reporting.report(scenario).to_dict()


def test_report_as_of_a_file_and_a_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file's registry is cut the same way; a date that is not ISO is a usage error."""
    path = tmp_path / "reg.json"
    sw.dump(sw.datasets.example(), path)
    assert main(["report", str(path), "--as-of", "2020-01-01", "--format", "json"]) in (
        ExitCode.OK,
        ExitCode.PROBLEMS,
    )
    data = json.loads(capsys.readouterr().out)
    cut = sw.history.as_of(sw.datasets.example(), dt.date(2020, 1, 1))
    named = str(path)  # a file's report is titled by its name
    expected = attrs.evolve(
        sw.reporting.report(cut, as_of=dt.date(2020, 1, 1)), title_zh=named, title_en=named
    )
    assert data == expected.to_dict()
    assert main(["report", str(path), "--as-of", "2020/01/01"]) == ExitCode.USAGE
    assert "2020/01/01" in capsys.readouterr().err


def test_report_trend_adds_the_earlier_snapshots_as_a_trends_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--trend DATE=FILE, repeated: a series of those snapshots and the report's own, on its day."""
    scenario = sw.datasets.scenario("binzhou")
    days = [dt.date(2021, 6, 30), dt.date(2021, 12, 31)]
    files = []
    for day in days:
        path = tmp_path / f"{day}.json"
        sw.dump(sw.history.as_of(scenario.registry, day), path)
        files += ["--trend", f"{day}={path}"]
    argv = ["report", "--dataset", "binzhou", "--as-of", "2022-06-30", *files, "--format", "json"]
    assert main(argv) in (ExitCode.OK, ExitCode.PROBLEMS)
    data = json.loads(capsys.readouterr().out)
    own = sw.history.as_of(scenario.registry, dt.date(2022, 6, 30))
    series = sw.history.series(
        {day: sw.history.as_of(scenario.registry, day) for day in days} | {dt.date(2022, 6, 30): own}
    )
    cut = attrs.evolve(scenario, registry=own, as_of=dt.date(2022, 6, 30))
    assert data["trends"] == sw.reporting.report(cut, trends=series).to_dict()["trends"]
    assert data["trends"]["dates"] == ["2021-06-30", "2021-12-31", "2022-06-30"]


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--trend", "2021-06-30"], "DATE=FILE"),
        (["--trend", "2021/06/30=x.json"], "2021/06/30"),
        (["--trend", "2021-06-30=x.json"], "--as-of"),  # a file of its own has no day
        (["--as-of", "2022-01-01", "--trend", "2022-01-01=x.json"], "2022-01-01"),
    ],
)
def test_report_trend_refuses_what_it_cannot_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], said: str
) -> None:
    """A snapshot without a date, a bad date, no day for the report's own, or two on one day: usage errors."""
    path = tmp_path / "reg.json"
    sw.dump(sw.datasets.example(), path)
    assert main(["report", str(path), *extra]) == ExitCode.USAGE
    assert said in capsys.readouterr().err


# -- --plots -------------------------------------------------------------------------------------


def test_report_plots_saves_every_plot_that_applies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--plots DIR makes DIR and saves in it what socialwork.plots.save_all saves; stdout is the report."""
    target = tmp_path / "new" / "plots"
    assert main(["report", "--dataset", "binzhou", "--lang", "en", "--plots", str(target)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out == sw.reporting.report(sw.datasets.scenario("binzhou")).to_text(lang="en") + "\n"
    names = sorted(path.name for path in target.iterdir())
    assert "station-tree.svg" in names
    assert "fund-progress.svg" in names
    assert all(name.endswith(".svg") for name in names)


def test_report_plots_computes_the_profiles_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--plots shares the report's linkage profiles with the plots: computed once, not twice."""
    from socialwork.plots import _save

    calls: list[int] = []
    original = sw.linkage.profiles

    def counted(registry: sw.Registry) -> sw.linkage.Profiles:
        calls.append(1)
        return original(registry)

    monkeypatch.setattr(sw.linkage, "profiles", counted)
    monkeypatch.setattr(_save, "profiles_of", counted)
    assert main(["report", "--dataset", "binzhou", "--lang", "en", "--plots", str(tmp_path)]) == ExitCode.OK
    assert len(calls) == 1
    assert (
        capsys.readouterr().out
        == sw.reporting.report(sw.datasets.scenario("binzhou")).to_text(lang="en") + "\n"
    )
    assert any(path.name.startswith("linkage-") for path in tmp_path.iterdir())


def test_report_plots_without_a_cjk_font_is_one_problem_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --lang zh and no CJK font the plots fall back to English and stderr gets one line, no traceback.

    The line is in the chosen language, Chinese here, though the plots are not.
    """
    import threading

    from socialwork.plots import _fonts

    monkeypatch.setattr(_fonts, "_found", lambda: None)
    monkeypatch.setattr(_fonts, "_warned", threading.Event())
    assert (
        main(["report", "--dataset", "wuhan_school", "--lang", "zh", "--plots", str(tmp_path)]) == ExitCode.OK
    )
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("socialwork: ")
    assert "字体" in err[0]
    assert (tmp_path / "station-tree.svg").is_file()


def test_report_plots_without_matplotlib_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the plot extra, --plots is a usage error that says how to install it."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    assert main(["report", "--dataset", "wuhou", "--plots", str(tmp_path)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "socialwork[plot]" in err
    assert "Traceback" not in err
