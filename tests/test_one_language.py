"""Reports and explanations never mix languages.

Every report of :mod:`socialwork.reporting` (text, the words of its JSON, HTML), the
ranking, the summary, the validation report, and every explanation an analysis gives
(:meth:`~socialwork.funds.MatchingRule.describe`, the ``explain()`` of coverage,
statements and summaries, matching's and scoring's explanations, allocation's reasons,
target verdicts) is rendered in Chinese and in English, for every bundled dataset and
for synthetic registries with every planted fault. The Chinese has no Latin word beyond
ids, codes, paths and names that are data (``tests/_messages.py`` lists the few others);
the English has no Chinese beyond data values.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from typing import Any

import pytest

import socialwork as sw
from socialwork.errors import Message
from tests._messages import CJK, SUBJECTS, Subject, chinese_words, latin_words, page_text, subject


def renderings(found: Subject, lang: sw.model.Language) -> Iterator[tuple[str, str]]:
    """Yield every report of *found* in *lang*, each with what it is."""
    chosen = found.scenario or found.registry
    report = sw.reporting.report(chosen)
    yield "Report.to_text", report.to_text(lang=lang)
    yield "Report.to_html", page_text(report.to_html(lang=lang))
    yield "ranking", sw.reporting.ranking(chosen).to_text(lang=lang)
    yield "summary_text", sw.reporting.summary_text(found.registry, lang=lang)
    yield "ValidationReport.render", sw.validate(found.registry).render(lang)


def explanations(found: Subject) -> Iterator[tuple[str, object]]:
    """Yield every explanation the analyses give of *found*, each with what it is."""
    registry = found.registry
    rule = found.scenario.rule if found.scenario and found.scenario.rule else sw.funds.BINZHOU_RULE
    yield "MatchingRule.describe", rule.describe()
    changed = rule.changed_on(dt.date(2030, 1, 1), cap=None, minimum_donation="10")
    yield "MatchingRule.describe (changed)", changed.describe()
    yield "Coverage.explain", sw.hierarchy.coverage(registry).explain()
    yield "FundsSummary.explain", sw.funds.summary(registry, rule=rule).explain()
    for fund in sorted(registry.funds)[:5]:
        yield f"Statement.explain {fund}", sw.funds.statement(registry, fund, rule=rule).explain()
    fit = sw.matching.fit_from_registry(registry)
    needs = {need.id: need.persons for need in registry.needs.values()}
    services = {provider: 1 for _, provider in fit}
    for unmet in sw.matching.assign(needs, services, fit=fit).unmet:
        yield f"UnmetNeed {unmet.need_id}", unmet.describe()
    fair = sw.matching.fair_preferences(registry)
    matching = sw.matching.stable(
        fair.communities,
        fair.agencies,
        capacities=fair.capacities,
        proposer_capacities=fair.proposer_capacities,
    )
    for agent in sorted(matching.proposers)[:20] + sorted(matching.reviewers)[:5]:
        yield f"Matching.explain {agent}", matching.explain(agent).describe()
    scores = sw.scoring.evaluate(sw.scoring.STATION_INDICATORS, registry) if registry.stations else None
    if scores is not None:
        for row in range(min(3, len(scores))):
            yield f"Scores.explain {row}", scores.explain(row).describe()
        budget = dict.fromkeys(scores.as_dict(), "10000")
        plan = sw.scoring.allocate(budget, scores, "25000")
        for unfunded in (*plan.by_rank.unfunded[:3], *plan.optimal.unfunded[:3]):
            yield f"Unfunded.reason {unfunded.proposal_id}", unfunded.reason
    if found.scenario is not None and found.scenario.targets:
        observed = {t.metric: t.goal / 2 for t in found.scenario.targets}
        as_of = found.scenario.as_of or dt.date(2023, 1, 1)
        for verdict in sw.targets.progress(found.scenario.targets, observed, as_of=as_of):
            yield f"Progress.describe {verdict.target.metric}", verdict.describe()


def _words_of(data: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    # Every {"zh": ..., "en": ...} pair of texts in JSON data, with where it is.
    if isinstance(data, dict):
        if isinstance(data.get("zh"), str) and isinstance(data.get("en"), str):
            yield path, data["zh"], data["en"]
        for key, value in data.items():
            yield from _words_of(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _words_of(value, f"{path}[{index}]")


@pytest.mark.parametrize("name", SUBJECTS)
def test_a_chinese_report_has_no_english_word(name: str) -> None:
    """Every report in Chinese shows Latin letters only for data, codes and paths."""
    found = subject(name)
    mixed = {what: latin_words(text, found.data) for what, text in renderings(found, "zh")}
    assert {what: words for what, words in mixed.items() if words} == {}
    assert all(CJK.search(text) for _, text in renderings(found, "zh"))


@pytest.mark.parametrize("name", SUBJECTS)
def test_an_english_report_has_no_chinese_beyond_data(name: str) -> None:
    """Every report in English shows Chinese only where a value of the data is Chinese."""
    found = subject(name)
    mixed = {what: chinese_words(text, found.data) for what, text in renderings(found, "en")}
    assert {what: words for what, words in mixed.items() if words} == {}


@pytest.mark.parametrize("name", SUBJECTS)
def test_the_words_of_a_report_s_json_are_each_in_one_language(name: str) -> None:
    """Each pair of texts in a report's JSON (messages, the rule, the title) has its zh in Chinese, its en in English."""
    found = subject(name)
    data = sw.reporting.report(found.scenario or found.registry).to_dict()
    pairs = list(_words_of(data))
    assert pairs
    for where, zh, en in pairs:
        assert latin_words(zh, found.data) == [], (where, zh)
        assert chinese_words(en, found.data) == [], (where, en)


@pytest.mark.parametrize("name", SUBJECTS)
def test_every_explanation_is_a_message_in_one_language_each(name: str) -> None:
    """Each explanation is a Message whose Chinese has no English word and whose English has no Chinese."""
    found = subject(name)
    seen = 0
    for what, explanation in explanations(found):
        seen += 1
        assert isinstance(explanation, Message), (what, explanation)
        assert CJK.search(explanation.zh), (what, explanation.zh)
        assert latin_words(explanation.zh, found.data) == [], (what, explanation.zh)
        assert chinese_words(explanation.en, found.data) == [], (what, explanation.en)
        assert str(explanation) == explanation.en
    assert seen >= 4


ROUNDINGS = sorted(getattr(decimal, name) for name in dir(decimal) if name.startswith("ROUND_"))
"""Every rounding mode of the decimal module, which a matching rule may use."""


@pytest.mark.parametrize("rounding", ROUNDINGS)
def test_every_term_a_rule_can_have_is_described_in_one_language_each(rounding: str) -> None:
    """Each rounding mode and cap period, a minimum and a change of terms: the Chinese has no English word, the English no Chinese."""
    for period in sw.funds.CapPeriod:
        rule = sw.funds.MatchingRule(
            ratio="0.15", cap="500", cap_period=period, rounding=rounding, minimum_donation="5"
        )
        terms = rule.changed_on(dt.date(2030, 1, 1), cap=None).describe()
        assert latin_words(terms.zh, ()) == [], terms.zh
        assert chinese_words(terms.en, ()) == [], terms.en


def test_every_reason_a_matching_gives_is_in_both_languages() -> None:
    """Full, did not rank and blocking: each reason of a better choice, and each head, reads in both languages."""
    matching = sw.matching.Matching.from_preferences(
        [("r2", "h1"), ("r1", "h2")],
        {"r1": ["h1", "h2"], "r2": ["h1"], "r3": ["h3", "h1"]},
        {"h1": ["r1", "r2", "r3"], "h2": ["r1"], "h3": []},
    )
    reasons = {choice.reason for agent in ("r1", "r3") for choice in matching.explain(agent).better}
    assert reasons == set(sw.matching.Reason)
    for agent in ("r1", "r2", "r3", "h1", "h2", "h3"):
        explanation = matching.explain(agent).describe()
        assert latin_words(explanation.zh, {"r1", "r2", "r3", "h1", "h2", "h3"}) == [], explanation.zh
        assert chinese_words(explanation.en, ()) == []
    full = sw.matching.BetterChoice("h1", sw.matching.Reason.FULL, ("r2",)).describe()
    assert (full, full.zh) == (
        "'h1' was full with 'r2', whom it ranks at least as high",
        "'h1' 名额已满：所接纳的 'r2' 在其排序中不低于本方",
    )


def test_a_check_of_one_language_finds_what_it_looks_for() -> None:
    """The checks themselves: an English word in Chinese and a Chinese word in English are found; data is not."""
    assert latin_words("共 2 项 violations：SW-C001 stations[3].parent_id 'wh-s-03'", {"wh-s-03"}) == [
        "violations"
    ]
    assert chinese_words("2 violations in 武侯区社工总站 (总站)", {"武侯区社工总站"}) == []
    assert chinese_words("2 violations: 错误", {"武侯区社工总站"}) == ["错误"]
