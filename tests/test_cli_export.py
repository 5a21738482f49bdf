"""socialwork export: the four formats through socialwork.io, the privacy options, and atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pytest

import socialwork as sw
from socialwork.cli._errors import ExitCode
from socialwork.privacy import REDACTED
from tests._cli import inputs, run, stdin, tiny

FORMATS = ["json", "graphml", "node-link", "csv"]


@pytest.mark.parametrize("to", FORMATS)
def test_export_every_input_to_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, to: str
) -> None:
    """Every bundled dataset and a synthetic file export to each format; the file reads back."""
    for number, argv in enumerate(inputs(tmp_path)):
        target = tmp_path / f"out{number}.{to}"
        code, out, err = run(capsys, "export", *argv, "--to", to, "-o", str(target))
        assert (code, err) == (ExitCode.OK, ""), argv
        assert out == f"wrote {target} ({to})\n"
        if to == "json":
            sw.load(target)
        elif to == "graphml":
            nx.read_graphml(target, force_multigraph=True, edge_key_type=str)
        elif to == "node-link":
            nx.node_link_graph(json.loads(target.read_bytes()), edges="edges")
        else:
            assert zipfile.ZipFile(target).testzip() is None


def test_json_export_is_the_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: sw.Registry
) -> None:
    """--to json writes sw.dumps of the registry, lossless: personal values kept."""
    target = tmp_path / "copy.json"
    assert run(capsys, "export", "--to", "json", "-o", str(target))[0] == ExitCode.OK
    assert target.read_text(encoding="utf-8") == sw.dumps(registry)


def test_json_export_redacted_or_pseudonymised(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: sw.Registry
) -> None:
    """--redact and --key write the copies sw.dump(pii=...) writes."""
    target = tmp_path / "shared.json"
    run(capsys, "export", "--to", "json", "-o", str(target), "--redact")
    assert target.read_text(encoding="utf-8") == sw.dumps(registry, pii="redact")
    run(capsys, "export", "--to", "json", "-o", str(target), "--key", "k1")
    assert target.read_text(encoding="utf-8") == sw.dumps(registry, pii="pseudonymise", key="k1")


def test_graph_exports_redact_unless_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: sw.Registry
) -> None:
    """Graph files redact workers' names by default; --include-pii keeps them; --key pseudonymises."""
    target = tmp_path / "graph.json"

    def labels(*flags: str) -> set[str]:
        run(capsys, "export", "--to", "node-link", "-o", str(target), *flags)
        nodes = json.loads(target.read_bytes())["nodes"]
        return {node["label"] for node in nodes if node["kind"] == "social_workers"}

    names = {w.name for w in registry.social_workers.values()}
    assert labels() == set(registry.social_workers)
    assert labels("--include-pii") == names
    assert all(label.startswith("匿名-") for label in labels("--key", "k1"))


def test_csv_tables(capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: sw.Registry) -> None:
    """--to csv writes one table a kind in a zip, personal values redacted unless --include-pii."""
    target = tmp_path / "tables.zip"
    run(capsys, "export", "--to", "csv", "-o", str(target))
    archive = zipfile.ZipFile(target)
    assert archive.namelist() == [f"{kind}.csv" for kind in sw.model.KINDS]
    rows = list(csv.DictReader(io.StringIO(archive.read("social_workers.csv").decode("utf-8-sig"))))
    assert {row["name"] for row in rows} == {REDACTED}
    run(capsys, "export", "--to", "csv", "-o", str(target), "--include-pii")
    rows = list(
        csv.DictReader(io.StringIO(zipfile.ZipFile(target).read("social_workers.csv").decode("utf-8-sig")))
    )
    assert {row["name"] for row in rows} == {w.name for w in registry.social_workers.values()}


@pytest.mark.parametrize("to", ["json", "graphml", "node-link"])
def test_export_to_standard_output(capsys: pytest.CaptureFixture[str], tmp_path: Path, to: str) -> None:
    """-o - writes the file to standard output and nothing else; the same as the file."""
    target = tmp_path / "out"
    run(capsys, "export", "--to", to, "-o", str(target))
    code, out, err = run(capsys, "export", "--to", to, "-o", "-")
    assert (code, err) == (ExitCode.OK, "")
    assert out == target.read_text(encoding="utf-8")


def test_export_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """- as the input reads standard input; --format json says what was written."""
    path = tiny(tmp_path)
    stdin(monkeypatch, path)
    target = tmp_path / "again.json"
    code, out, _err = run(capsys, "export", "-", "--to", "json", "-o", str(target), "--format", "json")
    assert code == ExitCode.OK
    assert json.loads(out) == {
        "source": "<stdin>",
        "to": "json",
        "output": str(target),
        "counts": sw.load(path).counts(),
    }
    assert target.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("to", FORMATS)
def test_a_failed_write_leaves_the_target_as_it_was(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, to: str
) -> None:
    """When writing fails half-way (the disk is full), the old file is untouched and no temporary file remains."""
    target = tmp_path / "precious"
    target.write_bytes(b"old content")

    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, out, err = run(capsys, "export", "--to", to, "-o", str(target))
    assert code == ExitCode.UNREADABLE
    assert out == ""
    assert (
        err == f"socialwork: {target}: No space left on device\n"
    )  # the user's path, not the temporary file
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["precious"]


def test_csv_to_a_terminal_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A zip archive is not written to a terminal: status 2."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, _out, err = run(capsys, "export", "--to", "csv", "-o", "-")
    assert code == ExitCode.USAGE
    assert "give -o PATH" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["-o", "x.json"],
        ["--to", "json"],
        ["--to", "xlsx", "-o", "x"],
        ["--to", "json", "-o", "x", "--redact", "--key", "k"],
        ["--to", "json", "-o", "x", "--include-pii", "--redact"],
        ["--to", "json", "-o", "x", "--key", ""],
    ],
)
def test_bad_flags_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """A missing --to or -o, an unknown format, two privacy options at once, an empty key: status 2."""
    code, out, err = run(capsys, "export", *argv)
    assert code == ExitCode.USAGE
    assert out == ""
    assert "usage: socialwork export" in err
