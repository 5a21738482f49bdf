"""Planted faults: each breaks exactly its rule on exactly its subject, and the registry still builds."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.datasets import FAULTS, Fault, synthetic, synthetic_with_faults
from socialwork.rules import BUILTIN_RULES

#: Two cities of two districts: room for every fault, even all of them at once.
BASE: dict[str, Any] = {"districts": 4, "districts_per_city": 2}

#: The one built-in rule no fault plants: a cycle of stations always breaks a
#: parent-level rule too (SW-H001/H002/H003), and a cycle of divisions cannot be built.
UNPLANTABLE = {"SW-I001"}


def caught(registry: sw.Registry, severity: sw.Severity) -> set[tuple[str, str]]:
    """The (code, subject) pairs of *registry*'s ERROR violations and those of *severity*."""
    return {
        (v.code, v.subject)
        for v in sw.validate(registry)
        if v.severity is sw.Severity.ERROR or v.severity is severity
    }


def severity_of(code: str) -> sw.Severity:
    """The default severity of the built-in rule *code*."""
    severity: sw.Severity = BUILTIN_RULES[code].severity
    return severity


def test_the_base_registry_breaks_no_rule() -> None:
    """The registry the faults are planted in breaks no built-in rule at all, so any violation is planted."""
    assert len(sw.validate(synthetic(**BASE))) == 0


def test_every_plantable_rule_has_a_fault() -> None:
    """FAULTS covers every built-in rule code except the cycle rule, and names only built-in codes."""
    assert set(FAULTS.values()) == set(BUILTIN_RULES.codes) - UNPLANTABLE


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_fault_planted_alone_breaks_exactly_its_rule_on_its_subject(name: str) -> None:
    """Planting one fault gives exactly its code on exactly its subject, and no other ERROR."""
    registry, planted = synthetic_with_faults([name], **BASE)
    assert [(f.kind, f.code) for f in planted] == [(name, FAULTS[name])]
    fault = planted[0]
    assert caught(registry, severity_of(fault.code)) == {(fault.code, fault.subject)}
    assert fault.description_zh
    assert fault.description_en


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(list(FAULTS)),
    fault_seed=st.integers(0, 2**63 - 1),
    shape=st.fixed_dictionaries(
        {
            "seed": st.integers(0, 2**63 - 1),
            "districts": st.integers(2, 4),
            "streets_per_district": st.integers(2, 4),
            "communities_per_street": st.integers(2, 4),
        }
    ),
)
def test_a_fault_is_caught_alone_whatever_the_seeds_and_shape(
    name: str, fault_seed: int, shape: dict[str, int]
) -> None:
    """For any seeds and any shape of two districts or more, a lone fault is caught exactly."""
    registry, (fault,) = synthetic_with_faults([name], fault_seed=fault_seed, **shape)
    assert caught(registry, severity_of(fault.code)) == {(fault.code, fault.subject)}


@pytest.mark.parametrize("fault_seed", [0, 1, 2])
def test_all_faults_at_once_are_each_caught(fault_seed: int) -> None:
    """Every fault planted together is still found on its subject, and no ERROR is left unexplained."""
    registry, planted = synthetic_with_faults(list(FAULTS), fault_seed=fault_seed, **BASE)
    assert [f.kind for f in planted] == list(FAULTS)
    found = {(v.code, v.subject) for v in sw.validate(registry)}
    assert {(f.code, f.subject) for f in planted} <= found
    errors = {(v.code, v.subject) for v in sw.validate(registry) if v.severity is sw.Severity.ERROR}
    assert errors <= {(f.code, f.subject) for f in planted}


def test_a_count_plants_the_fault_on_that_many_subjects() -> None:
    """faults={"orphan_room": 3} orphans three different rooms, each reported."""
    registry, planted = synthetic_with_faults({"orphan_room": 3, "unemployed_worker": 0}, **BASE)
    assert [f.kind for f in planted] == ["orphan_room"] * 3
    assert len({f.subject for f in planted}) == 3
    assert caught(registry, sw.Severity.ERROR) == {(f.code, f.subject) for f in planted}


def test_faults_are_planted_in_catalogue_order_whatever_the_order_asked() -> None:
    """The same set of faults, asked in any order, gives the same registry and the same faults."""
    one = synthetic_with_faults(["second_fund", "orphan_room"], **BASE)
    two = synthetic_with_faults(["orphan_room", "second_fund"], **BASE)
    assert sw.dumps(one[0]) == sw.dumps(two[0])
    assert one[1] == two[1]
    assert [f.kind for f in one[1]] == ["orphan_room", "second_fund"]


def test_the_same_arguments_give_the_same_faults_and_the_fault_seed_moves_them() -> None:
    """Planting is seeded: same arguments, same bytes; other fault seeds put the fault elsewhere."""
    first = synthetic_with_faults(["orphan_room"], fault_seed=5, **BASE)
    again = synthetic_with_faults(["orphan_room"], fault_seed=5, **BASE)
    assert sw.dumps(first[0]) == sw.dumps(again[0])
    assert first[1] == again[1]
    subjects = {synthetic_with_faults(["orphan_room"], fault_seed=s, **BASE)[1][0].subject for s in range(8)}
    assert len(subjects) > 1


def test_synthetic_with_faults_returns_what_synthetic_builds() -> None:
    """synthetic(faults=...) is the registry of synthetic_with_faults; no faults, the plain registry."""
    registry, _ = synthetic_with_faults(["duplicate_hub"], fault_seed=3, **BASE)
    assert synthetic(faults=["duplicate_hub"], fault_seed=3, **BASE) == registry
    assert synthetic(faults=(), **BASE) == synthetic(**BASE)
    assert synthetic_with_faults([], **BASE) == (synthetic(**BASE), ())


def test_a_faulty_registry_round_trips_through_json() -> None:
    """Every reference of a faulty registry resolves: it dumps and loads back equal."""
    registry = synthetic(faults=list(FAULTS), **BASE)
    assert sw.loads(sw.dumps(registry)) == registry


def test_fault_is_a_frozen_value() -> None:
    """A Fault is an immutable attrs value, equal field by field."""
    fault = Fault(
        "orphan_room", "SW-H002", "r1", "社区社工室没有上级街道站", "a community room with no parent"
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fault.code = "SW-H001"  # type: ignore[misc]
    assert fault == attrs.evolve(fault)


@pytest.mark.parametrize(
    ("faults", "error", "path"),
    [
        ("orphan_room", sw.errors.InvalidTypeError, "faults"),
        (3, sw.errors.InvalidTypeError, "faults"),
        (["no_such_fault"], sw.errors.InvalidValueError, "faults"),
        ([1], sw.errors.InvalidValueError, "faults"),
        ({"orphan_room": -1}, sw.errors.InvalidValueError, "faults.orphan_room"),
        ({"orphan_room": 1.5}, sw.errors.InvalidValueError, "faults.orphan_room"),
        ({"orphan_room": True}, sw.errors.InvalidValueError, "faults.orphan_room"),
    ],
)
def test_bad_faults_are_refused_naming_the_argument(faults: Any, error: type[Exception], path: str) -> None:
    """A string, a non-iterable, an unknown name or a bad count is refused with its path."""
    with pytest.raises(error) as info:
        synthetic(faults=faults)
    assert info.value.path == path  # type: ignore[attr-defined]


def test_a_fault_with_nowhere_to_go_is_refused_naming_it() -> None:
    """A cross-district project needs two districts; 100 orphan rooms need 100 rooms."""
    with pytest.raises(sw.errors.InvalidValueError) as info:
        synthetic(faults=["cross_district_project"])
    assert info.value.path == "faults.cross_district_project"
    with pytest.raises(sw.errors.InvalidValueError) as info:
        synthetic(faults={"orphan_room": 100})
    assert info.value.path == "faults.orphan_room"


def test_a_bad_fault_seed_or_argument_is_refused() -> None:
    """fault_seed is checked like seed; synthetic_with_faults refuses what synthetic does not take."""
    with pytest.raises(sw.errors.InvalidValueError) as info:
        synthetic(faults=["orphan_room"], fault_seed=-1)
    assert info.value.path == "fault_seed"
    with pytest.raises(sw.errors.InvalidTypeError) as type_info:
        synthetic_with_faults(["orphan_room"], district=2)
    assert type_info.value.path == "shape"
    with pytest.raises(sw.errors.InvalidTypeError) as type_info:
        synthetic_with_faults(["orphan_room"], faults=["orphan_room"])
    assert type_info.value.path == "faults"
