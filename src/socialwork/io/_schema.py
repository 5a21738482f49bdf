"""A JSON Schema (draft 2020-12) of the format, derived from the entity classes.

The schema says as much of what the loader checks as JSON Schema can say, and
never more: every document that loads is valid under it. Patterns are written in
the common subset of ECMA-262 and Python's ``re`` (explicit classes of characters,
none of the shorthand classes whose meanings differ), so that every validator reads
them alike.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from socialwork.io._convert import KIND_SINCE, SINCE
from socialwork.io._json import FORMAT, VERSION, VERSIONS
from socialwork.model import CREDIT_CODE_ALPHABET, KINDS, DivisionLevel
from socialwork.model.validators import INT_MAX

__all__ = ["json_schema"]

NOT_PRINTABLE = r"\x00-\x1f\x7f-\xa0\xad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff"
"""Characters that ``str.isprintable()`` refuses, as a pattern's class: controls,
the spaces but ``' '``, line and paragraph separators, and the common format characters."""

WHITE_SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""Exactly the characters that ``str.isspace()`` accepts, as a pattern's class."""

ID_PATTERN = f"^[^ {NOT_PRINTABLE}](?:[^{NOT_PRINTABLE}]*[^ {NOT_PRINTABLE}])?$"
"""An id: printable text, not empty, with no space at either end (``check_id``)."""

TEXT_PATTERN = f"[^{WHITE_SPACE}]"
"""A name: text with at least one character that is not white space (``check_text``)."""

_BELOW_LIMIT = "0*[0-9]{1,25}"  # a whole part below 10**25, as the model's numbers are
_MINUS_ZERO = r"-0+(?:\.0+)?"  # "-0" is zero, which is not negative
DECIMAL_PATTERN = rf"^(?:{_MINUS_ZERO}|{_BELOW_LIMIT}(?:\.[0-9]+)?)$"
"""A non-negative decimal below 10**25 written out in ASCII digits (``to_decimal``)."""
MONEY_PATTERN = rf"^(?:{_MINUS_ZERO}|{_BELOW_LIMIT}(?:\.[0-9]{{1,2}}0*)?)$"
"""An amount in whole fen: no digit but zeros after the second decimal place (``to_money``)."""
POSITIVE_MONEY_PATTERN = rf"^(?=[0-9.]*[1-9]){_BELOW_LIMIT}(?:\.[0-9]{{1,2}}0*)?$"
"""An amount in whole fen above zero (``to_money`` and ``check_positive``)."""
DATE_PATTERN = r"^(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
"""A date ``YYYY-MM-DD``; ``"format": "date"`` refuses the days no month has, where asserted."""

_LIMIT = 10**25
_CREDIT = f"[{CREDIT_CODE_ALPHABET}]"
CREDIT_CODE_PATTERN = f"^{_CREDIT}{{2}}[0-9]{{6}}{_CREDIT}{{10}}$"
"""A unified social credit code: 18 characters of GB 32100-2015, characters 3 to 8 digits."""
DIVISION_CODE_PATTERN = "^(?!00)[0-9]{6}(?:[0-9]{3}){0,2}$"
"""Any division's code: 6, 9 or 12 ASCII digits, starting with a province's two."""

_CODE_OF_LEVEL = {
    DivisionLevel.PROVINCE: "^(?!00)[0-9]{2}0000$",
    DivisionLevel.CITY: "^(?!00)[0-9]{2}(?!00)[0-9]{2}00$",
    DivisionLevel.DISTRICT: "^(?!00)[0-9]{4}(?!00)[0-9]{2}$",
    DivisionLevel.STREET: "^(?!00)[0-9]{6}(?!000)[0-9]{3}$",
    DivisionLevel.COMMUNITY: "^(?!00)[0-9]{9}(?!000)[0-9]{3}$",
}
_PARENT_OF_LEVEL: dict[DivisionLevel, str | None] = {
    DivisionLevel.PROVINCE: None,  # a province has no parent
    DivisionLevel.CITY: "^(?!00)[0-9]{2}0000$",
    DivisionLevel.DISTRICT: "^(?!00)[0-9]{2}[0-9]{2}00$",  # its city, or its province
    DivisionLevel.STREET: "^(?!00)[0-9]{6}$",
    DivisionLevel.COMMUNITY: "^(?!00)[0-9]{9}$",
}

# The bounds of the whole-number fields, as their validators (int_between) have them.
_INT_BOUNDS: dict[tuple[str, str], tuple[int, int]] = {
    ("projects", "person_times"): (0, INT_MAX),
    ("needs", "persons"): (1, INT_MAX),
    ("needs", "urgency"): (1, 5),
    ("funds", "committee_members"): (0, INT_MAX),
    ("funds", "committee_supervisors"): (0, INT_MAX),
    ("cases", "birth_year"): (1900, 2200),
    ("referrals", "urgency"): (1, 5),
    ("referrals", "revision"): (0, INT_MAX),
    ("referral_events", "sequence"): (1, INT_MAX),
}
# The fields whose text has a form of its own.
_TEXT_FIELDS: dict[tuple[str, str], str] = {("organizations", "credit_code"): CREDIT_CODE_PATTERN}


def _decimal_schema(field: attrs.Attribute[Any]) -> dict[str, Any]:
    # Which decimals are money, and which must be above zero, is read off the field's
    # own converter and validator, so that a new field cannot be described wrongly.
    converter: object = field.converter  # a function here; attrs types it as a Converter
    money = False
    if callable(converter):
        try:
            converter("0.001")
        except ValueError:
            money = True
    positive = False
    if field.validator is not None:
        try:
            field.validator(None, field, Decimal("0.00"))
        except ValueError:
            positive = True
    name = "PositiveMoney" if positive else "Money" if money else "Decimal"
    return {"$ref": f"#/$defs/{name}"}


def _shared_defs() -> dict[str, dict[str, Any]]:
    # The forms that many fields share, each defined once.
    def decimal(pattern: str, number: dict[str, int], description: str) -> dict[str, Any]:
        return {
            "description": description,
            "anyOf": [
                {"type": "string", "pattern": pattern},
                {"type": "number", **number, "exclusiveMaximum": _LIMIT},
            ],
        }

    money = (
        "yuan in whole fen, best written as a string such as '30000.00'; a JSON number is read "
        "exactly too, but only the loader checks its fen"
    )
    return {
        "Id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "An id: printable, no space at the ends.",
        },
        "DivisionCode": {
            "type": "string",
            "pattern": DIVISION_CODE_PATTERN,
            "description": "A division's official code: 6, 9 or 12 ASCII digits.",
        },
        "Text": {
            "type": "string",
            "pattern": TEXT_PATTERN,
            "description": "Text that is not only white space.",
        },
        "Date": {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "description": "A date, YYYY-MM-DD.",
        },
        "Decimal": decimal(
            DECIMAL_PATTERN,
            {"minimum": 0},
            "A decimal number from 0, best written as a string such as '1120.5'.",
        ),
        "Money": decimal(MONEY_PATTERN, {"minimum": 0}, f"An amount from 0: {money}."),
        "PositiveMoney": decimal(
            POSITIVE_MONEY_PATTERN, {"exclusiveMinimum": 0}, f"An amount above 0: {money}."
        ),
    }


def _type_schema(type_: Any, where: tuple[str, str], field: attrs.Attribute[Any]) -> dict[str, Any]:
    origin = typing.get_origin(type_)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(type_) if arg is not type(None)]
        (inner,) = options
        return {"anyOf": [_type_schema(inner, where, field), {"type": "null"}]}
    if origin in (tuple, frozenset):
        item = typing.get_args(type_)[0]
        schema: dict[str, Any] = {"type": "array", "items": _type_schema(item, where, field)}
        if origin is tuple:  # tuples of ids hold each id once; sets are read as sets
            schema["uniqueItems"] = True
        return schema
    if isinstance(type_, typing.NewType):
        if type_.__name__ == "DivisionCode":  # the code of a division, or a reference to one
            return {"$ref": "#/$defs/DivisionCode"}
        return {"$ref": "#/$defs/Id", "description": f"A {type_.__name__}."}
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return {"enum": [member.value for member in type_]}
    if type_ is str:
        if where in _TEXT_FIELDS:
            return {"type": "string", "pattern": _TEXT_FIELDS[where]}
        return {"$ref": "#/$defs/Text"}
    if type_ is bool:
        return {"type": "boolean"}
    if type_ is int:
        low, high = _INT_BOUNDS[where]
        return {"type": "integer", "minimum": low, "maximum": high}
    if type_ is Decimal:
        return _decimal_schema(field)
    if type_ is dt.date:
        return {"$ref": "#/$defs/Date"}
    msg = f"no JSON Schema for {type_!r}"  # pragma: no cover - a new field type
    raise TypeError(msg)  # pragma: no cover


def _division_levels() -> list[dict[str, Any]]:
    # A division's code and parent depend on its level: one if/then per level.
    rules = []
    for level, code in _CODE_OF_LEVEL.items():
        parent = _PARENT_OF_LEVEL[level]
        then = {
            "properties": {
                "code": {"pattern": code},
                "parent_code": {"type": "null"} if parent is None else {"pattern": parent},
            }
        }
        rules.append(
            {"if": {"properties": {"level": {"const": level.value}}, "required": ["level"]}, "then": then}
        )
    return rules


def _entity_schema(kind: str, cls: type) -> dict[str, Any]:
    attrs.resolve_types(cls)
    properties = {}
    required = []
    for field in attrs.fields(cls):
        properties[field.name] = _type_schema(field.type, (kind, field.name), field)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    doc = (cls.__doc__ or "").strip().splitlines()[0]
    schema: dict[str, Any] = {
        "type": "object",
        "description": doc,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if cls is KINDS["divisions"].cls:
        schema["allOf"] = _division_levels()
    return schema


def _versions() -> list[dict[str, Any]]:
    # In a document of an older version, the keys that came in later are unknown keys.
    rules = []
    for version in VERSIONS:
        newer: dict[str, list[str]] = {}
        for (kind, name), since in sorted(SINCE.items()):
            if since > version:
                newer.setdefault(kind, []).append(name)
        later = [kind for kind, since in KIND_SINCE.items() if since > version]
        if newer or later:
            properties: dict[str, Any] = {
                kind: {"items": {"properties": dict.fromkeys(names, False)}} for kind, names in newer.items()
            }
            properties.update(dict.fromkeys(later, False))
            then = {"properties": properties}
            rules.append({"if": {"properties": {"version": {"const": version}}}, "then": then})
    return rules


def json_schema() -> dict[str, Any]:
    r"""Return a JSON Schema (draft 2020-12) of the ``socialwork`` JSON format.

    The schema says as much of what :func:`socialwork.io.load` checks as JSON Schema
    can: the keys of each kind, required and unknown; types; enumeration values;
    id, name, date and amount formats (amounts in whole fen when written as strings,
    as :func:`socialwork.io.dump` writes them); the digits of division codes at each
    level and of their parents; the alphabet and layout of credit codes; the bounds
    of whole numbers; distinct ids in a list of ids; and the keys each version may
    hold. Every document that loads is valid under it.

    What needs more than one value, or arithmetic, only the loader checks, naming
    the path of each problem: references between entities, ids used twice, a code
    that extends its parent's, a credit code's check character, a project that ends
    before it starts, the fen of an amount written as a JSON number. Dates are
    checked by a pattern too, since ``"format": "date"`` is asserted only by
    validators asked to (Draft 2020-12 with a format checker).

    Examples:
        >>> schema = sw.io.json_schema()
        >>> schema["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
        >>> schema["properties"]["stations"]["items"]["$ref"]
        '#/$defs/Station'
        >>> schema["properties"]["version"]
        {'enum': [1, 2, 3]}
        >>> schema["$defs"]["Fund"]["properties"]["committee_members"]
        {'anyOf': [{'type': 'integer', 'minimum': 0, 'maximum': 9223372036854775807}, {'type': 'null'}]}
        >>> schema["$defs"]["Donation"]["properties"]["amount"]
        {'$ref': '#/$defs/PositiveMoney'}
        >>> schema["$defs"]["PositiveMoney"]["anyOf"][0]["pattern"]
        '^(?=[0-9.]*[1-9])0*[0-9]{1,25}(?:\\.[0-9]{1,2}0*)?$'

    .. versionchanged:: 0.2
       Version 2 of the format; ``"version"`` may be 1 or 2. As strict as JSON
       Schema can say what the loader checks: patterns for ids, names, codes,
       dates and amounts in whole fen, bounds of whole numbers, codes by level,
       and no version 2 key in a version 1 document. Version 3 adds the kinds of
       referral work; an older document may not hold their keys.
    """
    defs = {kind.cls.__name__: _entity_schema(name, kind.cls) for name, kind in KINDS.items()}
    defs.update(_shared_defs())
    properties: dict[str, Any] = {
        "format": {"const": FORMAT},
        "version": {"enum": list(VERSIONS)},
    }
    for kind, cls in ((name, k.cls) for name, k in KINDS.items()):
        properties[kind] = {"type": "array", "items": {"$ref": f"#/$defs/{cls.__name__}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://socialwork.readthedocs.io/schema/v{VERSION}.json",
        "title": "socialwork registry",
        "description": "A registry of a community social-work system, version "
        f"{VERSION} of the socialwork JSON format.",
        "type": "object",
        "properties": properties,
        "required": ["format", "version"],
        "additionalProperties": False,
        "allOf": _versions(),
        "$defs": defs,
    }
