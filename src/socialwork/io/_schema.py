"""A JSON Schema (draft 2020-12) of the format, derived from the entity classes."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from socialwork.io._json import FORMAT, VERSION, VERSIONS
from socialwork.model import KINDS

__all__ = ["json_schema"]

_DECIMAL = {
    "description": "A decimal number, best given as a string such as '30000.00'.",
    "oneOf": [
        {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
        {"type": "number"},
    ],
}
_ID = {"type": "string", "minLength": 1, "pattern": "^\\S(.*\\S)?$"}


def _type_schema(type_: Any) -> dict[str, Any]:
    origin = typing.get_origin(type_)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(type_) if arg is not type(None)]
        (inner,) = options
        return {"anyOf": [_type_schema(inner), {"type": "null"}]}
    if origin in (tuple, frozenset):
        item = typing.get_args(type_)[0]
        schema: dict[str, Any] = {"type": "array", "items": _type_schema(item)}
        if origin is tuple:
            schema["uniqueItems"] = True
        return schema
    if isinstance(type_, typing.NewType):
        return dict(_ID, description=f"A {type_.__name__}.")
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return {"enum": [member.value for member in type_]}
    if type_ is str:
        return {"type": "string"}
    if type_ is bool:
        return {"type": "boolean"}
    if type_ is int:
        return {"type": "integer"}
    if type_ is Decimal:
        return dict(_DECIMAL)
    if type_ is dt.date:
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    msg = f"no JSON Schema for {type_!r}"  # pragma: no cover - a new field type
    raise TypeError(msg)  # pragma: no cover


def _entity_schema(cls: type) -> dict[str, Any]:
    attrs.resolve_types(cls)
    properties = {}
    required = []
    for field in attrs.fields(cls):
        properties[field.name] = _type_schema(field.type)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    doc = (cls.__doc__ or "").strip().splitlines()[0]
    return {
        "type": "object",
        "description": doc,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """Return a JSON Schema (draft 2020-12) of the ``socialwork`` JSON format.

    The schema checks the shape of a document: keys, types, codes' digits, enum
    values. Rules that need more than one value (a division code that fits its
    level, references between entities, check characters) are checked by
    :func:`socialwork.io.load`, which names the path of each problem. The
    schema describes version 2 and accepts the version of any document the
    loader reads; the loader also refuses, in a version 1 document, the keys
    that came in with version 2.

    Examples:
        >>> schema = sw.io.json_schema()
        >>> schema["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
        >>> schema["properties"]["stations"]["items"]["$ref"]
        '#/$defs/Station'
        >>> schema["properties"]["version"]
        {'enum': [1, 2]}
        >>> schema["$defs"]["Fund"]["properties"]["committee_members"]
        {'anyOf': [{'type': 'integer'}, {'type': 'null'}]}

    .. versionchanged:: 0.2
       Version 2 of the format; ``"version"`` may be 1 or 2.
    """
    defs = {kind.cls.__name__: _entity_schema(kind.cls) for kind in KINDS.values()}
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
        "$defs": defs,
    }
