"""socialwork.io.to_frames and from_frames: a frame per kind, typed columns, and back."""

from __future__ import annotations

import datetime as dt
import enum
import typing
from decimal import Decimal

import pytest
from hypothesis import given, settings

import socialwork as sw
from socialwork.io import MONEY_FIELDS, from_frames, to_frames
from socialwork.model import KINDS, PERSONAL_FIELDS
from socialwork.privacy import REDACTED
from socialwork.testing import registries

pd = pytest.importorskip("pandas")


def test_one_frame_per_kind_in_kinds_order_indexed_by_id() -> None:
    """Every kind has a frame, in KINDS order, indexed by its id field, rows sorted by id."""
    registry = sw.datasets.example()
    frames = to_frames(registry)
    assert list(frames) == list(KINDS)
    for name, kind in KINDS.items():
        frame = frames[name]
        assert frame.index.name == kind.id_field
        assert list(frame.index) == sorted(getattr(registry, name))


def test_enum_columns_are_categoricals_over_every_member() -> None:
    """An enum field is a categorical whose categories are all its members' values, in order."""
    frames = to_frames(sw.datasets.example())
    level = frames["stations"]["level"]
    assert isinstance(level.dtype, pd.CategoricalDtype)
    assert list(level.cat.categories) == [m.value for m in sw.StationLevel]
    kinds = frames["organizations"]["kind"]
    assert list(kinds.cat.categories) == [m.value for m in sw.OrgKind]


def test_money_is_decimal_or_fen_never_float() -> None:
    """Money columns hold Decimal yuan, or int64 fen with money="fen"; the totals agree exactly."""
    registry = sw.datasets.example()
    decimal_frames = to_frames(registry)
    fen_frames = to_frames(registry, money="fen")
    for name, fields in MONEY_FIELDS.items():
        for field in fields:
            yuan = decimal_frames[name][field]
            fen = fen_frames[name][field]
            assert all(v is None or isinstance(v, Decimal) for v in yuan)
            assert str(fen.dtype) in ("int64", "Int64")
    assert decimal_frames["donations"]["amount"].sum() == Decimal("6500.50")
    assert int(fen_frames["donations"]["amount"].sum()) == 650050
    assert str(fen_frames["projects"]["budget"].dtype) == "Int64"


def test_other_dtypes() -> None:
    """Dates are datetime.date, optional ints Int64, flags bool, id tuples tuples, enum sets frozensets."""
    frames = to_frames(sw.datasets.example())
    assert all(isinstance(d, dt.date) for d in frames["donations"]["date"])
    assert str(frames["funds"]["committee_members"].dtype) == "Int64"
    assert str(frames["organizations"]["public_fundraising"].dtype) == "bool"
    assert all(isinstance(t, tuple) for t in frames["projects"]["station_ids"])
    tracks = frames["social_workers"]["tracks"]
    assert all(isinstance(t, frozenset) and all(isinstance(v, str) for v in t) for t in tracks)
    assert str(frames["needs"]["persons"].dtype) == "int64"


def test_personal_fields_are_redacted_by_default() -> None:
    """Personal values are redacted unless redact=False; with a key they are pseudonyms."""
    registry = sw.datasets.example()
    redacted = to_frames(registry)
    kept = to_frames(registry, redact=False)
    keyed = to_frames(registry, key=b"k")
    for name, fields in PERSONAL_FIELDS.items():
        for field in fields:
            values = [v for v in kept[name][field] if isinstance(v, str) and v]
            shown = [v for v in redacted[name][field] if isinstance(v, str) and v]
            assert set(shown) <= {REDACTED}
            assert not set(values) & set(keyed[name][field])
            assert len(shown) == len(values)
    names = {w.name for w in registry.social_workers.values()}
    assert names <= set(kept["social_workers"]["name"])


def test_empty_registry_gives_empty_typed_frames() -> None:
    """An empty registry gives an empty frame per kind, with its columns and dtypes."""
    frames = to_frames(sw.Registry(), money="fen")
    assert all(len(frame) == 0 for frame in frames.values())
    assert isinstance(frames["stations"]["level"].dtype, pd.CategoricalDtype)
    assert str(frames["donations"]["amount"].dtype) == "int64"
    assert from_frames(frames, money="fen") == sw.Registry()


@pytest.mark.parametrize("name", sw.datasets.SCENARIOS)
def test_redacted_frames_read_back_as_the_redacted_registry(name: str) -> None:
    """Redacted or pseudonymised frames of every scenario (a case's birth year and age band too,
    which are not text and are left out) read back as privacy.redact_registry makes them."""
    from socialwork.privacy import redact_registry

    registry = sw.datasets.scenario(name).registry
    assert from_frames(to_frames(registry)) == redact_registry(registry)
    pseudonymised = redact_registry(registry, pii="pseudonymise", key=b"k")
    assert from_frames(to_frames(registry, key=b"k")) == pseudonymised


@settings(max_examples=30, deadline=None)
@given(registries(shuffled=True, cases=(0, 2)))
def test_from_frames_inverts_to_frames(registry: sw.Registry) -> None:
    """from_frames(to_frames(r, redact=False)) == r, in Decimal and in fen."""
    assert from_frames(to_frames(registry, redact=False)) == registry
    assert from_frames(to_frames(registry, redact=False, money="fen"), money="fen") == registry


def _enum_of(cls: type, field: str) -> type[enum.Enum]:
    hint = typing.get_type_hints(cls)[field]
    found = [t for t in (hint, *typing.get_args(hint)) if isinstance(t, type) and issubclass(t, enum.Enum)]
    return found[0]


@settings(max_examples=30, deadline=None)
@given(registries(shuffled=True))
def test_every_enum_column_lists_every_member(registry: sw.Registry) -> None:
    """Whatever the registry, a frame has a row per entity, each enum column every member, no float."""
    frames = to_frames(registry, money="fen")
    for name, kind in KINDS.items():
        frame = frames[name]
        assert len(frame) == len(getattr(registry, name))
        for field in frame.columns:
            dtype = frame[field].dtype
            if isinstance(dtype, pd.CategoricalDtype):
                assert list(dtype.categories) == [m.value for m in _enum_of(kind.cls, field)]
            assert str(dtype) != "float64", (name, field)


def test_from_frames_reports_a_missing_required_column() -> None:
    """A frame without a required column is refused, naming each row's missing key."""
    frames = to_frames(sw.datasets.example(), redact=False)
    with pytest.raises(sw.LoadError) as error:
        from_frames({"divisions": frames["divisions"].drop(columns=["level"])})
    assert "divisions[0].level" in {p.path for p in error.value.problems}


def test_from_frames_names_the_bad_cell() -> None:
    """A cell the loader refuses raises LoadError naming kind, row and column."""
    frames = to_frames(sw.datasets.example(), redact=False)
    stations = frames["stations"].astype({"level": object})
    stations.iloc[1, stations.columns.get_loc("level")] = "galaxy"
    frames["stations"] = stations
    with pytest.raises(sw.LoadError) as error:
        from_frames(frames)
    assert [p.path for p in error.value.problems] == ["stations[1].level"]


def test_from_frames_refuses_unknown_kinds_and_columns() -> None:
    """An unknown kind or column is a problem of the LoadError, not silently dropped."""
    frames = to_frames(sw.datasets.example(), redact=False)
    frames["stations"] = frames["stations"].assign(colour="red")
    with pytest.raises(sw.LoadError) as error:
        from_frames({**frames, "planets": frames["funds"]})
    assert sorted(p.path for p in error.value.problems) == ["planets", "stations"]


def test_from_frames_reads_ids_as_a_column_and_timestamps() -> None:
    """The id may be a column instead of the index; dates may be pandas timestamps."""
    registry = sw.datasets.example()
    frames = to_frames(registry, redact=False)
    donations = frames["donations"].reset_index()
    donations["date"] = pd.to_datetime(donations["date"])
    assert from_frames({**frames, "donations": donations}) == registry


def test_arguments_are_checked() -> None:
    """A non-registry, a bad money mode and a non-mapping raise errors naming the argument."""
    with pytest.raises(sw.InvalidTypeError) as error:
        to_frames({})  # type: ignore[arg-type]
    assert error.value.path == "registry"
    with pytest.raises(sw.InvalidValueError) as error:
        to_frames(sw.datasets.example(), money="float")  # type: ignore[arg-type]
    assert error.value.path == "money"
    with pytest.raises(sw.InvalidTypeError) as error:
        to_frames(sw.datasets.example(), redact="no")  # type: ignore[arg-type]
    assert error.value.path == "redact"
    with pytest.raises(sw.InvalidTypeError) as error:
        from_frames([])  # type: ignore[arg-type]
    assert error.value.path == "frames"
    with pytest.raises(sw.InvalidValueError) as error:
        from_frames({}, money="yuan")  # type: ignore[arg-type]
    assert error.value.path == "money"
    with pytest.raises(sw.InvalidValueError) as error:
        to_frames(sw.datasets.example(), key=b"")
    assert error.value.path == "key"
    with pytest.raises(sw.LoadError) as load:
        from_frames({"stations": [1, 2]})
    assert [p.path for p in load.value.problems] == ["stations"]
