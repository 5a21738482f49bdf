"""A property-based test suite for code that uses socialwork, with socialwork.testing.

Run it with pytest (``pytest examples/property_tests.py``), or as a script, which
calls each test once and prints what it checked. Each test draws its inputs from
the strategies that socialwork ships for Hypothesis: ``st.from_type`` finds them
by itself once socialwork is installed, and the named strategies take a shape.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.funds import BINZHOU_RULE, statement
from socialwork.matching import is_stable, stable
from socialwork.testing import (
    BrokenRegistry,
    PreferenceProfile,
    broken_registries,
    donation_streams,
    funds,
    preference_profiles,
    registries,
)


def rooms_per_street(registry: sw.Registry) -> dict[str, int]:
    """The code under test: how many community rooms each street station has."""
    return {
        station.id: len(registry.children(station.id))
        for station in registry.stations.values()
        if station.level is sw.StationLevel.STREET
    }


@given(registries(streets=(1, 4), communities=(0, 3)))
def test_every_room_is_counted_once(registry: sw.Registry) -> None:
    """The rooms counted under the streets are all the community rooms."""
    rooms = [s for s in registry.stations.values() if s.level is sw.StationLevel.COMMUNITY]
    assert sum(rooms_per_street(registry).values()) == len(rooms)


@given(st.from_type(sw.Station))
def test_any_station_round_trips_through_a_registry(station: sw.Station) -> None:
    """st.from_type draws a valid station; a registry on its division gives it back unchanged."""
    division = sw.Division(
        code=station.division_id,
        name="某地",
        level={
            sw.StationLevel.DISTRICT: sw.DivisionLevel.DISTRICT,
            sw.StationLevel.STREET: sw.DivisionLevel.STREET,
            sw.StationLevel.COMMUNITY: sw.DivisionLevel.COMMUNITY,
        }[station.level],
    )
    bare = sw.Station(id=station.id, name=station.name, level=station.level, division_id=division.code)
    assert sw.Registry([division, bare]).stations[station.id] == bare


@given(funds(), st.data())
def test_the_binzhou_match_never_exceeds_a_tenth(fund: sw.Fund, data: st.DataObject) -> None:
    """Whatever is raised, the federation adds at most a tenth of it, and at most 30,000 yuan."""
    gifts = data.draw(donation_streams(fund_id=fund.id))
    figures = statement(fund, gifts, rule=BINZHOU_RULE)
    assert figures.matched <= figures.raised / 10
    assert figures.matched <= Decimal(30_000)


@given(preference_profiles(max_proposers=6, max_reviewers=4))
def test_the_fair_is_stable(profile: PreferenceProfile) -> None:
    """Deferred acceptance gives a stable matching of any two-way selection fair."""
    communities, agencies, capacities, _ = profile
    matching = stable(communities, agencies, capacities=capacities)
    assert is_stable(matching)


@given(broken_registries())
def test_a_broken_registry_is_refused_or_reported_where_it_breaks(broken: BrokenRegistry) -> None:
    """Loading refuses a registry broken at load level; validation reports one broken against a rule."""
    if broken.breaks in ("duplicate_id", "dangling_reference"):
        with pytest.raises(sw.InvalidRegistryError) as caught:
            sw.Registry(broken.entities)
        assert broken.path in [p.path for p in caught.value.problems]
    else:
        report = sw.validate(sw.Registry(broken.entities))
        assert (broken.breaks, broken.path) in [(v.code, v.path) for v in report.violations]


if __name__ == "__main__":
    for test in [
        test_every_room_is_counted_once,
        test_any_station_round_trips_through_a_registry,
        test_the_binzhou_match_never_exceeds_a_tenth,
        test_the_fair_is_stable,
        test_a_broken_registry_is_refused_or_reported_where_it_breaks,
    ]:
        test()
        print(f"ok  {test.__name__}: {test.__doc__}")
