"""socialwork.linkage: five-society profiles, their bulk form, and bridges."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.graph import SOCIETIES
from socialwork.linkage import bridges, linkage_graph, profile, profiles
from socialwork.testing import registries

NIJIAQIAO = "510107015001"
XIMIANQIAO = "510107016001"


# -- profile --------------------------------------------------------------------------


def test_linkage_is_a_lazy_top_level_module() -> None:
    """``sw.linkage`` is reachable from the top level, like the other analyses."""
    assert "linkage" in dir(sw)
    assert sw.linkage.profile is profile


def test_a_community_with_every_society_scores_five(registry: sw.Registry) -> None:
    """倪家桥 has a room, a project, a worker, volunteers and a fund: all five societies."""
    p = profile(registry, NIJIAQIAO)
    assert p.score == 5
    assert p.missing == ()
    assert p.name == "倪家桥社区"
    assert (p.street_id, p.district_id) == ("510107015", "510107")
    assert [link.society for link in p.links] == list(sw.Society)


def test_community_link_follows_room_street_station_operator(registry: sw.Registry) -> None:
    """The community society's path is room -> street station -> operator."""
    link = profile(registry, NIJIAQIAO).link(sw.Society.COMMUNITY)
    assert link.paths == (("wh-c-nijiaqiao", "wh-s-yulin", "org-agency"),)
    assert link.member_ids == ("wh-c-nijiaqiao",)
    assert link.counts == (("rooms", 1), ("street_stations", 1), ("operators", 1))


def test_each_society_names_its_entities(registry: sw.Registry) -> None:
    """Projects and operators, posted workers, volunteers, funds with donations and grants."""
    p = profile(registry, NIJIAQIAO)
    assert p.link(sw.Society.SOCIAL_ORGANIZATION).paths == (("p-elderly", "org-agency"),)
    assert p.link(sw.Society.SOCIAL_ORGANIZATION).member_ids == ("org-agency",)
    assert p.link(sw.Society.SOCIAL_WORKER).paths == (("wh-c-nijiaqiao", "w-01"),)
    assert p.link(sw.Society.VOLUNTEER).member_ids == ("v-01", "v-02")
    charity = p.link(sw.Society.CHARITY_RESOURCE)
    assert charity.paths == (
        ("fund-nijiaqiao", "d-01"),
        ("fund-nijiaqiao", "d-02"),
        ("fund-nijiaqiao", "d-03"),
        ("fund-nijiaqiao", "g-01", "p-elderly"),
        ("fund-nijiaqiao", "org-fed"),
    )
    assert dict(charity.counts) == {"funds": 1, "donations": 3, "donors": 2, "grants": 1}
    assert "g-01" in charity.entity_ids


def test_missing_societies_lower_the_score(registry: sw.Registry) -> None:
    """洗面桥 has only its room: score 1, the other four societies missing."""
    p = profile(registry, XIMIANQIAO)
    assert p.score == 1
    assert p.missing == tuple(s for s in sw.Society if s is not sw.Society.COMMUNITY)
    assert not p.link(sw.Society.VOLUNTEER).present
    assert p.link(sw.Society.VOLUNTEER).strength == 0


def test_profile_of_unknown_code_raises_unknown_id(registry: sw.Registry) -> None:
    """An unknown division code raises UnknownIdError (a KeyError)."""
    with pytest.raises(sw.UnknownIdError):
        profile(registry, "999999999999")


def test_profile_of_a_street_names_the_division(registry: sw.Registry) -> None:
    """A division that is not a community raises InvalidValueError naming it and the argument."""
    with pytest.raises(sw.InvalidValueError) as info:
        profile(registry, "510107015")
    assert info.value.path == "community"
    assert "'510107015'" in info.value.reason
    assert "street" in info.value.reason


def test_profile_checks_argument_types(registry: sw.Registry) -> None:
    """A non-registry or a non-string code raises InvalidTypeError naming the argument."""
    with pytest.raises(sw.InvalidTypeError) as info:
        profile("registry", NIJIAQIAO)  # type: ignore[arg-type]
    assert info.value.path == "registry"
    with pytest.raises(sw.InvalidTypeError) as info:
        profile(registry, 510107015001)  # type: ignore[arg-type]
    assert info.value.path == "community"


def test_link_and_count_lookups_fail_cleanly(registry: sw.Registry) -> None:
    """Asking for a count a link lacks, or a link by a non-Society, raises a socialwork error."""
    p = profile(registry, NIJIAQIAO)
    with pytest.raises(sw.InvalidValueError) as value_error:
        p.link(sw.Society.VOLUNTEER).count("hours")
    assert value_error.value.path == "name"
    with pytest.raises(sw.InvalidTypeError) as type_error:
        p.link("volunteer")  # type: ignore[arg-type]
    assert type_error.value.path == "society"


def test_reprs_are_short(registry: sw.Registry) -> None:
    """Results print one short line, whatever their size."""
    p = profile(registry, NIJIAQIAO)
    assert repr(p) == "Profile('510107015001' 倪家桥社区, score=5, missing=[])"
    assert repr(p.links[0]) == "Link(community, strength=1)"
    assert repr(profiles(registry)) == "Profiles(4 communities, mean score 2.50, 1 complete)"
    assert repr(bridges(registry)) == "Bridges(3 bridges in 1 districts)"


# -- profiles ---------------------------------------------------------------------------


def test_profiles_put_the_weakest_first(registry: sw.Registry) -> None:
    """Communities are ordered by score, then code; aggregates by mean score, then code."""
    result = profiles(registry)
    assert result.community_ids == ("510107015002", XIMIANQIAO, "510107016002", NIJIAQIAO)
    assert [a.division_id for a in result.streets] == ["510107016", "510107015"]
    assert [a.level for a in result.streets] == [sw.DivisionLevel.STREET] * 2
    assert result.districts[0].division_id == "510107"
    assert result.districts[0].communities == 4
    assert result.districts[0].mean_score == 2.5
    assert result.score_counts == (0, 2, 0, 1, 0, 1)
    assert [p.community_id for p in result.weakest(1)] == ["510107015002"]


def test_profiles_reject_unknown_lookups(registry: sw.Registry) -> None:
    """Looking up a code that is not a community raises UnknownIdError; a bad count, a socialwork error."""
    result = profiles(registry)
    with pytest.raises(sw.UnknownIdError):
        result["510107015"]
    with pytest.raises(sw.UnknownIdError):
        result.score("nope")
    with pytest.raises(sw.InvalidValueError):
        result.weakest(-1)
    with pytest.raises(sw.InvalidTypeError):
        result.weakest("3")  # type: ignore[arg-type]
    assert NIJIAQIAO in result
    assert "510107015" not in result


def test_an_empty_registry_has_no_profiles() -> None:
    """A registry without communities gives empty profiles and no bridges."""
    result = profiles(sw.Registry())
    assert len(result) == 0
    assert result.mean_score == 0.0
    assert result.streets == result.districts == ()
    assert len(bridges(sw.Registry())) == 0


@given(registries(shuffled=True))
def test_bulk_profiles_agree_with_one_by_one(registry: sw.Registry) -> None:
    """profiles() computed in bulk gives each community the score, strengths and missing of profile()."""
    result = profiles(registry)
    communities = [c for c, d in registry.divisions.items() if d.level is sw.DivisionLevel.COMMUNITY]
    assert sorted(result.community_ids) == sorted(communities)
    for p, code in zip(result, result.community_ids, strict=True):
        one = profile(registry, code)
        assert p == one
        assert result.score(code) == one.score
        assert result.strengths(code) == one.strengths
        assert result.missing(code) == one.missing


@given(registries(shuffled=True))
def test_profiles_are_ordered_and_aggregates_add_up(registry: sw.Registry) -> None:
    """Weakest first (score, then code), and every aggregate counts its communities once."""
    result = profiles(registry)
    keys = [(result.score(code), code) for code in result.community_ids]
    assert keys == sorted(keys)
    for aggregates in (result.streets, result.districts):
        assert sum(a.communities for a in aggregates) == len(result)
        assert sum(a.complete for a in aggregates) == result.score_counts[-1]
        for a in aggregates:
            assert sum(a.score_counts) == a.communities
            assert all(0 <= m <= a.communities for m in a.missing)
        means = [(a.mean_score, a.division_id) for a in aggregates]
        assert means == sorted(means)


@given(registries(shuffled=True), st.randoms(use_true_random=False))
def test_profiles_do_not_depend_on_entity_order(registry: sw.Registry, rng: object) -> None:
    """Giving the same entities in another order gives the same profiles, bulk and one by one."""
    entities = list(registry.entities())
    rng.shuffle(entities)  # type: ignore[attr-defined]
    shuffled = sw.Registry(entities)
    a, b = profiles(registry), profiles(shuffled)
    assert a.community_ids == b.community_ids
    assert a.streets == b.streets
    assert a.districts == b.districts
    assert list(a) == list(b)


# -- bridges ------------------------------------------------------------------------------


@st.composite
def linked_registries(draw: st.DrawFn) -> sw.Registry:
    """Draw one district whose stations, workers, projects and funds name a few shared organizations."""
    district = "510107"
    entities: list[sw.Entity] = [sw.Division(code=district, name="区", level=sw.DivisionLevel.DISTRICT)]
    orgs = [f"o{i}" for i in range(draw(st.integers(1, 4)))]
    entities += [sw.Organization(id=o, name=o, kind=sw.OrgKind.SOCIAL_WORK_AGENCY) for o in orgs]
    maybe_org = st.none() | st.sampled_from(orgs)
    entities.append(
        sw.Station(
            id="hub",
            name="总站",
            level=sw.StationLevel.DISTRICT,
            division_id=district,
            operator_id=draw(maybe_org),
        )
    )
    stations, communities = ["hub"], []
    for s in range(draw(st.integers(1, 3))):
        street = f"{district}{s + 1:03d}"
        entities.append(
            sw.Division(code=street, name="街", level=sw.DivisionLevel.STREET, parent_code=district)
        )
        entities.append(
            sw.Station(
                id=f"s{s}",
                name="站",
                level=sw.StationLevel.STREET,
                division_id=street,
                parent_id=draw(st.none() | st.just("hub")),
                operator_id=draw(maybe_org),
            )
        )
        stations.append(f"s{s}")
        for c in range(draw(st.integers(1, 3))):
            code = f"{street}{c + 1:03d}"
            communities.append(code)
            entities.append(
                sw.Division(code=code, name="社区", level=sw.DivisionLevel.COMMUNITY, parent_code=street)
            )
            if draw(st.booleans()):
                entities.append(
                    sw.Station(
                        id=f"r{s}{c}",
                        name="室",
                        level=sw.StationLevel.COMMUNITY,
                        division_id=code,
                        parent_id=draw(st.none() | st.just(f"s{s}")),
                        operator_id=draw(maybe_org),
                    )
                )
                stations.append(f"r{s}{c}")
    entities += [
        sw.SocialWorker(
            id=f"w{i}",
            name="工",
            employer_id=draw(maybe_org),
            station_id=draw(st.none() | st.sampled_from(stations)),
        )
        for i in range(draw(st.integers(0, 5)))
    ]
    entities += [
        sw.Volunteer(id=f"v{i}", division_id=draw(st.sampled_from(communities)))
        for i in range(draw(st.integers(0, 3)))
    ]
    entities += [
        sw.Project(
            id=f"p{i}",
            name="项目",
            operator_id=draw(st.sampled_from(orgs)),
            start=dt.date(2022, 1, 1),
            community_ids=draw(st.lists(st.sampled_from(communities), max_size=2, unique=True)),
            station_ids=draw(st.lists(st.sampled_from(stations), max_size=1)),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    entities += [
        sw.Fund(
            id=f"f{i}",
            name="基金",
            division_id=draw(st.sampled_from(communities)),
            manager_id=draw(st.sampled_from(orgs)),
            established=dt.date(2022, 1, 1),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    return sw.Registry(draw(st.permutations(entities)))


def _naive_cut_off(graph: nx.Graph, node: str) -> dict[str, set[sw.Society]]:
    """The communities that removing *node* cuts off, found by removing it (the oracle)."""
    component = nx.node_connected_component(graph, node)
    before = {graph.nodes[n].get("society") for n in component} - {None}
    rest = graph.subgraph(component - {node})
    found: dict[str, set[sw.Society]] = {}
    for piece in nx.connected_components(rest):
        missing = before - {graph.nodes[n].get("society") for n in piece}
        if missing:
            for n in piece:
                if graph.nodes[n]["kind"] == "divisions":
                    found[n] = missing
    return found


def _check_against_networkx(registry: sw.Registry) -> None:
    result = bridges(registry)
    for district in result.districts:
        graph = linkage_graph(registry, district)
        points = set(nx.articulation_points(graph))
        expected = {}
        for node in points:
            if graph.nodes[node]["kind"] in {"stations", "organizations"}:
                cut = _naive_cut_off(graph, node)
                if cut:
                    expected[node] = cut
        got = {
            b.entity_id: {c.community_id: set(c.societies) for c in b.cut_off}
            for b in result.in_district(district)
        }
        assert set(got) <= points
        assert got == expected


def test_bridges_of_the_example_are_its_lone_rooms(registry: sw.Registry) -> None:
    """The rooms that alone link a community to the district are bridges; the shared agency is not."""
    result = bridges(registry)
    assert [b.entity_id for b in result] == ["wh-c-jinli", "wh-c-ximianqiao", "wh-c-yulinbeilu"]
    assert result.of("org-agency") == ()
    assert result[0].community_ids == ("510107016002",)
    assert result[0].kind == "stations"
    _check_against_networkx(registry)


def test_an_agency_that_alone_links_two_communities_is_ranked_first() -> None:
    """An organization whose loss cuts off two communities outranks rooms that cut off one."""
    divisions = [
        sw.Division(code="510107", name="武侯区", level=sw.DivisionLevel.DISTRICT),
        sw.Division(code="510107015", name="街道", level=sw.DivisionLevel.STREET, parent_code="510107"),
        sw.Division(
            code="510107015001", name="甲", level=sw.DivisionLevel.COMMUNITY, parent_code="510107015"
        ),
        sw.Division(
            code="510107015002", name="乙", level=sw.DivisionLevel.COMMUNITY, parent_code="510107015"
        ),
    ]
    orgs = [
        sw.Organization(id="a", name="机构", kind=sw.OrgKind.SOCIAL_WORK_AGENCY),
        sw.Organization(id="b", name="机构乙", kind=sw.OrgKind.SOCIAL_WORK_AGENCY),
    ]
    stations = [
        sw.Station(id="s", name="站", level=sw.StationLevel.STREET, division_id="510107015", operator_id="b"),
        sw.Station(id="r1", name="室一", level=sw.StationLevel.COMMUNITY, division_id="510107015001"),
        sw.Station(id="r2", name="室二", level=sw.StationLevel.COMMUNITY, division_id="510107015002"),
    ]
    workers = [
        sw.SocialWorker(id="w1", name="一", employer_id="a", station_id="r1"),
        sw.SocialWorker(id="w2", name="二", employer_id="a", station_id="r2"),
        sw.SocialWorker(id="w3", name="三", employer_id="a", station_id="s"),
    ]
    registry = sw.Registry([*divisions, *orgs, *stations, *workers])
    result = bridges(registry)
    assert result[0].entity_id == "a"
    assert result[0].community_ids == ("510107015001", "510107015002")
    assert result[0].cut_off[0].societies == (sw.Society.SOCIAL_ORGANIZATION,)
    _check_against_networkx(registry)


@given(registries(shuffled=True) | linked_registries())
def test_bridges_agree_with_networkx_articulation_points(registry: sw.Registry) -> None:
    """Every bridge is an articulation point of its district's graph, cutting off what removing it cuts off."""
    _check_against_networkx(registry)


@given(registries(shuffled=True) | linked_registries(), st.randoms(use_true_random=False))
def test_bridges_do_not_depend_on_entity_order(registry: sw.Registry, rng: object) -> None:
    """The same entities in another order give the same bridges, in the same rank."""
    entities = list(registry.entities())
    rng.shuffle(entities)  # type: ignore[attr-defined]
    assert bridges(sw.Registry(entities)).items == bridges(registry).items


@given(linked_registries())
def test_bridges_are_ranked(registry: sw.Registry) -> None:
    """Most communities cut off first, then by id and district."""
    keys = [(-len(b.cut_off), b.entity_id, b.district_id) for b in bridges(registry)]
    assert keys == sorted(keys)


def test_bridges_check_their_districts(registry: sw.Registry) -> None:
    """Only district codes may be asked for; the error names the position."""
    assert bridges(registry, districts=["510107"]).items == bridges(registry).items
    with pytest.raises(sw.InvalidValueError) as info:
        bridges(registry, districts=["510107", "510107015"])
    assert info.value.path == "districts[1]"
    with pytest.raises(sw.UnknownIdError):
        bridges(registry, districts=["999999"])
    with pytest.raises(sw.InvalidTypeError):
        bridges(registry, districts="510107")


def test_linkage_graph_labels_nodes_with_kind_and_society(registry: sw.Registry) -> None:
    """Each node carries its kind and the society of that kind, as build_graph does; no street is a node."""
    graph = linkage_graph(registry, "510107")
    for _, data in graph.nodes(data=True):
        assert data.get("society") is SOCIETIES[data["kind"]]
    assert "510107015" not in graph
    assert graph.has_edge("wh-c-nijiaqiao", NIJIAQIAO)
    assert graph.has_edge("fund-nijiaqiao", "p-elderly")
    with pytest.raises(sw.InvalidValueError):
        linkage_graph(registry, NIJIAQIAO)


def test_a_lone_chain_of_community_societies_has_no_bridge() -> None:
    """A room between its community and street station, with nothing else, cuts off nothing new.

    Every piece its loss leaves has only the community society, which each piece still
    has (the community itself), so the room is a cut vertex but no bridge.
    """
    registry = sw.Registry(
        [
            sw.Division(code="510107", name="区", level=sw.DivisionLevel.DISTRICT),
            sw.Division(code="510107001", name="街", level=sw.DivisionLevel.STREET, parent_code="510107"),
            sw.Division(
                code="510107001001", name="社区", level=sw.DivisionLevel.COMMUNITY, parent_code="510107001"
            ),
            sw.Station(id="s0", name="站", level=sw.StationLevel.STREET, division_id="510107001"),
            sw.Station(
                id="r0",
                name="室",
                level=sw.StationLevel.COMMUNITY,
                division_id="510107001001",
                parent_id="s0",
            ),
        ]
    )
    assert set(nx.articulation_points(linkage_graph(registry, "510107"))) == {"r0"}
    assert len(bridges(registry)) == 0
