"""Reading ledgers (台账): workbooks and CSV files as offices keep them, into a Registry or every problem."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from socialwork._bulk import gc_paused
from socialwork._optional import import_optional
from socialwork.errors import (
    InvalidTypeError,
    LedgerError,
    LedgerProblem,
    LoadError,
    Message,
    Problem,
    excerpt,
    reason_of,
)
from socialwork.io._json import FORMAT, VERSION, _registry_from_document, target_path
from socialwork.io._ledger_cells import CellError, is_blank, parse_cell
from socialwork.io._ledger_columns import Column, ColumnMap, columns_of, normal, read_mapping
from socialwork.model import KINDS, PERSONAL_FIELDS, Registry

__all__ = ["EXCEL_SUFFIXES", "LedgerCell", "LedgerImport", "column_letter", "import_ledgers", "read_ledgers"]

EXCEL_SUFFIXES: Final = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
_SUFFIXES: Final = (*EXCEL_SUFFIXES, ".csv")
_CANNOT: Final = Message("cannot import the ledgers", "无法导入台账")
_TOTALS: Final = frozenset({"合计", "总计", "小计", "共计", "total", "sum", "subtotal"})
_TOTAL_STARTS: Final = frozenset(word[0] for word in _TOTALS) | frozenset(word[0].upper() for word in _TOTALS)
_SKIPPED_SHEETS: Final = frozenset(
    {"说明", "填表说明", "instructions", "readme", "使用说明", "lists", "选项"}
)
_HEADER_SCAN: Final = 20  # rows searched for the header, below any title rows
_PREFIX: Final = {
    "organizations": "org",
    "stations": "st",
    "social_workers": "sw",
    "volunteers": "vol",
    "projects": "prj",
    "needs": "need",
    "funds": "fund",
    "donations": "don",
    "grants": "grant",
    "cases": "case",
    "consents": "consent",
    "referrals": "ref",
    "referral_events": "refev",
}


def column_letter(index: int, /) -> str:
    """Return the letter Excel shows for the column at *index* (0 is ``A``).

    Examples:
        >>> from socialwork.io._ledger_read import column_letter
        >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
        ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@attrs.frozen
class LedgerCell:
    """Where a value of an imported entity came from: the cell as Excel shows it.

    Attributes:
        file: The file's name as given.
        sheet: The sheet's name; empty for a CSV file.
        row: The row number (1 is the first).
        column: The column letter; empty when the place is the whole row.
        header: The column's header as written.
    """

    file: str
    sheet: str
    row: int
    column: str = ""
    header: str = ""

    @property
    def reference(self) -> str:
        """The cell as one reference, such as ``台账.xlsx:社工站!C5`` or ``stations.csv!C5``."""
        where = f"{self.file}:{self.sheet}" if self.sheet else self.file
        return f"{where}!{self.column}{self.row}"


@attrs.define
class _Table:
    file: str
    path: Path
    sheet: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = attrs.field(factory=list)


@attrs.define
class _Read:
    """A recognised table: its kind, its columns by position, where its data starts."""

    table: _Table
    kind: str
    columns: dict[int, tuple[Column, str]]  # position -> (column, header as written)
    start: int


@attrs.frozen
class LedgerImport:
    """The registry imported from ledgers, and where each entity came from.

    Attributes:
        registry: The registry.
        rows: Per kind, the (file, sheet, row) each entity came from, in the registry's
            order (``rows["stations"][3]`` is where ``stations[3]`` of a violation is).
        headers: Per (file, sheet) and field, the column letter and header.
    """

    registry: Registry
    rows: Mapping[str, tuple[tuple[str, str, int], ...]]
    headers: Mapping[tuple[str, str], Mapping[str, tuple[str, str]]]

    def row_of(self, kind: str, position: int, /) -> LedgerCell | None:
        """Return the row that entity *position* of *kind* (in the registry's order) came from."""
        rows = self.rows.get(kind, ())
        if not 0 <= position < len(rows):
            return None
        return LedgerCell(*rows[position])

    def cell_of(self, path: str, /) -> LedgerCell | None:
        """Return the cell that *path* (``stations[3].parent_id``, as violations give) came from.

        A path to a whole entity gives its row; an unknown path gives ``None``.
        """
        found = _PATH.match(path)
        if found is None:
            return None
        kind, position, field = found.group(1), int(found.group(2)), found.group(3)
        row = self.row_of(kind, position)
        if row is None or field is None:
            return row
        column = self.headers.get((row.file, row.sheet), {}).get(field)
        if column is None:
            return row
        return attrs.evolve(row, column=column[0], header=column[1])


_PATH: Final = re.compile(r"([a-z_]+)\[(\d+)\](?:\.([a-z_0-9]+))?")


def _files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[LedgerProblem]]:
    found: list[Path] = []
    problems: list[LedgerProblem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(p for p in sorted(path.iterdir()) if p.suffix.lower() in _SUFFIXES)
        elif path.suffix.lower() in _SUFFIXES:
            found.append(path)
        else:
            msg = Message(
                "expected a .csv, .xlsx, .xls or .ods file or a folder of them",
                "应为 .csv、.xlsx、.xls 或 .ods 文件，或装有它们的文件夹",
            )
            problems.append(LedgerProblem(str(given), msg, code="unreadable-file", file=str(given)))
    return found, problems


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # what Excel on Chinese Windows writes
    except UnicodeDecodeError:
        pass
    detector = import_optional("charset_normalizer", extra="ledgers", purpose="reading a CSV ledger")
    best = detector.from_bytes(data).best()
    if best is None:
        raise UnicodeError(name)
    return str(best)


def _csv_table(path: Path, name: str) -> _Table:
    text = _decode(path.read_bytes(), name)
    rows: list[list[Any]] = [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    return _Table(name, path, "", rows)


def _excel_tables(path: Path, name: str) -> list[_Table]:
    calamine = import_optional("python_calamine", extra="ledgers", purpose="reading an Excel ledger")
    workbook = calamine.CalamineWorkbook.from_path(str(path))
    tables = []
    try:
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(getattr(sheet, "merged_cell_ranges", None) or [])
            tables.append(_Table(name, path, sheet_name, rows, merged))
    finally:
        workbook.close()
    return tables


def _tables(files: list[Path], problems: list[LedgerProblem]) -> list[_Table]:
    tables: list[_Table] = []
    for path in files:
        name = str(path)
        try:
            if path.suffix.lower() == ".csv":
                tables.append(_csv_table(path, name))
            else:
                tables.extend(_excel_tables(path, name))
        except csv.Error as error:
            msg = Message(
                "cannot read the CSV file: {reason}", "无法读取 CSV 文件：{reason}", reason=str(error)
            )
            problems.append(LedgerProblem(name, msg, code="unreadable-file", file=name))
        except UnicodeError:
            msg = Message(
                "cannot tell the file's encoding: save it as UTF-8 or GB18030 CSV",
                "无法判断文件的编码：请另存为 UTF-8 或 GB18030 编码的 CSV",
            )
            problems.append(LedgerProblem(name, msg, code="encoding-error", file=name))
        except OSError as error:
            problems.append(LedgerProblem(name, reason_of(error), code="unreadable-file", file=name))
        except Exception as error:  # calamine's own errors: not a workbook, a damaged one
            if type(error).__module__.startswith("python_calamine") or "calamine" in type(error).__name__:
                msg = Message(
                    "cannot read the workbook: {reason}",
                    "无法读取工作簿：{reason}",
                    reason=excerpt(str(error), limit=200),
                )
                problems.append(LedgerProblem(name, msg, code="unreadable-file", file=name))
            else:
                raise
    return tables


def _where(table: _Table, row: int = 0, column: int | None = None) -> str:
    cell = LedgerCell(table.file, table.sheet, row, "" if column is None else column_letter(column))
    if row == 0:
        return f"{table.file}:{table.sheet}" if table.sheet else table.file
    return cell.reference


def _problem(
    table: _Table,
    message: str,
    code: str,
    *,
    row: int = 0,
    column: int | None = None,
    header: str = "",
    value: str = "",
) -> LedgerProblem:
    return LedgerProblem(
        _where(table, row, column),
        message,
        code=code,
        file=table.file,
        sheet=table.sheet,
        row=row,
        column="" if column is None else column_letter(column),
        header=header,
        value=value,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _matches(row: list[Any], kind: str, found: ColumnMap) -> int:
    fields = set()
    for cell in row:
        if isinstance(cell, str) and cell.strip():
            field = found.field_of(kind, cell)
            if field:
                fields.add(field)
    return len(fields)


def _kind_by_name(table: _Table, found: ColumnMap) -> str | None:
    name = table.sheet if table.sheet else Path(table.file).stem
    return found.sheets.get(normal(name))


def _header_row(table: _Table, kind: str, found: ColumnMap) -> tuple[int, int]:
    best, at = 0, -1
    for index, row in enumerate(table.rows[:_HEADER_SCAN]):
        count = _matches(row, kind, found)
        if count > best:
            best, at = count, index
    return at, best


def _top_of(table: _Table, kind: str, at: int, found: ColumnMap) -> int:
    """The first row of a header that *at* ends: the row above, if it has headers over blanks of *at*."""
    if at == 0:
        return at
    above, row = table.rows[at - 1], table.rows[at]
    for position, cell in enumerate(above):
        below = row[position] if position < len(row) else None
        if isinstance(cell, str) and found.field_of(kind, cell) and is_blank(below):
            return at - 1
    return at


def _recognise(table: _Table, found: ColumnMap, problems: list[LedgerProblem]) -> tuple[str, int] | None:
    recognised = _recognise_at(table, found, problems)
    if recognised is None:
        return None
    kind, at = recognised
    return kind, _top_of(table, kind, at, found)


def _recognise_at(table: _Table, found: ColumnMap, problems: list[LedgerProblem]) -> tuple[str, int] | None:
    if not any(not is_blank(cell) for row in table.rows for cell in row):
        return None  # an empty sheet says nothing
    kind = _kind_by_name(table, found)
    if kind is not None:
        at, count = _header_row(table, kind, found)
        if count:
            return kind, at
        msg = Message(
            "no header of {kind} found in the first {rows} rows; expected headers such as {headers}",
            "前 {rows} 行中没有{kind}的表头；应有 {headers} 等表头",
            kind=Message(KINDS[kind].en, KINDS[kind].zh),
            rows=_HEADER_SCAN,
            headers=Message.joined(
                ", ", "、", [Message.literal(c.en, c.zh) for c in columns_of(kind) if c.required]
            ),
        )
        problems.append(_problem(table, msg, "missing-header"))
        return None
    name = table.sheet if table.sheet else Path(table.file).stem
    if normal(name).strip("_") in _SKIPPED_SHEETS:
        return None
    scores = sorted(((*_header_row(table, k, found)[::-1], k) for k in KINDS), reverse=True)
    (count, at, kind), (second, _, other) = scores[0], scores[1]
    if count >= 2 and count > second:
        return kind, at
    if count >= 2:
        msg = Message(
            "cannot tell whether the sheet holds {one} or {other} from its headers: "
            "name the sheet after its kind (e.g. {name})",
            "无法从表头判断这张表是{one}还是{other}：请按种类给表命名（如 {name}）",
            one=Message(KINDS[kind].en, KINDS[kind].zh),
            other=Message(KINDS[other].en, KINDS[other].zh),
            name=KINDS[kind].zh,
        )
    else:
        msg = Message(
            "cannot tell what the sheet {name} holds: "
            "name it after a kind ({kinds}) or give it their headers",
            "无法判断表 {name} 装的是什么：请按种类命名（{kinds}），或使用它们的表头",
            name=repr(name),
            kinds=Message.joined(", ", "、", [Message.literal(k.en, k.zh) for k in KINDS.values()]),
        )
    problems.append(_problem(table, msg, "unknown-sheet"))
    return None


def _columns(
    table: _Table, kind: str, at: int, found: ColumnMap, problems: list[LedgerProblem]
) -> tuple[dict[int, tuple[Column, str]], int]:
    header = table.rows[at]
    below = table.rows[at + 1] if at + 1 < len(table.rows) else []
    # A second header row: a merged group title above, the fields' own headers below.
    two_rows = any(
        isinstance(cell, str)
        and found.field_of(kind, cell)
        and not (isinstance(top, str) and found.field_of(kind, top))
        for top, cell in zip(header, below, strict=False)
    )
    width = max(len(header), len(below) if two_rows else 0)
    by_field = {column.field: column for column in columns_of(kind)}
    chosen: dict[int, tuple[Column, str]] = {}
    seen: dict[str, int] = {}
    for position in range(width):
        top = _text(header[position]) if position < len(header) else ""
        low = _text(below[position]) if two_rows and position < len(below) else ""
        written = low if low and found.field_of(kind, low) is not None else top
        if not written:
            written = low
        if not written:
            continue
        field = found.field_of(kind, written)
        row = at + (2 if written == low and two_rows else 1)
        if field is None:
            if two_rows and written == top and _merged_over(table, at, position):
                continue  # a group title over the columns below it
            msg = Message(
                "unknown header {header} for {kind}; expected one of {headers} "
                '(or map it in a --columns file, to a field or to "" to skip it)',
                "{kind}没有表头 {header}；应为 {headers} 之一"
                '（或在 --columns 文件中映射到字段，映射为 "" 则跳过）',
                header=repr(written),
                kind=Message(KINDS[kind].en, KINDS[kind].zh),
                headers=Message.joined(", ", "、", [Message.literal(c.en, c.zh) for c in columns_of(kind)]),
            )
            problems.append(_problem(table, msg, "unknown-header", row=row, column=position, header=written))
            continue
        if not field:
            continue  # notes
        if field in seen:
            msg = Message(
                "the header {header} names {field} again (already column {first})",
                "表头 {header} 再次对应字段 {field}（已在第 {first} 列）",
                header=repr(written),
                field=field,
                first=column_letter(seen[field]),
            )
            problems.append(
                _problem(table, msg, "duplicate-header", row=row, column=position, header=written)
            )
            continue
        seen[field] = position
        chosen[position] = (by_field[field], written)
    header_rows = at + (2 if two_rows else 1)
    for column in columns_of(kind):
        if column.required and column.field not in seen and column.field != KINDS[kind].id_field:
            msg = Message(
                "missing the column {zh} ({en})",
                "缺少列 {zh}（{en}）",
                zh=column.zh,
                en=column.en,
            )
            problems.append(_problem(table, msg, "missing-header", row=header_rows, header=column.zh))
    if kind == "divisions" and "code" not in seen:
        msg = Message("missing the column 区划代码 (code)", "缺少列 区划代码（code）")
        problems.append(_problem(table, msg, "missing-header", row=header_rows, header="区划代码"))
    return chosen, header_rows


def _merged_over(table: _Table, row: int, column: int) -> bool:
    return any(r0 <= row <= r1 and c0 <= column <= c1 and c1 > c0 for (r0, c0), (r1, c1) in table.merged)


def _is_total(row: list[Any]) -> bool:
    for cell in row:
        if not is_blank(cell):
            return isinstance(cell, str) and normal(cell) in _TOTALS
    return False


@attrs.define
class _Entity:
    read: _Read
    row: int  # as Excel shows it
    values: dict[str, Any]
    given_id: bool


def _kept(read: _Read) -> list[int]:
    """The positions of the rows that hold data: not blank, not a 合计 row."""
    rows = read.table.rows
    kept = []
    for index in range(read.start, len(rows)):
        row = rows[index]
        head = row[0] if row else None
        if head.__class__ is str and head and not head[0].isspace() and head[0] not in _TOTAL_STARTS:
            kept.append(index)  # the common row: its first cell is data
            continue
        first = next((cell for cell in row if cell != "" and cell is not None), None)
        if first is not None and first.__class__ is str and not first.strip():
            first = next((cell for cell in row if not is_blank(cell)), None)
        if first is None or (
            isinstance(first, str)
            and len(first) < 12
            and first.lstrip()[:1] in _TOTAL_STARTS
            and normal(first) in _TOTALS
        ):
            continue
        kept.append(index)
    return kept


_BLANK: Final = object()
_UNCLEAN: Final = "'=+-@ "


def _fast(parse: str) -> int:
    # Columns whose clean text is its own value: 1 ids and references (ASCII), 2 codes (digits), 3 text.
    return {"id": 1, "ref": 1, "code": 2, "text": 3}.get(parse, 0)


def _column_values(
    read: _Read, kept: list[int], position: int, column: Column, header: str, *, problems: list[LedgerProblem]
) -> tuple[list[Any], set[int]]:
    """Every kept row's value of one column (``_BLANK`` where blank), and the rows that failed."""
    rows = read.table.rows
    personal = column.field in PERSONAL_FIELDS[read.kind]
    required = column.required and column.field != KINDS[read.kind].id_field
    fast = _fast(column.parse)
    memo: dict[Any, Any] = {}
    values: list[Any] = []
    append = values.append
    failed: set[int] = set()
    cells: list[Any] = [row[position] if position < len(row) else None for row in map(rows.__getitem__, kept)]
    for index, cell in zip(kept, cells, strict=True):
        kind_of_cell = cell.__class__
        if kind_of_cell is str:
            if fast == 3:
                if cell and cell[0] != "'" and not cell[0].isspace() and not cell[-1].isspace():
                    append(cell)
                    continue
            elif (
                fast
                and cell.isascii()
                and cell
                and cell[-1] != " "
                and (cell.isdigit() if fast == 2 else (cell.isprintable() and cell[0] not in _UNCLEAN))
            ):
                append(cell)
                continue
            key: Any = cell
        else:
            key = (kind_of_cell, cell)
        found = memo.get(key, _BLANK)
        if found is not _BLANK:
            append(found.copy() if found.__class__ is list else found)
            continue
        if cell is None or (kind_of_cell is str and not cell.strip()):
            if required:
                msg = Message(
                    "{header} must be filled in", "{header} 必须填写", header=Message(column.en, column.zh)
                )
                problems.append(
                    _problem(read.table, msg, "blank-cell", row=index + 1, column=position, header=header)
                )
                failed.add(index)
            append(_BLANK)
            continue
        try:
            found = parse_cell(cell, column.parse, column.enum)
        except CellError as error:
            shown = "" if personal else _text(cell)
            problems.append(
                _problem(
                    read.table,
                    error.message,
                    error.code,
                    row=index + 1,
                    column=position,
                    header=header,
                    value=shown,
                )
            )
            failed.add(index)
            append(_BLANK)
            continue
        if len(memo) < 100_000:
            memo[key] = found
        append(found.copy() if found.__class__ is list else found)
    return values, failed


def _rows(read: _Read, problems: list[LedgerProblem]) -> list[_Entity]:
    kind = read.kind
    kept = _kept(read)
    dicts: list[dict[str, Any]] = [{} for _ in kept]
    failed: set[int] = set()
    for position, (column, header) in read.columns.items():
        values, bad = _column_values(read, kept, position, column, header, problems=problems)
        failed |= bad
        field = column.field
        for values_of_row, value in zip(dicts, values, strict=True):
            if value is not _BLANK:
                values_of_row[field] = value
    id_field = KINDS[kind].id_field
    return [
        _Entity(read, index + 1, values, id_field in values)
        for index, values in zip(kept, dicts, strict=True)
        if index not in failed or id_field in values or "name" in values
    ]


def _generated_ids(kind: str, entities: list[_Entity]) -> None:
    if kind == "divisions":
        return
    taken = {e.values["id"] for e in entities if e.given_id}
    for entity in entities:
        if entity.given_id:
            continue
        # Made from the row's own content: the same workbook gives the same ids, under any hash seed.
        seed = "\x1f".join(f"{k}={entity.values[k]!r}" for k in sorted(entity.values))
        digest = hashlib.blake2b(seed.encode("utf-8"), digest_size=5).hexdigest()
        made, extra = f"{_PREFIX[kind]}-{digest}", 1
        while made in taken:
            extra += 1
            made = f"{_PREFIX[kind]}-{digest}-{extra}"
        taken.add(made)
        entity.values["id"] = made


def _cell_problem(entity: _Entity, field: str, message: str, code: str, value: str) -> LedgerProblem:
    read = entity.read
    position = next((p for p, (c, _) in read.columns.items() if c.field == field), None)
    header = read.columns[position][1] if position is not None else ""
    return _problem(read.table, message, code, row=entity.row, column=position, header=header, value=value)


def _names(kind: str, entities: list[_Entity]) -> dict[str, list[str]]:
    """The ids of *kind*'s entities by their normalised name (workers' names are personal: not used)."""
    table: dict[str, list[str]] = defaultdict(list)
    if kind == "social_workers":
        return table
    id_field = KINDS[kind].id_field
    for entity in entities:
        name = entity.values.get("name")
        if isinstance(name, str) and id_field in entity.values:
            table[normal(name)].append(entity.values[id_field])
    return table


def _by_name(
    entity: _Entity,
    column: Column,
    item: str,
    names: dict[str, list[str]],
    problems: list[LedgerProblem],
) -> str:
    """The id that the name *item* stands for, or *item* itself with its problem reported."""
    target = column.target
    assert target is not None  # noqa: S101 - only reference columns come here
    hits = names.get(normal(item), [])
    if len(hits) == 1:
        return hits[0]
    noun = Message(KINDS[target].singular, KINDS[target].zh)
    if hits:
        msg = Message(
            "{value} names {count} {kind} entries; give the id ({ids}) instead",
            "{value} 对应 {count} 个{kind}；请改填编号（{ids}）",
            value=excerpt(item),
            count=len(hits),
            kind=noun,
            ids=", ".join(sorted(hits)),
        )
        code = "ambiguous-reference"
    else:
        msg = Message(
            "unknown {kind} {value}: no row of the {sheet} sheet has this id or name",
            "未知的{kind} {value}：{sheet}表中没有这个编号或名称",
            kind=noun,
            value=excerpt(item),
            sheet=Message(KINDS[target].en, KINDS[target].zh),
        )
        code = "unknown-reference"
    problems.append(_cell_problem(entity, column.field, msg, code, item))
    return item


def _resolve(by_kind: dict[str, list[_Entity]], problems: list[LedgerProblem]) -> None:
    ids: dict[str, set[str]] = {}
    for kind in KINDS:
        id_field = KINDS[kind].id_field
        ids[kind] = {e.values[id_field] for e in by_kind.get(kind, []) if id_field in e.values}
    names: dict[str, dict[str, list[str]]] = {}  # made only when a reference is not an id
    for kind, entities in by_kind.items():
        for column in columns_of(kind):
            target = column.target
            if target is None:
                continue
            field, known = column.field, ids[target]
            for entity in entities:
                values = entity.values
                value = values.get(field)
                if value is None:
                    continue
                if type(value) is list:
                    if all(item in known for item in value):
                        continue
                else:
                    if value in known:
                        continue
                    value = [value]
                if target not in names:
                    names[target] = _names(target, by_kind.get(target, []))
                found = [
                    item if item in known else _by_name(entity, column, item, names[target], problems)
                    for item in value
                ]
                values[field] = found if type(values[field]) is list else found[0]


def _duplicates(kind: str, entities: list[_Entity], problems: list[LedgerProblem]) -> None:
    seen: dict[Any, _Entity] = {}
    id_field = KINDS[kind].id_field
    for entity in entities:
        if entity.given_id:
            # Rows with ids differ by them; the same id on another row is a duplicate if all else agrees too,
            # and otherwise the registry's to report.
            key: Any = entity.values[id_field]
            first = seen.get(key)
            if first is not None and first.values != entity.values:
                continue
        else:
            key = tuple(sorted((k, repr(v)) for k, v in entity.values.items() if k != id_field))
            first = seen.get(key)
        if first is not None:
            msg = Message(
                "the row repeats row {first} of {sheet}",
                "此行与 {sheet} 第 {first} 行重复",
                first=first.row,
                sheet=first.read.table.sheet or first.read.table.file,
            )
            problems.append(_problem(entity.read.table, msg, "duplicate-row", row=entity.row))
        else:
            seen[key] = entity


_PROBLEM_PATH: Final = re.compile(r"([a-z_]+)\[(\d+)\](?:\.([a-z_0-9]+))?")


def _code_of(message: str) -> str:
    text = str(message)
    if text.startswith("unknown "):
        return "unknown-reference"
    if text.startswith("duplicate id"):
        return "duplicate-id"
    if text.startswith("expected") and ("got str" in text or "got int" in text or "got string" in text):
        return "type-error"
    return "constraint-error"


def _model_problems(
    error: LoadError, by_kind: dict[str, list[_Entity]], problems: list[LedgerProblem]
) -> None:
    for problem in error.problems:
        found = _PROBLEM_PATH.match(problem.path)
        if found is None or found.group(1) not in by_kind:
            problems.append(LedgerProblem(problem.path, problem.message, code="constraint-error"))
            continue
        kind, position, field = found.group(1), int(found.group(2)), found.group(3)
        entity = by_kind[kind][position]
        value = entity.values.get(field) if field else None
        shown = "" if value is None or (field in PERSONAL_FIELDS[kind]) else _text(value)
        if field is None or not any(c.field == field for c, _ in entity.read.columns.values()):
            problems.append(
                _problem(entity.read.table, problem.message, _code_of(problem.message), row=entity.row)
            )
        else:
            problems.append(_cell_problem(entity, field, problem.message, _code_of(problem.message), shown))


def _order(problem: Problem) -> tuple[str, str, int, int, str]:
    if not isinstance(problem, LedgerProblem):  # pragma: no cover - every problem here is one
        return (problem.path, "", 0, 0, "")
    return (problem.file, problem.sheet, problem.row, len(problem.column), problem.column)


def _import(listed: list[str | os.PathLike[str]], found: ColumnMap) -> LedgerImport:
    files, problems = _files(listed)
    tables = _tables(files, problems)
    reads: list[_Read] = []
    for table in tables:
        recognised = _recognise(table, found, problems)
        if recognised is None:
            continue
        kind, at = recognised
        chosen, start = _columns(table, kind, at, found, problems)
        reads.append(_Read(table, kind, chosen, start))
    if not reads and not problems:
        msg = Message(
            "no ledger found: no sheet or file of a known kind", "没有找到台账：没有已知种类的表或文件"
        )
        problems.append(LedgerProblem("", msg, code="unknown-sheet"))
    by_kind: dict[str, list[_Entity]] = {}
    for read in reads:
        by_kind.setdefault(read.kind, []).extend(_rows(read, problems))
        read.table.rows = []  # read: let the cells go
    by_kind = {kind: by_kind[kind] for kind in KINDS if kind in by_kind}
    for kind, entities in by_kind.items():
        _generated_ids(kind, entities)
        _duplicates(kind, entities, problems)
    _resolve(by_kind, problems)
    if problems:
        raise LedgerError(_CANNOT, sorted(problems, key=_order))
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for kind, entities in by_kind.items():
        document[kind] = [entity.values for entity in entities]  # the loader only reads them
    try:
        registry = _registry_from_document(document)
    except LoadError as error:
        _model_problems(error, by_kind, problems)
        raise LedgerError(_CANNOT, sorted(problems, key=_order)) from None
    headers: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    for read in reads:
        headers[read.table.file, read.table.sheet] = {
            column.field: (column_letter(position), written)
            for position, (column, written) in read.columns.items()
        }
    rows = {
        kind: tuple((e.read.table.file, e.read.table.sheet, e.row) for e in entities)
        for kind, entities in by_kind.items()
    }
    return LedgerImport(registry, rows, headers)


def import_ledgers(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    /,
    *,
    columns: str | os.PathLike[str] | Mapping[str, Any] | None = None,
) -> LedgerImport:
    r"""Import ledgers as :func:`read_ledgers` does, and keep where each entity came from.

    Returns:
        The registry and, for each entity, its row (see :meth:`LedgerImport.cell_of`).

    Raises:
        LedgerError: as :func:`read_ledgers`.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> folder = Path(tempfile.mkdtemp())
        >>> divisions = "区划代码,名称,层级\n510107,武侯区,区县\n"
        >>> _ = (folder / "行政区划.csv").write_text(divisions, encoding="utf-8")
        >>> _ = (folder / "社工站.csv").write_text("名称,层级,所属区划\n武侯区社工总站,区社工总站,武侯区\n",
        ...                                      encoding="utf-8")
        >>> found = sw.io.import_ledgers(folder)
        >>> found.cell_of("stations[0].division_id").reference.endswith("社工站.csv!C2")
        True

    .. versionadded:: 0.2
    """
    given: object = paths
    if isinstance(given, str | os.PathLike):
        listed: list[str | os.PathLike[str]] = [given]
    elif isinstance(given, Sequence) and all(isinstance(p, str | os.PathLike) for p in given):
        listed = list(given)
    else:
        msg = Message(
            "expected a path or a list of paths, got {type}",
            "应为路径或路径的列表，实为 {type}",
            type=type(given).__name__,
        )
        raise InvalidTypeError(msg, path="paths")
    mapping: object = columns if isinstance(columns, Mapping | None) else target_path(columns)
    if mapping is None and columns is not None:
        msg = Message(
            "expected a mapping or the path of a TOML file, got {type}",
            "应为映射或 TOML 文件的路径，实为 {type}",
            type=type(columns).__name__,
        )
        raise InvalidTypeError(msg, path="columns")
    found, mapping_problems = read_mapping(mapping)  # type: ignore[arg-type]  # checked above
    if mapping_problems:
        where = str(columns) if isinstance(columns, str | os.PathLike) else "columns"
        raise LedgerError(
            _CANNOT,
            [LedgerProblem(where, m, code="mapping-error", file=where) for m in mapping_problems],
        )
    with gc_paused():  # millions of cells and entities, none of them cyclic garbage
        return _import(listed, found)


def read_ledgers(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    /,
    *,
    columns: str | os.PathLike[str] | Mapping[str, Any] | None = None,
) -> Registry:
    r"""Return the registry that ledgers (台账) hold: a workbook, CSV files, or a folder of them.

    A workbook (``.xlsx``, ``.xls``, ``.ods``, the ``ledgers`` extra) holds a sheet
    per kind; CSV files (UTF-8, UTF-8 with BOM or GB18030, found out) one each. A
    sheet or file is known by its name (``社工站``, ``社工名册``, ``stations``, ...) or
    by its headers, in Chinese or English, with the aliases offices use (see
    :data:`socialwork.io.LEDGER_HEADERS`). Title rows above the header, a header in
    two rows under merged cells, blank rows, 合计 rows and 备注 columns are handled.
    Cells are read as clerks write them: dates as ``2021-12-31``, ``2021/12/31``,
    ``2021.12.31``, ``2021年12月31日`` or Excel serials, money exactly (``1,234.50``,
    ``12.5万元``), enumerations by their Chinese or English label, 是/否. A reference
    may give the name of what it names (a worker's 所属站点 ``玉林街道社工站``); rows
    without ids get ids made from their content, the same every time.

    Args:
        paths: A file, a folder, or a list of them.
        columns: A mapping file (TOML) or its dict, adding headers and sheet names:
            ``{"stations": {"站点名": "name"}, "sheets": {"站点一览": "stations"}}``.

    Returns:
        The registry.

    Raises:
        LedgerError: every problem at once, each a :class:`~socialwork.errors.LedgerProblem`
            naming the file, sheet, row, column letter, header, value and a code.
        MissingDependencyError: a workbook, without the ``ledgers`` extra.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> folder = Path(tempfile.mkdtemp())
        >>> divisions = "区划代码,名称,层级\n510107,武侯区,区县\n"
        >>> _ = (folder / "行政区划.csv").write_text(divisions, encoding="utf-8")
        >>> _ = (folder / "社工站.csv").write_text(
        ...     "名称,层级,所属区划,面积（平方米）,成立时间\n"
        ...     "武侯区社工总站,区社工总站,武侯区,１１２０,2021年3月1日\n",
        ...     encoding="gb18030")
        >>> registry = sw.io.read_ledgers(folder)
        >>> [(s.name, s.division_id, s.area_m2, s.opened.isoformat()) for s in registry.stations.values()]
        [('武侯区社工总站', '510107', Decimal('1120'), '2021-03-01')]
        >>> bad = "名称,层级,所属区划\n总站,某级,5.10107E+11\n"
        >>> _ = (folder / "社工站.csv").write_text(bad, encoding="utf-8")
        >>> sw.io.read_ledgers(folder)
        Traceback (most recent call last):
        ...
        socialwork.errors.LedgerError: cannot import the ledgers (2 problem(s)):
          ...社工站.csv!B2: expected one of district hub, ...
          ...社工站.csv!C2: the code '5.10107E+11' was turned into a number ...

    .. versionadded:: 0.2
    """
    return import_ledgers(paths, columns=columns).registry
