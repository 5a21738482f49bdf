"""The report: ok, counts, filters, text in both languages, JSON, frames and exceptions."""

from __future__ import annotations

import json
import pickle

import pytest

import socialwork as sw
from socialwork.rules import ValidationError, ValidationReport, Violation, ViolationError

from .builders import base, evolve, street_division


def broken_report() -> ValidationReport:
    """A report with errors (an uncovered street, a fund run by an agency) and warnings."""
    broken = evolve(base().add([street_division()]), "fund-nijiaqiao", manager_id="org-agency")
    return sw.validate(broken)


def test_ok_means_no_error() -> None:
    """Warnings leave a report ok; an error does not."""
    assert sw.validate(base()).ok
    assert len(sw.validate(base())) == 2
    assert not broken_report().ok


def test_counts_by_severity_code_and_family() -> None:
    """Counts list every severity, and the codes and families found, sorted."""
    report = broken_report()
    assert report.counts("severity") == {"error": 2, "warning": 2, "info": 0}
    assert report.counts("code") == {"SW-C001": 1, "SW-F001": 1, "SW-S002": 2}
    assert report.counts("family") == {"coverage": 1, "funds": 1, "staffing": 2}
    with pytest.raises(sw.InvalidValueError):
        report.counts("colour")


def test_filter_by_each_criterion() -> None:
    """filter narrows by severity, code, family and subject, one value or several."""
    report = broken_report()
    assert [v.code for v in report.filter(severity=sw.Severity.ERROR)] == ["SW-C001", "SW-F001"]
    assert len(report.filter(code=["SW-C001", "SW-F001"])) == 2
    assert len(report.filter(family="staffing", subject="wh-s-yulin")) == 1
    assert report.filter(severity=[sw.Severity.INFO]).ok


def test_order_is_code_then_subject_then_path() -> None:
    """Violations are sorted by code, subject and path, numbers in paths as numbers."""
    report = broken_report()
    assert [v.sort_key() for v in report] == sorted(v.sort_key() for v in report)
    a = Violation(code="X-1", severity=sw.Severity.INFO, family="f", subject="s", path="stations[10]",
                  message_zh="", message_en="")  # fmt: skip
    b = Violation(code="X-1", severity=sw.Severity.INFO, family="f", subject="s", path="stations[9]",
                  message_zh="", message_en="")  # fmt: skip
    assert list(ValidationReport(violations=(a, b))) == [b, a]


def test_text_in_both_languages() -> None:
    """The text groups by family and rule, with each violation's path, subject and message."""
    en = broken_report().render("en")
    zh = broken_report().render("zh")
    assert en.splitlines()[0] == "4 violation(s): 2 error(s), 2 warning(s), 0 info"
    assert "  SW-C001 error: 1" in en
    assert "    divisions[9] (510107017): street 新街道 (510107017) has no street station" in en
    assert zh.splitlines()[1] == "全覆盖"
    assert "    divisions[9] (510107017): 街道乡镇 新街道（510107017）没有街道社工站" in zh
    assert str(broken_report()) == en
    with pytest.raises(sw.InvalidValueError):
        broken_report().render("fr")  # type: ignore[arg-type]


def test_text_names_the_date_of_the_parameters() -> None:
    """A report made as of a date says so."""
    import datetime as dt

    report = sw.validate(base(), as_of=dt.date(2024, 1, 1))
    assert report.render().splitlines()[0].endswith("(as of 2024-01-01)")


def test_to_dict_is_json() -> None:
    """The JSON form carries ok, the rules run, counts and each violation's facts."""
    data = broken_report().to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert data["ok"] is False
    fund = next(v for v in data["violations"] if v["code"] == "SW-F001")
    assert fund == {
        "code": "SW-F001", "severity": "error", "family": "funds", "subject": "fund-nijiaqiao",
        "path": "funds[0].manager_id",
        "message": {"zh": fund["message"]["zh"], "en": fund["message"]["en"]},
        "expected": ["charity_federation"], "found": "social_work_agency",
    }  # fmt: skip


def test_to_frame() -> None:
    """One row per violation, with the report's columns."""
    pytest.importorskip("pandas")
    frame = broken_report().to_frame()
    assert list(frame["code"]) == [v.code for v in broken_report()]
    assert list(frame.columns) == [
        "code", "severity", "family", "subject", "path", "message_zh", "message_en", "expected", "found",
    ]  # fmt: skip


def test_raise_for_errors_is_a_socialwork_error_and_an_exception_group() -> None:
    """The exception holds one ViolationError per ERROR, catchable with except*."""
    with pytest.raises(ValidationError) as caught:
        broken_report().raise_for_errors()
    error = caught.value
    assert isinstance(error, sw.SocialWorkError)
    assert isinstance(error, ExceptionGroup)
    assert [e.violation.code for e in error.exceptions] == ["SW-C001", "SW-F001"]
    assert error.report.counts("severity")["error"] == 2
    seen = []
    try:
        broken_report().raise_for_errors()
    except* ViolationError as group:
        seen = [e.violation.code for e in group.exceptions]  # type: ignore[attr-defined]
    assert seen == ["SW-C001", "SW-F001"]
    again = pickle.loads(pickle.dumps(error))
    assert [e.violation for e in again.exceptions] == [e.violation for e in error.exceptions]
    funds = error.subgroup(lambda e: isinstance(e, ViolationError) and e.violation.code == "SW-F001")
    assert isinstance(funds, ValidationError)
    assert funds.report.counts("code") == {"SW-F001": 1}


def test_a_report_without_errors_does_not_raise() -> None:
    """Warnings do not raise."""
    sw.validate(base()).raise_for_errors()


def test_violation_messages() -> None:
    """A violation gives its message in either language and refuses others."""
    v = broken_report().violations[0]
    assert v.message("zh") == v.message_zh
    assert v.message("en") == v.message_en
    with pytest.raises(sw.InvalidValueError):
        v.message("fr")  # type: ignore[arg-type]
    with pytest.raises(sw.InvalidTypeError):
        Violation(code="X-1", severity="error", family="f", subject="s", path="",  # type: ignore[arg-type]
                  message_zh="", message_en="")  # fmt: skip
