"""The services directory in HSDS 3.0 (Open Referral): organizations, stations as locations, projects.

HSDS (the Human Services Data Specification) is the international standard for a
directory of who offers which service where. A registry's directory part maps onto it:

- an :class:`~socialwork.Organization` is an HSDS ``organization``, its unified social
  credit code an ``organization_identifier`` (scheme ``CN-USCC``, as org-id.guide names it);
- a :class:`~socialwork.Station` is a ``location`` (``physical``) of the organization
  that operates it;
- a :class:`~socialwork.Project` is a ``service`` of its operator, with a
  ``service_at_location`` for each station it runs from and a ``service_area`` for
  each community it serves.

What HSDS does not have is carried by the China profile (:data:`socialwork.io.CHINA_PROFILE`):
extra properties whose names start with ``cn_`` (division codes, station level and
setting, co-builders, the five-society role, the kinds of service and groups served,
the socialwork ids), and one extra file, ``cn_divisions.json``, of the divisions
the directory names. Ids are deterministic version 5 UUIDs of the kind and the
socialwork id (:func:`socialwork.io.hsds_id`): the same registry gives the same directory, byte for
byte. Chinese text is written as it is, and every location and service says its
language (``zh``). No contact is written: the registry's only names of people are
personal, and a directory is made to be shared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from socialwork._bulk import gc_paused
from socialwork.errors import (
    InvalidRegistryError,
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    Message,
    Problem,
    SocialWorkError,
)
from socialwork.io._json import write_atomically
from socialwork.model import (
    Division,
    DivisionLevel,
    Entity,
    Organization,
    OrgKind,
    Project,
    Registry,
    ServiceKind,
    Society,
    Station,
    StationLevel,
    StationSetting,
    TargetGroup,
)
from socialwork.model.validators import check_date

__all__ = ["CHINA_PROFILE", "HSDS_FILES", "HSDS_NAMESPACE", "from_hsds", "hsds_id", "to_hsds", "write_hsds"]

HSDS_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "https://socialwork.readthedocs.io/hsds/3.0")
"""The namespace of the version 5 UUIDs of a directory's ids."""

HSDS_FILES: Final = ("organizations", "locations", "services", "cn_divisions")
"""The files of a directory, ``<name>.json`` each: three HSDS tables and the profile's divisions."""

_TEXT = {"type": "string"}
_TEXTS = {"type": "array", "items": {"type": "string"}}
_NULLABLE_TEXT = {"type": ["string", "null"]}
CHINA_PROFILE: Final[Mapping[str, Any]] = {
    "name": "socialwork China profile",
    "description": (
        "Extra properties for China's community social-work system, added to HSDS 3.0 objects as "
        "HSDS profiles add them; names start with cn_. Values are the codes of the socialwork JSON format."
    ),
    "organization": {
        "cn_id": _TEXT,
        "cn_org_kind": {"type": "string", "enum": [k.value for k in OrgKind]},
        "cn_division_code": _NULLABLE_TEXT,
        "cn_public_fundraising": {"type": "boolean"},
        "cn_society": {"type": "string", "enum": [s.value for s in Society]},
    },
    "location": {
        "cn_id": _TEXT,
        "cn_station_level": {"type": "string", "enum": [s.value for s in StationLevel]},
        "cn_setting": {"type": "string", "enum": [s.value for s in StationSetting]},
        "cn_division_code": _TEXT,
        "cn_parent_location_id": _NULLABLE_TEXT,
        "cn_co_builder_organization_ids": _TEXTS,
        "cn_area_m2": _NULLABLE_TEXT,
        "cn_opened": _NULLABLE_TEXT,
    },
    "service": {
        "cn_id": _TEXT,
        "cn_service_kinds": {
            "type": "array",
            "items": {"type": "string", "enum": [k.value for k in ServiceKind]},
        },
        "cn_target_groups": {
            "type": "array",
            "items": {"type": "string", "enum": [g.value for g in TargetGroup]},
        },
        "cn_start": _TEXT,
        "cn_end": _NULLABLE_TEXT,
        "cn_budget": _NULLABLE_TEXT,
        "cn_person_times": {"type": "integer", "minimum": 0},
    },
    "service_area": {"cn_division_code": _TEXT},
    "cn_division": {
        "id": _TEXT,
        "code": _TEXT,
        "name": _TEXT,
        "level": {"type": "string", "enum": [d.value for d in DivisionLevel]},
        "parent_code": _NULLABLE_TEXT,
    },
}
"""The China profile: the extra properties of each HSDS object, as JSON Schema, and the divisions' table.

Each entry but ``name``, ``description`` and ``cn_division`` names an HSDS object
(``organization``, ``location``, ``service``, ``service_area``) and the properties the
profile adds to it; ``cn_division`` is the record of ``cn_divisions.json``. HSDS 3.0
objects allow extra properties, so a profiled directory still validates against the
HSDS schemas.
"""

_ZH: Final = {"name": "中文", "code": "zh"}


def hsds_id(kind: str, entity_id: str, /) -> str:
    """Return the HSDS id of an entity: the version 5 UUID of ``"<kind>/<id>"``.

    The namespace is :data:`socialwork.io.HSDS_NAMESPACE`.

    Examples:
        >>> from socialwork.io import hsds_id
        >>> hsds_id("stations", "wh-hub") == hsds_id("stations", "wh-hub")
        True
        >>> hsds_id("stations", "wh-hub") != hsds_id("organizations", "wh-hub")
        True
        >>> len(hsds_id("stations", "wh-hub"))
        36
    """
    given: tuple[tuple[str, object], ...] = (("kind", kind), ("entity_id", entity_id))
    for name, value in given:
        if not isinstance(value, str):
            msg = Message("expected text, got {type}", "应为文本，实为 {type}", type=type(value).__name__)
            raise InvalidTypeError(msg, path=name)
    return _uuid5(f"{kind}/{entity_id}")


_NAMESPACE_BYTES: Final = HSDS_NAMESPACE.bytes


_VARIANT: Final = {f"{n:x}": f"{(n & 0x3) | 0x8:x}" for n in range(16)}  # the RFC 4122 variant


_NAMESPACE_SHA1: Final = hashlib.sha1(_NAMESPACE_BYTES, usedforsecurity=False)


def _uuid5(name: str) -> str:
    # uuid.uuid5 without the UUID object, from a copy of the hash of the namespace:
    # a national directory makes millions of them.
    digest = _NAMESPACE_SHA1.copy()
    digest.update(name.encode("utf-8"))
    h = digest.hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


class _Ids(dict[tuple[str, str], str]):
    """The HSDS ids of one directory, each made once: stations name their parents, projects their stations."""

    def __missing__(self, key: tuple[str, str]) -> str:
        made = self[key] = _uuid5(f"{key[0]}/{key[1]}")
        return made


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    # HSDS types its optional properties without null: a value not known is left out.
    return {key: value for key, value in record.items() if value is not None}


def _organization(org: Organization, ids: _Ids) -> dict[str, Any]:
    oid = ids["organizations", org.id]
    record: dict[str, Any] = {
        "id": oid,
        "name": org.name,
        "description": f"{org.kind.zh}（{org.kind.en}）",
        "organization_identifiers": [],
        "cn_id": org.id,
        "cn_org_kind": org.kind.value,
        "cn_division_code": org.division_id,
        "cn_public_fundraising": org.public_fundraising,
        "cn_society": Society.SOCIAL_ORGANIZATION.value,
    }
    if org.credit_code is not None:
        record["organization_identifiers"].append(
            {
                "id": _uuid5(f"organization_identifiers/{org.id}"),
                "organization_id": oid,
                "identifier_scheme": "CN-USCC",
                "identifier_type": "统一社会信用代码 (unified social credit code)",
                "identifier": org.credit_code,
            }
        )
    return record


def _language(kind: str, entity_id: str, field: str, owner: str) -> dict[str, Any]:
    return {"id": _uuid5(f"languages/{kind}/{entity_id}"), field: owner, **_ZH}


def _location(station: Station, ids: _Ids) -> dict[str, Any]:
    lid = ids["stations", station.id]
    return {
        "id": lid,
        "location_type": "physical",
        "name": station.name,
        "organization_id": None if station.operator_id is None else ids["organizations", station.operator_id],
        "description": f"{station.level.zh}（{station.setting.zh}）",
        "languages": [_language("stations", station.id, "location_id", lid)],
        "cn_id": station.id,
        "cn_station_level": station.level.value,
        "cn_setting": station.setting.value,
        "cn_division_code": station.division_id,
        "cn_parent_location_id": None if station.parent_id is None else ids["stations", station.parent_id],
        "cn_co_builder_organization_ids": [ids["organizations", o] for o in station.co_builder_ids],
        "cn_area_m2": None if station.area_m2 is None else format(station.area_m2, "f"),
        "cn_opened": None if station.opened is None else station.opened.isoformat(),
    }


def _service(
    project: Project, divisions: Mapping[str, Division], as_of: dt.date | None, ids: _Ids
) -> dict[str, Any]:
    sid = ids["projects", project.id]
    running = project.end is None or (as_of is not None and as_of <= project.end)
    kinds = sorted(project.service_kinds, key=lambda k: k.value)
    return {
        "id": sid,
        "organization_id": ids["organizations", project.operator_id],
        "name": project.name,
        "description": "、".join(k.zh for k in kinds),
        "status": "active" if running else "inactive",
        "languages": [_language("projects", project.id, "service_id", sid)],
        "service_areas": [
            {
                "id": _uuid5(f"service_areas/{project.id}/{code}"),
                "service_id": sid,
                "name": divisions[code].name if code in divisions else code,
                "extent": code,
                "extent_type": "text",
                "cn_division_code": code,
            }
            for code in project.community_ids
        ],
        "service_at_locations": [
            {
                "id": _uuid5(f"service_at_locations/{project.id}/{station_id}"),
                "service_id": sid,
                "location_id": ids["stations", station_id],
            }
            for station_id in project.station_ids
        ],
        "cn_id": project.id,
        "cn_service_kinds": [k.value for k in kinds],
        "cn_target_groups": sorted(g.value for g in project.target_groups),
        "cn_start": project.start.isoformat(),
        "cn_end": None if project.end is None else project.end.isoformat(),
        "cn_budget": None if project.budget is None else format(project.budget, "f"),
        "cn_person_times": project.person_times,
    }


def _division(division: Division) -> dict[str, Any]:
    return {
        "id": _uuid5(f"divisions/{division.code}"),
        "code": division.code,
        "name": division.name,
        "level": division.level.value,
        "parent_code": division.parent_code,
    }


def to_hsds(registry: Registry, /, *, as_of: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """Return the services directory of *registry* in HSDS 3.0 with the China profile, file by file.

    The result maps each name of :data:`socialwork.io.HSDS_FILES` to its records, sorted by id within
    each kind: ``organizations`` (with their ``organization_identifiers``),
    ``locations`` (the stations), ``services`` (the projects, with their
    ``service_areas`` and ``service_at_locations``) and ``cn_divisions``. A service
    is ``active`` when its project has no end, or ends on or after *as_of*.

    Raises:
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`.

    Examples:
        >>> from socialwork.io import to_hsds
        >>> directory = to_hsds(sw.datasets.wuhan_school())
        >>> [len(directory[name]) for name in ("organizations", "locations", "services", "cn_divisions")]
        [4, 1, 2, 3]
        >>> station = directory["locations"][0]
        >>> station["name"], station["cn_station_level"], len(station["cn_co_builder_organization_ids"])
        ('经济技术开发区(汉南区)职业教育培训中心社工站', 'district', 4)
        >>> to_hsds(sw.datasets.wuhan_school()) == directory
        True
    """
    given: object = registry
    if not isinstance(given, Registry):
        msg = Message(
            "expected a Registry, got {type}", "应为 Registry，实为 {type}", type=type(given).__name__
        )
        raise InvalidTypeError(msg, path="registry")
    if as_of is not None:
        check_date(None, "as_of", as_of)
    divisions = registry.divisions.view()
    ids = _Ids()
    with gc_paused():  # a national directory allocates millions of small objects, none of them cyclic
        return {
            "organizations": [
                _compact(_organization(o, ids)) for _, o in sorted(registry.organizations.items())
            ],
            "locations": [_compact(_location(s, ids)) for _, s in sorted(registry.stations.items())],
            "services": [
                _compact(_service(p, divisions, as_of, ids)) for _, p in sorted(registry.projects.items())
            ],
            "cn_divisions": [_compact(_division(d)) for _, d in sorted(divisions.items())],
        }


def write_hsds(
    registry: Registry, directory: str | os.PathLike[str], /, *, as_of: dt.date | None = None
) -> None:
    """Write the HSDS directory of *registry* into the folder *directory*, one ``<name>.json`` a file.

    The folder is made if it does not exist; each file is written atomically (see
    :func:`write_atomically`), as UTF-8 JSON with the Chinese as it is.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from socialwork.io import write_hsds
        >>> folder = Path(tempfile.mkdtemp()) / "directory"
        >>> write_hsds(sw.datasets.wuhan_school(), folder)
        >>> sorted(p.name for p in folder.iterdir())
        ['cn_divisions.json', 'locations.json', 'organizations.json', 'services.json']
    """
    data = to_hsds(registry, as_of=as_of)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    for name in HSDS_FILES:
        records = data.pop(name)  # let each table go once written
        with gc_paused():
            text = (
                "[\n" + ",\n".join(map(encode, records)) + "\n]\n" if records else "[]\n"
            )  # one record a line
        del records
        write_atomically(folder / f"{name}.json", text.encode("utf-8"))


_CANNOT: Final = Message("cannot read the HSDS directory", "无法读取 HSDS 服务目录")


def _read_folder(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in HSDS_FILES:
        path = folder / f"{name}.json"
        try:
            data[name] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data[name] = []
        except (OSError, UnicodeDecodeError, ValueError) as error:
            msg = Message(
                "cannot read {file}: {error}", "无法读取 {file}：{error}", file=path.name, error=str(error)
            )
            problems.append(Problem(name, msg))
    if problems:
        raise LoadError(_CANNOT, problems)
    return data


class _Reader:
    """Reads records back into entities, collecting every problem with its path."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.problems: list[Problem] = []
        self.ids: dict[str, str] = {}  # HSDS id -> socialwork id
        for name in HSDS_FILES:
            items = data.get(name, [])
            if not isinstance(items, list):
                msg = Message(
                    "expected an array, got {type}", "应为数组，实为 {type}", type=type(items).__name__
                )
                self.problems.append(Problem(name, msg))
                continue
            for position, item in enumerate(items):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    own = item.get("cn_id", item.get("code", item["id"]))
                    self.ids[item["id"]] = own if isinstance(own, str) else item["id"]
                else:
                    msg = Message("expected an object with an id", "应为带 id 的对象")
                    self.problems.append(Problem(f"{name}[{position}]", msg))

    def ref(self, value: object) -> str | None:
        if value is None:
            return None
        return self.ids.get(value, value) if isinstance(value, str) else str(value)

    def build(self, path: str, make: Any, **fields: Any) -> Entity | None:
        try:
            return make(**fields)  # type: ignore[no-any-return]
        except SocialWorkError as error:
            self.problems.extend(problem.under(path) for problem in getattr(error, "problems", ()))
        except (KeyError, TypeError, ValueError) as error:
            msg = Message("cannot read the record: {error}", "无法读取该记录：{error}", error=str(error))
            self.problems.append(Problem(path, msg))
        return None


def _member(enum: Any, value: object, field: str) -> Any:
    # The member of *enum* that *value* names; a refusal names the record's field, not the enumeration.
    try:
        return enum(value)
    except InvalidValueError as error:
        raise InvalidValueError(error.problems[0].message, path=field) from None


def _date(value: object) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)  # type: ignore[arg-type]


def from_hsds(source: Mapping[str, Any] | str | os.PathLike[str], /) -> Registry:
    """Read an HSDS directory with the China profile back into divisions, organizations, stations, projects.

    *source* is what :func:`to_hsds` returns, or a folder that :func:`write_hsds`
    wrote. Ids come back from the profile's ``cn_id`` (an HSDS id where a record has
    none), references from the HSDS ids they name. The round trip holds for what
    HSDS can carry: ``from_hsds(to_hsds(r))`` holds the divisions, organizations,
    stations and projects of ``r``, and nothing else.

    Raises:
        LoadError: a file cannot be read, a record cannot be an entity, or a
            reference names nothing; every problem with its path.

    Examples:
        >>> from socialwork.io import from_hsds, to_hsds
        >>> school = sw.datasets.wuhan_school()
        >>> back = from_hsds(to_hsds(school))
        >>> back.counts()["stations"], back.stations["whs-station"] == school.stations["whs-station"]
        (1, True)
    """
    data: object = _read_folder(Path(source)) if isinstance(source, str | os.PathLike) else source
    if not isinstance(data, Mapping):
        msg = Message(
            "expected a mapping or a folder, got {type}",
            "应为映射或文件夹，实为 {type}",
            type=type(data).__name__,
        )
        raise InvalidTypeError(msg, path="source")
    reader = _Reader(data)
    lists: dict[str, list[Any]] = {"divisions": [], "organizations": [], "stations": [], "projects": []}

    def records(name: str) -> list[tuple[str, dict[str, Any]]]:
        items = data.get(name, [])
        if not isinstance(items, list):
            return []
        return [
            (f"{name}[{i}]", item) for i, item in enumerate(items) if isinstance(item, dict) and "id" in item
        ]

    for path, d in records("cn_divisions"):
        lists["divisions"].append(
            reader.build(
                path,
                _division_of,
                code=d.get("code"),
                name=d.get("name"),
                level=d.get("level"),
                parent_code=d.get("parent_code"),
            )
        )
    for path, o in records("organizations"):
        codes = [
            i.get("identifier")
            for i in o.get("organization_identifiers") or []
            if i.get("identifier_scheme") == "CN-USCC"
        ]
        lists["organizations"].append(
            reader.build(
                path,
                _organization_of,
                id=reader.ids[o["id"]],
                name=o.get("name"),
                kind=o.get("cn_org_kind", OrgKind.OTHER.value),
                credit_code=codes[0] if codes else None,
                division_id=o.get("cn_division_code"),
                public_fundraising=o.get("cn_public_fundraising", False),
            )
        )
    for path, s in records("locations"):
        lists["stations"].append(
            reader.build(
                path,
                _station_of,
                id=reader.ids[s["id"]],
                name=s.get("name"),
                level=s.get("cn_station_level"),
                division_id=s.get("cn_division_code"),
                parent_id=reader.ref(s.get("cn_parent_location_id")),
                operator_id=reader.ref(s.get("organization_id")),
                co_builder_ids=[reader.ref(o) for o in s.get("cn_co_builder_organization_ids") or []],
                setting=s.get("cn_setting", StationSetting.COMMUNITY.value),
                area_m2=s.get("cn_area_m2"),
                opened=s.get("cn_opened"),
            )
        )
    for path, p in records("services"):
        lists["projects"].append(
            reader.build(
                path,
                _project_of,
                id=reader.ids[p["id"]],
                name=p.get("name"),
                operator_id=reader.ref(p.get("organization_id")),
                start=p.get("cn_start"),
                end=p.get("cn_end"),
                station_ids=[reader.ref(a.get("location_id")) for a in p.get("service_at_locations") or []],
                community_ids=[
                    a.get("cn_division_code", a.get("extent")) for a in p.get("service_areas") or []
                ],
                service_kinds=p.get("cn_service_kinds") or [],
                target_groups=p.get("cn_target_groups") or [],
                budget=p.get("cn_budget"),
                person_times=p.get("cn_person_times", 0),
            )
        )
    if reader.problems or any(item is None for items in lists.values() for item in items):
        raise LoadError(
            _CANNOT, reader.problems or [Problem("", Message("unreadable records", "无法读取的记录"))]
        )
    try:
        return Registry.from_kinds(lists)
    except InvalidRegistryError as error:
        raise LoadError(_CANNOT, error.problems) from None


def _division_of(**f: Any) -> Division:
    return Division(
        code=f["code"],
        name=f["name"],
        level=_member(DivisionLevel, f["level"], "level"),
        parent_code=f["parent_code"],
    )


def _organization_of(**f: Any) -> Organization:
    return Organization(**{**f, "kind": _member(OrgKind, f["kind"], "kind")})


def _station_of(**f: Any) -> Station:
    return Station(
        **{
            **f,
            "level": _member(StationLevel, f["level"], "level"),
            "setting": _member(StationSetting, f["setting"], "setting"),
            "area_m2": None if f["area_m2"] is None else Decimal(f["area_m2"]),
            "opened": _date(f["opened"]),
        }
    )


def _project_of(**f: Any) -> Project:
    return Project(
        **{
            **f,
            "start": _date(f["start"]),
            "end": _date(f["end"]),
            "service_kinds": frozenset(_member(ServiceKind, k, "service_kinds") for k in f["service_kinds"]),
            "target_groups": frozenset(_member(TargetGroup, g, "target_groups") for g in f["target_groups"]),
            "budget": None if f["budget"] is None else Decimal(f["budget"]),
        }
    )
