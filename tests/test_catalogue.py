"""The bad-input catalogue: each case raises its documented error class at its path.

Documents are built from one small valid registry and broken one way each; the
many-object faults (cycles, level skips) are not load errors but violations, so
``sw.validate`` reports them with their rule and subject.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

import socialwork as sw

BASE: dict[str, Any] = json.loads(sw.dumps(sw.datasets.example()))


def _doc(change: Callable[[dict[str, Any]], None]) -> str:
    doc = json.loads(json.dumps(BASE))
    change(doc)
    return json.dumps(doc, ensure_ascii=False)


def _set(kind: str, position: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc[kind][position][key] = value

    return change


def _first(kind: str, key: str, value: Any) -> str:
    return _doc(_set(kind, 0, key, value))


def _duplicate_station(doc: dict[str, Any]) -> None:
    doc["stations"].append(dict(doc["stations"][0]))


LOAD_CASES: dict[str, tuple[str | bytes, str]] = {
    "id with spaces": (_first("stations", "id", " wh-hub"), "stations[0].id"),
    "full-width division code": (_first("divisions", "code", "５１０１０７"), "divisions[0].code"),
    "credit code check character": (
        _first("organizations", "credit_code", "91350100M000100Y44"),
        "organizations[0].credit_code",
    ),
    "negative money": (_first("donations", "amount", "-1"), "donations[0].amount"),
    "three-decimal money": (_first("donations", "amount", "1.005"), "donations[0].amount"),
    "float money": (_first("donations", "amount", 1.005), "donations[0].amount"),
    "money of 10**25": (_first("donations", "amount", "1" + "0" * 25), "donations[0].amount"),
    "number of 5,000 digits": (
        _first("projects", "person_times", 0).replace('"person_times": 0', '"person_times": ' + "9" * 5000),
        "projects[0].person_times",
    ),
    "lone surrogate": (_first("stations", "name", "\ud800"), "stations[0].name"),
    "dangling reference": (_first("stations", "parent_id", "wh-s-99"), "stations[0].parent_id"),
    "duplicate id": (_doc(_duplicate_station), "stations[7].id"),
    "code-prefix mismatch": (_first("divisions", "parent_code", "510108"), "divisions[0].parent_code"),
    "duplicate keys": (
        _first("stations", "name", "总站").replace('"name": "总站"', '"name": "总站", "name": "又一个"'),
        "stations[0]",
    ),
    "NaN": (_first("volunteers", "hours", 0).replace('"hours": 0', '"hours": NaN'), ""),
    "Infinity": (_first("volunteers", "hours", 0).replace('"hours": 0', '"hours": Infinity'), ""),
    "invalid UTF-8": (sw.dumps(sw.datasets.example()).encode()[:40] + b"\xc3\x28" + b"}", ""),
    "nesting 100,000 deep": ("[" * 100_000 + "]" * 100_000, ""),
    "not a document": ("[]", ""),
    "exponent out of range": (
        _first("volunteers", "hours", 0).replace('"hours": 0', '"hours": 1e9999999999999999999999'),
        "",
    ),
}


@pytest.mark.parametrize("case", list(LOAD_CASES), ids=list(LOAD_CASES))
def test_bad_document_is_a_load_error_at_its_path(case: str) -> None:
    """Each bad document raises LoadError, with a problem at the documented path."""
    data, path = LOAD_CASES[case]
    with pytest.raises(sw.LoadError) as caught:
        sw.loads(data)
    paths = [problem.path for problem in caught.value.problems]
    assert path in paths, paths


def test_document_over_the_size_limit_is_refused_before_parsing() -> None:
    """A document over max_size is refused as a whole, before any parse."""
    with pytest.raises(sw.LoadError) as caught:
        sw.loads(sw.dumps(sw.datasets.example()), max_size=1000)
    assert [p.path for p in caught.value.problems] == [""]


def test_a_bom_is_read_as_nothing() -> None:
    """A UTF-8 byte-order mark before the document is allowed, as many editors write one."""
    data = "\ufeff" + sw.dumps(sw.datasets.example())
    assert sw.loads(data.encode("utf-8")) == sw.datasets.example()


@pytest.mark.parametrize(
    ("build", "error", "path"),
    [
        (lambda: sw.Donation(id="d", fund_id="f", amount=1.5, date=BASE_DATE), sw.InvalidTypeError, "amount"),
        (
            lambda: sw.Donation(id="d", fund_id="f", amount=Decimal("NaN"), date=BASE_DATE),
            sw.InvalidValueError,
            "amount",
        ),
        (
            lambda: sw.Donation(id="d", fund_id="f", amount="0.001", date=BASE_DATE),
            sw.InvalidValueError,
            "amount",
        ),
        (
            lambda: sw.Station(id="", name="n", level=sw.StationLevel.STREET, division_id="d"),
            sw.InvalidValueError,
            "id",
        ),
        (lambda: sw.Station(id="s", name="n", level="street", division_id="d"), sw.InvalidTypeError, "level"),
    ],
    ids=["float", "NaN", "sub-fen", "empty id", "level as text"],
)
def test_bad_values_are_refused_at_construction(
    build: Callable[[], Any], error: type[Exception], path: str
) -> None:
    """The constructors refuse floats, NaN, sub-fen amounts, empty ids and untyped levels, naming the field."""
    with pytest.raises(error) as caught:
        build()
    assert caught.value.path == path  # type: ignore[attr-defined]


BASE_DATE = sw.datasets.example().funds["fund-nijiaqiao"].established


def test_a_station_cycle_is_reported_by_validation_not_raised() -> None:
    """Two street stations that are each other's parent load, and validation reports the cycle."""
    doc = json.loads(json.dumps(BASE))
    streets = [s for s in doc["stations"] if s["level"] == "street"]
    streets[0]["parent_id"], streets[1]["parent_id"] = streets[1]["id"], streets[0]["id"]
    registry = sw.loads(json.dumps(doc, ensure_ascii=False))
    report = sw.validate(registry)
    assert not report.ok
    assert {v.subject for v in report if v.code == "SW-I001"} & {streets[0]["id"], streets[1]["id"]}


def test_a_level_skip_is_reported_by_validation_not_raised() -> None:
    """A community room hung straight under the district hub is a hierarchy violation with its path."""
    doc = json.loads(json.dumps(BASE))
    room = next(s for s in doc["stations"] if s["level"] == "community")
    room["parent_id"] = next(s["id"] for s in doc["stations"] if s["level"] == "district")
    report = sw.validate(sw.loads(json.dumps(doc, ensure_ascii=False)))
    hierarchy = [v for v in report if v.family == "hierarchy" and v.subject == room["id"]]
    assert hierarchy
    assert all(v.path.startswith("stations[") for v in hierarchy)
