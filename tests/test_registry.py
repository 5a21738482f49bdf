"""The Registry: building, indexes, changes, value semantics."""

from __future__ import annotations

import datetime as dt
import pickle
import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.model import KINDS, REFERENCES
from socialwork.testing import registries

DISTRICT = sw.Division(code="510107", name="武侯区", level=sw.DivisionLevel.DISTRICT)
HUB = sw.Station(id="hub", name="总站", level=sw.StationLevel.DISTRICT, division_id="510107")


def test_registry_indexes_every_kind(registry: sw.Registry) -> None:
    """Each kind has its own id-indexed mapping, and get() finds any entity."""
    assert registry.divisions["510107"].name == "武侯区"
    assert registry.organizations["org-fed"].kind is sw.OrgKind.CHARITY_FEDERATION
    assert registry.stations["wh-hub"].level is sw.StationLevel.DISTRICT
    assert registry.grants["g-01"].project_id == "p-elderly"
    for entity in registry.entities():
        assert registry.get(entity.id) is entity
        assert getattr(registry, registry.kind_of(entity.id))[entity.id] is entity
    assert sum(registry.counts().values()) == len(registry) == len(registry.entities())


def test_unknown_ids_raise_unknown_id_error_naming_the_kind(registry: sw.Registry) -> None:
    """Looking up an unknown id raises UnknownIdError, a KeyError, with the kind in the message."""
    with pytest.raises(sw.UnknownIdError, match="unknown station 'nope'"):
        registry.stations["nope"]
    with pytest.raises(KeyError, match="unknown id 'nope'"):
        registry.get("nope")
    assert "nope" not in registry
    assert registry.stations.get("nope") is None


def test_duplicate_ids_are_reported_with_both_places() -> None:
    """Two entities with one id, of the same kind or not, are both located."""
    twin = sw.Station(id="hub", name="另一个", level=sw.StationLevel.STREET, division_id="510107")
    org = sw.Organization(id="hub", name="机构", kind=sw.OrgKind.OTHER)
    with pytest.raises(sw.InvalidRegistryError) as info:
        sw.Registry([DISTRICT, HUB, twin, org])
    problems = [str(p) for p in info.value.problems]
    assert problems == [
        "stations[0].id: duplicate id 'hub', already used by organizations[0]",
        "stations[1].id: duplicate id 'hub', already used by organizations[0]",
    ]


def test_every_dangling_reference_is_reported_at_once() -> None:
    """All references to missing entities are listed, each with its path; nothing is built."""
    station = sw.Station(
        id="s",
        name="站",
        level=sw.StationLevel.STREET,
        division_id="510107015",
        parent_id="hub-x",
        operator_id="org-x",
        co_builder_ids=("org-y", "org-z"),
    )
    donation = sw.Donation(id="d", fund_id="f-x", amount="1", date=dt.date(2022, 1, 1))
    with pytest.raises(sw.InvalidRegistryError) as info:
        sw.Registry([donation, station])
    assert [str(p) for p in info.value.problems] == [
        "stations[0].division_id: unknown division '510107015'",
        "stations[0].parent_id: unknown station 'hub-x'",
        "stations[0].operator_id: unknown organization 'org-x'",
        "stations[0].co_builder_ids[0]: unknown organization 'org-y'",
        "stations[0].co_builder_ids[1]: unknown organization 'org-z'",
        "donations[0].fund_id: unknown fund 'f-x'",
    ]
    assert isinstance(info.value, sw.SocialWorkError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("reference", REFERENCES, ids=lambda r: f"{r.kind}.{r.field}")
def test_each_reference_is_checked(registry: sw.Registry, reference: sw.model.Reference) -> None:
    """Removing the target of any reference of the example makes building fail at that reference.

    The references of referral work are in the Wuhan school scenario, whose platform refers cases.
    """
    if reference.kind in ("cases", "consents", "referrals", "referral_events"):
        registry = sw.datasets.wuhan_school()
    targets = [
        target
        for entity in getattr(registry, reference.kind).values()
        for target in (
            getattr(entity, reference.field) if reference.many else (getattr(entity, reference.field),)
        )
        if target is not None
    ]
    assert targets, f"the example should use {reference.kind}.{reference.field}"
    with pytest.raises(sw.InvalidRegistryError) as info:
        registry.remove([targets[0]])
    paths = [p.path for p in info.value.problems]
    assert any(
        p.startswith(reference.kind) and p.split("].", 1)[1].startswith(reference.field) for p in paths
    )


def test_non_entities_are_refused() -> None:
    """Only socialwork entities go into a registry."""
    with pytest.raises(sw.InvalidRegistryError, match=r"entities\[1\]: expected a socialwork entity"):
        sw.Registry([DISTRICT, "not an entity"])  # type: ignore[list-item]


def test_children_subdivisions_and_entities_in_a_division(registry: sw.Registry) -> None:
    """The indexes answer the three-level questions, sorted by id."""
    assert [s.id for s in registry.children("wh-s-yulin")] == ["wh-c-nijiaqiao", "wh-c-yulinbeilu"]
    assert registry.children("wh-c-jinli") == ()
    assert [d.code for d in registry.subdivisions("510107016")] == ["510107016001", "510107016002"]
    kinds = {registry.kind_of(e.id) for e in registry.in_division("510107016002")}
    assert kinds == {"stations", "volunteers", "needs"}
    with pytest.raises(sw.UnknownIdError):
        registry.children("nope")
    with pytest.raises(sw.UnknownIdError):
        registry.in_division("999999")


def test_add_replace_remove_return_new_registries(registry: sw.Registry) -> None:
    """Changes return a new registry and leave the original as it was."""
    before = registry.entities()
    donation = sw.Donation(id="d-99", fund_id="fund-nijiaqiao", amount="10", date=dt.date(2022, 8, 1))
    added = registry.add([donation])
    assert added.donations["d-99"] == donation
    assert "d-99" not in registry
    renamed = registry.replace([attrs.evolve(registry.stations["wh-hub"], name="总站")])
    assert renamed.stations["wh-hub"].name == "总站"
    removed = registry.remove(["g-01"])
    assert "g-01" not in removed
    assert registry.entities() == before


def test_changes_that_break_references_are_refused(registry: sw.Registry) -> None:
    """Removing an entity still referred to, or replacing an unknown id, fails with every problem."""
    with pytest.raises(sw.InvalidRegistryError, match="unknown project 'p-elderly'"):
        registry.remove(["p-elderly"])
    with pytest.raises(sw.UnknownIdError, match="'ghost'"):
        registry.remove(["ghost"])
    ghost = sw.Organization(id="ghost", name="幽灵", kind=sw.OrgKind.OTHER)
    with pytest.raises(sw.UnknownIdError, match="cannot replace"):
        registry.replace([ghost])
    with pytest.raises(sw.InvalidRegistryError, match="duplicate id 'wh-hub'"):
        registry.add([registry.stations["wh-hub"]])


def test_registry_is_immutable(registry: sw.Registry) -> None:
    """Attributes cannot be set, and the mappings are read-only."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        registry._cache = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        registry.stations["x"] = registry.stations["wh-hub"]  # type: ignore[index]


@given(registries(shuffled=True), st.randoms(use_true_random=False))
def test_registry_equality_ignores_input_order(reg: sw.Registry, rnd: random.Random) -> None:
    """Registries of the same entities are equal and hash alike, whatever the order."""
    entities = list(reg.entities())
    rnd.shuffle(entities)
    other = sw.Registry(entities)
    assert other == reg
    assert hash(other) == hash(reg)
    assert pickle.loads(pickle.dumps(reg)) == reg


@given(registries(shuffled=True))
def test_kinds_cover_every_entity_class(reg: sw.Registry) -> None:
    """Every entity belongs to exactly one kind of KINDS, and counts add up."""
    for entity in reg.entities():
        assert isinstance(entity, KINDS[reg.kind_of(entity.id)].cls)
    assert sum(reg.counts().values()) == len(reg)


def test_repr_shows_counts(registry: sw.Registry) -> None:
    """The repr names the non-empty kinds and their sizes."""
    assert repr(registry).startswith("Registry(divisions=9, organizations=4, stations=7")
    assert repr(sw.Registry()) == "Registry()"
