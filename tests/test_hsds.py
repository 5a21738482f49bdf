"""The services directory in HSDS 3.0: valid against the Open Referral schemas, deterministic, and read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from referencing import Registry as SchemaRegistry
from referencing import Resource
from referencing.jsonschema import DRAFT202012

import socialwork as sw
from socialwork.io import CHINA_PROFILE, HSDS_FILES, from_hsds, hsds_id, to_hsds, write_hsds
from socialwork.testing import registries

SCHEMAS = Path(__file__).parent / "data" / "hsds-3.0"
#: The HSDS object each file of the directory holds.
OBJECTS = {"organizations": "organization", "locations": "location", "services": "service"}
CARRIED = ("divisions", "organizations", "stations", "projects")


def _schema_registry() -> SchemaRegistry:
    resources = [
        (
            path.name,
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in SCHEMAS.glob("*.json")
    ]
    return SchemaRegistry().with_resources(resources)


REGISTRY = _schema_registry()


def _validator(obj: str, *, profiled: bool) -> jsonschema.Draft202012Validator:
    schema: dict[str, Any] = {"$ref": f"{obj}.json"}
    if profiled:
        schema = {"allOf": [schema, {"properties": CHINA_PROFILE[obj]}]}
    return jsonschema.Draft202012Validator(
        schema, registry=REGISTRY, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


VALIDATORS = {
    name: (_validator(obj, profiled=False), _validator(obj, profiled=True)) for name, obj in OBJECTS.items()
}
AREA = _validator("service_area", profiled=True)
DIVISION = jsonschema.Draft202012Validator(
    {
        "type": "object",
        "properties": CHINA_PROFILE["cn_division"],
        "required": ["id", "code", "name", "level"],
    }
)


def _errors(directory: dict[str, list[dict[str, Any]]]) -> list[str]:
    found = []
    for name, (plain, profiled) in VALIDATORS.items():
        for position, record in enumerate(directory[name]):
            for validator in (plain, profiled):
                found += [f"{name}[{position}]: {e.message}" for e in validator.iter_errors(record)]
    for position, service in enumerate(directory["services"]):
        for area in service["service_areas"]:
            found += [f"services[{position}].service_areas: {e.message}" for e in AREA.iter_errors(area)]
    for position, division in enumerate(directory["cn_divisions"]):
        found += [f"cn_divisions[{position}]: {e.message}" for e in DIVISION.iter_errors(division)]
    return found


def test_the_schemas_are_the_reference_copy_with_its_attribution() -> None:
    """The test data is the HSDS 3.0 schema folder, with the CC BY-SA licence and the attribution kept."""
    assert "Attribution Share-Alike 4.0" in (SCHEMAS / "LICENSE").read_text(encoding="utf-8")
    assert "an Open Referral resource" in (SCHEMAS / "SOURCE.md").read_text(encoding="utf-8")
    assert {p.stem for p in SCHEMAS.glob("*.json")} >= {
        *OBJECTS.values(),
        "service_area",
        "organization_identifier",
    }


@pytest.mark.parametrize("name", ["example", "wuhou", "binzhou", "wuhan_school"])
def test_the_bundled_directories_validate_against_hsds_3(name: str) -> None:
    """Every organization, location and service of each bundled registry is valid HSDS 3.0, profiled or not."""
    directory = to_hsds(getattr(sw.datasets, name)())
    assert directory["organizations"]
    assert _errors(directory) == []


def test_a_broken_record_is_caught_by_the_schemas() -> None:
    """The validation can fail: a service without a status, an id that is no UUID."""
    directory = to_hsds(sw.datasets.wuhan_school())
    del directory["services"][0]["status"]
    directory["locations"][0]["id"] = "whs-station"
    assert len(_errors(directory)) >= 2


@settings(max_examples=40, deadline=None)
@given(registries(shuffled=True))
def test_any_registry_gives_a_valid_directory_that_reads_back(reg: sw.Registry) -> None:
    """Property: valid HSDS 3.0; the same ids whatever the order; the carried kinds come back equal."""
    directory = to_hsds(reg)
    assert _errors(directory) == []
    assert to_hsds(sw.Registry(reversed(reg.entities()))) == directory
    back = from_hsds(directory)
    for kind in CARRIED:
        assert dict(getattr(back, kind).items()) == dict(getattr(reg, kind).items()), kind
    assert sum(back.counts().values()) == sum(reg.counts()[kind] for kind in CARRIED)


def test_ids_are_uuid5_of_kind_and_id_and_credit_codes_are_identifiers() -> None:
    """The hub of the example keeps its UUID; a credit code is an organization identifier of scheme CN-USCC."""
    directory = to_hsds(sw.datasets.example())
    hub = next(loc for loc in directory["locations"] if loc["cn_id"] == "wh-hub")
    assert hub["id"] == hsds_id("stations", "wh-hub")
    identifiers = [i for o in directory["organizations"] for i in o["organization_identifiers"]]
    assert identifiers
    assert {i["identifier_scheme"] for i in identifiers} == {"CN-USCC"}
    codes = {o.credit_code for o in sw.datasets.example().organizations.values() if o.credit_code}
    assert {i["identifier"] for i in identifiers} == codes


def test_chinese_is_kept_as_it_is_with_a_language_tag() -> None:
    """Names are the registry's Chinese; every location and service says it is in Chinese (zh)."""
    directory = to_hsds(sw.datasets.wuhan_school())
    assert {s["name"] for s in directory["services"]} == {"守护明天", "相伴成长"}
    for record in directory["locations"] + directory["services"]:
        assert [(lang["code"], lang["name"]) for lang in record["languages"]] == [("zh", "中文")]


def test_no_personal_value_and_no_contact_reaches_the_directory() -> None:
    """Workers' names, donors, cases and referrals are not part of a services directory."""
    reg = sw.datasets.example()
    text = json.dumps(to_hsds(reg), ensure_ascii=False)
    for worker in reg.social_workers.values():
        assert worker.name not in text
    for donation in reg.donations.values():
        assert donation.donor is None or donation.donor not in text
    assert '"contacts"' not in text
    assert "校园欺凌" not in json.dumps(to_hsds(sw.datasets.wuhan_school()), ensure_ascii=False)


def test_write_hsds_writes_one_file_a_table_and_reads_back(tmp_path: Path) -> None:
    """The folder holds the four files, the same bytes each time, and from_hsds reads it."""
    write_hsds(sw.datasets.wuhou(), tmp_path / "d")
    first = {p.name: p.read_bytes() for p in (tmp_path / "d").iterdir()}
    assert sorted(first) == sorted(f"{name}.json" for name in HSDS_FILES)
    write_hsds(sw.datasets.wuhou(), tmp_path / "d")
    assert {p.name: p.read_bytes() for p in (tmp_path / "d").iterdir()} == first
    back = from_hsds(tmp_path / "d")
    assert dict(back.stations.items()) == dict(sw.datasets.wuhou().stations.items())


def test_a_bad_directory_raises_a_load_error_naming_every_place(tmp_path: Path) -> None:
    """A record that is no entity and a reference to nothing are both named."""
    directory = to_hsds(sw.datasets.wuhan_school())
    directory["locations"][0]["cn_station_level"] = "galaxy"
    directory["services"][0]["organization_id"] = "no-such-organization"
    with pytest.raises(sw.LoadError) as info:
        from_hsds(directory)
    assert [p.path for p in info.value.problems][:1] == ["locations[0].level"]
    (tmp_path / "organizations.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(sw.LoadError, match=r"organizations: cannot read organizations\.json"):
        from_hsds(tmp_path)


def test_the_export_command_writes_a_directory(tmp_path: Path) -> None:
    """``socialwork export --to hsds -o DIR`` writes the directory of the dataset."""
    from socialwork.cli import main

    assert main(["export", "--dataset", "wuhan_school", "--to", "hsds", "-o", str(tmp_path / "hsds")]) == 0
    assert from_hsds(tmp_path / "hsds").counts()["projects"] == 2
