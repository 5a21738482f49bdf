"""The JSON format: round trips, determinism, schema, and errors that say where."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.datasets import example_path
from socialwork.testing import registries

# Names of bodies in any text (people's names stay synthetic): what the format must carry.
TEXTS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")
HEADER = '{"format": "socialwork", "version": 1'


def document(**lists: Any) -> str:
    """A document with the given lists of raw objects."""
    return json.dumps({"format": "socialwork", "version": 1, **lists}, ensure_ascii=False)


def problems(text: str | bytes) -> list[str]:
    """The problems that loading *text* reports, as strings."""
    with pytest.raises(sw.LoadError) as info:
        sw.loads(text)
    assert isinstance(info.value, sw.SocialWorkError)
    assert isinstance(info.value, ValueError)
    return [str(p) for p in info.value.problems]


# -- versions ------------------------------------------------------------------------------


def _as_version_1(reg: sw.Registry) -> sw.Registry:
    """Return *reg* with the fields of version 2 at their defaults."""
    entities: list[Any] = []
    for kind in sw.model.KINDS:
        for entity in getattr(reg, kind).values():
            if isinstance(entity, sw.Organization):
                entities.append(attrs.evolve(entity, public_fundraising=False))
            elif isinstance(entity, sw.Fund):
                entities.append(attrs.evolve(entity, committee_members=None, committee_supervisors=None))
            else:
                entities.append(entity)
    return sw.Registry(entities)


def _committee_document(version: int, **fund: Any) -> str:
    """A document of *version* with one federation and one fund with *fund*'s extra keys."""
    doc = json.loads(sw.dumps(sw.datasets.example()))
    doc["version"] = version
    doc["funds"] = [
        {
            "id": "f",
            "name": "社区基金",
            "division_id": doc["divisions"][-1]["code"],
            "manager_id": doc["organizations"][0]["id"],
            "established": "2021-03-01",
            **fund,
        }
    ]
    doc["donations"], doc["grants"] = [], []
    return json.dumps(doc, ensure_ascii=False)


def test_dumps_writes_the_newest_version_and_reads_every_version() -> None:
    """dumps writes version 3 (VERSION), the newest of the versions read (VERSIONS)."""
    assert sw.io.VERSION == 3
    assert sw.io.VERSIONS == (1, 2, 3)
    assert json.loads(sw.dumps(sw.datasets.example()))["version"] == sw.io.VERSION


@given(registries())
def test_a_version_1_document_still_loads(reg: sw.Registry) -> None:
    """A version 1 document (no version 2 keys) loads as the registry it holds."""
    old = _as_version_1(reg)
    text = sw.dumps(old)
    assert '"public_fundraising"' not in text
    assert '"committee_' not in text
    assert sw.loads(text.replace('"version": 3', '"version": 1', 1)) == old


def test_the_bundled_scenarios_are_documents_of_their_versions_and_load() -> None:
    """Wuhou and Binzhou stay version 1 documents, Wuhan's platform with its referrals is version 3."""
    folder = Path(example_path()).parent
    for name, version in (("wuhou", 1), ("binzhou", 1), ("wuhan_school", 3)):
        path = folder / f"{name}.json"
        assert json.loads(path.read_bytes())["version"] == version
        assert sw.load(path) == sw.datasets.scenario(name).registry


def test_version_2_fields_load_and_round_trip() -> None:
    """public_fundraising and the committee counts load from a version 2 document and dump back."""
    text = _committee_document(2, committee_members=7, committee_supervisors=1)
    doc = json.loads(text)
    doc["organizations"][0]["public_fundraising"] = True
    reg = sw.loads(json.dumps(doc, ensure_ascii=False))
    fund = reg.funds["f"]
    assert (fund.committee_members, fund.committee_supervisors) == (7, 1)
    assert reg.organizations[doc["organizations"][0]["id"]].public_fundraising is True
    assert sw.loads(sw.dumps(reg)) == reg
    assert '"committee_members": 7, "committee_supervisors": 1' in sw.dumps(reg)
    nulls = sw.loads(_committee_document(2, committee_members=None, committee_supervisors=None))
    assert nulls.funds["f"].committee_members is None


def test_version_2_keys_in_a_version_1_document_are_refused() -> None:
    """A version 1 document may not hold the keys of version 2: each is named, with the version."""
    found = problems(_committee_document(1, committee_members=5, committee_supervisors=1))
    assert found == [
        (
            "funds[0].committee_members: unknown key 'committee_members' in a version 1 document; the keys "
            "of funds in version 1 are id, name, division_id, manager_id, established (write version 2 "
            "to use it)"
        ),
        (
            "funds[0].committee_supervisors: unknown key 'committee_supervisors' in a version 1 document; "
            "the keys of funds in version 1 are id, name, division_id, manager_id, established (write "
            "version 2 to use it)"
        ),
    ]
    assert sw.loads(_committee_document(2, committee_members=5)).funds["f"].committee_members == 5


def test_version_2_fields_with_bad_values_are_located() -> None:
    """Bad committee counts and a non-boolean qualification are named by their paths."""
    doc = json.loads(_committee_document(2, committee_members=-1, committee_supervisors="1"))
    doc["organizations"][0]["public_fundraising"] = "yes"
    assert problems(json.dumps(doc, ensure_ascii=False)) == [
        "organizations[0].public_fundraising: expected a bool, got str 'yes'",
        "funds[0].committee_supervisors: expected a whole number, got string '1'",
        "funds[0].committee_members: expected a whole number at least 0, got -1",
    ]
    assert problems(_committee_document(2, committee_members=5.0)) == [
        "funds[0].committee_members: expected a whole number without a decimal point, got 5.0"
    ]
    assert problems(_committee_document(2, committee_supervisors=True)) == [
        "funds[0].committee_supervisors: expected a whole number, got boolean True"
    ]


@pytest.mark.parametrize("version", ["0", "4", '"2"', "true", "2.0", "null"])
def test_other_versions_are_refused_naming_the_versions_read(version: str) -> None:
    """Any version but 1, 2 and 3 is refused, and the message names the versions this library reads."""
    (found,) = problems('{"format": "socialwork", "version": %s}' % version)  # noqa: UP031
    assert found.startswith("version: expected 1 or 2 or 3 (this library reads versions 1, 2 and 3), got ")


def test_the_schema_describes_version_2() -> None:
    """The schema has the version 2 fields and accepts versions 1 and 2 only."""
    schema = sw.io.json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    assert schema["$defs"]["Organization"]["properties"]["public_fundraising"] == {"type": "boolean"}
    for field in ("committee_members", "committee_supervisors"):
        assert schema["$defs"]["Fund"]["properties"][field] == {
            "anyOf": [{"type": "integer", "minimum": 0, "maximum": 2**63 - 1}, {"type": "null"}]
        }
    doc = json.loads(_committee_document(2, committee_members=5, committee_supervisors=1))
    validator.validate(doc)
    validator.validate(dict(doc, version=1, funds=[]))
    assert not validator.is_valid(dict(doc, version=4))
    doc["organizations"][0]["public_fundraising"] = "yes"
    assert not validator.is_valid(doc)


# -- round trips and determinism -----------------------------------------------------------


@given(registries(shuffled=True, texts=TEXTS))
def test_dump_then_load_gives_an_equal_registry(reg: sw.Registry) -> None:
    """dump -> load is the identity on registries."""
    assert sw.loads(sw.dumps(reg)) == reg


@given(registries(shuffled=True, texts=TEXTS))
def test_dump_is_canonical(reg: sw.Registry) -> None:
    """Loading a dump and dumping again gives the same bytes."""
    text = sw.dumps(reg)
    assert sw.dumps(sw.loads(text)) == text


def test_bundled_example_is_in_canonical_form(registry: sw.Registry) -> None:
    """The bundled file is exactly what dump writes for it."""
    assert Path(example_path()).read_text(encoding="utf-8") == sw.dumps(registry)


def test_chinese_text_is_kept_as_text(registry: sw.Registry) -> None:
    """Names are written as UTF-8 text, not \\u escapes."""
    text = sw.dumps(registry)
    assert "武侯区社工总站" in text
    assert "\\u" not in text


@pytest.mark.parametrize("seed", ["0", "1", "12345"])
def test_dump_bytes_do_not_depend_on_the_hash_seed(seed: str, registry: sw.Registry) -> None:
    """Sets of enums are sorted, so the bytes are the same under any PYTHONHASHSEED."""
    code = "import sys, socialwork as sw; sys.stdout.buffer.write(sw.dumps(sw.datasets.example()).encode())"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout
    assert out.decode("utf-8") == sw.dumps(registry)


def test_load_and_dump_accept_paths_and_files(tmp_path: Path, registry: sw.Registry) -> None:
    """Paths, text files and binary files all work both ways."""
    path = tmp_path / "reg.json"
    sw.dump(registry, path)
    assert sw.load(path) == registry
    assert sw.load(str(path)) == registry
    with path.open("rb") as binary:
        assert sw.load(binary) == registry
    text = io.StringIO()
    sw.dump(registry, text)
    assert sw.load(io.StringIO(text.getvalue())) == registry
    binary_out = io.BytesIO()
    sw.dump(registry, binary_out)
    assert binary_out.getvalue() == path.read_bytes()


def test_missing_optional_fields_and_kinds_take_their_defaults() -> None:
    """A hand-written document may leave out empty kinds and default fields."""
    text = document(
        divisions=[{"code": "510107", "name": "武侯区", "level": "district"}],
        stations=[{"id": "hub", "name": "总站", "level": "district", "division_id": "510107"}],
    )
    reg = sw.loads(text)
    assert reg.stations["hub"].setting is sw.StationSetting.COMMUNITY
    assert reg.stations["hub"].co_builder_ids == ()


def test_json_numbers_for_amounts_are_read_exactly() -> None:
    """A JSON number for money is parsed as a Decimal, never through a float."""
    text = document(
        divisions=[{"code": "510107", "name": "武侯区", "level": "district"}],
        organizations=[{"id": "o", "name": "机构", "kind": "charity_federation"}],
        funds=[
            {
                "id": "f",
                "name": "基金",
                "division_id": "510107",
                "manager_id": "o",
                "established": "2022-01-01",
            }
        ],
        donations=[{"id": "d", "fund_id": "f", "amount": 0, "date": "2022-01-01"}],
    ).replace('"amount": 0', '"amount": 0.10')
    assert str(sw.loads(text).donations["d"].amount) == "0.10"


# -- schema ------------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """json_schema() passes the meta-schema."""
    jsonschema.Draft202012Validator.check_schema(sw.io.json_schema())


def test_bundled_example_validates_against_the_schema(registry: sw.Registry) -> None:
    """The bundled example file is valid under the schema."""
    schema = sw.io.json_schema()
    jsonschema.validate(json.loads(Path(example_path()).read_text(encoding="utf-8")), schema)


@settings(max_examples=50)
@given(registries(shuffled=True, texts=TEXTS))
def test_every_dump_validates_against_the_schema(reg: sw.Registry) -> None:
    """Whatever dump writes, the schema accepts."""
    jsonschema.Draft202012Validator(sw.io.json_schema()).validate(json.loads(sw.dumps(reg)))


def test_schema_rejects_unknown_keys() -> None:
    """The schema forbids keys the format does not have, like the loader."""
    doc = json.loads(document(divisions=[{"code": "510107", "name": "武侯区", "level": "district", "x": 1}]))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, sw.io.json_schema())


# -- errors -------------------------------------------------------------------------------------


def test_not_json() -> None:
    """A file that is not JSON is one problem, with line and column."""
    assert problems("{not json") == [
        "the document is not valid JSON at line 1, column 2: Expecting property name enclosed in double quotes"
    ]


def test_invalid_utf8() -> None:
    """Bytes that are not UTF-8 are refused, naming the byte."""
    prefix = HEADER.encode() + b', "divisions": [{"name": "'
    (problem,) = problems(prefix + b'\xff"}]}')
    assert f"not valid UTF-8: byte {len(prefix)} (b'\\xff')" in problem


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(constant: str) -> None:
    """Python's json accepts NaN and Infinity; the format does not."""
    (problem,) = problems(HEADER + ', "x": ' + constant + "}")
    assert constant.lstrip("-") in problem


def test_wrong_format_version_and_top_level_keys() -> None:
    """The document's header is checked first, every problem at once."""
    assert problems('{"format": "other", "version": 4, "stationz": []}') == [
        "format: expected 'socialwork', got 'other'",
        "version: expected 1 or 2 or 3 (this library reads versions 1, 2 and 3), got 4",
        (
            "stationz: unknown key 'stationz'; expected 'format', 'version' or divisions, organizations, "
            "stations, social_workers, volunteers, projects, needs, funds, donations, grants, cases, "
            "consents, referrals, referral_events"
        ),
    ]
    assert problems("[]") == ["expected a JSON object with \"format\": 'socialwork', got list"]
    assert problems('{"format": "socialwork", "version": true}')[0].startswith("version:")


def test_a_kind_that_is_not_an_array() -> None:
    """Each kind must be a JSON array."""
    assert problems(HEADER + ', "stations": {}}') == ["stations: expected an array of stations, got dict"]


def test_duplicate_keys_are_refused_with_their_path() -> None:
    """Python's json keeps the last of duplicate keys silently; the loader names them."""
    text = HEADER + ', "divisions": [{"code": "510107", "name": "a", "name": "b", "level": "district"}]}'
    assert problems(text) == ["divisions[0]: duplicate key(s) 'name' in one object"]


def test_unknown_missing_and_mistyped_fields() -> None:
    """Unknown keys, missing required keys and wrong JSON types are all named."""
    text = document(
        stations=[{"id": "s", "name": 3, "level": "nowhere", "colour": "red"}],
        volunteers=[{"id": "v", "division_id": "1", "skills": "home_visit"}],
    )
    assert problems(text) == [
        (
            "stations[0].colour: unknown key 'colour'; the keys of stations are id, name, level, division_id, "
            "parent_id, operator_id, co_builder_ids, setting, area_m2, opened"
        ),
        "stations[0].level: expected one of 'district', 'street', 'community', got string 'nowhere'",
        "stations[0].division_id: required key is missing",
        "stations[0].name: expected text, got int 3",
        "volunteers[0].skills: expected an array, got string 'home_visit'",
        "volunteers[0].division_id: unknown division '1'",
    ]


def test_bad_items_inside_arrays_are_located() -> None:
    """A bad member of a set is named by its index."""
    text = document(
        social_workers=[{"id": "w", "name": "工", "tracks": ["practitioner", "boss"]}],
    )
    assert problems(text) == [
        "social_workers[0].tracks[1]: expected one of 'practitioner', 'manager', 'supervisor', got string 'boss'"
    ]


def test_malformed_codes_bad_money_and_dates() -> None:
    """Codes, money and dates are checked with the model's own rules, at their paths."""
    text = document(
        divisions=[{"code": "５１０１０７", "name": "武侯区", "level": "district"}],
        organizations=[{"id": "o", "name": "机构", "kind": "other", "credit_code": "91350100M000100Y44"}],
        donations=[
            {"id": "d1", "fund_id": "f", "amount": "1.005", "date": "2022-02-30"},
            {"id": "d2", "fund_id": "f", "amount": "-1", "date": "2022/01/01"},
        ],
    )
    assert problems(text) == [
        "divisions[0].code: a district code must be 6 ASCII digits, got '５１０１０７'",
        "organizations[0].credit_code: check character should be '3', got '4' in '91350100M000100Y44'",
        "donations[0].date: no such date: '2022-02-30'",
        "donations[0].amount: expected an amount in whole fen (0.01 yuan), got '1.005'",
        "donations[0].fund_id: unknown fund 'f'",
        "donations[1].date: expected a date 'YYYY-MM-DD', got '2022/01/01'",
        "donations[1].amount: expected a non-negative number, got '-1'",
        "donations[1].fund_id: unknown fund 'f'",
    ]


def test_duplicate_ids_and_dangling_references_are_located(registry: sw.Registry) -> None:
    """Registry problems come back with the positions of the document."""
    doc = json.loads(sw.dumps(registry))
    doc["stations"][3]["parent_id"] = "nowhere"
    doc["donations"].append(dict(doc["donations"][0]))
    doc["grants"][0]["project_id"] = "p-none"
    assert problems(json.dumps(doc, ensure_ascii=False)) == [
        "stations[3].parent_id: unknown station 'nowhere'",
        "donations[3].id: duplicate id 'd-01', already used by donations[0]",
        "grants[0].project_id: unknown project 'p-none'",
    ]


def test_references_to_unreadable_entities_are_not_reported_twice(registry: sw.Registry) -> None:
    """When an entity cannot be read, references to it are not also called dangling."""
    doc = json.loads(sw.dumps(registry))
    position = next(i for i, s in enumerate(doc["stations"]) if s["id"] == "wh-hub")
    doc["stations"][position]["area_m2"] = "big"
    assert problems(json.dumps(doc, ensure_ascii=False)) == [
        f"stations[{position}].area_m2: expected a decimal number written like '1200.50', got 'big'"
    ]


def _mutations() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.text(max_size=20),
        st.lists(st.text(max_size=5), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
        st.sampled_from(["510107", "2022-01-01", "1.00", "district", "wh-hub", "", " x", "１２"]),
    )


@settings(max_examples=300)
@given(st.data())
def test_any_mutation_loads_or_raises_load_error(data: st.DataObject) -> None:
    """Whatever one change does to a valid document, loading gives a registry or a LoadError."""
    doc = json.loads(sw.dumps(sw.datasets.example()))
    kind = data.draw(st.sampled_from([k for k in sw.model.KINDS if doc.get(k)]))
    item = data.draw(st.sampled_from(doc[kind]))
    action = data.draw(st.sampled_from(["set", "delete", "add", "replace-object", "replace-list"]))
    key = data.draw(st.sampled_from(sorted(item)))
    if action == "set":
        item[key] = data.draw(_mutations())
    elif action == "delete":
        del item[key]
    elif action == "add":
        item[data.draw(st.text(max_size=8))] = data.draw(_mutations())
    elif action == "replace-object":
        doc[kind][doc[kind].index(item)] = data.draw(_mutations())
    else:
        doc[kind] = data.draw(_mutations())
    text = json.dumps(doc, ensure_ascii=False)
    try:
        reg = sw.loads(text)
    except sw.LoadError as error:
        assert error.problems
        assert all(isinstance(p, sw.Problem) for p in error.problems)
    else:
        assert sw.loads(sw.dumps(reg)) == reg


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_load_or_raise_load_error(data: bytes) -> None:
    """No input at all makes the loader raise anything but LoadError."""
    with contextlib.suppress(sw.LoadError):
        sw.loads(HEADER.encode() + b", " + data)
