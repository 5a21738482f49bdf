"""Tests of socialwork.hierarchy: containment, the trees, coverage and roll-ups."""

from __future__ import annotations

import decimal
import random
from decimal import Decimal
from typing import Any

import attrs
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork import hierarchy
from socialwork.errors import InvalidTypeError, InvalidValueError, UnknownIdError
from socialwork.matching import FitWeights
from socialwork.matching._registry import _proximity
from socialwork.testing import registries

D, L = sw.DivisionLevel, sw.StationLevel


def three_levels() -> sw.Registry:
    """A district with two streets and three communities; one street lacks its station, one community its room."""
    return sw.Registry(
        [
            sw.Division(code="510107", name="武侯区", level=D.DISTRICT),
            sw.Division(code="510107015", name="玉林街道", level=D.STREET, parent_code="510107"),
            sw.Division(code="510107016", name="浆洗街街道", level=D.STREET, parent_code="510107"),
            sw.Division(code="510107015001", name="倪家桥社区", level=D.COMMUNITY, parent_code="510107015"),
            sw.Division(code="510107015002", name="玉林北路社区", level=D.COMMUNITY, parent_code="510107015"),
            sw.Division(code="510107016001", name="洗面桥社区", level=D.COMMUNITY, parent_code="510107016"),
            sw.Station(id="hub", name="武侯区社工总站", level=L.DISTRICT, division_id="510107"),
            sw.Station(
                id="s-yl", name="玉林街道社工站", level=L.STREET, division_id="510107015", parent_id="hub"
            ),
            sw.Station(
                id="c-njq",
                name="倪家桥社工室",
                level=L.COMMUNITY,
                division_id="510107015001",
                parent_id="s-yl",
            ),
            sw.Station(
                id="c-xmq",
                name="洗面桥社工室",
                level=L.COMMUNITY,
                division_id="510107016001",
                parent_id="hub",
            ),
        ]
    )


def cyclic() -> sw.Registry:
    """Stations whose parent links close a cycle a -> b -> c -> a, with d hanging below c."""
    division = sw.Division(code="510107", name="武侯区", level=D.DISTRICT)
    links = {"a": "c", "b": "a", "c": "b", "d": "c"}
    stations = [
        sw.Station(id=s, name=s, level=L.STREET, division_id="510107", parent_id=p) for s, p in links.items()
    ]
    return sw.Registry([division, *stations])


# -- navigation -------------------------------------------------------------------


def test_parent_children_ancestors_follow_parent_links() -> None:
    """Stations hang from parent_id, divisions from parent_code; children are sorted by id."""
    reg = three_levels()
    assert hierarchy.parent(reg, "c-njq") == "s-yl"
    assert hierarchy.parent(reg, "hub") is None
    assert hierarchy.children(reg, "hub") == ("c-xmq", "s-yl")
    assert hierarchy.ancestors(reg, "c-njq") == ("s-yl", "hub")
    assert hierarchy.ancestors(reg, "510107015002") == ("510107015", "510107")
    assert hierarchy.children(reg, "510107015") == ("510107015001", "510107015002")


def test_subtree_lists_itself_first_then_pre_order() -> None:
    """subtree() starts with the entity, then each child before its own children, siblings by id."""
    reg = three_levels()
    assert hierarchy.subtree(reg, "hub") == ("hub", "c-xmq", "s-yl", "c-njq")
    assert hierarchy.subtree(reg, "510107") == (
        "510107",
        "510107015",
        "510107015001",
        "510107015002",
        "510107016",
        "510107016001",
    )


def test_depth_counts_links_and_level_is_the_declared_one() -> None:
    """A level skip (a room right under the hub) shows in depth, not in the declared level."""
    reg = three_levels()
    assert hierarchy.depth(reg, "c-xmq") == 1
    assert hierarchy.level(reg, "c-xmq") is L.COMMUNITY
    assert hierarchy.depth(reg, "c-njq") == 2
    assert hierarchy.level(reg, "510107015") is D.STREET


def test_is_within_is_reflexive_and_follows_the_tree() -> None:
    """An entity is within itself and its ancestors, never within a sibling or another kind."""
    reg = three_levels()
    assert hierarchy.is_within(reg, "c-njq", "c-njq")
    assert hierarchy.is_within(reg, "c-njq", "hub")
    assert not hierarchy.is_within(reg, "hub", "c-njq")
    assert not hierarchy.is_within(reg, "510107015001", "510107016")
    assert not hierarchy.is_within(reg, "c-njq", "510107015001")


def test_lowest_common_ancestor_of_two_communities_is_their_street() -> None:
    """The deepest division both lie within; None across kinds."""
    reg = three_levels()
    assert hierarchy.lowest_common_ancestor(reg, "510107015001", "510107015002") == "510107015"
    assert hierarchy.lowest_common_ancestor(reg, "510107015001", "510107015") == "510107015"
    assert hierarchy.lowest_common_ancestor(reg, "510107015001", "510107016001") == "510107"
    assert hierarchy.lowest_common_ancestor(reg, "hub", "510107") is None


def test_navigation_names_unknown_ids_and_other_kinds() -> None:
    """An unknown id raises UnknownIdError; an id of another kind InvalidValueError naming the argument."""
    reg = sw.datasets.example()
    with pytest.raises(UnknownIdError):
        hierarchy.parent(reg, "no-such-station")
    with pytest.raises(InvalidValueError) as error:
        hierarchy.children(reg, "org-agency")
    assert error.value.path == "entity_id"
    with pytest.raises(InvalidValueError) as error:
        hierarchy.is_within(reg, "wh-hub", "org-agency")
    assert error.value.path == "ancestor"
    with pytest.raises(InvalidTypeError):
        hierarchy.parent(reg, 3)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        hierarchy.tree("registry")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        hierarchy.tree(reg, "funds")  # type: ignore[arg-type]


def test_tree_is_built_once_per_registry() -> None:
    """tree() keeps the index with the registry: a second call returns the same object."""
    reg = three_levels()
    assert hierarchy.tree(reg) is hierarchy.tree(reg, "stations")
    assert hierarchy.tree(reg, "divisions") is not hierarchy.tree(reg)


def test_station_tree_is_an_arborescence_for_one_hub() -> None:
    """A well-formed registry with one hub gives a networkx arborescence with every station."""
    reg = sw.datasets.example()
    graph = hierarchy.station_tree(reg)
    assert nx.is_arborescence(graph)
    assert set(graph) == set(reg.stations)
    assert set(graph.successors("wh-s-yulin")) == {"wh-c-nijiaqiao", "wh-c-yulinbeilu"}


# -- registries that are not well formed ----------------------------------------------


def test_a_cycle_of_parent_links_is_cut_at_its_smallest_id() -> None:
    """Cycles end: the member with the smallest id becomes a root, and walks terminate."""
    reg = cyclic()
    found = hierarchy.tree(reg)
    assert found.cut == ("a",)
    assert hierarchy.parent(reg, "a") is None
    assert hierarchy.ancestors(reg, "b") == ("a",)
    assert hierarchy.ancestors(reg, "d") == ("c", "b", "a")
    assert hierarchy.subtree(reg, "a") == ("a", "b", "c", "d")
    assert hierarchy.children(reg, "c") == ("d",)  # the cut link c <- a is not a child link
    assert nx.is_arborescence(hierarchy.station_tree(reg))
    assert hierarchy.rollup(reg, dict.fromkeys("abcd", 1))["a"] == 4


def test_cut_does_not_depend_on_the_order_of_entities() -> None:
    """The same cycle is cut at the same station whatever order the registry was given in."""
    entities = list(cyclic().entities())
    for seed in range(5):
        random.Random(seed).shuffle(entities)  # noqa: S311 - a seeded shuffle, not cryptography
        assert hierarchy.tree(sw.Registry(entities)).cut == ("a",)


def test_given_parents_keep_the_cut_links() -> None:
    """given_parents() is parent with each cut link restored to the parent the data give."""
    reg = cyclic()
    found = hierarchy.tree(reg)
    given = found.given_parents()
    a = found.position("a")
    assert found.parent[a] == -1
    assert found.ids[given[a]] == reg.stations["a"].parent_id
    others = [i for i in range(len(found)) if i != a]
    assert (given[others] == found.parent[others]).all()
    whole = hierarchy.tree(sw.datasets.example())
    assert whole.given_parents() is whole.parent  # nothing cut: the same array


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True))
def test_station_divisions_are_each_stations_division(reg: sw.Registry) -> None:
    """Property: station_divisions(reg)[i] is the division-tree position of the i-th station's division."""
    divisions = hierarchy.tree(reg, "divisions")
    served = hierarchy.station_divisions(reg)
    assert [divisions.ids[j] for j in served.tolist()] == [s.division_id for s in reg.stations.values()]
    assert not served.flags.writeable


def test_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    """Walks are iterative: a chain of 5,000 stations is navigated and rolled up."""
    division = sw.Division(code="510107", name="武侯区", level=D.DISTRICT)
    chain = [
        sw.Station(
            id=f"s{i:05d}",
            name="站",
            level=L.STREET,
            division_id="510107",
            parent_id=None if i == 0 else f"s{i - 1:05d}",
        )
        for i in range(5000)
    ]
    reg = sw.Registry([division, *chain])
    assert len(hierarchy.ancestors(reg, "s04999")) == 4999
    assert hierarchy.rollup(reg, np.ones(5000, dtype=np.int64))["s00000"] == 5000


# -- coverage -----------------------------------------------------------------------


def test_street_without_station_and_community_without_room_are_named() -> None:
    """全覆盖: every street needs a street station and every community a room; gaps are listed."""
    c = hierarchy.coverage(three_levels())
    assert c.uncovered == ("510107015002", "510107016")
    assert c.streets == hierarchy.Share(1, 2)
    assert c.communities == hierarchy.Share(2, 3)
    assert c.overall == hierarchy.Share(3, 5)
    assert c.ratio == pytest.approx(0.6)
    assert not c.is_full
    assert c.by_street == {"510107015": hierarchy.Share(2, 3), "510107016": hierarchy.Share(1, 2)}
    assert c.by_district == {"510107": hierarchy.Share(3, 5)}
    assert "510107016" in c.explain()


def test_a_station_of_another_level_does_not_cover() -> None:
    """A street station placed in a community's division does not make a community room."""
    reg = three_levels()
    moved = attrs.evolve(reg.stations["c-njq"], level=L.STREET)
    assert "510107015001" in hierarchy.coverage(reg.replace([moved])).uncovered


def test_example_is_fully_covered() -> None:
    """The bundled example has a station for every street and a room for every community."""
    c = hierarchy.coverage(sw.datasets.example())
    assert c.is_full
    assert c.ratio == 1.0
    assert c.uncovered == ()


def test_removing_any_room_drops_coverage_and_names_its_community() -> None:
    """From full coverage, removing one community room gives a ratio below 1 naming that community."""
    reg = sw.datasets.example()
    for station in reg.stations.values():
        if station.level is not L.COMMUNITY:
            continue
        dependants = [
            e.id
            for e in (
                *reg.referrers("social_workers", "station_id", station.id),
                *reg.referrers("projects", "station_ids", station.id),
            )
        ]
        grants = [g.id for g in reg.grants.values() if g.project_id in dependants]
        c = hierarchy.coverage(reg.remove([station.id, *dependants, *grants]))
        assert c.ratio < 1
        assert c.uncovered == (station.division_id,)


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True))
def test_coverage_is_one_exactly_when_every_street_and_community_has_its_station(reg: sw.Registry) -> None:
    """Property: ratio == 1 iff every street and community division has a station of its level."""
    levels = {D.STREET: L.STREET, D.COMMUNITY: L.COMMUNITY}
    served = {(s.division_id, s.level) for s in reg.stations.values()}
    missing = sorted(
        d.code
        for d in reg.divisions.values()
        if d.level in levels and (d.code, levels[d.level]) not in served
    )
    c = hierarchy.coverage(reg)
    assert list(c.uncovered) == missing
    assert (c.ratio == 1.0) == (not missing)


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True), st.randoms(use_true_random=False))
def test_removing_a_room_from_a_random_registry_names_its_community(reg: sw.Registry, rnd: Any) -> None:
    """Property: dropping one community room (and what refers to it) uncovers exactly its community."""
    rooms = [s for s in reg.stations.values() if s.level is L.COMMUNITY]
    if not rooms or not hierarchy.coverage(reg).is_full:
        return
    room = rnd.choice(rooms)
    kept = [
        e
        for e in reg.entities()
        if e.id != room.id
        and not (isinstance(e, sw.SocialWorker) and e.station_id == room.id)
        and not (isinstance(e, sw.Project) and room.id in e.station_ids)
    ]
    projects = {e.id for e in kept if isinstance(e, sw.Project)}
    kept = [e for e in kept if not (isinstance(e, sw.Grant) and e.project_id not in projects)]
    c = hierarchy.coverage(sw.Registry(kept))
    assert c.ratio < 1
    assert c.uncovered == (room.division_id,)


# -- roll-ups -----------------------------------------------------------------------


def test_rollup_sums_workers_up_to_the_hub() -> None:
    """Each station's figure covers its subtree: the hub counts every worker."""
    reg = sw.datasets.example()
    workers = {s: len(reg.referrers("social_workers", "station_id", s)) for s in reg.stations}
    up = hierarchy.rollup(reg, workers)
    assert up["wh-hub"] == 4
    assert up["wh-s-yulin"] == 2  # its own worker and the one of 倪家桥
    assert up.at_level(L.STREET) == {"wh-s-jiangxi": 1, "wh-s-yulin": 2}


def test_rollup_of_money_stays_decimal_and_exact() -> None:
    """Decimal figures add exactly, whatever the caller's decimal context."""
    reg = sw.datasets.example()
    values = {"wh-c-jinli": Decimal("0.10"), "wh-c-ximianqiao": Decimal("0.20"), "wh-hub": Decimal("1E+20")}
    with decimal.localcontext(decimal.Context(prec=3)):
        up = hierarchy.rollup(reg, values)
    assert up["wh-s-jiangxi"] == Decimal("0.30")
    assert up["wh-hub"] == Decimal("100000000000000000000.30")
    assert up["wh-s-yulin"] == Decimal(0)
    assert isinstance(up["wh-s-yulin"], Decimal)


def test_rollup_takes_an_array_in_registry_order() -> None:
    """An array aligned with registry.stations is rolled up as it is, e.g. a scoring extractor's column."""
    reg = sw.datasets.example()
    up = hierarchy.rollup(reg, np.arange(len(reg.stations), dtype=np.float64))
    ids = list(reg.stations)
    assert up["wh-hub"] == float(sum(range(len(ids))))


def test_rollup_with_maximum_and_of_divisions() -> None:
    """Any associative ufunc reduces; divisions roll up along parent_code."""
    reg = sw.datasets.example()
    up = hierarchy.rollup(reg, {"wh-c-jinli": 5, "wh-s-yulin": 2}, reducer=np.maximum, fill=0)
    assert (up["wh-hub"], up["wh-s-yulin"]) == (5, 2)
    persons = {n.division_id: n.persons for n in reg.needs.values()}
    by_division = hierarchy.rollup(reg, persons, kind="divisions")
    assert by_division["510000"] == sum(persons.values())


def test_rollup_counts_booleans() -> None:
    """A boolean figure (has a supervisor, ...) is counted, not or-ed."""
    reg = sw.datasets.example()
    assert hierarchy.rollup(reg, dict.fromkeys(reg.stations, True))["wh-hub"] == 7


def test_rollup_names_bad_input() -> None:
    """Unknown ids, wrong lengths, non-numbers and reducers without identity are reported by argument."""
    reg = sw.datasets.example()
    with pytest.raises(InvalidValueError) as error:
        hierarchy.rollup(reg, {"no-such": 1})
    assert error.value.path == "values['no-such']"
    with pytest.raises(InvalidValueError) as error:
        hierarchy.rollup(reg, [1, 2])
    assert error.value.path == "values"
    with pytest.raises(InvalidValueError):
        hierarchy.rollup(reg, {"wh-hub": "many"})
    with pytest.raises(InvalidValueError) as error:
        hierarchy.rollup(reg, {"wh-hub": 1}, reducer=np.maximum)
    assert error.value.path == "fill"
    with pytest.raises(InvalidTypeError) as error:
        hierarchy.rollup(reg, {"wh-hub": 1}, reducer=sum)  # type: ignore[arg-type]
    assert error.value.path == "reducer"
    with pytest.raises(InvalidTypeError):
        hierarchy.rollup(reg, "wh-hub")


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True), st.randoms(use_true_random=False))
def test_rollup_equals_the_direct_sum_over_the_subtree(reg: sw.Registry, rnd: Any) -> None:
    """Property: each station's roll-up is the plain sum of the figures of its subtree."""
    values = {s: rnd.randint(0, 100) for s in reg.stations}
    up = hierarchy.rollup(reg, values)
    for station in reg.stations:
        assert up[station] == sum(values[s] for s in hierarchy.subtree(reg, station))
    divisions = {d: rnd.randint(0, 100) for d in reg.divisions}
    up = hierarchy.rollup(reg, divisions, kind="divisions")
    for code in reg.divisions:
        assert up[code] == sum(divisions[d] for d in hierarchy.subtree(reg, code))


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True), st.randoms(use_true_random=False))
def test_trees_do_not_depend_on_entity_order(reg: sw.Registry, rnd: Any) -> None:
    """Property: shuffling the entities changes no parent, subtree or coverage."""
    entities = list(reg.entities())
    rnd.shuffle(entities)
    other = sw.Registry(entities)
    for entity_id in [*reg.stations, *reg.divisions]:
        assert hierarchy.subtree(reg, entity_id) == hierarchy.subtree(other, entity_id)
        assert hierarchy.ancestors(reg, entity_id) == hierarchy.ancestors(other, entity_id)
    assert hierarchy.coverage(reg) == hierarchy.coverage(other)


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True))
def test_is_within_agrees_with_ancestors(reg: sw.Registry) -> None:
    """Property: is_within(a, b) holds exactly when b is a or one of a's ancestors."""
    ids = [*reg.stations, *reg.divisions]
    for a in ids:
        above = {a, *hierarchy.ancestors(reg, a)}
        for b in ids:
            assert hierarchy.is_within(reg, a, b) == (b in above)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 11), min_size=1, max_size=12))
def test_any_parent_links_end_and_roll_up(parents: list[int]) -> None:
    """Property: arbitrary parent links (cycles, chains, skips) give a forest whose roll-ups are subtree sums."""
    division = sw.Division(code="510107", name="武侯区", level=D.DISTRICT)
    n = len(parents)
    stations = [
        sw.Station(
            id=f"s{i:02d}",
            name="站",
            level=L.STREET,
            division_id="510107",
            parent_id=None if p % (n + 1) >= n or p % (n + 1) == i else f"s{p % (n + 1):02d}",
        )
        for i, p in enumerate(parents)
    ]
    reg = sw.Registry([division, *stations])
    graph = hierarchy.station_tree(reg)
    assert nx.is_branching(graph)
    up = hierarchy.rollup(reg, dict.fromkeys(reg.stations, 1))
    for s in reg.stations:
        assert up[s] == len(hierarchy.subtree(reg, s)) == len(nx.descendants(graph, s)) + 1


# -- the analyses' former private copies agree with the hierarchy ---------------------


def prefix_proximity(need: str, places: list[str], weights: FitWeights) -> int | None:
    """matching's former definition: compare the first 12, 9 or 6 digits of the codes."""
    points = {12: weights.community, 9: weights.street, 6: weights.district}
    best: int | None = None
    for place in places:
        for length in (12, 9, 6):
            if len(place) >= length and len(need) >= length and place[:length] == need[:length]:
                best = points[length] if best is None else max(best, points[length])
                break
    return best


def linked_within(reg: sw.Registry, code: str, target: str) -> bool:
    """funds' former definition: follow parent_code links up from code."""
    current: str | None = code
    while current is not None:
        if current == target:
            return True
        current = reg.divisions[current].parent_code
    return False


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True), st.randoms(use_true_random=False))
def test_proximity_through_the_hierarchy_equals_the_code_prefixes(reg: sw.Registry, rnd: Any) -> None:
    """Property: matching's proximity points are those the division-code prefixes gave."""
    weights = FitWeights(community=rnd.randint(0, 5), street=rnd.randint(0, 5), district=rnd.randint(0, 5))
    codes = list(reg.divisions)
    for need in codes:
        places = rnd.sample(codes, min(3, len(codes)))
        assert _proximity(reg, need, places, weights) == prefix_proximity(need, places, weights)


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True))
def test_is_within_equals_following_parent_codes(reg: sw.Registry) -> None:
    """Property: funds' within= test is the hierarchy's containment of divisions."""
    for code in reg.divisions:
        for target in reg.divisions:
            assert hierarchy.is_within(reg, code, target) == linked_within(reg, code, target)


def test_ancestor_at_level_names_each_community_s_street_and_district() -> None:
    """Every entity maps to the nearest of the level above or at it; those above it are left out."""
    reg = three_levels()
    streets = hierarchy.ancestor_at_level(reg, D.STREET)
    assert streets == {
        "510107015": "510107015",
        "510107015001": "510107015",
        "510107015002": "510107015",
        "510107016": "510107016",
        "510107016001": "510107016",
    }
    assert set(hierarchy.ancestor_at_level(reg, D.DISTRICT).values()) == {"510107"}
    assert hierarchy.ancestor_at_level(reg, L.STREET) == {"s-yl": "s-yl", "c-njq": "s-yl"}
    with pytest.raises(InvalidTypeError):
        hierarchy.ancestor_at_level(reg, "street")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        hierarchy.tree(reg).nearest([True])


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True))
def test_ancestor_at_level_agrees_with_ancestors(reg: sw.Registry) -> None:
    """Property: the nearest ancestor-or-self of a level is the first of that level along ancestors()."""
    for level in D:
        found = hierarchy.ancestor_at_level(reg, level)
        for code in reg.divisions:
            chain = (code, *hierarchy.ancestors(reg, code))
            expected = next((c for c in chain if reg.divisions[c].level is level), None)
            assert found.get(code) == expected


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True), st.randoms(use_true_random=False))
def test_rollup_with_maximum_equals_the_subtree_maximum(reg: sw.Registry, rnd: Any) -> None:
    """Property: with np.maximum, each station's roll-up is the largest figure in its subtree."""
    values = {s: rnd.randint(-50, 50) for s in reg.stations}
    up = hierarchy.rollup(reg, values, reducer=np.maximum)
    for station in reg.stations:
        assert up[station] == max(values[s] for s in hierarchy.subtree(reg, station))
