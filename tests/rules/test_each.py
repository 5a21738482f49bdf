"""for_each and Finding: rules written as a check of one entity at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import socialwork as sw
from socialwork.rules import Finding, Parameter, RuleContext, for_each, rule
from socialwork.testing import registries

INFO = sw.Severity.INFO


def my_rule(code: str, **extra: Any) -> Any:
    """The rule decorator with the fields a test does not care about filled in."""
    return rule(code=code, title_zh="测试", title_en="a test", severity=INFO, family="mine", **extra)


@my_rule("MY-010")
@for_each("stations", at="operator_id")
def _no_operator(_ctx: RuleContext, station: sw.Station) -> Finding | None:
    if station.operator_id is not None:
        return None
    return Finding(zh="没有运营机构", en="no operator", expected="an operator")


def test_a_finding_becomes_a_violation_about_its_entity() -> None:
    """Subject, path, code, family and severity come from the entity and the rule; the rest from the finding."""
    registry = sw.datasets.example()
    first = next(iter(registry.stations.values()))
    registry = registry.replace([attrs.evolve(first, operator_id=None)])
    (violation,) = sw.validate(registry, [_no_operator])
    assert violation == sw.rules.Violation(
        code="MY-010",
        severity=INFO,
        family="mine",
        subject=first.id,
        path="stations[0].operator_id",
        message_zh="没有运营机构",
        message_en="no operator",
        expected="an operator",
        found=None,
    )


@settings(max_examples=30, deadline=None)
@given(registry=registries(streets=(0, 3), communities=(0, 2), volunteers=(0, 5), shuffled=True))
def test_for_each_reports_exactly_the_entities_its_check_finds(registry: sw.Registry) -> None:
    """Property: one violation per entity the check finds, in registry order, each pointing at its entity."""

    @my_rule("MY-011", parameters=[Parameter("mine.hours", 5, type="integer")])
    @for_each("volunteers", at="hours")
    def few_hours(ctx: RuleContext, volunteer: sw.Volunteer) -> Finding | None:
        if volunteer.hours >= ctx.param("mine.hours"):
            return None
        return Finding(zh="时长不足", en="few hours", found=volunteer.hours)

    ctx = RuleContext.for_registry(registry, few_hours)
    found = list(few_hours.check(ctx))
    short = [v for v in registry.volunteers.values() if v.hours < 5]
    assert [v.subject for v in found] == [v.id for v in short]
    assert [v.found for v in found] == [v.hours for v in short]
    positions = {key: i for i, key in enumerate(registry.volunteers)}
    assert [v.path for v in found] == [f"volunteers[{positions[v.id]}].hours" for v in short]


def test_a_check_may_yield_several_findings_each_with_its_own_place() -> None:
    """A generator check gives one violation per finding; a finding's at replaces the rule's."""

    @my_rule("MY-012")
    @for_each("projects", at="community_ids")
    def each_community(_ctx: RuleContext, project: sw.Project) -> Iterator[Finding]:
        for j, code in enumerate(project.community_ids):
            yield Finding(zh=code, en=code, at=("community_ids", j))
        yield Finding(zh="项目", en="the project itself")

    registry = sw.datasets.example()
    project = next(iter(registry.projects.values()))
    found = list(each_community.check(RuleContext.for_registry(registry, each_community)))
    mine = [v for v in found if v.subject == project.id]
    assert [v.path for v in mine] == [
        *(f"projects[0].community_ids[{j}]" for j in range(len(project.community_ids))),
        "projects[0].community_ids",
    ]


def test_among_narrows_the_entities_and_a_finding_may_set_the_severity() -> None:
    """Only the entities *among* returns are checked, in its order; a finding's severity wins over the rule's."""
    seen: list[str] = []

    def two_hubs(ctx: RuleContext) -> list[sw.Station]:
        stations = ctx.entities("stations")
        return [stations["wh-s-yulin"], stations["wh-hub"]]

    @my_rule("MY-013")
    @for_each("stations", among=two_hubs)
    def flagged(_ctx: RuleContext, station: sw.Station) -> Finding:
        seen.append(station.id)
        return Finding(zh="标记", en="flagged", severity=sw.Severity.ERROR)

    found = list(flagged.check(RuleContext.for_registry(sw.datasets.example(), flagged)))
    assert seen == ["wh-s-yulin", "wh-hub"]
    assert [(v.subject, v.severity, v.path) for v in found] == [
        ("wh-s-yulin", sw.Severity.ERROR, "stations[6]"),
        ("wh-hub", sw.Severity.ERROR, "stations[4]"),
    ]


def test_divisions_are_named_by_their_code() -> None:
    """The subject of a division's violation is its code, as the id field of its kind says."""

    @my_rule("MY-014")
    @for_each("divisions", at="name")
    def named(_ctx: RuleContext, division: sw.Division) -> Finding | None:
        return Finding(zh="区", en="a district") if division.level is sw.DivisionLevel.DISTRICT else None

    (violation,) = sw.validate(sw.datasets.example(), [named])
    assert violation.subject == "510107"
    assert violation.path.endswith(".name")


def test_the_decorated_function_keeps_its_name() -> None:
    """for_each wraps the function: its name and docstring stay, for timings and tracebacks."""
    assert _no_operator.check.__name__ == "_no_operator"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("call", "error", "path"),
    [
        (lambda: for_each("people"), sw.UnknownIdError, None),
        (lambda: for_each("stations", at=1.5), sw.InvalidTypeError, "at"),  # type: ignore[arg-type]
        (lambda: for_each("stations", at=("a", None)), sw.InvalidTypeError, "at"),  # type: ignore[arg-type]
        (lambda: for_each("stations", among="all"), sw.InvalidTypeError, "among"),  # type: ignore[arg-type]
        (lambda: for_each("stations")("check"), sw.InvalidTypeError, "check"),  # type: ignore[arg-type]
    ],
)
def test_for_each_refuses_wrong_arguments(call: Any, error: type[Exception], path: str | None) -> None:
    """A wrong kind, place, selection or check is a socialwork error naming the argument."""
    with pytest.raises(error) as caught:
        call()
    if path is not None:
        assert caught.value.path == path  # type: ignore[attr-defined]


@pytest.mark.parametrize("returned", ["text", 3, [Finding(zh="一", en="one"), "two"]])
def test_a_check_that_gives_no_finding_is_refused_naming_the_rule_and_the_entity(returned: object) -> None:
    """Something other than findings or None is an InvalidTypeError naming the rule and where, not a bare error."""

    @my_rule("MY-015")
    @for_each("stations")
    def wrong(_ctx: RuleContext, _station: sw.Station) -> Any:
        return returned

    with pytest.raises(sw.InvalidTypeError) as caught:
        sw.validate(sw.datasets.example(), [wrong])
    assert "MY-015" in str(caught.value)
    assert "stations[0]" in str(caught.value)
    assert caught.value.path == "check"


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"zh": 1, "en": "x"}, "zh"),
        ({"zh": "x", "en": None}, "en"),
        ({"zh": "x", "en": "x", "severity": "error"}, "severity"),
        ({"zh": "x", "en": "x", "at": 2.0}, "at"),
    ],
)
def test_a_finding_checks_its_fields(fields: dict[str, Any], path: str) -> None:
    """A finding of the wrong shape is refused at once, with the field named."""
    with pytest.raises(sw.SocialWorkError) as caught:
        Finding(**fields)
    assert caught.value.path == path  # type: ignore[attr-defined]


def test_a_finding_takes_one_segment_or_several() -> None:
    """at is kept as a tuple: a field name or a position alone becomes a tuple of one."""
    assert Finding(zh="x", en="x", at="name").at == ("name",)
    assert Finding(zh="x", en="x", at=["community_ids", 1]).at == ("community_ids", 1)


@pytest.mark.parametrize("picked", ["ids", "other kind"])
def test_among_that_gives_no_entity_of_the_kind_is_refused(picked: str) -> None:
    """Ids, or entities of another kind, from among are an InvalidValueError naming the rule, not a bare error."""

    def among(ctx: RuleContext) -> list[Any]:
        if picked == "ids":
            return list(ctx.registry.stations)
        return list(ctx.registry.organizations.values())

    @my_rule("MY-016")
    @for_each("stations", among=among)
    def everything(_ctx: RuleContext, _station: Any) -> Finding:
        return Finding(zh="全部", en="everything")

    with pytest.raises(sw.InvalidValueError) as caught:
        sw.validate(sw.datasets.example(), [everything])
    assert "MY-016" in str(caught.value)
    assert caught.value.path == "among"
