"""socialwork.io.write_dataset and read_dataset: partitioned Parquet, one table a kind, and back."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import (
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    MissingDependencyError,
    WriteError,
)
from socialwork.io import DATASET_VERSION, PARTITION_LEVELS, partition_sources, read_dataset, write_dataset
from socialwork.model import KINDS, REFERENCES
from socialwork.privacy import REDACTED, redact_registry
from socialwork.testing import registries

LEVELS = tuple(PARTITION_LEVELS)


def _write(registry: sw.Registry, **options: object) -> Path:
    folder = Path(tempfile.mkdtemp()) / "dataset"
    write_dataset(registry, folder, **options)  # type: ignore[arg-type]
    return folder


@pytest.mark.parametrize("level", LEVELS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries(shuffled=True))
def test_any_registry_round_trips(level: str, registry: sw.Registry) -> None:
    """Any registry written at any partition level reads back as the same registry."""
    assert read_dataset(_write(registry, partition_by=level)) == registry


@pytest.mark.parametrize("level", LEVELS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries(shuffled=True, cases=(0, 2)))
def test_any_registry_with_referral_work_round_trips(level: str, registry: sw.Registry) -> None:
    """Cases, consents, referrals and their events round trip too."""
    assert read_dataset(_write(registry, partition_by=level)) == registry


@pytest.mark.parametrize("name", sw.datasets.SCENARIOS)
@pytest.mark.parametrize("level", LEVELS)
def test_bundled_scenarios_round_trip(name: str, level: str) -> None:
    """Every bundled scenario round trips at every partition level."""
    registry = sw.datasets.scenario(name).registry
    assert read_dataset(_write(registry, partition_by=level)) == registry


def test_one_folder_a_kind_partitioned_by_code_prefix() -> None:
    """Each kind has its folder; a folder a partition named by the code cut to the level."""
    registry = sw.datasets.example()
    for level, expected in (("province", "510000"), ("city", "510100"), ("district", "510107")):
        folder = _write(registry, partition_by=level)
        assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(KINDS)
        assert [p.name for p in (folder / "stations").iterdir()] == [f"{level}={expected}"]
    folder = _write(registry, partition_by="district")
    assert sorted(p.name for p in (folder / "divisions").iterdir()) == [
        "district=510000",
        "district=510100",
        "district=510107",
    ]


def test_columns_types_and_metadata() -> None:
    """Money is decimal128(18, 2), enums dictionaries of their values, dates date32, sets sorted lists."""
    folder = _write(sw.datasets.example(), partition_by="province")
    donations = pq.read_table(folder / "donations" / "province=510000" / "part-0.parquet")
    assert donations.schema.field("amount").type == pa.decimal128(18, 2)
    assert donations.schema.field("date").type == pa.date32()
    assert sum(donations.column("amount").to_pylist()) == sum(
        d.amount for d in sw.datasets.example().donations.values()
    )
    stations = pq.read_table(folder / "stations" / "province=510000" / "part-0.parquet")
    level = stations.column("level").combine_chunks()
    assert pa.types.is_dictionary(level.type)
    assert level.dictionary.to_pylist() == [member.value for member in sw.StationLevel]
    assert stations.column("id").to_pylist() == sorted(stations.column("id").to_pylist())
    metadata = stations.schema.metadata
    assert metadata[b"socialwork.format"] == b"socialwork"
    assert metadata[b"socialwork.version"] == str(DATASET_VERSION).encode()
    assert metadata[b"socialwork.kind"] == b"stations"
    workers = pq.read_table(folder / "social_workers" / "province=510000" / "part-0.parquet")
    for tracks in workers.column("tracks").to_pylist():
        assert tracks == sorted(tracks)
    assert all(isinstance(name, str) for name in workers.column("name").to_pylist())


def test_other_readers_see_the_partition_column() -> None:
    """pyarrow's own dataset reader reads a kind's folder, with the partition as a column."""
    folder = _write(sw.datasets.example(), partition_by="city")
    table = ds.dataset(folder / "stations", format="parquet", partitioning="hive").to_table()
    assert table.num_rows == len(sw.datasets.example().stations)
    assert set(table.column("city").to_pylist()) == {510100}


def test_partition_sources_follow_the_references() -> None:
    """Every kind but divisions takes its division from its own references, in REFERENCES order."""
    sources = partition_sources()
    assert list(sources) == list(KINDS)
    fields = {(ref.kind, ref.field) for ref in REFERENCES}
    for kind, taken in sources.items():
        if kind != "divisions":
            assert taken, kind
            assert all((kind, field) in fields for field in taken)
    assert sources["grants"] == ("fund_id", "project_id")
    assert sources["referral_events"] == ("referral_id", "actor_id")


def test_an_organization_without_a_division_goes_to_none() -> None:
    """An entity no reference files is in the __none__ partition, and reads back."""
    registry = sw.datasets.example()
    orphan = sw.Organization(id="national", name="全国性社会组织", kind=sw.OrgKind.FOUNDATION)
    registry = registry.add([orphan])
    folder = _write(registry, partition_by="province")
    assert sorted(p.name for p in (folder / "organizations").iterdir()) == [
        "province=510000",
        "province=__none__",
    ]
    assert read_dataset(folder) == registry


def _two_districts() -> sw.Registry:
    return find(
        registries(districts=2, streets=(1, 2), communities=(1, 2), social_workers=(2, 4), funds=(1, 2)),
        lambda r: len({s.division_id[:6] for s in r.stations.values()}) == 2 and len(r.funds) >= 1,
    )


def test_divisions_read_only_their_files() -> None:
    """Files of other districts are never opened: spoiling them does not stop the read."""
    registry = _two_districts()
    districts = sorted({s.division_id[:6] for s in registry.stations.values()})
    folder = _write(registry, partition_by="district")
    spoiled = []
    for kind in KINDS:
        for part in (folder / kind).glob(f"district={districts[1]}/*.parquet"):
            part.write_bytes(b"not parquet at all")
            spoiled.append(part)
    assert spoiled
    with pytest.raises(LoadError, match=f"district={districts[1]}"):
        read_dataset(folder)  # the whole dataset opens them
    part = read_dataset(folder, divisions=[districts[0]])
    assert part.stations
    assert all(s.division_id.startswith(districts[0]) for s in part.stations.values())
    assert all(code[:6] in (districts[0], code[:4] + "00", code[:2] + "0000") for code in part.divisions)
    expected = {i for i, s in registry.stations.items() if s.division_id.startswith(districts[0])}
    assert set(part.stations) == expected


def test_references_that_leave_the_selection_are_read_too() -> None:
    """A station operated by an organization filed elsewhere brings that organization along."""
    registry = _two_districts()
    districts = sorted({s.division_id[:6] for s in registry.stations.values()})
    outside = next(s for s in registry.stations.values() if s.division_id.startswith(districts[1]))
    mover = next(s for s in registry.stations.values() if s.division_id.startswith(districts[0]))
    operator = sw.Organization(
        id="op-far", name="外区机构", kind=sw.OrgKind.SOCIAL_WORK_AGENCY, division_id=outside.division_id
    )
    registry = registry.add([operator]).replace([attrs.evolve(mover, operator_id="op-far")])
    folder = _write(registry, partition_by="district")
    part = read_dataset(folder, divisions=[districts[0]])
    assert part.organizations["op-far"] == operator
    assert outside.id not in part.stations


def test_a_province_code_reads_every_district_of_it() -> None:
    """A coarser code than the partitions reads every partition inside it."""
    registry = _two_districts()
    folder = _write(registry, partition_by="district")
    province = next(iter(registry.divisions))[:2] + "0000"
    part = read_dataset(folder, divisions=[province])
    for kind in ("divisions", "stations", "funds", "needs", "volunteers"):
        assert dict(getattr(part, kind)) == dict(getattr(registry, kind)), kind
    whole = read_dataset(folder)  # with what is filed under no division, too
    assert whole == registry


def test_unknown_or_malformed_divisions_are_refused() -> None:
    """A code no partition holds, a malformed code or a lone string is refused by its path."""
    folder = _write(sw.datasets.example(), partition_by="district")
    with pytest.raises(InvalidValueError, match=r"divisions\[1\].*no partition"):
        read_dataset(folder, divisions=["510107", "440305"])
    with pytest.raises(InvalidValueError, match=r"divisions\[0\]"):
        read_dataset(folder, divisions=["51010"])
    with pytest.raises(InvalidTypeError, match="divisions"):
        read_dataset(folder, divisions="510107")


@pytest.mark.parametrize("pii", ["redact", "pseudonymise"])
def test_personal_values_are_hidden_as_redact_registry_hides_them(pii: str) -> None:
    """pii= and key= give the dataset of privacy.redact_registry's copy."""
    registry = sw.datasets.scenario("wuhan_school").registry
    key = b"secret" if pii == "pseudonymise" else None
    back = read_dataset(_write(registry, pii=pii, key=key))
    assert back == redact_registry(registry, pii=pii, key=key)  # type: ignore[arg-type]
    names = {w.name for w in back.social_workers.values()}
    assert (names == {REDACTED}) is (pii == "redact")
    assert not names & {w.name for w in registry.social_workers.values()}


def test_pseudonymise_needs_a_key() -> None:
    with pytest.raises(InvalidValueError):
        _write(sw.datasets.example(), pii="pseudonymise")


def _stations_file(folder: Path) -> Path:
    return next((folder / "stations").glob("*/*.parquet"))


def test_a_foreign_parquet_file_is_refused_naming_it() -> None:
    """A Parquet file socialwork did not write is named in the error."""
    folder = _write(sw.datasets.example())
    target = _stations_file(folder)
    pq.write_table(pa.table({"id": ["x"]}), target)
    with pytest.raises(LoadError, match=r"stations/province=510000/part-0\.parquet.*did not write"):
        read_dataset(folder)


def _rewrite(target: Path, change: object) -> None:
    table = pq.read_table(target, partitioning=None)
    table = change(table)  # type: ignore[operator]
    pq.write_table(table, target)


def test_a_column_of_the_wrong_type_is_named_with_its_file() -> None:
    folder = _write(sw.datasets.example())
    target = _stations_file(folder)

    def to_text(table: pa.Table) -> pa.Table:
        position = table.schema.get_field_index("opened")
        column = table.column("opened").cast(pa.string())
        return table.set_column(position, pa.field("opened", pa.string()), column).replace_schema_metadata(
            table.schema.metadata
        )

    _rewrite(target, to_text)
    with pytest.raises(LoadError, match=r"part-0\.parquet: opened: expected a column of date32"):
        read_dataset(folder)


def test_an_unknown_column_and_a_missing_required_one_are_named() -> None:
    folder = _write(sw.datasets.example())
    target = _stations_file(folder)
    _rewrite(target, lambda t: t.append_column("colour", pa.array(["red"] * t.num_rows)))
    with pytest.raises(LoadError, match=r"part-0\.parquet: colour: unknown column 'colour'"):
        read_dataset(folder)
    folder = _write(sw.datasets.example())
    _rewrite(_stations_file(folder), lambda t: t.drop_columns(["level"]))
    with pytest.raises(LoadError, match=r"part-0\.parquet: level: the required column is missing"):
        read_dataset(folder)


def test_a_bad_value_is_named_by_file_row_and_column() -> None:
    """An enum value the model lacks, or a value a validator refuses, names its row and column."""
    folder = _write(sw.datasets.example())
    target = _stations_file(folder)

    def bad_level(table: pa.Table) -> pa.Table:
        values = table.column("level").cast(pa.string()).to_pylist()
        values[2] = "planet"
        position = table.schema.get_field_index("level")
        array = pa.array(values).dictionary_encode().cast(pa.dictionary(pa.int32(), pa.string()))
        return table.set_column(position, table.schema.field("level"), array)

    _rewrite(target, bad_level)
    with pytest.raises(LoadError, match=r"part-0\.parquet\[2\]\.level: expected one of 'district'"):
        read_dataset(folder)
    folder = _write(sw.datasets.example())
    target = _stations_file(folder)

    def empty_name(table: pa.Table) -> pa.Table:
        names = table.column("name").to_pylist()
        names[1] = ""
        return table.set_column(
            table.schema.get_field_index("name"), table.schema.field("name"), pa.array(names)
        )

    _rewrite(target, empty_name)
    with pytest.raises(LoadError, match=r"part-0\.parquet\[1\]\.name: expected non-empty text"):
        read_dataset(folder)


def test_a_newer_version_is_refused_naming_the_file() -> None:
    folder = _write(sw.datasets.example())
    target = _stations_file(folder)
    _rewrite(
        target,
        lambda t: t.replace_schema_metadata({**t.schema.metadata, b"socialwork.version": b"99"}),
    )
    with pytest.raises(LoadError, match=r"part-0\.parquet: socialwork.version: expected version 1.*99"):
        read_dataset(folder)
    marker = folder / "_socialwork.json"
    document = json.loads(marker.read_text(encoding="utf-8"))
    marker.write_text(json.dumps({**document, "version": 2}), encoding="utf-8")
    with pytest.raises(LoadError, match=r"_socialwork.json.version: expected version 1"):
        read_dataset(folder)


def test_a_dataset_of_version_1_kept_in_the_repository_still_reads() -> None:
    """The dataset tests/data/dataset-v1 (the example, by district, written by version 1) reads as it did.

    It is never rewritten: a later version of the library must read it, or say why not.
    """
    folder = Path(__file__).parent / "data" / "dataset-v1"
    assert read_dataset(folder) == sw.datasets.example()
    assert len(read_dataset(folder, divisions=["510107"]).stations) == len(sw.datasets.example().stations)


def test_a_column_of_a_field_with_a_default_may_be_missing() -> None:
    """A file written before a field came in (no column for it) reads the field's default."""
    registry = sw.datasets.example()
    folder = _write(registry)
    target = next((folder / "organizations").glob("*/*.parquet"))
    _rewrite(target, lambda t: t.drop_columns(["public_fundraising"]))
    back = read_dataset(folder)
    assert all(not o.public_fundraising for o in back.organizations.values())
    assert back.stations == registry.stations


def test_a_folder_that_is_not_a_dataset_is_refused() -> None:
    with pytest.raises(LoadError, match="not a socialwork dataset"):
        read_dataset(tempfile.mkdtemp())
    with pytest.raises(InvalidTypeError, match="path"):
        read_dataset(3)  # type: ignore[arg-type]


def test_write_replaces_a_dataset_but_not_other_folders() -> None:
    """An older dataset is replaced whole; a folder that holds anything else is left alone."""
    folder = _write(sw.datasets.example())
    smaller = sw.Registry(list(sw.datasets.example().divisions.values()))
    write_dataset(smaller, folder)
    assert read_dataset(folder) == smaller
    assert sorted(p.name for p in folder.parent.iterdir()) == ["dataset"]
    other = Path(tempfile.mkdtemp())
    (other / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(InvalidValueError, match="not a socialwork dataset"):
        write_dataset(smaller, other)
    assert (other / "thesis.docx").read_bytes() == b"precious"


def test_a_failed_write_leaves_the_old_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure half way leaves the dataset as it was and no temporary folder behind."""
    registry = sw.datasets.example()
    folder = _write(registry)
    calls = []

    def failing(table: object, where: object, **options: object) -> None:
        calls.append(where)
        if len(calls) > 3:
            raise OSError(28, "No space left on device")
        real(table, where, **options)

    real = pq.write_table
    monkeypatch.setattr(pq, "write_table", failing)
    with pytest.raises(WriteError, match="No space left"):
        write_dataset(sw.datasets.scenario("wuhou").registry, folder)
    monkeypatch.undo()
    assert read_dataset(folder) == registry
    assert sorted(p.name for p in folder.parent.iterdir()) == ["dataset"]


def test_money_too_large_for_the_column_is_refused() -> None:
    registry = sw.datasets.example()
    donation = next(iter(registry.donations.values()))
    huge = registry.replace([attrs.evolve(donation, amount=Decimal("10000000000000000.00"))])
    with pytest.raises(InvalidValueError, match=r"amount is 10000000000000000\.00.*decimal128"):
        _write(huge)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(InvalidTypeError, match="registry"):
        write_dataset("not a registry", tempfile.mkdtemp())  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="partition_by"):
        _write(sw.datasets.example(), partition_by="street")
    with pytest.raises(InvalidTypeError, match="path"):
        write_dataset(sw.datasets.example(), 3)  # type: ignore[arg-type]


def test_missing_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pyarrow both functions say which extra to install."""
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingDependencyError, match=r"socialwork\[parquet\]"):
        write_dataset(sw.datasets.example(), Path(tempfile.mkdtemp()) / "d")
    with pytest.raises(MissingDependencyError, match=r"socialwork\[parquet\]"):
        read_dataset(tempfile.mkdtemp())


@pytest.mark.parametrize("level", [["province"], None, 2])
def test_a_partition_level_of_another_type_is_refused(level: object) -> None:
    """An unhashable or non-text partition_by is refused by name, not with a TypeError."""
    with pytest.raises(InvalidValueError, match="partition_by"):
        _write(sw.datasets.example(), partition_by=level)


def test_a_marker_with_an_unhashable_level_is_refused() -> None:
    folder = _write(sw.datasets.example())
    marker = folder / "_socialwork.json"
    document = json.loads(marker.read_text(encoding="utf-8"))
    marker.write_text(json.dumps({**document, "partition_by": ["province"]}), encoding="utf-8")
    with pytest.raises(LoadError, match=r"_socialwork.json.partition_by: expected 'province'"):
        read_dataset(folder)


def test_a_missing_folder_is_empty_only_if_the_dataset_holds_none_of_its_kind() -> None:
    """Copies drop empty folders: an empty kind may lack its folder; a kind with entities may not."""
    folder = _write(sw.datasets.example())
    (folder / "cases").rmdir()
    assert read_dataset(folder) == sw.datasets.example()
    shutil.rmtree(folder / "stations")
    with pytest.raises(
        LoadError, match=r"stations: the folder of stations is missing, though the dataset holds 7"
    ):
        read_dataset(folder)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_file_raises_only_the_library_error(data: st.DataObject) -> None:
    """Bytes of a file overwritten or cut off: the read gives a registry or a LoadError, nothing else.

    The error names the damaged file, or the entities that refer to one it no longer holds.
    """
    folder = _write(sw.datasets.example())
    files = sorted(folder.glob("*/*/*.parquet"))
    target = data.draw(st.sampled_from(files))
    content = bytearray(target.read_bytes())
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content) - 1))]
    else:
        for _ in range(data.draw(st.integers(1, 8))):
            content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    target.write_bytes(bytes(content))
    try:
        read_dataset(folder)
    except LoadError as error:
        assert all(".parquet" in problem.path for problem in error.problems)


def test_a_registry_problem_is_named_by_the_file_and_row_it_came_from() -> None:
    """A duplicate id across two partitions is named by the file and row of the second copy."""
    registry = _two_districts()
    folder = _write(registry, partition_by="district")
    first, second = sorted((folder / "stations").glob("*/*.parquet"))
    taken = pq.read_table(first, partitioning=None).column("id")[0].as_py()

    def duplicate(table: pa.Table) -> pa.Table:
        ids = table.column("id").to_pylist()
        ids[0] = taken
        return table.set_column(0, table.schema.field("id"), pa.array(ids))

    _rewrite(second, duplicate)
    with pytest.raises(LoadError) as caught:
        read_dataset(folder)
    name = second.relative_to(folder).as_posix()
    assert f"{name}[0].id" in [problem.path for problem in caught.value.problems]


def test_a_date_out_of_range_is_named_by_file_and_column() -> None:
    """A date32 beyond what Python's dates hold (a damaged file) is a LoadError, not an OverflowError."""
    folder = _write(sw.datasets.example())
    target = next((folder / "donations").glob("*/*.parquet"))

    def far(table: pa.Table) -> pa.Table:
        days = pa.array([-1_744_811_542] * table.num_rows, type=pa.int32()).cast(pa.date32())
        return table.set_column(table.schema.get_field_index("date"), table.schema.field("date"), days)

    _rewrite(target, far)
    with pytest.raises(LoadError, match=r"donations/province=510000/part-0\.parquet: date: cannot be read"):
        read_dataset(folder)
