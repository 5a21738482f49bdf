"""Writing ledgers (台账): a registry as a workbook or CSV files, a blank template, an annotated copy."""

from __future__ import annotations

import csv
import enum
import io
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal

from socialwork._optional import import_optional
from socialwork.errors import InvalidTypeError, InvalidValueError, LedgerProblem, Message, excerpt
from socialwork.io._convert import KIND_SINCE
from socialwork.io._json import write_atomically
from socialwork.io._ledger_columns import Column, columns_of
from socialwork.io._ledger_read import EXCEL_SUFFIXES, _csv_table, _excel_tables
from socialwork.model import KINDS, Language, Registry
from socialwork.privacy import Pii, redact_registry

__all__ = ["LISTS_SHEET", "annotate_ledgers", "neutralise", "write_ledgers", "write_template"]

LedgerFormat = Literal["xlsx", "csv"]

LISTS_SHEET: Final = "_lists"
"""The hidden sheet of a template that holds the choices of its drop-down lists."""

_DANGEROUS: Final = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str, /) -> str:
    r"""Return *text* safe for a spreadsheet cell: one that starts like a formula gets a ``'`` before it.

    A cell that begins with ``=``, ``+``, ``-`` or ``@`` is run as a formula by
    Excel and other spreadsheets (formula injection, CWE-1236); with a leading
    apostrophe it is shown as text. :func:`~socialwork.io.read_ledgers` takes the
    apostrophe off again.

    Examples:
        >>> from socialwork.io import neutralise
        >>> neutralise("=HYPERLINK(\"http://x\")"), neutralise("玉林街道")
        ('\'=HYPERLINK("http://x")', '玉林街道')
    """
    given: object = text  # callers outside the type checker may pass anything
    if not isinstance(given, str):
        msg = Message("expected text, got {type}", "应为文本，实为 {type}", type=type(given).__name__)
        raise InvalidTypeError(msg, path="text")
    return "'" + text if text.startswith(_DANGEROUS) else text


def _label(member: enum.Enum, lang: Language) -> str:
    return str(getattr(member, "zh" if lang == "zh" else "en", member.value))


def _number(value: Decimal | int) -> float | int | str:
    if isinstance(value, int):
        return value if abs(value) < 2**53 else str(value)
    as_float = float(value)
    # A number cell only when the float gives the same decimal back; else exact text.
    return as_float if Decimal(repr(as_float)) == value else str(value)


def _cell(value: Any, column: Column, lang: Language, *, excel: bool) -> Any:
    if value is None or (isinstance(value, tuple | frozenset) and not value):
        return None
    parse = column.parse
    joiner = "、" if lang == "zh" else ", "
    if parse == "enum":
        return _label(value, lang)
    if parse == "enums":
        cls: type[enum.Enum] = type(next(iter(value)))
        members = list(cls)
        order = {member: i for i, member in enumerate(members)}
        return joiner.join(_label(m, lang) for m in sorted(value, key=order.__getitem__))
    if parse in ("refs", "codes"):
        return joiner.join(neutralise(item) for item in value)
    if parse == "bool":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if parse in ("money", "decimal", "int"):
        return _number(value) if excel else str(value)
    if parse == "date":
        return value if excel else value.isoformat()
    return neutralise(str(value))


def _check(registry: object, lang: object, to: object) -> None:
    if not isinstance(registry, Registry):
        msg = Message(
            "expected a Registry, got {type}", "应为 Registry，实为 {type}", type=type(registry).__name__
        )
        raise InvalidTypeError(msg, path="registry")
    if lang not in ("zh", "en"):
        msg = Message("expected 'zh' or 'en', got {got}", "应为 'zh' 或 'en'，实为 {got}", got=excerpt(lang))
        raise InvalidValueError(msg, path="lang")
    if to not in ("xlsx", "csv"):
        msg = Message(
            "expected 'xlsx' or 'csv', got {got}", "应为 'xlsx' 或 'csv'，实为 {got}", got=excerpt(to)
        )
        raise InvalidValueError(msg, path="to")


def _workbook_path(target: object, name: str = "target") -> Path:
    """*target* as the path of a workbook to write: a str or path ending in .xlsx."""
    if not isinstance(target, str | os.PathLike):
        msg = Message("expected a path, got {type}", "应为路径，实为 {type}", type=type(target).__name__)
        raise InvalidTypeError(msg, path=name)
    path = Path(target)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        msg = Message(
            "expected a workbook path ending in .xlsx, got {got}",
            "应为以 .xlsx 结尾的工作簿路径，实为 {got}",
            got=excerpt(str(target)),
        )
        raise InvalidValueError(msg, path=name)
    return path


def _folder_path(target: object) -> Path:
    if not isinstance(target, str | os.PathLike):
        msg = Message("expected a path, got {type}", "应为路径，实为 {type}", type=type(target).__name__)
        raise InvalidTypeError(msg, path="target")
    return Path(target)


def _openpyxl() -> Any:
    return import_optional("openpyxl", extra="ledgers", purpose="writing an Excel ledger")


_TEXT_PARSES: Final = frozenset({"id", "code", "ref", "refs", "codes", "text"})


def _sheet_title(kind: str, lang: Language) -> str:
    return KINDS[kind].label(lang)[:31]


def _save(workbook: Any, target: Path) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomically(target, buffer.getvalue())


def _kinds_of(registry: Registry) -> list[str]:
    # The kinds that came in after version 1 (referral work) get a sheet only when there are some,
    # as the JSON document writes their arrays.
    counts = registry.counts()
    return [kind for kind in KINDS if counts[kind] or KIND_SINCE.get(kind, 1) == 1]


def write_ledgers(
    registry: Registry,
    target: str | os.PathLike[str],
    /,
    *,
    to: LedgerFormat = "xlsx",
    lang: Language = "zh",
    pii: Pii = "include",
    key: bytes | str | None = None,
) -> None:
    """Write *registry* as ledgers: one workbook with a sheet per kind, or a folder of CSV files.

    Each sheet (or file, ``社工站.csv``) is named by its kind's label in *lang* and has
    the headers in *lang*: what :func:`read_ledgers` reads back into the same registry.
    Enumerations are written as their labels, sets and lists joined by ``、``, flags as
    是/否, dates as dates, codes and ids as text; money and numbers as numbers when a
    float holds them exactly, else as text. A text that starts like a formula is
    neutralised (:func:`neutralise`). Every file is written atomically. CSV files are
    UTF-8 with a BOM, which Excel opens as Unicode.

    What reads back differently, as a spreadsheet cannot tell it apart: spaces around a
    text (a clerk's trailing space is taken off), and an id in a list column (a station's
    共建单位, a project's 服务站点) that holds ``、``, ``,``, ``;`` or ``/``, which part items.

    Personal values are kept by default, as :func:`socialwork.io.dump` keeps them: pass
    ``pii="redact"``, or ``pii="pseudonymise"`` with a *key*, for a copy to share.

    Args:
        registry: The registry.
        target: The workbook to write (``.xlsx``), or the folder for the CSV files.
        to: ``"xlsx"`` (the ``ledgers`` extra) or ``"csv"``.
        lang: The language of sheet names, headers and labels.
        pii: See :func:`socialwork.privacy.redact_registry`.
        key: The key of the pseudonyms.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> folder = Path(tempfile.mkdtemp())
        >>> registry = sw.datasets.example()
        >>> sw.io.write_ledgers(registry, folder / "csv", to="csv")
        >>> sorted(p.name for p in (folder / "csv").iterdir())[:3]
        ['捐赠.csv', '服务需求.csv', '服务项目.csv']
        >>> sw.io.read_ledgers(folder / "csv") == registry
        True

    .. versionadded:: 0.2
    """
    _check(registry, lang, to)
    path = _folder_path(target) if to == "csv" else _workbook_path(target)
    shown = redact_registry(registry, pii=pii, key=key)
    if to == "csv":
        path.mkdir(parents=True, exist_ok=True)
        for kind in _kinds_of(shown):
            columns = columns_of(kind)
            index = getattr(shown, kind)
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow([c.header(lang) for c in columns])
            for entity_id in index:
                entity = index[entity_id]
                writer.writerow(
                    [
                        "" if (v := _cell(getattr(entity, c.field), c, lang, excel=False)) is None else v
                        for c in columns
                    ]
                )
            write_atomically(
                path / f"{_sheet_title(kind, lang)}.csv", b"\xef\xbb\xbf" + buffer.getvalue().encode()
            )
        return
    openpyxl = _openpyxl()
    workbook = openpyxl.Workbook(write_only=True)
    bold = openpyxl.styles.Font(bold=True)
    for kind in _kinds_of(shown):
        columns = columns_of(kind)
        sheet = workbook.create_sheet(_sheet_title(kind, lang))
        _widths(sheet, columns, lang)
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=column.header(lang))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        index = getattr(shown, kind)
        for entity_id in index:
            entity = index[entity_id]
            sheet.append([_cell(getattr(entity, c.field), c, lang, excel=True) for c in columns])
    _save(workbook, path)


def _widths(sheet: Any, columns: Sequence[Column], lang: Language) -> None:
    openpyxl = _openpyxl()
    for position, column in enumerate(columns):
        letter = openpyxl.utils.get_column_letter(position + 1)
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(10, 2 * len(column.header(lang)) + 2)
        if column.parse in ("id", "code", "ref", "codes", "refs"):
            dimension.number_format = "@"  # codes stay text: Excel never turns them into numbers


_INSTRUCTIONS: Final = {
    "zh": (
        "填表说明",
        "每张表对应一类数据，第一行是表头，请勿改动表头；从第二行起每行填一条。",
        (
            "编号可以不填：导入时按每行内容生成固定的编号。"
            "引用其他表时，可填编号，也可填名称（如所属站点填“玉林街道社工站”）。"
        ),
        (
            "日期可写作 2021-12-31、2021/12/31、2021.12.31 或 2021年12月31日；"
            "金额以元为单位，可写 1,234.50 或 12.5万元。"
        ),
        "带下拉列表的列请从列表中选择；多个值之间用顿号“、”分隔。区划代码列已设为文本格式，请勿改为数字格式。",
        (
            "填好后用 socialwork import 文件名 -o registry.json 导入；"
            "有问题时加 --annotate 批注.xlsx 得到标出问题单元格的副本。"
        ),
    ),
    "en": (
        "Instructions",
        (
            "Each sheet holds one kind of data; the first row is the header, keep it; "
            "fill one row per entry below it."
        ),
        "The id may be left blank: import makes a fixed id from the row. A reference gives an id or a name.",
        "Dates: 2021-12-31, 2021/12/31, 2021.12.31 or 2021年12月31日; amounts in yuan: 1,234.50 or 12.5万元.",
        (
            "Pick values of drop-down columns from their lists; separate several values by 、 or commas. "
            "Keep code columns formatted as text."
        ),
        (
            "Import with socialwork import FILE -o registry.json; "
            "add --annotate fixed.xlsx for a copy marking each problem cell."
        ),
    ),
}


def write_template(target: str | os.PathLike[str], /, *, lang: Language = "zh") -> None:
    """Write a blank ledger workbook: a sheet per kind with its headers, drop-down lists and instructions.

    Every enumeration column has a drop-down list (data validation) of its labels in
    *lang*; code and id columns are formatted as text, so that Excel keeps every digit
    of a 12-digit division code; the first sheet says how to fill it in. A template
    filled in as it says reads back with :func:`read_ledgers` (the ``ledgers`` extra).

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> path = Path(tempfile.mkdtemp()) / "台账模板.xlsx"
        >>> sw.io.write_template(path)
        >>> import openpyxl
        >>> book = openpyxl.load_workbook(path)
        >>> book.sheetnames[:3], [c.value for c in book["社工站"][1]][:3]
        (['说明', '行政区划', '社会组织'], ['编号', '名称', '层级'])

    .. versionadded:: 0.2
    """
    _check(Registry(), lang, "xlsx")
    path = _workbook_path(target)
    openpyxl = _openpyxl()
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415 - the extra is optional

    workbook = openpyxl.Workbook()
    guide = workbook.active
    guide.title = "说明" if lang == "zh" else "instructions"
    for line in _INSTRUCTIONS[lang]:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    guide["A1"].font = openpyxl.styles.Font(bold=True, size=14)
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_column = 0
    bold = openpyxl.styles.Font(bold=True)
    for kind in (
        name for name in KINDS if KIND_SINCE.get(name, 1) == 1
    ):  # referral work is not an office ledger
        columns = columns_of(kind)
        sheet = workbook.create_sheet(_sheet_title(kind, lang))
        _widths(sheet, columns, lang)
        sheet.append([c.header(lang) for c in columns])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for position, column in enumerate(columns):
            letter = openpyxl.utils.get_column_letter(position + 1)
            if column.enum is not None:
                list_column += 1
                list_letter = openpyxl.utils.get_column_letter(list_column)
                members = [_label(m, lang) for m in column.enum]
                for row, label in enumerate(members, start=1):
                    lists.cell(row=row, column=list_column, value=label)
                formula = f"'{LISTS_SHEET}'!${list_letter}$1:${list_letter}${len(members)}"
                # A set column takes several labels joined by 、: the list offers them, and does not refuse.
                several = column.parse == "enums"
                check = DataValidation(
                    type="list", formula1=formula, allow_blank=True, showErrorMessage=not several
                )
                check.add(f"{letter}2:{letter}10000")
                sheet.add_data_validation(check)
            elif column.parse in ("id", "code", "ref", "codes", "refs"):
                for row in range(2, 201):
                    sheet.cell(row=row, column=position + 1).number_format = "@"
    workbook.move_sheet(lists, offset=len(workbook.sheetnames) - 1)
    _save(workbook, path)


def _rows_of(path: Path) -> list[tuple[str, list[list[Any]]]]:
    if path.suffix.lower() == ".csv":
        table = _csv_table(path, str(path))
        return [(path.stem[:31], table.rows)]
    return [(table.sheet, table.rows) for table in _excel_tables(path, str(path))]


def _annotation_inputs(
    sources: object, problems: object
) -> tuple[list[str | os.PathLike[str]], list[LedgerProblem]]:
    """The sources and problems that annotate_ledgers was given, checked."""
    listed_given: object = problems
    if isinstance(listed_given, str | bytes) or not isinstance(listed_given, Iterable):
        msg = Message(
            "expected the problems of a LedgerError, got {type}",
            "应为 LedgerError 的问题列表，实为 {type}",
            type=type(listed_given).__name__,
        )
        raise InvalidTypeError(msg, path="problems")
    listed = list(listed_given)
    if not all(isinstance(p, LedgerProblem) for p in listed):
        msg = Message(
            "expected LedgerProblem values, the problems of a LedgerError",
            "应为 LedgerProblem，即 LedgerError 的问题",
        )
        raise InvalidTypeError(msg, path="problems")
    sources_given: object = sources
    if isinstance(sources_given, str | os.PathLike):
        given: list[str | os.PathLike[str]] = [sources_given]
    elif isinstance(sources_given, Sequence) and all(isinstance(p, str | os.PathLike) for p in sources_given):
        given = list(sources_given)
    else:
        msg = Message(
            "expected a path or a list of paths, got {type}",
            "应为路径或路径的列表，实为 {type}",
            type=type(sources_given).__name__,
        )
        raise InvalidTypeError(msg, path="sources")
    return given, listed


def annotate_ledgers(
    sources: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    problems: Iterable[LedgerProblem],
    target: str | os.PathLike[str],
    /,
    *,
    lang: Language = "zh",
) -> int:
    r"""Write a copy of the ledgers with every problem cell highlighted and a comment saying what is wrong.

    An ``.xlsx`` workbook is copied with its formatting; CSV files and other
    workbooks become sheets of a new workbook, with their cells where they were.
    A problem of a whole row marks its first cell; of a whole sheet, its first cell.

    Args:
        sources: The files that were imported (a folder, a file, a list).
        problems: The problems, e.g. the ``problems`` of a :class:`~socialwork.errors.LedgerError`.
        target: The ``.xlsx`` file to write, atomically.
        lang: The language of the comments.

    Returns:
        How many cells were marked.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "社工站.csv").write_text("名称,层级\n总站,某级\n", encoding="utf-8")
        >>> try:
        ...     sw.io.read_ledgers(folder)
        ... except sw.errors.LedgerError as error:
        ...     sw.io.annotate_ledgers(folder, error.problems, folder / "fixed.xlsx")
        2

    .. versionadded:: 0.2
    """
    path_out = _workbook_path(target)
    given, listed = _annotation_inputs(sources, problems)
    openpyxl = _openpyxl()
    files: list[Path] = []
    for item in given:
        path = Path(item)
        if path.is_dir():
            files.extend(p for p in sorted(path.iterdir()) if p.suffix.lower() in (*EXCEL_SUFFIXES, ".csv"))
        else:
            files.append(path)
    one_workbook = len(files) == 1 and files[0].suffix.lower() in (".xlsx", ".xlsm")
    if one_workbook:
        workbook = openpyxl.load_workbook(files[0])
        sheet_of = {(str(files[0]), name): workbook[name] for name in workbook.sheetnames}
    else:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        sheet_of = {}
        for path in files:
            for name, rows in _rows_of(path):
                title = name if name not in workbook.sheetnames else f"{name[:27]}-{len(workbook.sheetnames)}"
                sheet = workbook.create_sheet(title[:31])
                for values in rows:
                    sheet.append([neutralise(v) if isinstance(v, str) else v for v in values])
                sheet_of[str(path), "" if path.suffix.lower() == ".csv" else name] = sheet
    fill = openpyxl.styles.PatternFill(fill_type="solid", start_color="FFFFC7CE", end_color="FFFFC7CE")
    notes: dict[tuple[int, str, int], list[str]] = {}
    sheets: dict[int, Any] = {}
    for problem in listed:
        sheet = sheet_of.get((problem.file, problem.sheet))
        if sheet is None:
            continue
        sheets[id(sheet)] = sheet
        column = problem.column or "A"
        row = max(problem.row, 1)
        text = problem.message.text(lang) if isinstance(problem.message, Message) else str(problem.message)
        notes.setdefault((id(sheet), column, row), []).append(f"[{problem.code}] {text}")
    for (sheet_key, column, row), texts in notes.items():
        sheet = sheets[sheet_key]
        cell = sheet[f"{column}{row}"]
        for merged in sheet.merged_cells.ranges:  # a merged cell's comment goes on its first cell
            if cell.coordinate in merged:
                cell = sheet.cell(row=merged.min_row, column=merged.min_col)
                break
        cell.fill = fill
        comment = openpyxl.comments.Comment("\n".join(texts), "socialwork")
        comment.width, comment.height = 320, 40 + 40 * len(texts)
        cell.comment = comment
    _save(workbook, path_out)
    return len(notes)
