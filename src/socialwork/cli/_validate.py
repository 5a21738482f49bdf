"""``socialwork validate``: check a registry against the built-in rules, and say where it falls short.

Exit status 1 when any violation of the (narrowed) report is an ERROR; with
``--strict`` a WARNING counts too. Notes (INFO) never do. Each counted violation
is also one line on standard error, in the chosen language; when the input is
ledgers (a workbook, CSV files or a folder), the line names the cell it is about.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import socialwork as sw
from socialwork.cli._common import (
    DATE,
    FILE,
    add_input,
    add_output,
    comma_list,
    date_argument,
    print_json,
    problem,
    read_input,
    text,
)
from socialwork.cli._errors import ExitCode, InputError
from socialwork.cli._input import cannot_read
from socialwork.cli._progress import Progress
from socialwork.errors import Message
from socialwork.rules import BUILTIN_RULES, FAMILIES, parse_parameters

__all__ = ["register", "run"]

_SEVERITIES = [severity.value for severity in sw.Severity]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` command to *commands*."""
    parser = commands.add_parser(
        "validate",
        help=Message("check a registry against the built-in rules", "按内置规则检查登记数据"),
        description=Message(
            "Check a registry against the built-in rules and print every violation, grouped by "
            "family and rule. Exit status 1 when a violation is an ERROR (with --strict, a WARNING too).",
            "按内置规则检查登记数据，按规则族和规则分组列出每一项不符合规则之处。"
            "有错误（ERROR）时退出状态为 1（加 --strict 时警告 WARNING 也算）。",
        ),
    )
    add_input(parser)
    parser.add_argument(
        "--as-of",
        type=date_argument,
        metavar=DATE,
        help=Message("apply the parameters in force on DATE", "采用该日期生效的规则参数"),
    )
    parser.add_argument(
        "--params",
        metavar=FILE,
        help=Message(
            "a JSON or TOML file (.toml) of parameter changes, read strictly",
            "规则参数改动的 JSON 或 TOML（.toml）文件，严格读取",
        ),
    )
    parser.add_argument(
        "--family",
        type=comma_list(FAMILIES, what=Message("family", "规则族")),
        action="extend",
        metavar=Message("NAME[,NAME]", "名称[,名称]"),
        help=Message(
            "run only these rule families: {families}",
            "只运行这些规则族：{families}",
            families=", ".join(FAMILIES),
        ),
    )
    parser.add_argument(
        "--code",
        type=comma_list(BUILTIN_RULES.codes, what=Message("rule code", "规则代码")),
        action="extend",
        metavar=Message("CODE[,CODE]", "代码[,代码]"),
        help=Message("run only these rules, e.g. SW-C001", "只运行这些规则，如 SW-C001"),
    )
    parser.add_argument(
        "--severity",
        type=comma_list(_SEVERITIES, what=Message("severity", "严重程度")),
        action="extend",
        metavar=Message("LEVEL[,LEVEL]", "级别[,级别]"),
        help=Message(
            "show only violations of these severities: {levels}",
            "只列出这些级别的问题：{levels}",
            levels=", ".join(_SEVERITIES),
        ),
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help=Message("a WARNING fails the check too (exit 1)", "警告（WARNING）也算检查不通过（退出状态 1）"),
    )
    add_output(parser)
    parser.set_defaults(run=run, parser=parser)


def _parameters(file: str) -> sw.rules.Parameters:
    """Read the parameter file *file*: TOML for a ``.toml`` name, JSON otherwise."""
    try:
        source = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(file, [sw.Problem("", cannot_read(error))]) from error
    try:
        return parse_parameters(source, format="toml" if file.endswith(".toml") else "json")
    except sw.rules.ParametersError as error:
        raise InputError(file, error.problems) from error


def run(args: argparse.Namespace) -> ExitCode:
    """Validate the registry that *args* name and print the report."""
    lang = args.lang
    with Progress(2) as progress:
        params = None if args.params is None else _parameters(args.params)
        found = read_input(args, progress)
        as_of = args.as_of
        if as_of is None and found.scenario is not None:
            as_of = found.scenario.as_of
        rules = BUILTIN_RULES
        if args.family or args.code:
            rules = BUILTIN_RULES.select(family=args.family, code=args.code)
        progress.step(text(lang, "检查", "validating"))
        report = sw.validate(found.registry, rules, as_of=as_of, params=params)
    if args.severity:
        report = report.filter(severity=[sw.Severity(value) for value in args.severity])
    if args.format == "json":
        print_json({"source": found.source, "strict": args.strict, **report.to_dict()})
    else:
        print(f"{text(lang, '来源', 'source')}: {found.source}")
        print(report.render(lang))
    failing = {sw.Severity.ERROR, sw.Severity.WARNING} if args.strict else {sw.Severity.ERROR}
    counted = [v for v in report if v.severity in failing]
    for v in counted:
        where = f"{v.path} ({v.subject})" if v.path else v.subject
        cell = found.ledger.cell_of(v.path) if found.ledger is not None else None
        if cell is not None:  # ledgers: the cell as Excel shows it
            header = f" [{cell.header}]" if cell.header else ""
            where = f"{cell.reference}{header} ({v.subject})"
        severity = v.severity.label(lang) if lang == "zh" else v.severity.value
        problem(f"{where}: {v.code} {severity}: {v.message(lang)}")
    return ExitCode.PROBLEMS if counted else ExitCode.OK
