"""What the commands share: the input (``FILE``, ``-``, ``--dataset``), ``--lang``, ``--format``, output.

Every command that reads a registry takes it the same way: a file, ``-`` for
standard input, or ``--dataset NAME`` for a bundled registry (``example`` or one
of :data:`socialwork.datasets.SCENARIOS`). With neither, it reads the bundled
example, as ``socialwork summary`` always has: the one registry that holds
every kind of entity, so that every command has something to show.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

import socialwork as sw
from socialwork.cli._errors import ExitCode
from socialwork.cli._input import is_ledger, read_ledger, read_registry, source_name
from socialwork.cli._parser import language, translated, usage_error_line
from socialwork.cli._progress import Progress
from socialwork.errors import Message
from socialwork.reporting import display_width, pad

__all__ = [
    "DATASETS",
    "DATE",
    "EXAMPLE",
    "FILE",
    "LANG_HELP",
    "Input",
    "add_input",
    "add_language",
    "add_output",
    "comma_list",
    "date_argument",
    "money",
    "print_json",
    "problem",
    "read_input",
    "table",
    "text",
    "usage_error",
]

EXAMPLE = "example"
"""The ``--dataset`` name of the bundled example (:func:`socialwork.datasets.example`)."""

DATASETS = (EXAMPLE, *sw.datasets.SCENARIOS)
"""Every name ``--dataset`` takes."""

FILE = Message("FILE", "文件")
"""The metavar of a file argument."""

DATE = Message("DATE", "日期")
"""The metavar of a date argument, ``YYYY-MM-DD``."""

_BUNDLED = {"zh": "内置示例", "en": "bundled example"}
_READING = {"zh": "读取", "en": "reading"}


def text(lang: str, zh: str, en: str) -> str:
    """Return *zh* or *en*, whichever *lang* asks for."""
    return zh if lang == "zh" else en


@attrs.frozen
class Input:
    """The registry a command works on, where it comes from, and its scenario if it is one.

    Attributes:
        registry: The registry.
        source: How messages name it: a file name, ``<stdin>``, or the dataset.
        scenario: The bundled scenario, when ``--dataset`` named one.
        ledger: Where each entity came from, when the input is ledgers (台账).
    """

    registry: sw.Registry
    source: str
    scenario: sw.datasets.Scenario | None = None
    ledger: sw.io.LedgerImport | None = None


def add_input(parser: argparse.ArgumentParser, *, default: str = EXAMPLE) -> None:
    """Add ``FILE`` (or ``-``) and ``--dataset NAME``, of which at most one may be given.

    *default* is the dataset read when neither is given; it is only named in the help.
    """
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "file",
        nargs="?",
        metavar=FILE,
        help=Message(
            "a socialwork JSON file, ledgers (a workbook, CSV file or folder of them), "
            "or - for standard input (default: the {default} dataset)",
            "socialwork JSON 文件、台账（工作簿、CSV 文件或装有它们的文件夹），"
            "- 表示标准输入（默认：内置数据集 {default}）",
            default=default,
        ),
    )
    group.add_argument(
        "--dataset",
        choices=DATASETS,
        metavar=Message("NAME", "名称"),
        help=Message(
            "a bundled registry instead of a file: {names} (default: {default})",
            "用内置的登记数据代替文件：{names}（默认：{default}）",
            names=", ".join(DATASETS),
            default=default,
        ),
    )


def add_output(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang zh|en`` (the running language by default) and ``--format text|json``."""
    add_language(parser, LANG_HELP)
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=Message(
            "text for people (default) or JSON for programs", "text 供人阅读（默认），json 供程序读取"
        ),
    )


LANG_HELP = Message(
    "language of the output (default: SOCIALWORK_LANG, else the locale, else English)",
    "输出的语言（默认：环境变量 SOCIALWORK_LANG，其次是系统区域设置，否则为英文）",
)
"""The help of ``--lang`` for a command that prints a result."""


def add_language(parser: argparse.ArgumentParser, help: Message) -> None:  # noqa: A002 - argparse's word
    """Add ``--lang zh|en``, whose default is the running language (``SOCIALWORK_LANG`` or the locale)."""
    parser.add_argument("--lang", choices=["zh", "en"], default=language(), help=help)


def read_input(args: argparse.Namespace, progress: Progress | None = None) -> Input:
    """Return the registry that *args* name (``file`` and ``dataset``), with its source.

    Raises:
        InputError: the file cannot be read or is not a socialwork document.
    """
    dataset: str | None = getattr(args, "dataset", None)
    file: str | None = args.file
    if dataset is not None and dataset != EXAMPLE:
        scenario = sw.datasets.scenario(dataset)
        title = scenario.title_zh if args.lang == "zh" else scenario.title_en
        return Input(scenario.registry, f"{dataset} ({title})", scenario)
    if file is None:
        source = f"{_BUNDLED[args.lang]} ({Path(sw.datasets.example_path()).name})"
        return Input(sw.datasets.example(), source)
    if progress is not None:
        progress.step(f"{_READING[args.lang]} {source_name(file)}")
    if is_ledger(file):
        found = read_ledger(file)
        return Input(found.registry, source_name(file), ledger=found)
    return Input(read_registry(file), source_name(file))


def date_argument(value: str) -> dt.date:
    """Read a command-line date, ``YYYY-MM-DD``; argparse makes a failure a usage error."""
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = Message(
            "expected a date YYYY-MM-DD, got {value}", "应为日期 YYYY-MM-DD，实为 {value}", value=repr(value)
        )
        raise argparse.ArgumentTypeError(translated(msg)) from None


def comma_list(choices: Iterable[str], *, what: Message) -> Callable[[str], list[str]]:
    """Return an argparse type that reads ``a,b,c``, each one of *choices* (each a *what*)."""
    allowed = tuple(choices)

    def read(value: str) -> list[str]:
        items = [item.strip() for item in value.split(",") if item.strip()]
        unknown = [item for item in items if item not in allowed]
        if unknown or not items:
            msg = Message(
                "unknown {what} {wrong}; expected one of {allowed}",
                "未知的{what} {wrong}；应为 {allowed} 之一",
                what=what,
                wrong=", ".join(map(repr, unknown or [value])),
                allowed=", ".join(allowed),
            )
            raise argparse.ArgumentTypeError(translated(msg))
        return items

    return read


def usage_error(args: argparse.Namespace, message: Message) -> ExitCode:
    """Print the command's usage and *message* on standard error, as argparse does; return 2."""
    parser: argparse.ArgumentParser = args.parser
    parser.print_usage(sys.stderr)
    print(usage_error_line(parser.prog, message), file=sys.stderr)
    return ExitCode.USAGE


def problem(line: str) -> None:
    """Print one problem found in the input on standard error, as every command does."""
    print(f"socialwork: {line}", file=sys.stderr)


def money(amount: Decimal | None) -> str | None:
    """Return yuan as exact text (``"6500.50"``), as JSON carries money; ``None`` stays ``None``."""
    return None if amount is None else str(amount)


def print_json(data: Any) -> None:
    """Print *data* as JSON: UTF-8 text with Chinese as it is, indented, in the order given."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def table(header: Sequence[str], rows: Iterable[Sequence[object]], *, right: Iterable[int] = ()) -> list[str]:
    """Return *header* and *rows* as lines whose columns line up by display width (汉字 are two wide).

    Columns are two spaces apart; those numbered in *right* (numbers) are aligned right.
    Every line is padded up to its last column, so that all take the same width up to it.
    """
    cells = [[str(cell) for cell in header], *([str(cell) for cell in row] for row in rows)]
    widths = [max(display_width(line[i]) for line in cells) for i in range(len(header))]
    flush_right = set(right)
    lines = []
    for line in cells:
        parts = []
        for i, cell in enumerate(line):
            if i in flush_right:
                parts.append(" " * (widths[i] - display_width(cell)) + cell)
            elif i < len(line) - 1:
                parts.append(pad(cell, widths[i]))
            else:
                parts.append(cell)
        lines.append("  ".join(parts))
    return lines
