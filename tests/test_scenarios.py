"""The three reported scenarios: every number of the source reports, and the bundles.

The figures come from the reports of 成都市武侯区民政局 (Wuhou), 滨州市民政局
(Binzhou) and 长江日报 (Wuhan); each test names the sentence it pins.
"""

from __future__ import annotations

import datetime as dt
import re
import runpy
from collections import Counter
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.datasets import SCENARIOS, Scenario, binzhou, scenario, scenarios, wuhan_school, wuhou
from socialwork.funds import BINZHOU_RULE, summary
from socialwork.model import (
    DivisionLevel,
    OrgKind,
    ServiceKind,
    StationLevel,
    StationSetting,
    TalentTrack,
    TargetGroup,
)
from socialwork.targets import WUHOU_TARGETS

REGISTRIES = {"wuhou": wuhou, "binzhou": binzhou, "wuhan_school": wuhan_school}


def _stations(registry: sw.Registry, level: StationLevel) -> list[sw.Station]:
    return [s for s in registry.stations.values() if s.level is level]


def _divisions(registry: sw.Registry, level: DivisionLevel) -> list[sw.Division]:
    return [d for d in registry.divisions.values() if d.level is level]


# ---------------------------------------------------------------- Wuhou (成都市武侯区民政局)


def test_wuhou_has_one_hub_of_1120_square_metres_in_wuhou() -> None:
    """区级总站 ... 使用面积共1120平方米: one district hub, in 武侯区 (510107) of 成都市, 四川省."""
    reg = wuhou()
    (hub,) = _stations(reg, StationLevel.DISTRICT)
    assert hub.area_m2 == Decimal(1120)
    assert hub.division_id == "510107"
    assert reg.divisions["510107"].name == "武侯区"
    assert reg.divisions["510107"].parent_code == "510100"
    assert reg.divisions["510100"].name == "成都市"
    assert reg.divisions["510000"].name == "四川省"
    assert hub.opened == dt.date(2022, 6, 10)


def test_wuhou_hub_is_run_by_a_professional_organization_and_built_by_the_civil_affairs_bureau() -> None:
    """由专业社会组织运营; 由武侯区民政局于今年5月统筹打造完成."""
    reg = wuhou()
    hub = reg.stations["wh-hub"]
    assert hub.operator_id is not None
    assert reg.organizations[hub.operator_id].kind is OrgKind.SOCIAL_WORK_AGENCY
    assert [reg.organizations[o].name for o in hub.co_builder_ids] == ["成都市武侯区民政局"]


def test_wuhou_hub_shares_its_space_in_nijiaqiao_of_yulin() -> None:
    """坐落在玉林街道倪家桥社区; 总站、玉林街道社工站、倪家桥社区社工室三级体系联建."""
    reg = wuhou()
    assert reg.divisions["510107015"].name == "玉林街道"
    assert reg.divisions["510107015001"].name == "倪家桥社区"
    assert reg.divisions["510107015001"].parent_code == "510107015"
    yulin, room = reg.stations["wh-s-yulin"], reg.stations["wh-c-nijiaqiao"]
    assert (yulin.name, yulin.division_id, yulin.parent_id) == ("玉林街道社工站", "510107015", "wh-hub")
    assert (room.name, room.division_id, room.parent_id) == ("倪家桥社区社工室", "510107015001", "wh-s-yulin")


def test_wuhou_codes_agree_with_the_bundled_example() -> None:
    """The divisions that the example also holds (武侯区, 玉林街道, 倪家桥社区) have the same codes and names."""
    example, reg = sw.datasets.example(), wuhou()
    for code in ("510000", "510100", "510107", "510107015", "510107015001"):
        assert reg.divisions[code] == example.divisions[code]


def test_wuhou_has_11_street_stations_and_71_community_rooms() -> None:
    """11个街道社工站、71个社区社工室: exactly that many, in a hub -> street -> room tree."""
    reg = wuhou()
    streets = _stations(reg, StationLevel.STREET)
    rooms = _stations(reg, StationLevel.COMMUNITY)
    assert (len(streets), len(rooms)) == (11, 71)
    assert all(s.parent_id == "wh-hub" for s in streets)
    street_ids = {s.id for s in streets}
    assert all(r.parent_id in street_ids for r in rooms)
    assert len(reg.children("wh-hub")) == 11
    assert sum(len(reg.children(s.id)) for s in streets) == 71


def test_wuhou_coverage_is_full() -> None:
    """全覆盖: every street division has its street station and every community its room, one each."""
    reg = wuhou()
    streets = _divisions(reg, DivisionLevel.STREET)
    communities = _divisions(reg, DivisionLevel.COMMUNITY)
    assert (len(streets), len(communities)) == (11, 71)
    covered = Counter((s.level, s.division_id) for s in reg.stations.values())
    assert all(covered[StationLevel.STREET, d.code] == 1 for d in streets)
    assert all(covered[StationLevel.COMMUNITY, d.code] == 1 for d in communities)


def test_wuhou_has_184_social_workers_on_the_three_tracks() -> None:
    """入驻社工184名: 184 posted workers, each on a talent track, all three tracks present."""
    reg = wuhou()
    posted = [w for w in reg.social_workers.values() if w.station_id is not None]
    assert len(posted) == 184
    assert all(len(w.tracks) == 1 for w in posted)
    tracks = Counter(t for w in posted for t in w.tracks)
    assert tracks == {TalentTrack.PRACTITIONER: 153, TalentTrack.MANAGER: 15, TalentTrack.SUPERVISOR: 16}
    assert all(w.employer_id == reg.stations[w.station_id].operator_id for w in posted)


def test_wuhou_has_no_senior_social_worker_yet() -> None:
    """2022年力争引进高级社会工作者一至两名: the target is to bring some in, so none is there yet."""
    reg = wuhou()
    assert not [w for w in reg.social_workers.values() if w.certification is sw.Certification.SENIOR]


def test_wuhou_trainer_pool_has_over_30_scholars_and_experts() -> None:
    """由30余位高校学者、行业专家组成的讲师库: 32 trainers, not posted, on no track, from universities and industry bodies."""
    reg = wuhou()
    trainers = [w for w in reg.social_workers.values() if w.station_id is None]
    assert 30 < len(trainers) < 40
    assert len(trainers) == 32
    assert all(w.skills == {ServiceKind.TRAINING} and not w.tracks for w in trainers)
    kinds = Counter(reg.organizations[w.employer_id].kind for w in trainers if w.employer_id)
    assert kinds == {OrgKind.UNIVERSITY: 20, OrgKind.SOCIAL_ORGANIZATION: 12}


def test_wuhou_has_53_featured_projects_run_from_its_rooms() -> None:
    """实施特色服务项目53个 ... 服务对象年龄全覆盖: 53 projects, for minors, youth and the elderly among others."""
    reg = wuhou()
    assert len(reg.projects) == 53
    groups = {g for p in reg.projects.values() for g in p.target_groups}
    assert {TargetGroup.MINORS, TargetGroup.YOUTH, TargetGroup.ELDERLY} <= groups
    for project in reg.projects.values():
        (station_id,) = project.station_ids
        assert reg.stations[station_id].division_id in project.community_ids


def test_wuhou_scenario_bundles_the_five_actions_targets() -> None:
    """The five actions' 2022 and 2025 targets come with the Wuhou scenario, as of the launch on 10 June."""
    s = scenario("wuhou")
    assert s.targets == WUHOU_TARGETS
    assert {t.due.year for t in s.targets} == {2022, 2025}
    assert s.rule is None
    assert s.indicators is None
    assert s.as_of == dt.date(2022, 6, 10)
    assert s.source.startswith("成都市武侯区民政局")


# ---------------------------------------------------------------- Binzhou (滨州市民政局)


def test_binzhou_has_89_funds_managed_by_city_and_county_federations() -> None:
    """在市县两级慈善总会的动员倡导下,滨州已设立社区基金89支; 慈善总会作为法人对基金进行日常管理."""
    reg = binzhou()
    assert len(reg.funds) == 89
    managers = {reg.organizations[f.manager_id] for f in reg.funds.values()}
    assert all(m.kind is OrgKind.CHARITY_FEDERATION for m in managers)
    levels = {reg.divisions[m.division_id].level for m in managers if m.division_id}
    assert levels == {DivisionLevel.CITY, DivisionLevel.DISTRICT}
    assert "滨州市慈善总会" in {m.name for m in managers}
    assert all(reg.divisions[f.division_id].level is DivisionLevel.COMMUNITY for f in reg.funds.values())
    assert len({f.division_id for f in reg.funds.values()}) == 89


def test_binzhou_divisions_carry_their_official_codes() -> None:
    """滨州市 371600 of 山东省 370000, with 滨城区 371602 among its seven county-level divisions."""
    reg = binzhou()
    assert reg.divisions["371600"].name == "滨州市"
    assert reg.divisions["370000"].name == "山东省"
    assert reg.divisions["371602"].name == "滨城区"
    counties = _divisions(reg, DivisionLevel.DISTRICT)
    assert len(counties) == 7
    assert all(d.parent_code == "371600" for d in counties)


def test_binzhou_donations_total_over_seven_million_yuan() -> None:
    """募集慈善资金700余万元: 7,052,386.50 yuan raised, to the fen, more than 7 and less than 8 million."""
    reg = binzhou()
    total = sum((d.amount for d in reg.donations.values()), Decimal(0))
    assert total == Decimal("7052386.50")
    assert Decimal(7_000_000) < total < Decimal(8_000_000)
    assert all(d.amount == d.amount.quantize(Decimal("0.01")) for d in reg.donations.values())


def test_binzhou_projects_reach_230000_people() -> None:
    """开展的各项慈善活动惠及23万群众: the person-times of the funds' projects add up to 230,000."""
    reg = binzhou()
    assert sum(p.person_times for p in reg.projects.values()) == 230_000
    assert summary(reg, rule=BINZHOU_RULE).person_times == 230_000


def test_binzhou_named_projects_are_there() -> None:
    """先后涌现出“围巾妈妈”“星空家园”“爱心护航康复室”等一批优秀社区服务项目, each financed by a fund."""
    reg = binzhou()
    names = {p.name: p for p in reg.projects.values()}
    financed = {g.project_id for g in reg.grants.values()}
    for name in ("围巾妈妈", "星空家园", "爱心护航康复室"):
        assert names[name].id in financed
    assert ServiceKind.REHABILITATION in names["爱心护航康复室"].service_kinds


def test_binzhou_projects_are_carried_out_by_social_work_agencies() -> None:
    """选择优秀的专业社区社会工作机构开展社区服务项目; 带动志愿者提供社会服务."""
    reg = binzhou()
    assert all(
        reg.organizations[p.operator_id].kind is OrgKind.SOCIAL_WORK_AGENCY for p in reg.projects.values()
    )
    assert len(reg.volunteers) > 0


def test_binzhou_wutong_community_of_binbei_street_has_a_fund_with_donations() -> None:
    """滨州市滨城区滨北街道梧桐社区开展社区基金捐款活动 (the report's photo)."""
    reg = binzhou()
    wutong = reg.divisions["371602004001"]
    assert wutong.name == "梧桐社区"
    assert reg.divisions[wutong.parent_code or ""].name == "滨北街道"
    assert reg.divisions["371602004"].parent_code == "371602"
    fund = reg.funds["bz-fund-wutong"]
    assert fund.division_id == "371602004001"
    assert reg.referrers("donations", "fund_id", fund.id)


def test_binzhou_matching_follows_the_10_to_1_rule_capped_at_30000() -> None:
    """按照10:1的比例进行配捐 ... 上限3万元: the bundle's rule matches a tenth, at most 30,000 yuan a fund."""
    s = scenario("binzhou")
    assert s.rule is BINZHOU_RULE
    assert s.rule.ratio == Decimal("0.1")
    assert s.rule.cap == Decimal(30_000)
    result = summary(s.registry, rule=s.rule)
    assert result.fund_count == 89
    assert result.raised == Decimal("7052386.50")
    assert all(st_.matched <= Decimal(30_000) for st_ in result.statements)
    assert s.targets == ()
    assert s.source.startswith("滨州市民政局")


# ---------------------------------------------------------------- Wuhan (长江日报)


def test_wuhan_station_is_in_a_school_and_co_built_by_four_bodies() -> None:
    """社工站由该培训中心与立诚社会工作服务中心、中南民族大学民族学与社会学学院、区人民检察院共建."""
    reg = wuhan_school()
    (station,) = reg.stations.values()
    assert station.setting is StationSetting.SCHOOL
    builders = [reg.organizations[o] for o in station.co_builder_ids]
    assert [(o.name, o.kind) for o in builders] == [
        ("经济技术开发区(汉南区)职业教育培训中心", OrgKind.SCHOOL),
        ("立诚社会工作服务中心", OrgKind.SOCIAL_WORK_AGENCY),
        ("中南民族大学民族学与社会学学院", OrgKind.UNIVERSITY),
        ("经济技术开发区(汉南区)人民检察院", OrgKind.PROCURATORATE),
    ]
    assert station.division_id == "420113"
    assert (reg.divisions["420113"].parent_code, reg.divisions["420100"].parent_code) == ("420100", "420000")


def test_wuhan_shouhu_mingtian_ran_2019_2020_with_three_services_for_over_2000_person_times() -> None:
    """2019年-2020年度“守护明天” ... 家庭探访、即时心理咨询、社会融入活动 ... 直接服务学生2000余人次."""
    reg = wuhan_school()
    (project,) = [p for p in reg.projects.values() if p.name == "守护明天"]
    assert (project.start, project.end) == (dt.date(2019, 1, 1), dt.date(2020, 12, 31))
    assert {ServiceKind.HOME_VISIT, ServiceKind.COUNSELLING, ServiceKind.SOCIAL_INTEGRATION} <= set(
        project.service_kinds
    )
    assert ServiceKind.JUDICIAL in project.service_kinds  # 未成年人司法保护社工项目
    assert 2000 < project.person_times < 2100
    assert project.person_times == 2046
    assert {TargetGroup.MINORS, TargetGroup.STUDENTS} <= set(project.target_groups)
    assert reg.organizations[project.operator_id].name == "立诚社会工作服务中心"


def test_wuhan_xiangban_chengzhang_is_school_social_work_at_the_station() -> None:
    """将推进实施“相伴成长”学校(心理)社工服务项目."""
    reg = wuhan_school()
    (project,) = [p for p in reg.projects.values() if p.name == "相伴成长"]
    assert ServiceKind.SCHOOL_SOCIAL_WORK in project.service_kinds
    assert ServiceKind.COUNSELLING in project.service_kinds
    assert project.station_ids == ("whs-station",)
    assert {TargetGroup.MINORS, TargetGroup.STUDENTS} <= set(project.target_groups)


def test_wuhan_scenario_has_no_rule_or_targets() -> None:
    """The Wuhan report gives no fund rule and no dated targets."""
    s = scenario("wuhan_school")
    assert (s.rule, s.targets, s.indicators, s.as_of) == (None, (), None, None)
    assert s.source.startswith("长江日报")


# ---------------------------------------------------------------- all three


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_registry_is_the_loader_registry(name: str) -> None:
    """scenario(name).registry is the registry of the scenario's own function, loaded once."""
    assert scenario(name).registry is REGISTRIES[name]()
    assert scenario(name) is scenario(name)


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_data_round_trips_through_the_public_format(name: str) -> None:
    """The package data is a document of the public format: dumping and loading gives the same registry."""
    reg = REGISTRIES[name]()
    assert sw.loads(sw.dumps(reg)) == reg


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_names_no_real_person(name: str) -> None:
    """Workers have synthetic names only (社工001, 讲师01, ...); donors are anonymous or synthetic."""
    reg = REGISTRIES[name]()
    pattern = re.compile(r"(社工|讲师|滨州社工|立诚社工)\d{2,3}")
    assert all(pattern.fullmatch(w.name) for w in reg.social_workers.values())
    assert all(d.donor is None or d.donor.startswith("爱心捐赠人") for d in reg.donations.values())


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_synthetic_codes_are_marked(name: str) -> None:
    """Street and community codes are either the few named in the reports or have an own part starting with 9."""
    named = {"510107015", "510107015001", "371602004", "371602004001"}
    reg = REGISTRIES[name]()
    for division in reg.divisions.values():
        if division.level is DivisionLevel.STREET and division.code not in named:
            assert division.code[6] == "9"
        if division.level is DivisionLevel.COMMUNITY and division.code not in named:
            assert division.code[9] == "9"


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_passes_the_built_in_rules(name: str) -> None:
    """Every scenario passes every built-in rule: not a single violation."""
    report = sw.validate(REGISTRIES[name]())
    assert list(report) == []


def test_scenarios_lists_the_three_in_order() -> None:
    """scenarios() gives one bundle per name of SCENARIOS, in that order."""
    assert [s.name for s in scenarios()] == ["wuhou", "binzhou", "wuhan_school"]
    assert all(isinstance(s, Scenario) for s in scenarios())


@given(st.text(max_size=20).filter(lambda name: name not in SCENARIOS))
def test_unknown_scenario_name_is_refused_with_its_path(name: str) -> None:
    """Any name that is not a scenario's raises InvalidValueError at path 'name', listing the names."""
    with pytest.raises(sw.InvalidValueError) as info:
        scenario(name)
    assert info.value.path == "name"
    assert "wuhan_school" in str(info.value)


@given(st.one_of(st.integers(), st.none(), st.binary()))
def test_non_string_scenario_name_is_a_type_error_with_its_path(name: object) -> None:
    """A name that is not a string raises InvalidTypeError at path 'name'."""
    with pytest.raises(sw.InvalidTypeError) as info:
        scenario(name)  # type: ignore[arg-type]
    assert info.value.path == "name"


def test_scenario_is_frozen_and_checks_its_fields() -> None:
    """A Scenario cannot be changed in place, and refuses a rule, targets or date of the wrong type."""
    s = scenario("wuhou")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.name = "x"  # type: ignore[misc]
    for field, value in (("rule", "10:1"), ("targets", ["350"]), ("as_of", "2022-06-10"), ("indicators", 1)):
        with pytest.raises(sw.InvalidTypeError) as info:
            attrs.evolve(s, **{field: value})
        assert info.value.path == field
    assert attrs.evolve(s, targets=list(WUHOU_TARGETS)).targets == WUHOU_TARGETS


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (
            "wuhou_five_actions.py",
            ["街道社工站 street station: 11", "social workers in post: 184, projects: 53"],
        ),
        ("binzhou_community_funds.py", ["89 funds, raised 7052386.50 yuan", "reaching 230000 person-times"]),
        (
            "wuhan_school_station.py",
            ["(人民检察院, procuratorate)", "2019-01-01 - 2020-12-31", "2046 person-times"],
        ),
    ],
)
def test_scenario_example_prints_the_reported_figures(
    script: str, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each scenario's example script prints the report's figures from the bundle."""
    runpy.run_path(str(Path(__file__).parent.parent / "examples" / script), run_name="__main__")
    out = capsys.readouterr().out
    for line in expected:
        assert line in out
