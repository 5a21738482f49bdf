"""The synthetic generator: valid, exactly sized, real-shaped and reproducible registries."""

from __future__ import annotations

import doctest
import hashlib
import inspect
import math
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.datasets import NATIONAL, _synthetic, synthetic
from socialwork.funds import fund_ledger
from socialwork.model import check_credit_code, check_division_code, parent_codes

SRC = Path(__file__).parent.parent / "src"

rates = st.sampled_from([0, 0.25, 0.5, 1, 2, 3.5, Decimal("1.5")])
shapes = st.fixed_dictionaries(
    {
        "districts": st.integers(1, 4),
        "streets_per_district": st.integers(1, 4),
        "communities_per_street": st.integers(1, 4),
        "seed": st.integers(0, 2**63 - 1),
        "districts_per_city": st.integers(1, 3),
        "cities_per_province": st.integers(1, 3),
        "agencies_per_street": st.integers(1, 3),
        "workers_per_street": rates,
        "volunteers_per_community": rates,
        "needs_per_community": rates,
        "projects_per_street": rates,
        "funds_per_street": rates,
        "donations_per_fund": rates,
        "grants_per_fund": rates,
    }
)
DEFAULTS: dict[str, Any] = {
    "districts": 1,
    "streets_per_district": 3,
    "communities_per_street": 4,
    "districts_per_city": 10,
    "cities_per_province": 10,
    "agencies_per_street": 1,
    "workers_per_street": 3,
    "volunteers_per_community": 0.5,
    "needs_per_community": 0.25,
    "projects_per_street": 1,
    "funds_per_street": 1,
    "donations_per_fund": 3,
    "grants_per_fund": 1,
}


def _floor(units: int, rate: object) -> int:
    """floor(units * rate), exactly, with a float read as it prints."""
    exact = Fraction(repr(rate)) if isinstance(rate, float) else Fraction(rate)  # type: ignore[arg-type]
    return math.floor(units * exact)


def expected_counts(**kwargs: Any) -> dict[str, int]:
    """The counts of every kind that the parameters promise, worked out independently."""
    p = {**DEFAULTS, **kwargs}
    districts = p["districts"]
    cities = -(-districts // p["districts_per_city"])
    provinces = -(-cities // p["cities_per_province"])
    streets = districts * p["streets_per_district"]
    communities = streets * p["communities_per_street"]
    funds = _floor(streets, p["funds_per_street"])
    return {
        "divisions": provinces + cities + districts + streets + communities,
        "organizations": 2 * districts + p["agencies_per_street"] * streets,
        "stations": districts + streets + communities,
        "social_workers": _floor(streets, p["workers_per_street"]),
        "volunteers": _floor(communities, p["volunteers_per_community"]),
        "projects": _floor(streets, p["projects_per_street"]),
        "needs": _floor(communities, p["needs_per_community"]),
        "funds": funds,
        "donations": _floor(funds, p["donations_per_fund"]),
    }


def check_registry(reg: sw.Registry) -> None:
    """Assert everything the generator promises about any registry it makes."""
    _check_divisions_and_organizations(reg)
    _check_stations(reg)
    _check_people_and_projects(reg)
    _check_funds(reg)


def _check_divisions_and_organizations(reg: sw.Registry) -> None:
    divisions = reg.divisions
    for code, division in divisions.items():
        check_division_code(code, division.level)
        if division.level is sw.DivisionLevel.PROVINCE:
            assert division.parent_code is None
        else:
            assert division.parent_code in parent_codes(code, division.level)
            assert division.parent_code in divisions
    for org in reg.organizations.values():
        assert org.credit_code is not None
        check_credit_code(org.credit_code)
        assert org.credit_code[2:8] == org.division_id
    codes = Counter(org.credit_code for org in reg.organizations.values())
    assert max(codes.values()) == 1


def _check_stations(reg: sw.Registry) -> None:
    divisions = reg.divisions
    level_of = {
        sw.StationLevel.DISTRICT: sw.DivisionLevel.DISTRICT,
        sw.StationLevel.STREET: sw.DivisionLevel.STREET,
        sw.StationLevel.COMMUNITY: sw.DivisionLevel.COMMUNITY,
    }
    parent_level = {
        sw.StationLevel.STREET: sw.StationLevel.DISTRICT,
        sw.StationLevel.COMMUNITY: sw.StationLevel.STREET,
    }
    served = Counter()
    for station in reg.stations.values():
        division = divisions[station.division_id]
        assert division.level is level_of[station.level]
        served[station.division_id] += 1
        if station.level is sw.StationLevel.DISTRICT:
            assert station.parent_id is None
        else:
            parent = reg.stations[station.parent_id]  # type: ignore[index]
            assert parent.level is parent_level[station.level]
            assert parent.division_id == division.parent_code
        assert station.operator_id is not None
        assert reg.organizations[station.operator_id].kind is sw.OrgKind.SOCIAL_WORK_AGENCY
    lower = (sw.DivisionLevel.DISTRICT, sw.DivisionLevel.STREET, sw.DivisionLevel.COMMUNITY)
    for code, division in divisions.items():
        assert served[code] == (1 if division.level in lower else 0), code


def _check_people_and_projects(reg: sw.Registry) -> None:
    divisions = reg.divisions
    for worker in reg.social_workers.values():
        assert len(worker.tracks) == 1
        assert worker.employer_id is not None
        assert worker.station_id is not None
        employer = reg.organizations[worker.employer_id]
        assert employer.kind is sw.OrgKind.SOCIAL_WORK_AGENCY
        street = reg.stations[worker.station_id].division_id[:9]
        assert worker.employer_id.startswith(f"a{street}")
    for entity in (*reg.volunteers.values(), *reg.needs.values()):
        assert divisions[entity.division_id].level is sw.DivisionLevel.COMMUNITY
    for project in reg.projects.values():
        operator = reg.organizations[project.operator_id]
        assert operator.kind is sw.OrgKind.SOCIAL_WORK_AGENCY
        assert project.community_ids
        assert project.service_kinds
        assert project.target_groups
        assert project.budget is not None
        assert project.budget > 0
        for code in project.community_ids:
            assert divisions[code].level is sw.DivisionLevel.COMMUNITY
            assert code[:6] == operator.division_id
        assert {reg.stations[s].division_id for s in project.station_ids} >= set(project.community_ids)
        assert project.end is not None
        assert project.start <= project.end


def _check_funds(reg: sw.Registry) -> None:
    divisions = reg.divisions
    for fund in reg.funds.values():
        assert divisions[fund.division_id].level is sw.DivisionLevel.COMMUNITY
        manager = reg.organizations[fund.manager_id]
        assert manager.kind is sw.OrgKind.CHARITY_FEDERATION
        assert manager.division_id == fund.division_id[:6]
        ledger = fund_ledger(reg, fund.id)  # raises OverdrawnError if a grant is above the balance
        assert ledger.balance() >= 0
        for donation in ledger.donations:
            assert donation.date > fund.established
        raised = sum((d.amount for d in ledger.donations), Decimal(0))
        assert sum((g.amount for g in ledger.grants), Decimal(0)) <= raised / 2
        for grant in ledger.grants:
            assert fund.division_id in reg.projects[grant.project_id].community_ids
            assert all(grant.date > donation.date for donation in ledger.donations)


@settings(max_examples=60, deadline=None)
@given(shapes)
def test_synthetic_registries_are_valid_and_exactly_sized(shape: dict[str, Any]) -> None:
    """Any small shape and seed gives a registry that builds, keeps every promise, and has the asked counts."""
    reg = synthetic(**shape)
    assert sw.Registry(reg.entities()) == reg
    counts = reg.counts()
    expected = expected_counts(**shape)
    assert {kind: counts[kind] for kind in expected} == expected
    check_registry(reg)


@settings(max_examples=60, deadline=None)
@given(shapes)
def test_a_synthetic_registry_breaks_no_error_rule(shape: dict[str, Any]) -> None:
    """Any shape, seed and rates: the built-in rules find no ERROR (projects for minors are staffed)."""
    report = sw.validate(synthetic(**shape))
    assert report.ok, report.filter(severity=sw.Severity.ERROR).render()


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**63 - 1),
    districts=st.integers(1, 4),
    streets=st.integers(1, 4),
    communities=st.integers(1, 4),
)
def test_with_the_default_rates_no_rule_is_broken(
    seed: int, districts: int, streets: int, communities: int
) -> None:
    """With the default rates a registry breaks no built-in rule, warnings included (two workers a station)."""
    registry = synthetic(
        seed=seed, districts=districts, streets_per_district=streets, communities_per_street=communities
    )
    assert len(sw.validate(registry)) == 0


def test_the_first_two_workers_of_a_street_are_posted_to_its_station() -> None:
    """Each street station has the two workers the staffing rule asks for; the third goes to a room."""
    registry = synthetic()
    posted = Counter(w.station_id for w in registry.social_workers.values())
    for station in registry.stations.values():
        if station.level is sw.StationLevel.STREET:
            assert posted[station.id] == 2


@settings(max_examples=30, deadline=None)
@given(shapes)
def test_fast_and_checked_construction_agree(shape: dict[str, Any]) -> None:
    """Entities made without validators equal those made by __init__, field by field and type by type."""
    fast, careful = synthetic(**shape), _synthetic.synthetic_checked(**shape)
    assert fast == careful
    for made, checked in zip(fast.entities(), careful.entities(), strict=True):
        for field in attrs.fields(type(made)):
            assert type(getattr(made, field.name)) is type(getattr(checked, field.name))
    assert sw.dumps(fast) == sw.dumps(careful)
    assert sw.loads(sw.dumps(fast)) == fast  # loading validates every field


@settings(max_examples=30, deadline=None)
@given(shapes.filter(lambda s: s["projects_per_street"] >= 1 and s["donations_per_fund"] >= 1))
def test_every_fund_gets_its_grants_when_its_street_has_projects(shape: dict[str, Any]) -> None:
    """With a project in every street and donations for every fund, the grants are exactly as asked."""
    reg = synthetic(**shape)
    assert reg.counts()["grants"] == _floor(reg.counts()["funds"], shape["grants_per_fund"])


@pytest.mark.parametrize(
    "shape",
    [
        {},
        {"districts": 1, "streets_per_district": 1, "communities_per_street": 1},
        {"districts": 12, "streets_per_district": 5, "communities_per_street": 7, "districts_per_city": 3},
        {"districts": 40, "cities_per_province": 1, "districts_per_city": 2, "agencies_per_street": 2},
    ],
    ids=["defaults", "smallest", "many-cities", "many-provinces"],
)
def test_synthetic_registries_of_several_sizes_are_valid(shape: dict[str, Any]) -> None:
    """Registries of a handful to thousands of entities keep every promise and round-trip through JSON."""
    reg = synthetic(**shape)
    counts = reg.counts()
    assert {kind: counts[kind] for kind in expected_counts(**shape)} == expected_counts(**shape)
    check_registry(reg)
    assert sw.loads(sw.dumps(reg)) == reg


def test_every_talent_track_is_staffed_in_every_street() -> None:
    """With three workers a street (the default), each street has a practitioner, a manager and a supervisor."""
    reg = synthetic(districts=2, streets_per_district=3)
    tracks: dict[str, set[sw.TalentTrack]] = {}
    for worker in reg.social_workers.values():
        street = reg.stations[worker.station_id].division_id[:9]  # type: ignore[index]
        tracks.setdefault(street, set()).update(worker.tracks)
    assert len(tracks) == 6
    assert all(found == set(sw.TalentTrack) for found in tracks.values())


def test_division_codes_nest_under_a_province_and_city() -> None:
    """The first district is 110101 in city 110100 of province 110000, its streets and communities extend it."""
    reg = synthetic()
    assert reg.divisions["110000"].level is sw.DivisionLevel.PROVINCE
    assert reg.divisions["110100"].parent_code == "110000"
    assert reg.divisions["110101"].parent_code == "110100"
    assert [d.code for d in reg.subdivisions("110101")] == ["110101001", "110101002", "110101003"]
    assert reg.divisions["110101003004"].name == "第4社区"
    assert reg.stations["r110101003004"].parent_id == "s110101003"


def test_districts_fill_cities_and_provinces_in_code_order() -> None:
    """With two districts a city and two cities a province, the fifth district opens the second province."""
    reg = synthetic(districts=5, streets_per_district=1, communities_per_street=1, districts_per_city=2,
                    cities_per_province=2)  # fmt: skip
    districts = [d.code for d in reg.divisions.values() if d.level is sw.DivisionLevel.DISTRICT]
    assert districts == ["110101", "110102", "110201", "110202", "120101"]
    assert [d.code for d in reg.divisions.values() if d.level is sw.DivisionLevel.PROVINCE] == [
        "110000",
        "120000",
    ]


def test_hub_is_run_by_the_first_agency_and_co_built_by_bureau_and_federation() -> None:
    """Each hub is operated by its first street's agency and co-built by the district's bureau and federation."""
    reg = synthetic(districts=2)
    for code in ("110101", "110102"):
        hub = reg.stations[f"h{code}"]
        assert hub.operator_id == f"a{code}001"
        assert [reg.organizations[o].kind for o in hub.co_builder_ids] == [
            sw.OrgKind.GOVERNMENT,
            sw.OrgKind.CHARITY_FEDERATION,
        ]
        assert {f.manager_id for f in reg.funds.values() if f.division_id.startswith(code)} == {f"fed{code}"}


def test_constructor_falls_back_to_init_when_fields_are_not_enough() -> None:
    """A class with a post-init step or a cached hash is made by its own __init__, never half set up."""

    @attrs.frozen(kw_only=True)
    class Hashed:
        id: str

    @attrs.frozen(kw_only=True, cache_hash=True)
    class Cached:
        id: str

    @attrs.frozen(kw_only=True)
    class Posted:
        id: str

        def __attrs_post_init__(self) -> None:
            pass

    assert _synthetic._constructor(Hashed, checked=False) is not Hashed
    assert _synthetic._constructor(Cached, checked=False) is Cached
    assert _synthetic._constructor(Posted, checked=False) is Posted
    assert _synthetic._constructor(Hashed, checked=True) is Hashed
    made = _synthetic._constructor(Hashed, checked=False)(id="x")
    assert made == Hashed(id="x")
    assert hash(made) == hash(Hashed(id="x"))


def test_names_are_synthetic_and_chinese() -> None:
    """Names follow the 第N区 / 第N街道 / 第N社区 pattern."""
    reg = synthetic()
    assert reg.divisions["110101"].name == "第1区"
    assert reg.divisions["110101002"].name == "第2街道"
    assert reg.stations["h110101"].name == "第1区社工总站"
    assert reg.stations["s110101002"].name == "第1区第2街道社工站"
    assert reg.organizations["fed110101"].name == "第1区慈善总会"


def test_same_seed_same_registry_and_other_seed_other_registry() -> None:
    """The seed fixes the registry; another seed draws other details on the same skeleton."""
    one, again, other = synthetic(seed=7), synthetic(seed=7), synthetic(seed=8)
    assert sw.dumps(one) == sw.dumps(again)
    assert sw.dumps(one) != sw.dumps(other)
    assert one.counts() == other.counts()
    assert list(one.divisions) == list(other.divisions)


def _digest_in_subprocess(hash_seed: str) -> str:
    code = (
        "import hashlib, socialwork as sw; "
        "reg = sw.datasets.synthetic(districts=3, streets_per_district=4, communities_per_street=5, seed=11, "
        "agencies_per_street=2, needs_per_community=1.5, volunteers_per_community=2); "
        "print(hashlib.sha256(sw.dumps(reg).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return out.stdout.strip()


def test_registry_bytes_do_not_depend_on_the_hash_seed() -> None:
    """Two interpreters with different hash seeds dump the same registry to the same bytes."""
    first, second = _digest_in_subprocess("1"), _digest_in_subprocess("2")
    reg = synthetic(districts=3, streets_per_district=4, communities_per_street=5, seed=11,
                    agencies_per_street=2, needs_per_community=1.5, volunteers_per_community=2)  # fmt: skip
    assert first == second == hashlib.sha256(sw.dumps(reg).encode()).hexdigest()


def test_fractional_rates_spread_evenly() -> None:
    """needs_per_community=0.25 gives one need in every fourth community, in code order."""
    reg = synthetic(streets_per_district=2, communities_per_street=4, needs_per_community=0.25)
    assert [n.division_id for n in reg.needs.values()] == ["110101001004", "110101002004"]


@settings(max_examples=40, deadline=None)
@given(
    shape=shapes,
    volunteers=st.fractions(0, 5, max_denominator=12),
    needs=st.sampled_from([0, 0.1, 0.3, 1, 2.75, Decimal("0.35")]),
)
def test_community_number_u_gets_its_share_of_volunteers_and_needs(
    shape: dict[str, Any], volunteers: Fraction, needs: object
) -> None:
    """Community number u, in code order, gets floor((u + 1) * rate) - floor(u * rate) of each, in id order."""
    reg = synthetic(**{**shape, "volunteers_per_community": volunteers, "needs_per_community": needs})
    communities = sorted(c for c, d in reg.divisions.items() if d.level is sw.DivisionLevel.COMMUNITY)
    for kind, rate, prefix in (("volunteers", volunteers, "v"), ("needs", needs, "n")):
        drawn = list(getattr(reg, kind).values())
        assert [e.id for e in drawn] == [f"{prefix}{number}" for number in range(1, len(drawn) + 1)]
        assert [e.division_id for e in drawn] == [
            code for u, code in enumerate(communities) for _ in range(_floor(u + 1, rate) - _floor(u, rate))
        ]


def test_national_shape() -> None:
    """NATIONAL asks for about 3,000 districts, 40,000 streets and 600,000 communities: about 2 million entities."""
    counts = expected_counts(**NATIONAL)
    assert NATIONAL["districts"] == 3000
    assert 38_000 <= counts["stations"] - 3000 - 585_000 <= 42_000
    assert 1_900_000 <= sum(counts.values()) <= 2_300_000


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"districts": 1.0}, "districts"),
        ({"districts": True}, "districts"),
        ({"streets_per_district": "3"}, "streets_per_district"),
        ({"seed": None}, "seed"),
        ({"workers_per_street": "3"}, "workers_per_street"),
        ({"volunteers_per_community": True}, "volunteers_per_community"),
        ({"donations_per_fund": None}, "donations_per_fund"),
    ],
)
def test_wrong_types_are_refused_naming_the_parameter(kwargs: dict[str, Any], path: str) -> None:
    """A parameter of the wrong type raises InvalidTypeError with its name as the path."""
    with pytest.raises(sw.InvalidTypeError) as info:
        synthetic(**kwargs)
    assert info.value.path == path


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"districts": 0}, "districts"),
        ({"districts": -1}, "districts"),
        ({"streets_per_district": 1000}, "streets_per_district"),
        ({"communities_per_street": 0}, "communities_per_street"),
        ({"seed": -1}, "seed"),
        ({"districts_per_city": 100}, "districts_per_city"),
        ({"cities_per_province": 0}, "cities_per_province"),
        ({"agencies_per_street": 0}, "agencies_per_street"),
        ({"districts": 32, "districts_per_city": 1, "cities_per_province": 1}, "districts"),
        ({"workers_per_street": -1}, "workers_per_street"),
        ({"needs_per_community": float("nan")}, "needs_per_community"),
        ({"needs_per_community": Decimal("sNaN")}, "needs_per_community"),
        ({"grants_per_fund": Decimal("Infinity")}, "grants_per_fund"),
        ({"funds_per_street": float("inf")}, "funds_per_street"),
        ({"projects_per_street": Decimal("-0.5")}, "projects_per_street"),
        ({"volunteers_per_community": 1001}, "volunteers_per_community"),
        ({"grants_per_fund": 101}, "grants_per_fund"),
    ],
)
def test_out_of_range_values_are_refused_naming_the_parameter(kwargs: dict[str, Any], path: str) -> None:
    """A parameter out of range raises InvalidValueError with its name as the path."""
    with pytest.raises(sw.InvalidValueError) as info:
        synthetic(**kwargs)
    assert info.value.path == path


def test_defaults_are_the_ones_these_tests_assume() -> None:
    """The signature's defaults are those the expected counts are worked out from, seed 0 and no faults."""
    parameters = inspect.signature(synthetic).parameters
    shape = {
        name: p.default for name, p in parameters.items() if name not in {"seed", "faults", "fault_seed"}
    }
    assert shape == DEFAULTS
    assert parameters["seed"].default == 0
    assert parameters["faults"].default == ()
    assert parameters["fault_seed"].default == 0


def test_parameters_are_keyword_only() -> None:
    """synthetic takes no positional arguments."""
    with pytest.raises(TypeError):
        synthetic(3)  # type: ignore[misc]


def test_docstring_examples_run_with_only_sw() -> None:
    """The examples of synthetic run in a fresh namespace holding only sw."""
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(synthetic, "synthetic", globs={"sw": sw}):
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert runner.summarize(verbose=False).attempted > 0
