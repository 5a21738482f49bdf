"""The built-in rules rewritten on ``for_each`` report exactly what they reported before.

The reference is the old implementation itself, kept frozen in ``tests/rules/legacy``
(rather than golden reports stored beside the tests): Hypothesis can then compare
the two on any registry it draws, a new sample each run and a shrunk example when
they differ, where golden files cover a fixed few, and would have to be made again
whenever the synthetic generator's output or a message's wording moves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.rules import BUILTIN_RULES, PARAMETERS, RuleContext
from socialwork.testing import broken_registries, registries

from .builders import base
from .legacy import CHECKS, LEGACY_RULES


def test_every_built_in_rule_has_its_old_check() -> None:
    """The reference covers the whole catalogue but the referrals family, written on for_each from the start."""
    rewritten = [item for item in BUILTIN_RULES if item.family != "referrals"]
    assert set(CHECKS) == {item.code for item in rewritten}
    assert len(rewritten) == 29
    assert all(
        new.check is not old.check and attrs.evolve(new, check=old.check) == old
        for new, old in zip(BUILTIN_RULES, LEGACY_RULES, strict=True)
        if new.family != "referrals"
    )


#: A small synthetic shape every fault can be planted in, once each.
SHAPE: dict[str, Any] = {
    "districts": 4,
    "districts_per_city": 2,
    "streets_per_district": 3,
    "communities_per_street": 2,
}


def parameters() -> st.SearchStrategy[dict[str, Any]]:
    """Parameter values that switch the rules' branches: thresholds, flags, severities, kinds."""
    kinds = st.sets(st.sampled_from(sw.OrgKind), min_size=1).map(lambda found: sorted(k.value for k in found))
    severities = st.sampled_from(sw.Severity)
    return st.fixed_dictionaries(
        {},
        optional={
            "staffing.min_street_workers": st.integers(0, 4),
            "staffing.practitioners_per_supervisor": st.integers(0, 3),
            "projects.allow_cross_district": st.booleans(),
            "projects.operator_kinds": kinds,
            "cobuilt.min_co_builders": st.integers(0, 3),
            "funds.allow_public_fundraising_charities": st.booleans(),
            "funds.manager_kinds": kinds,
            "funds.charity_kinds": kinds,
            "funds.matching_ratio": st.sampled_from(["0", "0.1", "1"]),
            "funds.matching_cap": st.sampled_from(["0", "10", "30000"]),
            "funds.min_committee_members": st.integers(0, 7),
            "coverage.street_severity": severities.map(lambda s: s.value),
            "coverage.community_severity": severities.map(lambda s: s.value),
        },
    )


def mutate(draw: st.DrawFn, registry: sw.Registry) -> sw.Registry:
    """Rewire a few entities of *registry* at random, keeping every reference resolvable.

    Each change is one the model accepts but a rule may not: cycles, wrong levels,
    missing operators and employers, foreign managers, early donations, overdrawn
    grants, committees of any size.
    """
    ids = {name: list(getattr(registry, name)) for name in sw.model.KINDS}

    def some(kind: str, *, none: bool = False) -> st.SearchStrategy[Any]:
        pool: list[Any] = [*ids[kind], *([None] if none else [])]
        return st.sampled_from(pool) if pool else st.none()

    def subset(kind: str) -> st.SearchStrategy[list[str]]:
        return st.lists(st.sampled_from(ids[kind]), max_size=3, unique=True) if ids[kind] else st.just([])

    days = st.dates(dt.date(2018, 1, 1), dt.date(2026, 12, 31))
    money = st.decimals("0.01", "40000", places=2)
    changes: dict[type, dict[str, st.SearchStrategy[Any]]] = {
        sw.Division: {
            "level": st.sampled_from(sw.DivisionLevel),
            "parent_code": some("divisions", none=True),
        },
        sw.Organization: {
            "kind": st.sampled_from(sw.OrgKind),
            "public_fundraising": st.booleans(),
            "division_id": some("divisions", none=True),
        },
        sw.Station: {
            "parent_id": some("stations", none=True),
            "level": st.sampled_from(sw.StationLevel),
            "setting": st.sampled_from(sw.StationSetting),
            "division_id": some("divisions"),
            "operator_id": some("organizations", none=True),
            "co_builder_ids": subset("organizations"),
        },
        sw.SocialWorker: {
            "station_id": some("stations", none=True),
            "employer_id": some("organizations", none=True),
            "tracks": st.sets(st.sampled_from(sw.TalentTrack), max_size=3),
        },
        sw.Volunteer: {"division_id": some("divisions")},
        sw.Project: {
            "operator_id": some("organizations"),
            "community_ids": subset("divisions"),
            "station_ids": subset("stations"),
            "target_groups": st.sets(st.sampled_from(sw.TargetGroup), max_size=2),
        },
        sw.Need: {"division_id": some("divisions")},
        sw.Fund: {
            "manager_id": some("organizations"),
            "division_id": some("divisions"),
            "established": days,
            "committee_members": st.none() | st.integers(0, 8),
            "committee_supervisors": st.none() | st.integers(0, 2),
        },
        sw.Donation: {
            "fund_id": some("funds"),
            "amount": money,
            "date": days,
            # A donor named as a fund's manager is the manager's match (SW-F004, SW-F006).
            "donor": st.none() | st.sampled_from([o.name for o in registry.organizations.values()] or ["x"]),
        },
        sw.Grant: {"fund_id": some("funds"), "project_id": some("projects"), "amount": money, "date": days},
    }
    entities = registry.entities()
    if not entities:
        return registry
    chosen = draw(st.lists(st.sampled_from(range(len(entities))), max_size=12, unique=True))
    changed: list[sw.Entity] = []
    for i in chosen:
        entity = entities[i]
        fields = changes.get(type(entity))
        if fields is None:
            continue  # referral work: its rules are the same objects in both catalogues
        picked = draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=3, unique=True))
        values = {name: draw(fields[name]) for name in picked}
        try:
            changed.append(attrs.evolve(entity, **values))
        except sw.SocialWorkError:
            continue  # a change the entity itself refuses (e.g. a level its code cannot have)
    try:
        return registry.replace(changed)
    except sw.SocialWorkError:
        return registry  # a change the registry refuses (a reference of the wrong kind)


@st.composite
def any_registry(draw: st.DrawFn) -> sw.Registry:
    """A registry from each source of the test helpers, valid or broken, then rewired at random."""
    source = draw(st.sampled_from(["testing", "broken", "synthetic", "synthetic", "example"]))
    if source == "testing":
        registry = draw(
            registries(
                districts=(1, 2),
                organizations=(1, 5),
                social_workers=(0, 6),
                projects=(0, 4),
                funds=(0, 3),
                donations=(0, 6),
                grants=(0, 3),
                shuffled=True,
            )
        )
    elif source == "broken":
        broken = draw(
            broken_registries(breaks=draw(st.sampled_from(["SW-B001", "SW-F001", "SW-F003", "SW-S001"])))
        )
        registry = sw.Registry(broken.entities)
    elif source == "synthetic":
        faults = draw(
            st.lists(
                st.sampled_from(sorted(sw.datasets.FAULTS)), max_size=len(sw.datasets.FAULTS), unique=True
            )
        )
        seed, fault_seed = draw(st.integers(0, 2**16)), draw(st.integers(0, 2**16))
        try:
            registry = sw.datasets.synthetic(**SHAPE, seed=seed, faults=faults, fault_seed=fault_seed)
        except sw.InvalidValueError:  # no room left for a fault in this draw
            registry = sw.datasets.synthetic(**SHAPE, seed=seed)
    else:
        registry = base()
    return mutate(draw, registry) if draw(st.booleans()) else registry


def raw(rules: sw.rules.RuleSet, registry: sw.Registry, values: dict[str, Any]) -> list[list[Any]]:
    """What each rule's check yields, in the order it yields it (before the report sorts)."""
    return [list(item.check(RuleContext(registry, item, values))) for item in rules]


@settings(max_examples=150, deadline=None)
@given(registry=any_registry(), params=parameters())
def test_the_rewritten_catalogue_reports_what_the_old_one_did(
    registry: sw.Registry, params: dict[str, Any]
) -> None:
    """Property: the same ValidationReport (same violations, same order), and each check yields the same."""
    new = sw.validate(registry, params=params)
    old = sw.validate(registry, LEGACY_RULES, params=params)
    assert new.violations == old.violations
    assert new == old
    values = dict(PARAMETERS.updated(params).on(None))
    for code, yielded, expected in zip(
        BUILTIN_RULES.codes,
        raw(BUILTIN_RULES, registry, values),
        raw(LEGACY_RULES, registry, values),
        strict=True,
    ):
        assert yielded == expected, code


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**16), fault_seed=st.integers(0, 2**16))
def test_every_planted_fault_is_reported_alike(seed: int, fault_seed: int) -> None:
    """Every fault the synthetic generator plants, all in one registry, gives the same report both ways."""
    registry = sw.datasets.synthetic(
        **SHAPE, seed=seed, faults=list(sw.datasets.FAULTS), fault_seed=fault_seed
    )
    new = sw.validate(registry)
    assert set(new.counts("code")) >= set(sw.datasets.FAULTS.values())
    assert new == sw.validate(registry, LEGACY_RULES)
