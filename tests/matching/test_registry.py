"""Tests of socialwork.matching.fit_from_registry and fair_preferences, and a two-way fair."""

from __future__ import annotations

import datetime as dt

import pytest

import socialwork as sw
from socialwork.errors import MatchingInputError
from socialwork.matching import (
    FitWeights,
    assign,
    fair_preferences,
    fit_from_registry,
    is_stable,
    stable,
)

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
    assert m.unmatched_reviewers == ("ag-far",)
    assert m.pairs == {
        ("510107015001", "ag-tongxin"),
        ("510107015002", "ag-lichen"),
        ("510107016001", "ag-lichen"),
    }
    assert m.of("ag-lichen") == ("510107015002", "510107016001")  # best first: 300 before 96 points
    assert fair.scores["510107015002", "ag-lichen"] == 25 * 12
