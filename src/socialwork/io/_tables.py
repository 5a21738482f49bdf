"""CSV tables of a registry, one a kind, in one zip archive written atomically."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
import operator
import os
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any, Final

import attrs

from socialwork.io._graph import legal_value
from socialwork.io._json import write_target
from socialwork.model import KINDS, Registry
from socialwork.model.validators import instance_of
from socialwork.privacy import Pii, redact_registry

__all__ = ["write_tables"]

_check_registry: Final = instance_of(Registry)
_STAMP: Final = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: the same bytes every time


def _cell(value: object) -> str:
    found = legal_value(value)
    if found is None:
        return ""
    if isinstance(found, bool):
        return "true" if found else "false"
    return str(found)


def _enum_text(value: enum.Enum) -> str:
    found = value._value_  # what .value returns, without the descriptor's cost
    return found if type(found) is str else _cell(found)


_encode: Final = json.JSONEncoder(ensure_ascii=False).encode


def _collection_text(value: tuple[Any, ...] | frozenset[Any]) -> str:
    if not value:
        return "[]"
    if all(type(item) is str for item in value):
        items: list[Any] = list(value)
    else:
        items = [legal_value(item) for item in value]
    if isinstance(value, frozenset):
        items.sort(key=str)
    return _encode(items)  # as legal_value writes a collection: a JSON list


# The text of a cell by the type of its value: one dictionary look-up a cell for the common types
# (two million entities make some sixteen million cells); any other type goes through _cell once
# and, if it is an enumeration, has its converter remembered.
_CONVERTERS: Final[dict[type, Callable[[Any], str]]] = {
    str: str,
    int: str,
    bool: lambda flag: "true" if flag else "false",
    Decimal: str,
    dt.date: dt.date.isoformat,
    type(None): lambda _: "",
    tuple: _collection_text,
    frozenset: _collection_text,
}


def _converter(kind: type) -> Callable[[Any], str]:
    found = _CONVERTERS.get(kind)
    if found is None:
        found = _enum_text if issubclass(kind, enum.Enum) else _cell
        if found is _enum_text:
            _CONVERTERS[kind] = found
    return found


def _table(registry: Registry, kind: str) -> bytes:
    fields = [field.name for field in attrs.fields(KINDS[kind].cls)]
    index = getattr(registry, kind)
    values = (
        operator.attrgetter(*fields) if len(fields) > 1 else (lambda entity: (getattr(entity, fields[0]),))
    )
    converters = _CONVERTERS
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    writer.writerows(
        [(converters.get(type(value)) or _converter(type(value)))(value) for value in values(index[key])]
        for key in sorted(index)
    )
    # With a byte-order mark, as spreadsheets need to read Chinese text in UTF-8 as such.
    return buffer.getvalue().encode("utf-8-sig")


def write_tables(
    registry: Registry,
    target: str | os.PathLike[str] | IO[bytes],
    /,
    *,
    pii: Pii = "redact",
    key: bytes | str | None = None,
) -> None:
    """Write *registry* as CSV tables, one a kind, in a zip archive at *target*.

    The archive holds ``divisions.csv``, ``organizations.csv`` and so on, one for each
    kind of :data:`~socialwork.model.KINDS`, in that order, even when a kind is empty.
    Each table has a column per field of the kind's class, in the class's order, and a
    row per entity, sorted by id. Cells are those of :func:`legal_value`: enumerations
    as their values, money as exact text (``"6500.50"``), dates ``YYYY-MM-DD``,
    collections a JSON list as text (``["elderly", "youth"]``); ``None`` is an empty
    cell and booleans are ``true``/``false``. The text is UTF-8 with a byte-order mark,
    so that spreadsheets show Chinese as it is (read it with ``encoding="utf-8-sig"``).
    The same registry gives the same bytes every time.

    Tables are made to be shared, so personal values are redacted by default; *pii*
    and *key* are those of :func:`socialwork.privacy.redact_registry` (``"include"``
    keeps them). A path is written atomically (:func:`write_atomically`): a failure
    leaves an existing file as it was.

    Args:
        registry: The registry to write.
        target: A path, or a file open for writing bytes.
        pii: ``"redact"`` (the default), ``"pseudonymise"`` (with *key*) or ``"include"``.
        key: The key of the pseudonyms.

    Raises:
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`, or
            *target* neither a path nor a binary file.
        InvalidValueError: *pii* is not one of the three, or ``"pseudonymise"`` has no key.
        OSError: the file cannot be written; *target* is unchanged.

    Examples:
        >>> import csv, io, zipfile
        >>> from socialwork.io import write_tables
        >>> buffer = io.BytesIO()
        >>> write_tables(sw.datasets.example(), buffer)
        >>> archive = zipfile.ZipFile(buffer)
        >>> archive.namelist()[:3]
        ['divisions.csv', 'organizations.csv', 'stations.csv']
        >>> rows = list(csv.DictReader(io.StringIO(archive.read("stations.csv").decode("utf-8-sig"))))
        >>> rows[0]["id"], rows[0]["level"], rows[0]["name"]
        ('wh-c-jinli', 'community', '锦里社区社工室')
        >>> {row["name"] for row in csv.DictReader(
        ...     io.StringIO(archive.read("social_workers.csv").decode("utf-8-sig")))}
        {'<redacted>'}

    .. versionadded:: 0.2
    """
    _check_registry(None, "registry", registry)
    shared = redact_registry(registry, pii=pii, key=key)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind in KINDS:
            member = zipfile.ZipInfo(f"{kind}.csv", date_time=_STAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, _table(shared, kind))
    data = buffer.getvalue()
    write_target(target, data)
