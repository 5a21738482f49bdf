"""The versioned JSON format: load a Registry with precise errors, dump it byte-stably."""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Final

import attrs

from socialwork._bulk import gc_paused
from socialwork.errors import (
    FieldError,
    InvalidRegistryError,
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    Message,
    Problem,
    WriteError,
    excerpt,
    path_of,
    position_of,
    reason_of,
)
from socialwork.io._convert import (
    FAST_STRUCTURE,
    KIND_SINCE,
    SINCE,
    fields_in,
    is_passed_through,
    structure_field,
    unstructure,
)
from socialwork.io._convert import (
    VERSIONS as _VERSIONS,
)
from socialwork.model import KINDS, REFERENCES, Entity, Registry, document_order
from socialwork.model.validators import int_between
from socialwork.privacy import Pii, redact_registry

__all__ = ["FORMAT", "MAX_SIZE", "VERSION", "VERSIONS", "dump", "dumps", "load", "loads", "write_atomically"]

FORMAT: Final = "socialwork"
"""The value of the ``"format"`` key that every document starts with."""
VERSION: Final = 3
"""The version of the format this library writes.

.. versionchanged:: 0.2
   2: organizations may hold ``public_fundraising``, funds ``committee_members`` and
   ``committee_supervisors``. 3: the kinds of referral work, ``cases``, ``consents``,
   ``referrals`` and ``referral_events``. Older documents are still read (see :data:`VERSIONS`).
"""
VERSIONS: Final = _VERSIONS
"""The versions of the format this library reads: ``(1, 2, 3)``.

A version 1 document is read as one whose organizations and funds leave the
fields of version 2 at their defaults; it may not hold those fields' keys. A
version 1 or 2 document holds no cases, consents, referrals or referral events;
it may not hold their keys.

.. versionadded:: 0.2
"""
MAX_SIZE: Final = 4 * 1024**3
"""The largest document :func:`loads` and :func:`load` read by default: 4 GiB.

A national registry of two million entities is about 0.3 GiB.
"""

_CANNOT = Message("cannot load the document", "无法载入文档")

Source = str | os.PathLike[str] | IO[bytes] | IO[str]


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that repeated a key; the structuring step reports it with its path."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        marked = _DuplicateKeys(pairs)
        marked.duplicates = tuple(
            sorted(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
        )
        return marked
    return obj


def _parse_int(text: str) -> int | Decimal:
    # int() refuses more than 4,300 digits, which would fail the whole parse: read such a
    # number as a Decimal instead, so that its field refuses it with its path.
    return int(text) if len(text) < 4300 else Decimal(text)


def _refuse_constant(name: str) -> Any:
    msg = Message("{name} is not a number JSON allows", "{name} 不是 JSON 允许的数", name=name)
    raise ValueError(msg)


_CHECK_MAX_SIZE: Final = int_between(0)


class _Owned(list[bytes | str]):
    """The document :func:`load` read, handed over: :func:`_parse` lets the bytes go once decoded."""


def _parse(given: bytes | str | _Owned, max_size: int) -> Any:
    _CHECK_MAX_SIZE(None, "max_size", max_size)
    data: object = given.pop() if isinstance(given, _Owned) else given  # callers may pass anything
    del given
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes | str):
        msg = Message(
            "expected the document as bytes or str, got {type}",
            "文档应为 bytes 或 str，实为 {type}",
            type=type(data).__name__,
        )
        raise LoadError(_CANNOT, [Problem("", msg)])
    if len(data) > max_size:
        unit = Message("bytes", "字节") if isinstance(data, bytes) else Message("characters", "个字符")
        msg = Message(
            "the document has {size:,} {unit}, more than the limit of {limit:,} (max_size)",
            "文档有 {size:,} {unit}，多于上限 {limit:,}（max_size）",
            size=len(data),
            unit=unit,
            limit=max_size,
        )
        raise LoadError(_CANNOT, [Problem("", msg)])
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = data[error.start : error.start + 1]
            msg = Message(
                "the document is not valid UTF-8: byte {start} ({byte!r}) {reason}",
                "文档不是有效的 UTF-8：位置 {start} 的字节 {byte!r} {reason}",
                start=error.start,
                byte=byte,
                reason=reason_of(error),
            )
            raise LoadError(_CANNOT, [Problem("", msg)]) from None
    else:
        text = data
    del data  # a national document's bytes are a third of the memory its parse peaks at
    text = text.removeprefix("\ufeff")
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_int=_parse_int,
            parse_constant=_refuse_constant,
            object_pairs_hook=_object_pairs,
        )
    except InvalidOperation:
        msg = Message(
            "the document is not valid JSON for this reader: a number's exponent is out of range",
            "文档不是本库能读的 JSON：其中一个数的指数超出范围",
        )
        raise LoadError(_CANNOT, [Problem("", msg)]) from None
    except RecursionError:
        msg = Message(
            "the document is not valid JSON for this reader: its arrays and objects are nested too deeply",
            "文档不是本库能读的 JSON：其中的数组和对象嵌套过深",
        )
        raise LoadError(_CANNOT, [Problem("", msg)]) from None
    except ValueError as error:
        msg = Message(
            "the document is not valid JSON{where}: {reason}",
            "文档不是有效的 JSON{where}：{reason}",
            where=position_of(error),
            reason=reason_of(error),
        )
        raise LoadError(_CANNOT, [Problem("", msg)]) from None


def _field_problem(path: str, error: FieldError) -> Problem:
    return Problem(path_of(path, error.path), error.reason)


def _diagnose(kind: str, version: int, raw: Any, path: str) -> list[Problem]:
    """Report every problem of one object of *kind* in a *version* document (the slow path)."""
    cls: type[Entity] = KINDS[kind].cls
    if not isinstance(raw, dict):
        return [
            Problem(
                path,
                Message("expected an object, got {type}", "应为对象，实为 {type}", type=type(raw).__name__),
            )
        ]
    problems: list[Problem] = []
    if isinstance(raw, _DuplicateKeys):
        keys = ", ".join(map(repr, raw.duplicates))
        problems.append(
            Problem(
                path,
                Message("duplicate key(s) {keys} in one object", "同一对象中有重复的键 {keys}", keys=keys),
            )
        )
    fields = fields_in(kind, version)
    names = {field.name for field in fields}
    extra = sorted(set(raw) - names)
    if extra:
        expected = ", ".join(field.name for field in fields)
        newer = {field.name for field in attrs.fields(cls)} - names
        named = Message(kind, KINDS[kind].zh)
        problems.extend(
            Problem(
                f"{path}.{key}",
                Message(
                    "unknown key {key!r}; the keys of {kind} are {expected}",
                    "未知的键 {key!r}；{kind}的键为 {expected}",
                    key=key,
                    kind=named,
                    expected=expected,
                )
                if key not in newer
                else Message(
                    "unknown key {key!r} in a version {version} document; the keys of {kind} "
                    "in version {version} are {expected} (write version {latest} to use it)",
                    "版本 {version} 的文档中有未知的键 {key!r}；版本 {version} 中{kind}的键为 {expected}"
                    "（要使用它，请写版本 {latest} 的文档）",
                    key=key,
                    version=version,
                    kind=named,
                    expected=expected,
                    latest=SINCE.get((kind, key), VERSION),
                ),
            )
            for key in extra
        )
    values: dict[str, Any] = {}
    for field in fields:
        if field.name not in raw:
            if field.default is attrs.NOTHING:
                problems.append(
                    Problem(f"{path}.{field.name}", Message("required key is missing", "缺少必需的键"))
                )
            continue
        try:
            value = raw[field.name]
            values[field.name] = value if is_passed_through(field) else structure_field(value, field.type)
        except FieldError as error:
            problems.append(Problem(path_of(path, field.name, error.path), error.reason))
    # Now the entity's own converters and validators, each run on its own so that
    # every broken rule is named, not only the first. A validator that trips over
    # another field's bad value (already reported) is not reported again.
    stub = object.__new__(cls)
    for field in attrs.fields(cls):  # fields newer than the document keep their defaults
        if field.name not in values:
            if field.name in raw or field.default is attrs.NOTHING:
                continue  # reported above
            values[field.name] = field.default
        elif field.converter is not None:
            try:
                values[field.name] = field.converter(values[field.name])
            except FieldError as error:
                problems.append(_field_problem(path, error))
                del values[field.name]
                continue
        object.__setattr__(stub, field.name, values[field.name])
    for field in fields:
        if field.validator is None or field.name not in values:
            continue
        try:
            field.validator(stub, field, values[field.name])
        except FieldError as error:
            problems.append(_field_problem(path, error))
        except Exception:  # noqa: S112 - caused by another field, already reported
            continue
    return problems


def _structure_kind(
    kind: str,
    version: int,
    items: list[Any],
    problems: list[Problem],
    failed: list[tuple[str, int, Any]],
) -> tuple[list[Any], set[str]]:
    id_key = KINDS[kind].id_field
    structure = FAST_STRUCTURE[version][kind]
    entities: list[Any] = []
    unread: set[str] = set()
    append = entities.append
    for position, raw in enumerate(items):
        try:
            if type(raw) is not dict:
                raise TypeError  # the slow path says why
            append(structure(raw))
        except Exception:  # any failure takes the slow path, which names every problem
            append(None)
            found = _diagnose(kind, version, raw, f"{kind}[{position}]")
            if not found:  # pragma: no cover - a failure the slow path cannot explain
                found = [Problem(f"{kind}[{position}]", Message("cannot be read", "无法读取"))]
            problems.extend(found)
            failed.append((kind, position, raw))
            if isinstance(raw, dict) and isinstance(raw.get(id_key), str):
                unread.add(raw[id_key])
    return entities, unread


def _unread_references(
    failed: list[tuple[str, int, Any]],
    lists: dict[str, list[Any]],
    unread: dict[str, set[str]],
    reported: set[str],
) -> list[Problem]:
    """Check the references of the entities that could not be read, so that one load says everything."""
    known: dict[str, set[str]] = {}
    problems = []
    for kind, position, raw in failed:
        if not isinstance(raw, dict):
            continue
        for ref in REFERENCES:
            value = raw.get(ref.field) if ref.kind == kind else None
            if value is None:
                continue
            if ref.target not in known:
                entities = lists.get(ref.target, [])
                known[ref.target] = {e.id for e in entities if e is not None} | unread.get(ref.target, set())
            targets = known[ref.target]
            target = KINDS[ref.target]
            items = enumerate(value) if ref.many and isinstance(value, list) else [(None, value)]
            for index, item in items:
                path = path_of(f"{kind}[{position}]", ref.field, *(() if index is None else (index,)))
                if isinstance(item, str) and item not in targets and path not in reported:
                    noun = Message(target.singular, target.zh)
                    msg = Message("unknown {kind} {id}", "未知的{kind} {id}", kind=noun, id=excerpt(item))
                    problems.append(Problem(path, msg))
    return problems


def _registry_from_document(doc: Any) -> Registry:
    problems: list[Problem] = []
    if not isinstance(doc, dict):
        msg = Message(
            'expected a JSON object with "format": {format!r}, got {type}',
            '应为含 "format": {format!r} 的 JSON 对象，实为 {type}',
            format=FORMAT,
            type=type(doc).__name__,
        )
        raise LoadError(_CANNOT, [Problem("", msg)])
    if isinstance(doc, _DuplicateKeys):
        keys = ", ".join(map(repr, doc.duplicates))
        msg = Message("duplicate key(s) {keys} in the document", "文档中有重复的键 {keys}", keys=keys)
        problems.append(Problem("", msg))
    if doc.get("format") != FORMAT:
        msg = Message(
            "expected {format!r}, got {got!r}",
            "应为 {format!r}，实为 {got!r}",
            format=FORMAT,
            got=doc.get("format"),
        )
        problems.append(Problem("format", msg))
    version: Any = doc.get("version")  # checked just below: nothing is read unless it is in VERSIONS
    if type(version) is not int or version not in VERSIONS:
        read = Message.joined(" or ", " 或 ", map(str, VERSIONS))
        listed = Message(
            "{first} and {last}",
            "{first} 和 {last}",
            first=Message.joined(", ", "、", map(str, VERSIONS[:-1])),
            last=VERSIONS[-1],
        )
        msg = Message(
            "expected {read} (this library reads versions {listed}), got {version!r}",
            "应为 {read}（本库读取版本 {listed}），实为 {version!r}",
            read=read,
            listed=listed,
            version=version,
        )
        problems.append(Problem("version", msg))
    problems.extend(
        Problem(
            key,
            Message(
                "unknown key {key!r}; expected 'format', 'version' or {kinds}",
                "未知的键 {key!r}；应为 'format', 'version', {kinds} 之一",
                key=key,
                kinds=", ".join(KINDS),
            ),
        )
        for key in sorted(set(doc) - {"format", "version", *KINDS})
    )
    if not problems:
        problems.extend(
            Problem(
                kind,
                Message(
                    "a version {version} document cannot hold {kind!r}, which came in with version "
                    "{since} (write version {since} to use it)",
                    "版本 {version} 的文档不能含有 {kind!r}，它自版本 {since} 起才有（请写为版本 {since}）",
                    version=version,
                    kind=kind,
                    since=KIND_SINCE[kind],
                ),
            )
            for kind in KINDS
            if kind in doc and KIND_SINCE.get(kind, 1) > version
        )
    if problems:
        raise LoadError(_CANNOT, problems)
    lists: dict[str, list[Any]] = {}
    missing: dict[str, set[str]] = {}
    failed: list[tuple[str, int, Any]] = []
    for kind in KINDS:
        items = doc.pop(kind, [])  # our own parse: let each kind's objects go once read
        if not isinstance(items, list):
            msg = Message(
                "expected an array of {kind}, got {type}",
                "应为{kind}的数组，实为 {type}",
                kind=Message(kind, KINDS[kind].zh),
                type=type(items).__name__,
            )
            problems.append(Problem(kind, msg))
            continue
        lists[kind], missing[kind] = _structure_kind(kind, version, items, problems, failed)
    try:
        registry = Registry.from_kinds(lists, unread=missing)
    except InvalidRegistryError as error:
        problems.extend(error.problems)
    if failed:
        problems.extend(_unread_references(failed, lists, missing, {p.path for p in problems}))
    if problems:
        raise LoadError(_CANNOT, sorted(problems, key=document_order))
    return registry


def loads(data: bytes | str, /, *, max_size: int = MAX_SIZE) -> Registry:
    """Return the registry in the JSON document *data*.

    Only :class:`~socialwork.LoadError` escapes, whatever *data* holds: not valid
    UTF-8, not JSON, nested too deeply, too large, or not a document at all.
    A document of any version in :data:`VERSIONS` is read: version 1 simply
    lacks the fields that came in with version 2.

    Args:
        data: The document, as UTF-8 bytes (``bytearray`` and ``memoryview`` too) or text.
        max_size: Documents longer than this many bytes (or characters) are
            refused before they are parsed.

    Raises:
        LoadError: listing every problem of the document with its JSON path.

    Examples:
        >>> reg = sw.io.loads('{"format": "socialwork", "version": 1, "divisions": '
        ...                   '[{"code": "510107", "name": "武侯区", "level": "district"}]}')
        >>> reg.divisions["510107"].name
        '武侯区'
        >>> sw.io.loads('{"format": "socialwork", "version": 1, "divisions": '
        ...             '[{"code": "51010", "name": "", "level": "district"}]}')
        Traceback (most recent call last):
        ...
        socialwork.errors.LoadError: cannot load the document (2 problem(s)):
          divisions[0].code: a district code must be 6 ASCII digits, got '51010'
          divisions[0].name: expected non-empty text
        >>> reg = sw.io.loads('{"format": "socialwork", "version": 2, "organizations": [{"id": "cf", '
        ...                   '"name": "某慈善基金会", "kind": "foundation", "public_fundraising": true}]}')
        >>> reg.organizations["cf"].public_fundraising
        True

    .. versionchanged:: 0.2
       *max_size*; deep nesting and wrong types raise ``LoadError``; version 2
       documents, and version 1 ones still.
    """
    with gc_paused():
        return _registry_from_document(_parse(data, max_size))


def load(source: Source, /, *, max_size: int = MAX_SIZE) -> Registry:
    """Return the registry in the JSON file *source*: a path, or a file open for reading.

    A file larger than *max_size* bytes is refused before it is read.

    Raises:
        LoadError: listing every problem of the document with its JSON path; also
            for a file open in text mode whose bytes are not UTF-8.
        OSError: the file cannot be read.
        InvalidTypeError: *max_size* is not a whole number.

    Examples:
        >>> import io
        >>> example = sw.datasets.example()
        >>> sw.load(io.StringIO(sw.io.dumps(example))) == example
        True

    .. versionchanged:: 0.2
       *max_size*; undecodable text files raise ``LoadError``.
    """
    _CHECK_MAX_SIZE(None, "max_size", max_size)
    path = target_path(source)
    if path is not None:
        if "\0" in str(path):
            msg = Message(
                "expected the path of a file, got {path}",
                "应为文件的路径，实为 {path}",
                path=excerpt(str(path)),
            )
            raise LoadError(_CANNOT, [Problem("", msg)])
        size = path.stat().st_size
        if size > max_size:
            msg = Message(
                "the file has {size:,} bytes, more than the limit of {limit:,} (max_size)",
                "文件有 {size:,} 字节，多于上限 {limit:,}（max_size）",
                size=size,
                limit=max_size,
            )
            raise LoadError(_CANNOT, [Problem("", msg)])
        owned = _Owned([path.read_bytes()])
        with gc_paused():
            return _registry_from_document(_parse(owned, max_size))
    elif not callable(getattr(source, "read", None)):
        msg = Message(
            "expected a path or a file open for reading, got {type}",
            "应为路径或已打开供读取的文件，实为 {type}",
            type=type(source).__name__,
        )
        raise LoadError(_CANNOT, [Problem("", msg)])
    else:
        try:
            data = source.read(max_size + 1)  # type: ignore[union-attr]  # not a path: a file
        except UnicodeDecodeError as error:
            msg = Message(
                "the file is not valid UTF-8 text: {reason} at byte {start} of a read",
                "文件不是有效的 UTF-8 文本：一次读取中位置 {start} 的字节{reason}",
                reason=reason_of(error),
                start=error.start,
            )
            raise LoadError(_CANNOT, [Problem("", msg)]) from None
    return loads(data, max_size=max_size)


def _document_lines(registry: Registry) -> Iterator[str]:
    yield "{\n"
    yield f'"format": "{FORMAT}",\n"version": {VERSION}'
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), allow_nan=False).encode
    counts = registry.counts()
    for kind in KINDS:
        if not counts[kind]:
            if KIND_SINCE.get(kind, 1) == 1:  # a later kind is written only when it holds some
                yield f',\n"{kind}": []'
            continue
        index = getattr(registry, kind)
        yield f',\n"{kind}": [\n'
        yield ",\n".join(encode(unstructure(index[key])) for key in sorted(index))
        yield "\n]"
    yield "\n}\n"


def dumps(registry: Registry, /, *, pii: Pii = "include", key: bytes | str | None = None) -> str:
    r"""Return *registry* as a JSON document: one entity a line, sorted by id, UTF-8 text.

    The same registry always gives the same text, whatever the order its entities
    were given in and whatever the hash seed. Amounts are strings (``"30000.00"``),
    dates ``"YYYY-MM-DD"``, sets sorted lists; fields at their default are left out.
    The document is of version :data:`VERSION`; the kinds that came in with a later
    version than 1 (the cases, consents, referrals and referral events of version 3)
    are written only when the registry holds some.

    The document is the system of record, lossless by default (``pii="include"``).
    For a copy meant for sharing pass ``pii="redact"``, or ``pii="pseudonymise"``
    with a *key*: see :func:`socialwork.privacy.redact_registry`.

    Examples:
        >>> text = sw.io.dumps(sw.Registry([sw.Division(code="510107", name="武侯区",
        ...                                 level=sw.DivisionLevel.DISTRICT)]))
        >>> print("\n".join(text.splitlines()[:7]))
        {
        "format": "socialwork",
        "version": 3,
        "divisions": [
        {"code": "510107", "name": "武侯区", "level": "district"}
        ],
        "organizations": [],

    .. versionchanged:: 0.2
       Writes version 2; *pii* and *key* write a copy without personal values.
    """
    return "".join(_document_lines(redact_registry(registry, pii=pii, key=key)))


def dump(
    registry: Registry,
    target: str | os.PathLike[str] | IO[bytes] | IO[str],
    /,
    *,
    pii: Pii = "include",
    key: bytes | str | None = None,
) -> None:
    r"""Write *registry* as a JSON document (see :func:`dumps`) to a path or an open file.

    Text files get text, binary files UTF-8 bytes. A path is written atomically:
    the document goes to a temporary file in the same folder, which is flushed to
    disk and then put in the place of *target* in one step, so that a reader never
    sees half a document and a failure (a full disk, an interrupt) leaves the old
    file as it was and no temporary file behind. *pii* and *key* are those of
    :func:`dumps`: lossless by default, ``pii="redact"`` for a copy to share.

    Raises:
        WriteError: the file cannot be written (an :class:`OSError` that names
            *target*); *target* is unchanged.
        InvalidTypeError: *target* is neither a path nor a file open for writing.

    Examples:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> sw.dump(sw.datasets.example(), buffer)
        >>> buffer.getvalue().startswith(b'{\n"format": "socialwork"')
        True

    .. versionchanged:: 0.2
       Writes to a path are atomic; *pii* and *key* write a copy without personal values.
    """
    text = dumps(registry, pii=pii, key=key)
    write_target(target, text.encode("utf-8"), text=text)


def target_path(target: object, /) -> Path | None:
    """Return *target* as a :class:`~pathlib.Path` if it is text, bytes or path-like, else ``None``."""
    if isinstance(target, str | bytes | os.PathLike):
        try:
            return Path(os.fsdecode(target))
        except TypeError:  # a PathLike whose __fspath__ gives neither str nor bytes
            return None
    return None


def write_target(target: object, data: bytes, /, *, text: str | None = None) -> None:
    """Write *data* to *target*: atomically to a path, or to an open file.

    The one way every writer puts its bytes where the caller asked. A text file
    gets *text* when it is given (the writer's output as text), else the caller
    is told that a binary file is expected.

    Raises:
        InvalidTypeError: *target* is neither a path nor a file open for writing.
        InvalidValueError: *target* is a path that cannot name a file (empty, a NUL byte).
        WriteError: the file cannot be written; it names *target* as given.

    Examples:
        >>> from socialwork.io._json import write_target
        >>> write_target(3, b"{}")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidTypeError: target: expected a path or a binary file, got int
    """
    path = target_path(target)
    if path is not None:
        write_atomically(path, data)
        return
    write = getattr(target, "write", None)
    if not callable(write):
        raise not_a_target(target, text=text is not None)
    is_text = isinstance(target, io.TextIOBase)
    if is_text and text is None:
        raise not_a_target(target, text=False)
    try:
        write(text if is_text else data)
    except OSError as error:
        name = getattr(target, "name", None)
        raise WriteError(
            error.errno, reason_of(error), str(name) if name is not None else "<file>"
        ) from error
    except (TypeError, ValueError) as error:  # a closed file, a text file that wants str
        msg = Message(
            "cannot write to the file: {reason}",
            "无法写入文件：{reason}",
            reason=reason_of(error),
        )
        raise InvalidValueError(msg, path="target") from error


def not_a_target(target: object, *, text: bool = False) -> InvalidTypeError:
    """Return the error for a *target* to write to that is neither a path nor a (binary) file."""
    if text:
        msg = Message(
            "expected a path or a file open for writing, got {type}",
            "应为路径或已打开供写入的文件，实为 {type}",
            type=type(target).__name__,
        )
    else:
        msg = Message(
            "expected a path or a binary file, got {type}",
            "应为路径或以二进制方式打开的文件，实为 {type}",
            type=type(target).__name__,
        )
    return InvalidTypeError(msg, path="target")


def write_atomically(path: Path, data: bytes, /) -> None:
    """Put *data* in the file *path* in one step: a temporary file, flushed, then renamed.

    Either the whole of *data* is in *path* afterwards, or *path* is as it was
    (absent, or its old content) and no temporary file is left.

    Raises:
        WriteError: the data cannot be written (an :class:`OSError` naming *path*,
            not the temporary file); *path* is unchanged.
        InvalidValueError: *path* cannot name a file (``Path("")``, a NUL byte).

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from socialwork.io import write_atomically
        >>> folder = Path(tempfile.mkdtemp())
        >>> write_atomically(folder / "note.txt", "社工站".encode())
        >>> (folder / "note.txt").read_text(encoding="utf-8")
        '社工站'
        >>> sorted(p.name for p in folder.iterdir())
        ['note.txt']
    """
    where: object = path  # callers outside the type checker may pass anything
    content: object = data
    if not isinstance(where, Path) or not isinstance(content, bytes):
        msg = Message(
            "expected a pathlib.Path and bytes, got {path} and {data}",
            "应为 pathlib.Path 和 bytes，实为 {path} 和 {data}",
            path=type(where).__name__,
            data=type(content).__name__,
        )
        raise InvalidTypeError(msg, path="path" if not isinstance(where, Path) else "data")
    if not path.name or "\0" in str(path):
        msg = Message(
            "expected the path of a file, got {path}", "应为文件的路径，实为 {path}", path=excerpt(str(path))
        )
        raise InvalidValueError(msg, path="target")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        # O_EXCL: never write through a file someone else made; 0o666 less the umask, like open().
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as error:  # name the user's path, never the hidden temporary file
        raise WriteError(error.errno, reason_of(error), str(path)) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WriteError(error.errno, reason_of(error), str(path)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
