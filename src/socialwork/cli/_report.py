"""``socialwork report [FILE | -] [--dataset NAME]``: the main job, a report on a scenario or a registry."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import warnings
from pathlib import Path

import attrs

import socialwork as sw
from socialwork.cli._common import (
    DATE,
    FILE,
    add_input,
    add_output,
    date_argument,
    print_json,
    problem,
    read_input,
    text,
    usage_error,
)
from socialwork.cli._errors import ExitCode
from socialwork.cli._input import read_registry, source_name
from socialwork.cli._parser import translated
from socialwork.cli._progress import Progress
from socialwork.errors import Message
from socialwork.model import Language

__all__ = ["count", "error_lines", "register", "run", "save_plots", "subject", "subject_arguments"]

DEFAULT_DATASET = "wuhou"
"""The scenario a command reports on when it is given neither FILE nor --dataset."""


def count(value: str) -> int:
    """Read a count of rows (``--top N``): an integer of at least 0."""
    try:
        number = int(value)
    except ValueError:
        msg = Message("expected a whole number, got {value}", "应为整数，实为 {value}", value=repr(value))
        raise argparse.ArgumentTypeError(translated(msg)) from None
    if number < 0:
        msg = Message(
            "expected a number of at least 0, got {number}", "应为至少为 0 的数，实为 {number}", number=number
        )
        raise argparse.ArgumentTypeError(translated(msg))
    return number


def subject_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``FILE``, ``--dataset``, ``--lang`` and ``--format``, as every command takes them.

    Unlike the other commands, a report with neither FILE nor ``--dataset`` is on
    the Wuhou scenario: the main job's case, with targets.
    """
    add_input(parser, default=DEFAULT_DATASET)
    add_output(parser)


def subject(args: argparse.Namespace, progress: Progress | None = None) -> sw.Registry | sw.datasets.Scenario:
    """Return what *args* name: the registry in FILE, a bundled scenario, or the bundled example."""
    if args.file is None and args.dataset is None:
        args = argparse.Namespace(**{**vars(args), "dataset": DEFAULT_DATASET})
    found = read_input(args, progress)
    return found.scenario if found.scenario is not None else found.registry


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` command to *commands*."""
    parser = commands.add_parser(
        "report",
        help=Message(
            "report on a registry: hierarchy, coverage, validation, linkage, funds, best stations",
            "登记数据报告：三级体系、覆盖、规则校验、五社联动、社区基金、评分最高的社工站",
        ),
        description=Message(
            "Report on a registry (FILE, - for standard input) or a bundled scenario (--dataset; "
            "{default} by default): its hierarchy and coverage, a validation summary, the "
            "weakest five-society links, its community funds, the best-scored stations and, for a "
            "scenario with targets, their progress.",
            "报告一份登记数据（文件，- 表示标准输入）或一个内置场景（--dataset；默认 {default}）："
            "三级体系与覆盖、规则校验汇总、五社联动最弱的社区、社区基金、评分最高的社工站，"
            "以及有目标的场景的目标进度。",
            default=DEFAULT_DATASET,
        ),
        epilog=Message(
            "Exit status: 0 done, 1 validation found errors (the report is printed all the same, "
            "and each error it shows on standard error), 2 usage error, 3 unreadable input.",
            "退出状态：0 完成，1 规则校验发现错误（报告照样输出，其中的每个错误另在标准错误输出中列出），"
            "2 用法错误，3 输入无法读取。",
        ),
    )
    subject_arguments(parser)
    parser.add_argument(
        "--as-of",
        type=date_argument,
        metavar=DATE,
        help=Message(
            "report on the registry as it stood on DATE (socialwork.history.as_of): what came "
            "later is left out, funds count up to DATE, the rules' parameters are those in force",
            "报告该日期时的登记：其后才有的不计，基金计至该日，规则参数采用当日生效的",
        ),
    )
    parser.add_argument(
        "--trend",
        metavar=Message("DATE=FILE", "日期=文件"),
        type=_snapshot_argument,
        action="append",
        default=[],
        help=Message(
            "an earlier snapshot of the registry (a JSON file or ledgers) as it stood on DATE; "
            "repeat it for more: the report gains a trends section over them and the report's own "
            "day (--as-of, or the scenario's)",
            "该日期时登记的一份较早快照（JSON 文件或台账）；可重复给出多份："
            "报告据这些快照和报告本身的日期（--as-of，或场景的日期）增加变化趋势一节",
        ),
    )
    parser.add_argument(
        "--html",
        metavar=FILE,
        type=Path,
        help=Message("also write the report as one HTML page", "另将报告写成一个 HTML 网页"),
    )
    parser.add_argument(
        "--top",
        metavar="N",
        type=count,
        default=5,
        help=Message(
            "weakest communities and best stations shown (5)", "列出的联动最弱社区和评分最高社工站的个数（5）"
        ),
    )
    parser.add_argument(
        "--bridges",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=Message(
            "find the stations and organizations whose loss cuts communities off "
            "(by default up to {limit} communities)",
            "找出一旦缺失就会使社区失联的社工站和社会组织（默认在社区不超过 {limit} 个时计算）",
            limit=f"{sw.reporting.BRIDGES_LIMIT:,}",
        ),
    )
    parser.add_argument(
        "--plots",
        metavar=Message("DIR", "目录"),
        type=Path,
        help=Message(
            "also save the report's plots (SVG) in DIR, made if missing (the plot extra)",
            "另将报告的图表（SVG）存入该目录，目录不存在时新建（需要 plot 附加组件）",
        ),
    )
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> ExitCode:
    """Print the report that *args* ask for, and write its page if asked."""
    with Progress(2 + (args.html is not None) + (args.plots is not None)) as progress:
        chosen = subject(args, progress)
        if args.as_of is not None:
            chosen = _as_of(chosen, args.as_of)
        trends = None
        if args.trend:
            registry, scenario = sw.reporting.registry_and_scenario(chosen)
            day = args.as_of if args.as_of is not None else (scenario.as_of if scenario else None)
            if day is None:
                msg = Message(
                    "--trend needs the day of the report's own registry: give --as-of DATE",
                    "--trend 需要报告本身登记的日期：请给出 --as-of 日期",
                )
                return usage_error(args, msg)
            snapshots = {day: registry}
            for when, file in args.trend:
                if when in snapshots:
                    msg = Message("two snapshots on {day}", "{day} 有两份快照", day=when.isoformat())
                    return usage_error(args, msg)
                snapshots[when] = read_registry(file)
            trends = sw.history.series(snapshots)
        progress.step(text(args.lang, "生成报告", "reporting"))
        # The plots show the report's weakest communities: their profiles are computed once.
        found = None
        if args.plots is not None:
            registry, _ = sw.reporting.registry_and_scenario(chosen)
            found = sw.linkage.profiles(registry)
        result = sw.reporting.report(
            chosen, as_of=args.as_of, top=args.top, bridges=args.bridges, profiles=found, trends=trends
        )
        if args.file is not None:  # a file's report is titled by its name
            name = source_name(args.file)
            result = attrs.evolve(result, title_zh=name, title_en=name)
        if args.html is not None:
            progress.step(text(args.lang, "写入网页", "writing the page"))
            sw.io.write_atomically(args.html, result.to_html(lang=args.lang).encode("utf-8"))
        if args.plots is not None:
            progress.step(text(args.lang, "绘图", "plotting"))
            save_plots(chosen, args.plots, args.lang, profiles=found)
    if args.format == "json":
        print_json(result.to_dict())
    else:
        print(result.to_text(lang=args.lang))
    if result.validation.ok:
        return ExitCode.OK
    sys.stdout.flush()
    for line in error_lines(result.validation, args.lang):
        problem(line)
    return ExitCode.PROBLEMS


def _snapshot_argument(value: str) -> tuple[dt.date, str]:
    """Read ``DATE=FILE``; argparse makes a failure a usage error."""
    day, sep, file = value.partition("=")
    if not sep or not file:
        msg = Message(
            "expected DATE=FILE, e.g. 2022-12-31=registry-2022.json, got {value}",
            "应为 日期=文件，如 2022-12-31=registry-2022.json，实为 {value}",
            value=repr(value),
        )
        raise argparse.ArgumentTypeError(translated(msg))
    return date_argument(day), file


def _as_of(chosen: sw.Registry | sw.datasets.Scenario, day: dt.date) -> sw.Registry | sw.datasets.Scenario:
    """*chosen* as it stood on *day*: its registry cut by ``history.as_of``, a scenario's day moved to it."""
    if isinstance(chosen, sw.Registry):
        return sw.history.as_of(chosen, day)
    return attrs.evolve(chosen, registry=sw.history.as_of(chosen.registry, day), as_of=day)


def save_plots(
    chosen: sw.Registry | sw.datasets.Scenario,
    directory: Path,
    lang: Language,
    *,
    profiles: sw.linkage.Profiles | None = None,
) -> list[Path]:
    """Save the plots of *chosen* in *directory* (made if missing); a font warning is one problem line."""
    from socialwork import plots  # noqa: PLC0415 - matplotlib is loaded only when plots are asked for

    directory.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", sw.errors.FontWarning)
        saved = plots.save_all(chosen, directory, lang=lang, profiles=profiles)
    for warning in caught:
        if issubclass(warning.category, sw.errors.FontWarning):
            problem(translated(_text_of(warning.message)))
        else:  # not ours to judge: shown as Python shows it
            warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
    return saved


def _text_of(warning: Warning | str) -> str:
    # The message a warning was made with: a Message keeps its Chinese, which str(warning) loses.
    given = warning.args[0] if isinstance(warning, Warning) and warning.args else warning
    return given if isinstance(given, str) else str(warning)


def error_lines(validation: sw.reporting.ValidationSection, lang: Language) -> list[str]:
    """Return one line a validation error the report shows, worded as ``socialwork validate`` words it.

    A last line counts the errors the report leaves out (it shows its first *limit*).
    """
    lines = []
    for row in validation.first:
        if row.severity is sw.Severity.ERROR:
            where = f"{row.path} ({row.subject})" if row.path else row.subject
            severity = row.severity.label(lang) if lang == "zh" else row.severity.value
            lines.append(f"{where}: {row.code} {severity}: {row.message(lang)}")
    rest = validation.errors - len(lines)
    if rest:
        lines.append(text(lang, f"另有 {rest:,} 个错误", f"and {rest:,} more errors"))
    return lines
