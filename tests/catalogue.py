"""The bad-input catalogue: documents broken one way each, with the path the loader names.

Documents are built from one small valid registry (``sw.datasets.example()``). The
loader's tests (``tests/test_catalogue.py``) and the schema's
(``tests/test_schema_strictness.py``) both read :data:`LOAD_CASES`, so that a new
case is checked against both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import socialwork as sw

__all__ = ["BASE", "LOAD_CASES", "document"]

BASE: dict[str, Any] = json.loads(sw.dumps(sw.datasets.example()))


def document(change: Callable[[dict[str, Any]], None]) -> str:
    doc = json.loads(json.dumps(BASE))
    change(doc)
    return json.dumps(doc, ensure_ascii=False)


def _set(kind: str, position: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc[kind][position][key] = value

    return change


def _first(kind: str, key: str, value: Any) -> str:
    return document(_set(kind, 0, key, value))


def _duplicate_station(doc: dict[str, Any]) -> None:
    doc["stations"].append(dict(doc["stations"][0]))


def _delete(kind: str, key: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        del doc[kind][0][key]

    return change


def _top(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc[key] = value

    return change


def _level(level: str) -> dict[str, Any]:
    return next(d for d in BASE["divisions"] if d["level"] == level)


def _division(code: str, change: dict[str, Any]) -> str:
    def edit(doc: dict[str, Any]) -> None:
        next(d for d in doc["divisions"] if d["code"] == code).update(change)

    return document(edit)


def _position(kind: str, key: str, value: str) -> int:
    return next(i for i, item in enumerate(BASE[kind]) if item[key] == value)


def _v2_key_in_v1(doc: dict[str, Any]) -> None:
    doc["version"] = 1
    doc["funds"][0]["committee_members"] = 5


def _end_before_start(doc: dict[str, Any]) -> None:
    doc["projects"][0]["start"], doc["projects"][0]["end"] = "2022-12-31", "2022-01-01"


def _own_parent(doc: dict[str, Any]) -> None:
    doc["stations"][0]["parent_id"] = doc["stations"][0]["id"]


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
    "duplicate id": (document(_duplicate_station), "stations[7].id"),
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
    "unknown key": (_first("stations", "colour", "red"), "stations[0].colour"),
    "missing key": (document(_delete("stations", "division_id")), "stations[0].division_id"),
    "array given as a string": (_first("volunteers", "skills", "home_visit"), "volunteers[0].skills"),
    "unknown enum value": (_first("stations", "level", "hub"), "stations[0].level"),
    "unknown kind of entity": (document(_top("beneficiaries", [])), "beneficiaries"),
    "unknown version": (document(_top("version", 4)), "version"),
    "other format": (document(_top("format", "geojson")), "format"),
    "version 2 key in a version 1 document": (document(_v2_key_in_v1), "funds[0].committee_members"),
    "blank name": (_first("stations", "name", " \u3000 "), "stations[0].name"),
    "control character in an id": (_first("stations", "id", "wh\x00hub"), "stations[0].id"),
    "id repeated in a list of ids": (
        document(_set("stations", 4, "co_builder_ids", ["org-civil", "org-civil"])),
        "stations[4].co_builder_ids",
    ),
    "boolean for a whole number": (_first("projects", "person_times", True), "projects[0].person_times"),
    "urgency out of range": (_first("needs", "urgency", 6), "needs[0].urgency"),
    "no persons": (_first("needs", "persons", 0), "needs[0].persons"),
    "negative committee": (_first("funds", "committee_members", -1), "funds[0].committee_members"),
    "zero amount": (_first("donations", "amount", "0.00"), "donations[0].amount"),
    "amount with an exponent": (_first("donations", "amount", "1e3"), "donations[0].amount"),
    "amount with a comma": (_first("donations", "amount", "1,000.00"), "donations[0].amount"),
    "negative hours": (_first("volunteers", "hours", "-2"), "volunteers[0].hours"),
    "sub-fen budget": (_first("projects", "budget", "100.001"), "projects[0].budget"),
    "date in another form": (_first("donations", "date", "2022/03/15"), "donations[0].date"),
    "no such month": (_first("donations", "date", "2022-13-01"), "donations[0].date"),
    "no such day": (_first("donations", "date", "2022-02-30"), "donations[0].date"),
    "date as a number": (_first("donations", "date", 20220315), "donations[0].date"),
    "credit code with a letter outside the alphabet": (
        _first("organizations", "credit_code", "52510107MJ000002ID"),
        "organizations[0].credit_code",
    ),
    "credit code of 17 characters": (
        _first("organizations", "credit_code", "52510107MJ0000021"),
        "organizations[0].credit_code",
    ),
    "credit code in lower case": (
        _first("organizations", "credit_code", "52510107mj0000021d"),
        "organizations[0].credit_code",
    ),
    "district code ending in 00": (
        _division("510107", {"code": "510100"}),
        f"divisions[{_position('divisions', 'code', '510107')}].code",
    ),
    "street code ending in 000": (
        _division("510107015", {"code": "510107000"}),
        f"divisions[{_position('divisions', 'code', '510107015')}].code",
    ),
    "community code of 9 digits": (
        _division("510107015001", {"code": "510107015"}),
        f"divisions[{_position('divisions', 'code', '510107015001')}].code",
    ),
    "district whose parent is a district": (
        _division("510107", {"parent_code": "510104"}),
        f"divisions[{_position('divisions', 'code', '510107')}].parent_code",
    ),
    "street whose code does not extend its parent's": (
        _division("510107015", {"parent_code": "510104"}),
        f"divisions[{_position('divisions', 'code', '510107015')}].parent_code",
    ),
    "station division that is not a code": (
        _first("stations", "division_id", "武侯区"),
        "stations[0].division_id",
    ),
    "station that is its own parent": (document(_own_parent), "stations[0].parent_id"),
    "project that ends before it starts": (document(_end_before_start), "projects[0].end"),
}
