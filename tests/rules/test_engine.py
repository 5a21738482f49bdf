"""The engine: rules, rule sets, user rules, contexts and validate's arguments."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator

import pytest

import socialwork as sw
from socialwork.rules import BUILTIN_RULES, Parameter, Rule, RuleContext, Violation, rule

from .builders import CLEAN


@rule(
    code="MY-001",
    title_zh="志愿者有时长",
    title_en="volunteers have hours",
    severity=sw.Severity.INFO,
    family="mine",
    parameters=[Parameter("mine.min_hours", 30, type="integer")],
)
def _hours(ctx: RuleContext) -> Iterator[Violation]:
    minimum = ctx.param("mine.min_hours")
    for volunteer in ctx.registry.volunteers.values():
        if volunteer.hours < minimum:
            yield ctx.violation(
                volunteer.id, ctx.path("volunteers", volunteer.id, "hours"), zh="时长不足", en="few hours"
            )


def test_a_user_rule_runs_with_its_parameter() -> None:
    """A decorated function is a Rule; its parameter has a default and can be overridden."""
    report = sw.validate(sw.datasets.example(), [_hours])
    assert [(v.code, v.subject, v.path, v.family) for v in report] == [
        ("MY-001", "v-02", "volunteers[1].hours", "mine"),
        ("MY-001", "v-03", "volunteers[2].hours", "mine"),
    ]
    assert len(sw.validate(sw.datasets.example(), [_hours], params={"mine.min_hours": 1})) == 0


def test_a_user_rule_joins_the_built_in_ones() -> None:
    """BUILTIN_RULES.add returns a set with the user's rule at the end; the built-in set is unchanged."""
    rules = BUILTIN_RULES.add(_hours)
    assert rules.codes[-1] == "MY-001"
    assert "MY-001" not in BUILTIN_RULES
    assert sw.validate(sw.datasets.example(), rules, params=CLEAN).counts("code") == {"MY-001": 2}


def test_rule_sets_refuse_duplicate_codes() -> None:
    """Two rules with one code cannot be in a set."""
    with pytest.raises(sw.InvalidValueError) as caught:
        BUILTIN_RULES.add(BUILTIN_RULES["SW-C001"])
    assert caught.value.path == f"rules[{len(BUILTIN_RULES)}].code"


def test_select_by_family_code_and_severity() -> None:
    """A rule set narrows by family, code or severity, one value or several."""
    assert set(BUILTIN_RULES.select(family="coverage").codes) == {"SW-C001", "SW-C002"}
    assert BUILTIN_RULES.select(code=["SW-H001", "SW-F001"]).codes == ("SW-H001", "SW-F001")
    warnings = BUILTIN_RULES.select(severity=sw.Severity.WARNING)
    assert warnings.codes
    assert all(r.severity is sw.Severity.WARNING for r in warnings)
    assert BUILTIN_RULES.select(family="funds", severity=sw.Severity.ERROR).families == ("funds",)
    with pytest.raises(sw.InvalidValueError, match="nope"):
        BUILTIN_RULES.select(family="nope")
    with pytest.raises(sw.InvalidValueError):
        BUILTIN_RULES.without("SW-X999")


def test_only_the_selected_rules_run() -> None:
    """validate runs the rules it is given, and says which."""
    report = sw.validate(sw.datasets.example(), BUILTIN_RULES.select(family="funds"))
    assert len(report) == 0
    assert set(report.rules) == set(BUILTIN_RULES.select(family="funds").codes)


def test_rule_set_lookup_and_sequence() -> None:
    """A rule set is a sequence of rules, and looks rules up by code."""
    assert BUILTIN_RULES[0] is BUILTIN_RULES.rules[0]
    assert BUILTIN_RULES["SW-H001"].family == "hierarchy"
    assert BUILTIN_RULES["SW-H001"] in BUILTIN_RULES
    with pytest.raises(sw.InvalidValueError):
        BUILTIN_RULES["SW-X999"]
    assert len(BUILTIN_RULES.families) == len(sw.rules.FAMILIES)


def test_rules_are_checked_when_made() -> None:
    """Codes, families, titles, severities and checks are checked."""
    good = {
        "code": "MY-1", "title_zh": "题", "title_en": "title", "severity": sw.Severity.INFO,
        "family": "mine", "check": lambda ctx: (),
    }  # fmt: skip
    Rule(**good)  # type: ignore[arg-type]
    for field, bad in [
        ("code", "my rule"),
        ("family", "My Family"),
        ("title_en", " "),
        ("severity", "error"),
        ("check", 3),
    ]:
        with pytest.raises(sw.SocialWorkError):
            Rule(**{**good, field: bad})  # type: ignore[arg-type]
    with pytest.raises(sw.InvalidTypeError):
        Rule(**good, parameters=["x"])  # type: ignore[arg-type]


def test_a_rule_reading_an_undeclared_parameter_fails_loudly() -> None:
    """ctx.param only answers for the parameters the rule declares."""

    @rule(code="MY-002", title_zh="题", title_en="title", severity=sw.Severity.INFO, family="mine")
    def sneaky(ctx: RuleContext) -> Iterator[Violation]:
        ctx.param("staffing.min_street_workers")
        yield from ()

    with pytest.raises(sw.InvalidValueError, match="does not declare"):
        sw.validate(sw.datasets.example(), [sneaky])


def test_a_check_must_yield_violations() -> None:
    """A user check that yields something else is reported as a type error."""
    bad = Rule(code="MY-3", title_zh="题", title_en="t", severity=sw.Severity.INFO, family="mine",
               check=lambda ctx: ["oops"])  # fmt: skip
    with pytest.raises(sw.InvalidTypeError):
        sw.validate(sw.datasets.example(), [bad])


def test_validate_checks_its_arguments() -> None:
    """Wrong types for the registry, rules or as_of are documented errors."""
    with pytest.raises(sw.InvalidTypeError):
        sw.validate("registry")  # type: ignore[arg-type]
    with pytest.raises(sw.InvalidTypeError):
        sw.validate(sw.datasets.example(), BUILTIN_RULES["SW-C001"])  # type: ignore[arg-type]
    with pytest.raises(sw.SocialWorkError):
        sw.validate(sw.datasets.example(), as_of="2024-01-01")  # type: ignore[arg-type]


def test_rule_context_for_one_rule() -> None:
    """RuleContext.for_registry runs one rule alone, with parameters."""
    item = BUILTIN_RULES["SW-S002"]
    ctx = RuleContext.for_registry(sw.datasets.example(), item, params={"staffing.min_street_workers": 1})
    assert [v.subject for v in item.check(ctx)] == ["wh-s-jiangxi"]
    later = RuleContext.for_registry(
        sw.datasets.example(), item, as_of=dt.date(2020, 1, 1), params={"staffing.min_street_workers": 0}
    )
    assert list(item.check(later)) == []


def test_titles_in_both_languages() -> None:
    """Every rule has a title in Chinese and English."""
    item = BUILTIN_RULES["SW-F001"]
    assert item.title("zh") == "社区基金由慈善总会管理"
    assert item.title("en").startswith("a community fund")
    with pytest.raises(sw.InvalidValueError):
        item.title("fr")


def test_import_socialwork_does_not_import_the_rules() -> None:
    """sw.validate is loaded on first use, so that import socialwork stays quick."""
    import subprocess

    code = (
        "import sys, socialwork; print('socialwork.rules' in sys.modules); socialwork.validate; "
        "print('socialwork.rules' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
    assert sw.validate is sw.rules.validate
    assert "validate" in dir(sw)
