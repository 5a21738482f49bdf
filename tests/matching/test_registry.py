"""Tests of socialwork.matching.fit_from_registry and fair_preferences, and a two-way fair."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import InvalidTypeError, InvalidValueError, MatchingInputError
from socialwork.matching import (
    AGENCY_KINDS,
    FairPreferences,
    FitWeights,
    agency_capacities,
    assign,
    fair_preferences,
    fit_from_registry,
    is_stable,
    stable,
)
from socialwork.testing import registries

K, G, D = sw.ServiceKind, sw.TargetGroup, sw.DivisionLevel


def fair_registry() -> sw.Registry:
    """A district with two streets, three communities, two agencies and a third far away."""
    entities = [
        sw.Division(code="510107", name="武侯区", level=D.DISTRICT),
        sw.Division(code="510108", name="成华区", level=D.DISTRICT),
        sw.Division(code="510107015", name="玉林街道", level=D.STREET, parent_code="510107"),
        sw.Division(code="510107016", name="浆洗街街道", level=D.STREET, parent_code="510107"),
        sw.Division(code="510107015001", name="倪家桥社区", level=D.COMMUNITY, parent_code="510107015"),
        sw.Division(code="510107015002", name="玉林北路社区", level=D.COMMUNITY, parent_code="510107015"),
        sw.Division(code="510107016001", name="洗面桥社区", level=D.COMMUNITY, parent_code="510107016"),
        sw.Organization(id="ag-tongxin", name="同心社工", kind=sw.OrgKind.SOCIAL_WORK_AGENCY),
        sw.Organization(id="ag-lichen", name="立诚社工", kind=sw.OrgKind.SOCIAL_WORK_AGENCY),
        sw.Organization(id="ag-far", name="远方社工", kind=sw.OrgKind.SOCIAL_WORK_AGENCY),
        sw.Station(
            id="st-yulin", name="玉林街道社工站", level=sw.StationLevel.STREET, division_id="510107015"
        ),
        sw.Station(
            id="st-xmq", name="洗面桥社区社工室", level=sw.StationLevel.COMMUNITY, division_id="510107016001"
        ),
        sw.Station(id="st-far", name="成华区社工总站", level=sw.StationLevel.DISTRICT, division_id="510108"),
        sw.SocialWorker(
            id="w-1", name="王", employer_id="ag-tongxin", station_id="st-yulin", skills={K.ELDERLY_CARE}
        ),
        sw.SocialWorker(
            id="w-2", name="李", employer_id="ag-lichen", station_id="st-xmq", skills={K.COUNSELLING}
        ),
        sw.SocialWorker(
            id="w-3", name="张", employer_id="ag-far", station_id="st-far", skills={K.ELDERLY_CARE}
        ),
        sw.Project(
            id="p-youth",
            name="相伴成长",
            operator_id="ag-lichen",
            start=dt.date(2022, 1, 1),
            community_ids=("510107015002",),
            service_kinds={K.COUNSELLING},
            target_groups={G.YOUTH},
        ),
        sw.Need(
            id="n-1",
            division_id="510107015001",
            service_kind=K.ELDERLY_CARE,
            target_group=G.ELDERLY,
            persons=30,
        ),
        sw.Need(
            id="n-2",
            division_id="510107015002",
            service_kind=K.COUNSELLING,
            target_group=G.YOUTH,
            persons=12,
            urgency=5,
        ),
        sw.Need(
            id="n-3",
            division_id="510107016001",
            service_kind=K.COUNSELLING,
            target_group=G.FAMILIES,
            persons=8,
        ),
        sw.Need(
            id="n-4",
            division_id="510107016001",
            service_kind=K.ELDERLY_CARE,
            target_group=G.ELDERLY,
            persons=5,
        ),
    ]
    return sw.Registry(entities)


def test_same_community_beats_same_street_beats_same_district() -> None:
    """Proximity points fall from community to street to district, read from division codes."""
    fit = fit_from_registry(fair_registry(), weights=FitWeights(urgency=False, skill=0, target_group=0))
    assert fit["n-3", "w-2"] == 3  # the worker's room is in the need's community
    assert fit["n-1", "w-1"] == 2  # the worker's station serves the need's street
    assert fit["n-4", "w-1"] == 1  # same district, other street


def test_pairs_out_of_reach_or_of_another_kind_are_absent() -> None:
    """A provider in another district, or of another kind of service, gets no fit."""
    fit = fit_from_registry(fair_registry())
    assert ("n-1", "w-3") not in fit  # elderly care, but in 成华区
    assert ("n-1", "w-2") not in fit  # counselling worker, elderly-care need


def test_target_group_skill_and_urgency_add_up() -> None:
    """A project naming the need's group, with urgency 5, scores (3 + 2) x 5."""
    fit = fit_from_registry(fair_registry())
    assert fit["n-2", "p-youth"] == (3 + 2) * 5
    assert fit["n-2", "w-2"] == (1 + 1) * 5  # same district only, a skilled worker itself


def test_volunteers_can_be_providers() -> None:
    """providers chooses the kinds of entity that give services."""
    reg = sw.datasets.example()
    fit = fit_from_registry(reg, providers=("volunteers",))
    assert fit == {("need-01", "v-01"): (3 + 0 + 0) * 4}


def test_unknown_provider_kind_is_refused() -> None:
    """An unknown provider kind is reported."""
    with pytest.raises(MatchingInputError, match="providers"):
        fit_from_registry(fair_registry(), providers=("robots",))  # type: ignore[arg-type]


def test_registry_fit_feeds_assign() -> None:
    """The registry's needs and the default fit give an assignment within capacities."""
    reg = fair_registry()
    fit = fit_from_registry(reg)
    needs = {n.id: n.persons for n in reg.needs.values()}
    result = assign(needs, {"w-1": 20, "w-2": 10, "w-3": 50, "p-youth": 10}, fit=fit)
    assert result.load["w-3"] == 0
    assert result.load["p-youth"] == 10
    assert sum(u.persons for u in result.unmet) == sum(needs.values()) - result.persons


def test_two_way_fair_from_a_registry() -> None:
    """Communities and agencies rank each other by fit; the fair's matching is stable."""
    fair = fair_preferences(fair_registry())
    assert fair.communities == {
        "510107015001": ("ag-tongxin",),
        "510107015002": ("ag-lichen",),
        "510107016001": ("ag-lichen", "ag-tongxin"),
    }
    assert "ag-far" in fair.agencies
    assert fair.agencies["ag-far"] == ()
    caps = {"ag-tongxin": 1, "ag-lichen": 2, "ag-far": 1}
    community_caps = dict.fromkeys(fair.communities, 1)
    m = stable(fair.communities, fair.agencies, capacities=caps, proposer_capacities=community_caps)
    assert is_stable(m)
    assert fair.capacities == {"ag-far": 1, "ag-lichen": 1, "ag-tongxin": 1}  # one worker each
    assert fair.proposer_capacities == community_caps
    assert m.unmatched_reviewers == ("ag-far",)
    assert m.pairs == {
        ("510107015001", "ag-tongxin"),
        ("510107015002", "ag-lichen"),
        ("510107016001", "ag-lichen"),
    }
    assert m.of("ag-lichen") == ("510107015002", "510107016001")  # best first: 300 before 96 points
    assert fair.scores["510107015002", "ag-lichen"] == 25 * 12


def with_workers(registry: sw.Registry, employer_id: str, n: int) -> sw.Registry:
    """Return *registry* with *n* more social workers employed by *employer_id*."""
    extra = [sw.SocialWorker(id=f"w-x{i}", name="新", employer_id=employer_id) for i in range(n)]
    return sw.Registry([*registry.entities(), *extra])


def test_agency_capacity_is_its_social_workers_times_per_worker() -> None:
    """An agency's places are the social workers it employs, times per_worker, whatever their posting."""
    reg = with_workers(fair_registry(), "ag-lichen", 2)
    assert agency_capacities(reg) == {"ag-far": 1, "ag-lichen": 3, "ag-tongxin": 1}
    assert agency_capacities(reg, per_worker=2) == {"ag-far": 2, "ag-lichen": 6, "ag-tongxin": 2}
    assert list(agency_capacities(reg)) == sorted(agency_capacities(reg))


def test_agency_capacities_cover_the_agency_kinds_only() -> None:
    """Only organizations of the given kinds are agencies; one employing no one has 0 places."""
    reg = sw.datasets.example()
    assert agency_capacities(reg) == {"org-agency": 4}
    assert agency_capacities(reg, agency_kinds={sw.OrgKind.UNIVERSITY}) == {"org-univ": 0}
    assert agency_capacities(reg, agency_kinds=()) == {}
    assert frozenset({sw.OrgKind.SOCIAL_WORK_AGENCY, sw.OrgKind.SOCIAL_ORGANIZATION}) == AGENCY_KINDS


def test_fair_places_follow_the_registry() -> None:
    """fair_preferences gives stable both sides' places: nothing is typed by hand."""
    reg = with_workers(fair_registry(), "ag-lichen", 1)
    fair = fair_preferences(reg, per_worker=2, per_community=2)
    assert fair.capacities == {"ag-far": 2, "ag-lichen": 4, "ag-tongxin": 2}
    assert fair.proposer_capacities == dict.fromkeys(fair.communities, 2)
    m = stable(
        fair.communities,
        fair.agencies,
        capacities=fair.capacities,
        proposer_capacities=fair.proposer_capacities,
    )
    assert is_stable(m)
    assert m.of("510107016001") == ("ag-lichen", "ag-tongxin")  # two places: both its agencies


def test_agency_without_social_workers_takes_no_part() -> None:
    """An agency employing no social worker cannot staff a contract, so it is not in the fair."""
    reg = sw.datasets.example()
    fair = fair_preferences(reg, agency_kinds={sw.OrgKind.SOCIAL_WORK_AGENCY, sw.OrgKind.UNIVERSITY})
    assert set(fair.agencies) == {"org-agency"}
    assert set(fair.capacities) == {"org-agency"}
    assert all("org-univ" not in ranked for ranked in fair.communities.values())


def test_fair_preferences_are_read_only() -> None:
    """Every mapping of a FairPreferences refuses item assignment and deletion."""
    fair = fair_preferences(fair_registry())
    for mapping in (fair.communities, fair.agencies, fair.scores, fair.capacities, fair.proposer_capacities):
        key = next(iter(mapping))
        with pytest.raises(TypeError):
            mapping[key] = 0  # type: ignore[index]
        with pytest.raises(TypeError):
            del mapping[key]  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        fair.communities = {}  # type: ignore[misc]
    assert all(type(ranked) is tuple for ranked in fair.communities.values())


def test_fair_preferences_do_not_alias_their_inputs() -> None:
    """Changing the dicts and lists given to FairPreferences afterwards changes nothing in it."""
    communities = {"c1": ["a1"]}
    agencies = {"a1": ["c1"]}
    scores = {("c1", "a1"): 3}
    caps = {"a1": 1}
    pcaps = {"c1": 1}
    fair = FairPreferences(communities, agencies, scores, capacities=caps, proposer_capacities=pcaps)
    communities["c1"].append("a2")
    communities["c2"] = []
    agencies.clear()
    scores["c1", "a1"] = 99
    caps["a1"] = 5
    pcaps.clear()
    assert fair.communities == {"c1": ("a1",)}
    assert fair.agencies == {"a1": ("c1",)}
    assert fair.scores == {("c1", "a1"): 3}
    assert fair.capacities == {"a1": 1}
    assert fair.proposer_capacities == {"c1": 1}


@given(
    st.dictionaries(
        st.sampled_from(["c1", "c2", "c3"]), st.lists(st.sampled_from(["a1", "a2"]), unique=True)
    ),
    st.dictionaries(st.sampled_from(["a1", "a2"]), st.integers(1, 5)),
)
def test_equal_fair_preferences_hash_alike_and_survive_pickling(communities, caps) -> None:
    """Equal values (whatever the input order) have equal hashes, and a pickled copy is equal."""
    made = FairPreferences(communities, {}, {}, capacities=caps, proposer_capacities={})
    reordered = FairPreferences(
        dict(reversed(communities.items())),
        {},
        {},
        capacities=dict(reversed(caps.items())),
        proposer_capacities={},
    )
    assert made == reordered
    assert hash(made) == hash(reordered)
    assert {made: 1}[reordered] == 1
    assert pickle.loads(pickle.dumps(made)) == made


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("communities", None, "communities"),
        ("scores", [1], "scores"),
        ("agencies", {"a1": 3}, "agencies['a1']"),
    ],
)
def test_fair_preferences_name_a_wrong_typed_field(field, value, path) -> None:
    """A mapping of the wrong type is an InvalidTypeError naming the field."""
    given = {"communities": {}, "agencies": {}, "scores": {}, field: value}
    with pytest.raises(InvalidTypeError) as info:
        FairPreferences(**given, capacities={}, proposer_capacities={})
    assert info.value.path == path


@pytest.mark.parametrize(
    ("call", "error", "path"),
    [
        (lambda: fit_from_registry("registry.json"), InvalidTypeError, "registry"),  # type: ignore[arg-type]
        (lambda: fit_from_registry(fair_registry(), providers="projects"), InvalidTypeError, "providers"),
        (lambda: fit_from_registry(fair_registry(), providers=3), InvalidTypeError, "providers"),
        (lambda: fit_from_registry(fair_registry(), weights={"street": 1}), InvalidTypeError, "weights"),
        (lambda: fair_preferences(None), InvalidTypeError, "registry"),  # type: ignore[arg-type]
        (lambda: fair_preferences(fair_registry(), agency_kinds=5), InvalidTypeError, "agency_kinds"),
        (
            lambda: fair_preferences(fair_registry(), agency_kinds=["agency"]),
            InvalidTypeError,
            "agency_kinds",
        ),
        (lambda: fair_preferences(fair_registry(), per_community=0), InvalidValueError, "per_community"),
        (lambda: agency_capacities(fair_registry(), per_worker=1.5), InvalidTypeError, "per_worker"),
        (lambda: agency_capacities(fair_registry(), per_worker=0), InvalidValueError, "per_worker"),
        (lambda: agency_capacities({}), InvalidTypeError, "registry"),  # type: ignore[arg-type]
        (lambda: FitWeights(street="2"), InvalidTypeError, "street"),  # type: ignore[arg-type]
        (lambda: FitWeights(urgency=1), InvalidTypeError, "urgency"),  # type: ignore[arg-type]
    ],
)
def test_wrong_typed_arguments_name_the_argument(call, error, path) -> None:
    """Wrong-typed arguments raise a documented error naming the argument, never a bare builtin error."""
    with pytest.raises(error) as info:
        call()
    assert info.value.path == path


@given(registries(shuffled=True), st.integers(1, 4))
def test_agency_places_sum_to_the_workers_they_employ(registry, per_worker) -> None:
    """Every agency of the kinds is listed, and the places add up to per_worker times their workers."""
    places = agency_capacities(registry, per_worker=per_worker)
    agencies = {o.id for o in registry.organizations.values() if o.kind in AGENCY_KINDS}
    assert set(places) == agencies
    employed = sum(1 for w in registry.social_workers.values() if w.employer_id in agencies)
    assert sum(places.values()) == per_worker * employed


@given(registries(shuffled=True), st.integers(1, 3), st.integers(1, 3))
def test_a_fair_from_any_registry_can_be_played_as_it_is(registry, per_worker, per_community) -> None:
    """fair_preferences' lists and places are a valid game for stable, whose matching is stable."""
    fair = fair_preferences(registry, per_worker=per_worker, per_community=per_community)
    assert set(fair.capacities) == set(fair.agencies)
    assert set(fair.proposer_capacities) == set(fair.communities)
    assert all(places >= 1 for places in fair.capacities.values())
    m = stable(
        fair.communities,
        fair.agencies,
        capacities=fair.capacities,
        proposer_capacities=fair.proposer_capacities,
    )
    assert is_stable(m)
    assert m.dropped == ()
