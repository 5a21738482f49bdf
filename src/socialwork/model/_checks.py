"""attrs validators and converters shared by the entities.

Each raises :class:`~socialwork.errors.InvalidTypeError` or
:class:`~socialwork.errors.InvalidValueError` naming the field, so that every
problem can be reported with its path.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError

T = TypeVar("T")
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _type_name(value: object) -> str:
    return type(value).__name__


def check_id(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """Check an id: non-empty printable text with no surrounding white space."""
    if not isinstance(value, str):
        msg = f"expected an id string, got {_type_name(value)} {value!r}"
        raise InvalidTypeError(msg, field=attr.name)
    if not value or not value.isprintable() or value != value.strip():
        msg = f"expected non-empty printable text without surrounding spaces, got {value!r}"
        raise InvalidValueError(msg, field=attr.name)


def check_text(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """Check a name: non-empty text that is not only white space."""
    if not isinstance(value, str):
        msg = f"expected text, got {_type_name(value)} {value!r}"
        raise InvalidTypeError(msg, field=attr.name)
    if not value.strip():
        msg = "expected non-empty text"
        raise InvalidValueError(msg, field=attr.name)


def check_str(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """Check free text, which may be empty."""
    if not isinstance(value, str):
        msg = f"expected text, got {_type_name(value)} {value!r}"
        raise InvalidTypeError(msg, field=attr.name)


def optional(check: Validator) -> Validator:
    """Wrap *check* so that ``None`` passes."""

    def check_optional(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(inst, attr, value)

    return check_optional


def member_of(cls: type[enum.Enum]) -> Validator:
    """Check that the value is a member of the enumeration *cls*."""

    def check_member(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            msg = f"expected a {cls.__name__}, got {_type_name(value)} {value!r}"
            raise InvalidTypeError(msg, field=attr.name)

    return check_member


def members_of(cls: type[enum.Enum]) -> Validator:
    """Check a frozenset of members of the enumeration *cls*."""

    def check_members(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, frozenset):
            msg = f"expected a set of {cls.__name__}, got {_type_name(value)} {value!r}"
            raise InvalidTypeError(msg, field=attr.name)
        for item in value:
            if not isinstance(item, cls):
                msg = f"expected members of {cls.__name__}, got {_type_name(item)} {item!r}"
                raise InvalidTypeError(msg, field=attr.name)

    return check_members


def check_ids(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """Check a tuple of distinct ids."""
    if not isinstance(value, tuple):
        msg = f"expected a sequence of ids, got {_type_name(value)} {value!r}"
        raise InvalidTypeError(msg, field=attr.name)
    for item in value:
        check_id(_inst, attr, item)
    if len(set(value)) != len(value):
        twice = sorted(item for item, count in Counter(value).items() if count > 1)
        msg = f"expected distinct ids, got {', '.join(map(repr, twice))} more than once"
        raise InvalidValueError(msg, field=attr.name)


def check_date(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """Check a calendar date (a ``datetime.date``, not a ``datetime``)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"expected a datetime.date, got {_type_name(value)} {value!r}"
        raise InvalidTypeError(msg, field=attr.name)


def int_between(low: int, high: int | None = None) -> Validator:
    """Check an ``int`` (not a ``bool``) in ``[low, high]``."""

    def check_int(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            msg = f"expected a whole number, got {_type_name(value)} {value!r}"
            raise InvalidTypeError(msg, field=attr.name)
        if value < low or (high is not None and value > high):
            bounds = f"at least {low}" if high is None else f"from {low} to {high}"
            msg = f"expected a whole number {bounds}, got {value}"
            raise InvalidValueError(msg, field=attr.name)

    return check_int


def positive(_inst: object, attr: attrs.Attribute[Any], value: Decimal) -> None:
    """Check that an already converted ``Decimal`` is above zero."""
    if value <= 0:
        msg = f"expected an amount above zero, got {value}"
        raise InvalidValueError(msg, field=attr.name)


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Turn any iterable but a string into a tuple; leave anything else to the validator."""
    if isinstance(value, tuple | str | bytes) or not isinstance(value, Iterable):
        return value
    return tuple(value)  # a generator that raises is the caller's to see


def to_frozenset(value: Iterable[T]) -> frozenset[T]:
    """Turn any iterable but a string into a frozenset; leave anything else to the validator."""
    if isinstance(value, frozenset | str | bytes) or not isinstance(value, Iterable):
        return value
    try:
        return frozenset(value)
    except TypeError:  # unhashable items: the validator names the field
        return value  # type: ignore[return-value]
