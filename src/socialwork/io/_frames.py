"""A registry as pandas frames, one per kind of entity, with typed columns; and back."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any, Final, get_args, get_origin

import attrs

from socialwork._bulk import gc_paused
from socialwork._optional import import_optional
from socialwork._tables import Columns, MoneyMode, check_money, frame_of_columns
from socialwork.errors import InvalidTypeError, LoadError, Message, Problem
from socialwork.io._json import _CANNOT, FORMAT, VERSION, _registry_from_document
from socialwork.model import KINDS, PERSONAL_FIELDS, Registry, from_fen
from socialwork.privacy import REDACTED, pseudonym

__all__ = ["MONEY_FIELDS", "from_frames", "to_frames"]

MONEY_FIELDS: Final[Mapping[str, frozenset[str]]] = types.MappingProxyType(
    {
        name: frozenset({"projects": {"budget"}, "donations": {"amount"}, "grants": {"amount"}}.get(name, ()))
        for name in KINDS
    }
)
"""The fields of each kind that hold money (yuan to the fen), by kind name.

:func:`to_frames` gives them as ``Decimal`` yuan or, with ``money="fen"``, as
whole fen; other ``Decimal`` fields (a station's area, a volunteer's hours) are
always ``Decimal``.

.. versionadded:: 0.2
"""


def _column_type(kind: str, name: str, hint: Any) -> str | type[enum.Enum]:
    args = [arg for arg in get_args(hint) if arg is not type(None)]
    optional = type(None) in get_args(hint)
    base = args[0] if optional and len(args) == 1 else hint
    base = getattr(base, "__supertype__", base)  # a NewType of str
    mark = "?" if optional else ""
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return base
    if get_origin(base) in (tuple, frozenset):
        return "object"
    if base is Decimal:
        return ("money" if name in MONEY_FIELDS[kind] else "decimal") + mark
    if base is bool:
        return "bool" + mark
    if base is int:
        return "int" + mark
    if base is dt.date:
        return "date"
    return "text"


@cache
def _columns(kind: str) -> Columns:
    cls = KINDS[kind].cls
    hints = typing.get_type_hints(cls)
    return {field.name: _column_type(kind, field.name, hints[field.name]) for field in attrs.fields(cls)}


def _cell(value: object) -> object:
    if isinstance(value, frozenset):
        return frozenset(item.value if isinstance(item, enum.Enum) else item for item in value)
    return value


def to_frames(
    registry: Registry,
    /,
    *,
    money: MoneyMode = "decimal",
    redact: bool = True,
    key: bytes | str | None = None,
) -> dict[str, Any]:
    """Return one pandas ``DataFrame`` per kind of entity, indexed by id (the ``pandas`` extra).

    The frames come in the order of :data:`~socialwork.model.KINDS`, every kind
    present even when empty, each indexed by its id field (``code`` for
    divisions, ``id`` otherwise) with rows sorted by id and a column per field:

    * enumerations are categoricals over *every* member's value, in the
      enumeration's order (``frame["level"].cat.categories``), so that counts
      list absent members too;
    * money (:data:`MONEY_FIELDS`) is ``Decimal`` yuan (``object`` dtype), or with
      ``money="fen"`` whole fen as ``int64`` (``Int64`` where it may be missing):
      never a float. Other decimals (area, hours) are ``Decimal``;
    * dates are ``datetime.date`` objects (``None`` where missing), exact and
      comparable with ``datetime.date``; ``pd.to_datetime(column)`` gives a
      datetime column for resampling;
    * whole numbers are ``int64``, ``Int64`` where they may be missing; flags ``bool``;
    * tuples of ids stay tuples, sets of enumeration members become frozensets of
      their values; text is pandas' string dtype.

    Personal values (:data:`~socialwork.model.PERSONAL_FIELDS`: a worker's name, a
    donor, a grant's purpose) are redacted by default, as in every export made to
    be read or shared (:func:`node_link_data`): with *key*, replaced by keyed
    pseudonyms (:func:`socialwork.privacy.pseudonym`); ``redact=False`` keeps them.

    Args:
        registry: The registry.
        money: ``"decimal"`` or ``"fen"``.
        redact: Hide personal values (see above).
        key: With *redact*, the secret of the pseudonyms, bytes or text.

    Returns:
        A dict from kind name to its frame.

    Raises:
        MissingDependencyError: pandas is not installed.
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`.
        InvalidValueError: *money* is neither ``"decimal"`` nor ``"fen"``, or *key* is empty.

    Examples:
        >>> import pandas  # the pandas extra: without it, the example is skipped
        >>> from socialwork.io import to_frames
        >>> frames = to_frames(sw.datasets.example())
        >>> list(frames)[:3], frames["stations"].loc["wh-hub", "level"]
        (['divisions', 'organizations', 'stations'], 'district')
        >>> frames["stations"]["level"].value_counts().to_dict()
        {'community': 4, 'street': 2, 'district': 1}
        >>> frames["donations"]["amount"].sum()
        Decimal('6500.50')
        >>> to_frames(sw.datasets.example(), money="fen")["donations"]["amount"].dtype
        dtype('int64')
        >>> sorted(set(frames["social_workers"]["name"]))
        ['<redacted>']

    .. versionadded:: 0.2
       The frames of the registry's graph are :func:`graph_frames`.
    """
    given: object = registry
    if not isinstance(given, Registry):
        msg = Message(
            "expected a Registry, got {type}", "应为 Registry，实为 {type}", type=type(given).__name__
        )
        raise InvalidTypeError(msg, path="registry")
    check_money(money)
    flag: object = redact
    if not isinstance(flag, bool):
        msg = Message(
            "expected True or False, got {type}", "应为 True 或 False，实为 {type}", type=type(flag).__name__
        )
        raise InvalidTypeError(msg, path="redact")
    if redact and key is not None:
        pseudonym("", key=key)  # check the key before any work
    import_optional("pandas", extra="pandas", purpose="socialwork.io.to_frames()")
    frames = {}
    for name, kind in KINDS.items():
        columns = _columns(name)
        index = getattr(registry, name)
        entities = [index[i] for i in sorted(index)]
        data: dict[str, list[Any]] = {}
        for field, column in columns.items():
            values = [getattr(entity, field) for entity in entities]
            if column == "object":
                values = [_cell(value) for value in values]
            if redact and field in PERSONAL_FIELDS[name]:
                values = _hidden(values, key)
            data[field] = values
        frames[name] = frame_of_columns(
            columns, data, purpose="socialwork.io.to_frames()", index=kind.id_field, money=money
        )
    return frames


def _hidden(values: list[Any], key: bytes | str | None) -> list[Any]:
    """Personal values redacted or pseudonymised, as :func:`socialwork.privacy.redact` does."""
    seen: dict[str, str] = {}
    hidden = []
    for value in values:
        if value is None or value == "":
            hidden.append(value)
        elif not isinstance(value, str):
            hidden.append(None)  # a personal value that is not text (a birth year) is left out
        elif key is None:
            hidden.append(REDACTED)
        else:
            if value not in seen:
                seen[value] = pseudonym(value, key=key)
            hidden.append(seen[value])
    return hidden


_SKIP: Final = object()  # a missing cell: the field takes its default


def _json_value(value: object, column: str | type[enum.Enum], money: str) -> object:
    """The JSON-document value of one cell, for the loader to check as it checks a file."""
    if hasattr(value, "item") and hasattr(value, "dtype"):  # a numpy scalar
        value = value.item()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset | set | tuple | list):
        return [_json_value(item, "object", money) for item in value]
    if isinstance(column, str) and column.startswith("money") and money == "fen" and isinstance(value, int):
        return from_fen(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    whole = isinstance(value, float) and value.is_integer()
    if whole and isinstance(column, str) and column.startswith("int"):
        return int(value)  # type: ignore[call-overload]
    return value


def _converter(column: str | type[enum.Enum], money: str) -> Callable[[object], object]:
    """:func:`_json_value` for one column, with the common cells (text, Decimal, dates, sets of ids) first."""
    fen = isinstance(column, str) and column.startswith("money") and money == "fen"

    def one(value: object) -> object:
        cls = value.__class__
        if cls is str or cls is Decimal or (cls is int and not fen):
            return value  # what _json_value returns for them
        if cls is dt.date:
            return value.isoformat()  # type: ignore[attr-defined]
        if cls is frozenset or cls is set or cls is tuple or cls is list:
            return [
                item if item.__class__ is str else _json_value(item, "object", money)
                for item in value  # type: ignore[attr-defined]
            ]
        return _json_value(value, column, money)

    return one


def _rows(name: str, frame: Any, money: str, problems: list[Problem]) -> list[dict[str, Any]]:
    kind = KINDS[name]
    columns = _columns(name)
    if not hasattr(frame, "columns") or not hasattr(frame, "index"):
        msg = Message(
            "expected a pandas DataFrame, got {type}",
            "应为 pandas DataFrame，实为 {type}",
            type=type(frame).__name__,
        )
        problems.append(Problem(name, msg))
        return []
    table = frame.reset_index() if frame.index.name == kind.id_field else frame
    unknown = [str(c) for c in table.columns if c not in columns and c != "index"]
    if unknown:
        expected = ", ".join(columns)
        problems.extend(
            Problem(
                name,
                Message(
                    "unknown column {column!r}; expected {expected}",
                    "未知的列 {column!r}；应为 {expected} 之一",
                    column=c,
                    expected=expected,
                ),
            )
            for c in sorted(unknown)
        )
    present = [c for c in columns if c in table.columns]
    whole_fields: list[str] = []
    whole_cells: list[list[Any]] = []
    gaps: list[tuple[str, list[Any], list[bool]]] = []  # the columns with missing cells
    for field in present:
        series = table[field]
        column = columns[field]
        missing = series.isna().tolist()
        values = series.tolist()
        fen = isinstance(column, str) and column.startswith("money") and money == "fen"
        whole = not any(missing)
        if series.dtype != object and series.dtype.kind in "iub" and fen:
            values = [v if gone else from_fen(v) for v, gone in zip(values, missing, strict=True)]
        elif not (series.dtype != object and series.dtype.kind in "iubO"):  # else already JSON values
            one = _converter(column, money)
            if whole:
                values = [one(v) for v in values]
            else:
                values = [v if gone else one(v) for v, gone in zip(values, missing, strict=True)]
        if whole:
            whole_fields.append(field)
            whole_cells.append(values)
        else:
            gaps.append((field, values, missing))
    # Each row is its whole cells, then the cells present of the columns with gaps
    # (a missing cell is left out: the field takes its default).
    rows = [dict(zip(whole_fields, row, strict=True)) for row in zip(*whole_cells, strict=True)] or [
        {} for _ in range(len(table))
    ]
    for field, values, missing in gaps:
        for row, value, gone in zip(rows, values, missing, strict=True):
            if not gone:
                row[field] = value
    return rows


def from_frames(frames: Mapping[str, Any], /, *, money: MoneyMode = "decimal") -> Registry:
    """Return the registry that :func:`to_frames` made *frames* of: its inverse.

    Every frame is read as a list of the JSON format would be, with the same
    checks and the same errors: a cell the loader would refuse is named by its
    kind, row (its position in the frame) and column, e.g. ``stations[3].level``.
    A kind may be left out (it is then empty); a frame may have its id as a
    column or as its index; a missing value (``None``, NaN, ``pd.NA``) means the
    field's default. Dates may be ``datetime.date``, a pandas timestamp at
    midnight, or ISO text; enumeration cells their values; money ``Decimal``
    yuan (or text), or whole fen with ``money="fen"``.

    ``from_frames(to_frames(registry, redact=False)) == registry``; frames made with
    redaction read back with the redacted values.

    Args:
        frames: A mapping from kind name to its ``DataFrame``.
        money: How the money columns hold amounts: ``"decimal"`` yuan or whole ``"fen"``.

    Raises:
        LoadError: a frame, column or cell the format does not allow, or a registry
            that does not hold together (unknown references, duplicate ids), every
            problem at once with its path.
        InvalidTypeError: *frames* is not a mapping.
        InvalidValueError: *money* is neither ``"decimal"`` nor ``"fen"``.

    Examples:
        >>> import pandas  # the pandas extra: without it, the example is skipped
        >>> from socialwork.io import from_frames, to_frames
        >>> registry = sw.datasets.example()
        >>> from_frames(to_frames(registry, redact=False)) == registry
        True
        >>> frames = to_frames(registry, redact=False, money="fen")
        >>> frames["donations"].iloc[0, frames["donations"].columns.get_loc("amount")] = 0
        >>> from_frames(frames, money="fen")
        Traceback (most recent call last):
        ...
        socialwork.errors.LoadError: cannot load the document (1 problem(s)):
          donations[0].amount: expected an amount above zero, got '0.00'

    .. versionadded:: 0.2
    """
    given: object = frames
    if not isinstance(given, Mapping):
        msg = Message(
            "expected a mapping of kind name to DataFrame, got {type}",
            "应为从种类名到 DataFrame 的映射，实为 {type}",
            type=type(given).__name__,
        )
        raise InvalidTypeError(msg, path="frames")
    if money not in ("decimal", "fen"):
        check_money(money)
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    problems = [
        Problem(
            str(name),
            Message(
                "unknown kind {name!r}; expected one of {kinds}",
                "未知的种类 {name!r}；应为 {kinds} 之一",
                name=name,
                kinds=", ".join(KINDS),
            ),
        )
        for name in frames
        if name not in KINDS
    ]
    # Rows and entities are many small objects and no cycles, as in loads: the cyclic
    # collector would walk the frames and the registry again and again for nothing.
    with gc_paused():
        for name in KINDS:
            if name in frames:
                document[name] = _rows(name, frames[name], money, problems)
        if problems:
            raise LoadError(_CANNOT, problems)
        return _registry_from_document(document)
