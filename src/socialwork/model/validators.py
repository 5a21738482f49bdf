"""Validators and converters in the style of :mod:`attrs.validators`, for every layer.

Each validator is called as attrs calls it, ``validator(instance, attribute, value)``,
and raises :class:`~socialwork.errors.InvalidTypeError` for a value of the wrong
type or :class:`~socialwork.errors.InvalidValueError` for a value that breaks a
rule, with the attribute's name as the error's ``path``. To check a function's
argument with the same rule, pass its name in place of the attribute:

>>> import datetime as dt
>>> from socialwork.model import validators
>>> validators.check_date(None, "as_of", dt.datetime(2022, 1, 1, 9))
Traceback (most recent call last):
...
socialwork.errors.InvalidTypeError: as_of: expected a datetime.date, got datetime ...

.. versionadded:: 0.2
   Public; the entities, funds, scoring and targets all use these.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError, Message, excerpt
from socialwork.model._messages import expected, typed

__all__ = [
    "INT_MAX",
    "Validator",
    "check_date",
    "check_id",
    "check_ids",
    "check_iterable",
    "check_positive",
    "check_str",
    "check_text",
    "instance_of",
    "int_between",
    "member_of",
    "members_of",
    "one_of",
    "optional",
    "personal",
    "to_frozenset",
    "to_tuple",
]

T = TypeVar("T")
Validator = Callable[[Any, Any, Any], None]
"""A validator: ``validator(instance, attribute_or_name, value)``, raising on a bad value."""


# What the validators expect, in both languages: made once, read only on error paths.
_ID_STRING = Message("an id string", "id 字符串")
_PRINTABLE_ID = Message(
    "non-empty printable text without surrounding spaces", "非空、可打印且首尾没有空白的文本"
)
_TEXT = Message("text", "文本")
_NON_EMPTY_TEXT = Message("non-empty text", "非空文本")
_UTF8_TEXT = Message("text that UTF-8 can hold", "UTF-8 能表示的文本")
_IDS = Message("a sequence of ids", "id 序列")
_DISTINCT_IDS = Message("distinct ids", "互不相同的 id")
_DATE = Message("a datetime.date", "datetime.date 日期")
_WHOLE_NUMBER = Message("a whole number", "整数")
_ABOVE_ZERO = Message("an amount above zero", "大于零的金额")


def _path(attr: attrs.Attribute[Any] | str) -> str:
    return attr if isinstance(attr, str) else attr.name


def check_id(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
    """Check an id: non-empty printable text with no surrounding white space.

    Examples:
        >>> from socialwork.model.validators import check_id
        >>> check_id(None, "station_id", "wh-hub")
        >>> check_id(None, "station_id", " wh-hub")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: station_id: expected non-empty printable text ...
    """
    if not isinstance(value, str):
        msg = expected(_ID_STRING, typed(value))
        raise InvalidTypeError(msg, path=_path(attr))
    if not value or not value.isprintable() or value != value.strip():
        msg = expected(_PRINTABLE_ID, excerpt(value))
        raise InvalidValueError(msg, path=_path(attr))


def check_text(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
    """Check a name: non-empty text that is not only white space.

    Examples:
        >>> from socialwork.model.validators import check_text
        >>> check_text(None, "name", "  ")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: name: expected non-empty text
    """
    if not isinstance(value, str):
        msg = expected(_TEXT, typed(value))
        raise InvalidTypeError(msg, path=_path(attr))
    if not value.strip():
        msg = Message("expected {what}", "应为{what}", what=_NON_EMPTY_TEXT)
        raise InvalidValueError(msg, path=_path(attr))
    _check_encodable(value, attr)


def _check_encodable(value: str, attr: attrs.Attribute[Any] | str) -> None:
    # A lone surrogate ("\ud800") is a str but no UTF-8: it could never be written out.
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            got = Message(
                "a lone surrogate at character {at}", "位置 {at} 处未配对的代理字符", at=error.start
            )
            msg = expected(_UTF8_TEXT, got)
            raise InvalidValueError(msg, path=_path(attr)) from None


def check_str(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
    """Check free text, which may be empty.

    Examples:
        >>> from socialwork.model.validators import check_str
        >>> check_str(None, "purpose", "")
    """
    if not isinstance(value, str):
        msg = expected(_TEXT, typed(value))
        raise InvalidTypeError(msg, path=_path(attr))
    _check_encodable(value, attr)


def optional(check: Validator) -> Validator:
    """Wrap *check* so that ``None`` passes.

    Examples:
        >>> from socialwork.model.validators import optional, check_id
        >>> optional(check_id)(None, "parent_id", None)
    """

    def check_optional(inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
        if value is not None:
            check(inst, attr, value)

    return check_optional


def personal(check: Validator) -> Validator:
    """Wrap a text check (:func:`check_text`, :func:`check_str`) for a personal field: errors hide the value.

    The error keeps its class and path; its reason names only the type of the
    value, so that a bad donor or worker's name is never echoed in a message.

    Examples:
        >>> from socialwork.model.validators import check_text, personal
        >>> personal(check_text)(None, "donor", 13800138000)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidTypeError: donor: expected text, got int (a personal value, not shown)
        >>> personal(check_text)(None, "donor", " ")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: donor: expected non-empty text, got str (a personal ...

    .. versionadded:: 0.2
    """

    def check_personal(inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
        try:
            check(inst, attr, value)
        except (InvalidTypeError, InvalidValueError) as error:
            what = _TEXT if isinstance(error, InvalidTypeError) else _NON_EMPTY_TEXT
            if isinstance(value, str) and value.strip():
                what = _UTF8_TEXT
            got = Message(
                "{type} (a personal value, not shown)",
                "{type}（个人信息，不予显示）",
                type=type(value).__name__,
            )
            msg = expected(what, got)
            raise type(error)(msg, path=error.path) from None

    return check_personal


def member_of(cls: type[enum.Enum]) -> Validator:
    """Check that the value is a member of the enumeration *cls*.

    Examples:
        >>> from socialwork.model.validators import member_of
        >>> import socialwork as sw
        >>> member_of(sw.StationLevel)(None, "level", "street")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidTypeError: level: expected a StationLevel, got str 'street'
    """

    def check_member(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
        if not isinstance(value, cls):
            msg = expected(Message("a {cls}", "{cls} 的成员", cls=cls.__name__), typed(value))
            raise InvalidTypeError(msg, path=_path(attr))

    return check_member


def members_of(cls: type[enum.Enum]) -> Validator:
    """Check a frozenset of members of the enumeration *cls*.

    Examples:
        >>> from socialwork.model.validators import members_of
        >>> import socialwork as sw
        >>> members_of(sw.TalentTrack)(None, "tracks", frozenset({sw.TalentTrack.MANAGER}))
    """

    def check_members(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
        if not isinstance(value, frozenset):
            msg = expected(Message("a set of {cls}", "{cls} 的集合", cls=cls.__name__), typed(value))
            raise InvalidTypeError(msg, path=_path(attr))
        for item in value:
            if not isinstance(item, cls):
                msg = expected(Message("members of {cls}", "{cls} 的成员", cls=cls.__name__), typed(item))
                raise InvalidTypeError(msg, path=_path(attr))

    return check_members


def check_ids(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
    """Check a tuple of distinct ids.

    Examples:
        >>> from socialwork.model.validators import check_ids
        >>> check_ids(None, "station_ids", ("s1", "s1"))
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: station_ids: expected distinct ids, got 's1' more than once
    """
    if not isinstance(value, tuple):
        msg = expected(_IDS, typed(value))
        raise InvalidTypeError(msg, path=_path(attr))
    for item in value:
        check_id(_inst, attr, item)
    if len(set(value)) != len(value):
        twice = sorted(item for item, count in Counter(value).items() if count > 1)
        ids = Message.joined(", ", ", ", map(excerpt, twice[:10]))
        msg = expected(_DISTINCT_IDS, Message("{ids} more than once", "{ids} 重复出现", ids=ids))
        raise InvalidValueError(msg, path=_path(attr))


def check_date(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
    """Check a calendar date (a ``datetime.date``, not a ``datetime``).

    Examples:
        >>> from socialwork.model.validators import check_date
        >>> import datetime as dt
        >>> check_date(None, "start", dt.date(2019, 1, 1))
    """
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = expected(_DATE, typed(value))
        raise InvalidTypeError(msg, path=_path(attr))


INT_MAX = 2**63 - 1
"""The largest whole number a field holds: what numpy's int64 arrays and every reader take."""


def int_between(low: int, high: int = INT_MAX) -> Validator:
    """Check an ``int`` (not a ``bool``) in ``[low, high]``; *high* is at most :data:`INT_MAX`.

    .. versionchanged:: 0.2
       Without *high*, numbers above :data:`INT_MAX` are refused too.

    Examples:
        >>> from socialwork.model.validators import int_between
        >>> int_between(1, 5)(None, "urgency", 6)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: urgency: expected a whole number from 1 to 5, got 6
    """

    def check_int(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            msg = expected(_WHOLE_NUMBER, typed(value))
            raise InvalidTypeError(msg, path=_path(attr))
        if value < low or value > high:
            if high == INT_MAX and value < low:
                what = Message("a whole number at least {low}", "至少 {low} 的整数", low=low)
            else:
                what = Message(
                    "a whole number from {low} to {high}", "{low} 到 {high} 之间的整数", low=low, high=high
                )
            msg = expected(what, excerpt(value))
            raise InvalidValueError(msg, path=_path(attr))

    return check_int


def check_positive(_inst: object, attr: attrs.Attribute[Any] | str, value: Decimal) -> None:
    """Check that an already converted ``Decimal`` is above zero.

    Examples:
        >>> from socialwork.model.validators import check_positive
        >>> from decimal import Decimal
        >>> check_positive(None, "amount", Decimal("0.00"))
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: amount: expected an amount above zero, got '0.00'
    """
    if value <= 0:
        msg = expected(_ABOVE_ZERO, excerpt(value))
        raise InvalidValueError(msg, path=_path(attr))


def check_iterable(value: object, path: str, /) -> Iterator[Any]:
    """Return an iterator over *value*, or refuse ``None``, text, bytes and what cannot be iterated.

    The one check of every argument that takes many things (rules, parameters,
    violations, district codes, ...): a string is refused rather than read as its
    characters, and the error names the argument by *path*.

    Raises:
        InvalidTypeError: *value* is not an iterable of items.

    Examples:
        >>> from socialwork.model.validators import check_iterable
        >>> list(check_iterable(("SW-S002",), "code"))
        ['SW-S002']
        >>> check_iterable(None, "rules")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidTypeError: rules: expected an iterable, got NoneType None

    .. versionadded:: 0.2
    """
    if not isinstance(value, str | bytes | bytearray):
        try:
            return iter(value)  # type: ignore[call-overload, no-any-return]
        except TypeError:
            pass
    raise InvalidTypeError(expected(Message("an iterable", "可迭代对象"), typed(value)), path=path)


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Turn any iterable but a string into a tuple; leave anything else to the validator.

    Examples:
        >>> from socialwork.model.validators import to_tuple
        >>> to_tuple(["s1", "s2"]), to_tuple("s1")
        (('s1', 's2'), 's1')
    """
    if isinstance(value, tuple | str | bytes) or not isinstance(value, Iterable):
        return value
    return tuple(value)  # a generator that raises is the caller's to see


def to_frozenset(value: Iterable[T]) -> frozenset[T]:
    """Turn any iterable but a string into a frozenset; leave anything else to the validator.

    Examples:
        >>> from socialwork.model.validators import to_frozenset
        >>> sorted(to_frozenset(["b", "a", "a"]))
        ['a', 'b']
    """
    if isinstance(value, frozenset | str | bytes) or not isinstance(value, Iterable):
        return value
    try:
        return frozenset(value)
    except TypeError:  # unhashable items: the validator names the field
        return value  # type: ignore[return-value]


def instance_of(*classes: type) -> Validator:
    """Check that the value is an instance of one of *classes* (a ``bool`` is no ``int``).

    Examples:
        >>> from socialwork.model.validators import instance_of
        >>> instance_of(str)(None, "name", "守护明天")
        >>> instance_of(int)(None, "count", True)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidTypeError: count: expected a int, got bool True
    """
    refuse_bool = bool not in classes and int in classes

    def check_instance(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
        if not isinstance(value, classes) or (refuse_bool and isinstance(value, bool)):
            names = Message.joined(" or ", " 或 ", (cls.__name__ for cls in classes))
            msg = expected(Message("a {names}", "{names} 类型的值", names=names), typed(value))
            raise InvalidTypeError(msg, path=_path(attr))

    return check_instance


def one_of(choices: Iterable[object]) -> Validator:
    """Check that the value is one of *choices* (compared by equality, types kept apart).

    Examples:
        >>> from socialwork.model.validators import one_of
        >>> one_of(["min_max", "vector"])(None, "normalization", "sum")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: normalization: expected one of 'min_max', 'vector', got 'sum'
    """
    allowed = tuple(choices)
    shown = ", ".join(map(repr, allowed))

    def check_choice(_inst: object, attr: attrs.Attribute[Any] | str, value: object) -> None:
        if not any(type(value) is type(choice) and value == choice for choice in allowed):
            msg = expected(Message("one of {shown}", "{shown} 之一", shown=shown), excerpt(value))
            raise InvalidValueError(msg, path=_path(attr))

    return check_choice
