"""``socialwork import`` and ``socialwork template``: ledgers (台账) in, and a blank workbook to fill in.

``import FILES... -o registry.json`` reads workbooks and CSV files (see
:func:`socialwork.io.read_ledgers`) and writes the registry as a socialwork
JSON document. Every problem is one line on standard error naming the file,
sheet, cell and header, with its code; ``--annotate fixed.xlsx`` writes a copy
of the ledgers with each problem cell highlighted and commented, in ``--lang``.
``--check`` then runs the built-in rules and names the cell each violation is about,
one line a violation on standard output.

Exit status: 0 imported, 1 the ledgers have problems (nothing is written but the
annotated copy) or ``--check`` found an ERROR, 2 usage, 3 a file cannot be read.
"""

from __future__ import annotations

import argparse

import socialwork as sw
from socialwork.cli._common import FILE, add_language, add_output, print_json, problem, usage_error
from socialwork.cli._common import text as say
from socialwork.cli._errors import ExitCode
from socialwork.errors import LedgerError, LedgerProblem, Message

__all__ = ["register", "register_template", "run", "run_template"]

_UNREADABLE = frozenset({"unreadable-file", "encoding-error"})


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` command to *commands*."""
    parser = commands.add_parser(
        "import",
        help=Message(
            "import ledgers (Excel workbooks or CSV files) into a registry",
            "把台账（Excel 或 CSV）导入为登记数据",
        ),
        description=Message(
            "Read ledgers: a workbook (.xlsx, .xls, .ods) with a sheet per kind, CSV files, or a folder "
            "of them, with Chinese or English headers. Either the registry is written to -o, or every "
            "problem is listed by file, sheet, cell and header (and marked in --annotate's copy).",
            "读取台账：每类数据一张表的工作簿（.xlsx、.xls、.ods）、CSV 文件，或装有它们的文件夹，"
            "表头可为中文或英文。要么把登记数据写到 -o，要么按文件、工作表、单元格和表头列出每个问题"
            "（并在 --annotate 的副本中标出）。",
        ),
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar=FILE,
        help=Message("workbooks, CSV files or folders", "工作簿、CSV 文件或文件夹"),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar=Message("PATH", "路径"),
        help=Message("the socialwork JSON file to write", "要写出的 socialwork JSON 文件"),
    )
    parser.add_argument(
        "--columns",
        metavar=FILE,
        help=Message(
            "a TOML file mapping more headers to fields and sheet names to kinds, read strictly",
            "把更多表头映射到字段、把表名映射到种类的 TOML 文件，严格读取",
        ),
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=Message(
            "also run the built-in rules and name the cell of each violation",
            "同时运行内置规则，并指出每项违规所在的单元格",
        ),
    )
    parser.add_argument(
        "--annotate",
        metavar=Message("XLSX", "XLSX"),
        help=Message(
            "write a copy of the ledgers with every problem cell highlighted and commented",
            "写出一份台账副本，每个有问题的单元格都标色并附批注",
        ),
    )
    add_output(parser)
    parser.set_defaults(run=run, parser=parser)


def _line(problem_: LedgerProblem, lang: str) -> str:
    message = problem_.message.text(lang) if isinstance(problem_.message, Message) else str(problem_.message)  # type: ignore[arg-type]
    header = f" [{problem_.header}]" if problem_.header else ""
    return f"{problem_.path}{header}: {problem_.code}: {message}"


def run(args: argparse.Namespace) -> ExitCode:
    """Import the ledgers that *args* name."""
    lang = args.lang
    try:
        found = sw.io.import_ledgers(args.files, columns=args.columns)
    except LedgerError as error:
        problems = [p for p in error.problems if isinstance(p, LedgerProblem)]
        marked = 0
        if args.annotate:
            marked = sw.io.annotate_ledgers(args.files, problems, args.annotate, lang=lang)
        if args.format == "json":
            print_json(
                {
                    "imported": False,
                    "problems": [
                        {
                            "file": p.file,
                            "sheet": p.sheet,
                            "row": p.row,
                            "column": p.column,
                            "header": p.header,
                            "value": p.value,
                            "code": p.code,
                            "message": p.message.text(lang) if isinstance(p.message, Message) else p.message,
                        }
                        for p in problems
                    ],
                    "annotated": args.annotate,
                }
            )
        for item in problems:
            problem(_line(item, lang))
        if args.annotate and args.format != "json":
            print(
                say(
                    lang,
                    f"已写出标注副本 {args.annotate}（{marked} 个单元格）",
                    f"wrote the annotated copy {args.annotate} ({marked} cells)",
                )
            )
        unreadable = problems and all(p.code in _UNREADABLE for p in problems)
        return ExitCode.UNREADABLE if unreadable else ExitCode.PROBLEMS
    registry = found.registry
    if args.output:
        sw.dump(registry, args.output)
    failing = 0
    violations = []
    lines = []
    if args.check:
        for v in sw.validate(registry):
            cell = found.cell_of(v.path)
            where = cell.reference if cell is not None else v.path
            header = f" [{cell.header}]" if cell is not None and cell.header else ""
            violations.append(
                {"cell": where, "code": v.code, "severity": v.severity.value, "message": v.message(lang)}
            )
            failing += v.severity is sw.Severity.ERROR
            severity = v.severity.label(lang) if lang == "zh" else v.severity.value
            lines.append(f"  {where}{header}: {v.code} {severity}: {v.message(lang)}")
    counts = registry.counts()
    if args.format == "json":
        print_json({"imported": True, "output": args.output, "counts": counts, "violations": violations})
    else:
        total = sum(counts.values())
        shown = ", ".join(f"{sw.model.KINDS[k].label(lang)} {n}" for k, n in counts.items() if n)
        print(say(lang, f"已导入 {total} 条：{shown}", f"imported {total} entries: {shown}"))
        if args.output:
            print(say(lang, f"已写出 {args.output}", f"wrote {args.output}"))
        if args.check:
            print(
                say(
                    lang,
                    f"规则检查：{len(violations)} 项，其中错误 {failing} 项",
                    f"rules: {len(violations)} violation(s), {failing} error(s)",
                )
            )
            for line in lines:
                print(line)
    return ExitCode.PROBLEMS if failing else ExitCode.OK


def register_template(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``template`` command to *commands*."""
    parser = commands.add_parser(
        "template",
        help=Message("write a blank ledger workbook to fill in", "写出待填写的空白台账模板"),
        description=Message(
            "Write a workbook with a sheet per kind, its headers in --lang, a drop-down list on every "
            "enumeration column, code columns formatted as text and an instructions sheet. "
            "What it holds once filled in, socialwork import reads.",
            "写出一个工作簿：每类数据一张表，表头为 --lang 的语言，每个枚举列带下拉列表，"
            "代码列设为文本格式，另有一张填表说明。填好后可用 socialwork import 导入。",
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar=Message("PATH", "路径"),
        help=Message("the .xlsx file to write", "要写出的 .xlsx 文件"),
    )
    add_language(
        parser,
        Message(
            "language of the sheets, headers and lists (default: the running language)",
            "表名、表头和下拉列表的语言（默认：当前语言）",
        ),
    )
    parser.set_defaults(run=run_template, parser=parser)


def run_template(args: argparse.Namespace) -> ExitCode:
    """Write the template that *args* ask for."""
    if not args.output.lower().endswith((".xlsx", ".xlsm")):
        msg = Message(
            "argument -o: a workbook's name ends in .xlsx, got {name}",
            "参数 -o：工作簿的文件名应以 .xlsx 结尾，实为 {name}",
            name=repr(args.output),
        )
        return usage_error(args, msg)
    sw.io.write_template(args.output, lang=args.lang)
    print(say(args.lang, f"已写出模板 {args.output}", f"wrote the template {args.output}"))
    return ExitCode.OK
