"""socialwork.reporting.report and ranking: the main job's report as values, text, JSON data and HTML."""

from __future__ import annotations

import copy
import datetime as dt
import html.parser
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import InvalidTypeError, InvalidValueError
from socialwork.model import KINDS
from socialwork.reporting import BRIDGES_LIMIT, Ranking, Report, ranking, report
from socialwork.scoring import STATION_INDICATORS, Indicator, IndicatorSystem
from socialwork.testing import registries

SCENARIOS = sw.datasets.SCENARIOS
HOSTILE = '<script>alert("x")</script>&'


def _hostile_registry() -> sw.Registry:
    """The example with a station, a division and an organization named like markup."""
    registry = sw.datasets.example()
    station = attrs.evolve(registry.stations["wh-c-nijiaqiao"], name=HOSTILE)
    division = attrs.evolve(registry.divisions["510107015002"], name=HOSTILE + "社区")
    return registry.replace([station, division])


def _parse_xml(page: str) -> ET.Element:
    """Parse the page as XML, after its HTML doctype line."""
    doctype, rest = page.split("\n", 1)
    assert doctype == "<!DOCTYPE html>"
    return ET.fromstring(rest)  # noqa: S314 - our own page, made by the test


class _Checker(html.parser.HTMLParser):
    """Collects start tags and checks that every element that opens also closes."""

    VOID = frozenset({"meta", "rect", "br", "img", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, tag
        assert self.stack[-1] == tag, (self.stack[-5:], tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("name", SCENARIOS)
def test_report_on_every_scenario_has_every_section(name: str) -> None:
    """A scenario's report counts its registry, validates it, profiles it, totals its funds and ranks it."""
    scenario = sw.datasets.scenario(name)
    result = report(scenario)
    assert isinstance(result, Report)
    assert result.name == name
    assert result.as_of == scenario.as_of
    assert dict(result.hierarchy.counts) == scenario.registry.counts()
    assert result.validation.ok
    assert result.linkage.communities == len(sw.linkage.profiles(scenario.registry))
    summary = sw.funds.summary(scenario.registry, rule=scenario.rule or sw.funds.BINZHOU_RULE)
    assert (result.funds.raised, result.funds.matched) == (summary.raised, summary.matched)
    assert result.funds.balance == summary.balance
    assert result.scores is not None
    assert result.scores.count == len(scenario.registry.stations)
    assert (result.targets is not None) == bool(scenario.targets)


def test_report_takes_the_profiles_a_caller_has_and_refuses_another_registry_s() -> None:
    """profiles= gives the same report as computing them; profiles of an equal registry are refused."""
    scenario = sw.datasets.scenario("binzhou")
    found = sw.linkage.profiles(scenario.registry)
    assert report(scenario, profiles=found) == report(scenario)
    with pytest.raises(InvalidValueError) as info:
        report(sw.Registry(scenario.registry.entities()), profiles=found)
    assert info.value.path == "profiles"
    with pytest.raises(InvalidTypeError) as type_info:
        report(scenario, profiles="profiles")  # type: ignore[arg-type]
    assert type_info.value.path == "profiles"


def test_wuhou_report_measures_the_talent_targets() -> None:
    """The posted workers on each talent track are observed; the other targets are listed unobserved."""
    result = report(sw.datasets.scenario("wuhou"))
    assert result.targets is not None
    rows = {row.metric: row for row in result.targets.rows}
    assert len(rows) == 11
    workers = sw.datasets.wuhou().social_workers.values()
    supervisors = sum(1 for w in workers if w.station_id and sw.TalentTrack.SUPERVISOR in w.tracks)
    assert rows["supervisors"].observed == Decimal(supervisors)
    assert rows["supervisors"].status is not None
    assert rows["experts"].observed is None
    assert rows["experts"].status is None


def test_a_target_s_goal_is_counted_in_the_unit_of_the_report_s_language() -> None:
    """Each row keeps its target's Chinese unit: 110 人 in Chinese, 110 persons in English; another language is refused."""
    result = report(sw.datasets.scenario("wuhou"))
    assert result.targets is not None
    targets = {target.metric: target for target in sw.targets.WUHOU_TARGETS}
    for row in result.targets.rows:
        assert (row.unit_in("zh"), row.unit_in("en")) == (
            targets[row.metric].unit_zh,
            targets[row.metric].unit,
        )
        assert row.to_dict()["unit_zh"] == row.unit_zh
    assert "110 人" in result.to_text(lang="zh")
    assert "110 persons" in result.to_text(lang="en")
    with pytest.raises(InvalidValueError):
        result.targets.rows[0].unit_in("fr")  # type: ignore[arg-type]


def test_binzhou_report_uses_the_scenario_rule_and_a_registry_the_default() -> None:
    """A scenario's matching rule is used; a plain registry's funds are matched by BINZHOU_RULE."""
    scenario = sw.datasets.scenario("binzhou")
    assert report(scenario).funds.rule_name == scenario.rule.name
    plain = report(sw.datasets.example())
    assert plain.funds.rule == sw.funds.BINZHOU_RULE.describe()
    assert plain.targets is None
    assert plain.name == ""
    other = report(sw.datasets.example(), rule=sw.funds.MatchingRule(ratio="0.2"))
    assert other.funds.matched == Decimal("1300.10")


def test_report_bounds_every_list() -> None:
    """top bounds the weakest communities, bridges and best stations; limit the other lists."""
    registry = sw.datasets.synthetic(districts=3, streets_per_district=4, communities_per_street=5)
    result = report(registry, top=2, limit=3)
    assert len(result.linkage.weakest) == 2
    assert result.scores is not None
    assert len(result.scores.rows) == 2
    assert result.linkage.bridges is not None
    assert len(result.linkage.bridges) <= 2
    assert len(result.hierarchy.street_rows) == 3
    assert result.hierarchy.street_count == 12
    assert len(result.hierarchy.districts) == 3
    zero = report(registry, top=0, limit=0)
    assert zero.linkage.weakest == ()
    assert zero.scores is not None
    assert zero.scores.rows == ()


def test_report_names_uncovered_divisions() -> None:
    """A community without its room is uncovered, named, and lowers its street's coverage."""
    registry = sw.datasets.example().remove(["wh-c-ximianqiao"])
    result = report(registry)
    assert result.hierarchy.uncovered_count == 1
    assert [(r.code, r.name) for r in result.hierarchy.uncovered] == [("510107016001", "洗面桥社区")]
    assert result.hierarchy.communities == (3, 4)
    assert result.hierarchy.street_rows[0].code == "510107016"
    assert "510107016001" in result.to_text()


def test_report_counts_violations_by_severity_and_code() -> None:
    """The validation section counts what sw.validate finds, errors first, and shows the first ones."""
    registry = sw.datasets.example()
    found = sw.validate(registry)
    section = report(registry).validation
    assert section.total == len(found) == 2
    assert {s.value: n for s, n in section.counts} == found.counts()
    assert section.codes == (("SW-S002", 2),)
    assert [row.path for row in section.first] == [v.path for v in found]
    assert section.ok


def test_bridges_follow_the_limit_or_the_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bridges are found up to BRIDGES_LIMIT communities, above it only when asked for."""
    registry = sw.datasets.example()
    assert report(registry).linkage.bridge_count == len(sw.linkage.bridges(registry))
    assert report(registry, bridges=False).linkage.bridges is None
    monkeypatch.setattr("socialwork.reporting._build.BRIDGES_LIMIT", 1)
    assert report(registry).linkage.bridges is None
    assert report(registry, bridges=True).linkage.bridge_count == 3
    assert BRIDGES_LIMIT == 50_000
    assert "not computed" in report(registry).to_text()


def test_report_as_of_counts_funds_up_to_that_day() -> None:
    """as_of limits the funds to the gifts and grants made up to it."""
    registry = sw.datasets.example()
    early = report(registry, as_of=dt.date(2000, 1, 1))
    assert early.funds.raised == Decimal("0.00")
    assert early.funds.donation_count == 0
    assert early.as_of == dt.date(2000, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "path"),
    [
        ({"top": -1}, InvalidValueError, "top"),
        ({"top": 1.5}, InvalidTypeError, "top"),
        ({"limit": -1}, InvalidValueError, "limit"),
        ({"as_of": "2022-01-01"}, InvalidTypeError, "as_of"),
        ({"rule": "10:1"}, InvalidTypeError, "rule"),
        ({"indicators": "x"}, InvalidTypeError, "indicators"),
        ({"bridges": "yes"}, InvalidTypeError, "bridges"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], error: type[Exception], path: str) -> None:
    """Every wrong argument raises the documented error, naming the argument."""
    with pytest.raises(error) as caught:
        report(sw.datasets.example(), **kwargs)  # type: ignore[arg-type]
    assert caught.value.path == path  # type: ignore[attr-defined]


def test_a_subject_that_is_neither_registry_nor_scenario_is_refused() -> None:
    """report and ranking name the subject when it is neither a registry nor a scenario."""
    for function in (report, ranking):
        with pytest.raises(InvalidTypeError) as caught:
            function({"stations": []})  # type: ignore[arg-type]
        assert caught.value.path == "subject"


# -- renderings ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_lines_up_and_is_in_the_language(name: str, lang: str) -> None:
    """The text starts with the title in the language and aligns its count columns by display width."""
    result = report(sw.datasets.scenario(name))
    text = result.to_text(lang=lang)  # type: ignore[arg-type]
    first = text.splitlines()[0]
    assert first.startswith("社会工作体系报告" if lang == "zh" else "Social-work system report")
    lines = text.splitlines()
    start = lines.index("实体数量" if lang == "zh" else "Entities") + 1
    rows = lines[start : start + len(KINDS)]
    for row, kind in zip(rows, KINDS.values(), strict=True):
        assert row.startswith(f"  {kind.label(lang)} ")  # type: ignore[arg-type]
    assert len({sw.reporting.display_width(row) for row in rows}) == 1
    assert not text.endswith("\n")


def test_to_text_refuses_an_unknown_language() -> None:
    """lang is checked, and named."""
    with pytest.raises(InvalidValueError) as caught:
        report(sw.datasets.example()).to_text(lang="fr")  # type: ignore[arg-type]
    assert caught.value.path == "lang"


@pytest.mark.parametrize("name", SCENARIOS)
def test_to_dict_is_json_data_with_money_as_strings(name: str) -> None:
    """The dict round-trips through JSON unchanged, money as exact strings, and is the same every time."""
    scenario = sw.datasets.scenario(name)
    data = report(scenario).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert json.dumps(data, sort_keys=False) == json.dumps(report(scenario).to_dict(), sort_keys=False)
    for key in ("raised", "matched", "total", "disbursed", "balance"):
        assert Decimal(data["funds"][key]) == getattr(report(scenario).funds, key)


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_is_one_well_formed_self_contained_page(name: str, lang: str) -> None:
    """The page parses as XML and HTML, sets its language and charset, has SVG figures and no script or link."""
    page = report(sw.datasets.scenario(name)).to_html(lang=lang)  # type: ignore[arg-type]
    root = _parse_xml(page)
    assert root.get("lang") == ("zh-CN" if lang == "zh" else "en")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert not checker.stack
    assert "meta" in checker.tags
    assert "svg" in checker.tags
    assert "style" in checker.tags
    assert not {"script", "link", "img", "iframe"} & set(checker.tags)
    assert '<meta charset="utf-8"/>' in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns="http://www.w3.org/1999/xhtml"', ""
    )
    assert "https://" not in page


def test_html_escapes_every_name() -> None:
    """A station and a community named like markup show as text, never as markup."""
    registry = _hostile_registry()
    result = report(registry)
    assert any(row.name == HOSTILE for row in result.scores.rows)  # type: ignore[union-attr]
    for lang in ("zh", "en"):
        page = result.to_html(lang=lang)  # type: ignore[arg-type]
        assert "<script" not in page
        checker = _Checker()
        checker.feed(page)
        assert "script" not in checker.tags
        assert HOSTILE in "".join(checker.text)
        _parse_xml(page)
    fragment = result._repr_html_()
    assert "<script" not in fragment
    assert "&lt;script&gt;" in fragment


def test_repr_html_is_bounded_and_repr_short() -> None:
    """The notebook view of a report of 8,000 entities stays small, and its repr is one short line."""
    registry = sw.datasets.synthetic(districts=10, streets_per_district=10, communities_per_street=10)
    result = report(registry, bridges=False)
    assert len(result._repr_html_()) < 60_000
    assert len(repr(result)) < 200
    assert "\n" not in repr(result)


def test_reports_show_no_personal_value() -> None:
    """Workers' names, donors and grant purposes never appear in any rendering of a report."""
    registry = sw.datasets.example()
    sentinel = "PERSONAL-SENTINEL"
    workers = [
        attrs.evolve(w, name=f"{sentinel}-{i}") for i, w in enumerate(registry.social_workers.values())
    ]
    donations = [attrs.evolve(d, donor=f"{sentinel}-d{i}") for i, d in enumerate(registry.donations.values())]
    result = report(registry.replace([*workers, *donations]))
    for rendering in (
        result.to_text(lang="zh"),
        result.to_text(),
        json.dumps(result.to_dict()),
        result.to_html(),
    ):
        assert sentinel not in rendering


# -- ranking ------------------------------------------------------------------------------------


def test_ranking_defaults_to_station_indicators_and_ties_share_a_place() -> None:
    """Stations are scored on STATION_INDICATORS; equal scores share the best place and are ordered by id."""
    result = ranking(sw.datasets.example(), top=7)
    assert isinstance(result, Ranking)
    assert result.system_id == STATION_INDICATORS.root.id
    assert result.kind == "stations"
    assert result.count == 7
    scores = sw.scoring.evaluate(STATION_INDICATORS, sw.datasets.example()).as_dict()
    assert [row.entity_id for row in result.rows] == sorted(scores, key=lambda k: (-scores[k], k))
    for row in result.rows:
        assert row.rank == 1 + sum(1 for v in scores.values() if v > row.score)
        assert sum(row.parts) == pytest.approx(row.score)


def test_ranking_reads_the_kind_of_the_system() -> None:
    """An indicator system of projects ranks projects, with their names."""
    system = IndicatorSystem(
        Indicator(
            id="p",
            children=[Indicator(id="reach", normalization="max", extractor="project.person_times")],
        )
    )
    result = ranking(sw.datasets.scenario("binzhou"), indicators=system, top=3)
    assert result.kind == "projects"
    assert len(result.rows) == 3
    projects = sw.datasets.binzhou().projects
    assert all(row.name == projects[row.entity_id].name for row in result.rows)
    assert "服务项目" in result.to_text(lang="zh")


def test_topsis_ranking() -> None:
    """method='topsis' ranks on TOPSIS closeness, between 0 and 1."""
    result = ranking(sw.datasets.scenario("binzhou"), method="topsis", top=5)
    assert result.method == "topsis"
    assert all(0.0 <= row.score <= 1.0 for row in result.rows)


def test_a_registry_without_stations_has_no_scores_section() -> None:
    """With nothing to score, the ranking is empty and the report has no scores section."""
    registry = sw.datasets.example()
    empty = sw.Registry([*registry.divisions.values()])
    assert ranking(empty).rows == ()
    assert report(empty).scores is None
    assert "Top-scored" not in report(empty).to_text()


# -- laws -----------------------------------------------------------------------------------------


def _reversed(registry: sw.Registry) -> sw.Registry:
    return sw.Registry.from_kinds({name: list(getattr(registry, name).values())[::-1] for name in KINDS})


def _orderless(data: dict[str, object]) -> dict[str, object]:
    """The report's data without the violation paths, which name positions in the registry."""
    validation = dict(data["validation"])  # type: ignore[call-overload]
    validation["violations"] = sorted((v["code"], v["subject"]) for v in validation["violations"])
    return {**data, "validation": validation}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries(streets=(1, 3), communities=(1, 3)))
def test_report_does_not_depend_on_the_order_of_entities(registry: sw.Registry) -> None:
    """The same entities in the reverse order give the same report (positions in paths aside)."""
    assert _orderless(report(registry).to_dict()) == _orderless(report(_reversed(registry)).to_dict())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries(streets=(0, 3), communities=(0, 3)), st.integers(0, 6), st.sampled_from(["zh", "en"]))
def test_every_report_renders_and_round_trips(registry: sw.Registry, top: int, lang: str) -> None:
    """Any valid registry reports; its data round-trips through JSON; its page is well-formed."""
    result = report(registry, top=top)
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert result.funds.balance == result.funds.raised + result.funds.matched - result.funds.disbursed
    assert sum(result.linkage.score_counts) == result.linkage.communities
    assert len(result.linkage.weakest) == min(top, result.linkage.communities)
    _parse_xml(result.to_html(lang=lang))  # type: ignore[arg-type]
    assert result.to_text(lang=lang)  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_report_leaves_the_registry_as_it_was(registry: sw.Registry) -> None:
    """report and ranking read a registry and change none of its entities."""
    entities = registry.entities()
    before = copy.deepcopy(entities)
    report(registry)
    ranking(registry)
    assert registry.entities() == entities == before


@pytest.mark.parametrize("name", sw.datasets.SCENARIOS)
def test_registry_and_scenario_takes_what_report_and_plots_take(name: str) -> None:
    """A scenario gives its registry and itself, a registry itself and None; anything else is refused."""
    scenario = sw.datasets.scenario(name)
    registry, found = sw.reporting.registry_and_scenario(scenario)
    assert (registry, found) == (scenario.registry, scenario)
    assert sw.reporting.registry_and_scenario(registry) == (registry, None)
    with pytest.raises(sw.InvalidTypeError) as caught:
        sw.reporting.registry_and_scenario(registry.stations)
    assert caught.value.path == "subject"
