"""``socialwork summary [FILE | - | --dataset NAME] [--lang zh|en] [--format text|json]``: counts."""

from __future__ import annotations

import argparse
from collections import Counter

import socialwork as sw
from socialwork.cli._common import add_input, add_output, print_json, read_input
from socialwork.cli._errors import ExitCode
from socialwork.errors import Message
from socialwork.reporting import summary_text

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``summary`` command to *commands*."""
    parser = commands.add_parser(
        "summary",
        help=Message(
            "load a registry and print its counts per kind and per station level",
            "读取登记数据，按实体类别和社工站层级列出数量",
        ),
        description=Message(
            "Load a registry (the bundled example when no FILE is given) and print its counts.",
            "读取登记数据（未给出文件时读取内置示例），列出各类数量。",
        ),
    )
    add_input(parser)
    add_output(parser)
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> ExitCode:
    """Print the summary of the registry that *args* name."""
    found = read_input(args)
    if args.format == "json":
        levels = Counter(station.level for station in found.registry.stations.values())
        print_json(
            {
                "source": found.source,
                "counts": found.registry.counts(),
                "total": len(found.registry),
                "stations_by_level": {level.value: levels[level] for level in sw.StationLevel},
            }
        )
    else:
        print(summary_text(found.registry, lang=args.lang, source=found.source))
    return ExitCode.OK
