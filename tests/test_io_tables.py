"""socialwork.io.write_tables: one CSV table a kind in a zip, exact values, redacted, byte-stable, atomic."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.io import write_tables
from socialwork.model import KINDS


def _tables(registry: sw.Registry, **options: object) -> dict[str, list[dict[str, str]]]:
    buffer = io.BytesIO()
    write_tables(registry, buffer, **options)  # type: ignore[arg-type]
    archive = zipfile.ZipFile(buffer)
    return {
        name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        for name in archive.namelist()
    }


def test_one_table_a_kind_with_a_column_a_field(registry: sw.Registry) -> None:
    """Every kind has a table, even when empty, with its class's fields as columns and a row an entity."""
    tables = _tables(registry)
    assert list(tables) == list(KINDS)
    for kind, rows in tables.items():
        assert len(rows) == registry.counts()[kind]
        if rows:
            assert list(rows[0]) == [field.name for field in attrs.fields(KINDS[kind].cls)]


def test_values_are_exact_text(registry: sw.Registry) -> None:
    """Money is exact text, dates ISO, enums their values, sets JSON lists, None empty, booleans true/false."""
    tables = _tables(registry, pii="include")
    donation = next(row for row in tables["donations"] if row["donor"] == "")
    assert donation["amount"] == str(registry.donations[donation["id"]].amount)
    fund = tables["funds"][0]
    assert fund["established"] == registry.funds[fund["id"]].established.isoformat()
    project = tables["projects"][0]
    assert project["target_groups"].startswith("[")
    assert {row["public_fundraising"] for row in tables["organizations"]} <= {"true", "false"}
    assert {row["level"] for row in tables["stations"]} == {level.value for level in sw.StationLevel}


def test_rows_are_sorted_by_id_and_bytes_are_stable(registry: sw.Registry) -> None:
    """Rows come sorted by id, and the same registry gives the same bytes, however it was built."""
    rows = _tables(registry)["stations"]
    assert [row["id"] for row in rows] == sorted(registry.stations)
    first, second = io.BytesIO(), io.BytesIO()
    write_tables(registry, first)
    write_tables(sw.Registry(reversed(registry.entities())), second)
    assert first.getvalue() == second.getvalue()


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=2**20))
def test_every_entity_of_a_synthetic_registry_is_a_row(seed: int) -> None:
    """For any seed, the tables hold one row for each entity of each kind, by id."""
    registry = sw.datasets.synthetic(seed=seed)
    tables = _tables(registry)
    for kind, rows in tables.items():
        assert {row[KINDS[kind].id_field] for row in rows} == set(getattr(registry, kind))


def test_personal_values_are_redacted_by_default(registry: sw.Registry) -> None:
    """Names and donors are <redacted> by default, pseudonyms with a key, themselves with pii='include'."""
    assert {row["name"] for row in _tables(registry)["social_workers"]} == {sw.privacy.REDACTED}
    pseudonyms = {row["name"] for row in _tables(registry, pii="pseudonymise", key="k")["social_workers"]}
    assert all(name.startswith("匿名-") for name in pseudonyms)
    names = {row["name"] for row in _tables(registry, pii="include")["social_workers"]}
    assert names == {w.name for w in registry.social_workers.values()}


def test_a_path_is_written_atomically(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, registry: sw.Registry
) -> None:
    """A path gets the archive in one step; a failure leaves the old file and no temporary file."""
    target = tmp_path / "tables.zip"
    write_tables(registry, target)
    good = target.read_bytes()

    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        write_tables(sw.datasets.wuhou(), target)
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["tables.zip"]


def test_bad_arguments_raise_socialwork_errors(registry: sw.Registry) -> None:
    """A non-registry, a target that is not a file, or a bad pii mode: errors naming the argument."""
    with pytest.raises(sw.InvalidTypeError) as info:
        write_tables("registry", io.BytesIO())  # type: ignore[arg-type]
    assert info.value.path == "registry"
    with pytest.raises(sw.InvalidTypeError) as info:
        write_tables(registry, 12)  # type: ignore[arg-type]
    assert info.value.path == "target"
    with pytest.raises(sw.InvalidValueError):
        write_tables(registry, io.BytesIO(), pii="pseudonymise")


def _reference_cell(value: object) -> str:
    """A cell as the docstring says: legal_value's text, None empty, booleans true/false."""
    found = sw.io.legal_value(value)
    if found is None:
        return ""
    if isinstance(found, bool):
        return "true" if found else "false"
    return str(found)


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=2**20))
def test_every_cell_is_the_legal_value_of_its_field(seed: int) -> None:
    """The fast per-type conversion writes exactly legal_value's text for every field of every entity."""
    for registry in [sw.datasets.synthetic(seed=seed, districts=2), sw.datasets.example()]:
        tables = _tables(registry, pii="include")
        for kind, rows in tables.items():
            index = getattr(registry, kind)
            for row in rows:
                entity = index[row[KINDS[kind].id_field]]
                assert row == {name: _reference_cell(getattr(entity, name)) for name in row}
