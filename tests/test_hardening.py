"""Bad input and faults: only socialwork errors escape, messages stay short, files are never half-written."""

from __future__ import annotations

import decimal
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw

HEADER = '{"format": "socialwork", "version": 1'


def _doc(**kinds: object) -> str:
    return json.dumps({"format": "socialwork", "version": 1, **kinds}, ensure_ascii=False)


@pytest.mark.parametrize(
    "data",
    [None, 3, ["{}"], object(), "[" * 100_000, "{" * 994 + "}" * 994, '{"a": ' * 3000, b"\xff\xfe"],
    ids=["none", "int", "list", "object", "deep-array", "deep-object", "deep-unclosed", "utf16-bom"],
)
def test_loads_raises_only_load_errors(data: object) -> None:
    """Whatever loads is given, wrong types and deep nesting included, only a LoadError escapes."""
    with pytest.raises(sw.LoadError) as caught:
        sw.loads(data)  # type: ignore[arg-type]
    assert caught.value.problems
    assert len(str(caught.value)) < 500


def test_loads_takes_bytearray_and_memoryview() -> None:
    """A bytearray or memoryview of a document loads like its bytes."""
    data = sw.dumps(sw.datasets.example()).encode()
    assert sw.loads(bytearray(data)) == sw.loads(memoryview(data)) == sw.datasets.example()


def test_loads_refuses_documents_over_the_size_limit() -> None:
    """A document over max_size is refused before it is parsed, naming the limit."""
    data = sw.dumps(sw.datasets.example())
    with pytest.raises(sw.LoadError, match="max_size"):
        sw.loads(data, max_size=100)
    assert sw.loads(data, max_size=len(data)) == sw.datasets.example()


def test_load_refuses_files_over_the_size_limit(tmp_path: Path) -> None:
    """load checks a file's size before reading it, and an open file reads at most one byte past it."""
    path = tmp_path / "r.json"
    sw.dump(sw.datasets.example(), path)
    with pytest.raises(sw.LoadError, match="max_size"):
        sw.load(path, max_size=10)
    with path.open("rb") as file, pytest.raises(sw.LoadError, match="max_size"):
        sw.load(file, max_size=10)


def test_text_file_that_is_not_utf8_is_a_load_error(tmp_path: Path) -> None:
    """A file opened in text mode whose bytes do not decode gives a LoadError, not UnicodeDecodeError."""
    path = tmp_path / "bad.json"
    path.write_bytes(HEADER.encode() + b', "divisions": [{"code": "\xff"}]}')
    with path.open(encoding="utf-8") as file, pytest.raises(sw.LoadError, match="UTF-8"):
        sw.load(file)


def test_huge_exponents_and_long_numbers_are_load_errors() -> None:
    """Numbers with huge exponents or 5,000 digits are refused with their path and a short message."""
    text = _doc(volunteers=[{"id": "v", "division_id": "1", "hours": "0"}])
    text = text.replace('"0"', "1e999999999")
    with pytest.raises(sw.LoadError) as caught:
        sw.loads(text)
    assert "volunteers[0].hours" in [p.path for p in caught.value.problems]
    long = _doc(projects=[]).replace(
        "[]",
        "[" + '{"id": "p", "name": "x", "operator_id": "o", "start": "2020-01-01", '
        '"person_times": ' + "9" * 5000 + "}]",
    )
    with pytest.raises(sw.LoadError) as caught_long:
        sw.loads(long)
    assert len(str(caught_long.value)) < 600


def test_bad_entries_still_have_their_references_checked() -> None:
    """An entity with a bad field still gets its dangling references reported in the same load."""
    text = _doc(
        stations=[{"id": "s", "name": "", "level": "street", "division_id": "x", "parent_id": "nope"}]
    )
    with pytest.raises(sw.LoadError) as caught:
        sw.loads(text)
    assert [p.path for p in caught.value.problems] == [
        "stations[0].name",
        "stations[0].division_id",
        "stations[0].parent_id",
    ]


def test_messages_echo_a_bounded_excerpt_of_the_value() -> None:
    """A one-megabyte bad id gives a short message that still names the place."""
    with pytest.raises(sw.InvalidValueError) as caught:
        sw.Station(id=" " + "x" * 1_000_000, name="n", level=sw.StationLevel.STREET, division_id="d")
    assert caught.value.path == "id"
    assert len(str(caught.value)) < 300
    with pytest.raises(sw.UnknownIdError) as unknown:
        sw.datasets.example().stations["y" * 1_000_000]
    assert len(str(unknown.value)) < 300


@pytest.mark.parametrize("text", ["\ud800", "社工\udfff站"])
def test_lone_surrogates_are_refused(text: str) -> None:
    """Text that UTF-8 cannot hold is refused at construction, so dump never meets it."""
    with pytest.raises(sw.InvalidValueError, match="surrogate"):
        sw.Division(code="510107", name=text, level=sw.DivisionLevel.DISTRICT)
    with pytest.raises(sw.InvalidValueError):
        sw.Grant(
            id="g",
            fund_id="f",
            project_id="p",
            amount="1",
            date=sw.datasets.example().funds["fund-nijiaqiao"].established,
            purpose=text,
        )


@given(st.decimals(min_value=0, max_value=Decimal("1e20"), allow_nan=False, allow_infinity=False))
def test_every_accepted_decimal_round_trips(value: Decimal) -> None:
    """Any number the model accepts (exponent forms included) is written so that it reads back."""
    volunteer = sw.Volunteer(id="v", division_id="510107015001", hours=value)
    district = sw.Division(code="510107", name="武侯区", level=sw.DivisionLevel.DISTRICT)
    street = sw.Division(code="510107015", name="街道", level=sw.DivisionLevel.STREET, parent_code="510107")
    community = sw.Division(
        code="510107015001", name="社区", level=sw.DivisionLevel.COMMUNITY, parent_code="510107015"
    )
    registry = sw.Registry([district, street, community, volunteer])
    assert sw.loads(sw.dumps(registry)) == registry
    assert volunteer.hours == value


def test_numbers_past_the_limits_are_refused() -> None:
    """Integers past int64 and numbers of 10**25 or more are refused, with short messages."""
    with pytest.raises(sw.InvalidValueError) as caught:
        sw.Need(
            id="n",
            division_id="d",
            service_kind=sw.ServiceKind.HOME_VISIT,
            target_group=sw.TargetGroup.ELDERLY,
            persons=10**5000,
        )
    assert "5001 digits" in str(caught.value)
    with pytest.raises(sw.InvalidValueError):
        sw.Volunteer(id="v", division_id="d", hours=Decimal("1e25"))


def test_money_ignores_the_callers_decimal_context() -> None:
    """Amounts are made exactly even under a caller's nine-digit, all-trapping context."""
    context = decimal.Context(prec=9, traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation])
    with decimal.localcontext(context):
        assert sw.model.to_money("99999999999.99") == Decimal("99999999999.99")
        assert sw.model.to_fen(Decimal("99999999999.99")) == 9_999_999_999_999
        assert sw.model.from_fen(9_999_999_999_999) == Decimal("99999999999.99")


def test_entity_and_result_reprs_do_not_depend_on_the_hash_seed() -> None:
    """Entities and results with sets print them sorted: the same text under two PYTHONHASHSEED values."""
    script = (
        "import socialwork as sw\n"
        "print(repr(sw.SocialWorker(id='w', name='x', tracks=set(sw.TalentTrack), skills=set(sw.ServiceKind))))\n"
        "print(repr(sw.datasets.example().projects))\n"
        "print([repr(p) for p in sw.datasets.example().projects.values()])\n"
        "from socialwork.matching import assign, stable\n"
        "print(repr(stable({'a': ['x', 'y'], 'b': ['y', 'x'], 'c': ['x']}, {'x': ['a', 'b', 'c'], 'y': ['b', 'a']})))\n"
        "print(repr(assign({'n1': 2, 'n2': 1}, {'s1': 1, 's2': 2}, fit={('n1', 's1'): 1, ('n1', 's2'): 1, "
        "('n2', 's2'): 1})))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


class _BoomError(Exception):
    """A fault injected into a write."""


class _FailingFile:
    def __init__(self, real: io.BufferedWriter) -> None:
        self.real = real

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.real.close()

    def write(self, _data: bytes) -> int:
        raise _BoomError


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_dump_to_a_path_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """A failure while writing, flushing or renaming leaves the old file whole and no temporary file."""
    path = tmp_path / "registry.json"
    old = sw.Registry([sw.Division(code="510107", name="武侯区", level=sw.DivisionLevel.DISTRICT)])
    sw.dump(old, path)
    before = path.read_bytes()

    def fail(*_args: object, **_kwargs: object) -> None:
        raise _BoomError

    if where == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FailingFile(real_fdopen(*a, **k)))
    elif where == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
    else:
        monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(_BoomError):
        sw.dump(sw.datasets.example(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["registry.json"]


def test_dump_keeps_the_files_permissions(tmp_path: Path) -> None:
    """Replacing a file keeps its mode; a new file gets the mode open() would give it."""
    path = tmp_path / "registry.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    sw.dump(sw.datasets.example(), path)
    assert path.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.json"
    sw.dump(sw.datasets.example(), fresh)
    reference = tmp_path / "reference"
    reference.write_text("", encoding="utf-8")
    assert fresh.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777
    assert sw.load(path) == sw.datasets.example()
