"""``socialwork diff OLD NEW [--format text|json|html] [--lang zh|en]``: what changed between two snapshots.

Exit status as ``diff`` has it: 0 when the two registries hold the same entities,
1 when they differ, 2 on trouble (a usage error, or an input that cannot be read
or loaded: that is 3 for the other commands).
"""

from __future__ import annotations

import argparse

import socialwork as sw
from socialwork.cli._common import add_language, print_json, text
from socialwork.cli._errors import ExitCode, report
from socialwork.cli._input import read_registry, source_name
from socialwork.cli._progress import Progress
from socialwork.errors import Message

__all__ = ["register", "run"]

_SNAPSHOT = Message(
    "a socialwork JSON file, ledgers (a workbook, CSV file or folder of them), or - for standard input",
    "socialwork JSON 文件、台账（工作簿、CSV 文件或装有它们的文件夹），- 表示标准输入",
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` command to *commands*."""
    parser = commands.add_parser(
        "diff",
        help=Message("show what changed between two snapshots of a registry", "列出两份登记快照之间的变化"),
        description=Message(
            "Compare two snapshots of a registry (say two year-end ledgers) and print every entity "
            "added, removed or changed, field by field, with the stations moved in the tree, the "
            "money moved in each fund and the coverage gained and lost. Personal values are not "
            "shown. Exit status 0 when they are the same, 1 when they differ, 2 on trouble "
            "(an input that cannot be read, or a usage error).",
            "比较同一登记数据的两份快照（如两年的年末台账），逐字段列出新增、删除和变更的每个实体，"
            "以及在社工站树中移动的社工站、各基金的资金变动、新实现覆盖和不再覆盖的区划。"
            "个人信息不予显示。两份相同时退出状态为 0，不同时为 1，出错（输入无法读取或用法错误）时为 2。",
        ),
    )
    parser.add_argument("old", metavar=Message("OLD", "旧快照"), help=_SNAPSHOT)
    parser.add_argument("new", metavar=Message("NEW", "新快照"), help=_SNAPSHOT)
    add_language(
        parser,
        Message(
            "language of the output (default: SOCIALWORK_LANG, else the locale, else English)",
            "输出的语言（默认：环境变量 SOCIALWORK_LANG，其次是系统区域设置，否则为英文）",
        ),
    )
    parser.add_argument(
        "--format",
        choices=["text", "json", "html"],
        default="text",
        help=Message(
            "text for people (default), JSON for programs, or an HTML page",
            "text 供人阅读（默认），json 供程序读取，html 为网页",
        ),
    )
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> ExitCode:
    """Compare the two registries that *args* name and print what changed."""
    lang = args.lang
    try:
        with Progress(3) as progress:
            progress.step(f"{text(lang, '读取', 'reading')} {source_name(args.old)}")
            old = read_registry(args.old)
            progress.step(f"{text(lang, '读取', 'reading')} {source_name(args.new)}")
            new = read_registry(args.new)
            progress.step(text(lang, "比较", "comparing"))
            found = sw.history.diff(old, new)
    except (sw.SocialWorkError, OSError) as error:
        report(error, lang=lang)
        return ExitCode.USAGE  # 2: trouble, as diff has it
    labels = sw.io.LEDGER_HEADERS
    if args.format == "json":
        print_json({"old": source_name(args.old), "new": source_name(args.new), **found.to_json()})
    elif args.format == "html":
        print(found.to_html(lang, labels=labels), end="")
    else:
        print(f"{text(lang, '旧快照', 'old')}: {source_name(args.old)}")
        print(f"{text(lang, '新快照', 'new')}: {source_name(args.new)}")
        print(found.describe(lang, labels=labels))
    return ExitCode.PROBLEMS if found else ExitCode.OK
