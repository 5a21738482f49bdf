"""``socialwork summary [FILE] [--lang zh|en]``: counts per kind and per station level."""

from __future__ import annotations

import argparse
from pathlib import Path

import socialwork as sw
from socialwork.cli._errors import ExitCode
from socialwork.cli._input import read_registry, source_name
from socialwork.reporting import summary_text

__all__ = ["register"]

_BUNDLED = {"zh": "内置示例", "en": "bundled example"}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``summary`` command to *commands*."""
    parser = commands.add_parser(
        "summary",
        help="load a registry and print its counts per kind and per station level",
        description="Load a registry (the bundled example when no FILE is given) and print its counts.",
    )
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="a socialwork JSON file, or - for standard input"
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="en", help="language of the report")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    """Print the summary of the registry that *args* name."""
    registry = read_registry(args.file)
    if args.file is None:
        source = f"{_BUNDLED[args.lang]} ({Path(sw.datasets.example_path()).name})"
    else:
        source = source_name(args.file)
    print(summary_text(registry, lang=args.lang, source=source))
    return ExitCode.OK
