"""The errors of rules, hierarchy, linkage, plots and reporting are Messages, in English and Chinese.

Each test makes a representative error of one module and checks three things: the
English text is exactly what it was before the messages knew Chinese, the Chinese text
is Chinese, and both texts carry the same values (ids, codes, type names, counts).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import socialwork as sw
from socialwork.errors import FieldError, Message, ProblemsError
from socialwork.hierarchy import coverage, rollup, tree
from socialwork.rules import BUILTIN_RULES, PARAMETERS, Parameter, RuleSet, ValidationError, parse_parameters
from tests._messages import assert_both


def raised(call: Callable[[], object], kind: type[Exception] = sw.SocialWorkError) -> Exception:
    """Return the error that *call* raises, which must be a *kind*."""
    with pytest.raises(kind) as caught:
        call()
    return caught.value


def field_error(call: Callable[[], object], path: str) -> FieldError:
    """Return the FieldError that *call* raises, with *path*; its one problem renders in Chinese too."""
    error = raised(call, FieldError)
    assert isinstance(error, FieldError)
    assert error.path == path
    assert isinstance(error.reason, Message)
    assert error.problems[0].render("zh") == f"{path}: {error.reason.zh}"
    return error


# -- rules ------------------------------------------------------------------------------


def test_a_parameter_of_the_wrong_type_is_refused_in_both_languages() -> None:
    """Parameter: a value of the wrong type names the type and the value in English and Chinese."""
    error = field_error(lambda: Parameter("demo.minimum", "3", type="integer"), "demo.minimum")
    assert_both(error.reason, "expected an integer, got str '3'", "str '3'")
    error = field_error(lambda: Parameter("Demo", 1, type="integer"), "name")
    assert_both(
        error.reason, "expected a dotted lower-case name such as 'staffing.min_workers', got 'Demo'", "'Demo'"
    )


def test_reading_parameters_lists_each_problem_in_both_languages() -> None:
    """ParametersError: its summary and each problem (unknown name, bad date, bad JSON) are Messages."""
    error = raised(lambda: PARAMETERS.updated({"staffing.min_street_wokers": 3}), ProblemsError)
    assert isinstance(error, ProblemsError)
    assert_both(error.summary, "cannot read the parameters")
    assert error.summary.zh == "无法读取参数"  # type: ignore[attr-defined]
    problem = error.problems[0]
    assert problem.path == "staffing.min_street_wokers"
    assert problem.message.startswith("unknown parameter; expected one of ")
    assert_both(problem.message, str(problem.message), "staffing.min_street_workers")
    assert problem.render("zh").startswith("staffing.min_street_wokers: 未知的参数；应为 ")

    text = '{"staffing": {"min_street_workers": {"2015-13-01": 3}}}'
    problem = raised(lambda: parse_parameters(text), ProblemsError).problems[0]  # type: ignore[attr-defined]
    assert_both(problem.message, "'2015-13-01' is not a valid date", "'2015-13-01'")

    problem = raised(lambda: parse_parameters("{"), ProblemsError).problems[0]  # type: ignore[attr-defined]
    assert_both(
        problem.message, "line 1 column 2: Expecting property name enclosed in double quotes", "1", "2"
    )

    problem = raised(lambda: parse_parameters("= 3", format="toml"), ProblemsError).problems[0]  # type: ignore[attr-defined]
    assert isinstance(problem.message, Message)
    assert "TOML" in problem.message.zh
    assert problem.message.en in problem.message.zh


def test_an_unknown_parameter_name_is_told_in_both_languages() -> None:
    """Parameters[name]: an unknown name raises UnknownIdError with a Message."""
    error = raised(lambda: PARAMETERS["demo.nothing"], sw.UnknownIdError)
    message = error.args[0]
    assert str(error) == message
    assert message.startswith("unknown parameter 'demo.nothing'; expected one of ")
    assert_both(message, str(message), "'demo.nothing'", "funds.matching_ratio")


def test_rule_set_errors_are_in_both_languages() -> None:
    """RuleSet: an unknown family or code, and a code used twice, are Messages naming them."""
    error = field_error(lambda: BUILTIN_RULES.select(family="nope"), "family")
    assert error.reason.startswith("unknown family(s) 'nope'; expected one of integrity, ")
    assert_both(error.reason, str(error.reason), "'nope'", "integrity")
    assert "规则类别" in error.reason.zh  # type: ignore[attr-defined]
    error = field_error(lambda: BUILTIN_RULES["SW-X999"], "code")
    assert_both(error.reason, "unknown rule code 'SW-X999'", "'SW-X999'")
    first = BUILTIN_RULES["SW-H001"]
    error = field_error(lambda: RuleSet([first, first]), "rules[1].code")
    assert_both(
        error.reason, "duplicate rule code 'SW-H001', already used by rules[0]", "'SW-H001'", "rules[0]"
    )


def test_a_rule_with_a_bad_code_is_refused_in_both_languages() -> None:
    """Rule: a code not shaped like 'SW-H001' is refused with a Message."""
    first = BUILTIN_RULES["SW-H001"]
    error = field_error(lambda: attrs.evolve(first, code="bad"), "code")
    assert_both(error.reason, "expected a code such as 'SW-H001' or 'MY-001', got 'bad'", "'bad'")


def test_validate_refuses_what_is_not_a_registry_or_rules_in_both_languages() -> None:
    """validate: a subject that is not a Registry, rules that are not rules, name the type in both languages."""
    error = field_error(lambda: sw.validate("x"), "registry")  # type: ignore[arg-type]
    assert_both(error.reason, "expected a Registry, got str", "str")
    error = field_error(lambda: sw.validate(sw.datasets.example(), 3), "rules")  # type: ignore[arg-type]
    assert_both(error.reason, "expected a RuleSet or an iterable of Rule, got int", "int")


def test_report_errors_are_in_both_languages() -> None:
    """ValidationReport: a bad count key and a bad language are Messages."""
    report = sw.validate(sw.datasets.example())
    error = field_error(lambda: report.counts("x"), "by")
    assert_both(error.reason, "expected 'severity', 'code' or 'family', got 'x'", "'x'")
    error = field_error(lambda: report.render("fr"), "lang")  # type: ignore[arg-type]
    assert_both(error.reason, "expected 'zh' or 'en', got 'fr'", "'fr'")


def test_validation_errors_say_each_violation_in_both_languages() -> None:
    """ValidationError and its ViolationErrors: English as before, Chinese with the violation's own Chinese."""
    registry = sw.datasets.example()
    broken = registry.replace([attrs.evolve(registry.stations["wh-s-yulin"], parent_id=None)])
    error = raised(lambda: sw.validate(broken).raise_for_errors(), ValidationError)
    assert isinstance(error, ValidationError)
    assert_both(error.message, "the registry breaks 1 rule(s) with severity ERROR", "1")
    members = [e for e in error.exceptions if isinstance(e, sw.rules.ViolationError)]
    assert isinstance(error.derive(members).message, Message)
    (member,) = members
    violation = member.violation
    text = member.args[0]
    assert str(member) == text == str(violation)
    assert isinstance(text, Message)
    assert text.zh == f"{violation.code} 错误 {violation.path} ({violation.subject}): {violation.message_zh}"


def test_violation_texts_with_braces_are_taken_as_they_are() -> None:
    """A rule's own message with braces in it is no template: both texts keep their braces."""
    violation = sw.rules.Violation(
        code="MY-001", severity=sw.Severity.ERROR, family="mine", subject="s", path="",
        message_zh="缺少 {name}", message_en="no {name}",
    )  # fmt: skip
    text = sw.rules.ViolationError(violation).args[0]
    assert (text, text.zh) == ("MY-001 error s: no {name}", "MY-001 错误 s: 缺少 {name}")


# -- hierarchy --------------------------------------------------------------------------


def test_hierarchy_errors_name_the_kind_in_both_languages() -> None:
    """Tree, rollup and coverage: unknown ids name the kind (社工站), and bad arguments are Messages."""
    registry = sw.datasets.example()
    error = raised(lambda: tree(registry, "stations").position("wh-s-99"), sw.UnknownIdError)
    assert_both(error.args[0], "unknown station 'wh-s-99'", "'wh-s-99'")
    assert error.args[0].zh == "未知的社工站 'wh-s-99'"
    error = field_error(lambda: tree(registry, "things"), "kind")  # type: ignore[arg-type]
    assert_both(error.reason, "expected 'divisions' or 'stations', got 'things'", "'things'")
    error = field_error(lambda: rollup(registry, {"wh-s-99": 1}), "values['wh-s-99']")
    assert_both(error.reason, "unknown station 'wh-s-99' (1 unknown id(s))", "'wh-s-99'", "1")
    error = field_error(lambda: rollup(registry, [1, 2], kind="divisions"), "values")
    n = len(registry.divisions)
    assert_both(
        error.reason,
        f"expected one figure for each of the {n} divisions in registry order, got shape (2,)",
        "(2,)",
    )
    assert "行政区划" in error.reason.zh  # type: ignore[attr-defined]
    error = field_error(lambda: coverage(registry).to_frame("city"), "by")  # type: ignore[arg-type]
    assert_both(error.reason, "expected 'street' or 'district', got 'city'", "'city'")


# -- linkage ----------------------------------------------------------------------------


def test_linkage_errors_name_the_division_level_in_both_languages() -> None:
    """profile, profiles and bridges: a division of the wrong level is named with its level in each language."""
    registry = sw.datasets.example()
    error = field_error(lambda: sw.linkage.profile(registry, "510107015"), "community")
    assert_both(
        error.reason,
        "division '510107015' (玉林街道) is a street, not a community",
        "'510107015'",
        "玉林街道",
    )
    assert "街道乡镇" in error.reason.zh  # type: ignore[attr-defined]
    unknown = raised(lambda: sw.linkage.profiles(registry)["nope"], sw.UnknownIdError)
    assert_both(unknown.args[0], "unknown community 'nope'", "'nope'")
    error = field_error(lambda: sw.linkage.bridges(registry, districts="510107"), "districts")
    assert_both(error.reason, "expected an iterable of district codes, got the string '510107'", "'510107'")
    error = field_error(lambda: sw.linkage.bridges(registry, districts=["510107015"]), "districts[0]")
    assert_both(error.reason, "division '510107015' (玉林街道) is a street, not a district", "'510107015'")


# -- plots and reporting ----------------------------------------------------------------


def test_plot_errors_are_in_both_languages(tmp_path: Path) -> None:
    """money_text, render, save_all and station_tree: their errors are Messages."""
    plots = pytest.importorskip("socialwork.plots", reason="needs the plot extra")
    pytest.importorskip("matplotlib", reason="needs the plot extra")
    registry = sw.datasets.example()
    error = field_error(lambda: plots.money_text(Decimal("NaN")), "amount")
    assert_both(error.reason, "expected a finite amount, got NaN", "NaN")
    error = field_error(lambda: plots.render("x"), "figure")
    assert_both(error.reason, "expected a matplotlib Figure, got str", "str")
    error = field_error(lambda: plots.save_all(registry, tmp_path, formats=[]), "formats")
    assert error.reason.startswith("expected a non-empty sequence of formats from ")
    assert_both(error.reason, str(error.reason), "[]", "svg")
    error = field_error(
        lambda: plots.station_tree(registry, district_id="510107015", lang="en"), "district_id"
    )
    assert_both(
        error.reason,
        "expected the code of a district, got street '510107015' (玉林街道)",
        "'510107015'",
        "玉林街道",
    )
    error = field_error(lambda: plots.station_tree(registry, lang="en", ax=3), "ax")
    assert_both(error.reason, "expected a matplotlib Axes or None, got int", "int")


def test_the_font_warning_is_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    """FontWarning: its message is a Message, English as before, with a Chinese text."""
    pytest.importorskip("matplotlib", reason="needs the plot extra")
    from socialwork import plots  # only with the plot extra
    from socialwork.plots import _fonts

    monkeypatch.setattr(_fonts, "_found", lambda: None)
    monkeypatch.setattr(_fonts, "_warned", threading.Event())
    with pytest.warns(sw.errors.FontWarning) as record:
        plots.station_tree(sw.datasets.example(), lang="zh")
    (warning,) = [w for w in record if issubclass(w.category, sw.errors.FontWarning)]
    message = warning.message.args[0]  # type: ignore[union-attr]
    assert_both(
        message,
        "no font with Chinese glyphs was found: the figures are drawn with English labels "
        "(install a CJK font such as Noto Sans CJK for Chinese ones)",
        "Noto Sans CJK",
    )


def test_a_report_of_something_else_is_refused_in_both_languages() -> None:
    """reporting.report: a subject that is no registry or scenario names its type in both languages."""
    error = field_error(lambda: sw.reporting.report(3), "subject")  # type: ignore[arg-type]
    assert_both(
        error.reason, "expected a socialwork.Registry or a socialwork.datasets.Scenario, got int", "int"
    )
