"""Dated parameters: thresholds that rules read, each value in force from its date on."""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal, cast

import attrs

from socialwork.errors import (
    InvalidTypeError,
    InvalidValueError,
    Message,
    Problem,
    ProblemsError,
    UnknownIdError,
    reason_of,
)
from socialwork.model import OrgKind, Severity
from socialwork.model.validators import check_iterable, one_of

__all__ = ["Parameter", "ParameterType", "Parameters", "ParametersError", "parse_parameters"]

ParameterType = Literal["integer", "boolean", "decimal", "severity", "org_kinds"]
"""The types a parameter's values may have."""

_TYPES: Final = ("integer", "boolean", "decimal", "severity", "org_kinds")
SINCE_ALWAYS: Final = dt.date.min
_ISO: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_CANNOT_READ: Final = Message("cannot read the parameters", "无法读取参数")
_NAME: Final = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


class ParametersError(ProblemsError):
    """Parameter values cannot be read; ``problems`` names each bad key, date or value and where.

    .. versionadded:: 0.2
    """


def _convert(kind: str, value: object, path: str) -> Any:
    """Return *value* as a value of *kind*, or raise a FieldError naming *path*."""
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            msg = Message(
                "expected an integer, got {type} {value}",
                "应为整数，实为 {type} {value}",
                type=type(value).__name__,
                value=repr(value),
            )
            raise InvalidTypeError(msg, path=path)
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            msg = Message(
                "expected true or false, got {type} {value}",
                "应为 true 或 false，实为 {type} {value}",
                type=type(value).__name__,
                value=repr(value),
            )
            raise InvalidTypeError(msg, path=path)
        return value
    if kind == "decimal":
        if isinstance(value, Decimal):
            result = value
        elif isinstance(value, str):
            try:
                result = Decimal(value)
            except InvalidOperation:
                msg = Message(
                    "expected a decimal number as a string, got {value}",
                    "应为写成字符串的十进制数，实为 {value}",
                    value=repr(value),
                )
                raise InvalidValueError(msg, path=path) from None
        elif isinstance(value, int) and not isinstance(value, bool):
            result = Decimal(value)
        else:
            msg = Message(
                "expected a decimal number as a string or an integer, got {type} {value}",
                "应为写成字符串的十进制数或整数，实为 {type} {value}",
                type=type(value).__name__,
                value=repr(value),
            )
            raise InvalidTypeError(msg, path=path)
        if not result.is_finite() or result < 0:
            msg = Message(
                "expected a finite number of at least 0, got {value}",
                "应为至少 0 的有限的数，实为 {value}",
                value=repr(value),
            )
            raise InvalidValueError(msg, path=path)
        return result
    if kind == "severity":
        if isinstance(value, Severity):
            return value
        if isinstance(value, str):
            try:
                return Severity(value)
            except ValueError:
                pass
        choices = ", ".join(repr(s.value) for s in Severity)
        msg = Message(
            "expected one of {choices}, got {value}",
            "应为 {choices} 之一，实为 {value}",
            choices=choices,
            value=repr(value),
        )
        raise InvalidValueError(msg, path=path)
    # org_kinds
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        msg = Message(
            "expected a list of organization kinds, got {type} {value}",
            "应为组织类别的列表，实为 {type} {value}",
            type=type(value).__name__,
            value=repr(value),
        )
        raise InvalidTypeError(msg, path=path)
    kinds = []
    for position, item in enumerate(value):
        if isinstance(item, OrgKind):
            kinds.append(item)
            continue
        try:
            kinds.append(OrgKind(item))
        except ValueError:
            choices = ", ".join(repr(k.value) for k in OrgKind)
            msg = Message(
                "expected one of {choices}, got {value}",
                "应为 {choices} 之一，实为 {value}",
                choices=choices,
                value=repr(item),
            )
            raise InvalidValueError(msg, path=f"{path}[{position}]") from None
    return frozenset(kinds)


def _history(value: object) -> tuple[tuple[dt.date, Any], ...]:
    if isinstance(value, Mapping):
        items = []
        for key, item in value.items():
            if not isinstance(key, dt.date) or isinstance(key, dt.datetime):
                msg = Message(
                    "expected dates as keys, got {type} {key}",
                    "键应为日期，实为 {type} {key}",
                    type=type(key).__name__,
                    key=repr(key),
                )
                raise InvalidTypeError(msg, path="values")
            items.append((key, item))
        if not items:
            msg = Message("expected at least one value", "应至少有一个值")
            raise InvalidValueError(msg, path="values")
        return tuple(sorted(items, key=lambda pair: pair[0]))
    if (
        isinstance(value, tuple)
        and value
        and all(isinstance(pair, tuple) and len(pair) == 2 for pair in value)
    ):
        return _history(dict(value))
    return ((SINCE_ALWAYS, value),)


def _check_name(_inst: object, _attr: object, name: Any) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        msg = Message(
            "expected a dotted lower-case name such as 'staffing.min_workers', got {name}",
            "应为以点分隔的小写名称，如 'staffing.min_workers'，实为 {name}",
            name=repr(name),
        )
        raise InvalidValueError(msg, path="name")


@attrs.frozen
class Parameter:
    """A threshold that rules read, with the values it takes from given dates on.

    A value holds from its date until the next one, the way OpenFisca resolves dated
    parameters: with ``{2015-01-01: 550, 2016-01-01: 600}`` the value is 550 on
    2015-06-01 and 600 from 2016-01-01 on. A single value holds since always.

    Attributes:
        name: A dotted name, family first, e.g. ``"staffing.min_street_workers"``.
        values: The history: ``(date, value)`` pairs sorted by date. Give a mapping
            ``{date: value}`` or one value (in force since always).
        type: What the values are: ``"integer"``, ``"boolean"``, ``"decimal"``,
            ``"severity"`` or ``"org_kinds"`` (a set of :class:`~socialwork.OrgKind`).
        description: What the parameter means, in English.
        description_zh: The same in Chinese.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.rules import Parameter
        >>> history = {dt.date(2015, 1, 1): 550, dt.date(2016, 1, 1): 600}
        >>> p = Parameter("demo.minimum", history, type="integer")
        >>> p.value_on(dt.date(2015, 6, 1)), p.value_on(dt.date(2016, 1, 1)), p.value_on(None)
        (550, 600, 600)
        >>> Parameter("demo.minimum", "3", type="integer")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidTypeError: demo.minimum: expected an integer, got str '3'

    .. versionadded:: 0.2
    """

    name: str = attrs.field(validator=_check_name)
    values: tuple[tuple[dt.date, Any], ...] = attrs.field(converter=_history)
    type: ParameterType = attrs.field(kw_only=True, validator=one_of(_TYPES))
    description: str = attrs.field(default="", kw_only=True)
    description_zh: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        converted = []
        for date, value in self.values:
            where = self.name if date == SINCE_ALWAYS else f"{self.name}['{date.isoformat()}']"
            converted.append((date, _convert(self.type, value, where)))
        object.__setattr__(self, "values", tuple(converted))

    def value_on(self, date: dt.date | None, /) -> Any:
        """Return the value in force on *date*, the latest value if *date* is ``None``.

        Raises:
            InvalidValueError: *date* is before the first date of the history.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.rules import PARAMETERS
            >>> PARAMETERS["staffing.min_street_workers"].value_on(dt.date(2024, 1, 1))
            2
        """
        if date is None:
            return self.values[-1][1]
        dates = [d for d, _ in self.values]
        index = bisect.bisect_right(dates, date) - 1
        if index < 0:
            msg = Message(
                "no value in force on {date}; the first is from {first}",
                "{date} 没有生效的值；最早的值自 {first} 起",
                date=date.isoformat(),
                first=dates[0].isoformat(),
            )
            raise InvalidValueError(msg, path=self.name)
        return self.values[index][1]

    def changed_on(self, date: dt.date, value: object, /) -> Parameter:
        """Return the parameter with *value* in force from *date* on; the values before stay.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.rules import PARAMETERS
            >>> p = PARAMETERS["staffing.min_street_workers"].changed_on(dt.date(2025, 1, 1), 3)
            >>> p.value_on(dt.date(2024, 12, 31)), p.value_on(dt.date(2025, 1, 1))
            (2, 3)
        """
        kept = {d: v for d, v in self.values if d < date}
        kept[date] = value
        return attrs.evolve(self, values=kept)

    def to_data(self) -> Any:
        """Return the history as JSON data: one value, or ``{ISO date: value}``.

        Examples:
            >>> from socialwork.rules import PARAMETERS
            >>> PARAMETERS["funds.matching_ratio"].to_data()
            '0.1'
        """
        if len(self.values) == 1 and self.values[0][0] == SINCE_ALWAYS:
            return _jsonable(self.values[0][1])
        return {("0001-01-01" if d == SINCE_ALWAYS else d.isoformat()): _jsonable(v) for d, v in self.values}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Severity):
        return value.value
    if isinstance(value, frozenset):
        return sorted(kind.value for kind in value)
    return value


class Parameters(Mapping[str, Parameter]):
    """A set of parameters by name: the defaults of a rule set, or those with a user's changes.

    Examples:
        >>> from socialwork.rules import PARAMETERS
        >>> mine = PARAMETERS.updated({"staffing.min_street_workers": {"2025-01-01": 3}})
        >>> mine.on(None)["staffing.min_street_workers"]
        3
        >>> "funds.matching_cap" in mine
        True

    .. versionadded:: 0.2
    """

    __slots__ = ("_by_name",)

    def __init__(self, parameters: Iterable[Parameter] = (), /) -> None:
        by_name: dict[str, Parameter] = {}
        for parameter in check_iterable(parameters, "parameters"):
            given: object = parameter
            if not isinstance(given, Parameter):
                msg = Message(
                    "expected a Parameter, got {type}",
                    "应为 Parameter，实为 {type}",
                    type=type(parameter).__name__,
                )
                raise InvalidTypeError(msg, path="parameters")
            known = by_name.get(parameter.name)
            if known is not None and known != parameter:
                msg = Message(
                    "two different parameters are named {name}",
                    "两个不同的参数同名 {name}",
                    name=repr(parameter.name),
                )
                raise InvalidValueError(msg, path="parameters")
            by_name[parameter.name] = parameter
        self._by_name = dict(sorted(by_name.items()))

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._by_name[name]
        except KeyError:
            msg = Message(
                "unknown parameter {name}; expected one of {names}",
                "未知的参数 {name}；应为 {names} 之一",
                name=repr(name),
                names=", ".join(self._by_name),
            )
            raise UnknownIdError(msg) from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Parameters):
            return NotImplemented
        return self._by_name == other._by_name

    def __hash__(self) -> int:
        return hash(tuple(self._by_name.values()))

    def __repr__(self) -> str:
        return f"Parameters({', '.join(self._by_name)})"

    def on(self, date: dt.date | None, /) -> dict[str, Any]:
        """Return every parameter's value in force on *date* (the latest if ``None``).

        Examples:
            >>> from socialwork.rules import PARAMETERS
            >>> PARAMETERS.on(None)["coverage.street_severity"]
            <Severity.ERROR: 'error'>
        """
        return {name: parameter.value_on(date) for name, parameter in self._by_name.items()}

    def updated(self, changes: Mapping[str, Any] | Parameters, /) -> Parameters:
        """Return these parameters with *changes*, read strictly, applied.

        A :class:`Parameters` replaces whole histories. A mapping is read as a
        parameter file is (see :func:`parse_parameters`): a plain value replaces
        the history; ``{ISO date: value, ...}`` keeps the values before its first date
        and changes the rest, so results change only from that date on.

        Raises:
            ParametersError: an unknown name, a non-ISO date or a value of the wrong
                type, each with its place.

        Examples:
            >>> from socialwork.rules import PARAMETERS
            >>> PARAMETERS.updated({"staffing.min_street_wokers": 3})
            Traceback (most recent call last):
            ...
            socialwork.rules._params.ParametersError: cannot read the parameters (1 problem(s)):
              staffing.min_street_wokers: unknown parameter; expected one of ...
        """
        if isinstance(changes, Parameters):
            merged = dict(self._by_name)
            merged.update(changes._by_name)
            return Parameters(merged.values())
        return Parameters({**self._by_name, **_read(changes, self)}.values())


def _flatten(
    data: Mapping[Any, Any], prefix: str, known: Parameters, out: dict[str, Any], problems: list[Problem]
) -> None:
    groups = {name.rsplit(".", 1)[0] for name in known} | {
        ".".join(name.split(".")[:i]) for name in known for i in range(1, name.count(".") + 1)
    }
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if not isinstance(key, str):
            msg = Message(
                "expected text keys, got {type} {key}",
                "键应为文本，实为 {type} {key}",
                type=type(key).__name__,
                key=repr(key),
            )
            problems.append(Problem(prefix, msg))
        elif name in known:
            out[name] = value
        elif name in groups and isinstance(value, Mapping):
            _flatten(value, name, known, out, problems)
        else:
            choices = ", ".join(known)
            msg = Message(
                "unknown parameter; expected one of {choices}",
                "未知的参数；应为 {choices} 之一",
                choices=choices,
            )
            problems.append(Problem(name, msg))


def _read(data: object, known: Parameters) -> dict[str, Parameter]:
    if not isinstance(data, Mapping):
        msg = Message(
            "expected a mapping of parameter names to values, got {type}",
            "应为参数名到值的映射，实为 {type}",
            type=type(data).__name__,
        )
        raise ParametersError(_CANNOT_READ, [Problem("", msg)])
    problems: list[Problem] = []
    found: dict[str, Any] = {}
    _flatten(data, "", known, found, problems)
    result: dict[str, Parameter] = {}
    for name, value in found.items():
        base = known[name]
        try:
            if isinstance(value, Mapping):
                dated: dict[dt.date, Any] = {}
                for key, item in value.items():
                    place = f"{name}[{key!r}]"
                    if not isinstance(key, str) or not _ISO.fullmatch(key):
                        msg = Message(
                            "expected an ISO date (YYYY-MM-DD) as key", "键应为 ISO 日期 (YYYY-MM-DD)"
                        )
                        problems.append(Problem(place, msg))
                        continue
                    try:
                        date = dt.date.fromisoformat(key)
                    except ValueError:
                        msg = Message("{key} is not a valid date", "{key} 不是有效的日期", key=repr(key))
                        problems.append(Problem(place, msg))
                        continue
                    try:
                        dated[date] = _convert(base.type, item, place)
                    except (InvalidValueError, InvalidTypeError) as error:
                        problems.extend(error.problems)
                if not value:
                    msg = Message(
                        "expected a value or at least one dated value", "应为一个值，或至少一个带日期的值"
                    )
                    problems.append(Problem(name, msg))
                if dated and len(dated) == len(value):
                    first = min(dated)
                    kept = {d: v for d, v in base.values if d < first}
                    result[name] = attrs.evolve(base, values={**kept, **dated})
            else:
                result[name] = attrs.evolve(base, values=_convert(base.type, value, name))
        except (InvalidValueError, InvalidTypeError) as error:
            problems.extend(error.problems)
    if problems:
        raise ParametersError(_CANNOT_READ, problems)
    return result


def parse_parameters(
    source: str | bytes | Mapping[str, Any],
    /,
    *,
    format: Literal["json", "toml"] = "json",  # noqa: A002 - the word users know
    base: Parameters | None = None,
) -> Parameters:
    """Read parameter changes from JSON or TOML text (or parsed data), strictly, onto *base*.

    The document maps dotted parameter names (or, in TOML, tables of them) to a
    value in force since always, or to ``{ISO date: value}``::

        [staffing]
        min_street_workers = { 2025-01-01 = 3 }
        [coverage]
        community_severity = "error"

    Anything else is refused: an unknown key, a key that is not an ISO date, a
    value of the wrong type (an integer given as text, a number for a severity).
    Read a file with ``parse_parameters(Path(...).read_text(encoding="utf-8"))``.

    Args:
        source: The text of the document, or its parsed data.
        format: ``"json"`` or ``"toml"`` (read with the standard library's ``tomllib``).
        base: The parameters to change; :data:`PARAMETERS`, the built-in rules'
            parameters, by default.

    Returns:
        *base* with the changes applied.

    Raises:
        ParametersError: every problem, each with its place.

    Examples:
        >>> from socialwork.rules import parse_parameters
        >>> params = parse_parameters('{"staffing": {"min_street_workers": {"2015-13-01": 3}}}')
        Traceback (most recent call last):
        ...
        socialwork.rules._params.ParametersError: cannot read the parameters (1 problem(s)):
          staffing.min_street_workers['2015-13-01']: '2015-13-01' is not a valid date
        >>> params = parse_parameters('staffing.min_street_workers = 3', format="toml")
        >>> params["staffing.min_street_workers"].value_on(None)
        3

    .. versionadded:: 0.2
    """
    if base is None:
        from socialwork.rules._catalogue import PARAMETERS  # noqa: PLC0415 - the catalogue imports this module

        base = PARAMETERS
    elif not isinstance(given_base := cast("object", base), Parameters):
        msg = Message(
            "expected Parameters or None, got {type}",
            "应为 Parameters 或 None，实为 {type}",
            type=type(given_base).__name__,
        )
        raise InvalidTypeError(msg, path="base")
    data: object
    given: object = source  # callers outside the type checker may pass anything
    if isinstance(given, Mapping):
        data = given
    elif not isinstance(given, str | bytes):
        msg = Message(
            "expected the parameters as text, bytes or a mapping, got {type}",
            "参数应为文本、字节串或映射，实为 {type}",
            type=type(given).__name__,
        )
        raise ParametersError(_CANNOT_READ, [Problem("", msg)])
    else:
        try:
            text = given.decode("utf-8") if isinstance(given, bytes) else given
        except UnicodeDecodeError as error:
            msg = Message(
                "the parameters are not valid UTF-8: byte {start} {reason}",
                "参数不是有效的 UTF-8：第 {start} 字节 {reason}",
                start=error.start,
                reason=reason_of(error),
            )
            raise ParametersError(_CANNOT_READ, [Problem("", msg)]) from None
        try:
            chosen: object = format
            if chosen == "json":
                data = json.loads(text, parse_float=Decimal)
            elif chosen == "toml":
                data = tomllib.loads(text)
            else:
                msg = Message(
                    "expected 'json' or 'toml', got {format}",
                    "应为 'json' 或 'toml'，实为 {format}",
                    format=repr(format),
                )
                raise InvalidValueError(msg, path="format")
        except json.JSONDecodeError as error:
            msg = Message(
                "line {line} column {column}: {error}",
                "第 {line} 行第 {column} 列：{error}",
                line=error.lineno,
                column=error.colno,
                error=reason_of(error),
            )
            raise ParametersError(_CANNOT_READ, [Problem("", msg)]) from None
        except tomllib.TOMLDecodeError as error:
            # The reason is tomllib's own, in English: say in Chinese what it is about.
            msg = Message("{error}", "TOML 文本有误：{error}", error=str(error))
            raise ParametersError(_CANNOT_READ, [Problem("", msg)]) from None
    return base.updated(data)  # type: ignore[arg-type]  # _read refuses what is not a mapping
