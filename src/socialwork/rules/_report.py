"""Violations and the validation report: counts, filters, text, JSON, frames, exceptions."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs

from socialwork._tables import Columns, html_facts, html_table, jsonable, make_frame, short_items
from socialwork.errors import InvalidTypeError, InvalidValueError, Message, SocialWorkError
from socialwork.model import Language, Severity
from socialwork.model.validators import check_iterable, member_of

__all__ = ["FAMILIES", "ValidationError", "ValidationReport", "Violation", "ViolationError"]

FAMILIES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "integrity": ("数据完整性", "integrity"),
        "hierarchy": ("三级体系", "three-level hierarchy"),
        "coverage": ("全覆盖", "full coverage"),
        "staffing": ("人员配备", "staffing"),
        "projects": ("服务项目", "service projects"),
        "cobuilt": ("共建站点", "co-built stations"),
        "funds": ("社区基金", "community funds"),
        "referrals": ("转介", "referrals"),
    }
)
"""The built-in rule families in catalogue order, with their Chinese and English labels."""

_RANK: Final = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_DIGITS: Final = re.compile(r"(\d+)")


def language_expected(lang: object) -> Message:
    """Return the reason for a *lang* that is neither ``"zh"`` nor ``"en"``."""
    return Message("expected 'zh' or 'en', got {lang}", "应为 'zh' 或 'en'，实为 {lang}", lang=repr(lang))


def _verbatim(en: str, zh: str) -> Message:
    # Texts written elsewhere (a rule's own messages), taken as they are: braces in them are no fields.
    return Message(en.replace("{", "{{").replace("}", "}}"), zh.replace("{", "{{").replace("}", "}}"))


def _violation_text(violation: Violation) -> Message:
    # What str(violation) says, in both languages.
    where = f"{violation.path} ({violation.subject})" if violation.path else violation.subject
    return Message(
        "{code} {severity} {where}: {message}",
        "{code} {severity} {where}: {message}",
        code=violation.code,
        severity=Message(violation.severity.value, violation.severity.zh),
        where=where,
        message=_verbatim(violation.message_en, violation.message_zh),
    )


def _natural(path: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(path))


@attrs.frozen(kw_only=True)
class Violation:
    """One way a registry falls short of a rule: which rule, how serious, where and why.

    Attributes:
        code: The rule's code, e.g. ``"SW-H001"``.
        severity: How serious it is; a rule may set it by parameter.
        family: The rule's family, e.g. ``"hierarchy"``.
        subject: The id of the entity or the code of the division it concerns.
        path: Where in the data, in the form load errors use: ``stations[3].parent_id``,
            the position being the entity's place in ``registry.stations`` (for a
            loaded document, its place in the document's list).
        message_zh: What is wrong, in Chinese.
        message_en: What is wrong, in English.
        expected: What the rule expects, e.g. ``"district hub"`` or ``2``.
        found: What the registry holds instead.

    Examples:
        >>> from socialwork.rules import Violation
        >>> v = Violation(code="SW-S002", severity=sw.Severity.WARNING, family="staffing",
        ...               subject="wh-s-jiangxi", path="stations[5]",
        ...               message_zh="街道社工站社工不足", message_en="too few social workers",
        ...               expected=2, found=0)
        >>> print(v)
        SW-S002 warning stations[5] (wh-s-jiangxi): too few social workers
        >>> v.message("zh")
        '街道社工站社工不足'

    .. versionadded:: 0.2
    """

    code: str
    severity: Severity = attrs.field(validator=member_of(Severity))
    family: str
    subject: str
    path: str
    message_zh: str
    message_en: str
    expected: Any = None
    found: Any = None

    def message(self, lang: Language = "en") -> str:
        """Return the message in *lang*, ``"zh"`` or ``"en"``.

        Examples:
            >>> from socialwork.rules import Violation
            >>> Violation(code="X-1", severity=sw.Severity.INFO, family="mine", subject="s", path="",
            ...           message_zh="提示", message_en="note").message("en")
            'note'
        """
        given: object = lang
        if given == "zh":
            return self.message_zh
        if given == "en":
            return self.message_en
        raise InvalidValueError(language_expected(given), path="lang")

    def sort_key(self) -> tuple[Any, ...]:
        """Return the key that orders reports: code, subject, then path (numbers as numbers).

        Examples:
            >>> from socialwork.rules import Violation
            >>> Violation(code="X-1", severity=sw.Severity.INFO, family="mine", subject="s",
            ...           path="stations[10]", message_zh="", message_en="").sort_key()
            ('X-1', 's', ('stations[', 10, ']'), '')
        """
        return (self.code, self.subject, _natural(self.path), self.message_en)

    def to_dict(self) -> dict[str, Any]:
        """Return the violation as JSON data.

        Examples:
            >>> from socialwork.rules import Violation
            >>> Violation(code="X-1", severity=sw.Severity.INFO, family="mine", subject="s", path="",
            ...           message_zh="提示", message_en="note", expected=2, found=1).to_dict()["severity"]
            'info'
        """
        return {
            "code": self.code,
            "severity": self.severity.value,
            "family": self.family,
            "subject": self.subject,
            "path": self.path,
            "message": {"zh": self.message_zh, "en": self.message_en},
            "expected": jsonable(self.expected),
            "found": jsonable(self.found),
        }

    def __str__(self) -> str:
        where = f"{self.path} ({self.subject})" if self.path else self.subject
        return f"{self.code} {self.severity.value} {where}: {self.message_en}"


class ViolationError(SocialWorkError, ValueError):
    """One violation as an exception, a member of a :class:`ValidationError`.

    Attributes:
        violation: The violation.

    Examples:
        >>> from socialwork.rules import Violation, ViolationError
        >>> v = Violation(code="X-1", severity=sw.Severity.ERROR, family="mine", subject="s",
        ...               path="stations[0]", message_zh="错", message_en="wrong")
        >>> str(ViolationError(v))
        'X-1 error stations[0] (s): wrong'

    .. versionadded:: 0.2
    """

    violation: Violation

    def __init__(self, violation: Violation) -> None:
        self.violation = violation
        super().__init__(_violation_text(violation))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.violation,))


class ValidationError(SocialWorkError, ExceptionGroup[ViolationError]):
    """The errors of a report, raised by :meth:`ValidationReport.raise_for_errors`.

    It is a :class:`~socialwork.SocialWorkError` and an ``ExceptionGroup`` of one
    :class:`ViolationError` per ERROR violation, so ``except* ViolationError`` works.

    Attributes:
        report: The report's ERROR violations, as a :class:`ValidationReport`.

    Examples:
        >>> import attrs
        >>> from socialwork.rules import ValidationError
        >>> reg = sw.datasets.example()
        >>> broken = reg.replace([attrs.evolve(reg.stations["wh-s-yulin"], parent_id=None)])
        >>> try:
        ...     sw.validate(broken).raise_for_errors()
        ... except ValidationError as error:
        ...     print(error.report.counts("code"), isinstance(error, ExceptionGroup))
        {'SW-H001': 1} True

    .. versionadded:: 0.2
    """

    report: ValidationReport

    def __new__(cls, message: str, exceptions: Sequence[ViolationError]) -> ValidationError:
        self = super().__new__(cls, message, exceptions)
        self.report = ValidationReport(violations=tuple(e.violation for e in exceptions))
        return self

    def derive(self, excs: Sequence[ViolationError], /) -> ValidationError:  # type: ignore[override]
        return ValidationError(self.message, excs)


def _sorted(violations: Iterable[Violation]) -> tuple[Violation, ...]:
    items = tuple(check_iterable(violations, "violations"))
    for position, item in enumerate(items):
        if not isinstance(item, Violation):
            msg = Message(
                "expected a Violation, got {type}", "应为 Violation，实为 {type}", type=type(item).__name__
            )
            raise InvalidTypeError(msg, path=f"violations[{position}]")
    return tuple(sorted(items, key=Violation.sort_key))


def _sorted_codes(codes: Iterable[str]) -> tuple[str, ...]:
    items = tuple(check_iterable(codes, "codes"))
    for position, item in enumerate(items):
        if not isinstance(item, str):
            msg = Message(
                "expected a rule code, got {type}", "应为规则代码，实为 {type}", type=type(item).__name__
            )
            raise InvalidTypeError(msg, path=f"codes[{position}]")
    return tuple(sorted(items))


_REPORT_COLUMNS: Final[Columns] = {
    "code": "text",
    "severity": Severity,
    "family": "text",
    "subject": "text",
    "path": "text",
    "message_zh": "text",
    "message_en": "text",
    "expected": "object",
    "found": "object",
}


@attrs.frozen(kw_only=True, repr=False)
class ValidationReport:
    """Every violation of a registry, in a deterministic order, with ways to read them.

    Violations are sorted by rule code, then subject, then path, so a report is the
    same whatever the hash seed and whatever order the entities of different kinds
    were given in. (Paths hold positions in ``registry.<kind>``; they follow the order
    of each kind's own list, as load errors do.)

    Attributes:
        violations: Every violation, sorted.
        rules: The codes of the rules that ran, sorted.
        as_of: The day whose parameter values were used; ``None`` for the latest.

    Examples:
        >>> report = sw.validate(sw.datasets.example())
        >>> report.ok
        True
        >>> report.counts("severity")
        {'error': 0, 'warning': 2, 'info': 0}
        >>> [v.subject for v in report.filter(severity=sw.Severity.WARNING)]
        ['wh-s-jiangxi', 'wh-s-yulin']
        >>> report
        ValidationReport(2 violation(s): 0 error(s), 2 warning(s), 0 info; codes=['SW-S002'], ...)

    .. versionadded:: 0.2

    .. versionchanged:: 0.2
       Its ``repr`` is short however many violations it holds (counts and the
       first codes); in a notebook it shows as a table of the first violations.
    """

    violations: tuple[Violation, ...] = attrs.field(default=(), converter=_sorted)
    rules: tuple[str, ...] = attrs.field(default=(), converter=_sorted_codes)
    as_of: dt.date | None = None

    @property
    def ok(self) -> bool:
        """Whether no violation is an ERROR (warnings and notes may remain)."""
        return not any(v.severity is Severity.ERROR for v in self.violations)

    def __iter__(self) -> Iterator[Violation]:
        return iter(self.violations)

    def __len__(self) -> int:
        return len(self.violations)

    def counts(self, by: str = "severity", /) -> dict[str, int]:
        """Return how many violations there are by ``"severity"``, ``"code"`` or ``"family"``.

        Severities are listed from ERROR down, all three always; codes and families sorted.

        Raises:
            InvalidValueError: *by* is none of the three.

        Examples:
            >>> sw.validate(sw.datasets.example()).counts("family")
            {'staffing': 2}
        """
        if by == "severity":
            counter = Counter(v.severity.value for v in self.violations)
            return {s.value: counter[s.value] for s in sorted(Severity, key=_RANK.__getitem__)}
        if by in ("code", "family"):
            return dict(sorted(Counter(getattr(v, by) for v in self.violations).items()))
        msg = Message(
            "expected 'severity', 'code' or 'family', got {by}",
            "应为 'severity'、'code' 或 'family'，实为 {by}",
            by=repr(by),
        )
        raise InvalidValueError(msg, path="by")

    def filter(
        self,
        *,
        severity: Severity | Iterable[Severity] | None = None,
        code: str | Iterable[str] | None = None,
        family: str | Iterable[str] | None = None,
        subject: str | Iterable[str] | None = None,
    ) -> ValidationReport:
        """Return the report narrowed to the violations that match every criterion given.

        Each criterion takes one value or several.

        Examples:
            >>> report = sw.validate(sw.datasets.example())
            >>> len(report.filter(family="funds")), len(report.filter(code=["SW-S002", "SW-C001"]))
            (0, 2)
        """

        def wanted(value: object, name: str) -> Callable[[object], bool]:
            if value is None:
                return lambda _: True
            if isinstance(value, str | Severity):
                return lambda found: found == value
            items = list(check_iterable(value, name))
            choices = {item for item in items if isinstance(item, Hashable)}
            return choices.__contains__

        by_severity = wanted(severity, "severity")
        by_code = wanted(code, "code")
        by_family = wanted(family, "family")
        by_subject = wanted(subject, "subject")
        kept = [
            v
            for v in self.violations
            if by_severity(v.severity) and by_code(v.code) and by_family(v.family) and by_subject(v.subject)
        ]
        return attrs.evolve(self, violations=tuple(kept))

    def render(self, lang: Language = "en") -> str:
        """Return the report as text for people, grouped by family and rule, in *lang*.

        Examples:
            >>> print(sw.validate(sw.datasets.example()).render("en"))
            2 violation(s): 0 error(s), 2 warning(s), 0 info
            staffing
              SW-S002 warning: 2
                stations[5] (wh-s-jiangxi): street station 'wh-s-jiangxi' has 0 social worker(s) ...
                stations[6] (wh-s-yulin): street station 'wh-s-yulin' has 1 social worker(s) ...
            >>> print(sw.validate(sw.datasets.example()).render("zh").splitlines()[0])
            共 2 项不符合规则：错误 0 项，警告 2 项，提示 0 项
        """
        if lang not in ("zh", "en"):
            raise InvalidValueError(language_expected(lang), path="lang")
        counts = self.counts("severity")
        if lang == "zh":
            head = f"共 {len(self)} 项不符合规则：错误 {counts['error']} 项，"
            lines = [head + f"警告 {counts['warning']} 项，提示 {counts['info']} 项"]
        else:
            head = f"{len(self)} violation(s): {counts['error']} error(s), "
            lines = [head + f"{counts['warning']} warning(s), {counts['info']} info"]
        if self.as_of is not None:
            lines[0] += f" ({'截至' if lang == 'zh' else 'as of'} {self.as_of.isoformat()})"
        order = {name: rank for rank, name in enumerate(FAMILIES)}
        groups: dict[str, dict[str, list[Violation]]] = {}
        for v in self.violations:
            groups.setdefault(v.family, {}).setdefault(v.code, []).append(v)
        for family in sorted(groups, key=lambda name: (order.get(name, len(order)), name)):
            labels = FAMILIES.get(family)
            lines.append(family if labels is None else (labels[0] if lang == "zh" else family))
            for code, items in groups[family].items():
                severities = sorted({v.severity for v in items}, key=_RANK.__getitem__)
                label = "/".join(s.label(lang) if lang == "zh" else s.value for s in severities)
                lines.append(f"  {code} {label}: {len(items)}")
                for v in items:
                    where = f"{v.path} ({v.subject})" if v.path else v.subject
                    lines.append(f"    {where}: {v.message(lang)}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        counts = self.counts("severity")
        return (
            f"ValidationReport({len(self)} violation(s): {counts['error']} error(s), "
            f"{counts['warning']} warning(s), {counts['info']} info; "
            f"codes={short_items(list(self.counts('code')))}, {len(self.rules)} rule(s) run, "
            f"as_of={self.as_of!r})"
        )

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        for v in self.violations:
            yield (
                *(v.code, v.severity, v.family, v.subject, v.path, v.message_zh, v.message_en),
                *(jsonable(v.expected), jsonable(v.found)),
            )

    def _repr_html_(self) -> str:
        counts = self.counts("severity")
        facts = [("ok", self.ok), *counts.items(), ("rules run", len(self.rules)), ("as of", self.as_of)]
        header = ["code", "severity", "subject", "path", "message"]
        rows = ((v.code, v.severity, v.subject, v.path, v.message_en) for v in self.violations)
        return html_facts("ValidationReport", facts, html_table("violations", header, rows, total=len(self)))

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON data: ``ok``, ``as_of``, the rules run, counts and violations.

        Examples:
            >>> import json
            >>> data = sw.validate(sw.datasets.example()).to_dict()
            >>> data["ok"], data["counts"]["severity"]["warning"], data["violations"][0]["code"]
            (True, 2, 'SW-S002')
            >>> _ = json.dumps(data)
        """
        return {
            "ok": self.ok,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "rules": list(self.rules),
            "counts": {by: self.counts(by) for by in ("severity", "family", "code")},
            "violations": [v.to_dict() for v in self.violations],
        }

    def to_frame(self) -> Any:
        """Return the violations as a pandas ``DataFrame``, one row each (needs pandas).

        Columns: code, severity (a categorical over every
        :class:`~socialwork.Severity`, so counts list all three), family, subject,
        path, message_zh, message_en, expected and found (as JSON values).

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> frame = sw.validate(sw.datasets.example()).to_frame()
            >>> list(frame["code"]), frame["severity"].value_counts(sort=False).to_dict()
            (['SW-S002', 'SW-S002'], {'info': 0, 'warning': 2, 'error': 0})

        .. versionchanged:: 0.2
           ``severity`` is a categorical.
        """
        return make_frame(_REPORT_COLUMNS, self._rows(), purpose="ValidationReport.to_frame()")

    def raise_for_errors(self) -> None:
        """Raise a :class:`ValidationError` if any violation is an ERROR; return otherwise.

        Raises:
            ValidationError: a ``SocialWorkError`` and ``ExceptionGroup`` of one
                :class:`ViolationError` per ERROR violation.

        Examples:
            >>> sw.validate(sw.datasets.example()).raise_for_errors()
        """
        errors = [v for v in self.violations if v.severity is Severity.ERROR]
        if errors:
            msg = Message(
                "the registry breaks {count} rule(s) with severity ERROR",
                "登记有 {count} 处违反严重程度为错误的规则",
                count=len(errors),
            )
            raise ValidationError(msg, [ViolationError(v) for v in errors])
