"""``socialwork report [FILE | -] [--dataset NAME]``: the main job, a report on a scenario or a registry."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import socialwork as sw
from socialwork.cli._errors import ExitCode
from socialwork.cli._input import read_registry
from socialwork.model import Language

__all__ = ["count", "error_lines", "register", "run", "subject", "subject_arguments"]

DEFAULT_DATASET = "wuhou"
"""The scenario a command reports on when it is given neither FILE nor --dataset."""


def count(value: str) -> int:
    """Read a count of rows (``--top N``): an integer of at least 0."""
    try:
        number = int(value)
    except ValueError:
        msg = f"expected a whole number, got {value!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if number < 0:
        msg = f"expected a number of at least 0, got {number}"
        raise argparse.ArgumentTypeError(msg)
    return number


def subject_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``FILE``, ``--dataset``, ``--lang`` and ``--format``: the arguments of every report command."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "file", nargs="?", metavar="FILE", help="a socialwork JSON file, or - for standard input"
    )
    source.add_argument(
        "--dataset",
        choices=sw.datasets.SCENARIOS,
        help=f"a bundled scenario ({DEFAULT_DATASET} when neither FILE nor --dataset is given)",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="en", help="language of the text (en)")
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="text for people, json for machines (text)"
    )


def subject(args: argparse.Namespace) -> sw.Registry | sw.datasets.Scenario:
    """Return what *args* name: the registry in FILE, or a bundled scenario."""
    if args.file is not None:
        return read_registry(args.file)
    return sw.datasets.scenario(args.dataset or DEFAULT_DATASET)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` command to *commands*."""
    parser = commands.add_parser(
        "report",
        help="report on a registry: hierarchy, coverage, validation, linkage, funds, best stations",
        description=(
            "Report on a registry (FILE, - for standard input) or a bundled scenario (--dataset; "
            f"{DEFAULT_DATASET} by default): its hierarchy and coverage, a validation summary, the "
            "weakest five-society links, its community funds, the best-scored stations and, for a "
            "scenario with targets, their progress."
        ),
        epilog=(
            "Exit status: 0 done, 1 validation found errors (the report is printed all the same, "
            "and each error it shows on standard error), 2 usage error, 3 unreadable input."
        ),
    )
    subject_arguments(parser)
    parser.add_argument("--html", metavar="FILE", type=Path, help="also write the report as one HTML page")
    parser.add_argument(
        "--top", metavar="N", type=count, default=5, help="weakest communities and best stations shown (5)"
    )
    parser.add_argument(
        "--bridges",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=(
            "find the stations and organizations whose loss cuts communities off "
            f"(by default up to {sw.reporting.BRIDGES_LIMIT:,} communities)"
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    """Print the report that *args* ask for, and write its page if asked."""
    result = sw.reporting.report(subject(args), top=args.top, bridges=args.bridges)
    if args.html is not None:
        sw.io.write_atomically(args.html, result.to_html(lang=args.lang).encode("utf-8"))
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.to_text(lang=args.lang))
    if result.validation.ok:
        return ExitCode.OK
    sys.stdout.flush()
    for line in error_lines(result.validation, args.lang):
        print(line, file=sys.stderr)
    return ExitCode.PROBLEMS


def error_lines(validation: sw.reporting.ValidationSection, lang: Language) -> list[str]:
    """Return one line a validation error the report shows, and one for those it leaves out."""
    shown = [row for row in validation.first if row.severity is sw.Severity.ERROR]
    lines = [f"socialwork: {row.code} {row.path or row.subject}: {row.message(lang)}" for row in shown]
    rest = validation.errors - len(shown)
    if rest:
        lines.append(
            f"socialwork: 另有 {rest:,} 个错误" if lang == "zh" else f"socialwork: and {rest:,} more errors"
        )
    return lines
