"""socialwork generate: a seeded synthetic registry, its shape and faults, to a file atomically or to stdout."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import socialwork as sw
from socialwork.cli._errors import ExitCode
from tests._cli import run

SHAPE = ["--districts", "1", "--streets-per-district", "2", "--communities-per-street", "3"]


def test_generate_to_a_file_is_synthetic(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """-o FILE writes sw.dumps(synthetic(...)) with the shape and seed given, and says so on stdout."""
    target = tmp_path / "tiny.json"
    code, out, err = run(capsys, "generate", *SHAPE, "--seed", "5", "-o", str(target))
    assert (code, err) == (ExitCode.OK, "")
    expected = sw.datasets.synthetic(districts=1, streets_per_district=2, communities_per_street=3, seed=5)
    assert target.read_text(encoding="utf-8") == sw.dumps(expected)
    assert out == f"wrote {target}: {len(expected)} entities, 0 fault(s) planted\n"


def test_generate_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    """With no -o (or -o -), the document goes to standard output and nothing else does."""
    code, out, err = run(capsys, "generate", "--districts", "1")
    assert (code, err) == (ExitCode.OK, "")
    assert out == sw.dumps(sw.datasets.synthetic(districts=1))
    assert run(capsys, "generate", "--districts", "1", "-o", "-")[1] == out


def test_the_same_options_give_the_same_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    """generate is deterministic: the same seed, the same document; another seed, another."""
    first = run(capsys, "generate", *SHAPE, "--seed", "1")[1]
    assert run(capsys, "generate", *SHAPE, "--seed", "1")[1] == first
    assert run(capsys, "generate", *SHAPE, "--seed", "2")[1] != first


def test_planted_faults_are_found_by_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--faults plants each fault; --format json says where; validate then finds exactly those, status 1."""
    target = tmp_path / "faulty.json"
    argv = ["generate", "--faults", "uncovered_street,orphan_room", "--fault-seed", "3", "-o", str(target)]
    code, out, _err = run(capsys, *argv, "--format", "json")
    assert code == ExitCode.OK
    faults = json.loads(out)["faults"]
    assert {f["kind"] for f in faults} == {"uncovered_street", "orphan_room"}
    code, out, _err = run(capsys, "validate", str(target), "--format", "json")
    assert code == ExitCode.PROBLEMS
    found = {(v["code"], v["subject"]) for v in json.loads(out)["violations"]}
    assert found == {(f["code"], f["subject"]) for f in faults}


def test_chinese_messages(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--lang zh says what was written in Chinese."""
    out = run(capsys, "generate", "--lang", "zh", "-o", str(tmp_path / "x.json"))[1]
    assert out.startswith(f"已写出 {tmp_path / 'x.json'}：")


def test_national_is_the_national_shape(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--national asks synthetic for NATIONAL's shape (checked without building two million entities)."""
    seen: dict[str, object] = {}

    def fake(faults: object, /, **options: object) -> tuple[sw.Registry, tuple[()]]:
        seen.update(options)
        return sw.datasets.synthetic(), ()

    monkeypatch.setattr(sw.datasets, "synthetic_with_faults", fake)
    assert run(capsys, "generate", "--national", "--seed", "9")[0] == ExitCode.OK
    assert {name: seen[name] for name in sw.datasets.NATIONAL} == dict(sw.datasets.NATIONAL)
    assert seen["seed"] == 9


def test_a_failed_write_leaves_the_target_as_it_was(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """When the write fails, an existing file keeps its content and no temporary file is left."""
    target = tmp_path / "keep.json"
    target.write_text("old", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, _out, err = run(capsys, "generate", "-o", str(target))
    assert code == ExitCode.UNREADABLE
    assert (
        err == f"socialwork: {target}: No space left on device\n"
    )  # the user's path, not the temporary file
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--districts", "0"], "argument --districts: expected a whole number at least 1"),
        (["--streets-per-district", "1000"], "argument --streets-per-district: "),
        (["--districts", "two"], "argument --districts: invalid int value"),
        (["--seed", "-1"], "argument --seed: "),
        (["--faults", "nope"], "argument --faults: unknown fault 'nope'"),
        (["--national", "--districts", "2"], "argument --national: not allowed with --districts"),
        (["--format", "yaml"], "argument --format"),
    ],
)
def test_bad_flags_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    """Out-of-range or unknown options are usage errors naming the option, status 2."""
    code, out, err = run(capsys, "generate", *argv)
    assert code == ExitCode.USAGE
    assert out == ""
    assert "usage: socialwork generate" in err
    assert message in err
