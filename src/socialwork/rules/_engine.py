"""The rule engine: Rule, the context a check reads, rule sets, and validate."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from socialwork._bulk import gc_paused
from socialwork.errors import InvalidTypeError, InvalidValueError, Message, path_of
from socialwork.model import Registry, Severity
from socialwork.model.validators import check_date, check_iterable, member_of
from socialwork.rules._params import Parameter, Parameters
from socialwork.rules._report import ValidationReport, Violation, language_expected

__all__ = ["Check", "Rule", "RuleContext", "RuleSet", "rule", "run_rules"]

_CODE: Final = re.compile(r"[A-Z][A-Z0-9]*-[A-Z0-9]+")
_FAMILY: Final = re.compile(r"[a-z][a-z0-9_]*")

Check = Callable[["RuleContext"], Iterable[Violation]]
"""A rule's check: a pure function of a :class:`RuleContext` that yields violations."""


class _Positions:
    """Each entity's position in ``registry.<kind>``, built per kind on first use."""

    __slots__ = ("_by_kind", "_registry")

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._by_kind: dict[str, dict[str, int]] = {}

    def of(self, kind: str, entity_id: str) -> int:
        index = self._by_kind.get(kind)
        if index is None:
            index = {key: position for position, key in enumerate(getattr(self._registry, kind).keys())}
            self._by_kind[kind] = index
        return index[entity_id]


@attrs.frozen
class RuleContext:
    """What a rule's check reads: the registry, the parameters in force, and helpers.

    One context is made for each rule in a run; ``memo`` is shared by all the rules
    of the run, for indexes that several rules derive from the registry.

    Attributes:
        registry: The registry under validation.
        rule: The rule being checked.
        params: Every parameter's value in force on *as_of*.
        as_of: The day of the parameter values; ``None`` for the latest.
        memo: A dictionary shared by the checks of one run, for derived indexes.

    Examples:
        >>> from socialwork.rules import RuleContext, BUILTIN_RULES
        >>> ctx = RuleContext.for_registry(sw.datasets.example(), BUILTIN_RULES["SW-S002"])
        >>> ctx.param("staffing.min_street_workers"), ctx.path("stations", "wh-hub", "parent_id")
        (2, 'stations[4].parent_id')

    .. versionadded:: 0.2
    """

    registry: Registry
    rule: Rule
    params: Mapping[str, Any]
    as_of: dt.date | None = None
    memo: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    _positions: Any = attrs.field(default=None, eq=False, repr=False, alias="positions")
    history: Parameters | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    """The parameters with their dated histories, for :meth:`param_on`; ``None``: only ``params``."""

    @classmethod
    def for_registry(
        cls,
        registry: Registry,
        rule: Rule,
        /,
        *,
        as_of: dt.date | None = None,
        params: Parameters | None = None,
    ) -> RuleContext:
        """Return a context to run *rule* alone on *registry*, e.g. in a test of a rule.

        Examples:
            >>> from socialwork.rules import RuleContext, BUILTIN_RULES
            >>> ctx = RuleContext.for_registry(sw.datasets.example(), BUILTIN_RULES["SW-C001"])
            >>> list(BUILTIN_RULES["SW-C001"].check(ctx))
            []
        """
        base = Parameters(rule.parameters)
        if params is not None:
            base = base.updated(params)
        return cls(registry, rule, base.on(as_of), as_of, positions=_Positions(registry), history=base)

    def entities(self, kind: str, /) -> Mapping[str, Any]:
        """Return ``registry.<kind>`` by id as a read-only view with a dictionary's fast look-ups.

        An unknown id raises a plain ``KeyError`` (see :meth:`IdMapping.view
        <socialwork.model.IdMapping.view>`); rules look up ids the registry's own
        references name.

        Examples:
            >>> from socialwork.rules import RuleContext, BUILTIN_RULES
            >>> ctx = RuleContext.for_registry(sw.datasets.example(), BUILTIN_RULES["SW-H001"])
            >>> ctx.entities("stations")["wh-hub"].level.zh
            '区社工总站'
        """
        key = f"entities:{kind}"
        found: Mapping[str, Any] | None = self.memo.get(key)
        if found is None:
            found = getattr(self.registry, kind).view()
            self.memo[key] = found
        return found

    def param(self, name: str, /) -> Any:
        """Return the value in force of the parameter *name*, which the rule must declare.

        Raises:
            InvalidValueError: the rule does not declare *name*.

        Examples:
            >>> from socialwork.rules import RuleContext, BUILTIN_RULES
            >>> ctx = RuleContext.for_registry(sw.datasets.example(), BUILTIN_RULES["SW-C002"])
            >>> ctx.param("coverage.community_severity").en
            'warning'
        """
        if name not in self.rule._declared:
            msg = Message(
                "rule {code} reads parameter {name} but does not declare it",
                "规则 {code} 读取参数 {name}，却没有声明它",
                code=self.rule.code,
                name=repr(name),
            )
            raise InvalidValueError(msg, path="name")
        return self.params[name]

    def param_on(self, name: str, day: dt.date, /) -> Any:
        """Return the value of the parameter *name* in force on *day*, which the rule must declare.

        For a rule that judges each entity by the law of its own day (a referral by
        the response limit in force when it was sent), not by the day the rules look
        from. A day before the history's first date gets the first value. Without a
        history, the value of :meth:`param`.

        Raises:
            InvalidValueError: the rule does not declare *name*.
            InvalidTypeError: *day* is not a date.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.rules import RuleContext, BUILTIN_RULES
            >>> rule = BUILTIN_RULES["SW-R003"]
            >>> ctx = RuleContext.for_registry(
            ...     sw.datasets.example(), rule, params={"referrals.response_days": {"2025-01-01": 5}}
            ... )
            >>> name = "referrals.response_days"
            >>> ctx.param(name), ctx.param_on(name, dt.date(2024, 6, 1))
            (5, 7)

        .. versionadded:: 0.2
        """
        value = self.param(name)
        check_date(None, "day", day)
        if self.history is None:
            return value
        values = self.history[name].values
        if day < values[0][0]:
            return values[0][1]
        return self.history[name].value_on(day)

    def path(self, kind: str, entity_id: str, /, *segments: str | int) -> str:
        """Return the path of *entity_id* of *kind*, with *segments* below it: ``stations[3].parent_id``.

        The position is the entity's place in ``registry.<kind>``, the order of its
        kind's list in a loaded document.

        Examples:
            >>> from socialwork.rules import RuleContext, BUILTIN_RULES
            >>> ctx = RuleContext.for_registry(sw.datasets.example(), BUILTIN_RULES["SW-P002"])
            >>> ctx.path("projects", "p-elderly", "community_ids", 0)
            'projects[0].community_ids[0]'
        """
        positions = self._positions
        if positions is None:
            positions = _Positions(self.registry)
            object.__setattr__(self, "_positions", positions)
        return path_of(kind, positions.of(kind, entity_id), *segments)

    def violation(
        self,
        subject: str,
        path: str,
        /,
        *,
        zh: str,
        en: str,
        expected: Any = None,
        found: Any = None,
        severity: Severity | None = None,
    ) -> Violation:
        """Return a violation of the context's rule, with the rule's code, family and severity.

        Args:
            subject: The id or division code the violation concerns.
            path: Where, usually from :meth:`path`.
            zh: The message in Chinese.
            en: The message in English.
            expected: What the rule expects.
            found: What the registry holds.
            severity: A severity other than the rule's, e.g. read from a parameter.

        Examples:
            >>> from socialwork.rules import RuleContext, BUILTIN_RULES
            >>> ctx = RuleContext.for_registry(sw.datasets.example(), BUILTIN_RULES["SW-S004"])
            >>> v = ctx.violation("wh-hub", ctx.path("stations", "wh-hub"), zh="无", en="none")
            >>> v.code, v.family, v.severity.value, v.path
            ('SW-S004', 'staffing', 'warning', 'stations[4]')
        """
        return Violation(
            code=self.rule.code,
            severity=self.rule.severity if severity is None else severity,
            family=self.rule.family,
            subject=subject,
            path=path,
            message_zh=zh,
            message_en=en,
            expected=expected,
            found=found,
        )


def _check_code(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        msg = Message(
            "expected a code such as 'SW-H001' or 'MY-001', got {value}",
            "应为 'SW-H001' 或 'MY-001' 这样的代码，实为 {value}",
            value=repr(value),
        )
        raise InvalidValueError(msg, path=attr.name)


def _check_family(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _FAMILY.fullmatch(value):
        msg = Message(
            "expected a lower-case family name such as 'staffing', got {value}",
            "应为 'staffing' 这样的小写类别名，实为 {value}",
            value=repr(value),
        )
        raise InvalidValueError(msg, path=attr.name)


def _check_title(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = Message("expected non-empty text, got {value}", "应为非空文本，实为 {value}", value=repr(value))
        raise InvalidValueError(msg, path=attr.name)


def _check_callable(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        msg = Message(
            "expected a function of a RuleContext, got {type}",
            "应为以 RuleContext 为参数的函数，实为 {type}",
            type=type(value).__name__,
        )
        raise InvalidTypeError(msg, path=attr.name)


def _parameters(value: Iterable[Parameter]) -> tuple[Parameter, ...]:
    items = tuple(check_iterable(value, "parameters"))
    for position, item in enumerate(items):
        given: object = item
        if not isinstance(given, Parameter):
            msg = Message(
                "expected a Parameter, got {type}", "应为 Parameter，实为 {type}", type=type(item).__name__
            )
            raise InvalidTypeError(msg, path=f"parameters[{position}]")
    return items


@attrs.frozen(kw_only=True)
class Rule:
    """A rule that a registry should follow, with a pure check that finds where it does not.

    Attributes:
        code: A stable code: ``SW-`` and a family letter for the built-in rules
            (``SW-H001``); choose your own prefix for yours.
        title_zh: A short title in Chinese.
        title_en: The same in English.
        severity: How serious a violation is, unless the check reads it from a parameter.
        family: The family it belongs to, e.g. ``"hierarchy"``.
        reference: The policy text it comes from.
        parameters: The parameters it reads, with their defaults.
        check: A pure function of a :class:`RuleContext` that yields
            :class:`Violation` values; it must not raise on a registry that loads.

    Examples:
        >>> from socialwork.rules import rule
        >>> @rule(code="MY-001", title_zh="总站须有名称", title_en="hubs are named 总站",
        ...       severity=sw.Severity.INFO, family="mine")
        ... def hub_names(ctx):
        ...     for s in ctx.registry.stations.values():
        ...         if s.level is sw.StationLevel.DISTRICT and "总站" not in s.name:
        ...             yield ctx.violation(s.id, ctx.path("stations", s.id, "name"),
        ...                                 zh="总站名称", en="hub not named 总站")
        >>> hub_names.code, len(sw.validate(sw.datasets.example(), [hub_names]))
        ('MY-001', 0)

    .. versionadded:: 0.2
    """

    code: str = attrs.field(validator=_check_code)
    title_zh: str = attrs.field(validator=_check_title)
    title_en: str = attrs.field(validator=_check_title)
    severity: Severity = attrs.field(validator=member_of(Severity))
    family: str = attrs.field(validator=_check_family)
    check: Check = attrs.field(validator=_check_callable, eq=False, repr=False)
    reference: str = ""
    parameters: tuple[Parameter, ...] = attrs.field(default=(), converter=_parameters)
    # The names as a set, for RuleContext.param: checks of one entity at a time read a
    # parameter per entity.
    _declared: frozenset[str] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda self: frozenset(p.name for p in self.parameters), takes_self=True),
    )

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """The names of the parameters the rule reads."""
        return tuple(p.name for p in self.parameters)

    def title(self, lang: str = "en") -> str:
        """Return the title in *lang*, ``"zh"`` or ``"en"``.

        Examples:
            >>> from socialwork.rules import BUILTIN_RULES
            >>> BUILTIN_RULES["SW-C001"].title("zh")
            '每个街道都有街道社工站'
        """
        if lang == "zh":
            return self.title_zh
        if lang == "en":
            return self.title_en
        raise InvalidValueError(language_expected(lang), path="lang")


def rule(
    *,
    code: str,
    title_zh: str,
    title_en: str,
    severity: Severity,
    family: str,
    reference: str = "",
    parameters: Iterable[Parameter] = (),
) -> Callable[[Check], Rule]:
    """Turn a check function into a :class:`Rule`: the decorator for writing a rule.

    Pass the rule to :func:`~socialwork.rules.validate` alone or with the others
    (``BUILTIN_RULES.add(my_rule)``).

    Examples:
        >>> from socialwork.rules import BUILTIN_RULES, rule
        >>> @rule(code="MY-002", title_zh="每个站有开放日期", title_en="every station has an opening date",
        ...       severity=sw.Severity.INFO, family="mine")
        ... def opened(ctx):
        ...     for s in ctx.registry.stations.values():
        ...         if s.opened is None:
        ...             yield ctx.violation(s.id, ctx.path("stations", s.id, "opened"), zh="未填写开放日期",
        ...                                 en="no opening date")
        >>> report = sw.validate(sw.datasets.example(), BUILTIN_RULES.add(opened))
        >>> report.counts("code")["MY-002"]
        4

    .. versionadded:: 0.2
    """

    def decorate(check: Check) -> Rule:
        return Rule(
            code=code,
            title_zh=title_zh,
            title_en=title_en,
            severity=severity,
            family=family,
            reference=reference,
            parameters=tuple(parameters),
            check=check,
        )

    return decorate


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    items = tuple(check_iterable(value, "rules"))
    seen: dict[str, int] = {}
    for position, item in enumerate(items):
        given: object = item
        if not isinstance(given, Rule):
            msg = Message("expected a Rule, got {type}", "应为 Rule，实为 {type}", type=type(item).__name__)
            raise InvalidTypeError(msg, path=f"rules[{position}]")
        if item.code in seen:
            msg = Message(
                "duplicate rule code {code}, already used by rules[{position}]",
                "重复的规则代码 {code}，已由 rules[{position}] 使用",
                code=repr(item.code),
                position=seen[item.code],
            )
            raise InvalidValueError(msg, path=f"rules[{position}].code")
        seen[item.code] = position
    return items


def _as_set(value: object) -> frozenset[Any] | None:
    if value is None:
        return None
    if isinstance(value, str | Severity):
        return frozenset({value})
    return frozenset(value)  # type: ignore[call-overload, no-any-return]


@attrs.frozen
class RuleSet(Sequence[Rule]):
    """An ordered set of rules with unique codes, which can be narrowed or extended.

    Attributes:
        rules: The rules, in catalogue order.

    Examples:
        >>> from socialwork.rules import BUILTIN_RULES
        >>> len(BUILTIN_RULES.select(family="coverage"))
        2
        >>> BUILTIN_RULES.select(code="SW-H001")["SW-H001"].title_en
        "a street station's parent is a district hub"

    .. versionadded:: 0.2
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            for item in self.rules:
                if item.code == key:
                    return item
            msg = Message("unknown rule code {code}", "未知的规则代码 {code}", code=repr(key))
            raise InvalidValueError(msg, path="code")
        return self.rules[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return any(item.code == key for item in self.rules)
        return key in self.rules

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the rules, in order."""
        return tuple(item.code for item in self.rules)

    @property
    def families(self) -> tuple[str, ...]:
        """The families of the rules, in order of first appearance."""
        return tuple(dict.fromkeys(item.family for item in self.rules))

    @property
    def parameters(self) -> Parameters:
        """Every parameter the rules read, with its default history."""
        return Parameters(p for item in self.rules for p in item.parameters)

    def select(
        self,
        *,
        family: str | Iterable[str] | None = None,
        code: str | Iterable[str] | None = None,
        severity: Severity | Iterable[Severity] | None = None,
    ) -> RuleSet:
        """Return the rules that match every criterion given (each one value or several).

        *severity* selects by the rule's own severity.

        Raises:
            InvalidValueError: a family or code names no rule of the set.

        Examples:
            >>> from socialwork.rules import BUILTIN_RULES
            >>> BUILTIN_RULES.select(family=["funds"], severity=sw.Severity.WARNING).codes
            ('SW-F007',)
        """
        families, codes, severities = _as_set(family), _as_set(code), _as_set(severity)
        for wanted, known, what in ((families, self.families, "family"), (codes, self.codes, "code")):
            unknown = sorted(wanted - set(known)) if wanted is not None else []
            if unknown:
                named = Message("family", "规则类别") if what == "family" else Message("code", "规则代码")
                msg = Message(
                    "unknown {what}(s) {names}; expected one of {known}",
                    "未知的{what} {names}；应为 {known} 之一",
                    what=named,
                    names=", ".join(map(repr, unknown)),
                    known=", ".join(known),
                )
                raise InvalidValueError(msg, path=what)
        return RuleSet(
            item
            for item in self.rules
            if (families is None or item.family in families)
            and (codes is None or item.code in codes)
            and (severities is None or item.severity in severities)
        )

    def add(self, *rules: Rule) -> RuleSet:
        """Return the set with *rules* added at the end (their codes must be new).

        Raises:
            InvalidValueError: a code is already used.

        Examples:
            >>> from socialwork.rules import BUILTIN_RULES
            >>> len(BUILTIN_RULES.add()) == len(BUILTIN_RULES)
            True
        """
        return RuleSet((*self.rules, *rules))

    def without(self, *codes: str) -> RuleSet:
        """Return the set without the rules with *codes*.

        Examples:
            >>> from socialwork.rules import BUILTIN_RULES
            >>> "SW-S002" in BUILTIN_RULES.without("SW-S002")
            False
        """
        self.select(code=codes)
        return RuleSet(item for item in self.rules if item.code not in codes)


def run_rules(
    registry: Registry,
    rules: RuleSet,
    /,
    *,
    as_of: dt.date | None,
    params: Parameters | Mapping[str, Any] | None,
    timings: dict[str, float] | None = None,
) -> ValidationReport:
    """Run *rules* on *registry*; the engine behind :func:`socialwork.rules.validate`."""
    given: object = registry
    if not isinstance(given, Registry):
        msg = Message(
            "expected a Registry, got {type}", "应为 Registry，实为 {type}", type=type(registry).__name__
        )
        raise InvalidTypeError(msg, path="registry")
    if as_of is not None:
        check_date(None, "as_of", as_of)
    resolved = rules.parameters
    if params is not None:
        given_params: object = params
        if not isinstance(given_params, Parameters | Mapping):
            msg = Message(
                "expected Parameters or a mapping of parameter names to values, got {type}",
                "应为 Parameters 或参数名到值的映射，实为 {type}",
                type=type(params).__name__,
            )
            raise InvalidTypeError(msg, path="params")
        resolved = resolved.updated(params)
    values = resolved.on(as_of)
    memo: dict[str, Any] = {}
    positions = _Positions(registry)
    found: list[Violation] = []
    # The checks make many small containers and no cycles: the cyclic collector would
    # walk the whole registry again and again for nothing.
    with gc_paused():
        for item in rules:
            start = time.perf_counter()
            ctx = RuleContext(registry, item, values, as_of, memo, positions=positions, history=resolved)
            found.extend(item.check(ctx))
            if timings is not None:
                timings[item.code] = timings.get(item.code, 0.0) + time.perf_counter() - start
    for position, violation in enumerate(found):
        yielded: object = violation
        if not isinstance(yielded, Violation):
            msg = Message(
                "a check yielded {type}, not a Violation",
                "规则的检查产生了 {type}，而不是 Violation",
                type=type(violation).__name__,
            )
            raise InvalidTypeError(msg, path=f"violations[{position}]")
    return ValidationReport(violations=tuple(found), rules=rules.codes, as_of=as_of)
