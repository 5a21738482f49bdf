"""Tables of results, shared by every layer: pandas frames with proper dtypes, HTML tables, short reprs.

A result that is a table describes its columns once, as :data:`Columns` (name to
column type), and yields its rows; :func:`make_frame` turns them into a pandas
``DataFrame`` (the ``pandas`` extra, imported on first use) and :func:`html_table`
into a bounded, escaped HTML table for notebooks. Column types:

* ``"text"``: strings (pandas' default string dtype); ``"object"``: anything kept
  as it is (tuples of ids, frozensets of enum values);
* ``"int"``: ``int64``; ``"int?"``: nullable ``Int64``; ``"bool"``: ``bool``;
  ``"bool?"``: nullable ``boolean``; ``"float"``: ``float64`` (``None`` is NaN);
* ``"money"`` / ``"money?"``: yuan as ``Decimal`` objects, or whole fen as
  ``int64`` / ``Int64`` when ``money="fen"``; ``"decimal"``: ``Decimal`` objects;
* ``"date"``: ``datetime.date`` objects (``None`` where missing);
* an enumeration class: a categorical over the values of all its members, in
  their order, whichever occur.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import html
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

from socialwork._optional import import_optional
from socialwork.errors import InvalidValueError, Message

__all__ = [
    "HTML_ROWS",
    "MONEY_MODES",
    "REPR_ITEMS",
    "Columns",
    "MoneyMode",
    "check_money",
    "frame_of_columns",
    "html_facts",
    "html_table",
    "jsonable",
    "make_frame",
    "short_items",
]

MoneyMode = Literal["decimal", "fen"]
"""How a frame holds money: ``Decimal`` yuan, or ``int64`` whole fen."""

MONEY_MODES: Final[tuple[str, ...]] = ("decimal", "fen")

Columns = Mapping[str, "str | type[enum.Enum]"]
"""A table's columns: name to column type (see the module's docstring)."""

HTML_ROWS: Final = 20
"""The most rows an HTML table of a result shows; the rest are counted."""

REPR_ITEMS: Final = 3
"""The most items a short repr lists; the rest are counted."""

_CELL: Final = 80  # the most characters an HTML cell shows
_FEN: Final = decimal.Context(prec=60)


def check_money(money: object, /) -> MoneyMode:
    """Return *money* if it is ``"decimal"`` or ``"fen"``; raise otherwise.

    Examples:
        >>> from socialwork._tables import check_money
        >>> check_money("fen")
        'fen'
    """
    if money not in MONEY_MODES:
        shown = repr(money) if isinstance(money, str) and len(money) <= 20 else type(money).__name__
        msg = Message(
            "expected 'decimal' or 'fen', got {got}", "应为 'decimal' 或 'fen'，实为 {got}", got=shown
        )
        raise InvalidValueError(msg, path="money")
    return money  # type: ignore[return-value]


def _fen(value: Decimal) -> int:
    return int(_FEN.scaleb(value, 2))


def _objects(values: Sequence[object]) -> Any:
    np = import_optional("numpy", extra="pandas", purpose="to_frame()")
    array = np.empty(len(values), dtype=object)
    for position, value in enumerate(values):
        array[position] = value
    return array


def _series(pd: Any, values: Sequence[object], kind: str | type[enum.Enum], money: str) -> Any:
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        dtype = pd.CategoricalDtype([member.value for member in kind])
        return pd.Series(
            pd.Categorical([v.value if isinstance(v, enum.Enum) else v for v in values], dtype=dtype)
        )
    if kind in ("money", "money?") and money == "fen":
        fen = [None if v is None else _fen(v) for v in values]  # type: ignore[arg-type]
        return pd.Series(fen, dtype="int64" if kind == "money" else "Int64")
    simple = {"int": "int64", "int?": "Int64", "bool": "bool", "bool?": "boolean", "float": "float64"}
    if kind in simple:
        if kind == "float":
            values = [float("nan") if v is None else v for v in values]
        return pd.Series(values, dtype=simple[kind])
    if kind == "text":
        return pd.Series(list(values), dtype="str")
    return pd.Series(_objects(values), dtype=object)


def make_frame(
    columns: Columns,
    rows: Iterable[Sequence[object]],
    /,
    *,
    purpose: str,
    index: str | None = None,
    money: str = "decimal",
) -> Any:
    """Return a pandas ``DataFrame`` of *rows* with the dtypes of *columns*, indexed by *index* if given.

    Raises:
        MissingDependencyError: pandas is not installed (*purpose* names the caller).
        InvalidValueError: *money* is neither ``"decimal"`` nor ``"fen"``.

    Examples:
        >>> import pandas  # the pandas extra: without it, the example is skipped
        >>> from decimal import Decimal
        >>> from socialwork._tables import make_frame
        >>> frame = make_frame({"id": "text", "amount": "money"}, [("d1", Decimal("1.50"))],
        ...                    purpose="an example", index="id", money="fen")
        >>> frame.loc["d1", "amount"], str(frame["amount"].dtype)
        (np.int64(150), 'int64')
    """
    table = list(rows)
    data = {name: [row[position] for row in table] for position, name in enumerate(columns)}
    return frame_of_columns(columns, data, purpose=purpose, index=index, money=money)


def frame_of_columns(
    columns: Columns,
    data: Mapping[str, Sequence[object]],
    /,
    *,
    purpose: str,
    index: str | None = None,
    money: str = "decimal",
) -> Any:
    """Return a pandas ``DataFrame`` of the column lists *data*, as :func:`make_frame` does for rows.

    Examples:
        >>> import pandas  # the pandas extra: without it, the example is skipped
        >>> import socialwork as sw
        >>> from socialwork._tables import frame_of_columns
        >>> frame = frame_of_columns({"level": sw.StationLevel}, {"level": [sw.StationLevel.STREET]},
        ...                          purpose="an example")
        >>> list(frame["level"].cat.categories)
        ['district', 'street', 'community']
    """
    check_money(money)
    pd = import_optional("pandas", extra="pandas", purpose=purpose)
    frame = pd.DataFrame({name: _series(pd, data[name], columns[name], money) for name in columns})
    if index is not None:
        frame = frame.set_index(index)
    return frame


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, float):
        text = f"{value:.4g}"
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, frozenset | set):
        text = ", ".join(sorted(_cell(item) for item in value))
    elif isinstance(value, tuple | list):
        text = ", ".join(_cell(item) for item in value)
    else:
        text = str(value)
    if len(text) > _CELL:
        text = text[: _CELL - 1] + "…"
    return text


def html_table(
    caption: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    /,
    *,
    total: int,
    limit: int = HTML_ROWS,
) -> str:
    """Return an HTML table of at most *limit* of *rows*, every text escaped, the rest counted.

    *total* is how many rows there are in all; cells show at most 80 characters.

    Examples:
        >>> from socialwork._tables import html_table
        >>> page = html_table("ids", ["id"], [("<b>",), ("c",)], total=5, limit=1)
        >>> page[page.index("<tbody>"):]
        '<tbody><tr><td>&lt;b&gt;</td></tr></tbody></table><p>… and 4 more</p>'
    """
    shown = list(itertools.islice(rows, limit))
    parts = [f"<table><caption>{html.escape(caption)}</caption><thead><tr>"]
    parts.extend(f"<th>{html.escape(name)}</th>" for name in header)
    parts.append("</tr></thead><tbody>")
    parts.extend(
        "<tr>" + "".join(f"<td>{html.escape(_cell(value))}</td>" for value in row) + "</tr>" for row in shown
    )
    parts.append("</tbody></table>")
    if total > len(shown):
        parts.append(f"<p>… and {total - len(shown)} more</p>")
    return "".join(parts)


def html_facts(title: str, facts: Iterable[tuple[str, object]], /, *tables: str) -> str:
    """Return a titled HTML block of ``name: value`` facts, escaped, followed by *tables*.

    Examples:
        >>> from socialwork._tables import html_facts
        >>> html_facts("<R>", [("count", 3)])
        '<div class="socialwork"><strong>&lt;R&gt;</strong><ul><li>count: 3</li></ul></div>'
    """
    items = "".join(f"<li>{html.escape(name)}: {html.escape(_cell(value))}</li>" for name, value in facts)
    head = f"<strong>{html.escape(title)}</strong>"
    return f'<div class="socialwork">{head}<ul>{items}</ul>{"".join(tables)}</div>'


def short_items(items: Sequence[object], /, *, limit: int = REPR_ITEMS) -> str:
    """Return ``[a, b, c, ... and K more]``: the reprs of the first *limit* items, the rest counted.

    Examples:
        >>> from socialwork._tables import short_items
        >>> short_items(["a", "b", "c", "d", "e"]), short_items([])
        ("['a', 'b', 'c', ... and 2 more]", '[]')
    """
    shown = ", ".join(repr(item) for item in items[:limit])
    more = len(items) - limit
    return f"[{shown}, ... and {more} more]" if more > 0 else f"[{shown}]"


def jsonable(value: object) -> Any:
    """Return *value* as JSON data: text for money and dates, values for enums, lists for tuples.

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from socialwork._tables import jsonable
        >>> jsonable((Decimal("1.50"), dt.date(2024, 1, 2), frozenset({"b", "a"}), sw.Severity.ERROR))
        ['1.50', '2024-01-02', ['a', 'b'], 'error']
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(jsonable(item) for item in value)
    if isinstance(value, tuple | list):
        return [jsonable(item) for item in value]
    return str(value)
