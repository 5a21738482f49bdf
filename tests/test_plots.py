"""socialwork.plots: the figures, their labels in either language, the CJK font fallback, saving."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import threading
import warnings
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.model import REFERENCES

matplotlib = pytest.importorskip("matplotlib", reason="needs the plot extra")

from matplotlib.figure import Figure  # noqa: E402

from socialwork import plots  # noqa: E402
from socialwork.plots import _fonts, _tree  # noqa: E402
from socialwork.scoring import Indicator, IndicatorSystem, evaluate  # noqa: E402
from socialwork.targets import WUHOU_TARGETS, progress  # noqa: E402

SCENARIOS = sw.datasets.SCENARIOS
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def no_cjk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A system without a CJK font, whose warning has not been issued yet."""
    monkeypatch.setattr(_fonts, "_found", lambda: None)
    monkeypatch.setattr(_fonts, "_warned", threading.Event())


@pytest.fixture
def cjk(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's CJK font; the test is skipped on a system without one."""
    font = plots.find_cjk_font()
    if font is None:
        pytest.skip("this system has no font with Chinese glyphs")
    monkeypatch.setattr(_fonts, "_warned", threading.Event())
    return font


def without(registry: sw.Registry, ids: list[str]) -> sw.Registry:
    """*registry* without *ids* and every entity that refers to them (divisions kept)."""
    gone = set(ids)
    while True:
        more = set()
        for reference in REFERENCES:
            if reference.target == "divisions":
                continue
            index = registry.referrer_index(reference.kind, reference.field)
            for entity_id in gone:
                more.update(entity.id for entity in index.get(entity_id, ()))
        if more <= gone:
            return registry.remove(gone)
        gone |= more


def nodes(figure: Figure) -> dict[str, int]:
    """The number of nodes of each kind in a station tree."""
    return {
        str(c.get_gid()): len(c.get_offsets()) for c in figure.axes[0].collections if c.get_gid() != "links"
    }


def texts(figure: Figure) -> list[str]:
    """Every text drawn in the figure's first Axes, tick labels included."""
    ax = figure.axes[0]
    found = [t.get_text() for t in ax.texts]
    found += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
    found += [ax.get_title(), ax.get_xlabel()]
    legend = ax.get_legend()
    if legend is not None:
        found += [t.get_text() for t in legend.get_texts()]
    return [text for text in found if text]


def talent_progress(as_of: dt.date = dt.date(2023, 6, 10)) -> tuple[sw.targets.Progress, ...]:
    """Progress toward Wuhou's 2025 talent targets."""
    talent = [t for t in WUHOU_TARGETS if t.due.year == 2025]
    return progress(talent, {"practitioners": 153, "managers": 15, "supervisors": 16}, as_of=as_of)


def station_scores(registry: sw.Registry) -> sw.scoring.Scores:
    """The stations of *registry* scored on two groups of indicators."""
    system = IndicatorSystem(
        Indicator(
            id="root",
            children=[
                Indicator(
                    id="staff",
                    zh="人员",
                    en="staff",
                    weight="0.6",
                    children=[
                        Indicator(
                            id="workers", weight="0.5", normalization="max", extractor="station.workers"
                        ),
                        Indicator(
                            id="supervisors",
                            weight="0.5",
                            normalization="max",
                            extractor="station.supervisors",
                        ),
                    ],
                ),
                Indicator(
                    id="practice",
                    zh="实务",
                    en="practice",
                    weight="0.4",
                    normalization="max",
                    extractor="station.practitioners",
                ),
            ],
        )
    )
    return evaluate(system, registry)


# -- station_tree ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_station_tree_has_a_node_per_station(name: str) -> None:
    """Every station of a fully covered scenario is a green node, with its id as English label."""
    registry = sw.datasets.scenario(name).registry
    figure = plots.station_tree(registry, lang="en")
    assert isinstance(figure, Figure)
    counted = nodes(figure)
    assert counted == {"stations-covered": len(registry.stations), "stations-partial": 0, "uncovered": 0}
    labels = [t.get_text() for t in figure.axes[0].texts]
    assert sorted(labels) == sorted(registry.stations)
    assert "coverage 100.0%" in figure.axes[0].get_title()


def test_station_tree_links_each_station_to_its_parent() -> None:
    """The links are one per station that has a parent: stations minus hubs."""
    registry = sw.datasets.wuhou()
    figure = plots.station_tree(registry, lang="en")
    links = next(c for c in figure.axes[0].collections if c.get_gid() == "links")
    with_parent = sum(1 for s in registry.stations.values() if s.parent_id is not None)
    assert len(links.get_segments()) == with_parent


def test_uncovered_divisions_are_red_nodes_under_the_station_above() -> None:
    """A community without its room is a red node; its street station and the hub turn yellow."""
    registry = sw.datasets.example()
    smaller = without(registry, ["wh-c-ximianqiao"])
    figure = plots.station_tree(smaller, lang="en")
    assert nodes(figure) == {
        "stations-covered": len(smaller.stations) - 2,
        "stations-partial": 2,
        "uncovered": 1,
    }
    assert "510107016001 (uncovered)" in [t.get_text() for t in figure.axes[0].texts]
    place = _tree.layout(_tree._nodes(smaller, None, _fonts.words("en", "test"))[0])
    assert place["division:510107016001"][0] == place["wh-s-jiangxi"][0] + 1


def test_an_uncovered_street_holds_its_uncovered_communities() -> None:
    """Without a street station, its street and its communities are red, the communities under the street."""
    registry = sw.datasets.binzhou()
    street = "bz-s-371603902"
    smaller = without(registry, [street, *(s.id for s in registry.children(street))])
    found, ratio = _tree._nodes(smaller, "371603", _fonts.words("en", "test"))
    parents = {node.key: node.parent for node in found if node.category == "uncovered"}
    assert parents["division:371603902"] == "bz-hub-371603"
    assert {parents[k] for k in parents if k != "division:371603902"} == {"division:371603902"}
    assert ratio < 1


def test_station_tree_of_one_district() -> None:
    """district_id draws only the stations within that district."""
    registry = sw.datasets.binzhou()
    figure = plots.station_tree(registry, district_id="371603", lang="en")
    inside = [s for s in registry.stations.values() if s.division_id.startswith("371603")]
    assert sum(nodes(figure).values()) == len(inside)
    assert figure.axes[0].get_title().startswith("Station tree of 371603")


def test_station_tree_draws_into_a_given_axes() -> None:
    """With ax=, the tree is drawn in that Axes, and the figure returned is its top figure."""
    figure = Figure()
    sub = figure.subfigures(1, 2)[1]
    ax = sub.add_subplot()
    assert plots.station_tree(sw.datasets.example(), lang="en", ax=ax) is figure
    assert ax.collections


def test_station_tree_refuses_bad_arguments() -> None:
    """Each bad argument raises the documented socialwork error naming it."""
    registry = sw.datasets.example()
    with pytest.raises(sw.InvalidTypeError) as info:
        plots.station_tree("wuhou")  # type: ignore[arg-type]
    assert info.value.path == "registry"
    with pytest.raises(sw.InvalidValueError) as info:
        plots.station_tree(registry, district_id="510107015", lang="en")
    assert info.value.path == "district_id"
    with pytest.raises(sw.UnknownIdError):
        plots.station_tree(registry, district_id="999999", lang="en")
    with pytest.raises(sw.InvalidValueError) as info:
        plots.station_tree(registry, lang="fr")
    assert info.value.path == "lang"
    with pytest.raises(sw.InvalidTypeError) as info:
        plots.station_tree(registry, lang="en", ax="axes")  # type: ignore[arg-type]
    assert info.value.path == "ax"


def test_station_tree_refuses_too_many_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree larger than MAX_TREE_NODES asks for a district instead of drawing an unreadable figure."""
    monkeypatch.setattr(_tree, "MAX_TREE_NODES", 10)
    with pytest.raises(sw.InvalidValueError) as info:
        plots.station_tree(sw.datasets.wuhou(), lang="en")
    assert info.value.path == "district_id"


@st.composite
def forests(draw: st.DrawFn) -> list[_tree.Node]:
    """Random forests of nodes: each node's parent is an earlier node or none."""
    size = draw(st.integers(1, 40))
    found = []
    for i in range(size):
        parent = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        found.append(
            _tree.Node(f"n{i:02d}", f"n{i}", "covered", None if parent is None else f"n{parent:02d}")
        )
    return draw(st.permutations(found))


@given(forests())
def test_layout_is_a_tidy_layered_tree(found: list[_tree.Node]) -> None:
    """Leaves take consecutive rows, each parent is one level left of its children and centred on them."""
    place = _tree.layout(found)
    assert set(place) == {node.key for node in found}
    children: dict[str, list[str]] = {}
    for node in found:
        if node.parent is not None:
            children.setdefault(node.parent, []).append(node.key)
    leaves = sorted(place[node.key][1] for node in found if node.key not in children)
    assert leaves == [float(i) for i in range(len(leaves))]
    for parent, kids in children.items():
        rows = [place[kid][1] for kid in kids]
        assert place[parent][1] == (min(rows) + max(rows)) / 2
        assert all(place[kid][0] == place[parent][0] + 1 for kid in kids)
    for node in found:
        if node.parent is None:
            assert place[node.key][0] == 0


@settings(max_examples=20)
@given(forests())
def test_layout_does_not_depend_on_input_order(found: list[_tree.Node]) -> None:
    """The same nodes in any order give the same layout."""
    assert _tree.layout(found) == _tree.layout(sorted(found, key=lambda node: node.key))


# -- linkage_profile -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["wuhou", "binzhou"])
def test_linkage_profile_draws_the_five_societies(name: str) -> None:
    """Five bars, as long as the links' strengths; each missing society gets a mark."""
    registry = sw.datasets.scenario(name).registry
    weakest = sw.linkage.profiles(registry).weakest(1)[0]
    figure = plots.linkage_profile(registry, weakest.community_id, lang="en")
    ax = figure.axes[0]
    bars = ax.containers[0]
    assert [round(bar.get_width()) for bar in bars] == list(weakest.strengths)
    assert [t.get_text() for t in ax.get_yticklabels()] == [s.en for s in sw.Society]
    marks = [line for line in ax.lines if line.get_gid() == "missing"]
    assert len(marks) == len(weakest.missing)
    assert [t.get_text() for t in ax.texts].count("missing") == len(weakest.missing)
    assert ax.get_title() == f"{weakest.community_id}: {weakest.score} of 5 societies linked"


def test_linkage_profile_refuses_a_division_that_is_not_a_community() -> None:
    """A district's code is refused with the linkage module's error, naming the community."""
    with pytest.raises(sw.InvalidValueError) as info:
        plots.linkage_profile(sw.datasets.wuhan_school(), "420113", lang="en")
    assert info.value.path == "community"
    with pytest.raises(sw.UnknownIdError):
        plots.linkage_profile(sw.datasets.example(), "000000000000", lang="en")


# -- fund_progress ---------------------------------------------------------------------------


def test_fund_progress_has_a_bar_per_fund_with_exact_labels() -> None:
    """Binzhou: one bar per fund, the largest match first, labelled with the exact Decimal amounts."""
    s = sw.datasets.scenario("binzhou")
    figure = plots.fund_progress(s.registry, rule=s.rule, lang="en", limit=None)
    ax = figure.axes[0]
    statements = sorted(
        sw.funds.summary(s.registry, rule=s.rule).statements, key=lambda x: (-x.matched, x.fund_id)
    )
    assert len(ax.containers[0]) == len(s.registry.funds) == len(statements)
    assert [t.get_text() for t in ax.get_yticklabels()] == [x.fund_id for x in statements]
    assert [t.get_text() for t in ax.texts] == [
        f"{plots.money_text(x.matched)} / 30,000.00 yuan" for x in statements
    ]
    widths = [bar.get_width() for bar in ax.containers[0]]
    assert widths == sorted(widths, reverse=True)
    assert [line.get_gid() for line in ax.lines] == ["cap"]
    assert ax.lines[0].get_xdata()[0] == 30000.0


def test_fund_progress_limit_keeps_the_largest_matches() -> None:
    """limit draws that many funds, those with the largest match, and says so in the title."""
    registry = sw.datasets.binzhou()
    figure = plots.fund_progress(registry, lang="en", limit=5)
    assert len(figure.axes[0].containers[0]) == 5
    assert f"5 of {len(registry.funds)} funds" in figure.axes[0].get_title()


def test_fund_progress_without_a_cap_draws_no_cap_line() -> None:
    """A rule without a cap: no cap line, and the labels show the matched amount alone."""
    rule = sw.funds.MatchingRule(ratio="0.2")
    figure = plots.fund_progress(sw.datasets.example(), rule=rule, lang="en")
    assert not figure.axes[0].lines
    assert [t.get_text() for t in figure.axes[0].texts] == ["1,300.10 yuan"]


def test_fund_progress_as_of_counts_only_donations_until_then() -> None:
    """as_of is passed on to the statements: before any donation, nothing is matched."""
    figure = plots.fund_progress(sw.datasets.example(), as_of=dt.date(2000, 1, 1), lang="en")
    assert [t.get_text() for t in figure.axes[0].texts] == ["0.00 / 30,000.00 yuan"]


def test_fund_progress_refuses_bad_arguments() -> None:
    """No funds, a bad limit, a bad rule or date: socialwork errors naming the argument."""
    cases = [
        ((sw.datasets.wuhou(),), {}, sw.InvalidValueError, "registry"),
        ((sw.datasets.example(),), {"limit": 0}, sw.InvalidValueError, "limit"),
        ((sw.datasets.example(),), {"rule": "10:1"}, sw.InvalidTypeError, "rule"),
        ((sw.datasets.example(),), {"as_of": "2022-01-01"}, sw.InvalidTypeError, "as_of"),
    ]
    for args, kwargs, error, path in cases:
        with pytest.raises(error) as info:
            plots.fund_progress(*args, lang="en", **kwargs)
        assert info.value.path == path


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_money_text_is_exact(amount: Decimal) -> None:
    """money_text writes every fen: without its separators it reads back as the same amount."""
    text = plots.money_text(amount)
    assert Decimal(text.replace(",", "")) == amount
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d\d", text)


def test_money_text_refuses_what_is_not_an_amount() -> None:
    """A float or an infinite Decimal is refused, naming the amount."""
    with pytest.raises(sw.InvalidTypeError):
        plots.money_text(1.5)  # type: ignore[arg-type]
    with pytest.raises(sw.InvalidValueError):
        plots.money_text(Decimal("Infinity"))


# -- score_contributions ---------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_score_contributions_stack_the_first_level_indicators(name: str) -> None:
    """One bar container per first-level indicator, one bar per top entity; a weighted sum adds up."""
    scores = station_scores(sw.datasets.scenario(name).registry)
    figure = plots.score_contributions(scores, top=10, lang="en")
    ax = figure.axes[0]
    shown = min(10, len(scores))
    assert [c.get_label() for c in ax.containers] == ["staff", "practice"]
    assert all(len(c) == shown for c in ax.containers)
    totals = scores.as_dict()
    entities = [t.get_text() for t in ax.get_yticklabels()]
    assert entities == sorted(totals, key=lambda e: (-totals[e], e))[:shown]
    for row, entity in enumerate(entities):
        stacked = sum(c[row].get_width() for c in ax.containers)
        assert stacked == pytest.approx(totals[entity])


def test_score_contributions_of_one_explanation_and_of_topsis() -> None:
    """An Explanation draws one bar; TOPSIS scores add a dot for each score."""
    scores = station_scores(sw.datasets.wuhou())
    one = plots.score_contributions(scores.explain("wh-hub"), lang="en")
    assert [t.get_text() for t in one.axes[0].get_yticklabels()] == ["wh-hub"]
    topsis = evaluate(scores.system, sw.datasets.wuhou(), method="topsis")
    figure = plots.score_contributions(topsis, top=3, lang="en")
    assert [line.get_gid() for line in figure.axes[0].lines] == ["total"]
    assert "TOPSIS" in figure.axes[0].get_title()


def test_score_contributions_refuse_bad_arguments() -> None:
    """Not scores, or a top below one: socialwork errors naming the argument."""
    with pytest.raises(sw.InvalidTypeError) as info:
        plots.score_contributions({"s1": 0.5}, lang="en")  # type: ignore[arg-type]
    assert info.value.path == "scores"
    with pytest.raises(sw.InvalidValueError) as info:
        plots.score_contributions(station_scores(sw.datasets.example()), top=0, lang="en")
    assert info.value.path == "top"


# -- target_progress -------------------------------------------------------------------------


def test_target_progress_has_a_bar_per_target() -> None:
    """One bar per target, its length the share achieved, labelled exactly with status and due date."""
    done = talent_progress()
    figure = plots.target_progress(done, lang="en")
    ax = figure.axes[0]
    assert [bar.get_width() for bar in ax.containers[0]] == [min(p.share, plots.SHOWN_SHARE) for p in done]
    assert [t.get_text() for t in ax.texts] == [
        f"{p.observed} / {p.target.goal} persons, {p.status.en} (due 2025-12-31)" for p in done
    ]
    assert [line.get_gid() for line in ax.lines] == ["projected", "goal"]


def test_target_progress_in_chinese_names_the_targets_by_their_text(cjk: Path) -> None:
    """With a CJK font, targets are named by their Chinese text and statuses in Chinese."""
    done = talent_progress()
    figure = plots.target_progress(done, lang="zh")
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [p.target.zh for p in done]
    assert done[0].status.zh in ax.texts[0].get_text()


def test_target_progress_stops_long_bars_at_the_shown_share() -> None:
    """A target far ahead: its bar and projection stop at SHOWN_SHARE, its label keeps the exact figures."""
    talent = [t for t in WUHOU_TARGETS if t.metric == "managers"]
    done = progress(talent, {"managers": 200}, as_of=dt.date(2023, 6, 10))
    ax = plots.target_progress(done, lang="en").axes[0]
    assert ax.containers[0][0].get_width() == plots.SHOWN_SHARE
    assert ax.texts[0].get_text() == "200 / 80 persons, met (due 2025-12-31)"
    assert max(ax.lines[0].get_xdata()) <= plots.SHOWN_SHARE


def test_target_progress_on_the_baseline_day_has_no_projection() -> None:
    """On the baseline day there is no rate yet: no projection is drawn."""
    done = talent_progress(as_of=dt.date(2022, 6, 10))
    figure = plots.target_progress(done, lang="en")
    assert [line.get_gid() for line in figure.axes[0].lines] == ["goal"]


def test_target_progress_refuses_bad_arguments() -> None:
    """Not a sequence of Progress, or an empty one: socialwork errors naming where."""
    done = talent_progress()
    with pytest.raises(sw.InvalidTypeError) as info:
        plots.target_progress([done[0], "x"], lang="en")  # type: ignore[list-item]
    assert info.value.path == "progress[1]"
    with pytest.raises(sw.InvalidTypeError) as info:
        plots.target_progress(done[0], lang="en")  # type: ignore[arg-type]
    assert info.value.path == "progress"
    with pytest.raises(sw.InvalidValueError) as info:
        plots.target_progress((), lang="en")
    assert info.value.path == "progress"


# -- languages and fonts ---------------------------------------------------------------------


def test_chinese_labels_with_a_cjk_font(cjk: Path) -> None:
    """lang="zh" with a CJK font: station names, a Chinese title, no warning."""
    registry = sw.datasets.wuhou()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = plots.station_tree(registry, lang="zh")
    labels = [t.get_text() for t in figure.axes[0].texts]
    assert sorted(labels) == sorted(s.name for s in registry.stations.values())
    assert figure.axes[0].get_title().startswith("武侯区社工站三级体系")
    assert all(t.get_fontproperties().get_file() == str(cjk) for t in figure.axes[0].texts)
    plots.render(figure)  # drawing it finds every glyph: no "Glyph missing" warning


def test_without_a_cjk_font_zh_draws_english_with_one_warning(no_cjk: None, tmp_path: Path) -> None:
    """lang="zh" without a CJK font: English labels and exactly one FontWarning, however many plots."""

    def draw_several() -> Figure:
        figure = plots.station_tree(sw.datasets.wuhou(), lang="zh")
        plots.save_all(sw.datasets.example(), tmp_path, lang="zh", communities=1)
        plots.linkage_profile(sw.datasets.example(), "510107015001", lang="zh")
        return figure

    with pytest.warns(sw.errors.FontWarning, match="no font with Chinese glyphs") as record:
        figure = draw_several()
    assert len([w for w in record if issubclass(w.category, sw.errors.FontWarning)]) == 1
    assert not any(HAN.search(text) for text in texts(figure))
    assert figure.axes[0].get_title().startswith("Station tree of 510107")


def test_english_never_warns(no_cjk: None) -> None:
    """lang="en" issues no FontWarning, with or without a CJK font."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = plots.linkage_profile(sw.datasets.example(), "510107015001", lang="en")
        plots.render(figure)


@pytest.mark.parametrize("name", SCENARIOS)
def test_english_figures_have_no_chinese_text(name: str, no_cjk: None, tmp_path: Path) -> None:
    """Every English figure of a scenario is free of Chinese characters, so no glyph can be missing."""
    figures = []
    s = sw.datasets.scenario(name)
    figures.append(plots.station_tree(s.registry, lang="en"))
    if s.registry.funds:
        figures.append(plots.fund_progress(s.registry, lang="en"))
    figures.append(plots.score_contributions(station_scores(s.registry), lang="en"))
    for weakest in sw.linkage.profiles(s.registry).weakest(2):
        figures.append(plots.linkage_profile(s.registry, weakest.community_id, lang="en"))
    for figure in figures:
        assert not any(HAN.search(text) for text in texts(figure)), texts(figure)


def test_characters_the_font_lacks_are_written_as_escapes() -> None:
    """A character the font has no glyph for is written as its escape, never drawn as a box."""
    english = _fonts.words("en", "test")
    assert english.safe("站-01 ok") == "\\u7ad9-01 ok"
    assert english.safe("wh-hub") == "wh-hub"


def test_text_is_never_read_as_mathtext() -> None:
    """A name with dollar signs is drawn as written, not as mathtext."""
    figure = plots.station_tree(sw.datasets.example(), lang="en")
    assert all(not t.get_parse_math() for t in figure.axes[0].texts)


def test_the_finder_takes_a_font_only_if_it_has_the_glyphs(monkeypatch: pytest.MonkeyPatch) -> None:
    """_locate returns the first candidate with the sample glyphs, and None when none has them."""
    monkeypatch.setattr(_fonts, "_candidates", lambda: ["a.ttf", "b.ttf", "c.ttf"])
    monkeypatch.setattr(_fonts, "_has_glyphs", lambda path: path != "a.ttf")
    assert _fonts._locate() == Path("b.ttf")
    monkeypatch.setattr(_fonts, "_has_glyphs", lambda path: False)
    assert _fonts._locate() is None


def test_a_font_without_the_sample_glyphs_is_not_taken() -> None:
    """matplotlib's own DejaVu Sans has no Chinese glyphs."""
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert not _fonts._has_glyphs(str(path))
    assert not _fonts._has_glyphs("/no/such/font.ttf")


def test_missing_matplotlib_names_the_plot_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib, every plot raises MissingDependencyError naming the plot extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    calls = [
        lambda: plots.station_tree(sw.datasets.example(), lang="en"),
        lambda: plots.linkage_profile(sw.datasets.example(), "510107015001"),
        lambda: plots.fund_progress(sw.datasets.example()),
        lambda: plots.target_progress(talent_progress()),
        plots.find_cjk_font,
        lambda: plots.save_all(sw.datasets.example(), "."),
    ]
    for call in calls:
        with pytest.raises(sw.MissingDependencyError, match=r"pip install 'socialwork\[plot\]'"):
            call()


# -- render and save_all ---------------------------------------------------------------------


@pytest.mark.parametrize("form", plots.FORMATS)
def test_render_gives_the_same_bytes_for_the_same_input(form: str) -> None:
    """Two figures drawn from the same input render to the same bytes: no date, fixed SVG ids."""
    first = plots.render(plots.fund_progress(sw.datasets.example(), lang="en"), format=form)
    second = plots.render(plots.fund_progress(sw.datasets.example(), lang="en"), format=form)
    assert first == second
    if form == "svg":
        assert b"<dc:date>" not in first
        assert b"<text" not in first  # text is drawn as paths: no font needed to view it


def test_render_in_threads_gives_the_same_bytes() -> None:
    """Figures drawn and rendered in several threads at once come out as one drawn alone."""
    expected = plots.render(plots.station_tree(sw.datasets.example(), lang="en"))
    results: list[bytes] = []

    def work() -> None:
        results.append(plots.render(plots.station_tree(sw.datasets.example(), lang="en")))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_render_refuses_bad_arguments() -> None:
    """Not a figure, or an unknown format: socialwork errors naming the argument."""
    with pytest.raises(sw.InvalidTypeError) as info:
        plots.render("figure")  # type: ignore[arg-type]
    assert info.value.path == "figure"
    with pytest.raises(sw.InvalidValueError) as info:
        plots.render(Figure(), format="gif")
    assert info.value.path == "format"


EXPECTED_FILES = {
    "wuhou": ["station-tree", "linkage-*", "linkage-*", "linkage-*", "target-progress"],
    "binzhou": ["station-tree", "linkage-*", "linkage-*", "linkage-*", "fund-progress"],
    "wuhan_school": ["station-tree"],
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_save_all_saves_every_plot_that_applies(name: str, tmp_path: Path) -> None:
    """Each scenario's plots, with stable names in a fixed order, and nothing else in the directory."""
    s = sw.datasets.scenario(name)
    paths = plots.save_all(s, tmp_path, lang="en")
    stems = [p.stem if not p.stem.startswith("linkage-") else "linkage-*" for p in paths]
    assert stems == EXPECTED_FILES[name]
    weakest = [p.community_id for p in sw.linkage.profiles(s.registry).weakest(3)]
    assert [p.stem for p in paths if p.stem.startswith("linkage-")] == [f"linkage-{c}" for c in weakest]
    assert sorted(tmp_path.iterdir()) == sorted(paths)
    assert all(p.read_bytes().startswith(b"<?xml") for p in paths)


def test_save_all_takes_the_profiles_a_caller_has_and_refuses_another_registry_s(tmp_path: Path) -> None:
    """profiles= gives the same files as computing them; profiles of an equal registry are refused."""
    registry = sw.datasets.example()
    (tmp_path / "own").mkdir()
    (tmp_path / "given").mkdir()
    own = plots.save_all(registry, tmp_path / "own", lang="en", communities=2)
    found = sw.linkage.profiles(registry)
    given = plots.save_all(registry, tmp_path / "given", lang="en", communities=2, profiles=found)
    assert [p.name for p in own] == [p.name for p in given]
    assert [p.read_bytes() for p in own] == [p.read_bytes() for p in given]
    with pytest.raises(sw.InvalidValueError) as info:
        plots.save_all(sw.Registry(registry.entities()), tmp_path / "given", lang="en", profiles=found)
    assert info.value.path == "profiles"
    with pytest.raises(sw.errors.InvalidTypeError) as type_info:
        plots.save_all(registry, tmp_path / "given", lang="en", profiles=[])  # type: ignore[arg-type]
    assert type_info.value.path == "profiles"


def test_save_all_is_deterministic_and_writes_each_format(tmp_path: Path) -> None:
    """Two runs give the same files, byte for byte; each plot is saved in each format asked for."""
    registry = sw.datasets.example()
    community = sw.linkage.profiles(registry).weakest(1)[0].community_id
    runs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        runs.append(
            plots.save_all(registry, tmp_path / name, lang="en", formats=("svg", "png"), communities=1)
        )
    stems = ["station-tree", f"linkage-{community}", "fund-progress"]
    expected = [f"{stem}.{form}" for stem in stems for form in ("svg", "png")]
    assert [p.name for p in runs[0]] == [p.name for p in runs[1]] == expected
    assert [p.read_bytes() for p in runs[0]] == [p.read_bytes() for p in runs[1]]


def test_save_all_of_a_registry_uses_the_binzhou_rule(tmp_path: Path) -> None:
    """A bare registry: the tree, the weakest profiles, funds under BINZHOU_RULE; no targets or scores."""
    paths = plots.save_all(sw.datasets.example(), tmp_path, lang="en", communities=0)
    assert [p.name for p in paths] == ["station-tree.svg", "fund-progress.svg"]


def test_save_all_measures_the_talent_targets_on_the_registry() -> None:
    """Wuhou's talent targets are measured on the registry: the social workers in post by track."""
    from socialwork.plots import _save

    assert _save._observed(sw.datasets.wuhou()) == {"practitioners": 153, "managers": 15, "supervisors": 16}


def test_save_all_draws_the_least_covered_district_of_a_large_registry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Past MAX_TREE_NODES, the tree is that of the least covered district (ties by code)."""
    from socialwork.plots import _save

    registry = sw.datasets.binzhou()
    monkeypatch.setattr(_save, "MAX_TREE_NODES", 10)
    assert _save._tree_district(registry) == (True, "371602")
    street = "bz-s-371603902"
    smaller = without(registry, [street, *(s.id for s in registry.children(street))])
    assert _save._tree_district(smaller) == (True, "371603")


def test_save_all_refuses_bad_arguments(tmp_path: Path) -> None:
    """A bad subject, directory, format or count: socialwork errors naming the argument."""
    registry = sw.datasets.example()
    cases = [
        (("wuhou", tmp_path), {}, sw.InvalidTypeError, "subject"),
        ((registry, tmp_path / "missing"), {}, sw.InvalidValueError, "directory"),
        ((registry, 3), {}, sw.InvalidTypeError, "directory"),
        ((registry, tmp_path), {"formats": "svg"}, sw.InvalidValueError, "formats"),
        ((registry, tmp_path), {"formats": ("svg", "gif")}, sw.InvalidValueError, "formats[1]"),
        ((registry, tmp_path), {"communities": -1}, sw.InvalidValueError, "communities"),
        ((registry, tmp_path), {"lang": "de"}, sw.InvalidValueError, "lang"),
    ]
    for args, kwargs, error, path in cases:
        with pytest.raises(error) as info:
            plots.save_all(*args, **kwargs)
        assert info.value.path == path
    assert not list(tmp_path.iterdir())


def test_plots_is_reachable_from_the_facade() -> None:
    """sw.plots is the module, imported on first use."""
    assert sw.plots is plots


def test_rendering_a_figure_again_gives_the_same_bytes() -> None:
    """The first render of a figure and every later one agree (the layout is settled first)."""
    figure = plots.station_tree(sw.datasets.example(), lang="en")
    assert plots.render(figure) == plots.render(figure) == plots.render(figure)


def test_markup_in_names_is_escaped_in_the_svg() -> None:
    """A name holding markup cannot break out of the SVG: an inline figure in a web page stays inert."""
    registry = sw.datasets.example()
    hub = registry.stations["wh-hub"]
    name = '<script>alert(1)</script> --> & "q" $x$'
    renamed = registry.replace([attrs.evolve(hub, name=name)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sw.errors.FontWarning)
        svg = plots.render(plots.station_tree(renamed, lang="zh")).decode()
    assert "<script" not in svg
    assert "alert(1)</script>" not in svg
    assert re.search(r"<!--(?:(?!-->).)*--(?!>)", svg) is None  # no comment is closed early


def test_importing_the_module_does_not_import_matplotlib() -> None:
    """socialwork.plots imports matplotlib on first use only, so the core install stays light."""
    code = "import sys, socialwork.plots; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# -- trend_line ------------------------------------------------------------------------------


def test_trend_line_draws_a_figure_over_the_snapshots_with_exact_labels() -> None:
    """One point a snapshot, spaced by days, each labelled with its exact value; yuan to the fen."""
    scenario = sw.datasets.scenario("binzhou")
    days = [dt.date(2021, 6, 30), dt.date(2021, 12, 31), dt.date(2022, 6, 30)]
    found = sw.history.series({day: sw.history.as_of(scenario.registry, day) for day in days}, ["raised"])
    figure = plots.trend_line(found, "raised", lang="en")
    ax = figure.axes[0]
    (line,) = ax.lines
    assert line.get_gid() == "trend"
    assert list(line.get_xdata()) == [day.toordinal() for day in days]
    assert [t.get_text() for t in ax.texts] == [plots.money_text(v) for v in found["raised"]]
    assert [t.get_text() for t in ax.get_xticklabels()] == [day.isoformat() for day in days]
    assert ax.get_title().startswith("yuan raised: ")
    assert plots.render(figure).startswith(b"<?xml")


def test_trend_line_refuses_a_figure_the_series_lacks_and_a_non_series() -> None:
    """An unknown figure is an InvalidValueError naming it; anything but a Series an InvalidTypeError."""
    found = sw.history.series({dt.date(2023, 1, 1): sw.datasets.example()}, ["stations"])
    with pytest.raises(sw.InvalidValueError) as info:
        plots.trend_line(found, "raised", lang="en")
    assert info.value.path == "figure"
    with pytest.raises(sw.InvalidTypeError) as type_info:
        plots.trend_line({"stations": (1,)}, "stations", lang="en")  # type: ignore[arg-type]
    assert type_info.value.path == "series"


def test_the_last_resort_font_is_not_taken_for_a_cjk_font() -> None:
    """matplotlib's Last Resort font maps every code point to a box: it is no CJK font."""
    import matplotlib as mpl

    bundled = Path(mpl.get_data_path()) / "fonts" / "ttf" / "LastResortHE-Regular.ttf"
    if not bundled.is_file():
        pytest.skip("this matplotlib bundles no Last Resort font")
    assert not _fonts._has_glyphs(str(bundled))
    assert plots.find_cjk_font() != bundled
