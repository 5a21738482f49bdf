"""``socialwork export``: a registry as JSON, GraphML, node-link JSON, CSV tables, ledgers (台账) or HSDS.

``--to xlsx`` writes a ledger workbook and ``--to ledger-csv`` a folder of ledger CSV
files, a sheet or file per kind with the headers and labels of ``--lang``, which
``socialwork import`` reads back (:func:`socialwork.io.write_ledgers`); like the
JSON document, they keep personal values unless ``--redact`` or ``--key`` is given.
``--to hsds`` writes the services directory in HSDS 3.0, a folder
(:func:`socialwork.io.write_hsds`).

Every file is written by :mod:`socialwork.io`, atomically: a failure leaves an
existing target as it was. ``-o -`` writes to standard output.

Personal values (a worker's name, a donor, a grant's purpose): the JSON
document is the system of record and keeps them unless ``--redact`` or ``--key``
is given; graph files and CSV tables are made to be shared and redact them
unless ``--include-pii`` is given. ``--key KEY`` pseudonymises them in any format,
the same value always under the same key. An HSDS directory (``--to hsds``, a
folder) holds no personal value at all: organizations, stations and projects.
"""

from __future__ import annotations

import argparse
import io
import sys
from typing import IO, Literal

import socialwork as sw
from socialwork.cli._common import add_input, add_output, print_json, read_input, usage_error
from socialwork.cli._common import text as say
from socialwork.cli._errors import ExitCode
from socialwork.cli._input import STDIN
from socialwork.cli._progress import Progress
from socialwork.errors import Message

__all__ = ["register", "run"]

_FORMATS = ("json", "graphml", "node-link", "csv", "xlsx", "ledger-csv", "hsds")
_LEDGERS = ("xlsx", "ledger-csv")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` command to *commands*."""
    parser = commands.add_parser(
        "export",
        help=Message(
            "write a registry as JSON, GraphML, node-link JSON, CSV tables, ledgers (xlsx) or HSDS",
            "把登记数据写成 JSON、GraphML、node-link JSON、CSV 表格、台账（xlsx）或 HSDS 服务目录",
        ),
        description=Message(
            "Write a registry as a socialwork JSON document, a GraphML or node-link JSON graph, "
            "CSV tables (one a kind, in a zip archive), ledgers: an Excel workbook (xlsx) or a folder "
            "of CSV files (ledger-csv) with the headers of --lang, which socialwork import reads back, "
            "or the services directory in HSDS 3.0 (hsds: a folder of JSON files, with the China profile). "
            "Files are written atomically.",
            "把登记数据写成 socialwork JSON 文档、GraphML 或 node-link JSON 图，"
            "CSV 表格（每类实体一张，装在一个 zip 压缩包里），台账：Excel 工作簿（xlsx）"
            "或 CSV 文件夹（ledger-csv），表头为 --lang 的语言，可用 socialwork import 读回，"
            "或 HSDS 3.0 服务目录（hsds：一个 JSON 文件夹，含中国扩展）。"
            "文件以原子方式写出。",
        ),
    )
    add_input(parser)
    parser.add_argument(
        "--to", choices=_FORMATS, required=True, help=Message("the format to write", "写出的格式")
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar=Message("PATH", "路径"),
        help=Message(
            "the file to write, - for standard output; a folder for hsds",
            "写出的文件，- 表示标准输出；hsds 为文件夹",
        ),
    )
    privacy = parser.add_mutually_exclusive_group()
    privacy.add_argument(
        "--redact",
        action="store_true",
        help=Message("replace personal values by <redacted>", "把个人信息替换为 <redacted>"),
    )
    privacy.add_argument(
        "--include-pii",
        action="store_true",
        help=Message("keep personal values in graph files and tables", "在图文件和表格中保留个人信息"),
    )
    privacy.add_argument(
        "--key",
        metavar=Message("KEY", "密钥"),
        help=Message(
            "replace personal values by their pseudonyms under KEY", "把个人信息替换为用该密钥生成的化名"
        ),
    )
    add_output(parser)
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> ExitCode:
    """Write the registry that *args* name in the format ``--to`` names."""
    lang = args.lang
    if args.key == "":
        msg = Message(
            "argument --key: expected a key of at least one character", "参数 --key：密钥至少要有一个字符"
        )
        return usage_error(args, msg)
    to_stdout = args.output == STDIN
    if to_stdout and args.to == "hsds":
        msg = Message(
            "an HSDS directory is a folder of files: give -o FOLDER",
            "HSDS 服务目录是一个文件夹：请用 -o 指定文件夹",
        )
        return usage_error(args, msg)
    if to_stdout and args.to == "csv" and sys.stdout.isatty():
        msg = Message(
            "a zip archive of CSV tables is not for a terminal: give -o PATH",
            "CSV 表格的 zip 压缩包不能写到终端：请用 -o PATH 指定文件",
        )
        return usage_error(args, msg)
    if to_stdout and args.to in _LEDGERS:
        msg = Message(
            "ledgers are written to files: give -o PATH", "台账要写到文件：请用 -o PATH 指定文件或文件夹"
        )
        return usage_error(args, msg)
    if args.to == "xlsx" and not args.output.lower().endswith((".xlsx", ".xlsm")):
        msg = Message(
            "argument -o: a workbook's name ends in .xlsx, got {name}",
            "参数 -o：工作簿的文件名应以 .xlsx 结尾，实为 {name}",
            name=repr(args.output),
        )
        return usage_error(args, msg)
    buffer = io.BytesIO()
    with Progress(2) as progress:
        found = read_input(args, progress)
        progress.step(say(lang, "写出", "writing"))
        _write(args, found.registry, buffer if to_stdout else args.output)
    # Written once the progress bar on standard error is gone, which may share the terminal.
    if to_stdout:
        out = getattr(sys.stdout, "buffer", None)
        if out is None:  # a standard output without bytes (replaced by a StringIO, say)
            sys.stdout.write(buffer.getvalue().decode("utf-8", errors="replace"))
        else:
            out.write(buffer.getvalue())
    elif args.format == "json":
        counts = found.registry.counts()
        print_json({"source": found.source, "to": args.to, "output": args.output, "counts": counts})
    else:
        print(say(lang, f"已写出 {args.output}（{args.to}）", f"wrote {args.output} ({args.to})"))
    return ExitCode.OK


def _pii(args: argparse.Namespace, *, shared: bool) -> sw.privacy.Pii:
    if args.key is not None:
        return "pseudonymise"
    if args.redact:
        return "redact"
    if args.include_pii:
        return "include"
    return "redact" if shared else "include"


def _write(args: argparse.Namespace, registry: sw.Registry, target: str | IO[bytes]) -> None:
    if args.to == "json":
        sw.dump(registry, target, pii=_pii(args, shared=False), key=args.key)
    elif args.to == "hsds":
        assert isinstance(target, str)  # noqa: S101 - standard output was refused above
        sw.io.write_hsds(registry, target)
    elif args.to in _LEDGERS:
        assert isinstance(target, str)  # noqa: S101 - refused for standard output in run()
        to: Literal["xlsx", "csv"] = "xlsx" if args.to == "xlsx" else "csv"
        sw.io.write_ledgers(
            registry, target, to=to, lang=args.lang, pii=_pii(args, shared=False), key=args.key
        )
    elif args.to == "csv":
        sw.io.write_tables(registry, target, pii=_pii(args, shared=True), key=args.key)
    else:
        write = sw.io.write_graphml if args.to == "graphml" else sw.io.write_node_link
        write(registry, target, redact=_pii(args, shared=True) != "include", key=args.key)
