"""The shared vocabulary: the kinds table, money in fen, validators, labels, the registry's indexes."""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import enum
import importlib
import inspect
import pickle
import pkgutil
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.model import (
    KINDS,
    REFERENCES,
    Kind,
    LabelledIntEnum,
    from_fen,
    kind_named,
    kind_of,
    set_labels,
    to_fen,
    validators,
)


def test_kinds_table_matches_the_registry() -> None:
    """Every kind names a Registry mapping, a class with its id field, and ranks in table order."""
    registry = sw.datasets.example()
    assert list(registry.counts()) == list(KINDS)
    for rank, (name, kind) in enumerate(KINDS.items()):
        assert isinstance(kind, Kind)
        assert (kind.name, kind.rank) == (name, rank)
        assert kind.id_field in attrs.fields_dict(kind.cls)
        assert kind_of(kind.cls) is kind
        assert kind_named(name) is kind
        assert kind.zh
        assert kind.en
        assert kind.singular
        for entity in getattr(registry, name).values():
            assert kind_of(entity) is kind
            assert getattr(entity, kind.id_field) == entity.id


def test_references_name_real_fields_and_kinds() -> None:
    """Every reference's holder and target are kinds, and its field exists on the holder's class."""
    for ref in REFERENCES:
        assert ref.kind in KINDS
        assert ref.target in KINDS
        assert ref.field in attrs.fields_dict(KINDS[ref.kind].cls)


def test_unknown_kind_is_an_unknown_id_error() -> None:
    """Asking for a kind that does not exist raises UnknownIdError naming the kinds there are."""
    with pytest.raises(sw.UnknownIdError, match="unknown kind 'station'"):
        kind_named("station")
    with pytest.raises(sw.InvalidTypeError):
        kind_of(object())


@given(st.integers(-(10**30), 10**30))
def test_fen_round_trip(fen: int) -> None:
    """from_fen then to_fen gives the same whole fen back, and the yuan have two places."""
    yuan = from_fen(fen)
    assert yuan.as_tuple().exponent == -2
    assert to_fen(yuan) == fen


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_to_fen_is_exact(yuan: Decimal) -> None:
    """to_fen multiplies by 100 exactly, whatever the caller's decimal context."""
    with decimal.localcontext(decimal.Context(prec=3)):
        fen = to_fen(yuan)
    assert Decimal(fen) == yuan.scaleb(2)


def test_to_fen_refuses_fractions_of_a_fen() -> None:
    """Amounts finer than a fen, and non-finite values, are refused with the path 'amount'."""
    for bad in (Decimal("0.001"), Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(sw.InvalidValueError) as caught:
            to_fen(bad)
        assert caught.value.path == "amount"


def test_validators_check_arguments_by_name() -> None:
    """A validator given a name instead of an attrs attribute reports that name as the path."""
    with pytest.raises(sw.InvalidTypeError) as caught:
        validators.check_date(None, "as_of", dt.datetime(2022, 1, 1))
    assert caught.value.path == "as_of"
    with pytest.raises(sw.InvalidValueError) as caught_value:
        validators.one_of([1, 2])(None, "n", True)
    assert caught_value.value.path == "n"
    validators.instance_of(int, float)(None, "x", 1.5)
    with pytest.raises(sw.InvalidTypeError):
        validators.instance_of(int)(None, "x", False)


def _public_enums() -> list[type[enum.Enum]]:
    found: dict[str, type[enum.Enum]] = {}
    modules = [
        sw,
        *(importlib.import_module(f"socialwork.{name}") for name in ("funds", "matching", "scoring")),
    ]
    modules += [importlib.import_module("socialwork.targets")]
    modules += [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(sw.__path__, "socialwork.")
        if not any(part.startswith("_") for part in info.name.split(".")) and "cli" not in info.name
    ]
    for module in modules:
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if inspect.isclass(value) and issubclass(value, enum.Enum) and len(value):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


@pytest.mark.parametrize("cls", _public_enums(), ids=lambda cls: cls.__name__)
def test_every_public_enum_is_labelled(cls: type[enum.Enum]) -> None:
    """Every public enumeration has a Chinese and an English label for each member, and label(lang)."""
    assert issubclass(cls, sw.model.Labelled), f"{cls.__name__} is not a LabelledEnum"
    for member in cls:
        assert member.zh
        assert member.en
        assert member.label("zh") == member.zh  # type: ignore[attr-defined]
        assert member.label("en") == member.en  # type: ignore[attr-defined]
    with pytest.raises(sw.InvalidValueError):
        next(iter(cls)).label("fr")  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", _public_enums(), ids=lambda cls: cls.__name__)
def test_every_member_survives_pickling_and_copying_with_its_labels(cls: type[enum.Enum]) -> None:
    """A member pickled, copied or looked up by its value is the same member, labels and all."""
    for member in cls:
        for clone in (pickle.loads(pickle.dumps(member)), copy.copy(member), copy.deepcopy(member)):
            assert clone is member
        assert cls(member.value) is member
        assert isinstance(member.value, int if issubclass(cls, int) else str)


def test_a_member_is_written_with_its_value_and_both_labels() -> None:
    """VALUE, ZH, EN after a member's name give its value and its labels; the value alone stays the code."""

    class Mood(sw.model.LabelledEnum):
        GOOD = "good", "好", "good"
        BAD = "bad", "坏", "bad mood"

    assert Mood("bad") is Mood.BAD
    assert (Mood.BAD.value, Mood.BAD.zh, Mood.BAD.en, Mood.BAD.label("zh")) == ("bad", "坏", "bad mood", "坏")
    assert repr(Mood.BAD) == "<Mood.BAD: 'bad'>"
    assert [m.value for m in Mood] == ["good", "bad"]


def test_set_labels_replaces_the_labels_written_with_the_members() -> None:
    """set_labels gives labels to members written without them, and replaces those written with them."""

    class Mood(sw.model.LabelledEnum):
        GOOD = "good", "好", "good"

    set_labels(Mood, {"GOOD": ("很好", "very good")})
    assert (Mood.GOOD.zh, Mood.GOOD.en) == ("很好", "very good")


def test_a_member_without_labels_says_so() -> None:
    """Reading a label no one gave raises InvalidValueError naming the member, not a bare AttributeError."""

    class Mood(sw.model.LabelledEnum):
        GOOD = "good"

    with pytest.raises(sw.InvalidValueError, match=r"Mood\.GOOD has no labels") as caught:
        _ = Mood.GOOD.zh
    assert caught.value.path == "zh"
    with pytest.raises(AttributeError):
        _ = Mood.GOOD.nothing  # type: ignore[attr-defined]


def test_labels_written_with_a_member_must_be_two_texts() -> None:
    """A member written with one label, or labels that are not text, is refused when the class is made."""
    with pytest.raises(sw.InvalidTypeError):

        class Mood(sw.model.LabelledEnum):
            GOOD = "good", "好"

    with pytest.raises(sw.InvalidTypeError):

        class Sign(LabelledIntEnum):
            PLUS = 1, 1, 2


def test_labelled_int_enum_keeps_its_numbers() -> None:
    """A LabelledIntEnum member is still an int and carries its labels."""

    class Sign(LabelledIntEnum):
        PLUS = 1, "正", "plus"
        MINUS = -1, "负", "minus"

    assert Sign.MINUS * 3 == -3
    assert Sign.MINUS.label("zh") == "负"
    # Equal to Direction.COST as an int, yet each keeps its own labels.
    assert sw.scoring.Direction.COST == Sign.MINUS
    assert sw.scoring.Direction.COST.zh == "成本型"


def test_set_labels_refuses_missing_members() -> None:
    """Labels for some members only are refused, naming what is missing."""

    class Mood(sw.model.LabelledEnum):
        GOOD = "good"
        BAD = "bad"

    with pytest.raises(sw.InvalidValueError, match="missing \\['BAD'\\]"):
        set_labels(Mood, {"GOOD": ("好", "good")})


def test_referrers_index_every_reference() -> None:
    """referrers lists, for every reference, exactly the entities whose field names the target."""
    registry = sw.datasets.example()
    for ref in REFERENCES:
        holders = getattr(registry, ref.kind).values()
        for target in getattr(registry, ref.target):
            expected = sorted(
                entity.id
                for entity in holders
                if (
                    target in getattr(entity, ref.field) if ref.many else getattr(entity, ref.field) == target
                )
            )
            assert [e.id for e in registry.referrers(ref.kind, ref.field, target)] == expected


def test_referrers_refuse_an_unknown_reference() -> None:
    """A kind and field that is no reference raises InvalidValueError naming the field."""
    with pytest.raises(sw.InvalidValueError) as caught:
        sw.datasets.example().referrers("stations", "name", "x")
    assert caught.value.path == "field"


def test_from_kinds_reports_positions() -> None:
    """The checked construction reports duplicates, dangling references and wrong kinds by position."""
    district = sw.Division(code="510107", name="武侯区", level=sw.DivisionLevel.DISTRICT)
    hub = sw.Station(id="hub", name="总站", level=sw.StationLevel.DISTRICT, division_id="510107")
    room = sw.Station(
        id="hub", name="室", level=sw.StationLevel.COMMUNITY, division_id="510107", parent_id="x"
    )
    with pytest.raises(sw.InvalidRegistryError) as caught:
        sw.Registry.from_kinds({"divisions": [district], "stations": [hub, room]})
    assert [p.path for p in caught.value.problems] == ["stations[1].id", "stations[1].parent_id"]
    with pytest.raises(sw.InvalidRegistryError) as wrong:
        sw.Registry.from_kinds({"divisions": [hub], "people": []})
    assert [p.path for p in wrong.value.problems] == ["people", "divisions[0]"]
    registry = sw.Registry.from_kinds({"divisions": [district], "stations": [hub]})
    assert registry == sw.Registry([hub, district])
