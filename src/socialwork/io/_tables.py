"""CSV tables of a registry, one a kind, in one zip archive written atomically."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path
from typing import IO, Final

import attrs

from socialwork.errors import InvalidTypeError
from socialwork.io._graph import legal_value
from socialwork.io._json import write_atomically
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


def _table(registry: Registry, kind: str) -> bytes:
    fields = [field.name for field in attrs.fields(KINDS[kind].cls)]
    index = getattr(registry, kind)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for key in sorted(index):
        entity = index[key]
        writer.writerow([_cell(getattr(entity, name)) for name in fields])
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
    if isinstance(target, str | os.PathLike):
        write_atomically(Path(target), data)
    elif hasattr(target, "write"):
        target.write(data)
    else:
        msg = f"expected a path or a binary file, got {type(target).__name__}"
        raise InvalidTypeError(msg, path="target")
