"""The cattrs converter between entities and JSON-ready values, with strict hooks.

cattrs' own hooks are lenient (``str(5)`` is ``"5"``) and its preconfigured
converters have no ``Decimal`` hook; these hooks accept exactly the JSON types the
format documents and say what they expected when they refuse a value.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn

from socialwork.errors import InvalidTypeError, InvalidValueError, Message, excerpt
from socialwork.model import KINDS, Entity, to_decimal

__all__ = [
    "FAST_STRUCTURE",
    "KIND_SINCE",
    "SINCE",
    "VERSIONS",
    "converter",
    "fields_in",
    "is_passed_through",
    "structure_field",
    "unstructure",
]

VERSIONS: tuple[int, ...] = (1, 2, 3)
"""The versions of the format the reader reads (also ``socialwork.io.VERSIONS``)."""

SINCE: dict[tuple[str, str], int] = {
    ("organizations", "public_fundraising"): 2,
    ("funds", "committee_members"): 2,
    ("funds", "committee_supervisors"): 2,
}
"""The version of the format each field came in with, by (kind, field); the rest are in version 1."""

KIND_SINCE: dict[str, int] = {"cases": 3, "consents": 3, "referrals": 3, "referral_events": 3}
"""The version of the format each kind came in with; the rest are in version 1."""


def fields_in(kind: str, version: int) -> tuple[attrs.Attribute[Any], ...]:
    """Return the fields of *kind*'s entities that a document of *version* may hold."""
    return tuple(
        field for field in attrs.fields(KINDS[kind].cls) if SINCE.get((kind, field.name), 1) <= version
    )


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | Decimal | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _describe(value: object) -> str:
    # The JSON type and the text of *value*, the same in both languages (JSON's own words).
    text = repr(value) if not isinstance(value, Decimal) else str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{_json_type(value)} {text}"


def _passthrough(value: object, _: type) -> object:
    # Text fields go to the entity as they are: its validators check their type and
    # content (and name the field), so checking here too would only cost time.
    return value


def _is_text(type_: Any) -> bool:
    return type_ is str or (isinstance(type_, typing.NewType) and type_.__supertype__ is str)


def _is_optional(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args


def _optional_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[object, Any], Any]]:
    def make(type_: Any) -> Callable[[object, Any], Any]:
        (inner,) = (arg for arg in get_args(type_) if arg is not type(None))
        if _is_text(inner):
            return _passthrough
        hook = conv.get_structure_hook(inner)

        def structure_optional(value: object, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return structure_optional

    return make


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        text = str(value)
        shown = (
            text
            if len(text) <= 60
            else Message(
                "{head}... ({digits} digits)", "{head}...（{digits} 位）", head=text[:57], digits=len(text)
            )
        )
        msg = Message(
            "expected a whole number without a decimal point, got {got}",
            "应为不带小数点的整数，实为 {got}",
            got=shown,
        )
        raise InvalidTypeError(msg)
    if not isinstance(value, int) or isinstance(value, bool):
        msg = Message("expected a whole number, got {got}", "应为整数，实为 {got}", got=_describe(value))
        raise InvalidTypeError(msg)
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    # JSON numbers arrive as int or Decimal (the parser is given parse_float=Decimal),
    # so no float ever holds an amount; strings follow the model's own rule.
    return to_decimal(value, path="")  # type: ignore[arg-type]


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # ASCII digits only, unlike \d


def _structure_date(value: object, _: type) -> dt.date:
    if not isinstance(value, str):
        msg = Message(
            "expected a date string 'YYYY-MM-DD', got {got}",
            "应为日期字符串 'YYYY-MM-DD'，实为 {got}",
            got=_describe(value),
        )
        raise InvalidTypeError(msg)
    if _DATE.match(value) is None:
        msg = Message(
            "expected a date 'YYYY-MM-DD', got {got}", "应为日期 'YYYY-MM-DD'，实为 {got}", got=excerpt(value)
        )
        raise InvalidValueError(msg)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = Message("no such date: {got}", "不存在的日期：{got}", got=excerpt(value))
        raise InvalidValueError(msg) from None


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    by_value = {member.value: member for member in cls}
    choices = ", ".join(repr(value) for value in by_value)

    def structure_enum(value: object, _: type) -> enum.Enum:
        try:
            return by_value[value]
        except (KeyError, TypeError):
            msg = Message(
                "expected one of {choices}, got {got}",
                "应为 {choices} 之一，实为 {got}",
                choices=choices,
                got=_describe(value),
            )
            raise InvalidValueError(msg) from None

    return structure_enum


def _is_collection(kind: type) -> Callable[[Any], bool]:
    return lambda t: get_origin(t) is kind


def _collection_hook(
    conv: cattrs.Converter, make: type[tuple[Any, ...]] | type[frozenset[Any]]
) -> Callable[[Any], Callable[[object, Any], Any]]:
    def factory(type_: Any) -> Callable[[object, Any], Any]:
        (item_type, *_) = get_args(type_)
        if _is_text(item_type):

            def structure_texts(value: object, _: Any) -> Any:
                if type(value) is not list:
                    msg = Message(
                        "expected an array, got {got}", "应为数组，实为 {got}", got=_describe(value)
                    )
                    raise InvalidTypeError(msg)
                return make(value)  # the entity's validators check each item

            return structure_texts
        hook = conv.get_structure_hook(item_type)

        def structure_collection(value: object, _: Any) -> Any:
            if type(value) is not list:
                msg = Message("expected an array, got {got}", "应为数组，实为 {got}", got=_describe(value))
                raise InvalidTypeError(msg)
            items = []
            for index, item in enumerate(value):
                try:
                    items.append(hook(item, item_type))
                except (InvalidTypeError, InvalidValueError) as error:
                    raise type(error)(error.reason, path=f"[{index}]") from None
            return make(items)

        return structure_collection

    return factory


def _unstructure_decimal(value: Decimal) -> str:
    # Plain notation always: str() writes 1E-7 for 0.0000001, which the reader refuses.
    return format(value, "f")


def _unstructure_date(value: dt.date) -> str:
    return value.isoformat()


def _unstructure_frozenset(value: frozenset[Any]) -> list[Any]:
    return sorted(item.value if isinstance(item, enum.Enum) else item for item in value)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=False)
    conv.register_structure_hook(str, _passthrough)
    conv.register_structure_hook(bool, _passthrough)  # the entity's validator checks it
    conv.register_structure_hook_func(_is_text, _passthrough)
    conv.register_structure_hook_factory(_is_optional, _optional_hook(conv))
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    conv.register_structure_hook_factory(_is_collection(tuple), _collection_hook(conv, tuple))
    conv.register_structure_hook_factory(_is_collection(frozenset), _collection_hook(conv, frozenset))
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_unstructure_hook(dt.date, _unstructure_date)
    conv.register_unstructure_hook_func(_is_collection(frozenset), _unstructure_frozenset)
    conv.register_unstructure_hook_func(_is_collection(tuple), list)
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda member: member.value
    )
    for cls in (kind.cls for kind in KINDS.values()):
        attrs.resolve_types(cls)
        conv.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True))
    return conv


converter = _make_converter()
"""The converter of the JSON format: strict structure hooks, deterministic unstructure."""


class UnknownKeysError(Exception):
    """Raised by a fast structure function on keys it does not know; the slow path names them."""


def _fast_structure_fn(kind: str, version: int) -> Callable[[dict[str, Any]], Entity]:
    """Generate a structure function for *cls* that does no more work than it must.

    cattrs' generated functions call a hook for every field; text fields need
    none (the entity's validators check them), so this one reads them straight
    from the object, and calls the converter's hooks only for the fields that
    need converting (enums, dates, decimals, collections). Any failure, of any
    kind, sends the object to the slow path, which reports every problem with
    its path, so this function only has to be right on valid input. Keys of
    fields newer than *version* are unknown keys, and those fields keep their
    defaults.
    """
    cls = KINDS[kind].cls
    fields = fields_in(kind, version)
    namespace: dict[str, Any] = {"__cl": cls, "__UnknownKeys": UnknownKeysError}
    allowed = frozenset(field.name for field in fields)
    namespace["__allowed"] = allowed
    arguments = []
    for field in fields:
        name = field.name
        type_ = field.type
        required = field.default is attrs.NOTHING
        namespace[f"__d_{name}"] = None if required else field.default
        if is_passed_through(field):
            value = f"o[{name!r}]" if required else f"o.get({name!r}, __d_{name})"
        else:
            namespace[f"__h_{name}"] = converter.get_structure_hook(type_)
            namespace[f"__t_{name}"] = type_
            call = f"__h_{name}(o[{name!r}], __t_{name})"
            value = call if required else f"({call} if {name!r} in o else __d_{name})"
        arguments.append(f"{name}={value}")
    source = "\n".join(
        [
            "def structure(o):",
            "    if not o.keys() <= __allowed:",
            "        raise __UnknownKeys",
            f"    return __cl({', '.join(arguments)})",
        ]
    )
    exec(compile(source, f"<socialwork structure {cls.__name__}>", "exec"), namespace)  # noqa: S102
    return namespace["structure"]  # type: ignore[no-any-return]


def is_passed_through(field: attrs.Attribute[Any]) -> bool:
    """Whether a field's JSON value goes to the entity as it is, with no hook.

    Text and booleans need no converting, and the entity's validators check them; decimals go to
    the entity's own converter, which parses strings and numbers exactly and refuses
    the rest (JSON has no floats here: the parser makes a ``Decimal`` of each).
    """
    type_ = _inner(field.type) if _is_optional(field.type) else field.type
    return _is_text(type_) or type_ is bool or (type_ is Decimal and field.converter is not None)


def _inner(type_: Any) -> Any:
    return next(arg for arg in get_args(type_) if arg is not type(None))


FAST_STRUCTURE: dict[int, dict[str, Callable[[dict[str, Any]], Entity]]] = {
    version: {kind: _fast_structure_fn(kind, version) for kind in KINDS} for version in VERSIONS
}
"""The fast structure function of each version and kind (see :func:`_fast_structure_fn`)."""


def structure_field(value: object, type_: Any) -> Any:
    """Structure one field's JSON *value* as *type_*, raising a field error on failure."""
    return converter.get_structure_hook(type_)(value, type_)


def unstructure(entity: Entity) -> dict[str, Any]:
    """Return the JSON-ready dictionary of *entity*, leaving out fields at their default."""
    return converter.unstructure(entity)  # type: ignore[no-any-return]
