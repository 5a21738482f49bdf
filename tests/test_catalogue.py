"""The bad-input catalogue: each case raises its documented error class at its path.

The cases are in ``tests/catalogue.py``, which the schema's tests read too; the
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
from tests.catalogue import BASE, LOAD_CASES


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
