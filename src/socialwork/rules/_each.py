"""Per-entity rules: a check of one entity at a time, and the loop that turns its findings into violations.

Most rules have one shape: go through the entities of one kind, test each one, and
for each that falls short make a violation with the rule's code, the entity's id as
its subject and its path. :func:`for_each` writes the loop and the violation once;
the rule's own function only says what is wrong with one entity (a :class:`Finding`)
or that nothing is (``None``).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError, Message, excerpt
from socialwork.model import Severity, kind_named
from socialwork.model.validators import check_str, member_of, optional
from socialwork.rules._engine import Check, RuleContext
from socialwork.rules._report import Violation

__all__ = ["EntityCheck", "Finding", "for_each"]

Segments = tuple[str | int, ...]


def _segments(value: object) -> Segments | None:
    # Where below the entity: one field name or position, or several; checked by _check_segments.
    if value is None:
        return None
    if isinstance(value, str | int):
        return (value,)
    if isinstance(value, tuple | list):
        return tuple(value)
    return value  # type: ignore[return-value]  # the validator names what it is


def _check_segments(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
    name = attr if isinstance(attr, str) else attr.name
    if value is None:
        return
    if isinstance(value, tuple) and all(
        isinstance(item, str | int) and not isinstance(item, bool) for item in value
    ):
        return
    msg = Message(
        "expected a field name, a position, or a tuple of them, such as ('community_ids', 0), got {value}",
        "应为字段名、位置或由它们组成的元组（如 ('community_ids', 0)），实为 {value}",
        value=repr(value),
    )
    raise InvalidTypeError(msg, path=name)


@attrs.frozen(kw_only=True)
class Finding:
    """What is wrong with one entity, as the check of a :func:`for_each` rule returns it.

    :func:`for_each` makes it a :class:`Violation` of the rule, about the entity and
    at its path: the rule's code, family and severity, the entity's id as subject.

    Attributes:
        zh: What is wrong, in Chinese.
        en: The same in English.
        expected: What the rule expects.
        found: What the registry holds instead.
        severity: A severity other than the rule's, e.g. read from a parameter.
        at: Where below the entity, if not where :func:`for_each` says (its ``at``):
            a field name, or several segments such as ``("community_ids", 2)``.

    Examples:
        >>> from socialwork.rules import Finding
        >>> Finding(zh="没有运营机构", en="no operator", expected="an operator").at is None
        True
        >>> Finding(zh="不在区县内", en="outside the district", at=("community_ids", 2)).at
        ('community_ids', 2)

    .. versionadded:: 0.2
    """

    zh: str = attrs.field(validator=check_str)
    en: str = attrs.field(validator=check_str)
    expected: Any = None
    found: Any = None
    severity: Severity | None = attrs.field(default=None, validator=optional(member_of(Severity)))
    at: Segments | None = attrs.field(default=None, converter=_segments, validator=_check_segments)


EntityCheck = Callable[[RuleContext, Any], Finding | Iterable[Finding] | None]
"""The check of a :func:`for_each` rule: what is wrong with one entity, or ``None``."""


def _not_a_finding(ctx: RuleContext, path: str, value: object) -> InvalidTypeError:
    msg = Message(
        "the check of rule {code} gave {type} for {path}, not a Finding or None",
        "规则 {code} 的检查对 {path} 给出了 {type}，而不是 Finding 或 None",
        code=ctx.rule.code,
        type=type(value).__name__,
        path=path,
    )
    return InvalidTypeError(msg, path="check")


def _not_an_entity(ctx: RuleContext, kind: str, value: object) -> InvalidValueError:
    msg = Message(
        "the check of rule {code} found {value}, which is not one of registry.{kind}",
        "规则 {code} 的检查给出了 {value}，它不在 registry.{kind} 之中",
        code=ctx.rule.code,
        value=excerpt(value),
        kind=kind,
    )
    return InvalidValueError(msg, path="among")


def _id_of(ctx: RuleContext, kind: str, ident: Callable[[Any], str], entity: object) -> str:
    """Return the id of *entity*, refusing what is not an entity of *kind* (e.g. an id that among gave)."""
    try:
        entity_id = ident(entity)
    except AttributeError:
        raise _not_an_entity(ctx, kind, entity) from None
    if ctx.entities(kind).get(entity_id) is not entity:
        raise _not_an_entity(ctx, kind, entity)
    return entity_id


def _violation(ctx: RuleContext, kind: str, entity_id: str, finding: Finding, at: Segments) -> Violation:
    where = at if finding.at is None else finding.at
    return ctx.violation(
        entity_id,
        ctx.path(kind, entity_id, *where),
        zh=finding.zh,
        en=finding.en,
        expected=finding.expected,
        found=finding.found,
        severity=finding.severity,
    )


def for_each(
    kind: str,
    /,
    *,
    at: str | int | tuple[str | int, ...] | None = None,
    among: Callable[[RuleContext], Iterable[Any]] | None = None,
) -> Callable[[EntityCheck], Check]:
    """Turn a check of one entity into a rule's check of every entity of *kind*.

    The decorated function takes the :class:`RuleContext` and one entity and
    returns what is wrong with it, a :class:`Finding`, or ``None`` when nothing is
    (a function that finds several things, e.g. one per community of a project,
    returns or yields several findings). Each finding becomes a :class:`Violation`
    of the rule about that entity: its id is the subject, its path
    ``<kind>[position]`` followed by *at* (or by the finding's own ``at``).
    Put :func:`rule` above it to give the rule its code and titles.

    Args:
        kind: The kind of entity to go through, a key of :data:`socialwork.model.KINDS`.
        at: Where below the entity a violation points, usually the field the check
            reads: ``"operator_id"``; none for the entity itself.
        among: The entities to check, from the context, when not all of them: a
            bulk selection (a numpy mask, an index) that leaves the check only the
            few that may fall short. In registry order by default.

    Returns:
        A decorator that makes the function a :data:`Check`.

    Raises:
        UnknownIdError: *kind* is not a kind of entity.
        InvalidTypeError: *at* or *among* is of the wrong type. A check that gives
            something other than findings or ``None`` raises it when it runs.

    Examples:
        >>> from socialwork.rules import Finding, for_each, rule
        >>> @rule(code="MY-003", title_zh="每个社工站有开放日期", title_en="a station has an opening date",
        ...       severity=sw.Severity.INFO, family="mine")
        ... @for_each("stations", at="opened")
        ... def opened(ctx, station):
        ...     if station.opened is None:
        ...         return Finding(zh="未填写开放日期", en="no opening date")
        ...     return None
        >>> for violation in sw.validate(sw.datasets.example(), [opened]).violations[:2]:
        ...     print(violation)
        MY-003 info stations[0].opened (wh-c-jinli): no opening date
        MY-003 info stations[1].opened (wh-c-nijiaqiao): no opening date

    .. versionadded:: 0.2
    """
    row = kind_named(kind)
    segments = _segments(at)
    _check_segments(None, "at", segments)
    given: object = among  # callers outside the type checker may pass anything
    if given is not None and not callable(given):
        msg = Message(
            "expected a function of a RuleContext that returns the entities to check, got {type}",
            "应为以 RuleContext 为参数、返回待检查实体的函数，实为 {type}",
            type=type(among).__name__,
        )
        raise InvalidTypeError(msg, path="among")
    where: Segments = () if segments is None else segments
    name = row.name
    ident = operator.attrgetter(row.id_field)

    def decorate(check: EntityCheck) -> Check:
        function: object = check
        if not callable(function):
            msg = Message(
                "expected a function of a RuleContext and an entity, got {type}",
                "应为以 RuleContext 和一个实体为参数的函数，实为 {type}",
                type=type(check).__name__,
            )
            raise InvalidTypeError(msg, path="check")

        @functools.wraps(check)
        def run(ctx: RuleContext) -> Iterator[Violation]:
            entities = getattr(ctx.registry, name).values() if among is None else among(ctx)
            for entity in entities:
                found = check(ctx, entity)
                if found is None:
                    continue
                if isinstance(found, Finding):
                    yield _violation(ctx, name, _id_of(ctx, name, ident, entity), found, where)
                    continue
                # Several findings, or none, e.g. from a generator: the id is read on the first.
                entity_id = None
                for item in _iterate(ctx, name, ident, entity, found):
                    if entity_id is None:
                        entity_id = _id_of(ctx, name, ident, entity)
                    if not isinstance(item, Finding):
                        raise _not_a_finding(ctx, ctx.path(name, entity_id), item)
                    yield _violation(ctx, name, entity_id, item, where)

        return run

    return decorate


def _iterate(
    ctx: RuleContext, kind: str, ident: Callable[[Any], str], entity: object, found: object
) -> Iterator[object]:
    """Return an iterator over *found*, or raise naming the entity if it is no iterable of findings."""
    if not isinstance(found, str | bytes):
        try:
            return iter(found)  # type: ignore[call-overload, no-any-return]
        except TypeError:
            pass
    raise _not_a_finding(ctx, ctx.path(kind, _id_of(ctx, kind, ident, entity)), found)
