"""Laws of validation: valid registries, unrelated additions, input order, hash seed, dated parameters."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw

from .builders import CLEAN, base, community_division, evolve, street_division

SMALL = {"streets_per_district": 3, "communities_per_street": 2}


def broken_registries() -> list[sw.Registry]:
    """A few registries with violations of several families."""
    one = evolve(base().add([street_division()]), "fund-nijiaqiao", manager_id="org-agency")
    two = evolve(base(), "wh-c-jinli", parent_id="wh-hub", operator_id=None)
    three = evolve(
        evolve(base(), "wh-s-jiangxi", parent_id="wh-s-yulin"), "wh-s-yulin", parent_id="wh-s-jiangxi"
    )
    return [base(), one, two, three]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**16), districts=st.integers(1, 3))
def test_a_valid_registry_has_no_error(seed: int, districts: int) -> None:
    """A synthetic registry, valid by construction, breaks no ERROR rule."""
    registry = sw.datasets.synthetic(districts=districts, seed=seed, **SMALL)
    report = sw.validate(registry)
    assert report.ok, report.filter(severity=sw.Severity.ERROR).render()


def unrelated() -> st.SearchStrategy[sw.Entity]:
    """Entities that change no fact another rule reads: an unused organization, a volunteer, a need."""
    return st.one_of(
        st.builds(
            lambda i: sw.Organization(id=f"org-new-{i}", name="新组织", kind=sw.OrgKind.FOUNDATION),
            st.integers(0, 9),
        ),
        st.builds(lambda i: sw.Volunteer(id=f"v-new-{i}", division_id="510107016001"), st.integers(0, 9)),
        st.builds(
            lambda i: sw.Need(
                id=f"need-new-{i}",
                division_id="510107015002",
                service_kind=sw.ServiceKind.TRAINING,
                target_group=sw.TargetGroup.YOUTH,
                persons=1,
            ),
            st.integers(0, 9),
        ),
        st.just(community_division("510107016003", "510107016")),
        st.just(street_division("510107018")),
    )


@settings(max_examples=30, deadline=None)
@given(which=st.integers(0, 3), extra=st.lists(unrelated(), max_size=3, unique_by=lambda e: e.id))
def test_adding_an_entity_never_removes_a_violation(which: int, extra: list[sw.Entity]) -> None:
    """Every violation found before an addition is found after it, with the same path."""
    registry = broken_registries()[which]
    before = {(v.code, v.subject, v.path, v.message_en) for v in sw.validate(registry)}
    after = {(v.code, v.subject, v.path, v.message_en) for v in sw.validate(registry.add(extra))}
    assert before <= after


@settings(max_examples=20, deadline=None)
@given(which=st.integers(0, 3), data=st.data())
def test_reports_do_not_depend_on_input_order(which: int, data: st.DataObject) -> None:
    """Shuffled input gives the same violations in the same order; each path points to its subject."""
    registry = broken_registries()[which]
    shuffled = sw.Registry(data.draw(st.permutations(registry.entities())))
    first, second = sw.validate(registry), sw.validate(shuffled)
    assert [(v.code, v.subject, v.message_en) for v in first] == [
        (v.code, v.subject, v.message_en) for v in second
    ]
    for v in second:
        kind, _, rest = v.path.partition("[")
        position = int(rest.split("]")[0])
        assert list(getattr(shuffled, kind))[position] == v.subject


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_kinds_interleaved_give_the_same_report_byte_for_byte(data: st.DataObject) -> None:
    """Entities of different kinds in any order, each kind's own order kept: identical JSON."""
    registry = broken_registries()[1]
    order = data.draw(st.permutations(range(len(registry))))
    entities = registry.entities()
    ranked = sorted(range(len(entities)), key=lambda i: order[i])
    # Interleave kinds while keeping each kind's relative order.
    by_kind: dict[type, list[sw.Entity]] = {}
    for entity in entities:
        by_kind.setdefault(type(entity), []).append(entity)
    kinds = [type(entities[i]) for i in ranked]
    interleaved = [by_kind[k].pop(0) for k in kinds]
    other = sw.Registry(interleaved)
    assert json.dumps(sw.validate(other).to_dict()) == json.dumps(sw.validate(registry).to_dict())


def test_reports_do_not_depend_on_the_hash_seed() -> None:
    """Two interpreters with different hash seeds write the same report."""
    code = (
        "import json, socialwork as sw, attrs\n"
        "r = sw.datasets.synthetic(districts=2, streets_per_district=3, communities_per_street=2)\n"
        "print(json.dumps(sw.validate(r).to_dict(), ensure_ascii=False))\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


@settings(max_examples=20, deadline=None)
@given(
    change=st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
    day=st.dates(dt.date(2010, 1, 1), dt.date(2035, 12, 31)),
    value=st.integers(0, 3),
)
def test_a_dated_change_changes_results_only_from_its_date(change: dt.date, day: dt.date, value: int) -> None:
    """Before the date the report is the default one; from it on, as if the new value always held."""
    registry = base()
    changed = {"staffing.min_street_workers": {change.isoformat(): value}}
    report = sw.validate(registry, params=changed, as_of=day)
    if day < change:
        assert report == sw.validate(registry, as_of=day)
    else:
        expected = sw.validate(registry, params={"staffing.min_street_workers": value}, as_of=day)
        assert report.violations == expected.violations


def test_clean_parameters_clear_the_example() -> None:
    """The example is clean under CLEAN: the base the catalogue tests break."""
    assert len(sw.validate(base(), params=CLEAN)) == 0


@st.composite
def scrambled(draw: st.DrawFn) -> sw.Registry:
    """The example with stations, projects and funds rewired at random (cycles, levels, places)."""
    registry = base()
    stations = list(registry.stations)
    divisions = list(registry.divisions)
    orgs = list(registry.organizations)
    changed: list[sw.Entity] = []
    for station_id in stations:
        station = registry.stations[station_id]
        parent = draw(st.sampled_from([None, *(s for s in stations if s != station_id)]))
        changed.append(
            attrs.evolve(
                station,
                parent_id=parent,
                division_id=draw(st.sampled_from(divisions)),
                level=draw(st.sampled_from(sw.StationLevel)),
                setting=draw(st.sampled_from(sw.StationSetting)),
                operator_id=draw(st.sampled_from([None, *orgs])),
                co_builder_ids=draw(st.lists(st.sampled_from(orgs), max_size=2, unique=True)),
            )
        )
    fund = registry.funds["fund-nijiaqiao"]
    changed.append(
        attrs.evolve(
            fund, manager_id=draw(st.sampled_from(orgs)), division_id=draw(st.sampled_from(divisions))
        )
    )
    project = registry.projects["p-elderly"]
    changed.append(
        attrs.evolve(
            project,
            operator_id=draw(st.sampled_from(orgs)),
            community_ids=draw(st.lists(st.sampled_from(divisions), max_size=3, unique=True)),
            station_ids=draw(st.lists(st.sampled_from(stations), max_size=2, unique=True)),
            target_groups=draw(st.sets(st.sampled_from(sw.TargetGroup), max_size=2)),
        )
    )
    return registry.replace(changed)


@settings(max_examples=50, deadline=None)
@given(registry=scrambled())
def test_validation_never_raises_on_a_loadable_registry(registry: sw.Registry) -> None:
    """Whatever the wiring, cycles included, validate returns a report whose JSON and text can be made."""
    report = sw.validate(registry)
    json.dumps(report.to_dict(), ensure_ascii=False)
    assert report.render("zh")
    assert all(v.code in report.rules for v in report)


def _oracle(registry: sw.Registry) -> dict[str, set[str]]:
    """The hierarchy rules, entity by entity, through the public hierarchy API: the careful path."""
    expected: dict[str, set[str]] = {"SW-H001": set(), "SW-H002": set(), "SW-H004": set(), "SW-H006": set()}
    levels = {
        sw.StationLevel.DISTRICT: sw.DivisionLevel.DISTRICT,
        sw.StationLevel.STREET: sw.DivisionLevel.STREET,
        sw.StationLevel.COMMUNITY: sw.DivisionLevel.COMMUNITY,
    }
    above = {
        sw.StationLevel.STREET: sw.StationLevel.DISTRICT,
        sw.StationLevel.COMMUNITY: sw.StationLevel.STREET,
    }
    for s in registry.stations.values():
        parent = None if s.parent_id is None else registry.stations[s.parent_id]
        if s.level in above and (parent is None or parent.level is not above[s.level]):
            expected["SW-H001" if s.level is sw.StationLevel.STREET else "SW-H002"].add(s.id)
        if parent is not None and not sw.hierarchy.is_within(registry, s.division_id, parent.division_id):
            expected["SW-H004"].add(s.id)
        if (
            s.setting is sw.StationSetting.COMMUNITY
            and registry.divisions[s.division_id].level is not levels[s.level]
        ):
            expected["SW-H006"].add(s.id)
    return expected


@settings(max_examples=50, deadline=None)
@given(registry=scrambled())
def test_bulk_hierarchy_checks_agree_with_entity_by_entity_ones(registry: sw.Registry) -> None:
    """The bulk hierarchy and cycle rules find what a plain loop and the hierarchy's cycle cuts find."""
    report = sw.validate(registry, sw.rules.BUILTIN_RULES.select(family="hierarchy"))
    for code, subjects in _oracle(registry).items():
        assert {v.subject for v in report.filter(code=code)} == subjects, code
    cycles = sw.validate(registry, sw.rules.BUILTIN_RULES.select(code="SW-I001"))
    assert tuple(v.subject for v in cycles) == sw.hierarchy.tree(registry, "stations").cut
