"""Partitioned Parquet datasets of a registry: one table a kind, in folders by division."""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import json
import operator
import os
import secrets
import shutil
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal, get_args, get_origin

import attrs

from socialwork._bulk import gc_paused
from socialwork._optional import import_optional
from socialwork.errors import (
    FieldError,
    InvalidRegistryError,
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    Message,
    Problem,
    SocialWorkError,
    WriteError,
    excerpt,
    reason_of,
)
from socialwork.io._frames import MONEY_FIELDS
from socialwork.model import KINDS, REFERENCES, Registry
from socialwork.model.validators import instance_of
from socialwork.privacy import Pii, redact_registry

__all__ = [
    "DATASET_FORMAT",
    "DATASET_VERSION",
    "DATASET_VERSIONS",
    "PARTITION_LEVELS",
    "PartitionLevel",
    "partition_sources",
    "read_dataset",
    "write_dataset",
]

DATASET_FORMAT: Final = "socialwork"
"""The value of ``socialwork.format`` in the schema metadata of every file of a dataset."""
DATASET_VERSION: Final = 1
"""The version of the dataset layout this library writes (``socialwork.version`` in each file).

.. versionadded:: 0.3
"""
DATASET_VERSIONS: Final = (1,)
"""The versions of the dataset layout this library reads.

.. versionadded:: 0.3
"""

PartitionLevel = Literal["province", "city", "district"]
"""The level of the division codes a dataset's folders are named by."""

PARTITION_LEVELS: Final[Mapping[str, int]] = types.MappingProxyType({"province": 2, "city": 4, "district": 6})
"""The partition levels, each with the number of leading digits of a division code it keeps.

.. versionadded:: 0.3
"""

NONE_PARTITION: Final = "__none__"
"""The folder of the entities that belong to no division (an organization without one)."""

_MARKER: Final = "_socialwork.json"  # pyarrow and other readers skip names that start with "_"
_FILE: Final = "part-0.parquet"
_CANNOT = Message("cannot read the dataset", "无法读取数据集")
_PURPOSE: Final = "socialwork.io.write_dataset() and read_dataset()"
_MONEY_LIMIT: Final = Decimal(10) ** 16  # decimal128(18, 2) holds less than this
_check_registry: Final = instance_of(Registry)


def _pyarrow() -> tuple[Any, Any]:
    pa = import_optional("pyarrow", extra="parquet", purpose=_PURPOSE)
    pq = import_optional("pyarrow.parquet", extra="parquet", purpose=_PURPOSE)
    return pa, pq


# -- columns, from the attrs fields of each kind ------------------------------------------------


@attrs.frozen
class _Column:
    name: str
    form: str  # "text", "enum", "money", "decimal", "int", "bool", "date", "ids", "enums"
    optional: bool
    enum: type[enum.Enum] | None = None
    has_default: bool = False
    default: Any = None


def _column(kind: str, field: attrs.Attribute[Any], hint: Any) -> _Column:
    args = [arg for arg in get_args(hint) if arg is not type(None)]
    optional = type(None) in get_args(hint)
    base = args[0] if optional and len(args) == 1 else hint
    base = getattr(base, "__supertype__", base)  # a NewType of str
    has_default = field.default is not attrs.NOTHING
    default = field.default if has_default else None

    def made(type_: str, members: type[enum.Enum] | None = None) -> _Column:
        return _Column(field.name, type_, optional, members, has_default=has_default, default=default)

    if isinstance(base, type) and issubclass(base, enum.Enum):
        return made("enum", base)
    if get_origin(base) in (tuple, frozenset):
        inner = get_args(base)[0]
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            return made("enums", inner)
        return made("ids" if get_origin(base) is tuple else "texts")
    if base is Decimal:
        return made("money" if field.name in MONEY_FIELDS[kind] else "decimal")
    if base is bool:
        return made("bool")
    if base is int:
        return made("int")
    if base is dt.date:
        return made("date")
    return made("text")


def _members_of(column: _Column) -> type[enum.Enum]:
    if column.enum is None:  # pragma: no cover - only enumeration columns ask
        raise AssertionError(column.name)
    return column.enum


@cache
def _columns(kind: str) -> tuple[_Column, ...]:
    cls = KINDS[kind].cls
    hints = typing.get_type_hints(cls)
    return tuple(_column(kind, field, hints[field.name]) for field in attrs.fields(cls))


def _arrow_type(pa: Any, column: _Column) -> Any:
    return {
        "text": pa.string,
        "enum": lambda: pa.dictionary(pa.int32(), pa.string()),
        "money": lambda: pa.decimal128(18, 2),
        "decimal": pa.string,  # exact, in the form the entity holds (an area, hours)
        "int": pa.int64,
        "bool": pa.bool_,
        "date": pa.date32,
        "ids": lambda: pa.list_(pa.string()),
        "texts": lambda: pa.list_(pa.string()),
        "enums": lambda: pa.list_(pa.string()),
    }[column.form]()


def _schema(pa: Any, kind: str, level: str) -> Any:
    fields = [pa.field(c.name, _arrow_type(pa, c), nullable=c.optional) for c in _columns(kind)]
    metadata = {
        b"socialwork.format": DATASET_FORMAT.encode(),
        b"socialwork.version": str(DATASET_VERSION).encode(),
        b"socialwork.kind": kind.encode(),
        b"socialwork.partition_by": level.encode(),
    }
    return pa.schema(fields, metadata=metadata)


# -- partitions ------------------------------------------------------------------------------


def partition_sources() -> dict[str, tuple[str, ...]]:
    """Return, for each kind, where its entities take the division that files them.

    A division is filed under its own code. Any other entity takes the division of
    the first of its references (in the order of :data:`~socialwork.model.REFERENCES`)
    that gives one: a reference to a division gives that division (the smallest code
    of a list of them), a reference to another entity the division that entity is
    filed under. An entity that none of its references files (an organization
    without a division, a social worker with neither employer nor station) goes to
    the ``__none__`` folder.

    Returns:
        A dict from kind name to the fields it takes its division from, in order.

    Examples:
        >>> from socialwork.io import partition_sources
        >>> sources = partition_sources()
        >>> sources["divisions"], sources["volunteers"], sources["donations"]
        (('code',), ('division_id',), ('fund_id',))
        >>> sources["social_workers"]
        ('employer_id', 'station_id')

    .. versionadded:: 0.3
    """
    order = list(KINDS)
    found: dict[str, tuple[str, ...]] = {}
    for kind in KINDS:
        if kind == "divisions":
            found[kind] = (KINDS[kind].id_field,)
            continue
        found[kind] = tuple(
            ref.field
            for ref in REFERENCES
            if ref.kind == kind and (ref.target == "divisions" or order.index(ref.target) < order.index(kind))
        )
    return found


def _step_codes(
    values: list[Any], *, many: bool, targets: Mapping[str, str | None] | None
) -> list[str | None]:
    """The division each value of one reference gives: itself, or that of the entity it names."""
    if targets is None:
        if many:
            return [min(v) if v else None for v in values]
        return values
    get = targets.get
    if not many:
        return [None if v is None else get(v) for v in values]
    found: list[str | None] = []
    for value in values:
        codes = [c for c in map(get, value) if c is not None]
        found.append(min(codes) if codes else None)
    return found


def _divisions_of(registry: Registry) -> dict[str, list[str | None]]:
    """The full division code each entity is filed under, kind by kind, in the order of its index."""
    sources = partition_sources()
    targets = {ref.target for ref in REFERENCES}
    reference = {(ref.kind, ref.field): ref for ref in REFERENCES}
    placed: dict[str, list[str | None]] = {}
    by_id: dict[str, dict[str, str | None]] = {}
    for kind, fields in sources.items():
        index = getattr(registry, kind)
        entities = list(index.values())
        codes: list[str | None]
        if kind == "divisions":
            codes = list(index)
        else:
            codes = []
            for field in fields:
                ref = reference[(kind, field)]
                values = list(map(operator.attrgetter(field), entities))
                targets_of = None if ref.target == "divisions" else by_id[ref.target]
                found = _step_codes(values, many=ref.many, targets=targets_of)
                if not codes:
                    codes = found
                else:
                    codes = [new if code is None else code for code, new in zip(codes, found, strict=True)]
                if None not in codes:
                    break
            if len(codes) != len(entities):  # a kind with no reference that files it
                codes = [None] * len(entities)
        placed[kind] = codes
        if kind in targets:
            by_id[kind] = dict(zip(index, codes, strict=True))
    return placed


# -- writing ---------------------------------------------------------------------------------


def _check_money_column(column: _Column, values: list[Any], kind: str, ids: list[str]) -> None:
    for entity_id, value in zip(ids, values, strict=True):
        if value is not None and value >= _MONEY_LIMIT:
            msg = Message(
                "{kind} {id}: {field} is {value}, more than a dataset holds (decimal128(18, 2))",
                "{kind} {id}：{field} 为 {value}，超出数据集所能容纳（decimal128(18, 2)）",
                kind=KINDS[kind].singular,
                id=excerpt(entity_id),
                field=column.name,
                value=str(value),
            )
            raise InvalidValueError(msg, path=f"registry.{kind}")


def _arrow_array(pa: Any, column: _Column, values: list[Any], kind: str, ids: list[str]) -> Any:
    """The Arrow array of one column's values."""
    type_ = _arrow_type(pa, column)
    if column.form == "enum":
        members = list(_members_of(column))
        position: dict[int, int | None] = {id(member): i for i, member in enumerate(members)}  # no hashing
        position[id(None)] = None
        indices = pa.array(list(map(position.__getitem__, map(id, values))), type=pa.int32())
        dictionary = pa.array([member.value for member in members], type=pa.string())
        return pa.DictionaryArray.from_arrays(indices, dictionary)
    if column.form in ("enums", "texts"):
        if column.form == "texts":
            items = [sorted(value) for value in values]
        else:
            items = [sorted([m._value_ for m in value]) if value else [] for value in values]
        return pa.array(items, type=type_)
    if column.form == "decimal":
        return pa.array([None if v is None else str(v) for v in values], type=type_)
    if column.form == "money":
        _check_money_column(column, values, kind, ids)
    return pa.array(values, type=type_)  # a tuple of ids keeps its order: it is part of the entity


def _kind_table(pa: Any, registry: Registry, kind: str, level: str, codes: list[str | None]) -> Any:
    """The kind's table, its rows sorted by partition then id, and its partitions with their row counts."""
    pc = import_optional("pyarrow.compute", extra="parquet", purpose=_PURPOSE)
    digits = PARTITION_LEVELS[level]
    index = getattr(registry, kind)
    schema = _schema(pa, kind, level)
    ids = list(index)
    entities = list(index.values())
    arrays = [
        _arrow_array(pa, c, list(map(operator.attrgetter(c.name), entities)), kind, ids)
        for c in _columns(kind)
    ]
    table = pa.Table.from_arrays(arrays, schema=schema)
    if not ids:
        return table, []
    partition = pc.utf8_slice_codeunits(pa.array(codes, type=pa.string()), 0, digits)
    if digits < 6:
        partition = pc.binary_join_element_wise(partition, "0" * (6 - digits), "")
    partition = pc.fill_null(partition, NONE_PARTITION)
    order = pc.sort_indices(
        pa.table({"p": partition, "i": table.column(KINDS[kind].id_field)}),
        sort_keys=[("p", "ascending"), ("i", "ascending")],
    )
    table = table.take(order)
    counts = pc.value_counts(partition).to_pylist()
    return table, sorted((count["values"], count["counts"]) for count in counts)


def _check_path(given: object, name: str) -> Path:
    if isinstance(given, str | os.PathLike):
        text = os.fspath(given)
        if isinstance(text, str) and text and "\0" not in text:
            return Path(text)
    if isinstance(given, str | os.PathLike):
        msg = Message(
            "expected the path of a folder, got {path}",
            "应为文件夹的路径，实为 {path}",
            path=excerpt(str(given)),
        )
        raise InvalidValueError(msg, path=name)
    msg = Message("expected a path, got {type}", "应为路径，实为 {type}", type=type(given).__name__)
    raise InvalidTypeError(msg, path=name)


def _is_dataset(path: Path) -> bool:
    return (path / _MARKER).is_file()


def write_dataset(
    registry: Registry,
    path: str | os.PathLike[str],
    /,
    *,
    partition_by: PartitionLevel = "province",
    pii: Pii = "include",
    key: bytes | str | None = None,
) -> None:
    """Write *registry* as a Parquet dataset in the folder *path* (the ``parquet`` extra).

    The folder holds one sub-folder a kind of :data:`~socialwork.model.KINDS`, each
    partitioned the hive way by the division its entities are filed under (see
    :func:`partition_sources`), cut to *partition_by*: ``stations/province=510000/part-0.parquet``
    (the province's first two digits and ``0000``; a city keeps four and ``00``, a
    district all six). Entities filed under no division are in ``province=__none__``.
    Each file has a column per field of the kind's class, rows sorted by id:

    * text and ids are strings; enumerations dictionary-encoded strings of their values;
    * money (:data:`~socialwork.io.MONEY_FIELDS`) ``decimal128(18, 2)``; other
      decimals (an area, hours) exact text; dates ``date32``; whole numbers ``int64``;
    * a tuple of ids is a ``list<string>`` in its order, a set a sorted ``list<string>``.

    The schema metadata of every file names the format and its version
    (``socialwork.format``, ``socialwork.version``, :data:`DATASET_VERSION`), the kind
    and the partition level. The dataset is lossless by default (``pii="include"``);
    *pii* and *key* are those of :func:`socialwork.privacy.redact_registry`.

    The dataset is written into a hidden sibling folder and then put in the place of
    *path*, so a failure leaves what was there; an existing *path* is replaced only
    if it is an empty folder or a dataset this library wrote.

    Args:
        registry: The registry to write.
        path: The folder of the dataset.
        partition_by: ``"province"`` (the default), ``"city"`` or ``"district"``.
        pii: ``"include"`` (the default), ``"redact"`` or ``"pseudonymise"`` (with *key*).
        key: The key of the pseudonyms.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry` or *path* not a path.
        InvalidValueError: *partition_by* or *pii* is not one of the above, an amount is
            too large for ``decimal128(18, 2)``, or *path* is something else than a dataset.
        WriteError: the folder cannot be written; *path* is unchanged.

    Examples:
        >>> import pyarrow  # the parquet extra: without it, the example is skipped
        >>> import tempfile
        >>> from pathlib import Path
        >>> from socialwork.io import read_dataset, write_dataset
        >>> folder = Path(tempfile.mkdtemp()) / "chengdu"
        >>> write_dataset(sw.datasets.example(), folder, partition_by="district")
        >>> sorted(p.name for p in (folder / "stations").iterdir())
        ['district=510107']
        >>> read_dataset(folder) == sw.datasets.example()
        True

    .. versionadded:: 0.3
    """
    _check_registry(None, "registry", registry)
    target = _check_path(path, "path")
    given: object = partition_by  # callers outside the type checker may pass anything
    if not isinstance(given, str) or given not in PARTITION_LEVELS:
        msg = Message(
            "expected 'province', 'city' or 'district', got {got}",
            "应为 'province'、'city' 或 'district'，实为 {got}",
            got=excerpt(partition_by),
        )
        raise InvalidValueError(msg, path="partition_by")
    shared = redact_registry(registry, pii=pii, key=key)
    pa, pq = _pyarrow()
    if target.exists() and not (target.is_dir() and (_is_dataset(target) or not any(target.iterdir()))):
        msg = Message(
            "{path} exists and is not a socialwork dataset; it is left as it is",
            "{path} 已存在且不是 socialwork 数据集；未改动它",
            path=excerpt(str(target)),
        )
        raise InvalidValueError(msg, path="path")
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    counts: dict[str, int] = {}
    try:
        temporary.mkdir()
        # Arrow writes one kind's files (without the GIL) while Python builds the next kind's table.
        with gc_paused(), ThreadPoolExecutor(max_workers=2) as pool:
            where = _divisions_of(shared)
            writes = []
            for kind in KINDS:
                table, partitions = _kind_table(pa, shared, kind, partition_by, where.pop(kind))
                counts[kind] = table.num_rows
                folder = temporary / kind
                folder.mkdir()
                start = 0
                for value, count in partitions:
                    part = folder / f"{partition_by}={value}"
                    part.mkdir()
                    piece = table.slice(start, count)
                    writes.append(pool.submit(pq.write_table, piece, part / _FILE, compression="zstd"))
                    start += count
            for write in writes:
                write.result()
        marker = {
            "format": DATASET_FORMAT,
            "version": DATASET_VERSION,
            "partition_by": partition_by,
            "counts": counts,
        }
        (temporary / _MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
        if target.exists():
            old = target.with_name(f".{target.name}.{secrets.token_hex(8)}.old")
            target.replace(old)
            try:
                temporary.replace(target)
            except OSError:
                old.replace(target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            temporary.replace(target)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise WriteError(error.errno, reason_of(error), str(path)) from None
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


# -- reading ---------------------------------------------------------------------------------


def _significant(code: str) -> str:
    """The digits of a code that say which division it is: ``510000`` is ``51``, ``510100`` ``5101``."""
    if len(code) == 6:
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


def _problem(message: Message, where: str) -> LoadError:
    return LoadError(_CANNOT, [Problem(where, message)])


def _check_divisions(divisions: object) -> list[str] | None:
    if divisions is None:
        return None
    if isinstance(divisions, str | bytes) or not isinstance(divisions, Iterable):
        msg = Message(
            "expected a list of division codes, got {type}",
            "应为行政区划代码的列表，实为 {type}",
            type=type(divisions).__name__,
        )
        raise InvalidTypeError(msg, path="divisions")
    codes = list(divisions)
    for position, code in enumerate(codes):
        if not (isinstance(code, str) and len(code) in (6, 9, 12) and code.isascii() and code.isdigit()):
            msg = Message(
                "expected a division code of 6, 9 or 12 digits, got {got}",
                "应为 6、9 或 12 位数字的行政区划代码，实为 {got}",
                got=excerpt(code),
            )
            raise InvalidValueError(msg, path=f"divisions[{position}]")
    return codes


def _read_marker(root: Path) -> tuple[str, Mapping[str, object]]:
    marker = root / _MARKER
    if not root.is_dir() or not marker.is_file():
        msg = Message(
            "{path} is not a socialwork dataset (it has no {marker})",
            "{path} 不是 socialwork 数据集（缺少 {marker}）",
            path=excerpt(str(root)),
            marker=_MARKER,
        )
        raise _problem(msg, "")
    try:
        found = json.loads(marker.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        msg = Message("not valid JSON: {reason}", "不是有效的 JSON：{reason}", reason=reason_of(error))
        raise _problem(msg, _MARKER) from None
    if not isinstance(found, dict) or found.get("format") != DATASET_FORMAT:
        msg = Message("not the marker of a socialwork dataset", "不是 socialwork 数据集的标记文件")
        raise _problem(msg, _MARKER)
    _check_version(found.get("version"), f"{_MARKER}.version")
    level = found.get("partition_by")
    if not isinstance(level, str) or level not in PARTITION_LEVELS:
        msg = Message(
            "expected 'province', 'city' or 'district', got {got}",
            "应为 'province'、'city' 或 'district'，实为 {got}",
            got=excerpt(level),
        )
        raise _problem(msg, f"{_MARKER}.partition_by")
    counts = found.get("counts")
    return level, counts if isinstance(counts, dict) else {}


def _check_version(version: object, where: str) -> None:
    if type(version) is not int or version not in DATASET_VERSIONS:
        msg = Message(
            "expected version {versions} of the dataset layout, got {got} (a newer library may read it)",
            "应为数据集格式版本 {versions}，实为 {got}（更新的库也许能读取）",
            versions=", ".join(map(str, DATASET_VERSIONS)),
            got=excerpt(version),
        )
        raise _problem(msg, where)


def _parquet_files(part: Path) -> list[Path]:
    """The Parquet files of one partition's folder, listed when it is read."""
    return sorted(f for f in part.iterdir() if f.suffix == ".parquet" and not f.name.startswith(("_", ".")))


def _files(root: Path, kind: str, level: str, counts: Mapping[str, object]) -> dict[str, Path]:
    """The folders of *kind* by partition value.

    A kind the dataset holds none of may have no folder (copies and version control
    drop empty folders; a dataset written before a kind came in lacks it).
    """
    folder = root / kind
    found: dict[str, Path] = {}
    if not folder.is_dir():
        if counts.get(kind, 0) == 0:
            return found
        msg = Message(
            "the folder of {kind} is missing, though the dataset holds {count!r} of them",
            "缺少{kind}的文件夹，但数据集中有 {count!r} 个",
            kind=Message(kind, KINDS[kind].zh),
            count=counts.get(kind),
        )
        raise _problem(msg, kind)
    prefix = f"{level}="
    for part in sorted(folder.iterdir()):
        if part.name.startswith(("_", ".")):
            continue
        if not part.is_dir() or not part.name.startswith(prefix):
            msg = Message(
                "expected a folder named {prefix}<code>, got {name}",
                "应为名为 {prefix}<代码> 的文件夹，实为 {name}",
                prefix=prefix,
                name=excerpt(part.name),
            )
            raise _problem(msg, f"{kind}/{part.name}")
        found[part.name[len(prefix) :]] = part
    return found


def _relative(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _open_table(pa: Any, pq: Any, root: Path, file: Path, kind: str) -> Any:
    name = _relative(root, file)
    try:
        table = pq.read_table(file, partitioning=None)
        table.validate(
            full=True
        )  # UTF-8 text, offsets and dictionary indices in range: a few ms a million rows
    except (OSError, UnicodeDecodeError, pa.ArrowException) as error:
        msg = Message(
            "not a Parquet file this library can read: {reason}",
            "不是本库能读的 Parquet 文件：{reason}",
            reason=reason_of(error),
        )
        raise _problem(msg, name) from None
    try:
        return _checked(pa, table, name, kind)
    except UnicodeDecodeError as error:  # a damaged schema: a column name that is not UTF-8
        msg = Message("cannot be read: {reason}", "无法读取：{reason}", reason=reason_of(error))
        raise _problem(msg, name) from None


def _checked(pa: Any, table: Any, name: str, kind: str) -> Any:
    """*table* if its metadata and columns are those of *kind* in a version this library reads."""
    metadata = table.schema.metadata or {}
    if metadata.get(b"socialwork.format") != DATASET_FORMAT.encode():
        msg = Message(
            "a Parquet file that socialwork did not write (no socialwork.format in its metadata)",
            "不是 socialwork 写的 Parquet 文件（元数据中没有 socialwork.format）",
        )
        raise _problem(msg, name)
    raw = metadata.get(b"socialwork.version", b"")
    version: object = int(raw) if raw.isdigit() else raw.decode("utf-8", "replace")
    _check_version(version, f"{name}: socialwork.version")
    if metadata.get(b"socialwork.kind") != kind.encode():
        msg = Message(
            "a file of {got}, in the folder of {kind}",
            "{got}的文件，却在{kind}的文件夹中",
            got=excerpt(metadata.get(b"socialwork.kind", b"").decode("utf-8", "replace")),
            kind=kind,
        )
        raise _problem(msg, name)
    columns = {c.name: c for c in _columns(kind)}
    for field in table.schema:
        column = columns.get(field.name)
        if column is None:
            msg = Message(
                "unknown column {column!r}; the columns of {kind} are {expected}",
                "未知的列 {column!r}；{kind}的列为 {expected}",
                column=field.name,
                kind=kind,
                expected=", ".join(columns),
            )
            raise _problem(msg, f"{name}: {field.name}")
        wanted = _arrow_type(pa, column)
        if field.type != wanted:
            msg = Message(
                "expected a column of {wanted}, got {got}",
                "应为 {wanted} 类型的列，实为 {got}",
                wanted=str(wanted),
                got=str(field.type),
            )
            raise _problem(msg, f"{name}: {field.name}")
    for column in columns.values():
        if column.name not in table.column_names and not column.has_default:
            msg = Message("the required column is missing", "缺少必需的列")
            raise _problem(msg, f"{name}: {column.name}")
    return table


def _members(pa: Any, chunked: Any, column: _Column, where: str) -> list[Any]:
    """The enumeration members of a dictionary-encoded column, each dictionary value looked up once."""
    lookup = _members_of(column)._value2member_map_
    out: list[Any] = []
    for chunk in chunked.chunks:
        members = []
        for value in chunk.dictionary.to_pylist():
            member = lookup.get(value)
            if member is None:
                positions = [i for i, v in enumerate(chunk.cast(pa.string()).to_pylist()) if v == value]
                if positions:  # an unused dictionary value is harmless
                    raise _unknown_member(where, len(out) + positions[0], column, value)
            members.append(member)
        out.extend(None if i is None else members[i] for i in chunk.indices.to_pylist())
    return out


def _python_values(pa: Any, chunked: Any, column: _Column, where: str) -> list[Any]:
    if column.form == "enum":
        return _members(pa, chunked, column, where)
    values: list[Any] = chunked.to_pylist()
    if column.form == "enums":
        lookup = _members_of(column)._value2member_map_
        seen: dict[tuple[str, ...], frozenset[Any]] = {}
        out = []
        for position, items in enumerate(values):
            key = tuple(items or ())
            found = seen.get(key)
            if found is None:
                for value in key:
                    if value not in lookup:
                        raise _unknown_member(where, position, column, value)
                found = seen[key] = frozenset(lookup[value] for value in key)
            out.append(found)
        return out
    if column.form == "ids":
        return [() if v is None else tuple(v) for v in values]
    if column.form == "texts":
        return [frozenset() if v is None else frozenset(v) for v in values]
    if column.form == "decimal":  # exact text; the entity's converter checks the number
        try:
            return [None if v is None else Decimal(v) for v in values]
        except ArithmeticError:
            return values  # the converter names the cell that is not a number
    return values


@cache
def _maker(kind: str, names: tuple[str, ...]) -> Callable[..., Any]:
    """A function of the columns' values, in *names* order, that makes one entity (no dict a row)."""
    columns = {c.name: c for c in _columns(kind)}
    namespace: dict[str, Any] = {"__cl": KINDS[kind].cls}
    arguments = []
    for position, name in enumerate(names):
        column = columns[name]
        if column.has_default:  # a missing cell takes the default
            namespace[f"__d{position}"] = column.default
            arguments.append(f"{name}=(__d{position} if v{position} is None else v{position})")
        else:
            arguments.append(f"{name}=v{position}")
    parameters = ", ".join(f"v{i}" for i in range(len(names)))
    source = f"def make({parameters}):\n    return __cl({', '.join(arguments)})\n"
    exec(compile(source, f"<socialwork dataset {kind}>", "exec"), namespace)  # noqa: S102
    return namespace["make"]  # type: ignore[no-any-return]


def _unknown_member(where: str, position: int, column: _Column, value: object) -> LoadError:
    members = ", ".join(repr(m.value) for m in _members_of(column))
    msg = Message(
        "expected one of {members}, got {got}",
        "应为 {members} 之一，实为 {got}",
        members=members,
        got=excerpt(value),
    )
    return _problem(msg, f"{where}[{position}].{column.name}")


def _entities(
    pa: Any, root: Path, file: Path, table: Any, kind: str, *, rows: list[int] | None = None
) -> list[Any]:
    """The entities of *table*, a file's rows (*rows*: their numbers in the file, if not all of them)."""
    name = _relative(root, file)
    present = [c for c in _columns(kind) if c.name in table.column_names]
    lists = []
    for column in present:
        try:
            lists.append(_python_values(pa, table.column(column.name), column, name))
        except SocialWorkError:
            raise
        except (ArithmeticError, UnicodeDecodeError, ValueError, IndexError, pa.ArrowException) as error:
            msg = Message("cannot be read: {reason}", "无法读取：{reason}", reason=reason_of(error))
            raise _problem(msg, f"{name}: {column.name}") from None
    make = _maker(kind, tuple(c.name for c in present))
    try:
        return list(map(make, *lists)) if lists else []
    except Exception:  # noqa: S110 - the slow path below says which row and why
        pass
    made = []
    problems: list[Problem] = []
    for number, row in enumerate(zip(*lists, strict=True)):
        position = number if rows is None else rows[number]
        try:
            made.append(make(*row))
        except FieldError as error:
            problems.extend(problem.under(f"{name}[{position}]") for problem in error.problems)
        except (SocialWorkError, TypeError, ValueError) as error:
            msg = Message("cannot be read: {reason}", "无法读取：{reason}", reason=reason_of(error))
            problems.append(Problem(f"{name}[{position}]", msg))
    if problems:
        raise LoadError(_CANNOT, problems)
    return made


def _selected(values: Iterable[str], codes: list[str] | None) -> list[str]:
    if codes is None:
        return list(values)
    wanted = [_significant(code) for code in codes]
    chosen = []
    for value in values:
        if value == NONE_PARTITION:
            continue
        mine = _significant(value)
        if any(mine.startswith(w) or w.startswith(mine) for w in wanted):
            chosen.append(value)
    return chosen


def read_dataset(
    path: str | os.PathLike[str],
    /,
    *,
    divisions: Iterable[str] | None = None,
) -> Registry:
    """Return the registry in the Parquet dataset *path* that :func:`write_dataset` wrote.

    With *divisions* (division codes), only the files of the partitions that lie in
    one of them, or that they lie in, are opened: ``divisions=["510107"]`` of a
    dataset partitioned by district reads ``district=510107`` and the folders of the
    city and the province above it (their own divisions, so the tree is whole). What
    those entities refer to elsewhere (an operator filed under another district or
    under none) is then looked up by id in the other files of its kind, until every
    reference resolves, so that the registry builds; nothing that refers *into* the
    selection from outside is read. The finest selection is one partition: a street
    of a dataset partitioned by district reads its whole district.

    A dataset of any version in :data:`DATASET_VERSIONS` is read; a file that lacks
    a column of a field that has a default (written before the field came in) takes
    the default.

    Args:
        path: The folder of the dataset.
        divisions: Division codes to read, or ``None`` for the whole dataset.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        LoadError: the folder is not a dataset, a file is not Parquet or not one of
            this library's, of a newer version, or holds a column or a value the
            format does not allow, named with the file and column
            (``stations/province=510000/part-0.parquet[3].level``).
        InvalidTypeError: *path* is not a path or *divisions* not a list of codes.
        InvalidValueError: a division code is malformed, or no partition holds it.
        OSError: a file cannot be read (a permission refused).

    Examples:
        >>> import pyarrow  # the parquet extra: without it, the example is skipped
        >>> import tempfile
        >>> from pathlib import Path
        >>> from socialwork.io import read_dataset, write_dataset
        >>> folder = Path(tempfile.mkdtemp()) / "wuhou"
        >>> write_dataset(sw.datasets.example(), folder, partition_by="district")
        >>> part = read_dataset(folder, divisions=["510107"])
        >>> len(part.stations), sorted(part.divisions)[:2]
        (7, ['510000', '510100'])

    .. versionadded:: 0.3
    """
    root = _check_path(path, "path")
    codes = _check_divisions(divisions)
    pa, pq = _pyarrow()
    level, counts = _read_marker(root)
    with gc_paused():
        files = {kind: _files(root, kind, level, counts) for kind in KINDS}
        if codes is not None:
            everywhere = {value for by_value in files.values() for value in by_value}
            for position, code in enumerate(codes):
                if not _selected(everywhere, [code]):
                    msg = Message(
                        "no partition of the dataset holds division {code}",
                        "数据集中没有分区含有行政区划 {code}",
                        code=excerpt(code),
                    )
                    raise InvalidValueError(msg, path=f"divisions[{position}]")
        lists: dict[str, list[Any]] = {kind: [] for kind in KINDS}
        origins: _Origins = {kind: [] for kind in KINDS}
        opened: dict[str, set[str]] = {}
        for kind in KINDS:
            chosen = _selected(files[kind], codes)
            opened[kind] = set(chosen)
            for value in chosen:
                for file in _parquet_files(files[kind][value]):
                    origins[kind].append((len(lists[kind]), _relative(root, file), None))
                    lists[kind].extend(_entities(pa, root, file, _open_table(pa, pq, root, file, kind), kind))
        if codes is not None:
            _close(pa, pq, root, files=files, lists=lists, opened=opened, origins=origins)
        try:
            return Registry.from_kinds(lists)
        except InvalidRegistryError as error:
            raise LoadError(_CANNOT, [_located(p, origins) for p in error.problems]) from None


_Origins = dict[str, list[tuple[int, str, list[int] | None]]]
"""Where the entities of each kind's list came from: (first position, file, row numbers if not all)."""


def _located(problem: Problem, origins: _Origins) -> Problem:
    """*problem* with its ``kind[position]`` put as the file and row it was read from."""
    kind, bracket, rest = problem.path.partition("[")
    number, closing, tail = rest.partition("]")
    if not (bracket and closing and number.isdigit() and origins.get(kind)):
        return problem
    position = int(number)
    starts = [start for start, _, _ in origins[kind]]
    start, name, rows = origins[kind][bisect.bisect_right(starts, position) - 1]
    row = position - start if rows is None else rows[position - start]
    return Problem(f"{name}[{row}]{tail}", problem.message)


def _close(
    pa: Any,
    pq: Any,
    root: Path,
    *,
    files: Mapping[str, Mapping[str, Path]],
    lists: dict[str, list[Any]],
    opened: dict[str, set[str]],
    origins: _Origins,
) -> None:
    """Read, from the files not yet opened, the entities that those read refer to, until none is missing."""
    pc = import_optional("pyarrow.compute", extra="parquet", purpose=_PURPOSE)
    id_of: dict[str, Callable[[Any], str]] = {
        kind: operator.attrgetter(KINDS[kind].id_field) for kind in KINDS
    }
    sought: dict[str, set[str]] = {kind: set() for kind in KINDS}
    while True:
        known = {kind: {id_of[kind](e) for e in entities} for kind, entities in lists.items()}
        missing: dict[str, set[str]] = {}
        for ref in REFERENCES:
            get = operator.attrgetter(ref.field)
            targets = known[ref.target]
            for entity in lists[ref.kind]:
                value = get(entity)
                for item in value if ref.many else () if value is None else (value,):
                    if item not in targets and item not in sought[ref.target]:
                        missing.setdefault(ref.target, set()).add(item)
        if not missing:
            return  # the registry names whatever is still missing
        for kind, ids in missing.items():
            sought[kind] |= ids
            id_field = KINDS[kind].id_field
            wanted = pa.array(sorted(ids), type=pa.string())
            for value, part in files[kind].items():
                if value in opened[kind]:
                    continue
                for file in _parquet_files(part):
                    table = _open_table(pa, pq, root, file, kind)
                    rows = pc.indices_nonzero(pc.is_in(table.column(id_field), value_set=wanted)).to_pylist()
                    if rows:
                        origins[kind].append((len(lists[kind]), _relative(root, file), rows))
                        picked = table.take(pa.array(rows, type=pa.int64()))
                        lists[kind].extend(_entities(pa, root, file, picked, kind, rows=rows))
